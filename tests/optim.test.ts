// torch.optim against PyTorch 1.13 (fixtures from tests/oracle/optim.py): SGD, Adam, AdamW and
// RMSprop trajectories over six steps of a fixed problem in float32 and float64, their state_dict
// tensors, parameter groups and reprs; state_dict round trips; schedulers; error texts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { assertTensor, errorOf, loadFixture, type EncTensor } from './helpers.js';

type Kind = 'trajectory' | 'groups' | 'schedulers' | 'errors';
interface Case {
  kind: Kind;
}
interface Trajectory extends Case {
  optimizer: 'SGD' | 'Adam' | 'AdamW' | 'RMSprop';
  kwargs: Record<string, unknown>;
  dtype: 'float32' | 'float64';
  losses: number[];
  trajectory: { w: EncTensor; b: EncTensor }[];
  state: Record<string, Record<string, EncTensor | number | null>>;
  param_groups: Record<string, unknown>[];
  repr: string;
}

const cases = loadFixture<Case>('optim');
const of = <T extends Case>(kind: Kind): T[] => cases.filter((c) => c.kind === kind) as T[];

/** vals() of tests/oracle/optim.py. */
function vals(shape: number[], salt: number, dtype = torch.float32): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const u = Math.abs((Math.sin(12.9898 * (i + 1) + 78.233 * (salt + 1)) * 43758.5453) % 1);
    out.push(Math.round((-2 + 4 * u) * 1e4) / 1e4);
  }
  return torch.tensor(out, { dtype: torch.float64 }).reshape(shape).to(dtype);
}

function problem(dtype: torch.DType): [torch.nn.Parameter, torch.nn.Parameter] {
  return [new torch.nn.Parameter(vals([3, 4], 3, dtype)), new torch.nn.Parameter(vals([3], 4, dtype))];
}

// sum((x @ w.T + b - y)^2 * c), with x and y made in float32 as the oracle's are
function lossOf(w: Tensor, b: Tensor): Tensor {
  const x = vals([5, 4], 1).to(w.dtype);
  const y = vals([5, 3], 2).to(w.dtype);
  const c = torch.tensor([1.0, 0.5, 2.0], { dtype: w.dtype });
  return x.matmul(w.T).add(b).sub(y).pow(2).mul(c).sum();
}

type OptCtor = new (params: unknown, opts?: unknown) => torch.optim.Optimizer;
// float32 gradients differ from PyTorch's by summation order (a few ulps of the largest terms).
const tol = (dtype: string) => (dtype === 'float32' ? { rtol: 1e-5, atol: 1e-5 } : { rtol: 1e-12, atol: 1e-12 });

for (const c of of<Trajectory>('trajectory')) {
  test(`${c.optimizer} ${JSON.stringify(c.kwargs)} ${c.dtype}`, () => {
    const [w, b] = problem(torch[c.dtype]);
    const Ctor = (torch.optim as unknown as Record<string, OptCtor>)[c.optimizer];
    const opt = new Ctor([w, b], c.kwargs);
    c.trajectory.forEach((want, i) => {
      opt.zero_grad();
      const loss = lossOf(w, b);
      assert.ok(Math.abs((loss.item() as number) - c.losses[i]) <= 1e-5 * Math.abs(c.losses[i]) + 1e-6, `loss ${i}`);
      loss.backward();
      opt.step();
      assertTensor(w, want.w, { ...tol(c.dtype), label: `step ${i} w` });
      assertTensor(b, want.b, { ...tol(c.dtype), label: `step ${i} b` });
    });
    const sd = opt.state_dict();
    for (const [i, st] of Object.entries(c.state)) {
      const mine = sd.state.get(Number(i)) as Record<string, unknown>;
      assert.deepEqual(Object.keys(mine).sort(), Object.keys(st).sort(), `state ${i} keys`);
      for (const [k, v] of Object.entries(st)) {
        if (v === null || typeof v === 'number') assert.equal(mine[k], v, `state ${i} ${k}`);
        else assertTensor(mine[k] as Tensor, v, { ...tol(c.dtype), label: `state ${i} ${k}` });
      }
    }
    const groups = sd.param_groups.map((g) => JSON.parse(JSON.stringify(g)) as Record<string, unknown>);
    assert.deepEqual(groups, c.param_groups);
    assert.equal(String(opt), c.repr);
  });
}

test('state_dict round trip continues the same trajectory (two groups)', () => {
  const [c] = of<Case & { trajectory: { w: EncTensor; b: EncTensor }[]; repr: string }>('groups');
  const [w, b] = problem(torch.float32);
  const groups = [{ params: [w] }, { params: [b], lr: 0.1, momentum: 0.5 }];
  let opt = new torch.optim.SGD(groups, { lr: 0.01, momentum: 0.9 });
  assert.equal(String(opt), c.repr);
  c.trajectory.forEach((want, i) => {
    opt.zero_grad();
    lossOf(w, b).backward();
    opt.step();
    assertTensor(w, want.w, { ...tol('float32'), label: `step ${i} w` });
    assertTensor(b, want.b, { ...tol('float32'), label: `step ${i} b` });
    if (i === 2) {
      const saved = opt.state_dict();
      opt = new torch.optim.SGD([{ params: [w] }, { params: [b] }], { lr: 0.5 });
      opt.load_state_dict(saved);
    }
  });
});

