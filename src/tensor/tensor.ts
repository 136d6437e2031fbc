// The Tensor class: a strided window onto a typed array, plus autograd metadata. Every operation
// method delegates to its op in src/ops (declared there once, with its backward); this file holds
// only what is intrinsic to a tensor: geometry, conversion, and the autograd properties.

import type { View } from '../backend/backend.js';
import { backend } from '../backend/index.js';
import { gradAccumulator, type AccumulateGrad } from '../autograd/accumulate.js';
import { addPreHook, type GradHook, Node, type RemovableHandle } from '../autograd/node.js';
import { bool, DType, float32, float64, int32, int64, toDType, type TypedArray } from './dtype.js';
import { contiguousStrides, isContiguous, isExpandableTo, normalizeDim, numel, shapeEquals } from './shape.js';
import { formatTensor } from './print.js';
import * as P from '../ops/pointwise.js';
import * as R from '../ops/reduce.js';
import * as MM from '../ops/minmax.js';
import * as SO from '../ops/sort.js';
import * as MO from '../ops/moments.js';
import * as N from '../ops/norm.js';
import * as S from '../ops/scan.js';
import * as SM from '../ops/softmax.js';
import type { ReduceOpts } from '../ops/reduce.js';
import type { VarOpts } from '../ops/moments.js';
import type { NormOpts } from '../ops/norm.js';
import * as V from '../ops/view.js';
import * as VI from '../ops/view_inplace.js';
import * as I from '../ops/indexing.js';
import * as L from '../ops/linalg.js';
import * as A from '../autograd/api.js';
import { is_inference_mode_enabled } from '../autograd/grad_mode.js';
import type { IndexItem } from '../ops/indexing.js';
import * as RND from './random.js';
import type { GeneratorOpts } from './random.js';
import { multinomial, type MultinomialOpts } from './multinomial.js';
import { emitWarning } from '../utils/warn.js';

