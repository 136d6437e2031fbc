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
export { broadcastShapes as broadcast_shapes } from './tensor/shape.js';

export {
  no_grad,
  enable_grad,
  set_grad_enabled,
  is_grad_enabled,
  inference_mode,
  is_inference_mode_enabled,
} from './autograd/grad_mode.js';

export {
  add,
  sub,
  sub as subtract,
  mul,
  mul as multiply,
  div,
  div as divide,
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
export { sum, mean } from './ops/reduce.js';
export {
  view,
  reshape,
  flatten,
  unflatten,
  squeeze,
  unsqueeze,
  transpose,
  transpose as swapaxes,
  t,
  permute,
  movedim,
  select,
  narrow,
  as_strided,
  unbind,
  split,
  chunk,
  diagonal,
  clone,
  detach,
} from './ops/view.js';
export { cat, cat as concat, stack } from './ops/indexing.js';
export { matmul, mm, bmm, dot, mv, outer, addmm } from './ops/linalg.js';

export * as autograd from './autograd/index.js';
export * as nn from './nn/index.js';
export * as backends from './backend/info.js';

// ---------------- backend (src/backend/index.ts)
export { set_num_threads, get_num_threads } from './backend/index.js';
