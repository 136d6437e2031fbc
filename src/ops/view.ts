// View ops: results share storage (and the version counter) with their input. Plus clone,
// contiguous and detach. In-place ops on views (CopySlices): view_inplace.ts.
//
// The public ops implemented here are declared here too (torch.* functions and Tensor methods;
// op(), fn(), method(), src/ops/declare.ts), each right after its implementation: its PyTorch
// signature and gradcheck samples beside the forward, the autograd node (backward formula, saved
// tensors, JVP and batching rule) and any composite it is built from.

import { backend } from '../backend/index.js';
import { DType, float32, int32, type TypedArray } from '../tensor/dtype.js';
import {
  contiguousStrides,
  formatShape,
  inferSize,
  isNonOverlappingAndDense,
  normalizeDim,
  numel,
  viewStrides,
} from '../tensor/shape.js';
import { Tensor, type Dims } from '../tensor/tensor.js';
import * as K from '../tensor/kernels.js';
import { apply, defineOp } from '../autograd/op.js';
import { is_grad_enabled } from '../autograd/grad_mode.js';
import { emitWarning } from '../tensor/warn.js';
import { op, overloads, type OpSample, alias, method } from './declare.js';

export { writeInto } from './embed.js';

/**
 * vmap's physical value [B, ...l] with size-1 dims inserted after the batch dim so that `rank`
 * dims follow it (how a batched input lines up with others for broadcasting).
 */
export function padBatched(x: Tensor, rank: number): Tensor {
  const l = x._shape.length - 1;
  if (l >= rank) return x;
  return reshapeImpl(x, [x._shape[0], ...new Array<number>(rank - l).fill(1), ...x._shape.slice(1)]);
}

/** squeeze's batching rule: the logical dims (all size-1 ones for null) removed from a physical value. */
function squeezeBatched(x: Tensor, dims: readonly number[] | null): Tensor {
  const shape = x._shape.filter((s, d) => d === 0 || s !== 1 || (dims !== null && !dims.includes(d - 1)));
  return reshapeImpl(x, shape);
}

/** A tensor sharing src's storage and version counter with the given geometry. */
export function makeView(src: Tensor, shape: number[], strides: number[], offset: number): Tensor {
  const v = Tensor._make(src._data, shape, strides, offset, src.dtype);
  v._vc = src._vc;
  v._base = src._base ?? src;
  return v;
}

function sizesArg(args: readonly unknown[]): number[] {
  const flat = args.length === 1 && Array.isArray(args[0]) ? (args[0] as number[]) : (args as number[]);
  for (const s of flat) {
    if (typeof s !== 'number' || !Number.isInteger(s)) {
      throw new TypeError(`expected a sequence of integers, but got ${String(s)}`);
    }
  }
  return [...flat];
}

// ---------------------------------------------------------------- view, reshape

const NOT_VIEWABLE =
  "view size is not compatible with input tensor's size and stride (at least one dimension spans across " +
  'two contiguous subspaces). Use .reshape(...) instead.';

function viewDef(node: string) {
  return defineOp<{ shape: number[] }>({
    node,
    jvp: 'linear',
    batch: ([x], _b, { shape }, size) => reshapeImpl(x, [size, ...shape]),
    forward: ([x], { shape }) => {
      const strides = viewStrides(x._shape, x._strides, shape);
      if (strides === null) throw new Error(NOT_VIEWABLE);
      return makeView(x, shape, strides, x._offset);
    },
    backward: (g, _s, { meta }) => [g.reshape(meta[0].shape)],
  });
}
const VIEW = viewDef('ViewBackward0');
// PyTorch 1.13's reshape records _reshape_alias when it can view (2.x records ViewBackward0).
const RESHAPE_ALIAS = viewDef('ReshapeAliasBackward0');

/** infer_size, with ATen's message for a -1 next to a 0 in an empty tensor's new shape. */
function inferViewSize(shape: readonly number[], total: number): number[] {
  if (total === 0 && shape.includes(-1) && shape.every((s) => s >= -1)) {
    const known = shape.reduce((n, s) => (s === -1 ? n : n * s), 1);
    if (known === 0) {
      throw new Error(
        `cannot reshape tensor of 0 elements into shape ${formatShape(shape)} because the unspecified dimension size -1 can be any value and is ambiguous`,
      );
    }
  }
  return inferSize(shape, total);
}

