// nn.init: PyTorch's initialisations, in place and without recording history. The random draws
// go through Tensor.uniform_/normal_, so a seeded run gives PyTorch's values.

import type { Tensor } from '../tensor/tensor.js';
import { no_grad } from '../autograd/grad_mode.js';
import { emitWarning } from '../tensor/warn.js';
import { bindNamed } from './args.js';
import { qr } from '../api/linalg.js';
import { tensor as makeTensor } from '../tensor/creation.js';
import { float64 } from '../tensor/dtype.js';

type Nonlinearity =
  | 'linear'
  | 'conv1d'
  | 'conv2d'
  | 'conv3d'
  | 'conv_transpose1d'
  | 'conv_transpose2d'
  | 'conv_transpose3d'
  | 'sigmoid'
  | 'tanh'
  | 'relu'
  | 'leaky_relu'
  | 'selu';

const LINEAR_FNS = ['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d'];

// Each entry point binds its arguments to PyTorch's signature, so junk gets the argument parser's
// TypeError instead of reaching Tensor methods, and an unknown option is an error, not ignored.
const sig = (s: string) => (args: unknown[]) => bindNamed(s, args);
const GAIN = sig('calculate_gain(str nonlinearity, Scalar? param=None)');
const FAN = sig('calculateFanInAndFanOut(Tensor tensor)');
const UNIFORM = sig('uniform_(Tensor tensor, float a=0., float b=1.)');
const NORMAL = sig('normal_(Tensor tensor, float mean=0., float std=1.)');
const CONSTANT = sig('constant_(Tensor tensor, float val)');
const ZEROS = sig('zeros_(Tensor tensor)');
const ONES = sig('ones_(Tensor tensor)');
const KAIMING_UNIFORM = sig(
  'kaiming_uniform_(Tensor tensor, float a=0, str mode="fan_in", str nonlinearity="leaky_relu")',
);
const KAIMING_NORMAL = sig(
  'kaiming_normal_(Tensor tensor, float a=0, str mode="fan_in", str nonlinearity="leaky_relu")',
);
const XAVIER_UNIFORM = sig('xavier_uniform_(Tensor tensor, float gain=1.)');
const ORTHOGONAL = sig('orthogonal_(Tensor tensor, float gain=1)');
const XAVIER_NORMAL = sig('xavier_normal_(Tensor tensor, float gain=1.)');

export function calculate_gain(nonlinearity: Nonlinearity, param?: number): number;
export function calculate_gain(...args: unknown[]): number {
  const { nonlinearity, param } = GAIN(args) as { nonlinearity: string; param?: number | null };
  if (LINEAR_FNS.includes(nonlinearity) || nonlinearity === 'sigmoid') return 1;
  switch (nonlinearity) {
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky_relu': {
      if (typeof param === 'boolean') throw new Error(`negative_slope ${param ? 'True' : 'False'} not a valid number`);
      const slope = param ?? 0.01;
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
  }
  throw new Error(`Unsupported nonlinearity ${nonlinearity}`);
}

/** fan_in and fan_out of a weight: [out, in, ...kernel]. */
export function calculateFanInAndFanOut(t: Tensor): [number, number];
export function calculateFanInAndFanOut(...args: unknown[]): [number, number] {
  const t = FAN(args).tensor as Tensor;
  if (t.dim() < 2) {
    throw new Error('Fan in and fan out can not be computed for tensor with fewer than 2 dimensions');
  }
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return [t.size(1) * receptive, t.size(0) * receptive];
}

export function uniform_(t: Tensor, a?: number, b?: number): Tensor;
export function uniform_(...args: unknown[]): Tensor {
  const { tensor, a, b } = UNIFORM(args) as { tensor: Tensor; a?: number; b?: number };
  return no_grad(() => tensor.uniform_(a ?? 0, b ?? 1));
}

export function normal_(t: Tensor, mean?: number, std?: number): Tensor;
export function normal_(...args: unknown[]): Tensor {
  const { tensor, mean, std } = NORMAL(args) as { tensor: Tensor; mean?: number; std?: number };
  return no_grad(() => tensor.normal_(mean ?? 0, std ?? 1));
}

export function constant_(t: Tensor, value: number): Tensor;
export function constant_(...args: unknown[]): Tensor {
  const { tensor, val } = CONSTANT(args) as { tensor: Tensor; val: number };
  return no_grad(() => tensor.fill_(val));
}

export function zeros_(t: Tensor): Tensor;
export function zeros_(...args: unknown[]): Tensor {
  return constant_(ZEROS(args).tensor as Tensor, 0);
}

export function ones_(t: Tensor): Tensor;
export function ones_(...args: unknown[]): Tensor {
  return constant_(ONES(args).tensor as Tensor, 1);
}

interface KaimingOpts {
  a?: number;
  mode?: 'fan_in' | 'fan_out';
  nonlinearity?: Nonlinearity;
}
interface KaimingArgs {
  tensor: Tensor;
  a?: number;
  mode?: string;
  nonlinearity?: Nonlinearity;
}

function kaimingStd({ tensor, a, mode, nonlinearity }: KaimingArgs): number {
  const m = (mode ?? 'fan_in').toLowerCase();
  if (m !== 'fan_in' && m !== 'fan_out') {
    throw new Error(`Mode ${m} not supported, please use one of ['fan_in', 'fan_out']`);
  }
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  const gain = calculate_gain(nonlinearity ?? 'leaky_relu', a ?? 0);
  return gain / Math.sqrt(m === 'fan_in' ? fanIn : fanOut);
}

