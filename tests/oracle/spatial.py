"""Oracle for the spatial ops of src/ops/grid_sample.ts and src/ops/conv3d.ts: F.affine_grid,
F.grid_sample, the 3-D convolutions and poolings, max_unpool, lp_pool, dropout3d (values,
gradients, error texts) and their nn modules (repr, seeded init, forward, gradients).

    /usr/bin/python3 tests/oracle/spatial.py   ->  tests/fixtures/spatial.json
"""
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F

from cases import T, run
from common import dump, enc, vals

warnings.simplefilter('ignore')
cases = []


def add(*a, **k):
    cases.append(run(*a, **k))


def grid(shape, salt, lo=-1.2, hi=1.2, dtype=torch.float64):
    v = vals(shape, salt=salt, dtype=torch.float64)
    return ((v + 2) / 4 * (hi - lo) + lo).to(dtype)


# ---------------------------------------------------------------- affine_grid
th2 = vals([2, 2, 3], salt=1) / 2
th3 = vals([2, 3, 4], salt=2) / 2
for ac in (False, True):
    add(f'affine_grid 2-D align_corners={ac}', 'F.affine_grid', [T(th2, rg=True), [2, 3, 4, 5]], {'align_corners': ac})
    add(f'affine_grid 3-D align_corners={ac}', 'F.affine_grid', [T(th3, rg=True), [2, 1, 2, 3, 4]], {'align_corners': ac})
    add(f'affine_grid float32 align_corners={ac}', 'F.affine_grid', [T(th2.float(), rg=True), [2, 1, 3, 3]],
        {'align_corners': ac})
add('affine_grid unit size align_corners', 'F.affine_grid', [T(th2, rg=True), [2, 1, 1, 3]], {'align_corners': True})
add('affine_grid default align_corners', 'F.affine_grid', [T(th2), [2, 1, 2, 2]])
add('affine_grid bad theta', 'F.affine_grid', [th3, [2, 1, 2, 2]], {'align_corners': False})
add('affine_grid bad theta 3-D', 'F.affine_grid', [th2, [2, 1, 2, 2, 2]], {'align_corners': False})
add('affine_grid bad size', 'F.affine_grid', [th2, [2, 1, 2]], {'align_corners': False})
add('affine_grid zero size', 'F.affine_grid', [th2, [2, 1, 0, 2]], {'align_corners': False})
add('affine_grid integer theta', 'F.affine_grid', [th2.long(), [2, 1, 2, 2]], {'align_corners': False})
add('affine_grid batch mismatch', 'F.affine_grid', [th2, [3, 1, 2, 2]], {'align_corners': False})

# ---------------------------------------------------------------- grid_sample
x4 = vals([2, 3, 4, 5], salt=3)
g4 = grid([2, 3, 2, 2], salt=4)
x5 = vals([1, 2, 3, 4, 3], salt=5)
g5 = grid([1, 2, 3, 2, 3], salt=6)
for mode in ('bilinear', 'nearest', 'bicubic'):
    for pm in ('zeros', 'border', 'reflection'):
        for ac in (False, True):
            add(f'grid_sample {mode} {pm} align_corners={ac}', 'F.grid_sample', [T(x4, rg=True), T(g4, rg=True)],
                {'mode': mode, 'padding_mode': pm, 'align_corners': ac})
            if mode != 'bicubic':
                add(f'grid_sample 5-D {mode} {pm} align_corners={ac}', 'F.grid_sample',
                    [T(x5, rg=True), T(g5, rg=True)], {'mode': mode, 'padding_mode': pm, 'align_corners': ac})
for mode in ('bilinear', 'bicubic'):
    add(f'grid_sample float32 {mode}', 'F.grid_sample', [T(x4.float(), rg=True), T(g4.float(), rg=True)],
        {'mode': mode, 'align_corners': False})
add('grid_sample far outside reflection', 'F.grid_sample', [T(x4, rg=True), T(grid([2, 2, 3, 2], 7, -4.3, 3.9), rg=True)],
    {'padding_mode': 'reflection', 'align_corners': False})
add('grid_sample far outside reflection align', 'F.grid_sample',
    [T(x4, rg=True), T(grid([2, 2, 3, 2], 7, -4.3, 3.9), rg=True)], {'padding_mode': 'reflection', 'align_corners': True})
