// torch.nn.functional: declared with their signatures in src/api/functional.ts.

export * from '../api/functional.js';
