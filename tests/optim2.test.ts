// The rest of torch.optim against PyTorch 1.13 (fixtures from tests/oracle/optim2.py): Adagrad,
// Adadelta, Adamax, NAdam, RAdam, ASGD and Rprop trajectories over six steps with two parameter
// groups, their state_dicts; LBFGS with and without the strong-Wolfe line search; the lr (and
// momentum) sequences of the schedulers over 30 steps; error texts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { assertTensor, errorOf, loadFixture, type EncTensor } from './helpers.js';

type Kind = 'trajectory' | 'lbfgs' | 'schedulers' | 'errors';
interface Case {
  kind: Kind;
}
interface Trajectory extends Case {
  optimizer: string;
  kwargs: Record<string, unknown>;
  group1: Record<string, unknown>;
  dtype: 'float32' | 'float64';
  trajectory: { w: EncTensor; b: EncTensor }[];
  state: Record<string, Record<string, EncTensor | number | null>>;
  param_groups: Record<string, unknown>[];
}
interface Lbfgs extends Case {
  kwargs: Record<string, unknown>;
  dtype: 'float32' | 'float64';
  trajectory: { w: EncTensor; b: EncTensor }[];
  losses: number[];
  func_evals: number;
  n_iter: number;
  param_groups: Record<string, unknown>[];
}

const cases = loadFixture<Case>('optim2');
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

function lossOf(w: Tensor, b: Tensor): Tensor {
  const x = vals([5, 4], 1).to(w.dtype);
  const y = vals([5, 3], 2).to(w.dtype);
  const c = torch.tensor([1.0, 0.5, 2.0], { dtype: w.dtype });
  return x.matmul(w.T).add(b).sub(y).pow(2).mul(c).sum();
}

type OptCtor = new (params: unknown, ...args: unknown[]) => torch.optim.Optimizer;
const optim = torch.optim as unknown as Record<string, OptCtor>;
const tol = (dtype: string) => (dtype === 'float32' ? { rtol: 1e-5, atol: 1e-5 } : { rtol: 1e-12, atol: 1e-12 });

function checkState(sd: torch.optim.OptimizerState, want: Trajectory['state'], dtype: string): void {
  for (const [i, st] of Object.entries(want)) {
    const mine = sd.state.get(Number(i)) as Record<string, unknown>;
    assert.deepEqual(Object.keys(mine).sort(), Object.keys(st).sort(), `state ${i} keys`);
    for (const [k, v] of Object.entries(st)) {
      if (v === null || typeof v === 'number') assert.equal(mine[k], v, `state ${i} ${k}`);
      else assertTensor(mine[k] as Tensor, v, { ...tol(dtype), label: `state ${i} ${k}` });
    }
  }
}

for (const c of of<Trajectory>('trajectory')) {
  test(`${c.optimizer} ${JSON.stringify(c.kwargs)} group1 ${JSON.stringify(c.group1)} ${c.dtype}`, () => {
    const [w, b] = problem(torch[c.dtype]);
    const opt = new optim[c.optimizer]([{ params: [w] }, { params: [b], ...c.group1 }], c.kwargs);
    c.trajectory.forEach((want, i) => {
      opt.zero_grad();
      lossOf(w, b).backward();
      opt.step();
      assertTensor(w, want.w, { ...tol(c.dtype), label: `step ${i} w` });
      assertTensor(b, want.b, { ...tol(c.dtype), label: `step ${i} b` });
    });
    const sd = opt.state_dict();
    checkState(sd, c.state, c.dtype);
    const groups = sd.param_groups.map((g) => JSON.parse(JSON.stringify(g)) as Record<string, unknown>);
    assert.deepEqual(groups, c.param_groups);
  });
}

test('state_dict round trip of every new optimizer continues the same trajectory', () => {
  for (const c of of<Trajectory>('trajectory').filter((x) => x.dtype === 'float64')) {
    const [w, b] = problem(torch.float64);
    const make = (x: Tensor, y: Tensor) =>
      new optim[c.optimizer]([{ params: [x] }, { params: [y], ...c.group1 }], c.kwargs);
    let opt = make(w, b);
    c.trajectory.forEach((want, i) => {
      opt.zero_grad();
      lossOf(w, b).backward();
      opt.step();
      assertTensor(w, want.w, { ...tol('float64'), label: `${c.optimizer} step ${i} w` });
      if (i === 2) {
        const saved = opt.state_dict();
        opt = make(w, b);
        opt.load_state_dict(saved);
      }
    });
  }
});

