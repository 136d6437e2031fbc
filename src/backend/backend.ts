// The Backend interface: kernels over strided typed arrays. No autograd, no Tensor, no RNG here.
//
// Contract (see DESIGN.md §2): the TypeScript layer validates every shape, stride, offset and dtype
// and allocates every output before a kernel runs, so a kernel may assume its arguments are
// consistent. Operands of one call share a dtype unless the method says otherwise (the TS layer
// casts first). Broadcast operands arrive with 0 strides on broadcast dims, already shaped like the
// output.

import type { DTypeName, TypedArray } from '../tensor/dtype.js';
import { BINARY_EXPR, UNARY_EXPR } from './kinds.js';

/** A strided window into a typed array. */
export interface View {
  readonly data: TypedArray;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
  /**
   * The element type, when the caller knows it. Outputs always carry it: int64 shares Float64Array
   * storage with float64, and integer results follow integer rules (no -0, integer pow, wrapping).
   */
  readonly dtype?: DTypeName;
}

// The kinds every backend implements. The elementwise kinds come from their reference definitions
// in kinds.ts; each list below is the one TypeScript source of its kinds: the union types come from
// it, the JS kernel tables are Records over them (a kind without a JS kernel is a type error), and
// the native backend checks at load that the addon has each of them (native/kinds.h is the C++ list).

export type UnaryKind = keyof typeof UNARY_EXPR;
export const UNARY_KINDS = Object.keys(UNARY_EXPR) as readonly UnaryKind[];

/** Unary kinds whose output is bool whatever the input dtype. */
export const UNARY_PREDICATES: ReadonlySet<UnaryKind> = new Set<UnaryKind>([
  'logical_not',
  'isnan',
  'isinf',
  'isfinite',
  'isposinf',
  'isneginf',
  'signbit',
]);

export type BinaryKind = keyof typeof BINARY_EXPR;
export const BINARY_KINDS = Object.keys(BINARY_EXPR) as readonly BinaryKind[];

/** Binary kinds whose output is bool whatever the input dtype. */
export const BINARY_PREDICATES: ReadonlySet<BinaryKind> = new Set<BinaryKind>([
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'logical_and',
  'logical_or',
  'logical_xor',
]);

/**
 * Reductions over the trailing `reduced` dims of the input view. `argmax`/`argmin` write int64
 * indices (flat over the reduced dims, first occurrence; NaN wins); `mean` divides by the count.
 */
export const REDUCE_KINDS = ['sum', 'mean', 'prod', 'max', 'min', 'argmax', 'argmin', 'all', 'any'] as const;
export type ReduceKind = (typeof REDUCE_KINDS)[number];

/** Inclusive scans along the last dim of the input view. */
export const SCAN_KINDS = ['cumsum', 'cumprod', 'cummax', 'cummin', 'logcumsumexp'] as const;
export type ScanKind = (typeof SCAN_KINDS)[number];

/**
 * One Adam/AdamW step's scalars, already rounded to the parameter's dtype (Note [Fused updates] in
 * src/optim/optimizer.ts).
 */
export interface AdamScalars {
  readonly beta1: number;
  /** 1 - beta1 */
  readonly omb1: number;
  readonly beta2: number;
  /** 1 - beta2 */
  readonly omb2: number;
  /** Adam's L2 term, added to the gradient; 0 for none. */
  readonly weight_decay: number;
  /** AdamW's decoupled decay, 1 - lr·weight_decay, multiplying the parameter first; 1 for none. */
  readonly decay: number;
  readonly eps: number;
  /** -lr / (1 - beta1^step) */
  readonly neg_step_size: number;
  /** sqrt(1 - beta2^step) */
  readonly bias_correction2_sqrt: number;
  /** -1 to maximize, else 1. */
  readonly sign: number;
}

export interface Backend extends NNKernels, RandomKernels {
  readonly name: 'js' | 'native';

  /**
   * Memory for a tensor's storage of `bytes` bytes (zero-filled when `zero`), from the backend's
   * own allocator: a free block it kept, else (unless `onlyFree`) a fresh one. Undefined when
   * `onlyFree` and it has no free block of that size; null when it has no allocator for this size
   * or cannot allocate it (the caller then allocates a typed array itself). Note [Caching tensor
   * storage] (native/storage.cc).
   */
  storage?(bytes: number, zero: boolean, onlyFree: boolean): ArrayBuffer | null | undefined;

