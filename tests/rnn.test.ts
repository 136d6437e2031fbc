// nn.RNN / LSTM / GRU and their cells against PyTorch 1.13 (tests/oracle/rnn.py -> tests/fixtures/rnn.json):
// bit-equal initialisation after manual_seed, repr, state_dict keys, outputs and the gradients of
// the input, the initial state and every parameter (with the fixture's weights loaded, and with
// the module's own seeded weights), dropout between layers from PyTorch's stream, PyTorch's error
// messages; and gradcheck (float64) of small LSTM/GRU/cells through torch.autograd.gradcheck.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { assertTensor, dec, errorOf, loadFixture, type EncTensor } from './helpers.js';
import { internalError, rng, valuePool } from './fuzz_values.js';

const nn = torch.nn;

type Kwarg = number | boolean | string | { dtype: 'float32' | 'float64' };

interface ModuleCase {
  name: string;
  ctor: string;
  args: (number | boolean | string)[];
  kwargs: Record<string, Kwarg>;
  seed: number;
  train: boolean;
  repr: string;
  init: Record<string, EncTensor>;
  input: EncTensor;
  hx?: EncTensor[];
  forward_seed: number;
  outs: EncTensor[];
  input_grad: EncTensor;
  hx_grads?: EncTensor[];
  param_grads: Record<string, EncTensor>;
}

interface ErrorCase {
  name: string;
  ctor: string;
  args: (number | boolean | string)[];
  kwargs: Record<string, Kwarg>;
  input_shape: number[] | null;
  hx_shapes: number[][] | null;
  input_dtype: 'float32' | 'float64';
  hx_dtype: 'float32' | 'float64';
  error: string;
}

const [fixture] = loadFixture<{ modules: ModuleCase[]; errors: ErrorCase[] }>('rnn');

type Ctor = new (...args: unknown[]) => torch.nn.Module;
const SINGLE_STATE = new Set(['RNN', 'GRU', 'RNNCell', 'GRUCell']);

function construct(c: { ctor: string; args: unknown[]; kwargs: Record<string, Kwarg> }): torch.nn.Module {
  const C = (nn as unknown as Record<string, Ctor>)[c.ctor];
  const kwargs = Object.fromEntries(
    Object.entries(c.kwargs).map(([k, v]) => [k, typeof v === 'object' ? torch[v.dtype] : v]),
  );
  return Object.keys(kwargs).length > 0 ? new C(...c.args, kwargs) : new C(...c.args);
}

