// Slicing views: select, narrow (slice), as_strided, diagonal, and the multi-output unbind,
// split and chunk. Like every view, results share storage and the version counter with their
// input (see view.ts for makeView and Note [In-place on views]).
//
// The public ops implemented here are declared here too (torch.* functions and Tensor methods;
// op(), fn(), method(), src/ops/declare.ts), each right after its implementation: its PyTorch
// signature and gradcheck samples beside the forward, the autograd node (backward formula, saved
// tensors, JVP and batching rule) and any composite it is built from.

import { formatShape, normalizeDim, numel } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import * as K from '../tensor/kernels.js';
import { apply, applyMulti, defineOp, type OpDef } from '../autograd/op.js';
import { catImpl, stackImpl } from './join.js';
import { embedDef } from './embed.js';
import { makeView } from './view.js';
import { op, type OpSample } from './declare.js';

const SELECT_BACKWARD = embedDef('SelectBackwardBackward0');
const SLICE_BACKWARD = embedDef('SliceBackwardBackward0');
const DIAGONAL_BACKWARD = embedDef('DiagonalBackwardBackward0');

const SELECT = defineOp<{ dim: number; index: number }>({
  node: 'SelectBackward0',
  batch: ([x], _b, { dim, index }): Tensor => apply(SELECT, [x], { dim: dim + 1, index }),
  jvp: 'linear',
  forward: ([x], { dim, index }) => {
    const shape = x._shape.filter((_, d) => d !== dim);
    const strides = x._strides.filter((_, d) => d !== dim);
    return makeView(x, shape, strides, x._offset + index * x._strides[dim]);
  },
  backward: (g, _s, { args, meta }) => [
    apply(SELECT_BACKWARD, [g], {
      shape: meta[0].shape,
      dtype: g.dtype,
      region: (t) => t.select(args.dim + t.dim() - meta[0].shape.length, args.index),
    }),
  ],
});

export function selectImpl(x: Tensor, dim: number, index: number): Tensor {
  if (x.dim() === 0) throw new RangeError('select() cannot be applied to a 0-dim tensor.');
  const d = normalizeDim(dim, x.dim());
  const size = x._shape[d];
  if (!Number.isInteger(index) || index < -size || index >= size) {
    throw new RangeError(
      `select(): index ${index} out of range for tensor of size ${formatShape(x._shape)} at dimension ${d}`,
    );
  }
  return apply(SELECT, [x], { dim: d, index: index < 0 ? index + size : index });
}

export const select = op(
  ['select(Tensor self, int dim, int index)', 'select(Tensor self, Dimname dim, int index)'],
  selectImpl,
  {
    samples: (k): OpSample[] => [
      k.shaped('select', [3, 4], (x) => x.select(1, -1)),
      k.shaped('select to 0-d', [4], (x) => x.select(0, 2)),
    ],
  },
);

interface SliceArgs {
  dim: number;
  start: number;
  length: number;
  step: number;
}

const SLICE = defineOp<SliceArgs>({
  node: 'SliceBackward0',
  batch: ([x], _b, args): Tensor => apply(SLICE, [x], { ...args, dim: args.dim + 1 }),
  jvp: 'linear',
  forward: ([x], { dim, start, length, step }) => {
    const shape = [...x._shape];
    const strides = [...x._strides];
    shape[dim] = length;
    strides[dim] *= step;
    return makeView(x, shape, strides, x._offset + start * x._strides[dim]);
  },
  backward: (g, _s, { args, meta }) => [
    apply(SLICE_BACKWARD, [g], {
      shape: meta[0].shape,
      dtype: g.dtype,
      region: (t) => slice(t, args.dim + t.dim() - meta[0].shape.length, args.start, args.length, args.step),
    }),
  ],
});

/** @internal Python's x[start:start+length*step:step] along dim (arguments already normalized). */
export function slice(x: Tensor, dim: number, start: number, length: number, step: number): Tensor {
  return apply(SLICE, [x], { dim, start, length, step });
}

