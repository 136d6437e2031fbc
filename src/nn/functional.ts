// torch.nn.functional.

export { mse_loss } from '../ops/loss.js';
export { relu, sigmoid, tanh, silu, gelu } from '../ops/pointwise.js';
export { functional_softmax as softmax, functional_log_softmax as log_softmax } from '../ops/softmax.js';
