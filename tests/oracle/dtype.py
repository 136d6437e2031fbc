"""Oracle for dtypes and type promotion (src/tensor/dtype.ts and every op's result dtype):
promote_types, result_type, can_cast over all pairs; each op kind over tensor / 0-d tensor /
Python scalar operands; the default dtype's effect.

    /usr/bin/python3 tests/oracle/dtype.py   ->  tests/fixtures/dtype.json
"""
import torch

from cases import D, S, T, run
from common import dump

DTYPES = [torch.bool, torch.int32, torch.int64, torch.float32, torch.float64]
cases = []


def add(*a, **k):
    cases.append(run(*a, **k))


def dn(d):
    return str(d).replace('torch.', '')


def tensor(d, zero_dim=False):
    """Values valid for every op below (nonzero, so integer division never divides by zero)."""
    if d == torch.bool:
        v = [True, True]
    elif d.is_floating_point:
        v = [1.5, -2.5]
    else:
        v = [3, -2]
    t = torch.tensor(v, dtype=d)
    return t[0].clone() if zero_dim else t


def scalar(d):
    return S(True if d == torch.bool else 2.5 if d.is_floating_point else 3)


for a in DTYPES:
    for b in DTYPES:
        add(f'promote_types {dn(a)} {dn(b)}', 'torch.promote_types', [D(a), D(b)])
        add(f'can_cast {dn(a)} {dn(b)}', 'torch.can_cast', [D(a), D(b)])
        add(f'result_type tensor {dn(a)} tensor {dn(b)}', 'torch.result_type', [T(tensor(a)), T(tensor(b))])
        add(f'result_type tensor {dn(a)} 0-d {dn(b)}', 'torch.result_type', [T(tensor(a)), T(tensor(b, True))])
        add(f'result_type 0-d {dn(a)} tensor {dn(b)}', 'torch.result_type', [T(tensor(a, True)), T(tensor(b))])
        add(f'result_type 0-d {dn(a)} 0-d {dn(b)}', 'torch.result_type', [T(tensor(a, True)), T(tensor(b, True))])
        add(f'result_type tensor {dn(a)} scalar {dn(b)}', 'torch.result_type', [T(tensor(a)), scalar(b)])
        add(f'result_type 0-d {dn(a)} scalar {dn(b)}', 'torch.result_type', [T(tensor(a, True)), scalar(b)])
        add(f'result_type scalar {dn(a)} tensor {dn(b)}', 'torch.result_type', [scalar(a), T(tensor(b))])

# Each op kind over operand kinds: the result dtype (and values) must match.
OPS = ['add', 'sub', 'mul', 'div', 'floor_divide', 'remainder', 'fmod', 'pow', 'atan2', 'maximum', 'minimum',
       'eq', 'lt', 'logical_and']
for op in OPS:
    for a in DTYPES:
        for b in DTYPES:
            for ka, kb in [('tensor', 'tensor'), ('tensor', '0-d'), ('0-d', 'tensor'), ('0-d', '0-d'),
                           ('tensor', 'scalar'), ('0-d', 'scalar')]:
                if kb == 'scalar' and op in ('atan2', 'maximum', 'minimum', 'logical_and'):
                    continue  # Python requires a Tensor there
                x = T(tensor(a, ka == '0-d'))
                y = scalar(b) if kb == 'scalar' else T(tensor(b, kb == '0-d'))
                add(f'{op} {ka} {dn(a)} {kb} {dn(b)}', 'torch.' + op, [x, y], grad=False)
for op in ('add', 'mul', 'pow'):
    for a in DTYPES:
        for b in DTYPES:
            add(f'{op} scalar {dn(a)} tensor {dn(b)}', 'torch.' + op, [scalar(a), T(tensor(b))], grad=False)
for a in DTYPES:
    for b in DTYPES:
        cond = T(torch.tensor([True, False]))
        add(f'where tensor {dn(a)} tensor {dn(b)}', 'torch.where', [cond, T(tensor(a)), T(tensor(b))])
        add(f'where tensor {dn(a)} scalar {dn(b)}', 'torch.where', [cond, T(tensor(a)), scalar(b)])
        add(f'where scalar {dn(a)} scalar {dn(b)}', 'torch.where', [cond, scalar(a), scalar(b)])
        add(f'clamp tensor {dn(a)} scalar {dn(b)}', 'torch.clamp', [T(tensor(a)), scalar(b)])
    add(f'exp {dn(a)}', 'torch.exp', [T(tensor(a))])
    add(f'neg {dn(a)}', 'torch.neg', [T(tensor(a))])
    add(f'abs {dn(a)}', 'torch.abs', [T(tensor(a))])
    add(f'sigmoid {dn(a)}', 'torch.sigmoid', [T(tensor(a))])
    add(f'square {dn(a)}', 'torch.square', [T(tensor(a))])
    add(f'isnan {dn(a)}', 'torch.isnan', [T(tensor(a))])
    add(f'.element_size {dn(a)}', '.element_size', [T(tensor(a))])
    add(f'.is_floating_point {dn(a)}', '.is_floating_point', [T(tensor(a))])

# The default dtype decides what integer inputs and Python floats become.
F64 = torch.float64
add('default float64 int tensor + float scalar', 'torch.add', [T(torch.tensor([1, 2])), S(2.5)], default_dtype=F64)
add('default float64 int / int', 'torch.div', [T(torch.tensor([1, 2])), T(torch.tensor([2, 4]))], default_dtype=F64)
add('default float64 exp int', 'torch.exp', [T(torch.tensor([1, 2]))], default_dtype=F64)
add('default float64 float32 tensor + float scalar', 'torch.add', [T(torch.tensor([1.5])), S(2.5)], default_dtype=F64)
add('default float64 result_type int float', 'torch.result_type', [T(torch.tensor([1])), S(2.5)], default_dtype=F64)
add('default float64 where float scalars', 'torch.where', [T(torch.tensor([True, False])), S(1.5), S(2.5)],
    default_dtype=F64)
add('default float64 bool tensor * float scalar', 'torch.mul', [T(torch.tensor([True])), S(0.5)], default_dtype=F64)
add('default float64 get_default_dtype', 'torch.get_default_dtype', [], default_dtype=F64)
add('get_default_dtype', 'torch.get_default_dtype', [])
add('set_default_dtype int64', 'torch.set_default_dtype', [D(torch.int64)])
add('set_default_dtype bool', 'torch.set_default_dtype', [D(torch.bool)])

dump('dtype', cases)
