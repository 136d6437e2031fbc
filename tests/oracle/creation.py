"""Oracle for tensor creation and the tensor core (src/tensor/creation.ts, src/tensor/tensor.ts):
torch.tensor, the factories, arange/linspace/logspace/eye, legacy constructors, the default dtype;
conversions between every pair of dtypes, item/tolist/type, geometry, and their errors.

    /usr/bin/python3 tests/oracle/creation.py   ->  tests/fixtures/creation.json
"""
import math

import torch

from cases import D, Data, L, S, Str, T, run
from common import dump

F32, F64, I32, I64, BOOL = torch.float32, torch.float64, torch.int32, torch.int64, torch.bool
DTYPES = [BOOL, I32, I64, F32, F64]
NAN, INF = math.nan, math.inf
cases = []


def add(*a, **k):
    cases.append(run(*a, **k))


def dn(d):
    return str(d).replace('torch.', '')


# ---------------------------------------------------------------- torch.tensor

add('tensor 2-d floats', 'torch.tensor', [Data([[1.5, 2.0], [3.0, -4.25]])])
add('tensor 3-d', 'torch.tensor', [Data([[[1.0], [2.0]], [[3.0], [4.0]]])])
add('tensor scalar', 'torch.tensor', [Data(3.5)])
add('tensor integral floats', 'torch.tensor', [Data([1.0, 2.0])])
add('tensor empty', 'torch.tensor', [Data([])])
add('tensor empty nested', 'torch.tensor', [Data([[], []])])
add('tensor bool', 'torch.tensor', [Data([[True, False], [False, True]])])
add('tensor bool scalar', 'torch.tensor', [Data(True)])
add('tensor ints', 'torch.tensor', [Data([1, -2, 3])])
add('tensor int scalar', 'torch.tensor', [Data(7)])
add('tensor large ints', 'torch.tensor', [Data([2 ** 40, -(2 ** 50)])])
add('tensor bool and float', 'torch.tensor', [Data([True, 2.5])])
add('tensor bool and int', 'torch.tensor', [Data([True, 2])])
add('tensor int and float', 'torch.tensor', [Data([1, 2.5])])
add('tensor special values', 'torch.tensor', [Data([NAN, INF, -INF, -0.0])])
add('tensor float64 rounding', 'torch.tensor', [Data([0.1, 1e-50, 1e300])], {'dtype': F64})
add('tensor float32 rounding', 'torch.tensor', [Data([0.1, 1e-50, 1e300])])
for d in DTYPES:
    add(f'tensor dtype {dn(d)}', 'torch.tensor', [Data([1.7, -1.7, 0.0, 2.5])], {'dtype': d})
    add(f'tensor bool data dtype {dn(d)}', 'torch.tensor', [Data([True, False])], {'dtype': d})
    add(f'tensor int data dtype {dn(d)}', 'torch.tensor', [Data([3, 0, -1])], {'dtype': d})
add('tensor nan to int64', 'torch.tensor', [Data([NAN])], {'dtype': I64})
add('tensor inf to int32', 'torch.tensor', [Data([INF])], {'dtype': I32})
add('tensor overflow int32', 'torch.tensor', [Data([2 ** 31])], {'dtype': I32})
add('tensor overflow float32', 'torch.tensor', [Data([1e40])], {'dtype': F32})
add('tensor requires_grad', 'torch.tensor', [Data([1.5, 2.5])], {'requires_grad': True})
add('tensor requires_grad int', 'torch.tensor', [Data([1, 2])], {'requires_grad': True})
add('tensor requires_grad float64', 'torch.tensor', [Data([1.0])], {'dtype': F64, 'requires_grad': True})
add('tensor ragged', 'torch.tensor', [Data([[1.0, 2.0], [3.0]])])
add('tensor ragged deeper', 'torch.tensor', [Data([[[1.0, 2.0]], [[3.0, 4.0, 5.0]]])])
add('tensor scalar where sequence expected', 'torch.tensor', [Data([[1.0, 2.0], 3.0])])
add('tensor sequence where scalar expected', 'torch.tensor', [Data([1.0, [2.0]])])
add('tensor from tensor', 'torch.tensor', [T(torch.tensor([1.5, 2.5], dtype=F64))])
add('tensor from tensor dtype', 'torch.tensor', [T(torch.tensor([1.5, 2.5], dtype=F64))], {'dtype': I32})
add('tensor default float64', 'torch.tensor', [Data([1.5, 2.0])], default_dtype=F64)
add('tensor ints default float64', 'torch.tensor', [Data([1, 2])], default_dtype=F64)

