// The Tensor class: a strided window onto a typed array, plus autograd metadata. This file holds
// only what is intrinsic to a tensor: geometry, values out, printing and the autograd properties.
// Operation methods (x.add, x.sum, ...) are installed from their declarations, beside their
// implementations in src/ops/ (see src/ops/declare.ts), which also give them their types
// (src/api/surface.ts).

// Note [Tensor and its grad_fn]: the one import cycle between folders the design keeps. A tensor
// holds its grad_fn (an autograd Node) and its AccumulateGrad; a Node holds the tensors it saved.
// Everything else imports one way: backend <- tensor <- autograd <- ops <- api, nn, optim, ...
import type { View } from '../backend/backend.js';
import { backend } from '../backend/index.js';
import { gradAccumulator, type AccumulateGrad } from '../autograd/accumulate.js';
import { addPreHook, type GradHook, handleIds, Node, type RemovableHandle } from '../autograd/node.js';
import type { Tangent } from '../autograd/forward.js';
import type { Batched } from '../autograd/batching.js';
import { bool, DType, type TypedArray } from './dtype.js';
import { contiguousStrides, isContiguous, normalizeDim, numel, shapeEquals, makeSize, type Size } from './shape.js';
import { formatTensor } from './print.js';
import { argTypeError, jsTypeName } from './argcheck.js';
import { is_inference_mode_enabled } from '../autograd/grad_mode.js';
import { emitWarning } from './warn.js';

/**
 * Note [Tensor hooks]: what a view does on an in-place change (re-derive its grad_fn, refuse or
 * rebase the change, write through to its base) is autograd-on-views machinery built from ops
 * (src/ops/view_inplace.ts, embed.ts). tensor/ sits below ops/ and cannot import them, so those
 * modules install their functions here when they load (src/index.ts loads them before any user
 * code runs).
 */
export const viewHooks = {
  refreshGradFn: (_v: Tensor): void => {},
  checkInplace: (_v: Tensor): void => {},
  rebaseHistory: (_v: Tensor, _node: Node): void => {},
  writeInto: (_dst: Tensor, _src: Tensor): void => {},
  /** new torch.Tensor(...): PyTorch's legacy constructor in the default dtype (tensor/creation.ts). */
  legacyTensor: (_args: unknown[]): Tensor => {
    throw new TypeError('torch.Tensor(...): use torch.tensor(data) or torch.empty(sizes)');
  },
};

export type Scalar = number | boolean;
export type TensorOrScalar = Tensor | Scalar;
export type Dims = number | readonly number[];
/** A clamp bound: a number, a tensor, or null/undefined for none. */
export type ClampBound = TensorOrScalar | null | undefined;
export interface ClampOpts {
  min?: ClampBound;
  max?: ClampBound;
}

/** The version counter is shared by a tensor, its views and detach(); not by `.data`. */
export interface VersionCounter {
  version: number;
}

let warnedNonLeafGrad = false;

export class Tensor {
  /** @internal */ _data: TypedArray;
  /** @internal */ _shape: number[];
  /** @internal */ _strides: number[];
  /** @internal */ _offset: number;
  /** @internal */ _dtype: DType;
  /** @internal The torch.Size of _shape, once asked for. */
  _size: Size | null = null;
  /** @internal This tensor's version while its counter is not shared (see `_vc`). */
  _vcount = 0;
  /** @internal The counter shared with views and detach() results, once there is one. */
  _vshared: VersionCounter | null = null;
  /** @internal The tensor this one is a view of (always a non-view). */
  _base: Tensor | null = null;
  /** @internal Version at which this view's grad_fn was last valid. */
  _viewVersion = 0;
  /** @internal How a view was made, when in-place changes to it must be refused (view_inplace.ts). */
  _viewCreation = 0;
  /** @internal Set on leaves only. */
  _requiresGrad = false;
  /** @internal */ _gradFn: Node | null = null;
  /** @internal */ _outputNr = 0;
  /** @internal */ _grad: Tensor | null = null;
  /** @internal */ _accumulator: AccumulateGrad | null = null;
  /** @internal */ _retainsGrad = false;
  /** @internal A tensor wrapped from a JavaScript number (type promotion treats it as a scalar). */
  _wrappedNumber = false;
  /** @internal Made inside inference_mode (see is_inference()). */
  _inference = is_inference_mode_enabled();
  /** @internal Forward-mode tangents, one per dual level (autograd/forward.ts). */
  _fw: Tangent | null = null;
  /** @internal Set on vmap's batched tensors (autograd/batching.ts). */
  _bt: Batched | null = null;

