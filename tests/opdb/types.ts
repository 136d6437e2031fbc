// The op database: one row per differentiable op and input configuration. Every row is swept by
// tests/gradcheck_sweep.test.ts (gradcheck in float64; gradgradcheck unless `gradgrad: false`).
// Each op family keeps its rows in its own file here (pointwise.ts, reduce.ts, view.ts, ...).

import type { Tensor } from '../../src/index.js';

export interface OpSample {
  /** 'exp', 'sum dim=1 keepdim', 'matmul broadcast' ... (unique within the database). */
  name: string;
  /** Makes fresh float64 inputs; those that should be differentiated have requires_grad set. */
  inputs: () => Tensor[];
  /** The computation under test. */
  fn: (...xs: Tensor[]) => Tensor | Tensor[];
  /** Set false (with a reason in `why`) to skip the second-order check. */
  gradgrad?: boolean;
  why?: string;
}
