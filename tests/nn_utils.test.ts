// torch.nn.utils (clip_grad_norm_, clip_grad_value_, rnn.pad_sequence), nn.Embedding's max_norm and
// padding_idx, and the schedulers training recipes use (LambdaLR, LinearLR, SequentialLR, OneCycleLR)
// against PyTorch 1.13 (tests/oracle/nn_utils.py -> tests/fixtures/nn_utils.json).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { assertTensor, dec, errorOf, loadFixture, type EncTensor } from './helpers.js';

const { nn, optim } = torch;
const S = optim.lr_scheduler;

interface ClipCase {
  name: string;
  kwargs: { max_norm: number; norm_type?: number | 'inf' };
  scale: number;
  none_at: number | null;
  total: EncTensor;
  grads: (EncTensor | null)[];
}

interface PadCase {
  name: string;
  kwargs: { batch_first?: boolean; padding_value?: number };
  seqs: EncTensor[];
  out: EncTensor;
  grads: EncTensor[];
}

interface EmbCase {
  name: string;
  args: [number, number];
  kwargs: { padding_idx?: number; max_norm?: number; norm_type?: number };
  repr: string;
  init: EncTensor;
  input: EncTensor;
  out: EncTensor;
  weight_after: EncTensor;
  weight_grad: EncTensor;
}

interface SchedSpec {
  kind: string;
  args?: Record<string, unknown>;
  milestones?: number[];
  schedulers?: SchedSpec[];
}

interface Row {
  lr: number[];
  beta1?: number[];
  momentum?: number[];
}

interface SchedCase {
  name: string;
  optimizer: 'SGD' | 'Adam';
  groups: number;
  spec: SchedSpec;
  rows: Row[];
  last_lr: number[][];
}

interface Fixture {
  clip_grad_norm: {
    cases: ClipCase[];
    single: { total: EncTensor; grad: EncTensor };
    float64: { total: EncTensor; grads: EncTensor[] };
    empty: EncTensor;
    nonfinite_error: string;
    nonfinite_inf_error: string;
    nan_unchecked: { total: EncTensor; grad: EncTensor };
  };
  clip_grad_value: { clip_value: number; grads: EncTensor[] };
  pad_sequence: { cases: PadCase[]; empty_error: string; mismatch_error: string };
  embedding: EmbCase[];
  schedulers: { cases: SchedCase[]; errors: Record<string, string> };
  wd_groups: {
    X: EncTensor;
    Y: EncTensor;
    w0: EncTensor;
    b0: EncTensor;
    trajectory: { loss: number; w: EncTensor; b: EncTensor; lr: number[] }[];
  };
}

const [fx] = loadFixture<Fixture>('nn_utils');

// ---------------------------------------------------------------- clip_grad_norm_ / clip_grad_value_

const SHAPES = [[3, 4], [4], [2, 2, 2]];

/** The oracle's deterministic values (tests/oracle/nn.py vals), rounded to 4 places. */
function vals(shape: number[], salt: number, dtype = torch.float32): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const u = Math.abs(Math.sin(12.9898 * (i + 1) + 78.233 * (salt + 1)) * 43758.5453) % 1;
    out.push(Math.round((-2 + 4 * u) * 1e4) / 1e4);
  }
  return torch.tensor(out, { dtype: torch.float64 }).reshape(shape).to(dtype);
}

function paramsWithGrads(scale = 1, noneAt: number | null = null, dtype = torch.float32): Tensor[] {
  return SHAPES.map((s, i) => {
    const p = new nn.Parameter(torch.zeros(s, { dtype }));
    if (i !== noneAt) p.grad = vals(s, i, dtype).mul(scale);
    return p;
  });
}

test('the fixture values are regenerated exactly (vals)', () => {
  const ps = paramsWithGrads();
  // Spot check against the oracle's own clip_grad_value_ input: clamp(vals) must equal its result.
  nn.utils.clip_grad_value_(ps, fx.clip_grad_value.clip_value);
  ps.forEach((p, i) => assertTensor(p.grad as Tensor, fx.clip_grad_value.grads[i], { rtol: 0, atol: 0 }));
});

for (const c of fx.clip_grad_norm.cases) {
  test(`clip_grad_norm_: ${c.name}`, () => {
    const ps = paramsWithGrads(c.scale, c.none_at);
    const total = nn.utils.clip_grad_norm_(ps, c.kwargs.max_norm, { norm_type: c.kwargs.norm_type ?? 2 });
    assertTensor(total, c.total, { rtol: 1e-6, atol: 1e-7, label: 'total norm' });
    assert.equal(total.requires_grad, false);
    ps.forEach((p, i) => {
      const want = c.grads[i];
      if (want === null) assert.equal(p.grad, null);
      else assertTensor(p.grad as Tensor, want, { rtol: 1e-6, atol: 1e-7, label: `grad ${i}` });
    });
  });
}

