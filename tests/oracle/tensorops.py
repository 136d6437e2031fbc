"""Oracle for src/ops/tensorops.ts, scatter_reduce.ts, tensorops_nn.ts and src/nn/tensorops.ts:
aminmax, mode, quantile / nanquantile, unique_consecutive, scatter_reduce, index_reduce,
select/slice/diagonal_scatter, empty_strided, chain_matmul, narrow_copy, histogram, F.rms_norm,
F.rrelu, F.gumbel_softmax, pdist, F.triplet_margin_with_distance_loss (values, gradients, dtypes,
seeded random streams, PyTorch's error texts), and the modules / init / flags
(tensorops_misc.json: reprs, seeded LazyLinear and trunc_normal_ values).

F.rms_norm is PyTorch 2.4's (not in Debian's 1.13): it is defined here as ATen writes it
(aten/src/ATen/native/layer_norm.cpp rms_norm: rsqrt(pow(x, 2).mean(dims, keepdim) + eps), then
x * that, type_as, times weight), and the cases record what those same ops give in 1.13.

    /usr/bin/python3 tests/oracle/tensorops.py  ->  tests/fixtures/tensorops.json, tensorops_misc.json
"""
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F

from cases import T, run
from common import dump, enc, error_text, vals

warnings.simplefilter('ignore')


def rms_norm(input, normalized_shape, weight=None, eps=None):
    dims = tuple(range(input.dim() - len(normalized_shape), input.dim()))
    e = torch.finfo(input.dtype).eps if eps is None else eps
    r = torch.rsqrt(input.pow(2).mean(dims, keepdim=True).add(e))
    out = input.mul(r).type_as(input)
    if weight is not None:
        out = out.mul(weight).type_as(out)
    return out


F.rms_norm = rms_norm

cases = []


def add(*a, **k):
    cases.append(run(*a, **k))


def seeded(seed, *a, **k):
    torch.manual_seed(seed)
    c = run(*a, **k)
    c['seed'] = seed
    cases.append(c)


x34 = vals([3, 4])
x34f = vals([3, 4], dtype=torch.float32)
ints = torch.tensor([[1, 2, 2, 3, 3], [4, 4, 5, 5, 6], [7, 7, 7, 1, 1]])

# ---------------------------------------------------------------- aminmax
add('aminmax', 'torch.aminmax', [x34f])
add('aminmax dim=1', 'torch.aminmax', [x34f], {'dim': 1})
add('aminmax dim=0 keepdim', 'torch.aminmax', [x34], {'dim': 0, 'keepdim': True})
add('aminmax dim=None keepdim', 'torch.aminmax', [x34], {'keepdim': True})
add('aminmax int64', 'torch.aminmax', [ints], {'dim': -1})
add('aminmax method', '.aminmax', [ints])
add('aminmax empty', 'torch.aminmax', [torch.zeros(0)])
add('aminmax empty dim', 'torch.aminmax', [torch.zeros(2, 0)], {'dim': 1})

# ---------------------------------------------------------------- mode
add('mode int dim=1', 'torch.mode', [ints, 1])
add('mode int dim=0', 'torch.mode', [ints, 0])
add('mode keepdim', 'torch.mode', [ints, -1, True])
add('mode float', 'torch.mode', [torch.tensor([[0.5, 1.5, 0.5, 2.5], [3.0, 3.0, 1.0, 1.0]])])
add('mode default dim', '.mode', [torch.tensor([3, 1, 3, 1, 2])])
add('mode 0-d', 'torch.mode', [torch.tensor(4.0)])
torch.manual_seed(0)
for n in (17, 20, 33, 64, 100, 300):
    add(f'mode ties n={n}', 'torch.mode', [torch.randint(0, 4, (6, n)), 1])
add('mode ties float dim=0 n=40', 'torch.mode', [torch.randint(0, 3, (40, 3)).double(), 0])
add('mode empty', 'torch.mode', [torch.zeros(2, 0), 1])

