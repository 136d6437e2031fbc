"""Oracle for the torch.nn.functional additions (declared beside their implementations in src/ops/activation.ts,
distance.ts, loss_composite.ts, resample.ts) and PyTorch's positional calls of the existing ones.

    /usr/bin/python3 tests/oracle/nnf.py  ->  tests/fixtures/nnf_functional.json  (op cases, tests/nnf.test.ts)

A case with 'seed' is run right after torch.manual_seed(seed) (the random dropout variants).
"""
import math

import torch
import torch.nn.functional as F

from cases import S, T, run
from common import dump

torch.set_default_dtype(torch.float32)
F32, F64, I64 = torch.float32, torch.float64, torch.int64


def vals(shape, lo=-2.0, hi=2.0, salt=0, dtype=F32):
    """Deterministic values spread over [lo, hi] (rounded, so float32 and float64 agree closely)."""
    n = math.prod(shape)
    out = []
    for i in range(n):
        u = abs(math.sin(12.9898 * (i + 1) + 78.233 * (salt + 1)) * 43758.5453) % 1
        out.append(round(lo + (hi - lo) * u, 4))
    return torch.tensor(out, dtype=torch.float64).reshape(shape).to(dtype)


ops = []


def add(*a, seed=None, **k):
    if seed is not None:
        torch.manual_seed(seed)
    case = run(*a, **k)
    if seed is not None:
        case['seed'] = seed
    ops.append(case)


x43 = vals([4, 3])
y43 = vals([4, 3], 0.0, 1.0, salt=2)
p43 = vals([4, 3], 0.05, 0.95, salt=1)
t4 = torch.tensor([0, 2, 1, 2])
w3 = torch.tensor([0.5, 2.0, 1.25])

# ---------------------------------------------------------------- positional options (issue 11)
add('cross_entropy weight positional', 'F.cross_entropy', [T(x43, rg=True), t4, w3])
add('cross_entropy all positional', 'F.cross_entropy', [T(x43, rg=True), t4, w3, None, 1, None, 'sum', S(0.2)])
add('nll_loss positional', 'F.nll_loss', [T(x43, rg=True), t4, w3, None, -100])
add('nll_loss positional ignore_index reduction', 'F.nll_loss', [T(x43, rg=True), t4, None, None, 1, None, 'sum'])
add('mse_loss positional reduction', 'F.mse_loss', [T(x43, rg=True), y43, None, None, 'sum'])
add('l1_loss positional reduction', 'F.l1_loss', [T(x43, rg=True), y43, None, None, 'none'])
add('binary_cross_entropy positional weight', 'F.binary_cross_entropy', [T(p43, rg=True), y43, w3])
add('bce_with_logits positional', 'F.binary_cross_entropy_with_logits',
    [T(x43, rg=True), y43, w3, None, None, 'sum', torch.tensor([1.5, 0.5, 3.0])])
add('mse_loss legacy size_average=False', 'F.mse_loss', [T(x43, rg=True), y43], {'size_average': False})
add('mse_loss legacy reduce=False', 'F.mse_loss', [T(x43, rg=True), y43], {'reduce': False})
add('nll_loss legacy positional size_average', 'F.nll_loss', [T(x43, rg=True), t4, None, False])
add('cross_entropy legacy reduce=False', 'F.cross_entropy', [T(x43, rg=True), t4], {'reduce': False})
add('softmax positional dtype', 'F.softmax', [T(x43, rg=True), 1, 3, F64])
add('log_softmax positional dtype', 'F.log_softmax', [T(x43, rg=True), 0, 3, F64])
add('max_pool2d positional', 'F.max_pool2d', [T(vals([1, 2, 5, 5]), rg=True), 3, 2, 1, 1, True])
add('max_pool2d return_indices', 'F.max_pool2d', [vals([2, 2, 4, 4]), 2], {'return_indices': True})
add('max_pool2d_with_indices', 'F.max_pool2d_with_indices', [vals([2, 6, 6]), 3, 2, 1])
add('avg_pool2d positional', 'F.avg_pool2d', [T(vals([1, 2, 5, 5]), rg=True), 3, 2, 1, True, False])
add('embedding positional', 'F.embedding', [torch.tensor([[0, 2], [1, 0]]), T(vals([3, 4]), rg=True), 0, None, 2,
                                              False, False])
add('silu inplace', 'F.silu', [T(x43, rg=True, nonleaf=True), True])
add('dropout positional not training', 'F.dropout', [T(x43, rg=True), S(0.5), False])