/** The module's result flattened as the oracle flattens it (nested arrays in order). */
function flat(r: unknown): Tensor[] {
  return Array.isArray(r) ? r.flatMap(flat) : [r as Tensor];
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

function tolOf(e: EncTensor): { rtol: number; atol: number } {
  return e.dtype === 'float64' ? { rtol: 1e-10, atol: 1e-12 } : { rtol: 2e-5, atol: 2e-6 };
}

function replay(c: ModuleCase, m: torch.nn.Module): void {
  m.train(c.train);
  const x = dec(c.input, { requires_grad: true });
  const hs = (c.hx ?? []).map((h) => dec(h, { requires_grad: true }));
  const hx = c.hx === undefined ? undefined : SINGLE_STATE.has(c.ctor) ? hs[0] : hs;
  torch.manual_seed(c.forward_seed);
  const outs = flat(m.forward(x, hx));
  assert.equal(outs.length, c.outs.length, 'number of outputs');
  outs.forEach((o, i) => assertTensor(o, c.outs[i], { ...tolOf(c.outs[i]), label: `output ${i}` }));
  torch.autograd.backward(
    outs,
    outs.map((o) => gradLike(o)),
  );
  assertTensor(x.grad as Tensor, c.input_grad, { ...tolOf(c.input_grad), label: 'input grad' });
  hs.forEach((h, i) => {
    const want = (c.hx_grads as EncTensor[])[i];
    assertTensor(h.grad as Tensor, want, { ...tolOf(want), label: `hx[${i}] grad` });
  });
  const params = [...m.named_parameters()];
  assert.deepEqual(
    params.map(([k]) => k),
    Object.keys(c.param_grads),
    'parameter names',
  );
  for (const [k, p] of params) {
    assertTensor(p.grad as Tensor, c.param_grads[k], { ...tolOf(c.param_grads[k]), label: `grad ${k}` });
  }
}

for (const c of fixture.modules) {
  test(`${c.name}: init, repr, state_dict keys`, () => {
    torch.manual_seed(c.seed);
    const m = construct(c);
    assert.equal(String(m), c.repr);
    const state = m.state_dict();
    assert.deepEqual([...state.keys()], Object.keys(c.init), 'state_dict keys');
    for (const [k, v] of state) assertTensor(v, c.init[k], { rtol: 0, atol: 0, label: `init ${k}` });
  });

  test(`${c.name}: outputs and gradients (seeded init)`, () => {
    torch.manual_seed(c.seed);
    replay(c, construct(c));
  });

  test(`${c.name}: outputs and gradients (weights loaded from the fixture)`, () => {
    torch.manual_seed(c.seed + 1000);
    const m = construct(c);
    m.load_state_dict(Object.fromEntries(Object.entries(c.init).map(([k, v]) => [k, dec(v)])));
    replay(c, m);
  });
}

for (const e of fixture.errors) {
  test(`error: ${e.name}`, () => {
    const msg = errorOf(() => {
      const m = construct(e);
      if (e.input_shape === null) return;
      const hs = (e.hx_shapes ?? []).map((s) => torch.zeros(s, { dtype: torch[e.hx_dtype] }));
      const hx = e.hx_shapes === null ? undefined : SINGLE_STATE.has(e.ctor) ? hs[0] : hs;
      m.forward(torch.zeros(e.input_shape, { dtype: torch[e.input_dtype] }), hx);
    });
    assert.equal(msg, e.error);
  });
}

test('outputs are JavaScript arrays as PyTorch nests its tuples', () => {
  const x = torch.randn(4, 2, 3);
  const [out, h] = new nn.GRU(3, 5).forward(x);
  assert.deepEqual(
    [out.shape, h.shape],
    [
      [4, 2, 5],
      [1, 2, 5],
    ],
  );
  const [out2, [h2, c2]] = new nn.LSTM(3, 5, { num_layers: 2, batch_first: true }).forward(x);
  assert.deepEqual(
    [out2.shape, h2.shape, c2.shape],
    [
      [4, 2, 5],
      [2, 4, 5],
      [2, 4, 5],
    ],
  );
  const [hc, cc] = new nn.LSTMCell(3, 5).forward(x.select(0, 0));
  assert.deepEqual(
    [hc.shape, cc.shape],
    [
      [2, 5],
      [2, 5],
    ],
  );
  assert.equal(new nn.LSTM(3, 5, { bidirectional: true }).all_weights.length, 2);
});

test('grad_fn of the outputs and no dropout in eval', () => {
  const m = new nn.LSTM(3, 4, { num_layers: 2, dropout: 0.5 });
  const x = torch.randn(3, 2, 3);
  m.eval();
  const a = m.forward(x)[0];
  const b = m.forward(x)[0];
  assert.ok(torch.equal(a, b));
  assert.equal(a.grad_fn?.name(), 'StackBackward0');
});

// gradcheck (float64): analytical gradients of the composed recurrences against finite differences.
// The module's own parameters are among the checked inputs (gradcheck perturbs them in place).
test('gradcheck: LSTM (2 layers, bidirectional, proj_size) w.r.t. input, h0, c0 and weights', () => {
  torch.manual_seed(0);
  const m = new nn.LSTM(2, 3, { num_layers: 2, bidirectional: true, proj_size: 2, dtype: torch.float64 });
  const x = torch.randn([3, 2, 2], { dtype: torch.float64, requires_grad: true });
  const h0 = torch.randn([4, 2, 2], { dtype: torch.float64, requires_grad: true });
  const c0 = torch.randn([4, 2, 3], { dtype: torch.float64, requires_grad: true });
  const ps = [m.weight_ih_l0, m.weight_hh_l1_reverse, m.bias_hh_l0, m.weight_hr_l1] as Tensor[];
  assert.ok(
    torch.autograd.gradcheck(
      (xi: Tensor, h: Tensor, c: Tensor) => {
        const [out, [hn, cn]] = m.forward(xi, [h, c]);
        return [out, hn, cn];
      },
      [x, h0, c0, ...ps],
    ),
  );
});

test('gradcheck: GRU (bidirectional, batch_first) and a 2-layer RNN w.r.t. input, h0 and weights', () => {
  torch.manual_seed(1);
  const g = new nn.GRU(2, 3, { bidirectional: true, batch_first: true, dtype: torch.float64 });
  const x = torch.randn([2, 3, 2], { dtype: torch.float64, requires_grad: true });
  const h0 = torch.randn([2, 2, 3], { dtype: torch.float64, requires_grad: true });
  assert.ok(
    torch.autograd.gradcheck(
      (xi: Tensor, h: Tensor) => g.forward(xi, h),
      [x, h0, g.weight_hh_l0, g.bias_hh_l0_reverse as Tensor],
    ),
  );
  const r = new nn.RNN(2, 3, { num_layers: 2, nonlinearity: 'tanh', dtype: torch.float64 });
  assert.ok(torch.autograd.gradcheck((xi: Tensor) => r.forward(xi), [x.detach().requires_grad_(), r.weight_ih_l1]));
});

test('gradcheck: LSTMCell and GRUCell', () => {
  torch.manual_seed(2);
  const lc = new nn.LSTMCell(2, 3, { dtype: torch.float64 });
  const gc = new nn.GRUCell(2, 3, { dtype: torch.float64 });
  const x = torch.randn([2, 2], { dtype: torch.float64, requires_grad: true });
  const h = torch.randn([2, 3], { dtype: torch.float64, requires_grad: true });
  const c = torch.randn([2, 3], { dtype: torch.float64, requires_grad: true });
  assert.ok(torch.autograd.gradcheck((xi: Tensor, hi: Tensor, ci: Tensor) => lc.forward(xi, [hi, ci]), [x, h, c]));
  assert.ok(torch.autograd.gradcheck((xi: Tensor, hi: Tensor) => gc.forward(xi, hi), [x, h, gc.bias_hh as Tensor]));
});

test('random arguments to the recurrent modules, nn.utils and the new schedulers throw no internal error', () => {
  const random = rng(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const pool = [
    ...valuePool(),
    () => torch.randn(4, 2, 3),
    () => torch.randn(4, 3),
    () => torch.randn(1, 2, 5),
    () => [torch.randn(1, 2, 5), torch.randn(1, 2, 5)],
  ];
  const make: [string, unknown[]][] = [
    ['RNN', [3, 5]],
    ['LSTM', [3, 5, { num_layers: 2 }]],
    ['GRU', [3, 5, { bidirectional: true }]],
    ['RNNCell', [3, 5]],
    ['LSTMCell', [3, 5]],
    ['GRUCell', [3, 5]],
  ];
  const C = nn as unknown as Record<string, new (...a: unknown[]) => { forward(...a: unknown[]): unknown }>;
  const S = torch.optim.lr_scheduler as unknown as Record<string, new (...a: unknown[]) => { step(): void }>;
  const calls: (() => unknown)[] = [];
  for (let i = 0; i < 600; i++) {
    const args = Array.from({ length: Math.floor(random() * 4) }, () => pick(pool)());
    const [name, ctorArgs] = pick(make);
    const kind = Math.floor(random() * 5);
    calls.push(() => {
      if (kind === 0) return new C[name](...args);
      if (kind === 1) return new C[name](...ctorArgs).forward(...args);
      if (kind === 2) return nn.utils.rnn.pad_sequence(...(args as [Tensor[]]));
      if (kind === 3) return (nn.utils.clip_grad_norm_ as (...a: unknown[]) => unknown)(...args);
      const opt = new torch.optim.SGD([torch.zeros(1, { requires_grad: true })], { lr: 0.1, momentum: 0.9 });
      const n = pick(['LambdaLR', 'LinearLR', 'OneCycleLR', 'SequentialLR']);
      new S[n](opt, ...args).step();
    });
  }
  const failures: string[] = [];
  for (const call of calls) {
    try {
      call();
    } catch (e) {
      if (internalError(e)) failures.push((e as Error).message);
    }
  }
  assert.deepEqual(failures.slice(0, 20), []);
});

test('recurrent modules take dtype by name, also in their allocation check (surface fuzzer seed 7049: LSTM(0, 100000, { dtype: "float32" }) threw "Cannot convert undefined to a BigInt")', () => {
  assert.equal(new nn.LSTM(2, 3, { dtype: 'float64' } as never).weight_ih_l0.dtype, torch.float64);
  assert.equal(new nn.GRU(2, 3, { dtype: 'torch.float64' } as never).weight_hh_l0.dtype, torch.float64);
  assert.equal(new nn.LSTMCell(2, 3, { dtype: 'float64' } as never).weight_hh.dtype, torch.float64);
  assert.throws(
    () => new nn.LSTM(0, 100000, { dtype: 'float32' } as never),
    /^Error: \[enforce fail at alloc_cpu\.cpp:75\] .* you tried to allocate 160000000000 bytes\./,
  );
});

test('a small Embedding -> LSTM (2 layers, dropout) -> Linear model trains as in PyTorch', () => {
  const t = (fixture as unknown as { train: Train }).train;
  torch.manual_seed(0);
  const emb = new nn.Embedding(11, 6);
  const lstm = new nn.LSTM(6, 8, 2, { batch_first: true, dropout: 0.2 });
  const head = new nn.Linear(8, 11);
  const tokens = dec(t.tokens);
  const decay = [lstm.weight_ih_l0, lstm.weight_hh_l0, lstm.weight_ih_l1, lstm.weight_hh_l1, head.weight];
  const noDecay = [emb.weight, lstm.bias_ih_l0, lstm.bias_hh_l0, lstm.bias_ih_l1, lstm.bias_hh_l1, head.bias].map(
    (p) => p as Tensor,
  );
  const opt = new torch.optim.AdamW(
    [
      { params: decay, weight_decay: 0.1 },
      { params: noDecay, weight_decay: 0 },
    ],
    { lr: 0.02 },
  );
  const sched = new torch.optim.lr_scheduler.LinearLR(opt, { start_factor: 0.25, total_iters: 3 });
  torch.manual_seed(1);
  const x = tokens.index(':', ':-1');
  const y = tokens.index(':', '1:');
  t.losses.forEach((want, step) => {
    opt.zero_grad();
    const [out] = lstm.forward(emb.forward(x));
    const loss = nn.functional.cross_entropy(head.forward(out).reshape(-1, 11), y.reshape(-1));
    loss.backward();
    const norm = nn.utils.clip_grad_norm_(lstm.parameters(), 0.05).item() as number;
    opt.step();
    sched.step();
    const got = loss.item() as number;
    assert.ok(Math.abs(got - want) <= 1e-5 * want, `step ${step} loss ${got} vs ${want}`);
    assert.ok(Math.abs(norm - t.norms[step]) <= 1e-5 * t.norms[step], `step ${step} norm ${norm} vs ${t.norms[step]}`);
  });
  const state = new Map([
    ...[...emb.state_dict()].map(([k, v]): [string, Tensor] => [`emb.${k}`, v]),
    ...[...lstm.state_dict()].map(([k, v]): [string, Tensor] => [`lstm.${k}`, v]),
    ...[...head.state_dict()].map(([k, v]): [string, Tensor] => [`head.${k}`, v]),
  ]);
  assert.deepEqual([...state.keys()], Object.keys(t.state));
  for (const [k, v] of state) assertTensor(v, t.state[k], { rtol: 1e-4, atol: 1e-5, label: k });
});

interface Train {
  tokens: EncTensor;
  losses: number[];
  norms: number[];
  state: Record<string, EncTensor>;
}
