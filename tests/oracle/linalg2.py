"""Oracle for the LU / triangular / Householder part of torch.linalg (src/ops/linalg_lu.ts):
torch.linalg.solve_triangular, lu_factor, lu_factor_ex, lu, lu_solve, householder_product,
tensorinv, tensorsolve, and torch.triangular_solve, lu, lu_unpack, lu_solve, cholesky_solve,
cholesky_inverse, geqrf, orgqr, ormqr (functions and methods): values, dtypes, grad_fn names,
input gradients and PyTorch's error texts.

Ops returning tuples are recorded twice: their outputs by run() (tests/fixtures/linalg2.json), and
the gradients of a weighted sum of their floating outputs (tests/fixtures/linalg2_grads.json).

    /usr/bin/python3 tests/oracle/linalg2.py   ->  tests/fixtures/linalg2.json, linalg2_grads.json
"""
import warnings

import torch

from cases import T, run, wrap, resolve, grad_like
from common import dump, enc, error_text, vals

warnings.simplefilter('ignore')
F32, F64, I64 = torch.float32, torch.float64, torch.int64
cases = []
DEBUG = __import__("os").environ.get("DEBUG")
grads = []


def add(*a, **k):
    print(a[0], flush=True) if DEBUG else None
    cases.append(run(*a, **k))


def square(shape, salt=0, dtype=F64, shift=4.0):
    n = shape[-1]
    return (vals(shape, salt) + shift * torch.eye(n, dtype=F64)).to(dtype)


def tri(shape, salt=0, upper=False, dtype=F64):
    a = square(shape, salt)
    return (a.triu() if upper else a.tril()).to(dtype)


def spd(shape, salt=0, dtype=F64):
    m = vals(shape, salt)
    n = shape[-1]
    return (m @ m.transpose(-2, -1) + n * torch.eye(n, dtype=F64)).to(dtype)


def chol(shape, salt=0, upper=False, dtype=F64):
    return torch.linalg.cholesky(spd(shape, salt), upper=upper).to(dtype)


def add_grad(name, op, args, kwargs=None):
    """A tuple-returning op: the gradients of sum_i (out_i * w_i).sum() over its floating outputs."""
    args = [wrap(a) for a in args]
    kwargs = {k: wrap(v) for k, v in (kwargs or {}).items()}
    case = {'name': name, 'op': op, 'args': [a.json() for a in args]}
    if kwargs:
        case['kwargs'] = {k: v.json() for k, v in kwargs.items()}
    built = [a.build() for a in args]
    leaves = [b[1] for b in built]
    fn, rest = resolve(op, [b[0] for b in built])
    outs = fn(*rest, **{k: v.build()[0] for k, v in kwargs.items()})
    loss = 0
    weights = []
    for o in outs:
        if o.dtype.is_floating_point and o.requires_grad:
            w = grad_like(o)
            weights.append(enc(w))
            loss = loss + (o * w).sum()
        else:
            weights.append(None)
    case['weights'] = weights
    case['grad_fns'] = [o.grad_fn.name() if o.grad_fn is not None else None for o in outs]
    err = error_text(lambda: loss.backward())
    if err is not None:
        case['backward_error'] = err
    else:
        case['grads'] = [enc(l.grad) if l is not None else None for l in leaves]
    grads.append(case)


def ormqr_grad_pytorch2(case, a, tau, other, left, transpose):
    """PyTorch 1.13 has no derivative for ormqr (2.x has): the gradients recorded are those of the
    same product computed through householder_product (differentiable in 1.13), Q padded to m×m
    with identity reflectors (tau 0)."""
    a = a.clone().requires_grad_()
    tau = tau.clone().requires_grad_()
    other = other.clone().requires_grad_()
    m, n = a.shape[-2], a.shape[-1]
    pad = torch.zeros(*a.shape[:-1], m - n, dtype=a.dtype)
    Q = torch.linalg.householder_product(torch.cat([a, pad], -1),
                                         torch.cat([tau, torch.zeros(*tau.shape[:-1], m - tau.shape[-1], dtype=a.dtype)], -1))
    Qop = Q.mT if transpose else Q
    out = Qop @ other if left else other @ Qop
    assert torch.allclose(out, torch.ormqr(a, tau, other, left, transpose), atol=1e-5)
    out.backward(grad_like(out))
    del case['backward_error']
    case['grads'] = [enc(a.grad), enc(tau.grad), enc(other.grad)]
    case['note'] = 'gradients as PyTorch 2 computes them (1.13 has no derivative for ormqr)'


