// Gather-like ops along one dim: gather, scatter, scatter_add, index_select, index_add.
// Offsets into storage are computed here (offsets.ts) and every index is validated before the
// backend's take/put runs. Backward formulas follow derivatives.yaml.

import { backend } from '../backend/index.js';
import { float64, int32, int64, type TypedArray } from '../tensor/dtype.js';
import { broadcastShapes, formatShape, normalizeDim, shapeEquals } from '../tensor/shape.js';
import { Tensor, type TensorOrScalar } from '../tensor/tensor.js';
import * as K from './kernels.js';
import { dtypeName } from './advanced.js';
import { outerSum, stridedFactor, valuesAs } from './offsets.js';
import { apply, applyInplace, defineOp } from './op.js';

// ATen's ensure_nonempty_dim/size: a 0-d tensor acts as a 1-d tensor of one element here.
const dimsOf = (t: Tensor): number => Math.max(t.dim(), 1);
const sizeOf = (t: Tensor, d: number): number => (t.dim() === 0 ? 1 : t._shape[d]);
const strideOf = (t: Tensor, d: number): number => (t.dim() === 0 ? 1 : t._strides[d]);
const shapeOf = (t: Tensor): number[] => (t.dim() === 0 ? [1] : t._shape);

/** Offsets into t's storage over `shape` (t's dims), with dim `dim` contributing 0. */
function offsetsExcept(t: Tensor, shape: readonly number[], dim: number): Int32Array {
  return outerSum(
    t._offset,
    shape.map((s, d) => (d === dim ? new Int32Array(s) : stridedFactor(s, strideOf(t, d)))),
  );
}

/** Adds index[p] * stride(dim) to offsets over the index's positions, checking 0 <= index < size. */
function addIndexAlongDim(offsets: Int32Array, t: Tensor, dim: number, index: Tensor): Int32Array {
  const values = valuesAs(index, index._shape);
  const size = sizeOf(t, dim);
  const stride = strideOf(t, dim);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < 0 || v >= size) throw new RangeError(`index ${v} is out of bounds for dimension ${dim} with size ${size}`);
    offsets[i] += v * stride;
  }
  return offsets;
}

// ---------------------------------------------------------------- gather

interface AlongDim {
  dim: number;
  index: Tensor;
}

const GATHER = defineOp<AlongDim>({
  node: 'GatherBackward0',
  forward: ([x], { dim, index }) => {
    const offsets = addIndexAlongDim(offsetsExcept(x, shapeOf(index), dim), x, dim, index);
    const out = K.empty(index._shape, x.dtype);
    backend().take(x._data, offsets, out._data);
    return out;
  },
  backward: (g, _s, { args, meta }) => [scatter_add(K.full(meta[0].shape, 0, g.dtype), args.dim, args.index, g)],
});

export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normalizeDim(dim, x.dim());
  if (index.dtype !== int64) throw new TypeError('gather(): Expected dtype int64 for index');
  if (index.numel() > 0) {
    if (dimsOf(x) !== dimsOf(index)) {
      throw new RangeError('Index tensor must have the same number of dimensions as input tensor');
    }
    for (let i = 0; i < dimsOf(x); i++) {
      if (i !== d && sizeOf(index, i) > sizeOf(x, i)) {
        throw new RangeError(
          `Size does not match at dimension ${i} expected index ${formatShape(index._shape)} to be smaller than self ${formatShape(x._shape)} apart from dimension ${d}`,
        );
      }
    }
  }
  return apply(GATHER, [x], { dim: d, index });
}

// ---------------------------------------------------------------- scatter, scatter_add

