// torch.special: PyTorch's special-function namespace. Each function is the op itself (the same
// node: torch.special.gammaln(x).grad_fn is LgammaBackward0), declared beside the op in src/ops/ as
// special_<name>, under PyTorch's name for it in argument errors (special_gammaln()).

export { special_xlogy as xlogy } from '../ops/pointwise/binary.js';
export {
  special_erf as erf,
  special_erfc as erfc,
  special_erfinv as erfinv,
  special_gammaln as gammaln,
  special_digamma as digamma,
  special_psi as psi,
  special_polygamma as polygamma,
  special_logit as logit,
  special_expit as expit,
  special_exp2 as exp2,
  special_expm1 as expm1,
  special_log1p as log1p,
} from '../ops/pointwise/unary.js';
export { special_ndtr as ndtr } from '../ops/special.js';
