"""Oracle for the ops PyTorch tutorials reach for (src/ops/einsum.ts, src/ops/linalg_extra.ts,
src/ops/tensor_methods.ts): torch.einsum, diag, diagflat, diag_embed,
trace, tril/triu_indices, meshgrid, cartesian_prod, unique, bincount, searchsorted, bucketize,
cdist, kron, torch.linalg.vector_norm / matrix_norm / norm, numel, is_tensor, is_floating_point and
Tensor.new_zeros / new_ones / new_full / new_empty / new_tensor / cpu, repeat_interleave, diff,
count_nonzero, cross, torch.linalg.cross and dist; values, dtypes, grad_fn names, input gradients and
error texts.

    /usr/bin/python3 tests/oracle/ops2.py   ->  tests/fixtures/ops2.json
"""
import math
import warnings

import torch

from cases import T, S, Str, run
from common import dump

F32, F64, I64 = torch.float32, torch.float64, torch.int64
INF = float('inf')
cases = []
# The UserWarning torch.meshgrid gives when indexing is omitted (tensorgrad gives it once per process):
# recorded first, as PyTorch too gives it once (TORCH_WARN_ONCE).
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    torch.meshgrid(torch.arange(2), torch.arange(3))
MESHGRID_WARNING = [{'op': 'torch.meshgrid', 'category': caught[0].category.__name__,
                     'message': str(caught[0].message)}]
warnings.simplefilter('ignore')


def vals(shape, salt=0, dtype=F64):
    """Deterministic values in [-2, 2], rounded to 4 places."""
    n = math.prod(shape)
    out = [round(-2 + 4 * (abs(math.sin(12.9898 * (i + 1) + 78.233 * (salt + 1)) * 43758.5453) % 1), 4)
           for i in range(n)]
    return torch.tensor(out, dtype=torch.float64).reshape(shape).to(dtype)


def ints(data):
    return torch.tensor(data, dtype=I64)


def add(*a, **k):
    cases.append(run(*a, **k))


# ---------------------------------------------------------------- einsum
E = [
    ('ij,jk->ik', [[2, 3], [3, 4]]),
    ('ij,jk', [[2, 3], [3, 4]]),
    ('bij,bjk->bik', [[2, 2, 3], [2, 3, 4]]),
    ('ii', [[3, 3]]),
    ('ii->i', [[3, 3]]),
    ('ij->ji', [[2, 3]]),
    ('ij->', [[2, 3]]),
    ('ij', [[2, 3]]),
    ('ji', [[2, 3]]),
    ('i,i->', [[4], [4]]),
    ('i,j->ij', [[3], [4]]),
    ('ij,ij->ij', [[2, 3], [2, 3]]),
    ('...ij->...ji', [[2, 3, 4]]),
    ('...ij,...jk->...ik', [[2, 2, 3], [3, 2]]),
    ('bn,anm,bm->ba', [[2, 3], [4, 3, 5], [2, 5]]),
    ('i,ij,j->', [[3], [3, 4], [4]]),
    ('iij->j', [[3, 3, 2]]),
    ('ijk,ikl->jl', [[2, 3, 4], [2, 4, 2]]),
    ('Ab,bC->AC', [[2, 3], [3, 2]]),
    ('i j , j k -> i k', [[2, 3], [3, 4]]),
    ('ij,kl->ijkl', [[2, 2], [2, 3]]),
    ('ij->j', [[3, 4]]),
    ('ij,ik->jk', [[1, 3], [4, 2]]),
    ('...,...->...', [[2, 3], [3]]),
    ('ij,j->i', [[0, 3], [3]]),
]
for n, (eq, shapes) in enumerate(E):
    for dt in (F32, F64):
        d = str(dt).replace('torch.', '')
        add(f'einsum {eq} {d}', 'torch.einsum', [Str(eq)] + [T(vals(s, 3 * n + i, dt), rg=True) for i, s in enumerate(shapes)])
add('einsum list operands', 'torch.einsum', [Str('ij,jk->ik'), [T(vals([2, 3], 1), rg=True), T(vals([3, 2], 2))]])
add('einsum transposed operand', 'torch.einsum',
    [Str('ij,jk->ik'), T(vals([3, 2], 3), view=[['t']], rg=True), T(vals([3, 2], 4), rg=True)])
