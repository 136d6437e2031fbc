// torch.optim.

export { Optimizer } from './optimizer.js';
export type { OptimizerState, ParamGroup, ParamState } from './optimizer.js';
export { SGD } from './sgd.js';
export { Adam, AdamW } from './adam.js';
export { RMSprop } from './rmsprop.js';
export * as lr_scheduler from './lr_scheduler.js';
