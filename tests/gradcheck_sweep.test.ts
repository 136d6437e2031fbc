// Sweeps every row of the op database (tests/opdb/) through gradcheck and gradgradcheck.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import { allRows } from './opdb/index.js';

const rows = await allRows();

test(`op database has rows (${rows.length})`, () => {
  assert.ok(rows.length > 0);
  const names = new Set(rows.map((r) => r.name));
  assert.equal(names.size, rows.length, 'row names must be unique');
});

for (const row of rows) {
  test(`gradcheck ${row.name}`, () => {
    assert.equal(torch.autograd.gradcheck(row.fn, row.inputs()), true);
  });
  if (row.gradgrad !== false) {
    test(`gradgradcheck ${row.name}`, () => {
      assert.equal(torch.autograd.gradgradcheck(row.fn, row.inputs()), true);
    });
  }
}
