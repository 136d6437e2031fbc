// The Tensor class: a strided window onto a typed array, plus autograd metadata. Every operation
// method delegates to its op in src/ops (declared there once, with its backward); this file holds
// only what is intrinsic to a tensor: geometry, conversion, and the autograd properties.

import type { View } from '../backend/backend.js';
import { backend } from '../backend/index.js';
import { gradAccumulator, type AccumulateGrad } from '../autograd/accumulate.js';
import { addPreHook, type GradHook, Node, type RemovableHandle } from '../autograd/node.js';
import { bool, float32, float64, int32, int64, toDType, type DType, type TypedArray } from './dtype.js';
import { contiguousStrides, isContiguous, isExpandableTo, normalizeDim, numel, shapeEquals } from './shape.js';
import { formatTensor } from './print.js';
import * as P from '../ops/pointwise.js';
import * as R from '../ops/reduce.js';
import * as V from '../ops/view.js';
import * as VI from '../ops/view_inplace.js';
import * as I from '../ops/indexing.js';
import * as L from '../ops/linalg.js';
import * as A from '../autograd/api.js';
import { is_inference_mode_enabled } from '../autograd/grad_mode.js';
import type { IndexItem } from '../ops/indexing.js';

export type Scalar = number | boolean;
export type TensorOrScalar = Tensor | Scalar;
export type Dims = number | readonly number[];

/** The version counter is shared by a tensor, its views and detach(); not by `.data`. */
export interface VersionCounter {
  version: number;
}

