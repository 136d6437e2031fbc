// vmap's randomness option against functorch 1.13 (tests/oracle/func_random.py): 'error' refuses
// random ops, 'same' draws once for the whole batch, 'different' draws per example. Each program
// maps over 3 equal examples, so equal rows mean a shared draw; values are compared too, since
// tensorgrad's streams are PyTorch's and functorch draws the physical batch in one call.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { err, runCases } from './autograd_fixture.js';

const F = torch.nn.functional;
const f64 = { dtype: torch.float64 };
const X = (): Tensor => torch.full([3, 4], 0.5, f64);
const U = (): Tensor => torch.full([4], 0.5, f64);
/** A batched zero: an unbatched draw added to it comes out expanded over the batch. */
const z = (x: Tensor): Tensor => x.mul(0);

const MODES = ['error', 'same', 'different'] as const;

function run(f: (x: Tensor) => Tensor, x: Tensor = X()): unknown[] {
  return MODES.map((randomness) => {
    torch.manual_seed(0);
    let o: unknown;
    const e = err(() => (o = torch.func.vmap(f, { randomness })(x)));
    return e !== null ? { error: e } : { out: o };
  });
}

runCases('func_random', {
  rand: () => run((x) => torch.rand(4, f64).add(z(x))),
  randn: () => run((x) => torch.randn(2, 4, f64).add(z(x))),
  randint: () => run((x) => torch.randint(0, 10, [4]).add(z(x))),
  randperm: () => run((x) => torch.randperm(4).add(z(x))),
  normal_size: () => run((x) => torch.normal(2.0, 3.0, [4], f64).add(z(x))),
  rand_like_batched: () => run((x) => torch.rand_like(x)),
  randn_like_batched: () => run((x) => torch.randn_like(x)),
  randint_like_batched: () => run((x) => torch.randint_like(x, 5)),
  rand_like_unbatched: () => run((x) => torch.rand_like(U()).add(z(x))),
  bernoulli_batched: () => run((x) => torch.bernoulli(x)),
  bernoulli_unbatched: () => run((x) => torch.bernoulli(U()).add(z(x))),
  bernoulli_p_batched: () => run((x) => torch.bernoulli(x, 0.25)),
  normal_mean_batched: () => run((x) => torch.normal(x, 1.0)),
  normal_mean_unbatched: () => run((x) => torch.normal(U(), 1.0).add(z(x))),
  normal_std_batched: () => run((x) => torch.normal(0.0, x)),
  normal_mean_std_batched: () => run((x) => torch.normal(x, x)),
  normal_mean_unbatched_std_batched: () => run((x) => torch.normal(U(), x)),
  uniform_batched: () => run((x) => x.clone().uniform_()),
  uniform_unbatched: () => run((x) => U().uniform_().add(z(x))),
  normal__batched: () => run((x) => x.clone().normal_(1.0, 2.0)),
  random__batched: () => run((x) => x.clone().random_(0, 5)),
  exponential__batched: () => run((x) => x.clone().exponential_()),
  bernoulli__batched: () => run((x) => x.clone().bernoulli_(0.5)),
  bernoulli__p_batched: () => run((x) => x.clone().bernoulli_(x)),
  bernoulli__p_unbatched: () => run((x) => x.clone().bernoulli_(U())),
  bernoulli__self_unbatched_p_batched: () => run((x) => torch.zeros(4, f64).bernoulli_(x)),
  dropout_batched: () => run((x) => F.dropout(x, 0.5)),
  dropout_unbatched: () => run((x) => F.dropout(U(), 0.5).add(z(x))),
  dropout_eval: () => run((x) => F.dropout(x, 0.5, { training: false })),
  multinomial_batched: () => run((x) => torch.multinomial(x, 2)),
  nested: () =>
    MODES.map((randomness) => {
      torch.manual_seed(0);
      const inner = torch.func.vmap((x: Tensor) => torch.rand(2, f64).add(z(x)), { randomness: 'different' });
      let o: unknown;
      const e = err(() => (o = torch.func.vmap(inner, { randomness })(torch.zeros(3, 4, 2, f64))));
      return e !== null ? { error: e } : { out: o };
    }),
  invalid_mode: () => [err(() => torch.func.vmap((x: Tensor) => x, { randomness: 'sometimes' as 'same' })(X()))],
});

test("vmap randomness='different' draws per example, 'same' once, and grads flow through", () => {
  const x = torch.zeros(5, 3, { dtype: torch.float64, requires_grad: true });
  const noisy = (xi: Tensor): Tensor => xi.add(torch.randn(3, f64)).add(torch.normal(xi, 1.0));
  const d = torch.func.vmap(noisy, { randomness: 'different' })(x) as Tensor;
  for (let b = 1; b < 5; b++) assert.ok(!torch.equal(d.select(0, 0), d.select(0, b)));
  d.sum().backward();
  assert.ok(torch.equal(x.grad as Tensor, torch.ones(5, 3, f64)));
  const s = torch.func.vmap((xi: Tensor) => xi.add(torch.randn(3, f64)), { randomness: 'same' })(x) as Tensor;
  for (let b = 1; b < 5; b++) assert.ok(torch.equal(s.select(0, 0), s.select(0, b)));
});
