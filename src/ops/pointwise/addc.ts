// addcmul and addcdiv: input + value * tensor1 * tensor2 (or / tensor2), broadcast and promoted
// over all three tensors, with their in-place forms. Each is its own node (AddcmulBackward0,
// AddcdivBackward0), as in PyTorch.
//
// The public ops implemented here are declared here too (torch.* functions and Tensor methods;
// op(), fn(), method(), src/ops/declare.ts), each right after its implementation: its PyTorch
// signature and gradcheck samples beside the forward, the autograd node (backward formula, saved
// tensors, JVP and batching rule) and any composite it is built from.

import { bool, can_cast, type DType } from '../../tensor/dtype.js';
import { broadcastShapes } from '../../tensor/shape.js';
import type { Scalar, Tensor, TensorOrScalar } from '../../tensor/tensor.js';
import * as K from '../../tensor/kernels.js';
import { apply, defineOp } from '../../autograd/op.js';
import { inplace } from './arith.js';
import { resultType, wrap } from './promote.js';
import { op, type OpSample } from '../declare.js';

type Kind = 'mul' | 'div';

/** The value as ATen reads it for the computation's dtype (value.to<scalar_t>(): truncated for integers). */
function valueIn(dtype: DType, value: Scalar): number {
  const v = Number(value);
  return dtype.is_floating_point ? v : Math.trunc(v);
}

/** self + value * tensor1 (*|/) tensor2, in ATen's order of operations, in the promoted dtype. */
function addcForward(kind: Kind, self: Tensor, t1: Tensor, t2: Tensor, value: Scalar): Tensor {
  const dtype = resultType(self, t1, t2);
  const scaled = K.binary('mul', K.full([], valueIn(dtype, value), dtype), t1, dtype);
  return K.binary('add', self, K.binary(kind, scaled, t2, dtype), dtype);
}

/** The checks ATen makes before computing (dtype support, addcdiv's integer division, shapes). */
function checkAddc(kind: Kind, self: Tensor, t1: Tensor, t2: Tensor): void {
  if (kind === 'div' && !t1._dtype.is_floating_point && !t2._dtype.is_floating_point) {
    throw new TypeError(
      'Integer division with addcdiv is no longer supported, and in a future  release addcdiv will perform a true division of tensor1 and tensor2. The historic addcdiv behavior can be implemented as (input + value * torch.trunc(tensor1 / tensor2)).to(input.dtype) for integer inputs and as (input + value * tensor1 / tensor2) for float inputs. The future addcdiv behavior is just the latter implementation: (input + value * tensor1 / tensor2), for all dtypes.',
    );
  }
  broadcastShapes(broadcastShapes(self._shape, t1._shape), t2._shape);
  if (resultType(self, t1, t2) === bool)
    throw new TypeError(`"add${kind === 'mul' ? 'cmul' : 'cdiv'}_cpu_out" not implemented for 'Bool'`);
}

interface ValueArgs {
  value: Scalar;
}

const ADDCMUL = defineOp<ValueArgs>({
  node: 'AddcmulBackward0',
  jvp: 'elementwise',
  saves: ['tensor1', 'tensor2'],
  inputs: ['self', 'tensor1', 'tensor2'],
  forward: ([self, t1, t2], { value }) => addcForward('mul', self, t1, t2, value),
  // d/dself = 1, d/dtensor1 = value * tensor2, d/dtensor2 = value * tensor1
  backward: (g, s, { args, needs }) => [
    g,
    needs[1] ? g.mul(s.tensor2.mul(args.value)) : null,
    needs[2] ? g.mul(s.tensor1.mul(args.value)) : null,
  ],
});

