// Advanced indexing (PyTorch's index / index_put over a list of optional index tensors): the
// kernels behind x[tensor] and x[tensor] = v once basic items have been applied as views.
//
// Note [Advanced indexing layout]: the index tensors broadcast together to a shape B. If the
// indexed dims are adjacent, B replaces them in place (x[:, i, j] on [A, N, M, C] is [A, *B, C]);
// otherwise B goes first and the other dims follow in order (x[i, :, j] is [*B, N]). Offsets
// are built as an outer sum over the result's dims, B counting as one flattened factor.

import { backend } from '../backend/index.js';
import { bool, int64, type TypedArray } from '../tensor/dtype.js';
import { broadcastShapes, formatShape, isExpandableTo, numel } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import * as K from '../tensor/kernels.js';
import { longVector, nonzeroColumns, outerSum, stridedFactor, valuesAs } from './offsets.js';
import { apply, applyInplace, defineOp, type OpDef } from '../autograd/op.js';
import { levelOf, makeBatched, physicalAt, vmapState, withBatch } from '../autograd/batching.js';
import { padBatched } from './view.js';
import { arange } from '../tensor/creation.js';

/** One entry per leading dim of the indexed tensor: an int64 index tensor, or null (dim kept). */
export type Indices = readonly (Tensor | null)[];

/** PyTorch's short dtype name ('Float', 'Long') as its error messages print it. */
export function dtypeName(t: Tensor): string {
  return t.dtype.scalarType;
}

/**
 * Checks index dtypes and replaces each bool mask by the int64 coordinates of its nonzero
 * elements (one tensor per mask dim), as ATen's expandTensors does.
 */
export function expandIndices(self: Tensor, raw: readonly (Tensor | null)[]): (Tensor | null)[] {
  for (const t of raw) {
    if (t !== null && t.dtype !== int64 && t.dtype !== bool) {
      throw new TypeError('tensors used as indices must be long, byte or bool tensors');
    }
  }
  const out: (Tensor | null)[] = [];
  for (const t of raw) {
    if (t === null || t.dtype !== bool) {
      out.push(t);
      continue;
    }
    for (let j = 0; j < t.dim(); j++) {
      const src = out.length + j;
      if (src >= self.dim() || t._shape[j] !== self._shape[src]) {
        throw new RangeError(
          `The shape of the mask ${formatShape(t._shape)} at index ${j} does not match the shape of the indexed tensor ${formatShape(self._shape)} at index ${src}`,
        );
      }
    }
    for (const col of nonzeroColumns(t)) out.push(longVector(col));
  }
  if (out.length > self.dim()) {
    throw new RangeError(`too many indices for tensor of dimension ${self.dim()} (got ${out.length})`);
  }
  return out;
}

interface Layout {
  /** The result's shape. */
  shape: number[];
  /** Broadcast shape of the index tensors. */
  broadcast: number[];
  /** Dims that carry an index tensor, ascending. */
  indexed: number[];
  /** Whether the indexed dims are adjacent (B stays in place). */
  adjacent: boolean;
}

/** The result geometry of indexing a tensor of `shape`; see Note [Advanced indexing layout]. */
export function layoutOf(shape: readonly number[], indices: Indices): Layout {
  const indexed: number[] = [];
  indices.forEach((t, d) => {
    if (t !== null) indexed.push(d);
  });
  let broadcast: number[] = [];
  try {
    for (const d of indexed) broadcast = broadcastShapes(broadcast, (indices[d] as Tensor)._shape);
  } catch {
    const shapes = indexed.map((d) => formatShape((indices[d] as Tensor)._shape)).join(', ');
    throw new RangeError(`shape mismatch: indexing tensors could not be broadcast together with shapes ${shapes}`);
  }
  const first = indexed[0];
  const last = indexed[indexed.length - 1];
  const adjacent = last - first + 1 === indexed.length;
  const kept = shape.map((_, d) => d).filter((d) => indices[d] === undefined || indices[d] === null);
  const out = adjacent
    ? [...shape.slice(0, first), ...broadcast, ...shape.slice(last + 1)]
    : [...broadcast, ...kept.map((d) => shape[d])];
  return { shape: out, broadcast, indexed, adjacent };
}

/**
 * Absolute offsets into t's storage of every element of t[indices], in row-major result order.
 * Throws PyTorch's out-of-bounds error; like ATen, checks nothing when the result is empty.
 */