export function viewImpl(x: Tensor, ...args: unknown[]): Tensor {
  if (args.length === 1 && args[0] instanceof DType) return viewAsDType(x, args[0]);
  return apply(VIEW, [x], { shape: inferViewSize(sizesArg(args), x.numel()) });
}

type Sizes = readonly number[];

interface ViewFn {
  (...shape: number[]): Tensor;
  (shape: Sizes): Tensor;
  (dtype: DType): Tensor;
}
export const view = op(['view(Tensor self, SymInt[] size)', 'view(Tensor self, ScalarType dtype)'], viewImpl, {
  types: overloads<ViewFn>(),
  samples: (k): OpSample[] => [
    k.shaped('view [2, 3, 4] -> [6, -1]', [2, 3, 4], (x) => x.view(6, -1)),
    k.shaped('view 0-d -> [1]', [], (x) => x.view(1)),
    { name: 'view transposed', inputs: () => [k.transposed([3, 4])], fn: (x) => x.view(3, 2, 2) },
    k.shaped('view chain', [2, 3, 4], (x) => x.permute(1, 0, 2).select(2, 1).unsqueeze(0).expand(2, 3, 2)),
  ],
});

export const view_as = method(
  'view_as(Tensor self, Tensor other)',
  (self: Tensor, other: Tensor): Tensor => viewImpl(self, other._shape),
  { samples: (k): OpSample[] => [k.shaped('view_as', [2, 6], (x) => x.view_as(k.zeros(3, 4)))] },
);

/**
 * view(dtype): the same bytes read as another dtype of the same size. Like PyTorch, the result
 * shares storage and version counter but is no autograd view and has no history.
 */
function viewAsDType(x: Tensor, dtype: DType): Tensor {
  let data = x._data;
  if (dtype !== x.dtype) {
    // int64 is stored as doubles (Note [int64 representation]), so only float32 <-> int32 share bits.
    const pair = new Set([x.dtype, dtype]);
    if (!(pair.has(float32) && pair.has(int32))) {
      throw new TypeError(`tensorgrad: view(${dtype.toString()}) of a ${x.dtype.toString()} tensor is not supported`);
    }
    const Ctor = dtype.array as unknown as new (b: ArrayBufferLike, offset: number, length: number) => TypedArray;
    data = new Ctor(x._data.buffer, x._data.byteOffset, x._data.length);
  }
  const out = Tensor._make(data, [...x._shape], [...x._strides], x._offset, dtype);
  out._vc = x._vc;
  return out;
}

const UNSAFE_VIEW = defineOp<{ shape: number[] }>({
  node: 'UnsafeViewBackward0',
  jvp: 'linear',
  batch: ([x], _b, { shape }, size) => reshapeImpl(x, [size, ...shape]),
  forward: ([x], { shape }) => Tensor._make(x._data, shape, contiguousStrides(shape), x._offset, x.dtype),
  backward: (g, _s, { meta }) => [g.reshape(meta[0].shape)],
});

/** ATen's _unsafe_view of a contiguous tensor (matmul's folded result): UnsafeViewBackward0. */
export function unsafeView(x: Tensor, shape: number[]): Tensor {
  return apply(UNSAFE_VIEW, [x.is_contiguous() ? x : apply(CLONE, [x], { contiguous: true })], { shape });
}

/** A view when the strides allow it, else a contiguous copy (UnsafeViewBackward0 over CloneBackward0). */
export function reshapeImpl(x: Tensor, ...args: unknown[]): Tensor {
  const shape = inferViewSize(sizesArg(args), x.numel());
  if (viewStrides(x._shape, x._strides, shape) !== null) return apply(RESHAPE_ALIAS, [x], { shape });
  return apply(UNSAFE_VIEW, [apply(CLONE, [x], { contiguous: true })], { shape });
}

interface SizesFn {
  (...shape: number[]): Tensor;
  (shape: Sizes): Tensor;
}
export const reshape = op('reshape(Tensor self, SymInt[] shape)', reshapeImpl, {
  types: overloads<SizesFn>(),
  samples: (k): OpSample[] => [
    k.shaped('reshape (alias)', [2, 3, 4], (x) => x.reshape(4, 6)),
    { name: 'reshape (copy)', inputs: () => [k.transposed([3, 4])], fn: (x) => x.reshape(-1) },
  ],
});
export const reshape_as = method(
  'reshape_as(Tensor self, Tensor other)',
  (self: Tensor, other: Tensor): Tensor => reshapeImpl(self, other._shape),
  {
    samples: (k): OpSample[] => [
      { name: 'reshape_as (copy)', inputs: () => [k.transposed([3, 4])], fn: (x) => x.reshape_as(k.zeros(2, 6)) },
    ],
  },
);

