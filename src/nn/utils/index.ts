// torch.nn.utils.

export { clip_grad_norm_, clip_grad_value_ } from './clip_grad.js';
export type { ClipGradNormOpts } from './clip_grad.js';
export { parameters_to_vector, vector_to_parameters } from './convert_parameters.js';
export * as parametrize from './parametrize.js';
export * as parametrizations from './parametrizations.js';
export * as prune from './prune.js';
export * as rnn from './rnn.js';
export { weight_norm, remove_weight_norm } from './weight_norm.js';
export { spectral_norm, remove_spectral_norm } from './spectral_norm.js';