add('einsum int64', 'torch.einsum', [Str('ij,jk->ik'), T(ints([[1, 2], [3, 4]])), T(ints([[5, 6], [7, 8]]))])
add('einsum broadcast size-1 label', 'torch.einsum', [Str('ij,ij->ij'), T(vals([1, 3], 5), rg=True), T(vals([2, 3], 6), rg=True)])
for name, eq, shapes in [
    ('fewer operands', 'ij,jk', [[2, 3]]),
    ('more operands', 'ij,jk', [[2, 3], [3, 4], [4, 2]]),
    ('too many subscripts', 'ijk', [[2, 3]]),
    ('too few subscripts', 'i', [[2, 3]]),
    ('unknown output subscript', 'ij->k', [[2, 3]]),
    ('repeated output subscript', 'ij->ii', [[2, 3]]),
    ('size mismatch', 'ij,jk->ik', [[2, 3], [2, 3]]),
    ('lone dot', 'i.j', [[2, 3]]),
    ('invalid subscript', 'iJ1', [[2, 3]]),
    ('repeated sizes differ', 'ii', [[2, 3]]),
    ('ellipsis more subscripts', '...ijk', [[2, 3]]),
    ('two ellipses', '......', [[2, 3]]),
]:
    add(f'einsum error: {name}', 'torch.einsum', [Str(eq)] + [T(vals(s, i)) for i, s in enumerate(shapes)])

# ---------------------------------------------------------------- diagonals
for dt in (F32, F64):
    d = str(dt).replace('torch.', '')
    add(f'diag 1-d {d}', 'torch.diag', [T(vals([3], 1, dt), rg=True)])
    add(f'diag 1-d offset {d}', 'torch.diag', [T(vals([3], 2, dt), rg=True), 1])
    add(f'diag 1-d negative offset {d}', 'torch.diag', [T(vals([3], 3, dt), rg=True), -2])
    add(f'diag 2-d {d}', 'torch.diag', [T(vals([3, 4], 4, dt), rg=True)])
    add(f'diag 2-d offset {d}', 'torch.diag', [T(vals([3, 4], 5, dt), rg=True), 2])
    add(f'diag 2-d transposed {d}', 'torch.diag', [T(vals([4, 3], 6, dt), view=[['t']], rg=True), -1])
    add(f'.diag {d}', '.diag', [T(vals([2, 3], 8, dt), rg=True), -1])
    add(f'diagflat {d}', 'torch.diagflat', [T(vals([2, 2], 9, dt), rg=True)])
    add(f'diagflat offset {d}', 'torch.diagflat', [T(vals([3], 10, dt), rg=True), -1])
    add(f'diag_embed {d}', 'torch.diag_embed', [T(vals([2, 3], 11, dt), rg=True)])
    add(f'diag_embed offset dims {d}', 'torch.diag_embed', [T(vals([2, 3], 12, dt), rg=True), 1, 0, 2])
    add(f'diag_embed negative dims {d}', 'torch.diag_embed', [T(vals([2, 3], 13, dt), rg=True), -1, -1, -3])
    add(f'.diag_embed {d}', '.diag_embed', [T(vals([3], 14, dt), rg=True)])
    add(f'trace {d}', 'torch.trace', [T(vals([3, 4], 15, dt), rg=True)])
    add(f'trace transposed {d}', 'torch.trace', [T(vals([3, 2], 16, dt), view=[['t']], rg=True)])
    add(f'.trace {d}', '.trace', [T(vals([3, 3], 17, dt), rg=True)])
add('diag int64', 'torch.diag', [T(ints([1, 2, 3]))])
add('diag bool', 'torch.diag', [T(torch.tensor([[True, False], [False, True]]))])
add('trace int64', 'torch.trace', [T(ints([[1, 2], [3, 4]]))])
add('trace empty', 'torch.trace', [T(vals([0, 3], 1), rg=True)])
add('diagflat 0-d', 'torch.diagflat', [T(torch.tensor(2.5, dtype=F64), rg=True)])
add('diag error 3-d', 'torch.diag', [T(vals([2, 2, 2], 1))])
add('diag error 0-d', 'torch.diag', [T(torch.tensor(1.5))])
add('diag_embed error same dims', 'torch.diag_embed', [T(vals([2, 3], 1)), 0, 0, 0])
add('diag_embed error dim out of range', 'torch.diag_embed', [T(vals([2, 3], 1)), 0, 0, 3])
add('trace error 3-d', 'torch.trace', [T(vals([2, 2, 2], 1))])
add('trace error 1-d', 'torch.trace', [T(vals([2], 1))])