export function flattenImpl(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.dim() === 0) {
    // A 0-d tensor takes dims in [-1, 0], as a 1-d one would.
    normalizeDim(startDim, 0);
    normalizeDim(endDim, 0);
    return reshapeImpl(x, [1]);
  }
  const s = normalizeDim(startDim, x.dim());
  const e = normalizeDim(endDim, x.dim());
  if (s > e) throw new RangeError('flatten() has invalid args: start_dim cannot come after end_dim');
  if (s === e) return x;
  const shape = [...x._shape.slice(0, s), numel(x._shape.slice(s, e + 1)), ...x._shape.slice(e + 1)];
  return reshapeImpl(x, shape);
}

export const flatten = op('flatten(Tensor self, int start_dim=0, int end_dim=-1)', flattenImpl, {
  samples: (k): OpSample[] => [
    k.shaped('flatten', [2, 3, 4], (x) => x.flatten()),
    k.shaped('flatten 1..2', [2, 3, 4, 2], (x) => x.flatten(1, 2)),
  ],
});

export function unflattenImpl(x: Tensor, dim: number, sizes: readonly number[]): Tensor {
  const d = normalizeDim(dim, x.dim());
  if (sizes.length === 0) throw new RangeError('unflatten: sizes must be non-empty');
  let inner: number[];
  try {
    inner = inferSize(sizes, x._shape[d]);
  } catch (e) {
    const message = (e as Error).message;
    if (message.startsWith("shape '[")) {
      throw new RangeError(
        `unflatten: Provided sizes ${formatShape(sizes)} don't multiply up to the size of dim ${d} (${x._shape[d]}) in the input tensor`,
      );
    }
    throw new RangeError(`unflatten got an unexpected error:\n${message}`);
  }
  return viewImpl(x, [...x._shape.slice(0, d), ...inner, ...x._shape.slice(d + 1)]);
}

export const unflatten = op('unflatten(Tensor self, int dim, SymInt[] sizes)', unflattenImpl, {
  samples: (k): OpSample[] => [k.shaped('unflatten', [2, 6], (x) => x.unflatten(1, [3, -1]))],
});

// ---------------------------------------------------------------- squeeze, unsqueeze

const SQUEEZE = defineOp<{ dims: number[] | null }>({
  node: 'SqueezeBackward0',
  batch: ([x], _b, { dims }) => squeezeBatched(x, dims),
  jvp: 'linear',
  forward: ([x], { dims }) => {
    const keep = x._shape.map((s, d) => (dims === null ? s !== 1 : !(s === 1 && dims.includes(d))));
    return makeView(
      x,
      x._shape.filter((_, d) => keep[d]),
      x._strides.filter((_, d) => keep[d]),
      x._offset,
    );
  },
  backward: (g, _s, { meta }) => [g.reshape(meta[0].shape)],
});
const SQUEEZE_DIM = defineOp<{ dims: number[] | null }>({ ...SQUEEZE, node: 'SqueezeBackward1' });
// A list of dims is PyTorch 2.x's squeeze.dims overload (1.13 takes one int).
const SQUEEZE_DIMS = defineOp<{ dims: number[] | null }>({ ...SQUEEZE, node: 'SqueezeBackward2' });

export function squeezeImpl(x: Tensor, dim?: Dims): Tensor {
  if (dim === undefined) return apply(SQUEEZE, [x], { dims: null });
  if (typeof dim === 'number') return apply(SQUEEZE_DIM, [x], { dims: [normalizeDim(dim, x.dim())] });
  return apply(SQUEEZE_DIMS, [x], { dims: dim.map((d) => normalizeDim(d, x.dim())) });
}

