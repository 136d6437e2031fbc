// Ops PyTorch tutorials reach for, against PyTorch (fixtures from tests/oracle/ops2.py): einsum,
// diagonals, grids, unique/bincount/searchsorted, cdist, kron, torch.linalg norms, predicates and
// Tensor.new_*; values, dtypes, grad_fn names, input gradients and error texts.

import { loadFixture } from './helpers.js';
import { replayCases, type OpCase } from './replay.js';

replayCases('ops2', loadFixture<OpCase>('ops2'), { tol: { rtol: 1e-5, atol: 1e-6 } });
