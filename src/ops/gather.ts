// Gather-like ops along one dim: gather, take_along_dim, scatter, scatter_add.
// Offsets into storage are computed here (offsets.ts) and every index is validated before the
// backend's take/put runs. Backward formulas follow derivatives.yaml.
//
// The public ops implemented here are declared here too (torch.* functions and Tensor methods;
// op(), fn(), method(), src/ops/declare.ts), each right after its implementation: its PyTorch
// signature and gradcheck samples beside the forward, the autograd node (backward formula, saved
// tensors, JVP and batching rule) and any composite it is built from.

import { backend } from '../backend/index.js';
import { float64, int64, type TypedArray } from '../tensor/dtype.js';
import { broadcastShapes, formatShape, normalizeDim } from '../tensor/shape.js';
import { Tensor, type TensorOrScalar } from '../tensor/tensor.js';
import * as K from '../tensor/kernels.js';
import { dtypeName } from './advanced.js';
import { dimsOf, outerSum, shapeOf, sizeOf, strideOf, stridedFactor, valuesAs } from './offsets.js';
import { levelOf, makeBatched, physicalAt, vmapState, withBatch } from '../autograd/batching.js';
import { apply, applyInplace, defineOp, type BatchRule, type OpDef } from '../autograd/op.js';
import { op, type OpSample } from './declare.js';

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

export interface AlongDim {
  dim: number;
  index: Tensor;
}

/**
 * The batching rule of the ops along a dim with a shared index (gather, scatter, scatter_add):
 * along dim + 1, the index given the batch dim, inputs without one expanded.
 */
function alongDimBatched<A extends AlongDim>(def: () => OpDef<A>): BatchRule<A> {
  return (inputs, batched, a, size) => {
    const ins = inputs.map((t, i) => withBatch(t, batched[i], size));
    const index = a.index.unsqueeze(0).expand([size, ...a.index._shape]);
    return apply(def(), ins, { ...a, dim: a.dim + 1, index });
  };
}

const GATHER: OpDef<AlongDim> = defineOp<AlongDim>({
  node: 'GatherBackward0',
  batch: alongDimBatched(() => GATHER),
  // Linear in the input: the same selection applied to the tangent.
  jvp: 'linear',
  forward: ([x], { dim, index }) => {
    const offsets = addIndexAlongDim(offsetsExcept(x, shapeOf(index), dim), x, dim, index);
    const out = K.empty(index._shape, x.dtype);
    backend().take(x._data, offsets, out._data);
    return out;
  },
  backward: (g, _s, { args, meta }) => [scatter_addImpl(K.full(meta[0].shape, 0, g.dtype), args.dim, args.index, g)],
});

export function gatherImpl(x: Tensor, dim: number, index: Tensor): Tensor {
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
  if (vmapState.depth !== 0 && (x._bt !== null || index._bt !== null)) {
    // Batching rule: gather along dim + 1 of the batches (an unbatched side expanded).
    const { level, size } = levelOf(x, index);
    return makeBatched(gatherImpl(physicalAt(x, level, size), d + 1, physicalAt(index, level, size)), level);
  }
  return apply(GATHER, [x], { dim: d, index });
}

type T = Tensor;

export const gather = op(
  [
    'gather(Tensor self, int dim, Tensor index, *, bool sparse_grad=False)',
    'gather(Tensor self, Dimname dim, Tensor index, *, bool sparse_grad=False)',
  ],
  (self: T, dim: number, index: T): T => gatherImpl(self, dim, index),
  {
    samples: (k): OpSample[] => [
      // gather / scatter
      {
        name: 'gather dim 1',
        inputs: () => [k.make([3, 4])],
        fn: (x) =>
          x.gather(
            1,
            k.long([
              [0, 0],
              [3, 1],
              [2, 2],
            ]),
          ),
      },
      {
        name: 'gather dim 0 transposed',
        inputs: () => [k.transposed([3, 4])],
        fn: (x) => x.gather(0, k.long([[2, 0, 1, 1]])),
      },
    ],
  },
);

/**
 * Picks values along dim at the given indices, broadcasting input and indices against each
 * other in the other dims (the flattened input when dim is omitted).
 */
export function take_along_dimImpl(x: Tensor, indices: Tensor, dim?: number | null): Tensor {
  if (indices.dtype !== int64) {
    throw new TypeError(`torch.take_along_dim(): dtype of indices should be Long but got ${dtypeName(indices)}`);
  }
  if (dim === undefined || dim === null) return gatherImpl(x.reshape(-1), 0, indices.reshape(-1));
  if (x.dim() !== indices.dim()) {
    throw new RangeError(
      `torch.take_along_dim(): input and indices should have the same number of dimensions, but got ${x.dim()} dimensions for input, and ${indices.dim()} dimensions for indices`,
    );
  }
  const d = normalizeDim(dim, x.dim());
  const withDim = (shape: readonly number[], size: number): number[] => shape.map((s, k) => (k === d ? size : s));
  const indicesShape = broadcastShapes(withDim(x._shape, indices._shape[d]), indices._shape);
  const selfShape = broadcastShapes(withDim(indices._shape, x._shape[d]), x._shape);
  return gatherImpl(x.expand(selfShape), d, indices.expand(indicesShape));
}

