"""Oracle for printing: repr(tensor) under many inputs and print options.

Each case holds the exact input (enc), the set_printoptions calls in force (applied in order after
resetting to the default profile; every call also resets sci_mode, as PyTorch's does), the default
dtype, whether the input requires grad, an optional op applied to it (to get a grad_fn suffix), and
the expected repr.  Run: /usr/bin/python3 tests/oracle/print.py
"""
import math

import torch

from common import dump, enc, error_text, num

torch.manual_seed(0)

# Ops the TypeScript side replays by name; chosen so their float32 results are exact (or far from
# a printing tie) on the inputs used with them.
OPS = {
    'mul2': lambda x: x * 2,
    'add1': lambda x: x + 1,
    'sub1': lambda x: x - 1,
    'div2': lambda x: x / 2,
    'neg': lambda x: -x,
    'pow2': lambda x: x ** 2,
    'sum': lambda x: x.sum(),
    'mean': lambda x: x.mean(),
    'exp': lambda x: x.exp(),
    'view': lambda x: x.view(-1),
    't': lambda x: x.t(),
    'unsqueeze0': lambda x: x.unsqueeze(0),
    'select0': lambda x: x.select(0, 0),
    'clone': lambda x: x.clone(),
}

cases = []


def add(name, x, opts=(), default_dtype=None, requires_grad=False, op=None):
    torch.set_printoptions(profile='default')
    torch.set_default_dtype(torch.float64 if default_dtype == 'float64' else torch.float32)
    x = x.detach().clone()
    for o in opts:
        torch.set_printoptions(**o)
    t = x.requires_grad_(True) if requires_grad else x
    if op is not None:
        t = OPS[op](t)
    text = error_text(lambda: repr(t))
    out = repr(t) if text is None else None
    torch.set_printoptions(profile='default')
    torch.set_default_dtype(torch.float32)
    cases.append({
        'name': name,
        'x': enc(x),
        'opts': [{k: num(v) for k, v in o.items()} for o in opts],
        'default_dtype': default_dtype,
        'requires_grad': requires_grad,
        'op': op,
        'repr': out,
        'error': text,
    })


f32, f64, i32, i64, b = torch.float32, torch.float64, torch.int32, torch.int64, torch.bool
T = torch.tensor
nan, inf = math.nan, math.inf

# ---------------------------------------------------------------- dtypes, dims
for dt in (f32, f64, i32, i64):
    add(f'scalar {dt}', T(3, dtype=dt))
    add(f'scalar neg {dt}', T(-7, dtype=dt))
    add(f'1d {dt}', T([1, -2, 30, 400], dtype=dt))
    add(f'2d {dt}', T([[1, 2, 3], [-4, 5, 60]], dtype=dt))
    add(f'3d {dt}', torch.arange(24).reshape(2, 3, 4).to(dt) - 5)
    add(f'4d {dt}', torch.arange(36).reshape(2, 3, 2, 3).to(dt) * 3 - 50)
    add(f'single {dt}', T([5], dtype=dt))
    add(f'1x1 {dt}', T([[5]], dtype=dt))
    add(f'1x1x1x1 {dt}', T([[[[-9]]]], dtype=dt))
add('scalar bool true', T(True))
add('scalar bool false', T(False))
add('1d bool', T([True, False, True]))
add('2d bool', T([[True, False], [False, False]]))
add('3d bool', torch.arange(12).reshape(2, 2, 3) % 3 == 0)
add('4d bool', torch.arange(16).reshape(2, 2, 2, 2) % 2 == 1)
add('1d float fractional f64', T([0.5, -1.25, 3.0], dtype=f64))
add('2d float fractional', T([[0.1, 0.2], [0.3, -0.4]]))
add('3d float random', torch.randn(2, 3, 4))
add('4d float random', torch.randn(2, 2, 3, 3))
add('4d float64 random', torch.randn(2, 3, 2, 2, dtype=f64))

# ---------------------------------------------------------------- empty
for shape in ((0,), (2, 0), (0, 3), (0, 0), (1, 0, 2), (3, 4, 0), (0, 1, 1, 1)):
    for dt in (f32, f64, i32, i64, b):
        add(f'empty {shape} {dt}', torch.zeros(shape, dtype=dt))
