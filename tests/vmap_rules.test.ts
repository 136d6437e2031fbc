// vmap runs the common training ops as batched kernels, not once per example: after mapping
// each program over a batch, no op has used the per-example fallback (functorch's warning).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { fallbacks } from '../src/ops/vmap.js';

const F = torch.nn.functional;
type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

torch.manual_seed(0);
const x = torch.randn(4, 3, 5);
const w = torch.randn(6, 5);
const b = torch.randn(6);
const img = torch.randn(4, 2, 3, 8, 8);
const kernel = torch.randn(4, 3, 3, 3);
const labels = torch.tensor([1, 0, 2, 1], { dtype: torch.int64 });

const programs: Record<string, (...a: Any[]) => Tensor> = {
  'elementwise and views': (a) => a.sin().mul(a.exp()).add(1).t().reshape(15).unsqueeze(0).squeeze(),
  reductions: (a) => torch.stack([a.sum(1), a.mean(1), a.var(1), a.amax(1), a.logsumexp(1), a.prod(1)]),
  'linear, relu, softmax': (a) => F.linear(a, w, b).relu().softmax(-1).log_softmax(0),
  'cross_entropy and mse_loss': (a, y) => F.cross_entropy(F.linear(a, w, b), y.expand(3)).add(F.mse_loss(a, a.mul(2))),
  layer_norm: (a) => F.layer_norm(a, [5]),
  'matmul, bmm, cat': (a) => torch.cat([a.matmul(a.t()), torch.bmm(a.unsqueeze(0), a.t().unsqueeze(0)).squeeze(0)], 1),
};

for (const [name, f] of Object.entries(programs)) {
  test(`vmap batches ${name}`, () => {
    fallbacks.clear();
    torch.func.vmap(f)(x, labels);
    assert.deepEqual([...fallbacks], []);
  });
}

test('vmap batches conv2d and per-sample grads of a conv net', () => {
  fallbacks.clear();
  const loss = (k: Tensor, xi: Tensor): Tensor => F.conv2d(xi, k, { padding: 1 }).relu().mean();
  const g = torch.func.vmap(torch.func.grad(loss), { in_dims: [null, 0] })(kernel, img) as Tensor;
  assert.deepEqual([...g.shape], [4, 4, 3, 3, 3]);
  assert.deepEqual([...fallbacks], []);
  const g1 = torch.func.grad(loss)(kernel, img.select(0, 1)) as Tensor;
  assert.ok(torch.allclose(g.select(0, 1), g1, { rtol: 1e-5, atol: 1e-6 }));
});

test('vmap batches gather, index_select and embedding', () => {
  const table = torch.randn(10, 4);
  const idx = torch.tensor(
    [
      [1, 3],
      [0, 9],
      [4, 4],
      [7, 2],
    ],
    { dtype: torch.int64 },
  );
  fallbacks.clear();
  const a = torch.func.vmap((i: Tensor) => F.embedding(i, table))(idx) as Tensor;
  const b = torch.func.vmap((i: Tensor) => table.index_select(0, i))(idx) as Tensor;
  const c = torch.func.vmap((t: Tensor, i: Tensor) => t.gather(0, i.unsqueeze(1).expand(2, 4)), { in_dims: [null, 0] })(
    table,
    idx,
  ) as Tensor;
  const d = torch.func.vmap((xi: Tensor) => xi.index_select(1, torch.tensor([4, 0], { dtype: torch.int64 })))(
    x,
  ) as Tensor;
  assert.deepEqual([...fallbacks], []);
  for (let k = 0; k < 4; k++) {
    const want = table.index_select(0, idx.select(0, k));
    assert.ok(torch.equal(a.select(0, k), want));
    assert.ok(torch.equal(b.select(0, k), want));
    assert.ok(torch.equal(c.select(0, k), want));
    assert.ok(
      torch.equal(d.select(0, k), x.select(0, k).index_select(1, torch.tensor([4, 0], { dtype: torch.int64 }))),
    );
  }
});
