// torch.distributions against PyTorch (fixtures from tests/oracle/distributions.py): reprs, shapes,
// moments, log_prob/cdf/icdf/entropy, samples after torch.manual_seed, gradients through
// rsample/log_prob/entropy/kl_divergence, expand, enumerate_support, validation error texts, the
// constraints, a REINFORCE step and a VAE-style loss.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import { assertTensor, dec, loadFixture, type EncTensor } from './helpers.js';

const D = torch.distributions;
type Tensor = torch.Tensor;

interface TensorArg {
  tensor: EncTensor;
  rg: boolean;
}
interface Spec {
  cls: string;
  args: unknown[];
  kw: Record<string, unknown>;
}
type Outcome = { value: EncTensor } | { error: string; type: string } | { py: unknown } | { size: number[] };
interface Grads {
  loss: EncTensor;
  grads: (EncTensor | null)[];
}
interface Case {
  name: string;
  kind: string;
  [k: string]: unknown;
}

const TOL = { rtol: 1e-4, atol: 1e-5 };

function isSpec(a: unknown): a is Spec {
  return typeof a === 'object' && a !== null && 'cls' in a;
}
function isTensorArg(a: unknown): a is TensorArg {
  return typeof a === 'object' && a !== null && 'tensor' in a;
}

function buildArg(a: unknown, leaves: Tensor[]): unknown {
  if (isTensorArg(a)) {
    const t = dec(a.tensor);
    if (a.rg) {
      t.requires_grad_(true);
      leaves.push(t);
    }
    return t;
  }
  if (isSpec(a)) return buildDist(a, leaves);
  if (isTransform(a)) {
    const cls = (D.transforms as unknown as Record<string, new (...x: unknown[]) => unknown>)[a.tr];
    return new cls(...a.args.map((x) => buildArg(x, leaves)));
  }
  if (Array.isArray(a)) return a.map((x) => buildArg(x, leaves));
  return a;
}

function isTransform(a: unknown): a is { tr: string; args: unknown[] } {
  return typeof a === 'object' && a !== null && 'tr' in a;
}

function replayTransform(c: Case): void {
  const out = c.out as Record<string, unknown>;
  const T = buildArg(c.tr, []) as torch.distributions.Transform;
  assert.equal(String(T), out.repr);
  assert.equal(String(T.inv), out.inv_repr);
  assert.equal(String(T.domain), out.domain);
  assert.equal(String(T.codomain), out.codomain);
  assert.equal(T.bijective, out.bijective);
  const X = dec((c.x as TensorArg).tensor);
  check('forward', () => T.forward(X), out.forward as Outcome);
  check('inverse', () => T.inv.forward(T.forward(X)), out.inverse as Outcome);
  check('log_abs_det_jacobian', () => T.log_abs_det_jacobian(X, T.forward(X)), out.ladj as Outcome);
  check('inv log_abs_det_jacobian', () => T.inv.log_abs_det_jacobian(T.forward(X), X), out.inv_ladj as Outcome);
  check('sign', () => T.sign, out.sign as Outcome);
}

type Ctor = new (...args: unknown[]) => torch.distributions.Distribution;

function buildDist(spec: Spec, leaves: Tensor[]): torch.distributions.Distribution {
  const args = spec.args.map((a) => buildArg(a, leaves));
  const kw = Object.fromEntries(Object.entries(spec.kw).map(([k, v]) => [k, buildArg(v, leaves)]));
  const cls = (D as unknown as Record<string, Ctor>)[spec.cls];
  return Object.keys(kw).length ? new cls(...args, kw) : new cls(...args);
}

/** PyTorch's exception class as thrown here: ValueError is a RangeError, as elsewhere in tensorgrad. */
function checkError(e: unknown, want: { error: string; type: string }, label: string): void {
  assert.ok(e instanceof Error, `${label}: not an Error`);
  assert.equal(e.message, want.error, `${label}: message`);
  if (want.type === 'ValueError') assert.ok(e instanceof RangeError, `${label}: expected a RangeError, got ${e.name}`);
  else if (want.type === 'NotImplementedError') assert.equal(e.name, 'NotImplementedError', label);
  else if (want.type === 'TypeError') assert.ok(e instanceof TypeError, label);
}

function check(label: string, fn: () => unknown, want: Outcome): void {
  let got: unknown;
  try {
    got = fn();
  } catch (e) {
    if ('error' in want) return checkError(e, want, label);
    throw e;
  }
  if ('error' in want) assert.fail(`${label}: expected error ${want.error}`);
  if ('value' in want) assertTensor(got as Tensor, want.value, { ...TOL, label });
  else if ('size' in want) assert.deepEqual([...(got as number[])], want.size, label);
  else if ('py' in want) assert.equal(String(got), String(want.py), label);
}