for (const c of of<Lbfgs>('lbfgs')) {
  test(`LBFGS ${JSON.stringify(c.kwargs)} ${c.dtype}`, () => {
    const [w, b] = problem(torch[c.dtype]);
    const opt = new torch.optim.LBFGS([w, b], c.kwargs);
    const closure = () => {
      opt.zero_grad();
      const loss = lossOf(w, b).mul(0.05);
      loss.backward();
      return loss;
    };
    // float32: PyTorch sums the dot products in float32, so iterations drift apart by rounding
    const t = c.dtype === 'float64' ? { rtol: 1e-9, atol: 1e-9 } : { rtol: 2e-3, atol: 2e-3 };
    c.trajectory.forEach((want, i) => {
      const loss = opt.step(closure);
      assert.ok(Math.abs((loss.item() as number) - c.losses[i]) <= t.rtol * Math.abs(c.losses[i]) + t.atol);
      assertTensor(w, want.w, { ...t, label: `step ${i} w` });
      assertTensor(b, want.b, { ...t, label: `step ${i} b` });
    });
    const sd = opt.state_dict();
    if (c.dtype === 'float64') {
      const st = sd.state.get(0) as Record<string, unknown>;
      assert.equal(st.func_evals, c.func_evals);
      assert.equal(st.n_iter, c.n_iter);
    }
    assert.deepEqual(JSON.parse(JSON.stringify(sd.param_groups)), c.param_groups);
  });
}

test('optimizer and scheduler error texts', () => {
  const [c] = of<Case & { errors: Record<string, string | null> }>('errors');
  const p = new torch.nn.Parameter(torch.ones(2));
  const S = torch.optim.lr_scheduler as unknown as Record<string, new (...a: unknown[]) => unknown>;
  const sgd = () => new torch.optim.SGD([p], { lr: 0.1 });
  const thunks: Record<string, () => unknown> = {
    'Adagrad lr': () => new torch.optim.Adagrad([p], { lr: -1 }),
    'Adagrad lr_decay': () => new torch.optim.Adagrad([p], { lr_decay: -1 }),
    'Adagrad weight_decay': () => new torch.optim.Adagrad([p], { weight_decay: -1 }),
    'Adagrad initial_accumulator_value': () => new torch.optim.Adagrad([p], { initial_accumulator_value: -1 }),
    'Adagrad eps': () => new torch.optim.Adagrad([p], { eps: -1 }),
    'Adadelta rho': () => new torch.optim.Adadelta([p], { rho: 1.5 }),
    'Adadelta lr': () => new torch.optim.Adadelta([p], -1),
    'Adamax beta': () => new torch.optim.Adamax([p], { betas: [1.0, 0.9] }),
    'NAdam momentum_decay': () => new torch.optim.NAdam([p], { momentum_decay: -1 }),
    'RAdam beta': () => new torch.optim.RAdam([p], { betas: [0.9, 1.0] }),
    'ASGD lr': () => new torch.optim.ASGD([p], { lr: -1 }),
    'Rprop etas': () => new torch.optim.Rprop([p], { etas: [1.5, 1.2] }),
    'Rprop lr': () => new torch.optim.Rprop([p], -1),
    'LBFGS groups': () => new torch.optim.LBFGS([{ params: [p] }, { params: [new torch.nn.Parameter(torch.ones(1))] }]),
    'SGD unknown option': () => new torch.optim.SGD([p], { lr: 0.1, foo: 1 } as object),
    'Adam unknown option': () => new torch.optim.Adam([p], { lr: 0.1, momentum: 0.9 } as object),
    'RMSprop unknown option': () => new torch.optim.RMSprop([p], { betas: [0.9, 0.99] } as object),
    'Adagrad unknown option': () => new torch.optim.Adagrad([p], { foo: 1 }),
    'LBFGS unknown option': () => new torch.optim.LBFGS([p], { momentum: 0.9 }),
    'LBFGS no closure': () => new torch.optim.LBFGS([p]).step(),
    'MultiStepLR not optimizer': () => new S.MultiStepLR(5, [1]),
    'ConstantLR factor': () => new S.ConstantLR(sgd(), { factor: 2 }),
    'CosineAnnealingWarmRestarts T_0': () => new S.CosineAnnealingWarmRestarts(sgd(), 0),
    'CosineAnnealingWarmRestarts T_mult': () => new S.CosineAnnealingWarmRestarts(sgd(), 2, { T_mult: 0 }),
    'CyclicLR mode': () => new S.CyclicLR(sgd(), 0.01, 0.1, { mode: 'foo' }),
    'CyclicLR momentum': () => new S.CyclicLR(new torch.optim.Adagrad([p]), 0.01, 0.1),
    'ReduceLROnPlateau factor': () => new S.ReduceLROnPlateau(sgd(), { factor: 1.0 }),
    'ReduceLROnPlateau mode': () => new S.ReduceLROnPlateau(sgd(), { mode: 'foo' }),
    'ReduceLROnPlateau threshold_mode': () => new S.ReduceLROnPlateau(sgd(), { threshold_mode: 'foo' }),
    'ReduceLROnPlateau min_lr': () => new S.ReduceLROnPlateau(sgd(), { min_lr: [0.1, 0.2] }),
  };
  // a JS value's type is named as JS names it (number for Python's int), as everywhere in tensorgrad
  const jsNames = (m: string | null) => m?.replace(/^int is not/, 'number is not') ?? null;
  for (const [k, fn] of Object.entries(thunks)) {
    assert.equal(errorOf(fn), jsNames(c.errors[k]), k);
  }
});