add('empty f32 default f64', torch.zeros(0, dtype=f32), default_dtype='float64')
add('empty f64 default f64', torch.zeros(2, 0, dtype=f64), default_dtype='float64')
add('empty requires_grad', torch.zeros(0), requires_grad=True)
add('empty 2d requires_grad f64', torch.zeros(0, 3, dtype=f64), requires_grad=True)

# ---------------------------------------------------------------- float modes
add('int mode', T([1., 2., 3.]))
add('int mode negatives', T([-1., 20., -300.]))
add('int mode big', T([12345678., 1.]))
add('int mode ratio 1000 exactly', T([1000., 1.]))
add('int mode ratio 1001 -> sci', T([1001., 1.]))
add('int mode max 1e8', T([1e8, 1e6]))
add('int mode max > 1e8 -> sci', T([100000008., 1e6]))
add('int mode f64 1e8 boundary', T([1e8, 2e7], dtype=f64))
add('int mode f64 just above 1e8', T([100000001., 2e7], dtype=f64))
add('fixed mode', T([1.5, 2.25, -3.125]))
add('fixed ratio 1000', T([0.5, 500.]))
add('fixed ratio just over 1000', T([0.5, 500.5]))
add('fixed min 1e-4 f64', T([1e-4, 0.05], dtype=f64))
add('fixed min 1e-4 f32', T([1e-4, 0.05]))
add('sci min < 1e-4', T([0.99e-4, 0.05], dtype=f64))
add('sci max > 1e8 fractional', T([1.5e8, 1e6]))
add('fixed max 1e8 fractional f64', T([1e8, 1e6 + 0.5], dtype=f64))
add('sci tiny', T([1e-10, 3e-12]))
add('sci huge', T([1e20, -3e25]))
add('sci mixed sign', T([-1.5e-5, 2.5e3, 7.0]))
add('sci f64 extreme', T([1e-300, 1e300], dtype=f64))
add('sci exponent 3 digits', T([1.2345e-123, 5.], dtype=f64))
add('sci denormal f64', T([5e-324, 1.], dtype=f64))
add('sci denormal f32', T([1e-45, 1.]))
add('f32 max', T([3.4028234663852886e38, 1.]))
add('fixed near 1 f32', T([1.00005, 0.99995, 1.00015]))
add('fixed 0.1 f32 precision 8', T([0.1, 0.2, 0.3]), opts=[{'precision': 8}])
add('fixed 0.1 f64 precision 8', T([0.1, 0.2, 0.3], dtype=f64), opts=[{'precision': 8}])
add('f32 rounding edges', T([0.00015, 0.00025, 0.00035, 1.23455, 2.71825, 16777217.]))
add('f32 16777216', T([16777216., 16777215.]))
add('random f32 wide', torch.randn(20) * 1000)
add('random f32 narrow', torch.rand(15))
add('random f64', torch.randn(12, dtype=f64))
for scale in (1e-6, 1e-3, 1., 1e3, 1e6, 1e9):
    add(f'random scale {scale}', torch.randn(3, 4) * scale)

# ---------------------------------------------------------------- zeros, negative zero, nan/inf
add('zeros', torch.zeros(3))
add('zeros 2d', torch.zeros(2, 2))
add('negative zero scalar', T(-0.))
add('negative zero vector', T([-0., 0., -0.]))
add('negative zero with int', T([-0., 1., 2.]))
add('negative zero with fraction', T([-0., 0.5]))
add('negative zero sci', T([-0., 1e-6]))
add('negative zero f64', T([-0., 0.], dtype=f64))
add('all nan', T([nan, nan]))
add('nan scalar', T(nan))
add('inf scalar', T(inf))
add('-inf scalar', T(-inf))
add('nan with ints', T([nan, 1., 2.]))
add('nan with fractions', T([nan, 1.5, -2.25]))
add('nan with sci', T([nan, 1e-6, 1.]))
add('inf only', T([inf, inf]))
add('-inf only', T([-inf, -inf]))
add('inf -inf', T([inf, -inf]))
add('inf nan', T([inf, nan, -inf]))
add('inf with ints', T([inf, 1., -2.]))
add('-inf with fraction', T([-inf, 0.25]))
add('inf with big int', T([inf, 123456., 1.]))
add('nan inf zero', T([nan, inf, 0., -0.]))
add('nan 2d', T([[nan, 1.], [2., inf]]))
add('nan f64 precision 2', T([nan, 3.14159], dtype=f64), opts=[{'precision': 2}])
add('inf sci_mode True', T([inf, 1.]), opts=[{'sci_mode': True}])
add('nan sci_mode False', T([nan, 1e-8]), opts=[{'sci_mode': False}])
add('nan int sci_mode True', T([nan, 5.]), opts=[{'sci_mode': True}])

