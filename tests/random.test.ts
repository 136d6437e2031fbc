// PyTorch's CPU random streams, replayed from tests/fixtures/random.json (tests/oracle/rng.py):
// every value must be bit-identical to PyTorch's for the same seed and calls.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { assertTensor, dec, errorOf, expectation, loadFixture, num, type EncTensor } from './helpers.js';

type Enc = EncTensor & { transposed?: boolean };
interface Target {
  shape: number[];
  dtype?: EncTensor['dtype'];
  layout?: 'contiguous' | 'transposed' | 'sliced';
}
interface Call {
  op: string;
  size?: number[];
  dtype?: EncTensor['dtype'];
  low?: number;
  high?: number;
  n?: number;
  mean?: number | Enc;
  std?: number | Enc;
  input?: Enc;
  p?: number;
  replacement?: boolean;
  src?: Target;
  target?: Target;
  args?: (number | Enc | null)[];
  index?: number;
  error?: boolean;
}
interface Case {
  name: string;
  seed?: number | string;
  generator?: boolean;
  calls: Call[];
  results: (EncTensor | number[] | string | { error: string } | null)[];
}

const cases = loadFixture<Case>('random');

const seedOf = (s: number | string): number | bigint => (typeof s === 'string' ? BigInt(s) : s);

function makeTarget(spec: Target): Tensor {
  const dtype = torch[spec.dtype ?? 'float32'];
  const shape = spec.shape;
  switch (spec.layout ?? 'contiguous') {
    case 'contiguous':
      return torch.zeros(shape, { dtype });
    case 'transposed':
      return torch.zeros([...shape].reverse(), { dtype }).permute([...shape.keys()].reverse());
    case 'sliced':
      return torch.zeros([...shape.slice(0, -1), shape[shape.length - 1] * 2], { dtype }).index('...', '::2');
  }
}

function tensorArg(v: number | Enc | null): number | Tensor | null {
  if (v === null || typeof v === 'number') return v;
  const t = dec(v);
  return v.transposed ? t.t() : t;
}

function runCall(c: Call, generator: torch.Generator | undefined): unknown {
  const opts = { ...(generator ? { generator } : {}), ...(c.dtype ? { dtype: torch[c.dtype] } : {}) };
  switch (c.op) {
    case 'rand':
      return torch.rand(c.size!, opts);
    case 'randn':
      return torch.randn(c.size!, opts);
    case 'randint':
      return torch.randint(c.low!, c.high!, c.size!, opts);
    case 'randperm':
      return torch.randperm(c.n!, opts);
    case 'normal':
      return c.size
        ? torch.normal(tensorArg(c.mean!)!, tensorArg(c.std!)!, c.size, opts)
        : torch.normal(tensorArg(c.mean!)!, tensorArg(c.std!)!, opts);
    case 'bernoulli':
      return c.p !== undefined
        ? torch.bernoulli(tensorArg(c.input!) as Tensor, c.p, opts)
        : torch.bernoulli(tensorArg(c.input!) as Tensor, opts);
    case 'multinomial':
      return torch.multinomial(tensorArg(c.input!) as Tensor, c.n!, c.replacement ?? false, opts);
    case 'rand_like':
      return torch.rand_like(makeTarget(c.src!), opts);
    case 'randn_like':
      return torch.randn_like(makeTarget(c.src!), opts);
    case 'randint_like':
      return torch.randint_like(makeTarget(c.src!), ...(c.args as number[]), opts);
    case 'uniform_':
    case 'normal_':
    case 'random_':
    case 'exponential_':
    case 'bernoulli_': {
      const t = makeTarget(c.target!);
      const args = (c.args ?? []).map(tensorArg);
      const method = t[c.op] as (...a: unknown[]) => Tensor;
      method.call(t, ...args, opts);
      return t;
    }
    case 'get_state':
      return Array.from(generator ? generator.get_state() : torch.get_rng_state());
    case 'initial_seed':
      return (generator ?? torch.default_generator).initial_seed();
  }
  throw new Error(`unknown op ${c.op}`);
}

/** Same shape, dtype and bits (NaN matches NaN). */
function assertExact(actual: Tensor, expected: EncTensor, label: string): void {
  assert.deepEqual(actual.shape, expected.shape, `${label}: shape`);
  assert.equal(actual.dtype.name, expected.dtype, `${label}: dtype`);
  const got = actual.toTypedArray();
  let bad = 0;
  const first: string[] = [];
  expected.data.forEach((raw, i) => {
    const want = num(raw);
    const ok = Number.isNaN(want) ? Number.isNaN(got[i]) : got[i] === want;
    if (!ok && bad++ < 3) first.push(`[${i}] expected ${want}, got ${got[i]}`);
  });
  assert.equal(bad, 0, `${label}: ${bad} of ${expected.data.length} values differ: ${first.join('; ')}`);
}