# ---------------------------------------------------------------- activations
kinks = torch.tensor([-25.0, -6.0, -3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0, 6.0, 25.0])
a35 = vals([3, 5], -4, 4)
for name in ['leaky_relu', 'elu', 'selu', 'celu', 'softplus', 'softsign', 'hardtanh', 'relu6', 'hardsigmoid',
             'hardswish', 'mish', 'logsigmoid', 'tanhshrink']:
    add(f'{name}', f'F.{name}', [T(a35, rg=True)])
    add(f'{name} kinks', f'F.{name}', [T(kinks, rg=True)])
    add(f'{name} float64', f'F.{name}', [T(a35.double(), rg=True)])
    add(f'{name} transposed', f'F.{name}', [T(a35.t().contiguous(), view=[['t']], rg=True)])
    if name not in ('softsign', 'logsigmoid', 'tanhshrink', 'softplus'):
        add(f'{name} inplace', f'F.{name}', [T(a35, rg=True, nonleaf=True)], {'inplace': True})
        add(f'{name} inplace leaf', f'F.{name}', [T(a35, rg=True)], {'inplace': True})
    if name not in ('hardtanh', 'relu6', 'softsign', 'tanhshrink'):
        add(f'{name} int64', f'F.{name}', [torch.arange(3)])
add('leaky_relu slope positional', 'F.leaky_relu', [T(a35, rg=True), S(0.2)])
add('leaky_relu negative_slope', 'F.leaky_relu', [T(kinks, rg=True)], {'negative_slope': S(-0.3)})
add('elu alpha positional', 'F.elu', [T(kinks, rg=True), S(0.5)])
add('celu alpha', 'F.celu', [T(kinks, rg=True)], {'alpha': S(2.5)})
add('celu alpha 0', 'F.celu', [a35, 0])
add('softplus beta threshold', 'F.softplus', [T(kinks, rg=True), 2, 5])
add('softplus beta float', 'F.softplus', [T(a35, rg=True)], {'beta': S(0.5), 'threshold': S(1.5)})
# beta 0: inf, with ATen's gradient z / (z + 1) = 1/2 (the composition gave NaN; differential fuzzer seeds
# 1103, 1105), and a negative beta.
add('softplus beta 0', 'F.softplus', [T(a35, rg=True)], {'beta': 0, 'threshold': S(2.25)})
add('softplus negative beta', 'F.softplus', [T(a35, rg=True), -1])
add('hardtanh bounds', 'F.hardtanh', [T(kinks, rg=True), S(-0.5), 3])
add('hardtanh min > max', 'F.hardtanh', [a35, S(2.5), S(1.5)])
add('hardtanh int64', 'F.hardtanh', [torch.arange(-3, 4)])
add('softmin', 'F.softmin', [T(x43, rg=True), 1])
add('softmin dim 0 dtype', 'F.softmin', [T(x43, rg=True), 0], {'dtype': F64})
add('softmin positional dtype', 'F.softmin', [T(x43, rg=True), 1, 3, F64])
add('glu', 'F.glu', [T(vals([3, 4]), rg=True)])
add('glu dim 0', 'F.glu', [T(vals([4, 3]), rg=True), 0])
add('glu odd', 'F.glu', [vals([3, 5])])
add('glu 0-d', 'F.glu', [torch.tensor(1.0)])
add('glu dim out of range', 'F.glu', [vals([3, 4]), 2])

add('threshold', 'F.threshold', [T(kinks, rg=True), S(0.5), S(-2.5)])
add('threshold inplace', 'F.threshold', [T(a35, rg=True, nonleaf=True), 1, 20, True])
add('hardshrink', 'F.hardshrink', [T(kinks, rg=True)])
add('hardshrink lambd', 'F.hardshrink', [T(a35, rg=True), S(1.5)])
add('softshrink', 'F.softshrink', [T(kinks, rg=True)])
add('softshrink lambd', 'F.softshrink', [T(a35, rg=True)], {'lambd': S(1.5)})
add('softshrink negative lambd', 'F.softshrink', [a35, S(-0.5)])
add('prelu one weight', 'F.prelu', [T(vals([2, 3, 4], -3, 3), rg=True), T(torch.tensor([0.25]), rg=True)])
add('prelu per channel', 'F.prelu', [T(vals([2, 3, 4], -3, 3), rg=True), T(torch.tensor([0.1, 0.2, -0.3]), rg=True)])
add('prelu 1-D', 'F.prelu', [T(vals([3], -3, 3), rg=True), T(torch.tensor([0.1, 0.2, -0.3]), rg=True)])
add('prelu mismatch', 'F.prelu', [vals([2, 3, 4]), torch.tensor([0.1, 0.2])])