export function narrowImpl(x: Tensor, dim: number, start: number, length: number): Tensor {
  if (x.dim() === 0) throw new RangeError('narrow() cannot be applied to a 0-dim tensor.');
  const d = normalizeDim(dim, x.dim());
  const size = x._shape[d];
  // ATen wraps start like a dim index (with a dim's error text), except that start == size is valid.
  const s = start === size ? start : normalizeDim(start, size);
  if (length < 0 || s + length > size) {
    throw new RangeError(`start (${s}) + length (${length}) exceeds dimension size (${size}).`);
  }
  return slice(x, d, s, length, 1);
}

type T = Tensor;
/** A tensor start must be a 0-d integer tensor (ATen's narrow_symint). */
function narrowStart(start: T): number {
  if (start.dim() !== 0 || start.dtype.is_floating_point) {
    throw new Error('start must be an 0-dim integral Tensor.');
  }
  return start.item() as number;
}
export const narrow = op(
  ['narrow(Tensor self, int dim, Tensor start, int length)', 'narrow(Tensor self, int dim, int start, int length)'],
  (self: T, dim: number, start: number | T, length: number): T =>
    narrowImpl(self, dim, start instanceof Tensor ? narrowStart(start) : start, length),
  {
    samples: (k): OpSample[] => [
      k.shaped('narrow', [3, 5], (x) => x.narrow(1, 1, 3)),
      { name: 'narrow transposed', inputs: () => [k.transposed([4, 3])], fn: (x) => x.narrow(0, 1, 2) },
    ],
  },
);

/** A tensor's geometry in storage coordinates (absolute offset). */
interface Geometry {
  size: readonly number[];
  stride: readonly number[];
  offset: number;
}

const AS_STRIDED_VMAP = 'vmap: as_strided is not supported inside vmap (tensorgrad); use view ops instead';

const AS_STRIDED = defineOp<{ input: Geometry; output: Geometry }>({
  node: 'AsStridedBackward0',
  // Storage geometry has no per-example meaning that tensorgrad can batch yet.
  batch: () => {
    throw new Error(AS_STRIDED_VMAP);
  },
  forward: ([x], { output }) => makeView(x, [...output.size], [...output.stride], output.offset),
  backward: (g, _s, { args }) => [apply(RESTRIDE, [g], { from: args.output, to: args.input, input: args.input })],
});

/** Storage positions of a geometry's elements, in row-major order. */
function positions({ size, stride, offset }: Geometry): number[] {
  const out = [offset];
  for (let d = 0; d < size.length; d++) {
    const next: number[] = [];
    for (const p of out) for (let i = 0; i < size[d]; i++) next.push(p + i * stride[d]);
    out.length = 0;
    out.push(...next);
  }
  return out;
}

/**
 * as_strided's gradient, as PyTorch computes it: the values of g (laid out by `from`) are summed
 * into a zero storage, then read back through `to`. Positions the input covers several times
 * divide by that count, so an overlapping input (an expanded tensor) gets each share once. The
 * map is linear and the same op with `from` and `to` swapped is its adjoint: the double backward.
 */
interface RestrideArgs {
  from: Geometry;
  to: Geometry;
  input: Geometry;
}

const RESTRIDE: OpDef<RestrideArgs> = defineOp<RestrideArgs>({
  node: 'AsStridedBackwardBackward0',
  forward: ([g], { from, to, input }) => {
    const src = positions(from);
    const dst = positions(to);
    const covered = positions(input);
    let lo = Infinity;
    let hi = -Infinity;
    for (const p of src) [lo, hi] = [Math.min(lo, p), Math.max(hi, p)];
    for (const p of dst) [lo, hi] = [Math.min(lo, p), Math.max(hi, p)];
    const storage = new Float64Array(src.length === 0 || dst.length === 0 ? 0 : hi - lo + 1);
    const count = new Float64Array(storage.length);
    const values = g.toTypedArray();
    for (let i = 0; i < src.length; i++) storage[src[i] - lo] += values[i];
    for (const p of covered) if (p - lo >= 0 && p - lo < count.length) count[p - lo]++;
    const out = K.empty(to.size, g.dtype);
    for (let i = 0; i < dst.length; i++) {
      const c = count[dst[i] - lo];
      out._data[i] = c > 1 ? storage[dst[i] - lo] / c : c === 1 ? storage[dst[i] - lo] : 0;
    }
    return out;
  },
  backward: (gg, _s, { args }) => [apply(RESTRIDE, [gg], { from: args.to, to: args.from, input: args.input })],
});