test('positional hyperparameters, as PyTorch', () => {
  const [w, b] = problem(torch.float64);
  const a = new torch.optim.Adagrad([w, b], 0.1, 0.01, 0.1);
  assert.equal(a.param_groups[0].lr, 0.1);
  assert.equal(a.param_groups[0].lr_decay, 0.01);
  assert.equal(a.param_groups[0].weight_decay, 0.1);
  const sgd = new torch.optim.SGD([w, b], 0.1, 0.9, 0, 0, true);
  assert.equal(sgd.param_groups[0].momentum, 0.9);
  assert.equal(sgd.param_groups[0].nesterov, true);
  const adam = new torch.optim.Adam([w, b], 0.01, [0.8, 0.9], { amsgrad: true });
  assert.deepEqual(adam.param_groups[0].betas, [0.8, 0.9]);
  assert.equal(adam.param_groups[0].amsgrad, true);
  const r = new torch.optim.Rprop([w, b], 0.02, [0.3, 1.5], { maximize: true });
  assert.deepEqual(r.param_groups[0].etas, [0.3, 1.5]);
  assert.equal(r.param_groups[0].maximize, true);
});

interface Sched {
  scheduler: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  lrs: number[][];
  momentums: number[][];
  last_lr: number[][];
  state_dict: Record<string, unknown>;
}

type SchedCtor = new (...args: unknown[]) => {
  step(metric?: number): void;
  get_last_lr(): number[];
  state_dict(): Record<string, unknown>;
  load_state_dict(sd: Record<string, unknown>): void;
};
const S = torch.optim.lr_scheduler as unknown as Record<string, SchedCtor>;

function makeScheduler(s: Sched, opt: torch.optim.Optimizer) {
  if (s.scheduler === 'MultiplicativeLR') return new S.MultiplicativeLR(opt, () => 0.95);
  if (s.scheduler === 'ChainedScheduler') {
    return new S.ChainedScheduler([
      new S.ConstantLR(opt, { factor: 0.1, total_iters: 2 }),
      new S.ExponentialLR(opt, { gamma: 0.9 }),
    ]);
  }
  return new S[s.scheduler](opt, ...s.args, s.kwargs);
}

const unnum = (v: unknown): unknown =>
  v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Array.isArray(v) ? v.map(unnum) : v;
// PyTorch's own bookkeeping, which tensorgrad's schedulers do not keep
const PYTORCH_ONLY = new Set(['verbose', '_get_lr_called_within_step', '_scale_fn_custom']);