# ---------------------------------------------------------------- conv1d, 1-D pooling, group_norm
x1d = vals([2, 4, 9], salt=20)
w1d = vals([6, 4, 3], -0.5, 0.5, salt=21)
add('conv1d', 'F.conv1d', [T(x1d, rg=True), T(w1d, rg=True), T(vals([6], salt=22), rg=True)])
add('conv1d stride padding dilation', 'F.conv1d', [T(x1d, rg=True), T(w1d, rg=True), None, 2, 1, 2])
add('conv1d groups', 'F.conv1d', [T(x1d, rg=True), T(vals([6, 2, 3], salt=23), rg=True)], {'groups': 2})
add('conv1d same', 'F.conv1d', [T(x1d, rg=True), T(w1d, rg=True)], {'padding': 'same'})
add('conv1d unbatched', 'F.conv1d', [T(x1d[0], rg=True), T(w1d, rg=True)])
add('conv1d 4-D', 'F.conv1d', [vals([1, 2, 4, 9]), w1d])
add('max_pool1d', 'F.max_pool1d', [T(x1d, rg=True), 2])
add('max_pool1d options', 'F.max_pool1d', [T(x1d, rg=True), 3, 2, 1, 1, True])
add('max_pool1d return_indices', 'F.max_pool1d', [x1d, 3], {'return_indices': True})
# Windows that do not fit (output length 0): ATen's own max_pool1d kernel (no gradient to take) returns an
# empty result; with indices or a gradient, max_pool2d's error (differential fuzzer seed 1115).
add('max_pool1d empty output', 'F.max_pool1d', [torch.ones(2, 3, 1), 3])
add('max_pool1d empty output return_indices', 'F.max_pool1d', [torch.ones(2, 3, 1), 3], {'return_indices': True})
add('max_pool1d empty output requires grad', 'F.max_pool1d', [T(torch.ones(2, 3, 1), rg=True), 3])
add('max_pool1d empty input', 'F.max_pool1d', [torch.ones(2, 3, 0), 1])
add('avg_pool1d', 'F.avg_pool1d', [T(x1d, rg=True), 3])
add('avg_pool1d options', 'F.avg_pool1d', [T(x1d, rg=True), 3, 2, 1, True, False])
add('adaptive_avg_pool1d', 'F.adaptive_avg_pool1d', [T(x1d, rg=True), 4])
add('adaptive_max_pool1d', 'F.adaptive_max_pool1d', [T(x1d, rg=True), 4])
add('adaptive_max_pool1d return_indices', 'F.adaptive_max_pool1d', [x1d, 4, True])
xg = vals([2, 6, 3, 2], salt=24)
add('group_norm', 'F.group_norm', [T(xg, rg=True), 3])
add('group_norm affine', 'F.group_norm', [T(xg, rg=True), 2, T(vals([6], 0.5, 1.5, salt=25), rg=True),
                                           T(vals([6], salt=26), rg=True)], {'eps': S(1e-3)})
add('group_norm 3-D', 'F.group_norm', [T(vals([2, 4, 5]), rg=True), 4])
add('group_norm not divisible', 'F.group_norm', [xg, 4])

# ---------------------------------------------------------------- pad
x234 = vals([1, 2, 3, 4], salt=3)
add('pad constant last dim', 'F.pad', [T(x234, rg=True), [1, 2]])
add('pad constant two dims value', 'F.pad', [T(x234, rg=True), [1, 0, 2, 1]], {'value': S(2.5)})
add('pad constant negative', 'F.pad', [T(x234, rg=True), [-1, 2, 0, -1]])
add('pad constant all dims', 'F.pad', [T(x234, rg=True), [1, 1, 1, 1, 1, 0, 0, 1]])
add('pad constant 1-D', 'F.pad', [T(vals([5]), rg=True), [2, 3], 'constant', S(-1.5)])
add('pad constant int64', 'F.pad', [torch.arange(6).view(2, 3), [1, 1]])
add('pad constant zero', 'F.pad', [T(x234, rg=True), [0, 0]])
for mode in ['reflect', 'replicate', 'circular']:
    add(f'pad {mode} 4-D', 'F.pad', [T(x234, rg=True), [2, 1, 1, 2], mode])
    add(f'pad {mode} 3-D', 'F.pad', [T(vals([2, 3, 4], salt=4), rg=True), [3, 1]], {'mode': mode})
    add(f'pad {mode} 3-D two dims', 'F.pad', [T(vals([2, 3, 4], salt=4), rg=True), [1, 1, 2, 0]], {'mode': mode})
    add(f'pad {mode} 2-D', 'F.pad', [T(vals([2, 5], salt=5), rg=True), [1, 2], mode])
    add(f'pad {mode} wrong length', 'F.pad', [x234, [1, 1], mode])
    add(f'pad {mode} too wide', 'F.pad', [x234, [5, 5, 1, 1], mode])
    add(f'pad {mode} value', 'F.pad', [x234, [1, 1, 1, 1], mode, S(1.5)])
add('pad reflect negative', 'F.pad', [T(x234, rg=True), [-1, 2, 0, 0], 'reflect'])
add('pad odd length', 'F.pad', [x234, [1, 1, 1]])
add('pad too long', 'F.pad', [x234, [1] * 10])
add('pad bad mode', 'F.pad', [x234, [1, 1], 'wrap'])
add('pad reflect at size', 'F.pad', [x234, [4, 0, 0, 0], 'reflect'])
add('pad reflect int64', 'F.pad', [torch.arange(6).view(1, 2, 3), [1, 1], 'reflect'])