SINGULAR = torch.tensor([[1., 2.], [2., 4.]], dtype=F64)

# ---------------------------------------------------------------- solve_triangular
for dt in (F32, F64):
    d = str(dt).replace('torch.', '')
    for upper in (False, True):
        u = 'upper' if upper else 'lower'
        add(f'linalg.solve_triangular {d} {u}', 'torch.linalg.solve_triangular',
            [T(tri([3, 3], 1, upper, dt), rg=True), T(vals([3, 2], 2, dt), rg=True)], {'upper': upper})
        add(f'linalg.solve_triangular {d} {u} right', 'torch.linalg.solve_triangular',
            [T(tri([3, 3], 3, upper, dt), rg=True), T(vals([2, 3], 4, dt), rg=True)], {'upper': upper, 'left': False})
        add(f'linalg.solve_triangular {d} {u} unitriangular', 'torch.linalg.solve_triangular',
            [T(square([3, 3], 5, dt), rg=True), T(vals([3, 1], 6, dt), rg=True)], {'upper': upper, 'unitriangular': True})
    add(f'linalg.solve_triangular {d} full matrix reads one triangle', 'torch.linalg.solve_triangular',
        [T(square([3, 3], 7, dt), rg=True), T(vals([3, 2], 8, dt), rg=True)], {'upper': True})
    add(f'linalg.solve_triangular {d} broadcast', 'torch.linalg.solve_triangular',
        [T(tri([2, 1, 3, 3], 9, False, dt), rg=True), T(vals([3, 3, 2], 10, dt), rg=True)], {'upper': False})
    add(f'linalg.solve_triangular {d} transposed A', 'torch.linalg.solve_triangular',
        [T(tri([3, 3], 11, True, dt), view=[['t']], rg=True), T(vals([3, 2], 12, dt), rg=True)], {'upper': False})
add('linalg.solve_triangular not square', 'torch.linalg.solve_triangular', [vals([2, 3]), vals([2, 1])], {'upper': True})
add('linalg.solve_triangular shapes', 'torch.linalg.solve_triangular', [tri([2, 2]), vals([3, 1])], {'upper': False})
add('linalg.solve_triangular shapes right', 'torch.linalg.solve_triangular', [tri([2, 2]), vals([3, 1])], {'upper': False, 'left': False})
add('linalg.solve_triangular B vector', 'torch.linalg.solve_triangular', [tri([2, 2]), vals([2])], {'upper': False})
add('linalg.solve_triangular A vector', 'torch.linalg.solve_triangular', [vals([2]), vals([2, 2])], {'upper': False})
add('linalg.solve_triangular int', 'torch.linalg.solve_triangular', [torch.ones(2, 2, dtype=I64), torch.ones(2, 1, dtype=I64)], {'upper': True})
add('linalg.solve_triangular singular', 'torch.linalg.solve_triangular', [torch.tensor([[1., 0.], [1., 0.]], dtype=F64), vals([2, 1])], {'upper': False})
add('linalg.solve_triangular B float64 A float32', 'torch.linalg.solve_triangular',
    [T(tri([2, 2], 12, False, F32), rg=True), T(vals([2, 1], 13), rg=True)], {'upper': False})
add('linalg.solve_triangular B int64', 'torch.linalg.solve_triangular', [tri([2, 2], 14, False), torch.tensor([[1], [2]])], {'upper': False})
add('linalg.solve_triangular batch mismatch', 'torch.linalg.solve_triangular', [tri([2, 2, 2]), vals([3, 2, 1])], {'upper': False})

