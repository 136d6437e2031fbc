// Ops that move elements around: flip, rot90, roll, repeat (and tile), tril/triu. Each result is a new
// tensor, read from the input through absolute offsets (offsets.ts) by the backend's take.
//
// The public ops implemented here are declared here too (torch.* functions and Tensor methods; op(), fn(), method(), src/ops/declare.ts), each right after its implementation:
// its PyTorch signature and gradcheck samples beside the forward, the autograd node (backward
// formula, saved tensors, JVP and batching rule) and any composite it is built from.

import { checkAllocation } from '../tensor/alloc.js';
import { backend } from '../backend/index.js';
import { bool } from '../tensor/dtype.js';
import { formatShape, normalizeDim } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import * as K from '../tensor/kernels.js';
import { elementOffsets, outerSum, stridedFactor } from './offsets.js';
import { apply, applyInplace, defineOp, type OpDef } from '../autograd/op.js';
import { op, type OpSample, overloads, method } from './declare.js';

/** A new contiguous tensor of `shape` holding x's elements at the given offsets. */
function takeInto(x: Tensor, shape: readonly number[], offsets: Int32Array): Tensor {
  const out = K.empty(shape, x.dtype);
  backend().take(x._data, offsets, out._data);
  return out;
}

/** Accepts f(0, 1), f([0, 1]) and f(0). */
function intList(args: readonly (number | readonly number[])[]): number[] {
  return args.length === 1 && Array.isArray(args[0]) ? [...(args[0] as number[])] : (args as number[]);
}

/** Normalized dims, with PyTorch's error for a dim given twice. */
function distinctDims(dims: readonly number[], ndim: number): number[] {
  const out = dims.map((d) => normalizeDim(d, ndim));
  out.forEach((d, i) => {
    if (out.indexOf(d) !== i) throw new RangeError(`dim ${d} appears multiple times in the list of dims`);
  });
  return out;
}

// ---------------------------------------------------------------- flip

const FLIP: OpDef<{ dims: number[] }> = defineOp<{ dims: number[] }>({
  node: 'FlipBackward0',
  batch: ([x], _b, a) => apply(FLIP, [x], { dims: a.dims.map((d) => d + 1) }),
  jvp: 'linear',
  forward: ([x], { dims }) =>
    takeInto(
      x,
      x._shape,
      outerSum(
        x._offset,
        x._shape.map((s, d) => {
          const f = stridedFactor(s, x._strides[d]);
          return dims.includes(d) ? f.reverse() : f;
        }),
      ),
    ),
  backward: (g, _s, { args }) => [flipImpl(g, args.dims)],
});

/** x with the order of elements reversed along each of dims. */
export function flipImpl(x: Tensor, ...dims: (number | readonly number[])[]): Tensor {
  return apply(FLIP, [x], { dims: distinctDims(intList(dims), x.dim()) });
}

type T = Tensor;
type Sizes = readonly number[];

interface SizesFn {
  (...dims: number[]): T;
  (dims: Sizes): T;
}
export const flip = op('flip(Tensor self, int[] dims)', flipImpl, {
  types: overloads<SizesFn>(),
  samples: (k): OpSample[] => [
    { name: 'flip', inputs: () => [k.make([2, 3, 4])], fn: (x) => x.flip(0, 2) },
    { name: 'flip transposed', inputs: () => [k.transposed([3, 4])], fn: (x) => x.flip(1) },
  ],
});

/** flip along dim 1 (left/right). */
export function fliplrImpl(x: Tensor): Tensor {
  if (x.dim() < 2) throw new RangeError('Input must be >= 2-d.');
  return flipImpl(x, [1]);
}

export const fliplr = op('fliplr(Tensor self)', fliplrImpl);

/** flip along dim 0 (up/down). */
export function flipudImpl(x: Tensor): Tensor {
  if (x.dim() < 1) throw new RangeError('Input must be >= 1-d.');
  return flipImpl(x, [0]);
}

export const flipud = op('flipud(Tensor self)', flipudImpl);

// ---------------------------------------------------------------- rot90

interface Rot90Args {
  /** Quarter turns, in 0..3. */
  k: number;
  dims: [number, number];
}

/**
 * rot90 as PyTorch composes it (k = 1: flip dims[1], then swap the two dims), read through a
 * strided geometry with a negative stride for each flipped dim.
 */