# ---------------------------------------------------------------- ties (Python rounds half to even)
add('tie 0.03125 precision 4', T([0.03125]))
add('tie 0.03125 0.09375 precision 4', T([0.03125, 0.09375, 0.15625]))
add('tie 2.5 precision 0', T([2.5, 3.5, 0.5, -1.5]), opts=[{'precision': 0}])
add('tie 0.125 precision 2', T([0.125, 0.375, 0.625]), opts=[{'precision': 2}])
add('tie 0.25 precision 1', T([0.25, 0.75, -0.25]), opts=[{'precision': 1}])
add('tie sci 1.25 precision 1', T([1.25e0, 1e-6]), opts=[{'precision': 1}])
add('tie sci 2^-16 precision 10', T([2.0 ** -16, 1.]), opts=[{'precision': 10}])
add('tie sci 1.5e-5', T([1.5e-5, 2.5e-5, 3.5e-5]), opts=[{'precision': 0}])
add('tie sci 0.5 powers', T([2.0 ** -20, 2.0 ** -21, 1.0]), opts=[{'precision': 3}])
add('tie sci 1.125e5', T([112500., 0.5]), opts=[{'precision': 2}])
add('tie sci exact 3.5e-05', T([3.0517578125e-05, 1.]), opts=[{'precision': 5}])
add('tie int 2.5 int_mode f64', T([2.5, 1e9], dtype=f64), opts=[{'precision': 0}])
add('near tie f32 0.15', T([0.15, 0.25, 0.35]), opts=[{'precision': 1}])
add('tie 1e4 precision 0 sci', T([12500., 1.]), opts=[{'precision': 1, 'sci_mode': True}])

# ---------------------------------------------------------------- big integers
add('int64 big', T([2 ** 62, -(2 ** 63), 0]))
add('int64 1e18', T([10 ** 18, -5, 7]))
add('int64 2^53+2', T([2 ** 53 + 2, 1]))
add('int64 scalar big', T(-(2 ** 60)))
add('int32 limits', T([2 ** 31 - 1, -(2 ** 31)], dtype=i32))
add('int64 widths', T([[1, -100], [10000, 5]]))
add('int64 mixed width 2d', torch.arange(-6, 6).reshape(3, 4) * 37)
add('int long row wraps', torch.arange(40) * 1001)

# ---------------------------------------------------------------- line wrapping
add('wrap 1d floats', torch.randn(30))
add('wrap 1d ints', torch.arange(50))
add('wrap 1d int64 wide', torch.arange(30) * 123456789)
add('wrap 2d long rows', torch.randn(3, 25))
add('wrap 3d long rows', torch.randn(2, 2, 15, dtype=f64))
add('wrap sci', torch.randn(25) * 1e-6)
add('wrap bool', torch.arange(40) % 3 == 0)
add('wrap linewidth 40', torch.randn(20), opts=[{'linewidth': 40}])
add('wrap linewidth 120', torch.randn(40), opts=[{'linewidth': 120}])
add('wrap linewidth 120 2d', torch.randn(3, 20), opts=[{'linewidth': 120}])
add('wrap linewidth tiny', torch.randn(5), opts=[{'linewidth': 5}])
add('wrap wide numbers', T([123456.789, -98765.4321, 1.5] * 6, dtype=f64))
add('wrap exact fit', torch.arange(24, dtype=f32) + 0.5)

