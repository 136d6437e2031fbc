"""Oracle for the matrix and vector products (src/ops/linalg.ts, blas.ts): torch.mm, bmm, mv,
dot, outer (ger), matmul, tensordot, inner, vdot, and the fused addmv, addr, baddbmm, addbmm (with
addmm_) and their in-place forms, as functions and methods; values, dtypes, grad_fn names, input gradients (through transposed
and sliced views too) and PyTorch's error texts.

    /usr/bin/python3 tests/oracle/products.py   ->  tests/fixtures/products.json
"""
import math

import torch

from cases import T, run
from common import dump

F32, F64, I64 = torch.float32, torch.float64, torch.int64
cases = []


def vals(shape, salt=0, dtype=F64):
    """Deterministic values in [-2, 2], rounded to 4 places."""
    n = math.prod(shape)
    out = [round(-2 + 4 * (abs(math.sin(12.9898 * (i + 1) + 78.233 * (salt + 1)) * 43758.5453) % 1), 4)
           for i in range(n)]
    return torch.tensor(out, dtype=torch.float64).reshape(shape).to(dtype)


def add(*a, **k):
    cases.append(run(*a, **k))


for dt in (F32, F64):
    d = str(dt).replace('torch.', '')
    # bmm: batches of matrices, also through a transposed view and a sliced batch.
    add(f'bmm {d}', 'torch.bmm', [T(vals([3, 2, 4], 1, dt), rg=True), T(vals([3, 4, 5], 2, dt), rg=True)])
    add(f'bmm {d} transposed', 'torch.bmm',
        [T(vals([2, 4, 3], 3, dt), view=[['transpose', 1, 2]], rg=True), T(vals([2, 4, 2], 4, dt), rg=True)])
    add(f'bmm {d} sliced batch', 'torch.bmm',
        [T(vals([4, 2, 3], 5, dt), view=[['index', '::2']], rg=True), T(vals([2, 3, 2], 6, dt), rg=True)])
    add(f'.bmm {d}', '.bmm', [T(vals([2, 3, 3], 7, dt), rg=True), T(vals([2, 3, 1], 8, dt))])
    add(f'bmm {d} empty batch', 'torch.bmm', [T(vals([0, 2, 3], 9, dt)), T(vals([0, 3, 4], 10, dt))])
    add(f'bmm {d} inner size 0', 'torch.bmm', [T(vals([2, 2, 0], 9, dt), rg=True), T(vals([2, 0, 4], 10, dt), rg=True)])
    # mv: matrix times vector.
    add(f'mv {d}', 'torch.mv', [T(vals([3, 4], 11, dt), rg=True), T(vals([4], 12, dt), rg=True)])
    add(f'mv {d} transposed', 'torch.mv', [T(vals([4, 3], 13, dt), view=[['t']], rg=True), T(vals([4], 14, dt), rg=True)])
    add(f'mv {d} strided vector', 'torch.mv',
        [T(vals([2, 3], 15, dt), rg=True), T(vals([6], 16, dt), view=[['index', '::2']], rg=True)])
    add(f'.mv {d}', '.mv', [T(vals([2, 2], 17, dt)), T(vals([2], 18, dt), rg=True)])
    add(f'mv {d} empty', 'torch.mv', [T(vals([0, 3], 19, dt)), T(vals([3], 20, dt))])
    # outer: vector times vector.
    add(f'outer {d}', 'torch.outer', [T(vals([3], 21, dt), rg=True), T(vals([4], 22, dt), rg=True)])
    add(f'outer {d} strided', 'torch.outer',
        [T(vals([6], 23, dt), view=[['index', '1::2']], rg=True), T(vals([2], 24, dt), rg=True)])
    add(f'.outer {d}', '.outer', [T(vals([2], 25, dt), rg=True), T(vals([3], 26, dt))])
    add(f'outer {d} empty', 'torch.outer', [T(vals([0], 27, dt)), T(vals([3], 28, dt))])
    # mm, dot and matmul beside them (the same kernels).
    add(f'mm {d}', 'torch.mm', [T(vals([2, 3], 29, dt), rg=True), T(vals([3, 2], 30, dt), rg=True)])
    add(f'dot {d}', 'torch.dot', [T(vals([5], 31, dt), rg=True), T(vals([5], 32, dt), rg=True)])
    add(f'matmul {d} batched by vector', 'torch.matmul', [T(vals([2, 3, 4], 33, dt), rg=True), T(vals([4], 34, dt), rg=True)])
    add(f'matmul {d} batched by matrix', 'torch.matmul', [T(vals([2, 3, 4], 35, dt), rg=True), T(vals([4, 2], 36, dt), rg=True)])
    add(f'matmul {d} transposed batch by matrix', 'torch.matmul',
        [T(vals([2, 4, 3], 37, dt), view=[['transpose', 1, 2]], rg=True), T(vals([4, 2], 38, dt), rg=True)])

