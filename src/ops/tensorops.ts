// Tensor ops a line-by-line PyTorch port reaches for: aminmax, mode, quantile / nanquantile,
// unique_consecutive, select_scatter / slice_scatter / diagonal_scatter, empty_strided
// (Tensor.new_empty_strided), chain_matmul, narrow_copy and histogram. Most are composites of
// differentiable ops written as ATen writes them (Sorting.cpp quantile_impl, TensorShape.cpp
// *_scatter), so values and gradients are PyTorch's; the grad_fn they record is the last op of
// the composite, not PyTorch's single node (SelectScatterBackward0 ...).

import { Tensor } from '../tensor/tensor.js';
import { float32, float64, int64, toDType, type DType } from '../tensor/dtype.js';
import { contiguousStrides, normalizeDim } from '../tensor/shape.js';
import { linspace, zeros, type FactoryOpts } from '../tensor/creation.js';
import { emitWarning } from '../tensor/warn.js';
import { checkAllocation } from '../tensor/alloc.js';
import { no_grad } from '../autograd/grad_mode.js';
import { splitOptions } from './reduce_args.js';
import { stdSort } from './tensorops_stdsort.js';
import { fn, method, op, type OpSample } from './declare.js';

type T = Tensor;

/** A float64 tensor of `shape` over `data`, converted to `dtype`. */
const mk = (data: Float64Array, shape: number[], dtype: DType = int64): T =>
  Tensor._make(data, shape, contiguousStrides(shape), 0, float64).to(dtype);

/** C++'s name of a dtype ('float', 'double', 'long'). */
const cppName = (d: DType): string =>
  ({ float32: 'float', float64: 'double', int64: 'long', int32: 'int', bool: 'bool' })[d.name] ?? d.name;

/** Python's bool is an int: true / false where a number goes are 1 / 0. */
const num = <V>(v: V): V => (typeof v === 'boolean' ? (Number(v) as V) : v);

const fmtShape = (s: readonly number[]): string => `[${s.join(', ')}]`;

// ---------------------------------------------------------------- aminmax

/** What aminmax returns: PyTorch's named tuple (min, max); destructures as an array. */
export class MinMax implements Iterable<Tensor> {
  readonly 0: Tensor;
  readonly 1: Tensor;
  readonly length = 2;

  /** @internal */
  constructor(
    readonly min: Tensor,
    readonly max: Tensor,
  ) {
    this[0] = min;
    this[1] = max;
  }

  *[Symbol.iterator](): Iterator<Tensor> {
    yield this.min;
    yield this.max;
  }

