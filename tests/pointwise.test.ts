// Elementwise ops against PyTorch (fixtures from tests/oracle/pointwise.py): values, dtypes,
// grad_fn names, input gradients, in-place semantics and error texts; the special functions' accuracy
// against mpmath.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import { loadFixture } from './helpers.js';
import { replayCases, type OpCase } from './replay.js';

const cases = loadFixture<OpCase>('pointwise');

replayCases('pointwise', cases);

// Special functions against mpmath (tests/oracle/special_accuracy.py), in ulps of the reference.
// lgamma, digamma and polygamma cancel near their zeros, so there the error is measured against
// max(|ref|, 1) instead (an absolute 2^-52).
interface AccuracyCase {
  name: string;
  fn: 'erfc' | 'erfinv' | 'lgamma' | 'digamma' | 'polygamma';
  n?: number;
  x: number[];
  ref: number[];
}

const MAX_ULPS: Record<AccuracyCase['fn'], { ulps: number; absFloor: boolean }> = {
  erfc: { ulps: 4, absFloor: false },
  erfinv: { ulps: 4, absFloor: false },
  lgamma: { ulps: 4, absFloor: true },
  digamma: { ulps: 6, absFloor: true },
  polygamma: { ulps: 16, absFloor: true },
};

function ulp(v: number): number {
  const a = Math.abs(v);
  return a < 2 ** -1022 ? 2 ** -1074 : 2 ** (Math.floor(Math.log2(a)) - 52);
}

for (const c of loadFixture<AccuracyCase>('pointwise_special_accuracy')) {
  test(`${c.name} within ${MAX_ULPS[c.fn].ulps} ulp of mpmath`, () => {
    const x = torch.tensor(c.x, { dtype: torch.float64 });
    const got = (c.fn === 'polygamma' ? torch.polygamma(c.n ?? 0, x) : x[c.fn]()).toTypedArray();
    const { ulps, absFloor } = MAX_ULPS[c.fn];
    c.ref.forEach((want, i) => {
      const unit = absFloor ? Math.max(ulp(want), 2 ** -52) : ulp(want);
      const err = Math.abs(got[i] - want) / unit;
      assert.ok(err <= ulps, `${c.name}(${c.x[i]}) = ${got[i]}, mpmath ${want}: ${err.toFixed(1)} ulp`);
    });
  });
}
