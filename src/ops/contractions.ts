// Contractions and vector products built on the products of linalg.ts: tensordot and inner (a
// permute, reshape and mm, as ATen computes them), cross and torch.linalg.cross (their own node,
// LinalgCrossBackward0, as in PyTorch), and dist (the norm of the difference, DistBackward0).
//
// The public ops implemented here are declared here too (torch.* functions and Tensor methods;
// op(), fn(), method(), src/ops/declare.ts), each right after its implementation: its PyTorch
// signature and gradcheck samples beside the forward, the autograd node (backward formula, saved
// tensors, JVP and batching rule) and any composite it is built from.

import { int64 } from '../tensor/dtype.js';
import { broadcastShapes, formatShape, normalizeDim, shapeEquals } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import * as K from '../tensor/kernels.js';
import { no_grad } from '../autograd/grad_mode.js';
import { apply, defineOp } from '../autograd/op.js';
import { mmImpl } from './linalg.js';
import { normBackward, normForward } from './norm.js';
import { resultType } from './pointwise.js';
import { padBatched } from './view.js';
import { fn, op, type OpSample } from './declare.js';

type T = Tensor;

// ---------------------------------------------------------------- tensordot, inner

/**
 * ATen's tensordot: a's free dims then its contracted ones, b's contracted dims then its free ones,
 * each reshaped to a matrix; one mm, reshaped to the free dims.
 */
export function tensordotImpl(a: T, b: T, dimsA: readonly number[], dimsB: readonly number[]): T {
  if (dimsA.length !== dimsB.length) throw new RangeError('both dimension lists should have same length');
  const ca = dimsA.map((d) => normalizeDim(d, a.dim()));
  const cb = dimsB.map((d) => normalizeDim(d, b.dim()));
  // A size-1 dim contracted against any size is summed out of the other operand first, as in ATen.
  let x = a;
  let y = b;
  let size = 1;
  ca.forEach((da, i) => {
    const sa = a._shape[da];
    const sb = b._shape[cb[i]];
    if (sb === 1) x = x.sum(da, true);
    else if (sa === 1) y = y.sum(cb[i], true);
    else if (sa !== sb) {
      throw new RangeError(
        `contracted dimensions need to match, but first has size ${sa} in dim ${dimsA[i]} and second has size ${sb} in dim ${dimsB[i]}`,
      );
    } else size *= sa;
  });
  const freeA = [...Array(a.dim()).keys()].filter((d) => !ca.includes(d));
  const freeB = [...Array(b.dim()).keys()].filter((d) => !cb.includes(d));
  const m = freeA.reduce((n, d) => n * a._shape[d], 1);
  const n = freeB.reduce((k, d) => k * b._shape[d], 1);
  const pa = x.permute([...freeA, ...ca]).reshape(m, size);
  const pb = y.permute([...cb, ...freeB]).reshape(size, n);
  return mmImpl(pa, pb).reshape([...freeA.map((d) => a._shape[d]), ...freeB.map((d) => b._shape[d])]);
}

type Dims = number | readonly [readonly number[], readonly number[]] | readonly number[][] | T;

/** A dims value in a message, as Python prints it. */
function shownDims(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (Array.isArray(v)) return `[${v.map(shownDims).join(', ')}]`;
  return String(v);
}

/** One of the two dim lists: a list of ints (PyTorch's 'dims_self' / 'dims_other' parameters). */
function dimList(v: unknown, name: string, position: number): number[] {
  if (!Array.isArray(v) || !v.every((d) => Number.isInteger(d))) {
    const type = Array.isArray(v) ? 'Array' : v === null ? 'null' : typeof v;
    throw new TypeError(`tensordot(): argument '${name}' (position ${position}) must be tuple of ints, not ${type}`);
  }
  return v as number[];
}

/** Python's torch.tensordot(a, b, dims=2): dims as a count, a pair of dim lists, or a tensor of either. */
function tensordotDims(a: T, b: T, dims: Dims | undefined): T {
  let d: unknown = dims === undefined ? 2 : dims;
  if (d instanceof Tensor) d = d.dim() === 0 ? Number(d.item()) : d.tolist();
  if (typeof d === 'number' && Number.isInteger(d)) {
    if (d < 0) throw new RangeError(`tensordot expects dims >= 0, but got dims=${d}`);
    const count = d;
    return tensordotImpl(
      a,
      b,
      Array.from({ length: count }, (_v, i) => i - count),
      Array.from({ length: count }, (_v, i) => i),
    );
  }
  if (!Array.isArray(d)) {
    throw new TypeError(
      `tensordot expects dims to be int or Tuple[List[int], List[int]] or List[List[int]] containing two lists, but got dims=${shownDims(d)}`,
    );
  }
  if (d.length !== 2) {
    throw new RangeError(
      d.length < 2
        ? `not enough values to unpack (expected 2, got ${d.length})`
        : 'too many values to unpack (expected 2)',
    );
  }
  return tensordotImpl(a, b, dimList(d[0], 'dims_self', 3), dimList(d[1], 'dims_other', 4));
}

