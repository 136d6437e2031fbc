// tensorgrad: `import * as torch from 'tensorgrad'`. Names are PyTorch's, verbatim.

export const __version__ = '0.1.0';

export { Tensor } from './tensor/tensor.js';
export type { Scalar, TensorOrScalar, Dims } from './tensor/tensor.js';
export {
  DType,
  bool,
  int32,
  int64,
  float32,
  float64,
  get_default_dtype,
  set_default_dtype,
  promote_types,
  can_cast,
} from './tensor/dtype.js';
export { float32 as float, float64 as double, int32 as int, int64 as long } from './tensor/dtype.js';
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
  FloatTensor,
  DoubleTensor,
  LongTensor,
  IntTensor,
  BoolTensor,
  from_typed_array,
} from './tensor/creation.js';
export type { FactoryOpts, NestedData } from './tensor/creation.js';
export { set_printoptions } from './tensor/print.js';
export { broadcast_shapes } from './tensor/shape.js';

export {
  no_grad,
  enable_grad,
  set_grad_enabled,
  is_grad_enabled,
  inference_mode,
  is_inference_mode_enabled,
  is_anomaly_enabled,
} from './autograd/grad_mode.js';

export {
  add,
  sub,
  sub as subtract,
  mul,
  mul as multiply,
  div,
  div as divide,
  true_divide,
  floor_divide,
  pow,
  rsub,
  neg,
  neg as negative,
  abs,
  abs as absolute,
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
  square,
  sin,
  cos,
  tan,
  asin,
  acos,
  atan,
  atan2,
  atan2 as arctan2,
  sinh,
  cosh,
  tanh,
  asinh,
  acosh,
  atanh,
  sigmoid,
  relu,
  erf,
  floor,
  ceil,
  round,
  trunc,
  frac,
  clamp,
  clamp as clip,
  clamp_min,
  clamp_max,
  maximum,
  minimum,
  fmod,
  remainder,
  lerp,
  where,
  eq,
  ne,
  lt,
  le,
  gt,
  ge,
  isclose,
  allclose,
  equal,
  isnan,
  isinf,
  isfinite,
  logical_and,
  logical_or,
  logical_not,
  logical_xor,
  resultType as result_type,
} from './ops/pointwise.js';
export { sum, mean, nansum, nanmean, prod, logsumexp, all, any } from './ops/reduce.js';
export { max, min, amax, amin, argmax, argmin } from './ops/minmax.js';
export type { ValuesIndices } from './ops/minmax.js';
export { sort, argsort, msort, topk, kthvalue, median, nanmedian } from './ops/sort.js';
export { var_ as var, std, var_mean, std_mean } from './ops/moments.js';
export { norm } from './ops/norm.js';
export { cumsum, cumprod } from './ops/scan.js';
export { softmax, log_softmax } from './ops/softmax.js';
export {
  view,
  reshape,
  flatten,
  unflatten,
  squeeze,
  unsqueeze,
  transpose,
  transpose as swapaxes,
  transpose as swapdims,
  t,
  permute,
  movedim,
  movedim as moveaxis,
  select,
  narrow,
  as_strided,
  unbind,
  split,
  split_with_sizes,
  chunk,
  diagonal,
  clone,
  detach,
} from './ops/view.js';
export {
  cat,
  cat as concat,
  cat as concatenate,
  stack,
  hstack,
  vstack,
  dstack,
  column_stack,
  index_put,
  masked_fill,
  masked_select,
  masked_scatter,
  gather,
  scatter,
  scatter_add,
  index_select,
  index_add,
  index_fill,
  index_copy,
  take,
  take_along_dim,
  put,
  rot90,
  flip,
  fliplr,
  flipud,
  roll,
  tile,
  tril,
  triu,
  nonzero,
  argwhere,
} from './ops/indexing.js';
export { matmul, mm, bmm, dot, mv, outer, addmm } from './ops/linalg.js';

export {
  Generator,
  default_generator,
  manual_seed,
  seed,
  initial_seed,
  get_rng_state,
  set_rng_state,
} from './tensor/generator.js';
export {
  rand,
  randn,
  randint,
  randperm,
  normal,
  bernoulli,
  rand_like,
  randn_like,
  randint_like,
} from './tensor/random.js';
export { multinomial } from './tensor/multinomial.js';
export type { GeneratorOpts, RandomOpts } from './tensor/random.js';
export type { MultinomialOpts } from './tensor/multinomial.js';

export * as autograd from './autograd/index.js';
export * as nn from './nn/index.js';
export * as backends from './backend/info.js';
export * as optim from './optim/index.js';
export * as safetensors from './io/safetensors.js';
export * as utils from './utils/index.js';
export * as viz from './viz/index.js';

// ---------------- backend (src/backend/index.ts)
export { set_num_threads, get_num_threads } from './backend/index.js';