# ---------------------------------------------------------------- distances, encodings
add('normalize', 'F.normalize', [T(x43, rg=True)])
add('normalize p=1 dim=0', 'F.normalize', [T(x43, rg=True), 1, 0])
add('normalize zero row', 'F.normalize', [T(torch.tensor([[0.0, 0.0], [3.0, 4.0]]), rg=True)], {'eps': S(1e-6)})
add('normalize 3-D', 'F.normalize', [T(vals([2, 3, 4]), rg=True)], {'dim': -1})
add('cosine_similarity', 'F.cosine_similarity', [T(x43, rg=True), T(y43, rg=True)])
add('cosine_similarity dim 0', 'F.cosine_similarity', [T(x43, rg=True), T(y43, rg=True), 0])
add('cosine_similarity broadcast', 'F.cosine_similarity', [T(x43, rg=True), T(vals([1, 3], salt=6), rg=True)], {'dim': 1})
add('cosine_similarity float64', 'F.cosine_similarity', [T(x43.double(), rg=True), y43.double(), -1, S(1e-6)])
add('cosine_similarity int', 'F.cosine_similarity', [torch.arange(6).view(2, 3), torch.arange(6).view(2, 3)])
add('pairwise_distance', 'F.pairwise_distance', [T(x43, rg=True), T(y43, rg=True)])
add('pairwise_distance p=1 keepdim', 'F.pairwise_distance', [T(x43, rg=True), y43, 1, S(1e-6), True])
add('pairwise_distance broadcast', 'F.pairwise_distance', [T(x43, rg=True), T(vals([3], salt=7), rg=True)], {'p': 3})
add('one_hot', 'F.one_hot', [torch.tensor([0, 2, 1, 2])])
add('one_hot num_classes', 'F.one_hot', [torch.tensor([[0, 2], [1, 0]]), 4])
add('one_hot too small', 'F.one_hot', [torch.tensor([0, 3]), 3])
add('one_hot negative', 'F.one_hot', [torch.tensor([0, -1])])
add('one_hot float', 'F.one_hot', [torch.tensor([0.0, 1.0])])
add('one_hot empty', 'F.one_hot', [torch.zeros(0, dtype=I64)])
add('one_hot empty num_classes', 'F.one_hot', [torch.zeros(2, 0, dtype=I64)], {'num_classes': 3})

# ---------------------------------------------------------------- losses
for red in ['mean', 'sum', 'none']:
    add(f'smooth_l1_loss {red}', 'F.smooth_l1_loss', [T(x43, rg=True), T(y43, rg=True)], {'reduction': red})
    add(f'smooth_l1_loss beta {red}', 'F.smooth_l1_loss', [T(x43, rg=True), y43], {'reduction': red, 'beta': S(0.5)})
    add(f'huber_loss {red}', 'F.huber_loss', [T(x43, rg=True), T(y43, rg=True)], {'reduction': red})
    add(f'huber_loss delta {red}', 'F.huber_loss', [T(x43, rg=True), y43, red, S(0.5)])
    add(f'soft_margin_loss {red}', 'F.soft_margin_loss', [T(x43, rg=True), torch.tensor([[1.0, -1.0, 1.0]] * 4)],
        {'reduction': red})
for red in ['mean', 'batchmean', 'sum', 'none']:
    add(f'kl_div {red}', 'F.kl_div', [T(x43.log_softmax(1), rg=True), T(y43, rg=True)], {'reduction': red})
    add(f'kl_div log_target {red}', 'F.kl_div', [T(x43.log_softmax(1), rg=True), T(p43.log(), rg=True)],
        {'reduction': red, 'log_target': True})
add('kl_div zero target', 'F.kl_div', [T(x43.log_softmax(1), rg=True), torch.tensor([[0.0, 0.5, 0.5]] * 4)],
    {'reduction': 'batchmean'})
add('kl_div legacy size_average', 'F.kl_div', [T(x43, rg=True), y43, False])
add('kl_div bad reduction', 'F.kl_div', [x43, y43], {'reduction': 'avg'})
add('smooth_l1_loss beta 0', 'F.smooth_l1_loss', [T(x43, rg=True), y43], {'beta': 0})
add('smooth_l1_loss negative beta', 'F.smooth_l1_loss', [x43, y43], {'beta': -1})
add('smooth_l1_loss positional', 'F.smooth_l1_loss', [T(x43, rg=True), y43, None, None, 'sum', S(0.25)])
add('smooth_l1_loss broadcast', 'F.smooth_l1_loss', [T(x43, rg=True), T(vals([3], salt=5), rg=True)])
add('smooth_l1_loss int64', 'F.smooth_l1_loss', [torch.arange(3), torch.arange(3)])
add('huber_loss zero delta', 'F.huber_loss', [x43, y43], {'delta': 0})
add('huber_loss bad reduction', 'F.huber_loss', [x43, y43, 'avg'])
add('soft_margin_loss target requires grad', 'F.soft_margin_loss', [x43, T(y43, rg=True)])
add('soft_margin_loss legacy', 'F.soft_margin_loss', [T(x43, rg=True), y43, None, False])
# A float64 target: ATen rounds the product to input's dtype before exp and log1p.
add('soft_margin_loss float64 target', 'F.soft_margin_loss', [T(x43, rg=True), vals([4, 3], salt=9, dtype=torch.float64)],
    {'reduction': 'none'})

