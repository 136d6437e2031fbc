// Special functions that PyTorch builds from other ops (torch.special's functions are declared
// beside the ops they name, as special_<name>; src/api/special.ts gathers them).
//
// The public ops implemented here are declared here too (torch.special functions (as
// special_<name>); op(), fn(), method(), src/ops/declare.ts), each right after its implementation:
// its PyTorch signature and gradcheck samples beside the forward, the autograd node (backward
// formula, saved tensors, JVP and batching rule) and any composite it is built from.

import type { Tensor } from '../tensor/tensor.js';
import { erfImpl } from './pointwise/unary.js';
import { mulScalar } from './pointwise/arith.js';
import { fn } from './declare.js';

/** The standard normal CDF, computed as ATen does: (1 + erf(x * sqrt(1/2))) * 0.5 (MulBackward1). */
export function ndtr(x: Tensor): Tensor {
  return mulScalar(erfImpl(mulScalar(x, Math.SQRT1_2)).add(1), 0.5);
}

export const special_ndtr = fn('special_ndtr(Tensor self)', ndtr);