# ---------------------------------------------------------------- triangular_solve
for dt in (F32, F64):
    d = str(dt).replace('torch.', '')
    add(f'triangular_solve {d}', 'torch.triangular_solve', [T(vals([3, 2], 13, dt)), T(tri([3, 3], 14, True, dt))])
    add(f'triangular_solve {d} lower transpose unit', 'torch.triangular_solve',
        [T(vals([3, 2], 15, dt)), T(square([3, 3], 16, dt))], {'upper': False, 'transpose': True, 'unitriangular': True})
    add(f'.triangular_solve {d} broadcast', '.triangular_solve', [T(vals([2, 3, 1], 17, dt)), T(tri([3, 3], 18, False, dt))], {'upper': False})
add('triangular_solve positional', 'torch.triangular_solve', [vals([3, 1], 19), tri([3, 3], 20, False), False, True])
add('triangular_solve shapes', 'torch.triangular_solve', [vals([2, 1]), tri([3, 3])])
add('triangular_solve not square', 'torch.triangular_solve', [vals([2, 1]), vals([2, 3])])
add('triangular_solve vector', 'torch.triangular_solve', [vals([3]), tri([3, 3])])

# ---------------------------------------------------------------- LU
PIVOTING = vals([4, 4], 21)
for dt in (F32, F64):
    d = str(dt).replace('torch.', '')
    add(f'linalg.lu_factor {d}', 'torch.linalg.lu_factor', [T(vals([3, 3], 22, dt))])
    add(f'linalg.lu_factor {d} pivoting', 'torch.linalg.lu_factor', [T(PIVOTING.to(dt))])
    add(f'linalg.lu_factor {d} batch', 'torch.linalg.lu_factor', [T(vals([2, 3, 3], 23, dt))])
    add(f'linalg.lu_factor {d} tall', 'torch.linalg.lu_factor', [T(vals([4, 2], 24, dt))])
    add(f'linalg.lu_factor {d} wide', 'torch.linalg.lu_factor', [T(vals([2, 4], 25, dt))])
    add(f'linalg.lu_factor_ex {d}', 'torch.linalg.lu_factor_ex', [T(vals([3, 3], 26, dt))])
    add(f'linalg.lu_factor_ex {d} singular', 'torch.linalg.lu_factor_ex', [T(SINGULAR.to(dt))])
    add(f'linalg.lu {d}', 'torch.linalg.lu', [T(vals([3, 3], 27, dt))])
    add(f'linalg.lu {d} tall', 'torch.linalg.lu', [T(vals([2, 4, 3], 28, dt))])
    add(f'linalg.lu {d} wide', 'torch.linalg.lu', [T(vals([3, 5], 29, dt))])
    add(f'lu {d}', 'torch.lu', [T(vals([3, 3], 30, dt))])
    add(f'lu {d} get_infos', 'torch.lu', [T(SINGULAR.to(dt))], {'get_infos': True})
    add(f'.lu {d}', '.lu', [T(vals([2, 3, 3], 31, dt))])
add('linalg.lu_factor singular', 'torch.linalg.lu_factor', [SINGULAR])
add('linalg.lu_factor singular batch', 'torch.linalg.lu_factor', [torch.stack([square([2, 2]), SINGULAR])])
add('linalg.lu_factor_ex singular check_errors', 'torch.linalg.lu_factor_ex', [SINGULAR], {'check_errors': True})
add('linalg.lu_factor no pivot', 'torch.linalg.lu_factor', [vals([2, 2])], {'pivot': False})
add('linalg.lu no pivot', 'torch.linalg.lu', [vals([2, 2])], {'pivot': False})
add('linalg.lu_factor vector', 'torch.linalg.lu_factor', [vals([3])])
add('linalg.lu_factor int', 'torch.linalg.lu_factor', [torch.ones(2, 2, dtype=I64)])
add('linalg.lu vector', 'torch.linalg.lu', [vals([3])])
add('linalg.lu singular', 'torch.linalg.lu', [SINGULAR])
add('linalg.lu empty', 'torch.linalg.lu', [torch.zeros(0, 0, dtype=F64)])
add('lu no pivot', 'torch.lu', [vals([2, 2])], {'pivot': False})

