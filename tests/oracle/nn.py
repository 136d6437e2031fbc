"""Oracle for torch.nn (src/nn, src/ops/{loss,activation,conv,normalization}.ts).

    /usr/bin/python3 tests/oracle/nn.py  ->  tests/fixtures/nn_functional.json   (op cases, tests/replay.ts)
                                          ->  tests/fixtures/nn_modules.json      (module cases)
                                          ->  tests/fixtures/nn_misc.json         (reprs, state_dict, init)

A module case builds `nn.<ctor>(*args, **kwargs)` right after torch.manual_seed(seed), records its
freshly initialised parameters (PyTorch's default initialisation from that seed), runs forward on
`input` (and `target` for losses) in train or eval mode, backpropagates a fixed upstream gradient,
and records the output, grad_fn name, input and parameter gradients, buffers after the call and
repr(module).
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from cases import S, T, run, grad_like
from common import dump, enc, error_text

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


def classes(shape, n, salt=0):
    return vals(shape, 0, n - 0.001, salt, F64).floor().to(I64)


# ---------------------------------------------------------------- functional op cases

ops = []


def add(*a, **k):
    ops.append(run(*a, **k))


x43 = vals([4, 3])
t4 = torch.tensor([0, 2, 1, 2])
p43 = vals([4, 3], 0.05, 0.95, salt=1)
y43 = vals([4, 3], 0.0, 1.0, salt=2)
w3 = torch.tensor([0.5, 2.0, 1.25])

for red in ['mean', 'sum', 'none']:
    add(f'mse_loss {red}', 'F.mse_loss', [T(x43, rg=True), T(y43, rg=True)], {'reduction': red})
    add(f'l1_loss {red}', 'F.l1_loss', [T(x43, rg=True), T(y43, rg=True)], {'reduction': red})
    add(f'nll_loss {red}', 'F.nll_loss', [T(x43, rg=True), t4], {'reduction': red})
    add(f'nll_loss weight {red}', 'F.nll_loss', [T(x43, rg=True), t4], {'weight': w3, 'reduction': red})
    add(f'nll_loss ignore_index {red}', 'F.nll_loss', [T(x43, rg=True), t4], {'ignore_index': 2, 'reduction': red})
    add(f'cross_entropy {red}', 'F.cross_entropy', [T(x43, rg=True), t4], {'reduction': red})
    add(f'cross_entropy weight ignore {red}', 'F.cross_entropy', [T(x43, rg=True), t4],
        {'weight': w3, 'ignore_index': 1, 'reduction': red})
    add(f'cross_entropy label_smoothing {red}', 'F.cross_entropy', [T(x43, rg=True), t4],
        {'label_smoothing': 0.1, 'reduction': red})
    add(f'cross_entropy label_smoothing weight ignore {red}', 'F.cross_entropy', [T(x43, rg=True), t4],
        {'label_smoothing': 0.2, 'weight': w3, 'ignore_index': 0, 'reduction': red})
    add(f'cross_entropy probs {red}', 'F.cross_entropy', [T(x43, rg=True), y43], {'reduction': red})
    add(f'cross_entropy probs weight smoothing {red}', 'F.cross_entropy', [T(x43, rg=True), y43],
        {'weight': w3, 'label_smoothing': 0.3, 'reduction': red})
    add(f'binary_cross_entropy {red}', 'F.binary_cross_entropy', [T(p43, rg=True), T(y43, rg=True)], {'reduction': red})
    add(f'binary_cross_entropy weight {red}', 'F.binary_cross_entropy', [T(p43, rg=True), y43],
        {'weight': w3, 'reduction': red})
    add(f'bce_with_logits {red}', 'F.binary_cross_entropy_with_logits', [T(x43, rg=True), T(y43, rg=True)],
        {'reduction': red})
    add(f'bce_with_logits weight pos_weight {red}', 'F.binary_cross_entropy_with_logits',
        [T(x43, rg=True), T(y43, rg=True)], {'weight': w3, 'pos_weight': torch.tensor([1.5, 0.5, 3.0]), 'reduction': red})

add('mse_loss broadcast target', 'F.mse_loss', [T(x43, rg=True), T(vals([3], salt=5), rg=True)])
# float32 logits with a float64 target: ATen keeps its log term in float32 and the sum in float64.
add('bce_with_logits float64 target', 'F.binary_cross_entropy_with_logits', [T(x43, rg=True), T(y43.double(), rg=True)],
    {'reduction': 'none'})
add('bce_with_logits float64 target pos_weight', 'F.binary_cross_entropy_with_logits',
    [T(x43, rg=True), T(y43.double())], {'pos_weight': torch.tensor([1.5, 0.5, 3.0]), 'reduction': 'none'})
add('l1_loss broadcast input', 'F.l1_loss', [T(vals([1, 3], salt=6), rg=True), T(y43, rg=True)], {'reduction': 'sum'})
add('mse_loss float64', 'F.mse_loss', [T(x43.double(), rg=True), y43.double()])
add('mse_loss transposed', 'F.mse_loss', [T(x43.t().contiguous(), view=[['t']], rg=True), y43])
add('cross_entropy float64', 'F.cross_entropy', [T(x43.double(), rg=True), t4])
add('cross_entropy transposed input', 'F.cross_entropy', [T(x43.t().contiguous(), view=[['t']], rg=True), t4])
add('cross_entropy 1-D input, 0-d target', 'F.cross_entropy', [T(vals([5]), rg=True), torch.tensor(3)])
add('cross_entropy [N, C, L]', 'F.cross_entropy', [T(vals([2, 3, 4]), rg=True), classes([2, 4], 3)])
add('cross_entropy [N, C, H, W]', 'F.cross_entropy', [T(vals([2, 3, 2, 2]), rg=True), classes([2, 2, 2], 3)],
    {'reduction': 'sum'})
add('cross_entropy [N, C, L] none', 'F.cross_entropy', [T(vals([2, 3, 4]), rg=True), classes([2, 4], 3)],
    {'reduction': 'none'})
add('cross_entropy [N, C, L] smoothing', 'F.cross_entropy', [T(vals([2, 3, 4]), rg=True), classes([2, 4], 3)],
    {'label_smoothing': 0.25})
add('cross_entropy large logits', 'F.cross_entropy', [T(x43 * 40, rg=True), t4])
add('nll_loss all ignored', 'F.nll_loss', [T(x43, rg=True), torch.tensor([-100] * 4)])
add('nll_loss empty batch', 'F.nll_loss', [T(torch.zeros(0, 3), rg=True), torch.zeros(0, dtype=I64)])
add('nll_loss 1-D', 'F.nll_loss', [T(vals([6]), rg=True), torch.tensor(4)])
add('nll_loss 3-D', 'F.nll_loss', [T(vals([2, 3, 4]), rg=True), classes([2, 4], 3)], {'weight': w3})
add('binary_cross_entropy at 0 and 1', 'F.binary_cross_entropy',
    [torch.tensor([0.0, 1.0, 0.5, 1e-30]), torch.tensor([1.0, 0.0, 0.5, 1.0])])
add('bce_with_logits large', 'F.binary_cross_entropy_with_logits',
    [T(torch.tensor([-80.0, 80.0, 0.0, 30.0]), rg=True), torch.tensor([1.0, 0.0, 0.5, 0.25])])

# errors
add('nll_loss target out of bounds', 'F.nll_loss', [x43, torch.tensor([0, 1, 5, 2])])
add('nll_loss negative target', 'F.nll_loss', [x43, torch.tensor([0, 1, -1, 2])])
add('nll_loss batch mismatch', 'F.nll_loss', [x43, torch.tensor([0, 1, 2])])
add('nll_loss float target', 'F.nll_loss', [x43, torch.tensor([0.0, 1.0, 2.0, 1.0])])
add('nll_loss int32 target', 'F.nll_loss', [x43, torch.tensor([0, 1, 2, 1], dtype=torch.int32)])
add('nll_loss 2-D target', 'F.nll_loss', [x43, torch.tensor([[0, 1, 2, 1]])])
add('nll_loss bad weight', 'F.nll_loss', [x43, t4], {'weight': torch.ones(4)})
add('nll_loss bad reduction', 'F.nll_loss', [x43, t4], {'reduction': 'avg'})
# A weight of another dtype is refused (no promotion), before the target's dtype is checked; tensorgrad
# cast it silently (differential fuzzer seed 1101).
add('nll_loss float64 weight', 'F.nll_loss', [x43, t4], {'weight': w3.double()})
add('nll_loss int64 weight, int32 target', 'F.nll_loss', [x43, t4.int()], {'weight': torch.ones(3, dtype=I64)})
add('nll_loss 4-D float64 weight', 'F.nll_loss', [vals([2, 3, 2, 2]), classes([2, 2, 2], 3)], {'weight': w3.double()})
add('cross_entropy float64 weight', 'F.cross_entropy', [x43, t4], {'weight': w3.double()})
add('nll_loss 0-d input', 'F.nll_loss', [torch.tensor(1.5), torch.tensor(0)])
add('nll_loss 1-D size mismatch', 'F.nll_loss', [vals([3]), torch.tensor([1])])
add('nll_loss 3-D target mismatch', 'F.nll_loss', [vals([2, 3, 4]), classes([2, 3], 3)])
add('nll_loss 3-D bad weight', 'F.nll_loss', [vals([2, 3, 4]), classes([2, 4], 3)], {'weight': torch.ones(4)})
add('nll_loss 4-D bad weight', 'F.nll_loss', [vals([2, 3, 2, 2]), classes([2, 2, 2], 3)], {'weight': torch.ones(4)})
add('nll_loss 4-D', 'F.nll_loss', [T(vals([2, 3, 2, 2]), rg=True), classes([2, 2, 2], 3)], {'reduction': 'none'})
add('nll_loss 5-D none', 'F.nll_loss', [T(vals([2, 3, 2, 1, 2]), rg=True), classes([2, 2, 1, 2], 3)], {'reduction': 'none'})
add('nll_loss 4-D target mismatch', 'F.nll_loss', [vals([2, 3, 2, 2]), classes([2, 2, 3], 3)])
add('cross_entropy out of bounds', 'F.cross_entropy', [x43, torch.tensor([0, 1, 5, 2])])
add('cross_entropy batch mismatch', 'F.cross_entropy', [x43, torch.tensor([0, 1, 2])])
add('cross_entropy 2-D float target', 'F.cross_entropy', [x43, vals([4, 2])])
add('cross_entropy smoothing > 1', 'F.cross_entropy', [x43, t4], {'label_smoothing': 1.5})
add('cross_entropy probs int target', 'F.cross_entropy', [x43, torch.ones(4, 3, dtype=I64)])
add('cross_entropy probs ignore_index', 'F.cross_entropy', [x43, y43], {'ignore_index': 1})
add('binary_cross_entropy size mismatch', 'F.binary_cross_entropy', [p43, vals([4, 1], 0.0, 1.0)])
add('binary_cross_entropy out of range', 'F.binary_cross_entropy', [p43 * 2, y43])
add('binary_cross_entropy dtype mismatch', 'F.binary_cross_entropy', [p43, y43.double()])
add('bce_with_logits size mismatch', 'F.binary_cross_entropy_with_logits', [x43, vals([4, 1])])
add('l1_loss bad reduction', 'F.l1_loss', [x43, y43], {'reduction': 'x'})
add('mse_loss broadcast mismatch', 'F.mse_loss', [x43, vals([5, 3])])

# activations
add('gelu tanh', 'F.gelu', [T(vals([3, 4], -3, 3), rg=True)], {'approximate': 'tanh'})
add('gelu none', 'F.gelu', [T(vals([3, 4], -3, 3), rg=True)], {'approximate': 'none'})
add('gelu tanh float64', 'F.gelu', [T(vals([5], -3, 3, dtype=F64), rg=True)], {'approximate': 'tanh'})
add('gelu bad approximate', 'F.gelu', [x43], {'approximate': 'foo'})
add('dropout p out of range', 'F.dropout', [x43, S(1.5)])
add('dropout not training', 'F.dropout', [T(x43, rg=True), S(0.5)], {'training': False})
add('dropout p=1', 'F.dropout', [T(x43, rg=True), S(1)])
add('dropout p=0', 'F.dropout', [T(x43, rg=True), S(0)])

# linear, conv, pooling, normalization
xi = vals([2, 3, 6, 5], salt=3)
add('linear', 'F.linear', [T(x43, rg=True), T(vals([2, 3], salt=4), rg=True), T(vals([2], salt=5), rg=True)])
add('linear no bias', 'F.linear', [T(x43, rg=True), T(vals([2, 3], salt=4), rg=True)])
add('linear 3-D', 'F.linear', [T(vals([2, 4, 3]), rg=True), T(vals([2, 3], salt=4), rg=True), T(vals([2], salt=5), rg=True)])
add('linear 1-D', 'F.linear', [T(vals([3]), rg=True), T(vals([2, 3], salt=4), rg=True), T(vals([2], salt=5), rg=True)])
# ATen's linear adds the bias in place and its vector-matrix matmul ends in squeeze_(0): _version
# bumps that tensorgrad's out-of-place add does not make.
del ops[-1]['version']
# ATen's dispatch: addmm (dtypes checked first: self and mat2, then mat1 and mat2; tensorgrad promoted
# the bias; differential fuzzer seed 1113), or matmul then add_ in place, which keeps the output's
# dtype and shape (a float64 bias is cast into a float32 output; a 1-D bias cannot broadcast into a
# 0-d output).
add('linear float64 bias', 'F.linear', [x43, vals([2, 3], salt=4), vals([2], salt=5, dtype=F64)])
add('linear 3-D float64 weight', 'F.linear', [vals([2, 4, 3]), vals([2, 3], salt=4, dtype=F64), vals([2], salt=5)])
add('linear 1-D float64 bias', 'F.linear', [T(vals([3]), rg=True), T(vals([2, 3], salt=4), rg=True),
                                           T(vals([2], salt=5, dtype=F64), rg=True)])
del ops[-1]['version']  # squeeze_(0), as above
add('linear 4-D', 'F.linear', [T(vals([2, 1, 2, 3]), rg=True), T(vals([2, 3], salt=4), rg=True),
                               T(vals([2], salt=5), rg=True)])
add('linear 1-D weight, 1-D bias', 'F.linear', [vals([3]), vals([3], salt=4), vals([2], salt=5)])
add('addmm int64 matrices, float32 self', 'torch.addmm', [vals([2, 3]), torch.ones(2, 3, dtype=I64),
                                                         torch.ones(3, 3, dtype=I64)])
add('addmm int64 mat1', 'torch.addmm', [vals([2, 3]), torch.ones(2, 3, dtype=I64), vals([3, 3])])
add('addmm float64 self', 'torch.addmm', [vals([2, 3], dtype=F64), vals([2, 3]), vals([3, 3])])
add('conv2d', 'F.conv2d', [T(xi, rg=True), T(vals([4, 3, 3, 2], salt=6), rg=True), T(vals([4], salt=7), rg=True)])
add('conv2d stride padding', 'F.conv2d', [T(xi, rg=True), T(vals([4, 3, 3, 3], salt=6), rg=True), None],
    {'stride': 2, 'padding': [1, 2]})
add('conv2d dilation groups', 'F.conv2d', [T(vals([2, 4, 7, 6], salt=8), rg=True), T(vals([6, 2, 2, 3], salt=6), rg=True),
                                          T(vals([6], salt=7), rg=True)], {'dilation': [2, 1], 'groups': 2, 'padding': 1})
add('conv2d depthwise', 'F.conv2d', [T(xi, rg=True), T(vals([3, 1, 3, 3], salt=6), rg=True)], {'groups': 3})
add('conv2d unbatched', 'F.conv2d', [T(vals([3, 5, 5], salt=8), rg=True), T(vals([2, 3, 3, 3], salt=6), rg=True)])
add('conv2d float64', 'F.conv2d', [T(xi.double(), rg=True), T(vals([4, 3, 3, 2], salt=6, dtype=F64), rg=True)])
add('conv2d channel mismatch', 'F.conv2d', [xi, vals([4, 2, 3, 3])])
add('conv2d dtype mismatch', 'F.conv2d', [xi, vals([4, 3, 3, 3], dtype=F64)])
add('conv2d kernel too large', 'F.conv2d', [xi, vals([4, 3, 7, 3])])
add('conv2d groups not dividing weight', 'F.conv2d', [xi, vals([3, 3, 3, 3])], {'groups': 2})
add('conv2d bad bias', 'F.conv2d', [xi, vals([4, 3, 3, 3]), vals([3])])
add('conv2d 2-D input', 'F.conv2d', [vals([6, 30]), vals([4, 3, 3, 3])])
add('conv2d negative padding', 'F.conv2d', [xi, vals([4, 3, 3, 3])], {'padding': -1})
add('conv2d zero stride', 'F.conv2d', [xi, vals([4, 3, 3, 3])], {'stride': 0})
add('conv2d zero dilation', 'F.conv2d', [xi, vals([4, 3, 3, 3])], {'dilation': 0})
add('conv2d padding same', 'F.conv2d', [T(xi, rg=True), T(vals([2, 3, 3, 3], salt=6), rg=True)], {'padding': 'same'})
add('conv2d padding same even kernel', 'F.conv2d', [T(xi, rg=True), T(vals([2, 3, 2, 4], salt=6), rg=True)],
    {'padding': 'same', 'dilation': [1, 2]})
add('conv2d padding valid', 'F.conv2d', [T(xi, rg=True), T(vals([2, 3, 3, 3], salt=6), rg=True)], {'padding': 'valid'})
add('conv2d padding same strided', 'F.conv2d', [xi, vals([2, 3, 3, 3])], {'padding': 'same', 'stride': 2})
add('conv2d padding bad string', 'F.conv2d', [xi, vals([2, 3, 3, 3])], {'padding': 'foo'})
add('max_pool2d', 'F.max_pool2d', [T(xi, rg=True), S(2)])
add('max_pool2d ceil_mode', 'F.max_pool2d', [T(xi, rg=True), S(3)], {'stride': 2, 'ceil_mode': True})
add('max_pool2d ties and -inf', 'F.max_pool2d', [T(torch.tensor([[[[1.0, 1.0, -math.inf], [0.5, 1.0, -math.inf]]]]), rg=True), [2, 1]])
add('max_pool2d nan', 'F.max_pool2d', [T(torch.tensor([[[[1.0, math.nan], [math.nan, 2.0]]]]), rg=True), S(2)])
add('max_pool2d kernel too large', 'F.max_pool2d', [xi, S(7)])
add('max_pool2d zero stride', 'F.max_pool2d', [xi, S(2)], {'stride': 0})
add('max_pool2d zero dilation', 'F.max_pool2d', [xi, S(2)], {'dilation': 0})
add('max_pool2d 2-D input', 'F.max_pool2d', [vals([6, 5]), S(2)])
add('avg_pool2d ceil_mode', 'F.avg_pool2d', [T(xi, rg=True), S(3)], {'stride': 2, 'ceil_mode': True})
add('avg_pool2d ceil_mode padding', 'F.avg_pool2d', [T(xi, rg=True), S(3)], {'stride': 2, 'padding': 1, 'ceil_mode': True,
                                                                           'count_include_pad': False})
add('avg_pool2d unbatched', 'F.avg_pool2d', [T(vals([3, 4, 4]), rg=True), S(2)])
add('avg_pool2d bad padding', 'F.avg_pool2d', [xi, S(3)], {'padding': [1, 2]})
add('avg_pool2d divisor zero', 'F.avg_pool2d', [xi, S(2)], {'divisor_override': 0})
add('max_pool2d stride padding', 'F.max_pool2d', [T(xi, rg=True), S(3)], {'stride': 2, 'padding': 1})
add('max_pool2d rect dilation', 'F.max_pool2d', [T(xi, rg=True), [2, 2]], {'stride': [1, 2], 'dilation': [2, 1]})
add('max_pool2d unbatched', 'F.max_pool2d', [T(vals([3, 4, 4]), rg=True), S(2)])
add('max_pool2d bad padding', 'F.max_pool2d', [xi, S(2)], {'padding': 2})
add('avg_pool2d', 'F.avg_pool2d', [T(xi, rg=True), S(2)])
add('avg_pool2d stride padding', 'F.avg_pool2d', [T(xi, rg=True), S(3)], {'stride': 2, 'padding': 1})
add('avg_pool2d exclude pad', 'F.avg_pool2d', [T(xi, rg=True), S(3)],
    {'stride': 2, 'padding': 1, 'count_include_pad': False})
add('avg_pool2d divisor_override', 'F.avg_pool2d', [T(xi, rg=True), [2, 3]], {'divisor_override': 4})
add('layer_norm', 'F.layer_norm', [T(vals([2, 3, 4]), rg=True), [4]],
    {'weight': T(vals([4], salt=2), rg=True), 'bias': T(vals([4], salt=3), rg=True)})
add('layer_norm 2 dims no affine', 'F.layer_norm', [T(vals([2, 3, 4]), rg=True), [3, 4]], {'eps': 0.001})
add('layer_norm bad shape', 'F.layer_norm', [vals([2, 3, 4]), [3]])
# The kernel's dtype checks: an integer input, then weight and bias of the input's dtype (tensorgrad
# promoted an int64 weight; differential fuzzer seed 1110).
add('layer_norm int64 weight', 'F.layer_norm', [vals([2, 3]), [2, 3]], {'weight': torch.ones(2, 3, dtype=I64)})
add('layer_norm float64 bias', 'F.layer_norm', [vals([2, 3]), [3]], {'bias': torch.ones(3, dtype=F64)})
add('layer_norm float64 input, float32 weight', 'F.layer_norm', [vals([2, 3], dtype=F64), [3]], {'weight': torch.ones(3)})
add('layer_norm int64 input', 'F.layer_norm', [torch.ones(2, 3, dtype=I64), [3]])
add('batch_norm training', 'F.batch_norm', [T(vals([4, 3, 2]), rg=True), torch.zeros(3), torch.ones(3)],
    {'weight': T(vals([3], salt=2), rg=True), 'bias': T(vals([3], salt=3), rg=True), 'training': True})
add('batch_norm eval', 'F.batch_norm', [T(vals([4, 3]), rg=True), vals([3], salt=4), vals([3], 0.5, 2.0, salt=5)],
    {'weight': T(vals([3], salt=2), rg=True), 'bias': T(vals([3], salt=3), rg=True)})
add('batch_norm one value per channel', 'F.batch_norm', [vals([1, 3]), None, None], {'training': True})
# The CPU batch norm's dtype rules: parameters are "mixed" when the first one given (weight, bias,
# running_mean, running_var) differs from the input; otherwise each must match the input.
for xd, rm, rv, w, b in [(F32, F64, F64, None, None), (F32, F32, F32, None, F64), (F32, F64, F32, F32, F32),
                         (F64, F32, F32, None, None), (F64, F32, F32, F64, F64), (F64, F64, F64, F32, None),
                         (F32, F64, F32, None, None), (F32, F32, F64, None, None), (F64, F32, F64, None, None),
                         (F32, F32, F32, F32, F64), (F64, F64, F64, None, F32)]:
    def full(dt, v):
        return None if dt is None else torch.full((3,), v, dtype=dt)
    names = '/'.join('-' if d is None else str(d)[11:] for d in (xd, rm, rv, w, b))
    for training in (True, False):
        add(f'batch_norm dtypes {names} training={training}', 'F.batch_norm',
            [vals([4, 3], dtype=xd), full(rm, 0.0), full(rv, 1.0)],
            {'weight': full(w, 1.0), 'bias': full(b, 0.0), 'training': training})
add('embedding', 'F.embedding', [classes([2, 3], 5), T(vals([5, 4]), rg=True)])
add('embedding padding_idx', 'F.embedding', [torch.tensor([[0, 2, 0], [4, 2, 1]]), T(vals([5, 4]), rg=True)],
    {'padding_idx': 0})
add('embedding out of range', 'F.embedding', [torch.tensor([5]), vals([5, 4])])
add('embedding float indices', 'F.embedding', [torch.tensor([1.0]), vals([5, 4])])
add('softmax dim 1', 'F.softmax', [T(x43, rg=True)], {'dim': 1})
add('log_softmax dim 0', 'F.log_softmax', [T(x43, rg=True)], {'dim': 0})

# ---------------------------------------------------------------- module cases

modules = []


def arg(v):
    if isinstance(v, torch.Tensor):
        return {'t': enc(v)}
    if isinstance(v, tuple):
        return [arg(a) for a in v]
    if isinstance(v, float):
        if math.isfinite(v) and v == int(v):
            raise ValueError(f'float {v} would read as an int in JavaScript')
    return v


def module_case(name, ctor, args=(), kwargs=None, input=None, target=None, train=True, seed=0, exact_init=True):
    kwargs = kwargs or {}
    torch.manual_seed(seed)
    m = getattr(nn, ctor)(*args, **kwargs)
    case = {'name': name, 'ctor': ctor, 'args': [arg(a) for a in args],
            'kwargs': {k: arg(v) for k, v in kwargs.items()}, 'seed': seed, 'train': train,
            'exact_init': exact_init, 'repr': repr(m),
            'init': {k: enc(v) for k, v in m.state_dict().items()}}
    m.train(train)
    x = input.clone().requires_grad_(input.is_floating_point())
    case['input'] = enc(input)
    args_in = [x]
    if target is not None:
        case['target'] = enc(target)
        args_in.append(target)
    torch.manual_seed(seed + 1)
    case['forward_seed'] = seed + 1
    try:
        out = m(*args_in)
    except Exception as e:  # noqa: BLE001
        case['error'] = str(e).split('\n')[0]
        modules.append(case)
        return
    case['out'] = enc(out)
    case['grad_fn'] = out.grad_fn.name() if out.grad_fn is not None else None
    case['buffers'] = {k: enc(v) for k, v in m.named_buffers()}
    if out.requires_grad:
        g = grad_like(out)
        out.backward(g)
        case['input_grad'] = enc(x.grad) if x.grad is not None else None
        case['param_grads'] = {k: enc(p.grad) for k, p in m.named_parameters() if p.grad is not None}
    modules.append(case)


img = vals([2, 3, 6, 5], salt=3)
module_case('Linear', 'Linear', (3, 2), input=x43)
module_case('Linear no bias', 'Linear', (3, 2), {'bias': False}, input=x43)
module_case('Linear 3-D input', 'Linear', (3, 5), input=vals([2, 4, 3]))
module_case('Linear 784->256', 'Linear', (784, 256), input=vals([2, 784]))
module_case('Conv2d', 'Conv2d', (3, 4, 3), input=img)
module_case('Conv2d stride padding', 'Conv2d', (3, 4, (3, 2)), {'stride': 2, 'padding': 1}, input=img)
module_case('Conv2d groups dilation', 'Conv2d', (4, 6, 3), {'groups': 2, 'dilation': 2, 'padding': (2, 1), 'bias': False},
            input=vals([2, 4, 7, 6]))
module_case('Conv2d padding same', 'Conv2d', (3, 2, 3), {'padding': 'same'}, input=img)
module_case('Conv2d padding valid', 'Conv2d', (3, 2, 3), {'padding': 'valid'}, input=img)
module_case('Conv2d 1->16 5x5', 'Conv2d', (1, 16, 5), input=vals([2, 1, 8, 8]))
module_case('MaxPool2d', 'MaxPool2d', (2,), input=img)
module_case('MaxPool2d stride padding', 'MaxPool2d', (3,), {'stride': 2, 'padding': 1}, input=img)
module_case('AvgPool2d', 'AvgPool2d', (2,), input=img)
module_case('AvgPool2d exclude pad', 'AvgPool2d', (3,), {'stride': 2, 'padding': 1, 'count_include_pad': False}, input=img)
module_case('BatchNorm1d train', 'BatchNorm1d', (3,), input=x43)
module_case('BatchNorm1d train 3-D', 'BatchNorm1d', (3,), {'momentum': 0.3}, input=vals([4, 3, 5]))
module_case('BatchNorm1d eval', 'BatchNorm1d', (3,), input=x43, train=False)
module_case('BatchNorm1d momentum None', 'BatchNorm1d', (3,), {'momentum': None}, input=x43)
module_case('BatchNorm1d no affine', 'BatchNorm1d', (3,), {'affine': False}, input=x43)
module_case('BatchNorm1d no running stats', 'BatchNorm1d', (3,), {'track_running_stats': False}, input=x43, train=False)
module_case('BatchNorm1d bad input', 'BatchNorm1d', (3,), input=vals([2, 3, 2, 2]))
module_case('BatchNorm2d train', 'BatchNorm2d', (3,), {'eps': 0.001}, input=img)
module_case('BatchNorm2d eval', 'BatchNorm2d', (3,), input=img, train=False)
module_case('LayerNorm', 'LayerNorm', (3,), input=x43)
module_case('LayerNorm 2 dims', 'LayerNorm', ([6, 5],), {'elementwise_affine': False}, input=img)
module_case('Embedding', 'Embedding', (10, 3), input=classes([2, 4], 10))
module_case('Embedding padding_idx', 'Embedding', (10, 3), {'padding_idx': 2}, input=torch.tensor([[2, 5], [1, 2]]))
module_case('ReLU', 'ReLU', (), input=x43)
module_case('ReLU inplace', 'ReLU', (), {'inplace': True}, input=x43)
module_case('GELU', 'GELU', (), input=x43)
module_case('GELU tanh', 'GELU', ('tanh',), input=x43)
module_case('SiLU', 'SiLU', (), input=x43)
module_case('Sigmoid', 'Sigmoid', (), input=x43)
module_case('Tanh', 'Tanh', (), input=x43)
module_case('Softmax', 'Softmax', (), {'dim': 1}, input=x43)
module_case('LogSoftmax', 'LogSoftmax', (-1,), input=x43)
module_case('Flatten', 'Flatten', (), input=img)
module_case('Flatten 0 2', 'Flatten', (0, 2), input=img)
module_case('Identity', 'Identity', (), input=x43)
module_case('Dropout', 'Dropout', (), input=vals([4, 6]))
module_case('Dropout p=0.2', 'Dropout', (0.2,), input=vals([3, 7]))
module_case('Dropout eval', 'Dropout', (0.3,), input=x43, train=False)
module_case('MSELoss', 'MSELoss', (), input=x43, target=y43)
module_case('L1Loss sum', 'L1Loss', (), {'reduction': 'sum'}, input=x43, target=y43)
module_case('CrossEntropyLoss', 'CrossEntropyLoss', (), input=x43, target=t4)
module_case('CrossEntropyLoss weight smoothing', 'CrossEntropyLoss', (), {'weight': w3, 'label_smoothing': 0.1},
            input=x43, target=t4)
module_case('NLLLoss ignore_index', 'NLLLoss', (), {'ignore_index': 1}, input=x43, target=t4)
module_case('BCELoss', 'BCELoss', (), input=p43, target=y43)
module_case('BCEWithLogitsLoss pos_weight', 'BCEWithLogitsLoss', (), {'pos_weight': torch.tensor([2.0, 1.0, 0.5])},
            input=x43, target=y43)


# ---------------------------------------------------------------- reprs, state_dict, init

misc = {}

torch.manual_seed(0)
mlp = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
torch.manual_seed(0)
cnn = nn.Sequential(nn.Conv2d(1, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(16, 32, 5), nn.ReLU(), nn.MaxPool2d(2),
                    nn.Flatten(), nn.Linear(512, 10))
digits = vals([3, 1, 28, 28], 0.0, 1.0, salt=9)
labels = torch.tensor([3, 0, 7])
for name, net in [('mlp', mlp), ('cnn', cnn)]:
    out = net(digits)
    loss = F.cross_entropy(out, labels)
    loss.backward()
    misc[name] = {'repr': repr(net), 'state': {k: enc(v) for k, v in net.state_dict().items()},
                  'out': enc(out), 'loss': enc(loss),
                  'grads': {k: enc(p.grad) for k, p in net.named_parameters()}}
misc['digits'] = enc(digits)
misc['labels'] = enc(labels)

misc['reprs'] = {
    'ModuleList': repr(nn.ModuleList([nn.Linear(2, 2), nn.ReLU()])),
    'ModuleDict': repr(nn.ModuleDict({'a': nn.Linear(2, 2), 'b': nn.ReLU()})),
    'Sequential empty': repr(nn.Sequential()),
    'nested': repr(nn.Sequential(nn.Sequential(nn.Linear(2, 3), nn.Tanh()), nn.ModuleList([nn.Dropout(0.25)]))),
    'Softmax None': repr(nn.Softmax()),
    'MaxPool2d tuple': repr(nn.MaxPool2d((2, 3), stride=1, padding=1)),
    'AvgPool2d': repr(nn.AvgPool2d(3, stride=2, padding=1)),
    'Conv2d full': repr(nn.Conv2d(2, 4, (3, 5), stride=2, padding=(1, 2), dilation=2, groups=2, bias=False)),
    'BatchNorm1d momentum None': repr(nn.BatchNorm1d(4, momentum=None, affine=False)),
    'LayerNorm list': repr(nn.LayerNorm([2, 3], eps=1e-6)),
    'Embedding': repr(nn.Embedding(10, 3, padding_idx=0)),
    'losses': repr(nn.ModuleList([nn.MSELoss(), nn.L1Loss(), nn.CrossEntropyLoss(), nn.NLLLoss(), nn.BCELoss(),
                                  nn.BCEWithLogitsLoss()])),
}
misc['parameter_repr'] = repr(nn.Parameter(torch.tensor([1.0, 2.0])))
misc['parameter_repr_2d'] = repr(nn.Parameter(torch.tensor([[1.5, -2.0], [0.25, 3.0]]), requires_grad=False))

seq = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2))
sd = seq.state_dict()
bad = dict(sd)
del bad['0.weight']
bad['extra'] = torch.ones(1)
bad['1.bias'] = torch.ones(5)
missing = dict(sd)
del missing['0.weight']
misc['state_dict'] = {
    'keys': list(sd.keys()),
    'strict_error': error_text(lambda: seq.load_state_dict(bad)),
    'nonstrict_error': error_text(lambda: seq.load_state_dict(bad, strict=False)),
    'nonstrict_missing': list(seq.load_state_dict(missing, strict=False).missing_keys),
}
try:
    seq.load_state_dict(bad)
except RuntimeError as e:
    misc['state_dict']['strict_error_full'] = str(e)
try:
    seq.load_state_dict(bad, strict=False)
except RuntimeError as e:
    misc['state_dict']['nonstrict_error_full'] = str(e)
unexpected = dict(sd)
unexpected['x.y'] = torch.ones(1)
try:
    seq.load_state_dict(unexpected)
except RuntimeError as e:
    misc['state_dict']['unexpected_error_full'] = str(e)

# Module bookkeeping on a hand-built module with buffers and a shared submodule.


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)
        self.register_buffer('buf', torch.zeros(2))
        self.register_buffer('np', torch.ones(2), persistent=False)
        self.seq = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.BatchNorm1d(3))
        self.shared = self.fc

    def forward(self, x):
        return self.seq(self.shared(self.fc(x)))


net = Net()
net.seq(torch.ones(4, 2)).sum().backward()
misc['module'] = {
    'repr': repr(net),
    'state_dict': list(net.state_dict().keys()),
    'named_parameters': [k for k, _ in net.named_parameters()],
    'named_buffers': [k for k, _ in net.named_buffers()],
    'named_modules': [k for k, _ in net.named_modules()],
    'named_children': [k for k, _ in net.named_children()],
    'seq_named_parameters': [k for k, _ in net.seq.named_parameters(prefix='seq')],
    'nonrecursive_buffers': [k for k, _ in net.named_buffers(recurse=False)],
    'missing_error': error_text(lambda: net.load_state_dict({'fc.weight': torch.ones(2, 2)})),
}
net.double()
misc['module']['double'] = {k: str(v.dtype).replace('torch.', '') for k, v in list(net.state_dict().items()) +
                            [('np', net.np)]}
misc['module']['double_grads'] = {k: str(p.grad.dtype).replace('torch.', '') for k, p in net.named_parameters()
                                  if p.grad is not None}
net.eval()
misc['module']['eval_training'] = [m.training for m in net.modules()]

# nn.init with a seed: each function's values from a fresh manual_seed(0)
inits = []
for fn, shape, kwargs in [
    ('uniform_', [3, 4], {'a': -0.5, 'b': 2.0}),
    ('normal_', [3, 4], {'mean': 0.5, 'std': 2.0}),
    ('constant_', [2, 3], {'val': 0.25}),
    ('zeros_', [2, 3], {}),
    ('ones_', [2, 3], {}),
    ('xavier_uniform_', [5, 7], {}),
    ('xavier_uniform_', [5, 7], {'gain': 0.5}),
    ('xavier_normal_', [4, 6], {}),
    ('kaiming_uniform_', [6, 4], {}),
    ('kaiming_uniform_', [6, 4, 3, 3], {'a': math.sqrt(5)}),
    ('kaiming_uniform_', [6, 4], {'mode': 'fan_out', 'nonlinearity': 'relu'}),
    ('kaiming_normal_', [6, 4], {}),
    ('kaiming_normal_', [6, 4, 2], {'mode': 'fan_out'}),
]:
    torch.manual_seed(0)
    t = torch.empty(shape)
    getattr(nn.init, fn)(t, **kwargs)
    inits.append({'fn': fn, 'shape': shape, 'kwargs': kwargs, 'out': enc(t)})
misc['init'] = inits
misc['gains'] = {nl: nn.init.calculate_gain(nl) for nl in ['linear', 'conv2d', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'selu']}
misc['gain_leaky_0.2'] = nn.init.calculate_gain('leaky_relu', 0.2)
misc['fan_error'] = error_text(lambda: nn.init.xavier_uniform_(torch.empty(3)))

dump('nn_functional', ops)
dump('nn_modules', modules)
dump('nn_misc', [misc])
