// Op-database rows for the softmax activations torch.nn.functional declares. The declared
// reductions, scans and softmax methods keep their samples in their declarations
// (src/ops/reduce.ts, minmax.ts, moments.ts, ...): inputs from make() are distinct and away from 0 unless a row is about ties
// or zeros; extrema rows rely on a unique extremum (finite differences cross no kink).

import * as torch from '../../src/index.js';
import { make } from './inputs.js';
import type { OpSample } from './types.js';

export const rows: OpSample[] = [
  { name: 'F.softmax dim=-1', inputs: () => [make([2, 3, 4])], fn: (x) => torch.nn.functional.softmax(x, -1) },
  {
    name: 'F.log_softmax dtype float64',
    inputs: () => [make([3, 4])],
    fn: (x) => torch.nn.functional.log_softmax(x, { dim: 1, dtype: torch.float64 }),
  },
];