  /** Gives the free blocks `storage` keeps back to the system. */
  releaseStorage?(): void;

  /**
   * out := cast(src), elementwise over the same shape; dtypes may differ. `truncate` is set when a
   * floating source goes to an integer dtype (int64 shares Float64Array storage with float64).
   */
  copy(src: View, out: View, truncate: boolean): void;

  /** out := value everywhere in the view. */
  fill(out: View, value: number): void;

  /**
   * out[i] := start + step * i (in double, no negative zero) for every element of a whole array:
   * torch.arange's integer path. The caller guarantees every value is exact in the element type.
   */
  ramp(out: Float64Array | Int32Array, start: number, step: number): void;

  /** out := f(x). Same dtype for x and out, except bool out for UNARY_PREDICATES. */
  unary(kind: UnaryKind, x: View, out: View): void;

  /** out := f(a, b). a and b share a dtype; out has it too, except bool for BINARY_PREDICATES. */
  binary(kind: BinaryKind, a: View, b: View, out: View): void;

  /** out := cond ? a : b, cond bool, a/b/out one dtype. */
  where(cond: View, a: View, b: View, out: View): void;

  /** out := min(max(x, lo), hi); NaN propagates; either bound may be absent (NaN = absent). */
  clamp(x: View, lo: number, hi: number, out: View): void;

  /**
   * Reduces the trailing `reduced` dims of x; out is contiguous with one element per index of the
   * leading dims. Sums accumulate in double precision.
   */
  reduce(kind: ReduceKind, x: View, reduced: number, out: TypedArray): void;

  /** Inclusive scan along the last dim; out contiguous with x's shape. Indices (cummax) not returned. */
  scan(kind: ScanKind, x: View, out: TypedArray): void;

  /**
   * Batched matrix product: a is [...B, M, K], b is [...B, K, N] (batch dims already broadcast,
   * any strides), out contiguous [...B, M, N]. Floating dtypes only.
   */
  matmul(a: View, b: View, out: TypedArray): void;

  /** Softmax (or log-softmax) over the last dim of x; out contiguous with x's shape. */
  softmax(x: View, log: boolean, out: TypedArray): void;

  /** out[i] := src[offsets[i]] (offsets are absolute element offsets into src). */
  take(src: TypedArray, offsets: Int32Array | Float64Array, out: TypedArray): void;

  /** dst[offsets[i]] := values[i], or += when accumulate (repeated offsets then add up). */
  put(dst: TypedArray, offsets: Int32Array | Float64Array, values: TypedArray, accumulate: boolean): void;

  /**
   * Adam's update of one parameter in place: param, grad and the moment buffers (max_exp_avg_sq
   * for amsgrad, else null) are whole contiguous float32 or float64 arrays of one length and type.
   * float32 rounds after every op, as ATen's chain of float32 tensor ops does.
   */
  adam(
    param: TypedArray,
    grad: TypedArray,
    expAvg: TypedArray,
    expAvgSq: TypedArray,
    maxExpAvgSq: TypedArray | null,
    s: AdamScalars,
  ): void;
}

/**
 * Sliding 2-d windows over a contiguous [N, C, H, W] input: kernel kh×kw, stride sh×sw, zero padding
 * ph×pw before (top, left), dilation dh×dw, and OH×OW window positions. Window (oy, ox) element
 * (i, j) reads input row oy·sh − ph + i·dh, column ox·sw − pw + j·dw (padding where outside).
 */
export interface Windows2d {
  readonly N: number;
  readonly C: number;
  readonly H: number;
  readonly W: number;
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly ph: number;
  readonly pw: number;
  readonly dh: number;
  readonly dw: number;
  readonly OH: number;
  readonly OW: number;
}

/**
 * Kernels of torch.nn layers: convolution, pooling, activation backward (a separate interface so
 * that backends grow by adding members). Float32Array or Float64Array data, contiguous; every
 * output element is written (callers need not zero them).
 */