# ---------------------------------------------------------------- factories

for fn in ('zeros', 'ones'):
    f = 'torch.' + fn
    add(f'{fn} variadic', f, [S(2), S(3)])
    add(f'{fn} list', f, [L([2, 3])])
    add(f'{fn} scalar', f, [L([])])
    add(f'{fn} empty dim', f, [S(0), S(3)])
    add(f'{fn} no sizes', f, [])
    for d in DTYPES:
        add(f'{fn} dtype {dn(d)}', f, [S(2)], {'dtype': d})
    add(f'{fn} requires_grad', f, [S(2)], {'requires_grad': True})
    add(f'{fn} requires_grad int', f, [S(2)], {'dtype': I64, 'requires_grad': True})
    add(f'{fn} negative', f, [S(2), S(-1)])
    add(f'{fn} default float64', f, [S(2)], default_dtype=F64)
add('empty shape', 'torch.empty', [S(2), S(3)], values=False)
add('empty dtype', 'torch.empty', [L([4])], {'dtype': I32}, values=False)
add('empty negative', 'torch.empty', [S(-2)])
add('full float', 'torch.full', [L([2, 2]), S(1.5)])
add('full bool', 'torch.full', [L([3]), S(True)])
add('full nan', 'torch.full', [L([2]), S(NAN)])
for d in DTYPES:
    add(f'full dtype {dn(d)}', 'torch.full', [L([2]), S(-2.5)], {'dtype': d})
add('full int dtype int value', 'torch.full', [L([2]), S(7)], {'dtype': I32})
add('full requires_grad', 'torch.full', [L([2]), S(0.5)], {'requires_grad': True})
add('full default float64', 'torch.full', [L([2]), S(0.5)], default_dtype=F64)
add('full nan int', 'torch.full', [L([2]), S(NAN)], {'dtype': I64})
base = torch.tensor([[1.5, 2.5, 3.5]], dtype=F64)
for fn in ('zeros_like', 'ones_like'):
    add(f'{fn}', 'torch.' + fn, [T(base)])
    add(f'{fn} dtype', 'torch.' + fn, [T(base)], {'dtype': I32})
    add(f'{fn} int', 'torch.' + fn, [T(torch.tensor([1, 2]))])
    add(f'{fn} bool', 'torch.' + fn, [T(torch.tensor([True]))])
    add(f'{fn} transposed', 'torch.' + fn, [T(torch.zeros(2, 3), [['t']])])
add('full_like', 'torch.full_like', [T(base), S(0.25)])
add('full_like int', 'torch.full_like', [T(torch.tensor([1, 2])), S(2.7)])
add('full_like dtype', 'torch.full_like', [T(base), S(2.5)], {'dtype': F32})
add('empty_like', 'torch.empty_like', [T(base)], values=False)
add('zeros_like requires_grad', 'torch.zeros_like', [T(base)], {'requires_grad': True})

# ---------------------------------------------------------------- arange

ARANGE = [
    [S(5)], [S(0)], [S(2), S(7)], [S(7), S(2), S(-1)], [S(0), S(10), S(3)], [S(10), S(0), S(-3)], [S(5.5)],
    [S(-2.5)], [S(0), S(1), S(0.1)], [S(0), S(0.3), S(0.1)], [S(1.1), S(1.4), S(0.1)], [S(0), S(1.5), S(0.25)],
    [S(-1), S(1), S(0.3)], [S(2.5), S(-2.5), S(-0.5)], [S(0), S(5), S(0.7)], [S(0.5), S(3)], [S(-3), S(3), S(2.5)],
    [S(1e-3), S(1e-2), S(1e-3)], [S(0), S(100), S(0.1)],
]
for args in ARANGE:
    label = ' '.join(str(a.v) for a in args)
    add(f'arange {label}', 'torch.arange', args)
    add(f'arange {label} float64', 'torch.arange', args, {'dtype': F64})
    add(f'arange {label} int32', 'torch.arange', args, {'dtype': I32})
