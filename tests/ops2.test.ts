// Ops PyTorch tutorials reach for, against PyTorch (fixtures from tests/oracle/ops2.py): einsum,
// diagonals, grids, unique/bincount/searchsorted, cdist, kron, torch.linalg norms, predicates,
// Tensor.new_*, repeat_interleave, diff, count_nonzero, cross and dist; values, dtypes, grad_fn
// names, input gradients and error texts.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as torch from '../src/index.js';
import { loadFixture } from './helpers.js';
import { replayCases, type OpCase } from './replay.js';

const warnings: { name: string; message: string }[] = [];
process.on('warning', (w) => warnings.push({ name: w.name, message: w.message }));

// diff with n=0 is a clone here (CloneBackward0), where PyTorch copies into a new tensor
// (CopyBackwards): values and gradients are compared, not the node's name or _version.
replayCases('ops2', loadFixture<OpCase>('ops2'), {
  tol: { rtol: 1e-5, atol: 1e-6 },
  composite: (c) => c.name.startsWith('diff n 0'),
});

test('meshgrid without indexing gives PyTorch 1.13 warning once, and indexes ij', async () => {
  const [want] = loadFixture<{ category: string; message: string }>('ops2_warnings');
  const a = torch.arange(2);
  const b = torch.arange(3);
  const [x] = torch.meshgrid(a, b);
  torch.meshgrid([a, b]);
  await new Promise((r) => setImmediate(r));
  const seen = warnings.filter((w) => w.message === want.message);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].name, want.category);
  assert.deepEqual(x.shape, [2, 3]);
});

test('einsum takes its operands as arguments or as one array', () => {
  const a = torch.arange(6, { dtype: torch.float64 }).reshape(2, 3);
  const b = torch.arange(12, { dtype: torch.float64 }).reshape(3, 4);
  assert.deepEqual(torch.einsum('ij,jk->ik', a, b).tolist(), torch.einsum('ij,jk->ik', [a, b]).tolist());
  assert.deepEqual(torch.einsum('ij,jk->ik', [a, b], { path: null }).tolist(), a.matmul(b).tolist());
});

test('cpu() is the tensor itself; is_tensor of non-tensors', () => {
  const a = torch.ones(2, { requires_grad: true });
  assert.equal(a.cpu(), a);
  assert.equal(torch.is_tensor([1, 2]), false);
  assert.equal(torch.is_tensor(null), false);
});

test('bad operands to einsum and meshgrid are TypeErrors naming the op', () => {
  assert.throws(() => torch.einsum('ij', 3 as never), /einsum\(\)/);
  assert.throws(
    () => torch.meshgrid([torch.ones(2), 3 as never]),
    /expected Tensor as element 1 in argument 0, but got number/,
  );
});