# ---------------------------------------------------------------- index helpers
add('tril_indices', 'torch.tril_indices', [3, 3])
add('tril_indices offset', 'torch.tril_indices', [4, 3, 1])
add('tril_indices negative offset', 'torch.tril_indices', [3, 4, -1])
add('triu_indices', 'torch.triu_indices', [3, 3])
add('triu_indices offset', 'torch.triu_indices', [3, 4, 1])
add('triu_indices dtype int32', 'torch.triu_indices', [3, 3], {'dtype': torch.int32})
add('tril_indices empty', 'torch.tril_indices', [0, 3])
add('tril_indices error negative row', 'torch.tril_indices', [-1, 3])
add('triu_indices error negative col', 'torch.triu_indices', [3, -2])
# 2**40 rows of 3 columns: triu keeps 6 entries (was a hang, counting row by row; surface fuzzer seed 7034);
# tril would keep 3 * 2**40 - 3, PyTorch's allocator error, and so would triu of 2**40 columns.
add('triu_indices huge row count', 'torch.triu_indices', [2 ** 40, 3])
add('triu_indices huge row count negative offset', 'torch.triu_indices', [2 ** 40, 2, -3])
add('tril_indices huge column count', 'torch.tril_indices', [3, 2 ** 40, 1])
add('tril_indices huge row count huge negative offset', 'torch.tril_indices', [2 ** 40, 2, 4 - 2 ** 40])
add('tril_indices error huge row count', 'torch.tril_indices', [2 ** 40, 3])
add('triu_indices error huge column count', 'torch.triu_indices', [3, 2 ** 40])
add('meshgrid ij', 'torch.meshgrid', [T(vals([3], 1), rg=True), T(vals([2], 2), rg=True)], {'indexing': 'ij'})
add('meshgrid xy', 'torch.meshgrid', [T(vals([3], 1), rg=True), T(vals([2], 2), rg=True)], {'indexing': 'xy'})
add('meshgrid xy three', 'torch.meshgrid', [T(vals([3], 1)), T(vals([2], 2)), T(vals([4], 3))], {'indexing': 'xy'})
add('meshgrid default', 'torch.meshgrid', [T(ints([1, 2])), T(ints([3, 4, 5]))])
add('meshgrid list', 'torch.meshgrid', [[T(ints([1, 2])), T(ints([3, 4, 5]))]], {'indexing': 'ij'})
add('meshgrid 0-d', 'torch.meshgrid', [T(torch.tensor(1.5)), T(vals([2], 2, F32))], {'indexing': 'ij'})
add('meshgrid one', 'torch.meshgrid', [T(vals([3], 1))], {'indexing': 'xy'})
add('meshgrid error indexing', 'torch.meshgrid', [T(vals([2], 1)), T(vals([2], 2))], {'indexing': 'ab'})
add('meshgrid error dtypes', 'torch.meshgrid', [T(vals([2], 1)), T(ints([1, 2]))], {'indexing': 'ij'})
add('cartesian_prod', 'torch.cartesian_prod', [T(vals([3], 1), rg=True), T(vals([2], 2), rg=True)])
add('cartesian_prod three', 'torch.cartesian_prod', [T(ints([1, 2])), T(ints([3])), T(ints([4, 5]))])
add('cartesian_prod one', 'torch.cartesian_prod', [T(vals([3], 1))])
add('cartesian_prod error 2-d', 'torch.cartesian_prod', [T(vals([3, 2], 1)), T(vals([2], 2))])

