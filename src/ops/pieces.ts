// Pieces and windows of a tensor: tensor_split and its hsplit/vsplit/dsplit family (slices, as
// PyTorch's are, so every piece's grad_fn is SliceBackward0), Tensor.unfold (sliding windows, a
// view), ravel, and repeat_interleave (an index_select of repeated indices, as in PyTorch 1.13).
//
// The public ops implemented here are declared here too (torch.* functions and Tensor methods;
// op(), fn(), method(), src/ops/declare.ts), each right after its implementation: its PyTorch
// signature and gradcheck samples beside the forward, the autograd node (backward formula, saved
// tensors, JVP and batching rule) and any composite it is built from.

import { int32, int64 } from '../tensor/dtype.js';
import { formatShape, normalizeDim } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import * as K from '../tensor/kernels.js';
import { apply, defineOp } from '../autograd/op.js';
import { makeView } from './view.js';
import { method, op, overloads, type OpSample } from './declare.js';

type T = Tensor;

// ---------------------------------------------------------------- tensor_split

/** ATen's slice(dim, start, end) bounds: negative ends wrap, both clamp to [0, n], end never before start. */
function slice(x: T, dim: number, start: number, end: number): T {
  const n = x._shape[dim];
  const clamp = (i: number): number => Math.min(Math.max(i < 0 ? i + n : i, 0), n);
  const s = clamp(start);
  const e = Math.max(clamp(end), s);
  return x.narrow(dim, s, e - s);
}

function splitSections(x: T, sections: number, dim: number): T[] {
  if (sections <= 0) throw new RangeError(`number of sections must be larger than 0, got ${sections}`);
  // PyTorch reserves one tensor per section first, which fails this way for absurd counts.
  if (sections > 2 ** 32) throw new RangeError('std::bad_alloc');
  const n = x._shape[dim];
  const small = Math.floor(n / sections);
  const bigger = n % sections;
  const out: T[] = [];
  let start = 0;
  for (let i = 0; i < sections; i++) {
    const len = small + (i < bigger ? 1 : 0);
    out.push(x.narrow(dim, start, len));
    start += len;
  }
  return out;
}

function splitIndices(x: T, indices: readonly number[], dim: number): T[] {
  const out: T[] = [];
  let start = 0;
  for (const end of indices) {
    out.push(slice(x, dim, start, end));
    start = end;
  }
  out.push(slice(x, dim, start, x._shape[dim]));
  return out;
}

export function tensor_splitImpl(x: T, indicesOrSections: number | readonly number[] | T, dim = 0): T[] {
  if (x.dim() === 0) {
    throw new RangeError(`tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims`);
  }
  const d = normalizeDim(dim, x.dim());
  if (indicesOrSections instanceof Tensor) {
    const t = indicesOrSections;
    if (t.dtype !== int64) {
      throw new TypeError(
        `tensor_split expected tensor_indices_or_sections to have dtype of long, but got ${t.dtype.scalarType}`,
      );
    }
    if (t.dim() > 1) {
      throw new RangeError(
        `tensor_split expected tensor_indices_or_sections to be a zero-dimensional or one-dimensional tensor, but got a tensor with ${t.dim()} dims`,
      );
    }
    const values = Array.from(t.reshape(-1).tolist() as number[], Number);
    return t.dim() === 0 ? splitSections(x, values[0], d) : splitIndices(x, values, d);
  }
  return typeof indicesOrSections === 'number'
    ? splitSections(x, indicesOrSections, d)
    : splitIndices(x, indicesOrSections, d);
}

export const tensor_split = op(
  [
    'tensor_split(Tensor self, SymInt sections, int dim=0)',
    'tensor_split(Tensor self, SymInt[] indices, int dim=0)',
    'tensor_split(Tensor self, Tensor tensor_indices_or_sections, int dim=0)',
  ],
  tensor_splitImpl,
  {
    samples: (k, f): OpSample[] => [
      k.shaped('tensor_split sections', [7, 2], (x) => f(x, 3)),
      k.shaped('tensor_split indices dim 1', [2, 6], (x) => f(x, [1, -2, 9], 1)),
    ],
  },
);

/** hsplit/vsplit/dsplit: tensor_split along `dim`, with sections that must divide the dim evenly. */
function directionalSplit(name: string, minDims: number, dim: (x: T) => number) {
  return (x: T, indicesOrSections: number | readonly number[]): T[] => {
    if (x.dim() < minDims) {
      throw new RangeError(
        `torch.${name} requires a tensor with at least ${minDims} dimension, but got a tensor with ${x.dim()} dimensions!`,
      );
    }
    const d = dim(x);
    if (typeof indicesOrSections === 'number') {
      const size = indicesOrSections;
      if (size === 0 || x._shape[d] % size !== 0) {
        throw new RangeError(
          `torch.${name} attempted to split along dimension ${d}, but the size of the dimension ${x._shape[d]} is not divisible by the split_size ${size}!`,
        );
      }
    }
    return tensor_splitImpl(x, indicesOrSections, d);
  };
}