export const squeeze = op(
  [
    'squeeze(Tensor self)',
    'squeeze(Tensor self, int dim)',
    'squeeze(Tensor self, Dimname dim)',
    'squeeze(Tensor self, int[] dim)',
  ],
  squeezeImpl as (self: Tensor, dim?: Dims) => Tensor,
  {
    inplace: squeeze_ as (self: Tensor, dim?: Dims) => Tensor,
    samples: (k): OpSample[] => [
      k.shaped('squeeze', [2, 1, 3, 1], (x) => x.squeeze()),
      k.shaped('squeeze dim', [2, 1, 3], (x) => x.squeeze(1)),
      k.shaped('squeeze dims', [1, 2, 1, 3], (x) => x.squeeze([0, 2])),
    ],
  },
);

const UNSQUEEZE = defineOp<{ dim: number }>({
  node: 'UnsqueezeBackward0',
  batch: ([x], _b, { dim }): Tensor => apply(UNSQUEEZE, [x], { dim: dim + 1 }),
  jvp: 'linear',
  forward: ([x], { dim }) => {
    const shape = [...x._shape];
    const strides = [...x._strides];
    const stride = dim < x.dim() ? x._shape[dim] * x._strides[dim] : 1;
    shape.splice(dim, 0, 1);
    strides.splice(dim, 0, stride);
    return makeView(x, shape, strides, x._offset);
  },
  backward: (g, _s, { args }) => [g.squeeze(args.dim)],
});

export function unsqueezeImpl(x: Tensor, dim: number): Tensor {
  return apply(UNSQUEEZE, [x], { dim: normalizeDim(dim, x.dim() + 1) });
}

export const unsqueeze = op('unsqueeze(Tensor self, int dim)', unsqueezeImpl, {
  inplace: unsqueeze_,
  samples: (k): OpSample[] => [
    k.shaped('unsqueeze', [2, 3], (x) => x.unsqueeze(1)),
    k.shaped('unsqueeze 0-d', [], (x) => x.unsqueeze(0)),
  ],
});

// ---------------------------------------------------------------- transpose, permute, expand

function permuted(x: Tensor, order: readonly number[]): Tensor {
  return makeView(
    x,
    order.map((d) => x._shape[d]),
    order.map((d) => x._strides[d]),
    x._offset,
  );
}

const TRANSPOSE = defineOp<{ dim0: number; dim1: number }>({
  node: 'TransposeBackward0',
  batch: ([x], _b, { dim0, dim1 }) => transposeImpl(x, dim0 + 1, dim1 + 1),
  jvp: 'linear',
  forward: ([x], { dim0, dim1 }) => {
    const order = [...Array(x.dim()).keys()];
    if (order.length > 0) {
      order[dim0] = dim1;
      order[dim1] = dim0;
    }
    return permuted(x, order);
  },
  backward: (g, _s, { args }) => [g.transpose(args.dim0, args.dim1)],
});

export function transposeImpl(x: Tensor, dim0: number, dim1: number): Tensor {
  return apply(TRANSPOSE, [x], { dim0: normalizeDim(dim0, x.dim()), dim1: normalizeDim(dim1, x.dim()) });
}

export const transpose = op(
  ['transpose(Tensor self, int dim0, int dim1)', 'transpose(Tensor self, Dimname dim0, Dimname dim1)'],
  transposeImpl,
  {
    inplace: transpose_,
    samples: (k): OpSample[] => [k.shaped('transpose', [2, 3, 4], (x) => x.transpose(0, 2))],
  },
);
export const swapaxes = op('swapaxes(Tensor self, int axis0, int axis1)', transposeImpl);
export const swapdims = op('swapdims(Tensor self, int dim0, int dim1)', transposeImpl);

const T = defineOp({
  node: 'TBackward0',
  batch: ([x]) => (x.dim() < 3 ? x : transposeImpl(x, 1, 2)),
  jvp: 'linear',
  forward: ([x]) => permuted(x, x.dim() < 2 ? [...Array(x.dim()).keys()] : [1, 0]),
  backward: (g) => [g.t()],
});

export function tImpl(x: Tensor): Tensor {
  if (x.dim() > 2) {
    throw new RangeError(`t() expects a tensor with <= 2 dimensions, but self is ${x.dim()}D`);
  }
  return apply(T, [x], undefined);
}

export const t = op('t(Tensor self)', tImpl, {
  inplace: t_,
  samples: (k): OpSample[] => [
    { name: 't', inputs: () => [k.transposed([3, 4])], fn: (x) => x.t() },
    k.shaped('t 1-d', [4], (x) => x.t()),
  ],
});

