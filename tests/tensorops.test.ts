// The ops of src/ops/tensorops.ts, scatter_reduce.ts, tensorops_nn.ts and the modules of
// src/nn/tensorops.ts against PyTorch (fixtures from tests/oracle/tensorops.py): values, gradients,
// dtypes, seeded random streams, errors (tensorops.json, replayed on the backend in use), then
// module reprs, LazyLinear's seeded first forward, trunc_normal_ and the determinism flags
// (tensorops_misc.json).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { assertTensor, dec, errorOf, type EncTensor } from './helpers.js';
import { loadFixture } from './helpers.js';
import { replayCases, type OpCase } from './replay.js';

const nn = torch.nn;
const F = torch.nn.functional;

// Composites: tensorgrad records the last op of the composite, PyTorch one node of its own.
const COMPOSITE =
  /^(quantile|nanquantile|select_scatter|slice_scatter|diagonal_scatter|chain_matmul|pdist|F\.pdist|narrow_copy|rms_norm)/;
replayCases('tensorops', loadFixture<OpCase>('tensorops'), {
  tol: { rtol: 1e-5, atol: 1e-6 },
  composite: (c) => COMPOSITE.test(c.name),
});

interface Misc {
  name: string;
  repr?: string;
  error?: string | null;
  seed?: number;
  x?: EncTensor;
  y?: EncTensor;
  weight?: EncTensor;
  bias?: EncTensor;
  in_features?: number;
  shape?: number[];
  dtype?: 'float64';
  kwargs?: { mean?: number; std?: number; a?: number; b?: number };
  args?: number[];
  out?: EncTensor;
  value?: boolean;
}
const misc = new Map(loadFixture<Misc>('tensorops_misc').map((c) => [c.name, c]));
const m = (name: string): Misc => {
  const c = misc.get(name);
  assert.ok(c, `fixture case ${name}`);
  return c;
};

test('RReLU reprs', () => {
  assert.equal(String(new nn.RReLU()), m('RReLU repr').repr);
  assert.equal(String(new nn.RReLU(0.1, 0.3, { inplace: true })), m('RReLU repr args').repr);
});

test('TripletMarginWithDistanceLoss repr (PairwiseDistance child) and no margin check (1.13)', () => {
  assert.equal(
    String(new nn.TripletMarginWithDistanceLoss()),
    m('LeakyReLU-like TripletMarginWithDistanceLoss repr').repr,
  );
  assert.equal(m('TripletMarginWithDistanceLoss margin error').error, null);
  const loss = new nn.TripletMarginWithDistanceLoss({
    distance_function: (a: Tensor, b: Tensor) => a.sub(b).abs().sum(-1),
    margin: 0.5,
    reduction: 'sum',
  });
  const a = torch.tensor([[1, 2]]);
  const out = loss.forward(a, torch.tensor([[1, 3]]), torch.tensor([[0, 0]]));
  // |a-p| = 1, |a-n| = 3: max(1 - 3 + 0.5, 0) = 0
  assert.equal(out.item(), 0);
  assert.equal(String(loss), 'TripletMarginWithDistanceLoss()');
});

test('LazyLinear: repr before, seeded init and Linear repr after the first forward', () => {
  assert.equal(String(new nn.LazyLinear(3)), m('LazyLinear repr').repr);
  assert.equal(String(new nn.LazyLinear(5, { bias: false })), m('LazyLinear repr no bias').repr);
  const c = m('LazyLinear first forward');
  torch.manual_seed(c.seed!);
  const lazy = new nn.LazyLinear(3);
  assert.equal(lazy.has_uninitialized_params(), true);
  const y = lazy.forward(dec(c.x!));
  assertTensor(lazy.weight.detach(), c.weight!, { rtol: 1e-6 });
  assertTensor(lazy.bias!.detach(), c.bias!, { rtol: 1e-6 });
  assertTensor(y.detach(), c.y!, { rtol: 1e-5, atol: 1e-6 });
  assert.equal(String(lazy), c.repr);
  assert.equal(lazy.in_features, c.in_features);
  assert.ok(lazy instanceof nn.Linear);
  assert.equal([...lazy.parameters()].length, 2);
  assert.equal(
    errorOf(() => new nn.LazyLinear(3).forward(torch.tensor(1))),
    'both arguments to linear need to be at least 1D, but they are 0D and 2D',
  );
});

test('RReLU module: seeded training stream, eval slope', () => {
  const c = m('RReLU training');
  torch.manual_seed(c.seed!);
  const r = new nn.RReLU(0.1, 0.5);
  assertTensor(r.forward(dec(c.x!)), c.y!, { rtol: 1e-6 });
  r.eval();
  const e = m('RReLU eval');
  assertTensor(r.forward(dec(e.x!)), e.y!, { rtol: 1e-6 });
});