export function as_stridedImpl(
  x: Tensor,
  size: readonly number[],
  stride: readonly number[],
  storageOffset?: number,
): Tensor {
  if (x._bt !== null) throw new Error(AS_STRIDED_VMAP);
  const offset = storageOffset ?? x._offset;
  if (size.length !== stride.length) throw new RangeError('mismatch in length of strides and shape');
  if (stride.some((st) => st < 0)) {
    throw new RangeError(
      `as_strided: Negative strides are not supported at the moment, got strides: ${formatShape(stride)}`,
    );
  }
  if (size.some((sz) => sz < 0)) {
    throw new RangeError(
      `Storage size calculation overflowed with sizes=${formatShape(size)} and strides=${formatShape(stride)}`,
    );
  }
  if (offset < 0) throw new RangeError(`Tensor: invalid storage offset ${offset}`);
  let maxIndex = offset;
  for (let i = 0; i < size.length; i++) if (size[i] > 0) maxIndex += (size[i] - 1) * stride[i];
  if (numel(size) > 0 && maxIndex >= x._data.length) {
    throw new RangeError(
      `setStorage: sizes ${formatShape(size)}, strides ${formatShape(stride)}, storage offset ${offset}, and itemsize ${x.dtype.itemsize} requiring a storage size of ${(maxIndex + 1) * x.dtype.itemsize} are out of bounds for storage of size ${x._data.length * x.dtype.itemsize}`,
    );
  }
  return apply(AS_STRIDED, [x], {
    input: { size: [...x._shape], stride: [...x._strides], offset: x._offset },
    output: { size: [...size], stride: [...stride], offset },
  });
}

type Sizes = readonly number[];
export const as_strided = op(
  'as_strided(Tensor self, SymInt[] size, SymInt[] stride, SymInt? storage_offset=None)',
  as_stridedImpl as (self: T, size: Sizes, stride: Sizes, storage_offset?: number | null) => T,
  {
    samples: (k): OpSample[] => [
      k.shaped('as_strided', [3, 4], (x) => x.as_strided([2, 3], [4, 1], 1)),
      k.shaped('as_strided overlapping', [6], (x) => x.as_strided([3, 3], [1, 1])),
      {
        name: 'as_strided transposed',
        inputs: () => [k.transposed([3, 4])],
        fn: (x) => x.as_strided([2, 2], [3, 1], 2),
      },
      k.shaped('as_strided of expanded', [3, 1], (x) => x.expand(3, 2).as_strided([3], [1], 0)),
    ],
  },
);

const DIAGONAL = defineOp<{ offset: number; dim1: number; dim2: number }>({
  node: 'DiagonalBackward0',
  batch: ([x], _b, a): Tensor => apply(DIAGONAL, [x], { offset: a.offset, dim1: a.dim1 + 1, dim2: a.dim2 + 1 }),
  jvp: 'linear',
  forward: ([x], { offset, dim1, dim2 }) => {
    const n1 = x._shape[dim1];
    const n2 = x._shape[dim2];
    const len = Math.max(0, offset >= 0 ? Math.min(n1, n2 - offset) : Math.min(n1 + offset, n2));
    const start =
      len === 0 ? x._offset : x._offset + (offset >= 0 ? offset * x._strides[dim2] : -offset * x._strides[dim1]);
    const shape: number[] = [];
    const strides: number[] = [];
    for (let d = 0; d < x.dim(); d++) {
      if (d === dim1 || d === dim2) continue;
      shape.push(x._shape[d]);
      strides.push(x._strides[d]);
    }
    shape.push(len);
    strides.push(x._strides[dim1] + x._strides[dim2]);
    return makeView(x, shape, strides, start);
  },
  backward: (g, _s, { args, meta }) => [
    apply(DIAGONAL_BACKWARD, [g], {
      shape: meta[0].shape,
      dtype: g.dtype,
      region: (t) => {
        const lead = t.dim() - meta[0].shape.length;
        return diagonalImpl(t, args.offset, args.dim1 + lead, args.dim2 + lead);
      },
    }),
  ],
});