add('arange int64 from float args', 'torch.arange', [S(0.5), S(3.7)], {'dtype': I64})
add('arange int64 fractional step', 'torch.arange', [S(0), S(2.5), S(0.5)], {'dtype': I64})
add('arange int32 float args', 'torch.arange', [S(-1.5), S(3.7), S(1.5)], {'dtype': I32})
add('arange zero step', 'torch.arange', [S(0), S(1), S(0)])
add('arange wrong sign', 'torch.arange', [S(0), S(-1), S(1)])
add('arange wrong sign negative step', 'torch.arange', [S(0), S(1), S(-1)])
add('arange negative end', 'torch.arange', [S(-2)])
add('arange nan', 'torch.arange', [S(NAN)])
add('arange inf', 'torch.arange', [S(0), S(INF)])
add('arange requires_grad', 'torch.arange', [S(0.5), S(3)], {'requires_grad': True})
add('arange default float64', 'torch.arange', [S(0), S(1), S(0.1)], default_dtype=F64)
add('arange ints default float64', 'torch.arange', [S(3)], default_dtype=F64)

# ---------------------------------------------------------------- linspace, logspace

LINSPACE = [
    (0, 1, 5), (-1, 1, 7), (0, 1, 37), (1, 100, 50), (0.1, 0.9, 33), (3, -3, 17), (0, 1, 1), (0, 1, 0),
    (2.5, 2.5, 4), (0, 1, 2), (-7.3, 11.9, 100), (0, 10, 11), (1e-3, 1, 23), (0, 1, 8), (0, 1, 16), (0, 1, 9),
    (0, 1, 3), (0, 1, 1000),
]
for start, end, steps in LINSPACE:
    for d in (F32, F64, I64, I32):
        add(f'linspace {start} {end} {steps} {dn(d)}', 'torch.linspace', [S(start), S(end), S(steps)], {'dtype': d})
    add(f'linspace {start} {end} {steps}', 'torch.linspace', [S(start), S(end), S(steps)])
add('linspace negative steps', 'torch.linspace', [S(0), S(1), S(-1)])
add('linspace requires_grad', 'torch.linspace', [S(0), S(1), S(3)], {'requires_grad': True})
add('linspace default float64', 'torch.linspace', [S(0), S(1), S(7)], default_dtype=F64)

LOGSPACE = [(0, 2, 5, None), (-1, 1, 7, 2), (0, 1, 37, None), (0.5, 3.5, 9, 3.5), (2, -2, 17, None), (0, 3, 1, None),
            (0, 3, 0, None), (-3, 3, 100, 2), (0, 10, 11, 2)]
for start, end, steps, b in LOGSPACE:
    kw = {} if b is None else {'base': b}
    for d in (F32, F64, I64):
        add(f'logspace {start} {end} {steps} {b} {dn(d)}', 'torch.logspace', [S(start), S(end), S(steps)],
            {**kw, 'dtype': d})
    add(f'logspace {start} {end} {steps} {b}', 'torch.logspace', [S(start), S(end), S(steps)], kw)
add('logspace positional base', 'torch.logspace', [S(0), S(4), S(5), S(2)])
add('logspace negative steps', 'torch.logspace', [S(0), S(1), S(-1)])

# ---------------------------------------------------------------- eye

add('eye 3', 'torch.eye', [S(3)])
add('eye 2 4', 'torch.eye', [S(2), S(4)])
add('eye 4 2', 'torch.eye', [S(4), S(2)])
add('eye 0', 'torch.eye', [S(0)])
add('eye dtype', 'torch.eye', [S(3)], {'dtype': I64})
add('eye m dtype', 'torch.eye', [S(2), S(3)], {'dtype': BOOL})
add('eye negative', 'torch.eye', [S(-1)])
add('eye negative m', 'torch.eye', [S(2), S(-1)])
add('eye requires_grad', 'torch.eye', [S(2)], {'requires_grad': True})
add('eye default float64', 'torch.eye', [S(2)], default_dtype=F64)

# ---------------------------------------------------------------- legacy constructors

