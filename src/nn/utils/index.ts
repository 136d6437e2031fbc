// torch.nn.utils.

export { clip_grad_norm_, clip_grad_value_ } from './clip_grad.js';
export type { ClipGradNormOpts } from './clip_grad.js';
export * as rnn from './rnn.js';
