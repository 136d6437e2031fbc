// Op-database rows for elementwise computations that are not one declared unary op (those declare
// their samples in src/api/pointwise.ts). Input domains keep away from kinks and poles: floor/round/trunc inside (0, 1), fmod/remainder where a / b stays in one integer
// interval, abs/relu/sign away from 0, log/sqrt on positives, acosh above 1.

import * as torch from '../../src/index.js';
import { binary, inplace, make, unary, values } from './inputs.js';
import type { OpSample } from './types.js';

export const rows: OpSample[] = [
  // ---------------------------------------------------------------- unary
  ...unary('square', (x) => x.square()),
  ...unary('silu', (x) => torch.nn.functional.silu(x), [-3, 3]),
  ...unary('gelu', (x) => torch.nn.functional.gelu(x), [-3, 3]),
  ...[1, 2, 3].flatMap((n) => unary(`polygamma ${n}`, (x) => torch.polygamma(n, x), [0.3, 3])),
  { name: 'polygamma 1 negative', inputs: () => [values([-2.7, -1.6, -0.4], [3])], fn: (x) => torch.polygamma(1, x) },
  ...unary('logit', (x) => x.logit(), [0.1, 0.9]),
  // Values clamped by eps get a zero gradient (none sits on a clamp boundary).
  { name: 'logit eps', inputs: () => [values([0.05, 0.1, 0.3, 0.5, 0.7, 0.95], [2, 3])], fn: (x) => x.logit(0.2) },
  { name: 'special.ndtr', inputs: () => [make([2, 3], { lo: -3, hi: 3 })], fn: (x) => torch.special.ndtr(x) },
  { name: 'logit_ eps', inputs: () => [values([0.05, 0.3, 0.7], [3])], fn: (x) => x.clone().logit_(0.2) },
  ...unary('pow scalar 3', (x) => x.pow(3)),
  ...unary('pow scalar 0', (x) => x.pow(0)),
  ...unary('pow scalar -1.5', (x) => x.pow(-1.5), [0.3, 2]),
  ...unary('pow scalar 0.5', (x) => x.pow(0.5), [0.3, 2]),
  ...unary('pow scalar base 2.5', (x) => torch.pow(2.5, x)),
  ...unary('to copy', (x) => x.to(torch.float64, { copy: true })),
  ...unary('clamp scalar both', (x) => x.clamp(-0.5, 0.5)),
  ...unary('clamp scalar min', (x) => x.clamp({ min: -0.5 })),
  ...unary('clamp_max scalar', (x) => x.clamp_max(0.5)),
  ...unary('add scalar alpha', (x) => x.add(1.5, { alpha: 2 })),
  ...unary('sub scalar', (x) => torch.sub(x, 0.5)),
  ...unary('rsub scalar', (x) => torch.sub(1, x)),
  ...unary('mul scalar', (x) => x.mul(-1.5)),
  ...unary('div scalar', (x) => x.div(0.7)),
  ...unary('scalar div', (x) => torch.div(2, x), [0.3, 2]),
  ...unary('fmod scalar', (x) => x.fmod(1.5), [0.1, 1.4]),
  ...unary('remainder scalar', (x) => x.remainder(1.5), [-1.4, -0.1]),
  ...unary('lerp scalar end', (x) => torch.lerp(x, torch.zeros([], { dtype: torch.float64 }), 0.3)),

  // ---------------------------------------------------------------- binary
  ...binary('add', (a, b) => a.add(b)),
  ...binary('add alpha', (a, b) => a.add(b, { alpha: -0.5 })),
  ...binary('sub', (a, b) => a.sub(b)),
  ...binary('sub alpha', (a, b) => a.sub(b, { alpha: 3 })),
  ...binary('rsub', (a, b) => torch.rsub(a, b, { alpha: 2 })),
  ...binary('mul', (a, b) => a.mul(b)),
  ...binary('div', (a, b) => a.div(b), [-2, 2], [0.5, 2]),
  ...binary('div floor', (a, b) => a.div(b, { rounding_mode: 'floor' }), [0.1, 0.9], [1.5, 2]),
  ...binary('pow', (a, b) => a.pow(b), [0.5, 2], [-2, 2]),
  ...binary('atan2', (a, b) => a.atan2(b), [-2, 2], [0.5, 2]),
  ...binary('maximum', (a, b) => a.maximum(b)),
  ...binary('minimum', (a, b) => a.minimum(b)),
  ...binary('fmod', (a, b) => a.fmod(b), [0.1, 0.9], [1.5, 2]),
  ...binary('remainder', (a, b) => a.remainder(b), [-0.9, -0.1], [1.5, 2]),
  ...binary('lerp scalar weight', (a, b) => a.lerp(b, 0.3)),
  ...binary('lerp large weight', (a, b) => a.lerp(b, 0.8)),
  ...binary('clamp_min tensor', (a, b) => a.clamp_min(b)),
  ...binary('clamp_max tensor', (a, b) => a.clamp_max(b)),
  ...binary('where', (a, b) => torch.where(a.detach().gt(0), a, b)),
  {
    name: 'where scalar other',
    inputs: () => [make([2, 3])],
    fn: (a) => torch.where(a.detach().gt(0), a, 0.5),
  },
  {
    name: 'clamp tensor bounds',
    inputs: () => [make([2, 4]), make([4], { lo: -1, hi: 0, salt: 1 }), make([2, 1], { lo: 0.1, hi: 1, salt: 2 })],
    fn: (x, lo, hi) => x.clamp(lo, hi),
  },
  {
    name: 'clamp tensor min > max',
    inputs: () => [make([3]), make([3], { lo: 1, hi: 2, salt: 1 }), make([3], { lo: -2, hi: -1, salt: 2 })],
    fn: (x, lo, hi) => torch.clamp(x, lo, hi),
  },
  {
    name: 'lerp tensor weight',
    inputs: () => [make([2, 3]), make([3], { salt: 1 }), make([2, 1], { lo: 0, hi: 1, salt: 2 })],
    fn: (a, b, w) => a.lerp(b, w),
  },
  {
    name: 'lerp 0-d weight',
    inputs: () => [make([3]), make([3], { salt: 1 }), make([], { lo: 0.6, hi: 1, salt: 2 })],
    fn: (a, b, w) => torch.lerp(a, b, w),
  },

  // ---------------------------------------------------------------- in place (on a copy)
  ...binary('xlogy', (a, b) => torch.xlogy(a, b), [-2, 2], [0.5, 2]),
  {
    name: 'xlogy zero self',
    inputs: () => [values([0, 0.5, 0, -1.2]), values([0.7, 1.3, 2.1, 0.4])],
    fn: (a, b) => torch.xlogy(a, b),
  },
  { name: 'xlogy scalar self', inputs: () => [make([2, 3], { lo: 0.5, hi: 2 })], fn: (x) => torch.xlogy(2.5, x) },
  { name: 'xlogy scalar other', inputs: () => [make([2, 3])], fn: (x) => torch.xlogy(x, 3) },
  ...inplace('xlogy_', (a, b) => a.clone().xlogy_(b), [-2, 2], [0.5, 2]),
  ...inplace('add_', (a, b) => a.clone().add_(b, { alpha: 2 })),
  ...inplace('sub_', (a, b) => a.clone().sub_(b)),
  ...inplace('mul_', (a, b) => a.clone().mul_(b)),
  ...inplace('div_', (a, b) => a.clone().div_(b), [-2, 2], [0.5, 2]),
  ...inplace('pow_', (a, b) => a.clone().pow_(b), [0.5, 2], [-2, 2]),
  ...inplace('atan2_', (a, b) => a.clone().atan2_(b), [-2, 2], [0.5, 2]),
  ...inplace('lerp_', (a, b) => a.clone().lerp_(b, 0.25)),
  ...inplace('copy_', (a, b) => a.mul(2).copy_(b)),
  ...unary('pow_ scalar', (x) => x.clone().pow_(2)),
  ...unary('clamp_', (x) => x.clone().clamp_(-0.5, 0.5)),
  ...unary('mul_ scalar twice', (x) => x.clone().mul_(2).mul_(x)),
  ...unary('zero_ then add', (x) => x.clone().zero_().add(x)),
  {
    name: 'fill_ tensor value',
    inputs: () => [make([2, 3]), make([], { salt: 1 })],
    fn: (x, v) => x.mul(2).fill_(v),
  },
  {
    name: 'in-place on a view of a non-leaf',
    inputs: () => [make([3, 4])],
    fn: (x) => {
      const y = x.mul(1);
      y.index(':', '1:3').mul_(2);
      return y;
    },
  },
];
