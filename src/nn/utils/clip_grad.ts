// torch.nn.utils.clip_grad_norm_ / clip_grad_value_ (PyTorch 1.13's torch/nn/utils/clip_grad.py).

import { Tensor } from '../../tensor/tensor.js';
import { tensor } from '../../tensor/creation.js';
import { no_grad } from '../../autograd/grad_mode.js';
import { norm } from '../../api/torch.js';
import { stack } from '../../api/torch.js';
import { max } from '../../api/torch.js';
import { pyFloat } from '../../tensor/format.js';
import { jsTypeName } from '../../tensor/argcheck.js';

export interface ClipGradNormOpts {
  norm_type?: number | 'inf';
  error_if_nonfinite?: boolean;
  /** Accepted for PyTorch 2 compatibility; the result is the same either way. */
  foreach?: boolean | null;
}

function tensorsOf(parameters: Tensor | Iterable<Tensor>, fn: string): Tensor[] {
  if (parameters instanceof Tensor) return [parameters];
  if (parameters === null || typeof parameters !== 'object' || !(Symbol.iterator in parameters)) {
    throw new TypeError(
      `${fn}(): parameters must be a Tensor or an iterable of Tensors, not ${jsTypeName(parameters)}`,
    );
  }
  const list = [...parameters];
  for (const p of list) {
    if (!(p instanceof Tensor)) {
      throw new TypeError(`${fn}(): parameters must be a Tensor or an iterable of Tensors, not ${jsTypeName(p)}`);
    }
  }
  return list;
}

function finiteNumber(v: unknown, name: string, fn: string): number {
  if (v === 'inf') return Infinity;
  if (typeof v !== 'number') throw new TypeError(`${fn}(): argument '${name}' must be float, not ${jsTypeName(v)}`);
  return v;
}

/**
 * Scales the gradients of `parameters` in place so that their joint norm (the norm of the vector
 * of every gradient's norm) is at most max_norm; returns that total norm, before clipping, as a
 * tensor. The coefficient max_norm / (total + 1e-6), clamped to 1, multiplies every gradient.
 */
export function clip_grad_norm_(
  parameters: Tensor | Iterable<Tensor>,
  max_norm: number,
  norm_type: number | 'inf' | ClipGradNormOpts = 2,
  error_if_nonfinite = false,
): Tensor {
  const fn = 'clip_grad_norm_';
  const opts: ClipGradNormOpts =
    typeof norm_type === 'object' && norm_type !== null ? norm_type : { norm_type, error_if_nonfinite };
  const p = finiteNumber(opts.norm_type ?? 2, 'norm_type', fn);
  const maxNorm = finiteNumber(max_norm, 'max_norm', fn);
  const grads = tensorsOf(parameters, fn)
    .map((t) => t.grad)
    .filter((g): g is Tensor => g !== null);
  if (grads.length === 0) return tensor(0);
  return no_grad(() => {
    let total: Tensor;
    if (p === Infinity) {
      const norms = grads.map((g) => g.detach().abs().max() as Tensor);
      total = norms.length === 1 ? norms[0] : (max(stack(norms)) as Tensor);
    } else {
      total = norm(stack(grads.map((g) => norm(g.detach(), p))), p);
    }
    if ((opts.error_if_nonfinite ?? false) && !Number.isFinite(total.item() as number)) {
      throw new RangeError(
        `The total norm of order ${pyFloat(p)} for gradients from \`parameters\` is non-finite, so it cannot be clipped. ` +
          'To disable this error and scale the gradients by the non-finite norm anyway, set `error_if_nonfinite=False`',
      );
    }
    // max_norm / (total + 1e-6) is Tensor.__rtruediv__: reciprocal, then multiply.
    const coef = total.add(1e-6).reciprocal().mul(maxNorm).clamp_max(1);
    for (const g of grads) g.mul_(coef);
    return total;
  });
}

/** Clamps every gradient of `parameters` into [-clip_value, clip_value], in place. */
export function clip_grad_value_(parameters: Tensor | Iterable<Tensor>, clip_value: number): void {
  const fn = 'clip_grad_value_';
  const v = finiteNumber(clip_value, 'clip_value', fn);
  no_grad(() => {
    for (const t of tensorsOf(parameters, fn)) t.grad?.clamp_(-v, v);
  });
}