function offsetsOf(t: Tensor, indices: Indices, layout: Layout): Int32Array {
  const { broadcast, indexed, adjacent } = layout;
  const n = numel(broadcast);
  const block = new Int32Array(n);
  if (numel(layout.shape) > 0) {
    const values = indexed.map((d) => valuesAs(indices[d] as Tensor, broadcast));
    // One pass per index tensor; on a bad value, find the first one in PyTorch's order (by
    // element, then by index tensor) for the error.
    indexed.forEach((d, j) => {
      const size = t._shape[d];
      const stride = t._strides[d];
      const vals = values[j];
      for (let e = 0; e < n; e++) {
        const v = vals[e];
        if (v < -size || v >= size) throwOutOfBounds(t, indexed, values);
        block[e] += (v < 0 ? v + size : v) * stride;
      }
    });
  }
  const dimFactor = (d: number): Int32Array => stridedFactor(t._shape[d], t._strides[d]);
  const factors: Int32Array[] = [];
  if (adjacent) {
    for (let d = 0; d < indexed[0]; d++) factors.push(dimFactor(d));
    factors.push(block);
    for (let d = indexed[indexed.length - 1] + 1; d < t.dim(); d++) factors.push(dimFactor(d));
  } else {
    factors.push(block);
    for (let d = 0; d < t.dim(); d++) if (!(indices[d] ?? null)) factors.push(dimFactor(d));
  }
  if (factors.length > 1) return outerSum(t._offset, factors);
  if (t._offset !== 0) for (let e = 0; e < n; e++) block[e] += t._offset;
  return block;
}

/** out[indices] = values (or += with accumulate); values are row-major over the indexing result. */
export function putIndexed(out: Tensor, indices: Indices, values: TypedArray, accumulate: boolean): void {
  backend().put(out._data, offsetsOf(out, indices, layoutOf(out._shape, indices)), values, accumulate);
}

function throwOutOfBounds(t: Tensor, indexed: readonly number[], values: readonly ArrayLike<number>[]): never {
  for (let e = 0; e < values[0].length; e++) {
    for (let j = 0; j < indexed.length; j++) {
      const size = t._shape[indexed[j]];
      const v = values[j][e];
      if (v < -size || v >= size) {
        throw new RangeError(`index ${v} is out of bounds for dimension ${j} with size ${size}`);
      }
    }
  }
  throw new Error('internal error: no out-of-bounds index found');
}

interface IndexArgs {
  indices: Indices;
}

/** x[indices] computed without recording (the forward of index). */
export function takeIndexed(x: Tensor, indices: Indices): Tensor {
  const layout = layoutOf(x._shape, indices);
  const offsets = offsetsOf(x, indices, layout);
  const out = K.empty(layout.shape, x.dtype);
  backend().take(x._data, offsets, out._data);
  return out;
}

// vmap's rules index the batch with a kept leading dim. Where the indexed dims are not adjacent,
// the broadcast index dims come first (Note [Advanced indexing layout]), ahead of the batch dim.

/** Whether the batch dim lands after the broadcast index dims when indices get a leading null. */
function batchAfterIndex(shape: readonly number[], indices: Indices): number {
  const layout = layoutOf(shape, indices);
  return layout.adjacent ? 0 : layout.broadcast.length;
}

const INDEX: OpDef<IndexArgs> = defineOp<IndexArgs>({
  node: 'IndexBackward0',
  batch: ([x], _b, { indices }) => {
    const phys = [null, ...indices];
    const out = apply(INDEX, [x], { indices: phys });
    const at = batchAfterIndex(x._shape, phys);
    return at === 0 ? out : out.movedim(at, 0);
  },
  jvp: 'linear',
  forward: ([x], { indices }) => takeIndexed(x, indices),
  backward: (g, _s, { args, meta }) => [apply(INDEX_BACKWARD, [g], { indices: args.indices, shape: meta[0].shape })],
});

// index_backward: zeros of the input's shape with the gradient accumulated into the indexed
// slots (PyTorch's _index_put_impl_ on zeros, whose only differentiable input is the gradient).
const INDEX_BACKWARD: OpDef<IndexArgs & { shape: readonly number[] }> = defineOp({
  node: 'IndexPutImplBackward0',
  batch: ([g], _b, { indices, shape }) => {
    const phys = [null, ...indices];
    const full = [g._shape[0], ...shape];
    const at = batchAfterIndex(full, phys);
    return apply(INDEX_BACKWARD, [at === 0 ? g : g.movedim(0, at)], { indices: phys, shape: full });
  },
  jvp: 'linear',
  forward: ([g], { indices, shape }) => {
    const out = K.full(shape, 0, g.dtype);
    putIndexed(out, indices, valuesAs(g, g._shape), true);
    return out;
  },
  backward: (gg, _s, { args }) => [index(gg, args.indices)],
});

