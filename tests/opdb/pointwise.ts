// Op-database rows for elementwise ops (src/ops/pointwise.ts).

import type { Tensor } from '../../src/index.js';
import { make, transposed } from './inputs.js';
import type { OpSample } from './types.js';

const unary = (name: string, fn: (x: Tensor) => Tensor, lo = -2, hi = 2): OpSample[] => [
  { name: `${name} [3, 4]`, inputs: () => [make([3, 4], { lo, hi })], fn },
  { name: `${name} 0-d`, inputs: () => [make([], { lo, hi })], fn },
  { name: `${name} transposed`, inputs: () => [transposed([4, 3], { lo, hi })], fn },
];

export const rows: OpSample[] = [
  ...unary('exp', (x) => x.exp()),
  ...unary('log', (x) => x.log(), 0.5, 3),
  ...unary('sin', (x) => x.sin()),
  ...unary('tanh', (x) => x.tanh()),
  ...unary('sigmoid', (x) => x.sigmoid()),
  {
    name: 'mul broadcast',
    inputs: () => [make([3, 4]), make([4], { salt: 1 })],
    fn: (a, b) => a.mul(b),
  },
  {
    name: 'div broadcast',
    inputs: () => [make([2, 3]), make([2, 1], { lo: 0.5, hi: 2, salt: 2 })],
    fn: (a, b) => a.div(b),
  },
];
