// torch.nn.utils.prune against PyTorch 1.13 (tests/oracle/nn_utils_prune.py -> tests/fixtures/nn_utils_prune.json).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { assertTensor, dec, errorOf, loadFixture, type EncTensor } from './helpers.js';

const { nn } = torch;
const prune = nn.utils.prune;

interface Record_ {
  params: string[];
  buffers: string[];
  state: string[];
  is_pruned: boolean;
  tensors: Record<string, EncTensor>;
  buffer_values: Record<string, EncTensor>;
  out: EncTensor;
  grads: Record<string, EncTensor>;
}

interface StepArgs {
  amount?: number;
  n?: number | 'inf';
  dim?: number;
  mask?: number[];
  parameters?: [string, string][];
  method?: 'L1Unstructured' | 'RandomUnstructured';
}

type Step = [kind: string, module: 'conv' | 'fc' | null, name: string | null, args?: StepArgs];

interface Case {
  name: string;
  steps: Step[];
  before: boolean;
  pruned: Record_;
  removed: Record_;
}

interface Fixture {
  x: EncTensor;
  cases: Case[];
  errors: Record<string, string>;
  after_error_params: string[];
}

const [fx] = loadFixture<Fixture>('nn_utils_prune');

class Net extends nn.Module {
  conv = new nn.Conv2d(1, 4, 3);
  fc = new nn.Linear(64, 5);
  forward(x: Tensor): Tensor {
    return this.fc.forward(torch.relu(this.conv.forward(x)).flatten(1));
  }
}

function runStep(net: Net, [kind, mod, name, args = {}]: Step): void {
  const m = mod === null ? null : net[mod];
  const n = name as string;
  const amount = args.amount as number;
  switch (kind) {
    case 'global':
      prune.global_unstructured(
        (args.parameters as [string, string][]).map(([a, b]): [torch.nn.Module, string] => [net[a as 'conv'], b]),
        prune[args.method as 'L1Unstructured'],
        { amount },
      );
      return;
    case 'custom_from_mask':
      prune.custom_from_mask(m as torch.nn.Module, n, torch.tensor(args.mask as number[]));
      return;
    case 'identity':
      prune.identity(m as torch.nn.Module, n);
      return;
    case 'random_unstructured':
      prune.random_unstructured(m as torch.nn.Module, n, amount);
      return;
    case 'l1_unstructured':
      prune.l1_unstructured(m as torch.nn.Module, n, amount);
      return;
    case 'random_structured':
      prune.random_structured(m as torch.nn.Module, n, amount, args.dim as number);
      return;
    case 'ln_structured':
      prune.ln_structured(
        m as torch.nn.Module,
        n,
        amount,
        args.n === 'inf' ? Infinity : (args.n as number),
        args.dim as number,
      );
      return;
  }
  throw new Error(`no step ${kind}`);
}

function check(net: Net, x: Tensor, want: Record_, label: string): void {
  assert.deepEqual(
    [...net.named_parameters()].map(([k]) => k),
    want.params,
    `${label}: named_parameters`,
  );
  assert.deepEqual(
    [...net.named_buffers()].map(([k]) => k),
    want.buffers,
    `${label}: named_buffers`,
  );
  assert.deepEqual([...net.state_dict().keys()], want.state, `${label}: state_dict keys`);
  assert.equal(prune.is_pruned(net), want.is_pruned, `${label}: is_pruned`);
  for (const mn of ['conv', 'fc'] as const) {
    for (const n of ['weight', 'bias'] as const) {
      assertTensor(net[mn][n] as Tensor, want.tensors[`${mn}.${n}`], {
        rtol: 0,
        atol: 0,
        label: `${label}: ${mn}.${n}`,
      });
    }
  }
  for (const [k, b] of net.named_buffers()) assertTensor(b, want.buffer_values[k], { rtol: 0, atol: 0, label: k });
  const y = net.forward(x);
  assertTensor(y, want.out, { rtol: 1e-5, atol: 1e-6, label: `${label}: out` });
  net.zero_grad();
  y.pow(2).sum().backward();
  for (const [k, p] of net.named_parameters()) {
    assertTensor(p.grad as Tensor, want.grads[k], { rtol: 1e-4, atol: 1e-5, label: `${label}: grad ${k}` });
  }
}