# ---------------------------------------------------------------- quantile, nanquantile
x35 = vals([3, 5], salt=2)
for interp in ('linear', 'lower', 'higher', 'midpoint', 'nearest'):
    add(f'quantile {interp} q=0.3 dim=1', 'torch.quantile', [T(x35, rg=True), 0.3, 1], {'interpolation': interp})
    add(f'quantile {interp} q tensor', 'torch.quantile',
        [T(x35, rg=True), torch.tensor([0.1, 0.5, 0.75], dtype=torch.float64)], {'interpolation': interp})
    add(f'quantile {interp} float32 dim=0', 'torch.quantile',
        [vals([4, 3], salt=3, dtype=torch.float32), 0.6, 0], {'interpolation': interp})
add('quantile all', 'torch.quantile', [T(x35, rg=True), 0.5])
add('quantile keepdim', 'torch.quantile', [x35, 0.25, 1, True])
add('quantile keepdim q tensor', 'torch.quantile', [x35, torch.tensor([0.2, 0.8], dtype=torch.float64), 0, True])
add('quantile dim=None keepdim', 'torch.quantile', [x35, 0.5], {'dim': None, 'keepdim': True})
add('quantile 0-d q tensor', 'torch.quantile', [x35, torch.tensor(0.4, dtype=torch.float64)], {'dim': -1})
add('quantile method', '.quantile', [x35, 0.9, -1])
add('quantile 1-d', 'torch.quantile', [torch.tensor([1.0, 7.0, 3.0, 4.0]), 0.5])
nanx = torch.tensor([[1.0, float('nan'), 3.0, 2.0], [4.0, 5.0, 0.5, 1.0], [float('nan')] * 4])
for q in (0.0, 0.35, 1.0):
    add(f'quantile nan q={q}', 'torch.quantile', [nanx, q if q not in (0.0, 1.0) else torch.tensor(q), 1])
    add(f'nanquantile nan q={q}', 'torch.nanquantile', [nanx, q if q not in (0.0, 1.0) else torch.tensor(q), 1])
add('nanquantile all', 'torch.nanquantile', [nanx, 0.5])
add('nanquantile grad', 'torch.nanquantile', [T(x35, rg=True), 0.7, 0], {'interpolation': 'midpoint'})
add('quantile q > 1', 'torch.quantile', [x35, 1.5])
add('quantile q tensor > 1', 'torch.quantile', [x35, torch.tensor([0.5, 1.5], dtype=torch.float64)])
add('quantile int input', 'torch.quantile', [ints, 0.5])
add('quantile q dtype', 'torch.quantile', [x35, torch.tensor([0.5])])
add('quantile q 2-d', 'torch.quantile', [x35, torch.tensor([[0.5]], dtype=torch.float64)])
add('quantile empty', 'torch.quantile', [torch.zeros(0), 0.5])
add('quantile bad interpolation', 'torch.quantile', [x35, 0.5], {'interpolation': 'cubic'})
add('nanquantile q > 1', 'torch.nanquantile', [x35, 2.5])

# ---------------------------------------------------------------- unique_consecutive
seq = torch.tensor([1, 1, 2, 2, 3, 1, 1, 2])
add('unique_consecutive', 'torch.unique_consecutive', [seq])
add('unique_consecutive inverse', 'torch.unique_consecutive', [seq], {'return_inverse': True})
add('unique_consecutive counts', 'torch.unique_consecutive', [seq], {'return_counts': True})
add('unique_consecutive both', 'torch.unique_consecutive', [seq, True, True])
add('unique_consecutive 2-d flat', 'torch.unique_consecutive',
    [torch.tensor([[1.0, 1.0], [2.0, 1.0]])], {'return_inverse': True})
m = torch.tensor([[1, 1, 2, 2, 1], [3, 3, 4, 4, 3]])
add('unique_consecutive dim=1', 'torch.unique_consecutive', [m], {'dim': 1, 'return_inverse': True, 'return_counts': True})
add('unique_consecutive dim=0', 'torch.unique_consecutive',
    [torch.tensor([[1, 2], [1, 2], [3, 4], [1, 2]])], {'dim': 0, 'return_counts': True})
