"""Oracle for the torch.* spellings of in-place functions and nn.functional ops, the in-place F
activations and the small Tensor predicates (src/ops/torch_aliases.ts): values, dtypes, grad_fn
names, _version, gradients and PyTorch's errors.

    /usr/bin/python3 tests/oracle/torch_aliases.py   ->  tests/fixtures/torch_aliases.json
"""
import math

import torch

from cases import T, run
from common import dump, vals

F64 = torch.float64
cases = []


def add(*a, **k):
    cases.append(run(*a, **k))


for name in ('arccos_', 'arcsin_', 'arctanh_'):
    add(f'torch.{name}', f'torch.{name}', [T(vals([2, 3], 75).mul(0.4), rg=True, nonleaf=True)])
for name in ('arcsinh_', 'negative_', 'sinc_'):
    add(f'torch.{name}', f'torch.{name}', [T(vals([2, 3], 76), rg=True, nonleaf=True)])
add('torch.arccosh_', 'torch.arccosh_', [T(vals([2, 3], 77).abs().add(1.25), rg=True, nonleaf=True)])
add('torch.dropout_ eval', 'torch.dropout_', [T(vals([2, 3], 78), rg=True, nonleaf=True), 0.5, False])
for name in ('abs_', 'ceil_', 'cos_', 'exp_', 'floor_', 'neg_', 'relu_', 'round_', 'sigmoid_', 'sin_', 'square_',
             'tanh_', 'trunc_', 'zero_', 'frac_', 'reciprocal_'):
    add(f'torch.{name}', f'torch.{name}', [T(vals([2, 3], 1), rg=True, nonleaf=True)])
for name in ('sqrt_', 'log_', 'log1p_', 'rsqrt_', 'log2_', 'log10_'):
    add(f'torch.{name}', f'torch.{name}', [T(vals([2, 3], 2).abs().add(0.5), rg=True, nonleaf=True)])
add('torch.clamp_', 'torch.clamp_', [T(vals([2, 3], 3), rg=True, nonleaf=True), -0.5, 0.75])
add('torch.clip_ max only', 'torch.clip_', [T(vals([2, 3], 4), rg=True, nonleaf=True)], {'max': 0.25})
add('torch.clamp_min_', 'torch.clamp_min_', [T(vals([2, 3], 5), rg=True, nonleaf=True), 0.5])
add('torch.clamp_max_', 'torch.clamp_max_', [T(vals([2, 3], 6), rg=True, nonleaf=True), 0.5])
add('torch.fill_', 'torch.fill_', [T(vals([2, 3], 7), rg=True, nonleaf=True), 1.5])
add('torch.fill', 'torch.fill', [T(vals([2, 3], 8), rg=True), 2.5])
add('torch.xlogy_', 'torch.xlogy_', [T(vals([2, 3], 9).abs(), rg=True, nonleaf=True), T(vals([3], 10).abs().add(0.5))])

x4 = vals([1, 2, 5, 5], 11)
add('torch.conv2d', 'torch.conv2d', [T(x4, rg=True), T(vals([3, 2, 3, 3], 12), rg=True), T(vals([3], 13), rg=True), 2, 1])
add('torch.conv2d padding same', 'torch.conv2d', [T(x4), T(vals([3, 2, 3, 3], 14))], {'padding': 'same'})
add('torch.conv1d', 'torch.conv1d', [T(vals([2, 2, 6], 15), rg=True), T(vals([4, 2, 3], 16), rg=True)], {'stride': 2})
add('torch.conv_transpose1d', 'torch.conv_transpose1d', [T(vals([1, 2, 4], 17), rg=True), T(vals([2, 3, 3], 18), rg=True)])
add('torch.conv_transpose2d', 'torch.conv_transpose2d', [T(vals([1, 2, 3, 3], 19), rg=True), T(vals([2, 1, 2, 2], 20), rg=True)],
    {'stride': 2})
add('torch.avg_pool1d', 'torch.avg_pool1d', [T(vals([1, 2, 7], 21), rg=True), [3]], {'stride': [2], 'padding': [1]})
add('torch.max_pool1d', 'torch.max_pool1d', [T(vals([1, 2, 7], 22), rg=True), 2])
add('torch.max_pool2d', 'torch.max_pool2d', [T(vals([1, 1, 5, 5], 23), rg=True), 2], {'stride': 1})
add('torch.adaptive_avg_pool1d', 'torch.adaptive_avg_pool1d', [T(vals([1, 2, 7], 24), rg=True), 3])
add('torch.adaptive_max_pool1d', 'torch.adaptive_max_pool1d', [T(vals([1, 2, 7], 25)), 3])
add('torch.dropout eval', 'torch.dropout', [T(vals([2, 3], 26), rg=True), 0.5, False])
add('torch.alpha_dropout eval', 'torch.alpha_dropout', [T(vals([2, 3], 27), rg=True), 0.5, False])
add('torch.feature_alpha_dropout eval', 'torch.feature_alpha_dropout', [T(vals([2, 3], 28), rg=True), 0.5, False])
add('torch.pixel_shuffle', 'torch.pixel_shuffle', [T(vals([1, 4, 2, 2], 29), rg=True), 2])
add('torch.pixel_unshuffle', 'torch.pixel_unshuffle', [T(vals([1, 1, 4, 4], 30), rg=True), 2])
add('torch.channel_shuffle', 'torch.channel_shuffle', [T(vals([1, 4, 2, 2], 31)), 2])
add('torch.cosine_similarity', 'torch.cosine_similarity', [T(vals([3, 4], 32), rg=True), T(vals([3, 4], 33), rg=True)])
add('torch.pairwise_distance', 'torch.pairwise_distance', [T(vals([3, 4], 34), rg=True), T(vals([3, 4], 35), rg=True)])
add('torch.bilinear', 'torch.bilinear',
    [T(vals([2, 3], 36), rg=True), T(vals([2, 4], 37), rg=True), T(vals([5, 3, 4], 38), rg=True), T(vals([5], 39), rg=True)])
