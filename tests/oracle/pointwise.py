"""Oracle for the elementwise family (src/ops/pointwise.ts): unary and binary ops, comparisons,
clamp/lerp/where, addcmul/addcdiv, sgn/signbit/positive/heaviside/float_power/deg2rad/rad2deg/
nan_to_num/isin, in-place forms; values, grad_fn names, input gradients and error texts.

    /usr/bin/python3 tests/oracle/pointwise.py   ->  tests/fixtures/pointwise.json
"""
import math

import torch

from cases import S, T, run
from common import dump

torch.set_default_dtype(torch.float32)
F32, F64, I32, I64, BOOL = torch.float32, torch.float64, torch.int32, torch.int64, torch.bool
FLOATS = (F32, F64)
INF, NAN = math.inf, math.nan

cases = []


def add(*a, **k):
    cases.append(run(*a, **k))


def vals(shape, lo=-2.0, hi=2.0, salt=0, dtype=F64):
    """Deterministic values spread over [lo, hi] (rounded, so float32 and float64 agree closely)."""
    n = math.prod(shape)
    out = []
    for i in range(n):
        u = abs(math.sin(12.9898 * (i + 1) + 78.233 * (salt + 1)) * 43758.5453) % 1
        out.append(round(lo + (hi - lo) * u, 4))
    return torch.tensor(out, dtype=torch.float64).reshape(shape).to(dtype)


def ints(shape, lo=-9, hi=9, salt=0, dtype=I64):
    return vals(shape, lo, hi + 0.999, salt).floor().to(dtype)


def dn(d):
    return str(d).replace('torch.', '')


SPECIAL = [NAN, INF, -INF, 0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 1.0, -1.0, 3.7, -3.7, 1e-8, 100.0]

# ---------------------------------------------------------------- unary

UNARY = {
    # name: (domain lo, hi) for gradient rows (away from kinks and poles)
    'neg': (-2, 2), 'abs': (0.1, 2), 'sign': (0.1, 2), 'exp': (-2, 2), 'exp2': (-2, 2),
    'log': (0.2, 3), 'log2': (0.2, 3), 'log10': (0.2, 3), 'log1p': (-0.5, 2), 'expm1': (-2, 2),
    'sqrt': (0.2, 3), 'rsqrt': (0.2, 3), 'reciprocal': (0.3, 2), 'square': (-2, 2),
    'sin': (-2, 2), 'cos': (-2, 2), 'tan': (-1.2, 1.2), 'asin': (-0.9, 0.9), 'acos': (-0.9, 0.9),
    'atan': (-2, 2), 'sinh': (-2, 2), 'cosh': (-2, 2), 'tanh': (-2, 2), 'asinh': (-2, 2),
    'acosh': (1.2, 3), 'atanh': (-0.9, 0.9), 'sigmoid': (-3, 3), 'relu': (0.1, 2), 'erf': (-2, 2),
    'floor': (0.1, 0.9), 'ceil': (0.1, 0.9), 'round': (0.1, 0.4), 'trunc': (0.1, 0.9), 'frac': (0.1, 0.9),
    'F.silu': (-3, 3), 'F.gelu': (-3, 3),
    'erfc': (-2, 2), 'erfinv': (-0.9, 0.9), 'lgamma': (0.2, 4), 'digamma': (0.2, 4), 'logit': (0.1, 0.9),
    'sinc': (-2, 2),
    'isnan': None, 'isinf': None, 'isfinite': None, 'logical_not': None,
}


def fname(op):
    return op if op.startswith('F.') else 'torch.' + op


for op, dom in UNARY.items():
    f = fname(op)
    lo, hi = dom if dom else (-2, 2)
    for d in FLOATS:
        add(f'{op} [3, 4] {dn(d)}', f, [T(vals([3, 4], lo, hi, dtype=d), rg=bool(dom))])
        # digamma's gradient at negative integers is trigamma at its poles, where ATen's
        # sin(pi x) is not exactly 0 (a huge finite value): tensorgrad gives inf. Values only there.
        sp = [v for v in SPECIAL if not (op == 'digamma' and v == -1.0)]
        add(f'{op} special {dn(d)}', f, [T(torch.tensor(sp, dtype=d), rg=bool(dom))])
    add(f'{op} 0-d', f, [T(vals([], lo, hi), rg=bool(dom))])
    add(f'{op} transposed', f, [T(vals([4, 3], lo, hi, salt=1, dtype=F32), [['t']], rg=bool(dom))])
    add(f'{op} strided slice', f, [T(vals([3, 6], lo, hi, salt=2), [['index', ':', '1::2']], rg=bool(dom))])
    add(f'{op} empty', f, [T(torch.zeros(0, 3), rg=bool(dom))])
    add(f'{op} int64', f, [T(ints([2, 3]))])
    add(f'{op} int32', f, [T(ints([5], salt=3, dtype=I32))])
    add(f'{op} bool', f, [T(torch.tensor([True, False, True]))])
    if op in ('exp', 'log', 'tan', 'relu', 'sigmoid', 'sqrt'):
        add(f'{op} second order input', f, [T(vals([2, 2], lo, hi, salt=5), rg=bool(dom), nonleaf=True)])

# int32 wrapping and extremes
I32_EDGE = torch.tensor([2147483647, -2147483648, -2147483647, 46341, -65536, 0], dtype=I32)
add('neg int32 min', 'torch.neg', [T(I32_EDGE)])
add('abs int32 min', 'torch.abs', [T(I32_EDGE)])
add('square int32 wraps', 'torch.square', [T(I32_EDGE)])

# ---------------------------------------------------------------- binary

# op -> domains of (a, b) for gradient rows
BINARY = {
    'add': ((-2, 2), (-2, 2)), 'sub': ((-2, 2), (-2, 2)), 'mul': ((-2, 2), (-2, 2)),
    'div': ((-2, 2), (0.5, 2)), 'true_divide': ((-2, 2), (0.5, 2)), 'pow': ((0.5, 2), (-2, 2)),
    'atan2': ((-2, 2), (0.5, 2)), 'maximum': ((-2, 2), (-2, 2)), 'minimum': ((-2, 2), (-2, 2)),
    'fmod': ((0.1, 0.9), (1.5, 2)), 'remainder': ((0.1, 0.9), (1.5, 2)), 'floor_divide': ((-2, 2), (0.5, 2)),
    'xlogy': ((-2, 2), (0.5, 2)),
    'hypot': ((-2, 2), (-2, 2)), 'fmax': ((-2, 2), (-2, 2)), 'fmin': ((-2, 2), (-2, 2)),
    'logaddexp': ((-2, 2), (-2, 2)), 'logaddexp2': ((-2, 2), (-2, 2)), 'copysign': ((-2, 2), (-2, 2)),
    'eq': None, 'ne': None, 'lt': None, 'le': None, 'gt': None, 'ge': None,
    'logical_and': None, 'logical_or': None, 'logical_xor': None,
}
SHAPES = [([3, 4], [3, 4]), ([3, 4], [4]), ([3, 1], [1, 4]), ([2, 1, 3], [4, 1]), ([], [3]), ([2, 3], []), ([0, 3], [3])]