add('unique_consecutive method', '.unique_consecutive', [seq])

# ---------------------------------------------------------------- scatter_reduce
idx = torch.tensor([[0, 1, 2, 0], [0, 2, 2, 1]])
src = vals([2, 4], salt=1)
src_zero = torch.tensor([[0.0, 1.5, -0.5, 2.0], [0.75, 0.0, 1.25, -1.0]], dtype=torch.float64)
for red in ('sum', 'prod', 'mean', 'amax', 'amin'):
    for inc in (True, False):
        add(f'scatter_reduce {red} include_self={inc}', 'torch.scatter_reduce',
            [T(x34, rg=True), 0, idx, T(src, rg=True), red], {'include_self': inc})
    add(f'scatter_reduce {red} float32 dim=1', '.scatter_reduce',
        [x34f, 1, torch.tensor([[0, 0], [3, 1], [2, 2]]), vals([3, 2], salt=4, dtype=torch.float32), red])
    add(f'scatter_reduce {red} int64', '.scatter_reduce',
        [torch.tensor([[1, 2, 3], [4, 5, 6]]), 1, torch.tensor([[0, 0, 2], [1, 1, 1]]),
         torch.tensor([[7, 8, 9], [10, 11, 13]]), red], {'include_self': False})
add('scatter_reduce prod zeros grad', 'torch.scatter_reduce', [T(x34, rg=True), 0, idx, T(src_zero, rg=True), 'prod'])
add('scatter_reduce amax ties', 'torch.scatter_reduce',
    [T(torch.tensor([[1.0, 2.0], [0.0, 0.0]], dtype=torch.float64), rg=True), 0, torch.tensor([[0, 0], [0, 0]]),
     T(torch.tensor([[1.0, 2.0], [1.0, 1.0]], dtype=torch.float64), rg=True), 'amax'])
add('scatter_reduce src larger', 'torch.scatter_reduce',
    [x34, 0, torch.tensor([[0, 1], [2, 2]]), vals([3, 4], salt=5), 'sum'])
add('scatter_reduce_ in place', '.scatter_reduce_',
    [T(x34, rg=True, nonleaf=True), 0, idx, T(src, rg=True), 'mean'], {'include_self': False})
add('scatter_reduce bad reduce', 'torch.scatter_reduce', [x34, 0, idx, src, 'max'])
add('scatter_reduce index dtype', 'torch.scatter_reduce', [x34, 0, idx.int(), src, 'sum'])
add('scatter_reduce src dtype', 'torch.scatter_reduce', [x34, 0, idx, src.float(), 'sum'])
add('scatter_reduce index too big', 'torch.scatter_reduce', [x34, 0, torch.zeros(2, 5, dtype=torch.long), src, 'sum'])
add('scatter_reduce index dims', 'torch.scatter_reduce', [x34, 0, torch.zeros(4, dtype=torch.long), src, 'sum'])

# ---------------------------------------------------------------- index_reduce
iidx = torch.tensor([0, 3, 0])
isrc = vals([3, 3], salt=6)
for red in ('prod', 'mean', 'amax', 'amin'):
    for inc in (True, False):
        add(f'index_reduce {red} include_self={inc}', 'torch.index_reduce',
            [T(x34, rg=True), 1, iidx, T(isrc, rg=True), red], {'include_self': inc})
    add(f'index_reduce {red} dim=0 float32', '.index_reduce',
        [x34f, 0, torch.tensor([2, 2, 0, 1]), vals([4, 4], salt=7, dtype=torch.float32), red])
add('index_reduce_ in place', '.index_reduce_', [T(x34, nonleaf=True, rg=True), 1, iidx, T(isrc, rg=True), 'amin'])
add('index_reduce sum', 'torch.index_reduce', [x34, 1, iidx, isrc, 'sum'])
add('index_reduce count', 'torch.index_reduce', [x34, 1, torch.tensor([0, 1]), isrc, 'mean'])