  toString(): string {
    return `torch.return_types.aminmax(\nmin=${String(this.min)},\nmax=${String(this.max)})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

export function aminmaxImpl(self: T, opts?: { dim?: number | null; keepdim?: boolean }): MinMax {
  const dim = opts?.dim ?? null;
  const keepdim = opts?.keepdim ?? false;
  if (dim === null) {
    if (self.numel() === 0) {
      throw new Error('aminmax(): cannot compute aminmax over an empty dimension as the operation has no identity.');
    }
    const lo = self.amin([]);
    const hi = self.amax([]);
    if (!keepdim) return new MinMax(lo, hi);
    const ones = self._shape.map(() => 1);
    return new MinMax(lo.reshape(ones), hi.reshape(ones));
  }
  const d = normalizeDim(dim, self.dim());
  const size = self.dim() === 0 ? 1 : self._shape[d];
  if (size === 0) {
    throw new Error(`aminmax: Expected reduction dim ${d} to have non-zero size.`);
  }
  if (self.dim() === 0) return new MinMax(self.clone(), self.clone());
  return new MinMax(self.amin(d, keepdim), self.amax(d, keepdim));
}
export const aminmax = op('aminmax(Tensor self, *, int? dim=None, bool keepdim=False)', aminmaxImpl, {
  samples: (k): OpSample[] => [
    { name: 'aminmax dim=1', inputs: () => [k.make([3, 4])], fn: (x) => [...aminmaxImpl(x, { dim: 1 })] },
  ],
});

// ---------------------------------------------------------------- mode

/** What mode returns: (values, indices). */
export class ModeResult implements Iterable<Tensor> {
  readonly 0: Tensor;
  readonly 1: Tensor;
  readonly length = 2;

  /** @internal */
  constructor(
    readonly values: Tensor,
    readonly indices: Tensor,
  ) {
    this[0] = values;
    this[1] = indices;
  }

  *[Symbol.iterator](): Iterator<Tensor> {
    yield this.values;
    yield this.indices;
  }

  toString(): string {
    return `torch.return_types.mode(\nvalues=${String(this.values)},\nindices=${String(this.indices)})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/**
 * ATen's CPU mode kernel, per row: the (value, index) pairs sorted by value, then the longest run
 * (the first one found, so the smallest value among equally frequent ones), with the index of the
 * run's last pair. Which occurrence of a value ends its run depends on std::sort's exact steps
 * (libstdc++'s introsort, tensorops_stdsort.ts).
 */
export function modeImpl(self: T, dim = -1, keepdim = false): ModeResult {
  dim = num(dim);
  const nd = self.dim();
  const d = normalizeDim(dim, Math.max(nd, 1));
  const x = nd === 0 ? self.reshape([1]) : self;
  const n = x._shape[d];
  if (n === 0 || x.numel() === 0) {
    throw new Error(`mode(): Expected reduction dim ${d} to have non-zero size.`);
  }
  const moved = x.detach().movedim(d, -1).contiguous().to(float64);
  const data = moved._data as Float64Array;
  const rows = data.length / n;
  const idx = new Float64Array(rows);
  const order = Array.from({ length: n }, (_v, i) => i);
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    for (let i = 0; i < n; i++) order[i] = i;
    stdSort(order, data.subarray(base, base + n));
    let best = 0;
    let bestI = 0;
    let run = 0;
    for (let i = 0; i < n; i++) {
      run++;
      const v = data[base + order[i]];
      if (i === n - 1 || v !== data[base + order[i + 1]]) {
        if (run > best) {
          best = run;
          bestI = order[i];
        }
        run = 0;
      }
    }
    idx[r] = bestI;
  }
  const outShape = x._shape.filter((_s, i) => i !== d);
  let indices = mk(idx, [...outShape, 1]);
  indices = indices.movedim(-1, d);
  let values = x.gather(d, indices);
  if (!keepdim || nd === 0) {
    values = values.squeeze(d);
    indices = indices.squeeze(d);
  }
  if (nd === 0) {
    values = values.reshape([]);
    indices = indices.reshape([]);
  }
  return new ModeResult(values, indices.contiguous());
}
export const mode = op(
  ['mode(Tensor self, int dim=-1, bool keepdim=False)', 'mode(Tensor self, Dimname dim, bool keepdim=False)'],
  modeImpl,
  {
    samples: (k): OpSample[] => [
      {
        // Distinct values (the mode is then the smallest): ties would make finite differences jump.
        name: 'mode dim=1',
        inputs: () => [k.make([3, 4])],
        fn: (x) => x.mode(1).values,
      },
    ],
  },
);

// ---------------------------------------------------------------- quantile, nanquantile

const INTERPOLATIONS = ['linear', 'lower', 'higher', 'midpoint', 'nearest'];

function quantileImpl(op: 'quantile' | 'nanquantile', self: T, q: T | number, rest: unknown[]): T {
  // Both ops word their errors as quantile() (ATen's quantile_checks).
  const name = 'quantile';
  const [pos, opts] = splitOptions<{ dim: number | null; keepdim: boolean; interpolation: string }>(rest);
  const dim = num((pos[0] as number | null | undefined) ?? opts.dim ?? null);
  const keepdim = (pos[1] as boolean | undefined) ?? opts.keepdim ?? false;
  const interpolation = opts.interpolation ?? 'linear';
  const ignoreNan = op === 'nanquantile';
  q = num(q);
  if (typeof q === 'number') {
    if (!(q >= 0 && q <= 1)) throw new Error(`${name}() q must be in the range [0, 1] but got ${q}`);
    if (self.dtype !== float32 && self.dtype !== float64) {
      throw new Error(`${name}() input tensor must be either float or double dtype`);
    }
    q = Tensor._make(new Float64Array([q]), [], [], 0, float64).to(self.dtype);
  }
  if (self.numel() === 0) throw new Error(`${name}() input tensor must be non-empty`);
  if (q.dim() > 1) throw new Error(`${name}() q must be a scalar or 1D tensor`);
  if (self.dtype !== float32 && self.dtype !== float64) {
    throw new Error(`${name}() input tensor must be either float or double dtype`);
  }
  if (q.dtype !== self.dtype) throw new Error(`${name}() q tensor must be same dtype as the input tensor`);
  if (!INTERPOLATIONS.includes(interpolation)) {
    throw new Error(
      `${name}() interpolation must be one of linear, lower, higher, midpoint or nearest, but got ${interpolation}`,
    );
  }
  const qd = q.detach().to(float64)._data;
  const qc = q.detach().contiguous().to(float64)._data as Float64Array;
  void qd;
  for (const v of qc) {
    if (!(v >= 0 && v <= 1)) throw new Error(`${name}() q values must be in the range [0, 1]`);
  }
  // The output shape: q's dim first, then self's shape reduced over dim (kept as 1 with keepdim).
  let outShape: number[];
  let sorted: T;
  if (dim === null) {
    outShape = keepdim ? self._shape.map(() => 1) : [];
    sorted = self.flatten().sort()[0];
  } else {
    const d = normalizeDim(dim, Math.max(self.dim(), 1));
    outShape = self.dim() === 0 ? [] : [...self._shape];
    if (self.dim() > 0) {
      if (keepdim) outShape[d] = 1;
      else outShape.splice(d, 1);
    }
    const x = self.dim() === 0 ? self.reshape([1]) : self;
    sorted = x.dim() - 1 === d ? x.sort()[0] : x.unsqueeze(-1).transpose(d, -1).sort()[0];
  }
  // sorted: (..., n) viewed as (*reduced, n); q as 1-D.
  const n = sorted._shape[sorted.dim() - 1];
  sorted = sorted.reshape([-1, n]);
  const qv = q.reshape([1, -1]);
  let ranks: T;
  if (ignoreNan) {
    ranks = qv.mul(sorted.isnan().logical_not().sum(-1, true).sub(1));
    ranks = ranks.masked_fill(ranks.lt(0), 0);
  } else {
    const last = n - 1;
    const hasNan = sorted.isnan().any(-1, true);
    const [r, m] = [qv.mul(last), hasNan];
    const shape = [m._shape[0], r._shape[1]];
    ranks = r.expand(shape).masked_fill(m.expand(shape), last);
  }
  if (interpolation === 'lower') ranks = ranks.floor();
  else if (interpolation === 'higher') ranks = ranks.ceil();
  else if (interpolation === 'nearest') ranks = ranks.round();
  const below = ranks.to(int64);
  let values = sorted.gather(-1, below);
  if (interpolation === 'linear' || interpolation === 'midpoint') {
    const weights = interpolation === 'midpoint' ? ranks.mul(0).add(0.5) : ranks.sub(below.to(ranks.dtype));
    const above = ranks.ceil().to(int64);
    values = values.lerp(sorted.gather(-1, above), weights);
  }
  // values: (rows, nq) -> (nq, *outShape) or outShape.
  values = values.transpose(0, 1);
  return q.dim() === 0 ? values.reshape(outShape) : values.reshape([q.numel(), ...outShape]);
}

type Quantile = (self: T, q: T | number, dim?: number | null, keepdim?: boolean, opts?: object) => T;
export const quantile = op(
  [
    "quantile(Tensor self, Tensor q, int? dim=None, bool keepdim=False, *, str interpolation='linear')",
    "quantile(Tensor self, float q, int? dim=None, bool keepdim=False, *, str interpolation='linear')",
  ],
  ((self: T, q: T | number, ...rest: unknown[]): T => quantileImpl('quantile', self, q, rest)) as Quantile,
  {
    samples: (k): OpSample[] => [
      { name: 'quantile q=0.3 dim=1', inputs: () => [k.make([3, 5])], fn: (x) => x.quantile(0.3, 1) },
      {
        name: 'quantile q tensor',
        inputs: () => [k.make([6])],
        fn: (x) => x.quantile(Tensor._make(new Float64Array([0.25, 0.6]), [2], [1], 0, float64)),
      },
    ],
  },
);
export const nanquantile = op(
  [
    "nanquantile(Tensor self, Tensor q, int? dim=None, bool keepdim=False, *, str interpolation='linear')",
    "nanquantile(Tensor self, float q, int? dim=None, bool keepdim=False, *, str interpolation='linear')",
  ],
  ((self: T, q: T | number, ...rest: unknown[]): T => quantileImpl('nanquantile', self, q, rest)) as Quantile,
  {
    samples: (k): OpSample[] => [
      { name: 'nanquantile q=0.7 dim=0', inputs: () => [k.make([4, 3])], fn: (x) => x.nanquantile(0.7, 0) },
    ],
  },
);

// ---------------------------------------------------------------- unique_consecutive

export function unique_consecutiveImpl(
  self: T,
  return_inverse = false,
  return_counts = false,
  dim: number | null = null,
): T | T[] {
  dim = num(dim);
  const x = self.detach();
  let output: T;
  let inverse: T;
  let counts: T;
  if (dim === null || self.dim() === 0) {
    const flat = x.reshape([-1]).contiguous();
    const data = flat.to(float64)._data as Float64Array;
    const keep: number[] = [];
    const cnt: number[] = [];
    const inv = new Float64Array(data.length);
    for (let i = 0; i < data.length; i++) {
      if (i === 0 || !(data[i] === data[i - 1])) {
        keep.push(i);
        cnt.push(0);
      }
      cnt[cnt.length - 1]++;
      inv[i] = keep.length - 1;
    }
    output = flat.index_select(0, mk(Float64Array.from(keep), [keep.length]));
    inverse = mk(inv, [...self._shape]);
    counts = mk(Float64Array.from(cnt), [cnt.length]);
  } else {
    const d = normalizeDim(dim, self.dim());
    const n = self._shape[d];
    const slices = x.movedim(d, 0).contiguous().reshape([n, -1]).to(float64);
    const m = slices._shape[1];
    const data = slices._data as Float64Array;
    const keep: number[] = [];
    const cnt: number[] = [];
    const inv = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let same = i > 0;
      for (let j = 0; same && j < m; j++) if (!(data[i * m + j] === data[(i - 1) * m + j])) same = false;
      if (!same) {
        keep.push(i);
        cnt.push(0);
      }
      cnt[cnt.length - 1]++;
      inv[i] = keep.length - 1;
    }
    output = x.index_select(d, mk(Float64Array.from(keep), [keep.length]));
    inverse = mk(inv, [n]);
    counts = mk(Float64Array.from(cnt), [cnt.length]);
  }
  if (!return_inverse && !return_counts) return output;
  const out = [output];
  if (return_inverse) out.push(inverse);
  if (return_counts) out.push(counts);
  return out;
}
export const unique_consecutive = op(
  'unique_consecutive(Tensor self, bool return_inverse=False, bool return_counts=False, int? dim=None)',
  unique_consecutiveImpl,
);

