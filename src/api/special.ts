// torch.special: PyTorch's special-function namespace. Each function is the op itself (the same
// node: torch.special.gammaln(x).grad_fn is LgammaBackward0), declared under PyTorch's name for it
// in argument errors (special_gammaln()).

import type { Tensor } from '../tensor/tensor.js';
import { fn } from '../ops/declare.js';
import * as P from '../ops/pointwise.js';
import { ndtr as ndtrImpl } from '../ops/special.js';

export const erf = fn('special_erf(Tensor self)', (x: Tensor): Tensor => P.unary('erf', x));
export const erfc = fn('special_erfc(Tensor self)', (x: Tensor): Tensor => P.unary('erfc', x));
export const erfinv = fn('special_erfinv(Tensor self)', (x: Tensor): Tensor => P.unary('erfinv', x));
export const gammaln = fn('special_gammaln(Tensor self)', (x: Tensor): Tensor => P.unary('lgamma', x));
export const digamma = fn('special_digamma(Tensor self)', (x: Tensor): Tensor => P.unary('digamma', x));
export const psi = fn('special_psi(Tensor self)', (x: Tensor): Tensor => P.unary('digamma', x));
export const polygamma = fn('special_polygamma(int n, Tensor self)', P.polygammaImpl);
export const logit = fn(
  'special_logit(Tensor self, float? eps=None)',
  P.logitImpl as (self: Tensor, eps?: number | null) => Tensor,
);
export const xlogy = fn(
  [
    'special_xlogy(Tensor self, Tensor other)',
    'special_xlogy(Scalar self, Tensor other)',
    'special_xlogy(Tensor self, Scalar other)',
  ],
  P.xlogyImpl,
);
export const expit = fn('special_expit(Tensor self)', (x: Tensor): Tensor => P.unary('sigmoid', x));
export const exp2 = fn('special_exp2(Tensor self)', (x: Tensor): Tensor => P.unary('exp2', x));
export const expm1 = fn('special_expm1(Tensor self)', (x: Tensor): Tensor => P.unary('expm1', x));
export const log1p = fn('special_log1p(Tensor self)', (x: Tensor): Tensor => P.unary('log1p', x));
export const ndtr = fn('special_ndtr(Tensor self)', ndtrImpl);