# Integer products (no gradients).
add('bmm int64', 'torch.bmm', [T(vals([2, 2, 3], 35, F64).mul(3).round().to(I64)), T(vals([2, 3, 2], 36, F64).mul(3).round().to(I64))])
add('mv int64', 'torch.mv', [T(vals([2, 3], 37, F64).mul(3).round().to(I64)), T(vals([3], 38, F64).mul(3).round().to(I64))])
add('outer int64', 'torch.outer', [T(vals([3], 39, F64).mul(3).round().to(I64)), T(vals([2], 40, F64).mul(3).round().to(I64))])
add('outer int64 by float32', 'torch.outer', [T(vals([3], 41, F64).mul(3).round().to(I64)), T(vals([2], 42, F32))])

# PyTorch's error texts.
add('bmm 2-d', 'torch.bmm', [T(vals([2, 3], 43)), T(vals([3, 2], 44))])
add('bmm batch mismatch', 'torch.bmm', [T(vals([2, 2, 3], 45)), T(vals([3, 3, 2], 46))])
add('bmm inner mismatch', 'torch.bmm', [T(vals([2, 2, 3], 47)), T(vals([2, 4, 2], 48))])
add('bmm dtype mismatch', 'torch.bmm', [T(vals([2, 2, 3], 49)), T(vals([2, 3, 2], 50, F32))])
add('mv vector as matrix', 'torch.mv', [T(vals([3], 51)), T(vals([3], 52))])
add('mv size mismatch', 'torch.mv', [T(vals([2, 3], 53)), T(vals([4], 54))])
add('mv matrix as vector', 'torch.mv', [T(vals([2, 3], 55)), T(vals([3, 1], 56))])
add('mv dtype mismatch', 'torch.mv', [T(vals([2, 3], 57)), T(vals([3], 58, F32))])
add('outer matrix', 'torch.outer', [T(vals([2, 2], 59)), T(vals([3], 60))])
add('mm inner mismatch', 'torch.mm', [T(vals([2, 3], 61)), T(vals([4, 2], 62))])
add('dot size mismatch', 'torch.dot', [T(vals([3], 63)), T(vals([4], 64))])