interface IndexPutArgs {
  indices: Indices;
  accumulate: boolean;
}

const INDEX_PUT: OpDef<IndexPutArgs> = defineOp<IndexPutArgs>({
  node: 'IndexPutBackward0',
  // Shared indices: the batch indexed with a kept leading dim; the values lined up with the
  // example's indexing result, then with the batch's (Note [Advanced indexing layout]).
  batch: ([self, values], batched, { indices, accumulate }, size) => {
    const ps = withBatch(self, batched[0], size);
    const phys = [null, ...indices];
    const rank = layoutOf(ps._shape.slice(1), indices).shape.length;
    let pv = padBatched(withBatch(values, batched[1], size), rank);
    const at = batchAfterIndex(ps._shape, phys);
    if (at !== 0) pv = pv.movedim(0, at);
    return apply(INDEX_PUT, [ps, pv], { indices: phys, accumulate });
  },
  jvp: (t, _s, { args, meta }) =>
    indexPut(
      t[0] ?? K.full(meta[0].shape, 0, meta[0].dtype),
      args.indices,
      t[1] ?? K.full(meta[1].shape, 0, meta[0].dtype),
      args.accumulate,
    ),
  forward: ([self, values], { indices, accumulate }) => {
    const out = K.copyOf(self);
    putIndexed(out, indices, valuesAs(K.cast(values, self.dtype), layoutOf(out._shape, indices).shape), accumulate);
    return out;
  },
  backward: (g, _s, { args, needs }) => [
    needs[0] && !args.accumulate ? indexPut(g, args.indices, K.full([], 0, g.dtype), false) : g,
    needs[1] ? index(g, args.indices) : null,
  ],
});

/** x[indices] for expanded indices (see expandIndices). */
export function index(x: Tensor, indices: Indices): Tensor {
  if (vmapState.depth !== 0 && indices.some((t) => t !== null && t._bt !== null)) return indexBatched(x, indices);
  return apply(INDEX, [x], { indices });
}

/**
 * x[indices] under vmap with batched index tensors: the batch indexed by arange(B) alongside them,
 * so each example reads its own rows; the result's dims then put back in the example's order.
 */
function indexBatched(x: Tensor, indices: Indices): Tensor {
  const { level, size } = levelOf(x, ...indices.filter((t): t is Tensor => t !== null));
  const layout = layoutOf(x._shape, indices);
  const nb = layout.broadcast.length;
  const lead = (t: Tensor): Tensor => {
    const p = physicalAt(t, level, size);
    return p.reshape([size, ...new Array<number>(nb - t.dim()).fill(1), ...t._shape]);
  };
  const batch = arange(size, { dtype: int64 }).reshape([size, ...new Array<number>(nb).fill(1)]);
  const out = index(physicalAt(x, level, size), [batch, ...indices.map((t) => (t === null ? null : lead(t)))]);
  const first = layout.indexed[0];
  if (!layout.adjacent || first === 0) return makeBatched(out, level);
  // [B, *index dims, *kept] -> [B, kept before first, *index dims, kept after]
  const from = Array.from({ length: nb }, (_v, i) => 1 + i);
  return makeBatched(
    out.movedim(
      from,
      from.map((d) => d + first),
    ),
    level,
  );
}

function checkValues(self: Tensor, indices: Indices, values: Tensor): void {
  if (values.dtype !== self.dtype) {
    throw new TypeError(
      `Index put requires the source and destination dtypes match, got ${dtypeName(self)} for the destination and ${dtypeName(values)} for the source.`,
    );
  }
  const shape = layoutOf(self._shape, indices).shape;
  if (!isExpandableTo(values._shape, shape)) {
    throw new RangeError(
      `shape mismatch: value tensor of shape ${formatShape(values._shape)} cannot be broadcast to indexing result of shape ${formatShape(shape)}`,
    );
  }
}

/** index_put (out of place) for expanded indices. */
export function indexPut(self: Tensor, indices: Indices, values: Tensor, accumulate: boolean): Tensor {
  checkValues(self, indices, values);
  return apply(INDEX_PUT, [self, values], { indices, accumulate });
}

/** index_put_ for expanded indices. */
export function indexPut_(self: Tensor, indices: Indices, values: Tensor, accumulate: boolean): Tensor {
  checkValues(self, indices, values);
  return applyInplace(INDEX_PUT, self, [values], { indices, accumulate });
}