test('clip_grad_norm_: one tensor, float64, no grads, positional norm_type, non-finite norms', () => {
  const cg = fx.clip_grad_norm;
  const p = new nn.Parameter(torch.zeros(3));
  p.grad = torch.tensor([3, 4, 12]);
  assertTensor(nn.utils.clip_grad_norm_(p, 6.5), cg.single.total, { label: 'single total' });
  assertTensor(p.grad, cg.single.grad, { label: 'single grad' });

  const p64 = paramsWithGrads(1, null, torch.float64);
  assertTensor(nn.utils.clip_grad_norm_(p64, 1.0), cg.float64.total, { label: 'float64 total' });
  p64.forEach((q, i) => assertTensor(q.grad as Tensor, cg.float64.grads[i], { label: `float64 grad ${i}` }));

  assertTensor(nn.utils.clip_grad_norm_([new nn.Parameter(torch.zeros(2))], 1.0), cg.empty, { label: 'empty' });

  const q = new nn.Parameter(torch.zeros(2));
  q.grad = torch.tensor([1, NaN]);
  assert.equal(
    errorOf(() => nn.utils.clip_grad_norm_([q], 1.0, 2, true)),
    cg.nonfinite_error,
  );
  const r = new nn.Parameter(torch.zeros(2));
  r.grad = torch.tensor([1, Infinity]);
  assert.equal(
    errorOf(() => nn.utils.clip_grad_norm_([r], 1.0, { norm_type: 'inf', error_if_nonfinite: true })),
    cg.nonfinite_inf_error,
  );
  assertTensor(nn.utils.clip_grad_norm_([q], 1.0), cg.nan_unchecked.total);
  assertTensor(q.grad, cg.nan_unchecked.grad);
  assert.match(
    errorOf(() => nn.utils.clip_grad_norm_(3 as never, 1.0)),
    /must be a Tensor or an iterable/,
  );
});

// ---------------------------------------------------------------- pad_sequence

for (const c of fx.pad_sequence.cases) {
  test(`pad_sequence: ${c.name}`, () => {
    const seqs = c.seqs.map((s) => dec(s, { requires_grad: true }));
    const out = nn.utils.rnn.pad_sequence(seqs, c.kwargs);
    assertTensor(out, c.out, { rtol: 0, atol: 0 });
    out.backward(
      torch.arange(out.numel(), { dtype: torch.float64 }).remainder(7).sub(2.5).div(2).reshape(out.shape).to(out.dtype),
    );
    seqs.forEach((s, i) => assertTensor(s.grad as Tensor, c.grads[i], { rtol: 0, atol: 0, label: `grad ${i}` }));
    const positional = nn.utils.rnn.pad_sequence(
      c.seqs.map((s) => dec(s)),
      c.kwargs.batch_first ?? false,
      c.kwargs.padding_value ?? 0,
    );
    assertTensor(positional, c.out, { rtol: 0, atol: 0, label: 'positional call' });
  });
}

test('pad_sequence: errors, a stacked tensor, padding_side left', () => {
  assert.equal(
    errorOf(() => nn.utils.rnn.pad_sequence([])),
    fx.pad_sequence.empty_error,
  );
  assert.equal(
    errorOf(() => nn.utils.rnn.pad_sequence([torch.zeros(2, 3), torch.zeros(3, 4)])),
    fx.pad_sequence.mismatch_error,
  );
  const t = torch.arange(6).reshape(2, 3);
  assert.deepEqual(nn.utils.rnn.pad_sequence(t).tolist(), [
    [0, 3],
    [1, 4],
    [2, 5],
  ]);
  const left = nn.utils.rnn.pad_sequence([torch.tensor([1, 2]), torch.tensor([3, 4, 5])], {
    batch_first: true,
    padding_side: 'left',
  });
  assert.deepEqual(left.tolist(), [
    [0, 1, 2],
    [3, 4, 5],
  ]);
});

// ---------------------------------------------------------------- Embedding options