add('grid_sample default align_corners', 'F.grid_sample', [T(x4), T(g4)])
add('grid_sample positional', 'F.grid_sample', [T(x4), T(g4), 'nearest', 'border', True])
add('grid_sample 1x1 input', 'F.grid_sample', [T(vals([1, 2, 1, 1], 8), rg=True), T(grid([1, 2, 2, 2], 9), rg=True)],
    {'align_corners': True, 'padding_mode': 'reflection'})
add('grid_sample bad mode', 'F.grid_sample', [x4, g4], {'mode': 'linear'})
add('grid_sample bad padding_mode', 'F.grid_sample', [x4, g4], {'padding_mode': 'circular'})
add('grid_sample dtype mismatch', 'F.grid_sample', [x4.float(), g4], {'align_corners': False})
add('grid_sample batch mismatch', 'F.grid_sample', [x4, g4[:1]], {'align_corners': False})
add('grid_sample grid last dim', 'F.grid_sample', [x4, grid([2, 3, 2, 3], 1)], {'align_corners': False})
add('grid_sample empty spatial', 'F.grid_sample', [torch.zeros(2, 3, 0, 4, dtype=torch.float64), g4],
    {'align_corners': False})
add('grid_sample 3-D input', 'F.grid_sample', [x4[0], grid([3, 2, 1], 1)], {'align_corners': False})
add('grid_sample bicubic 5-D', 'F.grid_sample', [x5, g5], {'mode': 'bicubic', 'align_corners': False})
add('grid_sample integer', 'F.grid_sample', [x4.long(), g4.long()], {'align_corners': False})

# ---------------------------------------------------------------- conv3d / conv_transpose3d
xc = vals([1, 4, 4, 5, 4], salt=10)
wc = vals([6, 2, 3, 2, 3], salt=11) / 3
bc = vals([6], salt=12)
add('conv3d', 'F.conv3d', [T(xc, rg=True), T(vals([3, 4, 2, 2, 2], 13), rg=True), T(vals([3], 14), rg=True)])
add('conv3d stride padding dilation groups', 'F.conv3d', [T(xc, rg=True), T(wc, rg=True), T(bc, rg=True)],
    {'stride': (2, 1, 2), 'padding': (1, 0, 2), 'dilation': (1, 2, 1), 'groups': 2})
add('conv3d same', 'F.conv3d', [T(xc, rg=True), T(wc, rg=True)], {'padding': 'same', 'groups': 2, 'dilation': 2})
add('conv3d valid unbatched', 'F.conv3d', [T(xc[0], rg=True), T(wc[:, :, :2], rg=True)], {'padding': 'valid', 'groups': 2})
add('conv3d float32', 'F.conv3d', [T(xc.float(), rg=True), T(wc.float(), rg=True), T(bc.float(), rg=True)],
    {'stride': 2, 'padding': 1, 'groups': 2})
add('conv3d 3-D input', 'F.conv3d', [xc[0, 0], wc])
add('conv3d channels', 'F.conv3d', [xc, vals([3, 3, 2, 2, 2], 1)])
add('conv3d bias size', 'F.conv3d', [xc, wc, vals([2], 1)], {'groups': 2})
add('conv3d kernel too big', 'F.conv3d', [xc, vals([3, 4, 5, 2, 2], 1)])
add('conv3d stride 0', 'F.conv3d', [xc, wc], {'stride': 0, 'groups': 2})
add('conv3d negative padding', 'F.conv3d', [xc, wc], {'padding': -1, 'groups': 2})
add('conv3d same strided', 'F.conv3d', [xc, wc], {'padding': 'same', 'stride': 2, 'groups': 2})
add('conv3d dtype mismatch', 'F.conv3d', [xc.float(), wc], {'groups': 2})
add('conv3d groups', 'F.conv3d', [xc, vals([3, 2, 2, 2, 2], 1)], {'groups': 2})
add('conv3d stride length', 'F.conv3d', [xc, wc], {'stride': (1, 2), 'groups': 2})
wt = vals([4, 3, 2, 3, 2], salt=15) / 3
add('conv_transpose3d', 'F.conv_transpose3d', [T(xc, rg=True), T(wt, rg=True), T(vals([3], 16), rg=True)])
add('conv_transpose3d stride padding output_padding', 'F.conv_transpose3d', [T(xc, rg=True), T(wt, rg=True)],
    {'stride': (2, 3, 2), 'padding': (1, 0, 1), 'output_padding': (1, 2, 0)})