const TYPE_NAMES: Record<string, string> = {
  float32: 'torch.FloatTensor',
  float64: 'torch.DoubleTensor',
  int32: 'torch.IntTensor',
  int64: 'torch.LongTensor',
  bool: 'torch.BoolTensor',
};

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
    return { data: this._data, shape: this._shape, strides: this._strides, offset: this._offset };
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
    return this._shape[normalizeDim(dim, this._shape.length)];
  }

  dim(): number {
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
    return this._strides[normalizeDim(dim, this._shape.length)];
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
    return `${TYPE_NAMES[this._dtype.name]} [${this._shape.join(', ')}]`;
  }

  /** With no argument, the legacy type name ('torch.FloatTensor'); with a dtype, `to(dtype)`. */
  type(): string;
  type(dtype: DType | string): Tensor;
  type(dtype?: DType | string): string | Tensor {
    if (dtype === undefined) return TYPE_NAMES[this._dtype.name];
    const d = typeof dtype === 'string' && dtype in LEGACY_TYPES ? LEGACY_TYPES[dtype] : toDType(dtype);
    return this.to(d);
  }

  // ---------------------------------------------------------------- values out

  /** The value of a one-element tensor, as a number (bool tensors give booleans). */
  item(): number | boolean {
    if (this.numel() !== 1) {
      throw new RangeError(`a Tensor with ${this.numel()} elements cannot be converted to Scalar`);
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

  to(dtype: DType | string, opts?: { copy?: boolean }): Tensor {
    return P.to(this, toDType(dtype), opts?.copy ?? false);
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

  requires_grad_(flag = true): this {
    this._setRequiresGrad(flag, 'only Tensors of floating point dtype can require gradients');
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
      process.emitWarning(
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
      throw new TypeError(
        `result type ${CAST_NAMES[d.name]} can't be cast to the desired output type ${CAST_NAMES[to.name]}`,
      );
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

  add(other: TensorOrScalar, opts?: { alpha?: number }): Tensor {
    return P.add(this, other, opts);
  }
  sub(other: TensorOrScalar, opts?: { alpha?: number }): Tensor {
    return P.sub(this, other, opts);
  }
  mul(other: TensorOrScalar): Tensor {
    return P.mul(this, other);
  }
  div(other: TensorOrScalar, opts?: { rounding_mode?: 'trunc' | 'floor' | null }): Tensor {
    return P.div(this, other, opts);
  }
  true_divide(other: TensorOrScalar): Tensor {
    return P.div(this, other);
  }
  floor_divide(other: TensorOrScalar): Tensor {
    return P.div(this, other, { rounding_mode: 'floor' });
  }
  pow(exponent: TensorOrScalar): Tensor {
    return P.pow(this, exponent);
  }
  rsub(other: TensorOrScalar, opts?: { alpha?: number }): Tensor {
    return P.rsub(this, other, opts);
  }
  atan2(other: TensorOrScalar): Tensor {
    return P.atan2(this, other);
  }
  maximum(other: Tensor): Tensor {
    return P.maximum(this, other);
  }
  minimum(other: Tensor): Tensor {
    return P.minimum(this, other);
  }
  fmod(other: TensorOrScalar): Tensor {
    return P.fmod(this, other);
  }
  remainder(other: TensorOrScalar): Tensor {
    return P.remainder(this, other);
  }
  neg(): Tensor {
    return P.neg(this);
  }
  negative(): Tensor {
    return P.neg(this);
  }
  abs(): Tensor {
    return P.abs(this);
  }
  absolute(): Tensor {
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
  square(): Tensor {
    return P.square(this);
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
  sigmoid(): Tensor {
    return P.sigmoid(this);
  }
  relu(): Tensor {
    return P.relu(this);
  }
  erf(): Tensor {
    return P.erf(this);
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
  clamp(min?: number | null, max?: number | null): Tensor {
    return P.clamp(this, min, max);
  }
  clip(min?: number | null, max?: number | null): Tensor {
    return P.clamp(this, min, max);
  }
  clamp_min(min: number): Tensor {
    return P.clamp(this, min, null);
  }
  clamp_max(max: number): Tensor {
    return P.clamp(this, null, max);
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
  isclose(other: Tensor, opts?: { rtol?: number; atol?: number; equal_nan?: boolean }): Tensor {
    return P.isclose(this, other, opts);
  }
  allclose(other: Tensor, opts?: { rtol?: number; atol?: number; equal_nan?: boolean }): boolean {
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
  logical_and(other: TensorOrScalar): Tensor {
    return P.logical_and(this, other);
  }
  logical_or(other: TensorOrScalar): Tensor {
    return P.logical_or(this, other);
  }
  logical_xor(other: TensorOrScalar): Tensor {
    return P.logical_xor(this, other);
  }

  // in place
  add_(other: TensorOrScalar, opts?: { alpha?: number }): this {
    return P.add_(this, other, opts) as this;
  }
  sub_(other: TensorOrScalar, opts?: { alpha?: number }): this {
    return P.sub_(this, other, opts) as this;
  }
  mul_(other: TensorOrScalar): this {
    return P.mul_(this, other) as this;
  }
  div_(other: TensorOrScalar, opts?: { rounding_mode?: 'trunc' | 'floor' | null }): this {
    return P.div_(this, other, opts) as this;
  }
  pow_(exponent: TensorOrScalar): this {
    return P.pow_(this, exponent) as this;
  }
  neg_(): this {
    return P.unary_(this, 'neg') as this;
  }
  abs_(): this {
    return P.unary_(this, 'abs') as this;
  }
  exp_(): this {
    return P.unary_(this, 'exp') as this;
  }
  log_(): this {
    return P.unary_(this, 'log') as this;
  }
  sqrt_(): this {
    return P.unary_(this, 'sqrt') as this;
  }
  sin_(): this {
    return P.unary_(this, 'sin') as this;
  }
  cos_(): this {
    return P.unary_(this, 'cos') as this;
  }
  tanh_(): this {
    return P.unary_(this, 'tanh') as this;
  }
  sigmoid_(): this {
    return P.unary_(this, 'sigmoid') as this;
  }
  relu_(): this {
    return P.unary_(this, 'relu') as this;
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
  reciprocal_(): this {
    return P.unary_(this, 'reciprocal') as this;
  }
  clamp_(min?: number | null, max?: number | null): this {
    return P.clamp_(this, min, max) as this;
  }
  zero_(): this {
    return P.fill_(this, 0) as this;
  }
  fill_(value: TensorOrScalar): this {
    return P.fill_(this, value) as this;
  }
  copy_(src: Tensor): this {
    return P.copy_(this, src) as this;
  }
  lerp_(end: Tensor, weight: TensorOrScalar): this {
    return P.lerp_(this, end, weight) as this;
  }

  // ---------------------------------------------------------------- reductions (src/ops/reduce.ts)

  sum(dim?: Dims | null, keepdim?: boolean, opts?: { dtype?: DType }): Tensor;
  sum(opts: { dim?: Dims; keepdim?: boolean; dtype?: DType }): Tensor;
  sum(...args: unknown[]): Tensor {
    return R.sum(this, ...(args as []));
  }
  mean(dim?: Dims | null, keepdim?: boolean, opts?: { dtype?: DType }): Tensor;
  mean(opts: { dim?: Dims; keepdim?: boolean; dtype?: DType }): Tensor;
  mean(...args: unknown[]): Tensor {
    return R.mean(this, ...(args as []));
  }
  /** Sums broadcast dims so the result has `shape` (the inverse of expand). */
  sum_to_size(...shape: number[] | [readonly number[]]): Tensor {
    return R.sum_to_size(this, ...shape);
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
    return V.permute(this, [...Array(this.dim()).keys()].reverse());
  }
  get mT(): Tensor {
    return V.transpose(this, -2, -1);
  }
  permute(...dims: number[] | [readonly number[]]): Tensor {
    return V.permute(this, ...dims);
  }
  movedim(source: number, destination: number): Tensor {
    return V.movedim(this, source, destination);
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
  /** Python's x[...] = value. */
  index_put_(items: readonly IndexItem[], value: TensorOrScalar, accumulate = false): this {
    return I.index_put_(this, items, value, accumulate) as this;
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
}

const CAST_NAMES: Record<string, string> = {
  float32: 'Float',
  float64: 'Double',
  int32: 'Int',
  int64: 'Long',
  bool: 'Bool',
};

const LEGACY_TYPES: Record<string, DType> = {
  'torch.FloatTensor': float32,
  'torch.DoubleTensor': float64,
  'torch.IntTensor': int32,
  'torch.LongTensor': int64,
  'torch.BoolTensor': bool,
};
