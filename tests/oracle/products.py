"""Oracle for the matrix and vector products (src/ops/matmul.ts and friends): torch.mm, bmm, mv,
dot, outer and matmul as functions and methods; values, dtypes, grad_fn names, input gradients
(through transposed and sliced views too) and PyTorch's error texts.

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

dump('products', cases)