LU3, PIV3 = torch.linalg.lu_factor(vals([3, 3], 32))
LUB, PIVB = torch.linalg.lu_factor(vals([2, 3, 3], 33))
LUT, PIVT = torch.linalg.lu_factor(vals([4, 2], 34))
LUW, PIVW = torch.linalg.lu_factor(vals([2, 4], 35))
for dt in (F32, F64):
    d = str(dt).replace('torch.', '')
    add(f'lu_unpack {d}', 'torch.lu_unpack', [T(LU3.to(dt)), PIV3])
    add(f'lu_unpack {d} batch', 'torch.lu_unpack', [T(LUB.to(dt)), PIVB])
    add(f'lu_unpack {d} tall', 'torch.lu_unpack', [T(LUT.to(dt)), PIVT])
    add(f'lu_unpack {d} wide', 'torch.lu_unpack', [T(LUW.to(dt)), PIVW])
    add(f'linalg.lu_solve {d}', 'torch.linalg.lu_solve', [T(LU3.to(dt), rg=True), PIV3, T(vals([3, 2], 36, dt), rg=True)])
    add(f'linalg.lu_solve {d} adjoint', 'torch.linalg.lu_solve',
        [T(LU3.to(dt), rg=True), PIV3, T(vals([3, 2], 37, dt), rg=True)], {'adjoint': True})
    add(f'linalg.lu_solve {d} right', 'torch.linalg.lu_solve',
        [T(LU3.to(dt), rg=True), PIV3, T(vals([2, 3], 38, dt), rg=True)], {'left': False})
    add(f'linalg.lu_solve {d} right adjoint', 'torch.linalg.lu_solve',
        [T(LU3.to(dt), rg=True), PIV3, T(vals([2, 3], 39, dt), rg=True)], {'left': False, 'adjoint': True})
    add(f'linalg.lu_solve {d} batch broadcast', 'torch.linalg.lu_solve',
        [T(LUB.to(dt), rg=True), PIVB, T(vals([3, 1], 40, dt), rg=True)])
    add(f'lu_solve {d}', 'torch.lu_solve', [T(vals([3, 2], 41, dt), rg=True), T(LU3.to(dt), rg=True), PIV3])
    add(f'.lu_solve {d} batch', '.lu_solve', [T(vals([2, 3, 1], 42, dt), rg=True), T(LUB.to(dt), rg=True), PIVB])
add('lu_unpack no data', 'torch.lu_unpack', [LU3, PIV3], {'unpack_data': False})
add('lu_unpack no pivots', 'torch.lu_unpack', [LU3, PIV3], {'unpack_pivots': False})
add('lu_unpack pivots int64', 'torch.lu_unpack', [LU3, PIV3.long()])
add('linalg.lu_solve shapes', 'torch.linalg.lu_solve', [LU3, PIV3, vals([2, 1])])
add('linalg.lu_solve pivots int64', 'torch.linalg.lu_solve', [LU3, PIV3.long(), vals([3, 1])])
add('linalg.lu_solve not square', 'torch.linalg.lu_solve', [LUW, PIVW, vals([2, 1])])
add('linalg.lu_solve dtype', 'torch.linalg.lu_solve', [LU3, PIV3, vals([3, 1], 0, F32)])

# ---------------------------------------------------------------- cholesky_solve, cholesky_inverse
for dt in (F32, F64):
    d = str(dt).replace('torch.', '')
    add(f'cholesky_solve {d}', 'torch.cholesky_solve', [T(vals([3, 2], 43, dt), rg=True), T(chol([3, 3], 44, False, dt), rg=True)])
    add(f'cholesky_solve {d} upper', 'torch.cholesky_solve',
        [T(vals([3, 2], 45, dt), rg=True), T(chol([3, 3], 46, True, dt), rg=True)], {'upper': True})
    add(f'.cholesky_solve {d} broadcast', '.cholesky_solve',
        [T(vals([2, 3, 1], 47, dt), rg=True), T(chol([3, 3], 48, False, dt), rg=True)])
    add(f'cholesky_inverse {d}', 'torch.cholesky_inverse', [T(chol([3, 3], 49, False, dt), rg=True)])
    add(f'cholesky_inverse {d} upper', 'torch.cholesky_inverse', [T(chol([3, 3], 50, True, dt), rg=True), True])
    add(f'.cholesky_inverse {d} batch', '.cholesky_inverse', [T(chol([2, 3, 3], 51, False, dt), rg=True)])
