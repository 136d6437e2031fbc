// Mask-driven ops: masked_fill, masked_select, nonzero, and the Tensor.where method.
//
// The public ops implemented here are declared here too (torch.* functions and Tensor methods;
// op(), fn(), method(), src/ops/declare.ts), each right after its implementation: its PyTorch
// signature and gradcheck samples beside the forward, the autograd node (backward formula, saved
// tensors, JVP and batching rule) and any composite it is built from.

import { bool, float64, int64 } from '../tensor/dtype.js';
import { broadcastShapes, broadcastStrides, formatShape, shapeEquals } from '../tensor/shape.js';
import { Tensor, type TensorOrScalar } from '../tensor/tensor.js';
import * as K from '../tensor/kernels.js';
import { dtypeName, putIndexed, takeIndexed } from './advanced.js';
import { catImpl } from './join.js';
import { whereImpl as selectWhere } from './pointwise/ternary.js';
import { longVector, nonzeroColumns, valuesAs } from './offsets.js';
import { apply, applyInplace, defineOp, type OpDef } from '../autograd/op.js';
import { vmapState } from '../autograd/batching.js';
import { padBatched } from './view.js';
import { op, type OpSample, overloads } from './declare.js';

// ---------------------------------------------------------------- masked_fill

const MASKED_FILL: OpDef<{ mask: Tensor; value: number }> = defineOp<{ mask: Tensor; value: number }>({
  node: 'MaskedFillBackward0',
  // The mask broadcasts against each example (the batch padded to the mask's rank first).
  batch: ([x], _b, a) => apply(MASKED_FILL, [padBatched(x, a.mask.dim())], a),
  jvp: ([t], _s, { args }) => masked_fillImpl(t!, args.mask, 0),
  forward: ([self], { mask, value }) => K.where(mask, K.cast(K.full([], value, float64), self.dtype), self, self.dtype),
  backward: (g, _s, { args }) => [masked_fillImpl(g, args.mask, 0)],
});