# ---------------------------------------------------------------- select/slice/diagonal_scatter
add('select_scatter', 'torch.select_scatter', [T(x34, rg=True), T(vals([4], salt=1), rg=True), 0, 1])
add('select_scatter dim=1 negative index', 'torch.select_scatter', [T(x34, rg=True), T(vals([3], salt=1), rg=True), 1, -1])
add('select_scatter method', '.select_scatter', [x34f, vals([3], dtype=torch.float32), 1, 0])
add('select_scatter wrong shape', 'torch.select_scatter', [x34, vals([3]), 0, 0])
add('slice_scatter', 'torch.slice_scatter', [T(x34, rg=True), T(vals([2, 4], salt=1), rg=True), 0, 1, 3, 1])
add('slice_scatter dim=1 step', 'torch.slice_scatter',
    [T(x34, rg=True), T(vals([3, 2], salt=1), rg=True), 1, 0, 4, 2])
add('slice_scatter negative', 'torch.slice_scatter', [x34, vals([3, 1], salt=1), 1, -2, -1])
add('slice_scatter wrong shape', 'torch.slice_scatter', [x34, vals([2, 4]), 0, 0, 1, 1])
add('diagonal_scatter', 'torch.diagonal_scatter', [T(x34, rg=True), T(vals([3], salt=1), rg=True)])
add('diagonal_scatter offset', 'torch.diagonal_scatter', [T(x34, rg=True), T(vals([3], salt=1), rg=True), 1])
add('diagonal_scatter offset -1', 'torch.diagonal_scatter', [x34, vals([2], salt=1), -1])
add('diagonal_scatter 3-d', 'torch.diagonal_scatter', [vals([2, 3, 3]), vals([3, 2], salt=1), 0, 0, 1])
add('diagonal_scatter wrong shape', 'torch.diagonal_scatter', [x34, vals([4])])

# ---------------------------------------------------------------- empty_strided, chain_matmul, narrow_copy
add('empty_strided', 'torch.empty_strided', [[2, 3], [1, 2]], values=False)
add('empty_strided float64', 'torch.empty_strided', [[2, 3], [3, 1]], {'dtype': torch.float64}, values=False)
add('empty_strided mismatch', 'torch.empty_strided', [[2, 3], [1]])
add('empty_strided negative stride', 'torch.empty_strided', [[2, 3], [1, -2]])
add('new_empty_strided', '.new_empty_strided', [ints, [2, 2], [2, 1]], values=False)
add('chain_matmul 3', 'torch.chain_matmul',
    [T(vals([2, 3]), rg=True), T(vals([3, 4], salt=1), rg=True), T(vals([4, 2], salt=2), rg=True)])
add('chain_matmul 2 float32', 'torch.chain_matmul', [x34f, vals([4, 2], dtype=torch.float32)])
add('chain_matmul 1', 'torch.chain_matmul', [x34])
add('chain_matmul none', 'torch.chain_matmul', [])
add('chain_matmul 1-d', 'torch.chain_matmul', [x34, vals([4])])
add('narrow_copy', 'torch.narrow_copy', [x34, 1, 1, 2])
add('narrow_copy method', '.narrow_copy', [ints, 0, -2, 2])

# ---------------------------------------------------------------- histogram
hx = vals([10], salt=8)
hxf = vals([3, 4], salt=9, dtype=torch.float32)
add('histogram bins=4', 'torch.histogram', [hx, 4])
add('histogram default bins float32', 'torch.histogram', [hxf])
add('histogram bins=5 float32', 'torch.histogram', [hxf, 5])
add('histogram range', 'torch.histogram', [hx, 3], {'range': [-1.25, 1.5]})
add('histogram weight density', 'torch.histogram', [hx, 4], {'weight': vals([10], salt=10).abs(), 'density': True})
add('histogram tensor bins', 'torch.histogram', [hx, torch.tensor([-2.0, -0.5, 0.0, 0.25, 3.0], dtype=torch.float64)])
add('histogram tensor bins density', 'torch.histogram',
    [hxf, torch.tensor([-1.0, 0.0, 1.0, 1.5])], {'density': True})