// ---------------------------------------------------------------- select_scatter, slice_scatter, diagonal_scatter

function checkScatterShape(src: T, slice: T): void {
  const a = src._shape;
  const b = slice._shape;
  if (a.length !== b.length || a.some((s, i) => s !== b[i])) {
    throw new Error(
      `expected src to have a size equal to the slice of self. src size = ${fmtShape(a)}, slice size = ${fmtShape(b)}`,
    );
  }
}

/** A copy of self with src written into the view `view` picks of it (clone, then copy_ into the view). */
function scatterInto(self: T, src: T, view: (t: T) => T): T {
  checkScatterShape(src, view(self));
  const out = self.clone();
  view(out).copy_(src);
  return out;
}

export function select_scatterImpl(self: T, src: T, dim: number, index: number): T {
  [dim, index] = [num(dim), num(index)];
  return scatterInto(self, src, (t) => t.select(dim, index));
}
export const select_scatter = op('select_scatter(Tensor self, Tensor src, int dim, SymInt index)', select_scatterImpl, {
  samples: (k): OpSample[] => [
    {
      name: 'select_scatter dim=1',
      inputs: () => [k.make([3, 4]), k.make([3], { salt: 1 })],
      fn: (x, s) => select_scatterImpl(x, s, 1, 2),
    },
  ],
});

