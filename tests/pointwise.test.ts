// Elementwise ops against PyTorch (fixtures from tests/oracle/pointwise.py): values, dtypes,
// grad_fn names, input gradients, in-place semantics and error texts.

import { test } from 'node:test';
import { loadFixture } from './helpers.js';
import { pythonBindingOnly, replay, type OpCase } from './replay.js';

const cases = loadFixture<OpCase>('pointwise');

for (const c of cases) {
  if (pythonBindingOnly(c)) continue;
  test(c.name, () => replay(c));
}
