// F.normalize, F.cosine_similarity, F.pairwise_distance and F.one_hot, composed from tensor ops
// as ATen composes them (normalize and cosine_similarity print DivBackward0 and SumBackward1, as
// PyTorch's do).
//
// The public ops implemented here are declared here too (torch.nn.functional functions (as
// functional_<name>, given their public names in src/api/functional.ts); op(), fn(), method(),
// src/ops/declare.ts), each right after its implementation: its PyTorch signature and gradcheck
// samples beside the forward, the autograd node (backward formula, saved tensors, JVP and batching
// rule) and any composite it is built from.

import type { Tensor } from '../tensor/tensor.js';
import { int64 } from '../tensor/dtype.js';
import * as K from '../tensor/kernels.js';
import { resultType } from './pointwise.js';
import { broadcastShapes } from '../tensor/shape.js';
import { fn } from './declare.js';

/** input / max(‖input‖_p over dim, eps). */
export function normalize(input: Tensor, p = 2, dim = 1, eps = 1e-12, out?: Tensor | null): Tensor {
  const denom = input.norm(p, dim, true).clamp_min(eps).expand_as(input);
  const result = input.div(denom);
  if (out === undefined || out === null) return result;
  out._checkCastFrom(result.dtype);
  return out.copy_(result);
}

type T = Tensor;

export const functional_normalize = fn(
  'normalize(Tensor input, float p=2.0, int dim=1, float eps=1e-12, Tensor? out=None)',
  (input: T, p?: number, dim?: number, eps?: number, out?: T | null): T => normalize(input, p, dim, eps, out),
);

/**
 * Σ (x1 / max(‖x1‖, eps)) (x2 / max(‖x2‖, eps)) over dim: ATen's form, which keeps the result in
 * [-1, 1]. (ATen clamps the norms in place without recording; here the clamp is recorded, so for a
 * norm below eps the gradient differs.)
 */
export function cosine_similarity(x1: Tensor, x2: Tensor, dim = 1, eps = 1e-8): Tensor {
  const common = resultType(x1, x2);
  if (!common.is_floating_point) {
    throw new TypeError(`expected common dtype to be floating point, yet common dtype is ${common.scalarType}`);
  }
  // ATen broadcasts the two first, so `dim` counts the dims of the broadcast shape.
  const shape = broadcastShapes(x1.shape, x2.shape);
  const a = (x1.dtype === common ? x1 : x1.to(common)).expand(shape);
  const b = (x2.dtype === common ? x2 : x2.to(common)).expand(shape);
  const unit = (x: Tensor): Tensor => x.div(x.norm(2, dim, true).clamp_min(eps));
  return unit(a).mul(unit(b)).sum(dim);
}

export const functional_cosine_similarity = fn(
  'cosine_similarity(Tensor x1, Tensor x2, int dim=1, float eps=1e-08)',
  (x1: T, x2: T, dim?: number, eps?: number): T => cosine_similarity(x1, x2, dim, eps),
);

/** ‖x1 - x2 + eps‖_p over the last dim. */
export function pairwise_distance(x1: Tensor, x2: Tensor, p = 2, eps = 1e-6, keepdim = false): Tensor {
  const last = Math.max(x1.dim(), x2.dim()) - 1;
  return x1.sub(x2).add(eps).norm(p, last, keepdim);
}

export const functional_pairwise_distance = fn(
  'pairwise_distance(Tensor x1, Tensor x2, float p=2.0, float eps=1e-06, bool keepdim=False)',
  (x1: T, x2: T, p?: number, eps?: number, keepdim?: boolean): T => pairwise_distance(x1, x2, p, eps, keepdim),
);

/** [..., num_classes] int64: 1 at each index's class (ATen's checks, in its order). */
export function one_hot(input: Tensor, num_classes = -1): Tensor {
  if (input.dtype !== int64) throw new Error('one_hot is only applicable to index tensor.');
  if (input.numel() === 0) {
    if (num_classes <= 0) throw new Error('Can not infer total number of classes from empty tensor.');
    return K.full([...input.shape, num_classes], 0, int64);
  }
  const data = K.contiguous(input)._data;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    lo = Math.min(lo, data[i]);
    hi = Math.max(hi, data[i]);
  }
  if (lo < 0) throw new Error('Class values must be non-negative.');
  let n = num_classes;
  if (n === -1) n = hi + 1;
  else if (!(n > hi)) throw new Error('Class values must be smaller than num_classes.');
  const classes = K.empty([n], int64);
  for (let c = 0; c < n; c++) classes._data[c] = c;
  return input.unsqueeze(-1).eq(classes).to(int64);
}

export const functional_one_hot = fn('one_hot(Tensor input, int num_classes=-1)', (input: T, num_classes?: number): T =>
  one_hot(input, num_classes),
);
