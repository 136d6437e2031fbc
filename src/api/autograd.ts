// torch.autograd: the engine's API (src/autograd/) and torch.autograd.functional (jacobian, hessian,
// vjp, jvp), which is built on the ops and so lives above them (src/ops/autograd_functional.ts).

export * from '../autograd/index.js';
export * as functional from '../ops/autograd_functional.js';
export * as forward_ad from '../ops/forward_ad.js';
export { autograd_profiler as profiler } from '../profiler/index.js';
