"""Oracle for square-matrix linear algebra (src/ops/linalg_solve.ts): torch.linalg.det, slogdet,
inv, inv_ex, solve, cholesky, cholesky_ex, matrix_power, multi_dot, vecdot, matmul, diagonal and
torch.det / logdet / slogdet / inverse / matrix_power (functions and methods); values, dtypes,
grad_fn names, input gradients (through transposed views and broadcast batches too) and PyTorch's
error texts.

PyTorch 2 changed the gradient of det at a singular matrix: 1.13 returns zeros, 2.x the cofactor
matrix (the true derivative, which it computes through the SVD). The fixtures follow PyTorch 2
(DESIGN.md, "Version policy"): for the singular cases the recorded gradient is replaced by
grad · cofactor(A), the cofactors computed here from the minors' determinants.

    /usr/bin/python3 tests/oracle/linalg.py   ->  tests/fixtures/linalg.json
"""
import torch

from cases import T, run
from common import dump, enc, vals

F32, F64, I64 = torch.float32, torch.float64, torch.int64
cases = []


def square(shape, salt=0, dtype=F64, shift=4.0):
    """Well-conditioned square matrices: values plus `shift` on the diagonal."""
    n = shape[-1]
    return (vals(shape, salt) + shift * torch.eye(n, dtype=F64)).to(dtype)


def spd(shape, salt=0, dtype=F64):
    """Symmetric positive-definite matrices: M Mᵀ + n I."""
    m = vals(shape, salt)
    n = shape[-1]
    return (m @ m.transpose(-2, -1) + n * torch.eye(n, dtype=F64)).to(dtype)


def add(*a, **k):
    cases.append(run(*a, **k))


def cofactors(A):
    """The cofactor matrix of a square float64 matrix: (-1)^(i+j) det(A without row i, column j)."""
    n = A.shape[-1]
    C = torch.empty_like(A)
    for i in range(n):
        for j in range(n):
            keep_r = [r for r in range(n) if r != i]
            keep_c = [c for c in range(n) if c != j]
            C[i, j] = (-1) ** (i + j) * torch.linalg.det(A[keep_r][:, keep_c])
    return C


def det_grad_pytorch2(case, A):
    """Replaces a singular det case's gradient by PyTorch 2's: grad_out · cofactor(A)."""
    g = float(case['grad_out']['data'][0])
    want = (g * cofactors(A.to(torch.float64))).to(A.dtype)
    case['grads'] = [enc(want)]
    case['note'] = 'gradient at a singular matrix as PyTorch 2 computes it (1.13 gives zeros)'


SINGULAR = torch.tensor([[1., 2.], [2., 4.]], dtype=F64)

