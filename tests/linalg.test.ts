// Square-matrix linear algebra against PyTorch (fixtures from tests/oracle/linalg.py):
// torch.linalg.det, slogdet, inv, inv_ex, solve, cholesky, cholesky_ex, matrix_power, multi_dot,
// vecdot, matmul, diagonal and torch.det / logdet / slogdet / inverse / matrix_power; values,
// dtypes, grad_fn names, input gradients and error texts. The factorizations run in double
// (Note [Factorizations in float64], src/ops/linalg_solve.ts), so float32 results may differ from
// LAPACK's single-precision ones in the last bits: compared within a relative 2e-5.

import { loadFixture } from './helpers.js';
import { replayCases, type OpCase } from './replay.js';

replayCases('linalg', loadFixture<OpCase>('linalg'), { tol: { rtol: 2e-5, atol: 1e-6 } });
