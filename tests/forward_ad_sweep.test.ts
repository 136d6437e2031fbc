// Sweeps every row of the op database (tests/opdb/) through gradcheck in forward mode: the
// Jacobian from each op's JVP rule must match finite differences.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import { allRows } from './opdb/index.js';

const rows = await allRows();

/**
 * The sweep checks backend-independent rules (the ops' kernels are the ones gradcheck_sweep.test.ts
 * runs on both backends), so it runs once per suite, on the TypeScript backend; set
 * TENSORGRAD_FULL_SWEEPS=1 to run it on the native backend too.
 */
const skip =
  process.env.TENSORGRAD_BACKEND === 'native' && process.env.TENSORGRAD_FULL_SWEEPS !== '1'
    ? 'runs on the TypeScript backend (TENSORGRAD_FULL_SWEEPS=1 for both)'
    : false;

for (const row of rows) {
  test(`forward-mode gradcheck ${row.name}`, { skip }, () => {
    assert.equal(
      torch.autograd.gradcheck(row.fn, row.inputs(), { check_forward_ad: true, check_backward_ad: false }),
      true,
    );
  });
}