add('histogram single value', 'torch.histogram', [torch.tensor([2.0, 2.0, 2.0]), 2])
add('histogram method', '.histogram', [hx, 2])
add('histogram int', 'torch.histogram', [ints, 3])
add('histogram bins=0', 'torch.histogram', [hx, 0])
add('histogram range reversed', 'torch.histogram', [hx, 3], {'range': [2.5, 1.5]})
add('histogram bins dtype', 'torch.histogram', [hxf, torch.tensor([0.0, 1.0], dtype=torch.float64)])
add('histogram bins 2-d', 'torch.histogram', [hx, torch.tensor([[0.0, 1.0]], dtype=torch.float64)])
add('histogram weight dtype', 'torch.histogram', [hxf, 3], {'weight': vals([3, 4])})

# ---------------------------------------------------------------- F.rms_norm (PyTorch 2.4, defined above)
add('rms_norm', 'F.rms_norm', [T(x34, rg=True), [4]])
add('rms_norm weight', 'F.rms_norm', [T(x34, rg=True), [4], T(vals([4], salt=1), rg=True)])
add('rms_norm eps float32', 'F.rms_norm', [T(x34f, rg=True), [4]], {'eps': 0.001})
add('rms_norm default eps float32', 'F.rms_norm', [T(vals([2, 3, 4], salt=3, dtype=torch.float32), rg=True), [3, 4]])

# ---------------------------------------------------------------- F.rrelu
add('rrelu eval', 'F.rrelu', [T(x34, rg=True)])
add('rrelu eval bounds', 'F.rrelu', [T(x34f, rg=True), 0.2, 0.4])
seeded(0, 'rrelu training', 'F.rrelu', [T(x34, rg=True)], {'training': True})
seeded(1, 'rrelu training float32', 'F.rrelu', [T(vals([5, 6], salt=2, dtype=torch.float32), rg=True), 0.1, 0.6, True])
seeded(2, 'rrelu_ training', 'F.rrelu_', [T(x34, nonleaf=True), 0.1, 0.3, True])
seeded(3, 'rrelu_ training grad', 'F.rrelu_', [T(x34, nonleaf=True, rg=True), 0.1, 0.3, True])
add('rrelu inplace eval grad', 'F.rrelu', [T(x34f, nonleaf=True, rg=True)], {'inplace': True})
add('rrelu_ leaf', 'F.rrelu_', [T(x34, rg=True)])
add('rrelu int', 'F.rrelu', [ints])
seeded(6, 'torch.rrelu training', 'torch.rrelu', [T(x34f, rg=True), 0.05, 0.25, True])
add('torch.rrelu eval', 'torch.rrelu', [T(x34, rg=True)])
seeded(8, 'torch.rrelu_ training', 'torch.rrelu_', [T(x34, nonleaf=True), 0.1, 0.2, True])

# ---------------------------------------------------------------- F.gumbel_softmax
seeded(0, 'gumbel_softmax', 'F.gumbel_softmax', [T(x34f, rg=True)])
seeded(3, 'gumbel_softmax tau dim=0 float64', 'F.gumbel_softmax', [T(x34, rg=True)], {'tau': 0.5, 'dim': 0})
seeded(4, 'gumbel_softmax hard', 'F.gumbel_softmax', [T(vals([4, 5], salt=5, dtype=torch.float32), rg=True)],
       {'hard': True})

# ---------------------------------------------------------------- pdist
px = vals([4, 3], salt=11)
for p in (2.0, 1.0, 0.0, 3.5, float('inf')):
    add(f'pdist p={p}', 'torch.pdist', [T(px, rg=True), p if p not in (2.0, 1.0, 0.0) else int(p)])
