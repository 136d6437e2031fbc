// torch.nn.

export * as functional from './functional.js';
export { Module } from './module.js';
export { MSELoss } from './loss.js';