export interface NNKernels {
  /**
   * im2col: cols, contiguous [C·kh·kw, N, OH·OW], gets at row (c·kh + i)·kw + j, column n, l = oy·OW + ox
   * the input x[n, c] at window (oy, ox) element (i, j), 0 in padding.
   */
  im2col(x: TypedArray, g: Windows2d, cols: TypedArray): void;

  /**
   * col2im, the adjoint of im2col: x[n, c, y, x] := the sum of the cols entries that im2col would
   * read from it, added in row order of cols (so results do not depend on threading).
   */
  col2im(cols: TypedArray, g: Windows2d, x: TypedArray): void;

  /**
   * Max pooling, out contiguous [N, C, OH, OW]: each window's maximum over its elements inside the
   * input (a NaN wins, the last one; ties keep the first), and in `indices` its element offset in x.
   */
  maxPool2d(x: TypedArray, g: Windows2d, out: TypedArray, indices: Int32Array): void;

  /**
   * Max pooling's backward: gx := zeros, then grad[p] added at indices[p] in output order. Every
   * index must lie in its own plane: [n·C + c]·H·W + [0, H·W) for output p in plane (n, c).
   */
  maxPool2dBackward(grad: TypedArray, indices: Int32Array, g: Windows2d, gx: TypedArray): void;

  /**
   * ReLU's backward (ATen's threshold_backward): out[i] := x[i] <= threshold ? 0 : grad[i], for
   * i < out.length; grad, x and out of one array type.
   */
  thresholdBackward(grad: TypedArray, x: TypedArray, threshold: number, out: TypedArray): void;

  /**
   * Softmax's backward over contiguous rows of n, from the incoming gradient g and the forward's
   * output y: out := y (g - s) with s = sum(g y) in double (four partial sums over j mod 4, folded as
   * (s0 + s1) + (s2 + s3)), each element computed in double and rounded once.
   */
  softmaxBackward(g: TypedArray, y: TypedArray, rows: number, n: number, out: TypedArray): void;

  /**
   * Layer norm over rows: x and out contiguous [rows, n]. Per row, the mean and the variance (sums
   * in order, in double), then out[j] := ((x[j] - mean) / sqrt(var + eps)) · w[j] + b[j] in double,
   * rounded once; w and b (length n) may be null. Arrays of one floating type.
   */
  layerNorm(
    x: TypedArray,
    w: TypedArray | null,
    b: TypedArray | null,
    rows: number,
    n: number,
    eps: number,
    out: TypedArray,
  ): void;

  /**
   * Layer norm's backward for incoming gradient g (contiguous [rows, n]), from x and w (may be null):
   * with xhat the normalised row and gw = g · w, gx := rstd (gw - mean(gw) - xhat · mean(gw · xhat));
   * gw := the sum over rows of g · xhat and gb := that of g, in row order. Each output may be null.
   */
  layerNormBackward(
    g: TypedArray,
    x: TypedArray,
    w: TypedArray | null,
    rows: number,
    n: number,
    eps: number,
    gx: TypedArray | null,
    gw: TypedArray | null,
    gb: TypedArray | null,
  ): void;
}

/** The random fills a backend may run itself (src/tensor/random_fill.ts is the reference). */
export type RandomFillKind = 'uniform' | 'normal';

/**
 * Random fills over PyTorch's mt19937 (Note [Which draws each sampler makes] in
 * src/tensor/random_fill.ts). The generator stays in TypeScript: `state` is its 624 state words
 * and `pos` its [left, next] counters, both advanced in place exactly as that many draws would.
 */
export interface RandomKernels {
  /**
   * Fills the whole of `out` front to back: 'uniform' is uniform_(a, b), 'normal' is normal_(a, b)
   * on a contiguous output of 16 or more elements (the vectorized Box-Muller fill). Returns false,
   * touching nothing, when this backend does not do the fill; the caller then runs the reference.
   */
  randomFill(
    kind: RandomFillKind,
    state: Uint32Array,
    pos: Int32Array,
    out: Float32Array | Float64Array,
    a: number,
    b: number,
  ): boolean;
}