for (const c of fx.cases) {
  test(`prune: ${c.name}`, () => {
    torch.manual_seed(0);
    const net = new Net();
    assert.equal(prune.is_pruned(net), c.before);
    for (const s of c.steps) runStep(net, s);
    const x = dec(fx.x);
    check(net, x, c.pruned, 'pruned');
    for (const mn of ['conv', 'fc'] as const) {
      for (const n of ['weight', 'bias']) {
        if (`${n}_orig` in net[mn]) prune.remove(net[mn], n);
      }
    }
    check(net, x, c.removed, 'removed');
  });
}

test('prune: errors, and the parameter restored when a pruning fails', () => {
  const lin = (): InstanceType<typeof nn.Linear> => {
    torch.manual_seed(0);
    return new nn.Linear(4, 3);
  };
  const e = fx.errors;
  assert.equal(
    errorOf(() => prune.remove(lin(), 'weight')),
    e['remove unpruned'],
  );
  assert.equal(
    errorOf(() => prune.random_unstructured(lin(), 'weight', 1.5)),
    e['amount > 1'],
  );
  assert.equal(
    errorOf(() => prune.l1_unstructured(lin(), 'weight', -1)),
    e['amount < 0'],
  );
  assert.equal(
    errorOf(() => prune.l1_unstructured(lin(), 'weight', 13)),
    e['amount too many'],
  );
  assert.equal(
    errorOf(() => prune.ln_structured(lin(), 'bias', 1, 2, 0)),
    e['structured 1-D'],
  );
  assert.equal(
    errorOf(() => prune.random_structured(lin(), 'weight', 1, 2)),
    e['structured dim'],
  );
  const m = lin();
  assert.throws(() => prune.l1_unstructured(m, 'weight', 13));
  assert.deepEqual(
    [...m.named_parameters()].map(([k]) => k),
    fx.after_error_params,
  );
  assert.ok(m.weight instanceof nn.Parameter);
});

test('prune: a method prunes a tensor directly (prune()), PruningContainer lists its methods', () => {
  const t = torch.tensor([0.5, -2, 0.1, 3]);
  // L1 with amount 2 zeroes the two entries of smallest magnitude (0.1, 0.5).
  assert.deepEqual(new prune.L1Unstructured(2).prune(t).tolist(), [0, -2, 0, 3]);
  torch.manual_seed(0);
  const m = new nn.Linear(4, 3);
  prune.l1_unstructured(m, 'weight', 2);
  prune.identity(m, 'weight');
  assert.ok(prune.is_pruned(m));
});

test('nn.utils entry points refuse wrong arguments with a TypeError', () => {
  const lin = new nn.Linear(2, 2);
  const bad: (() => unknown)[] = [
    () => prune.l1_unstructured(3 as never, 'weight', 1),
    () => prune.l1_unstructured(lin, 5 as never, 1),
    () => prune.l1_unstructured(lin, 'foo', 1),
    () => prune.random_unstructured(lin, 'weight', {} as never),
    () => prune.global_unstructured([[lin, 'weight']], (() => 0) as never, { amount: 1 }),
    () => prune.is_pruned(null as never),
    () => nn.utils.parametrize.register_parametrization(lin, 'weight', {} as never),
    () => nn.utils.parametrize.cached(3 as never),
    () => nn.utils.parameters_to_vector([torch.ones(2), 3] as never),
    () => nn.utils.weight_norm(new nn.ReLU(), 'weight'),
    () => nn.utils.parametrizations.spectral_norm(lin, { n_power_iterations: '2' as never }),
  ];
  bad.forEach((f, i) => assert.throws(f, TypeError, `call ${i}`));
  assert.deepEqual(
    [...lin.named_parameters()].map(([k]) => k),
    ['weight', 'bias'],
    'nothing changed',
  );
});
