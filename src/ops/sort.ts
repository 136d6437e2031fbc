// Ordering: sort, argsort, msort, topk, kthvalue, median, nanmedian. Values are ordered as
// PyTorch's CPU kernels order them: NaN above +inf, -0 equal to 0, and equal values keep their
// index order (a stable sort). Backward formulas follow tools/autograd/derivatives.yaml (1.13):
// the gradient goes back to the selected positions (value_selecting_reduction_backward), or for
// the median of everything, is shared by the elements equal to it (evenly_distribute_backward).
//
// The public ops implemented here are declared here too (torch.* functions and Tensor methods;
// op(), fn(), method(), src/ops/declare.ts), each right after its implementation: its PyTorch
// signature and gradcheck samples beside the forward, the autograd node (backward formula, saved
// tensors, JVP and batching rule) and any composite it is built from.

import { backend } from '../backend/index.js';
import { bool, int64, type TypedArray } from '../tensor/dtype.js';
import { contiguousStrides, normalizeDim } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import * as K from '../tensor/kernels.js';
import { apply, defineOp } from '../autograd/op.js';
import { scatterImpl } from './gather.js';
import { notImplemented } from './pointwise/promote.js';
import {
  ValuesIndices,
  batchedSelection,
  evenlyDistribute,
  evenlyDistributedTangent,
  selectedTangent,
} from './minmax.js';
import { op, type Kwargs, type OpSample, overloads } from './declare.js';

/** x along `dim` as contiguous rows (dim moved last): the data, the row length and row count. */
function rowsOf(x: Tensor, dim: number): { data: TypedArray; len: number; rows: number } {
  const view = K.dimLastView(x, dim);
  const data = new x.dtype.array(x.numel());
  backend().copy(
    view,
    { data, shape: view.shape, strides: contiguousStrides(view.shape), offset: 0, dtype: x.dtype.name },
    false,
  );
  const len = x.shape[dim];
  return { data, len, rows: len === 0 ? 0 : x.numel() / len };
}

/** Ascending order with NaN last; 0 for equal values (the sort is stable). */
function ascending(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  const na = a !== a;
  return na === (b !== b) ? 0 : na ? 1 : -1;
}

/**
 * The first `k` positions of each row of x along dim in sorted order (descending: largest first,
 * NaN first), as values and int64 indices shaped like x with dim of size k.
 */
function ordered(x: Tensor, dim: number, k: number, descending: boolean): [Tensor, Tensor] {
  if (x.dim() === 0) return scalarCase(ordered(x.detach().reshape([1]), 0, k, descending));
  const { data, len, rows } = rowsOf(x, dim);
  const values = new x.dtype.array(rows * k);
  const indices = new Float64Array(rows * k);
  const order = new Uint32Array(len);
  for (let r = 0; r < rows; r++) {
    const base = r * len;
    for (let i = 0; i < len; i++) order[i] = i;
    if (descending) order.sort((i, j) => ascending(data[base + j], data[base + i]) || i - j);
    else order.sort((i, j) => ascending(data[base + i], data[base + j]) || i - j);
    for (let i = 0; i < k; i++) {
      values[r * k + i] = data[base + order[i]];
      indices[r * k + i] = order[i];
    }
  }
  const shape = x.shape.map((s, d) => (d === dim ? k : s));
  return [
    K.contiguous(K.fromDimLast(values, shape, dim, x.dtype)),
    K.contiguous(K.fromDimLast(indices, shape, dim, int64)),
  ];
}

/**
 * The order libstdc++'s std::nth_element leaves `q` in (introselect: median-of-three partitions, an
 * insertion sort of the last three or fewer, a heap select past the depth limit), with `before` as
 * its comparator: ATen's topk with sorted=False keeps that order of the first k (topk_impl_loop).
 */
