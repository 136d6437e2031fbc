// Square-matrix linear algebra against PyTorch (fixtures from tests/oracle/linalg.py):
// torch.linalg.det, slogdet, inv, inv_ex, solve, cholesky, cholesky_ex, matrix_power, multi_dot,
// vecdot, matmul, diagonal and torch.det / logdet / slogdet / inverse / matrix_power; values,
// dtypes, grad_fn names, input gradients and error texts. The factorizations run in double
// (Note [Factorizations in float64], src/ops/linalg_solve.ts), so float32 results may differ from
// LAPACK's single-precision ones in the last bits: compared within a relative 2e-5.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { assertTensor, dec, loadFixture, type EncTensor } from './helpers.js';
import { replayCases, type OpCase } from './replay.js';

replayCases('linalg', loadFixture<OpCase>('linalg'), { tol: { rtol: 2e-5, atol: 1e-6 } });

// eigh and svd: their vectors are unique only up to each column's sign, which LAPACK picks (PyTorch's
// documentation says so), so the fixtures (tests/oracle/linalg_vectors.py) hold what is unique: the
// values, the vectors' absolute values, sign-invariant products and the gradients of a
// sign-invariant loss.
interface VectorCase {
  name: string;
  op: 'eigh' | 'svd' | 'svd_old';
  some?: boolean;
  abs_V?: EncTensor;
  uplo?: 'L' | 'U';
  full?: boolean;
  A: EncTensor;
  values: EncTensor;
  abs_vectors?: EncTensor;
  abs_U?: EncTensor;
  abs_Vh?: EncTensor;
  product: EncTensor;
  weights: EncTensor;
  grad: EncTensor;
}
const tol = { rtol: 2e-5, atol: 1e-5 };
for (const c of loadFixture<VectorCase>('linalg_vectors')) {
  test(c.name, () => {
    const x = dec(c.A, { requires_grad: true });
    let product: Tensor;
    if (c.op === 'eigh') {
      const { eigenvalues: L, eigenvectors: V } = torch.linalg.eigh(x, c.uplo);
      assertTensor(L, c.values, { ...tol, label: 'eigenvalues' });
      assertTensor(V.abs(), c.abs_vectors!, { ...tol, label: '|eigenvectors|' });
      // Orthonormal columns.
      const n = V.shape[V.dim() - 1];
      assert.ok(
        (V.transpose(-2, -1)
          .matmul(V)
          .sub(torch.eye(n, { dtype: V.dtype }))
          .abs()
          .max()
          .item() as number) < 1e-5,
      );
      product = V.matmul(torch.diag_embed(L.pow(2))).matmul(V.transpose(-2, -1));
    } else if (c.op === 'svd_old') {
      const { U, S, V } = torch.svd(x, c.some);
      assertTensor(S, c.values, { ...tol, label: 'S' });
      assertTensor(U.abs(), c.abs_U!, { ...tol, label: '|U|' });
      assertTensor(V.abs(), c.abs_V!, { ...tol, label: '|V|' });
      product = U.narrow(-1, 0, 2)
        .matmul(torch.diag_embed(S.pow(2)))
        .matmul(V.narrow(-1, 0, 2).transpose(-2, -1));
    } else {
      const { U, S, Vh } = torch.linalg.svd(x, c.full);
      assertTensor(S, c.values, { ...tol, label: 'S' });
      assertTensor(U.abs(), c.abs_U!, { ...tol, label: '|U|' });
      assertTensor(Vh.abs(), c.abs_Vh!, { ...tol, label: '|Vh|' });
      const k = S.shape[S.dim() - 1];
      product = U.narrow(-1, 0, k)
        .matmul(torch.diag_embed(S.pow(2)))
        .matmul(Vh.narrow(-2, 0, k));
    }
    assertTensor(product, c.product, { ...tol, label: 'sign-invariant product' });
    product.mul(dec(c.weights)).sum().backward();
    assertTensor(x.grad!, c.grad, { ...tol, label: 'gradient of the sign-invariant loss' });
  });
}
