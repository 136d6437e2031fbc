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

it('conv2d weight gradient summed in slices over a long batch matches the sum over halves', () => {
  torch.manual_seed(4);
  // N·OH·OW = 64·16·16: the gradient's sum runs in slices; each half of the batch does not.
  const x = torch.randn([64, 3, 18, 18], { dtype: torch.float64 });
  const w = torch.randn([5, 3, 3, 3], { dtype: torch.float64 }).requires_grad_(true);
  const g = torch.randn([64, 5, 16, 16], { dtype: torch.float64 });
  const [whole] = torch.autograd.grad(F.conv2d(x, w), w, { grad_outputs: g }) as torch.Tensor[];
  const halves = [0, 32].map((n0) => {
    const y = F.conv2d(x.narrow(0, n0, 32), w);
    return (torch.autograd.grad(y, w, { grad_outputs: g.narrow(0, n0, 32) }) as torch.Tensor[])[0];
  });
  const want = halves[0].add(halves[1]).toTypedArray();
  const got = whole.toTypedArray();
  for (let i = 0; i < want.length; i++)
    assert.ok(Math.abs(got[i] - want[i]) <= 1e-9 * (1 + Math.abs(want[i])), `element ${i}`);
});

it('conv2d input gradient computed in slices of the batch matches the recorded one', () => {
  torch.manual_seed(5);
  const cases = [
    { x: [40, 16, 12, 12], w: [32, 16, 5, 5], opts: {} },
    { x: [30, 4, 15, 13], w: [6, 2, 3, 2], opts: { stride: [2, 1], padding: [1, 2], dilation: [1, 2], groups: 2 } },
  ];
  for (const c of cases) {
    const x = torch.randn(c.x).requires_grad_(true);
    const w = torch.randn(c.w);
    const y = F.conv2d(x, w, null, c.opts);
    const g = torch.randn(y.shape);
    const [sliced] = torch.autograd.grad(y, x, { grad_outputs: g, retain_graph: true }) as torch.Tensor[];
    const [recorded] = torch.autograd.grad(y, x, { grad_outputs: g, create_graph: true }) as torch.Tensor[];
    assert.deepEqual(sliced.toTypedArray(), recorded.toTypedArray());
  }
});
