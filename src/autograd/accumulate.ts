// AccumulateGrad: the node at each leaf that requires grad; it adds incoming gradients to `.grad`.

import type { Tensor } from '../tensor/tensor.js';
import { is_grad_enabled } from './grad_mode.js';
import { Node } from './node.js';
import * as K from '../tensor/kernels.js';

export class AccumulateGrad extends Node {
  constructor(readonly variable: Tensor) {
    super([], [{ shape: variable.shape, dtype: variable.dtype }], 1);
  }

  name(): string {
    return 'torch::autograd::AccumulateGrad';
  }

  /** @internal */
  _apply(grads: (Tensor | null)[]): (Tensor | null)[] {
    const g = grads[0];
    if (g === null) return [];
    const v = this.variable;
    const old = v._grad;
    if (is_grad_enabled()) {
      // create_graph: keep the gradient's own graph so it can be differentiated again (a first
      // gradient is copied into a fresh tensor, so its grad_fn is CopyBackwards as in PyTorch).
      v._grad = old === null ? K.empty(g._shape, g._dtype).copy_(g) : old.add(g);
    } else if (old === null) {
      // A copy in the variable's layout (a transposed gradient of a contiguous weight comes out
      // contiguous), as PyTorch's AccumulateGrad does when it cannot take the gradient as it is.
      v._grad = K.copyLike(g, v);
    } else if (old.requires_grad) {
      v._grad = old.add(g);
    } else {
      old.add_(g);
    }
    return [];
  }
}

/** The AccumulateGrad of a leaf, created once and kept on the tensor (edges must be unique). */
export function gradAccumulator(t: Tensor): AccumulateGrad {
  t._accumulator ??= new AccumulateGrad(t);
  return t._accumulator;
}