# ---------------------------------------------------------------- value-reading ops
u = ints([3, 1, 2, 3, 1, 7, 2])
add('unique', 'torch.unique', [T(u)])
add('unique inverse', 'torch.unique', [T(u)], {'return_inverse': True})
add('unique counts', 'torch.unique', [T(u)], {'return_counts': True})
add('unique inverse counts 2-d', 'torch.unique', [T(ints([[3, 1], [1, 5]]))], {'return_inverse': True, 'return_counts': True})
add('unique float', 'torch.unique', [T(torch.tensor([1.5, -0.5, 1.5, 2.25]))])
add('unique bool', 'torch.unique', [T(torch.tensor([True, False, True]))])
add('unique 0-d', 'torch.unique', [T(torch.tensor(5))])
add('unique empty', 'torch.unique', [T(torch.tensor([], dtype=F32))], {'return_counts': True})
add('.unique', '.unique', [T(u)], {'sorted': True, 'return_inverse': True})
add('unique dim=0', 'torch.unique', [T(ints([[1, 2], [0, 5], [1, 2]]))], {'dim': 0, 'return_inverse': True, 'return_counts': True})
add('unique dim=1', 'torch.unique', [T(ints([[1, 0, 1], [2, 5, 2]]))], {'dim': 1})
add('bincount', 'torch.bincount', [T(ints([1, 3, 0, 3, 3]))])
add('bincount minlength', 'torch.bincount', [T(ints([1, 3, 0, 3]))], {'minlength': 7})
add('bincount weights float32', 'torch.bincount', [T(ints([1, 3, 0, 3])), T(vals([4], 1, F32))])
add('bincount weights float64', 'torch.bincount', [T(ints([1, 3, 0, 3]))], {'weights': T(vals([4], 2))})
add('bincount weights int64', 'torch.bincount', [T(ints([1, 1, 0])), T(ints([2, 5, 7]))])
add('bincount empty', 'torch.bincount', [T(torch.tensor([], dtype=I64))])
add('bincount empty minlength', 'torch.bincount', [T(torch.tensor([], dtype=I64))], {'minlength': 3})
# An empty 1-d input gives int64 zeros before the weights are checked or used (tensorgrad refused weights
# of another length and gave their dtype; differential fuzzer seed 1106).
add('bincount empty, weights of another length', 'torch.bincount',
    [T(torch.tensor([], dtype=torch.int32)), T(torch.ones(3, dtype=torch.int32))])
add('bincount empty, float64 weights', 'torch.bincount', [T(torch.tensor([], dtype=I64)), T(vals([0], 1))],
    {'minlength': 2})
add('bincount error empty 2-d', 'torch.bincount', [T(torch.zeros(2, 0, dtype=I64))])
add('.bincount', '.bincount', [T(ints([2, 2, 0]))])
add('bincount error float', 'torch.bincount', [T(vals([3], 1, F32))])
add('bincount error negative', 'torch.bincount', [T(ints([-1, 2]))])
add('bincount error 2-d', 'torch.bincount', [T(ints([[1]]))])
add('bincount error weights length', 'torch.bincount', [T(ints([1, 2])), T(vals([3], 1))])
add('bincount error minlength', 'torch.bincount', [T(ints([1, 2]))], {'minlength': -1})
seq = torch.tensor([1.0, 3.0, 5.0, 7.0, 9.0])
q = torch.tensor([[3.0, 6.0, 9.0], [0.5, 7.0, 10.0]])
add('searchsorted', 'torch.searchsorted', [T(seq), T(q)])
add('searchsorted right', 'torch.searchsorted', [T(seq), T(q)], {'right': True})
add('searchsorted side right', 'torch.searchsorted', [T(seq), T(q)], {'side': 'right'})
add('searchsorted out_int32', 'torch.searchsorted', [T(seq), T(q)], {'out_int32': True})
add('searchsorted scalar', 'torch.searchsorted', [T(seq), S(6.5)])
add('searchsorted int64', 'torch.searchsorted', [T(ints([1, 3, 3, 5])), T(ints([3, 4]))])
add('searchsorted int64 right', 'torch.searchsorted', [T(ints([1, 3, 3, 5])), T(ints([3, 4]))], {'right': True})
add('searchsorted batched', 'torch.searchsorted',
    [T(torch.tensor([[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]])), T(torch.tensor([[3.0, 6.0], [1.0, 5.0]]))])
add('searchsorted sorter', 'torch.searchsorted', [T(torch.tensor([5.0, 1.0, 3.0])), T(torch.tensor([2.0, 4.0]))],
    {'sorter': T(ints([1, 2, 0]))})
add('searchsorted error side', 'torch.searchsorted', [T(seq), T(q)], {'side': 'x'})
add('searchsorted error opposite', 'torch.searchsorted', [T(seq), T(q)], {'side': 'left', 'right': True})
add('searchsorted error shapes', 'torch.searchsorted', [T(vals([3, 4], 1)), T(vals([3], 2))])
add('bucketize', 'torch.bucketize', [T(q), T(seq)])
add('bucketize right', 'torch.bucketize', [T(q), T(seq)], {'right': True})
add('bucketize out_int32', 'torch.bucketize', [T(ints([0, 4, 9])), T(ints([1, 4, 8]))], {'out_int32': True})
add('bucketize scalar', 'torch.bucketize', [S(4.5), T(seq)])
add('bucketize error 2-d boundaries', 'torch.bucketize', [T(q), T(q)])