/** PyTorch returns a zero-element tensor untouched, with a warning, before computing its fans. */
function zeroElement(t: Tensor): boolean {
  if (t.numel() !== 0) return false;
  emitWarning('Initializing zero-element tensors is a no-op', 'UserWarning');
  return true;
}

export function kaiming_uniform_(t: Tensor, opts?: KaimingOpts): Tensor;
export function kaiming_uniform_(t: Tensor, a?: number, mode?: string, nonlinearity?: Nonlinearity): Tensor;
export function kaiming_uniform_(...args: unknown[]): Tensor {
  const bound = KAIMING_UNIFORM(args) as unknown as KaimingArgs;
  if (zeroElement(bound.tensor)) return bound.tensor;
  const limit = Math.sqrt(3) * kaimingStd(bound);
  return uniform_(bound.tensor, -limit, limit);
}

export function kaiming_normal_(t: Tensor, opts?: KaimingOpts): Tensor;
export function kaiming_normal_(t: Tensor, a?: number, mode?: string, nonlinearity?: Nonlinearity): Tensor;
export function kaiming_normal_(...args: unknown[]): Tensor {
  const bound = KAIMING_NORMAL(args) as unknown as KaimingArgs;
  if (zeroElement(bound.tensor)) return bound.tensor;
  return normal_(bound.tensor, 0, kaimingStd(bound));
}

export function xavier_uniform_(t: Tensor, gain?: number): Tensor;
export function xavier_uniform_(...args: unknown[]): Tensor {
  const { tensor, gain } = XAVIER_UNIFORM(args) as { tensor: Tensor; gain?: number };
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  const a = (gain ?? 1) * Math.sqrt(6 / (fanIn + fanOut));
  return uniform_(tensor, -a, a);
}

export function xavier_normal_(t: Tensor, gain?: number): Tensor;
export function xavier_normal_(...args: unknown[]): Tensor {
  const { tensor, gain } = XAVIER_NORMAL(args) as { tensor: Tensor; gain?: number };
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  return normal_(tensor, 0, (gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut)));
}

/**
 * Fills the tensor (2-D or more, flattened to rows x rest) with a (semi-)orthogonal matrix times
 * gain: the Q of the QR decomposition of a standard normal draw, its columns' signs fixed by R's
 * diagonal (so Q is the one with a positive R diagonal).
 */
export function orthogonal_(t: Tensor, gain?: number): Tensor;
export function orthogonal_(...args: unknown[]): Tensor {
  const { tensor, gain } = ORTHOGONAL(args) as { tensor: Tensor; gain?: number };
  if (tensor.dim() < 2) throw new RangeError('Only tensors with 2 or more dimensions are supported');
  if (tensor.numel() === 0) return tensor;
  const rows = tensor.size(0);
  const cols = tensor.numel() / rows;
  return no_grad(() => {
    let flattened = tensor.new_empty([rows, cols]).normal_(0, 1);
    if (rows < cols) flattened = flattened.t();
    const [q0, r] = qr(flattened);
    let q = q0.mul(r.diagonal().sign());
    if (rows < cols) q = q.t();
    tensor.view_as(q).copy_(q);
    return tensor.mul_(gain ?? 1);
  });
}

const TRUNC_NORMAL = sig(
  'trunc_normal_(Tensor tensor, float mean=0., float std=1., float a=-2., float b=2., *, Generator? generator=None)',
);

/**
 * nn.init.trunc_normal_(tensor, mean=0, std=1, a=-2, b=2): a normal truncated to [a, b], by
 * PyTorch's inverse-CDF method and in its order (uniform_ over the CDF's range, erfinv_, mul_,
 * add_, clamp_), so a seeded run gives PyTorch's values.
 */
export function trunc_normal_(
  t: Tensor,
  mean?: number,
  std?: number,
  a?: number,
  b?: number,
  opts?: { generator?: unknown },
): Tensor;
export function trunc_normal_(
  t: Tensor,
  opts?: { mean?: number; std?: number; a?: number; b?: number; generator?: unknown },
): Tensor;
export function trunc_normal_(...args: unknown[]): Tensor {
  const o = TRUNC_NORMAL(args) as {
    tensor: Tensor;
    mean?: number;
    std?: number;
    a?: number;
    b?: number;
    generator?: unknown;
  };
  const tensor = o.tensor;
  const mean = o.mean ?? 0;
  const std = o.std ?? 1;
  const a = o.a ?? -2;
  const b = o.b ?? 2;
  if (mean < a - 2 * std || mean > b + 2 * std) {
    emitWarning(
      'mean is more than 2 std from [a, b] in nn.init.trunc_normal_. The distribution of values may be incorrect.',
      'UserWarning',
    );
  }
  // Python's math.erf, as the float64 tensor op computes it.
  const erfOf = (x: number): number => makeTensor(x, { dtype: float64 }).erf().item() as number;
  const normCdf = (x: number): number => (1 + erfOf(x / Math.SQRT2)) / 2;
  const l = normCdf((a - mean) / std);
  const u = normCdf((b - mean) / std);
  const gen = o.generator === undefined || o.generator === null ? {} : { generator: o.generator };
  return no_grad(() => {
    tensor.uniform_(2 * l - 1, 2 * u - 1, gen as never);
    tensor.erfinv_();
    tensor.mul_(std * Math.sqrt(2));
    tensor.add_(mean);
    tensor.clamp_(a, b);
    return tensor;
  });
}