# ---------------------------------------------------------------- adaptive pooling
x1 = vals([2, 3, 5, 7], salt=8)
add('adaptive_avg_pool2d 1', 'F.adaptive_avg_pool2d', [T(x1, rg=True), 1])
add('adaptive_avg_pool2d 3', 'F.adaptive_avg_pool2d', [T(x1, rg=True), 3])
add('adaptive_avg_pool2d (2, 4)', 'F.adaptive_avg_pool2d', [T(x1, rg=True), [2, 4]])
add('adaptive_avg_pool2d (None, 3)', 'F.adaptive_avg_pool2d', [T(x1, rg=True), [None, 3]])
add('adaptive_avg_pool2d larger', 'F.adaptive_avg_pool2d', [T(vals([1, 2, 3, 3]), rg=True), [4, 5]])
add('adaptive_avg_pool2d 3-D', 'F.adaptive_avg_pool2d', [T(vals([3, 6, 6]), rg=True), 2])
add('adaptive_avg_pool2d 2-D', 'F.adaptive_avg_pool2d', [vals([6, 6]), 2])
add('adaptive_avg_pool2d bad size', 'F.adaptive_avg_pool2d', [x1, [1, 2, 3]])
add('adaptive_avg_pool2d int64', 'F.adaptive_avg_pool2d', [torch.arange(16).view(1, 1, 4, 4), 2])
add('adaptive_max_pool2d', 'F.adaptive_max_pool2d', [T(x1, rg=True), 3])
add('adaptive_max_pool2d (2, 4)', 'F.adaptive_max_pool2d', [T(x1, rg=True), [2, 4]])
add('adaptive_max_pool2d 3-D', 'F.adaptive_max_pool2d', [T(vals([3, 6, 6]), rg=True), [None, 4]])
add('adaptive_max_pool2d return_indices', 'F.adaptive_max_pool2d', [x1, [3, 2], True])
add('adaptive_max_pool2d ties', 'F.adaptive_max_pool2d', [T(torch.ones(1, 1, 4, 4), rg=True), 2])

# ---------------------------------------------------------------- interpolate
xi = vals([1, 2, 3, 4], salt=9)
add('interpolate nearest scale 2', 'F.interpolate', [T(xi, rg=True)], {'scale_factor': 2})
add('interpolate nearest size', 'F.interpolate', [T(xi, rg=True)], {'size': [5, 7]})
add('interpolate nearest scale 1.5', 'F.interpolate', [T(xi, rg=True), None, S(1.5)])
add('interpolate nearest downsample', 'F.interpolate', [T(vals([1, 1, 6, 7]), rg=True)], {'size': [4, 3]})
add('interpolate nearest-exact', 'F.interpolate', [T(xi, rg=True)], {'size': [5, 7], 'mode': 'nearest-exact'})
add('interpolate nearest 3-D', 'F.interpolate', [T(vals([2, 3, 5]), rg=True)], {'scale_factor': S(2.5)})
for ac in [False, True]:
    add(f'interpolate bilinear scale 2 align_corners={ac}', 'F.interpolate', [T(xi, rg=True)],
        {'scale_factor': 2, 'mode': 'bilinear', 'align_corners': ac})
    add(f'interpolate bilinear size align_corners={ac}', 'F.interpolate', [T(xi, rg=True)],
        {'size': [5, 7], 'mode': 'bilinear', 'align_corners': ac})
    add(f'interpolate bilinear downsample align_corners={ac}', 'F.interpolate', [T(vals([1, 2, 7, 9]), rg=True)],
        {'size': [3, 4], 'mode': 'bilinear', 'align_corners': ac})
    add(f'interpolate linear align_corners={ac}', 'F.interpolate', [T(vals([2, 3, 5]), rg=True)],
        {'size': 8, 'mode': 'linear', 'align_corners': ac})
add('interpolate bilinear scale 1.7', 'F.interpolate', [T(xi, rg=True)], {'scale_factor': [S(1.7), S(2.3)], 'mode': 'bilinear'})
add('interpolate bilinear recompute', 'F.interpolate', [T(xi, rg=True)],
    {'scale_factor': S(1.7), 'mode': 'bilinear', 'recompute_scale_factor': True})
add('interpolate bilinear float64', 'F.interpolate', [T(xi.double(), rg=True)], {'size': [4, 6], 'mode': 'bilinear'})
add('interpolate area', 'F.interpolate', [T(vals([1, 2, 6, 7]), rg=True)], {'size': [3, 4], 'mode': 'area'})
add('interpolate area scale', 'F.interpolate', [T(vals([1, 2, 6, 7]), rg=True)], {'scale_factor': S(0.5), 'mode': 'area'})
add('interpolate no size', 'F.interpolate', [xi])
add('interpolate size and scale', 'F.interpolate', [xi, 4, 2])
add('interpolate align_corners nearest', 'F.interpolate', [xi], {'size': 4, 'align_corners': True})
add('interpolate size length', 'F.interpolate', [xi], {'size': [4, 5, 6]})
add('interpolate scale length', 'F.interpolate', [xi], {'scale_factor': [2, 2, 2]})
add('interpolate recompute with size', 'F.interpolate', [xi], {'size': 4, 'recompute_scale_factor': True})
add('interpolate bilinear 3-D', 'F.interpolate', [vals([2, 3, 5])], {'size': 4, 'mode': 'bilinear'})
add('interpolate linear 4-D', 'F.interpolate', [xi], {'size': 4, 'mode': 'linear'})
add('interpolate 2-D', 'F.interpolate', [vals([3, 4])], {'size': 4})
add('interpolate zero size', 'F.interpolate', [xi], {'scale_factor': S(0.2)})
add('interpolate bilinear int64', 'F.interpolate', [torch.arange(4).view(1, 1, 2, 2)], {'scale_factor': 2, 'mode': 'bilinear'})
add('upsample', 'F.upsample', [T(xi, rg=True)], {'scale_factor': 2, 'mode': 'bilinear', 'align_corners': True})