add('cholesky_solve shapes', 'torch.cholesky_solve', [vals([2, 1]), chol([3, 3])])
add('cholesky_solve not square', 'torch.cholesky_solve', [vals([2, 1]), vals([2, 3])])
add('cholesky_solve vector', 'torch.cholesky_solve', [vals([3]), chol([3, 3])])
add('cholesky_solve dtype', 'torch.cholesky_solve', [vals([3, 1], 0, F32), chol([3, 3])])
add('cholesky_inverse not square', 'torch.cholesky_inverse', [vals([2, 3])])
add('cholesky_inverse vector', 'torch.cholesky_inverse', [vals([3])])
add('cholesky_inverse int', 'torch.cholesky_inverse', [torch.ones(2, 2, dtype=I64)])

# ---------------------------------------------------------------- geqrf, householder_product, ormqr
for dt in (F32, F64):
    d = str(dt).replace('torch.', '')
    add(f'geqrf {d}', 'torch.geqrf', [T(vals([3, 3], 52, dt))])
    add(f'geqrf {d} tall', 'torch.geqrf', [T(vals([4, 2], 53, dt))])
    add(f'.geqrf {d} wide batch', '.geqrf', [T(vals([2, 2, 4], 54, dt))])
    a, tau = torch.geqrf(vals([4, 3], 55))
    add(f'linalg.householder_product {d}', 'torch.linalg.householder_product', [T(a.to(dt), rg=True), T(tau.to(dt), rg=True)])
    add(f'linalg.householder_product {d} fewer tau', 'torch.linalg.householder_product',
        [T(a.to(dt), rg=True), T(tau[:2].to(dt), rg=True)])
    ab, taub = torch.geqrf(vals([2, 3, 3], 56))
    add(f'orgqr {d} batch', 'torch.orgqr', [T(ab.to(dt), rg=True), T(taub.to(dt), rg=True)])
    add(f'.orgqr {d}', '.orgqr', [T(a.to(dt), rg=True), T(tau.to(dt), rg=True)])
    for left in (True, False):
        for tr in (False, True):
            other = vals([4, 2] if left else [2, 4], 57)
            add(f'ormqr {d} left={left} transpose={tr}', 'torch.ormqr',
                [T(a.to(dt), rg=True), T(tau.to(dt), rg=True), T(other.to(dt), rg=True)], {'left': left, 'transpose': tr})
            ormqr_grad_pytorch2(cases[-1], a.to(dt), tau.to(dt), other.to(dt), left, tr)
    add(f'.ormqr {d} batch', '.ormqr', [T(ab.to(dt)), T(taub.to(dt)), T(vals([2, 3, 2], 58, dt))])
add('geqrf vector', 'torch.geqrf', [vals([3])])
add('geqrf int', 'torch.geqrf', [torch.ones(2, 2, dtype=I64)])
add('geqrf backward', 'torch.geqrf', [T(vals([3, 3], 59), rg=True)])
add('householder_product tau too long', 'torch.linalg.householder_product', [vals([3, 2]), vals([3])])
add('householder_product wide', 'torch.linalg.householder_product', [vals([2, 3]), vals([2])])
add('householder_product tau batch', 'torch.linalg.householder_product', [vals([2, 3, 2]), vals([3, 2])])
add('householder_product dtype', 'torch.linalg.householder_product', [vals([3, 2]), vals([2], 0, F32)])
add('householder_product vector', 'torch.linalg.householder_product', [vals([3]), vals([1])])
add('ormqr shapes', 'torch.ormqr', [vals([3, 2]), vals([2]), vals([2, 2])])
add('ormqr tau too long', 'torch.ormqr', [vals([3, 2]), vals([3]), vals([3, 2])])

# ---------------------------------------------------------------- tensorinv, tensorsolve
for dt in (F32, F64):
    d = str(dt).replace('torch.', '')
    A4 = square([6, 6], 60).reshape(6, 2, 3).to(dt)
    add(f'linalg.tensorinv {d}', 'torch.linalg.tensorinv', [T(A4, rg=True)], {'ind': 1})
    A22 = square([4, 4], 61).reshape(2, 2, 2, 2).to(dt)
    add(f'linalg.tensorinv {d} ind=2', 'torch.linalg.tensorinv', [T(A22, rg=True)])
    add(f'linalg.tensorsolve {d}', 'torch.linalg.tensorsolve', [T(A4, rg=True), T(vals([6], 62, dt), rg=True)])
    A6 = square([6, 6], 63).T.reshape(2, 3, 6).to(dt)
    add(f'linalg.tensorsolve {d} dims', 'torch.linalg.tensorsolve',
        [T(A6, rg=True), T(vals([6], 64, dt), rg=True)], {'dims': [0, 1]})