# ---------------------------------------------------------------- cdist, kron
for dt in (F32, F64):
    d = str(dt).replace('torch.', '')
    for p in (2, 1, 3, 0.5, INF, 0):
        ps = 'inf' if p == INF else str(p)
        add(f'cdist p={ps} {d}', 'torch.cdist', [T(vals([3, 2], 1, dt), rg=True), T(vals([4, 2], 2, dt), rg=True)],
            {'p': S(p) if p == INF or p != int(p) else p})
    add(f'cdist batched {d}', 'torch.cdist', [T(vals([2, 3, 4], 3, dt), rg=True), T(vals([2, 2, 4], 4, dt), rg=True)])
    add(f'cdist broadcast batch {d}', 'torch.cdist', [T(vals([2, 3, 4], 5, dt), rg=True), T(vals([2, 4], 6, dt), rg=True)])
    add(f'kron {d}', 'torch.kron', [T(vals([2, 3], 7, dt), rg=True), T(vals([2, 2], 8, dt), rg=True)])
    add(f'kron ranks differ {d}', 'torch.kron', [T(vals([3], 9, dt), rg=True), T(vals([2, 2], 10, dt), rg=True)])
    add(f'.kron {d}', '.kron', [T(vals([2], 11, dt), rg=True), T(vals([3], 12, dt), rg=True)])
add('cdist zero distance', 'torch.cdist', [T(vals([2, 3], 1), rg=True), T(vals([2, 3], 1), rg=True)])
add('cdist error 1-d', 'torch.cdist', [T(vals([3], 1)), T(vals([3, 4], 2))])
add('cdist error columns', 'torch.cdist', [T(vals([3, 4], 1)), T(vals([2, 3], 2))])
add('cdist error p', 'torch.cdist', [T(vals([3, 4], 1)), T(vals([2, 4], 2))], {'p': -1})
add('cdist error int', 'torch.cdist', [T(ints([[1, 2]])), T(ints([[1, 2]]))])
add('kron int64', 'torch.kron', [T(ints([[1, 2], [3, 4]])), T(ints([1, -1]))])

# ---------------------------------------------------------------- norms
for dt in (F32, F64):
    d = str(dt).replace('torch.', '')
    x = vals([3, 4], 1, dt)
    add(f'linalg.vector_norm {d}', 'torch.linalg.vector_norm', [T(x, rg=True)])
    add(f'linalg.vector_norm ord=1 dim=1 {d}', 'torch.linalg.vector_norm', [T(x, rg=True), 1, 1])
    add(f'linalg.vector_norm ord=3 keepdim {d}', 'torch.linalg.vector_norm', [T(x, rg=True), 3, [0, 1], True])
    add(f'linalg.vector_norm ord=inf {d}', 'torch.linalg.vector_norm', [T(x, rg=True)], {'ord': S(INF)})
    add(f'linalg.vector_norm ord=-inf dim=0 {d}', 'torch.linalg.vector_norm', [T(x, rg=True)], {'ord': S(-INF), 'dim': 0})
    add(f'linalg.vector_norm ord=0 {d}', 'torch.linalg.vector_norm', [T(x, rg=True), 0])
    add(f'linalg.vector_norm ord=0.5 transposed {d}', 'torch.linalg.vector_norm',
        [T(x, view=[['t']], rg=True), S(0.5), -1])
    add(f'linalg.matrix_norm {d}', 'torch.linalg.matrix_norm', [T(x, rg=True)])
    add(f'linalg.matrix_norm ord=1 {d}', 'torch.linalg.matrix_norm', [T(x, rg=True), 1])
    add(f'linalg.matrix_norm ord=-1 {d}', 'torch.linalg.matrix_norm', [T(x, rg=True), -1])
    add(f'linalg.matrix_norm ord=inf {d}', 'torch.linalg.matrix_norm', [T(x, rg=True)], {'ord': S(INF)})
    add(f'linalg.matrix_norm ord=-inf keepdim {d}', 'torch.linalg.matrix_norm', [T(x, rg=True)],
        {'ord': S(-INF), 'keepdim': True})
    add(f'linalg.matrix_norm batched dims {d}', 'torch.linalg.matrix_norm', [T(vals([2, 3, 4], 2, dt), rg=True), 'fro', [0, 2]])
    add(f'linalg.matrix_norm ord=1 dims reversed {d}', 'torch.linalg.matrix_norm', [T(vals([2, 3, 4], 3, dt), rg=True), 1, [2, 0]])
    add(f'linalg.norm {d}', 'torch.linalg.norm', [T(vals([2, 3, 4], 4, dt), rg=True)])
    add(f'linalg.norm vector ord=3 {d}', 'torch.linalg.norm', [T(vals([5], 5, dt), rg=True), 3])
    add(f'linalg.norm matrix ord=inf {d}', 'torch.linalg.norm', [T(x, rg=True)], {'ord': S(INF)})
    add(f'linalg.norm fro {d}', 'torch.linalg.norm', [T(x, rg=True), 'fro'])
    add(f'linalg.norm dim=1 {d}', 'torch.linalg.norm', [T(x, rg=True)], {'dim': 1})
    add(f'linalg.norm dims keepdim {d}', 'torch.linalg.norm', [T(vals([2, 3, 4], 6, dt), rg=True)],
        {'ord': 1, 'dim': [1, 2], 'keepdim': True})
