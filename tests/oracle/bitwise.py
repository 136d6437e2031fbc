"""Oracle for the bitwise ops (src/ops/pointwise/bitwise.ts): bitwise_and/or/xor/not and the
shifts, functions, methods and in-place forms, over int32, int64 (beyond 32 bits too) and bool,
with tensor and number operands, broadcasting, type promotion and PyTorch's errors; and the
broadcast error's dimension (the last mismatching one, as ATen's infer_size scans).

Shifts by a negative amount or by the bit width or more follow PyTorch 2 (0 for a left shift, the
sign fill for a right shift): PyTorch 1.13 shifted by the amount modulo the width (C++ undefined
behaviour, fixed in 2.x), so those cases' expected values are PyTorch 2's, computed below.

    /usr/bin/python3 tests/oracle/bitwise.py   ->  tests/fixtures/bitwise.json
"""
import torch

from cases import T, run
from common import dump, enc

I32, I64 = torch.int32, torch.int64
cases = []


def add(*a, **k):
    cases.append(run(*a, **k))


a64 = torch.tensor([1, 5, -11, 2**40 + 3, -(2**45) - 7, 0])
b64 = torch.tensor([2, 7, 10, 2**33 + 1, 2**44 + 5, -1])
a32 = torch.tensor([[3, -4, 7], [2**31 - 1, -(2**31), 12]], dtype=I32)
b32 = torch.tensor([5, 6, -9], dtype=I32)
bools = torch.tensor([True, False, True, False])
bools2 = torch.tensor([True, True, False, False])

for f in ('bitwise_and', 'bitwise_or', 'bitwise_xor'):
    add(f'{f} int64', f'torch.{f}', [a64, b64])
    add(f'{f} int32 broadcast', f'torch.{f}', [a32, b32])
    add(f'{f} int32 number', f'torch.{f}', [a32, 6])
    add(f'{f} int32 large number', f'torch.{f}', [a32, 2**40 + 6])
    add(f'{f} number first', f'torch.{f}', [6, a32])
    add(f'{f} bool', f'torch.{f}', [bools, bools2])
    add(f'{f} bool and number', f'torch.{f}', [bools, 1])
    add(f'{f} int32 with int64 tensor', f'torch.{f}', [a32, torch.tensor([1, 2, 3])])
    add(f'{f} int32 with 0-d int64', f'torch.{f}', [a32, torch.tensor(3)])
    add(f'{f} method', f'.{f}', [a64, b64])
    add(f'{f}_ int32', f'.{f}_', [T(a32, nonleaf=True), b32])
    add(f'{f}_ bool with int', f'.{f}_', [T(bools, nonleaf=True), torch.tensor([1, 0, 1, 0])])
    add(f'{f} float', f'torch.{f}', [torch.tensor([1.0, 2.0]), torch.tensor([1.0, 2.0])])
    add(f'{f} int and float number', f'torch.{f}', [a32, 1.5])
    add(f'{f} shapes', f'torch.{f}', [a32, torch.tensor([1, 2], dtype=I32)])

for f in ('bitwise_left_shift', 'bitwise_right_shift'):
    add(f'{f} int64', f'torch.{f}', [a64, torch.tensor([1, 2, 3, 12, 5, 0])])
    add(f'{f} int32', f'torch.{f}', [a32, torch.tensor([1, 2, 31], dtype=I32)])
    add(f'{f} int32 number', f'torch.{f}', [a32, 3])
    add(f'{f} number first', f'torch.{f}', [1, torch.tensor([0, 5, 30], dtype=I32)])
    add(f'{f} method', f'.{f}', [a32, 2])
    add(f'{f}_', f'.{f}_', [T(a32, nonleaf=True), 1])
    add(f'{f} bool', f'torch.{f}', [bools, bools2])
    add(f'{f} float', f'torch.{f}', [torch.tensor([1.0]), 1])
    add(f'{f} int64 overflow', f'torch.{f}', [torch.tensor([2**40 + 1, -3]), 30])


def shift2(x, s, left, bits):
    """PyTorch 2's shift of one element (ATen lshift/rshift kernels)."""
    if left:
        if s < 0 or s >= bits:
            return 0
        r = (x << s) & ((1 << bits) - 1)
        return r - (1 << bits) if r >= 1 << (bits - 1) else r
    if s < 0 or s >= bits - 1:
        return -1 if x < 0 else 0
    return x >> s


for left, f in ((True, 'bitwise_left_shift'), (False, 'bitwise_right_shift')):
    for dtype, bits, xs, ss in ((I64, 64, [5, -7, 2**40, -1], [64, 70, -1, 63]),
                                (I32, 32, [5, -7, 2**20, -1], [32, 40, -2, 31])):
        x = torch.tensor(xs, dtype=dtype)
        s = torch.tensor(ss, dtype=dtype)
        case = run(f'{f} out-of-range shifts {dtype}', f'torch.{f}', [x, s])
        case['out'] = enc(torch.tensor([shift2(v, k, left, bits) for v, k in zip(xs, ss)], dtype=dtype))
        case['note'] = "PyTorch 2's values (1.13 shifted modulo the bit width)"
        cases.append(case)

add('bitwise_not int64', 'torch.bitwise_not', [a64])
add('bitwise_not int32', 'torch.bitwise_not', [a32])
add('bitwise_not bool', 'torch.bitwise_not', [bools])
add('bitwise_not method', '.bitwise_not', [a32])
add('bitwise_not_', '.bitwise_not_', [T(a32, nonleaf=True)])
add('bitwise_not float', 'torch.bitwise_not', [torch.tensor([1.0])])
add('bitwise_not strided', 'torch.bitwise_not', [T(a32, view=[['t']])])

# The broadcast error names the last mismatching dimension (ATen's infer_size scans from the end).
add('mul broadcast error [2, 3] [3, 2]', 'torch.mul', [torch.ones(2, 3), torch.ones(3, 2)])
add('add broadcast error [4, 3, 2] [4, 3]', 'torch.add', [torch.ones(4, 3, 2), torch.ones(4, 3)])
add('add broadcast error [4, 3, 2] [2, 3]', 'torch.add', [torch.ones(4, 3, 2), torch.ones(2, 3)])
add('add broadcast error [4, 3, 2] [0]', 'torch.add', [torch.ones(4, 3, 2), torch.ones(0)])

dump('bitwise', cases)
