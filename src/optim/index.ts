// torch.optim.

export { Optimizer } from './optimizer.js';
export { SGD } from './sgd.js';
export { Adam, AdamW, RMSprop } from './adam.js';
export * as lr_scheduler from './lr_scheduler.js';
