// torch.nn against PyTorch 1.13 (fixtures from tests/oracle/nn.py): functional losses, activations,
// convolution, pooling and normalization (op cases); every layer as a module with PyTorch's seeded
// initialisation, forward, gradients, buffers and repr; the main job's MLP and CNN; reprs,
// state_dict error texts and nn.init.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { assertTensor, dec, errorOf, loadFixture, type EncTensor } from './helpers.js';
import { jsMessage, replayCases, type OpCase } from './replay.js';

const { nn } = torch;

// Tolerances. The nn fixtures are float32, and PyTorch's convolution and linear kernels sum in an
// order that depends on the CPU (vector width, blocking): the same oracle run on two machines gives
// values a few ulps apart per term. Measured between nn fixtures generated on two CPUs: they
// differ by up to 3e-4 relative (2e-3 on near-zero CNN gradients), which is at most 0.11 of the
// tolerance below for nn_functional (rtol 1e-5, atol 1e-5), 0.17 for nn_modules (rtol 1e-5, atol
// 1e-6) and 0.007 for the main job in nn_misc (rtol 1e-4, atol 1e-5: outputs and gradients are
// sums over 784 or 400 terms, which tensorgrad orders differently again). Seeded initial weights
// are exact (rtol 0).
replayCases('nn_functional', loadFixture<OpCase>('nn_functional'), {
  tol: { rtol: 1e-5, atol: 1e-5 },
  label: (c) => `F: ${c.name}`,
});

type Plain = number | string | boolean | null | { t: EncTensor } | Plain[];

interface ModuleCase {
  name: string;
  ctor: string;
  args: Plain[];
  kwargs: Record<string, Plain>;
  seed: number;
  train: boolean;
  exact_init: boolean;
  repr: string;
  init: Record<string, EncTensor>;
  input: EncTensor;
  target?: EncTensor;
  forward_seed: number;
  error?: string;
  out?: EncTensor;
  grad_fn?: string | null;
  buffers?: Record<string, EncTensor>;
  input_grad?: EncTensor | null;
  param_grads?: Record<string, EncTensor>;
}

function plain(v: Plain): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') return dec(v.t);
  return v;
}

type Ctor = new (...args: unknown[]) => torch.nn.Module;

function construct(c: ModuleCase): torch.nn.Module {
  const C = (nn as unknown as Record<string, Ctor>)[c.ctor];
  assert.equal(typeof C, 'function', `nn.${c.ctor} is missing`);
  const args = c.args.map(plain);
  const kwargs = Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [k, plain(v)]));
  if (Object.keys(kwargs).length > 0) args.push(kwargs);
  return new C(...args);
}

const tol = { rtol: 1e-5, atol: 1e-6 };

for (const c of loadFixture<ModuleCase>('nn_modules')) {
  test(`module: ${c.name}`, () => {
    torch.manual_seed(c.seed);
    const m = construct(c);
    assert.equal(String(m), c.repr, 'repr');
    const state = m.state_dict();
    assert.deepEqual([...state.keys()], Object.keys(c.init), 'state_dict keys');
    if (c.exact_init) {
      for (const [k, v] of state) assertTensor(v, c.init[k], { rtol: 0, atol: 0, label: `init ${k}` });
    }
    m.load_state_dict(Object.fromEntries(Object.entries(c.init).map(([k, v]) => [k, dec(v)])));
    m.train(c.train);
    const x = dec(c.input);
    if (x.dtype.is_floating_point) x.requires_grad_(true);
    const inputs: Tensor[] = [x];
    if (c.target) inputs.push(dec(c.target));
    torch.manual_seed(c.forward_seed);
    if (c.error !== undefined) {
      assert.equal(
        errorOf(() => m.forward(...inputs)),
        jsMessage(c.error),
      );
      return;
    }
    const out = m.forward(...inputs) as Tensor;
    assertTensor(out, c.out as EncTensor, { ...tol, label: 'out' });
    assert.equal(out.grad_fn?.name() ?? null, c.grad_fn ?? null, 'grad_fn');
    for (const [k, b] of m.named_buffers()) assertTensor(b, (c.buffers ?? {})[k], { ...tol, label: `buffer ${k}` });
    if (c.param_grads === undefined) return;
    out.backward(gradLike(out));
    if (c.input_grad) assertTensor(x.grad as Tensor, c.input_grad, { ...tol, label: 'input grad' });
    const grads = Object.fromEntries([...m.named_parameters()].filter(([, p]) => p.grad !== null));
    assert.deepEqual(Object.keys(grads).sort(), Object.keys(c.param_grads).sort(), 'parameters with grads');
    for (const [k, g] of Object.entries(c.param_grads)) {
      assertTensor(grads[k].grad as Tensor, g, { ...tol, label: `grad ${k}` });
    }
  });
}