add('linalg.vector_norm dtype', 'torch.linalg.vector_norm', [T(vals([3, 4], 1, F32), rg=True)], {'dtype': F64})
add('linalg.vector_norm 0-d', 'torch.linalg.vector_norm', [T(torch.tensor(-2.5), rg=True)])
add('linalg.vector_norm empty', 'torch.linalg.vector_norm', [T(vals([0, 3], 1), rg=True)])
add('linalg.vector_norm error int', 'torch.linalg.vector_norm', [T(ints([1, 2]))])
add('linalg.matrix_norm error 1-d', 'torch.linalg.matrix_norm', [T(vals([3], 1))])
add('linalg.matrix_norm error order', 'torch.linalg.matrix_norm', [T(vals([3, 3], 1)), 3])
add('linalg.matrix_norm error order string', 'torch.linalg.matrix_norm', [T(vals([3, 3], 1)), 'abc'])
add('linalg.norm error 3-d with ord', 'torch.linalg.norm', [T(vals([2, 2, 2], 1)), 2])

# ---------------------------------------------------------------- predicates and new tensors
x32 = vals([2, 3], 1, F32)
add('numel', 'torch.numel', [T(x32)])
add('numel 0-d', 'torch.numel', [T(torch.tensor(1.5))])
add('is_tensor', 'torch.is_tensor', [T(x32)])
add('is_tensor number', 'torch.is_tensor', [S(2.5)])
add('is_floating_point', 'torch.is_floating_point', [T(x32)])
add('is_floating_point int', 'torch.is_floating_point', [T(ints([1]))])
add('.cpu', '.cpu', [T(x32, rg=True)])
add('.new_zeros', '.new_zeros', [T(x32, rg=True), [2, 3]])
add('.new_zeros float64', '.new_zeros', [T(vals([2], 1)), [2]])
add('.new_zeros dtype', '.new_zeros', [T(x32), [2]], {'dtype': I64})
add('.new_zeros requires_grad', '.new_zeros', [T(x32), [2]], {'requires_grad': True})
add('.new_ones int64', '.new_ones', [T(ints([1, 2])), [3]])
add('.new_ones dtype', '.new_ones', [T(x32), [1, 2]], {'dtype': F64})
add('.new_full', '.new_full', [T(x32), [2, 2], S(2.5)])
add('.new_full int', '.new_full', [T(ints([1])), [3], 7])
add('.new_full bool', '.new_full', [T(x32), [2], True])
add('.new_empty', '.new_empty', [T(vals([2], 1)), [2, 3]], values=False)
add('.new_tensor', '.new_tensor', [T(ints([1])), [S(1.5), S(2.5)]])
add('.new_tensor float64', '.new_tensor', [T(vals([2], 1)), [S(1.5), S(-0.5)]])
add('.new_tensor dtype', '.new_tensor', [T(x32), [S(1.5)]], {'dtype': F64, 'requires_grad': True})

# ---------------------------------------------------------------- repeat_interleave
for d in (F32, F64):
    n = str(d).replace('torch.', '')
    add(f'repeat_interleave int {n}', 'torch.repeat_interleave', [T(vals([2, 3], 200, d), rg=True), S(2)])
    add(f'.repeat_interleave int dim {n}', '.repeat_interleave', [T(vals([2, 3], 201, d), rg=True), S(3)], {'dim': 1})
    add(f'repeat_interleave tensor dim 0 {n}', 'torch.repeat_interleave',
        [T(vals([3, 2], 202, d), rg=True), T(ints([1, 0, 2])), S(0)])
    add(f'.repeat_interleave transposed {n}', '.repeat_interleave',
        [T(vals([3, 2], 203, d), view=[['t']], rg=True), T(ints([2, 1, 1])), S(-1)])
