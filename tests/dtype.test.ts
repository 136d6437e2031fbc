// dtypes and type promotion against PyTorch (fixtures from tests/oracle/dtype.py): promote_types,
// result_type and can_cast over every pair, each op kind's result dtype over tensor / 0-d tensor /
// scalar operands, and the default dtype's effect.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import { loadFixture } from './helpers.js';
import { replayCases, type OpCase } from './replay.js';

const cases = loadFixture<OpCase>('dtype');

replayCases('dtype', cases);

test('dtype attributes', () => {
  assert.equal(String(torch.float32), 'torch.float32');
  assert.equal(torch.float, torch.float32);
  assert.equal(torch.double, torch.float64);
  assert.equal(torch.long, torch.int64);
  assert.equal(torch.int, torch.int32);
  assert.equal(torch.float32.is_floating_point, true);
  assert.equal(torch.int64.is_floating_point, false);
  assert.equal(torch.bool.is_signed, false);
  assert.equal(torch.int32.is_signed, true);
  assert.equal(torch.float64.is_complex, false);
});