/** cases.py's grad_like: ((arange(n) % 7) - 2.5) / 2, shaped like out. */
function gradLike(out: Tensor): Tensor {
  return torch
    .arange(out.numel(), { dtype: torch.float64 })
    .remainder(7)
    .sub(2.5)
    .div(2)
    .reshape(out.shape)
    .to(out.dtype);
}

interface NetFixture {
  repr: string;
  state: Record<string, EncTensor>;
  out: EncTensor;
  loss: EncTensor;
  grads: Record<string, EncTensor>;
}

interface Misc {
  mlp: NetFixture;
  cnn: NetFixture;
  digits: EncTensor;
  labels: EncTensor;
  reprs: Record<string, string>;
  parameter_repr: string;
  parameter_repr_2d: string;
  state_dict: {
    keys: string[];
    strict_error: string;
    nonstrict_error: string;
    nonstrict_missing: string[];
    strict_error_full: string;
    nonstrict_error_full: string;
    unexpected_error_full: string;
  };
  init: { fn: string; shape: number[]; kwargs: Record<string, number | string>; out: EncTensor }[];
  gains: Record<string, number>;
  'gain_leaky_0.2': number;
  fan_error: string;
  module: {
    repr: string;
    state_dict: string[];
    named_parameters: string[];
    named_buffers: string[];
    named_modules: string[];
    named_children: string[];
    seq_named_parameters: string[];
    nonrecursive_buffers: string[];
    missing_error: string;
    double: Record<string, string>;
    double_grads: Record<string, string>;
    eval_training: boolean[];
  };
}

const [misc] = loadFixture<Misc>('nn_misc');

function mlp(): torch.nn.Module {
  return new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 10));
}

function cnn(): torch.nn.Module {
  return new nn.Sequential(
    new nn.Conv2d(1, 16, 5),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Conv2d(16, 32, 5),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Flatten(),
    new nn.Linear(512, 10),
  );
}

for (const [name, make] of [
  ['mlp', mlp],
  ['cnn', cnn],
] as const) {
  test(`main job ${name}: seeded init, forward, cross-entropy and gradients as PyTorch's`, () => {
    const want = misc[name];
    torch.manual_seed(0);
    const net = make();
    assert.equal(String(net), want.repr);
    for (const [k, v] of net.state_dict()) assertTensor(v, want.state[k], { rtol: 0, atol: 0, label: k });
    const out = net.forward(dec(misc.digits)) as Tensor;
    assertTensor(out, want.out, { rtol: 1e-4, atol: 1e-5, label: 'out' });
    const loss = nn.functional.cross_entropy(out, dec(misc.labels));
    assertTensor(loss, want.loss, { rtol: 1e-5, atol: 1e-6, label: 'loss' });
    loss.backward();
    for (const [k, p] of net.named_parameters()) {
      assertTensor(p.grad as Tensor, want.grads[k], { rtol: 1e-4, atol: 1e-5, label: `grad ${k}` });
    }
  });
}

test('module reprs', () => {
  const r = misc.reprs;
  assert.equal(String(new nn.ModuleList([new nn.Linear(2, 2), new nn.ReLU()])), r.ModuleList);
  assert.equal(String(new nn.ModuleDict({ a: new nn.Linear(2, 2), b: new nn.ReLU() })), r.ModuleDict);
  assert.equal(String(new nn.Sequential()), r['Sequential empty']);
  assert.equal(
    String(
      new nn.Sequential(
        new nn.Sequential(new nn.Linear(2, 3), new nn.Tanh()),
        new nn.ModuleList([new nn.Dropout(0.25)]),
      ),
    ),
    r.nested,
  );
  assert.equal(String(new nn.Softmax()), r['Softmax None']);
  assert.equal(String(new nn.MaxPool2d([2, 3], { stride: 1, padding: 1 })), r['MaxPool2d tuple']);
  assert.equal(String(new nn.AvgPool2d(3, { stride: 2, padding: 1 })), r.AvgPool2d);
  assert.equal(
    String(new nn.Conv2d(2, 4, [3, 5], { stride: 2, padding: [1, 2], dilation: 2, groups: 2, bias: false })),
    r['Conv2d full'],
  );
  assert.equal(String(new nn.BatchNorm1d(4, { momentum: null, affine: false })), r['BatchNorm1d momentum None']);
  assert.equal(String(new nn.LayerNorm([2, 3], { eps: 1e-6 })), r['LayerNorm list']);
  assert.equal(String(new nn.Embedding(10, 3, { padding_idx: 0 })), r.Embedding);
  assert.equal(
    String(
      new nn.ModuleList([
        new nn.MSELoss(),
        new nn.L1Loss(),
        new nn.CrossEntropyLoss(),
        new nn.NLLLoss(),
        new nn.BCELoss(),
        new nn.BCEWithLogitsLoss(),
      ]),
    ),
    r.losses,
  );
});

