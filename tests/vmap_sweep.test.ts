// Sweeps every row of the op database (tests/opdb/) through vmap: mapping the row's function over
// a batch of three input sets must give what three separate calls give, stacked. Rows whose ops
// have batching rules run batched; the rest exercise the per-example fallback.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { allRows } from './opdb/index.js';
import { fallbacks } from '../src/ops/vmap.js';

const rows = await allRows();

/**
 * The sweep checks backend-independent rules (the ops' kernels are the ones gradcheck_sweep.test.ts
 * runs on both backends), so it runs once per suite, on the TypeScript backend; set
 * TENSORGRAD_FULL_SWEEPS=1 to run it on the native backend too.
 */
const skip =
  process.env.TENSORGRAD_BACKEND === 'native' && process.env.TENSORGRAD_FULL_SWEEPS !== '1'
    ? 'runs on the TypeScript backend (TENSORGRAD_FULL_SWEEPS=1 for both)'
    : false;

/**
 * Rows whose programs vmap refuses, as functorch does: writing a batched value into an unbatched
 * tensor, random ops under randomness='error', and item() on a batched tensor (fill_ with a
 * tensor value reads it); as_strided, which tensorgrad cannot batch.
 */
const REFUSED: Record<string, string> = {
  'autograd: copy_ into rows and columns of zeros': 'vmap: inplace arithmetic',
  'dropout (seeded)': 'vmap: called random operation while in randomness error mode',
  'fill_ tensor value': "vmap: It looks like you're calling .item() on a Tensor",
  // torch.any(var < 0) read in Python, as PyTorch's gaussian_nll_loss does
  gaussian_nll_loss: "vmap: It looks like you're calling .item() on a Tensor",
  as_strided: 'vmap: as_strided is not supported',
  'as_strided transposed': 'vmap: as_strided is not supported',
  'as_strided overlapping': 'vmap: as_strided is not supported',
  'as_strided of expanded': 'vmap: as_strided is not supported',
};
const B = 3;

/** Example b of a row's inputs: the same tensors, scaled a little differently per example. */
function example(xs: Tensor[], b: number): Tensor[] {
  return xs.map((x) => (x.dtype.is_floating_point ? x.detach().mul(1 + 0.15 * b) : x.detach()));
}

function flat(out: Tensor | Tensor[]): Tensor[] {
  return Array.isArray(out) ? out : [out];
}

process.emitWarning = (() => {}) as typeof process.emitWarning;

for (const row of rows) {
  test(`vmap ${row.name}`, { skip }, () => {
    const base = row.inputs();
    const per = Array.from({ length: B }, (_v, b) => example(base, b));
    let expected: Tensor[][];
    try {
      expected = per.map((xs) => flat(torch.no_grad(() => row.fn(...xs))));
    } catch {
      return; // rows that only run on their exact inputs (in-place on leaves, ...)
    }
    const batched = base.map((_x, i) => torch.stack(per.map((xs) => xs[i])));
    const refused = REFUSED[row.name];
    if (refused !== undefined) {
      assert.throws(() => torch.func.vmap((...xs: Tensor[]) => row.fn(...xs))(...batched), {
        message: new RegExp(refused.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
      });
      return;
    }
    const got = flat(
      torch.no_grad(() => torch.func.vmap((...xs: Tensor[]) => row.fn(...xs))(...batched) as Tensor | Tensor[]),
    );
    assert.equal(got.length, expected[0].length);
    got.forEach((g, k) => {
      const want = torch.stack(expected.map((e) => e[k]));
      assert.deepEqual([...g.shape], [...want.shape], `output ${k} shape`);
      assert.ok(
        torch.allclose(g, want, { rtol: 1e-9, atol: 1e-12, equal_nan: true }),
        `output ${k}:\n${String(g)}\n${String(want)}`,
      );
    });
  });
}

test('ops that ran once per example in this sweep (no batching rule yet)', { skip }, (t) => {
  t.diagnostic(`${fallbacks.size}: ${[...fallbacks].sort().join(', ')}`);
});
