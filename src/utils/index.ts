// torch.utils.

export * as data from './data.js';
export * as checkpoint from './checkpoint.js';
export * as hooks from './hooks.js';