export const tensordot = fn('tensordot(Tensor a, Tensor b, Any dims=2)', tensordotDims, {
  samples: (k, f): OpSample[] => [
    {
      name: 'tensordot dims 2',
      inputs: () => [k.make([2, 3, 4]), k.make([3, 4, 2], { salt: 1 })],
      fn: (a, b) => f(a, b),
    },
    {
      name: 'tensordot dim lists, transposed',
      inputs: () => [k.transposed([3, 4]), k.make([4, 2, 3], { salt: 1 })],
      fn: (a, b) =>
        f(a, b, [
          [0, 1],
          [2, 0],
        ]),
    },
    {
      name: 'tensordot dims 0 (outer product)',
      inputs: () => [k.make([2]), k.make([3], { salt: 1 })],
      fn: (a, b) => f(a, b, 0),
    },
  ],
});

/** torch.inner: the sum over the last dims (a product with a 0-d operand). */
export function innerImpl(a: T, b: T): T {
  if (a.dim() === 0 || b.dim() === 0) return a.mul(b);
  const la = a._shape[a.dim() - 1];
  const lb = b._shape[b.dim() - 1];
  if (la !== lb) {
    throw new RangeError(
      `inner() the last dimension must match on both input tensors but got shapes ${formatShape(a._shape)} and ${formatShape(b._shape)}`,
    );
  }
  return tensordotImpl(a, b, [-1], [-1]);
}

export const inner = op('inner(Tensor self, Tensor other)', innerImpl, {
  samples: (k, f): OpSample[] => [
    {
      name: 'inner [2, 3] . [4, 3]',
      inputs: () => [k.make([2, 3]), k.make([4, 3], { salt: 1 })],
      fn: (a, b) => f(a, b),
    },
    { name: 'inner 0-d', inputs: () => [k.make([2, 3]), k.make([], { salt: 1 })], fn: (a, b) => f(a, b) },
  ],
});

// ---------------------------------------------------------------- cross

// The components a cross product pairs: c_i = a_{i+1} b_{i+2} - a_{i+2} b_{i+1}.
function crossForward(a: T, b: T, dim: number): T {
  const next = K.empty([3], int64);
  const after = K.empty([3], int64);
  next._data.set([1, 2, 0]);
  after._data.set([2, 0, 1]);
  return a
    .index_select(dim, next)
    .mul(b.index_select(dim, after))
    .sub(a.index_select(dim, after).mul(b.index_select(dim, next)));
}

const CROSS = defineOp<{ dim: number }>({
  node: 'LinalgCrossBackward0',
  saves: ['self', 'other'],
  forward: ([a, b], { dim }) => no_grad(() => crossForward(a, b, dim)),
  // d(a × b) = da × b + a × db; the gradients are other × grad and grad × self.
  backward: (g, s, { args, needs }) => [
    needs[0] ? crossImpl(s.other, g, args.dim) : null,
    needs[1] ? crossImpl(g, s.self, args.dim) : null,
  ],
  jvp: ([ta, tb], p, { args }) => {
    const parts = [ta && crossImpl(ta, p.other, args.dim), tb && crossImpl(p.self, tb, args.dim)];
    const present = parts.filter((t): t is T => t !== null && t !== undefined);
    return present.length === 2 ? present[0].add(present[1]) : present[0];
  },
  // The dim counted from the end, which broadcasting lines up whatever has a batch dim.
  batch: ([a, b], _b, { dim }) => crossForward(a, b, dim),
});

/** linalg.cross's checks and broadcasting; dim is wrapped against the (same) number of dims. */
function crossImpl(a: T, b: T, dim: number): T {
  if (a.dim() !== b.dim()) throw new RangeError('linalg.cross: inputs must have the same number of dimensions.');
  const d = normalizeDim(dim, a.dim());
  if (a._shape[d] !== 3 || b._shape[d] !== 3) {
    throw new RangeError(
      `linalg.cross: inputs dimension ${d} must have length 3. Got ${a._shape[d]} and ${b._shape[d]}`,
    );
  }
  if (a.dtype !== b.dtype)
    throw new TypeError(`expected scalar type ${a.dtype.scalarType} but found ${b.dtype.scalarType}`);
  const shape = broadcastShapes(a._shape, b._shape);
  const full = (t: T): T => (shapeEquals(t._shape, shape) ? t : t.expand(shape));
  // Negative, so that the batching rule's physical values (batch dim first) take the same dim.
  return apply(CROSS, [full(a), full(b)], { dim: d - a.dim() });
}