function checkGrads(
  label: string,
  spec: Spec,
  lossFn: (d: torch.distributions.Distribution) => Tensor,
  want: Grads,
): void {
  const leaves: Tensor[] = [];
  const d = buildDist(spec, leaves);
  torch.manual_seed(3);
  const loss = lossFn(d);
  loss.backward();
  assertTensor(loss, want.loss, { ...TOL, label: `${label} loss` });
  want.grads.forEach((g, i) => {
    if (g === null) assert.equal(leaves[i].grad, null, `${label} grad ${i}`);
    else assertTensor(leaves[i].grad as Tensor, g, { ...TOL, label: `${label} grad ${i}` });
  });
}

function seeded<R>(fn: () => R): () => R {
  return () => {
    torch.manual_seed(0);
    return fn();
  };
}

function replayDist(c: Case): void {
  const spec = c.spec as Spec;
  if (c.ctor_error) {
    let err: unknown;
    try {
      buildDist(spec, []);
    } catch (e) {
      err = e;
    }
    assert.ok(err, 'expected the constructor to throw');
    checkError(err, c.ctor_error as { error: string; type: string }, 'constructor');
    return;
  }
  const d = buildDist(spec, []);
  assert.equal(String(d), c.repr);
  assert.deepEqual([...d.batch_shape], c.batch_shape);
  assert.deepEqual([...d.event_shape], c.event_shape);
  assert.equal(d.has_rsample, c.has_rsample);
  check('support', () => String(d.support), c.support as Outcome);
  check('mean', () => d.mean, c.mean as Outcome);
  check('mode', () => d.mode, c.mode as Outcome);
  check('variance', () => d.variance, c.variance as Outcome);
  check('stddev', () => d.stddev, c.stddev as Outcome);
  check('entropy', () => d.entropy(), c.entropy as Outcome);
  check('perplexity', () => d.perplexity(), c.perplexity as Outcome);
  const ss = c.sample_shape as number[];
  check(
    'sample()',
    seeded(() => d.sample()),
    c.sample as Outcome,
  );
  check(
    'sample(shape)',
    seeded(() => d.sample(ss)),
    c.sample_n as Outcome,
  );
  check(
    'rsample(shape)',
    seeded(() => d.rsample(ss)),
    c.rsample as Outcome,
  );
  check('generator after', () => torch.rand(2), c.after as Outcome);
  if (c.value) {
    const v = () => dec((c.value as TensorArg).tensor);
    check('log_prob', () => d.log_prob(v()), c.log_prob as Outcome);
    check('cdf', () => d.cdf(v()), c.cdf as Outcome);
  }
  if (c.q) check('icdf', () => d.icdf(dec((c.q as TensorArg).tensor)), c.icdf as Outcome);
  check('enumerate_support', () => d.enumerate_support(), c.enumerate_support as Outcome);
  check('enumerate_support(false)', () => d.enumerate_support(false), c.enumerate_support_noexpand as Outcome);
  const ex = c.expand as Record<string, unknown>;
  const e = d.expand([2, ...d.batch_shape]);
  assert.equal(String(e), ex.repr);
  assert.deepEqual([...e.batch_shape], ex.batch_shape);
  assert.deepEqual([...e.event_shape], ex.event_shape);
  check(
    'expand sample',
    seeded(() => e.sample()),
    ex.sample as Outcome,
  );
  check('expand mean', () => e.mean, ex.mean as Outcome);
  if (c.grad_rsample) checkGrads('rsample', spec, (x) => x.rsample(ss).pow(2).sum(), c.grad_rsample as Grads);
  if (c.grad_log_prob) {
    const v = dec((c.value as TensorArg).tensor);
    checkGrads('log_prob', spec, (x) => x.log_prob(v).sum(), c.grad_log_prob as Grads);
  }
  if (c.grad_entropy) checkGrads('entropy', spec, (x) => x.entropy().sum(), c.grad_entropy as Grads);
  if (c.bad_value) {
    check('validation', () => d.log_prob(dec((c.bad_value as TensorArg).tensor)), c.validate_error as Outcome);
  }
}

function replayKl(c: Case): void {
  const leaves: Tensor[] = [];
  const want = c.kl as Outcome;
  check(
    'kl',
    () => {
      const k = D.kl_divergence(buildDist(c.p as Spec, leaves), buildDist(c.q as Spec, leaves));
      if (c.grads) {
        k.sum().backward();
        (c.grads as (EncTensor | null)[]).forEach((g, i) => {
          if (g === null) assert.equal(leaves[i].grad, null, `grad ${i}`);
          else assertTensor(leaves[i].grad as Tensor, g, { ...TOL, label: `grad ${i}` });
        });
      }
      return k;
    },
    want,
  );
}

