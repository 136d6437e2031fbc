// Ops that take whole slices along one dim through an index vector: index_select, index_add,
// index_fill, index_copy. Indices are validated in TypeScript before the backend's take/put.
//
// The public ops implemented here are declared here too (torch.* functions and Tensor methods;
// op(), fn(), method(), src/ops/declare.ts), each right after its implementation: its PyTorch
// signature and gradcheck samples beside the forward, the autograd node (backward formula, saved
// tensors, JVP and batching rule) and any composite it is built from.

import { backend } from '../backend/index.js';
import { float64, int32, int64 } from '../tensor/dtype.js';
import { broadcastShapes, formatShape, normalizeDim, shapeEquals } from '../tensor/shape.js';
import { Tensor, type TensorOrScalar } from '../tensor/tensor.js';
import * as K from '../tensor/kernels.js';
import { dtypeName } from './advanced.js';
import { gatherImpl, type AlongDim } from './gather.js';
import { longVector, outerSum, shapeOf, sizeOf, strideOf, stridedFactor, valuesAs } from './offsets.js';
import { batchedAt, levelOf, makeBatched, physicalAt, vmapState, withBatch } from '../autograd/batching.js';
import { apply, applyInplace, defineOp, type BatchRule, type OpDef } from '../autograd/op.js';
import { op, type OpSample } from './declare.js';

const OUT_OF_RANGE = (): string => 'index out of range in self';

/**
 * The index vector's values, checked against size (negative values count from the end when
 * allowed) with the op's own error text.
 */
function indexVector(
  index: Tensor,
  size: number,
  allowNegative: boolean,
  message: (v: number) => string,
): Float64Array {
  const values = valuesAs(index, index._shape);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v >= size || v < (allowNegative ? -size : 0)) throw new RangeError(message(v));
    out[i] = v < 0 ? v + size : v;
  }
  return out;
}

/** Offsets into t over `shape` (t's dims, 0-d as [1]) with dim's coordinate taken from `picks`. */
function alongDimOffsets(t: Tensor, shape: readonly number[], dim: number, picks: Float64Array): Int32Array {
  const stride = strideOf(t, dim);
  return outerSum(
    t._offset,
    shape.map((s, d) => (d === dim ? Int32Array.from(picks, (v) => v * stride) : stridedFactor(s, strideOf(t, d)))),
  );
}

// ---------------------------------------------------------------- index_select

/**
 * The batching rule of the ops that take whole slices along dim (index_select, index_add,
 * index_fill, index_copy): along dim + 1 with the same index vector, inputs without a batch dim
 * expanded. A 0-d example has no slices to take (then: once per example).
 */
function slicesBatched<A extends AlongDim>(def: () => OpDef<A>): BatchRule<A> {
  return (inputs, batched, a, size) => {
    if (inputs.some((t, i) => t.dim() - (batched[i] ? 1 : 0) === 0)) return null;
    return apply(
      def(),
      inputs.map((t, i) => withBatch(t, batched[i], size)),
      { ...a, dim: a.dim + 1 },
    );
  };
}

const INDEX_SELECT: OpDef<AlongDim> = defineOp<AlongDim>({
  node: 'IndexSelectBackward0',
  batch: slicesBatched(() => INDEX_SELECT),
  // Linear in the input: the same selection applied to the tangent.
  jvp: 'linear',
  forward: ([x], { dim, index }) => {
    const shape = x.dim() === 0 ? [] : x._shape.map((s, d) => (d === dim ? index.numel() : s));
    const out = K.empty(shape, x.dtype);
    backend().take(
      x._data,
      alongDimOffsets(x, shapeOf(x), dim, indexVector(index, sizeOf(x, dim), false, OUT_OF_RANGE)),
      out._data,
    );
    return out;
  },
  backward: (g, _s, { args, meta }) => [index_addImpl(K.full(meta[0].shape, 0, g.dtype), args.dim, args.index, g)],
});

