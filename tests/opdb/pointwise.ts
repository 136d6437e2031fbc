// Op-database rows for elementwise computations that are not one declared op: the activations
// torch.nn.functional declares, the conversions and fills, and in-place autograd on views. The
// declared elementwise ops keep their samples in their declarations (src/ops/pointwise/).

import * as torch from '../../src/index.js';
import { inplace, make, unary } from './inputs.js';
import type { OpSample } from './types.js';

export const rows: OpSample[] = [
  ...unary('silu', (x) => torch.nn.functional.silu(x), [-3, 3]),
  ...unary('gelu', (x) => torch.nn.functional.gelu(x), [-3, 3]),
  { name: 'special.ndtr', inputs: () => [make([2, 3], { lo: -3, hi: 3 })], fn: (x) => torch.special.ndtr(x) },
  ...unary('to copy', (x) => x.to(torch.float64, { copy: true })),
  ...inplace('copy_', (a, b) => a.mul(2).copy_(b)),
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