test('Parameter repr', () => {
  assert.equal(String(new nn.Parameter(torch.tensor([1.0, 2.0]))), misc.parameter_repr);
  assert.equal(
    String(
      new nn.Parameter(
        torch.tensor([
          [1.5, -2.0],
          [0.25, 3.0],
        ]),
        false,
      ),
    ),
    misc.parameter_repr_2d,
  );
});

test('load_state_dict: keys and PyTorch error texts', () => {
  const seq = new nn.Sequential(new nn.Linear(3, 2), new nn.BatchNorm1d(2));
  const sd = seq.state_dict();
  assert.deepEqual([...sd.keys()], misc.state_dict.keys);
  const bad = new Map(sd);
  bad.delete('0.weight');
  bad.set('extra', torch.ones(1));
  bad.set('1.bias', torch.ones(5));
  assert.throws(() => seq.load_state_dict(bad), { message: misc.state_dict.strict_error_full });
  assert.throws(() => seq.load_state_dict(bad, false), { message: misc.state_dict.nonstrict_error_full });
  const missing = new Map(sd);
  missing.delete('0.weight');
  assert.deepEqual(seq.load_state_dict(missing, false).missing_keys, misc.state_dict.nonstrict_missing);
  const unexpected = new Map(sd);
  unexpected.set('x.y', torch.ones(1));
  assert.throws(() => seq.load_state_dict(unexpected), { message: misc.state_dict.unexpected_error_full });
});

test('nn.init from a seed gives PyTorch values', () => {
  type InitFn = (t: Tensor, ...a: unknown[]) => Tensor;
  const init = nn.init as unknown as Record<string, InitFn>;
  for (const c of misc.init) {
    torch.manual_seed(0);
    const t = torch.empty(c.shape);
    const k = c.kwargs;
    if (c.fn === 'uniform_') init.uniform_(t, k.a, k.b);
    else if (c.fn === 'normal_') init.normal_(t, k.mean, k.std);
    else if (c.fn === 'constant_') init.constant_(t, k.val);
    else if (c.fn.startsWith('xavier')) init[c.fn](t, k.gain ?? 1);
    else if (c.fn.startsWith('kaiming')) init[c.fn](t, k);
    else init[c.fn](t);
    assertTensor(t, c.out, { rtol: 1e-6, atol: 1e-7, label: `${c.fn} ${JSON.stringify(k)}` });
  }
  for (const [nl, g] of Object.entries(misc.gains)) {
    assert.equal(nn.init.calculate_gain(nl as 'relu'), g, nl);
  }
  assert.equal(nn.init.calculate_gain('leaky_relu', 0.2), misc['gain_leaky_0.2']);
  assert.equal(
    errorOf(() => nn.init.xavier_uniform_(torch.empty(3))),
    misc.fan_error,
  );
});

/** tests/oracle/nn.py's Net: buffers (one not persistent) and a submodule registered twice. */
class Net extends nn.Module {
  declare fc: torch.nn.Linear;
  declare seq: torch.nn.Sequential;
  declare shared: torch.nn.Linear;
  declare buf: Tensor;
  declare np: Tensor;

  constructor() {
    super();
    this.fc = new nn.Linear(2, 2);
    this.register_buffer('buf', torch.zeros(2));
    this.register_buffer('np', torch.ones(2), false);
    this.seq = new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU(), new nn.BatchNorm1d(3));
    this.shared = this.fc;
  }

  forward(x: Tensor): Tensor {
    return this.seq.forward(this.shared.forward(this.fc.forward(x))) as Tensor;
  }
}