  /**
   * PyTorch's legacy constructor: `new torch.Tensor([1, 2])` copies data, `new torch.Tensor(2, 3)`
   * makes an uninitialized 2x3 tensor, in the default dtype (prefer torch.tensor / torch.empty).
   */
  constructor(data?: unknown, ...sizes: number[]);
  /** @internal The storage constructor (Tensor._make). */
  constructor(data: TypedArray, shape: number[], strides: number[], offset: number, dtype: DType);
  constructor(data?: unknown, shape?: unknown, strides?: unknown, offset?: unknown, dtype?: unknown) {
    if (dtype instanceof DType) {
      this._data = data as TypedArray;
      this._shape = shape as number[];
      this._strides = strides as number[];
      this._offset = offset as number;
      this._dtype = dtype;
      return;
    }
    // See Note [Tensor hooks]: the legacy constructor is creation's (tensor/creation.ts).
    // eslint-disable-next-line prefer-rest-params
    const t = viewHooks.legacyTensor(Array.prototype.slice.call(arguments));
    this._data = t._data;
    this._shape = t._shape;
    this._strides = t._strides;
    this._offset = t._offset;
    this._dtype = t._dtype;
  }

  /** @internal */
  static _make(data: TypedArray, shape: number[], strides: number[], offset: number, dtype: DType): Tensor {
    return new Tensor(data, shape, strides, offset, dtype);
  }

  // ---------------------------------------------------------------- geometry (View interface)

  /** @internal The backend's view of this tensor. */
  _v(): View {
    return {
      data: this._data,
      shape: this._shape,
      strides: this._strides,
      offset: this._offset,
      dtype: this._dtype.name,
    };
  }

  /** A torch.Size (a frozen array of numbers), made once per tensor. */
  get shape(): Size {
    let s = this._size;
    if (s === null) {
      s = makeSize(this._shape);
      this._size = s;
    }
    return s;
  }
  get dtype(): DType {
    return this._dtype;
  }
  get device(): string {
    return 'cpu';
  }
  get ndim(): number {
    return this._shape.length;
  }
  get is_cuda(): boolean {
    return false;
  }

  size(): Size;
  size(dim: number): number;
  size(dim?: number): number | Size {
    if (dim === undefined) return this.shape;
    if (!Number.isInteger(dim)) throw argTypeError('size', 'dim', 1, 'int', dim);
    return this._shape[this._geometryDim(dim)];
  }

  /** @internal size(dim)/stride(dim) do not wrap dims of a 0-d tensor, unlike reductions. */
  _geometryDim(dim: number): number {
    if (this._shape.length === 0) throw new RangeError(`Dimension specified as ${dim} but tensor has no dimensions`);
    return normalizeDim(dim, this._shape.length);
  }

  dim(): number {
    return this._shape.length;
  }

  ndimension(): number {
    return this._shape.length;
  }

  numel(): number {
    return numel(this._shape);
  }

  nelement(): number {
    return this.numel();
  }

  element_size(): number {
    return this._dtype.itemsize;
  }

  stride(): number[];
  stride(dim: number): number;
  stride(dim?: number): number | number[] {
    if (dim === undefined) return [...this._strides];
    if (!Number.isInteger(dim)) throw argTypeError('stride', 'dim', 1, 'int', dim);
    return this._strides[this._geometryDim(dim)];
  }

  storage_offset(): number {
    return this._offset;
  }

  is_contiguous(): boolean {
    return isContiguous(this._shape, this._strides);
  }

  is_floating_point(): boolean {
    return this._dtype.is_floating_point;
  }

  /** 'torch.FloatTensor [2, 2]': how PyTorch names a tensor in error messages. */
  type_description(): string {
    return `${this._dtype.legacyType} [${this._shape.join(', ')}]`;
  }

  // ---------------------------------------------------------------- values out

  /** The value of a one-element tensor, as a number (bool tensors give booleans). */
  item(): number | boolean {
    if (this.numel() !== 1) {
      throw new RangeError('only one element tensors can be converted to Python scalars');
    }
    const v = this._data[this._offset];
    return this._dtype === bool ? v !== 0 : v;
  }

  /** Nested arrays of numbers (booleans for bool tensors); a number for a 0-d tensor. */
  tolist(): unknown {
    const nd = this._shape.length;
    const isBool = this._dtype === bool;
    const read = (pos: number): number | boolean => (isBool ? this._data[pos] !== 0 : this._data[pos]);
    const build = (d: number, pos: number): unknown => {
      if (d === nd) return read(pos);
      const out: unknown[] = [];
      for (let i = 0; i < this._shape[d]; i++) out.push(build(d + 1, pos + i * this._strides[d]));
      return out;
    };
    return build(0, this._offset);
  }