export function index_selectImpl(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normalizeDim(dim, x.dim());
  if (index.dim() > 1) throw new RangeError('index_select(): Index is supposed to be a vector');
  if (x.dim() === 0 && index.numel() !== 1) {
    throw new RangeError(`Dimension specified as ${dim} but tensor has no dimensions`);
  }
  if (index.dtype !== int64 && index.dtype !== int32) {
    throw new TypeError('index_select(): Expected dtype int32 or int64 for index');
  }
  if (vmapState.depth !== 0 && (x._bt !== null || index._bt !== null)) {
    // Batching rule: shared indices select along dim + 1 of the batch; per-example indices gather.
    const { level, size } = levelOf(x, index);
    const px = physicalAt(x, level, size);
    if (!batchedAt(index, level)) return makeBatched(index_selectImpl(px, d + 1, index), level);
    const pi = physicalAt(index, level, size).to(int64);
    const shape = [...px.shape];
    shape[d + 1] = pi.shape[1];
    const view = [size, ...px.shape.slice(1).map((_s, k) => (k === d ? pi.shape[1] : 1))];
    return makeBatched(gatherImpl(px, d + 1, pi.reshape(view).expand(shape)), level);
  }
  return apply(INDEX_SELECT, [x], { dim: d, index });
}

export const index_select = op(
  ['index_select(Tensor self, int dim, Tensor index)', 'index_select(Tensor self, Dimname dim, Tensor index)'],
  index_selectImpl,
  {
    samples: (k): OpSample[] => [
      { name: 'index_select', inputs: () => [k.make([3, 4])], fn: (x) => x.index_select(1, k.long([3, 0, 3])) },
      {
        name: 'index_select transposed',
        inputs: () => [k.transposed([3, 4])],
        fn: (x) => x.index_select(0, k.long([2, 1])),
      },
    ],
  },
);

// ---------------------------------------------------------------- index_add

interface IndexAddArgs extends AlongDim {
  alpha: number;
}

/**
 * source read over `target` (self's shape with dim resized): dim maps to dim, and the other dims
 * of source align to the right with the other dims of self, broadcasting, as each source slice
 * is added to a self slice.
 */
function sourceOver(source: Tensor, target: readonly number[], dim: number): Tensor {
  const strides = new Array<number>(target.length).fill(0);
  const rest = source._shape.map((_, d) => d).filter((d) => d !== dim);
  const targetRest = target.map((_, d) => d).filter((d) => d !== dim);
  if (source.dim() > 0) strides[dim] = source._strides[dim];
  const lead = targetRest.length - rest.length;
  targetRest.forEach((td, k) => {
    const sd = rest[k - lead];
    if (sd !== undefined && source._shape[sd] !== 1) strides[td] = source._strides[sd];
  });
  return Tensor._make(source._data, [...target], strides, source._offset, source.dtype);
}

const INDEX_ADD: OpDef<IndexAddArgs> = defineOp<IndexAddArgs>({
  node: 'IndexAddBackward0',
  batch: slicesBatched(() => INDEX_ADD),
  jvp: 'linear',
  forward: ([self, source], { dim, index, alpha }) => {
    const out = K.copyOf(self);
    const target = shapeOf(out).map((s, d) => (d === dim ? index.numel() : s));
    const offsets = alongDimOffsets(out, target, dim, indexVector(index, sizeOf(out, dim), false, OUT_OF_RANGE));
    const scaled =
      alpha === 1 ? K.cast(source, self.dtype) : K.binary('mul', source, K.full([], alpha, float64), self.dtype);
    backend().put(out._data, offsets, valuesAs(sourceOver(scaled, target, dim), target), true);
    return out;
  },
  // derivatives.yaml: source gets grad.index_select(dim, index).expand_as(source) * alpha.
  backward: (g, _s, { args, needs, meta }) => {
    if (!needs[1]) return [g, null];
    const picked = index_selectImpl(g, args.dim, args.index).expand(meta[1].shape);
    return [g, args.alpha === 1 ? picked : picked.mul(args.alpha)];
  },
});

