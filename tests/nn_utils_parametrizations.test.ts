// torch.nn.utils.parametrizations (orthogonal, spectral_norm, weight_norm) and nn.init.orthogonal_ against PyTorch 1.13
// (tests/oracle/nn_utils_parametrizations.py -> tests/fixtures/nn_utils_parametrizations.json).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { assertTensor, dec, errorOf, loadFixture, type EncTensor } from './helpers.js';

const { nn } = torch;
const PZ = nn.utils.parametrizations;

interface Step {
  out: EncTensor;
  buffers: Record<string, EncTensor>;
  grads: Record<string, EncTensor>;
}

interface Case {
  fn: 'orthogonal' | 'spectral_norm' | 'weight_norm';
  module: string;
  kwargs: Record<string, unknown>;
  train: boolean;
  x: EncTensor;
  repr: string;
  params: string[];
  buffers: string[];
  state: string[];
  weight0: EncTensor;
  steps: Step[];
  weight: EncTensor;
}

interface Fixture {
  cases: Case[];
  errors: Record<string, string>;
  assign: { weight: EncTensor; base: EncTensor; original: EncTensor };
  init_orthogonal: { shape: number[]; gain: number; out: EncTensor }[];
  init_orthogonal_error: string;
  legacy_weight_norm: {
    cases: {
      module: string;
      dim: number | null;
      x: EncTensor;
      params: string[];
      state: string[];
      g: EncTensor;
      v: EncTensor;
      weight: EncTensor;
      out: EncTensor;
      grads: Record<string, EncTensor>;
      removed: { params: string[]; weight: EncTensor };
    }[];
    twice: string;
    remove_missing: string;
  };
  legacy_spectral_norm: {
    cases: {
      module: string;
      kwargs: { n_power_iterations?: number };
      train: boolean;
      x: EncTensor;
      params: string[];
      buffers: string[];
      state: string[];
      weight0: EncTensor;
      steps: (Step & { weight: EncTensor })[];
      removed: { params: string[]; weight: EncTensor };
    }[];
    twice: string;
    iterations: string;
    remove_missing: string;
  };
}

const [fx] = loadFixture<Fixture>('nn_utils_parametrizations');

type AnyModule = torch.nn.Module & { weight: Tensor; forward(x: Tensor): Tensor };

const MODULES: Record<string, () => AnyModule> = {
  'Linear(4, 4)': () => new nn.Linear(4, 4),
  'Linear(3, 5)': () => new nn.Linear(3, 5),
  'Linear(5, 3)': () => new nn.Linear(5, 3),
  'Linear(4, 3)': () => new nn.Linear(4, 3),
  'Conv2d(2, 3, 2)': () => new nn.Conv2d(2, 3, 2) as unknown as AnyModule,
  'ConvTranspose2d(2, 3, 2)': () => new nn.ConvTranspose2d(2, 3, 2) as unknown as AnyModule,
};

function apply(fn: Case['fn'], m: AnyModule, kwargs: Record<string, unknown>): void {
  if (fn === 'orthogonal') PZ.orthogonal(m, kwargs);
  else if (fn === 'spectral_norm') PZ.spectral_norm(m, kwargs);
  else PZ.weight_norm(m, kwargs);
}

for (const c of fx.cases) {
  test(`${c.fn}(${c.module}, ${JSON.stringify(c.kwargs)})${c.train ? '' : ' eval'}`, () => {
    torch.manual_seed(0);
    const m = MODULES[c.module]();
    m.train(c.train);
    apply(c.fn, m, c.kwargs);
    assert.equal(String(m), c.repr);
    assert.deepEqual(
      [...m.named_parameters()].map(([k]) => k),
      c.params,
    );
    assert.deepEqual(
      [...m.named_buffers()].map(([k]) => k),
      c.buffers,
    );
    assert.deepEqual([...m.state_dict().keys()], c.state);
    const tol = { rtol: 1e-4, atol: 1e-5 };
    assertTensor(m.weight, c.weight0, { ...tol, label: 'weight after registration' });
    const x = dec(c.x);
    c.steps.forEach((s, i) => {
      m.zero_grad();
      const y = m.forward(x) as Tensor;
      y.pow(2).sum().backward();
      assertTensor(y, s.out, { ...tol, label: `step ${i} out` });
      for (const [k, b] of m.named_buffers()) assertTensor(b, s.buffers[k], { ...tol, label: `step ${i} ${k}` });
      for (const [k, p] of m.named_parameters()) {
        assertTensor(p.grad as Tensor, s.grads[k], { rtol: 1e-4, atol: 1e-4, label: `step ${i} grad ${k}` });
      }
    });
    assertTensor(m.weight, c.weight, { ...tol, label: 'weight at the end' });
  });
}

test('orthogonal: assigning a weight makes it the base; errors', () => {
  torch.manual_seed(0);
  const m = PZ.orthogonal(new nn.Linear(3, 3));
  (m as unknown as { weight: Tensor }).weight = torch.tensor([
    [2, 0.5, 0],
    [1, -1, 0.25],
    [0, 3, 1],
  ]);
  const list = (m as unknown as torch.nn.utils.parametrize.Parametrized).parametrizations.weight;
  assertTensor(m.weight, fx.assign.weight, { rtol: 1e-5, atol: 1e-6 });
  assertTensor((list.at(0) as unknown as { base: Tensor }).base, fx.assign.base, { rtol: 1e-5, atol: 1e-6 });
  assertTensor(list.original, fx.assign.original, { rtol: 0, atol: 0 });

  const lin = (): InstanceType<typeof nn.Linear> => {
    torch.manual_seed(0);
    return new nn.Linear(4, 3);
  };
  const e = fx.errors;
  assert.equal(
    errorOf(() => PZ.orthogonal(lin(), 'foo')),
    e['orthogonal no tensor'],
  );
  assert.equal(
    errorOf(() => PZ.orthogonal(lin(), 'bias')),
    e['orthogonal vector'],
  );
  assert.equal(
    errorOf(() => PZ.orthogonal(lin(), { orthogonal_map: 'qr' as 'cayley' })),
    e['orthogonal bad map'],
  );
  assert.equal(
    errorOf(() => PZ.spectral_norm(lin(), { dim: 2 })),
    e['spectral_norm dim'],
  );
  assert.equal(
    errorOf(() => PZ.spectral_norm(lin(), 'weight', 0)),
    e['spectral_norm iterations'],
  );
});