for dt in (F32, F64):
    d = str(dt).replace('torch.', '')
    add(f'linalg.det {d}', 'torch.linalg.det', [T(square([3, 3], 1, dt), rg=True)])
    add(f'linalg.det {d} batch', 'torch.linalg.det', [T(square([2, 4, 4], 2, dt), rg=True)])
    add(f'linalg.det {d} transposed', 'torch.linalg.det', [T(square([3, 3], 3, dt), view=[['t']], rg=True)])
    add(f'linalg.det {d} singular', 'torch.linalg.det', [T(SINGULAR.to(dt), rg=True)])
    det_grad_pytorch2(cases[-1], SINGULAR.to(dt))
    add(f'linalg.det {d} singular 3x3', 'torch.linalg.det', [T(torch.tensor([[1., 2., 3.], [4., 5., 6.], [7., 8., 9.]], dtype=dt), rg=True)])
    det_grad_pytorch2(cases[-1], torch.tensor([[1., 2., 3.], [4., 5., 6.], [7., 8., 9.]], dtype=dt))
    add(f'linalg.det {d} 1x1', 'torch.linalg.det', [T(vals([1, 1], 4, dt), rg=True)])
    add(f'linalg.det {d} pivoting', 'torch.linalg.det', [T(vals([4, 4], 5, dt), rg=True)])
    add(f'det {d}', 'torch.det', [T(square([3, 3], 6, dt), rg=True)])
    add(f'.det {d}', '.det', [T(square([2, 2], 7, dt), rg=True)])
    add(f'linalg.slogdet {d}', 'torch.linalg.slogdet', [T(vals([3, 3], 8, dt))])
    add(f'linalg.slogdet {d} batch', 'torch.linalg.slogdet', [T(vals([2, 3, 3], 9, dt))])
    add(f'slogdet {d} singular', 'torch.slogdet', [T(SINGULAR.to(dt))])
    add(f'logdet {d}', 'torch.logdet', [T(square([3, 3], 10, dt), rg=True)])
    add(f'logdet {d} negative', 'torch.logdet', [T(torch.tensor([[-1., 0.5], [0.5, 1.]], dtype=dt))])
    add(f'.logdet {d} batch', '.logdet', [T(square([2, 3, 3], 11, dt), rg=True)])
    add(f'linalg.inv {d}', 'torch.linalg.inv', [T(square([3, 3], 12, dt), rg=True)])
    add(f'linalg.inv {d} batch', 'torch.linalg.inv', [T(square([2, 3, 3], 13, dt), rg=True)])
    add(f'linalg.inv {d} pivoting', 'torch.linalg.inv', [T(vals([4, 4], 14, dt), rg=True)])
    add(f'inverse {d}', 'torch.inverse', [T(square([2, 2], 15, dt), rg=True)])
    add(f'.inverse {d} transposed', '.inverse', [T(square([3, 3], 16, dt), view=[['t']], rg=True)])
    add(f'linalg.inv_ex {d}', 'torch.linalg.inv_ex', [T(square([3, 3], 17, dt))])
    add(f'linalg.inv_ex {d} singular', 'torch.linalg.inv_ex', [T(SINGULAR.to(dt))])
    add(f'linalg.solve {d} matrix', 'torch.linalg.solve', [T(square([3, 3], 18, dt), rg=True), T(vals([3, 2], 19, dt), rg=True)])
    add(f'linalg.solve {d} vector', 'torch.linalg.solve', [T(square([3, 3], 20, dt), rg=True), T(vals([3], 21, dt), rg=True)])
    add(f'linalg.solve {d} batch of vectors', 'torch.linalg.solve',
        [T(square([2, 3, 3], 22, dt), rg=True), T(vals([2, 3], 23, dt), rg=True)])
    add(f'linalg.solve {d} broadcast A', 'torch.linalg.solve',
        [T(square([3, 3], 24, dt), rg=True), T(vals([2, 3, 2], 25, dt), rg=True)])
    add(f'linalg.solve {d} broadcast B', 'torch.linalg.solve',
        [T(square([2, 1, 3, 3], 26, dt), rg=True), T(vals([4, 3, 1], 27, dt), rg=True)])
    add(f'linalg.solve {d} left=False', 'torch.linalg.solve',
        [T(square([3, 3], 28, dt), rg=True), T(vals([2, 3], 29, dt), rg=True)], {'left': False})
    add(f'linalg.cholesky {d}', 'torch.linalg.cholesky', [T(spd([3, 3], 30, dt), rg=True)])
    add(f'linalg.cholesky {d} upper', 'torch.linalg.cholesky', [T(spd([3, 3], 31, dt), rg=True)], {'upper': True})
    add(f'linalg.cholesky {d} batch', 'torch.linalg.cholesky', [T(spd([2, 4, 4], 32, dt), rg=True)])
    add(f'cholesky {d} (deprecated)', 'torch.cholesky', [T(spd([3, 3], 34, dt), rg=True)])
    add(f'.cholesky {d} upper (deprecated)', '.cholesky', [T(spd([3, 3], 35, dt), rg=True), True])
    add(f'linalg.cholesky_ex {d}', 'torch.linalg.cholesky_ex', [T(spd([3, 3], 33, dt))])
    add(f'linalg.cholesky_ex {d} failed', 'torch.linalg.cholesky_ex', [T(SINGULAR.to(dt))])
    for n in (0, 1, 2, 3, 6, -1, -3):
        add(f'linalg.matrix_power {d} n={n}', 'torch.linalg.matrix_power', [T(vals([3, 3], 34, dt).mul(0.5), rg=True), n])
    add(f'matrix_power {d} batch', 'torch.matrix_power', [T(vals([2, 2, 2], 35, dt), rg=True), 4])
    add(f'.matrix_power {d}', '.matrix_power', [T(vals([2, 2], 36, dt), rg=True), 2])
    add(f'linalg.multi_dot {d} three', 'torch.linalg.multi_dot',
        [[T(vals([2, 5], 37, dt), rg=True), T(vals([5, 3], 38, dt), rg=True), T(vals([3, 4], 39, dt), rg=True)]])
    add(f'linalg.multi_dot {d} four with vectors', 'torch.linalg.multi_dot',
        [[T(vals([3], 40, dt), rg=True), T(vals([3, 5], 41, dt), rg=True), T(vals([5, 2], 42, dt), rg=True),
          T(vals([2], 43, dt), rg=True)]])
    add(f'linalg.multi_dot {d} five', 'torch.linalg.multi_dot',
        [[T(vals([4, 2], 44, dt)), T(vals([2, 6], 45, dt)), T(vals([6, 1], 46, dt)), T(vals([1, 5], 47, dt)),
          T(vals([5, 3], 48, dt), rg=True)]])
    add(f'linalg.vecdot {d}', 'torch.linalg.vecdot', [T(vals([2, 3], 49, dt), rg=True), T(vals([3], 50, dt), rg=True)])
    add(f'linalg.vecdot {d} dim=0', 'torch.linalg.vecdot', [T(vals([3, 2], 51, dt), rg=True), T(vals([3, 2], 52, dt))],
        {'dim': 0})
    add(f'linalg.matmul {d}', 'torch.linalg.matmul', [T(vals([2, 3], 53, dt), rg=True), T(vals([3, 2], 54, dt), rg=True)])
    add(f'linalg.diagonal {d}', 'torch.linalg.diagonal', [T(vals([2, 3, 4], 55, dt), rg=True)], {'offset': 1})

