// Diagonals (diag, diagflat, diag_embed, trace), index helpers (tril_indices, triu_indices,
// meshgrid, cartesian_prod), value-reading ops (unique, bincount, searchsorted, bucketize),
// distances and norms (cdist, linalg.vector_norm / matrix_norm / norm) and kron, with PyTorch's
// nodes where PyTorch has one. Nodes compute their forward from existing ops on detached inputs
// and their backward from differentiable ops, so gradients of gradients work.
//
// The public ops implemented here are declared here too (torch.* functions and Tensor methods and
// torch.linalg functions (as linalg_<name>); op(), fn(), method(), src/ops/declare.ts), each right
// after its implementation: its PyTorch signature and gradcheck samples beside the forward, the
// autograd node (backward formula, saved tensors, JVP and batching rule) and any composite it is
// built from.

import { checkAllocation } from '../tensor/alloc.js';
import { Tensor } from '../tensor/tensor.js';
import { bool, float32, float64, int32, int64, toDType, type DType } from '../tensor/dtype.js';
import { normalizeDim } from '../tensor/shape.js';
import * as K from '../tensor/kernels.js';
import { emitWarning } from '../tensor/warn.js';
import { backend } from '../backend/index.js';
import { apply, defineOp } from '../autograd/op.js';
import { no_grad } from '../autograd/grad_mode.js';
import { normBackward, normForward } from './norm.js';
import { reduceDims, splitOptions } from './reduce.js';
import { unsafeView } from './view.js';
import { stackImpl } from './join.js';
import { op, type OpSample, fn, overloads } from './declare.js';

type T = Tensor;
type Dims = number | readonly number[];

const detached = (xs: readonly T[]): T[] => xs.map((x) => x.detach());

/** A tensor of `shape` (zeros, `x`'s dtype) whose diagonal(offset, dim1, dim2) is `values`. */
function embedDiagonal(values: T, shape: readonly number[], offset: number, dim1: number, dim2: number): T {
  const out = K.full(shape, 0, values.dtype);
  // Written through a view of the fresh result, so its _version stays 0 (as PyTorch's).
  const view = out.diagonal(offset, dim1, dim2);
  if (view.numel() > 0) backend().copy(values.contiguous()._v(), view._v(), false);
  return out;
}

/** Fresh int64/float data as a tensor of `shape`. */
function fromValues(values: readonly number[], shape: readonly number[], dtype: DType): T {
  const arr = new dtype.array(values.length);
  for (let i = 0; i < values.length; i++) arr[i] = values[i];
  const strides: number[] = [];
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return Tensor._make(arr, [...shape], strides, 0, dtype);
}

/** The elements in order, as numbers. */
function valuesOf(x: T): number[] {
  const flat = x.reshape(-1).tolist() as (number | boolean | bigint)[];
  return flat.map(Number);
}

// ---------------------------------------------------------------- diagonals
interface DiagArgs {
  offset: number;
}
const DIAG = defineOp<DiagArgs>({
  node: 'DiagBackward0',
  saves: [],
  forward: ([x], { offset }) => {
    const [v] = detached([x]);
    if (v.dim() === 1) {
      const n = v._shape[0] + Math.abs(offset);
      return embedDiagonal(v, [n, n], offset, 0, 1);
    }
    return v.diagonal(offset).contiguous().clone();
  },
  backward: (g, _s, { args: { offset }, meta }) => {
    const shape = meta[0].shape;
    if (shape.length === 1) return [g.diagonal(offset)];
    return [embedGrad(g, shape, offset, 0, 1)];
  },
});

/** Differentiable embedding of `g` on a diagonal of zeros of `shape` (for backward formulas). */
function embedGrad(g: T, shape: readonly number[], offset: number, dim1: number, dim2: number): T {
  const out = K.full(shape, 0, g.dtype);
  if (!g.requires_grad) {
    no_grad(() => out.diagonal(offset, dim1, dim2).copy_(g));
    return out;
  }
  // Through the diagonal view, so that the result's gradient is g's (CopySlices).
  const o = out.clone();
  o.diagonal(offset, dim1, dim2).copy_(g);
  return o;
}

export function diagImpl(x: T, diagonal = 0): T {
  if (x.dim() !== 1 && x.dim() !== 2) throw new Error('matrix or a vector expected');
  return apply(DIAG, [x], { offset: diagonal });
}

export const diag = op('diag(Tensor self, int diagonal=0)', diagImpl, {
  samples: (k): OpSample[] => [
    k.shaped('diag 1-d', [3], (x) => x.diag()),
    k.shaped('diag 1-d offset', [3], (x) => x.diag(-1)),
    k.shaped('diag 2-d', [3, 4], (x) => x.diag(1)),
    { name: 'diag 2-d transposed', inputs: () => [k.transposed([4, 3])], fn: (x) => x.diag(-1) },
  ],
});