const PERMUTE = defineOp<{ dims: number[] }>({
  node: 'PermuteBackward0',
  batch: ([x], _b, { dims }): Tensor => apply(PERMUTE, [x], { dims: [0, ...dims.map((d) => d + 1)] }),
  jvp: 'linear',
  forward: ([x], { dims }) => permuted(x, dims),
  backward: (g, _s, { args }) => {
    const inverse = new Array<number>(args.dims.length);
    args.dims.forEach((d, i) => (inverse[d] = i));
    return [g.permute(inverse)];
  },
});

export function permuteImpl(x: Tensor, ...args: unknown[]): Tensor {
  const dims = sizesArg(args).map((d) => normalizeDim(d, x.dim()));
  if (dims.length !== x.dim()) {
    throw new RangeError(
      `permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${x.dim()} is not equal to len(dims) = ${dims.length}`,
    );
  }
  if (new Set(dims).size !== dims.length) throw new RangeError('permute(): duplicate dims are not allowed.');
  return apply(PERMUTE, [x], { dims });
}

export const permute = op('permute(Tensor self, int[] dims)', permuteImpl, {
  types: overloads<SizesFn>(),
  samples: (k): OpSample[] => [k.shaped('permute', [2, 3, 4], (x) => x.permute(2, 0, 1))],
});

/** x.T: all dims reversed (PyTorch deprecates it for tensors that are not 2-D, and warns once). */
export function numpy_T(x: Tensor): Tensor {
  const n = x.dim();
  if (n !== 2 && n !== 0 && !warnedNumpyT) {
    warnedNumpyT = true;
    emitWarning(
      'The use of `x.T` on tensors of dimension other than 2 to reverse their shape is deprecated and it will ' +
        'throw an error in a future release. Consider `x.mT` to transpose batches of matrices or ' +
        '`x.permute(*torch.arange(x.ndim - 1, -1, -1))` to reverse the dimensions of a tensor.',
      'UserWarning',
    );
  }
  return apply(PERMUTE, [x], { dims: [...Array(n).keys()].reverse() });
}

// x.T and x.mT are properties in PyTorch, so they are getters here, with no arguments to check.
Object.defineProperty(Tensor.prototype, 'T', {
  get(this: Tensor): Tensor {
    return numpy_T(this);
  },
  configurable: true,
});
let warnedNumpyT = false;

/** x.mT: the last two dims swapped; a 0-d tensor is returned as is, as in PyTorch. */
export function mT(x: Tensor): Tensor {
  if (x.dim() === 0) return x;
  if (x.dim() < 2) {
    throw new RangeError(`tensor.mT is only supported on matrices or batches of matrices. Got ${x.dim()}-D tensor.`);
  }
  return transposeImpl(x, -2, -1);
}

Object.defineProperty(Tensor.prototype, 'mT', {
  get(this: Tensor): Tensor {
    return mT(this);
  },
  configurable: true,
});

const ALIAS = defineOp({
  node: 'AliasBackward0',
  batch: ([x]): Tensor => apply(ALIAS, [x], undefined),
  jvp: 'linear',
  forward: ([x]) => makeView(x, [...x._shape], [...x._strides], x._offset),
  backward: (g) => [g],
});

export function movedimImpl(x: Tensor, source: Dims, destination: Dims): Tensor {
  const src = typeof source === 'number' ? [source] : [...source];
  const dst = typeof destination === 'number' ? [destination] : [...destination];
  if (src.length !== dst.length) {
    throw new RangeError(
      `movedim: Invalid source or destination dims: source (${formatShape(src)} dims) should contain the same number of dims as destination (${formatShape(dst)} dims)`,
    );
  }
  const n = x.dim();
  const s = src.map((d) => normalizeDim(d, n));
  const d = dst.map((v) => normalizeDim(v, n));
  if (new Set(s).size !== s.length) throw new RangeError(`movedim: repeated dim in \`source\` (${formatShape(src)})`);
  if (new Set(d).size !== d.length) {
    throw new RangeError(`movedim: repeated dim in \`destination\` (${formatShape(dst)})`);
  }
  if (n === 0) return apply(ALIAS, [x], undefined);
  // Requested dims go to their destinations; the rest keep their order in the free slots.
  const order = new Array<number>(n).fill(-1);
  s.forEach((from, i) => (order[d[i]] = from));
  const rest = [...Array(n).keys()].filter((i) => !s.includes(i));
  let next = 0;
  for (let i = 0; i < n; i++) if (order[i] === -1) order[i] = rest[next++];
  return apply(PERMUTE, [x], { dims: order });
}

