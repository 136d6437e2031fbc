// conv2d's forward slices a large batch when no backward needs its columns (evaluation): the
// result must equal the unsliced forward's bit for bit, with padding, stride, dilation and groups.

import { it } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';

const F = torch.nn.functional;

it('conv2d gives the same output with and without batch slicing', () => {
  torch.manual_seed(3);
  const cases = [
    { x: [300, 2, 20, 20], w: [4, 2, 5, 5], opts: {} },
    { x: [900, 4, 15, 13], w: [6, 2, 3, 2], opts: { stride: [2, 1], padding: [1, 2], dilation: [1, 2], groups: 2 } },
  ];
  for (const c of cases) {
    const x = torch.randn(c.x);
    const w = torch.randn(c.w).requires_grad_(true);
    const b = torch.randn(c.w[0]);
    const whole = F.conv2d(x, w, b, c.opts).detach();
    const sliced = torch.no_grad(() => F.conv2d(x, w, b, c.opts));
    assert.deepEqual(sliced.shape, whole.shape);
    assert.deepEqual(sliced.toTypedArray(), whole.toTypedArray());
  }
});