function nthElement(q: Pair[], nth: number, before: (a: Pair, b: Pair) => boolean): void {
  const swap = (i: number, j: number): void => {
    const t = q[i];
    q[i] = q[j];
    q[j] = t;
  };
  let first = 0;
  let last = q.length;
  if (first === last || nth === last) return;
  let depth = 2 * Math.floor(Math.log2(last - first));
  while (last - first > 3) {
    if (depth === 0) {
      heapSelect(q, first, nth + 1, last, before);
      swap(first, nth);
      return;
    }
    depth--;
    // __unguarded_partition_pivot: the median of first + 1, mid and last - 1 moved to first.
    const a = first + 1;
    const b = first + Math.floor((last - first) / 2);
    const c = last - 1;
    if (before(q[a], q[b])) {
      if (before(q[b], q[c])) swap(first, b);
      else if (before(q[a], q[c])) swap(first, c);
      else swap(first, a);
    } else if (before(q[a], q[c])) swap(first, a);
    else if (before(q[b], q[c])) swap(first, c);
    else swap(first, b);
    let lo = first + 1;
    let hi = last;
    for (;;) {
      while (before(q[lo], q[first])) lo++;
      hi--;
      while (before(q[first], q[hi])) hi--;
      if (!(lo < hi)) break;
      swap(lo, hi);
      lo++;
    }
    if (lo <= nth) first = lo;
    else last = lo;
  }
  // __insertion_sort
  for (let i = first + 1; i < last; i++) {
    const v = q[i];
    if (before(v, q[first])) {
      for (let j = i; j > first; j--) q[j] = q[j - 1];
      q[first] = v;
    } else {
      let j = i;
      while (before(v, q[j - 1])) {
        q[j] = q[j - 1];
        j--;
      }
      q[j] = v;
    }
  }
}

/** libstdc++'s __heap_select: a heap of [first, middle) keeps the first middle - first in order. */
function heapSelect(
  q: Pair[],
  first: number,
  middle: number,
  last: number,
  before: (a: Pair, b: Pair) => boolean,
): void {
  const len = middle - first;
  // __make_heap
  if (len >= 2) {
    for (let parent = Math.floor((len - 2) / 2); parent >= 0; parent--) {
      heapAdjust(q, first, len, parent, q[first + parent], before);
    }
  }
  for (let i = middle; i < last; i++) {
    if (before(q[i], q[first])) {
      // __pop_heap: the top goes to i, i's value sifts in from the root.
      const v = q[i];
      q[i] = q[first];
      heapAdjust(q, first, len, 0, v, before);
    }
  }
}

/** libstdc++'s __adjust_heap on the heap q[first, first + len): sift the hole down, then push value up. */
function heapAdjust(
  q: Pair[],
  first: number,
  len: number,
  hole: number,
  value: Pair,
  before: (a: Pair, b: Pair) => boolean,
): void {
  const top = hole;
  let child = hole;
  while (child < Math.trunc((len - 1) / 2)) {
    child = 2 * (child + 1);
    if (before(q[first + child], q[first + child - 1])) child--;
    q[first + hole] = q[first + child];
    hole = child;
  }
  if ((len & 1) === 0 && child === Math.trunc((len - 2) / 2)) {
    child = 2 * (child + 1);
    q[first + hole] = q[first + child - 1];
    hole = child - 1;
  }
  let parent = Math.trunc((hole - 1) / 2);
  while (hole > top && before(q[first + parent], value)) {
    q[first + hole] = q[first + parent];
    hole = parent;
    parent = Math.trunc((hole - 1) / 2);
  }
  q[first + hole] = value;
}

type Pair = [number | bigint, number];

/** libstdc++'s std::partial_sort: a heap select of the first `middle`, then __sort_heap. */
function partialSort(q: Pair[], middle: number, before: (a: Pair, b: Pair) => boolean): void {
  heapSelect(q, 0, middle, q.length, before);
  for (let last = middle - 1; last > 0; last--) {
    // __pop_heap(first, last, last): the top to last, last's value sifted in over [0, last).
    const v = q[last];
    q[last] = q[0];
    heapAdjust(q, 0, last, 0, v, before);
  }
}

/**
 * topk with sorted=False as ATen computes it (topk_impl_loop, libstdc++'s algorithms): for
 * k * 64 > n, nth_element and the first k in the order it leaves; otherwise partial_sort (sorted,
 * ties in the heap's order).
 */