function rotatedOffsets(x: Tensor, { k, dims }: Rot90Args): { shape: number[]; offsets: Int32Array } {
  const [d0, d1] = dims;
  const flipped = k === 1 ? [d1] : k === 2 ? [d0, d1] : k === 3 ? [d0] : [];
  const shape = [...x._shape];
  const strides = [...x._strides];
  let offset = x._offset;
  for (const d of flipped) {
    if (shape[d] > 0) offset += (shape[d] - 1) * strides[d];
    strides[d] = -strides[d];
  }
  if (k % 2 === 1) {
    [shape[d0], shape[d1]] = [shape[d1], shape[d0]];
    [strides[d0], strides[d1]] = [strides[d1], strides[d0]];
  }
  return {
    shape,
    offsets: outerSum(
      offset,
      shape.map((s, d) => stridedFactor(s, strides[d])),
    ),
  };
}

const ROT90: OpDef<Rot90Args> = defineOp<Rot90Args>({
  node: 'Rot90Backward0',
  batch: ([x], _b, a) => apply(ROT90, [x], { k: a.k, dims: [a.dims[0] + 1, a.dims[1] + 1] }),
  jvp: 'linear',
  forward: ([x], args) => {
    const { shape, offsets } = rotatedOffsets(x, args);
    return takeInto(x, shape, offsets);
  },
  backward: (g, _s, { args }) => [apply(ROT90, [g], { k: (4 - args.k) % 4, dims: args.dims })],
});

/** x rotated by k quarter turns in the plane of dims (from the first towards the second). */
export function rot90Impl(x: Tensor, k = 1, dims: readonly number[] = [0, 1]): Tensor {
  const n = x.dim();
  if (dims.length !== 2) throw new RangeError(`expected total rotation dims == 2, but got dims = ${dims.length}`);
  if (n < 2) throw new RangeError(`expected total dims >= 2, but got total dims = ${n}`);
  const [a, b] = dims;
  if (a === b || Math.abs(a - b) === n) {
    throw new RangeError(`expected rotation dims to be different, but got dim0 = ${a} and dim1 = ${b}`);
  }
  if (a >= n || a < -n) throw new RangeError(`Rotation dim0 out of range, dim0 = ${a}`);
  if (b >= n || b < -n) throw new RangeError(`Rotation dim1 out of range, dim1 = ${b}`);
  return apply(ROT90, [x], { k: ((k % 4) + 4) % 4, dims: [normalizeDim(a, n), normalizeDim(b, n)] });
}

export const rot90 = op('rot90(Tensor self, int k=1, int[] dims=[0,1])', rot90Impl, {
  samples: (k): OpSample[] => [
    // rearranging
    { name: 'rot90', inputs: () => [k.make([3, 4])], fn: (x) => x.rot90() },
    { name: 'rot90 k=3 dims', inputs: () => [k.make([2, 3, 4])], fn: (x) => x.rot90(3, [2, 0]) },
  ],
});

// ---------------------------------------------------------------- roll

interface RollArgs {
  shifts: number[];
  /** null: roll the flattened tensor by shifts[0]. */
  dims: number[] | null;
}

/** Offsets of x's elements read at position (i - shift) mod n along each rolled dim. */
function rolledOffsets(x: Tensor, { shifts, dims }: RollArgs): Int32Array {
  if (dims === null) {
    const flat = elementOffsets(x);
    const n = flat.length;
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = flat[(((i - shifts[0]) % n) + n) % n];
    return out;
  }
  const shiftOf = new Array<number>(x.dim()).fill(0);
  dims.forEach((d, i) => (shiftOf[d] += shifts[i]));
  return outerSum(
    x._offset,
    x._shape.map((n, d) => {
      const f = new Int32Array(n);
      for (let i = 0; i < n; i++) f[i] = ((((i - shiftOf[d]) % n) + n) % n) * x._strides[d];
      return f;
    }),
  );
}

const ROLL: OpDef<RollArgs> = defineOp<RollArgs>({
  node: 'RollBackward0',
  // Under vmap, the flattened form rolls each example's flattening.
  batch: ([x], _b, a) =>
    a.dims === null
      ? apply(ROLL, [x.reshape([x._shape[0], -1])], { shifts: a.shifts, dims: [1] }).reshape(x._shape)
      : apply(ROLL, [x], { shifts: a.shifts, dims: a.dims.map((d) => d + 1) }),
  jvp: 'linear',
  forward: ([x], args) => takeInto(x, x._shape, rolledOffsets(x, args)),
  backward: (g, _s, { args }) => [apply(ROLL, [g], { shifts: args.shifts.map((s) => -s), dims: args.dims })],
});

