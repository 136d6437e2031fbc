// Elementwise ops, one family per file under ./pointwise/: unary math (unary.ts; each unary op is
// declared at its end), arithmetic
// (arith.ts), pow/atan2/maximum/fmod (binary.ts), clamp/lerp/where (ternary.ts), comparisons and
// closeness (compare.ts), fill_/copy_/to (fill.ts); scalars and type promotion in promote.ts.
// Backward formulas follow tools/autograd/derivatives.yaml.

export { wrap, resultType } from './pointwise/promote.js';
export {
  unary,
  unary_,
  reluImpl,
  sigmoidImpl,
  tanhImpl,
  silu,
  gelu,
  erfImpl,
  polygammaImpl,
  polygamma_,
  logitImpl,
  logit_,
  isnanImpl,
  isinfImpl,
  isfiniteImpl,
  logical_notImpl,
} from './pointwise/unary.js';
export {
  addImpl,
  subImpl,
  rsubImpl,
  mulImpl,
  divImpl,
  true_divideImpl,
  floor_divideImpl,
  add_,
  sub_,
  mul_,
  div_,
  true_divide_,
  floor_divide_,
  type RoundingMode,
} from './pointwise/arith.js';
export {
  powImpl,
  pow_,
  squareImpl,
  square_,
  atan2Impl,
  atan2_,
  maximumImpl,
  minimumImpl,
  fmodImpl,
  fmod_,
  remainderImpl,
  remainder_,
  xlogyImpl,
  xlogy_,
  copysignImpl,
  copysign_,
} from './pointwise/binary.js';
export {
  whereImpl,
  clampImpl,
  clamp_,
  clamp_minImpl,
  clamp_min_,
  clamp_maxImpl,
  clamp_max_,
  lerpImpl,
  lerp_,
} from './pointwise/ternary.js';
export {
  eqImpl,
  neImpl,
  ltImpl,
  leImpl,
  gtImpl,
  geImpl,
  logical_andImpl,
  logical_orImpl,
  logical_xorImpl,
  logical_and_,
  logical_or_,
  logical_xor_,
  logical_not_,
  iscloseImpl,
  allcloseImpl,
  equalImpl,
  type CloseOpts,
} from './pointwise/compare.js';
export { fillImpl_, zeroImpl_, copyImpl_, toImpl } from './pointwise/fill.js';