export type Scalar = number | boolean;
export type TensorOrScalar = Tensor | Scalar;
export type Dims = number | readonly number[];
/** A clamp bound: a number, a tensor, or null/undefined for none. */
export type ClampBound = TensorOrScalar | null | undefined;
export interface ToOpts {
  dtype?: DType | string;
  device?: string;
  copy?: boolean;
}
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

  /** @internal Use torch.tensor / torch.empty and friends to create tensors. */
  constructor(data: TypedArray, shape: number[], strides: number[], offset: number, dtype: DType) {
    this._data = data;
    this._shape = shape;
    this._strides = strides;
    this._offset = offset;
    this._dtype = dtype;
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

  get shape(): number[] {
    return [...this._shape];
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

  size(): number[];
  size(dim: number): number;
  size(dim?: number): number | number[] {
    if (dim === undefined) return [...this._shape];
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

  /** With no argument, the legacy type name ('torch.FloatTensor'); with a dtype, `to(dtype)`. */
  type(): string;
  type(dtype: DType | string): Tensor;
  type(dtype?: DType | string): string | Tensor {
    if (dtype === undefined) return this._dtype.legacyType;
    if (typeof dtype !== 'string') return this.to(dtype);
    if (!(dtype in LEGACY_TYPES)) throw new TypeError(`invalid type: '${dtype}'`);
    return this.to(LEGACY_TYPES[dtype]);
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

  toString(): string {
    return formatTensor(this);
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  // ---------------------------------------------------------------- conversion

  /**
   * to(dtype), to(other) (other's dtype), to('cpu'), to({ dtype, device, copy }); the result is this
   * tensor itself when nothing changes, unless copy is set.
   */
  to(target: DType | string | Tensor | ToOpts, opts?: ToOpts): Tensor {
    let o = opts;
    let dtype: DType | undefined;
    if (target instanceof Tensor) dtype = target._dtype;
    else if (target instanceof DType) dtype = target;
    else if (typeof target === 'string') {
      if (target === 'cpu') o = { ...opts, device: target };
      else dtype = toDType(target);
    } else {
      o = { ...target, ...opts };
      dtype = o.dtype === undefined ? undefined : toDType(o.dtype);
    }
    if (o?.device !== undefined && o.device !== 'cpu') {
      throw new Error(`tensorgrad only supports device 'cpu', got '${o.device}'`);
    }
    return P.to(this, dtype ?? this._dtype, o?.copy ?? false);
  }
  type_as(other: Tensor): Tensor {
    return this.to(other._dtype);
  }
  float(): Tensor {
    return this.to(float32);
  }
  double(): Tensor {
    return this.to(float64);
  }
  long(): Tensor {
    return this.to(int64);
  }
  int(): Tensor {
    return this.to(int32);
  }
  bool(): Tensor {
    return this.to(bool);
  }
  clone(): Tensor {
    return V.clone(this);
  }
  contiguous(): Tensor {
    return V.contiguous(this);
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
    const value = typeof flag === 'object' ? (flag.requires_grad ?? true) : flag;
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
    if (this._viewVersion !== this._version) VI.refreshViewGradFn(this);
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

  /** Keeps the gradient of a non-leaf in `.grad` after backward (accumulating, as for leaves). */
  retain_grad(): void {
    if (!this.requires_grad) throw new Error("can't retain_grad on Tensor that has requires_grad=False");
    const fn = this.grad_fn;
    if (fn === null || this._retainsGrad) return;
    this._retainsGrad = true;
    addPreHook(fn, this._outputNr, (g) => {
      this._grad = this._grad === null ? g.detach().clone() : this._grad.add(g.detach());
    });
  }

  /** Registers a hook on this tensor's gradient; returning a tensor replaces the gradient. */
  register_hook(hook: GradHook): RemovableHandle {
    if (!this.requires_grad) {
      throw new Error("cannot register a hook on a tensor that doesn't require gradient");
    }
    const fn = this.grad_fn;
    return fn !== null ? addPreHook(fn, this._outputNr, hook) : addPreHook(gradAccumulator(this), 0, hook);
  }

  /** Computes the gradient of this tensor with respect to the graph leaves (see torch.autograd.backward). */
  backward(gradient?: Tensor | null, opts?: A.BackwardOpts): void {
    A.backward(this, gradient ?? null, opts);
  }

  /** A new tensor sharing storage (and version counter) with no history. */
  detach(): Tensor {
    const d = V.detach(this);
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
    this._data = other._data;
    this._shape = [...other._shape];
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
    if (this._base !== null) VI.checkViewInplace(this);
    else if (this._requiresGrad && this._gradFn === null) {
      throw new Error('a leaf Variable that requires grad is being used in an in-place operation.');
    }
  }

  /** @internal Makes `node` the history of this tensor after an in-place op (see Note [In-place on views]). */
  _rebaseHistory(node: Node): void {
    if (this._base !== null) {
      VI.rebaseViewHistory(this, node);
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
    VI.writeInto(this, src);
    this._bumpVersion();
  }

  /** @internal */
  is_broadcastable_to(shape: readonly number[]): boolean {
    return isExpandableTo(this._shape, shape);
  }

  // ---------------------------------------------------------------- pointwise (src/ops/pointwise.ts)

  add(other: TensorOrScalar, opts?: { alpha?: Scalar }): Tensor {
    return P.add(this, other, opts);
  }
  sub(other: TensorOrScalar, opts?: { alpha?: Scalar }): Tensor {
    return P.sub(this, other, opts);
  }
  subtract(other: TensorOrScalar, opts?: { alpha?: Scalar }): Tensor {
    return P.sub(this, other, opts);
  }
  rsub(other: TensorOrScalar, opts?: { alpha?: Scalar }): Tensor {
    return P.rsub(this, other, opts);
  }
  mul(other: TensorOrScalar): Tensor {
    return P.mul(this, other);
  }
  multiply(other: TensorOrScalar): Tensor {
    return P.mul(this, other);
  }
  div(other: TensorOrScalar, opts?: { rounding_mode?: P.RoundingMode | null }): Tensor {
    return P.div(this, other, opts);
  }
  divide(other: TensorOrScalar, opts?: { rounding_mode?: P.RoundingMode | null }): Tensor {
    return P.div(this, other, opts);
  }
  true_divide(other: TensorOrScalar): Tensor {
    return P.true_divide(this, other);
  }
  floor_divide(other: TensorOrScalar): Tensor {
    return P.floor_divide(this, other);
  }
  pow(exponent: TensorOrScalar): Tensor {
    return P.pow(this, exponent);
  }
  square(): Tensor {
    return P.square(this);
  }
  atan2(other: TensorOrScalar): Tensor {
    return P.atan2(this, other);
  }
  arctan2(other: TensorOrScalar): Tensor {
    return P.atan2(this, other);
  }
  maximum(other: TensorOrScalar): Tensor {
    return P.maximum(this, other);
  }
  minimum(other: TensorOrScalar): Tensor {
    return P.minimum(this, other);
  }
  fmod(other: TensorOrScalar): Tensor {
    return P.fmod(this, other);
  }
  remainder(other: TensorOrScalar): Tensor {
    return P.remainder(this, other);
  }
  negative(): Tensor {
    return P.neg(this);
  }
  absolute(): Tensor {
    return P.abs(this);
  }
  neg(): Tensor {
    return P.neg(this);
  }
  abs(): Tensor {
    return P.abs(this);
  }
  sign(): Tensor {
    return P.sign(this);
  }
  exp(): Tensor {
    return P.exp(this);
  }
  exp2(): Tensor {
    return P.exp2(this);
  }
  log(): Tensor {
    return P.log(this);
  }
  log2(): Tensor {
    return P.log2(this);
  }
  log10(): Tensor {
    return P.log10(this);
  }
  log1p(): Tensor {
    return P.log1p(this);
  }
  expm1(): Tensor {
    return P.expm1(this);
  }
  sqrt(): Tensor {
    return P.sqrt(this);
  }
  rsqrt(): Tensor {
    return P.rsqrt(this);
  }
  reciprocal(): Tensor {
    return P.reciprocal(this);
  }
  sin(): Tensor {
    return P.sin(this);
  }
  cos(): Tensor {
    return P.cos(this);
  }
  tan(): Tensor {
    return P.tan(this);
  }
  asin(): Tensor {
    return P.asin(this);
  }
  acos(): Tensor {
    return P.acos(this);
  }
  atan(): Tensor {
    return P.atan(this);
  }
  sinh(): Tensor {
    return P.sinh(this);
  }
  cosh(): Tensor {
    return P.cosh(this);
  }
  tanh(): Tensor {
    return P.tanh(this);
  }
  asinh(): Tensor {
    return P.asinh(this);
  }
  acosh(): Tensor {
    return P.acosh(this);
  }
  atanh(): Tensor {
    return P.atanh(this);
  }
  sigmoid(): Tensor {
    return P.sigmoid(this);
  }
  relu(): Tensor {
    return P.relu(this);
  }
  erf(): Tensor {
    return P.erf(this);
  }
  // Special functions (issue 11).
  erfc(): Tensor {
    return P.erfc(this);
  }
  erfinv(): Tensor {
    return P.erfinv(this);
  }
  lgamma(): Tensor {
    return P.lgamma(this);
  }
  digamma(): Tensor {
    return P.digamma(this);
  }
  polygamma(n: number): Tensor {
    return P.polygamma(n, this);
  }
  logit(eps?: number | null | { eps?: number | null }): Tensor {
    return P.logit(this, eps);
  }
  xlogy(other: TensorOrScalar): Tensor {
    return P.xlogy(this, other);
  }
  erfc_(): this {
    return P.unary_(this, 'erfc') as this;
  }
  erfinv_(): this {
    return P.unary_(this, 'erfinv') as this;
  }
  lgamma_(): this {
    return P.unary_(this, 'lgamma') as this;
  }
  digamma_(): this {
    return P.unary_(this, 'digamma') as this;
  }
  polygamma_(n: number): this {
    return P.polygamma_(this, n) as this;
  }
  logit_(eps?: number | null | { eps?: number | null }): this {
    return P.logit_(this, eps) as this;
  }
  xlogy_(other: TensorOrScalar): this {
    return P.xlogy_(this, other) as this;
  }
  floor(): Tensor {
    return P.floor(this);
  }
  ceil(): Tensor {
    return P.ceil(this);
  }
  round(): Tensor {
    return P.round(this);
  }
  trunc(): Tensor {
    return P.trunc(this);
  }
  frac(): Tensor {
    return P.frac(this);
  }
  clamp(min?: ClampBound | ClampOpts, max?: ClampBound): Tensor {
    return P.clamp(this, min, max);
  }
  clip(min?: ClampBound | ClampOpts, max?: ClampBound): Tensor {
    return P.clamp(this, min, max);
  }
  clamp_min(min: TensorOrScalar): Tensor {
    return P.clamp_min(this, min);
  }
  clamp_max(max: TensorOrScalar): Tensor {
    return P.clamp_max(this, max);
  }
  lerp(end: Tensor, weight: TensorOrScalar): Tensor {
    return P.lerp(this, end, weight);
  }
  eq(other: TensorOrScalar): Tensor {
    return P.eq(this, other);
  }
  ne(other: TensorOrScalar): Tensor {
    return P.ne(this, other);
  }
  lt(other: TensorOrScalar): Tensor {
    return P.lt(this, other);
  }
  le(other: TensorOrScalar): Tensor {
    return P.le(this, other);
  }
  gt(other: TensorOrScalar): Tensor {
    return P.gt(this, other);
  }
  ge(other: TensorOrScalar): Tensor {
    return P.ge(this, other);
  }
  logical_and(other: TensorOrScalar): Tensor {
    return P.logical_and(this, other);
  }
  logical_or(other: TensorOrScalar): Tensor {
    return P.logical_or(this, other);
  }
  logical_xor(other: TensorOrScalar): Tensor {
    return P.logical_xor(this, other);
  }
  isclose(other: Tensor, opts?: P.CloseOpts): Tensor {
    return P.isclose(this, other, opts);
  }
  allclose(other: Tensor, opts?: P.CloseOpts): boolean {
    return P.allclose(this, other, opts);
  }
  equal(other: Tensor): boolean {
    return P.equal(this, other);
  }
  isnan(): Tensor {
    return P.isnan(this);
  }
  isinf(): Tensor {
    return P.isinf(this);
  }
  isfinite(): Tensor {
    return P.isfinite(this);
  }
  logical_not(): Tensor {
    return P.logical_not(this);
  }

  // in place
  add_(other: TensorOrScalar, opts?: { alpha?: Scalar }): this {
    return P.add_(this, other, opts) as this;
  }
  sub_(other: TensorOrScalar, opts?: { alpha?: Scalar }): this {
    return P.sub_(this, other, opts) as this;
  }
  subtract_(other: TensorOrScalar, opts?: { alpha?: Scalar }): this {
    return P.sub_(this, other, opts) as this;
  }
  mul_(other: TensorOrScalar): this {
    return P.mul_(this, other) as this;
  }
  multiply_(other: TensorOrScalar): this {
    return P.mul_(this, other) as this;
  }
  div_(other: TensorOrScalar, opts?: { rounding_mode?: P.RoundingMode | null }): this {
    return P.div_(this, other, opts) as this;
  }
  divide_(other: TensorOrScalar, opts?: { rounding_mode?: P.RoundingMode | null }): this {
    return P.div_(this, other, opts) as this;
  }
  true_divide_(other: TensorOrScalar): this {
    return P.true_divide_(this, other) as this;
  }
  floor_divide_(other: TensorOrScalar): this {
    return P.floor_divide_(this, other) as this;
  }
  pow_(exponent: TensorOrScalar): this {
    return P.pow_(this, exponent) as this;
  }
  square_(): this {
    return P.square_(this) as this;
  }
  atan2_(other: TensorOrScalar): this {
    return P.atan2_(this, other) as this;
  }
  fmod_(other: TensorOrScalar): this {
    return P.fmod_(this, other) as this;
  }
  remainder_(other: TensorOrScalar): this {
    return P.remainder_(this, other) as this;
  }
  negative_(): this {
    return P.unary_(this, 'neg') as this;
  }
  absolute_(): this {
    return P.unary_(this, 'abs') as this;
  }
  neg_(): this {
    return P.unary_(this, 'neg') as this;
  }
  abs_(): this {
    return P.unary_(this, 'abs') as this;
  }
  sign_(): this {
    return P.unary_(this, 'sign') as this;
  }
  exp_(): this {
    return P.unary_(this, 'exp') as this;
  }
  exp2_(): this {
    return P.unary_(this, 'exp2') as this;
  }
  log_(): this {
    return P.unary_(this, 'log') as this;
  }
  log2_(): this {
    return P.unary_(this, 'log2') as this;
  }
  log10_(): this {
    return P.unary_(this, 'log10') as this;
  }
  log1p_(): this {
    return P.unary_(this, 'log1p') as this;
  }
  expm1_(): this {
    return P.unary_(this, 'expm1') as this;
  }
  sqrt_(): this {
    return P.unary_(this, 'sqrt') as this;
  }
  rsqrt_(): this {
    return P.unary_(this, 'rsqrt') as this;
  }
  reciprocal_(): this {
    return P.unary_(this, 'reciprocal') as this;
  }
  sin_(): this {
    return P.unary_(this, 'sin') as this;
  }
  cos_(): this {
    return P.unary_(this, 'cos') as this;
  }
  tan_(): this {
    return P.unary_(this, 'tan') as this;
  }
  asin_(): this {
    return P.unary_(this, 'asin') as this;
  }
  acos_(): this {
    return P.unary_(this, 'acos') as this;
  }
  atan_(): this {
    return P.unary_(this, 'atan') as this;
  }
  sinh_(): this {
    return P.unary_(this, 'sinh') as this;
  }
  cosh_(): this {
    return P.unary_(this, 'cosh') as this;
  }
  tanh_(): this {
    return P.unary_(this, 'tanh') as this;
  }
  asinh_(): this {
    return P.unary_(this, 'asinh') as this;
  }
  acosh_(): this {
    return P.unary_(this, 'acosh') as this;
  }
  atanh_(): this {
    return P.unary_(this, 'atanh') as this;
  }
  sigmoid_(): this {
    return P.unary_(this, 'sigmoid') as this;
  }
  relu_(): this {
    return P.unary_(this, 'relu') as this;
  }
  erf_(): this {
    return P.unary_(this, 'erf') as this;
  }
  floor_(): this {
    return P.unary_(this, 'floor') as this;
  }
  ceil_(): this {
    return P.unary_(this, 'ceil') as this;
  }
  round_(): this {
    return P.unary_(this, 'round') as this;
  }
  trunc_(): this {
    return P.unary_(this, 'trunc') as this;
  }
  frac_(): this {
    return P.unary_(this, 'frac') as this;
  }
  clamp_(min?: ClampBound | ClampOpts, max?: ClampBound): this {
    return P.clamp_(this, min, max) as this;
  }
  clip_(min?: ClampBound | ClampOpts, max?: ClampBound): this {
    return P.clamp_(this, min, max) as this;
  }
  clamp_min_(min: TensorOrScalar): this {
    return P.clamp_min_(this, min) as this;
  }
  clamp_max_(max: TensorOrScalar): this {
    return P.clamp_max_(this, max) as this;
  }
  lerp_(end: Tensor, weight: TensorOrScalar): this {
    return P.lerp_(this, end, weight) as this;
  }
  logical_and_(other: TensorOrScalar): this {
    return P.logical_and_(this, other) as this;
  }
  logical_or_(other: TensorOrScalar): this {
    return P.logical_or_(this, other) as this;
  }
  logical_xor_(other: TensorOrScalar): this {
    return P.logical_xor_(this, other) as this;
  }
  logical_not_(): this {
    return P.logical_not_(this) as this;
  }
  zero_(): this {
    return P.zero_(this) as this;
  }
  fill_(value: TensorOrScalar): this {
    return P.fill_(this, value) as this;
  }
  copy_(src: Tensor): this {
    return P.copy_(this, src) as this;
  }

  // ---------------------------------------------------------------- reductions (src/ops/reduce.ts, minmax.ts,
  // moments.ts, norm.ts, scan.ts, softmax.ts)

  sum(dim?: Dims | null, keepdim?: boolean, opts?: { dtype?: DType }): Tensor;
  sum(opts: ReduceOpts): Tensor;
  sum(...args: unknown[]): Tensor {
    return R.sum(this, ...args);
  }
  mean(dim?: Dims | null, keepdim?: boolean, opts?: { dtype?: DType }): Tensor;
  mean(opts: ReduceOpts): Tensor;
  mean(...args: unknown[]): Tensor {
    return R.mean(this, ...args);
  }
  nansum(dim?: Dims | null, keepdim?: boolean, opts?: { dtype?: DType }): Tensor;
  nansum(opts: ReduceOpts): Tensor;
  nansum(...args: unknown[]): Tensor {
    return R.nansum(this, ...args);
  }
  nanmean(dim?: Dims | null, keepdim?: boolean, opts?: { dtype?: DType }): Tensor;
  nanmean(opts: ReduceOpts): Tensor;
  nanmean(...args: unknown[]): Tensor {
    return R.nanmean(this, ...args);
  }
  /** prod over everything, or over one dim. */
  prod(dim?: number | null, keepdim?: boolean, opts?: { dtype?: DType }): Tensor;
  prod(opts: { dim?: number | null; keepdim?: boolean; dtype?: DType }): Tensor;
  prod(...args: unknown[]): Tensor {
    return R.prod(this, ...args);
  }
  logsumexp(dim: Dims, keepdim?: boolean): Tensor;
  logsumexp(opts: { dim: Dims; keepdim?: boolean }): Tensor;
  logsumexp(...args: unknown[]): Tensor {
    return R.logsumexp(this, ...args);
  }
  all(dim?: Dims | null, keepdim?: boolean): Tensor;
  all(opts: { dim?: Dims | null; keepdim?: boolean }): Tensor;
  all(...args: unknown[]): Tensor {
    return R.all(this, ...args);
  }
  any(dim?: Dims | null, keepdim?: boolean): Tensor;
  any(opts: { dim?: Dims | null; keepdim?: boolean }): Tensor;
  any(...args: unknown[]): Tensor {
    return R.any(this, ...args);
  }
  /** max() → 0-d tensor; max(dim, keepdim?) → (values, indices); max(other) → maximum. */
  max(): Tensor;
  max(other: Tensor): Tensor;
  max(dim: number, keepdim?: boolean): MM.ValuesIndices;
  max(opts: { dim: number; keepdim?: boolean }): MM.ValuesIndices;
  max(...args: unknown[]): Tensor | MM.ValuesIndices {
    return MM.max(this, ...args);
  }
  /** min() → 0-d tensor; min(dim, keepdim?) → (values, indices); min(other) → minimum. */
  min(): Tensor;
  min(other: Tensor): Tensor;
  min(dim: number, keepdim?: boolean): MM.ValuesIndices;
  min(opts: { dim: number; keepdim?: boolean }): MM.ValuesIndices;
  min(...args: unknown[]): Tensor | MM.ValuesIndices {
    return MM.min(this, ...args);
  }
  amax(dim?: Dims, keepdim?: boolean): Tensor;
  amax(opts: { dim?: Dims; keepdim?: boolean }): Tensor;
  amax(...args: unknown[]): Tensor {
    return MM.amax(this, ...args);
  }
  amin(dim?: Dims, keepdim?: boolean): Tensor;
  amin(opts: { dim?: Dims; keepdim?: boolean }): Tensor;
  amin(...args: unknown[]): Tensor {
    return MM.amin(this, ...args);
  }
  argmax(dim?: number | null, keepdim?: boolean): Tensor;
  argmax(opts: { dim?: number | null; keepdim?: boolean }): Tensor;
  argmax(...args: unknown[]): Tensor {
    return MM.argmax(this, ...args);
  }
  argmin(dim?: number | null, keepdim?: boolean): Tensor;
  argmin(opts: { dim?: number | null; keepdim?: boolean }): Tensor;
  argmin(...args: unknown[]): Tensor {
    return MM.argmin(this, ...args);
  }
  /** var(dim?, unbiased?, keepdim?), var(unbiased) or var({ dim, unbiased, correction, keepdim }). */
  var(dim?: Dims | null, unbiased?: boolean, keepdim?: boolean, opts?: VarOpts): Tensor;
  var(dim: Dims | null, opts: VarOpts): Tensor;
  var(unbiased: boolean, opts?: VarOpts): Tensor;
  var(opts: VarOpts): Tensor;
  var(...args: unknown[]): Tensor {
    return MO.var_(this, ...args);
  }
  /** std(dim?, unbiased?, keepdim?), std(unbiased) or std({ dim, unbiased, correction, keepdim }). */
  std(dim?: Dims | null, unbiased?: boolean, keepdim?: boolean, opts?: VarOpts): Tensor;
  std(dim: Dims | null, opts: VarOpts): Tensor;
  std(unbiased: boolean, opts?: VarOpts): Tensor;
  std(opts: VarOpts): Tensor;
  std(...args: unknown[]): Tensor {
    return MO.std(this, ...args);
  }
  /** norm(p = 'fro', dim?, keepdim?, dtype?) or norm({ p, dim, keepdim, dtype }). */
  norm(p?: number | string | null, dim?: Dims | null, keepdim?: boolean, dtype?: DType): Tensor;
  norm(opts: NormOpts): Tensor;
  norm(...args: unknown[]): Tensor {
    return N.norm(this, ...args);
  }
  cumsum(dim: number, opts?: { dtype?: DType }): Tensor;
  cumsum(opts: { dim: number; dtype?: DType }): Tensor;
  cumsum(...args: unknown[]): Tensor {
    return S.cumsum(this, ...args);
  }
  cumprod(dim: number, opts?: { dtype?: DType }): Tensor;
  cumprod(opts: { dim: number; dtype?: DType }): Tensor;
  cumprod(...args: unknown[]): Tensor {
    return S.cumprod(this, ...args);
  }
  softmax(dim: number, dtype?: DType): Tensor;
  softmax(opts: { dim: number; dtype?: DType }): Tensor;
  softmax(...args: unknown[]): Tensor {
    return SM.softmax(this, ...args);
  }
  log_softmax(dim: number, dtype?: DType): Tensor;
  log_softmax(opts: { dim: number; dtype?: DType }): Tensor;
  log_softmax(...args: unknown[]): Tensor {
    return SM.log_softmax(this, ...args);
  }
  /** Sums broadcast dims so the result has `shape` (the inverse of expand). */
  sum_to_size(...shape: number[] | [readonly number[]]): Tensor {
    return R.sum_to_size(this, ...shape);
  }

  // ---------------------------------------------------------------- ordering (src/ops/sort.ts)

  /** sort(dim=-1, descending=false, { stable }) → (values, indices); NaN sorts last. */
  sort(...args: unknown[]): MM.ValuesIndices {
    return SO.sort(this, ...args);
  }
  argsort(...args: unknown[]): Tensor {
    return SO.argsort(this, ...args);
  }
  msort(): Tensor {
    return SO.msort(this);
  }
  /** topk(k, dim=-1, largest=true, sorted=true) → (values, indices). */
  topk(k: number, ...args: unknown[]): MM.ValuesIndices {
    return SO.topk(this, k, ...args);
  }
  /** kthvalue(k, dim=-1, keepdim=false) → (values, indices): the k-th smallest. */
  kthvalue(k: number, ...args: unknown[]): MM.ValuesIndices {
    return SO.kthvalue(this, k, ...args);
  }
  /** median() → the lower median; median(dim, keepdim?) → (values, indices). */
  median(): Tensor;
  median(dim: number, keepdim?: boolean): MM.ValuesIndices;
  median(opts: { dim: number; keepdim?: boolean }): MM.ValuesIndices;
  median(...args: unknown[]): Tensor | MM.ValuesIndices {
    return SO.median(this, ...args);
  }
  nanmedian(): Tensor;
  nanmedian(dim: number, keepdim?: boolean): MM.ValuesIndices;
  nanmedian(opts: { dim: number; keepdim?: boolean }): MM.ValuesIndices;
  nanmedian(...args: unknown[]): Tensor | MM.ValuesIndices {
    return SO.nanmedian(this, ...args);
  }

  // ---------------------------------------------------------------- views and shape (src/ops/view.ts)

  view(...shape: number[] | [readonly number[]]): Tensor;
  view(dtype: DType): Tensor;
  view(...shape: unknown[]): Tensor {
    return V.view(this, ...(shape as number[]));
  }
  view_as(other: Tensor): Tensor {
    return V.view(this, other.shape);
  }
  reshape(...shape: number[] | [readonly number[]]): Tensor {
    return V.reshape(this, ...shape);
  }
  reshape_as(other: Tensor): Tensor {
    return V.reshape(this, other.shape);
  }
  flatten(start_dim = 0, end_dim = -1): Tensor {
    return V.flatten(this, start_dim, end_dim);
  }
  unflatten(dim: number, sizes: readonly number[]): Tensor {
    return V.unflatten(this, dim, sizes);
  }
  squeeze(dim?: Dims): Tensor {
    return V.squeeze(this, dim);
  }
  unsqueeze(dim: number): Tensor {
    return V.unsqueeze(this, dim);
  }
  transpose(dim0: number, dim1: number): Tensor {
    return V.transpose(this, dim0, dim1);
  }
  swapaxes(dim0: number, dim1: number): Tensor {
    return V.transpose(this, dim0, dim1);
  }
  t(): Tensor {
    return V.t(this);
  }
  get T(): Tensor {
    return V.numpy_T(this);
  }
  get mT(): Tensor {
    return V.mT(this);
  }
  permute(...dims: number[] | [readonly number[]]): Tensor {
    return V.permute(this, ...dims);
  }
  movedim(source: Dims, destination: Dims): Tensor {
    return V.movedim(this, source, destination);
  }
  moveaxis(source: Dims, destination: Dims): Tensor {
    return V.movedim(this, source, destination);
  }
  swapdims(dim0: number, dim1: number): Tensor {
    return V.transpose(this, dim0, dim1);
  }
  expand(...sizes: number[] | [readonly number[]]): Tensor {
    return V.expand(this, ...sizes);
  }
  expand_as(other: Tensor): Tensor {
    return V.expand(this, other.shape);
  }
  select(dim: number, index: number): Tensor {
    return V.select(this, dim, index);
  }
  narrow(dim: number, start: number, length: number): Tensor {
    return V.narrow(this, dim, start, length);
  }
  as_strided(size: readonly number[], stride: readonly number[], storage_offset?: number): Tensor {
    return V.as_strided(this, size, stride, storage_offset);
  }
  unbind(dim = 0): Tensor[] {
    return V.unbind(this, dim);
  }
  split(split_size_or_sections: number | readonly number[], dim = 0): Tensor[] {
    return V.split(this, split_size_or_sections, dim);
  }
  split_with_sizes(split_sizes: readonly number[], dim = 0): Tensor[] {
    return V.split_with_sizes(this, split_sizes, dim);
  }
  chunk(chunks: number, dim = 0): Tensor[] {
    return V.chunk(this, chunks, dim);
  }
  diagonal(offset = 0, dim1 = 0, dim2 = 1): Tensor {
    return V.diagonal(this, offset, dim1, dim2);
  }

  // ---------------------------------------------------------------- indexing (src/ops/indexing.ts)

  /** Python's x[...]: numbers, null (new axis), '...', slice strings ('1:3', '::2'), index/bool tensors. */
  index(...items: IndexItem[]): Tensor {
    return I.index(this, items);
  }
  /** Python's x[...] = value; with accumulate, repeated indices add up (x[...] += value per index). */
  index_put_(items: readonly IndexItem[], value: TensorOrScalar, accumulate = false): this {
    return I.index_put_(this, items, value, accumulate) as this;
  }
  index_put(items: readonly IndexItem[], value: TensorOrScalar, accumulate = false): Tensor {
    return I.index_put(this, items, value, accumulate);
  }
  masked_fill(mask: Tensor, value: TensorOrScalar): Tensor {
    return I.masked_fill(this, mask, value);
  }
  masked_fill_(mask: Tensor, value: TensorOrScalar): this {
    return I.masked_fill_(this, mask, value) as this;
  }
  masked_select(mask: Tensor): Tensor {
    return I.masked_select(this, mask);
  }
  masked_scatter(mask: Tensor, source: Tensor): Tensor {
    return I.masked_scatter(this, mask, source);
  }
  masked_scatter_(mask: Tensor, source: Tensor): this {
    return I.masked_scatter_(this, mask, source) as this;
  }
  gather(dim: number, index: Tensor): Tensor {
    return I.gather(this, dim, index);
  }
  scatter(dim: number, index: Tensor, src: TensorOrScalar): Tensor {
    return I.scatter(this, dim, index, src);
  }
  scatter_(dim: number, index: Tensor, src: TensorOrScalar): this {
    return I.scatter_(this, dim, index, src) as this;
  }
  scatter_add(dim: number, index: Tensor, src: Tensor): Tensor {
    return I.scatter_add(this, dim, index, src);
  }
  scatter_add_(dim: number, index: Tensor, src: Tensor): this {
    return I.scatter_add_(this, dim, index, src) as this;
  }
  index_select(dim: number, index: Tensor): Tensor {
    return I.index_select(this, dim, index);
  }
  index_add(dim: number, index: Tensor, source: Tensor, opts?: { alpha?: number }): Tensor {
    return I.index_add(this, dim, index, source, opts);
  }
  index_add_(dim: number, index: Tensor, source: Tensor, opts?: { alpha?: number }): this {
    return I.index_add_(this, dim, index, source, opts) as this;
  }
  index_fill(dim: number, index: Tensor, value: TensorOrScalar): Tensor {
    return I.index_fill(this, dim, index, value);
  }
  index_fill_(dim: number, index: Tensor, value: TensorOrScalar): this {
    return I.index_fill_(this, dim, index, value) as this;
  }
  index_copy(dim: number, index: Tensor, source: Tensor): Tensor {
    return I.index_copy(this, dim, index, source);
  }
  index_copy_(dim: number, index: Tensor, source: Tensor): this {
    return I.index_copy_(this, dim, index, source) as this;
  }
  take(index: Tensor): Tensor {
    return I.take(this, index);
  }
  take_along_dim(indices: Tensor, dim?: number | null): Tensor {
    return I.take_along_dim(this, indices, dim);
  }
  put(index: Tensor, source: Tensor, accumulate = false): Tensor {
    return I.put(this, index, source, accumulate);
  }
  put_(index: Tensor, source: Tensor, accumulate = false): this {
    return I.put_(this, index, source, accumulate) as this;
  }
  rot90(k = 1, dims: readonly number[] = [0, 1]): Tensor {
    return I.rot90(this, k, dims);
  }
  flip(...dims: number[] | [readonly number[]]): Tensor {
    return I.flip(this, ...dims);
  }
  fliplr(): Tensor {
    return I.fliplr(this);
  }
  flipud(): Tensor {
    return I.flipud(this);
  }
  roll(shifts: number | readonly number[], dims?: number | readonly number[] | null): Tensor {
    return I.roll(this, shifts, dims);
  }
  repeat(...repeats: number[] | [readonly number[]]): Tensor {
    return I.repeat(this, ...repeats);
  }
  tile(...dims: number[] | [readonly number[]]): Tensor {
    return I.tile(this, ...dims);
  }
  tril(diagonal = 0): Tensor {
    return I.tril(this, diagonal);
  }
  tril_(diagonal = 0): this {
    return I.tril_(this, diagonal) as this;
  }
  triu(diagonal = 0): Tensor {
    return I.triu(this, diagonal);
  }
  triu_(diagonal = 0): this {
    return I.triu_(this, diagonal) as this;
  }
  nonzero(opts: { as_tuple: true }): Tensor[];
  nonzero(opts?: { as_tuple?: false }): Tensor;
  nonzero(opts?: { as_tuple?: boolean }): Tensor | Tensor[] {
    return opts?.as_tuple ? I.nonzero(this, { as_tuple: true }) : I.nonzero(this);
  }
  argwhere(): Tensor {
    return I.argwhere(this);
  }
  /** torch.where(condition, this, other). */
  where(condition: Tensor, other: TensorOrScalar): Tensor {
    return I.where(this, condition, other);
  }

  // ---------------------------------------------------------------- linear algebra (src/ops/linalg.ts)

  matmul(other: Tensor): Tensor {
    return L.matmul(this, other);
  }
  mm(other: Tensor): Tensor {
    return L.mm(this, other);
  }
  bmm(other: Tensor): Tensor {
    return L.bmm(this, other);
  }
  dot(other: Tensor): Tensor {
    return L.dot(this, other);
  }
  mv(vec: Tensor): Tensor {
    return L.mv(this, vec);
  }
  outer(other: Tensor): Tensor {
    return L.outer(this, other);
  }
  addmm(mat1: Tensor, mat2: Tensor, opts?: { beta?: number; alpha?: number }): Tensor {
    return L.addmm(this, mat1, mat2, opts);
  }

  // ---------------------------------------------------------------- random (src/tensor/random.ts)

  /** Fills with uniform samples on [from, to). */
  uniform_(from?: number | GeneratorOpts, to?: number | GeneratorOpts, opts?: GeneratorOpts): this {
    return RND.uniform_(this, from, to, opts) as this;
  }
  /** Fills with normal samples of the given mean and standard deviation. */
  normal_(mean?: number | GeneratorOpts, std?: number | GeneratorOpts, opts?: GeneratorOpts): this {
    return RND.normal_(this, mean, std, opts) as this;
  }
  /** Fills with integers: random_(to) and random_(from, to) in [from, to); random_() in [0, 2^digits] or [0, max]. */
  random_(from?: number | GeneratorOpts, to?: number | null | GeneratorOpts, opts?: GeneratorOpts): this {
    return RND.random_(this, from, to, opts) as this;
  }
  /** Fills with exponential samples of rate lambd. */
  exponential_(lambd?: number | GeneratorOpts, opts?: GeneratorOpts): this {
    return RND.exponential_(this, lambd, opts) as this;
  }
  /** Fills with 1 with probability p (a number or a tensor broadcastable to this one), else 0. */
  bernoulli_(p?: number | Tensor | GeneratorOpts, opts?: GeneratorOpts): this {
    return RND.bernoulli_(this, p, opts) as this;
  }
  /** torch.bernoulli(this, p?): samples with probabilities this (or p), in this tensor's shape and dtype. */
  bernoulli(p?: number | GeneratorOpts, opts?: GeneratorOpts): Tensor {
    return RND.bernoulli(this, p, opts);
  }
  /** torch.multinomial(this, num_samples, replacement?): category indices drawn with weights this. */
  multinomial(num_samples: number, replacement?: boolean | MultinomialOpts, opts?: MultinomialOpts): Tensor {
    return multinomial(this, num_samples, replacement, opts);
  }
}

const LEGACY_TYPES: Record<string, DType> = {
  'torch.FloatTensor': float32,
  'torch.DoubleTensor': float64,
  'torch.IntTensor': int32,
  'torch.LongTensor': int64,
  'torch.BoolTensor': bool,
};