add('conv_transpose3d groups dilation unbatched', 'F.conv_transpose3d',
    [T(xc[0], rg=True), T(wt, rg=True), T(vals([6], 17), rg=True)], {'groups': 2, 'dilation': (2, 1, 3), 'stride': 2})
add('conv_transpose3d float32', 'F.conv_transpose3d', [T(xc.float(), rg=True), T(wt.float(), rg=True)],
    {'stride': 2, 'padding': 1})
add('conv_transpose3d 3-D input', 'F.conv_transpose3d', [xc[0, 0], wt])
add('conv_transpose3d channels', 'F.conv_transpose3d', [xc, vals([3, 2, 2, 2, 2], 1)])
add('conv_transpose3d output_padding', 'F.conv_transpose3d', [xc, wt], {'output_padding': 1})

# ---------------------------------------------------------------- 3-D pools
xp = vals([1, 2, 5, 6, 7], salt=20)
xp[0, 0, 1, 2, 2] = xp[0, 0, 1, 2, 3] = xp[0, 0, 2, 2, 2] = 3.0  # ties
for name, kw in [('kernel 2', {}), ('stride padding', {'stride': (1, 2, 2), 'padding': 1}),
                 ('ceil_mode', {'stride': 2, 'ceil_mode': True}), ('dilation', {'dilation': (2, 1, 2), 'padding': (1, 1, 0)})]:
    add(f'max_pool3d {name}', 'F.max_pool3d', [T(xp, rg=True), 2], kw)
    add(f'max_pool3d {name} indices', 'F.max_pool3d', [T(xp), 2], {**kw, 'return_indices': True})
    if 'dilation' not in kw:
        add(f'avg_pool3d {name}', 'F.avg_pool3d', [T(xp, rg=True), 2], kw)
        add(f'avg_pool3d {name} exclude pad', 'F.avg_pool3d', [T(xp, rg=True), 2], {**kw, 'count_include_pad': False})
add('max_pool3d kernel triple unbatched', 'F.max_pool3d', [T(xp[0], rg=True), (3, 2, 1)], {'stride': (2, 2, 3)})
add('max_pool3d float32', 'F.max_pool3d', [T(xp.float(), rg=True), (3, 2, 3)], {'stride': 2, 'padding': 1})
add('max_pool3d_with_indices', 'F.max_pool3d_with_indices', [T(xp), 3], {'stride': 2})
add('avg_pool3d divisor_override', 'F.avg_pool3d', [T(xp, rg=True), (3, 2, 3)], {'divisor_override': 5, 'padding': 1})
add('avg_pool3d unbatched float32', 'F.avg_pool3d', [T(xp[0].float(), rg=True), 3], {'stride': (1, 2, 2), 'ceil_mode': True})
add('avg_pool3d long', 'F.avg_pool3d', [(xp * 10).long(), 2])
add('max_pool3d 3-D', 'F.max_pool3d', [xp[0, 0], 2])
add('max_pool3d pad too big', 'F.max_pool3d', [xp, 2], {'padding': 2})
add('max_pool3d output too small', 'F.max_pool3d', [xp, (6, 2, 2)])
add('max_pool3d stride 0', 'F.max_pool3d', [xp, 2], {'stride': 0})
add('avg_pool3d 3-D', 'F.avg_pool3d', [xp[0, 0], 2])
add('avg_pool3d kernel too big', 'F.avg_pool3d', [xp, 6])
add('avg_pool3d divisor 0', 'F.avg_pool3d', [xp, 2], {'divisor_override': 0})
for os_ in (2, (3, 2, 4), (None, 4, 3), 1, (5, 6, 7)):
    add(f'adaptive_avg_pool3d {os_}', 'F.adaptive_avg_pool3d', [T(xp, rg=True), os_])
    add(f'adaptive_max_pool3d {os_}', 'F.adaptive_max_pool3d', [T(xp, rg=True), os_])
    add(f'adaptive_max_pool3d {os_} indices', 'F.adaptive_max_pool3d', [T(xp), os_, True])
