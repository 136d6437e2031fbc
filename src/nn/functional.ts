// torch.nn.functional.

export {
  mse_loss,
  l1_loss,
  nll_loss,
  cross_entropy,
  binary_cross_entropy,
  binary_cross_entropy_with_logits,
} from '../ops/loss.js';
export { relu, sigmoid, tanh, silu } from '../ops/pointwise.js';
export { dropout, gelu } from '../ops/activation.js';
export { linear } from './linear.js';
export { conv2d } from '../ops/conv.js';
export { max_pool2d, avg_pool2d } from '../ops/pool.js';
export { batch_norm, layer_norm, embedding } from '../ops/normalization.js';
export { functional_softmax as softmax, functional_log_softmax as log_softmax } from '../ops/softmax.js';