/** x with elements shifted cyclically along dims (the flattened tensor when dims is omitted). */
export function rollImpl(
  x: Tensor,
  shifts: number | readonly number[],
  dims?: number | readonly number[] | null,
): Tensor {
  const s = typeof shifts === 'number' ? [shifts] : [...shifts];
  const d = dims === undefined || dims === null ? [] : typeof dims === 'number' ? [dims] : [...dims];
  if (s.length === 0) throw new RangeError('`shifts` required');
  if (d.length === 0 && s.length === 1) return apply(ROLL, [x], { shifts: s, dims: null });
  if (s.length !== d.length) {
    throw new RangeError(`shifts and dimensions must align. shifts: ${s.length}, dims:${d.length}`);
  }
  if (x.dim() === 0) throw new RangeError(`Dimension specified as ${d[0]} but tensor has no dimensions`);
  return apply(ROLL, [x], { shifts: s, dims: d.map((k) => normalizeDim(k, x.dim())) });
}

export const roll = op('roll(Tensor self, int[1] shifts, int[1] dims=[])', rollImpl, {
  samples: (k): OpSample[] => [
    { name: 'roll dims', inputs: () => [k.make([3, 4])], fn: (x) => x.roll([1, -3], [0, 1]) },
    { name: 'roll flattened transposed', inputs: () => [k.transposed([3, 4])], fn: (x) => x.roll(5) },
  ],
});

// ---------------------------------------------------------------- repeat, tile

/** repeat's output shape: leading new dims of their repeat count, then size * repeat (0, never -0, for size 0). */
function repeatedShape(shape: readonly number[], repeats: readonly number[]): number[] {
  const lead = repeats.length - shape.length;
  return repeats.map((r, k) => (k < lead ? r : shape[k - lead] === 0 ? 0 : r * shape[k - lead]));
}

const REPEAT: OpDef<{ repeats: number[] }> = defineOp<{ repeats: number[] }>({
  node: 'RepeatBackward0',
  // Leading new dims go after the batch dim: the example gets them as size-1 dims first.
  batch: ([x], _b, a) => {
    const lead = a.repeats.length - (x.dim() - 1);
    const padded = x.reshape([x._shape[0], ...new Array<number>(lead).fill(1), ...x._shape.slice(1)]);
    return apply(REPEAT, [padded], { repeats: [1, ...a.repeats] });
  },
  jvp: 'linear',
  forward: ([x], { repeats }) => {
    const lead = repeats.length - x.dim();
    const shape = repeatedShape(x._shape, repeats);
    // An empty result has no elements to index (and a huge dim beside a 0 has no table to build).
    if (shape.includes(0)) return K.empty(shape, x.dtype);
    const factors = shape.map((n, k) => {
      const f = new Int32Array(n);
      if (k < lead) return f;
      const size = x._shape[k - lead];
      const stride = x._strides[k - lead];
      for (let i = 0; i < n; i++) f[i] = (i % size) * stride;
      return f;
    });
    return takeInto(x, shape, outerSum(x._offset, factors));
  },
  // Each input element received the gradient of every copy: view the gradient as
  // [r0, s0, r1, s1, ...] (leading new dims as [r]) and sum over the r's. A negative repeat (which
  // PyTorch accepts for a dim of size 0, the product being 0) splits as 0.
  backward: (g, _s, { args, meta }) => {
    const shape = meta[0].shape;
    const lead = args.repeats.length - shape.length;
    const split: number[] = [];
    const summed: number[] = [];
    args.repeats.forEach((r, k) => {
      summed.push(split.length);
      split.push(Math.max(r, 0));
      if (k >= lead) split.push(shape[k - lead]);
    });
    return [g.reshape(split).sum(summed)];
  },
});

/** x tiled `repeats` times along each dim (new leading dims when repeats is longer). */
export function repeatImpl(x: Tensor, ...repeats: (number | readonly number[])[]): Tensor {
  if (repeats.length === 0) throw new TypeError('repeat() missing 1 required positional arguments: "repeats"');
  const r = intList(repeats);
  if (r.length < x.dim()) {
    throw new RangeError('Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor');
  }
  const shape = repeatedShape(x._shape, r);
  if (shape.some((n) => n < 0)) {
    throw new RangeError(
      `Trying to create tensor with negative dimension ${shape.find((n) => n < 0)}: ${formatShape(shape)}`,
    );
  }
  checkAllocation(x.dtype, shape);
  return apply(REPEAT, [x], { repeats: r });
}