add('adaptive_avg_pool3d unbatched', 'F.adaptive_avg_pool3d', [T(xp[0], rg=True), (2, 3, 4)])
add('adaptive_max_pool3d unbatched float32', 'F.adaptive_max_pool3d', [T(xp[0].float(), rg=True), (2, 3, 4)])
add('adaptive_avg_pool3d 3-D', 'F.adaptive_avg_pool3d', [xp[0, 0], 2])
add('adaptive_avg_pool3d output_size 2', 'F.adaptive_avg_pool3d', [xp, (2, 2)])
add('adaptive_max_pool3d 3-D', 'F.adaptive_max_pool3d', [xp[0, 0], 2])

# ---------------------------------------------------------------- max_unpool
for nd, shape, k in [(1, [2, 3, 8], 2), (2, [2, 2, 5, 6], 2), (3, [1, 2, 4, 4, 6], 2)]:
    src = vals(shape, salt=30 + nd)
    pool = getattr(F, f'max_pool{nd}d')
    out, idx = pool(src, k, return_indices=True)
    add(f'max_unpool{nd}d', f'F.max_unpool{nd}d', [T(out, rg=True), idx, k])
    add(f'max_unpool{nd}d output_size', f'F.max_unpool{nd}d', [T(out, rg=True), idx, k],
        {'output_size': list(src.shape)})
    add(f'max_unpool{nd}d output_size spatial', f'F.max_unpool{nd}d', [T(out, rg=True), idx, k],
        {'output_size': list(src.shape[2:])})
    out2, idx2 = pool(src, 3, stride=2, padding=1, return_indices=True)
    add(f'max_unpool{nd}d stride padding', f'F.max_unpool{nd}d', [T(out2, rg=True), idx2, 3], {'stride': 2, 'padding': 1})
    add(f'max_unpool{nd}d bad output_size', f'F.max_unpool{nd}d', [out, idx, k], {'output_size': [20] * nd})
    add(f'max_unpool{nd}d output_size length', f'F.max_unpool{nd}d', [out, idx, k], {'output_size': [2] * (nd + 1)})
    add(f'max_unpool{nd}d bad index', f'F.max_unpool{nd}d', [out, idx * 0 + 1000, k])
    add(f'max_unpool{nd}d int32 indices', f'F.max_unpool{nd}d', [out, idx.int(), k])
add('max_unpool2d indices shape', 'F.max_unpool2d', [torch.rand(1, 1, 2, 2, dtype=torch.float64),
                                                     torch.tensor([[[0, 1], [2, 3]]]), 2])

add('max_unpool2d 2-D input', 'F.max_unpool2d', [torch.rand(2, 2, dtype=torch.float64), torch.zeros(2, 2).long(), 2])
add('max_unpool3d 3-D input', 'F.max_unpool3d', [torch.rand(2, 2, 2, dtype=torch.float64), torch.zeros(2, 2, 2).long(), 2])
add('max_unpool1d 1-D input', 'F.max_unpool1d', [torch.rand(2, dtype=torch.float64), torch.zeros(2).long(), 2])
add('max_unpool2d unbatched', 'F.max_unpool2d', [T(vals([2, 2, 2], 1), rg=True), torch.tensor([[[0, 3], [9, 14]]] * 2), 2])
add('adaptive_max_pool3d output_size 2', 'F.adaptive_max_pool3d', [xp, (2, 2)])
add('conv3d 2-D weight', 'F.conv3d', [xc, vals([2, 2], 1)])
add('conv_transpose3d 2-D weight', 'F.conv_transpose3d', [xc, vals([2, 2], 1)])
add('conv3d 4-D weight', 'F.conv3d', [xc, vals([2, 4, 2, 2], 1)])
for f in ('max_pool3d', 'avg_pool3d'):
    add(f'{f} kernel pair', f'F.{f}', [xp, (2, 2)])
    add(f'{f} stride pair', f'F.{f}', [xp, 2], {'stride': (1, 1)})
    add(f'{f} padding pair', f'F.{f}', [xp, 2], {'padding': (1, 1)})
add('max_pool3d dilation pair', 'F.max_pool3d', [xp, 2], {'dilation': (1, 1)})

