// torch.nn.functional pieces: rms_norm (PyTorch 2.4), rrelu / rrelu_ (RreluWithNoiseBackward0, the
// training noise drawn as ATen's CPU kernel draws it), gumbel_softmax, pdist (torch.pdist and
// F.pdist) and triplet_margin_with_distance_loss. rms_norm, gumbel_softmax and
// triplet_margin_with_distance_loss are Python/composite functions in PyTorch too, written here
// with the same ops in the same order; pdist is a composite here (PyTorch: PdistBackward0).

import { Tensor } from '../tensor/tensor.js';
import { float32, float64, int64, type DType } from '../tensor/dtype.js';
import { contiguousStrides } from '../tensor/shape.js';
import type { Generator } from '../tensor/generator.js';
import { genOf } from './random.js';
import { fillUniform } from '../tensor/random_fill.js';
import { emitWarning } from '../tensor/warn.js';
import { no_grad } from '../autograd/grad_mode.js';
import { apply, applyInplace, defineOp, type OpDef } from '../autograd/op.js';
import { pairwise_distance } from './distance.js';
import { fn, type OpSample } from './declare.js';

type T = Tensor;
type Reduction = 'none' | 'mean' | 'sum';

/** Python's bool is an int: true / false where a number goes are 1 / 0. */
const num = <V>(v: V): V => (typeof v === 'boolean' ? (Number(v) as V) : v);

const fmt = (s: readonly number[]): string => `[${s.join(', ')}]`;

/** numpy's finfo(dtype).eps. */
export function finfoEps(d: DType): number {
  return d === float32 ? 1.1920928955078125e-7 : d === float64 ? 2.220446049250313e-16 : 1.1920928955078125e-7;
}

// ---------------------------------------------------------------- rms_norm

export function rms_norm(
  input: T,
  normalized_shape: number | readonly number[],
  weight?: T | null,
  eps?: number | null,
): T {
  const shape = typeof normalized_shape === 'number' ? [normalized_shape] : [...normalized_shape];
  if (shape.length < 1) {
    throw new Error(
      `Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one element, but got normalized_shape = ${fmt(shape)}`,
    );
  }
  if (weight !== undefined && weight !== null && weight.shape.join() !== shape.join()) {
    throw new RangeError(
      `Expected weight to be of same shape as normalized_shape, but got weight of shape ${fmt(weight.shape)} and normalized_shape = ${fmt(shape)}`,
    );
  }
  const tail = input.shape.slice(input.dim() - shape.length);
  if (shape.length > input.dim() || tail.join() !== shape.join()) {
    throw new RangeError(
      `Given normalized_shape=${fmt(shape)}, expected input with shape [*, ${shape.join(', ')}], but got input of size${fmt(input.shape)}`,
    );
  }
  if (!input.dtype.is_floating_point) {
    throw new TypeError(`"rms_norm" not implemented for '${input.dtype.scalarType}'`);
  }
  const dims = shape.map((_, i) => input.dim() - shape.length + i);
  const e = num(eps) ?? finfoEps(input.dtype);
  const r = input.pow(2).mean(dims, true).add(e).rsqrt();
  let out = input.mul(r).type_as(input);
  if (weight !== undefined && weight !== null) out = out.mul(weight).type_as(out);
  return out;
}
export const functional_rms_norm = fn(
  'rms_norm(Tensor input, int[1] normalized_shape, Tensor? weight=None, float? eps=None)',
  (input: T, normalized_shape: number | readonly number[], weight?: T | null, eps?: number | null): T =>
    rms_norm(input, normalized_shape, weight, eps),
  {
    samples: (k): OpSample[] => [
      {
        name: 'rms_norm [3, 4] weight',
        inputs: () => [k.make([3, 4]), k.make([4], { salt: 1 })],
        fn: (x, w) => rms_norm(x, [4], w),
      },
    ],
  },
);

// ---------------------------------------------------------------- rrelu

const rreluOp = (node: string): OpDef<{ noise: T }> =>
  defineOp<{ noise: T }>({
    node,
    forward: ([x], { noise }) => no_grad(() => x.mul(noise)),
    backward: (g, _s, { args }) => [g.mul(args.noise)],
  });