export const movedim = op(
  ['movedim(Tensor self, int source, int destination)', 'movedim(Tensor self, int[] source, int[] destination)'],
  movedimImpl,
  {
    samples: (k): OpSample[] => [
      k.shaped('movedim', [2, 3, 4, 2], (x) => x.movedim([0, 1], [3, 0])),
      k.shaped('movedim 0-d (alias)', [], (x) => x.movedim(0, 0)),
    ],
  },
);
export const moveaxis = alias(movedim, 'moveaxis');

const EXPAND = defineOp<{ shape: number[]; strides: number[] }>({
  node: 'ExpandBackward0',
  batch: ([x], _b, { shape }, size) => padBatched(x, shape.length).expand([size, ...shape]),
  jvp: ([t], _s, { args }) => (t as Tensor).expand(args.shape),
  forward: ([x], { shape, strides }) => makeView(x, shape, strides, x._offset),
  backward: (g, _s, { meta }) => [g.sum_to_size(meta[0].shape)],
});

/** ATen's infer_expand_geometry: walks dims from the last, so errors name the last bad dim. */
export function expandImpl(x: Tensor, ...args: unknown[]): Tensor {
  const sizes = sizesArg(args);
  const n = sizes.length;
  if (n < x.dim()) {
    throw new RangeError(
      `expand(${x.type_description().split(' ')[0]}{${formatShape(x._shape)}}, size=${formatShape(sizes)}): the number of sizes provided (${n}) must be greater or equal to the number of dimensions in the tensor (${x.dim()})`,
    );
  }
  const shape = new Array<number>(n);
  const strides = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    const d = i - (n - x.dim());
    let size = d >= 0 ? x._shape[d] : 1;
    // A new leading dim of size 1 gets the stride a contiguous tensor would give it (0 for 0-d input).
    let stride = d >= 0 ? x._strides[d] : i === n - 1 ? 0 : shape[i + 1] * strides[i + 1];
    let target = sizes[i];
    if (target === -1) {
      if (d < 0) {
        throw new RangeError(
          `The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension ${i}`,
        );
      }
      target = size;
    }
    if (size !== target) {
      if (size !== 1) {
        throw new RangeError(
          `The expanded size of the tensor (${target}) must match the existing size (${size}) at non-singleton dimension ${i}.  Target sizes: ${formatShape(sizes)}.  Tensor sizes: ${formatShape(x._shape)}`,
        );
      }
      size = target;
      stride = 0;
    }
    shape[i] = size;
    strides[i] = stride;
  }
  if (shape.some((s) => s < 0)) throw new RangeError('numel: integer multiplication overflow');
  return apply(EXPAND, [x], { shape, strides });
}

interface SizesFnOverloads {
  (...sizes: number[]): Tensor;
  (sizes: Sizes): Tensor;
}
export const expand = method(
  'expand(Tensor self, SymInt[] size, *, bool implicit=False)',
  (self: Tensor, size: Sizes): Tensor => expandImpl(self, size),
  {
    types: overloads<SizesFnOverloads>(),
    samples: (k): OpSample[] => [
      k.shaped('expand', [3, 1], (x) => x.expand(2, 3, 4)),
      k.shaped('expand 0-d', [], (x) => x.expand(3, 2)),
    ],
  },
);
export const expand_as = method(
  'expand_as(Tensor self, Tensor other)',
  (self: Tensor, other: Tensor): Tensor => expandImpl(self, other._shape),
  { samples: (k): OpSample[] => [k.shaped('expand_as', [1, 4], (x) => x.expand_as(k.zeros(3, 4)))] },
);

// ---------------------------------------------------------------- clone, contiguous, detach

/**
 * clone keeps the strides of a tensor whose elements fill its extent exactly once (a transposed
 * or permuted tensor stays so), as PyTorch's preserve_format does; any other tensor is copied
 * contiguous. contiguous() always copies contiguous.
 */