function unsortedTopk(x: Tensor, dim: number, k: number, largest: boolean): [Tensor, Tensor] | null {
  const len = x.dim() === 0 ? 1 : x.shape[dim];
  if (k === 0) return null;
  if (x.dim() === 0) return scalarCase(ordered(x.detach().reshape([1]), 0, k, largest));
  const nan = (v: number | bigint): boolean => v !== v;
  const before = largest
    ? (a: Pair, b: Pair): boolean => (nan(a[0]) && !nan(b[0])) || a[0] > b[0]
    : (a: Pair, b: Pair): boolean => (!nan(a[0]) && nan(b[0])) || a[0] < b[0];
  const { data, rows } = rowsOf(x, dim);
  const values = new x.dtype.array(rows * k);
  const indices = new Float64Array(rows * k);
  for (let r = 0; r < rows; r++) {
    const q: Pair[] = [];
    for (let i = 0; i < len; i++) q.push([data[r * len + i], i]);
    if (k * 64 <= len) partialSort(q, k, before);
    else nthElement(q, k - 1, before);
    for (let i = 0; i < k; i++) {
      values[r * k + i] = q[i][0] as number;
      indices[r * k + i] = q[i][1];
    }
  }
  const shape = x.shape.map((s, d) => (d === dim ? k : s));
  return [
    K.contiguous(K.fromDimLast(values, shape, dim, x.dtype)),
    K.contiguous(K.fromDimLast(indices, shape, dim, int64)),
  ];
}

/** One value and index per row of x along dim, shaped as a reduction over dim. */
function perRow(x: Tensor, dim: number, keepdim: boolean, values: TypedArray, indices: Float64Array): [Tensor, Tensor] {
  const shape = x.shape.map((s, d) => (d === dim ? 1 : s));
  const shaped = (t: Tensor): Tensor => (keepdim ? t : t.squeeze(dim));
  return [
    shaped(K.contiguous(K.fromDimLast(values, shape, dim, x.dtype))),
    shaped(K.contiguous(K.fromDimLast(indices, shape, dim, int64))),
  ];
}

/** A 0-d input's results, computed on it as one element. */
function scalarCase([values, indices]: [Tensor, Tensor]): [Tensor, Tensor] {
  return [values.reshape([]), indices.reshape([])];
}

interface SelectArgs {
  dim: number;
  keepdim: boolean;
  indices: Tensor;
}

// value_selecting_reduction_backward: zeros with the gradient scattered to the selected positions.
function selectingBackward(g: Tensor, { dim, keepdim, indices }: SelectArgs, shape: readonly number[]): Tensor {
  const zeros = K.full(shape, 0, g.dtype);
  if (shape.length === 0) return g.reshape([]);
  if (keepdim) return scatterImpl(zeros, dim, indices, g);
  return scatterImpl(zeros, dim, indices.unsqueeze(dim), g.unsqueeze(dim));
}

function selecting(node: string) {
  return defineOp<SelectArgs & { values: Tensor }>({
    node,
    forward: (_x, { values }) => values,
    jvp: ([t], _s, { args }) => selectedTangent(t!, args.dim, args.keepdim, args.indices),
    backward: (g, _s, { args, meta }) => [selectingBackward(g, args, meta[0].shape)],
  });
}

const SORT = selecting('SortBackward0');
const SORT_STABLE = selecting('SortBackward1');
const TOPK = selecting('TopkBackward0');
const KTHVALUE = selecting('KthvalueBackward0');
const MEDIAN_DIM = selecting('MedianBackward1');
const NANMEDIAN_DIM = selecting('NanmedianBackward1');

function select(
  op: ReturnType<typeof selecting>,
  x: Tensor,
  values: Tensor,
  indices: Tensor,
  dim: number,
  keepdim: boolean,
): Tensor {
  return apply(op, [x], { dim, keepdim, indices, values });
}

function checkDim(x: Tensor, dim: number): number {
  return normalizeDim(dim, x.dim());
}

/** The trailing options object of a PyTorch-style call, split from the positional arguments. */
function split<O extends object>(args: unknown[]): [unknown[], Partial<O>] {
  const last = args[args.length - 1];
  if (last !== null && typeof last === 'object' && !(last instanceof Tensor))
    return [args.slice(0, -1), last as Partial<O>];
  return [args, {}];
}

// ---------------------------------------------------------------- sort, argsort, msort

interface SortOpts {
  dim?: number;
  descending?: boolean;
  stable?: boolean | null;
}