for op, dom in BINARY.items():
    f = 'torch.' + op
    (alo, ahi), (blo, bhi) = dom if dom else ((-2, 2), (-2, 2))
    rg = dom is not None and op != 'floor_divide'
    for d in FLOATS:
        for sa, sb in SHAPES:
            add(f'{op} {sa} {sb} {dn(d)}', f, [T(vals(sa, alo, ahi, 1, d), rg=rg), T(vals(sb, blo, bhi, 2, d), rg=rg)])
        a = torch.tensor(SPECIAL[:13], dtype=d)
        add(f'{op} special {dn(d)}', f, [T(a.reshape(13, 1)), T(a.reshape(1, 13))])
    add(f'{op} non-contiguous', f, [
        T(vals([4, 3], alo, ahi, 3), [['t']], rg=rg),
        T(vals([3, 8], blo, bhi, 4), [['index', ':', '::2']], rg=rg)])
    add(f'{op} expanded', f, [
        T(vals([3, 1], alo, ahi, 5), [['expand', 3, 4]], rg=rg), T(vals([3, 4], blo, bhi, 6), rg=rg)])
    add(f'{op} grad one side', f, [T(vals([2, 3], alo, ahi, 7), rg=rg), T(vals([3], blo, bhi, 8))])
    add(f'{op} 0-d 0-d', f, [T(vals([], alo, ahi, 9), rg=rg), T(vals([], blo, bhi, 10), rg=rg)])
    add(f'{op} int scalar', f, [T(vals([2, 3], alo, ahi, 11), rg=rg), S(2)])
    add(f'{op} float scalar', f, [T(vals([2, 3], alo, ahi, 12), rg=rg), S(1.5)])
    add(f'{op} bool scalar', f, [T(vals([2, 3], alo, ahi, 13), rg=rg), S(True)])
    for d in (I64, I32):
        a = torch.tensor([-7, -7, 7, 7, 0, 5, -5, 6], dtype=d)
        b = torch.tensor([2, -2, 2, -2, 3, 5, 3, -4], dtype=d)
        add(f'{op} {dn(d)}', f, [T(a), T(b)])
        add(f'{op} {dn(d)} broadcast', f, [T(ints([3, 1], salt=1, dtype=d)), T(torch.tensor([3, -2, 5], dtype=d))])
        add(f'{op} {dn(d)} zero divisor', f, [T(torch.tensor([5, -5, 0], dtype=d)), T(torch.tensor([0, 2, 1], dtype=d))])
        add(f'{op} {dn(d)} int scalar', f, [T(a), S(3)])
        add(f'{op} {dn(d)} negative int scalar', f, [T(a), S(-3)])
        add(f'{op} {dn(d)} zero scalar', f, [T(a), S(0)])
        add(f'{op} {dn(d)} float scalar', f, [T(a), S(2.5)])
    add(f'{op} bool', f, [T(torch.tensor([True, True, False, False])), T(torch.tensor([True, False, True, False]))])
    add(f'{op} bool int scalar', f, [T(torch.tensor([True, False])), S(2)])
    add(f'{op} int32 int64', f, [T(torch.tensor([4, -3], dtype=I32)), T(torch.tensor([3, 2]))])
    add(f'{op} float32 float64', f, [T(vals([3], salt=1, dtype=F32), rg=rg), T(vals([3], 0.5, 2, 2, F64), rg=rg)])
    add(f'{op} int64 float32', f, [T(torch.tensor([4, -3, 5])), T(vals([3], 0.5, 2, 3, F32), rg=rg)])
    add(f'{op} float32 0-d float64', f, [T(vals([3], salt=4, dtype=F32), rg=rg), T(vals([], 0.5, 2, 5, F64), rg=rg)])
    add(f'{op} int64 0-d float64', f, [T(torch.tensor([4, -3])), T(vals([], 0.5, 2, 5, F64), rg=rg)])
    add(f'{op} mismatch', f, [T(torch.zeros(3, 4)), T(torch.zeros(3))])
    add(f'{op} mismatch 3-d', f, [T(torch.zeros(2, 3, 4)), T(torch.zeros(5, 1))])

# int32 overflow wraps like C
add('add int32 wraps', 'torch.add', [T(I32_EDGE), T(torch.ones(6, dtype=I32))])
add('sub int32 wraps', 'torch.sub', [T(I32_EDGE), T(torch.tensor([-1, 1, 5, 0, 0, 0], dtype=I32))])
add('mul int32 wraps', 'torch.mul', [T(I32_EDGE), T(torch.tensor([2, 2, 3, 46341, 65536, 7], dtype=I32))])
add('pow int32 wraps', 'torch.pow', [T(torch.tensor([3, -3, 7, 2], dtype=I32)), S(40)])
add('pow int32 tensor wraps', 'torch.pow',
    [T(torch.tensor([3, -3, 7, 2], dtype=I32)), T(torch.tensor([40, 21, 13, 31], dtype=I32))])
add('add int32 scalar wraps', 'torch.add', [T(I32_EDGE), S(2147483647)])
add('mul int32 scalar wraps', 'torch.mul', [T(I32_EDGE), S(65537)])

# ---------------------------------------------------------------- add/sub alpha, rsub

for op in ('add', 'sub'):
    f = 'torch.' + op
    for d in FLOATS:
        add(f'{op} alpha int {dn(d)}', f, [T(vals([2, 3], dtype=d), rg=True), T(vals([3], salt=1, dtype=d), rg=True)],
            {'alpha': 2})
        add(f'{op} alpha float {dn(d)}', f, [T(vals([2, 3], dtype=d), rg=True), T(vals([3], salt=1, dtype=d), rg=True)],
            {'alpha': -0.5})
        add(f'{op} alpha scalar other {dn(d)}', f, [T(vals([2, 3], dtype=d), rg=True), S(1.5)], {'alpha': 3})
    add(f'{op} int alpha int', f, [T(torch.tensor([1, 2])), T(torch.tensor([3, 4]))], {'alpha': 3})
    add(f'{op} int alpha float', f, [T(torch.tensor([1, 2])), T(torch.tensor([3, 4]))], {'alpha': 2.5})
    add(f'{op} int alpha bool', f, [T(torch.tensor([1, 2])), T(torch.tensor([3, 4]))], {'alpha': True})
    add(f'{op} bool alpha', f, [T(torch.tensor([True, False])), T(torch.tensor([True, True]))], {'alpha': True})
    add(f'{op} float alpha bool', f, [T(torch.tensor([1.5])), T(torch.tensor([2.5]))], {'alpha': True})
    add(f'{op} bool bool', f, [T(torch.tensor([True, False])), T(torch.tensor([True, True]))])
    add(f'{op} bool scalar bool', f, [T(torch.tensor([True, False])), S(True)])
    add(f'{op} bool one', f, [T(torch.tensor([True, False])), S(1)])
    add(f'{op} int bool', f, [T(torch.tensor([1, 2])), T(torch.tensor([True, False]))])

for d in FLOATS:
    add(f'rsub tensor {dn(d)}', 'torch.rsub', [T(vals([2, 3], dtype=d), rg=True), T(vals([3], salt=1, dtype=d), rg=True)])
    add(f'rsub scalar {dn(d)}', 'torch.rsub', [T(vals([2, 3], dtype=d), rg=True), S(2)])
    add(f'rsub alpha {dn(d)}', 'torch.rsub', [T(vals([2, 3], dtype=d), rg=True), S(2.5)], {'alpha': 2})
    add(f'rsub tensor alpha {dn(d)}', 'torch.rsub',
        [T(vals([2, 3], dtype=d), rg=True), T(vals([3], salt=1, dtype=d), rg=True)], {'alpha': 0.5})
add('rsub int', 'torch.rsub', [T(torch.tensor([1, 5, -3])), S(2)])
add('rsub int float scalar', 'torch.rsub', [T(torch.tensor([1, 5, -3])), S(2.5)])
add('rsub bool', 'torch.rsub', [T(torch.tensor([True, False])), T(torch.tensor([True, True]))])
add('rsub bool scalar', 'torch.rsub', [T(torch.tensor([True, False])), S(1)])

# ---------------------------------------------------------------- div rounding modes

for mode in ('trunc', 'floor'):
    for d in FLOATS:
        a = torch.tensor(SPECIAL[:13] + [7.0, -7.0, 1.0, -1.0, 0.3], dtype=d)
        b = torch.tensor(SPECIAL[:13] + [2.0, 2.0, 0.1, 0.1, -0.1], dtype=d)
        add(f'div {mode} special {dn(d)}', 'torch.div', [T(a.reshape(-1, 1)), T(b.reshape(1, -1))],
            {'rounding_mode': mode})
        add(f'div {mode} grad {dn(d)}', 'torch.div', [T(vals([2, 3], dtype=d), rg=True), T(vals([3], 0.5, 2, 1, d), rg=True)],
            {'rounding_mode': mode})
        add(f'div {mode} scalar {dn(d)}', 'torch.div', [T(vals([2, 3], dtype=d), rg=True), S(0.3)], {'rounding_mode': mode})
    for d in (I32, I64):
        add(f'div {mode} {dn(d)}', 'torch.div', [T(torch.tensor([-7, -7, 7, 7, 0, 6], dtype=d)),
                                               T(torch.tensor([2, -2, 2, -2, 3, -4], dtype=d))], {'rounding_mode': mode})
        add(f'div {mode} {dn(d)} by zero', 'torch.div', [T(torch.tensor([1, 2], dtype=d)), T(torch.tensor([1, 0], dtype=d))],
            {'rounding_mode': mode})
        add(f'div {mode} {dn(d)} float scalar', 'torch.div', [T(torch.tensor([-7, 7], dtype=d)), S(2.5)],
            {'rounding_mode': mode})
    add(f'div {mode} bool', 'torch.div', [T(torch.tensor([True])), T(torch.tensor([True]))], {'rounding_mode': mode})
    add(f'div {mode} 0-d int scalar', 'torch.div', [T(torch.tensor(-7)), S(2)], {'rounding_mode': mode})
add('div rounding none', 'torch.div', [T(torch.tensor([-7, 7])), T(torch.tensor([2, 2]))], {'rounding_mode': None})
add('div rounding bad', 'torch.div', [T(torch.tensor([-7, 7])), T(torch.tensor([2, 2]))], {'rounding_mode': 'round'})
add('div int by zero', 'torch.div', [T(torch.tensor([1, -1, 0])), T(torch.tensor([0, 0, 0]))])
add('.div_ floor', '.div_', [T(torch.tensor([-7.5, 7.5])), S(2)], {'rounding_mode': 'floor'})
add('.div_ trunc int', '.div_', [T(torch.tensor([-7, 7])), S(2)], {'rounding_mode': 'trunc'})
add('.div_ int', '.div_', [T(torch.tensor([-7, 7])), S(2)])
add('floor_divide float scalar 0.1', 'torch.floor_divide', [T(torch.tensor([1.0, -1.0, 0.5])), S(0.1)])
add('.floor_divide method', '.floor_divide', [T(torch.tensor([7, -7])), S(2)])
add('.true_divide method', '.true_divide', [T(torch.tensor([7, -7])), S(2)])

