// Special functions that PyTorch builds from other ops (torch.special is declared in src/api/special.ts).

import type { Tensor } from '../tensor/tensor.js';
import { erfImpl } from './pointwise/unary.js';
import { mulScalar } from './pointwise/arith.js';
import { fn } from './declare.js';

/** The standard normal CDF, computed as ATen does: (1 + erf(x * sqrt(1/2))) * 0.5 (MulBackward1). */
export function ndtr(x: Tensor): Tensor {
  return mulScalar(erfImpl(mulScalar(x, Math.SQRT1_2)).add(1), 0.5);
}

export const special_ndtr = fn('special_ndtr(Tensor self)', ndtr);