# matrix_exp, eigvalsh, svdvals, matrix_rank, cond.
for dt in (F32, F64):
    d = str(dt).replace('torch.', '')
    add(f'linalg.matrix_exp {d}', 'torch.linalg.matrix_exp', [T(vals([3, 3], 90, dt).mul(0.5), rg=True)])
    add(f'linalg.matrix_exp {d} scaled', 'torch.linalg.matrix_exp', [T(vals([3, 3], 91, dt).mul(3), rg=True)])
    add(f'matrix_exp {d} batch', 'torch.matrix_exp', [T(vals([2, 2, 2], 92, dt), rg=True)])
    add(f'linalg.eigvalsh {d}', 'torch.linalg.eigvalsh', [T(spd([4, 4], 93, dt), rg=True)])
    add(f'linalg.eigvalsh {d} upper', 'torch.linalg.eigvalsh', [T(vals([3, 3], 94, dt), rg=True)], {'UPLO': 'U'})
    add(f'linalg.eigvalsh {d} lower of nonsymmetric', 'torch.linalg.eigvalsh', [T(vals([2, 3, 3], 95, dt))])
    add(f'linalg.svdvals {d} tall', 'torch.linalg.svdvals', [T(vals([4, 3], 96, dt), rg=True)])
    add(f'linalg.svdvals {d} wide', 'torch.linalg.svdvals', [T(vals([2, 5], 97, dt), rg=True)])
    add(f'linalg.svdvals {d} batch', 'torch.linalg.svdvals', [T(vals([2, 3, 3], 98, dt))])
    add(f'linalg.matrix_rank {d}', 'torch.linalg.matrix_rank', [T(torch.tensor([[1., 2., 3.], [2., 4., 6.], [1., 0., 1.]], dtype=dt))])
    add(f'linalg.matrix_rank {d} full', 'torch.linalg.matrix_rank', [T(square([3, 3], 99, dt))])
    add(f'linalg.matrix_rank {d} atol', 'torch.linalg.matrix_rank', [T(vals([3, 4], 100, dt))], {'atol': 1.5})
    add(f'linalg.matrix_rank {d} rtol', 'torch.linalg.matrix_rank', [T(vals([2, 4, 3], 101, dt))], {'rtol': 0.25})
    add(f'linalg.matrix_rank {d} hermitian', 'torch.linalg.matrix_rank', [T(spd([3, 3], 102, dt))], {'hermitian': True})
    add(f'linalg.cond {d}', 'torch.linalg.cond', [T(square([3, 3], 103, dt), rg=True)])

for dt in (F32, F64):
    d = str(dt).replace('torch.', '')
    add(f'linalg.qr {d} tall', 'torch.linalg.qr', [T(vals([4, 3], 120, dt), rg=True)])
    add(f'linalg.qr {d} square', 'torch.linalg.qr', [T(vals([3, 3], 121, dt), rg=True)])
    add(f'linalg.qr {d} wide', 'torch.linalg.qr', [T(vals([2, 4], 122, dt), rg=True)])
    add(f'linalg.qr {d} batch', 'torch.linalg.qr', [T(vals([2, 3, 2], 123, dt))])
    add(f'linalg.qr {d} complete', 'torch.linalg.qr', [T(vals([4, 2], 124, dt))], {'mode': 'complete'})
    add(f'linalg.qr {d} r', 'torch.linalg.qr', [T(vals([3, 2], 125, dt))], {'mode': 'r'})
    add(f'qr {d} (deprecated)', 'torch.qr', [T(vals([3, 2], 126, dt))])
    add(f'.qr {d} some=False (deprecated)', '.qr', [T(vals([3, 2], 127, dt)), False])