add('upsample_nearest', 'F.upsample_nearest', [T(xi, rg=True)], {'scale_factor': 2})
add('upsample_bilinear', 'F.upsample_bilinear', [T(xi, rg=True), [5, 6]])

# ---------------------------------------------------------------- unfold, fold
xu = vals([2, 3, 5, 6], salt=14)
add('unfold', 'F.unfold', [T(xu, rg=True), 2])
add('unfold all options', 'F.unfold', [T(xu, rg=True), [2, 3], 2, 1, [2, 1]])
add('unfold 3-D', 'F.unfold', [T(xu[0], rg=True)], {'kernel_size': 3, 'padding': 1, 'stride': 2})
add('unfold 2-D', 'F.unfold', [vals([3, 4]), 2])
add('unfold kernel too large', 'F.unfold', [xu, 7])
add('unfold zero stride', 'F.unfold', [xu, 2], {'stride': 0})
add('unfold negative padding', 'F.unfold', [xu, 2], {'padding': -1})
add('unfold int64', 'F.unfold', [torch.arange(16).view(1, 1, 4, 4), 2])
add('fold', 'F.fold', [T(vals([2, 12, 20], salt=15), rg=True), [5, 6], 2])
add('fold all options', 'F.fold', [T(vals([2, 18, 12], salt=16), rg=True), [5, 6], [2, 3], 2, 1, [2, 1]])
add('fold 2-D', 'F.fold', [T(vals([12, 12], salt=17), rg=True), [4, 5], 2])
add('fold roundtrip', 'F.fold', [T(F.unfold(xu, 3, padding=1), rg=True), [5, 6], 3], {'padding': 1})
add('fold bad channels', 'F.fold', [vals([2, 11, 12]), [4, 5], 2])
add('fold bad blocks', 'F.fold', [vals([2, 12, 13]), [4, 5], 2])
add('fold 4-D', 'F.fold', [vals([2, 2, 12, 12]), [4, 5], 2])

# ---------------------------------------------------------------- dropout variants
xd = vals([2, 4, 3, 3], 0.5, 1.5, salt=10)
add('dropout2d', 'F.dropout2d', [T(xd, rg=True)], seed=0)
add('dropout2d p=0.2', 'F.dropout2d', [T(xd, rg=True), S(0.2)], seed=1)
add('dropout2d not training', 'F.dropout2d', [T(xd, rg=True)], {'training': False})
add('dropout2d p out of range', 'F.dropout2d', [xd, S(1.5)])
add('dropout1d', 'F.dropout1d', [T(vals([2, 5, 3]), rg=True)], seed=2)
add('dropout1d 2-D', 'F.dropout1d', [T(vals([5, 3]), rg=True), S(0.4)], seed=3)
add('dropout1d 4-D', 'F.dropout1d', [xd])
add('alpha_dropout', 'F.alpha_dropout', [T(vals([4, 5]), rg=True), S(0.3), True], seed=4)
add('alpha_dropout not training', 'F.alpha_dropout', [T(vals([4, 5]), rg=True), S(0.3)])
add('feature_alpha_dropout', 'F.feature_alpha_dropout', [T(xd, rg=True)], {'training': True}, seed=5)

dump('nnf_functional', ops)

# ---------------------------------------------------------------- modules: constructor, repr, forward, gradients
import torch.nn as nn
from common import enc
from cases import grad_like

mods = []


def mod(name, ctor, args=(), kwargs=None, inputs=(), train=True, seed=None, grad_inputs=None):
    kwargs = kwargs or {}
    def arg(v):
        return {'t': enc(v)} if isinstance(v, torch.Tensor) else v

    case = {'name': name, 'ctor': ctor, 'args': [arg(a) for a in args], 'kwargs': {k: arg(v) for k, v in kwargs.items()}}
    # Every module is built right after torch.manual_seed(0): PyTorch's seeded initialisation.
    torch.manual_seed(0)
    try:
        m = getattr(nn, ctor)(*args, **kwargs)
    except Exception as e:  # noqa: BLE001
        case['error'] = str(e).split('\n')[0]
        mods.append(case)
        return
    if len(m.state_dict()) > 0:
        case['state'] = {k: enc(v) for k, v in m.state_dict().items()}
    m.train(train)
    case['train'] = train
    case['repr'] = repr(m)
    case['state_dict'] = sorted(m.state_dict().keys())
    grad_inputs = len(inputs) if grad_inputs is None else grad_inputs
    xs = [x.clone().requires_grad_(i < grad_inputs) for i, x in enumerate(inputs)]
    case['grad_inputs'] = grad_inputs
    case['inputs'] = [enc(x) for x in inputs]
    if seed is not None:
        torch.manual_seed(seed)
        case['seed'] = seed
    # Each input enters as a clone, so in-place modules are allowed; gradients reach the leaves.
    out = m(*[x.clone() for x in xs])
    if isinstance(out, tuple):
        out = out[0]
    case['out'] = enc(out)
    if out.requires_grad:
        g = grad_like(out)
        out.backward(g)
        case['grad_out'] = enc(g)
        case['grads'] = [enc(x.grad) if x.grad is not None else None for x in xs]
    mods.append(case)


