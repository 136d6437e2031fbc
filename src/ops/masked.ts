// Mask-driven ops: masked_fill, masked_select, nonzero, and the Tensor.where method.

import { bool, float64, int64 } from '../tensor/dtype.js';
import { broadcastShapes, broadcastStrides, formatShape, shapeEquals } from '../tensor/shape.js';
import { Tensor, type TensorOrScalar } from '../tensor/tensor.js';
import * as K from './kernels.js';
import { dtypeName, indexPut, takeIndexed } from './advanced.js';
import { where as selectWhere } from './pointwise.js';
import { longVector, nonzeroColumns } from './offsets.js';
import { apply, applyInplace, defineOp } from './op.js';

// ---------------------------------------------------------------- masked_fill

const MASKED_FILL = defineOp<{ mask: Tensor; value: number }>({
  node: 'MaskedFillBackward0',
  forward: ([self], { mask, value }) => K.where(mask, K.cast(K.full([], value, float64), self.dtype), self, self.dtype),
  backward: (g, _s, { args }) => [masked_fill(g, args.mask, 0)],
});

// masked_fill(mask, value) with a 0-d tensor value, which receives the masked part of the gradient.
const MASKED_FILL_TENSOR = defineOp<{ mask: Tensor }>({
  node: 'MaskedFillBackward1',
  forward: ([self, value], { mask }) => K.where(mask, value, self, self.dtype),
  backward: (g, _s, { args, needs }) => [
    needs[0] ? masked_fill(g, args.mask, 0) : null,
    needs[1] ? masked_fill(g, args.mask.logical_not(), 0).sum() : null,
  ],
});

function checkMaskedFill(mask: Tensor, value: TensorOrScalar): void {
  if (mask.dtype !== bool) {
    throw new TypeError(`masked_fill_ only supports boolean masks, but got mask with dtype ${mask.dtype.name}`);
  }
  if (value instanceof Tensor && value.dim() !== 0) {
    throw new RangeError(
      `masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${value.dim()} dimension(s).`,
    );
  }
}

/** self with value written where mask (broadcast against self) is true. */
export function masked_fill(self: Tensor, mask: Tensor, value: TensorOrScalar): Tensor {
  checkMaskedFill(mask, value);
  broadcastShapes(mask._shape, self._shape);
  if (value instanceof Tensor) return apply(MASKED_FILL_TENSOR, [self, value], { mask });
  return apply(MASKED_FILL, [self], { mask, value: Number(value) });
}

export function masked_fill_(self: Tensor, mask: Tensor, value: TensorOrScalar): Tensor {
  checkMaskedFill(mask, value);
  const shape = broadcastShapes(self._shape, mask._shape);
  if (!shapeEquals(shape, self._shape)) {
    throw new RangeError(
      `output with shape ${formatShape(self._shape)} doesn't match the broadcast shape ${formatShape(shape)}`,
    );
  }
  if (value instanceof Tensor) return applyInplace(MASKED_FILL_TENSOR, self, [value], { mask });
  return applyInplace(MASKED_FILL, self, [], { mask, value: Number(value) });
}

// ---------------------------------------------------------------- masked_select

interface MaskedSelectArgs {
  /** The broadcast shape of self and mask. */
  shape: number[];
  /** Coordinates of the true elements of the broadcast mask, one int64 vector per dim. */
  indices: Tensor[];
}

/** t read as if expanded to shape (a strided alias; never recorded). */
function expandedView(t: Tensor, shape: number[]): Tensor {
  return Tensor._make(t._data, shape, broadcastStrides(t._shape, t._strides, shape), t._offset, t.dtype);
}

const MASKED_SELECT = defineOp<MaskedSelectArgs>({
  node: 'MaskedSelectBackward0',
  forward: ([self], { shape, indices }) => takeIndexed(expandedView(self, shape), indices),
  // masked_select_backward: the gradient scattered back into zeros of the broadcast shape.
  backward: (g, _s, { args }) => [indexPut(K.full(args.shape, 0, g.dtype), args.indices, g, true)],
});

/** The elements of self (broadcast with mask) where mask is true, as a 1-D tensor. */
export function masked_select(self: Tensor, mask: Tensor): Tensor {
  if (mask.dtype !== bool) throw new TypeError('masked_select: expected BoolTensor or ByteTensor for mask');
  const broadcast = broadcastShapes(mask._shape, self._shape);
  // A 0-d broadcast shape is read as [1] so that the result is 1-D.
  const shape = broadcast.length === 0 ? [1] : broadcast;
  const indices = nonzeroColumns(expandedView(mask, shape)).map(longVector);
  return apply(MASKED_SELECT, [self], { shape, indices });
}

// ---------------------------------------------------------------- nonzero

/** Indices of the nonzero elements: int64 [count, ndim], or one vector per dim with as_tuple. */
export function nonzero(x: Tensor, opts: { as_tuple: true }): Tensor[];
export function nonzero(x: Tensor, opts?: { as_tuple?: false }): Tensor;
export function nonzero(x: Tensor, opts?: { as_tuple?: boolean }): Tensor | Tensor[] {
  if (x.dim() === 0) {
    const found = x.item() !== 0 && x.item() !== false;
    if (opts?.as_tuple) return [found ? K.full([1], 0, int64) : K.empty([0], int64)];
    return K.empty([found ? 1 : 0, 0], int64);
  }
  const cols = nonzeroColumns(x);
  if (opts?.as_tuple) return cols.map(longVector);
  const n = cols[0].length;
  const nd = cols.length;
  const data = new Float64Array(n * nd);
  for (let d = 0; d < nd; d++) for (let i = 0; i < n; i++) data[i * nd + d] = cols[d][i];
  return Tensor._make(data, [n, nd], [nd, 1], 0, int64);
}

/** nonzero as a [count, ndim] tensor (torch.argwhere). */
export function argwhere(x: Tensor): Tensor {
  return nonzero(x);
}

/** self.where(condition, other): torch.where(condition, self, other). */
export function where(self: Tensor, condition: Tensor, other: TensorOrScalar): Tensor {
  if (condition.dtype !== bool) {
    throw new TypeError(
      `where expected condition to be a boolean tensor, but got a tensor with dtype ${dtypeName(condition)}`,
    );
  }
  return selectWhere(condition, self, other);
}