export const hsplitImpl = directionalSplit('hsplit', 1, (x) => (x.dim() === 1 ? 0 : 1));
export const vsplitImpl = directionalSplit('vsplit', 2, () => 0);
export const dsplitImpl = directionalSplit('dsplit', 3, () => 2);

export const hsplit = op(['hsplit(Tensor self, int sections)', 'hsplit(Tensor self, int[] indices)'], hsplitImpl, {
  samples: (k, f): OpSample[] => [
    k.shaped('hsplit sections', [2, 4], (x) => f(x, 2)),
    k.shaped('hsplit 1-d indices', [5], (x) => f(x, [2])),
  ],
});
export const vsplit = op(['vsplit(Tensor self, int sections)', 'vsplit(Tensor self, int[] indices)'], vsplitImpl, {
  samples: (k, f): OpSample[] => [k.shaped('vsplit', [4, 2], (x) => f(x, [1, 3]))],
});
export const dsplit = op(['dsplit(Tensor self, int sections)', 'dsplit(Tensor self, int[] indices)'], dsplitImpl, {
  samples: (k, f): OpSample[] => [k.shaped('dsplit', [2, 1, 4], (x) => f(x, 2))],
});

// ---------------------------------------------------------------- unfold

interface UnfoldArgs {
  dim: number;
  size: number;
  step: number;
}

/**
 * unfold's gradient (ATen's unfold_backward): each window's gradient added back at the positions
 * it was read from, as one index_add over the windows' positions (so it is differentiable too).
 */
function unfoldBackward(g: T, inputShape: readonly number[], { dim, size, step }: UnfoldArgs): T {
  if (inputShape.length === 0) return g.reshape([]);
  const windows = g._shape[dim];
  const positions = K.empty([windows * size], int64);
  for (let w = 0; w < windows; w++) for (let i = 0; i < size; i++) positions._data[w * size + i] = w * step + i;
  // [..., windows, ..., size] -> [..., windows * size, ...], window-major as the positions are.
  const flat = g.movedim(-1, dim + 1).flatten(dim, dim + 1);
  const zeros = K.full([...inputShape], 0, g.dtype);
  return zeros.index_add(dim, positions, flat);
}

const UNFOLD = defineOp<UnfoldArgs>({
  node: 'UnfoldBackward0',
  view: true,
  jvp: 'linear',
  // A batch of 0-d tensors ([B]) unfolds into [B, size] (size is 0 or 1).
  batch: ([x], _b, args): Tensor =>
    x.dim() === 1 ? x.unsqueeze(1).narrow(1, 0, args.size) : apply(UNFOLD, [x], { ...args, dim: args.dim + 1 }),
  forward: ([x], { dim, size, step }) => {
    if (x.dim() === 0) return makeView(x, [size], [1], x._offset);
    const shape = [...x._shape, size];
    const strides = [...x._strides, x._strides[dim]];
    shape[dim] = Math.floor((x._shape[dim] - size) / step) + 1;
    strides[dim] = x._strides[dim] * step;
    return makeView(x, shape, strides, x._offset);
  },
  backward: (g, _s, { args, meta }) => [unfoldBackward(g, meta[0].shape, args)],
});

export function unfoldImpl(x: T, dimension: number, size: number, step: number): T {
  const dim = normalizeDim(dimension, x.dim());
  const extent = x.dim() === 0 ? 1 : x._shape[dim];
  if (size > extent)
    throw new RangeError(`maximum size for tensor at dimension ${dim} is ${extent} but size is ${size}`);
  if (step <= 0) throw new RangeError(`step is ${step} but must be > 0`);
  if (size < 0) {
    const shape = [...x._shape, size];
    shape[dim] = Math.floor((extent - size) / step) + 1;
    throw new RangeError(
      `Storage size calculation overflowed with sizes=${formatShape(shape)} and strides=${formatShape([...x._strides.map((s, d) => (d === dim ? s * step : s)), x._strides[dim] ?? 1])}`,
    );
  }
  return apply(UNFOLD, [x], { dim, size, step });
}

export const unfold = method('unfold(Tensor self, int dimension, int size, int step)', unfoldImpl, {
  samples: (k): OpSample[] => [
    k.shaped('unfold overlapping windows', [2, 6], (x) => x.unfold(1, 3, 2)),
    k.shaped('unfold step beyond size', [7, 2], (x) => x.unfold(0, 2, 3)),
    k.shaped('unfold 0-d', [], (x) => x.unfold(0, 1, 1)),
  ],
});

// ---------------------------------------------------------------- ravel