add('FloatTensor data', 'torch.FloatTensor', [Data([[1, 2], [3, 4]])])
add('FloatTensor floats', 'torch.FloatTensor', [Data([1.5, -2.5])])
add('FloatTensor sizes', 'torch.FloatTensor', [S(2), S(3)], values=False)
add('FloatTensor one size', 'torch.FloatTensor', [S(4)], values=False)
add('FloatTensor empty', 'torch.FloatTensor', [])
add('FloatTensor empty list', 'torch.FloatTensor', [Data([])])
add('FloatTensor ragged', 'torch.FloatTensor', [Data([[1.0, 2.0], [3.0]])])
add('FloatTensor scalar data', 'torch.FloatTensor', [S(2.5)])
add('FloatTensor negative size', 'torch.FloatTensor', [S(-1)])
add('FloatTensor default float64', 'torch.FloatTensor', [Data([1.5])], default_dtype=F64)
add('DoubleTensor data', 'torch.DoubleTensor', [Data([1.5, 0.1])])
add('DoubleTensor sizes', 'torch.DoubleTensor', [S(2), S(2)], values=False)
add('LongTensor data', 'torch.LongTensor', [Data([1, 2, -3])])
add('LongTensor floats truncate', 'torch.LongTensor', [Data([1.7, -1.7])])
add('LongTensor bool', 'torch.LongTensor', [Data([True, False])])
add('LongTensor sizes', 'torch.LongTensor', [S(3)], values=False)
add('IntTensor data', 'torch.IntTensor', [Data([1, 2])])
add('BoolTensor data', 'torch.BoolTensor', [Data([True, False])])

# ---------------------------------------------------------------- conversions

SRC = {
    F32: [NAN, INF, -INF, 3e9, -3e9, 1e20, 2.7, -2.7, -0.5, 0.0, 1.0, 255.5, 16777217.0],
    F64: [NAN, INF, -INF, 3e9, -3e9, 1e20, 2.7, -2.7, -0.5, 0.0, 2147483647.0, 2147483648.0, -2147483648.9, 0.1],
    I64: [-5, 0, 7, 2 ** 40 + 3, -(2 ** 35) - 1, 2 ** 31, 16777217],
    I32: [-5, 0, 7, 2 ** 31 - 1, -(2 ** 31), 16777217],
    BOOL: [True, False, True],
}
for src, values in SRC.items():
    x = torch.tensor(values, dtype=src)
    for d in DTYPES:
        add(f'to {dn(src)} -> {dn(d)}', '.to', [T(x), D(d)])
    for m in ('float', 'double', 'long', 'int', 'bool'):
        add(f'.{m} from {dn(src)}', '.' + m, [T(x)])
    add(f'tolist {dn(src)}', '.tolist', [T(x)])
    add(f'item {dn(src)}', '.item', [T(x[1:2].clone())])
    add(f'item 0-d {dn(src)}', '.item', [T(x[2].clone())])
    add(f'type {dn(src)}', '.type', [T(x)])
    add(f'numel {dn(src)}', '.numel', [T(x)])
    add(f'element_size {dn(src)}', '.element_size', [T(x)])
for d in (F32, F64):
    add(f'to grad {dn(d)}', '.to', [T(torch.tensor([1.5, -2.5], dtype=d), rg=True), D(F64 if d == F32 else F32)])
    add(f'.double grad {dn(d)}', '.double', [T(torch.tensor([1.5, -2.5], dtype=d), rg=True)])
    add(f'to same dtype {dn(d)}', '.to', [T(torch.tensor([1.5], dtype=d), rg=True), D(d)])
    add(f'to copy {dn(d)}', '.to', [T(torch.tensor([1.5], dtype=d), rg=True), D(d)], {'copy': True})
    add(f'.long grad {dn(d)}', '.long', [T(torch.tensor([1.5, -2.5], dtype=d), rg=True)])
add('to kw dtype', '.to', [T(torch.tensor([1.5]))], {'dtype': F64})
add('to other tensor', '.to', [T(torch.tensor([1.5, -2.5])), T(torch.tensor([1]))])
add('type_as', '.type_as', [T(torch.tensor([1.5, -2.5]), rg=True), T(torch.tensor([1], dtype=I32))])
add('type_as float64', '.type_as', [T(torch.tensor([1.5, -2.5]), rg=True), T(torch.tensor([1.0], dtype=F64))])
add('to transposed', '.to', [T(torch.tensor([[1.5, 2.5], [3.5, 4.5]]), [['t']]), D(I32)])
add('type string', '.type', [T(torch.tensor([1.5, -2.5])), Str('torch.LongTensor')])
add('type string double', '.type', [T(torch.tensor([1.5, -2.5])), Str('torch.DoubleTensor')])
add('type dtype', '.type', [T(torch.tensor([1.5, -2.5])), D(I32)])
add('type invalid', '.type', [T(torch.tensor([1.5])), Str('torch.Foo')])
add('tolist 2-d', '.tolist', [T(torch.tensor([[1.5, 2.5], [3.5, 4.5]]))])
add('tolist transposed', '.tolist', [T(torch.tensor([[1.5, 2.5], [3.5, 4.5]]), [['t']])])
add('tolist 0-d', '.tolist', [T(torch.tensor(2.5))])
add('tolist empty', '.tolist', [T(torch.zeros(2, 0))])
add('tolist bool 2-d', '.tolist', [T(torch.tensor([[True], [False]]))])
add('item multi', '.item', [T(torch.tensor([1.5, 2.5]))])
add('item empty', '.item', [T(torch.zeros(0))])
add('item of [[x]]', '.item', [T(torch.tensor([[4.5]]))])
add('item requires_grad', '.item', [T(torch.tensor([4.5]), rg=True)])