# ---------------------------------------------------------------- summarization
add('summarize 1d', torch.arange(2000.))
add('summarize 1d ints', torch.arange(1001))
add('threshold 1000 exact', torch.arange(1000))
add('summarize 2d', torch.arange(1200.).reshape(40, 30))
add('summarize 2d narrow', torch.arange(2002).reshape(1001, 2))
add('summarize 2d wide', torch.arange(2002).reshape(2, 1001))
add('summarize 3d', torch.randn(10, 10, 12))
add('summarize 4d', torch.arange(1296.).reshape(6, 6, 6, 6))
add('summarize 4d f64 small dims', torch.randn(3, 7, 8, 7, dtype=f64))
add('summarize bool', torch.arange(1500) % 2 == 0)
add('summarize formatter uses edges only', torch.cat([T([1., 2., 3.]), torch.full((1000,), 1e9), T([4., 5., 6.])]))
add('summarize nan in middle ignored', torch.cat([T([1.5]), torch.full((1000,), nan), T([2.5])]))
add('summarize int width from edges', torch.cat([T([1, 2, 3]), torch.full((1000,), 123456789), T([4, 5, 6])]))
add('threshold 5', torch.arange(10), opts=[{'threshold': 5}])
add('threshold 5 2d', torch.arange(12.).reshape(3, 4), opts=[{'threshold': 5}])
add('threshold 0', T([1., 2.]), opts=[{'threshold': 0}])
add('threshold 0 scalar', T(1.5), opts=[{'threshold': 0}])
add('edgeitems 1', torch.arange(2000), opts=[{'edgeitems': 1}])
add('edgeitems 1 3d', torch.arange(1331.).reshape(11, 11, 11), opts=[{'edgeitems': 1}])
add('edgeitems 2 4d', torch.randn(5, 5, 5, 10), opts=[{'edgeitems': 2}])
add('edgeitems 0 1d', torch.arange(10), opts=[{'threshold': 5, 'edgeitems': 0}])
add('edgeitems 0 2d errors', torch.arange(20.).reshape(4, 5), opts=[{'threshold': 5, 'edgeitems': 0}])
add('edgeitems 5 small dim', torch.arange(1100).reshape(11, 100), opts=[{'edgeitems': 5}])
add('edgeitems larger than dim', torch.arange(1050).reshape(3, 350), opts=[{'edgeitems': 2}])
add('summarize with grad', torch.arange(1500.), requires_grad=True)
add('summarize linewidth 40', torch.randn(2000), opts=[{'linewidth': 40}])

# ---------------------------------------------------------------- set_printoptions variations
x6 = T([3.14159265, -2.71828182, 1.41421356, 1000.5, 0.001])
for p in (0, 1, 2, 6, 8):
    add(f'precision {p}', x6, opts=[{'precision': p}])
    add(f'precision {p} f64', x6.double(), opts=[{'precision': p}])
    add(f'precision {p} sci', T([1.23456789e-7, 3.]), opts=[{'precision': p}])
add('precision 10 f64', T([1 / 3, 2 / 3], dtype=f64), opts=[{'precision': 10}])
add('sci_mode True', T([1.5, 2.25]), opts=[{'sci_mode': True}])
add('sci_mode True ints', T([1., 20.]), opts=[{'sci_mode': True}])
add('sci_mode True zeros', T([0., 0.]), opts=[{'sci_mode': True}])
add('sci_mode False tiny', T([1e-8, 1.]), opts=[{'sci_mode': False}])
add('sci_mode False huge ints', T([1e10, 1.]), opts=[{'sci_mode': False}])
add('sci_mode False huge f64', T([1e25, 1.], dtype=f64), opts=[{'sci_mode': False}])
add('sci_mode False huge fraction', T([1e25, 1.5]), opts=[{'sci_mode': False}])
add('sci_mode False int tensor', T([1, 2]), opts=[{'sci_mode': False}])
add('sci_mode reset by later call', T([1.5, 2.5]), opts=[{'sci_mode': True}, {'precision': 2}])
add('profile short', x6, opts=[{'profile': 'short'}])
add('profile short summarize', torch.arange(2000.), opts=[{'profile': 'short'}])
add('profile full', torch.arange(1200), opts=[{'profile': 'full'}])
add('profile full 2d', torch.arange(1100.).reshape(11, 100), opts=[{'profile': 'full'}])
add('profile default after changes', x6, opts=[{'precision': 1, 'linewidth': 30}, {'profile': 'default'}])
add('profile short with precision', x6, opts=[{'profile': 'short', 'precision': 5}])
add('profile full with sci', T([1e-6, 1.]), opts=[{'profile': 'full', 'sci_mode': False}])
add('linewidth 40 2d', torch.randn(4, 8), opts=[{'linewidth': 40}])
add('linewidth 120 3d', torch.randn(2, 3, 30), opts=[{'linewidth': 120}])
add('threshold + edgeitems + precision', torch.randn(30, 30), opts=[{'threshold': 50, 'edgeitems': 2, 'precision': 2}])