export function slice_scatterImpl(
  self: T,
  src: T,
  dim = 0,
  start: number | null = null,
  end: number | null = null,
  step = 1,
): T {
  [dim, start, end, step] = [num(dim), num(start), num(end), num(step)];
  const d = normalizeDim(dim, self.dim());
  const size = self._shape[d];
  const s = `${start ?? ''}:${end ?? ''}:${step}`;
  const view = (t: T): T => t.index(...self._shape.map((_n, i) => (i === d ? s : ':')));
  void size;
  if (step <= 0) throw new Error('slice step must be positive');
  return scatterInto(self, src, view);
}
export const slice_scatter = op(
  'slice_scatter(Tensor self, Tensor src, int dim=0, SymInt? start=None, SymInt? end=None, SymInt step=1)',
  slice_scatterImpl,
  {
    samples: (k): OpSample[] => [
      {
        name: 'slice_scatter dim=0 1:3',
        inputs: () => [k.make([4, 3]), k.make([2, 3], { salt: 1 })],
        fn: (x, s) => slice_scatterImpl(x, s, 0, 1, 3),
      },
    ],
  },
);

export function diagonal_scatterImpl(self: T, src: T, offset = 0, dim1 = 0, dim2 = 1): T {
  [offset, dim1, dim2] = [num(offset), num(dim1), num(dim2)];
  return scatterInto(self, src, (t) => t.diagonal(offset, dim1, dim2));
}
export const diagonal_scatter = op(
  'diagonal_scatter(Tensor self, Tensor src, int offset=0, int dim1=0, int dim2=1)',
  diagonal_scatterImpl,
  {
    samples: (k): OpSample[] => [
      {
        name: 'diagonal_scatter offset=1',
        inputs: () => [k.make([3, 4]), k.make([3], { salt: 1 })],
        fn: (x, s) => diagonal_scatterImpl(x, s, 1),
      },
    ],
  },
);

