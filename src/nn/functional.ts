// torch.nn.functional.

export { mse_loss } from '../ops/loss.js';
export { relu, sigmoid, tanh, silu, gelu } from '../ops/pointwise.js';
export { linear } from './linear.js';
export { conv2d, max_pool2d, avg_pool2d } from '../ops/conv.js';
export { batch_norm, layer_norm, embedding } from '../ops/normalization.js';
export { functional_softmax as softmax, functional_log_softmax as log_softmax } from '../ops/softmax.js';