# ---------------------------------------------------------------- geometry

g = torch.arange(24.0).reshape(2, 3, 4)
GEOM = {
    'contiguous': T(g),
    'transposed': T(g, [['transpose', 0, 2]]),
    'sliced': T(g, [['index', ':', '1:', '::2']]),
    'expanded': T(torch.tensor([[1.0], [2.0]]), [['expand', 2, 3]]),
    '0-d': T(torch.tensor(1.5)),
    'empty': T(torch.zeros(2, 0, 3)),
    'size-1 dims': T(torch.zeros(1, 3, 1)),
}
for label, t in GEOM.items():
    for m in ('numel', 'size', 'stride', 'dim', 'is_contiguous', 'storage_offset', 'nelement', 'ndimension'):
        add(f'{m} {label}', '.' + m, [t])
for dim in (0, 1, 2, -1, -3, 3, -4):
    add(f'size({dim})', '.size', [T(g), S(dim)])
    add(f'stride({dim})', '.stride', [T(g), S(dim)])
add('size(0) of 0-d', '.size', [T(torch.tensor(1.5)), S(0)])
add('size(-1) of 0-d', '.size', [T(torch.tensor(1.5)), S(-1)])
add('stride(0) of 0-d', '.stride', [T(torch.tensor(1.5)), S(0)])
add('size(1) of 1-d', '.size', [T(torch.zeros(3)), S(1)])
add('is_contiguous t of row', '.is_contiguous', [T(torch.zeros(1, 3), [['t']])])
add('is_floating_point int', '.is_floating_point', [T(torch.tensor([1]))])

# ---------------------------------------------------------------- requires_grad

for d in DTYPES:
    add(f'requires_grad_ {dn(d)}', '.requires_grad_', [T(torch.tensor([1, 0], dtype=d))])
add('requires_grad_ false on int', '.requires_grad_', [T(torch.tensor([1]))], {'requires_grad': False})
add('requires_grad_ on nonleaf false', '.requires_grad_', [T(torch.tensor([1.5]), rg=True, nonleaf=True), S(False)])

# torch.as_tensor: data is copied as torch.tensor copies it; a tensor comes back itself (or converted).
add('as_tensor floats', 'torch.as_tensor', [Data([[1.5, 2.0], [3.0, -4.25]])])
add('as_tensor ints', 'torch.as_tensor', [Data([1, -2, 3])])
add('as_tensor bool scalar', 'torch.as_tensor', [Data(True)])
add('as_tensor dtype', 'torch.as_tensor', [Data([1.5, 2.0])], {'dtype': D(torch.float64)})
add('as_tensor float64 default', 'torch.as_tensor', [Data([0.1, 2.5])], default_dtype=torch.float64)
add('as_tensor of a tensor', 'torch.as_tensor', [T(torch.tensor([1.5, -2.0]), rg=True)])
add('as_tensor of a tensor, same dtype', 'torch.as_tensor', [T(torch.tensor([1.5, -2.0]), rg=True)],
    {'dtype': D(torch.float32)})
add('as_tensor of a tensor, new dtype', 'torch.as_tensor', [T(torch.tensor([1.5, -2.0]), rg=True)],
    {'dtype': D(torch.float64)})
add('as_tensor of an int tensor to float', 'torch.as_tensor', [T(torch.tensor([1, 2]))], {'dtype': D(torch.float32)})
add('as_tensor positional dtype', 'torch.as_tensor', [Data([1.5]), D(torch.float64)])
add('as_tensor bad dtype', 'torch.as_tensor', [Data([1.5])], {'dtype': S(3)})
add('as_tensor unknown keyword', 'torch.as_tensor', [Data([1.5])], {'foo': S(3)})

names = [c['name'] for c in cases]
assert len(names) == len(set(names)), sorted({n for n in names if names.count(n) > 1})
dump('creation', cases)