xm = vals([2, 3, 4, 5], -4, 4, salt=11)
mod('LeakyReLU', 'LeakyReLU', inputs=[xm])
mod('LeakyReLU positional', 'LeakyReLU', [0.2, True], inputs=[xm])
mod('ELU', 'ELU', inputs=[xm])
mod('ELU alpha', 'ELU', [0.5], inputs=[xm])
mod('SELU', 'SELU', inputs=[xm])
mod('CELU', 'CELU', [], {'alpha': 2.5}, inputs=[xm])
mod('Softplus', 'Softplus', inputs=[xm])
mod('Softplus beta threshold', 'Softplus', [2, 5], inputs=[xm])
mod('Softsign', 'Softsign', inputs=[xm])
mod('Hardtanh', 'Hardtanh', inputs=[xm])
mod('Hardtanh bounds', 'Hardtanh', [-2.5, 2.5], inputs=[xm])

mod('ReLU6', 'ReLU6', inputs=[xm * 2])
mod('Hardsigmoid', 'Hardsigmoid', inputs=[xm])
mod('Hardswish', 'Hardswish', inputs=[xm])
mod('Mish', 'Mish', inputs=[xm])
mod('LogSigmoid', 'LogSigmoid', inputs=[xm])
mod('Tanhshrink', 'Tanhshrink', inputs=[xm])
mod('Softmin', 'Softmin', [1], inputs=[xm])
mod('GLU', 'GLU', [], {'dim': 2}, inputs=[xm])
mod('Unflatten', 'Unflatten', [1, (3, 1)], inputs=[xm])
mod('ZeroPad2d', 'ZeroPad2d', [2], inputs=[xm])
mod('ZeroPad2d tuple', 'ZeroPad2d', [[1, 2, 0, 1]], inputs=[xm])
mod('ConstantPad2d', 'ConstantPad2d', [[1, 0, 2, 1], 3.5], inputs=[xm])
mod('ReflectionPad2d', 'ReflectionPad2d', [2], inputs=[xm])
mod('ReplicationPad2d', 'ReplicationPad2d', [[1, 0, 2, 3]], inputs=[xm])
mod('AdaptiveAvgPool2d 1', 'AdaptiveAvgPool2d', [1], inputs=[xm])
mod('AdaptiveAvgPool2d (None, 3)', 'AdaptiveAvgPool2d', [(None, 3)], inputs=[xm])
mod('AdaptiveMaxPool2d', 'AdaptiveMaxPool2d', [(2, 3)], inputs=[xm])
mod('Upsample scale', 'Upsample', [], {'scale_factor': 2}, inputs=[xm])
mod('Upsample bilinear', 'Upsample', [], {'size': (5, 7), 'mode': 'bilinear', 'align_corners': True}, inputs=[xm])
mod('Upsample positional', 'Upsample', [None, 1.5, 'bilinear'], inputs=[xm])
mod('UpsamplingNearest2d', 'UpsamplingNearest2d', [], {'scale_factor': 2}, inputs=[xm])
mod('UpsamplingBilinear2d', 'UpsamplingBilinear2d', [(5, 7)], inputs=[xm])
mod('CosineSimilarity', 'CosineSimilarity', [], inputs=[xm, vals([2, 3, 4, 5], salt=12)])
mod('PairwiseDistance', 'PairwiseDistance', [1], {'keepdim': True}, inputs=[vals([4, 5]), vals([4, 5], salt=13)])
mod('SmoothL1Loss', 'SmoothL1Loss', [], {'beta': 0.5}, inputs=[xm, vals([2, 3, 4, 5], salt=12)])
mod('SmoothL1Loss positional', 'SmoothL1Loss', [None, None, 'sum', 0.25], inputs=[xm, vals([2, 3, 4, 5], salt=12)])
mod('HuberLoss', 'HuberLoss', ['sum', 0.5], inputs=[xm, vals([2, 3, 4, 5], salt=12)])
mod('KLDivLoss', 'KLDivLoss', [], {'reduction': 'batchmean'}, inputs=[x43.log_softmax(1), y43])
mod('KLDivLoss log_target', 'KLDivLoss', [None, None, 'sum', True], inputs=[x43.log_softmax(1), p43.log()])
mod('SoftMarginLoss', 'SoftMarginLoss', [], inputs=[x43, torch.tensor([[1.0, -1.0, 1.0]] * 4)], grad_inputs=1)
mod('Dropout2d', 'Dropout2d', [], inputs=[xm], seed=7)
mod('Dropout2d eval', 'Dropout2d', [0.3], inputs=[xm], train=False)
mod('Dropout1d', 'Dropout1d', [0.25], inputs=[vals([2, 3, 4])], seed=8)
mod('AlphaDropout', 'AlphaDropout', [0.2], inputs=[xm], seed=9)
mod('Dropout2d bad p', 'Dropout2d', [1.5])
# the existing losses' constructors, positional (tutorials write nn.CrossEntropyLoss(weights))
mod('CrossEntropyLoss weight positional', 'CrossEntropyLoss', [w3], inputs=[x43, t4], grad_inputs=1)
mod('CrossEntropyLoss all positional', 'CrossEntropyLoss', [w3, None, 1, None, 'sum', 0.1], inputs=[x43, t4],
    grad_inputs=1)