# ---------------------------------------------------------------- autograd suffixes
add('requires_grad scalar', T(2.), requires_grad=True)
add('requires_grad 1d', T([1., 2.]), requires_grad=True)
add('requires_grad 2d f64', T([[1., 2.], [3., 4.]], dtype=f64), requires_grad=True)
add('requires_grad f32 default f64', T([1.5]), requires_grad=True, default_dtype='float64')
for op in ('mul2', 'add1', 'sub1', 'div2', 'neg', 'pow2', 'sum', 'mean', 'view', 't', 'unsqueeze0', 'select0', 'clone'):
    add(f'grad_fn {op}', T([[1., 2.5], [-3., 4.]]), requires_grad=True, op=op)
    add(f'grad_fn {op} f64', T([[0.5, 2.], [3., -4.25]], dtype=f64), requires_grad=True, op=op)
add('grad_fn exp', T([0., 1., -1.]), requires_grad=True, op='exp')
add('grad_fn sum scalar', T([1., 2., 3.]), requires_grad=True, op='sum')
add('grad_fn long line wraps suffix', torch.arange(20.) * 0.75 + 50, requires_grad=True, op='mul2')
add('grad_fn short last line', torch.arange(19.) + 0.5, requires_grad=True, op='mul2')
add('grad_fn suffix fits', torch.arange(10.) + 0.25, requires_grad=True, op='add1')
add('requires_grad suffix wraps', torch.arange(20.) * 1.5 + 100, requires_grad=True)
add('grad_fn and dtype both wrap', torch.arange(11., dtype=f64) * 1000 + 0.5, requires_grad=True, op='mul2')
add('dtype suffix wraps', torch.arange(11., dtype=f64) * 1000 + 0.5)
add('dtype and grad_fn f64 2d', torch.randn(3, 4, dtype=f64), requires_grad=True, op='mul2')
add('grad_fn linewidth 40', T([1.5, 2.5, 3.5, 4.5]), requires_grad=True, op='mul2', opts=[{'linewidth': 40}])
add('grad_fn summarized', torch.arange(2000.), requires_grad=True, op='mul2')
add('grad_fn empty', torch.zeros(0, 2), requires_grad=True, op='mul2')
add('grad_fn scalar sum wraps never', T([1e-8, 2e-8]), requires_grad=True, op='sum')

# ---------------------------------------------------------------- dtype suffix, default dtype
add('dtype suffix f64', T([1., 2.], dtype=f64))
add('dtype suffix int32', T([1, 2], dtype=i32))
add('no dtype suffix int64', T([1, 2]))
add('no dtype suffix bool', T([True]))
add('dtype suffix f64 scalar', T(1.5, dtype=f64))
add('default f64: f64 no suffix', T([1.5, 2.]), default_dtype='float64')
add('default f64: f32 suffix', T([1.5, 2.], dtype=f32), default_dtype='float64')
add('default f64: f32 scalar', T(1.5, dtype=f32), default_dtype='float64')
add('default f64: int32', T([1, 2], dtype=i32), default_dtype='float64')
add('default f64: int64', T([1, 2]), default_dtype='float64')
add('default f64: bool', T([True, False]), default_dtype='float64')
add('default f64: empty f64', torch.zeros(0, dtype=f64), default_dtype='float64')
add('default f64: empty int64', torch.zeros(0, dtype=i64), default_dtype='float64')
add('default f64: grad_fn f32', T([1., 2.], dtype=f32), default_dtype='float64', requires_grad=True, op='mul2')

# ---------------------------------------------------------------- random sweep
for i in range(30):
    dt = (f32, f64)[i % 2]
    nd = 1 + i % 4
    shape = [int(s) for s in torch.randint(1, 5, (nd,))]
    scale = 10.0 ** float(torch.randint(-6, 9, ()).item())
    x = torch.randn(shape, dtype=dt) * scale
    if i % 5 == 0:
        x = x.round()
    add(f'random {i}', x, opts=[{'precision': int(torch.randint(0, 7, ()).item())}] if i % 3 == 0 else [])

dump('print', cases)