add('torch.layer_norm', 'torch.layer_norm', [T(vals([2, 3, 4], 40), rg=True), [4], T(vals([4], 41), rg=True), T(vals([4], 42), rg=True)])
add('torch.group_norm', 'torch.group_norm', [T(vals([2, 4, 3], 43), rg=True), 2, T(vals([4], 44), rg=True), T(vals([4], 45), rg=True)])
add('torch.embedding', 'torch.embedding', [T(vals([5, 3], 46), rg=True), T(torch.tensor([[0, 4], [2, 2]]))])
add('torch.embedding padding_idx', 'torch.embedding', [T(vals([5, 3], 47), rg=True), T(torch.tensor([1, 2, 1])), 1])
add('torch.celu', 'torch.celu', [T(vals([2, 3], 48), rg=True), 0.5])
add('torch.selu', 'torch.selu', [T(vals([2, 3], 49), rg=True)])
add('torch.prelu', 'torch.prelu', [T(vals([2, 3], 50), rg=True), T(torch.tensor([0.25], dtype=F64), rg=True)])
add('torch.threshold', 'torch.threshold', [T(vals([2, 3], 51), rg=True), 0.5, -1.5])
add('torch.hardshrink', 'torch.hardshrink', [T(vals([2, 3], 52), rg=True)])
add('.hardshrink', '.hardshrink', [T(vals([2, 3], 53), rg=True), 0.75])
add('torch.celu_', 'torch.celu_', [T(vals([2, 3], 54), rg=True, nonleaf=True)])
add('torch.selu_', 'torch.selu_', [T(vals([2, 3], 55), rg=True, nonleaf=True)])
add('torch.threshold_', 'torch.threshold_', [T(vals([2, 3], 56), rg=True, nonleaf=True), 0.5, -1.5])
for name, args in (('relu_', []), ('elu_', [0.5]), ('leaky_relu_', [0.25]), ('hardtanh_', [-0.5, 0.5]),
                   ('threshold_', [0.5, -1.5]), ('celu_', [1.5]), ('selu_', [])):
    add(f'F.{name}', f'F.{name}', [T(vals([2, 3], 57), rg=True, nonleaf=True), *args])

add('torch.isposinf', 'torch.isposinf', [T(torch.tensor([math.inf, -math.inf, 1.0, math.nan], dtype=F64))])
add('.isneginf', '.isneginf', [T(torch.tensor([math.inf, -math.inf, 1.0], dtype=F64))])
add('torch.isreal', 'torch.isreal', [T(vals([2, 2], 58))])
add('torch.fix', 'torch.fix', [T(vals([2, 3], 59), rg=True)])
add('.fix_', '.fix_', [T(vals([2, 3], 60), rg=True, nonleaf=True)])
add('.swapaxes_', '.swapaxes_', [T(vals([2, 3], 61)), 0, 1])
add('.swapdims_', '.swapdims_', [T(vals([2, 3, 4], 62)), 0, 2])
add('torch.is_signed', 'torch.is_signed', [T(vals([2], 63))])
add('.is_signed bool', '.is_signed', [T(torch.tensor([True]))])
add('torch.is_complex', 'torch.is_complex', [T(vals([2], 64))])
add('torch.is_conj', 'torch.is_conj', [T(vals([2], 65))])
add('torch.is_neg', 'torch.is_neg', [T(vals([2], 66))])
add('torch.is_same_size', 'torch.is_same_size', [T(vals([2, 3], 67)), T(vals([2, 3], 68))])
add('.is_same_size differs', '.is_same_size', [T(vals([2, 3], 69)), T(vals([3, 2], 70))])
add('torch.is_nonzero', 'torch.is_nonzero', [T(torch.tensor([1.5], dtype=F64))])
add('.is_nonzero zero', '.is_nonzero', [T(torch.tensor(0.0, dtype=F64))])
add('torch.is_nonzero two values', 'torch.is_nonzero', [T(vals([2], 71))])
add('torch.is_nonzero empty', 'torch.is_nonzero', [T(torch.zeros(0, dtype=F64))])
add('torch.conj', 'torch.conj', [T(vals([2, 3], 72), rg=True)])
add('torch.resolve_conj', 'torch.resolve_conj', [T(vals([2, 3], 73), rg=True)])
add('torch.resolve_neg', 'torch.resolve_neg', [T(vals([2, 3], 74), rg=True)])

# sum_to_size: ATen's sum_to makes an empty target shape a full sum (integer inputs become int64).
I32 = torch.int32
add('.sum_to_size 0-d int32 to []', '.sum_to_size', [T(torch.tensor(3, dtype=I32)), []])
add('.sum_to_size [1] int32 to []', '.sum_to_size', [T(torch.tensor([3], dtype=I32)), []])
add('.sum_to_size [1] int32 to [1]', '.sum_to_size', [T(torch.tensor([3], dtype=I32)), [1]])
add('.sum_to_size [1, 2] int32 to [2]', '.sum_to_size', [T(torch.tensor([[3, 4]], dtype=I32)), [2]])
add('.sum_to_size bool to [1, 1]', '.sum_to_size', [T(torch.tensor([[True, False]])), [1, 1]])
add('.sum_to_size 0-d float to []', '.sum_to_size', [T(torch.tensor(2.5, dtype=F64), rg=True), []])
add('.sum_to_size [2, 3] to [3]', '.sum_to_size', [T(vals([2, 3], 75), rg=True), [3]])

dump('torch_aliases', cases)
