"""Oracle for the nn modules and functions added for the tutorials (src/ops/conv_transpose.ts,
src/ops/nn2.ts, src/nn/conv_transpose.ts, src/nn/nn2.ts): values, gradients, reprs, errors.

    /usr/bin/python3 tests/oracle/nn2.py  ->  tests/fixtures/nn2_functional.json, nn2_modules.json
    (replayed by tests/nn2.test.ts)
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from cases import S, T, run, grad_like
from common import dump, enc

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


def add(*a, **k):
    ops.append(run(*a, **k))


# ---------------------------------------------------------------- conv_transpose
x4 = vals([2, 4, 5, 5])
w4 = vals([4, 3, 3, 3], -1, 1, salt=1)
b3 = vals([3], salt=2)
add('conv_transpose2d', 'F.conv_transpose2d', [T(x4, rg=True), T(w4, rg=True)])
add('conv_transpose2d bias', 'F.conv_transpose2d', [T(x4, rg=True), T(w4, rg=True), T(b3, rg=True)])
add('conv_transpose2d stride padding output_padding', 'F.conv_transpose2d',
    [T(x4, rg=True), T(w4, rg=True), T(b3, rg=True), 2, 1, 1])
add('conv_transpose2d pairs', 'F.conv_transpose2d', [T(x4, rg=True), T(w4, rg=True)],
    {'stride': (2, 3), 'padding': (0, 2), 'output_padding': (1, 2)})
add('conv_transpose2d dilation', 'F.conv_transpose2d', [T(x4, rg=True), T(w4, rg=True), None],
    {'dilation': 2, 'padding': 1})
add('conv_transpose2d groups', 'F.conv_transpose2d',
    [T(x4, rg=True), T(vals([4, 2, 2, 3], salt=3), rg=True), T(vals([4], salt=4), rg=True), 1, 0, 0, 2])
add('conv_transpose2d unbatched', 'F.conv_transpose2d', [T(vals([4, 3, 3]), rg=True), T(w4, rg=True)])
add('conv_transpose2d float64', 'F.conv_transpose2d', [T(x4.double(), rg=True), T(w4.double(), rg=True)],
    {'stride': 2})
add('conv_transpose2d bad channels', 'F.conv_transpose2d', [vals([2, 5, 5, 5]), w4])
add('conv_transpose2d bad bias', 'F.conv_transpose2d', [x4, w4, vals([4])])
add('conv_transpose2d output_padding too big', 'F.conv_transpose2d', [x4, w4], {'output_padding': 1})
add('conv_transpose2d bad groups', 'F.conv_transpose2d', [x4, w4], {'groups': 3})
add('conv_transpose2d bad rank', 'F.conv_transpose2d', [vals([5, 5]), w4])
add('conv_transpose2d negative padding', 'F.conv_transpose2d', [x4, w4], {'padding': -1})
add('conv_transpose2d zero stride', 'F.conv_transpose2d', [x4, w4], {'stride': 0})
add('conv_transpose2d too small', 'F.conv_transpose2d', [x4, w4], {'padding': 4})
x1 = vals([2, 4, 7], salt=5)
w1 = vals([4, 3, 3], -1, 1, salt=6)
add('conv_transpose1d', 'F.conv_transpose1d', [T(x1, rg=True), T(w1, rg=True), T(b3, rg=True)])
add('conv_transpose1d positional', 'F.conv_transpose1d',
    [T(x1, rg=True), T(vals([4, 1, 4], salt=7), rg=True), None, 3, 2, 2, 2, 2])
add('conv_transpose1d unbatched', 'F.conv_transpose1d', [T(vals([4, 6]), rg=True), T(w1, rg=True)], {'stride': 2})
add('conv_transpose1d bad weight', 'F.conv_transpose1d', [x1, vals([4, 3])])

# ---------------------------------------------------------------- normalization
xi = vals([2, 3, 4, 5], salt=10)
add('instance_norm', 'F.instance_norm', [T(xi, rg=True)])
add('instance_norm affine', 'F.instance_norm', [T(xi, rg=True), None, None, T(vals([3], 0.5, 1.5, salt=11), rg=True),
                                                T(vals([3], salt=12), rg=True)])
add('instance_norm running eval', 'F.instance_norm', [T(xi, rg=True), vals([3], salt=13), vals([3], 0.5, 2, salt=14)],
    {'use_input_stats': False})
add('instance_norm 1d eps', 'F.instance_norm', [T(vals([2, 3, 6], salt=15), rg=True)], {'eps': 1e-3})
add('instance_norm one spatial element', 'F.instance_norm', [vals([2, 3, 1])])
add('local_response_norm', 'F.local_response_norm', [T(xi, rg=True), 2])
add('local_response_norm 3d', 'F.local_response_norm', [T(vals([2, 5, 4], salt=16), rg=True), 3, 1e-2, 0.5, 2.5])
add('local_response_norm 5d', 'F.local_response_norm', [T(vals([2, 4, 2, 3, 2], salt=17), rg=True), 3], {'alpha': 0.1})
add('local_response_norm 2d', 'F.local_response_norm', [vals([2, 3]), 2])

# ---------------------------------------------------------------- layers
a1 = vals([4, 3], salt=20)
a2 = vals([4, 5], salt=21)
wb = vals([2, 3, 5], -1, 1, salt=22)
add('bilinear', 'F.bilinear', [T(a1, rg=True), T(a2, rg=True), T(wb, rg=True), T(vals([2], salt=23), rg=True)])
add('bilinear no bias 3-D', 'F.bilinear', [T(vals([2, 4, 3], salt=24), rg=True), T(vals([2, 4, 5], salt=25), rg=True),
                                           T(wb, rg=True)])
add('bilinear bad in1', 'F.bilinear', [vals([4, 2]), a2, wb])
xp = vals([2, 8, 3, 3], salt=26)
add('pixel_shuffle', 'F.pixel_shuffle', [T(xp, rg=True), 2])
add('pixel_shuffle 3-D', 'F.pixel_shuffle', [T(vals([9, 2, 2], salt=27), rg=True), 3])
add('pixel_shuffle 5-D', 'F.pixel_shuffle', [T(vals([2, 2, 4, 2, 3], salt=27), rg=True), 2])
add('pixel_shuffle bad channels', 'F.pixel_shuffle', [vals([2, 6, 3, 3]), 2])
add('pixel_shuffle bad rank', 'F.pixel_shuffle', [vals([6, 3]), 2])
add('pixel_unshuffle', 'F.pixel_unshuffle', [T(vals([2, 2, 4, 6], salt=28), rg=True), 2])
add('pixel_unshuffle bad width', 'F.pixel_unshuffle', [vals([2, 2, 4, 5]), 2])
add('channel_shuffle', 'F.channel_shuffle', [vals([2, 6, 2, 2], salt=29), 3])
add('channel_shuffle bad groups', 'F.channel_shuffle', [vals([2, 6, 2, 2]), 4])
emb_w = vals([10, 3], salt=30)
idx1 = torch.tensor([1, 2, 4, 5, 4, 3, 2, 9])
off = torch.tensor([0, 4])
for mode in ['sum', 'mean', 'max']:
    add(f'embedding_bag {mode}', 'F.embedding_bag', [idx1, T(emb_w, rg=True), off], {'mode': mode})
add('embedding_bag 2-D input', 'F.embedding_bag', [torch.tensor([[1, 2, 3], [4, 5, 6]]), T(emb_w, rg=True)])
add('embedding_bag per_sample_weights', 'F.embedding_bag', [idx1, T(emb_w, rg=True), off],
    {'mode': 'sum', 'per_sample_weights': T(vals([8], salt=31), rg=True)})
add('embedding_bag empty bag include_last_offset', 'F.embedding_bag', [idx1, T(emb_w, rg=True), torch.tensor([0, 3, 3, 8])],
    {'include_last_offset': True})
add('embedding_bag padding_idx', 'F.embedding_bag', [idx1, T(emb_w, rg=True), off], {'padding_idx': 4})
add('embedding_bag per_sample_weights mean', 'F.embedding_bag', [idx1, emb_w, off],
    {'mode': 'mean', 'per_sample_weights': vals([8], salt=31)})
add('embedding_bag no offsets', 'F.embedding_bag', [idx1, emb_w])

# ---------------------------------------------------------------- losses
i1 = vals([6], salt=40)
i2 = vals([6], salt=41)
sgn = torch.tensor([1.0, -1.0, 1.0, 1.0, -1.0, -1.0])
for red in ['mean', 'sum', 'none']:
    add(f'margin_ranking_loss {red}', 'F.margin_ranking_loss', [T(i1, rg=True), T(i2, rg=True), sgn], {'margin': 0.3, 'reduction': red})
    add(f'hinge_embedding_loss {red}', 'F.hinge_embedding_loss', [T(i1, rg=True), sgn], {'reduction': red})
add('margin_ranking_loss bad dims', 'F.margin_ranking_loss', [i1, i2.reshape(6, 1), sgn])
add('hinge_embedding_loss margin', 'F.hinge_embedding_loss', [T(i1, rg=True), sgn, 0.5])
e1 = vals([6, 4], salt=42)
e2 = vals([6, 4], salt=43)
add('cosine_embedding_loss', 'F.cosine_embedding_loss', [T(e1, rg=True), T(e2, rg=True), sgn])
add('cosine_embedding_loss margin none', 'F.cosine_embedding_loss', [T(e1, rg=True), T(e2, rg=True), sgn, 0.2],
    {'reduction': 'none'})
add('cosine_embedding_loss 1-D', 'F.cosine_embedding_loss', [T(e1[0], rg=True), T(e2[0], rg=True), torch.tensor(-1.0)])
add('cosine_embedding_loss 2-D target', 'F.cosine_embedding_loss', [T(e1), T(e2), torch.ones(6, 1)])
add('cosine_embedding_loss 3-D inputs', 'F.cosine_embedding_loss', [T(e1.view(2, 3, 4)), T(e2.view(2, 3, 4)), sgn[:2]])
add('cosine_embedding_loss 1-D input1, 0-D target', 'F.cosine_embedding_loss', [T(e1), T(e2[0]), torch.tensor(1.0)])
# PyTorch 2 checks both inputs' ranks against the target's (aten/src/ATen/native/Loss.cpp); 1.13
# checked input1 only and failed later with an IndexError, so this case's error is PyTorch 2's text.
add('cosine_embedding_loss lower-rank input2', 'F.cosine_embedding_loss', [T(e1), T(e2[0]), sgn])
ops[-1]['error'] = ('1D target tensor expects 2D input tensors, but found inputs with sizes [6, 4] and [4].')
ops[-1]['note'] = 'PyTorch 2 message (1.13 raised IndexError: Dimension out of range)'
xl = vals([3, 5], salt=44)
yl = torch.tensor([[1.0, 0, 1, 0, 0], [0, 1, 0, 0, 1], [1, 1, 1, 0, 0]])
add('multilabel_soft_margin_loss', 'F.multilabel_soft_margin_loss', [T(xl, rg=True), yl])
add('multilabel_soft_margin_loss weight none', 'F.multilabel_soft_margin_loss',
    [T(xl, rg=True), yl, vals([5], 0.5, 2, salt=45)], {'reduction': 'none'})
tm = torch.tensor([2, 0, 4])
add('multi_margin_loss', 'F.multi_margin_loss', [T(xl, rg=True), tm])
add('multi_margin_loss p=2 margin weight sum', 'F.multi_margin_loss', [T(xl, rg=True), tm, 2, 0.5, vals([5], 0.5, 2, salt=46)],
    {'reduction': 'sum'})
add('multi_margin_loss none', 'F.multi_margin_loss', [T(xl, rg=True), tm], {'reduction': 'none'})
add('multi_margin_loss 1-D', 'F.multi_margin_loss', [T(xl[0], rg=True), torch.tensor([3])])
add('multi_margin_loss bad p', 'F.multi_margin_loss', [xl, tm, 3])
add('multi_margin_loss float target', 'F.multi_margin_loss', [xl, tm.float()])
add('multi_margin_loss target out of range', 'F.multi_margin_loss', [xl, torch.tensor([0, 5, 1])])
add('embedding_bag float indices', 'F.embedding_bag', [idx1.float(), emb_w, off])
add('embedding_bag float offsets', 'F.embedding_bag', [idx1, emb_w, off.float()])
tml = torch.tensor([[3, 0, -1, 1, 2], [1, 4, 2, -1, 0], [0, 1, 2, 3, 4]])
add('multilabel_margin_loss', 'F.multilabel_margin_loss', [T(xl, rg=True), tml])
add('multilabel_margin_loss float target', 'F.multilabel_margin_loss', [xl, tml.float()])
add('multilabel_margin_loss none', 'F.multilabel_margin_loss', [T(xl, rg=True), tml], {'reduction': 'none'})
add('multilabel_margin_loss 1-D', 'F.multilabel_margin_loss', [T(xl[0], rg=True), torch.tensor([3, 0, -1, 1, 2])])
# ATen's shape checks: a non-empty vector or matrix, or a 0-d input (tensorgrad computed a loss for an
# empty one; differential fuzzer seeds 1107, 1109), then the target's size in the 1-D wording.
add('multilabel_margin_loss empty', 'F.multilabel_margin_loss', [torch.zeros(0), torch.zeros(0, dtype=I64)])
add('multilabel_margin_loss empty int32', 'F.multilabel_margin_loss',
    [torch.zeros(0, dtype=torch.int32), torch.zeros(0, dtype=I64)])
add('multilabel_margin_loss no classes', 'F.multilabel_margin_loss', [torch.zeros(2, 0), torch.zeros(2, 0, dtype=I64)])
add('multilabel_margin_loss 3-D', 'F.multilabel_margin_loss', [vals([2, 3, 4]), torch.zeros(2, 3, 4, dtype=I64)])
add('multilabel_margin_loss 1-D target size', 'F.multilabel_margin_loss', [xl[0], torch.tensor([3, 0])])
add('multilabel_margin_loss 1-D input, 2-D target', 'F.multilabel_margin_loss', [xl[0], tml[:1]])
add('multilabel_margin_loss 0-d', 'F.multilabel_margin_loss', [T(torch.tensor(0.5), rg=True), torch.tensor(0)])
pt = vals([3, 5], 0, 4, salt=47).round()
add('poisson_nll_loss', 'F.poisson_nll_loss', [T(xl, rg=True), pt])
add('poisson_nll_loss full sum', 'F.poisson_nll_loss', [T(xl, rg=True), pt, True, True], {'reduction': 'sum'})
add('poisson_nll_loss no log_input', 'F.poisson_nll_loss', [T(vals([3, 5], 0.1, 3, salt=48), rg=True), pt, False],
    {'reduction': 'none'})
gv = vals([3, 5], 0.1, 2, salt=49)
add('gaussian_nll_loss', 'F.gaussian_nll_loss', [T(xl, rg=True), vals([3, 5], salt=50), T(gv, rg=True)])
add('gaussian_nll_loss var per sample full sum', 'F.gaussian_nll_loss',
    [T(xl, rg=True), vals([3, 5], salt=50), T(vals([3], 0.1, 2, salt=51), rg=True), True], {'reduction': 'sum'})
add('gaussian_nll_loss var last dim 1 none', 'F.gaussian_nll_loss',
    [T(xl, rg=True), vals([3, 5], salt=50), T(vals([3, 1], 0.1, 2, salt=51), rg=True)], {'reduction': 'none'})
add('gaussian_nll_loss eps clamp', 'F.gaussian_nll_loss',
    [T(xl, rg=True), vals([3, 5], salt=50), T(torch.tensor([1e-8, 0.5, 2.0]), rg=True)], {'eps': 1e-3})
add('gaussian_nll_loss bad var', 'F.gaussian_nll_loss', [xl, xl, vals([5])])
add('gaussian_nll_loss negative var', 'F.gaussian_nll_loss', [xl, xl, -gv])
# An integer or bool var: PyTorch's in-place clamp_(min=eps) cannot write a float back (tensorgrad computed
# a loss; differential fuzzer seed 1101), an empty one included.
add('gaussian_nll_loss int64 var', 'F.gaussian_nll_loss', [xl, xl, torch.ones(3, 5, dtype=torch.int64)])
add('gaussian_nll_loss int32 empty var', 'F.gaussian_nll_loss', [vals([0]), vals([0]), torch.ones(0, dtype=torch.int32)])
add('gaussian_nll_loss bool var', 'F.gaussian_nll_loss', [xl, xl, torch.ones(3, 5, dtype=torch.bool)])
ta, tp, tn = vals([4, 5], salt=52), vals([4, 5], salt=53), vals([4, 5], salt=54)
add('triplet_margin_loss', 'F.triplet_margin_loss', [T(ta, rg=True), T(tp, rg=True), T(tn, rg=True)])
add('triplet_margin_loss p=1 swap none', 'F.triplet_margin_loss', [T(ta, rg=True), T(tp, rg=True), T(tn, rg=True), 0.5, 1.5],
    {'swap': True, 'reduction': 'none'})
add('triplet_margin_loss bad dims', 'F.triplet_margin_loss', [ta, tp[0], tn])

# ---------------------------------------------------------------- more bad arguments
add('pixel_shuffle zero factor', 'F.pixel_shuffle', [xp, 0])
add('pixel_unshuffle bad rank', 'F.pixel_unshuffle', [vals([4, 4]), 2])
add('pixel_unshuffle bad height', 'F.pixel_unshuffle', [vals([1, 1, 3, 4]), 2])
add('channel_shuffle bad rank', 'F.channel_shuffle', [vals([2, 6]), 3])
add('channel_shuffle zero groups', 'F.channel_shuffle', [vals([2, 6, 2]), 0])
add('bilinear bad in2', 'F.bilinear', [a1, vals([4, 4]), wb])
add('bilinear batch mismatch', 'F.bilinear', [vals([3, 3]), a2, wb])
add('bilinear bad bias', 'F.bilinear', [a1, a2, wb, vals([3])])
add('embedding_bag bad mode', 'F.embedding_bag', [idx1, emb_w, off], {'mode': 'median'})
add('embedding_bag 3-D input', 'F.embedding_bag', [idx1.reshape(2, 2, 2), emb_w])
add('embedding_bag 2-D input with offsets', 'F.embedding_bag', [idx1.reshape(2, 4), emb_w, off])
add('embedding_bag first offset', 'F.embedding_bag', [idx1, emb_w, torch.tensor([1, 4])])
add('embedding_bag bad per_sample_weights shape', 'F.embedding_bag', [idx1, emb_w, off],
    {'mode': 'sum', 'per_sample_weights': vals([7])})
add('instance_norm weight size', 'F.instance_norm', [xi, None, None, vals([4])])
# The running statistics are repeated per example and checked against N*C, also in eval (tensorgrad
# took a 2-d running_mean; differential fuzzer seed 1105).
add('instance_norm 2-d running_mean eval', 'F.instance_norm', [vals([1, 3]), vals([1, 3]), vals([1, 3], 0.5, 2)],
    {'use_input_stats': False})
add('instance_norm running_mean size eval', 'F.instance_norm', [xi, vals([6]), vals([6], 0.5, 2)],
    {'use_input_stats': False})
add('instance_norm running_var size', 'F.instance_norm', [xi, vals([3]), vals([4], 0.5, 2)])
add('instance_norm 2-d bias', 'F.instance_norm', [xi, None, None, None, vals([1, 3])])
add('local_response_norm empty', 'F.local_response_norm', [torch.zeros(0, 3, 2), 2])
add('conv_transpose1d bad rank', 'F.conv_transpose1d', [vals([2, 4, 7, 1]), w1])
add('conv_transpose2d bias float64', 'F.conv_transpose2d', [x4, w4, b3.double()])
add('gaussian_nll_loss bad reduction', 'F.gaussian_nll_loss', [xl, xl, gv], {'reduction': 'avg'})
add('margin_ranking_loss bad reduction', 'F.margin_ranking_loss', [i1, i2, sgn], {'reduction': 'avg'})

dump('nn2_functional', ops)

# ---------------------------------------------------------------- modules
mods = []


def mod(name, ctor, args=(), kwargs=None, inputs=(), train=True, seed=None, grad_inputs=None, fkwargs=None):
    kwargs = kwargs or {}

    def arg(v):
        if isinstance(v, torch.dtype):
            return {'dtype': str(v).replace('torch.', '')}
        if isinstance(v, (list, tuple)):
            return [arg(e) for e in v]
        if isinstance(v, dict):
            return {k: arg(e) for k, e in v.items()}
        return {'t': enc(v)} if isinstance(v, torch.Tensor) else v

    case = {'name': name, 'ctor': ctor, 'args': [arg(a) for a in args], 'kwargs': {k: arg(v) for k, v in kwargs.items()}}
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
    case['named_parameters'] = [n for n, _ in m.named_parameters()]
    grad_inputs = len(inputs) if grad_inputs is None else grad_inputs
    xs = [x.clone().requires_grad_(i < grad_inputs and x.is_floating_point()) for i, x in enumerate(inputs)]
    case['grad_inputs'] = grad_inputs
    case['inputs'] = [enc(x) for x in inputs]
    if fkwargs:
        case['fkwargs'] = fkwargs
    if not inputs:  # containers: nothing to call
        mods.append(case)
        return
    if seed is not None:
        torch.manual_seed(seed)
        case['seed'] = seed
    try:
        out = m(*[x.clone() for x in xs], **(fkwargs or {}))
    except Exception as e:  # noqa: BLE001
        case['forward_error'] = str(e).split('\n')[0]
        mods.append(case)
        return
    if isinstance(out, tuple):
        out = out[0]
    case['out'] = enc(out)
    if out.requires_grad:
        g = grad_like(out)
        out.backward(g)
        case['grad_out'] = enc(g)
        case['grads'] = [enc(x.grad) if x.grad is not None else None for x in xs]
        case['param_grads'] = {n: enc(p.grad) for n, p in m.named_parameters() if p.grad is not None}
    mods.append(case)


xc = vals([2, 4, 5, 5], salt=8)
mod('ConvTranspose2d', 'ConvTranspose2d', [4, 6, 3], inputs=[xc])
mod('ConvTranspose2d DCGAN', 'ConvTranspose2d', [4, 3, 4, 2, 1], {'bias': False}, inputs=[xc])
mod('ConvTranspose2d positional', 'ConvTranspose2d', [4, 6, (3, 2), (2, 1), (1, 0), (1, 0), 2, True, 1], inputs=[xc])
mod('ConvTranspose2d dilation', 'ConvTranspose2d', [4, 2, 3], {'dilation': 2, 'padding': 2}, inputs=[xc])
mod('ConvTranspose2d output_size', 'ConvTranspose2d', [4, 2, 3], {'stride': 2}, inputs=[xc],
    fkwargs={'output_size': [12, 12]})
mod('ConvTranspose2d output_size full', 'ConvTranspose2d', [4, 2, 3], {'stride': 2, 'padding': 1}, inputs=[xc],
    fkwargs={'output_size': [2, 2, 10, 10]})
mod('ConvTranspose2d output_size bad', 'ConvTranspose2d', [4, 2, 3], {'stride': 2}, inputs=[xc],
    fkwargs={'output_size': [20, 20]})
mod('ConvTranspose2d output_size bad length', 'ConvTranspose2d', [4, 2, 3], {'stride': 2}, inputs=[xc],
    fkwargs={'output_size': [20]})
mod('ConvTranspose2d padding_mode', 'ConvTranspose2d', [4, 2, 3], {'padding_mode': 'reflect'})
mod('ConvTranspose2d groups', 'ConvTranspose2d', [4, 6, 3], {'groups': 4})
mod('ConvTranspose2d unbatched', 'ConvTranspose2d', [4, 2, 2], {'stride': 2}, inputs=[vals([4, 3, 3])])
mod('ConvTranspose2d float64', 'ConvTranspose2d', [4, 2, 2], {'dtype': F64}, inputs=[xc.double()])
x1m = vals([2, 4, 6], salt=9)
mod('ConvTranspose1d', 'ConvTranspose1d', [4, 6, 3], inputs=[x1m])
mod('ConvTranspose1d positional', 'ConvTranspose1d', [4, 2, 4, 2, 1, 1, 2, False, 1], inputs=[x1m])
mod('ConvTranspose1d output_size', 'ConvTranspose1d', [4, 2, 3], {'stride': 3}, inputs=[x1m],
    fkwargs={'output_size': [19]})

# normalization
xi = vals([2, 3, 4, 5], salt=60)
mod('InstanceNorm2d', 'InstanceNorm2d', [3], inputs=[xi])
mod('InstanceNorm2d affine', 'InstanceNorm2d', [3], {'affine': True}, inputs=[xi])
mod('InstanceNorm2d track_running_stats', 'InstanceNorm2d', [3, 1e-3, 0.2, True, True], inputs=[xi])
mod('InstanceNorm2d eval running', 'InstanceNorm2d', [3], {'track_running_stats': True}, inputs=[xi], train=False)
mod('InstanceNorm2d unbatched', 'InstanceNorm2d', [3], inputs=[xi[0]])
mod('InstanceNorm2d bad rank', 'InstanceNorm2d', [3], inputs=[vals([2, 3])])
mod('InstanceNorm1d', 'InstanceNorm1d', [4], {'affine': True}, inputs=[vals([2, 4, 6], salt=61)])
mod('InstanceNorm3d', 'InstanceNorm3d', [2], inputs=[vals([2, 2, 2, 3, 2], salt=62)])
mod('LocalResponseNorm', 'LocalResponseNorm', [2], inputs=[xi])
mod('LocalResponseNorm positional', 'LocalResponseNorm', [3, 1e-3, 0.5, 2.0], inputs=[xi])
mod('BatchNorm3d', 'BatchNorm3d', [2], inputs=[vals([2, 2, 2, 3, 2], salt=62)])
mod('BatchNorm3d eval momentum None', 'BatchNorm3d', [2, 1e-3, None], inputs=[vals([2, 2, 2, 3, 2], salt=62)], train=False)
mod('BatchNorm3d bad rank', 'BatchNorm3d', [2], inputs=[vals([2, 2, 3, 2], salt=62)])
mod('ConvTranspose2d bad input rank', 'ConvTranspose2d', [4, 2, 3], inputs=[vals([2, 4, 5, 5, 1])])
mod('ConvTranspose2d wrong channels', 'ConvTranspose2d', [4, 2, 3], inputs=[vals([2, 3, 5, 5])])
mod('Bilinear bad input', 'Bilinear', [3, 5, 2], inputs=[vals([4, 2]), vals([4, 5])])
mod('InstanceNorm1d bad rank', 'InstanceNorm1d', [3], inputs=[vals([2, 3, 4, 5])])
mod('InstanceNorm1d unbatched', 'InstanceNorm1d', [3], inputs=[vals([3, 6], salt=3)])
mod('EmbeddingBag bad padding_idx', 'EmbeddingBag', [4, 3], {'padding_idx': 7})
mod('EmbeddingBag bad mode', 'EmbeddingBag', [4, 3], {'mode': 'median'}, inputs=[torch.tensor([[1, 2]])])
# containers
mod('ParameterList', 'ParameterList', [[vals([3, 4], salt=63), vals([2], salt=64).double()]])
mod('ParameterList empty', 'ParameterList', [])
mod('ParameterDict', 'ParameterDict', [{'b': vals([3], salt=65), 'a': vals([2, 2], salt=66)}])
mod('ParameterDict pairs', 'ParameterDict', [[['z', vals([3], salt=65)], ['y', vals([1], salt=66)]]])
# layers
mod('Bilinear', 'Bilinear', [3, 5, 2], inputs=[vals([4, 3], salt=67), vals([4, 5], salt=68)])
mod('Bilinear no bias', 'Bilinear', [3, 5, 2, False], inputs=[vals([4, 3], salt=67), vals([4, 5], salt=68)])
mod('PixelShuffle', 'PixelShuffle', [2], inputs=[vals([2, 8, 3, 3], salt=69)])
mod('PixelUnshuffle', 'PixelUnshuffle', [2], inputs=[vals([2, 2, 4, 6], salt=70)])
mod('ChannelShuffle', 'ChannelShuffle', [2], inputs=[vals([2, 4, 3, 3], salt=71)], grad_inputs=0)
mod('Softmax2d', 'Softmax2d', [], inputs=[xi])
mod('Softmax2d bad rank', 'Softmax2d', [], inputs=[vals([2, 3])])
mod('Fold', 'Fold', [(4, 5), (2, 2)], inputs=[vals([2, 12, 12], salt=72)])
mod('Fold stride', 'Fold', [(4, 6), 2], {'stride': 2}, inputs=[vals([2, 12, 6], salt=72)])
mod('Unfold', 'Unfold', [(2, 3)], {'padding': 1}, inputs=[xi])
mod('ReflectionPad1d', 'ReflectionPad1d', [2], inputs=[vals([2, 3, 5], salt=73)])
mod('ReflectionPad1d pair', 'ReflectionPad1d', [(3, 1)], inputs=[vals([2, 3, 5], salt=73)])
mod('ReplicationPad1d', 'ReplicationPad1d', [(1, 3)], inputs=[vals([2, 3, 5], salt=73)])
mod('ConstantPad1d', 'ConstantPad1d', [2, 3.5], inputs=[vals([2, 3, 5], salt=73)])
mod('ConstantPad1d pair', 'ConstantPad1d', [(1, 0), -1.0], inputs=[vals([3, 5], salt=73)])
idx1 = torch.tensor([1, 2, 4, 5, 4, 3, 2, 9])
mod('EmbeddingBag', 'EmbeddingBag', [10, 3], inputs=[idx1, torch.tensor([0, 4])], grad_inputs=0)
mod('EmbeddingBag sum', 'EmbeddingBag', [10, 3], {'mode': 'sum'}, inputs=[torch.tensor([[1, 2], [4, 5]])], grad_inputs=0)
mod('EmbeddingBag max padding_idx', 'EmbeddingBag', [10, 3], {'mode': 'max', 'padding_idx': 2},
    inputs=[idx1, torch.tensor([0, 4])], grad_inputs=0)
mod('EmbeddingBag per_sample_weights', 'EmbeddingBag', [10, 3, None, 2.0, False, 'sum'],
    inputs=[idx1, torch.tensor([0, 4]), vals([8], salt=74)], grad_inputs=0)
# losses
i1, i2 = vals([6], salt=75), vals([6], salt=76)
sgn = torch.tensor([1.0, -1.0, 1.0, 1.0, -1.0, -1.0])
mod('MarginRankingLoss', 'MarginRankingLoss', [0.2], inputs=[i1, i2, sgn], grad_inputs=2)
mod('MarginRankingLoss sum', 'MarginRankingLoss', [], {'reduction': 'sum'}, inputs=[i1, i2, sgn], grad_inputs=2)
mod('HingeEmbeddingLoss', 'HingeEmbeddingLoss', [0.5], inputs=[i1, sgn], grad_inputs=1)
e1, e2 = vals([6, 4], salt=77), vals([6, 4], salt=78)
mod('CosineEmbeddingLoss', 'CosineEmbeddingLoss', [0.1], inputs=[e1, e2, sgn], grad_inputs=2)
xl = vals([3, 5], salt=79)
mod('MultiLabelSoftMarginLoss', 'MultiLabelSoftMarginLoss', [],
    inputs=[xl, torch.tensor([[1.0, 0, 1, 0, 0], [0, 1, 0, 0, 1], [1, 1, 1, 0, 0]])], grad_inputs=1)
mod('MultiLabelSoftMarginLoss weight', 'MultiLabelSoftMarginLoss', [vals([5], 0.5, 2, salt=80)],
    inputs=[xl, torch.tensor([[1.0, 0, 1, 0, 0], [0, 1, 0, 0, 1], [1, 1, 1, 0, 0]])], grad_inputs=1)
mod('MultiMarginLoss', 'MultiMarginLoss', [], inputs=[xl, torch.tensor([2, 0, 4])], grad_inputs=1)
mod('MultiMarginLoss positional', 'MultiMarginLoss', [2, 0.5, vals([5], 0.5, 2, salt=81)],
    inputs=[xl, torch.tensor([2, 0, 4])], grad_inputs=1)
mod('MultiMarginLoss bad p', 'MultiMarginLoss', [3])
mod('MultiLabelMarginLoss', 'MultiLabelMarginLoss', [], inputs=[xl, torch.tensor([[3, 0, -1, 1, 2], [1, 4, 2, -1, 0], [0, 1, 2, 3, 4]])],
    grad_inputs=1)
mod('PoissonNLLLoss', 'PoissonNLLLoss', [], inputs=[xl, vals([3, 5], 0, 4, salt=82).round()], grad_inputs=1)
mod('PoissonNLLLoss positional full', 'PoissonNLLLoss', [False, True], inputs=[xl.abs() + 0.1, vals([3, 5], 0, 4, salt=82).round()],
    grad_inputs=1)
mod('GaussianNLLLoss', 'GaussianNLLLoss', [], inputs=[xl, vals([3, 5], salt=83), vals([3, 5], 0.1, 2, salt=84)], grad_inputs=1)
mod('GaussianNLLLoss full sum', 'GaussianNLLLoss', [], {'full': True, 'reduction': 'sum'},
    inputs=[xl, vals([3, 5], salt=83), vals([3, 1], 0.1, 2, salt=84)], grad_inputs=3)
mod('TripletMarginLoss', 'TripletMarginLoss', [], inputs=[vals([4, 5], salt=85), vals([4, 5], salt=86), vals([4, 5], salt=87)])
mod('TripletMarginLoss positional swap', 'TripletMarginLoss', [0.5, 1.0, 1e-6, True],
    inputs=[vals([4, 5], salt=85), vals([4, 5], salt=86), vals([4, 5], salt=87)])

dump('nn2_modules', mods)

# ---------------------------------------------------------------- containers inside a module
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.ps = nn.ParameterList([nn.Parameter(torch.zeros(2)), nn.Parameter(torch.ones(3, 2))])
        self.pd = nn.ParameterDict({'w': nn.Parameter(torch.zeros(4)), 'b': nn.Parameter(torch.zeros(1, dtype=F64))})
        self.lin = nn.Linear(2, 2)


net = Net()
one = nn.ParameterList([nn.Parameter(torch.zeros(5))])
dump('nn2_containers', [{
    'repr': repr(net),
    'named_parameters': [n for n, _ in net.named_parameters()],
    'state_dict': list(net.state_dict().keys()),
    'one_repr': repr(one),
}])
