// torch.func (functorch in PyTorch 1.13): composable function transforms.

export { grad, grad_and_value, vjp, jvp, jacrev, jacfwd, hessian } from '../ops/func.js';
export type { GradOpts, JvpOpts, JacOpts } from '../ops/func.js';
export { vmap } from '../ops/vmap.js';
export type { VmapOpts, InDims } from '../ops/vmap.js';
export { functional_call, stack_module_state } from '../nn/stateless.js';
export type { NamedTensors, FunctionalCallOpts } from '../nn/stateless.js';
