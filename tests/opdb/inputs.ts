// Deterministic float64 inputs for op-database rows (no RNG, so rows never depend on seeding).

import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

/** Values spread over [lo, hi], deterministic per (shape, salt). */
export function make(shape: number[], opts?: { lo?: number; hi?: number; salt?: number; grad?: boolean }): Tensor {
  const lo = opts?.lo ?? -2;
  const hi = opts?.hi ?? 2;
  const salt = opts?.salt ?? 0;
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = (Math.sin(12.9898 * (i + 1) + 78.233 * (salt + 1)) * 43758.5453) % 1;
    data[i] = lo + (hi - lo) * Math.abs(u);
  }
  const t = torch.from_typed_array(data, shape, torch.float64);
  return opts?.grad === false ? t : t.requires_grad_(true);
}

/** A non-contiguous input: made transposed, then transposed back to `shape` (2-D). */
export function transposed(shape: [number, number], opts?: { lo?: number; hi?: number; salt?: number }): Tensor {
  const base = make([shape[1], shape[0]], { ...opts, grad: false }).t();
  return base.requires_grad_(true);
}
