// PyTorch's aliases beside the ops they alias (greater, less, ...), the in-place comparisons (eq_,
// ...), broadcast_shapes and set_num_threads' check (fixtures from tests/oracle/aliases.py), and the
// thread count round trip.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import { loadFixture } from './helpers.js';
import { replayCases, type OpCase } from './replay.js';

replayCases('aliases', loadFixture<OpCase>('aliases'));

test('set_num_threads then get_num_threads reads it back', () => {
  const before = torch.get_num_threads();
  assert.ok(Number.isInteger(before) && before >= 1, `get_num_threads() = ${before}`);
  try {
    torch.set_num_threads(1);
    assert.equal(torch.get_num_threads(), 1);
  } finally {
    torch.set_num_threads(before);
  }
  assert.equal(torch.get_num_threads(), before);
});
