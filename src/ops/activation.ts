// nn.functional activations that are not plain pointwise ops: dropout (a random mask, composed
// as ATen's _dropout does, so it records MulBackward0 and draws PyTorch's bernoulli stream) and
// gelu's tanh approximation (its own GeluBackward0 node, as in ATen).

import { no_grad } from '../autograd/grad_mode.js';
import type { Tensor } from '../tensor/tensor.js';
import { pyFloat } from '../tensor/format.js';
import * as K from '../tensor/kernels.js';
import { apply, defineOp } from '../autograd/op.js';
import { gelu as geluExact } from './pointwise.js';
import { fusedBackward } from './pointwise/unary.js';

export interface DropoutOpts {
  p?: number;
  training?: boolean;
  inplace?: boolean;
}

function checkP(p: number): void {
  if (!(p >= 0 && p <= 1)) {
    throw new RangeError(`dropout probability has to be between 0 and 1, but got ${pyFloat(p)}`);
  }
}

/**
 * F.dropout(input, p = 0.5, { training = true, inplace = false }): zeroes elements with
 * probability p and scales the rest by 1/(1-p). Out of training it returns input itself.
 */
export function dropout(input: Tensor, p?: number | DropoutOpts, opts?: DropoutOpts): Tensor {
  const o = typeof p === 'object' ? p : { ...opts, p: p ?? opts?.p };
  const prob = o.p ?? 0.5;
  checkP(prob);
  if (prob === 0 || o.training === false || input.numel() === 0) return input;
  if (prob === 1) {
    const zero = K.full([], 0, input.dtype);
    return o.inplace ? input.mul_(zero) : input.mul(zero);
  }
  const noise = no_grad(() =>
    K.empty(input.shape, input.dtype)
      .bernoulli_(1 - prob)
      .div_(1 - prob),
  );
  return o.inplace ? input.mul_(noise) : input.mul(noise);
}

// ---------------------------------------------------------------- gelu (tanh approximation)

const BETA = Math.SQRT2 * (2 / Math.sqrt(Math.PI)) * 0.5;
const KAPPA = 0.044715;

/** tanh(β (x + κ x³)), in recorded tensor ops. */
function innerTanh(x: Tensor): Tensor {
  return x.add(x.mul(x).mul(x).mul(KAPPA)).mul(BETA).tanh();
}

const GELU_TANH = defineOp({
  node: 'GeluBackward0',
  saves: ['self'],
  // 0.5 x (1 + tanh(β (x + κ x³)))
  forward: ([x]) => no_grad(() => K.contiguous(x.mul(0.5).mul(innerTanh(x).add(1)))),
  // 0.5 (1 + t) + 0.5 x (1 - t²) β (1 + 3κ x²)
  backward: (g, s) => {
    const x = s.self;
    if (fusedBackward(g, x)) return [K.binary('gelu_tanh_backward', g, x, x.dtype)];
    const t = innerTanh(x);
    const left = t.add(1).mul(0.5);
    const right = x
      .mul(0.5)
      .mul(t.mul(t).neg().add(1))
      .mul(
        x
          .mul(x)
          .mul(3 * KAPPA)
          .add(1)
          .mul(BETA),
      );
    return [g.mul(left.add(right))];
  },
});

/** F.gelu(input, { approximate: 'none' | 'tanh' }). */
export function gelu(input: Tensor, opts?: { approximate?: string }): Tensor {
  const approximate = opts?.approximate ?? 'none';
  if (approximate === 'none') return geluExact(input);
  if (approximate === 'tanh') return apply(GELU_TANH, [input], undefined);
  throw new Error('approximate argument must be either none or tanh.');
}
