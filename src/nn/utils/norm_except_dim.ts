// torch.norm_except_dim and torch._weight_norm as ATen computes them on the CPU (shared by the
// legacy hook-style weight_norm and the parametrization).

import type { Tensor } from '../../tensor/tensor.js';

/** The 2-norm over every dimension but dim (kept; the others size 1); of the whole tensor when dim is -1. */
export function normExceptDim(v: Tensor, dim: number): Tensor {
  if (dim === -1) return v.contiguous().norm(2);
  const last = v.dim() - 1;
  const outSize = v.shape.map((s, d) => (d === dim ? s : 1));
  if (dim === 0) return v.contiguous().view(v.size(0), -1).norm(2, 1).view(outSize);
  if (dim === last) return v.contiguous().view(-1, v.size(last)).norm(2, 0).view(outSize);
  return normExceptDim(v.transpose(0, dim), 0).transpose(0, dim);
}

/** torch._weight_norm(v, g, dim): v * (g / ‖v‖). */
export function weightNorm(v: Tensor, g: Tensor, dim: number): Tensor {
  return v.mul(g.div(normExceptDim(v, dim)));
}
