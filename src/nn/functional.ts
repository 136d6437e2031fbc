// torch.nn.functional.

export { mse_loss } from '../ops/loss.js';
export { relu, sigmoid, tanh, silu, gelu } from '../ops/pointwise.js';
export { linear } from './linear.js';