export function diagflatImpl(x: T, offset = 0): T {
  return diagImpl(x.contiguous().view(-1), offset);
}

export const diagflat = op('diagflat(Tensor self, int offset=0)', diagflatImpl, {
  samples: (k): OpSample[] => [k.shaped('diagflat', [2, 2], (x) => x.diagflat(1))],
});

interface DiagEmbedArgs {
  offset: number;
  dim1: number;
  dim2: number;
}
const DIAG_EMBED = defineOp<DiagEmbedArgs>({
  node: 'DiagEmbedBackward0',
  saves: [],
  forward: ([x], { offset, dim1, dim2 }) => {
    const [v] = detached([x]);
    return embedDiagonal(v, diagEmbedShape(v, offset, dim1, dim2), offset, dim1, dim2);
  },
  backward: (g, _s, { args: { offset, dim1, dim2 } }) => [g.diagonal(offset, dim1, dim2)],
});

function diagEmbedShape(x: T, offset: number, dim1: number, dim2: number): number[] {
  const n = (x.dim() === 0 ? 1 : x._shape[x.dim() - 1]) + Math.abs(offset);
  const batch = x._shape.slice(0, -1);
  const shape: number[] = [];
  let b = 0;
  for (let d = 0; d < batch.length + 2; d++) shape.push(d === dim1 || d === dim2 ? n : batch[b++]);
  return shape;
}

export function diag_embedImpl(x: T, offset = 0, dim1 = -2, dim2 = -1): T {
  const ndim = x.dim() + 1;
  const d1 = normalizeDim(dim1, ndim);
  const d2 = normalizeDim(dim2, ndim);
  if (d1 === d2) throw new Error(`diagonal dimensions cannot be identical ${dim1}, ${dim2}`);
  // The output's size is known before any work: a request too large fails at once.
  const m = (x.dim() === 0 ? 1 : x._shape[x.dim() - 1]) + Math.abs(offset);
  const shape = x._shape.slice(0, -1);
  for (const d of [Math.min(d1, d2), Math.max(d1, d2)]) shape.splice(d, 0, m);
  checkAllocation(x.dtype, shape);
  return apply(DIAG_EMBED, [x], { offset, dim1: d1, dim2: d2 });
}

export const diag_embed = op('diag_embed(Tensor self, int offset=0, int dim1=-2, int dim2=-1)', diag_embedImpl, {
  samples: (k): OpSample[] => [
    k.shaped('diag_embed', [2, 3], (x) => x.diag_embed()),
    k.shaped('diag_embed offset dims', [2, 3], (x) => x.diag_embed(1, 0, 2)),
  ],
});

const TRACE = defineOp({
  node: 'TraceBackward0',
  saves: [],
  forward: ([x]) => {
    const [v] = detached([x]);
    return v.diagonal().sum();
  },
  backward: (g, _s, { meta }) => {
    const shape = meta[0].shape;
    const n = Math.min(shape[0], shape[1]);
    return [embedGrad(g.expand(n), shape, 0, 0, 1)];
  },
});

export function traceImpl(x: T): T {
  if (x.dim() !== 2) throw new Error(`trace: expected a matrix, but got tensor with dim ${x.dim()}`);
  if (x.dtype === bool) throw new TypeError(`"trace" not implemented for 'Bool'`);
  return apply(TRACE, [x], undefined);
}

export const trace = op('trace(Tensor self)', traceImpl, {
  samples: (k): OpSample[] => [k.shaped('trace', [3, 4], (x) => x.trace())],
});

