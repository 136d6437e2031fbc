// vmap runs the common training ops as batched kernels, not once per example: after mapping
// each program over a batch, no op has used the per-example fallback (functorch's warning).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { fallbacks } from '../src/ops/vmap.js';
import { runCases } from './autograd_fixture.js';

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
  'dtype conversion and tanh gradients': (a) =>
    (torch.func.grad((t: Tensor) => t.tanh().sum())(a) as Tensor).add(a.double().float()),
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

// Each program runs batched (no fallback) and matches the per-example loop: max/min(dim), argmax,
// sort/topk/kthvalue/median(dim) (batched in their functions), norms, scans, flip/roll/rot90/
// repeat/tril, split, advanced indexing with shared or per-example (batched) index tensors.
const long = (v: number[]): Tensor => torch.tensor(v, { dtype: torch.int64 });
const xd = torch.randn(4, 3, 5, { dtype: torch.float64 });
const idx = torch.tensor(
  [
    [0, 2],
    [1, 1],
    [2, 0],
    [0, 0],
  ],
  { dtype: torch.int64 },
);
/** Per-example masks (comparisons are not batched yet: made outside vmap). */
const md = torch.randn(4, 3, 5).gt(0);
const looped: Record<string, (a: Any, i: Any, m: Any) => Tensor> = {
  'max(dim), min(dim), max(), min()': (a) =>
    torch.stack([a.max(1).values.sum(), a.min(0, true).values.sum(), a.max(), a.min()]),
  'argmax, argmin': (a) =>
    torch.stack([a.argmax(), a.argmin(1).sum(), a.argmax(null, true).sum(), a.argmin(0, true).sum()]),
  'sort, topk, kthvalue, median(dim)': (a) =>
    a
      .sort(1)
      .values.add(a.sort(0, true).indices.sum())
      .add(a.topk(2, 0).values.sum(0).narrow(0, 0, 1))
      .add(a.kthvalue(2, 1).values.unsqueeze(1))
      .add(a.median(1).values.unsqueeze(1))
      .add(a.nanmedian(0, true).values.sum()),
  norms: (a) => torch.stack([a.norm(), a.norm(1), a.norm(3, 1).sum(), a.norm(Infinity, 0).sum(), a.norm(0)]),
  'cumsum, cumprod': (a) => a.cumsum(1).add(a.cumprod(0)),
  'flip, roll, rot90, repeat, tril, triu': (a) =>
    a
      .flip(0)
      .add(a.roll(1, 1))
      .add(a.roll(2))
      .sum(1)
      .add(a.rot90(1, [0, 1]).sum(1).narrow(0, 0, 3))
      .add(a.tril().sum(1))
      .add(a.triu(1).sum(1))
      .add(a.repeat(2, 1, 2).sum([0, 2])),
  'split, split_with_sizes': (a) => torch.cat(a.split(2, 1).reverse(), 1).add(torch.cat(a.split([1, 2], 0), 0)),
  'index and take with shared indices': (a) =>
    torch.cat([
      a.index(long([2, 0])).reshape(-1),
      a.index(':', long([4, 0])).reshape(-1),
      a
        .unsqueeze(2)
        .index(long([1, 0]), ':', long([0, 0]))
        .reshape(-1),
      a.index(long([1, 0]), long([0, 3])),
      a.take(long([0, -1, 7, 3])),
    ]),
  'scatter, scatter_add, index_add, index_fill, index_copy': (a) =>
    torch
      .zeros(3, 5, { dtype: torch.float64 })
      .scatter(1, long([0, 2, 4]).unsqueeze(1), a)
      .add(a.scatter(0, long([1, 0, 2, 1, 0]).unsqueeze(0), 2.0))
      .add(a.scatter_add(1, long([0, 0, 1, 1, 2, 3]).reshape([3, 2]), a.narrow(1, 0, 2)))
      .add(a.index_add(1, long([0, 2]), a.narrow(1, 1, 2)))
      .add(a.index_fill(0, long([1]), 3))
      .add(a.index_copy(1, long([4, 0]), a.narrow(1, 0, 2))),
  'masked_fill with shared and per-example masks': (a, _i, m) =>
    a
      .masked_fill(m, 0.5)
      .add(a.masked_fill(torch.tensor([true, false, true, false, true]), torch.tensor(2.0, { dtype: torch.float64 })))
      .add(a.masked_fill(torch.tensor([false, true, true, false, true]), a.sum())),
  'in-place tril_, masked_fill_, index_add_, scatter_add_ on batched tensors': (a, _i, m) =>
    a
      .clone()
      .tril_()
      .masked_fill_(m, 2)
      .index_add_(1, long([0, 2]), a.narrow(1, 1, 2))
      .scatter_add_(1, long([0, 0, 1, 1, 2, 3]).reshape([3, 2]), a.narrow(1, 0, 2))
      .mul(a),
  'index with per-example indices': (a, i) =>
    torch.cat([
      a.index(i).reshape(-1),
      a.index(':', i).reshape(-1),
      a.unsqueeze(2).index(i, ':', i.mul(0)).reshape(-1),
      a.unsqueeze(0).unsqueeze(3).index(':', i, ':', i.mul(0)).reshape(-1),
    ]),
};

