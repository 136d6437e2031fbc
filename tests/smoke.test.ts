// The basics, end to end: seed 000's first cells.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';

test('sum backward accumulates across calls (seed 000)', () => {
  // y = sum(x): dy/dx = 1 everywhere; three backward calls accumulate to 3.
  const x = torch.autograd.Variable(torch.ones(2, 2), { requires_grad: true });
  const y = x.sum();
  assert.equal(String(y), 'tensor(4., grad_fn=<SumBackward0>)');
  y.backward();
  y.backward();
  y.backward();
  assert.equal(String(x.grad), 'tensor([[3., 3.],\n        [3., 3.]])');
});