export function diagonalImpl(x: Tensor, offset = 0, dim1 = 0, dim2 = 1): Tensor {
  const d1 = normalizeDim(dim1, x.dim());
  const d2 = normalizeDim(dim2, x.dim());
  if (d1 === d2) throw new RangeError(`diagonal dimensions cannot be identical ${dim1}, ${dim2}`);
  return apply(DIAGONAL, [x], { offset, dim1: d1, dim2: d2 });
}

export const diagonal = op('diagonal(Tensor self, int offset=0, int dim1=0, int dim2=1)', diagonalImpl, {
  samples: (k): OpSample[] => [
    k.shaped('diagonal', [3, 4], (x) => x.diagonal()),
    k.shaped('diagonal offset 3-d', [2, 3, 4], (x) => x.diagonal(-1, 2, 1)),
  ],
});

// ---------------------------------------------------------------- unbind, split, chunk

const UNBIND = defineOp<{ dim: number }>({
  node: 'UnbindBackward0',
  batch: ([x], _b, { dim }): Tensor[] => applyMulti(UNBIND, [x], { dim: dim + 1 }),
  jvp: 'linear',
  forward: ([x], { dim }) => {
    const outs: Tensor[] = [];
    for (let i = 0; i < x._shape[dim]; i++) {
      outs.push(
        makeView(
          x,
          x._shape.filter((_, d) => d !== dim),
          x._strides.filter((_, d) => d !== dim),
          x._offset + i * x._strides[dim],
        ),
      );
    }
    return outs;
  },
  backward: (_g, _s, { args, meta, grads }) => {
    const shape = meta[0].shape.filter((_, d) => d !== args.dim);
    const parts = grads.map((g) => g ?? K.full(shape, 0, meta[0].dtype));
    return [stackImpl(parts, args.dim)];
  },
});

export function unbindImpl(x: Tensor, dim = 0): Tensor[] {
  if (x.dim() === 0) throw new RangeError('Dimension specified as 0 but tensor has no dimensions');
  return applyMulti(UNBIND, [x], { dim: normalizeDim(dim, x.dim()) });
}

export const unbind = op(['unbind(Tensor self, int dim=0)', 'unbind(Tensor self, Dimname dim)'], unbindImpl, {
  samples: (k): OpSample[] => [
    k.shaped('unbind', [3, 4], (x) => x.unbind(1)),
    k.shaped('unbind partial use', [3, 2], (x) => x.unbind(0)[1]),
  ],
});

function splitDef(node: string) {
  const def: OpDef<{ dim: number; sizes: number[] }> = defineOp<{ dim: number; sizes: number[] }>({
    node,
    batch: ([x], _b, a) => applyMulti(def, [x], { ...a, dim: a.dim + 1 }),
    jvp: 'linear',
    forward: ([x], { dim, sizes }) => {
      let start = 0;
      return sizes.map((len) => {
        const shape = [...x._shape];
        shape[dim] = len;
        const v = makeView(x, shape, [...x._strides], x._offset + start * x._strides[dim]);
        start += len;
        return v;
      });
    },
    backward: (_g, _s, { args, meta, grads }) => {
      const parts = grads.map((g, i) => {
        if (g !== null) return g;
        const shape = [...meta[0].shape];
        shape[args.dim] = args.sizes[i];
        return K.full(shape, 0, meta[0].dtype);
      });
      return [catImpl(parts, args.dim)];
    },
  });
  return def;
}
const SPLIT = splitDef('SplitBackward0');
const SPLIT_WITH_SIZES = splitDef('SplitWithSizesBackward0');