test('Module bookkeeping: names, buffers, shared submodules, to(dtype), eval', () => {
  const want = misc.module;
  const net = new Net();
  (net.seq.forward(torch.ones(4, 2)) as Tensor).sum().backward();
  assert.equal(String(net), want.repr);
  assert.deepEqual([...net.state_dict().keys()], want.state_dict);
  assert.deepEqual(
    [...net.named_parameters()].map(([k]) => k),
    want.named_parameters,
  );
  assert.deepEqual(
    [...net.named_buffers()].map(([k]) => k),
    want.named_buffers,
  );
  assert.deepEqual(
    [...net.named_modules()].map(([k]) => k),
    want.named_modules,
  );
  assert.deepEqual(
    [...net.named_children()].map(([k]) => k),
    want.named_children,
  );
  assert.deepEqual(
    [...net.seq.named_parameters('seq')].map(([k]) => k),
    want.seq_named_parameters,
  );
  assert.deepEqual(
    [...net.named_buffers('', false)].map(([k]) => k),
    want.nonrecursive_buffers,
  );
  assert.equal(
    errorOf(() => net.load_state_dict({ 'fc.weight': torch.ones(2, 2) })),
    want.missing_error,
  );
  const weight = net.fc.weight;
  net.double();
  assert.equal(net.fc.weight, weight, 'parameters keep their identity');
  const dtypes = Object.fromEntries([...net.state_dict()].map(([k, v]) => [k, v.dtype.name]));
  dtypes.np = net.np.dtype.name;
  assert.deepEqual(dtypes, want.double);
  const grads = Object.fromEntries(
    [...net.named_parameters()].filter(([, p]) => p.grad !== null).map(([k, p]) => [k, (p.grad as Tensor).dtype.name]),
  );
  assert.deepEqual(grads, want.double_grads);
  net.eval();
  assert.deepEqual(
    [...net.modules()].map((m) => m.training),
    want.eval_training,
  );
  net.train();
  assert.ok([...net.modules()].every((m) => m.training));
});

test('zero_grad, requires_grad_, apply, containers', () => {
  const net = new Net();
  (net.forward(torch.ones(4, 2)) as Tensor).sum().backward();
  net.zero_grad(false);
  assert.deepEqual(net.fc.bias?.grad?.tolist(), [0, 0]);
  net.zero_grad();
  assert.ok([...net.parameters()].every((p) => p.grad === null));
  net.requires_grad_(false);
  assert.ok([...net.parameters()].every((p) => !p.requires_grad));
  const names: string[] = [];
  net.apply((m) => names.push(m.constructor.name));
  assert.deepEqual(names, ['Linear', 'Linear', 'ReLU', 'BatchNorm1d', 'Sequential', 'Net']);
  const list = new nn.ModuleList([new nn.ReLU(), new nn.Tanh()]);
  list.append(new nn.Sigmoid());
  assert.equal(list.length, 3);
  assert.equal(list.at(-1).constructor.name, 'Sigmoid');
  assert.deepEqual(
    [...list].map((m) => m.constructor.name),
    ['ReLU', 'Tanh', 'Sigmoid'],
  );
  const dict = new nn.ModuleDict({ a: new nn.ReLU() });
  dict.set('b', new nn.Tanh());
  assert.deepEqual(dict.keys(), ['a', 'b']);
  assert.equal(dict.get('b')?.constructor.name, 'Tanh');
  const seq = new nn.Sequential(new nn.Linear(2, 2), new nn.ReLU());
  assert.equal(seq.length, 2);
  assert.equal(seq.at(0).constructor.name, 'Linear');
});

test('linear of a 1-D input adds the bias as ATen does (in place, keeping the output dtype), out of place under vmap', () => {
  const F = torch.nn.functional;
  const W = torch.ones(4, 3);
  const x = torch.ones(3);
  assert.equal(F.linear(x, W, torch.ones(4, { dtype: torch.float64 })).dtype, torch.float32);
  // a bias per example with a shared input (functorch's decomposition adds out of place)
  const biases = torch.arange(8).reshape(2, 4).to(torch.float32);
  const out = torch.func.vmap((b: torch.Tensor) => F.linear(x, W, b))(biases);
  assert.deepEqual(out.tolist(), [
    [3, 4, 5, 6],
    [7, 8, 9, 10],
  ]);
});
