// Sweeps every row of the op database (tests/opdb/) through gradcheck in forward mode: the
// Jacobian from each op's JVP rule must match finite differences.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import { allRows } from './opdb/index.js';

const rows = await allRows();

for (const row of rows) {
  test(`forward-mode gradcheck ${row.name}`, () => {
    assert.equal(
      torch.autograd.gradcheck(row.fn, row.inputs(), { check_forward_ad: true, check_backward_ad: false }),
      true,
    );
  });
}