add('repeat_interleave 1-element repeats', 'torch.repeat_interleave', [T(vals([2, 2], 204), rg=True), T(ints([3]))])
add('repeat_interleave 0-d repeats dim', 'torch.repeat_interleave', [T(vals([2, 2], 205), rg=True), T(ints(2)), S(1)])
add('repeat_interleave int32 repeats', 'torch.repeat_interleave', [T(vals([2, 2], 206)), T(ints([1, 2]).int()), S(0)])
add('repeat_interleave output_size', 'torch.repeat_interleave', [T(vals([2, 3], 207), rg=True), T(ints([1, 2])), S(0)],
    {'output_size': 3})
add('repeat_interleave int64 input', 'torch.repeat_interleave', [T(ints([[1, 2], [3, 4]])), S(2)], {'dim': 0})
add('repeat_interleave 0-d input', 'torch.repeat_interleave', [T(torch.tensor(5.0, dtype=F64), rg=True), S(3)])
add('repeat_interleave repeats only', 'torch.repeat_interleave', [T(ints([1, 0, 2]))])
add('repeat_interleave repeats only int32', 'torch.repeat_interleave', [T(ints([2, 1]).int())])
add('repeat_interleave repeats only output_size', 'torch.repeat_interleave', [T(ints([2, 1]))], {'output_size': 3})
add('repeat_interleave wrong output_size', 'torch.repeat_interleave', [T(vals([2, 3], 208)), T(ints([1, 2])), S(0)],
    {'output_size': 5})
add('repeat_interleave repeats size', 'torch.repeat_interleave', [T(vals([2, 3], 209)), T(ints([1, 2, 3])), S(0)])
add('repeat_interleave 2-d repeats', 'torch.repeat_interleave', [T(vals([2, 3], 210)), T(ints([[1, 2]])), S(0)])
add('repeat_interleave float repeats', 'torch.repeat_interleave', [T(vals([2, 3], 211)), T(vals([2], 212)), S(0)])
add('repeat_interleave negative repeats', 'torch.repeat_interleave', [T(vals([2, 3], 213)), T(ints([1, -2])), S(0)])
add('repeat_interleave negative int', 'torch.repeat_interleave', [T(vals([2, 3], 214)), S(-1)])
add('repeat_interleave dim out of range', 'torch.repeat_interleave', [T(vals([2, 3], 215)), S(2)], {'dim': 2})
add('repeat_interleave repeats only 0-d', 'torch.repeat_interleave', [T(ints(2))])
add('.repeat_interleave output_size without dim', '.repeat_interleave', [T(vals([2, 2], 216), rg=True), S(2)],
    {'output_size': 8})
add('repeat_interleave empty input, output_size', 'torch.repeat_interleave', [T(vals([0], 217)), S(3)],
    {'output_size': 2})
add('repeat_interleave empty repeats, output_size', 'torch.repeat_interleave', [T(torch.tensor([], dtype=I64))],
    {'output_size': 1})

# ---------------------------------------------------------------- diff, count_nonzero
for d in (F32, F64):
    n = str(d).replace('torch.', '')
    add(f'diff {n}', 'torch.diff', [T(vals([3, 4], 220, d), rg=True)])
    add(f'diff n 2 dim 0 {n}', 'torch.diff', [T(vals([4, 3], 221, d), rg=True)], {'n': 2, 'dim': 0})
    add(f'diff prepend append {n}', 'torch.diff', [T(vals([2, 3], 222, d), rg=True)],
        {'prepend': T(vals([2, 1], 223, d), rg=True), 'append': T(vals([2, 2], 224, d), rg=True)})
    add(f'.diff transposed {n}', '.diff', [T(vals([4, 3], 225, d), view=[['t']], rg=True), S(1), S(1)])