for dt in (F32, F64):
    d = str(dt).replace('torch.', '')
    add(f'linalg.pinv {d} tall', 'torch.linalg.pinv', [T(vals([4, 3], 140, dt), rg=True)])
    add(f'linalg.pinv {d} wide', 'torch.linalg.pinv', [T(vals([2, 3], 141, dt), rg=True)])
    add(f'linalg.pinv {d} rank-deficient', 'torch.linalg.pinv', [T(torch.tensor([[1., 2.], [2., 4.]], dtype=dt))])
    add(f'linalg.pinv {d} atol', 'torch.linalg.pinv', [T(vals([3, 3], 142, dt))], {'atol': 1.25})
    add(f'linalg.pinv {d} hermitian', 'torch.linalg.pinv', [T(spd([3, 3], 143, dt), rg=True)], {'hermitian': True})
    add(f'pinverse {d}', 'torch.pinverse', [T(vals([3, 2], 144, dt), rg=True)])
    add(f'linalg.lstsq {d}', 'torch.linalg.lstsq', [T(vals([5, 3], 145, dt), rg=True), T(vals([5, 2], 146, dt), rg=True)])
    add(f'linalg.lstsq {d} gelsd', 'torch.linalg.lstsq', [T(vals([5, 3], 147, dt)), T(vals([5, 2], 148, dt))], {'driver': 'gelsd'})
    add(f'linalg.lstsq {d} gelss rcond', 'torch.linalg.lstsq', [T(vals([4, 3], 149, dt)), T(vals([4, 1], 150, dt))],
        {'rcond': 0.3, 'driver': 'gelss'})
    add(f'linalg.lstsq {d} gels', 'torch.linalg.lstsq', [T(vals([4, 2], 151, dt)), T(vals([4, 2], 152, dt))], {'driver': 'gels'})
    add(f'linalg.lstsq {d} batch', 'torch.linalg.lstsq', [T(vals([2, 4, 2], 153, dt)), T(vals([2, 4, 1], 154, dt))])
add('linalg.lstsq rows mismatch', 'torch.linalg.lstsq', [T(vals([3, 2], 155)), T(vals([2, 2], 156))])
add('linalg.lstsq bad driver', 'torch.linalg.lstsq', [T(vals([3, 2], 157)), T(vals([3, 1], 158))], {'driver': 'x'})
add('linalg.pinv 1-d', 'torch.linalg.pinv', [T(vals([3], 159))])

add('linalg.eigh not square', 'torch.linalg.eigh', [T(vals([2, 3], 160))])
add('linalg.eigh int64', 'torch.linalg.eigh', [T(vals([2, 2], 161).round().to(I64))])
add('linalg.svd 1-d', 'torch.linalg.svd', [T(vals([3], 162))])
add('linalg.svd int64', 'torch.linalg.svd', [T(vals([2, 2], 163).round().to(I64))])
add('linalg.qr bad mode', 'torch.linalg.qr', [T(vals([2, 2], 128))], {'mode': 'x'})
add('linalg.qr 1-d', 'torch.linalg.qr', [T(vals([3], 129))])
add('linalg.qr int64', 'torch.linalg.qr', [T(vals([2, 2], 130).round().to(I64))])

add('linalg.matrix_exp not square', 'torch.linalg.matrix_exp', [T(vals([2, 3], 105))])
add('linalg.matrix_exp int64', 'torch.linalg.matrix_exp', [T(vals([2, 2], 106).round().to(I64))])
add('linalg.eigvalsh not square', 'torch.linalg.eigvalsh', [T(vals([2, 3], 107))])
add('linalg.eigvalsh bad UPLO', 'torch.linalg.eigvalsh', [T(vals([2, 2], 108))], {'UPLO': 'X'})
add('linalg.svdvals 1-d', 'torch.linalg.svdvals', [T(vals([3], 109))])
add('linalg.svdvals int64', 'torch.linalg.svdvals', [T(vals([2, 2], 110).round().to(I64))])
add('linalg.matrix_rank 1-d', 'torch.linalg.matrix_rank', [T(vals([3], 111))])

