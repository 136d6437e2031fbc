// torch.optim.

export { Optimizer } from './optimizer.js';
export type { OptimizerState, ParamGroup, ParamState } from './optimizer.js';
export { SGD } from './sgd.js';
export { Adam, AdamW } from './adam.js';
export { RMSprop } from './rmsprop.js';
export { Adagrad, Adadelta, Adamax, NAdam, RAdam, ASGD, Rprop } from './more.js';
export { LBFGS } from './lbfgs.js';
export * as lr_scheduler from './lr_scheduler.js';