function checkIndexAdd(self: Tensor, dim: number, index: Tensor, source: Tensor): void {
  if (index.dim() > 1) {
    throw new RangeError(
      `index_add_(): Index is supposed to be a vector, but got dim: ${index.dim()} with type: ${dtypeName(index)} and size: ${formatShape(index._shape)}`,
    );
  }
  if (index.dtype !== int64 && index.dtype !== int32) {
    throw new TypeError(`index_add_(): Expected dtype int32/int64 for index but got: ${dtypeName(index)}`);
  }
  if (self.dtype !== source.dtype) {
    throw new TypeError(
      `index_add_(): self (${dtypeName(self)}) and source (${dtypeName(source)}) must have the same scalar type`,
    );
  }
  if (!(dim === 0 || dim < source.dim())) {
    throw new RangeError(
      `index_add_(): Indexing dim ${dim} is out of bounds of the source tensor with dim ${source.dim()}`,
    );
  }
  const count = source.dim() === 0 ? 1 : source._shape[dim];
  if (index.numel() !== count) {
    throw new RangeError(
      `index_add_(): Number of indices (${index.numel()}) should be equal to source.size(dim): (${count}), for dim: ${dim}`,
    );
  }
  if (self.dim() > 1) {
    // Each indexed slice of self gets the matching slice of source added in place.
    const selfSlice = self._shape.filter((_, d) => d !== dim);
    const srcSlice = source._shape.filter((_, d) => d !== dim);
    const shape = broadcastShapes(selfSlice, srcSlice);
    if (!shapeEquals(shape, selfSlice)) {
      throw new RangeError(
        `output with shape ${formatShape(selfSlice)} doesn't match the broadcast shape ${formatShape(shape)}`,
      );
    }
  }
}

function indexAddOp(self: Tensor, dim: number, index: Tensor, source: Tensor, alpha: number, inplace: boolean): Tensor {
  const d = normalizeDim(dim, self.dim());
  checkIndexAdd(self, d, index, source);
  const args = { dim: d, index, alpha };
  return inplace ? applyInplace(INDEX_ADD, self, [source], args) : apply(INDEX_ADD, [self, source], args);
}

/** A copy of self with alpha * source added at the indexed places along dim. */
export function index_addImpl(
  self: Tensor,
  dim: number,
  index: Tensor,
  source: Tensor,
  opts?: { alpha?: number },
): Tensor {
  return indexAddOp(self, dim, index, source, opts?.alpha ?? 1, false);
}

export const index_add = op(
  [
    'index_add(Tensor self, int dim, Tensor index, Tensor source, *, Scalar alpha=1)',
    'index_add(Tensor self, Dimname dim, Tensor index, Tensor source, *, Scalar alpha=1)',
  ],
  index_addImpl,
  {
    inplace: index_add_,
    samples: (k): OpSample[] => [
      {
        name: 'index_add alpha',
        inputs: () => [k.make([3, 4]), k.make([2, 4], { salt: 1 })],
        fn: (x, s) => x.index_add(0, k.long([2, 2]), s, { alpha: -1.5 }),
      },
      {
        name: 'index_add_ on clone',
        inputs: () => [k.make([3, 4]), k.make([3, 3], { salt: 1 })],
        fn: (x, s) => x.clone().index_add_(1, k.long([0, 3, 0]), s),
      },
    ],
  },
);

export function index_add_(
  self: Tensor,
  dim: number,
  index: Tensor,
  source: Tensor,
  opts?: { alpha?: number },
): Tensor {
  return indexAddOp(self, dim, index, source, opts?.alpha ?? 1, true);
}

// ---------------------------------------------------------------- index_fill

const INDEX_FILL: OpDef<AlongDim & { value: number }> = defineOp<AlongDim & { value: number }>({
  node: 'IndexFillBackward0',
  batch: slicesBatched(() => INDEX_FILL),
  jvp: ([t], _s, { args }) => index_fillImpl(t!, args.dim, args.index, 0),
  forward: ([self], { dim, index, value }) =>
    fillSlices(self, dim, index, K.cast(K.full([], value, float64), self.dtype)),
  backward: (g, _s, { args }) => [index_fillImpl(g, args.dim, args.index, 0)],
});