interface SizesFnOverloads {
  (...sizes: number[]): Tensor;
  (sizes: Sizes): Tensor;
}
export const repeat = method(
  'repeat(Tensor self, SymInt[] repeats)',
  (self: Tensor, repeats: Sizes): Tensor => repeatImpl(self, repeats),
  {
    types: overloads<SizesFnOverloads>(),
    samples: (k): OpSample[] => [
      { name: 'repeat', inputs: () => [k.make([2, 3])], fn: (x) => x.repeat(2, 1, 3) },
      { name: 'repeat 0-d', inputs: () => [k.make([])], fn: (x) => x.repeat(3) },
    ],
  },
);

/** repeat, with dims padded by leading 1s when fewer than x's dims are given. */
export function tileImpl(x: Tensor, ...dims: (number | readonly number[])[]): Tensor {
  const d = intList(dims);
  const padded = [...new Array<number>(Math.max(x.dim() - d.length, 0)).fill(1), ...d];
  return repeatImpl(x, padded);
}

export const tile = op('tile(Tensor self, int[] dims)', tileImpl, {
  types: overloads<SizesFn>(),
  samples: (k): OpSample[] => [{ name: 'tile', inputs: () => [k.transposed([2, 3])], fn: (x) => x.tile(2) }],
});

// ---------------------------------------------------------------- tril, triu

interface TriArgs {
  diagonal: number;
}

/** Bool [rows, cols] mask of the kept triangle: j - i <= k (lower) or j - i >= k (upper). */
function triangle(rows: number, cols: number, k: number, lower: boolean): Tensor {
  const data = new Uint8Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) data[i * cols + j] = (lower ? j - i <= k : j - i >= k) ? 1 : 0;
  }
  return Tensor._make(data, [rows, cols], [cols, 1], 0, bool);
}

function triDef(node: string, lower: boolean) {
  const def: OpDef<TriArgs> = defineOp<TriArgs>({
    node,
    // The last two dims, whatever leads them.
    batch: ([x], _b, a) => apply(def, [x], a),
    jvp: 'linear',
    forward: ([x], { diagonal }) => {
      const keep = triangle(x._shape[x.dim() - 2], x._shape[x.dim() - 1], diagonal, lower);
      return K.where(keep, x, K.full([], 0, x.dtype), x.dtype);
    },
    backward: (g, _s, { args }) => [lower ? trilImpl(g, args.diagonal) : triuImpl(g, args.diagonal)],
  });
  return def;
}
const TRIL = triDef('TrilBackward0', true);
const TRIU = triDef('TriuBackward0', false);

function checkMatrix(x: Tensor): void {
  if (x.dim() === 0) throw new RangeError('Dimension specified as -2 but tensor has no dimensions');
  normalizeDim(-2, x.dim());
}

/** The lower triangle (j - i <= diagonal) of the last two dims; the rest zeroed. */
export function trilImpl(x: Tensor, diagonal = 0): Tensor {
  checkMatrix(x);
  return apply(TRIL, [x], { diagonal });
}

export const tril = op('tril(Tensor self, int diagonal=0)', trilImpl, {
  inplace: tril_,
  samples: (k): OpSample[] => [
    { name: 'tril', inputs: () => [k.make([3, 4])], fn: (x) => x.tril() },
    { name: 'tril batched offset', inputs: () => [k.make([2, 3, 3])], fn: (x) => x.tril(-1) },
  ],
});

export function tril_(x: Tensor, diagonal = 0): Tensor {
  checkMatrix(x);
  return applyInplace(TRIL, x, [], { diagonal });
}

/** The upper triangle (j - i >= diagonal) of the last two dims; the rest zeroed. */
export function triuImpl(x: Tensor, diagonal = 0): Tensor {
  checkMatrix(x);
  return apply(TRIU, [x], { diagonal });
}

export const triu = op('triu(Tensor self, int diagonal=0)', triuImpl, {
  inplace: triu_,
  samples: (k): OpSample[] => [
    { name: 'triu offset', inputs: () => [k.transposed([4, 3])], fn: (x) => x.triu(1) },
    { name: 'triu_ on clone', inputs: () => [k.make([3, 3])], fn: (x) => x.clone().triu_() },
  ],
});

export function triu_(x: Tensor, diagonal = 0): Tensor {
  checkMatrix(x);
  return applyInplace(TRIU, x, [], { diagonal });
}