// ---------------------------------------------------------------- index helpers
interface IndicesOpts {
  dtype?: DType | string | null;
}
/** The sum over i in [0, n) of min(max(i + a, 0), c), in closed form (n may be huge). */
function clampedSum(n: number, a: number, c: number): number {
  if (n <= 0 || c <= 0) return 0;
  const last = a + n - 1;
  // Terms i + a in [1, c - 1] add themselves; terms at or above c add c.
  const lo = Math.max(a, 1);
  const hi = Math.min(last, c - 1);
  const middle = hi >= lo ? ((lo + hi) * (hi - lo + 1)) / 2 : 0;
  const capped = Math.max(0, last - Math.max(a, c) + 1);
  return middle + capped * c;
}
function triIndices(lower: boolean, row: number, col: number, offset: number, opts?: IndicesOpts): T {
  if (row < 0) throw new Error(`row must be non-negative, got${row}`);
  if (col < 0) throw new Error(`col must be non-negative, got${col}`);
  const dtype = opts?.dtype === undefined || opts.dtype === null ? int64 : toDType(opts.dtype);
  if (dtype.is_floating_point || dtype === bool) {
    throw new TypeError(`"${lower ? 'tril' : 'triu'}_indices" not implemented for '${dtype.scalarType}'`);
  }
  // Row i keeps columns [lo, hi). The count is summed in closed form and checked first, and only the
  // rows that keep a column are visited, so a huge row count with few columns is quick, as in PyTorch.
  const span = (i: number): [number, number] =>
    lower ? [0, Math.min(col, Math.max(0, i + offset + 1))] : [Math.min(col, Math.max(0, i + offset)), col];
  const kept = clampedSum(row, lower ? offset + 1 : offset, col);
  checkAllocation(dtype, [2, lower ? kept : row * col - kept]);
  // tril keeps a column from row -offset on; triu keeps one until row col - offset.
  const first = col === 0 ? row : lower ? Math.max(0, -offset) : 0;
  const end = lower ? row : Math.min(row, Math.max(0, col - offset));
  const rows: number[] = [];
  const cols: number[] = [];
  for (let i = first; i < end; i++) {
    const [lo, hi] = span(i);
    for (let j = lo; j < hi; j++) {
      rows.push(i);
      cols.push(j);
    }
  }
  return fromValues([...rows, ...cols], [2, rows.length], dtype);
}
// Keyword-only options follow the arguments given (signature.ts bind drops trailing defaults).
export function tril_indicesImpl(row: number, col: number, ...rest: unknown[]): T {
  const [pos, opts] = splitOptions<IndicesOpts>(rest);
  return triIndices(true, row, col, (pos[0] as number | undefined) ?? 0, opts);
}

const INDICES_OPTS = 'ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=None';
type TriIndices = (row: number, col: number, offset?: number, opts?: { dtype?: DType | string | null }) => T;
export const tril_indices = fn(
  `tril_indices(int row, int col, int offset=0, *, ${INDICES_OPTS})`,
  tril_indicesImpl as TriIndices,
);
export function triu_indicesImpl(row: number, col: number, ...rest: unknown[]): T {
  const [pos, opts] = splitOptions<IndicesOpts>(rest);
  return triIndices(false, row, col, (pos[0] as number | undefined) ?? 0, opts);
}

export const triu_indices = fn(
  `triu_indices(int row, int col, int offset=0, *, ${INDICES_OPTS})`,
  triu_indicesImpl as TriIndices,
);

const MESHGRID_WARNING =
  'torch.meshgrid: in an upcoming release, it will be required to pass the indexing argument. ' +
  '(Triggered internally at  ./aten/src/ATen/native/TensorShape.cpp:3190.)';
let meshgridWarned = false;

export function meshgridImpl(tensors: readonly T[], indexing?: string | null): T[] {
  if (indexing === undefined || indexing === null) {
    if (!meshgridWarned) {
      meshgridWarned = true;
      emitWarning(MESHGRID_WARNING, 'UserWarning');
    }
    indexing = 'ij';
  }
  if (tensors.length === 0) throw new Error('meshgrid expects a non-empty TensorList');
  for (const t of tensors) {
    if (t.dim() > 1) {
      throw new Error(`torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: ${t.toString()}`);
    }
  }
  for (const t of tensors) {
    if (t.dtype !== tensors[0].dtype) throw new Error('meshgrid expects all tensors to have the same dtype');
  }
  if (indexing !== 'ij' && indexing !== 'xy') {
    throw new Error(`torch.meshgrid: indexing must be one of "xy" or "ij", but received: ${indexing}`);
  }
  const swap = indexing === 'xy' && tensors.length >= 2;
  const sizes = tensors.map((t) => t.numel());
  if (swap) [sizes[0], sizes[1]] = [sizes[1], sizes[0]];
  return tensors.map((t, i) => {
    const at = swap && i < 2 ? 1 - i : i;
    const shape = sizes.map((_s, d) => (d === at ? -1 : 1));
    return t.view(shape).expand(sizes);
  });
}