// ---------------------------------------------------------------- empty_strided, new_empty_strided

const FACTORY =
  'ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool requires_grad=False';

function emptyStrided(size: readonly number[], stride: readonly number[], dtype: DType, opts?: FactoryOpts): T {
  if (size.length !== stride.length) {
    throw new Error(`dimensionality of sizes (${size.length}) must match dimensionality of strides (${stride.length})`);
  }
  for (const s of size)
    if (s < 0) throw new Error(`Trying to create tensor with negative dimension ${s}: ${fmtShape(size)}`);
  if (stride.some((s) => s < 0)) {
    throw new Error(`Storage size calculation overflowed with sizes=${fmtShape(size)} and strides=${fmtShape(stride)}`);
  }
  const storage = size.some((s) => s === 0) ? 0 : 1 + size.reduce((acc, s, i) => acc + (s - 1) * stride[i], 0);
  const base = zeros([storage], { dtype });
  const out = no_grad(() => base.as_strided([...size], [...stride]));
  const leaf = Tensor._make(out._data, [...size], [...stride], 0, dtype);
  return opts?.requires_grad ? leaf.requires_grad_(true) : leaf;
}

export function empty_stridedImpl(size: readonly number[], stride: readonly number[], opts?: FactoryOpts): T {
  const dtype = opts?.dtype === undefined || opts.dtype === null ? float32Default() : toDType(opts.dtype);
  return emptyStrided(size, stride, dtype, opts);
}
function float32Default(): DType {
  return zeros([0]).dtype;
}
export const empty_strided = fn(`empty_strided(SymInt[] size, SymInt[] stride, *, ${FACTORY})`, empty_stridedImpl);