/** torch.sort(x, dim=-1, descending=false, { stable }) → (values, indices). */
export function sortImpl(x: Tensor, ...args: unknown[]): ValuesIndices {
  const [pos, o] = split<SortOpts>(args);
  const dim = checkDim(x, (pos[0] as number | undefined) ?? o.dim ?? -1);
  const descending = (pos[1] as boolean | undefined) ?? o.descending ?? false;
  const len = x.dim() === 0 ? 1 : x.shape[dim];
  if (x._bt !== null && x.dim() > 0) {
    return batchedSelection('sort', x, (p) => sortImpl(p, dim + 1, descending, { stable: o.stable }));
  }
  const [values, indices] = ordered(x, dim, len, descending);
  const op = o.stable === undefined ? SORT : SORT_STABLE;
  return new ValuesIndices('sort', select(op, x, values, indices, dim, true), indices);
}

type T = Tensor;

type Sort = (self: T, dim?: number, descending?: boolean, opts?: { stable?: boolean | null } & Kwargs) => ValuesIndices;
export const sort = op(
  [
    'sort(Tensor self, int dim=-1, bool descending=False)',
    'sort(Tensor self, *, bool? stable, int dim=-1, bool descending=False)',
  ],
  sortImpl as Sort,
  {
    samples: (k): OpSample[] => [
      ...k.layouts('sort dim=-1 values', (x) => x.sort(-1).values),
      ...k.layouts('sort dim=0 descending values', (x) => x.sort(0, true).values),
    ],
  },
);

/** torch.argsort(x, dim=-1, descending=false, { stable }): the indices of sort. */
export function argsortImpl(x: Tensor, ...args: unknown[]): Tensor {
  return sortImpl(x, ...args).indices;
}

export const argsort = op(
  [
    'argsort(Tensor self, *, bool stable, int dim=-1, bool descending=False)',
    'argsort(Tensor self, int dim=-1, bool descending=False)',
    'argsort(Tensor self, Dimname dim, bool descending=False)',
  ],
  argsortImpl as (self: T, dim?: number, descending?: boolean, opts?: Kwargs) => T,
);

/** torch.msort(x): sorted along the first dim. */
export function msortImpl(x: Tensor): Tensor {
  return sortImpl(x, 0).values;
}

export const msort = op('msort(Tensor self)', msortImpl, {
  samples: (k, f): OpSample[] => [...k.layouts('msort', (x) => f(x), { scalar: false })],
});

// ---------------------------------------------------------------- topk, kthvalue

interface TopkOpts {
  dim?: number;
  largest?: boolean;
  sorted?: boolean;
}

/** torch.topk(x, k, dim=-1, largest=true, sorted=true) → (values, indices). */
export function topkImpl(x: Tensor, k: number, ...args: unknown[]): ValuesIndices {
  const [pos, o] = split<TopkOpts>(args);
  const dim = checkDim(x, (pos[0] as number | undefined) ?? o.dim ?? -1);
  const largest = (pos[1] as boolean | undefined) ?? o.largest ?? true;
  const len = x.dim() === 0 ? 1 : x.shape[dim];
  if (!(k >= 0 && k <= len)) throw new RangeError('selected index k out of range');
  if (x.dtype === bool) throw notImplemented('topk_cpu', x.dtype);
  if (x._bt !== null && x.dim() > 0) {
    return batchedSelection('topk', x, (p) => topkImpl(p, k, dim + 1, largest, { sorted: o.sorted }));
  }
  const sorted = (pos[2] as boolean | undefined) ?? o.sorted ?? true;
  const [values, indices] = (!sorted && unsortedTopk(x, dim, k, largest)) || ordered(x, dim, k, largest);
  return new ValuesIndices('topk', select(TOPK, x, values, indices, dim, true), indices);
}

export const topk = op(
  'topk(Tensor self, int k, int dim=-1, bool largest=True, bool sorted=True)',
  topkImpl as (self: T, k: number, dim?: number, largest?: boolean, sorted?: boolean) => ValuesIndices,
  {
    samples: (k): OpSample[] => [
      ...k.layouts('topk k=2 values', (x) => x.topk(2).values, { scalar: false }),
      ...k.layouts('topk k=2 dim=0 smallest values', (x) => x.topk(2, 0, false).values, { scalar: false }),
    ],
  },
);

interface KeepdimOpts {
  dim?: number;
  keepdim?: boolean;
}

/**
 * The k-th smallest (from 1) along dim, with its index, of every row, by ATen's quick select
 * (median-of-three pivots), which decides which of several equal values is reported.
 */