for (const [name, f] of Object.entries(looped)) {
  test(`vmap batches ${name}, as the per-example loop`, () => {
    fallbacks.clear();
    const got = torch.func.vmap(f)(xd, idx, md) as Tensor;
    assert.deepEqual([...fallbacks], []);
    const want = torch.stack([0, 1, 2, 3].map((b) => f(xd.select(0, b), idx.select(0, b), md.select(0, b))));
    assert.deepEqual([...got.shape], [...want.shape]);
    assert.ok(torch.allclose(got, want, { rtol: 1e-12, atol: 1e-12 }), `${String(got)}\n${String(want)}`);
  });
}

test('per-sample gradients and jacrev through these rules run batched', () => {
  const f = (a: Tensor): Tensor =>
    a
      .max(1)
      .values.sum()
      .add(a.sort(0).values.mul(a).sum())
      .add(a.norm())
      .add(
        a
          .index(long([2, 0]))
          .pow(2)
          .sum(),
      )
      .add(a.cumsum(1).roll(1).sum().mul(0.5));
  fallbacks.clear();
  const g = torch.func.vmap(torch.func.grad(f))(xd) as Tensor;
  assert.deepEqual([...fallbacks], []);
  const want = torch.stack([0, 1, 2, 3].map((b) => torch.func.grad(f)(xd.select(0, b)) as Tensor));
  assert.ok(torch.allclose(g, want, { rtol: 1e-12, atol: 1e-12 }));
  // jacrev maps the vjp over the basis: the backward formulas of views run batched too.
  const h = (a: Tensor): Tensor =>
    a
      .narrow(1, 1, 3)
      .diagonal()
      .add(a.select(0, 1).narrow(0, 0, 3))
      .add(
        a
          .index(long([2, 0]))
          .sum(0)
          .narrow(0, 0, 3),
      );
  fallbacks.clear();
  // (gather, index_select: their backward formulas scatter_add and index_add run batched.)
  const J = torch.func.jacrev(h)(xd.select(0, 0)) as Tensor;
  assert.deepEqual([...fallbacks], []);
  const Jw = torch.autograd.functional.jacobian(h, xd.select(0, 0)) as Tensor;
  assert.ok(torch.equal(J, Jw));
});

// ---------------------------------------------------------------- functorch fixtures (tests/oracle/func_vmap.py)

/** sin of the element index, scaled (the oracle's grid). */
function grid(...shape: number[]): Tensor {
  const n = shape.reduce((a, s) => a * s, 1);
  return torch.arange(n, { dtype: torch.float64 }).mul(0.7).add(0.3).sin().reshape(shape).mul(2);
}
const ties = (): Tensor =>
  torch.tensor(
    [
      [
        [1, 3, 3],
        [2, 2, -1],
      ],
      [
        [0, 0, 0],
        [5, 1, 5],
      ],
    ],
    { dtype: torch.float64 },
  );