# ---------------------------------------------------------------- lp_pool
xl = vals([2, 3, 6, 7], salt=40)
add('lp_pool2d p=2', 'F.lp_pool2d', [T(xl, rg=True), 2, 2])
add('lp_pool2d p=3 stride ceil', 'F.lp_pool2d', [T(xl.abs() + 0.1, rg=True), 3, (2, 3)], {'stride': (1, 2), 'ceil_mode': True})
add('lp_pool2d p=1.5', 'F.lp_pool2d', [T(xl.abs() + 0.1, rg=True), 1.5, 3], {'stride': 2})
add('lp_pool1d p=2', 'F.lp_pool1d', [T(xl[0], rg=True), 2, 3])
add('lp_pool1d p=1 stride', 'F.lp_pool1d', [T(xl[0].float(), rg=True), 1, 2], {'stride': 1})
add('lp_pool2d kernel too big', 'F.lp_pool2d', [xl, 2, 8])

# ---------------------------------------------------------------- dropout3d (eval and p=0/1)
xd = vals([2, 3, 2, 2, 2], salt=50)
add('dropout3d eval', 'F.dropout3d', [T(xd, rg=True)], {'training': False})
add('dropout3d p=0', 'F.dropout3d', [T(xd, rg=True)], {'p': 0})
add('dropout3d p=1 unbatched', 'F.dropout3d', [T(xd[0], rg=True)], {'p': 1})
add('dropout3d bad p', 'F.dropout3d', [xd], {'p': 1.5})

# ---------------------------------------------------------------- interpolate on 5-D inputs
xi = vals([2, 2, 3, 4, 3], salt=55)
for mode in ('nearest', 'nearest-exact', 'area', 'trilinear'):
    add(f'interpolate 5-D {mode} size', 'F.interpolate', [T(xi, rg=True)], {'size': (5, 3, 7), 'mode': mode})
    add(f'interpolate 5-D {mode} scale_factor', 'F.interpolate', [T(xi.float(), rg=True)],
        {'scale_factor': (2, 1.5, 0.7), 'mode': mode})
    add(f'interpolate 5-D {mode} downsample', 'F.interpolate', [T(xi, rg=True)], {'size': (2, 3, 2), 'mode': mode})
add('interpolate 5-D trilinear align_corners', 'F.interpolate', [T(xi, rg=True)],
    {'size': (4, 6, 5), 'mode': 'trilinear', 'align_corners': True})
add('interpolate 5-D trilinear recompute_scale_factor', 'F.interpolate', [T(xi, rg=True)],
    {'scale_factor': 1.7, 'mode': 'trilinear', 'recompute_scale_factor': True})
add('interpolate 5-D nearest long', 'F.interpolate', [(xi * 10).long()], {'scale_factor': 2})
add('interpolate 5-D trilinear long', 'F.interpolate', [(xi * 10).long()], {'scale_factor': 2, 'mode': 'trilinear'})
add('interpolate 5-D zero size', 'F.interpolate', [xi], {'size': (0, 2, 2), 'mode': 'trilinear'})
add('interpolate 4-D trilinear', 'F.interpolate', [xi[0]], {'size': (2, 2), 'mode': 'trilinear'})
add('interpolate 5-D bilinear', 'F.interpolate', [xi], {'size': (2, 2, 2), 'mode': 'bilinear'})

xb = vals([2, 2, 4, 5], salt=56)
for ac in (False, True):
    add(f'interpolate bicubic size align_corners={ac}', 'F.interpolate', [T(xb, rg=True)],
        {'size': (7, 3), 'mode': 'bicubic', 'align_corners': ac})
    add(f'interpolate bicubic float32 scale_factor align_corners={ac}', 'F.interpolate', [T(xb.float(), rg=True)],
        {'scale_factor': (1.5, 2.3), 'mode': 'bicubic', 'align_corners': ac})
add('interpolate bicubic default align_corners', 'F.interpolate', [T(xb, rg=True)], {'scale_factor': 2, 'mode': 'bicubic'})
add('interpolate bicubic downsample', 'F.interpolate', [T(xb, rg=True)], {'size': (2, 2), 'mode': 'bicubic'})
add('interpolate bicubic long', 'F.interpolate', [(xb * 10).long()], {'scale_factor': 2, 'mode': 'bicubic'})