function kth(x: Tensor, dim: number, k: number, keepdim: boolean): [Tensor, Tensor] {
  if (x.dim() === 0) return scalarCase(kth(x.detach().reshape([1]), 0, k, true));
  const { data, len, rows } = rowsOf(x, dim);
  const values = new x.dtype.array(rows);
  const indices = new Float64Array(rows);
  const v = new Float64Array(len);
  const ix = new Float64Array(len);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < len; i++) {
      v[i] = data[r * len + i];
      ix[i] = i;
    }
    quickSelect(v, ix, k - 1);
    values[r] = v[k - 1];
    indices[r] = ix[k - 1];
  }
  return perRow(x, dim, keepdim, values, indices);
}

/** a > b, with NaN above everything. */
function gtOrNaN(a: number, b: number): boolean {
  return (a !== a && b === b) || a > b;
}

/** Moves the k-th smallest of v to v[k] (ATen's quick_select_template), permuting ix alike. */
function quickSelect(v: Float64Array, ix: Float64Array, k: number): void {
  const swap = (a: number, b: number): void => {
    const t = v[a];
    v[a] = v[b];
    v[b] = t;
    const u = ix[a];
    ix[a] = ix[b];
    ix[b] = u;
  };
  let L = 0;
  let R = v.length - 1;
  for (;;) {
    if (R <= L) return;
    if (R === L + 1) {
      if (gtOrNaN(v[L], v[R])) swap(L, R);
      return;
    }
    const P = L + Math.floor((R - L) / 2);
    swap(P, L + 1);
    if (gtOrNaN(v[L + 1], v[R])) swap(L + 1, R);
    if (gtOrNaN(v[L], v[R])) swap(L, R);
    if (gtOrNaN(v[L + 1], v[L])) swap(L + 1, L);
    let i = L + 1;
    let j = R;
    const piv = v[L];
    for (;;) {
      do i++;
      while (gtOrNaN(piv, v[i]));
      do j--;
      while (gtOrNaN(v[j], piv));
      if (j < i) break;
      swap(i, j);
    }
    swap(L, j);
    if (j <= k) L = i;
    if (j >= k) R = j - 1;
  }
}

/** torch.kthvalue(x, k, dim=-1, keepdim=false) → (values, indices): the k-th smallest. */
export function kthvalueImpl(x: Tensor, k: number, ...args: unknown[]): ValuesIndices {
  const [pos, o] = split<KeepdimOpts>(args);
  const dim = checkDim(x, (pos[0] as number | undefined) ?? o.dim ?? -1);
  const keepdim = (pos[1] as boolean | undefined) ?? o.keepdim ?? false;
  const len = x.dim() === 0 ? 1 : x.shape[dim];
  if (!(k >= 1 && k <= len)) throw new RangeError(`kthvalue(): selected number k out of range for dimension ${dim}`);
  if (x._bt !== null && x.dim() > 0)
    return batchedSelection('kthvalue', x, (p) => kthvalueImpl(p, k, dim + 1, keepdim));
  const [values, indices] = kth(x, dim, k, keepdim);
  return new ValuesIndices('kthvalue', select(KTHVALUE, x, values, indices, dim, keepdim), indices);
}

export const kthvalue = op(
  [
    'kthvalue(Tensor self, int k, int dim=-1, bool keepdim=False)',
    'kthvalue(Tensor self, int k, Dimname dim, bool keepdim=False)',
  ],
  kthvalueImpl as (self: T, k: number, dim?: number, keepdim?: boolean) => ValuesIndices,
  {
    samples: (k): OpSample[] => [
      ...k.layouts('kthvalue k=2 values', (x) => x.kthvalue(2).values, { scalar: false }),
      ...k.layouts('kthvalue k=1 dim=0 keepdim values', (x) => x.kthvalue(1, 0, true).values),
    ],
  },
);

// ---------------------------------------------------------------- median, nanmedian

