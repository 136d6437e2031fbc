// nn.init: PyTorch's initialisations, in place and without recording history. The random draws
// go through Tensor.uniform_/normal_, so a seeded run gives PyTorch's values.

import type { Tensor } from '../tensor/tensor.js';
import { no_grad } from '../autograd/grad_mode.js';

type Nonlinearity = 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

export function calculate_gain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear':
    case 'conv1d':
    case 'conv2d':
    case 'conv3d':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
  }
}

/** fan_in and fan_out of a weight: [out, in, ...kernel]. */
export function calculateFanInAndFanOut(t: Tensor): [number, number] {
  if (t.dim() < 2) {
    throw new Error('Fan in and fan out can not be computed for tensor with fewer than 2 dimensions');
  }
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return [t.size(1) * receptive, t.size(0) * receptive];
}

export function uniform_(t: Tensor, a = 0, b = 1): Tensor {
  return no_grad(() => t.uniform_(a, b));
}

export function normal_(t: Tensor, mean = 0, std = 1): Tensor {
  return no_grad(() => t.normal_(mean, std));
}

export function constant_(t: Tensor, value: number): Tensor {
  return no_grad(() => t.fill_(value));
}

export function zeros_(t: Tensor): Tensor {
  return constant_(t, 0);
}

export function ones_(t: Tensor): Tensor {
  return constant_(t, 1);
}

interface KaimingOpts {
  a?: number;
  mode?: 'fan_in' | 'fan_out';
  nonlinearity?: Nonlinearity;
}

function kaimingStd(t: Tensor, opts?: KaimingOpts): number {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const fan = (opts?.mode ?? 'fan_in') === 'fan_in' ? fanIn : fanOut;
  const gain = calculate_gain(opts?.nonlinearity ?? 'leaky_relu', opts?.a ?? 0);
  return gain / Math.sqrt(fan);
}

export function kaiming_uniform_(t: Tensor, opts?: KaimingOpts): Tensor {
  const bound = Math.sqrt(3) * kaimingStd(t, opts);
  return uniform_(t, -bound, bound);
}

export function kaiming_normal_(t: Tensor, opts?: KaimingOpts): Tensor {
  return normal_(t, 0, kaimingStd(t, opts));
}

export function xavier_uniform_(t: Tensor, gain = 1): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const a = gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform_(t, -a, a);
}

export function xavier_normal_(t: Tensor, gain = 1): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  return normal_(t, 0, gain * Math.sqrt(2 / (fanIn + fanOut)));
}
