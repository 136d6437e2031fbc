// take and put: elements addressed by their position in the flattened (row-major) tensor.
//
// The public ops implemented here are declared here too (torch.* functions and Tensor methods;
// op(), fn(), method(), src/ops/declare.ts), each right after its implementation: its PyTorch
// signature and gradcheck samples beside the forward, the autograd node (backward formula, saved
// tensors, JVP and batching rule) and any composite it is built from.

import { backend } from '../backend/index.js';
import { int64 } from '../tensor/dtype.js';
import { arange } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import * as K from '../tensor/kernels.js';
import { dtypeName } from './advanced.js';
import { elementOffsets, valuesAs } from './offsets.js';
import { apply, applyInplace, defineOp, type OpDef } from '../autograd/op.js';
import { op, type OpSample } from './declare.js';

/** Storage offsets of the flat positions in index (negative ones count from the end). */
function flatOffsets(t: Tensor, index: Tensor): Int32Array {
  const all = elementOffsets(t);
  const n = all.length;
  const values = valuesAs(index, index._shape);
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < -n || v >= n)
      throw new RangeError(`out of range: tried to access index ${v} on a tensor of ${n} elements.`);
    out[i] = all[v < 0 ? v + n : v];
  }
  return out;
}

/**
 * take's batching rule: each example's positions moved to its own block of the flattened batch
 * (negative ones counted from its end). Out-of-range positions run once per example instead, so
 * that the error names the example's position.
 */
function takeBatched(x: Tensor, index: Tensor): Tensor | null {
  const n = x.numel() / x._shape[0];
  const values = valuesAs(index, index._shape);
  for (let i = 0; i < values.length; i++) if (values[i] < -n || values[i] >= n) return null;
  const local = index.add(index.lt(0).mul(n));
  const start = arange(x._shape[0], { dtype: int64 })
    .mul(n)
    .reshape([x._shape[0], ...index._shape.map(() => 1)]);
  return apply(TAKE, [x], { index: local.unsqueeze(0).add(start) });
}

const TAKE: OpDef<{ index: Tensor }> = defineOp<{ index: Tensor }>({
  node: 'TakeBackward0',
  batch: ([x], _b, { index }) => takeBatched(x, index),
  jvp: 'linear',
  forward: ([x], { index }) => {
    const out = K.empty(index._shape, x.dtype);
    backend().take(x._data, flatOffsets(x, index), out._data);
    return out;
  },
  backward: (g, _s, { args, meta }) => [putImpl(K.full(meta[0].shape, 0, g.dtype), args.index, g, true)],
});

/** The elements of x at the given flat positions, shaped like index. */
export function takeImpl(x: Tensor, index: Tensor): Tensor {
  if (index.dtype !== int64) {
    throw new TypeError(`take(): Expected a long tensor for index, but got ${dtypeName(index)}`);
  }
  return apply(TAKE, [x], { index });
}

export const take = op('take(Tensor self, Tensor index)', takeImpl, {
  samples: (k): OpSample[] => [
    {
      name: 'take',
      inputs: () => [k.transposed([3, 4])],
      fn: (x) =>
        x.take(
          k.long([
            [0, 11],
            [5, 5],
          ]),
        ),
    },
  ],
});

interface PutArgs {
  index: Tensor;
  accumulate: boolean;
}

const PUT: OpDef<PutArgs> = defineOp<PutArgs>({
  node: 'PutBackward0',
  jvp: 'linear',
  forward: ([self, source], { index, accumulate }) => {
    const out = K.copyOf(self);
    backend().put(out._data, flatOffsets(out, index), valuesAs(source, source._shape), accumulate);
    return out;
  },
  backward: (g, _s, { args, needs, meta }) => [
    needs[0] && !args.accumulate ? putImpl(g, args.index, K.full(meta[1].shape, 0, g.dtype), false) : g,
    needs[1] ? takeImpl(g, args.index).reshape(meta[1].shape) : null,
  ],
});

function checkPut(self: Tensor, index: Tensor, source: Tensor): void {
  if (index.dtype !== int64) {
    throw new TypeError(`put_(): Expected a long tensor for index, but got ${dtypeName(index)}`);
  }
  if (self.dtype !== source.dtype) {
    throw new TypeError(
      `put_(): self and source expected to have the same dtype, but got self.dtype = ${dtypeName(self)} and source.dtype = ${dtypeName(source)}`,
    );
  }
  if (index.numel() !== source.numel()) {
    throw new RangeError(
      `put_(): Expected source and index to have the same number of elements, but got source.numel() = ${source.numel()}, index.numel() = ${index.numel()}`,
    );
  }
}

/** A copy of self with source written (or added) at the given flat positions. */
export function putImpl(self: Tensor, index: Tensor, source: Tensor, accumulate = false): Tensor {
  checkPut(self, index, source);
  return apply(PUT, [self, source], { index, accumulate });
}

export const put = op('put(Tensor self, Tensor index, Tensor source, bool accumulate=False)', putImpl, {
  inplace: put_,
  samples: (k): OpSample[] => [
    {
      name: 'put',
      inputs: () => [k.make([3, 4]), k.make([2, 2], { salt: 1 })],
      fn: (x, s) =>
        x.put(
          k.long([
            [0, 11],
            [-2, 5],
          ]),
          s,
        ),
    },
    {
      name: 'put_ accumulate on clone',
      inputs: () => [k.make([3, 4]), k.make([3], { salt: 1 })],
      fn: (x, s) => x.clone().put_(k.long([4, 4, 0]), s, true),
    },
  ],
});

export function put_(self: Tensor, index: Tensor, source: Tensor, accumulate = false): Tensor {
  checkPut(self, index, source);
  return applyInplace(PUT, self, [source], { index, accumulate });
}
