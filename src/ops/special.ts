// torch.special: PyTorch's special-function namespace. Each entry is the op itself (the same node,
// so `torch.special.gammaln(x).grad_fn` is LgammaBackward0, as in PyTorch).

import type { Tensor } from '../tensor/tensor.js';
import {
  digamma,
  erf,
  erfc,
  erfinv,
  exp2,
  expm1,
  lgamma,
  log1p,
  logit,
  polygamma,
  sigmoid,
} from './pointwise/unary.js';
import { xlogy } from './pointwise/binary.js';
import { mulScalar } from './pointwise/arith.js';

export { digamma, erf, erfc, erfinv, exp2, expm1, logit, log1p, polygamma, xlogy };
export { lgamma as gammaln, digamma as psi, sigmoid as expit };

/** The standard normal CDF, computed as ATen does: (1 + erf(x * sqrt(1/2))) * 0.5 (MulBackward1). */
export function ndtr(x: Tensor): Tensor {
  return mulScalar(erf(mulScalar(x, Math.SQRT1_2)).add(1), 0.5);
}