for d in FLOATS:
    add(f'remainder scalar self {dn(d)}', 'torch.remainder', [S(2), T(vals([2, 3], 0.5, 2, dtype=d), rg=True)])
    add(f'remainder float scalar self {dn(d)}', 'torch.remainder', [S(-2.5), T(vals([3], 0.5, 2, dtype=d), rg=True)])
add('remainder scalar self int', 'torch.remainder', [S(7), T(torch.tensor([2, -3, 5]))])
add('remainder scalar self zero divisor', 'torch.remainder', [S(7), T(torch.tensor([2, 0]))])

# ---------------------------------------------------------------- pow forms

for d in FLOATS:
    add(f'pow tensor^2 {dn(d)}', 'torch.pow', [T(vals([2, 3], dtype=d), rg=True), S(2)])
    add(f'pow tensor^3 {dn(d)}', 'torch.pow', [T(vals([2, 3], dtype=d), rg=True), S(3)])
    add(f'pow tensor^0 {dn(d)}', 'torch.pow', [T(vals([2, 3], dtype=d), rg=True), S(0)])
    add(f'pow tensor^1 {dn(d)}', 'torch.pow', [T(vals([2, 3], dtype=d), rg=True), S(1)])
    add(f'pow tensor^-1 {dn(d)}', 'torch.pow', [T(vals([2, 3], 0.5, 2, dtype=d), rg=True), S(-1)])
    add(f'pow tensor^0.5 {dn(d)}', 'torch.pow', [T(vals([2, 3], 0.5, 2, dtype=d), rg=True), S(0.5)])
    add(f'pow tensor^-2.5 {dn(d)}', 'torch.pow', [T(vals([2, 3], 0.5, 2, dtype=d), rg=True), S(-2.5)])
    add(f'pow zero base grads {dn(d)}', 'torch.pow', [T(torch.tensor([0.0, 0.0, 0.0, 2.0], dtype=d), rg=True),
                                                    T(torch.tensor([0.0, 1.0, 2.0, 0.0], dtype=d), rg=True)])
    add(f'pow zero base ^0.5 {dn(d)}', 'torch.pow', [T(torch.tensor([0.0, 1.0], dtype=d), rg=True), S(0.5)])
    add(f'pow zero base ^0 {dn(d)}', 'torch.pow', [T(torch.tensor([0.0, 1.0], dtype=d), rg=True), S(0)])
    add(f'pow negative base fractional {dn(d)}', 'torch.pow',
        [T(torch.tensor([-8.0, -2.0, -0.5], dtype=d)), T(torch.tensor([1 / 3, 0.5, 2.5], dtype=d))])
    add(f'pow negative base integral {dn(d)}', 'torch.pow', [T(torch.tensor([-8.0, -2.0], dtype=d), rg=True), S(3)])
    add(f'pow scalar^tensor {dn(d)}', 'torch.pow', [S(2), T(vals([2, 3], dtype=d), rg=True)])
    add(f'pow float scalar^tensor {dn(d)}', 'torch.pow', [S(2.5), T(vals([2, 3], dtype=d), rg=True)])
    add(f'pow 0^tensor {dn(d)}', 'torch.pow', [S(0), T(torch.tensor([0.0, 1.0, 2.0, -1.0], dtype=d), rg=True)])
    add(f'pow 1^tensor {dn(d)}', 'torch.pow', [S(1), T(torch.tensor([0.0, 1.0, NAN], dtype=d))])
    add(f'pow negative scalar^tensor {dn(d)}', 'torch.pow', [S(-2), T(torch.tensor([2.0, 0.5, 3.0], dtype=d))])
    add(f'pow tensor^nan {dn(d)}', 'torch.pow', [T(torch.tensor([1.0, 2.0, NAN], dtype=d)), S(NAN)])
    add(f'pow tensor^inf {dn(d)}', 'torch.pow', [T(torch.tensor([0.5, 1.0, 2.0, -1.0], dtype=d)), S(INF)])
    add(f'.pow method {dn(d)}', '.pow', [T(vals([3], 0.5, 2, dtype=d), rg=True), S(2.5)])
add('pow int^negative scalar', 'torch.pow', [T(torch.tensor([2, 3])), S(-1)])
add('pow int^negative tensor', 'torch.pow', [T(torch.tensor([-7, -3, 0, 2, 5, 1, -1, -1])),
                                             T(torch.tensor([-1, -2, 3, -1, -1, -1, -1, -2]))])
add('pow int^0', 'torch.pow', [T(torch.tensor([-7, 0, 2])), S(0)])
add('pow int^float scalar', 'torch.pow', [T(torch.tensor([4, 9])), S(0.5)])
add('pow int32^int', 'torch.pow', [T(torch.tensor([4, -3], dtype=I32)), S(3)])
add('pow int scalar^int tensor', 'torch.pow', [S(2), T(torch.tensor([0, 3, 10]))])
add('pow int scalar^negative int tensor', 'torch.pow', [S(2), T(torch.tensor([-1, 3]))])
add('pow float scalar^int tensor', 'torch.pow', [S(2.5), T(torch.tensor([0, 3]))])
add('pow bool^2', 'torch.pow', [T(torch.tensor([True, False])), S(2)])
add('pow bool^bool', 'torch.pow', [T(torch.tensor([True, False])), T(torch.tensor([True, True]))])
add('pow bool^int tensor', 'torch.pow', [T(torch.tensor([True, False])), T(torch.tensor([1, 2]))])
add('pow int^float tensor', 'torch.pow', [T(torch.tensor([4, 9])), T(torch.tensor([0.5, 1.5]))])
add('pow 0^0', 'torch.pow', [T(torch.tensor([0.0, 0.0])), T(torch.tensor([0.0, -0.0]))])
add('pow int 0^0', 'torch.pow', [T(torch.tensor([0])), S(0)])

# ---------------------------------------------------------------- clamp

for d in FLOATS:
    x = lambda s=0: T(torch.tensor([-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, NAN], dtype=d), rg=True)  # noqa: E731
    add(f'clamp both {dn(d)}', 'torch.clamp', [x(), S(-1), S(1)])
    add(f'clamp both float {dn(d)}', 'torch.clamp', [x(), S(-0.5), S(1.5)])
    add(f'clamp min kw {dn(d)}', 'torch.clamp', [x()], {'min': -0.5})
    add(f'clamp max kw {dn(d)}', 'torch.clamp', [x()], {'max': 0.5})
    add(f'clamp min max kw {dn(d)}', 'torch.clamp', [x()], {'min': -1, 'max': 1})
    add(f'clamp min positional {dn(d)}', 'torch.clamp', [x(), S(-0.5)])
    add(f'clamp min > max {dn(d)}', 'torch.clamp', [x(), S(1), S(-1)])
    add(f'clamp nan min {dn(d)}', 'torch.clamp', [x(), S(NAN), S(1)])
    add(f'clamp nan max {dn(d)}', 'torch.clamp', [x()], {'max': NAN})
    add(f'clamp_min {dn(d)}', 'torch.clamp_min', [x(), S(-0.5)])
    add(f'clamp_max {dn(d)}', 'torch.clamp_max', [x(), S(0.5)])
    add(f'.clamp_min {dn(d)}', '.clamp_min', [x(), S(0)])
    add(f'.clamp_max {dn(d)}', '.clamp_max', [x(), S(0)])
    add(f'clip {dn(d)}', 'torch.clip', [x(), S(-1), S(1)])
    add(f'.clip {dn(d)}', '.clip', [x()], {'max': 1})
    add(f'.clamp {dn(d)}', '.clamp', [x(), S(-1), S(1)])
    add(f'.clamp kw {dn(d)}', '.clamp', [x()], {'min': 0})
    add(f'clamp tensor bounds {dn(d)}', 'torch.clamp', [
        T(vals([2, 4], dtype=d), rg=True), T(vals([4], -1, 0, 1, d), rg=True), T(vals([2, 1], 0, 1, 2, d), rg=True)])
    add(f'clamp tensor min {dn(d)}', 'torch.clamp', [T(vals([2, 4], dtype=d), rg=True)],
        {'min': T(vals([4], -1, 0, 1, d), rg=True)})
    add(f'clamp tensor max {dn(d)}', 'torch.clamp', [T(vals([2, 4], dtype=d), rg=True)],
        {'max': T(vals([4], -1, 0, 1, d), rg=True)})
    add(f'clamp_min tensor {dn(d)}', 'torch.clamp_min', [T(vals([2, 4], dtype=d), rg=True), T(vals([4], -1, 0, 1, d), rg=True)])
    add(f'clamp_max tensor {dn(d)}', 'torch.clamp_max', [T(vals([2, 4], dtype=d), rg=True), T(vals([4], -1, 0, 1, d), rg=True)])
    add(f'clamp tensor bounds tie {dn(d)}', 'torch.clamp', [
        T(torch.tensor([0.0, 1.0, 2.0], dtype=d), rg=True), T(torch.tensor([0.0, 0.0, 0.0], dtype=d), rg=True),
        T(torch.tensor([2.0, 2.0, 2.0], dtype=d), rg=True)])
    add(f'clamp transposed {dn(d)}', 'torch.clamp', [T(vals([4, 3], dtype=d), [['t']], rg=True), S(-0.5), S(0.5)])
    add(f'clamp 0-d {dn(d)}', 'torch.clamp', [T(vals([], dtype=d), rg=True), S(-0.5), S(0.5)])
