// Matrix and vector products against PyTorch (fixtures from tests/oracle/products.py): torch.bmm,
// mv, outer (ger), mm, dot, matmul, tensordot, inner, vdot and the fused addmv, addr, baddbmm,
// addbmm, addmm_ (and in-place forms) as functions and methods; values, dtypes, grad_fn names, input gradients through views, and error
// texts.

import { loadFixture } from './helpers.js';
import { replayCases, type OpCase } from './replay.js';

replayCases('products', loadFixture<OpCase>('products'));