export const new_empty_strided = method(
  `new_empty_strided(Tensor self, SymInt[] size, SymInt[] stride, *, ${FACTORY})`,
  (self: T, size: readonly number[], stride: readonly number[], opts?: FactoryOpts): T =>
    emptyStrided(
      size,
      stride,
      opts?.dtype === undefined || opts.dtype === null ? self.dtype : toDType(opts.dtype),
      opts,
    ),
);

// ---------------------------------------------------------------- chain_matmul, narrow_copy

let chainWarned = false;
export function chain_matmulImpl(...matrices: T[]): T {
  if (!chainWarned) {
    chainWarned = true;
    emitWarning(
      'torch.chain_matmul is deprecated and will be removed in a future PyTorch release. Use torch.linalg.multi_dot instead, which accepts a list of two or more tensors rather than multiple parameters.',
      'UserWarning',
    );
  }
  if (matrices.length === 0) throw new Error('chain_matmul(): Expected one or more matrices');
  if (matrices.length === 1) {
    if (matrices[0].dim() !== 2) {
      throw new Error(`Tensor dimension is ${matrices[0].dim()}, expected 2 instead.`);
    }
    return matrices[0].clone();
  }
  for (const m of matrices) {
    if (m.dim() !== 2) throw new Error(`Tensor dimension is ${m.dim()}, expected 2 instead.`);
  }
  let out = matrices[0];
  for (let i = 1; i < matrices.length; i++) out = out.mm(matrices[i]);
  return out;
}
const chainMatmulDecl = fn('chain_matmul(Tensor[] matrices)', (matrices: readonly T[]): T =>
  chain_matmulImpl(...matrices),
);
interface ChainMatmul {
  (...matrices: T[]): T;
  (matrices: readonly T[]): T;
}
/** torch.chain_matmul(*matrices): the matrices as arguments (or one array of them). Deprecated. */
export const chain_matmul = ((...args: unknown[]): T =>
  (chainMatmulDecl as unknown as (a: unknown) => T)(
    args.length === 1 && Array.isArray(args[0]) ? args[0] : args,
  )) as ChainMatmul;

export function narrow_copyImpl(self: T, dim: number, start: number, length: number): T {
  [dim, start, length] = [num(dim), num(start), num(length)];
  return self.narrow(dim, start, length).clone();
}
export const narrow_copy = op('narrow_copy(Tensor self, int dim, SymInt start, SymInt length)', narrow_copyImpl);

// ---------------------------------------------------------------- histogram

/** What histogram returns: (hist, bin_edges). */
export class Histogram implements Iterable<Tensor> {
  readonly 0: Tensor;
  readonly 1: Tensor;
  readonly length = 2;

  /** @internal */
  constructor(
    readonly hist: Tensor,
    readonly bin_edges: Tensor,
  ) {
    this[0] = hist;
    this[1] = bin_edges;
  }

  *[Symbol.iterator](): Iterator<Tensor> {
    yield this.hist;
    yield this.bin_edges;
  }