add('clamp none', 'torch.clamp', [T(torch.tensor([1.0]))])
add('clamp int', 'torch.clamp', [T(torch.tensor([-3, 0, 3])), S(-1), S(1)])
add('clamp int float bound', 'torch.clamp', [T(torch.tensor([-3, 0, 3])), S(-1.5)])
add('clamp int32', 'torch.clamp', [T(torch.tensor([-3, 0, 3], dtype=I32)), S(-1), S(2)])
add('clamp bool', 'torch.clamp', [T(torch.tensor([True, False])), S(0), S(0)])
add('clamp bool float', 'torch.clamp', [T(torch.tensor([True, False])), S(0.5)])
add('clamp int tensor float bound', 'torch.clamp', [T(torch.tensor([1, 2, 3])), T(torch.tensor([2, 2, 2])),
                                                   T(torch.tensor(2.5, dtype=F64))])
add('clamp tensor bound mismatch', 'torch.clamp', [T(torch.zeros(3)), T(torch.zeros(2))])

# ---------------------------------------------------------------- lerp

for d in FLOATS:
    add(f'lerp scalar weight {dn(d)}', 'torch.lerp', [T(vals([2, 3], dtype=d), rg=True), T(vals([3], salt=1, dtype=d), rg=True),
                                                       S(0.3)])
    add(f'lerp int weight {dn(d)}', 'torch.lerp', [T(vals([2, 3], dtype=d), rg=True), T(vals([3], salt=1, dtype=d), rg=True),
                                                    S(2)])
    add(f'lerp weight 0.75 {dn(d)}', 'torch.lerp', [T(vals([4], dtype=d), rg=True), T(vals([4], salt=1, dtype=d), rg=True),
                                                     S(0.75)])
    add(f'lerp tensor weight {dn(d)}', 'torch.lerp', [T(vals([2, 3], dtype=d), rg=True), T(vals([3], salt=1, dtype=d), rg=True),
                                                       T(vals([2, 1], 0, 1, 2, d), rg=True)])
    add(f'lerp 0-d weight {dn(d)}', 'torch.lerp', [T(vals([2, 3], dtype=d), rg=True), T(vals([2, 3], salt=1, dtype=d), rg=True),
                                                    T(vals([], 0, 1, 2, d), rg=True)])
    add(f'lerp special {dn(d)}', 'torch.lerp', [T(torch.tensor([0.0, INF, 1.0, NAN, 1.0], dtype=d)),
                                                 T(torch.tensor([1.0, INF, -INF, 0.0, 1.0], dtype=d)), S(0.5)])
    add(f'.lerp {dn(d)}', '.lerp', [T(vals([3], dtype=d), rg=True), T(vals([3], salt=1, dtype=d), rg=True), S(0.25)])
# ---------------------------------------------------------------- addcmul, addcdiv
for d in FLOATS:
    for op, lo in (('addcmul', -2), ('addcdiv', 0.5)):
        add(f'{op} {dn(d)}', f'torch.{op}', [T(vals([2, 3], dtype=d), rg=True), T(vals([3], salt=1, dtype=d), rg=True),
                                              T(vals([2, 1], lo, 2, 2, d), rg=True)])
        add(f'{op} value {dn(d)}', f'torch.{op}', [T(vals([3], dtype=d), rg=True), T(vals([4, 3], salt=3, dtype=d), view=[['t']], rg=True),
                                                    T(vals([3, 1], lo, 2, 4, d), rg=True)], {'value': -0.5})
        add(f'.{op} {dn(d)}', f'.{op}', [T(vals([], dtype=d), rg=True), T(vals([2], salt=5, dtype=d)),
                                          T(vals([2], lo, 2, 6, d), rg=True)], {'value': 2})
        add(f'.{op}_ {dn(d)}', f'.{op}_', [T(vals([2, 3], dtype=d), rg=True, nonleaf=True), T(vals([3], salt=7, dtype=d), rg=True),
                                            T(vals([2, 3], lo, 2, 8, d), rg=True)], {'value': 0.25})
add('addcmul int64', 'torch.addcmul', [T(ints([3])), T(ints([3], salt=1)), T(ints([3], salt=2))], {'value': 2})
add('addcmul int64 float value', 'torch.addcmul', [T(ints([3])), T(ints([3], salt=1)), T(ints([3], salt=2))], {'value': 0.5})
add('addcmul promotes', 'torch.addcmul', [T(ints([3])), T(vals([3], dtype=F32)), T(ints([3], salt=2))])
add('addcmul float64 input', 'torch.addcmul', [T(vals([3])), T(vals([3], salt=1, dtype=F32)), T(vals([3], salt=2, dtype=F32))])
add('addcdiv int64 input', 'torch.addcdiv', [T(ints([3])), T(vals([3], dtype=F32)), T(ints([3], 1, 5, salt=2))])
add('addcdiv special', 'torch.addcdiv', [T(torch.tensor([1.0, NAN, 2.0, INF])), T(torch.tensor([1.0, 1.0, 0.0, 1.0])),
                                         T(torch.tensor([0.0, 2.0, 0.0, -1.0]))])
add('addcdiv integer tensors', 'torch.addcdiv', [T(ints([3])), T(ints([3], salt=1)), T(ints([3], 1, 5, salt=2))])
add('addcdiv float input integer tensors', 'torch.addcdiv', [T(vals([3])), T(ints([3], salt=1)), T(ints([3], 1, 5, salt=2))])
add('addcmul shape mismatch', 'torch.addcmul', [T(vals([2, 3])), T(vals([3])), T(vals([4]))])
add('addcmul_ broadcast self', '.addcmul_', [T(vals([3])), T(vals([2, 3])), T(vals([2, 1]))])
add('addcmul_ int self', '.addcmul_', [T(ints([3])), T(vals([3], dtype=F32)), T(vals([3], dtype=F32))])
add('addcmul bool', 'torch.addcmul', [T(torch.tensor([True])), T(torch.tensor([False])), T(torch.tensor([True]))])
add('addcmul positional value', 'torch.addcmul', [T(vals([3])), T(vals([3])), T(vals([3])), S(0.5)])
add('addcmul number tensor1', 'torch.addcmul', [T(vals([3])), S(2), T(vals([3]))])
# ---------------------------------------------------------------- sgn, signbit, positive, heaviside
SIGNED = torch.tensor([-1.5, 0.0, -0.0, 2.0, NAN, INF, -INF])
for d in FLOATS:
    add(f'sgn {dn(d)}', 'torch.sgn', [T(vals([2, 3], dtype=d), rg=True)])
    add(f'.sgn_ {dn(d)}', '.sgn_', [T(vals([2, 3], salt=1, dtype=d), rg=True, nonleaf=True)])
    add(f'signbit {dn(d)}', 'torch.signbit', [T(SIGNED.to(d))])
    add(f'deg2rad {dn(d)}', 'torch.deg2rad', [T(vals([2, 3], -360, 360, 2, d), rg=True)])
    add(f'rad2deg {dn(d)}', 'torch.rad2deg', [T(vals([2, 3], -7, 7, 3, d), rg=True)])
    add(f'.deg2rad_ {dn(d)}', '.deg2rad_', [T(vals([3], -360, 360, 4, d), rg=True, nonleaf=True)])
    add(f'.rad2deg_ {dn(d)}', '.rad2deg_', [T(vals([3], -7, 7, 5, d), rg=True, nonleaf=True)])
    add(f'nan_to_num {dn(d)}', 'torch.nan_to_num', [T(SIGNED.to(d), rg=True)])
    add(f'nan_to_num values {dn(d)}', 'torch.nan_to_num', [T(SIGNED.to(d), rg=True)], {'nan': 1.5, 'posinf': 2, 'neginf': -3})
    add(f'.nan_to_num_ {dn(d)}', '.nan_to_num_', [T(SIGNED.to(d), rg=True, nonleaf=True), S(0.5)])
    add(f'heaviside {dn(d)}', 'torch.heaviside', [T(SIGNED.to(d)), T(torch.tensor([0.5], dtype=d))])
