// Op-database rows for F.scaled_dot_product_attention (src/ops/attention.ts): no mask, causal,
// boolean and float masks (the float mask differentiated too), a custom scale, and 4-D inputs
// with a mask broadcast over heads. Boolean masks keep key 0 for every query, so no row is all -inf.

import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { make } from './inputs.js';
import type { OpSample } from './types.js';

const F = torch.nn.functional;
const sdpa = F.scaled_dot_product_attention;
const qkv = (): Tensor[] => [make([2, 3, 4]), make([2, 5, 4], { salt: 1 }), make([2, 5, 3], { salt: 2 })];
const keep = (): Tensor =>
  torch.tensor([
    [true, false, true, true, false],
    [true, true, false, false, true],
    [true, false, false, true, true],
  ]);

export const rows: OpSample[] = [
  { name: 'scaled_dot_product_attention', inputs: qkv, fn: (q, k, v) => sdpa(q, k, v) },
  {
    name: 'scaled_dot_product_attention is_causal',
    inputs: qkv,
    fn: (q, k, v) => sdpa(q, k, v, { is_causal: true }),
  },
  {
    name: 'scaled_dot_product_attention bool mask',
    inputs: qkv,
    fn: (q, k, v) => sdpa(q, k, v, keep()),
  },
  {
    name: 'scaled_dot_product_attention float mask scale',
    inputs: () => [...qkv(), make([2, 3, 5], { salt: 3 })],
    fn: (q, k, v, m) => sdpa(q, k, v, m, 0, false, { scale: 0.7 }),
  },
  {
    name: 'scaled_dot_product_attention 4d transposed key',
    inputs: () => [make([2, 2, 3, 4]), make([2, 2, 4, 5], { salt: 1 }), make([2, 2, 5, 3], { salt: 2 })],
    fn: (q, kT, v) => sdpa(q, kT.transpose(-2, -1), v, make([2, 1, 3, 5], { salt: 4, grad: false })),
  },
];
