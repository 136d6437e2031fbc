// The op database: one row per differentiable op and input configuration. Every row is swept by
// tests/gradcheck_sweep.test.ts (gradcheck in float64; gradgradcheck unless `gradgrad: false`).
// Rows come from the declarations' own samples (`samples` in src/ops/declare.ts); computations
// that are not one declared op (compositions, nn modules, autograd features) keep their rows in
// the family files here (reduce.ts, view.ts, ...).

export type { OpSample } from '../../src/ops/declare.js';