const RRELU = rreluOp('RreluWithNoiseBackward0');
/** The in-place form's node (rrelu_with_noise_). */
const RRELU_ = rreluOp('RreluWithNoiseBackward1');

/** The noise of rrelu in training: a uniform draw in [lower, upper) for each element <= 0 (memory order), 1 elsewhere. */
function rreluNoise(x: T, lower: number, upper: number, g: Generator): T {
  const c = x.detach().contiguous();
  const data = c.to(float64)._data as Float64Array;
  const neg: number[] = [];
  for (let i = 0; i < data.length; i++) if (data[i] <= 0) neg.push(i);
  const draws = new Float64Array(neg.length);
  if (neg.length > 0) fillUniform(draws, true, lower, upper, g);
  const noise = new Float64Array(data.length).fill(1);
  neg.forEach((i, k) => (noise[i] = draws[k]));
  return Tensor._make(noise, [...x.shape], contiguousStrides(x.shape), 0, float64).to(x.dtype);
}

export function rreluImpl(
  input: T,
  lower = 1 / 8,
  upper = 1 / 3,
  training = false,
  inplace = false,
  generator: Generator | null = null,
): T {
  [lower, upper] = [num(lower), num(upper)];
  if (!input.dtype.is_floating_point) {
    // In eval, ATen runs leaky_relu (and its dtype dispatch).
    const kernel = training ? 'rrelu_with_noise_out_cpu' : 'leaky_relu_cpu';
    throw new TypeError(`"${kernel}" not implemented for '${input.dtype.scalarType}'`);
  }
  if (!(lower <= upper)) {
    throw new Error(`Lower bound should be less than or equal to the upper bound`);
  }
  let noise: T;
  if (training) noise = rreluNoise(input, lower, upper, genOf({ generator }));
  else {
    const slope = (lower + upper) / 2;
    noise = no_grad(() =>
      input
        .detach()
        .le(0)
        .to(input.dtype)
        .mul(slope - 1)
        .add(1),
    );
  }
  if (inplace) return applyInplace(RRELU_, input, [], { noise });
  return apply(RRELU, [input], { noise });
}
export const functional_rrelu = fn(
  'rrelu(Tensor input, float lower=0.125, float upper=0.3333333333333333, bool training=False, bool inplace=False)',
  (input: T, lower?: number, upper?: number, training?: boolean, inplace?: boolean): T =>
    rreluImpl(input, lower, upper, training, inplace),
  {
    samples: (k): OpSample[] => [
      { name: 'rrelu eval', inputs: () => [k.make([3, 4])], fn: (x) => rreluImpl(x, 0.1, 0.3, false) },
    ],
  },
);
export const functional_rrelu_ = fn(
  'rrelu_(Tensor input, float lower=0.125, float upper=0.3333333333333333, bool training=False)',
  (input: T, lower?: number, upper?: number, training?: boolean): T => rreluImpl(input, lower, upper, training, true),
);

/** torch.rrelu(input, lower, upper, training=False, generator=None) (no inplace argument). */
export const rrelu = fn(
  'rrelu(Tensor self, Scalar lower=0.125, Scalar upper=0.3333333333333333, bool training=False, Generator? generator=None)',
  (self: T, lower?: number, upper?: number, training?: boolean, generator?: Generator | null): T =>
    rreluImpl(self, lower, upper, training, false, generator),
);
export const rrelu_ = fn(
  'rrelu_(Tensor self, Scalar lower=0.125, Scalar upper=0.3333333333333333, bool training=False, Generator? generator=None)',
  (self: T, lower?: number, upper?: number, training?: boolean, generator?: Generator | null): T =>
    rreluImpl(self, lower, upper, training, true, generator),
);

// ---------------------------------------------------------------- gumbel_softmax