export const take_along_dim = op('take_along_dim(Tensor self, Tensor indices, int? dim=None)', take_along_dimImpl, {
  samples: (k, f): OpSample[] => [
    {
      name: 'take_along_dim broadcast',
      inputs: () => [k.make([3, 4])],
      fn: (x) => f(x, k.long([[0], [3], [1]]), 1),
    },
  ],
});

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

const SCATTER: OpDef<AlongDim> = defineOp<AlongDim>({
  node: 'ScatterBackward0',
  batch: alongDimBatched(() => SCATTER),
  jvp: 'linear',
  forward: ([self, src], { dim, index }) => scatterInto(self, dim, index, srcValues(src, index), false),
  backward: (g, _s, { args, needs }) => [
    needs[0] ? scatterImpl(g, args.dim, args.index, 0) : null,
    needs[1] ? gatherImpl(g, args.dim, args.index) : null,
  ],
});

const SCATTER_VALUE: OpDef<AlongDim & { value: number }> = defineOp<AlongDim & { value: number }>({
  node: 'ScatterBackward1',
  batch: alongDimBatched(() => SCATTER_VALUE),
  jvp: ([t], _s, { args }) => scatterImpl(t!, args.dim, args.index, 0),
  forward: ([self], { dim, index, value }) => {
    const v = K.cast(K.full([], value, float64), self.dtype)._data[0];
    return scatterInto(self, dim, index, new self.dtype.array(index.numel()).fill(v), false);
  },
  backward: (g, _s, { args }) => [scatterImpl(g, args.dim, args.index, 0)],
});

const SCATTER_ADD: OpDef<AlongDim> = defineOp<AlongDim>({
  node: 'ScatterAddBackward0',
  batch: alongDimBatched(() => SCATTER_ADD),
  jvp: 'linear',
  forward: ([self, src], { dim, index }) => scatterInto(self, dim, index, srcValues(src, index), true),
  backward: (g, _s, { args, needs }) => [g, needs[1] ? gatherImpl(g, args.dim, args.index) : null],
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
export function scatterImpl(self: Tensor, dim: number, index: Tensor, src: TensorOrScalar): Tensor {
  return scatterOp(self, dim, index, src, false);
}

const SCATTER_SIGS = <N extends string>(name: N) =>
  [
    `${name}(Tensor self, int dim, Tensor index, Tensor src)`,
    `${name}(Tensor self, Dimname dim, Tensor index, Tensor src)`,
    `${name}(Tensor self, int dim, Tensor index, Scalar value)`,
    `${name}(Tensor self, Dimname dim, Tensor index, Scalar value)`,
  ] as const;
export const scatter = op(SCATTER_SIGS('scatter'), scatterImpl, {
  inplace: scatter_,
  samples: (k): OpSample[] => [
    {
      name: 'scatter src',
      inputs: () => [k.make([3, 4]), k.make([2, 4], { salt: 1 })],
      fn: (x, s) =>
        x.scatter(
          0,
          k.long([
            [0, 1, 2, 0],
            [2, 2, 1, 1],
          ]),
          s,
        ),
    },
    { name: 'scatter value', inputs: () => [k.make([3, 4])], fn: (x) => x.scatter(1, k.long([[3], [0], [1]]), 1.5) },
    {
      name: 'scatter_ on clone',
      inputs: () => [k.make([3, 4]), k.make([3, 1], { salt: 1 })],
      fn: (x, s) => x.clone().scatter_(1, k.long([[3], [0], [1]]), s),
    },
  ],
});

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
export function scatter_addImpl(self: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  return scatterAddOp(self, dim, index, src, false);
}

export const scatter_add = op(
  [
    'scatter_add(Tensor self, int dim, Tensor index, Tensor src)',
    'scatter_add(Tensor self, Dimname dim, Tensor index, Tensor src)',
  ],
  scatter_addImpl,
  {
    inplace: scatter_add_,
    samples: (k): OpSample[] => [
      {
        name: 'scatter_add repeated',
        inputs: () => [k.make([3, 4]), k.make([2, 4], { salt: 1 })],
        fn: (x, s) =>
          x.scatter_add(
            0,
            k.long([
              [0, 0, 2, 0],
              [0, 2, 2, 1],
            ]),
            s,
          ),
      },
      {
        name: 'scatter_add_ on clone',
        inputs: () => [k.make([3, 4]), k.make([3, 2], { salt: 1 })],
        fn: (x, s) =>
          x.clone().scatter_add_(
            1,
            k.long([
              [0, 0],
              [3, 1],
              [2, 2],
            ]),
            s,
          ),
      },
    ],
  },
);

export function scatter_add_(self: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  return scatterAddOp(self, dim, index, src, true);
}
