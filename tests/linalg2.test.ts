// Triangular systems, LU, Cholesky solves and Householder products against PyTorch (fixtures from
// tests/oracle/linalg2.py): torch.linalg.solve_triangular, lu_factor, lu_factor_ex, lu, lu_solve,
// householder_product, tensorinv, tensorsolve and torch.triangular_solve, lu, lu_unpack, lu_solve,
// cholesky_solve, cholesky_inverse, geqrf, orgqr, ormqr; values, dtypes, grad_fn names, input
// gradients and error texts. The factorizations run in double (Note [Factorizations in float64],
// src/ops/linalg_solve.ts): float32 results are compared within a relative 2e-5.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { assertTensor, dec, errorOf, loadFixture, type EncTensor } from './helpers.js';
import { call, replayCases, type OpCase } from './replay.js';

// Composites here, single nodes in PyTorch: the grad_fn is present, named after the last op.
const COMPOSITE = /^(\.?ormqr)/;
replayCases('linalg2', loadFixture<OpCase>('linalg2'), {
  tol: { rtol: 2e-5, atol: 2e-5 },
  composite: (c) => COMPOSITE.test(c.name),
});

// Tuple-returning ops: the gradient of a weighted sum of their floating outputs.
interface GradCase extends OpCase {
  weights: (EncTensor | null)[];
  grad_fns: (string | null)[];
  grads?: (EncTensor | null)[];
  backward_error?: string;
}
for (const c of loadFixture<GradCase>('linalg2_grads')) {
  test(`gradient: ${c.name}`, () => {
    const { out, leaves } = call(c);
    const outs = [...(out as Iterable<Tensor>)];
    assert.deepEqual(
      outs.map((o) => o.grad_fn?.name() ?? null),
      c.grad_fns,
      'grad_fn of each output',
    );
    let loss: Tensor | null = null;
    outs.forEach((o, i) => {
      const w = c.weights[i];
      if (w === null) return;
      assert.ok(o.requires_grad, `output ${i} requires grad`);
      const term = o.mul(dec(w)).sum();
      loss = loss === null ? term : loss.add(term);
    });
    const l = loss as unknown as Tensor;
    if (c.backward_error !== undefined) {
      assert.equal(
        errorOf(() => l.backward()),
        c.backward_error,
      );
      return;
    }
    l.backward();
    leaves.forEach((leaf, i) => {
      const want = c.grads![i];
      if (leaf === null || want === null) return;
      assertTensor(leaf.grad!, want, { rtol: 2e-5, atol: 2e-5, label: `grad ${i}` });
    });
  });
}

test('named tuples print and destructure as PyTorch', () => {
  const A = torch.tensor(
    [
      [1, 2],
      [3, 4],
    ],
    { dtype: torch.float64 },
  );
  const r = torch.linalg.lu_factor(A);
  const { LU, pivots } = r;
  assert.equal(r[0], LU);
  assert.equal(r[1], pivots);
  assert.equal(r.length, 2);
  assert.equal(
    String(r),
    'torch.return_types.linalg_lu_factor(\nLU=tensor([[3.0000, 4.0000],\n        [0.3333, 0.6667]], dtype=torch.float64),\npivots=tensor([2, 2], dtype=torch.int32))',
  );
  const [P, L, U] = torch.linalg.lu(A);
  assertTensor(P.matmul(L).matmul(U), { shape: [2, 2], dtype: 'float64', data: [1, 2, 3, 4] });
  const { a, tau } = torch.geqrf(A);
  assertTensor(torch.linalg.householder_product(a, tau).matmul(a.triu()), {
    shape: [2, 2],
    dtype: 'float64',
    data: [1, 2, 3, 4],
  });
  const ex = torch.linalg.lu_factor_ex(A);
  assert.equal(ex.info, ex[2]);
  assert.deepEqual(
    Object.keys(ex).filter((k) => !/^\d|length/.test(k)),
    ['LU', 'pivots', 'info'],
  );
  const { solution, cloned_coefficient } = torch.triangular_solve(A, A.triu());
  assert.deepEqual(solution.shape, [2, 2]);
  assert.deepEqual(cloned_coefficient.shape, [2, 2]);
});

test('torch.linalg.eig and eigvals: complex results are not supported', () => {
  const A = torch.eye(2);
  assert.match(
    errorOf(() => torch.linalg.eig(A)),
    /^linalg\.eig: tensorgrad has no complex dtype/,
  );
  assert.match(
    errorOf(() => torch.linalg.eigvals(A)),
    /^linalg\.eigvals: tensorgrad has no complex dtype/,
  );
});

// nn.utils.parametrizations.orthogonal with the householder map and no trivialization: its
// right_inverse stores geqrf's reflectors (tests/oracle/linalg2.py, linalg2_orthogonal.json).
interface OrthCase {
  in: number;
  out: number;
  weight0: EncTensor;
  bias: EncTensor;
  x: EncTensor;
  original: EncTensor;
  weight: EncTensor;
  y: EncTensor;
  grad_original: EncTensor;
  grad_bias: EncTensor;
  assigned: EncTensor;
  assigned_original: EncTensor;
  assigned_weight: EncTensor;
}
for (const c of loadFixture<OrthCase>('linalg2_orthogonal')) {
  test(`orthogonal householder use_trivialization=false Linear(${c.in}, ${c.out})`, () => {
    const m = new torch.nn.Linear(c.in, c.out);
    torch.no_grad(() => {
      m.weight.copy_(dec(c.weight0));
      (m.bias as Tensor).copy_(dec(c.bias));
    });
    torch.nn.utils.parametrizations.orthogonal(m, { orthogonal_map: 'householder', use_trivialization: false });
    const list = (m as unknown as torch.nn.utils.parametrize.Parametrized).parametrizations.weight;
    const tol = { rtol: 2e-5, atol: 2e-5 };
    assertTensor(list.original, c.original, { ...tol, label: 'original' });
    assertTensor(m.weight, c.weight, { ...tol, label: 'weight' });
    const y = m.forward(dec(c.x));
    assertTensor(y, c.y, { ...tol, label: 'forward' });
    y.pow(2).sum().backward();
    assertTensor(list.original.grad!, c.grad_original, { ...tol, label: 'grad original' });
    assertTensor((m.bias as Tensor).grad!, c.grad_bias, { ...tol, label: 'grad bias' });
    (m as unknown as { weight: Tensor }).weight = dec(c.assigned);
    assertTensor(list.original, c.assigned_original, { ...tol, label: 'assigned original' });
    assertTensor(m.weight, c.assigned_weight, { ...tol, label: 'assigned weight' });
  });
}

// PyTorch 1.13 fails with an internal assert ("Unknown error code: 1") on these: tensorgrad throws a
// LinAlgError naming the zero block of D instead (LAPACK's info), and ldl_factor_ex reports it.
test('ldl_factor on an exactly singular D throws a LinAlgError', () => {
  const Z = torch.zeros(2, 2, { dtype: torch.float64 });
  for (const f of [() => torch.linalg.ldl_factor(Z), () => torch.linalg.ldl_factor_ex(Z, { check_errors: true })]) {
    let error: unknown;
    try {
      f();
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof Error && error.name === 'LinAlgError');
    assert.match(
      error.message,
      /^torch\.linalg\.ldl_factor(_ex)?: The factorization could not be completed because the block diagonal matrix D is exactly singular \(D\[1,1\] is zero\)\.$/,
    );
  }
  assert.equal(torch.linalg.ldl_factor_ex(Z).info.item(), 1);
});