export function gumbel_softmax(logits: T, tau = 1, hard = false, eps = 1e-10, dim = -1): T {
  [tau, eps, dim] = [num(tau), num(eps), num(dim)];
  if (eps !== 1e-10) emitWarning('`eps` parameter is deprecated and has no effect.', 'UserWarning');
  const gumbels0 = no_grad(() => logits.detach().contiguous().clone())
    .exponential_()
    .log()
    .neg();
  const gumbels = logits.add(gumbels0).div(tau);
  const ySoft = gumbels.softmax(dim);
  if (!hard) return ySoft;
  const index = ySoft.max(dim, true)[1];
  const yHard = logits.detach().mul(0).scatter_(dim, index, 1.0);
  return yHard.sub(ySoft.detach()).add(ySoft);
}
export const functional_gumbel_softmax = fn(
  'gumbel_softmax(Tensor logits, float tau=1, bool hard=False, float eps=1e-10, int dim=-1)',
  (logits: T, tau?: number, hard?: boolean, eps?: number, dim?: number): T =>
    gumbel_softmax(logits, tau, hard, eps, dim),
);

// ---------------------------------------------------------------- pdist

export function pdistImpl(input: T, p = 2): T {
  p = num(p);
  if (input.dim() !== 2) throw new Error(`pdist only supports 2D tensors, got: ${input.dim()}D`);
  if (!input.dtype.is_floating_point) throw new Error('pdist only supports floating-point dtypes');
  if (!(p >= 0)) throw new Error('pdist only supports non-negative p values');
  const n = input.shape[0];
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      a.push(i);
      b.push(j);
    }
  }
  const idx = (v: number[]): T => Tensor._make(Float64Array.from(v), [v.length], [1], 0, float64).to(int64);
  if (a.length === 0) return input.new_zeros([0]);
  const diff = input.index_select(0, idx(a)).sub(input.index_select(0, idx(b)));
  // p = 0 counts the nonzero differences: its gradient is zero (as PyTorch's PdistBackward0 gives).
  if (p === 0) return diff.mul(0).sum(1).add(diff.detach().ne(0).sum(1).to(input.dtype));
  return diff.norm(p, 1);
}
export const functional_pdist = fn('pdist(Tensor input, float p=2)', (input: T, p?: number): T => pdistImpl(input, p), {
  samples: (k): OpSample[] => [{ name: 'pdist [4, 3]', inputs: () => [k.make([4, 3])], fn: (x) => pdistImpl(x) }],
});
export const pdist = fn('pdist(Tensor input, float p=2)', (input: T, p?: number): T => pdistImpl(input, p));

// ---------------------------------------------------------------- triplet_margin_with_distance_loss

export function triplet_margin_with_distance_loss(
  anchor: T,
  positive: T,
  negative: T,
  opts: {
    distance_function?: ((a: T, b: T) => T) | null;
    margin?: number;
    swap?: boolean;
    reduction?: Reduction;
  } = {},
): T {
  const margin = num(opts.margin ?? 1);
  const swap = opts.swap ?? false;
  const reduction = opts.reduction ?? 'mean';
  const given = opts.distance_function ?? null;
  if (given !== null && typeof given !== 'function') {
    const type = Array.isArray(given) ? 'Array' : typeof given;
    throw new TypeError(
      `triplet_margin_with_distance_loss(): argument 'distance_function' must be a function or None, not ${type}`,
    );
  }
  const dist = given ?? ((x: T, y: T): T => pairwise_distance(x, y));
  const distPos = dist(anchor, positive);
  let distNeg = dist(anchor, negative);
  if (swap) distNeg = distNeg.minimum(dist(positive, negative));
  const loss = distPos.sub(distNeg).add(margin).clamp(0);
  if (reduction === 'mean') return loss.mean();
  if (reduction === 'sum') return loss.sum();
  if (reduction === 'none') return loss;
  throw new Error(`${String(reduction)} is not a valid value for reduction`);
}
export const functional_triplet_margin_with_distance_loss = fn(
  "triplet_margin_with_distance_loss(Tensor anchor, Tensor positive, Tensor negative, *, Any distance_function=None, float margin=1.0, bool swap=False, str reduction='mean')",
  (anchor: T, positive: T, negative: T, opts?: Parameters<typeof triplet_margin_with_distance_loss>[3]): T =>
    triplet_margin_with_distance_loss(anchor, positive, negative, opts),
  {
    samples: (k): OpSample[] => [
      {
        name: 'triplet_margin_with_distance_loss swap',
        inputs: () => [k.make([3, 4]), k.make([3, 4], { salt: 1 }), k.make([3, 4], { salt: 2 })],
        fn: (a, p, n) => triplet_margin_with_distance_loss(a, p, n, { swap: true }),
      },
    ],
  },
);