add('diff n beyond length', 'torch.diff', [T(vals([2, 3], 226), rg=True)], {'n': 5})
add('diff n 0', 'torch.diff', [T(vals([2, 3], 227))], {'n': 0})
add('diff n 0 ignores append', 'torch.diff', [T(vals([2, 3], 233))], {'n': 0, 'append': T(vals([2, 1], 234))})
add('diff bool', 'torch.diff', [T(torch.tensor([True, False, False, True]))])
add('diff int64', 'torch.diff', [T(ints([1, 5, 2, -3]))], {'n': 2})
add('diff 0-d', 'torch.diff', [T(torch.tensor(1.5))])
add('diff prepend dims', 'torch.diff', [T(vals([2, 3], 228))], {'prepend': T(vals([3], 229))})
add('diff dim out of range', 'torch.diff', [T(vals([2, 3], 230))], {'dim': 2})
add('count_nonzero', 'torch.count_nonzero', [T(torch.tensor([[0.0, 1.5, 0.0], [2.0, -1.0, 0.0]]))])
add('count_nonzero dim', 'torch.count_nonzero', [T(torch.tensor([[0.0, 1.5, 0.0], [2.0, -1.0, 0.0]])), S(1)])
add('count_nonzero dims', 'torch.count_nonzero', [T(ints([[[0, 1], [2, 0]], [[0, 0], [3, 4]]])), [0, 2]])
add('.count_nonzero bool', '.count_nonzero', [T(torch.tensor([True, False, True]))])
add('count_nonzero 0-d', 'torch.count_nonzero', [T(torch.tensor(0.0))])
add('count_nonzero duplicate dims', 'torch.count_nonzero', [T(vals([2, 3], 231)), [0, 0]])
add('count_nonzero dim out of range', 'torch.count_nonzero', [T(vals([2, 3], 232)), S(2)])

# ---------------------------------------------------------------- cross, dist
for d in (F32, F64):
    n = str(d).replace('torch.', '')
    add(f'cross default dim {n}', 'torch.cross', [T(vals([2, 3], 240, d), rg=True), T(vals([2, 3], 241, d), rg=True)])
    add(f'cross dim 0 broadcast {n}', 'torch.cross',
        [T(vals([3, 1], 242, d), rg=True), T(vals([2, 3], 243, d), view=[['t']], rg=True)], {'dim': 0})
    add(f'.cross dim -1 {n}', '.cross', [T(vals([3, 3], 244, d), rg=True), T(vals([1, 3], 245, d), rg=True)], {'dim': -1})
    add(f'linalg.cross {n}', 'torch.linalg.cross', [T(vals([2, 3], 246, d), rg=True), T(vals([2, 3], 247, d), rg=True)])
    add(f'dist {n}', 'torch.dist', [T(vals([2, 3], 248, d), rg=True), T(vals([3], 249, d), rg=True)])
    add(f'.dist p 1 {n}', '.dist', [T(vals([4], 250, d), rg=True), T(vals([4], 251, d), rg=True), S(1)])
add('cross first dim of size 3', 'torch.cross', [T(vals([3, 3], 252), rg=True), T(vals([3, 3], 253), rg=True)])
add('cross int64', 'torch.cross', [T(ints([[1, 2, 3], [4, 5, 6]])), T(ints([[0, -1, 2], [3, 1, 1]]))])
add('cross no dim of size 3', 'torch.cross', [T(vals([2, 4], 254)), T(vals([2, 4], 255))])
add('cross dim not 3', 'torch.cross', [T(vals([2, 3], 256)), T(vals([2, 3], 257))], {'dim': 0})
add('cross dims differ', 'torch.cross', [T(vals([2, 3], 258)), T(vals([3], 259))])
add('cross dtype mismatch', 'torch.cross', [T(vals([2, 3], 260, F32)), T(vals([2, 3], 261))])
add('linalg.cross dim', 'torch.linalg.cross', [T(vals([3, 2], 262)), T(vals([3, 2], 263))], {'dim': 0})
add('dist p inf', 'torch.dist', [T(vals([2, 3], 264), rg=True), T(vals([2, 3], 265))], {'p': INF})
add('dist p 0', 'torch.dist', [T(vals([2, 3], 266)), T(vals([2, 3], 266))], {'p': 0})
add('dist p 3', 'torch.dist', [T(vals([4], 267), rg=True), T(vals([4], 268), rg=True)], {'p': 3})
add('dist promotes', 'torch.dist', [T(vals([3], 269, F32)), T(vals([3], 270))])
add('dist shape mismatch', 'torch.dist', [T(vals([2, 3], 271)), T(vals([4], 272))])
add('dist int64', 'torch.dist', [T(ints([1, 2])), T(ints([3, 4]))])
add('dist bool p', 'torch.dist', [T(vals([3], 273)), T(vals([3], 274))], {'p': False})

dump('ops2', cases)
dump('ops2_warnings', MESHGRID_WARNING)