const ADDCDIV = defineOp<ValueArgs>({
  node: 'AddcdivBackward0',
  jvp: 'elementwise',
  saves: ['tensor1', 'tensor2'],
  inputs: ['self', 'tensor1', 'tensor2'],
  forward: ([self, t1, t2], { value }) => addcForward('div', self, t1, t2, value),
  // d/dself = 1, d/dtensor1 = value / tensor2, d/dtensor2 = -value * tensor1 / tensor2²
  backward: (g, s, { args, needs }) => [
    g,
    needs[1] ? g.mul(s.tensor2.reciprocal().mul(args.value)) : null,
    needs[2] ? g.neg().mul(args.value).mul(s.tensor1).div(s.tensor2.mul(s.tensor2)) : null,
  ],
});

const DEFS = { mul: ADDCMUL, div: ADDCDIV };

function addc(kind: Kind) {
  return (self: Tensor, tensor1: TensorOrScalar, tensor2: TensorOrScalar, opts?: { value?: Scalar }): Tensor => {
    const t1 = wrap(tensor1);
    const t2 = wrap(tensor2);
    checkAddc(kind, self, t1, t2);
    return apply(DEFS[kind], [self, t1, t2], { value: opts?.value ?? 1 });
  };
}

function addc_(kind: Kind) {
  return (self: Tensor, tensor1: TensorOrScalar, tensor2: TensorOrScalar, opts?: { value?: Scalar }): Tensor => {
    const t1 = wrap(tensor1);
    const t2 = wrap(tensor2);
    checkAddc(kind, self, t1, t2);
    const dtype = resultType(self, t1, t2);
    if (!can_cast(dtype, self._dtype)) {
      throw new TypeError(
        `result type ${dtype.scalarType} can't be cast to the desired output type ${self._dtype.scalarType}`,
      );
    }
    return inplace(DEFS[kind], self, [t1, t2], { value: opts?.value ?? 1 });
  };
}

export const addcmulImpl = addc('mul');
export const addcmul_ = addc_('mul');
export const addcdivImpl = addc('div');
export const addcdiv_ = addc_('div');

const SIG = '(Tensor self, Tensor|Number tensor1, Tensor|Number tensor2, *, Scalar value=1)';

export const addcmul = op(`addcmul${SIG}`, addcmulImpl, {
  inplace: addcmul_,
  samples: (k, f): OpSample[] => [
    {
      name: 'addcmul broadcast value 0.5',
      inputs: () => [k.make([2, 3]), k.make([3], { salt: 1 }), k.make([2, 1], { salt: 2 })],
      fn: (a, b, c) => f(a, b, c, { value: 0.5 }),
    },
    {
      name: 'addcmul 0-d self, transposed tensor1',
      inputs: () => [k.make([]), k.transposed([3, 2], { salt: 1 }), k.make([3, 2], { salt: 2 })],
      fn: (a, b, c) => f(a, b, c),
    },
    {
      name: 'addcmul_',
      inputs: () => [k.make([2, 3]), k.make([3], { salt: 1 }), k.make([2, 3], { salt: 2 })],
      fn: (a, b, c) => a.clone().addcmul_(b, c, { value: -2 }),
    },
  ],
});

export const addcdiv = op(`addcdiv${SIG}`, addcdivImpl, {
  inplace: addcdiv_,
  samples: (k, f): OpSample[] => [
    {
      name: 'addcdiv broadcast value 0.5',
      inputs: () => [k.make([2, 3]), k.make([3], { salt: 1 }), k.make([2, 1], { lo: 0.5, hi: 2, salt: 2 })],
      fn: (a, b, c) => f(a, b, c, { value: 0.5 }),
    },
    {
      name: 'addcdiv negative divisor',
      inputs: () => [k.make([3]), k.make([2, 3], { salt: 1 }), k.make([], { lo: -2, hi: -0.5, salt: 2 })],
      fn: (a, b, c) => f(a, b, c),
    },
    {
      name: 'addcdiv_',
      inputs: () => [k.make([2, 3]), k.make([2, 3], { salt: 1 }), k.make([3], { lo: 0.5, hi: 2, salt: 2 })],
      fn: (a, b, c) => a.clone().addcdiv_(b, c, { value: 3 }),
    },
  ],
});