add('sgn int64', 'torch.sgn', [T(ints([5]))])
add('sgn bool', 'torch.sgn', [T(torch.tensor([True, False]))])
add('sgn special', 'torch.sgn', [T(SIGNED)])
add('signbit int64', 'torch.signbit', [T(ints([5]))])
add('signbit bool', 'torch.signbit', [T(torch.tensor([True, False]))])
add('positive', 'torch.positive', [T(vals([2, 3]), rg=True)])
add('.positive int64', '.positive', [T(ints([4]))])
add('positive bool', 'torch.positive', [T(torch.tensor([True, False]))])
add('heaviside int64', 'torch.heaviside', [T(ints([5])), T(torch.tensor(7))])
add('.heaviside_', '.heaviside_', [T(SIGNED), T(torch.tensor(0.25))])
add('heaviside requires grad', 'torch.heaviside', [T(vals([3]), rg=True), T(torch.tensor([0.5], dtype=F64))])
add('heaviside dtypes differ', 'torch.heaviside', [T(vals([3], dtype=F32)), T(torch.tensor(0.5, dtype=F64))])
add('heaviside number values', 'torch.heaviside', [T(SIGNED), S(0.5)])
add('deg2rad int64', 'torch.deg2rad', [T(ints([4], -360, 360))])
add('rad2deg bool', 'torch.rad2deg', [T(torch.tensor([True, False]))])
add('.deg2rad_ int64', '.deg2rad_', [T(ints([3]))])
add('nan_to_num int64', 'torch.nan_to_num', [T(ints([3]))])
add('nan_to_num bool', 'torch.nan_to_num', [T(torch.tensor([True, False]))])
add('nan_to_num positional', 'torch.nan_to_num', [T(SIGNED), S(1), S(2), S(3)])

# ---------------------------------------------------------------- float_power, isin
add('float_power scalar exponent', 'torch.float_power', [T(vals([2, 3], dtype=F32), rg=True), S(2)])
add('float_power fractional exponent', 'torch.float_power', [T(vals([2, 3], 0.5, 2), rg=True), S(2.5)])
add('float_power tensor exponent', 'torch.float_power', [T(vals([2, 3], 0.5, 2, dtype=F32), rg=True), T(vals([3], salt=1), rg=True)])
add('float_power int64', 'torch.float_power', [T(ints([3])), S(2)])
add('float_power scalar base', 'torch.float_power', [S(2), T(ints([3], -3, 3))])
add('.float_power', '.float_power', [T(vals([3], 0.5, 2, dtype=F32), rg=True), T(ints([3], 0, 3))])
add('.float_power_', '.float_power_', [T(vals([3], 0.5, 2), rg=True, nonleaf=True), S(-1.5)])
add('.float_power_ float32', '.float_power_', [T(vals([3], dtype=F32)), S(2)])
add('isin', 'torch.isin', [T(ints([6], -3, 3)), T(torch.tensor([0, 3, -2]))])
add('isin 2-d test elements', 'torch.isin', [T(ints([2, 3], -3, 3, 1)), T(torch.tensor([[0, 1], [2, -1]]))])
add('isin scalar test element', 'torch.isin', [T(ints([4], -3, 3, 2)), S(1)])
add('isin scalar element', 'torch.isin', [S(2), T(torch.tensor([1, 2]))])
add('isin promotes', 'torch.isin', [T(ints([4], -3, 3, 3)), T(torch.tensor([0.0, 1.0, 2.5]))])
add('isin nan', 'torch.isin', [T(SIGNED), T(torch.tensor([2.0, NAN]))])
add('isin invert', 'torch.isin', [T(ints([4], -3, 3, 4)), T(torch.tensor([0, 1]))], {'invert': True})
add('isin assume_unique', 'torch.isin', [T(ints([4], -3, 3, 5)), T(torch.tensor([0, 1]))], {'assume_unique': True})
add('isin bool', 'torch.isin', [T(torch.tensor([True, False])), T(torch.tensor([True]))])
add('isin empty test elements', 'torch.isin', [T(ints([3])), T(torch.tensor([], dtype=I64))])
add('lerp dtype mismatch', 'torch.lerp', [T(vals([3], dtype=F32)), T(vals([3], dtype=F64)), S(0.5)])
add('lerp int', 'torch.lerp', [T(torch.tensor([1, 2])), T(torch.tensor([3, 4])), S(0.5)])
add('lerp weight dtype mismatch', 'torch.lerp', [T(vals([3], dtype=F32)), T(vals([3], dtype=F32)), T(vals([3], dtype=F64))])
add('lerp shape mismatch', 'torch.lerp', [T(torch.zeros(3)), T(torch.zeros(2)), S(0.5)])

# ---------------------------------------------------------------- where

for d in FLOATS:
    c = torch.tensor([[True, False, True], [False, False, True]])
    add(f'where {dn(d)}', 'torch.where', [T(c), T(vals([2, 3], dtype=d), rg=True), T(vals([2, 3], salt=1, dtype=d), rg=True)])
    add(f'where broadcast {dn(d)}', 'torch.where', [T(c[:, :1].clone()), T(vals([3], dtype=d), rg=True),
                                                     T(vals([2, 1], salt=1, dtype=d), rg=True)])
    add(f'where scalar other {dn(d)}', 'torch.where', [T(c), T(vals([2, 3], dtype=d), rg=True), S(0)])
    add(f'where scalar self {dn(d)}', 'torch.where', [T(c), S(1.5), T(vals([2, 3], dtype=d), rg=True)])
    add(f'where 0-d other {dn(d)}', 'torch.where', [T(c), T(vals([2, 3], dtype=d), rg=True), T(vals([], dtype=d), rg=True)])
add('where int scalars', 'torch.where', [T(torch.tensor([True, False])), S(1), S(2)])
add('where float int scalars', 'torch.where', [T(torch.tensor([True, False])), S(1.5), S(2)])
add('where int tensor float scalar', 'torch.where', [T(torch.tensor([True, False])), T(torch.tensor([1, 2])), S(2.5)])
add('where mixed tensors', 'torch.where', [T(torch.tensor([True, False])), T(torch.tensor([1, 2])),
                                           T(torch.tensor([2.5, 3.5], dtype=F64))])
add('where int cond', 'torch.where', [T(torch.tensor([1, 0])), S(1.5), S(2)])
add('where float32 float64', 'torch.where', [T(torch.tensor([True, False])), T(torch.tensor([1.5, 2.5])),
                                             T(torch.tensor([3.5, 4.5], dtype=F64))])
add('where shape mismatch', 'torch.where', [T(torch.tensor([True, False])), T(torch.zeros(3)), S(0)])
add('.where method', '.where', [T(torch.tensor([1.5, 2.5]), rg=True), T(torch.tensor([True, False])), S(0)])

# ---------------------------------------------------------------- comparisons with scalars

for op in ('eq', 'ne', 'lt', 'le', 'gt', 'ge'):
    f = 'torch.' + op
    x = torch.tensor([NAN, -INF, -1.0, 0.0, 1.0, 1.5, INF])
    add(f'{op} scalar', f, [T(x), S(1)])
    add(f'{op} float scalar 1.5', f, [T(x), S(1.5)])
    add(f'{op} nan scalar', f, [T(x), S(NAN)])
    add(f'{op} inf scalar', f, [T(x), S(INF)])
    add(f'{op} int tensor float scalar', f, [T(torch.tensor([1, 2, 3])), S(1.5)])
    add(f'{op} int tensor bool scalar', f, [T(torch.tensor([0, 1, 2])), S(True)])
    add(f'{op} bool tensor int scalar', f, [T(torch.tensor([True, False])), S(1)])
    add(f'.{op} method', '.' + op, [T(torch.tensor([1.0, 2.0, 3.0])), T(torch.tensor([2.0]))])

for op in ('logical_and', 'logical_or', 'logical_xor'):
    add(f'{op} float', 'torch.' + op, [T(torch.tensor([0.0, 0.5, NAN, -0.0])), T(torch.tensor([1.0, 0.0, 0.0, 2.0]))])
    add(f'{op} int bool', 'torch.' + op, [T(torch.tensor([0, 3, -1])), T(torch.tensor([True, True, False]))])
    add(f'.{op} method', '.' + op, [T(torch.tensor([True, False])), T(torch.tensor([True, True]))])

# ---------------------------------------------------------------- isclose / allclose / equal