test('nn.init.trunc_normal_: PyTorch values for a seed', () => {
  for (const c of misc.values()) {
    if (!c.name.startsWith('trunc_normal_')) continue;
    torch.manual_seed(c.seed!);
    const t = torch.empty(c.shape!, { dtype: c.dtype === 'float64' ? torch.float64 : torch.float32 });
    const out = c.args
      ? nn.init.trunc_normal_(t, ...(c.args as [number, number, number, number]))
      : nn.init.trunc_normal_(t, c.kwargs);
    assert.equal(out, t);
    assertTensor(t, c.out!, { rtol: 1e-6, atol: 1e-7, label: c.name });
  }
});

test('RMSNorm module: weight, repr, forward equals F.rms_norm', () => {
  const r = new nn.RMSNorm(4);
  assert.equal(String(r), 'RMSNorm((4,), eps=None, elementwise_affine=True)');
  assert.equal(
    String(new nn.RMSNorm([2, 3], { eps: 1e-5, elementwise_affine: false })),
    'RMSNorm((2, 3), eps=1e-05, elementwise_affine=False)',
  );
  const x = torch.randn(2, 4);
  const w = r.weight!;
  assert.deepEqual([...w.shape], [4]);
  assert.deepEqual(r.forward(x).tolist(), F.rms_norm(x, [4], w).tolist());
  r.reset_parameters();
  assert.deepEqual(r.weight!.tolist(), [1, 1, 1, 1]);
});

test('use_deterministic_algorithms: flags only', () => {
  assert.equal(torch.are_deterministic_algorithms_enabled(), m('use_deterministic_algorithms default').value);
  torch.use_deterministic_algorithms(true, { warn_only: true });
  assert.equal(torch.are_deterministic_algorithms_enabled(), true);
  assert.equal(torch.is_deterministic_algorithms_warn_only_enabled(), true);
  torch.use_deterministic_algorithms(false);
  assert.equal(torch.are_deterministic_algorithms_enabled(), false);
  assert.equal(torch.is_deterministic_algorithms_warn_only_enabled(), false);
  assert.equal(
    errorOf(() => torch.use_deterministic_algorithms(1 as unknown as boolean)),
    "_set_deterministic_algorithms(): argument 'mode' (position 1) must be bool, not number",
  );
});

test("named tuples print and destructure as PyTorch's", () => {
  const x = torch.tensor([
    [1, 2, 2],
    [3, 3, 1],
  ]);
  const mm = torch.aminmax(x, { dim: 1 });
  const [lo, hi] = mm;
  assert.deepEqual(
    [lo.tolist(), hi.tolist(), mm.min.tolist(), mm.max.tolist()],
    [
      [1, 1],
      [2, 3],
      [1, 1],
      [2, 3],
    ],
  );
  assert.equal(String(mm), 'torch.return_types.aminmax(\nmin=tensor([1., 1.]),\nmax=tensor([2., 3.]))');
  const mo = torch.mode(x);
  assert.equal(String(mo), 'torch.return_types.mode(\nvalues=tensor([2., 3.]),\nindices=tensor([2, 1]))');
  const h = torch.histogram(x, 2);
  assert.deepEqual(h.hist.tolist(), [2, 4]);
  assert.deepEqual(h.bin_edges.tolist(), [1, 2, 3]);
  assert.ok(String(h).startsWith('torch.return_types.histogram(\nhist='));
});

test('empty_strided keeps the strides; new_empty_strided the dtype', () => {
  const t = torch.empty_strided([2, 3], [1, 2]);
  assert.deepEqual(t.stride(), [1, 2]);
  assert.equal(t.dtype, torch.float32);
  const u = torch.tensor([1n, 2n]).new_empty_strided([2, 2], [1, 2]);
  assert.equal(u.dtype, torch.int64);
  assert.deepEqual(u.stride(), [1, 2]);
  assert.equal(torch.empty_strided([2], [1], { requires_grad: true }).requires_grad, true);
});

test('gradients of scatter_reduce_ / index_reduce_ in place and gumbel_softmax hard', () => {
  const x = torch.ones(2, 3, { dtype: torch.float64, requires_grad: true });
  const s = torch.tensor([[2, 3, 4]], { dtype: torch.float64, requires_grad: true });
  const y = x.mul(1).scatter_reduce_(0, torch.tensor([[1n, 0n, 1n]]), s, 'prod');
  assert.equal(y.grad_fn?.name(), 'ScatterReduceBackward0');
  y.sum().backward();
  assert.deepEqual(s.grad!.tolist(), [[1, 1, 1]]);
  const z = x.mul(1).index_reduce_(0, torch.tensor([1n]), s.mul(1), 'amax', { include_self: false });
  assert.equal(z.grad_fn?.name(), 'IndexReduceBackward0');
  torch.manual_seed(0);
  const g = F.gumbel_softmax(torch.zeros(2, 3, { requires_grad: true }), { hard: true });
  assert.deepEqual(g.sum(1).tolist(), [1, 1]);
});