/** split(int) cuts pieces of split_size (the last may be shorter); a list cuts those sizes. */
export function splitImpl(x: Tensor, sizeOrSections: number | readonly number[], dim = 0): Tensor[] {
  if (typeof sizeOrSections !== 'number') return split_with_sizesImpl(x, sizeOrSections, dim);
  if (x.dim() === 0) throw new RangeError('split expects at least a 1-dimensional tensor');
  const size = sizeOrSections;
  if (size < 0) throw new RangeError(`split expects split_size be non-negative, but got split_size=${size}`);
  const d = normalizeDim(dim, x.dim());
  const n = x._shape[d];
  if (size === 0 && n > 0) {
    throw new RangeError(`split_size can only be 0 if dimension size is 0, but got dimension size of ${n}`);
  }
  const pieces = size === 0 ? 1 : Math.max(Math.ceil(n / size), 1);
  const sizes = new Array<number>(pieces).fill(size);
  sizes[pieces - 1] = size - (size * pieces - n);
  return applyMulti(SPLIT, [x], { dim: d, sizes });
}

export const split = op(
  // torch.split(tensor, split_size_or_sections, dim) and Tensor.split(split_size, dim), as PyTorch names them.
  [
    'split(Tensor tensor, int split_size_or_sections, int dim=0)',
    'split(Tensor tensor, int[] split_size_or_sections, int dim=0)',
  ],
  splitImpl,
  {
    method: true,
    methodSig: ['split(Tensor self, int split_size, int dim=0)', 'split(Tensor self, int[] split_size, int dim=0)'],
    samples: (k): OpSample[] => [
      k.shaped('split', [5, 3], (x) => x.split(2)),
      k.shaped('split sizes', [2, 6], (x) => x.split([1, 3, 2], 1)),
    ],
  },
);

export function split_with_sizesImpl(x: Tensor, splitSizes: readonly number[], dim = 0): Tensor[] {
  if (x.dim() === 0) throw new RangeError('split expects at least a 1-dimensional tensor');
  const d = normalizeDim(dim, x.dim());
  const n = x._shape[d];
  if (splitSizes.some((s) => s < 0)) {
    throw new RangeError(
      `split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes=${formatShape(splitSizes)}`,
    );
  }
  if (splitSizes.reduce((a, b) => a + b, 0) !== n) {
    throw new RangeError(
      `split_with_sizes expects split_sizes to sum exactly to ${n} (input tensor's size at dimension ${dim}), but got split_sizes=${formatShape(splitSizes)}`,
    );
  }
  return applyMulti(SPLIT_WITH_SIZES, [x], { dim: d, sizes: [...splitSizes] });
}

export const split_with_sizes = op('split_with_sizes(Tensor self, int[] split_sizes, int dim=0)', split_with_sizesImpl);

export function chunkImpl(x: Tensor, chunks: number, dim = 0): Tensor[] {
  if (x.dim() === 0) throw new RangeError('chunk expects at least a 1-dimensional tensor');
  if (!Number.isInteger(chunks) || chunks <= 0) {
    throw new RangeError(`chunk expects \`chunks\` to be greater than 0, got: ${chunks}`);
  }
  const n = x._shape[normalizeDim(dim, x.dim())];
  const size = Math.ceil(n / chunks);
  // An empty dim still yields `chunks` empty pieces, which only split_with_sizes can express.
  if (n === 0) return split_with_sizesImpl(x, new Array<number>(chunks).fill(0), dim);
  return splitImpl(x, size, dim);
}

export const chunk = op('chunk(Tensor self, int chunks, int dim=0)', chunkImpl, {
  samples: (k): OpSample[] => [k.shaped('chunk', [7, 2], (x) => x.chunk(3))],
});