function checkScatter(self: Tensor, dim: number, index: Tensor, src: Tensor | null): void {
  if (index.dtype !== int64) throw new TypeError('scatter(): Expected dtype int64 for index');
  if (src !== null && src.dtype !== self.dtype) {
    throw new TypeError('scatter(): Expected self.dtype to be equal to src.dtype');
  }
  if (index.numel() === 0) return;
  if (dimsOf(self) !== dimsOf(index)) {
    throw new RangeError('Index tensor must have the same number of dimensions as self tensor');
  }
  let wrong = false;
  for (let d = 0; d < dimsOf(self); d++) {
    if (d !== dim && sizeOf(index, d) > sizeOf(self, d)) wrong = true;
  }
  if (!wrong && src !== null) {
    for (let d = 0; d < dimsOf(self); d++) if (sizeOf(index, d) > (sizeOf(src, d) ?? 0)) wrong = true;
  }
  const expected = `Expected index ${formatShape(index._shape)} to be smaller than self ${formatShape(self._shape)} apart from dimension ${dim}`;
  if (src !== null) {
    if (dimsOf(src) !== dimsOf(index)) {
      throw new RangeError('Index tensor must have the same number of dimensions as src tensor');
    }
    if (wrong) throw new RangeError(`${expected} and to be smaller size than src ${formatShape(src._shape)}`);
  } else if (wrong) {
    throw new RangeError(expected);
  }
}

/** Writes (or adds) `values` (one per index element) into a copy of self at the indexed places. */
function scatterInto(self: Tensor, dim: number, index: Tensor, values: TypedArray, accumulate: boolean): Tensor {
  const out = K.copyOf(self);
  const offsets = addIndexAlongDim(offsetsExcept(out, shapeOf(index), dim), out, dim, index);
  backend().put(out._data, offsets, values, accumulate);
  return out;
}

/** src's elements at the index's positions, row-major. */
function srcValues(src: Tensor, index: Tensor): TypedArray {
  const offsets = outerSum(
    src._offset,
    shapeOf(index).map((s, d) => stridedFactor(s, strideOf(src, d))),
  );
  const out = new src.dtype.array(offsets.length);
  backend().take(src._data, offsets, out);
  return out;
}

const SCATTER = defineOp<AlongDim>({
  node: 'ScatterBackward0',
  forward: ([self, src], { dim, index }) => scatterInto(self, dim, index, srcValues(src, index), false),
  backward: (g, _s, { args, needs }) => [
    needs[0] ? scatter(g, args.dim, args.index, 0) : null,
    needs[1] ? gather(g, args.dim, args.index) : null,
  ],
});

const SCATTER_VALUE = defineOp<AlongDim & { value: number }>({
  node: 'ScatterBackward1',
  forward: ([self], { dim, index, value }) => {
    const v = K.cast(K.full([], value, float64), self.dtype)._data[0];
    return scatterInto(self, dim, index, new self.dtype.array(index.numel()).fill(v), false);
  },
  backward: (g, _s, { args }) => [scatter(g, args.dim, args.index, 0)],
});

const SCATTER_ADD = defineOp<AlongDim>({
  node: 'ScatterAddBackward0',
  forward: ([self, src], { dim, index }) => scatterInto(self, dim, index, srcValues(src, index), true),
  backward: (g, _s, { args, needs }) => [g, needs[1] ? gather(g, args.dim, args.index) : null],
});

function scatterOp(self: Tensor, dim: number, index: Tensor, src: TensorOrScalar, inplace: boolean): Tensor {
  const d = normalizeDim(dim, self.dim());
  if (src instanceof Tensor) {
    checkScatter(self, d, index, src);
    return inplace
      ? applyInplace(SCATTER, self, [src], { dim: d, index })
      : apply(SCATTER, [self, src], { dim: d, index });
  }
  checkScatter(self, d, index, null);
  const args = { dim: d, index, value: Number(src) };
  return inplace ? applyInplace(SCATTER_VALUE, self, [], args) : apply(SCATTER_VALUE, [self], args);
}

/** A copy of self with src (a tensor, or one value) written at index along dim. */
export function scatter(self: Tensor, dim: number, index: Tensor, src: TensorOrScalar): Tensor {
  return scatterOp(self, dim, index, src, false);
}

export function scatter_(self: Tensor, dim: number, index: Tensor, src: TensorOrScalar): Tensor {
  return scatterOp(self, dim, index, src, true);
}