function vals(shape: number[], salt: number): Tensor {
  // tests/oracle/common.py vals(): deterministic values in [-2, 2], rounded to 4 places.
  const n = shape.reduce((a, b) => a * b, 1);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = Math.abs(Math.sin(12.9898 * (i + 1) + 78.233 * (salt + 1)) * 43758.5453) % 1;
    out.push(Math.round((-2 + 4 * x) * 1e4) / 1e4);
  }
  return torch.tensor(out, { dtype: torch.float64 }).reshape(shape).to(torch.float32);
}

function replayReinforce(c: Case): void {
  const out = c.out as Record<string, EncTensor>;
  torch.manual_seed(0);
  const W = vals([4, 3], 1).requires_grad_(true);
  const states = vals([5, 4], 2);
  const rewards = vals([5], 3);
  const m = new D.Categorical({ logits: states.matmul(W) });
  const action = m.sample();
  const loss = m.log_prob(action).mul(rewards).sum().neg();
  loss.backward();
  assertTensor(action, out.action);
  assertTensor(loss, out.loss, TOL);
  assertTensor(W.grad as Tensor, out.W_grad, TOL);
  const m2 = new D.Categorical(torch.softmax(states.matmul(W.detach()), 1));
  assertTensor(m2.sample([2]), out.action2);
  assertTensor(m2.entropy(), out.entropy, TOL);
}

function replayVae(c: Case): void {
  const out = c.out as Record<string, EncTensor>;
  torch.manual_seed(0);
  const mu = vals([3, 2], 4).requires_grad_(true);
  const logvar = vals([3, 2], 5).mul(0.5).detach().requires_grad_(true);
  const q = new D.Normal(mu, torch.exp(logvar.mul(0.5)));
  const z = q.rsample();
  const prior = new D.Normal(torch.zeros_like(mu), torch.ones_like(mu));
  const loss = D.kl_divergence(q, prior).sum().add(z.pow(2).sum());
  loss.backward();
  assertTensor(z, out.z, TOL);
  assertTensor(loss, out.loss, TOL);
  assertTensor(mu.grad as Tensor, out.mu_grad, TOL);
  assertTensor(logvar.grad as Tensor, out.logvar_grad, TOL);
}

type ConstraintNS = Record<
  string,
  torch.distributions.constraints.Constraint | ((...a: unknown[]) => torch.distributions.constraints.Constraint)
>;

function replayConstraint(c: Case): void {
  const ns = D.constraints as unknown as ConstraintNS;
  let con: torch.distributions.constraints.Constraint;
  if (c.kind === 'constraint') con = ns[c.attr as string] as torch.distributions.constraints.Constraint;
  else if (c.attr === 'independent') con = D.constraints.independent(D.constraints.positive, 1);
  else {
    const f = ns[c.attr as string] as (...a: unknown[]) => torch.distributions.constraints.Constraint;
    con = f(...(c.args as unknown[]).filter((a) => a !== null));
  }
  assert.equal(String(con), c.repr);
  check('check', () => con.check(dec(c.probe as EncTensor)), c.check as Outcome);
}

function replayDefaultValidation(c: Case): void {
  const out = c.out as Record<string, unknown>;
  D.Distribution.set_default_validate_args(false);
  try {
    const d = new D.Normal(torch.tensor([0.0]), torch.tensor([-1.0]));
    assert.equal(String(d), out.repr);
    assertTensor(d.log_prob(torch.tensor([0.5])), out.log_prob as EncTensor, TOL);
    check(
      'explicit validate_args',
      () => new D.Normal(torch.tensor([0.0]), torch.tensor([-1.0]), { validate_args: true }),
      out.explicit as Outcome,
    );
  } finally {
    D.Distribution.set_default_validate_args(true);
  }
  check('back on', () => new D.Normal(torch.tensor([0.0]), torch.tensor([-1.0])), out.back_on as Outcome);
}

const cases = loadFixture<Case>('distributions');
for (const c of cases) {
  test(`distributions: ${c.name}`, () => {
    if (c.kind === 'dist') replayDist(c);
    else if (c.kind === 'kl') replayKl(c);
    else if (c.kind === 'reinforce') replayReinforce(c);
    else if (c.kind === 'vae') replayVae(c);
    else if (c.kind === 'default_validation') replayDefaultValidation(c);
    else if (c.kind === 'transform') replayTransform(c);
    else replayConstraint(c);
  });
}