a = torch.tensor([1.0, 1.0 + 1e-6, 1.0 + 1e-4, INF, -INF, INF, NAN, NAN, 0.0, 1e-9])
b = torch.tensor([1.0, 1.0, 1.0, INF, -INF, -INF, NAN, 1.0, 1e-9, 0.0])
for d in FLOATS:
    add(f'isclose {dn(d)}', 'torch.isclose', [T(a.to(d)), T(b.to(d))])
    add(f'isclose equal_nan {dn(d)}', 'torch.isclose', [T(a.to(d)), T(b.to(d))], {'equal_nan': True})
    add(f'isclose rtol atol {dn(d)}', 'torch.isclose', [T(a.to(d)), T(b.to(d))], {'rtol': 0.01, 'atol': 0.001})
    add(f'allclose {dn(d)}', 'torch.allclose', [T(a[:3].to(d)), T(b[:3].to(d))])
    add(f'allclose tol {dn(d)}', 'torch.allclose', [T(a[:3].to(d)), T(b[:3].to(d))], {'rtol': 1e-3})
    add(f'allclose nan {dn(d)}', 'torch.allclose', [T(a[6:7].to(d)), T(b[6:7].to(d))])
    add(f'allclose nan equal_nan {dn(d)}', 'torch.allclose', [T(a[6:7].to(d)), T(b[6:7].to(d))], {'equal_nan': True})
add('isclose broadcast', 'torch.isclose', [T(torch.tensor([[1.0], [2.0]])), T(torch.tensor([1.0, 2.0, 2.000001]))])
add('isclose int', 'torch.isclose', [T(torch.tensor([1, 2, 3])), T(torch.tensor([1, 3, 3]))])
add('isclose int atol', 'torch.isclose', [T(torch.tensor([1, 2, 3])), T(torch.tensor([1, 3, 5]))], {'atol': 1})
add('isclose bool', 'torch.isclose', [T(torch.tensor([True, False])), T(torch.tensor([True, True]))])
add('isclose dtype mismatch', 'torch.isclose', [T(torch.tensor([1.0])), T(torch.tensor([1.0], dtype=F64))])
add('isclose int float', 'torch.isclose', [T(torch.tensor([1])), T(torch.tensor([1.0]))])
add('isclose negative rtol', 'torch.isclose', [T(torch.tensor([1.0])), T(torch.tensor([1.0]))], {'rtol': -1.5})
add('isclose negative atol', 'torch.isclose', [T(torch.tensor([1.0])), T(torch.tensor([1.0]))], {'atol': -1.5})
add('allclose broadcast', 'torch.allclose', [T(torch.tensor([[1.0], [1.0]])), T(torch.tensor([1.0, 1.0]))])
add('allclose mismatch', 'torch.allclose', [T(torch.zeros(3)), T(torch.zeros(2))])
add('.allclose method', '.allclose', [T(torch.tensor([1.0, 2.0])), T(torch.tensor([1.0, 2.00001]))])
add('.isclose method', '.isclose', [T(torch.tensor([1.0, 2.0])), T(torch.tensor([1.0, 2.1]))])
add('equal same', 'torch.equal', [T(torch.tensor([1.0, 2.0])), T(torch.tensor([1.0, 2.0]))])
add('equal values differ', 'torch.equal', [T(torch.tensor([1.0, 2.0])), T(torch.tensor([1.0, 2.5]))])
add('equal shapes differ', 'torch.equal', [T(torch.tensor([1.0, 1.0])), T(torch.tensor([1.0]))])
add('equal nan', 'torch.equal', [T(torch.tensor([NAN])), T(torch.tensor([NAN]))])
add('equal int float', 'torch.equal', [T(torch.tensor([1, 2])), T(torch.tensor([1.0, 2.0]))])
add('equal transposed', 'torch.equal', [T(torch.tensor([[1.0, 2.0], [3.0, 4.0]]), [['t']]),
                                        T(torch.tensor([[1.0, 3.0], [2.0, 4.0]]))])
add('equal empty', 'torch.equal', [T(torch.zeros(0)), T(torch.zeros(0))])
add('.equal method', '.equal', [T(torch.tensor([1, 2])), T(torch.tensor([1, 2]))])

# ---------------------------------------------------------------- in place

INPLACE_UNARY = ['neg_', 'abs_', 'sign_', 'exp_', 'exp2_', 'log_', 'log2_', 'log10_', 'log1p_', 'expm1_', 'sqrt_',
                 'rsqrt_', 'reciprocal_', 'square_', 'sin_', 'cos_', 'tan_', 'asin_', 'acos_', 'atan_', 'sinh_',
                 'cosh_', 'tanh_', 'asinh_', 'acosh_', 'atanh_', 'sigmoid_', 'relu_', 'erf_', 'floor_', 'ceil_',
                 'round_', 'trunc_', 'frac_', 'logical_not_', 'erfc_', 'erfinv_', 'lgamma_', 'digamma_', 'logit_']
for op in INPLACE_UNARY:
    base = op[:-1]
    lo, hi = UNARY.get(base) or (-2, 2)
    add(f'.{op} nonleaf', '.' + op, [T(vals([2, 3], lo, hi), rg=True, nonleaf=True)])
    add(f'.{op} plain', '.' + op, [T(vals([2, 3], lo, hi, dtype=F32))])
    add(f'.{op} leaf requires grad', '.' + op, [T(vals([2, 3], lo, hi), rg=True)])
    add(f'.{op} int64', '.' + op, [T(ints([3]))])
    add(f'.{op} view of nonleaf', '.' + op, [T(vals([3, 4], lo, hi), [['index', ':', '1:3']], rg=True, nonleaf=True)])
    add(f'.{op} transposed', '.' + op, [T(vals([3, 2], lo, hi, dtype=F32), [['t']])])

for op, other in [('add_', 1.5), ('sub_', 1.5), ('mul_', 1.5), ('div_', 1.5), ('pow_', 2), ('pow_', 0.5),
                  ('fmod_', 1.5), ('remainder_', 1.5), ('atan2_', None), ('clamp_min_', 0),
                  ('clamp_max_', 0), ('floor_divide_', 0.5), ('true_divide_', 1.5)]:
    lo, hi = (0.5, 2) if op.startswith('pow') else (-2, 2)
    if other is not None:
        add(f'.{op} scalar {other}', '.' + op, [T(vals([2, 3], lo, hi), rg=True, nonleaf=True), S(other)])
        add(f'.{op} scalar {other} on int64', '.' + op, [T(ints([3])), S(other)])
        add(f'.{op} {other} leaf requires grad', '.' + op, [T(vals([3]), rg=True), S(other)])
    if op == 'pow_' and other != 2:
        continue
    o = vals([3], 0.5, 2, 9)
    add(f'.{op} tensor', '.' + op, [T(vals([2, 3], lo, hi), rg=True, nonleaf=True), T(o, rg=True)])
    add(f'.{op} tensor plain float32', '.' + op, [T(vals([2, 3], lo, hi, dtype=F32)), T(o.float())])
    add(f'.{op} float64 into float32', '.' + op, [T(vals([2, 3], lo, hi, dtype=F32), rg=True, nonleaf=True), T(o, rg=True)])
    add(f'.{op} float into int64', '.' + op, [T(ints([3])), T(o)])
    add(f'.{op} int into int32', '.' + op, [T(ints([3], 1, 9, dtype=I32)), T(torch.tensor([2, 3, 1]))])
    add(f'.{op} broadcast self', '.' + op, [T(vals([3], lo, hi), rg=True, nonleaf=True), T(vals([2, 3], 0.5, 2, 3))])
    add(f'.{op} non-contiguous self', '.' + op, [T(vals([3, 2], lo, hi, dtype=F32), [['t']]), T(vals([3], 0.5, 2, 4))])