const CLONE = defineOp<{ contiguous: boolean }>({
  node: 'CloneBackward0',
  batch: 'elementwise',
  jvp: 'linear',
  forward: ([x], { contiguous }) => {
    if (contiguous || !isNonOverlappingAndDense(x._shape, x._strides)) return K.copyOf(x);
    const out = Tensor._make(new x.dtype.array(x.numel()), [...x._shape], [...x._strides], 0, x.dtype);
    backend().copy(x._v(), out._v(), false);
    return out;
  },
  backward: (g) => [g],
});

export function cloneImpl(x: Tensor): Tensor {
  return apply(CLONE, [x], { contiguous: false });
}

export const clone = op(
  'clone(Tensor self, *, MemoryFormat? memory_format=None)',
  (self: Tensor): Tensor => cloneImpl(self),
  {
    samples: (k): OpSample[] => [{ name: 'clone', inputs: () => [k.transposed([3, 4])], fn: (x) => x.clone() }],
  },
);

export function contiguousImpl(x: Tensor): Tensor {
  return x.is_contiguous() ? x : apply(CLONE, [x], { contiguous: true });
}

export const contiguous = method(
  'contiguous(Tensor self, *, MemoryFormat memory_format=contiguous_format)',
  (self: Tensor): Tensor => contiguousImpl(self),
  {
    samples: (k): OpSample[] => [
      { name: 'contiguous', inputs: () => [k.transposed([3, 4])], fn: (x) => x.contiguous() },
    ],
  },
);

export function detach(x: Tensor): Tensor {
  const d = Tensor._make(x._data, x._shape, x._strides, x._offset, x.dtype);
  d._vc = x._vc;
  return d;
}

// ---------------------------------------------------------------- in-place view ops

// squeeze_, unsqueeze_, transpose_, t_: the view computed out of place, then its geometry (and
// history) given to self, as ATen's in-place view ops change self's sizes and strides.
const SQUEEZE_ = defineOp<{ dims: number[] | null }>({ ...SQUEEZE, node: 'SqueezeBackward2' });
const SQUEEZE_DIM_ = defineOp<{ dims: number[] | null }>({ ...SQUEEZE, node: 'SqueezeBackward3' });
const UNSQUEEZE_ = defineOp<{ dim: number }>({ ...UNSQUEEZE, node: 'UnsqueezeBackward1' });
const TRANSPOSE_ = defineOp<{ dim0: number; dim1: number }>({ ...TRANSPOSE, node: 'TransposeBackward1' });
const T_ = defineOp({ ...T, node: 'TBackward1' });

function restrideInPlace<A>(self: Tensor, def: Parameters<typeof apply<A>>[0], args: A): Tensor {
  if (self._bt !== null) throw new Error('in-place view operations (squeeze_, t_, ...) are not supported inside vmap');
  if (is_grad_enabled()) self._checkInplace();
  // An in-place view op counts as a change of self (ATen bumps its version, as any in-place op),
  // before the new node is recorded against it.
  self._bumpVersion();
  const v = apply(def, [self], args);
  self._shape = v._shape;
  self._strides = v._strides;
  self._offset = v._offset;
  self._size = null;
  if (v._gradFn !== null) {
    self._gradFn = v._gradFn;
    self._outputNr = v._outputNr;
  }
  if (v._fw !== null) self._fw = v._fw;
  return self;
}

export function squeeze_(x: Tensor, dim?: Dims): Tensor {
  if (dim === undefined) return restrideInPlace(x, SQUEEZE_, { dims: null });
  if (typeof dim === 'number') return restrideInPlace(x, SQUEEZE_DIM_, { dims: [normalizeDim(dim, x.dim())] });
  return restrideInPlace(x, SQUEEZE_DIM_, { dims: dim.map((d) => normalizeDim(d, x.dim())) });
}
export function unsqueeze_(x: Tensor, dim: number): Tensor {
  return restrideInPlace(x, UNSQUEEZE_, { dim: normalizeDim(dim, x.dim() + 1) });
}
export function transpose_(x: Tensor, dim0: number, dim1: number): Tensor {
  return restrideInPlace(x, TRANSPOSE_, { dim0: normalizeDim(dim0, x.dim()), dim1: normalizeDim(dim1, x.dim()) });
}
export function t_(x: Tensor): Tensor {
  if (x.dim() > 2) throw new RangeError(`t_() expects a tensor with <= 2 dimensions, but self is ${x.dim()}D`);
  return restrideInPlace(x, T_, undefined);
}