# The fused products: beta * input + alpha * (product), with broadcast inputs, views, in-place forms.
for dt in (F32, F64):
    d = str(dt).replace('torch.', '')
    add(f'addmv {d}', 'torch.addmv', [T(vals([3], 70, dt), rg=True), T(vals([3, 4], 71, dt), rg=True),
                                      T(vals([4], 72, dt), rg=True)])
    add(f'addmv {d} beta alpha, transposed mat', 'torch.addmv',
        [T(vals([1], 73, dt), rg=True), T(vals([4, 3], 74, dt), view=[['t']], rg=True), T(vals([4], 75, dt), rg=True)],
        {'beta': 0.5, 'alpha': -2})
    add(f'.addmv {d}', '.addmv', [T(vals([], 76, dt), rg=True), T(vals([2, 3], 77, dt)), T(vals([3], 78, dt), rg=True)])
    add(f'.addmv_ {d}', '.addmv_', [T(vals([3], 79, dt), rg=True, nonleaf=True), T(vals([3, 2], 80, dt), rg=True),
                                    T(vals([2], 81, dt))], {'alpha': 1.5})
    add(f'addr {d}', 'torch.addr', [T(vals([3, 4], 82, dt), rg=True), T(vals([3], 83, dt), rg=True),
                                    T(vals([4], 84, dt), rg=True)])
    add(f'addr {d} broadcast input beta alpha', 'torch.addr',
        [T(vals([4], 85, dt), rg=True), T(vals([6], 86, dt), view=[['index', '::2']], rg=True),
         T(vals([4], 87, dt), rg=True)], {'beta': 2, 'alpha': 0.25})
    add(f'.addr_ {d}', '.addr_', [T(vals([2, 3], 88, dt), rg=True, nonleaf=True), T(vals([2], 89, dt), rg=True),
                                  T(vals([3], 90, dt), rg=True)], {'beta': -1})
    add(f'baddbmm {d}', 'torch.baddbmm', [T(vals([2, 3, 5], 91, dt), rg=True), T(vals([2, 3, 4], 92, dt), rg=True),
                                          T(vals([2, 4, 5], 93, dt), rg=True)])
    add(f'baddbmm {d} broadcast input, transposed batch', 'torch.baddbmm',
        [T(vals([5], 94, dt), rg=True), T(vals([2, 4, 3], 95, dt), view=[['transpose', 1, 2]], rg=True),
         T(vals([2, 4, 5], 96, dt), rg=True)], {'beta': 0.5, 'alpha': 2})
    add(f'.baddbmm_ {d}', '.baddbmm_', [T(vals([2, 2, 2], 97, dt), rg=True, nonleaf=True),
                                        T(vals([2, 2, 3], 98, dt), rg=True), T(vals([2, 3, 2], 99, dt))])
    add(f'addbmm {d}', 'torch.addbmm', [T(vals([3, 5], 100, dt), rg=True), T(vals([2, 3, 4], 101, dt), rg=True),
                                        T(vals([2, 4, 5], 102, dt), rg=True)])
    add(f'addbmm {d} broadcast input beta alpha', 'torch.addbmm',
        [T(vals([3, 1], 103, dt), rg=True), T(vals([2, 3, 4], 104, dt), rg=True), T(vals([2, 4, 5], 105, dt), rg=True)],
        {'beta': -1, 'alpha': 0.5})
    add(f'.addbmm_ {d}', '.addbmm_', [T(vals([3, 2], 106, dt), rg=True, nonleaf=True), T(vals([3, 3, 4], 107, dt)),
                                      T(vals([3, 4, 2], 108, dt), rg=True)])
    add(f'.addmm_ {d}', '.addmm_', [T(vals([3, 2], 109, dt), rg=True, nonleaf=True), T(vals([3, 4], 110, dt), rg=True),
                                    T(vals([4, 2], 111, dt), rg=True)], {'beta': 0.5, 'alpha': 2})
    add(f'.addmm_ {d} no grad', '.addmm_', [T(vals([3, 2], 112, dt)), T(vals([3, 4], 113, dt)), T(vals([4, 2], 114, dt))])

# beta = 0 ignores input, its NaNs included.
nan_in = torch.full([3], math.nan, dtype=F64)
add('addmv beta 0 ignores nan', 'torch.addmv', [T(nan_in), T(vals([3, 2], 115)), T(vals([2], 116))], {'beta': 0})
add('addr beta 0 ignores nan', 'torch.addr', [T(nan_in), T(vals([2], 117)), T(vals([3], 118))], {'beta': 0})
add('baddbmm beta 0 ignores nan', 'torch.baddbmm', [T(nan_in), T(vals([2, 2, 2], 119)), T(vals([2, 2, 3], 120))],
    {'beta': 0})
add('addbmm beta 0 ignores nan', 'torch.addbmm', [T(nan_in), T(vals([2, 2, 2], 121)), T(vals([2, 2, 3], 122))],
    {'beta': 0})

# dtypes: integers, addr's promotion, input cast to the product's dtype.
ints = lambda shape, salt: vals(shape, salt, F64).mul(3).round().to(I64)  # noqa: E731
add('addmv int64', 'torch.addmv', [T(ints([2], 123)), T(ints([2, 3], 124)), T(ints([3], 125))], {'alpha': 2})
add('addr int64', 'torch.addr', [T(ints([2, 3], 126)), T(ints([2], 127)), T(ints([3], 128))], {'beta': 3})
add('addr promotes', 'torch.addr', [T(vals([2, 3], 129, F32)), T(vals([2], 130, F64)), T(ints([3], 131))])
add('addr bool', 'torch.addr', [T(torch.tensor([[True, False], [False, False]])), T(torch.tensor([True, False])),
                                 T(torch.tensor([False, True]))])