for (const c of fx.embedding) {
  test(`Embedding ${c.name}: init, repr, renormalised weight, output, weight grad`, () => {
    torch.manual_seed(0);
    const m = new nn.Embedding(c.args[0], c.args[1], c.kwargs);
    assert.equal(String(m), c.repr);
    assertTensor(m.weight, c.init, { rtol: 0, atol: 0, label: 'init' });
    const out = m.forward(dec(c.input));
    assertTensor(out, c.out, { label: 'out' });
    assertTensor(m.weight, c.weight_after, { label: 'weight after forward' });
    out.backward(
      torch.arange(out.numel(), { dtype: torch.float64 }).remainder(7).sub(2.5).div(2).reshape(out.shape).to(out.dtype),
    );
    assertTensor(m.weight.grad as Tensor, c.weight_grad, { rtol: 0, atol: 0, label: 'weight grad' });
  });
}

test('F.embedding with max_norm renormalises the rows it looks up', () => {
  const w = torch.tensor([
    [3, 4],
    [0.3, 0.4],
    [6, 8],
  ]);
  const out = nn.functional.embedding(torch.tensor([0, 1], { dtype: torch.int64 }), w, { max_norm: 1 });
  assert.ok(
    torch.allclose(
      out,
      torch.tensor([
        [0.6, 0.8],
        [0.3, 0.4],
      ]),
      { atol: 1e-6 },
    ),
  );
  assert.deepEqual(w.select(0, 2).tolist(), [6, 8]);
});

// ---------------------------------------------------------------- schedulers

const LAMBDAS: Record<string, (e: number) => number> = {
  pow95: (e) => 0.95 ** e,
  inverse: (e) => 1 / (e + 1),
  warmup3: (e) => Math.min(1, (e + 1) / 3),
};

type Opt = InstanceType<typeof optim.SGD> | InstanceType<typeof optim.Adam>;

function makeOpt(kind: 'SGD' | 'Adam', groups: number): Opt {
  const gs = Array.from({ length: groups }, () => ({ params: [new nn.Parameter(torch.zeros(1))] }));
  return kind === 'SGD' ? new optim.SGD(gs, { lr: 0.1, momentum: 0.9 }) : new optim.Adam(gs, { lr: 0.1 });
}

function build(spec: SchedSpec, opt: Opt): torch.optim.lr_scheduler.LRScheduler {
  const a = (spec.args ?? {}) as Record<string, never>;
  switch (spec.kind) {
    case 'LambdaLR': {
      const lam = a.lr_lambda as string | string[];
      return new S.LambdaLR(opt, Array.isArray(lam) ? lam.map((n) => LAMBDAS[n]) : LAMBDAS[lam]);
    }
    case 'LinearLR':
      return new S.LinearLR(opt, a);
    case 'StepLR':
      return new S.StepLR(opt, a.step_size, a.gamma);
    case 'CosineAnnealingLR':
      return new S.CosineAnnealingLR(opt, a.T_max, a.eta_min);
    case 'OneCycleLR': {
      const { max_lr, ...rest } = a;
      return new S.OneCycleLR(opt, max_lr, rest);
    }
    case 'SequentialLR':
      return new S.SequentialLR(
        opt,
        (spec.schedulers as SchedSpec[]).map((s) => build(s, opt)),
        spec.milestones as number[],
      );
  }
  throw new Error(`no scheduler ${spec.kind}`);
}

function record(opt: Opt): Row {
  const g = opt.param_groups;
  const row: Row = { lr: g.map((x) => x.lr) };
  if ('betas' in g[0]) row.beta1 = g.map((x) => (x.betas as [number, number])[0]);
  if ('momentum' in g[0]) row.momentum = g.map((x) => x.momentum as number);
  return row;
}

function close(a: number[], b: number[], label: string): void {
  assert.equal(a.length, b.length, label);
  a.forEach((v, i) =>
    assert.ok(Math.abs(v - b[i]) <= 1e-14 * Math.max(1, Math.abs(b[i])), `${label}[${i}]: ${v} vs ${b[i]}`),
  );
}

for (const c of fx.schedulers.cases) {
  test(`scheduler: ${c.name}`, () => {
    const opt = makeOpt(c.optimizer, c.groups);
    const s = build(c.spec, opt);
    const rows = [record(opt)];
    const last = [s.get_last_lr()];
    for (let i = 1; i < c.rows.length; i++) {
      opt.step();
      s.step();
      rows.push(record(opt));
      last.push(s.get_last_lr());
    }
    rows.forEach((r, i) => {
      const want = c.rows[i];
      close(r.lr, want.lr, `step ${i} lr`);
      assert.deepEqual(Object.keys(r).sort(), Object.keys(want).sort(), `step ${i} recorded keys`);
      if (want.beta1) close(r.beta1 as number[], want.beta1, `step ${i} beta1`);
      if (want.momentum) close(r.momentum as number[], want.momentum, `step ${i} momentum`);
      close(last[i], c.last_lr[i], `step ${i} get_last_lr()`);
    });
  });
}