/** Python's f(*tensors, **kwargs) also taking f([tensors], **kwargs). */
function tensorVarargs(args: readonly unknown[]): unknown[] {
  if (args.length > 0 && args[0] instanceof Tensor) {
    let n = 0;
    while (n < args.length && args[n] instanceof Tensor) n++;
    return [args.slice(0, n), ...args.slice(n)];
  }
  return [...args];
}
const meshgridDecl = fn(
  'meshgrid(Tensor[] tensors, *, str? indexing=None)',
  (tensors: readonly T[], opts: { indexing?: string | null } = {}): T[] => meshgridImpl(tensors, opts.indexing),
  {
    samples: (k, f): OpSample[] => [
      {
        name: 'meshgrid ij',
        inputs: () => [k.make([3]), k.make([2], { salt: 1 })],
        fn: (a, b) => f([a, b], { indexing: 'ij' }),
      },
      {
        name: 'meshgrid xy',
        inputs: () => [k.make([3]), k.make([2], { salt: 1 })],
        fn: (a, b) => f([a, b], { indexing: 'xy' }),
      },
    ],
  },
);
interface Meshgrid {
  (...tensors: T[]): T[];
  (...args: [...T[], { indexing?: 'ij' | 'xy' | null }]): T[];
  (tensors: readonly T[], opts?: { indexing?: 'ij' | 'xy' | null }): T[];
}
export const meshgrid = ((...args: unknown[]): T[] =>
  (meshgridDecl as unknown as (...a: unknown[]) => T[])(...tensorVarargs(args))) as Meshgrid;

export function cartesian_prodImpl(tensors: readonly T[]): T {
  for (const t of tensors) {
    if (t.dim() !== 1) throw new Error(`Expect a 1D vector, but got shape [${t._shape.join(', ')}]`);
  }
  if (tensors.length === 1) return tensors[0];
  return stackImpl(
    meshgridImpl(tensors, 'ij').map((g) => g.flatten()),
    1,
  );
}

const cartesianDecl = fn('cartesian_prod(Tensor[] tensors)', cartesian_prodImpl, {
  samples: (k, f): OpSample[] => [
    { name: 'cartesian_prod', inputs: () => [k.make([3]), k.make([2], { salt: 1 })], fn: (a, b) => f([a, b]) },
  ],
});
interface CartesianProd {
  (...tensors: T[]): T;
  (tensors: readonly T[]): T;
}
export const cartesian_prod = ((...args: unknown[]): T =>
  (cartesianDecl as unknown as (...a: unknown[]) => T)(...tensorVarargs(args))) as CartesianProd;

// ---------------------------------------------------------------- value-reading ops
export function uniqueImpl(
  x: T,
  sorted = true,
  return_inverse = false,
  return_counts = false,
  dim: number | null = null,
): T | T[] {
  if (dim !== null && dim !== undefined)
    return uniqueDim(x, normalizeDim(dim, Math.max(x.dim(), 1)), return_inverse, return_counts);
  void sorted;
  const vals = valuesOf(x);
  const keys = [...new Set(vals)].sort((a, b) => (Number.isNaN(a) ? 1 : Number.isNaN(b) ? -1 : a - b));
  const at = new Map<number, number>();
  keys.forEach((k, i) => at.set(k, i));
  const out = fromValues(keys, [keys.length], x.dtype);
  if (!return_inverse && !return_counts) return out;
  const res = [out];
  const inv = vals.map((v) => at.get(v) as number);
  if (return_inverse) res.push(fromValues(inv, x._shape, int64));
  if (return_counts) {
    const counts = new Array<number>(keys.length).fill(0);
    for (const i of inv) counts[i]++;
    res.push(fromValues(counts, [keys.length], int64));
  }
  return res;
}

type UniqueOpts = { sorted?: boolean; return_inverse?: boolean; return_counts?: boolean; dim?: number | null };
/** unique(): the values alone, or [values, inverse?, counts?] when either is asked for. */
interface Unique {
  (sorted?: boolean): T;
  (sorted: boolean, return_inverse: boolean, return_counts?: boolean, dim?: number | null): T | T[];
  (opts: UniqueOpts & ({ return_inverse: true } | { return_counts: true })): T[];
  (opts: UniqueOpts): T | T[];
}
export const unique = op(
  'unique(Tensor self, bool sorted=True, bool return_inverse=False, bool return_counts=False, int? dim=None)',
  uniqueImpl,
  { types: overloads<Unique>() },
);

