// F.group_norm, composed: statistics over each group of channels (and the spatial dims), as
// ATen's native_group_norm computes them (biased variance, rstd = 1/sqrt(var + eps)).
//
// The public ops implemented here are declared here too (torch.nn.functional functions (as
// functional_<name>, given their public names in src/api/functional.ts); op(), fn(), method(),
// src/ops/declare.ts), each right after its implementation: its PyTorch signature and gradcheck
// samples beside the forward, the autograd node (backward formula, saved tensors, JVP and batching
// rule) and any composite it is built from.

import type { Tensor } from '../tensor/tensor.js';
import { requireFloat } from './activation.js';
import { fn } from './declare.js';

export function group_norm(
  input: Tensor,
  num_groups: number,
  weight: Tensor | null = null,
  bias: Tensor | null = null,
  eps = 1e-5,
): Tensor {
  if (input.dim() < 2) {
    throw new RangeError(`Expected at least 2 dimensions for input tensor but received ${input.dim()}`);
  }
  const [N, C] = input.shape;
  if (num_groups > 0) {
    // F.group_norm's _verify_batch_size, on the shape it views the input as.
    const viewed = [Math.floor((N * C) / num_groups), num_groups, ...input.shape.slice(2)];
    if (viewed[0] * viewed.slice(2).reduce((a, b) => a * b, 1) === 1) {
      throw new RangeError(
        `Expected more than 1 value per channel when training, got input size [${viewed.join(', ')}]`,
      );
    }
  }
  if (!(num_groups > 0) || C % num_groups !== 0) {
    throw new RangeError(
      `Expected number of channels in input to be divisible by num_groups, but got input of shape [${input.shape.join(', ')}] and num_groups=${num_groups}`,
    );
  }
  for (const [t, name] of [
    [weight, 'weight'],
    [bias, 'bias'],
  ] as const) {
    if (t !== null && (t.dim() !== 1 || t.numel() !== C)) {
      throw new RangeError(
        `Expected ${name} to be a vector of size equal to the number of channels in input, but got ${name} of shape [${t.shape.join(', ')}] and input of shape [${input.shape.join(', ')}]`,
      );
    }
  }
  requireFloat(input, 'native_group_norm');
  const grouped = input.reshape([N, num_groups, -1]);
  const mean = grouped.mean(-1, true);
  const centered = grouped.sub(mean);
  const rstd = centered.mul(centered).mean(-1, true).add(eps).rsqrt();
  let out = centered.mul(rstd).reshape(input.shape);
  const channelView = input.shape.map((s, d) => (d === 1 ? s : 1));
  if (weight !== null) out = out.mul(weight.reshape(channelView));
  if (bias !== null) out = out.add(bias.reshape(channelView));
  return out;
}

type T = Tensor;
export const functional_group_norm = fn(
  'group_norm(Tensor input, int num_groups, Tensor? weight=None, Tensor? bias=None, float eps=1e-05)',
  (input: T, num_groups: number, weight?: T | null, bias?: T | null, eps?: number): T =>
    group_norm(input, num_groups, weight ?? null, bias ?? null, eps),
);