add('F.pdist default', 'F.pdist', [T(vals([5, 2], dtype=torch.float32), rg=True)])
add('pdist one row', 'torch.pdist', [vals([1, 3])])
add('pdist 1-d', 'torch.pdist', [vals([3])])
add('pdist int', 'torch.pdist', [ints])
add('pdist negative p', 'torch.pdist', [px, -1])

# ---------------------------------------------------------------- F.triplet_margin_with_distance_loss
an, po, ne = vals([3, 4]), vals([3, 4], salt=1), vals([3, 4], salt=2)
add('triplet_margin_with_distance_loss', 'F.triplet_margin_with_distance_loss',
    [T(an, rg=True), T(po, rg=True), T(ne, rg=True)])
add('triplet_margin_with_distance_loss swap sum', 'F.triplet_margin_with_distance_loss',
    [T(an, rg=True), T(po, rg=True), T(ne, rg=True)], {'swap': True, 'reduction': 'sum', 'margin': 2.5})
add('triplet_margin_with_distance_loss none', 'F.triplet_margin_with_distance_loss',
    [T(an, rg=True), T(po, rg=True), T(ne, rg=True)], {'reduction': 'none', 'margin': 0.5})
add('triplet_margin_with_distance_loss margin 0', 'F.triplet_margin_with_distance_loss', [an, po, ne], {'margin': 0})
add('triplet_margin_with_distance_loss dims', 'F.triplet_margin_with_distance_loss', [an, po, vals([4])])

dump('tensorops', cases)

# ---------------------------------------------------------------- modules, init, flags
misc = []


def rec(name, **kw):
    misc.append({'name': name, **kw})


rec('RReLU repr', repr=repr(nn.RReLU()))
rec('RReLU repr args', repr=repr(nn.RReLU(0.1, 0.3, inplace=True)))
rec('LeakyReLU-like TripletMarginWithDistanceLoss repr', repr=repr(nn.TripletMarginWithDistanceLoss()))
rec('TripletMarginWithDistanceLoss margin error',
    error=error_text(lambda: nn.TripletMarginWithDistanceLoss(margin=-1.0)))
rec('LazyLinear repr', repr=repr(nn.LazyLinear(3)))
rec('LazyLinear repr no bias', repr=repr(nn.LazyLinear(5, bias=False)))
torch.manual_seed(7)
lazy = nn.LazyLinear(3)
lx = vals([2, 4], salt=12, dtype=torch.float32)
ly = lazy(lx)
rec('LazyLinear first forward', seed=7, x=enc(lx), y=enc(ly), weight=enc(lazy.weight), bias=enc(lazy.bias),
    repr=repr(lazy), in_features=lazy.in_features)

torch.manual_seed(11)
rr = nn.RReLU(0.1, 0.5)
rx = vals([3, 5], salt=13, dtype=torch.float32)
rec('RReLU training', seed=11, x=enc(rx), y=enc(rr(rx)))
rr.eval()
rec('RReLU eval', x=enc(rx), y=enc(rr(rx)))

for (seed, shape, kw) in ((0, [3, 4], {}), (5, [20], {'mean': 1.0, 'std': 0.5, 'a': 0.0, 'b': 1.5}),
                          (9, [4, 4], {'a': -0.5, 'b': 0.5}), (2, [2, 3], {'mean': 0.0, 'std': 2.0})):
    torch.manual_seed(seed)
    t = torch.empty(shape)
    nn.init.trunc_normal_(t, **kw)
    rec(f'trunc_normal_ seed={seed} {kw}', seed=seed, shape=shape, kwargs=kw, out=enc(t))
torch.manual_seed(3)
t = torch.empty(3, 3, dtype=torch.float64)
nn.init.trunc_normal_(t, 0.5, 0.25, -0.25, 1.0)
rec('trunc_normal_ float64 positional', seed=3, shape=[3, 3], dtype='float64', args=[0.5, 0.25, -0.25, 1.0], out=enc(t))

rec('use_deterministic_algorithms default', value=torch.are_deterministic_algorithms_enabled())

dump('tensorops_misc', misc)