for d in FLOATS:
    add(f'.add_ alpha {dn(d)}', '.add_', [T(vals([2, 3], dtype=d), rg=True, nonleaf=True), T(vals([3], dtype=d), rg=True)],
        {'alpha': 2})
    add(f'.sub_ alpha {dn(d)}', '.sub_', [T(vals([2, 3], dtype=d), rg=True, nonleaf=True), S(1.5)], {'alpha': -2})
    add(f'.mul_ self {dn(d)}', '.mul_', [T(vals([2, 3], dtype=d), rg=True, nonleaf=True), T(vals([2, 3], salt=3, dtype=d))])
    add(f'.clamp_ {dn(d)}', '.clamp_', [T(vals([2, 3], dtype=d), rg=True, nonleaf=True), S(-0.5), S(0.5)])
    add(f'.clamp_ kw {dn(d)}', '.clamp_', [T(vals([2, 3], dtype=d), rg=True, nonleaf=True)], {'max': 0.5})
    add(f'.clamp_ tensor {dn(d)}', '.clamp_', [T(vals([2, 3], dtype=d), rg=True, nonleaf=True), T(vals([3], -1, 0, dtype=d))])
    add(f'.lerp_ {dn(d)}', '.lerp_', [T(vals([2, 3], dtype=d), rg=True, nonleaf=True), T(vals([3], dtype=d), rg=True), S(0.3)])
    add(f'.lerp_ tensor weight {dn(d)}', '.lerp_', [T(vals([2, 3], dtype=d), rg=True, nonleaf=True), T(vals([3], dtype=d), rg=True),
                                                     T(vals([2, 3], 0, 1, dtype=d), rg=True)])
    add(f'.zero_ {dn(d)}', '.zero_', [T(vals([2, 3], dtype=d), rg=True, nonleaf=True)])
    add(f'.fill_ {dn(d)}', '.fill_', [T(vals([2, 3], dtype=d), rg=True, nonleaf=True), S(2.5)])
    add(f'.fill_ tensor {dn(d)}', '.fill_', [T(vals([2, 3], dtype=d), rg=True, nonleaf=True), T(torch.tensor(1.5, dtype=d), rg=True)])
    add(f'.fill_ on view {dn(d)}', '.fill_', [T(vals([2, 3], dtype=d), [['index', ':', '1:']], rg=True, nonleaf=True), S(0.5)])
    add(f'.copy_ {dn(d)}', '.copy_', [T(vals([2, 3], dtype=d), rg=True, nonleaf=True), T(vals([2, 3], salt=1, dtype=d), rg=True)])
    add(f'.copy_ broadcast {dn(d)}', '.copy_', [T(vals([2, 3], dtype=d), rg=True, nonleaf=True), T(vals([3], salt=1, dtype=d), rg=True)])
    add(f'.copy_ from other float {dn(d)}', '.copy_', [T(vals([2, 3], dtype=d), rg=True, nonleaf=True),
                                                       T(vals([2, 3], salt=1, dtype=F32 if d == F64 else F64), rg=True)])
    add(f'.copy_ into view {dn(d)}', '.copy_', [T(vals([3, 4], dtype=d), [['index', ':', '1:3']], rg=True, nonleaf=True),
                                                 T(vals([3, 2], salt=1, dtype=d), rg=True)])
    add(f'.copy_ leaf requires grad {dn(d)}', '.copy_', [T(vals([3], dtype=d), rg=True), T(vals([3], dtype=d))])
    add(f'.neg_ twice version {dn(d)}', '.neg_', [T(vals([3], dtype=d), rg=True, nonleaf=True)])
add('.fill_ int float value', '.fill_', [T(torch.tensor([1, 2, 3])), S(2.7)])
add('.fill_ int32 negative float', '.fill_', [T(torch.tensor([1, 2], dtype=I32)), S(-2.7)])
add('.fill_ bool', '.fill_', [T(torch.tensor([True, False])), S(2)])
add('.fill_ bool float', '.fill_', [T(torch.tensor([True, False])), S(0.5)])
add('.fill_ float bool', '.fill_', [T(torch.tensor([1.5, 2.5])), S(True)])
add('.fill_ nan into int', '.fill_', [T(torch.tensor([1, 2])), S(NAN)])
add('.fill_ 1-d tensor value', '.fill_', [T(torch.tensor([1.5, 2.5])), T(torch.tensor([1.0]))])
add('.fill_ int tensor value', '.fill_', [T(torch.tensor([1.5, 2.5])), T(torch.tensor(3))])
add('.zero_ int', '.zero_', [T(torch.tensor([1, 2]))])
add('.zero_ bool', '.zero_', [T(torch.tensor([True, True]))])
add('.zero_ leaf requires grad', '.zero_', [T(torch.tensor([1.5]), rg=True)])
add('.copy_ float to int', '.copy_', [T(torch.tensor([0, 0, 0, 0])), T(torch.tensor([1.7, -1.7, 2.5, -0.5]))])
add('.copy_ float to int32', '.copy_', [T(torch.tensor([0, 0], dtype=I32)), T(torch.tensor([3.9, -3.9], dtype=F64))])
add('.copy_ float to bool', '.copy_', [T(torch.tensor([False, False, False])), T(torch.tensor([0.0, 0.5, NAN]))])
add('.copy_ bool to float', '.copy_', [T(torch.tensor([0.0, 0.0])), T(torch.tensor([True, False]))])
add('.copy_ int to float', '.copy_', [T(torch.tensor([0.0, 0.0])), T(torch.tensor([7, -3]))])
add('.copy_ mismatch', '.copy_', [T(torch.zeros(2, 3)), T(torch.zeros(2))])
add('.copy_ larger source', '.copy_', [T(torch.zeros(3)), T(torch.zeros(2, 3))])
add('.copy_ 0-d source', '.copy_', [T(torch.zeros(2, 2)), T(torch.tensor(1.5))])
add('.copy_ int to float requires grad', '.copy_', [T(torch.zeros(2), rg=True, nonleaf=True), T(torch.tensor([7, -3]))])
add('.copy_ float grad into int', '.copy_', [T(torch.zeros(2, dtype=I64)), T(torch.tensor([1.5, 2.5]), rg=True)])
add('.mul_ bool', '.mul_', [T(torch.tensor([True, False])), T(torch.tensor([True, True]))])
add('.add_ bool', '.add_', [T(torch.tensor([True, False])), T(torch.tensor([True, True]))])
add('.add_ bool int', '.add_', [T(torch.tensor([True, False])), S(1)])
add('.add_ int alpha', '.add_', [T(torch.tensor([1, 2])), T(torch.tensor([3, 4]))], {'alpha': 2})
add('.sub_ int float scalar', '.sub_', [T(torch.tensor([1, 2])), S(0.5)])
add('.mul_ int float scalar', '.mul_', [T(torch.tensor([1, 2])), S(1.5)])
add('.div_ int tensor', '.div_', [T(torch.tensor([1, 2])), T(torch.tensor([2, 2]))])
add('.exp_ int', '.exp_', [T(torch.tensor([1, 2]))])
add('.exp_ int32', '.exp_', [T(torch.tensor([1, 2], dtype=I32))])
add('.clamp_ int float bound', '.clamp_', [T(torch.tensor([1, 2, 3])), S(1.5)])
add('.clamp_ leaf requires grad', '.clamp_', [T(torch.tensor([1.0]), rg=True), S(0)])
add('.pow_ int negative', '.pow_', [T(torch.tensor([1, 2])), S(-1)])
add('.pow_ tensor exponent grads', '.pow_', [T(vals([2, 3], 0.5, 2), rg=True, nonleaf=True), T(vals([3], salt=1), rg=True)])
add('.pow_ int float tensor', '.pow_', [T(torch.tensor([1, 2])), T(torch.tensor([0.5, 0.5]))])
add('.neg_ bool', '.neg_', [T(torch.tensor([True, False]))])
add('.logical_not_ float', '.logical_not_', [T(torch.tensor([0.0, 2.0]))])
add('.sqrt_ on 0-d', '.sqrt_', [T(torch.tensor(4.0), rg=True, nonleaf=True)])
add('.mul_ view of leaf requiring grad', '.mul_', [T(torch.tensor([1.0, 2.0, 3.0]), [['index', '1:']], rg=True), S(2)])
add('.add_ empty', '.add_', [T(torch.zeros(0, 2)), S(1)])

# ---------------------------------------------------------------- special functions

# Values over each function's whole domain, its poles, branch points and overflow.
DOMAIN = {
    'erfc': [-30.0, -6.0, -3.3, -1.2, -0.76, -0.74, -0.3, -1e-300, 1e-20, 0.2, 0.74, 0.76, 0.9, 1.3, 2.2, 3.7, 5.5,
             9.1, 15.3, 26.4, 27.25, 27.5, 40.0, NAN, INF, -INF, 0.0, -0.0],
    # ATen's erfinv loses accuracy beyond |x| = 0.9999 (5e-7 at 1 - 1e-12); tests/oracle/special_accuracy.py
    # checks the far tails against mpmath instead.
    'erfinv': [-1.0, 1.0, 0.9999, -0.97, 0.7, -0.49, 0.51, 0.2, -1e-300, 1e-10, 1.5, -1.5, 1.0000001, NAN, INF, -INF,
               0.0, -0.0],
    'lgamma': [-1e10 - 0.5, -100.3, -7.5, -3.0, -2.4570247, -2.0, -1.5, -1.0, -0.5, -1e-8, -1e-300, 1e-300, 1e-8,
               0.3, 0.999999, 1.0, 1.000001, 1.4616321, 1.999999, 2.0, 2.0000001, 2.6, 4.9, 11.9, 12.1, 25.3, 171.6,
               1e5 + 0.5, 1e20, 1e300, NAN, INF, -INF, 0.0, -0.0],
    'digamma': [-1e10 - 0.5, -100.3, -7.5, -3.0, -2.5, -1.0, -0.5, -1e-8, 1e-300, 1e-8, 0.3, 1.0, 1.4616321449683622,
                1.5, 2.0, 9.99, 10.0, 10.01, 35.2, 1e5 + 0.5, 1e20, 1e300, NAN, INF, -INF, 0.0, -0.0],
    'logit': [-0.1, 1e-300, 1e-10, 0.1, 0.5, 0.7, 1 - 1e-10, 1.0, 1.1, NAN, INF, -INF, 0.0, -0.0],
}
for op, xs in DOMAIN.items():
    for d in FLOATS:
        add(f'{op} domain {dn(d)}', 'torch.' + op, [T(torch.tensor(xs, dtype=d))])