/** torch.cross: without dim, the first dim of size 3 (PyTorch's deprecated default, kept in 2.x). */
export function crossTorch(a: T, b: T, dim?: number | null): T {
  if (dim === undefined || dim === null) {
    const first = a._shape.indexOf(3);
    if (first < 0) throw new RangeError('no dimension of size 3 in input');
    return crossImpl(a, b, first);
  }
  return crossImpl(a, b, dim);
}

export const cross = op('cross(Tensor self, Tensor other, int? dim=None)', crossTorch, {
  samples: (k, f): OpSample[] => [
    { name: 'cross default dim', inputs: () => [k.make([2, 3]), k.make([2, 3], { salt: 1 })], fn: (a, b) => f(a, b) },
    {
      name: 'cross dim 0 broadcast',
      inputs: () => [k.make([3, 1]), k.transposed([3, 2], { salt: 1 })],
      fn: (a, b) => f(a, b, 0),
    },
  ],
});

export const linalg_cross = fn(
  'linalg_cross(Tensor self, Tensor other, *, int dim=-1)',
  (a: T, b: T, opts?: { dim?: number }): T => crossImpl(a, b, opts?.dim ?? -1),
  {
    samples: (k, f): OpSample[] => [
      { name: 'linalg.cross', inputs: () => [k.make([2, 3]), k.make([1, 3], { salt: 1 })], fn: (a, b) => f(a, b) },
    ],
  },
);

// ---------------------------------------------------------------- dist

const DIST = defineOp<{ p: number }>({
  node: 'DistBackward0',
  saves: ['self', 'other', 'result'],
  forward: ([a, b], { p }) => {
    const diff = K.binary('sub', a, b, resultType(a, b));
    return normForward(diff, { p, dims: [...Array(diff.dim()).keys()], keepdim: false });
  },
  // norm_backward of the difference, for self; its negation for other (reduced to each one's shape).
  backward: (g, s, { args, needs }) => {
    const diff = s.self.sub(s.other);
    const dims = [...Array(diff.dim()).keys()];
    const grad = normBackward(g, diff, s.result, { p: args.p, dims, keepdim: false }) ?? diff.mul(0);
    return [needs[0] ? grad : null, needs[1] ? grad.neg() : null];
  },
  // The norm of each example's difference (both lined up to the same logical rank first).
  batch: ([a, b], [ba, bb], { p }) => {
    const rank = Math.max(a.dim() - (ba ? 1 : 0), b.dim() - (bb ? 1 : 0));
    const diff = (ba ? padBatched(a, rank) : a).sub(bb ? padBatched(b, rank) : b);
    return diff.reshape(diff._shape[0], -1).norm(p, 1);
  },
});

/** torch.dist: the p-norm of input - other (broadcast), its own node as in PyTorch. */
export function distImpl(a: T, b: T, p: number = 2): T {
  if (typeof p === 'boolean')
    throw new TypeError('norm_kernel_tensor_iterator_impl expects norm to be integer or float');
  const dtype = resultType(a, b);
  if (!dtype.is_floating_point) {
    throw new TypeError(
      `norm(): input dtype should be either floating point or complex. Got ${dtype.scalarType} instead.`,
    );
  }
  broadcastShapes(a._shape, b._shape);
  return apply(DIST, [a, b], { p });
}

export const dist = op('dist(Tensor self, Tensor other, Scalar p=2)', distImpl, {
  samples: (k, f): OpSample[] => [
    { name: 'dist p 2 broadcast', inputs: () => [k.make([2, 3]), k.make([3], { salt: 1 })], fn: (a, b) => f(a, b) },
    { name: 'dist p 1', inputs: () => [k.make([4]), k.make([4], { salt: 1 })], fn: (a, b) => f(a, b, 1) },
    { name: 'dist p 3', inputs: () => [k.make([4]), k.make([4], { salt: 1 })], fn: (a, b) => f(a, b, 3) },
    { name: 'dist p inf', inputs: () => [k.make([4]), k.make([4], { salt: 1 })], fn: (a, b) => f(a, b, Infinity) },
  ],
});
