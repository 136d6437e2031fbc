// threshold_backward(grad, self, threshold): ReLU's backward, a differentiable op of its own as in
// ATen (so a double backward through ReLU shows ThresholdBackwardBackward0, as PyTorch does).

import { backend } from '../backend/index.js';
import type { Tensor } from '../tensor/tensor.js';
import * as K from '../tensor/kernels.js';
import { apply, defineOp, type OpDef } from '../autograd/op.js';
import { withBatch } from '../autograd/batching.js';

interface ThresholdArgs {
  threshold: number;
}

const THRESHOLD_BACKWARD: OpDef<ThresholdArgs> = defineOp<ThresholdArgs>({
  node: 'ThresholdBackwardBackward0',
  // Under vmap (jacrev, hessian through ReLU): both operands given the batch dim.
  batch: (inputs, batched, a, size) =>
    apply(
      THRESHOLD_BACKWARD,
      inputs.map((t, i) => withBatch(t, batched[i], size)),
      a,
    ),
  // Linear in the gradient; the input only selects.
  jvp: ([tg], s, { args }) =>
    tg === null ? K.full(s.result._shape, 0, s.result.dtype) : threshold_backward(tg, s.other, args.threshold),
  saves: ['other'],
  savedFor: { other: [0] },
  forward: ([grad, x], { threshold }) => {
    const g = K.contiguous(grad);
    const self = K.contiguous(K.cast(x, grad.dtype));
    const out = K.output(x.shape, grad.dtype);
    backend().thresholdBackward(g._data, self._data, threshold, out._data);
    return out;
  },
  // derivatives.yaml: grad_output: threshold_backward(grad, self, threshold); self: zeros.
  backward: (gg, s, { args, needs }) => [needs[0] ? threshold_backward(gg, s.other, args.threshold) : null, null],
});

/** grad where self > threshold (or is NaN), 0 elsewhere; grad and self share a shape. */
export function threshold_backward(grad: Tensor, self: Tensor, threshold: number): Tensor {
  return apply(THRESHOLD_BACKWARD, [grad, self], { threshold });
}