add('addmv float64 input, float32 product', 'torch.addmv', [T(vals([2], 132)), T(vals([2, 3], 133, F32)),
                                                            T(vals([3], 134, F32))])
add('baddbmm int64', 'torch.baddbmm', [T(ints([2, 2, 2], 135)), T(ints([2, 2, 3], 136)), T(ints([2, 3, 2], 137))])

# PyTorch's error texts.
M, V = vals([3, 4], 140), vals([4], 141)
add('addmv size mismatch', 'torch.addmv', [T(vals([3], 142)), T(M), T(vals([5], 143))])
add('addmv input size mismatch', 'torch.addmv', [T(vals([2], 144)), T(M), T(V)])
add('addmv 2-d input', 'torch.addmv', [T(vals([3, 1], 145)), T(M), T(V)])
add('addmv vector as matrix', 'torch.addmv', [T(vals([3], 146)), T(V), T(V)])
add('addmv dtype mismatch', 'torch.addmv', [T(vals([3], 147)), T(M), T(vals([4], 148, F32))])
add('addmv_ input size', '.addmv_', [T(vals([1], 149)), T(M), T(V)])
add('addr matrix vec1', 'torch.addr', [T(M), T(M), T(V)])
add('addr matrix vec2', 'torch.addr', [T(M), T(vals([3], 150)), T(M)])
add('addr input shape', 'torch.addr', [T(vals([2, 4], 151)), T(vals([3], 152)), T(V)])
add('addr int64 float alpha', 'torch.addr', [T(ints([2, 3], 153)), T(ints([2], 154)), T(ints([3], 155))],
    {'alpha': 1.5})
add('addr_ 1-d input', '.addr_', [T(V), T(vals([3], 156)), T(V)])
B1, B2 = vals([2, 3, 4], 157), vals([2, 4, 5], 158)
add('baddbmm 2-d batch1', 'torch.baddbmm', [T(vals([5], 159)), T(M), T(B2)])
add('baddbmm batch mismatch', 'torch.baddbmm', [T(vals([5], 160)), T(B1), T(vals([3, 4, 5], 161))])
add('baddbmm inner mismatch', 'torch.baddbmm', [T(vals([5], 162)), T(B1), T(vals([2, 3, 5], 163))])
add('baddbmm input shape', 'torch.baddbmm', [T(vals([4], 164)), T(B1), T(B2)])
add('baddbmm dtype mismatch', 'torch.baddbmm', [T(vals([5], 165)), T(B1), T(vals([2, 4, 5], 166, F32))])
add('baddbmm_ input size', '.baddbmm_', [T(vals([5], 167)), T(B1), T(B2)])
add('addbmm 2-d batch1', 'torch.addbmm', [T(vals([5], 168)), T(M), T(B2)])
add('addbmm batch mismatch', 'torch.addbmm', [T(vals([5], 169)), T(B1), T(vals([3, 4, 5], 170))])
add('addbmm inner mismatch', 'torch.addbmm', [T(vals([5], 171)), T(B1), T(vals([2, 3, 5], 172))])
add('addbmm input shape', 'torch.addbmm', [T(vals([4], 173)), T(B1), T(B2)])
add('addbmm input dtype', 'torch.addbmm', [T(vals([3, 5], 174, F32)), T(B1), T(B2)])
add('addmm_ input size', '.addmm_', [T(vals([5], 175)), T(M), T(vals([4, 5], 176))])
add('addmm_ input dtype', '.addmm_', [T(vals([3, 5], 177, F32)), T(M), T(vals([4, 5], 178))])
add('addmm_ leaf requiring grad', '.addmm_', [T(vals([3, 5], 179), rg=True), T(M), T(vals([4, 5], 180))])

