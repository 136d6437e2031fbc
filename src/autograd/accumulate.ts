// AccumulateGrad: the node at each leaf that requires grad; it adds incoming gradients to `.grad`.

import type { Tensor } from '../tensor/tensor.js';
import { is_grad_enabled } from './grad_mode.js';
import { Node } from './node.js';
import * as K from '../tensor/kernels.js';
import { isNonOverlappingAndDense } from '../tensor/shape.js';

export class AccumulateGrad extends Node {
  /** @internal Set by the engine: the incoming gradient is held by nothing else (Note [Taking a gradient]). */
  _owned = false;

  /** @internal Tensor.register_post_accumulate_grad_hook's hooks, run after `.grad` is written. */
  _postAccHooks: ((t: Tensor) => unknown)[] | null = null;

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
    const owned = this._owned;
    this._owned = false;
    if (is_grad_enabled()) {
      // create_graph: keep the gradient's own graph so it can be differentiated again (a first
      // gradient is copied into a fresh tensor, so its grad_fn is CopyBackwards as in PyTorch).
      v._grad = old === null ? K.empty(g._shape, g._dtype).copy_(g) : old.add(g);
    } else if (old === null) {
      // The gradient itself when nothing else holds it and it has the variable's layout, else a
      // copy in the variable's layout (a transposed gradient of a contiguous weight comes out
      // contiguous), as PyTorch's AccumulateGrad does.
      v._grad = owned && obeysLayoutContract(g, v) ? g : K.copyLike(g, v);
    } else if (old.requires_grad) {
      v._grad = old.add(g);
    } else {
      old.add_(g);
    }
    if (this._postAccHooks !== null) for (const hook of [...this._postAccHooks]) hook(v);
    return [];
  }
}

/**
 * PyTorch's obeys_layout_contract: a non-overlapping dense variable wants its own strides (where
 * a size is not 1; there a 0 stride marks a view); any other variable a row-major gradient.
 */
function obeysLayoutContract(g: Tensor, v: Tensor): boolean {
  if (g._offset !== 0 || g._data.length !== g.numel()) return false;
  if (!isNonOverlappingAndDense(v._shape, v._strides)) return g.is_contiguous();
  const shape = g._shape;
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] !== 1 ? g._strides[d] !== v._strides[d] : g._strides[d] === 0) return false;
  }
  return true;
}

/** The AccumulateGrad of a leaf, created once and kept on the tensor (edges must be unique). */
export function gradAccumulator(t: Tensor): AccumulateGrad {
  t._accumulator ??= new AccumulateGrad(t);
  return t._accumulator;
}
