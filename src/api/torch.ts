// The torch.* functions: each op is declared beside its implementation and autograd node in
// src/ops/ (op(), src/ops/declare.ts); this file only gathers the declared functions into the torch
// namespace (src/index.ts re-exports it). tests/ops_doc.test.ts checks that every declared torch.*
// function is exported here or in a namespace (functional.ts, special.ts, linalg.ts).

export {
  tensor,
  zeros,
  ones,
  empty,
  full,
  zeros_like,
  ones_like,
  empty_like,
  full_like,
  arange,
  linspace,
  logspace,
  eye,
} from '../ops/creation.js';
export { einsum } from '../ops/einsum.js';
export { gather, scatter, scatter_add, take_along_dim } from '../ops/gather.js';
export { index_select, index_add, index_fill, index_copy } from '../ops/index_ops.js';
export { index_put } from '../ops/indexing.js';
export { cat, concat, concatenate, stack, hstack, vstack, dstack, column_stack } from '../ops/join.js';
export { matmul, mm, bmm, dot, mv, outer, addmm } from '../ops/linalg.js';
export {
  diag,
  diagflat,
  diag_embed,
  trace,
  tril_indices,
  triu_indices,
  unique,
  bincount,
  searchsorted,
  bucketize,
  cdist,
  kron,
  meshgrid,
  cartesian_prod,
} from '../ops/linalg_extra.js';
export { masked_fill, masked_select, masked_scatter, nonzero, argwhere } from '../ops/masked.js';
export { max, min, amax, amin, argmax, argmin, type ExtremumFn } from '../ops/minmax.js';
export { var, std, var_mean, std_mean } from '../ops/moments.js';
export { multinomial } from '../ops/multinomial.js';
export { norm } from '../ops/norm.js';
export {
  add,
  sub,
  rsub,
  mul,
  div,
  true_divide,
  floor_divide,
  subtract,
  multiply,
  divide,
} from '../ops/pointwise/arith.js';
export {
  xlogy,
  square,
  pow,
  atan2,
  maximum,
  minimum,
  fmod,
  remainder,
  hypot,
  fmax,
  fmin,
  logaddexp,
  logaddexp2,
  copysign,
  arctan2,
} from '../ops/pointwise/binary.js';
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
  isclose,
  allclose,
  equal,
  logical_not,
} from '../ops/pointwise/compare.js';
export { result_type } from '../ops/pointwise/promote.js';
export { clamp, clip, clamp_min, clamp_max, lerp, where } from '../ops/pointwise/ternary.js';
export {
  neg,
  abs,
  sign,
  exp,
  exp2,
  log,
  log2,
  log10,
  log1p,
  expm1,
  sqrt,
  rsqrt,
  reciprocal,
  sin,
  cos,
  tan,
  asin,
  acos,
  atan,
  sinh,
  cosh,
  tanh,
  asinh,
  acosh,
  atanh,
  sigmoid,
  relu,
  erf,
  erfc,
  erfinv,
  lgamma,
  digamma,
  floor,
  ceil,
  round,
  trunc,
  frac,
  sinc,
  polygamma,
  logit,
  isnan,
  isinf,
  isfinite,
  negative,
  absolute,
  arcsin,
  arccos,
  arctan,
  arcsinh,
  arccosh,
  arctanh,
} from '../ops/pointwise/unary.js';
export {
  rand,
  randn,
  randint,
  randperm,
  rand_like,
  randn_like,
  randint_like,
  normal,
  bernoulli,
} from '../ops/random.js';
export { rot90, flip, fliplr, flipud, roll, tile, tril, triu } from '../ops/rearrange.js';
export { sum, mean, nansum, nanmean, prod, logsumexp, all, any } from '../ops/reduce.js';
export { cumsum, cumprod } from '../ops/scan.js';
export { select, narrow, as_strided, unbind, split, split_with_sizes, chunk, diagonal } from '../ops/slicing.js';
export { softmax, log_softmax } from '../ops/softmax.js';
export { sort, argsort, msort, topk, kthvalue, median, nanmedian } from '../ops/sort.js';
export { take, put } from '../ops/take.js';
export { detach, numel, is_tensor, is_floating_point } from '../ops/tensor_methods.js';
export {
  view,
  reshape,
  flatten,
  unflatten,
  squeeze,
  unsqueeze,
  transpose,
  swapaxes,
  swapdims,
  t,
  permute,
  movedim,
  moveaxis,
  clone,
} from '../ops/view.js';
