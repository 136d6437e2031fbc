// F.scaled_dot_product_attention (PyTorch 2): composed of recorded tensor ops, as PyTorch's math
// reference is, so its gradients (and higher orders) come from matmul, softmax and masked_fill.
//
//   attn = softmax(q kᵀ · scale + bias) ;  out = dropout(attn) v
//
// where bias is -inf where a boolean attn_mask is false (or above the diagonal when is_causal), or
// the float attn_mask itself.
//
// The public ops implemented here are declared here too (torch.nn.functional functions (as
// functional_<name>, given their public names in src/api/functional.ts); op(), fn(), method(),
// src/ops/declare.ts), each right after its implementation: its PyTorch signature and gradcheck
// samples beside the forward, the autograd node (backward formula, saved tensors, JVP and batching
// rule) and any composite it is built from.

import type { Tensor } from '../tensor/tensor.js';
import { ones } from '../tensor/creation.js';
import { no_grad } from '../autograd/grad_mode.js';
import { functional_softmaxImpl } from './softmax.js';
import { dropout } from './activation.js';
import { fn } from './declare.js';

export function scaled_dot_product_attention(
  query: Tensor,
  key: Tensor,
  value: Tensor,
  attn_mask?: Tensor | null,
  dropout_p?: number,
  is_causal?: boolean,
  opts?: { scale?: number | null },
): Tensor {
  const mask = attn_mask ?? null;
  if (query.dim() < 2 || key.dim() < 2 || value.dim() < 2) {
    throw new RangeError(
      `scaled_dot_product_attention: expected query, key and value to have at least 2 dimensions, got ${query.dim()}, ${key.dim()} and ${value.dim()}`,
    );
  }
  if (is_causal === true && mask !== null) {
    throw new RangeError('_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True');
  }
  const L = query.size(-2);
  const S = key.size(-2);
  const scale = opts?.scale ?? 1 / Math.sqrt(query.size(-1));
  let scores = query.matmul(key.transpose(-2, -1)).mul(scale);
  if (is_causal === true) {
    const keep = no_grad(() => ones([L, S], { dtype: 'bool' }).tril());
    scores = scores.masked_fill(keep.logical_not(), -Infinity);
  } else if (mask !== null) {
    scores = mask.dtype.name === 'bool' ? scores.masked_fill(mask.logical_not(), -Infinity) : scores.add(mask);
  }
  let attn = functional_softmaxImpl(scores, -1);
  const p = dropout_p ?? 0;
  if (p > 0) attn = dropout(attn, p, { training: true });
  return attn.matmul(value);
}

export const functional_scaled_dot_product_attention = fn(
  'scaled_dot_product_attention(Tensor query, Tensor key, Tensor value, Tensor? attn_mask=None, float dropout_p=0.0, bool is_causal=False, *, float? scale=None)',
  scaled_dot_product_attention,
);