const { vmap, grad } = torch.func;
const pair = (r: Any): Tensor[] => [r.values ?? r[0], r.indices ?? r[1]];

runCases('func_vmap', {
  batch_norm_training: () => {
    const [x, w, b] = [grid(3, 4, 2, 5), grid(3, 2).add(1), grid(2)];
    const f = (xi: Tensor, wi: Tensor): Tensor => F.batch_norm(xi, null, null, { weight: wi, bias: b, training: true });
    return [vmap(f)(x, w), vmap(grad((xi: Tensor, wi: Tensor) => f(xi, wi).pow(3).sum()))(x, w)];
  },
  batch_norm_eval: () => {
    const [x, rm, rv] = [grid(3, 4, 2, 5), grid(2), grid(2).abs().add(0.5)];
    return [vmap((xi: Tensor) => F.batch_norm(xi, rm, rv, { training: false }))(x)];
  },
  extremes_with_ties: () => {
    const x = ties();
    return [
      pair(vmap((a: Any) => a.max(1))(x)),
      pair(vmap((a: Any) => a.min(0, true))(x)),
      vmap((a: Tensor) => a.argmax())(x),
      vmap(grad((a: Tensor) => a.max()))(x),
      vmap(grad((a: Any) => a.max(1).values.sum()))(x),
      vmap(grad((a: Tensor) => a.amax(1).sum()))(x),
    ];
  },
  sorting: () => {
    const x = ties();
    return [
      pair(vmap((a: Any) => a.sort(1))(x)),
      pair(vmap((a: Any) => a.topk(2, 1))(x)),
      pair(vmap((a: Any) => a.kthvalue(2, 1))(x)),
      pair(vmap((a: Any) => a.median(1))(x)),
    ];
  },
  indexing_per_example: () => {
    const x = grid(3, 4, 5);
    const i = torch.tensor(
      [
        [0, 3],
        [2, 2],
        [1, 0],
      ],
      { dtype: torch.int64 },
    );
    return [
      vmap((a: Tensor, j: Tensor) => a.index(j))(x, i),
      vmap((a: Tensor, j: Tensor) => a.index(':', j))(x, i),
      vmap((a: Tensor, j: Tensor) => a.index(j, ':', j.flip(0)))(x.unsqueeze(2), i),
      vmap(grad((a: Tensor, j: Tensor) => a.index(j).pow(2).sum()))(x, i),
    ];
  },
  conversions: () => {
    const x = grid(3, 4).float();
    return [
      vmap((a: Tensor) => a.double().sin())(x),
      vmap(grad((a: Tensor) => a.mul(3).tanh().sum()))(x),
      torch.func.jvp((a: Tensor) => a.double().exp(), [x], [x.cos()]),
    ];
  },
  norms_and_scans: () => {
    const x = grid(3, 4, 5);
    return [
      vmap((a: Tensor) => torch.stack([a.norm(), a.norm(1), a.norm(Infinity)]))(x),
      vmap((a: Tensor) => a.norm(3, 1))(x),
      vmap((a: Tensor) => a.cumsum(1).add(a.cumprod(0)))(x),
      vmap(grad((a: Tensor) => a.norm(3, 1).sum().add(a.cumprod(1).sum())))(x),
    ];
  },
});

