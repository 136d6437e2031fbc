// torch.autograd.

import { Tensor as TensorClass, type Tensor } from '../tensor/tensor.js';
import { checkOptionsArg, jsTypeName } from '../tensor/argcheck.js';

export { backward, grad } from './api.js';
export type { BackwardOpts, GradOpts } from './api.js';
export { Node } from './node.js';
export type { GradHook, NodeHook, NodePreHook, RemovableHandle } from './node.js';
export * as graph from './graph.js';
export { Function, FunctionCtx } from './function.js';
export { gradcheck, gradgradcheck, GradcheckError } from './gradcheck.js';
export type { GradcheckOpts } from './gradcheck.js';
export {
  no_grad,
  enable_grad,
  set_grad_enabled,
  inference_mode,
  detect_anomaly,
  set_detect_anomaly,
} from './grad_mode.js';

/**
 * Legacy Variable(t, { requires_grad }): since PyTorch 0.4 it returns a Tensor. Like the Python
 * one, it shares t's storage and is a leaf.
 */
export function Variable(t: Tensor, opts?: { requires_grad?: boolean }): Tensor {
  if (!(t instanceof TensorClass)) throw new TypeError(`Variable data has to be a tensor, but got ${jsTypeName(t)}`);
  checkOptionsArg('Variable', 2, opts);
  for (const key of Object.keys(opts ?? {})) {
    if (key !== 'requires_grad' && key !== 'volatile') {
      throw new TypeError(`'${key}' is an invalid keyword argument for this function`);
    }
  }
  const v = t.detach();
  if (opts?.requires_grad) v._factoryRequiresGrad();
  return v;
}