test('Adam state_dict round trip', () => {
  const [w, b] = problem(torch.float32);
  const opt = new torch.optim.Adam([w, b], { lr: 0.05, amsgrad: true });
  const [w2, b2] = problem(torch.float32);
  const opt2 = new torch.optim.Adam([w2, b2], { lr: 0.05, amsgrad: true });
  for (let i = 0; i < 6; i++) {
    for (const [o, x, y] of [
      [opt, w, b],
      [opt2, w2, b2],
    ] as const) {
      o.zero_grad();
      lossOf(x, y).backward();
      o.step();
    }
    if (i === 2) opt2.load_state_dict(opt.state_dict());
  }
  assert.deepEqual(w2.tolist(), w.tolist());
  assert.deepEqual(b2.tolist(), b.tolist());
});

test('zero_grad sets grads to null by default, or zeroes them', () => {
  const [w, b] = problem(torch.float32);
  const opt = new torch.optim.SGD([w, b], { lr: 0.1 });
  lossOf(w, b).backward();
  opt.zero_grad(false);
  assert.deepEqual(b.grad?.tolist(), [0, 0, 0]);
  opt.zero_grad();
  assert.equal(w.grad, null);
  assert.equal(b.grad, null);
});

test('step bumps the parameter version and leaves params without grads alone', () => {
  const [w, b] = problem(torch.float32);
  const opt = new torch.optim.Adam([w, b]);
  lossOf(w, b).backward();
  b.grad = null;
  const before = b.tolist();
  const v = w._version;
  opt.step();
  assert.equal(w._version, v + 1);
  assert.deepEqual(b.tolist(), before);
});

interface Sched {
  scheduler: 'StepLR' | 'CosineAnnealingLR';
  args: number[];
  kwargs: { gamma?: number; eta_min?: number };
  lrs: number[];
  last_lr: number[][];
  last_epoch: number;
}

test('schedulers set PyTorch learning rates', () => {
  const [c] = of<Case & { cases: Sched[] }>('schedulers');
  for (const s of c.cases) {
    const p = new torch.nn.Parameter(torch.zeros(1));
    const opt = new torch.optim.SGD([p], { lr: 0.1 });
    const extra = s.scheduler === 'StepLR' ? s.kwargs.gamma : s.kwargs.eta_min;
    const sched =
      s.scheduler === 'StepLR'
        ? new torch.optim.lr_scheduler.StepLR(opt, s.args[0], extra)
        : new torch.optim.lr_scheduler.CosineAnnealingLR(opt, s.args[0], extra);
    const lrs = [opt.param_groups[0].lr];
    const last = [sched.get_last_lr()];
    for (let i = 0; i < 12; i++) {
      opt.step();
      sched.step();
      lrs.push(opt.param_groups[0].lr);
      last.push(sched.get_last_lr());
    }
    lrs.forEach((lr, i) =>
      assert.ok(Math.abs(lr - s.lrs[i]) < 1e-15, `${s.scheduler} epoch ${i}: ${lr} vs ${s.lrs[i]}`),
    );
    assert.equal(last.length, s.last_lr.length);
    last.forEach((lrs, i) => {
      assert.equal(lrs.length, s.last_lr[i].length, `${s.scheduler} get_last_lr() ${i}: one rate per group`);
      lrs.forEach((lr, g) =>
        assert.ok(
          Math.abs(lr - s.last_lr[i][g]) < 1e-15,
          `${s.scheduler} get_last_lr() ${i}[${g}]: ${lr} vs ${s.last_lr[i][g]}`,
        ),
      );
    });
    assert.equal(sched.last_epoch, s.last_epoch);
  }
});

test('optimizer error texts', () => {
  const [c] = of<Case & { errors: Record<string, string> }>('errors');
  const e = c.errors;
  const p = new torch.nn.Parameter(torch.ones(2));
  assert.equal(
    errorOf(() => new torch.optim.SGD([p])),
    e['SGD no lr'],
  );
  assert.equal(
    errorOf(() => new torch.optim.SGD([p], { lr: -0.5 })),
    e['SGD negative lr'],
  );
  assert.equal(
    errorOf(() => new torch.optim.SGD([p], { lr: 0.1, momentum: -0.5 })),
    e['SGD negative momentum'],
  );
  assert.equal(
    errorOf(() => new torch.optim.SGD([p], { lr: 0.1, nesterov: true })),
    e['SGD nesterov'],
  );
  assert.equal(
    errorOf(() => new torch.optim.Adam([p], { betas: [1.5, 0.9] })),
    e['Adam beta'],
  );
  assert.equal(
    errorOf(() => new torch.optim.Adam([p], { betas: [0.9, -0.5] })),
    e['Adam beta 1'],
  );
  assert.equal(
    errorOf(() => new torch.optim.Adam([p], { eps: -0.5 })),
    e['Adam eps'],
  );
  assert.equal(
    errorOf(() => new torch.optim.Adam([p], { weight_decay: -0.5 })),
    e['Adam weight_decay'],
  );
  assert.equal(
    errorOf(() => new torch.optim.RMSprop([p], { alpha: -0.5 })),
    e['RMSprop alpha'],
  );
  assert.equal(
    errorOf(() => new torch.optim.Adam([])),
    e.empty,
  );
  assert.equal(
    errorOf(() => new torch.optim.Adam([{ params: [p] }, { params: [p] }])),
    e['duplicate groups'],
  );
});