test('scheduler errors', () => {
  const e = fx.schedulers.errors;
  const tooFar = (): void => {
    const s = new S.OneCycleLR(makeOpt('SGD', 1), 0.1, { total_steps: 2 });
    for (let i = 0; i < 3; i++) s.step();
  };
  assert.equal(errorOf(tooFar), e['OneCycleLR too many steps']);
  assert.equal(
    errorOf(() => new S.OneCycleLR(makeOpt('SGD', 1), 0.1)),
    e['OneCycleLR no total'],
  );
  assert.equal(
    errorOf(() => new S.OneCycleLR(makeOpt('SGD', 1), 0.1, 0)),
    e['OneCycleLR bad total'],
  );
  assert.equal(
    errorOf(() => new S.OneCycleLR(makeOpt('SGD', 1), 0.1, { total_steps: 5, anneal_strategy: 'exp' as 'cos' })),
    e['OneCycleLR bad strategy'],
  );
  assert.equal(
    errorOf(() => new S.OneCycleLR(makeOpt('SGD', 1), [0.1, 0.2], 5)),
    e['OneCycleLR max_lr count'],
  );
  assert.equal(
    errorOf(() => new S.LinearLR(makeOpt('SGD', 1), { start_factor: 1.5 })),
    e['LinearLR start'],
  );
  assert.equal(
    errorOf(() => new S.LinearLR(makeOpt('SGD', 1), 1 / 3, -0.5)),
    e['LinearLR end'],
  );
  assert.equal(
    errorOf(() => new S.LambdaLR(makeOpt('SGD', 2), [LAMBDAS.pow95])),
    e['LambdaLR count'],
  );
  const opt = makeOpt('SGD', 1);
  assert.equal(
    errorOf(() => new S.SequentialLR(opt, [new S.LinearLR(opt), new S.StepLR(opt, 2)], [2, 4])),
    e['SequentialLR milestones'],
  );
});

test('scheduler state_dict: lambdas are not saved, SequentialLR nests its schedulers', () => {
  const opt = makeOpt('SGD', 1);
  const lam = new S.LambdaLR(opt, LAMBDAS.pow95);
  lam.step();
  assert.deepEqual(lam.state_dict().lr_lambdas, [null]);
  assert.equal(lam.state_dict().last_epoch, 1);
  const opt2 = makeOpt('Adam', 1);
  const seq = new S.SequentialLR(opt2, [new S.LinearLR(opt2), new S.CosineAnnealingLR(opt2, 5)], [2]);
  seq.step();
  const sd = seq.state_dict();
  assert.equal((sd._schedulers as Record<string, unknown>[]).length, 2);
  assert.deepEqual(sd._milestones, [2]);
});

// ---------------------------------------------------------------- weight-decay groups, warm-up + cosine

test('AdamW with weight-decay parameter groups, clip_grad_norm_ and LinearLR -> CosineAnnealingLR', () => {
  const f = fx.wd_groups;
  const X = dec(f.X);
  const Y = dec(f.Y);
  const w = new nn.Parameter(dec(f.w0));
  const b = new nn.Parameter(dec(f.b0));
  const opt = new optim.AdamW(
    [
      { params: [w], weight_decay: 0.1 },
      { params: [b], weight_decay: 0 },
    ],
    { lr: 0.05 },
  );
  const sched = new S.SequentialLR(
    opt,
    [new S.LinearLR(opt, { start_factor: 0.2, total_iters: 2 }), new S.CosineAnnealingLR(opt, 6)],
    [2],
  );
  for (const step of f.trajectory) {
    opt.zero_grad();
    const loss = X.matmul(w).add(b).sub(Y).pow(2).mean();
    loss.backward();
    nn.utils.clip_grad_norm_([w, b], 0.5);
    opt.step();
    sched.step();
    assert.ok(Math.abs((loss.item() as number) - step.loss) <= 1e-6 * Math.abs(step.loss), 'loss');
    assertTensor(w, step.w, { rtol: 1e-5, atol: 1e-6, label: 'w' });
    assertTensor(b, step.b, { rtol: 1e-5, atol: 1e-6, label: 'b' });
    close(
      opt.param_groups.map((g) => g.lr),
      step.lr,
      'lr',
    );
  }
});