# Empty matrices and batches: det of a 0x0 matrix is 1.
add('linalg.det 0x0', 'torch.linalg.det', [T(torch.zeros(0, 0, dtype=F64), rg=True)])
add('linalg.det batch of 0x0', 'torch.linalg.det', [T(torch.zeros(2, 0, 0, dtype=F64))])
add('linalg.det empty batch', 'torch.linalg.det', [T(torch.zeros(0, 2, 2, dtype=F64))])
add('linalg.slogdet 0x0', 'torch.linalg.slogdet', [T(torch.zeros(0, 0, dtype=F64))])
add('linalg.inv 0x0', 'torch.linalg.inv', [T(torch.zeros(0, 0, dtype=F64))])
add('linalg.solve 0x0', 'torch.linalg.solve', [T(torch.zeros(0, 0, dtype=F64)), T(torch.zeros(0, 2, dtype=F64))])
add('linalg.cholesky 0x0', 'torch.linalg.cholesky', [T(torch.zeros(0, 0, dtype=F64))])

# Integer matrices: matrix_power works, the rest need floating point.
add('linalg.matrix_power int64', 'torch.linalg.matrix_power', [T(vals([2, 2], 56).mul(2).round().to(I64)), 3])
add('linalg.det int64', 'torch.linalg.det', [T(vals([2, 2], 57).round().to(I64))])
add('linalg.inv int64', 'torch.linalg.inv', [T(vals([2, 2], 58).round().to(I64))])

# PyTorch's error texts.
add('linalg.det not square', 'torch.linalg.det', [T(vals([2, 3], 59))])
add('linalg.det 1-d', 'torch.linalg.det', [T(vals([3], 60))])
add('linalg.inv singular', 'torch.linalg.inv', [T(SINGULAR)])
add('linalg.inv singular in a batch', 'torch.linalg.inv', [T(torch.stack([torch.eye(2, dtype=F64), SINGULAR]))])
add('linalg.inv not square', 'torch.linalg.inv', [T(vals([2, 3], 61))])
add('linalg.inv 1-d', 'torch.linalg.inv', [T(vals([3], 62))])
add('linalg.solve singular', 'torch.linalg.solve', [T(SINGULAR), T(vals([2], 63))])
add('linalg.solve singular in a batch', 'torch.linalg.solve',
    [T(torch.stack([torch.eye(2, dtype=F64), SINGULAR])), T(vals([2, 2, 1], 64))])
add('linalg.solve rows mismatch', 'torch.linalg.solve', [T(square([2, 2], 65)), T(vals([3], 66))])
add('linalg.solve matrix rows mismatch', 'torch.linalg.solve', [T(square([3, 3], 67)), T(vals([2, 3], 68))])
add('linalg.solve batch mismatch', 'torch.linalg.solve', [T(square([2, 3, 3], 69)), T(vals([3, 3, 1], 70))])
add('linalg.solve dtype mismatch', 'torch.linalg.solve', [T(square([2, 2], 71)), T(vals([2], 72, F32))])
add('linalg.cholesky not positive-definite', 'torch.linalg.cholesky', [T(SINGULAR)])
add('linalg.cholesky negative', 'torch.linalg.cholesky', [T(-torch.eye(2, dtype=F64))])
add('linalg.cholesky in a batch', 'torch.linalg.cholesky', [T(torch.stack([torch.eye(2, dtype=F64), SINGULAR]))])
add('linalg.cholesky not square', 'torch.linalg.cholesky', [T(vals([2, 3], 73))])
add('linalg.matrix_power not square', 'torch.linalg.matrix_power', [T(vals([2, 3], 74)), 2])
add('linalg.matrix_power singular negative', 'torch.linalg.matrix_power', [T(SINGULAR), -1])
add('linalg.multi_dot one tensor', 'torch.linalg.multi_dot', [[T(vals([2, 2], 75))]])
add('linalg.multi_dot mismatch', 'torch.linalg.multi_dot', [[T(vals([2, 3], 76)), T(vals([4, 2], 77))]])
add('linalg.multi_dot 3-d first', 'torch.linalg.multi_dot', [[T(vals([2, 3, 3], 78)), T(vals([3, 2], 79))]])
add('linalg.multi_dot 3-d middle', 'torch.linalg.multi_dot',
    [[T(vals([2, 3], 80)), T(vals([2, 3, 3], 81)), T(vals([3, 2], 82))]])
add('linalg.vecdot dtype mismatch', 'torch.linalg.vecdot', [T(vals([3], 83)), T(vals([3], 84, F32))])

dump('linalg', cases)