function uniqueDim(x: T, dim: number, return_inverse: boolean, return_counts: boolean): T | T[] {
  const n = x._shape[dim];
  const slices = Array.from({ length: n }, (_v, i) => valuesOf(x.select(dim, i)));
  const order = slices.map((_s, i) => i);
  const cmp = (a: number[], b: number[]): number => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
    return 0;
  };
  order.sort((a, b) => cmp(slices[a], slices[b]) || a - b);
  const keep: number[] = [];
  const inv = new Array<number>(n).fill(0);
  const counts: number[] = [];
  for (const i of order) {
    if (keep.length === 0 || cmp(slices[keep[keep.length - 1]], slices[i]) !== 0) {
      keep.push(i);
      counts.push(0);
    }
    inv[i] = keep.length - 1;
    counts[counts.length - 1]++;
  }
  const out = x.detach().index_select(dim, fromValues(keep, [keep.length], int64));
  if (!return_inverse && !return_counts) return out;
  const res = [out];
  if (return_inverse) res.push(fromValues(inv, [n], int64));
  if (return_counts) res.push(fromValues(counts, [counts.length], int64));
  return res;
}

export function bincountImpl(x: T, weights: T | null = null, minlength = 0): T {
  if (x.dtype.is_floating_point || x.dtype === bool) {
    throw new Error(`"bincount_cpu" not implemented for '${x.dtype.scalarType}'`);
  }
  if (minlength < 0) throw new Error('minlength should be >= 0');
  // An empty 1-d input is minlength int64 zeros before the weights are looked at, as in ATen.
  if (x.dim() === 1 && x._shape[0] === 0) {
    checkAllocation(int64, [minlength]);
    return fromValues(new Array<number>(minlength).fill(0), [minlength], int64);
  }
  const vals = valuesOf(x);
  if (x.dim() !== 1 || vals.some((v) => v < 0)) {
    throw new Error('bincount only supports 1-d non-negative integral inputs.');
  }
  if (weights !== null && (weights.dim() !== 1 || weights._shape[0] !== x._shape[0])) {
    throw new Error('weights should be 1-d and have the same length as input');
  }
  let n = minlength;
  for (const v of vals) if (v + 1 > n) n = v + 1;
  checkAllocation(weights === null ? int64 : float64, [n]);
  const out = new Array<number>(n).fill(0);
  if (weights === null) {
    for (const v of vals) out[v]++;
    return fromValues(out, [n], int64);
  }
  const w = valuesOf(weights);
  const dtype = weights.dtype === float32 ? float32 : float64;
  vals.forEach((v, i) => (out[v] += w[i]));
  return fromValues(dtype === float32 ? out.map(Math.fround) : out, [n], dtype);
}

export const bincount = op('bincount(Tensor self, Tensor? weights=None, int minlength=0)', bincountImpl);

interface SearchOpts {
  out_int32?: boolean;
  right?: boolean;
  side?: string | null;
  sorter?: T | null;
}

