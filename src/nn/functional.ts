// torch.nn.functional: each function is declared with its signature beside its implementation in
// src/ops/ (as functional_<name>); src/api/functional.ts gives them their public names.

export * from '../api/functional.js';