add('linalg.tensorinv shapes', 'torch.linalg.tensorinv', [vals([2, 3, 4])], {'ind': 1})
add('linalg.tensorinv ind 0', 'torch.linalg.tensorinv', [vals([2, 2])], {'ind': 0})
add('linalg.tensorinv singular', 'torch.linalg.tensorinv', [SINGULAR], {'ind': 1})
add('linalg.tensorsolve shapes', 'torch.linalg.tensorsolve', [vals([2, 3, 4]), vals([2])])

# ---------------------------------------------------------------- ldl_factor, ldl_solve (Bunch-Kaufman, no derivative)
SYM = torch.tensor([[1., 2., 3.], [2., -1., .5], [3., .5, .1]], dtype=F64)
SYM4 = vals([4, 4], 93) + vals([4, 4], 93).mT
SYMB = torch.stack([spd([3, 3], 94), SYM])
for dt in (F32, F64):
    d = str(dt).replace('torch.', '')
    add(f'linalg.ldl_factor {d} 2x2 pivot', 'torch.linalg.ldl_factor', [T(SYM.to(dt))])
    add(f'linalg.ldl_factor {d} 4x4', 'torch.linalg.ldl_factor', [T(SYM4.to(dt))])
    add(f'linalg.ldl_factor {d} spd', 'torch.linalg.ldl_factor', [T(spd([4, 4], 95, dt))])
    add(f'linalg.ldl_factor {d} hermitian', 'torch.linalg.ldl_factor', [T(SYM4.to(dt))], {'hermitian': True})
    add(f'linalg.ldl_factor_ex {d} batch', 'torch.linalg.ldl_factor_ex', [T(SYMB.to(dt))])
    add(f'linalg.ldl_factor {d} reads the lower triangle', 'torch.linalg.ldl_factor', [T(vals([3, 3], 96, dt))])
    for name, M, salt in [('2x2 pivot', SYM, 97), ('4x4', SYM4, 98), ('batch', SYMB, 99)]:
        LD, piv = torch.linalg.ldl_factor(M)
        add(f'linalg.ldl_solve {d} {name}', 'torch.linalg.ldl_solve', [T(LD.to(dt)), piv, T(vals([M.shape[-1], 2], salt, dt))])
# ldl_factor and ldl_factor_ex(check_errors=True) on a singular D fail with an internal assert in 1.13
# ("Unknown error code: 1"): not recorded; tests/linalg2.test.ts checks tensorgrad's LinAlgError.
add('linalg.ldl_factor_ex singular', 'torch.linalg.ldl_factor_ex', [torch.zeros(2, 2, dtype=F64)])
add('linalg.ldl_factor not square', 'torch.linalg.ldl_factor', [vals([2, 3])])
add('linalg.ldl_factor vector', 'torch.linalg.ldl_factor', [vals([3])])
add('linalg.ldl_factor int', 'torch.linalg.ldl_factor', [torch.ones(2, 2, dtype=I64)])
add('linalg.ldl_factor backward', 'torch.linalg.ldl_factor_ex', [T(SYM, rg=True)])
LDs, PIVs = torch.linalg.ldl_factor(SYM)
add('linalg.ldl_solve backward', 'torch.linalg.ldl_solve', [LDs, PIVs, T(vals([3, 1], 100), rg=True)])
add('linalg.ldl_solve shapes', 'torch.linalg.ldl_solve', [LDs, PIVs, vals([2, 1])])
add('linalg.ldl_solve pivots int64', 'torch.linalg.ldl_solve', [LDs, PIVs.long(), vals([3, 1])])
add('linalg.ldl_solve dtype', 'torch.linalg.ldl_solve', [LDs, PIVs, vals([3, 1], 0, F32)])
add('linalg.ldl_solve B vector', 'torch.linalg.ldl_solve', [LDs, PIVs, vals([3])])
add('linalg.ldl_solve pivots shape', 'torch.linalg.ldl_solve', [LDs, PIVs[:2], vals([3, 1])])