const schedCases = of<Case & { cases: Sched[]; metrics: number[] }>('schedulers')[0];
for (const s of schedCases.cases) {
  test(`${s.scheduler} ${JSON.stringify(s.args)} ${JSON.stringify(s.kwargs)}: lr sequence and state_dict`, () => {
    const p = new torch.nn.Parameter(torch.zeros(1));
    const q = new torch.nn.Parameter(torch.zeros(1));
    const opt = new torch.optim.SGD([{ params: [p] }, { params: [q], lr: 0.05 }], { lr: 0.1, momentum: 0.9 });
    const plateau = s.scheduler === 'ReduceLROnPlateau';
    const sched = makeScheduler(s, opt);
    const lrs = [opt.param_groups.map((g) => g.lr)];
    const moms = [opt.param_groups.map((g) => g.momentum as number)];
    const last = plateau ? [] : [sched.get_last_lr()];
    for (let i = 0; i < 30; i++) {
      opt.step();
      if (plateau) sched.step(schedCases.metrics[i]);
      else {
        sched.step();
        last.push(sched.get_last_lr());
      }
      lrs.push(opt.param_groups.map((g) => g.lr));
      moms.push(opt.param_groups.map((g) => g.momentum as number));
    }
    const close = (a: number[][], b: number[][], what: string) =>
      a.forEach((row, i) =>
        row.forEach((v, j) =>
          assert.ok(
            Math.abs(v - b[i][j]) <= 1e-15 + 1e-13 * Math.abs(b[i][j]),
            `${what} ${i}[${j}]: ${v} vs ${b[i][j]}`,
          ),
        ),
      );
    assert.equal(lrs.length, s.lrs.length);
    close(lrs, s.lrs, 'lr');
    close(moms, s.momentums, 'momentum');
    assert.equal(last.length, s.last_lr.length);
    close(last, s.last_lr, 'get_last_lr()');
    if (plateau) close([sched.get_last_lr()], [s.lrs[30]], 'get_last_lr()');
    const sd = sched.state_dict();
    for (const [k, v] of Object.entries(s.state_dict)) {
      if (PYTORCH_ONLY.has(k)) continue;
      assert.ok(k in sd, `state_dict key ${k}`);
      const mine = sd[k];
      if (typeof v === 'number' && typeof mine === 'number') {
        assert.ok(Math.abs(mine - v) <= 1e-13 * Math.abs(v), `state_dict ${k}: ${mine} vs ${v}`);
      } else if (Array.isArray(v) && v.every((x) => typeof x === 'number')) {
        close([mine as number[]], [v as number[]], `state_dict ${k}`);
      } else assert.deepEqual(mine, unnum(v), `state_dict ${k}`);
    }
    // a fresh scheduler loaded from state_dict continues identically
    const p2 = new torch.nn.Parameter(torch.zeros(1));
    const q2 = new torch.nn.Parameter(torch.zeros(1));
    const opt2 = new torch.optim.SGD([{ params: [p2] }, { params: [q2], lr: 0.05 }], { lr: 0.1, momentum: 0.9 });
    const sched2 = makeScheduler(s, opt2);
    sched2.load_state_dict(sched.state_dict());
    opt2.load_state_dict(opt.state_dict());
    for (let i = 0; i < 5; i++) {
      if (plateau) {
        sched.step(1);
        sched2.step(1);
      } else {
        sched.step();
        sched2.step();
      }
      assert.deepEqual(
        opt2.param_groups.map((g) => g.lr),
        opt.param_groups.map((g) => g.lr),
        `after load_state_dict, step ${i}`,
      );
    }
  });
}

test('LBFGS state_dict round trip: counters kept, the history restarts from steepest descent', () => {
  const [w, b] = problem(torch.float64);
  const opt = new torch.optim.LBFGS([w, b], { max_iter: 3 });
  const closure = () => {
    opt.zero_grad();
    const loss = lossOf(w, b).mul(0.05);
    loss.backward();
    return loss;
  };
  opt.step(closure);
  const opt2 = new torch.optim.LBFGS([w, b], { max_iter: 3 });
  opt2.load_state_dict(opt.state_dict());
  const n = (opt.state_dict().state.get(0) as Record<string, number>).n_iter;
  assert.ok(n > 0);
  const before = lossOf(w, b).item() as number;
  opt2.step(() => {
    opt2.zero_grad();
    const loss = lossOf(w, b).mul(0.05);
    loss.backward();
    return loss;
  });
  assert.ok((lossOf(w, b).item() as number) < before);
  assert.ok((opt2.state_dict().state.get(0) as Record<string, number>).n_iter > n);
});