// masked_fill(mask, value) with a 0-d tensor value, which receives the masked part of the gradient.
const MASKED_FILL_TENSOR = defineOp<{ mask: Tensor }>({
  node: 'MaskedFillBackward1',
  // A batched value is no longer 0-d: a where over the padded batch.
  batch: ([x, v], batched, { mask }) => {
    const rank = Math.max(mask.dim(), x.dim() - (batched[0] ? 1 : 0));
    return selectWhere(mask, batched[1] ? padBatched(v, rank) : v, batched[0] ? padBatched(x, rank) : x);
  },
  jvp: ([t, tv], _s, { args, meta }) =>
    masked_fillImpl(t ?? K.full(meta[0].shape, 0, meta[0].dtype), args.mask, tv ?? K.full([], 0, meta[1].dtype)),
  forward: ([self, value], { mask }) => K.where(mask, value, self, self.dtype),
  backward: (g, _s, { args, needs }) => [
    needs[0] ? masked_fillImpl(g, args.mask, 0) : null,
    needs[1] ? masked_fillImpl(g, args.mask.logical_not(), 0).sum() : null,
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
export function masked_fillImpl(self: Tensor, mask: Tensor, value: TensorOrScalar): Tensor {
  checkMaskedFill(mask, value);
  broadcastShapes(mask._shape, self._shape);
  // Under vmap with a per-example mask: the same selection as a where.
  if (vmapState.depth !== 0 && mask._bt !== null) return selectWhere(mask, value, self);
  if (value instanceof Tensor) return apply(MASKED_FILL_TENSOR, [self, value], { mask });
  return apply(MASKED_FILL, [self], { mask, value: Number(value) });
}

export const masked_fill = op(
  ['masked_fill(Tensor self, Tensor mask, Tensor value)', 'masked_fill(Tensor self, Tensor mask, Scalar value)'],
  masked_fillImpl,
  {
    inplace: masked_fill_,
    samples: (k): OpSample[] => [
      // masked ops
      {
        name: 'masked_fill broadcast mask',
        inputs: () => [k.make([3, 4])],
        fn: (x) => x.masked_fill(k.mask([true, false, false, true]), 2),
      },
      {
        name: 'masked_fill 0-d tensor value',
        inputs: () => [k.make([3, 4]), k.make([], { salt: 1 })],
        fn: (x, v) => x.masked_fill(x.gt(0), v),
      },
      {
        name: 'masked_fill_ on clone',
        inputs: () => [k.transposed([3, 4])],
        fn: (x) => x.clone().masked_fill_(k.mask([[true], [false], [true]]), -1),
      },
    ],
  },
);

export function masked_fill_(self: Tensor, mask: Tensor, value: TensorOrScalar): Tensor {
  checkMaskedFill(mask, value);
  const shape = broadcastShapes(self._shape, mask._shape);
  if (!shapeEquals(shape, self._shape)) {
    throw new RangeError(
      `output with shape ${formatShape(self._shape)} doesn't match the broadcast shape ${formatShape(shape)}`,
    );
  }
  if (vmapState.depth !== 0 && mask._bt !== null && self._bt !== null && self._bt.level >= mask._bt.level) {
    // A per-example mask: the where written into the batch (both batched at the same level).
    const out = selectWhere(mask, value, self);
    if (out._bt !== null && out._bt.level === self._bt.level) {
      self._bt.value.copy_(out._bt.value);
      return self;
    }
  }
  if (value instanceof Tensor) return applyInplace(MASKED_FILL_TENSOR, self, [value], { mask });
  return applyInplace(MASKED_FILL, self, [], { mask, value: Number(value) });
}

// ---------------------------------------------------------------- masked_select

/** t read as if expanded to shape (a strided alias; never recorded). */
function expandedView(t: Tensor, shape: number[]): Tensor {
  return Tensor._make(t._data, shape, broadcastStrides(t._shape, t._strides, shape), t._offset, t.dtype);
}

interface MaskArgs {
  mask: Tensor;
  /** The broadcast shape of self and mask, read as [1] when 0-d (results stay 1-D). */
  shape: number[];
  /** Coordinates of the true elements of the broadcast mask, one int64 vector per dim. */
  indices: Tensor[];
}

function maskArgs(self: Tensor, mask: Tensor): MaskArgs {
  const broadcast = broadcastShapes(mask._shape, self._shape);
  const shape = broadcast.length === 0 ? [1] : broadcast;
  return { mask, shape, indices: nonzeroColumns(expandedView(mask, shape)).map(longVector) };
}

const MASKED_SELECT = defineOp<MaskArgs>({
  node: 'MaskedSelectBackward0',
  forward: ([self], { shape, indices }) => takeIndexed(expandedView(self, shape), indices),
  // masked_select_backward: zeros of the broadcast shape with the gradient scattered in.
  backward: (g, _s, { args }) => [masked_scatterImpl(K.full(args.shape, 0, g.dtype), args.mask, g)],
});

/** The elements of self (broadcast with mask) where mask is true, as a 1-D tensor. */
export function masked_selectImpl(self: Tensor, mask: Tensor): Tensor {
  if (mask.dtype !== bool) throw new TypeError('masked_select: expected BoolTensor or ByteTensor for mask');
  return apply(MASKED_SELECT, [self], maskArgs(self, mask));
}

export const masked_select = op('masked_select(Tensor self, Tensor mask)', masked_selectImpl, {
  samples: (k): OpSample[] => [
    { name: 'masked_select', inputs: () => [k.make([3, 4])], fn: (x) => x.masked_select(x.gt(0)) },
    {
      name: 'masked_select broadcast transposed',
      inputs: () => [k.transposed([4, 3])],
      fn: (x) => x.masked_select(k.mask([[true, false, true]])),
    },
  ],
});

// ---------------------------------------------------------------- masked_scatter

const MASKED_SCATTER = defineOp<MaskArgs & { outShape: number[] }>({
  node: 'MaskedScatterBackward0',
  forward: ([self, source], { shape, indices, outShape }) => {
    const out = K.copyOf(expandedView(self, shape));
    const count = indices[0].numel();
    const values = valuesAs(source, source._shape).subarray(0, count);
    putIndexed(out, indices, values, false);
    return outShape.length === 0 ? out.reshape([]) : out;
  },
  // masked_scatter_backward: the selected gradient, padded with zeros to the source's size.
  backward: (g, _s, { args, needs, meta }) => {
    const selfGrad = needs[0] ? masked_fillImpl(g, args.mask, 0) : null;
    if (!needs[1]) return [selfGrad, null];
    const size = meta[1].shape.reduce((n, k) => n * k, 1);
    let picked = masked_selectImpl(g, args.mask);
    if (picked.numel() < size) picked = catImpl([picked, K.full([size - picked.numel()], 0, g.dtype)]);
    return [selfGrad, picked.view(meta[1].shape)];
  },
});

function checkMaskedScatter(self: Tensor, mask: Tensor, source: Tensor, count: number): void {
  if (mask.dtype !== bool) {
    throw new TypeError(`masked_scatter_ only supports boolean masks, but got mask with dtype ${mask.dtype.name}`);
  }
  if (self.dtype !== source.dtype) {
    throw new TypeError(
      `masked_scatter: expected self and source to have same dtypes but got${dtypeName(self)} and ${dtypeName(source)}`,
    );
  }
  if (source.numel() < count) throw new RangeError('Number of elements of source < number of ones in mask');
}

/** A copy of self (broadcast with mask) with source's leading elements written where mask is true. */
export function masked_scatterImpl(self: Tensor, mask: Tensor, source: Tensor): Tensor {
  const args = maskArgs(self, mask);
  checkMaskedScatter(self, mask, source, args.indices[0].numel());
  return apply(MASKED_SCATTER, [self, source], { ...args, outShape: broadcastShapes(mask._shape, self._shape) });
}

export const masked_scatter = op('masked_scatter(Tensor self, Tensor mask, Tensor source)', masked_scatterImpl, {
  inplace: masked_scatter_,
  samples: (k): OpSample[] => [
    {
      name: 'masked_scatter',
      inputs: () => [k.make([3, 4]), k.make([3, 4], { salt: 1 })],
      fn: (x, s) => x.masked_scatter(k.mask([true, false, true, true]), s),
    },
    {
      name: 'masked_scatter_ on clone, long source',
      inputs: () => [k.make([3, 4]), k.make([5], { salt: 1 })],
      fn: (x, s) =>
        x.clone().masked_scatter_(
          k.mask([
            [true, false, true, false],
            [false, false, false, false],
            [true, false, true, false],
          ]),
          s,
        ),
    },
  ],
});

export function masked_scatter_(self: Tensor, mask: Tensor, source: Tensor): Tensor {
  if (mask.dim() > self.dim()) {
    throw new RangeError(
      `expand(CPUBoolType{${formatShape(mask._shape)}}, size=${formatShape(self._shape)}): the number of sizes provided (${self.dim()}) must be greater or equal to the number of dimensions in the tensor (${mask.dim()})`,
    );
  }
  mask.expand(self.shape);
  const args = maskArgs(self, mask);
  checkMaskedScatter(self, mask, source, args.indices[0].numel());
  return applyInplace(MASKED_SCATTER, self, [source], { ...args, outShape: [...self._shape] });
}

// ---------------------------------------------------------------- nonzero

/** Indices of the nonzero elements: int64 [count, ndim], or one vector per dim with as_tuple. */
export function nonzeroImpl(x: Tensor, opts: { as_tuple: true }): Tensor[];
export function nonzeroImpl(x: Tensor, opts?: { as_tuple?: false }): Tensor;
export function nonzeroImpl(x: Tensor, opts?: { as_tuple?: boolean }): Tensor | Tensor[] {
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

type T = Tensor;
interface Nonzero {
  (opts: { as_tuple: true }): T[];
  (opts?: { as_tuple?: false }): T;
  (opts?: { as_tuple?: boolean }): T | T[];
}
export const nonzero = op('nonzero(Tensor self, *, bool as_tuple=False)', nonzeroImpl, {
  types: overloads<Nonzero>(),
});

/** nonzero as a [count, ndim] tensor (torch.argwhere). */
export function argwhereImpl(x: Tensor): Tensor {
  return nonzeroImpl(x);
}

export const argwhere = op('argwhere(Tensor self)', argwhereImpl);

/** self.where(condition, other): torch.where(condition, self, other). */
export function where(self: Tensor, condition: Tensor, other: TensorOrScalar): Tensor {
  if (condition.dtype !== bool) {
    throw new TypeError(
      `where expected condition to be a boolean tensor, but got a tensor with dtype ${dtypeName(condition)}`,
    );
  }
  return selectWhere(condition, self, other);
}