function scatterAddOp(self: Tensor, dim: number, index: Tensor, src: Tensor, inplace: boolean): Tensor {
  const d = normalizeDim(dim, self.dim());
  checkScatter(self, d, index, src);
  return inplace
    ? applyInplace(SCATTER_ADD, self, [src], { dim: d, index })
    : apply(SCATTER_ADD, [self, src], { dim: d, index });
}

/** A copy of self with src added at index along dim (repeated indices add up). */
export function scatter_add(self: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  return scatterAddOp(self, dim, index, src, false);
}

export function scatter_add_(self: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  return scatterAddOp(self, dim, index, src, true);
}

// ---------------------------------------------------------------- index_select, index_add

/** index's values (a vector) times stride, checked against size with index_select's message. */
function selectFactor(index: Tensor, size: number, stride: number): Int32Array {
  const values = valuesAs(index, index._shape);
  const f = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < 0 || v >= size) throw new RangeError('index out of range in self');
    f[i] = v * stride;
  }
  return f;
}

/** Offsets over t's dims (0-d as [1]) with `dim` taken from the index vector. */
function selectOffsets(t: Tensor, dim: number, index: Tensor): Int32Array {
  return outerSum(
    t._offset,
    shapeOf(t).map((s, d) => (d === dim ? selectFactor(index, s, strideOf(t, d)) : stridedFactor(s, strideOf(t, d)))),
  );
}

const INDEX_SELECT = defineOp<AlongDim>({
  node: 'IndexSelectBackward0',
  forward: ([x], { dim, index }) => {
    const shape = x.dim() === 0 ? [] : x._shape.map((s, d) => (d === dim ? index.numel() : s));
    const out = K.empty(shape, x.dtype);
    backend().take(x._data, selectOffsets(x, dim, index), out._data);
    return out;
  },
  backward: (g, _s, { args, meta }) => [index_add(K.full(meta[0].shape, 0, g.dtype), args.dim, args.index, g)],
});

export function index_select(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normalizeDim(dim, x.dim());
  if (index.dim() > 1) throw new RangeError('index_select(): Index is supposed to be a vector');
  if (x.dim() === 0 && index.numel() !== 1) {
    throw new RangeError(`Dimension specified as ${dim} but tensor has no dimensions`);
  }
  if (index.dtype !== int64 && index.dtype !== int32) {
    throw new TypeError('index_select(): Expected dtype int32 or int64 for index');
  }
  return apply(INDEX_SELECT, [x], { dim: d, index });
}

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

const INDEX_ADD = defineOp<IndexAddArgs>({
  node: 'IndexAddBackward0',
  forward: ([self, source], { dim, index, alpha }) => {
    const out = K.copyOf(self);
    const target = shapeOf(out).map((s, d) => (d === dim ? index.numel() : s));
    const offsets = outerSum(
      0,
      target.map((s, d) =>
        d === dim ? selectFactor(index, sizeOf(out, d), strideOf(out, d)) : stridedFactor(s, strideOf(out, d)),
      ),
    );
    const scaled =
      alpha === 1 ? K.cast(source, self.dtype) : K.binary('mul', source, K.full([], alpha, float64), self.dtype);
    backend().put(out._data, offsets, valuesAs(sourceOver(scaled, target, dim), target), true);
    return out;
  },
  // derivatives.yaml: source gets grad.index_select(dim, index).expand_as(source) * alpha.
  backward: (g, _s, { args, needs, meta }) => {
    if (!needs[1]) return [g, null];
    const picked = index_select(g, args.dim, args.index).expand(meta[1].shape);
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
export function index_add(self: Tensor, dim: number, index: Tensor, source: Tensor, opts?: { alpha?: number }): Tensor {
  return indexAddOp(self, dim, index, source, opts?.alpha ?? 1, false);
}

export function index_add_(
  self: Tensor,
  dim: number,
  index: Tensor,
  source: Tensor,
  opts?: { alpha?: number },
): Tensor {
  return indexAddOp(self, dim, index, source, opts?.alpha ?? 1, true);
}