# ---------------------------------------------------------------- gradients of tuple-returning ops
for dt in (F32, F64):
    d = str(dt).replace('torch.', '')
    add_grad(f'linalg.lu_factor {d}', 'torch.linalg.lu_factor', [T(vals([3, 3], 70, dt), rg=True)])
    add_grad(f'linalg.lu_factor_ex {d} batch', 'torch.linalg.lu_factor_ex', [T(vals([2, 3, 3], 71, dt), rg=True)])
    add_grad(f'linalg.lu_factor {d} tall', 'torch.linalg.lu_factor', [T(vals([4, 2], 72, dt), rg=True)])
    add_grad(f'linalg.lu_factor {d} wide', 'torch.linalg.lu_factor', [T(vals([2, 4], 73, dt), rg=True)])
    add_grad(f'linalg.lu {d}', 'torch.linalg.lu', [T(vals([3, 3], 74, dt), rg=True)])
    add_grad(f'linalg.lu {d} tall', 'torch.linalg.lu', [T(vals([4, 3], 75, dt), rg=True)])
    add_grad(f'linalg.lu {d} wide', 'torch.linalg.lu', [T(vals([2, 3, 4], 76, dt), rg=True)])
    add_grad(f'lu {d}', 'torch.lu', [T(vals([3, 3], 77, dt), rg=True)])
    add_grad(f'lu_unpack {d}', 'torch.lu_unpack', [T(LU3.to(dt), rg=True), PIV3])
    add_grad(f'lu_unpack {d} tall', 'torch.lu_unpack', [T(LUT.to(dt), rg=True), PIVT])
    add_grad(f'lu_unpack {d} wide', 'torch.lu_unpack', [T(LUW.to(dt), rg=True), PIVW])
    add_grad(f'triangular_solve {d}', 'torch.triangular_solve',
             [T(vals([3, 2], 78, dt), rg=True), T(tri([3, 3], 79, True, dt), rg=True)])
    add_grad(f'triangular_solve {d} transpose unit broadcast', 'torch.triangular_solve',
             [T(vals([2, 3, 2], 80, dt), rg=True), T(square([3, 3], 81, dt), rg=True)],
             {'upper': False, 'transpose': True, 'unitriangular': True})
add_grad('geqrf', 'torch.geqrf', [T(vals([3, 3], 82), rg=True)])

# ---------------------------------------------------------------- orthogonal(householder, no trivialization)
# nn.utils.parametrizations.orthogonal's right_inverse takes geqrf's reflectors when
# use_trivialization=False: the weight, the original, a forward and backward, and an assignment.
orth = []
for fin, fout, salt in [(3, 5, 90), (5, 3, 91), (4, 4, 92)]:
    m = torch.nn.Linear(fin, fout)
    with torch.no_grad():
        m.weight.copy_(vals([fout, fin], salt, F32))
        m.bias.copy_(vals([fout], salt + 1, F32))
    w0 = m.weight.detach().clone()
    torch.nn.utils.parametrizations.orthogonal(m, orthogonal_map='householder', use_trivialization=False)
    x = vals([2, fin], salt + 2, F32)
    y = m(x)
    y.pow(2).sum().backward()
    rec = {'in': fin, 'out': fout, 'weight0': enc(w0), 'bias': enc(m.bias), 'x': enc(x),
           'original': enc(m.parametrizations.weight.original), 'weight': enc(m.weight), 'y': enc(y),
           'grad_original': enc(m.parametrizations.weight.original.grad), 'grad_bias': enc(m.bias.grad)}
    new = vals([fout, fin], salt + 3, F32)
    m.weight = new
    rec['assigned'] = enc(new)
    rec['assigned_original'] = enc(m.parametrizations.weight.original)
    rec['assigned_weight'] = enc(m.weight)
    orth.append(rec)

dump('linalg2_orthogonal', orth)
dump('linalg2', cases)
dump('linalg2_grads', grads)
print(len(cases), 'cases,', len(grads), 'gradient cases')