# tensordot, inner, vdot, ger.
for dt in (F32, F64):
    d = str(dt).replace('torch.', '')
    add(f'tensordot {d}', 'torch.tensordot', [T(vals([2, 3, 4], 190, dt), rg=True), T(vals([3, 4, 5], 191, dt), rg=True)])
    add(f'tensordot {d} dim lists', 'torch.tensordot',
        [T(vals([2, 3, 4], 192, dt), rg=True), T(vals([4, 3, 5], 193, dt), rg=True)], {'dims': [[1, 2], [1, 0]]})
    add(f'tensordot {d} dims 0', 'torch.tensordot', [T(vals([2], 194, dt), rg=True), T(vals([3], 195, dt), rg=True)],
        {'dims': 0})
    add(f'tensordot {d} transposed dims 1', 'torch.tensordot',
        [T(vals([3, 2], 196, dt), view=[['t']], rg=True), T(vals([3, 4], 197, dt), rg=True)], {'dims': 1})
    add(f'inner {d}', 'torch.inner', [T(vals([2, 3], 198, dt), rg=True), T(vals([4, 3], 199, dt), rg=True)])
    add(f'.inner {d} vectors', '.inner', [T(vals([3], 200, dt), rg=True), T(vals([3], 201, dt), rg=True)])
    add(f'inner {d} 0-d', 'torch.inner', [T(vals([2, 3], 202, dt), rg=True), T(vals([], 203, dt), rg=True)])
    add(f'vdot {d}', 'torch.vdot', [T(vals([4], 204, dt), rg=True), T(vals([4], 205, dt), rg=True)])
    add(f'.vdot {d} strided', '.vdot', [T(vals([6], 206, dt), view=[['index', '::2']], rg=True), T(vals([3], 207, dt))])
    add(f'ger {d}', 'torch.ger', [T(vals([3], 208, dt), rg=True), T(vals([2], 209, dt), rg=True)])
    add(f'.ger {d}', '.ger', [T(vals([2], 210, dt), rg=True), T(vals([3], 211, dt))])
add('tensordot size-1 contracted dim', 'torch.tensordot', [T(vals([2, 1], 212), rg=True), T(vals([3, 4], 213), rg=True)],
    {'dims': [[1], [0]]})
add('tensordot tensor dims', 'torch.tensordot', [T(vals([2, 3], 214)), T(vals([3, 4], 215))], {'dims': T(torch.tensor(1))})
add('tensordot int64', 'torch.tensordot', [T(ints([2, 3], 216)), T(ints([3, 2], 217))], {'dims': 1})
add('tensordot size mismatch', 'torch.tensordot', [T(vals([2, 3], 218)), T(vals([4, 5], 219))], {'dims': 1})
add('tensordot negative dims', 'torch.tensordot', [T(vals([2, 3], 220)), T(vals([3, 5], 221))], {'dims': -1})
add('tensordot list lengths', 'torch.tensordot', [T(vals([2, 3], 222)), T(vals([3, 5], 223))], {'dims': [[1], [0, 1]]})
add('tensordot dtype mismatch', 'torch.tensordot', [T(vals([2, 3], 224, F32)), T(vals([3, 5], 225))], {'dims': 1})
add('tensordot too many dims', 'torch.tensordot', [T(vals([2, 3], 226)), T(vals([3, 5], 227))], {'dims': 3})
add('tensordot dims string', 'torch.tensordot', [T(vals([2, 3], 238)), T(vals([3, 2], 239))], {'dims': 'ab'})
add('tensordot dims None', 'torch.tensordot', [T(vals([2, 3], 240)), T(vals([3, 2], 241))], {'dims': None})
add('tensordot one dim list', 'torch.tensordot', [T(vals([2, 3], 242)), T(vals([3, 2], 243))], {'dims': [[1]]})
add('tensordot three dim lists', 'torch.tensordot', [T(vals([2, 3], 244)), T(vals([3, 2], 245))], {'dims': [1, 2, 3]})
add('tensordot dim list of a string', 'torch.tensordot', [T(vals([2, 3], 246)), T(vals([3, 2], 247))],
    {'dims': [[1], 'a']})
add('inner size mismatch', 'torch.inner', [T(vals([2, 3], 228)), T(vals([4], 229))])
add('vdot 2-d', 'torch.vdot', [T(vals([2, 3], 230)), T(vals([3], 231))])
add('vdot size mismatch', 'torch.vdot', [T(vals([3], 232)), T(vals([4], 233))])
add('vdot dtype mismatch', 'torch.vdot', [T(vals([3], 234, F32)), T(vals([3], 235))])
add('ger matrix', 'torch.ger', [T(vals([2, 2], 236)), T(vals([3], 237))])

dump('products', cases)