mod('NLLLoss positional', 'NLLLoss', [None, None, 2], inputs=[x43, t4], grad_inputs=1)
mod('MSELoss positional reduction', 'MSELoss', [None, None, 'sum'], inputs=[x43, y43])
mod('MSELoss legacy size_average', 'MSELoss', [False], inputs=[x43, y43])
mod('L1Loss legacy reduce', 'L1Loss', [], {'reduce': False}, inputs=[x43, y43])
mod('BCELoss weight positional', 'BCELoss', [w3], inputs=[p43, y43])
mod('BCEWithLogitsLoss pos_weight positional', 'BCEWithLogitsLoss', [None, None, None, 'sum', torch.tensor([1.5, 0.5, 3.0])],
    inputs=[x43, y43])

mod('Threshold', 'Threshold', [0.5, 20], inputs=[xm])
mod('Hardshrink', 'Hardshrink', [], inputs=[xm])
mod('Softshrink', 'Softshrink', [1.5], inputs=[xm])
mod('PReLU', 'PReLU', [], inputs=[xm])
mod('PReLU channels', 'PReLU', [3, 0.1], inputs=[xm])
mod('Conv1d', 'Conv1d', [4, 6, 3], inputs=[x1d])
mod('Conv1d positional', 'Conv1d', [4, 6, 3, 2, 1, 1, 2, False], inputs=[x1d])
mod('Conv1d same reflect', 'Conv1d', [4, 6, 4], {'padding': 'same', 'padding_mode': 'reflect'}, inputs=[x1d])
mod('MaxPool1d', 'MaxPool1d', [3, 2, 1], inputs=[x1d])
mod('AvgPool1d', 'AvgPool1d', [3, 2, 1], inputs=[x1d])
mod('AdaptiveAvgPool1d', 'AdaptiveAvgPool1d', [5], inputs=[x1d])
mod('AdaptiveMaxPool1d', 'AdaptiveMaxPool1d', [4], inputs=[x1d])
mod('GroupNorm', 'GroupNorm', [3, 6], inputs=[xg])
mod('GroupNorm positional', 'GroupNorm', [2, 6, 1e-3, False], inputs=[xg])
# the existing layers' constructors, positional (PyTorch's MNIST example: nn.Conv2d(1, 32, 3, 1))
xc = vals([2, 3, 6, 6], salt=18)
mod('Conv2d positional stride', 'Conv2d', [3, 4, 3, 1], inputs=[xc])
mod('Conv2d positional padding bias', 'Conv2d', [3, 4, 3, 2, 1, 1, 1, False], inputs=[xc])
for pm in ['reflect', 'replicate', 'circular']:
    mod(f'Conv2d padding_mode {pm}', 'Conv2d', [3, 4, 3], {'padding': 1, 'padding_mode': pm}, inputs=[xc])
mod('MaxPool2d positional', 'MaxPool2d', [2, 2], inputs=[xc])
mod('MaxPool2d positional padding ceil', 'MaxPool2d', [3, 2, 1, 1, False, True], inputs=[xc])
mod('AvgPool2d positional', 'AvgPool2d', [3, 2, 1, False, False], inputs=[xc])
mod('BatchNorm2d positional', 'BatchNorm2d', [3, 1e-3, 0.2], inputs=[xc])
mod('BatchNorm1d positional no affine', 'BatchNorm1d', [5, 1e-5, 0.1, False], inputs=[vals([4, 5])])
mod('LayerNorm positional', 'LayerNorm', [6, 1e-6, False], inputs=[xc])
mod('Linear positional bias', 'Linear', [6, 3, False], inputs=[xc])
mod('Embedding positional padding_idx', 'Embedding', [10, 4, 0], inputs=[torch.tensor([[0, 3], [9, 0]])], grad_inputs=0)
mod('Embedding _weight', 'Embedding', [3, 2], {'_weight': vals([3, 2], salt=19)}, inputs=[torch.tensor([2, 0])],
    grad_inputs=0)

dump('nnf_modules', mods)