# ---------------------------------------------------------------- circular padding (CircularPad*d's forward)
circ = {}
for nd, shape, padding in [(1, [2, 3, 5], (2, 1)), (2, [2, 2, 3, 4], (1, 2, 0, 3)), (3, [1, 2, 3, 3, 4], (1, 0, 2, 1, 1, 2))]:
    src = vals(shape, salt=80 + nd)
    x = src.clone().requires_grad_(True)
    y = F.pad(x, padding, 'circular')
    y.backward(torch.ones_like(y))
    circ[nd] = {'input': enc(src), 'padding': list(padding), 'out': enc(y), 'grad': enc(x.grad),
                'unbatched': enc(F.pad(src[:1], padding, 'circular')[0])}

# ---------------------------------------------------------------- modules
modules = []


def module_case(name, ctor, args=(), kwargs=None, input=None, seed=0, train=True):
    kwargs = kwargs or {}
    torch.manual_seed(seed)
    m = getattr(nn, ctor)(*args, **kwargs)
    case = {'name': name, 'ctor': ctor, 'args': [list(a) if isinstance(a, tuple) else a for a in args],
            'kwargs': {k: (list(v) if isinstance(v, tuple) else v) for k, v in kwargs.items()},
            'seed': seed, 'train': train, 'repr': repr(m),
            'init': {k: enc(v) for k, v in m.state_dict().items()}}
    m.train(train)
    x = input.clone().requires_grad_(True)
    case['input'] = enc(input)
    torch.manual_seed(seed + 1)
    case['forward_seed'] = seed + 1
    out = m(x)
    if isinstance(out, tuple):
        case['indices'] = enc(out[1])
        out = out[0]
    case['out'] = enc(out)
    g = ((torch.arange(out.numel(), dtype=torch.float64) % 7 - 2.5) / 2).reshape(out.shape).to(out.dtype)
    out.backward(g)
    case['input_grad'] = enc(x.grad)
    case['param_grads'] = {k: enc(p.grad) for k, p in m.named_parameters()}
    modules.append(case)


xm = vals([1, 4, 3, 4, 5], salt=60).float()
module_case('Conv3d', 'Conv3d', (4, 2, 3), input=xm)
module_case('Conv3d options', 'Conv3d', (4, 6, (3, 2, 1)), {'stride': (2, 1, 1), 'padding': 1, 'dilation': (1, 2, 1),
                                                               'groups': 2, 'bias': False}, input=xm)
module_case('Conv3d same', 'Conv3d', (4, 2, 2), {'padding': 'same'}, input=xm)
module_case('Conv3d reflect', 'Conv3d', (4, 2, 3), {'padding': (1, 2, 1), 'padding_mode': 'reflect'}, input=xm)
module_case('Conv3d circular', 'Conv3d', (4, 2, 3), {'padding': 1, 'padding_mode': 'circular'}, input=xm)
module_case('ConvTranspose3d', 'ConvTranspose3d', (4, 2, 3), input=xm)
module_case('ConvTranspose3d options', 'ConvTranspose3d', (4, 6, (3, 2, 1)),
            {'stride': 2, 'padding': (1, 0, 0), 'output_padding': (1, 0, 1), 'groups': 2, 'dilation': (1, 1, 2)}, input=xm)
module_case('MaxPool3d', 'MaxPool3d', (2,), input=xm)
module_case('MaxPool3d options', 'MaxPool3d', ((3, 2, 2),), {'stride': (1, 2, 2), 'padding': 1, 'ceil_mode': True},
            input=xm)
module_case('MaxPool3d indices', 'MaxPool3d', (2,), {'return_indices': True}, input=xm)
module_case('AvgPool3d', 'AvgPool3d', (2,), input=xm)
module_case('AvgPool3d options', 'AvgPool3d', (3,), {'stride': 2, 'padding': 1, 'count_include_pad': False,
                                                     'divisor_override': 4}, input=xm)
