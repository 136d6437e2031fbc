// Elementwise ops, one family per file under ./pointwise/: unary math (unary.ts; each unary op is
// declared in src/api/pointwise.ts), arithmetic
// (arith.ts), pow/atan2/maximum/fmod (binary.ts), clamp/lerp/where (ternary.ts), comparisons and
// closeness (compare.ts), fill_/copy_/to (fill.ts); scalars and type promotion in promote.ts.
// Backward formulas follow tools/autograd/derivatives.yaml.

export { wrap, resultType } from './pointwise/promote.js';
export {
  unary,
  unary_,
  relu,
  sigmoid,
  tanh,
  silu,
  gelu,
  erf,
  polygamma,
  polygamma_,
  logit,
  logit_,
  isnan,
  isinf,
  isfinite,
  logical_not,
} from './pointwise/unary.js';
export {
  add,
  sub,
  rsub,
  mul,
  div,
  true_divide,
  floor_divide,
  add_,
  sub_,
  mul_,
  div_,
  true_divide_,
  floor_divide_,
  type RoundingMode,
} from './pointwise/arith.js';
export {
  pow,
  pow_,
  square,
  square_,
  atan2,
  atan2_,
  maximum,
  minimum,
  fmod,
  fmod_,
  remainder,
  remainder_,
  xlogy,
  xlogy_,
  copysign,
  copysign_,
} from './pointwise/binary.js';
export {
  where,
  clamp,
  clamp_,
  clamp_min,
  clamp_min_,
  clamp_max,
  clamp_max_,
  lerp,
  lerp_,
} from './pointwise/ternary.js';
export {
  eq,
  ne,
  lt,
  le,
  gt,
  ge,
  logical_and,
  logical_or,
  logical_xor,
  logical_and_,
  logical_or_,
  logical_xor_,
  logical_not_,
  isclose,
  allclose,
  equal,
  type CloseOpts,
} from './pointwise/compare.js';
export { fill_, zero_, copy_, to } from './pointwise/fill.js';