for (const c of cases) {
  test(c.name, () => {
    let generator: torch.Generator | undefined;
    if (c.generator) {
      generator = new torch.Generator();
      if (c.seed !== undefined) generator.manual_seed(seedOf(c.seed));
    } else {
      assert.equal(torch.manual_seed(seedOf(c.seed!)), torch.default_generator);
    }
    const states: number[][] = [];
    c.calls.forEach((call, i) => {
      const label = `${c.name}, call ${i} (${JSON.stringify({ ...call, mean: undefined, std: undefined })})`;
      const want = c.results[i];
      if (call.op === 'set_state') {
        const state = Uint8Array.from(states[call.index!]);
        if (generator) generator.set_state(state);
        else torch.set_rng_state(state);
        return;
      }
      if (call.error) {
        assert.equal(
          errorOf(() => runCall(call, generator)),
          (want as { error: string }).error,
          label,
        );
        return;
      }
      const got = runCall(call, generator);
      if (call.op === 'get_state') {
        states.push(got as number[]);
        assert.deepEqual(got, want, label);
      } else if (call.op === 'initial_seed') {
        assert.equal(got, Number(want as string), label);
      } else {
        assertExact(got as Tensor, want as EncTensor, label);
      }
    });
  });
}

test('manual_seed returns the default generator; seed() reseeds it and initial_seed reads it back', () => {
  const g = torch.manual_seed(7);
  assert.ok(g instanceof torch.Generator);
  assert.equal(torch.initial_seed(), 7);
  const s = torch.seed();
  assert.ok(Number.isSafeInteger(s) && s >= 0);
  assert.equal(torch.initial_seed(), s);
  const a = torch.rand(4);
  torch.manual_seed(s);
  assert.deepEqual(torch.rand(4).tolist(), a.tolist());
});

test('generators are independent streams; Generator.seed() and device', () => {
  const g = new torch.Generator();
  assert.equal(g.initial_seed(), expectation<number>('random', 'fresh generator initial_seed'));
  assert.equal(g.device, 'cpu');
  torch.manual_seed(0);
  const a = torch.rand(3);
  torch.manual_seed(0);
  torch.rand(2, { generator: g });
  assert.deepEqual(torch.rand(3).tolist(), a.tolist());
  const s = g.seed();
  assert.equal(g.initial_seed(), s);
});

test('set_state rejects bad states with PyTorch errors', () => {
  assert.equal(
    errorOf(() => torch.set_rng_state(new Uint8Array(10))),
    expectation('random', 'set_rng_state 10 bytes'),
  );
  const state = torch.manual_seed(0).get_state();
  state[8] = 0; // left = 0
  assert.equal(
    errorOf(() => torch.set_rng_state(state)),
    expectation('random', 'set_rng_state left 0'),
  );
});

test('requires_grad on factories and in-place samplers under autograd', () => {
  const x = torch.rand(2, 3, { requires_grad: true });
  assert.equal(x.requires_grad, true);
  assert.equal(x.is_leaf, true);
  assert.equal(
    errorOf(() => torch.randint(0, 3, [2], { requires_grad: true })),
    expectation('random', 'randint requires_grad'),
  );
  assert.equal(
    errorOf(() => x.uniform_()),
    expectation('random', 'uniform_ on a leaf'),
  );
  torch.no_grad(() => x.normal_());
  const y = x.mul(2);
  y.uniform_(-1, 1);
  assert.equal(y.grad_fn?.name(), expectation('random', 'uniform_ grad_fn'));
  y.sum().backward();
  assertTensor(x.grad as torch.Tensor, expectation<EncTensor>('random', 'uniform_ x.grad'), { rtol: 0, atol: 0 });
  assert.equal(x.mul(1).normal_().grad_fn?.name(), expectation('random', 'normal_ grad_fn'));
  assert.equal(x.mul(1).random_(0, 3).grad_fn?.name(), expectation('random', 'random_ grad_fn'));
  assert.equal(x.mul(1).exponential_().grad_fn?.name(), expectation('random', 'exponential_ grad_fn'));
  assert.equal(x.mul(1).bernoulli_(0.5).grad_fn?.name(), expectation('random', 'bernoulli_ float grad_fn'));
  assert.equal(
    x
      .mul(1)
      .bernoulli_(torch.full([2, 3], 0.5))
      .grad_fn?.name(),
    expectation('random', 'bernoulli_ tensor grad_fn'),
  );
  const p = torch.full([3], 0.5, { requires_grad: true });
  assert.equal(torch.bernoulli(p).grad_fn?.name(), expectation('random', 'bernoulli grad_fn'));
  assert.equal(torch.normal(p, 1).grad_fn?.name(), expectation('random', 'normal(tensor, float) grad_fn'));
  assert.equal(torch.normal(0, p).grad_fn?.name(), expectation('random', 'normal(float, tensor) grad_fn'));
  assert.equal(torch.normal(p, p).grad_fn?.name(), expectation('random', 'normal(tensor, tensor) grad_fn'));
});

test('writing into an expanded tensor is refused', () => {
  assert.equal(
    errorOf(() => torch.zeros(1).expand(3).uniform_()),
    expectation('random', 'uniform_ on an expanded tensor'),
  );
});
