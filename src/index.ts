// tensorgrad: `import * as torch from 'tensorgrad'`. Names are PyTorch's, verbatim.

export const __version__ = '0.1.0';

import { Tensor as TensorClass } from './tensor/tensor.js';
/**
 * torch.Tensor: the class (`x instanceof torch.Tensor`), whose legacy constructor also runs when
 * it is called without `new`, as in Python: `torch.Tensor([1, 2])`, `torch.Tensor(2, 3)`.
 */
export const Tensor = new Proxy(TensorClass, {
  apply: (target, _this, args: unknown[]) => new target(...(args as [unknown, ...number[]])),
}) as typeof TensorClass & ((data?: unknown, ...sizes: number[]) => TensorClass);
export type Tensor = TensorClass;
export { Size } from './tensor/shape.js';
export { device, Device, cuda, accelerator, set_default_device } from './tensor/device.js';
export { save, load } from './io/serialization.js';
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
export { FloatTensor, DoubleTensor, LongTensor, IntTensor, BoolTensor, from_typed_array } from './tensor/creation.js';
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

// Every public op, from its declaration beside its implementation in src/ops/ (src/ops/declare.ts):
// torch.* functions here (gathered in src/api/torch.ts), Tensor methods installed on the prototype by
// the same declarations (src/api/surface.ts).
import './api/surface.js';
export * from './api/torch.js';
export type { ValuesIndices } from './ops/minmax.js';
import { max as maxOp, min as minOp, type ExtremumFn } from './api/torch.js';
// The declarations' own types give max/min one result type, the union of their overloads' results.
export const max = maxOp as ExtremumFn;
export const min = minOp as ExtremumFn;

export {
  Generator,
  default_generator,
  manual_seed,
  seed,
  initial_seed,
  get_rng_state,
  set_rng_state,
} from './tensor/generator.js';
export type { GeneratorOpts, RandomOpts } from './ops/random.js';
export type { MultinomialOpts } from './ops/multinomial.js';

export * as autograd from './api/autograd.js';
export * as nn from './nn/index.js';
export * as backends from './backend/info.js';
export * as special from './api/special.js';
export * as linalg from './api/linalg.js';
export * as optim from './optim/index.js';
export * as safetensors from './io/safetensors.js';
export * as utils from './utils/index.js';
export * as viz from './viz/index.js';
export * as onnx from './onnx/index.js';
export * as func from './func/index.js';

// ---------------- backend (src/backend/index.ts)
export { set_num_threads, get_num_threads } from './backend/index.js';