# Gradients beyond the [3, 4] rows: negative arguments, both eps forms of logit.
for d in FLOATS:
    add(f'lgamma negative grad {dn(d)}', 'torch.lgamma', [T(vals([2, 3], -2.9, -2.1, 1, d), rg=True)])
    add(f'digamma negative grad {dn(d)}', 'torch.digamma', [T(vals([2, 3], -0.9, -0.1, 2, d), rg=True)])
    add(f'erfinv near one grad {dn(d)}', 'torch.erfinv', [T(vals([2, 3], 0.9, 0.999, 3, d), rg=True)])
    add(f'logit eps {dn(d)}', 'torch.logit', [T(vals([2, 3], -0.5, 1.5, 4, d), rg=True)], {'eps': 0.2})
    add(f'logit eps positional {dn(d)}', 'torch.logit', [T(vals([2, 3], 0, 1, 5, d), rg=True), S(0.25)])
    add(f'logit eps none {dn(d)}', 'torch.logit', [T(vals([2, 3], -0.5, 1.5, 6, d), rg=True)], {'eps': None})
    add(f'logit outside grad {dn(d)}', 'torch.logit', [T(torch.tensor([-0.5, 0.0, 0.3, 1.0, 1.5], dtype=d), rg=True)])
    add(f'logit eps zero {dn(d)}', 'torch.logit', [T(torch.tensor([-0.5, 0.0, 0.3, 1.0, 1.5], dtype=d), rg=True)],
        {'eps': 0})
    for n in (0, 1, 2, 3):
        add(f'polygamma {n} {dn(d)}', 'torch.polygamma', [S(n), T(vals([3, 4], 0.2, 4, n, d), rg=True)])
        add(f'polygamma {n} negative {dn(d)}', 'torch.polygamma', [S(n), T(vals([2, 3], -2.9, -0.1, n + 5, d), rg=True)])
        # Negative integers for n = 1 are cases of their own (below): ATen's trigamma is huge but
        # finite there (its sin(pi x) is not exactly 0).
        sp = [v for v in SPECIAL if not (n == 1 and v == -1.0)]
        add(f'polygamma {n} special {dn(d)}', 'torch.polygamma', [S(n), T(torch.tensor(sp, dtype=d))])
        add(f'polygamma {n} poles {dn(d)}', 'torch.polygamma', [S(n), T(torch.tensor([0.0, -0.0] if n == 1 else [0.0, -1.0, -4.0], dtype=d))])
    # trigamma's finite values at the negative integers depend on the precision: float32's come from
    # sinf(pi_f x) (3.2e14 at -2; tensorgrad gave double's 1.6e32 rounded: differential fuzzer seeds
    # 1101-1109), also as digamma's gradient.
    add(f'polygamma 1 negative integers {dn(d)}', 'torch.polygamma',
        [S(1), T(torch.tensor([-1.0, -2.0, -3.0, -7.0, -100.0], dtype=d))])
    add(f'digamma grad at negative integers {dn(d)}', 'torch.digamma',
        [T(torch.tensor([-1.0, -2.0, 0.5, -5.0], dtype=d), rg=True)])
    add(f'polygamma 7 {dn(d)}', 'torch.polygamma', [S(7), T(vals([4], 0.5, 20, 9, d))])
    add(f'.polygamma {dn(d)}', '.polygamma', [T(vals([3], 0.5, 3, 10, d), rg=True), S(2)])
    add(f'.polygamma_ {dn(d)}', '.polygamma_', [T(vals([3], 0.5, 3, 11, d), rg=True, nonleaf=True), S(1)])
    add(f'.logit_ eps {dn(d)}', '.logit_', [T(vals([3], 0, 1, 12, d), rg=True, nonleaf=True)], {'eps': 0.3})
add('polygamma int', 'torch.polygamma', [S(1), T(torch.tensor([1, 2, 3]))])
add('polygamma int negative', 'torch.polygamma', [S(1), T(torch.tensor([0, -1, -2, 3]))])
add('polygamma bool', 'torch.polygamma', [S(1), T(torch.tensor([True, False]))])
add('polygamma 0-d', 'torch.polygamma', [S(2), T(torch.tensor(1.5), rg=True)])
add('polygamma negative n', 'torch.polygamma', [S(-1), T(torch.tensor([1.5]))])
add('polygamma float n', 'torch.polygamma', [S(1.5), T(torch.tensor([1.5]))])
add('.polygamma negative n', '.polygamma', [T(torch.tensor([1.5])), S(-2)])
add('.polygamma_ int', '.polygamma_', [T(torch.tensor([1, 2])), S(1)])

# xlogy's scalar overloads (XlogyBackward1 and 2) and in-place forms.
for d in FLOATS:
    x = torch.tensor([0.0, -0.0, 0.5, 2.0, INF, NAN, -1.0], dtype=d)
    add(f'xlogy scalar self {dn(d)}', 'torch.xlogy', [S(2), T(vals([2, 3], 0.5, 2, 1, d), rg=True)])
    add(f'xlogy zero scalar self {dn(d)}', 'torch.xlogy', [S(0), T(x, rg=True)])
    add(f'xlogy float scalar self {dn(d)}', 'torch.xlogy', [S(-1.5), T(x, rg=True)])
    add(f'xlogy scalar other {dn(d)}', 'torch.xlogy', [T(vals([2, 3], -2, 2, 2, d), rg=True), S(2.5)])
    add(f'xlogy zero scalar other {dn(d)}', 'torch.xlogy', [T(x, rg=True), S(0)])
    add(f'xlogy nan scalar other {dn(d)}', 'torch.xlogy', [T(x, rg=True), S(NAN)])
    add(f'xlogy zeros grads {dn(d)}', 'torch.xlogy', [T(x, rg=True), T(torch.tensor([0.0, 1.0, 0.0, -1.0, 2.0, 1.0, NAN], dtype=d), rg=True)])
    add(f'.xlogy {dn(d)}', '.xlogy', [T(vals([3], -2, 2, 3, d), rg=True), T(vals([3], 0.5, 2, 4, d), rg=True)])
    add(f'.xlogy_ {dn(d)}', '.xlogy_', [T(vals([2, 3], -2, 2, 5, d), rg=True, nonleaf=True), T(vals([3], 0.5, 2, 6, d), rg=True)])
    add(f'.xlogy_ scalar {dn(d)}', '.xlogy_', [T(vals([2, 3], -2, 2, 7, d), rg=True, nonleaf=True), S(3)])
add('xlogy int scalar self', 'torch.xlogy', [S(3), T(torch.tensor([1, 2, 0]))])
add('xlogy int tensor float scalar', 'torch.xlogy', [T(torch.tensor([1, 0, 2])), S(0.5)])
add('xlogy bool tensors', 'torch.xlogy', [T(torch.tensor([True, False])), T(torch.tensor([True, True]))])
add('.xlogy_ int', '.xlogy_', [T(torch.tensor([1, 2])), S(2)])
add('.xlogy_ broadcast self', '.xlogy_', [T(vals([3], 0.5, 2, 8)), T(vals([2, 3], 0.5, 2, 9))])

# torch.special: the same ops (and nodes) under PyTorch's special-function names.
SPECIAL_NS = {
    'erf': (-2, 2), 'erfc': (-2, 2), 'erfinv': (-0.9, 0.9), 'gammaln': (0.2, 4), 'digamma': (0.2, 4),
    'psi': (-0.9, -0.1), 'logit': (0.1, 0.9), 'expit': (-3, 3), 'exp2': (-2, 2), 'expm1': (-2, 2),
    'log1p': (-0.5, 2), 'ndtr': (-3, 3),
}
for name, (lo, hi) in SPECIAL_NS.items():
    f = 'torch.special.' + name
    for d in FLOATS:
        add(f'special.{name} {dn(d)}', f, [T(vals([2, 3], lo, hi, 13, d), rg=True)])
    add(f'special.{name} int64', f, [T(ints([4], -3, 3, 14))])
    add(f'special.{name} special', f, [T(torch.tensor(SPECIAL))])
add('special.logit eps', 'torch.special.logit', [T(vals([2, 3], -0.5, 1.5, 15, F64), rg=True)], {'eps': 0.1})
add('special.polygamma', 'torch.special.polygamma', [S(1), T(vals([2, 3], 0.2, 4, 16, F64), rg=True)])
add('special.xlogy', 'torch.special.xlogy', [T(vals([2, 3], -2, 2, 17, F64), rg=True), T(vals([3], 0.5, 2, 18, F64), rg=True)])
add('special.xlogy scalar self', 'torch.special.xlogy', [S(2), T(vals([3], 0.5, 2, 19, F64), rg=True)])

names = [c['name'] for c in cases]
assert len(names) == len(set(names)), sorted({n for n in names if names.count(n) > 1})
dump('pointwise', cases)