/** The lower median of each row (NaN when the row has one, or for nanmedian when all are NaN). */
function medianRows(x: Tensor, dim: number, keepdim: boolean, skipNaN: boolean): [Tensor, Tensor] {
  if (x.dim() === 0) return scalarCase(medianRows(x.detach().reshape([1]), 0, true, skipNaN));
  const { data, len, rows } = rowsOf(x, dim);
  const values = new x.dtype.array(rows);
  const indices = new Float64Array(rows);
  const order = new Uint32Array(len);
  for (let r = 0; r < rows; r++) {
    const base = r * len;
    for (let i = 0; i < len; i++) order[i] = i;
    order.sort((i, j) => ascending(data[base + i], data[base + j]) || i - j);
    let n = len;
    if (skipNaN) while (n > 0 && data[base + order[n - 1]] !== data[base + order[n - 1]]) n--;
    // median: a NaN sorts last, so a row with one has it as its median (the first NaN).
    const firstNaN = skipNaN ? -1 : order.findIndex((i) => data[base + i] !== data[base + i]);
    const at = n === 0 ? 0 : firstNaN >= 0 ? firstNaN : (n - 1) >> 1;
    values[r] = data[base + order[at]];
    indices[r] = order[at];
  }
  return perRow(x, dim, keepdim, values, indices);
}

const MEDIAN_ALL = defineOp<{ skipNaN: boolean }>({
  node: 'MedianBackward0',
  saves: ['self', 'result'],
  forward: ([x], { skipNaN }) => medianAll(x, skipNaN),
  jvp: evenlyDistributedTangent,
  backward: (g, s) => [evenlyDistribute(g, s.self, s.result)],
});
const NANMEDIAN_ALL = defineOp<{ skipNaN: boolean }>({ ...MEDIAN_ALL, node: 'NanmedianBackward0' });

function medianAll(x: Tensor, skipNaN: boolean): Tensor {
  if (x.numel() === 0) return K.full([], NaN, x.dtype);
  return medianRows(x.reshape(-1), 0, false, skipNaN)[0];
}

function medianOf(name: 'median' | 'nanmedian', x: Tensor, args: unknown[]): Tensor | ValuesIndices {
  const skipNaN = name === 'nanmedian';
  if (x.dtype === bool) throw notImplemented(`${name}_cpu`, x.dtype);
  const [pos, o] = split<KeepdimOpts>(args);
  const d = (pos[0] as number | undefined) ?? o.dim;
  if (d === undefined) return apply(skipNaN ? NANMEDIAN_ALL : MEDIAN_ALL, [x], { skipNaN });
  const dim = checkDim(x, d);
  const keepdim = (pos[1] as boolean | undefined) ?? o.keepdim ?? false;
  if (x.dim() > 0 && x.shape[dim] === 0) {
    throw new RangeError(`${name}(): Expected reduction dim ${dim} to have non-zero size.`);
  }
  if (x._bt !== null && x.dim() > 0) {
    return batchedSelection(name, x, (p) => medianOf(name, p, [dim + 1, keepdim]) as ValuesIndices);
  }
  const [values, indices] = medianRows(x, dim, keepdim, skipNaN);
  const op = skipNaN ? NANMEDIAN_DIM : MEDIAN_DIM;
  return new ValuesIndices(name, select(op, x, values, indices, dim, keepdim), indices);
}

/** median() → the lower median (NaN if any); median(dim, keepdim?) → (values, indices). */
export function medianImpl(x: Tensor, ...args: unknown[]): Tensor | ValuesIndices {
  return medianOf('median', x, args);
}

const MEDIAN = <N extends string>(name: N) =>
  [
    `${name}(Tensor self)`,
    `${name}(Tensor self, int dim, bool keepdim=False)`,
    `${name}(Tensor self, Dimname dim, bool keepdim=False)`,
  ] as const;
interface Median {
  (): T;
  (dim: number, keepdim?: boolean): ValuesIndices;
  (opts: { dim: number; keepdim?: boolean }): ValuesIndices;
  (...args: unknown[]): T | ValuesIndices;
}
export const median = op(MEDIAN('median'), medianImpl, {
  types: overloads<Median>(),
  samples: (k): OpSample[] => [
    ...k.layouts('median', (x) => x.median()),
    ...k.layouts('median dim=1 values', (x) => x.median(1).values, { scalar: false }),
  ],
});

/** nanmedian(): median ignoring NaN (NaN only when every element is). */
export function nanmedianImpl(x: Tensor, ...args: unknown[]): Tensor | ValuesIndices {
  return medianOf('nanmedian', x, args);
}

export const nanmedian = op(MEDIAN('nanmedian'), nanmedianImpl, {
  types: overloads<Median>(),
  samples: (k): OpSample[] => [...k.layouts('nanmedian dim=0 keepdim values', (x) => x.nanmedian(0, true).values)],
});