module_case('AdaptiveAvgPool3d', 'AdaptiveAvgPool3d', ((2, None, 3),), input=xm)
module_case('AdaptiveMaxPool3d', 'AdaptiveMaxPool3d', (2,), input=xm)
module_case('AdaptiveMaxPool3d indices', 'AdaptiveMaxPool3d', ((3, 2, 2), True), input=xm)
module_case('LPPool2d', 'LPPool2d', (2, 2), input=xm[0].abs())
module_case('LPPool2d float norm', 'LPPool2d', (1.5, (2, 3)), {'stride': 1}, input=xm[0].abs() + 0.1)
module_case('LPPool1d', 'LPPool1d', (3, 2), {'stride': 1, 'ceil_mode': True}, input=xm[0, 0].abs() + 0.1)
module_case('Dropout3d', 'Dropout3d', (0.5,), input=xm, seed=3)
module_case('Dropout3d eval', 'Dropout3d', (), input=xm, train=False)

reprs = {
    'Conv3d': repr(nn.Conv3d(1, 2, 3)),
    'Conv3d full': repr(nn.Conv3d(2, 4, (3, 5, 1), stride=2, padding=(1, 2, 0), dilation=2, groups=2, bias=False,
                                  padding_mode='replicate')),
    'Conv3d valid': repr(nn.Conv3d(2, 4, 2, padding='valid')),
    'ConvTranspose3d': repr(nn.ConvTranspose3d(2, 4, 3, stride=2, output_padding=1, padding=(0, 1, 0), dilation=1)),
    'ConvTranspose3d full': repr(nn.ConvTranspose3d(2, 4, (1, 2, 3), stride=(1, 2, 1), padding=1, dilation=2,
                                                    groups=2, bias=False)),
    'MaxPool3d': repr(nn.MaxPool3d(2)),
    'MaxPool3d full': repr(nn.MaxPool3d((2, 3, 1), stride=1, padding=(1, 1, 0), dilation=2, return_indices=True,
                                        ceil_mode=True)),
    'AvgPool3d': repr(nn.AvgPool3d(3, stride=(2, 1, 1), padding=1)),
    'AdaptiveAvgPool3d': repr(nn.AdaptiveAvgPool3d((2, None, 3))),
    'AdaptiveMaxPool3d': repr(nn.AdaptiveMaxPool3d(2, return_indices=True)),
    'MaxUnpool1d': repr(nn.MaxUnpool1d(2)),
    'MaxUnpool2d': repr(nn.MaxUnpool2d(3, stride=2, padding=1)),
    'MaxUnpool3d': repr(nn.MaxUnpool3d((2, 2, 1))),
    'LPPool1d': repr(nn.LPPool1d(2, 3, stride=2)),
    'LPPool2d': repr(nn.LPPool2d(1.5, (2, 3))),
    'Dropout3d': repr(nn.Dropout3d(0.25)),
}

# MaxUnpool modules: forward of a pooled input with its indices
unpool = []
for nd, shape in [(1, [2, 3, 8]), (2, [2, 3, 6, 4]), (3, [1, 2, 4, 4, 6])]:
    src = vals(shape, salt=70 + nd)
    out, idx = getattr(F, f'max_pool{nd}d')(src, 2, return_indices=True)
    m = getattr(nn, f'MaxUnpool{nd}d')(2)
    x = out.clone().requires_grad_(True)
    y = m(x, idx, output_size=list(src.shape))
    y.backward(torch.ones_like(y))
    unpool.append({'nd': nd, 'input': enc(out), 'indices': enc(idx), 'output_size': list(src.shape),
                   'out': enc(y), 'grad': enc(x.grad)})


# ConvTranspose3d's forward with output_size
torch.manual_seed(5)
ct = nn.ConvTranspose3d(2, 3, 3, stride=2, padding=1)
xct = vals([1, 2, 2, 3, 2], salt=90).float()
convt_output_size = {'input': enc(xct), 'output_size': [4, 6, 4], 'out': enc(ct(xct, output_size=[4, 6, 4])),
                     'error': None}
try:
    ct(xct, output_size=[9, 9, 9])
except Exception as e:  # noqa: BLE001
    convt_output_size['error'] = str(e)

# The warnings of a call without align_corners, and of a unit-size grid with align_corners=True
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('always')
    F.grid_sample(x4, g4)
    F.affine_grid(th2, [2, 1, 1, 3], align_corners=True)
    F.dropout3d(torch.zeros(2, 3), 0.5)
warning_texts = [str(x.message) for x in w]

dump('spatial', {'cases': cases, 'modules': modules, 'reprs': reprs, 'unpool': unpool, 'circular': circ,
                  'convt_output_size': convt_output_size, 'warnings': warning_texts})