/** PyTorch's ravel: contiguous().view(-1) (so its grad_fn is ViewBackward0, after a copy when needed). */
export function ravelImpl(x: T): T {
  return x.contiguous().view(-1);
}

export const ravel = op('ravel(Tensor self)', ravelImpl, {
  samples: (k, f): OpSample[] => k.layouts('ravel', (x) => f(x)),
});

// ---------------------------------------------------------------- repeat_interleave

/** torch.repeat_interleave(repeats): each position i repeated repeats[i] times, in repeats' dtype. */
function repeatIndices(repeats: T, outputSize?: number | null): T {
  if (repeats.dim() !== 1) throw new RangeError('repeat_interleave only accept 1D vector as repeat');
  if (repeats.dtype !== int64 && repeats.dtype !== int32) {
    throw new TypeError(`"repeat_interleave_cpu" not implemented for '${repeats.dtype.scalarType}'`);
  }
  const counts = Array.from(repeats.tolist() as number[], Number);
  if (counts.some((c) => c < 0)) throw new RangeError('repeats can not be negative');
  const total = counts.reduce((a, b) => a + b, 0);
  // (An empty repeats is never checked against output_size, as in ATen.)
  if (counts.length > 0 && outputSize !== undefined && outputSize !== null && outputSize !== total) {
    throw new RangeError('allocated size does not match required size');
  }
  const out = K.empty([total], repeats.dtype);
  let at = 0;
  counts.forEach((c, i) => {
    for (let k = 0; k < c; k++) out._data[at++] = i;
  });
  return out;
}

/** ATen's repeat_interleave: input (flattened when dim is None) index_select'ed with the repeated indices. */
export function repeat_interleaveImpl(
  self: T,
  repeats?: T | number | { output_size?: number | null },
  dimOrOpts?: number | null | { output_size?: number | null },
  options?: { output_size?: number | null },
): T {
  if (repeats === undefined || (!(repeats instanceof Tensor) && typeof repeats !== 'number')) {
    return repeatIndices(self, repeats?.output_size);
  }
  // The bound call leaves an absent dim out, so the options may come in its place.
  const dim = typeof dimOrOpts === 'object' && dimOrOpts !== null ? undefined : dimOrOpts;
  const opts = typeof dimOrOpts === 'object' && dimOrOpts !== null ? dimOrOpts : options;
  let input = self;
  let d = dim ?? null;
  if (d === null) {
    input = self.reshape(-1);
    d = 0;
  }
  d = normalizeDim(d, input.dim());
  let counts: T;
  if (typeof repeats === 'number') {
    if (repeats < 0) throw new RangeError('repeats can not be negative');
    counts = K.full([input.dim() === 0 ? 1 : input._shape[d]], repeats, int64);
  } else if (repeats.dim() === 0 || (repeats.dim() === 1 && repeats._shape[0] === 1)) {
    counts = repeats.reshape(1).expand(input.dim() === 0 ? 1 : input._shape[d]);
  } else if (repeats.dim() === 1) {
    if (repeats._shape[0] !== input._shape[d])
      throw new RangeError('repeats must have the same size as input along dim');
    counts = repeats;
  } else {
    throw new RangeError('repeats must be 0-dim or 1-dim tensor');
  }
  return input.index_select(d, repeatIndices(counts, opts?.output_size));
}

const REPEAT_SELF = [
  'repeat_interleave(Tensor self, Tensor repeats, int? dim=None, *, int? output_size=None)',
  'repeat_interleave(Tensor self, SymInt repeats, int? dim=None, *, int? output_size=None)',
] as const;

interface RepeatInterleave {
  (repeats: T, opts?: { output_size?: number | null }): T;
  (self: T, repeats: T | number, dim?: number | null, opts?: { output_size?: number | null }): T;
  (self: T, repeats: T | number, opts: { dim?: number | null; output_size?: number | null }): T;
}
interface RepeatInterleaveMethod {
  (repeats: T | number, dim?: number | null, opts?: { output_size?: number | null }): T;
  (repeats: T | number, opts: { dim?: number | null; output_size?: number | null }): T;
}

export const repeat_interleave = op(
  [...REPEAT_SELF, 'repeat_interleave(Tensor repeats, *, int? output_size=None)'],
  repeat_interleaveImpl as RepeatInterleave,
  {
    methodSig: REPEAT_SELF,
    types: overloads<RepeatInterleaveMethod>(),
    samples: (k, f): OpSample[] => [
      k.shaped('repeat_interleave int flattened', [2, 3], (x) => f(x, 2)),
      k.shaped('repeat_interleave tensor dim 1', [2, 3], (x) => f(x, k.long([1, 0, 2]), 1)),
      k.shaped('repeat_interleave 0-d repeats dim 0', [2, 3], (x) => x.repeat_interleave(k.long(3), 0)),
    ],
  },
);