// index_fill with a 0-d tensor value, which receives the sum of the gradient over the filled slices.
const INDEX_FILL_TENSOR = defineOp<AlongDim>({
  node: 'IndexFillBackward1',
  jvp: 'linear',
  forward: ([self, value], { dim, index }) => fillSlices(self, dim, index, K.cast(value, self.dtype)),
  backward: (g, _s, { args, needs }) => [
    needs[0] ? index_fillImpl(g, args.dim, args.index, 0) : null,
    needs[1] ? index_selectImpl(g, args.dim, uniqueIndices(g, args.dim, args.index)).sum() : null,
  ],
});

function fillSlices(self: Tensor, dim: number, index: Tensor, value: Tensor): Tensor {
  const out = K.copyOf(self);
  const size = sizeOf(out, dim);
  const picks = indexVector(
    index,
    size,
    true,
    (v) => `index ${v} is out of bounds for dimension ${dim} with size ${size}`,
  );
  const offsets = alongDimOffsets(out, shapeOf(out), dim, picks);
  backend().put(out._data, offsets, new self.dtype.array(offsets.length).fill(value._data[value._offset]), false);
  return out;
}

/** The distinct (normalized) indices: a slice filled twice receives its gradient once. */
function uniqueIndices(t: Tensor, dim: number, index: Tensor): Tensor {
  const picks = indexVector(index, sizeOf(t, dim), true, () => '');
  return longVector(Float64Array.from(new Set(picks)));
}

function indexFillOp(self: Tensor, dim: number, index: Tensor, value: TensorOrScalar, inplace: boolean): Tensor {
  const d = normalizeDim(dim, self.dim());
  if (value instanceof Tensor && value.dim() !== 0) {
    throw new RangeError(
      `index_fill_ only supports a 0-dimensional value tensor, but got tensor with ${value.dim()} dimension(s).`,
    );
  }
  if (index.dtype !== int64) throw new TypeError('index_fill_(): Expected dtype int64 for index.');
  if (index.dim() > 1) throw new RangeError('Index has to be a vector/scalar');
  if (value instanceof Tensor) {
    return inplace
      ? applyInplace(INDEX_FILL_TENSOR, self, [value], { dim: d, index })
      : apply(INDEX_FILL_TENSOR, [self, value], { dim: d, index });
  }
  const args = { dim: d, index, value: Number(value) };
  return inplace ? applyInplace(INDEX_FILL, self, [], args) : apply(INDEX_FILL, [self], args);
}

/** A copy of self with the indexed slices along dim set to value. */
export function index_fillImpl(self: Tensor, dim: number, index: Tensor, value: TensorOrScalar): Tensor {
  return indexFillOp(self, dim, index, value, false);
}

const INDEX_FILL_SIGS = <N extends string>(name: N) =>
  [
    `${name}(Tensor self, int dim, Tensor index, Tensor value)`,
    `${name}(Tensor self, Dimname dim, Tensor index, Tensor value)`,
    `${name}(Tensor self, int dim, Tensor index, Scalar value)`,
    `${name}(Tensor self, Dimname dim, Tensor index, Scalar value)`,
  ] as const;
export const index_fill = op(INDEX_FILL_SIGS('index_fill'), index_fillImpl, {
  inplace: index_fill_,
  samples: (k): OpSample[] => [
    {
      name: 'index_fill',
      inputs: () => [k.transposed([3, 4])],
      fn: (x) => x.index_fill(1, k.long([0, -1]), 0.5),
    },
    {
      name: 'index_fill 0-d tensor value repeated',
      inputs: () => [k.make([3, 4]), k.make([], { salt: 1 })],
      fn: (x, v) => x.index_fill(0, k.long([2, 0, 2]), v),
    },
  ],
});

export function index_fill_(self: Tensor, dim: number, index: Tensor, value: TensorOrScalar): Tensor {
  return indexFillOp(self, dim, index, value, true);
}

// ---------------------------------------------------------------- index_copy