/** The insertion index of v in row[0..n) (first >= v, or first > v when right). */
function insertion(row: readonly number[], v: number, right: boolean): number {
  let lo = 0;
  let hi = row.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const m = row[mid];
    if (right ? !(m > v) : m < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function searchsortedImpl(seq: T, input: T | number | boolean, opts: SearchOpts = {}): T {
  const side = opts.side ?? null;
  let right = opts.right ?? false;
  if (side !== null) {
    if (side !== 'left' && side !== 'right') {
      throw new Error(`torch.searchsorted(): side can only be 'left' or 'right' but got ${side}`);
    }
    if (right && side === 'left') {
      throw new Error(
        "torch.searchsorted(): side and right can't be set to opposites, got side of left while right was True",
      );
    }
    right = side === 'right';
  }
  const scalar = !(input instanceof Tensor);
  // A scalar is compared in the type both promote to: float32 boundaries round it to float32;
  // integer or bool boundaries keep its value (a bool scalar is 0 or 1).
  const values = scalar
    ? fromValues([seq.dtype === float32 ? Math.fround(Number(input)) : Number(input)], [], float64)
    : input;
  if (values.dim() === 0 && seq.dim() !== 1) {
    throw new Error(
      `torch.searchsorted(): input value can be a scalar only when boundaries tensor dimension is 1, but we got boundaries tensor dim(${seq.dim()}) and input value's dim(${values.dim()}) numel(${values.numel()})`,
    );
  }
  if (seq.dim() !== 1) {
    const same =
      seq.dim() === values.dim() && seq._shape.slice(0, -1).every((s, i) => s === values._shape[i]) && !scalar;
    if (!same) {
      throw new Error(
        `torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 dimensions of boundaries tensor and input value tensor must match, but we got boundaries tensor [${seq._shape.join(', ')}] and input value tensor [${values._shape.join(', ')}]`,
      );
    }
  }
  let sorted = seq;
  if (opts.sorter !== undefined && opts.sorter !== null) sorted = seq.gather(-1, opts.sorter);
  const inner = sorted.dim() === 0 ? 1 : sorted._shape[sorted.dim() - 1];
  const seqVals = valuesOf(sorted);
  const vals = valuesOf(values);
  const perRow = sorted.dim() <= 1 ? vals.length : values.dim() === 0 ? 1 : values._shape[values.dim() - 1];
  const out = vals.map((v, i) => {
    const r = sorted.dim() <= 1 ? 0 : Math.floor(i / perRow);
    return insertion(seqVals.slice(r * inner, (r + 1) * inner), v, right);
  });
  return fromValues(out, values._shape, opts.out_int32 ? int32 : int64);
}

const SEARCH_KW = 'bool out_int32=False, bool right=False, str? side=None, Tensor? sorter=None';
export const searchsorted = fn(
  [
    `searchsorted(Tensor sorted_sequence, Tensor self, *, ${SEARCH_KW})`,
    `searchsorted(Tensor sorted_sequence, Scalar self, *, ${SEARCH_KW})`,
  ],
  searchsortedImpl,
);

export function bucketizeImpl(
  input: T | number | boolean,
  boundaries: T,
  opts: { out_int32?: boolean; right?: boolean } = {},
): T {
  if (boundaries.dim() !== 1) {
    throw new Error(`boundaries tensor must be 1 dimension, but got dim(${boundaries.dim()})`);
  }
  return searchsortedImpl(boundaries, input, { out_int32: opts.out_int32, right: opts.right });
}

export const bucketize = fn(
  [
    'bucketize(Tensor self, Tensor boundaries, *, bool out_int32=False, bool right=False)',
    'bucketize(Scalar self, Tensor boundaries, *, bool out_int32=False, bool right=False)',
  ],
  bucketizeImpl,
);

// ---------------------------------------------------------------- cdist
interface CdistArgs {
  p: number;
}
function cdistForward(x1: T, x2: T, p: number): T {
  const diff = x1.unsqueeze(-2).sub(x2.unsqueeze(-3));
  if (p === 0) return diff.ne(0).to(x1.dtype).sum(-1);
  if (p === Infinity) return diff.abs().amax(-1);
  if (p === 1) return diff.abs().sum(-1);
  if (p === 2) return diff.mul(diff).sum(-1).sqrt();
  return diff
    .abs()
    .pow(p)
    .sum(-1)
    .pow(1 / p);
}
const CDIST = defineOp<CdistArgs>({
  node: 'CdistBackward0',
  saves: ['self', 'other', 'result'],
  forward: ([a, b], { p }) => {
    const [x1, x2] = detached([a, b]);
    return cdistForward(x1, x2, p).contiguous();
  },
  backward: (g, s, { args: { p }, needs }) => {
    const x1 = s.self;
    const x2 = s.other;
    const diff = x1.unsqueeze(-2).sub(x2.unsqueeze(-3));
    const dist = s.result.unsqueeze(-1);
    const gg = g.unsqueeze(-1);
    let gd: T;
    if (p === 0) gd = diff.mul(0);
    else if (p === 1) gd = diff.sign().mul(gg);
    else if (p === 2) gd = gg.mul(diff.div(dist)).where(dist.ne(0), 0);
    else if (p === Infinity) gd = diff.sign().mul(diff.abs().eq(dist)).mul(gg);
    else if (p < 1) {
      gd = diff
        .sign()
        .mul(diff.abs().pow(p - 1))
        .mul(dist.pow(1 - p))
        .mul(gg)
        .where(diff.ne(0).logical_and(dist.ne(0)), 0);
    } else {
      gd = diff
        .sign()
        .mul(diff.abs().pow(p - 1))
        .div(dist.pow(p - 1))
        .mul(gg)
        .where(dist.ne(0), 0);
    }
    return [
      needs[0] ? gd.sum(-2).sum_to_size(x1._shape) : null,
      needs[1] ? gd.sum(-3).neg().sum_to_size(x2._shape) : null,
    ];
  },
});

export function cdistImpl(x1: T, x2: T, p = 2, compute_mode: string | null = null): T {
  void compute_mode;
  if (!x1.dtype.is_floating_point) {
    throw new Error(`cdist only supports floating-point dtypes, X1 got: ${x1.dtype.scalarType}`);
  }
  if (!x2.dtype.is_floating_point) {
    throw new Error(`cdist only supports floating-point dtypes, X2 got: ${x2.dtype.scalarType}`);
  }
  if (x1.dim() < 2) throw new Error(`cdist only supports at least 2D tensors, X1 got: ${x1.dim()}D`);
  if (x2.dim() < 2) throw new Error(`cdist only supports at least 2D tensors, X2 got: ${x2.dim()}D`);
  const c1 = x1._shape[x1.dim() - 1];
  const c2 = x2._shape[x2.dim() - 1];
  if (c1 !== c2) throw new Error(`X1 and X2 must have the same number of columns. X1: ${c1} X2: ${c2}`);
  if (!(p >= 0)) throw new Error('cdist only supports non-negative p values');
  return apply(CDIST, [x1, x2], { p });
}

export const cdist = fn('cdist(Tensor x1, Tensor x2, float p=2, str? compute_mode=None)', cdistImpl, {
  samples: (k, f): OpSample[] => [
    { name: 'cdist p=2', inputs: () => [k.make([3, 2]), k.make([4, 2], { salt: 1 })], fn: (a, b) => f(a, b) },
    {
      name: 'cdist p=1',
      inputs: () => [k.make([3, 2]), k.make([4, 2], { salt: 1 })],
      fn: (a, b) => f(a, b, 1),
      gradgrad: false,
      why: 'sign() has no second derivative at kinks (PyTorch: not implemented)',
    },
    {
      name: 'cdist p=3 batched',
      inputs: () => [k.make([2, 3, 2]), k.make([2, 2, 2], { salt: 1 })],
      fn: (a, b) => f(a, b, 3),
    },
    {
      name: 'cdist p=0.5',
      inputs: () => [k.make([2, 2], { lo: 0.5, hi: 2 }), k.make([2, 2], { lo: -2, hi: -0.5, salt: 1 })],
      fn: (a, b) => f(a, b, 0.5),
    },
  ],
});

// ---------------------------------------------------------------- norms
interface VNormArgs {
  p: number;
  dims: number[];
  keepdim: boolean;
  dtype: DType;
}
const VECTOR_NORM = defineOp<VNormArgs>({
  node: 'LinalgVectorNormBackward0',
  saves: ['self', 'result'],
  forward: ([x], args) => normForward(x.dtype === args.dtype ? x : K.cast(x, args.dtype), args),
  backward: (g, s, { args }) => [normBackward(g, s.self.to(g.dtype), s.result, args)],
});

type DTypeOpt = { dtype?: DType | string | null };
export function vector_norm(x: T, ...args: unknown[]): T {
  const [pos, opts] = splitOptions<DTypeOpt>(args);
  const ord = (pos[0] as number | undefined) ?? 2;
  const dim = (pos[1] as Dims | null | undefined) ?? null;
  const keepdim = (pos[2] as boolean | undefined) ?? false;
  if (!x.dtype.is_floating_point) {
    throw new Error(
      `linalg.vector_norm: Expected a floating point or complex tensor as input. Got ${x.dtype.scalarType}`,
    );
  }
  const dtype = opts.dtype === undefined || opts.dtype === null ? x.dtype : toDType(opts.dtype);
  const dims = reduceDims(x, dim);
  return apply(VECTOR_NORM, [x], { p: ord, dims, keepdim, dtype });
}

export const linalg_vector_norm = fn(
  'linalg_vector_norm(Tensor self, Scalar ord=2, int[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None)',
  vector_norm as (
    self: T,
    ord?: number,
    dim?: number | readonly number[] | null,
    keepdim?: boolean,
    opts?: DTypeOpt,
  ) => T,
  {
    samples: (k, f): OpSample[] => [
      ...k.layouts('linalg.vector_norm', (x) => f(x)),
      ...k.layouts('linalg.vector_norm ord=3 dim=1', (x) => f(x, 3, 1), { scalar: false }),
      ...k.layouts('linalg.vector_norm ord=1 keepdim', (x) => f(x, 1, [0, 1], true), { scalar: false }),
      ...k.layouts('linalg.vector_norm ord=inf', (x) => f(x, Infinity), { scalar: false }),
    ],
  },
);

export function matrix_norm(A: T, ...args: unknown[]): T {
  const [pos, opts] = splitOptions<DTypeOpt>(args);
  const ord = (pos[0] as number | string | undefined) ?? 'fro';
  const dim = (pos[1] as readonly number[] | undefined) ?? [-2, -1];
  const keepdim = (pos[2] as boolean | undefined) ?? false;
  if (A.dim() < 2) throw new Error('linalg.matrix_norm: The input tensor A must have at least 2 dimensions.');
  const [d0, d1] = dim.map((d) => normalizeDim(d, A.dim()));
  if (ord === 'fro') return vector_norm(A, 2, [d0, d1], keepdim, opts);
  if (ord === 1 || ord === -1 || ord === Infinity || ord === -Infinity) {
    const x = opts.dtype === undefined || opts.dtype === null ? A : A.to(toDType(opts.dtype));
    // Sum over rows (ord ±1) or columns (ord ±inf), then the max (or min) of those sums.
    const [sumDim, maxDim0] = ord === 1 || ord === -1 ? [d0, d1] : [d1, d0];
    const maxDim = !keepdim && sumDim < maxDim0 ? maxDim0 - 1 : maxDim0;
    const sums = vector_norm(x, 1, sumDim, keepdim);
    return ord > 0 ? sums.amax(maxDim, keepdim) : sums.amin(maxDim, keepdim);
  }
  if (ord === 'nuc' || ord === 2 || ord === -2) {
    throw new Error(`linalg.matrix_norm: Order ${ord} needs singular values, which tensorgrad does not compute yet.`);
  }
  throw new Error(`linalg.matrix_norm: Order ${ord} not supported.`);
}

export const linalg_matrix_norm = fn(
  [
    "linalg_matrix_norm(Tensor self, str ord='fro', int[] dim=[-2,-1], bool keepdim=False, *, ScalarType? dtype=None)",
    'linalg_matrix_norm(Tensor self, Scalar ord, int[] dim=[-2,-1], bool keepdim=False, *, ScalarType? dtype=None)',
  ],
  matrix_norm as (self: T, ord?: number | string, dim?: readonly number[], keepdim?: boolean, opts?: DTypeOpt) => T,
  {
    samples: (k, f): OpSample[] => [
      ...k.layouts('linalg.matrix_norm fro', (x) => f(x), { scalar: false }),
      ...k.layouts('linalg.matrix_norm ord=1', (x) => f(x, 1), { scalar: false }),
      {
        name: 'linalg.matrix_norm ord=-inf batched keepdim',
        inputs: () => [k.make([2, 3, 4])],
        fn: (x) => f(x, -Infinity, [-2, -1], true),
      },
    ],
  },
);

export function linalg_normImpl(A: T, ...args: unknown[]): T {
  const [pos, opts] = splitOptions<DTypeOpt>(args);
  const ord = (pos[0] as number | string | null | undefined) ?? null;
  const dim = (pos[1] as Dims | null | undefined) ?? null;
  const keepdim = (pos[2] as boolean | undefined) ?? false;
  if (dim !== null && dim !== undefined) {
    const dims = typeof dim === 'number' ? [dim] : [...dim];
    if (dims.length === 2) return matrix_norm(A, ord ?? 'fro', dims, keepdim, opts);
    return vector_norm(A, (ord as number | null) ?? 2, dims, keepdim, opts);
  }
  if (ord === null || ord === undefined) return vector_norm(A, 2, null, keepdim, opts);
  if (A.dim() !== 1 && A.dim() !== 2) {
    throw new Error(`linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got ${A.dim()}D.`);
  }
  if (A.dim() === 2) return matrix_norm(A, ord, [-2, -1], keepdim, opts);
  return vector_norm(A, ord as number, null, keepdim, opts);
}

export const linalg_norm = fn(
  [
    'linalg_norm(Tensor self, Scalar? ord=None, int[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None)',
    'linalg_norm(Tensor self, str ord, int[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None)',
  ],
  linalg_normImpl as (
    self: T,
    ord?: number | string | null,
    dim?: number | readonly number[] | null,
    keepdim?: boolean,
    opts?: DTypeOpt,
  ) => T,
  {
    samples: (k, f): OpSample[] => [
      ...k.layouts('linalg.norm', (x) => f(x)),
      { name: 'linalg.norm ord=inf matrix', inputs: () => [k.make([3, 4])], fn: (x) => f(x, Infinity) },
    ],
  },
);

// ---------------------------------------------------------------- kron
export function kronImpl(a: T, b: T): T {
  const n = Math.max(a.dim(), b.dim());
  const sa = [...new Array<number>(n - a.dim()).fill(1), ...a._shape];
  const sb = [...new Array<number>(n - b.dim()).fill(1), ...b._shape];
  const ra: number[] = [];
  const rb: number[] = [];
  for (let i = 0; i < n; i++) {
    ra.push(sa[i], 1);
    rb.push(1, sb[i]);
  }
  const prod = a.reshape(ra).mul(b.reshape(rb));
  return unsafeView(
    prod.contiguous(),
    sa.map((s, i) => s * sb[i]),
  );
}

export const kron = op('kron(Tensor self, Tensor other)', kronImpl, {
  samples: (k): OpSample[] => [
    { name: 'kron', inputs: () => [k.make([2, 3]), k.make([2, 2], { salt: 1 })], fn: (a, b) => a.kron(b) },
    { name: 'kron ranks differ', inputs: () => [k.make([3]), k.make([2, 2], { salt: 1 })], fn: (a, b) => a.kron(b) },
  ],
});