  toString(): string {
    return `torch.return_types.histogram(\nhist=${String(this.hist)},\nbin_edges=${String(this.bin_edges)})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

interface HistOpts {
  range?: readonly number[] | null;
  weight?: T | null;
  density?: boolean;
}

export function histogramImpl(self: T, bins: T | number = 100, opts?: HistOpts): Histogram {
  bins = num(bins);
  if (!self.dtype.is_floating_point) {
    throw new Error(`"histogramdd" not implemented for '${self.dtype.scalarType}'`);
  }
  const weight = opts?.weight ?? null;
  const density = opts?.density ?? false;
  const range = opts?.range ?? null;
  if (weight !== null) {
    if (weight.dtype !== self.dtype) {
      throw new Error(
        `torch.histogramdd: if weight tensor is provided, input tensor and weight tensor should have the same dtype, but got input(${cppName(self.dtype)}), and weight(${cppName(weight.dtype)})`,
      );
    }
    if (weight.dim() !== self.dim() || weight._shape.some((s, i) => s !== self._shape[i])) {
      throw new Error(
        `torch.histogramdd: if weight tensor is provided it should have the same shape as the input tensor excluding its innermost dimension, but got input with shape ${fmtShape([self.numel(), 1])} and weight with shape ${fmtShape(weight._shape)}`,
      );
    }
  }
  const x = self.detach().reshape([-1]).contiguous().to(float64)._data as Float64Array;
  let edges: T;
  let linear: boolean;
  if (typeof bins === 'number') {
    if (bins <= 0) throw new Error('torch.histogram(): bins must be > 0, but got ' + bins + ' for dimension 0');
    let lo: number;
    let hi: number;
    if (range !== null) {
      if (range.length !== 2) {
        throw new Error(
          `torch.histogramdd: for a 1-dimensional histogram range should have 2 elements, but got ${range.length}`,
        );
      }
      [lo, hi] = range;
    } else if (x.length > 0) {
      lo = Infinity;
      hi = -Infinity;
      for (const v of x) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    } else {
      lo = 0;
      hi = 0;
    }
    // The edges in the input's dtype, as ATen makes them (its min/max are of that dtype too).
    lo = self.dtype === float32 ? Math.fround(lo) : lo;
    hi = self.dtype === float32 ? Math.fround(hi) : hi;
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
      throw new Error(`torch.histogramdd: dimension 0's range [${lo}, ${hi}] is not finite`);
    }
    if (!(lo <= hi)) {
      throw new Error(`torch.histogramdd: min should not exceed max, but got min ${lo} max ${hi} for dimension 0`);
    }
    if (lo === hi) {
      lo -= 0.5;
      hi += 0.5;
    }
    // The edges are allocated first (ATen's checks, then its allocator's error for a huge count).
    checkAllocation(self.dtype, [bins + 1]);
    checkAllocation(self.dtype, [bins]);
    edges = linspace(lo, hi, bins + 1, { dtype: self.dtype });
    linear = true;
  } else {
    if (bins.dtype !== self.dtype) {
      throw new Error(
        `torch.histogramdd: input tensor and bins tensors should have the same dtype, but got input with dtype ${cppName(self.dtype)} and bins for dimension 0 with dtype ${cppName(bins.dtype)}`,
      );
    }
    if (bins.dim() !== 1) {
      throw new Error(
        `torch.histogramdd: bins tensor should have one dimension, but got ${bins.dim()} dimensions in the bins tensor for dimension 0`,
      );
    }
    if (bins.numel() === 0) {
      throw new Error(
        'torch.histogramdd: bins tensor should have at least 1 element, but got 0 elements in the bins tensor for dimension 0',
      );
    }
    edges = bins.detach().contiguous();
    linear = false;
  }
  const e = edges.to(float64)._data as Float64Array;
  const nEdges = e.length;
  const nBins = nEdges - 1;
  const hist = new Float64Array(Math.max(nBins, 0));
  const w = weight === null ? null : (weight.detach().reshape([-1]).contiguous().to(float64)._data as Float64Array);
  const lo = e[0];
  const hi = e[nEdges - 1];
  const upper = (from: number, to: number, v: number): number => {
    let a = from;
    let b = to;
    while (a < b) {
      const m = (a + b) >> 1;
      if (e[m] <= v) a = m + 1;
      else b = m;
    }
    return a;
  };
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!(v >= lo && v <= hi)) continue;
    let p: number;
    if (linear) {
      p = Math.trunc(((v - lo) * nBins) / (hi - lo));
      const pmin = Math.max(0, p - 1);
      const pmax = Math.min(p + 2, nEdges);
      p = upper(pmin, pmax, v) - 1;
    } else {
      p = upper(0, nEdges, v) - 1;
    }
    if (p === nBins) p -= 1;
    hist[p] += w === null ? 1 : w[i];
  }
  let h = Tensor._make(hist, [hist.length], [1], 0, float64).to(self.dtype);
  if (density) {
    h = h.div(h.sum()).div(edges.diff());
  }
  return new Histogram(h, edges);
}

type HistogramFn = (self: T, bins?: T | number, opts?: HistOpts) => Histogram;
export const histogram = op(
  [
    'histogram(Tensor self, Tensor bins, *, Tensor? weight=None, bool density=False)',
    'histogram(Tensor self, int bins=100, *, float[]? range=None, Tensor? weight=None, bool density=False)',
  ],
  histogramImpl as HistogramFn,
);