const INDEX_COPY: OpDef<AlongDim> = defineOp<AlongDim>({
  node: 'IndexCopyBackward0',
  batch: slicesBatched(() => INDEX_COPY),
  jvp: 'linear',
  forward: ([self, source], { dim, index }) => {
    const out = K.copyOf(self);
    const size = sizeOf(out, dim);
    const picks = indexVector(
      index,
      size,
      false,
      (v) => `index_copy_(): index ${v} is out of bounds for dimension ${dim} with size ${size}`,
    );
    const target = shapeOf(out).map((s, d) => (d === dim ? index.numel() : s));
    const values = valuesAs(sourceOver(K.cast(source, self.dtype), target, dim), target);
    backend().put(out._data, alongDimOffsets(out, target, dim, picks), values, false);
    return out;
  },
  backward: (g, _s, { args, needs }) => [
    needs[0] ? index_fillImpl(g, args.dim, args.index, 0) : null,
    needs[1] ? index_selectImpl(g, args.dim, args.index) : null,
  ],
});

function checkIndexCopy(self: Tensor, dim: number, index: Tensor, source: Tensor): void {
  if (index.dim() >= 2) throw new RangeError(`index_copy_(): Index should have dimension 1 or 0 (got ${index.dim()})`);
  if (source.dim() === 0 && index.numel() !== 1) {
    throw new RangeError(`index_copy_(): When source is scalar, index should have one element (got ${index.numel()})`);
  }
  if (source.dim() !== self.dim() && source.dim() !== 0 && self.dim() !== 0) {
    throw new RangeError(
      `index_copy_(): When source and destination are not scalars, their dimensionality must match. Source dimensionality (${source.dim()}), destination dimensionality (${self.dim()})`,
    );
  }
  if (index.dtype !== int64) {
    throw new TypeError(`index_copy_(): Expected a long tensor for index, but got ${dtypeName(index)}`);
  }
  if (self.dtype !== source.dtype) {
    throw new TypeError(
      `index_copy_(): self and source expected to have the same dtype, but got (self) ${dtypeName(self)} and (source) ${dtypeName(source)}`,
    );
  }
  const selfSlice = self._shape.filter((_, d) => d !== dim);
  const sourceSlice = source._shape.filter((_, d) => d !== dim);
  if (!shapeEquals(selfSlice, sourceSlice)) {
    throw new RangeError(
      `index_copy_(): Source/destination tensor must have same slice shapes. Destination slice shape: ${selfSlice.join(' ')} at dimension ${dim} and source slice shape: ${sourceSlice.join(' ')} at dimension 0.`,
    );
  }
  if (source.dim() > 0 && index.numel() !== source._shape[dim]) {
    throw new RangeError(
      `index_copy_(): Number of indices (${index.numel()}) should be equal to source.size(dim) (${source._shape[dim]})`,
    );
  }
}

function indexCopyOp(self: Tensor, dim: number, index: Tensor, source: Tensor, inplace: boolean): Tensor {
  const d = normalizeDim(dim, self.dim());
  checkIndexCopy(self, d, index, source);
  return inplace
    ? applyInplace(INDEX_COPY, self, [source], { dim: d, index })
    : apply(INDEX_COPY, [self, source], { dim: d, index });
}

/** A copy of self with source's slices written at the indexed places along dim. */
export function index_copyImpl(self: Tensor, dim: number, index: Tensor, source: Tensor): Tensor {
  return indexCopyOp(self, dim, index, source, false);
}

export const index_copy = op(
  [
    'index_copy(Tensor self, int dim, Tensor index, Tensor source)',
    'index_copy(Tensor self, Dimname dim, Tensor index, Tensor source)',
  ],
  index_copyImpl,
  {
    inplace: index_copy_,
    samples: (k): OpSample[] => [
      {
        name: 'index_copy',
        inputs: () => [k.make([3, 4]), k.make([3, 2], { salt: 1 })],
        fn: (x, s) => x.index_copy(1, k.long([3, 0]), s),
      },
      {
        name: 'index_copy_ on clone',
        inputs: () => [k.make([3, 4]), k.make([1, 4], { salt: 1 })],
        fn: (x, s) => x.clone().index_copy_(0, k.long([1]), s),
      },
    ],
  },
);

export function index_copy_(self: Tensor, dim: number, index: Tensor, source: Tensor): Tensor {
  return indexCopyOp(self, dim, index, source, true);
}