  /** The elements in row-major order, as a new typed array of this dtype's array type. */
  toTypedArray(): TypedArray {
    const out = new this._dtype.array(this.numel());
    backend().copy(
      this._v(),
      { data: out, shape: this._shape, strides: contiguousStrides(this._shape), offset: 0 },
      false,
    );
    return out;
  }

  /**
   * Iterating a tensor gives its slices along dim 0, as Python's `for row in t` and `a, b = t`
   * (Tensor.__iter__ is unbind(0)); a 0-d tensor cannot be iterated.
   */
  *[Symbol.iterator](): Iterator<Tensor> {
    if (this._shape.length === 0) throw new TypeError('iteration over a 0-d tensor');
    yield* (this as unknown as { unbind(dim: number): Tensor[] }).unbind(0);
  }

  toString(): string {
    return formatTensor(this);
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  // ---------------------------------------------------------------- autograd (src/autograd)

  /**
   * True for leaves that require grad, for results of recorded ops, and for views of a base that
   * requires grad (PyTorch's DifferentiableViewMeta::requires_grad).
   */
  get requires_grad(): boolean {
    if (this._requiresGrad || this._gradFn !== null) return true;
    const base = this._base;
    return base !== null && (base._requiresGrad || base._gradFn !== null);
  }

  set requires_grad(flag: boolean) {
    this._setRequiresGrad(flag, 'only Tensors of floating point and complex dtype can require gradients');
  }

  requires_grad_(flag: boolean | { requires_grad?: boolean } = true): this {
    const value = flag !== null && typeof flag === 'object' ? (flag.requires_grad ?? true) : flag;
    if (typeof value !== 'boolean') throw argTypeError('requires_grad_', 'requires_grad', 1, 'bool', value);
    this._setRequiresGrad(value, 'only Tensors of floating point dtype can require gradients');
    return this;
  }

  /** @internal `requires_grad: true` given to a factory (torch.ones(..., { requires_grad })). */
  _factoryRequiresGrad(): void {
    this._setRequiresGrad(true, 'Only Tensors of floating point and complex dtype can require gradients');
  }

  private _setRequiresGrad(flag: boolean, dtypeMessage: string): void {
    if (!this.is_leaf) {
      if (flag) return;
      throw new Error(
        'you can only change requires_grad flags of leaf variables. If you want to use a computed variable in ' +
          "a subgraph that doesn't require differentiation use var_no_grad = var.detach().",
      );
    }
    if (flag && !this._dtype.is_floating_point) throw new Error(dtypeMessage);
    if (flag && this._inference && !is_inference_mode_enabled()) {
      throw new Error('Setting requires_grad=True on inference tensor outside InferenceMode is not allowed.');
    }
    this._requiresGrad = flag;
  }

  /** True for tensors made inside inference_mode (and their views): they never join a graph. */
  is_inference(): boolean {
    return this._inference;
  }

  get is_leaf(): boolean {
    return this.grad_fn === null;
  }

  /** The node that made this tensor (null for leaves); a view re-derives it after in-place changes. */
  get grad_fn(): Node | null {
    const base = this._base;
    if (base === null) return this._gradFn;
    if (this._gradFn === null && !base.requires_grad) return null;
    if (this._viewVersion !== this._version) viewHooks.refreshGradFn(this);
    return this._gradFn;
  }

  /** The gradient accumulated by backward (null until first written). */
  get grad(): Tensor | null {
    if (this._grad === null && !this._retainsGrad && !warnedNonLeafGrad && !this.is_leaf) {
      warnedNonLeafGrad = true;
      emitWarning(
        'The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute ' +
          "won't be populated during autograd.backward(). If you indeed want the .grad field to be populated " +
          'for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor ' +
          'by mistake, make sure you access the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 ' +
          'for more informations.',
        'UserWarning',
      );
    }
    return this._grad;
  }

  set grad(g: Tensor | null) {
    if (g !== null) {
      if (!(g instanceof Tensor)) {
        throw new TypeError(`assigned grad expected to be a Tensor or None but got grad of type${typeof g}`);
      }
      if (g._dtype !== this._dtype) throw new Error('assigned grad has data of a different type');
      if (!shapeEquals(g._shape, this._shape)) throw new Error('assigned grad has data of a different size');
    }
    this._grad = g;
  }

  get retains_grad(): boolean {
    return this._retainsGrad;
  }

  /** Registers a hook on this tensor's gradient; returning a tensor replaces the gradient. */
  register_hook(hook: GradHook): RemovableHandle {
    if (!this.requires_grad) {
      throw new Error("cannot register a hook on a tensor that doesn't require gradient");
    }
    const fn = this.grad_fn;
    return fn !== null ? addPreHook(fn, this._outputNr, hook) : addPreHook(gradAccumulator(this), 0, hook);
  }

  /** Registers a hook called with this leaf after its `.grad` has been accumulated (PyTorch 2.1). */
  register_post_accumulate_grad_hook(hook: (t: Tensor) => unknown): RemovableHandle {
    if (!this.requires_grad) {
      throw new Error("cannot register a hook on a tensor that doesn't require gradient");
    }
    if (this.grad_fn !== null) throw new Error('post accumulate grad hooks cannot be registered on non-leaf tensors');
    if (typeof hook !== 'function')
      throw argTypeError('register_post_accumulate_grad_hook', 'hook', 1, 'function', hook);
    const list = (gradAccumulator(this)._postAccHooks ??= []);
    list.push(hook);
    return {
      id: handleIds.next++,
      remove: () => {
        const i = list.indexOf(hook);
        if (i >= 0) list.splice(i, 1);
      },
    };
  }

  /** A new tensor sharing storage (and version counter) with no history. */
  detach(): Tensor {
    const d = new Tensor(this._data, this._shape, this._strides, this._offset, this._dtype);
    d._vc = this._vc;
    d._inference = this._inference;
    return d;
  }

  /** Makes this tensor a leaf in place. */
  detach_(): this {
    if (this._base !== null) {
      throw new Error(
        "Can't detach views in-place. Use detach() instead. If you are using DistributedDataParallel (DDP) for " +
          'training, and gradient_as_bucket_view is set as True, gradients are views of DDP buckets, and hence ' +
          'detach_() cannot be called on these gradients. To fix this error, please refer to the ' +
          'Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution.',
      );
    }
    this._gradFn = null;
    this._requiresGrad = false;
    this._outputNr = 0;
    return this;
  }

  /**
   * `.data`: the same values with no history and requires_grad false; changes made through it are
   * invisible to autograd (it does not share the version counter).
   */
  get data(): Tensor {
    const d = new Tensor(this._data, this._shape, this._strides, this._offset, this._dtype);
    d._inference = this._inference;
    return d;
  }

  /** Replaces this tensor's values, shape and dtype by other's (sharing its storage), keeping the history. */
  set data(other: Tensor) {
    if (!(other instanceof Tensor)) {
      throw new TypeError(`Variable data has to be a tensor, but got ${jsTypeName(other)}`);
    }
    this._data = other._data;
    this._shape = [...other._shape];
    this._size = null;
    this._strides = [...other._strides];
    this._offset = other._offset;
    this._dtype = other._dtype;
  }

  get _version(): number {
    const c = this._vshared;
    return c === null ? this._vcount : c.version;
  }

  /**
   * @internal The version counter, made a shared object on first request: views and detach()
   * assign it (`v._vc = x._vc`), and most tensors never share theirs, so they never allocate one.
   */
  get _vc(): VersionCounter {
    let c = this._vshared;
    if (c === null) {
      c = { version: this._vcount };
      this._vshared = c;
    }
    return c;
  }

  set _vc(c: VersionCounter) {
    this._vshared = c;
  }

  /** @internal */
  _bumpVersion(): void {
    const c = this._vshared;
    if (c === null) this._vcount++;
    else c.version++;
  }

  /** @internal */
  _setGradFn(node: Node, outputNr: number): void {
    this._gradFn = node;
    this._outputNr = outputNr;
    this._viewVersion = this._version;
  }

  /** @internal Throws PyTorch's errors for in-place changes autograd cannot record (an input requires grad). */
  _checkInplace(): void {
    if (this._base !== null) viewHooks.checkInplace(this);
    else if (this._requiresGrad && this._gradFn === null) {
      throw new Error('a leaf Variable that requires grad is being used in an in-place operation.');
    }
  }

  /** @internal Makes `node` the history of this tensor after an in-place op (see Note [In-place on views]). */
  _rebaseHistory(node: Node): void {
    if (this._base !== null) {
      viewHooks.rebaseHistory(this, node);
    } else {
      this._setGradFn(node, 0);
    }
  }

  /** @internal In-place results must fit this tensor's dtype (PyTorch's can_cast). */
  _checkCastFrom(d: DType): void {
    const to = this._dtype;
    const kind = (x: DType): number => (x === bool ? 0 : x.is_floating_point ? 2 : 1);
    if (kind(d) > kind(to)) {
      throw new TypeError(`result type ${d.scalarType} can't be cast to the desired output type ${to.scalarType}`);
    }
  }

  /** @internal Writes `src` (broadcastable to this shape) into this tensor's storage; bumps the version. */
  _writeInPlace(src: Tensor): void {
    viewHooks.writeInto(this, src);
    this._bumpVersion();
  }
}