test("nn.init.orthogonal_: seeded draws as PyTorch's (QR of a normal draw, signs from R)", () => {
  torch.manual_seed(0);
  for (const c of fx.init_orthogonal) {
    const out = nn.init.orthogonal_(torch.empty(c.shape), c.gain);
    assertTensor(out, c.out, { rtol: 1e-5, atol: 1e-5, label: `shape ${c.shape.join('x')}` });
  }
  assert.equal(
    errorOf(() => nn.init.orthogonal_(torch.empty(3))),
    fx.init_orthogonal_error,
  );
});

test('legacy nn.utils.weight_norm / remove_weight_norm: weight_g and weight_v in place of weight', () => {
  const f = fx.legacy_weight_norm;
  for (const c of f.cases) {
    torch.manual_seed(0);
    const m = MODULES[c.module]();
    nn.utils.weight_norm(m, { dim: c.dim });
    assert.deepEqual(
      [...m.named_parameters()].map(([k]) => k),
      c.params,
    );
    assert.deepEqual([...m.state_dict().keys()], c.state);
    const params = Object.fromEntries(m.named_parameters());
    assertTensor(params.weight_g, c.g, { label: 'weight_g' });
    assertTensor(params.weight_v, c.v, { rtol: 0, atol: 0, label: 'weight_v' });
    assertTensor(m.weight, c.weight, { label: 'weight' });
    const y = m.forward(dec(c.x)) as Tensor;
    assertTensor(y, c.out, { rtol: 1e-5, atol: 1e-6, label: 'out' });
    y.pow(2).sum().backward();
    for (const [k, p] of m.named_parameters()) {
      assertTensor(p.grad as Tensor, c.grads[k], { rtol: 1e-4, atol: 1e-5, label: `grad ${k}` });
    }
    nn.utils.remove_weight_norm(m);
    assert.deepEqual(
      [...m.named_parameters()].map(([k]) => k),
      c.removed.params,
    );
    assertTensor(m.weight, c.removed.weight, { label: 'weight after remove' });
    assert.ok(m.weight instanceof nn.Parameter);
  }
  const lin = (): InstanceType<typeof nn.Linear> => {
    torch.manual_seed(0);
    return new nn.Linear(4, 3);
  };
  assert.equal(
    errorOf(() => nn.utils.weight_norm(nn.utils.weight_norm(lin()))),
    f.twice,
  );
  assert.equal(
    errorOf(() => nn.utils.remove_weight_norm(lin())),
    f.remove_missing,
  );
});

test('legacy nn.utils.spectral_norm / remove_spectral_norm: one power iteration per training forward', () => {
  const f = fx.legacy_spectral_norm;
  const tol = { rtol: 1e-4, atol: 1e-5 };
  for (const c of f.cases) {
    torch.manual_seed(0);
    const m = MODULES[c.module]();
    m.train(c.train);
    nn.utils.spectral_norm(m, c.kwargs);
    assert.deepEqual(
      [...m.named_parameters()].map(([k]) => k),
      c.params,
    );
    assert.deepEqual(
      [...m.named_buffers()].map(([k]) => k),
      c.buffers,
    );
    assert.deepEqual([...m.state_dict().keys()], c.state);
    assertTensor(m.weight, c.weight0, { rtol: 0, atol: 0, label: 'weight before the first forward' });
    const x = dec(c.x);
    c.steps.forEach((s, i) => {
      m.zero_grad();
      const y = m.forward(x) as Tensor;
      y.pow(2).sum().backward();
      assertTensor(y, s.out, { ...tol, label: `step ${i} out` });
      assertTensor(m.weight, s.weight, { ...tol, label: `step ${i} weight` });
      for (const [k, b] of m.named_buffers()) assertTensor(b, s.buffers[k], { ...tol, label: `step ${i} ${k}` });
      for (const [k, p] of m.named_parameters()) {
        assertTensor(p.grad as Tensor, s.grads[k], { rtol: 1e-4, atol: 1e-4, label: `step ${i} grad ${k}` });
      }
    });
    nn.utils.remove_spectral_norm(m);
    assert.deepEqual(
      [...m.named_parameters()].map(([k]) => k),
      c.removed.params,
    );
    assertTensor(m.weight, c.removed.weight, { ...tol, label: 'weight after remove' });
    assert.ok(!Object.prototype.hasOwnProperty.call(m, 'forward'), 'the forward wrapper is gone');
  }
  const lin = (): InstanceType<typeof nn.Linear> => {
    torch.manual_seed(0);
    return new nn.Linear(4, 3);
  };
  assert.equal(
    errorOf(() => nn.utils.spectral_norm(nn.utils.spectral_norm(lin()))),
    f.twice,
  );
  assert.equal(
    errorOf(() => nn.utils.spectral_norm(lin(), { n_power_iterations: 0 })),
    f.iterations,
  );
  assert.equal(
    errorOf(() => nn.utils.remove_spectral_norm(lin())),
    f.remove_missing,
  );
});