test('vmap batches ensembles: per-model layer_norm weights and embedding tables, with their gradients', () => {
  const x = torch.randn(2, 3, 5, { dtype: torch.float64 });
  const W = torch.randn(4, 5, { dtype: torch.float64 });
  const Bb = torch.randn(4, 5, { dtype: torch.float64 });
  const tables = torch.randn(4, 10, 3, { dtype: torch.float64 });
  const ids = torch.tensor(
    [
      [1, 3],
      [0, 9],
    ],
    { dtype: torch.int64 },
  );
  const progs: ((w: Tensor, b: Tensor, t: Tensor) => Tensor)[] = [
    (w, b) => F.layer_norm(x, [5], { weight: w, bias: b }),
    (w) => F.layer_norm(x, [5], { weight: w }),
    (_w, _b, t) => F.embedding(ids, t, { padding_idx: 0 }),
    (_w, _b, t) => torch.func.grad((q: Tensor) => F.embedding(ids, q, { padding_idx: 3 }).pow(2).sum())(t) as Tensor,
    (w, b) => torch.func.grad((q: Tensor) => F.layer_norm(x, [5], { weight: q, bias: b }).pow(3).sum())(w) as Tensor,
  ];
  for (const f of progs) {
    fallbacks.clear();
    const got = torch.func.vmap(f)(W, Bb, tables) as Tensor;
    assert.deepEqual([...fallbacks], []);
    const want = torch.stack([0, 1, 2, 3].map((i) => f(W.select(0, i), Bb.select(0, i), tables.select(0, i))));
    assert.ok(torch.allclose(got, want, { rtol: 1e-10, atol: 1e-12 }));
  }
});

test('jacrev and hessian through conv2d run batched (im2col and col2im rules)', () => {
  const img1 = torch.randn(1, 2, 5, 5, { dtype: torch.float64 });
  const k = torch.randn(3, 2, 3, 3, { dtype: torch.float64 });
  const f = (q: Tensor): Tensor => F.conv2d(q, k, { padding: 1 }).tanh().sum([0, 1]);
  const h = (q: Tensor): Tensor => F.conv2d(q, k).pow(2).sum();
  fallbacks.clear();
  const J = torch.func.jacrev(f)(img1) as Tensor;
  const H = torch.func.hessian(h)(img1) as Tensor;
  assert.deepEqual([...fallbacks], []);
  assert.ok(torch.allclose(J, torch.autograd.functional.jacobian(f, img1) as Tensor));
  assert.ok(torch.allclose(H, torch.autograd.functional.hessian(h, img1) as Tensor));
});

test("hessian and jacrev through ReLU run batched (threshold_backward's rule)", () => {
  const x1 = torch.randn(6, { dtype: torch.float64 });
  const w1 = torch.randn(4, 6, { dtype: torch.float64 });
  const f = (q: Tensor): Tensor => w1.matmul(q).relu().pow(2).sum().add(q.relu().mul(q).sum());
  fallbacks.clear();
  const H = torch.func.hessian(f)(x1) as Tensor;
  assert.deepEqual([...fallbacks], []);
  assert.ok(torch.allclose(H, torch.autograd.functional.hessian(f, x1) as Tensor));
  assert.ok(torch.allclose(torch.func.jacfwd(torch.func.grad(f))(x1) as Tensor, H));
});

test('vmap batches index_put and index_put_ with shared indices (adjacent or not, values batched or not)', () => {
  const x4 = torch.randn(4, 3, 2, 5, { dtype: torch.float64 });
  const v4 = torch.randn(4, 2, { dtype: torch.float64 });
  const progs: ((a: Tensor, b: Tensor) => Tensor)[] = [
    (a, b) => torch.index_put(a, [long([0, 2])], b.unsqueeze(1).unsqueeze(1)),
    (a, b) => torch.index_put(a, [long([0, 2]), ':', long([1, 4])], b.unsqueeze(1)),
    (a) => torch.index_put(a, [long([0, 2]), ':', long([1, 4])], torch.ones(2, 1, { dtype: torch.float64 })),
    (a, b) => torch.index_put(a, [long([1, 1])], b.unsqueeze(1).unsqueeze(1), true),
    (a, b) => a.clone().index_put_([long([0, 2]), ':', long([1, 4])], b.unsqueeze(1)),
  ];
  for (const f of progs) {
    fallbacks.clear();
    const got = torch.func.vmap(f)(x4, v4) as Tensor;
    assert.deepEqual([...fallbacks], []);
    assert.ok(torch.equal(got, torch.stack([0, 1, 2, 3].map((i) => f(x4.select(0, i), v4.select(0, i))))));
  }
});
