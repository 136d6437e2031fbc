"""Oracle for attention (src/ops/attention.ts, src/nn/attention.ts, src/nn/transformer.ts).

    /usr/bin/python3 tests/oracle/attention.py  ->  tests/fixtures/attention.json

PyTorch 1.13 has no public F.scaled_dot_product_attention (PyTorch 2 added it), so its cases are
computed with the formula PyTorch 2 documents as the function's reference implementation (sdpa
below). The module cases build nn.MultiheadAttention / Transformer* right after
torch.manual_seed(seed), record the fresh state_dict (seeded initialisation, compared exactly),
the repr, then run forward in train mode (dropout 0, so no randomness) or eval mode on fixed
inputs and masks, backpropagate a fixed upstream gradient and record outputs, attention weights,
input and parameter gradients.
"""
import math

import torch
import torch.nn as nn

from cases import grad_like
from common import dump, enc, error_text

torch.set_default_dtype(torch.float32)
F32 = torch.float32


def vals(shape, lo=-2.0, hi=2.0, salt=0, dtype=F32):
    n = math.prod(shape)
    out = []
    for i in range(n):
        u = abs(math.sin(12.9898 * (i + 1) + 78.233 * (salt + 1)) * 43758.5453) % 1
        out.append(round(lo + (hi - lo) * u, 4))
    return torch.tensor(out, dtype=torch.float64).reshape(shape).to(dtype)


def sdpa(q, k, v, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None):
    """PyTorch 2's documented reference for F.scaled_dot_product_attention (dropout_p = 0 here)."""
    L, S = q.size(-2), k.size(-2)
    scale_factor = 1 / math.sqrt(q.size(-1)) if scale is None else scale
    bias = torch.zeros(L, S, dtype=q.dtype)
    if is_causal:
        assert attn_mask is None
        keep = torch.ones(L, S, dtype=torch.bool).tril(diagonal=0)
        bias.masked_fill_(keep.logical_not(), float('-inf'))
    if attn_mask is not None:
        if attn_mask.dtype == torch.bool:
            bias = bias.masked_fill(attn_mask.logical_not(), float('-inf'))
        else:
            bias = attn_mask + bias
    w = q @ k.transpose(-2, -1) * scale_factor
    w = w + bias
    w = torch.softmax(w, dim=-1)
    return w @ v


def tensor_json(t, rg=False):
    d = {'t': enc(t)}
    if rg:
        d['rg'] = True
    return d


# ---------------------------------------------------------------- F.scaled_dot_product_attention

sdpa_cases = []


def add_sdpa(name, shapes, attn_mask=None, is_causal=False, scale=None):
    qs, ks, vs = shapes
    q, k, v = (vals(s, salt=i).requires_grad_() for i, s in enumerate(shapes))
    out = sdpa(q, k, v, attn_mask, 0.0, is_causal, scale)
    g = grad_like(out)
    out.backward(g)
    case = {
        'name': name,
        'q': enc(q), 'k': enc(k), 'v': enc(v),
        'attn_mask': enc(attn_mask), 'is_causal': is_causal, 'scale': scale,
        'out': enc(out), 'grad_out': enc(g),
        'grads': [enc(q.grad), enc(k.grad), enc(v.grad)],
    }
    sdpa_cases.append(case)


add_sdpa('3d no mask', ([2, 3, 4], [2, 5, 4], [2, 5, 6]))
add_sdpa('4d no mask', ([2, 2, 4, 8], [2, 2, 4, 8], [2, 2, 4, 8]))
add_sdpa('is_causal square', ([2, 2, 5, 4], [2, 2, 5, 4], [2, 2, 5, 4]), is_causal=True)
add_sdpa('is_causal L<S', ([2, 3, 4], [2, 5, 4], [2, 5, 4]), is_causal=True)
add_sdpa('scale', ([2, 3, 4], [2, 5, 4], [2, 5, 6]), scale=0.3)
bool_mask = vals([3, 5], salt=7) > -1.2
bool_mask[:, 0] = True  # every query keeps at least one key
add_sdpa('bool mask broadcast', ([2, 3, 4], [2, 5, 4], [2, 5, 6]), attn_mask=bool_mask)
add_sdpa('float mask', ([2, 3, 4], [2, 5, 4], [2, 5, 6]), attn_mask=vals([2, 3, 5], salt=8))
add_sdpa('float mask broadcast heads', ([2, 2, 3, 4], [2, 2, 5, 4], [2, 2, 5, 4]), attn_mask=vals([2, 1, 3, 5], salt=9))

# ---------------------------------------------------------------- modules

CTORS = {
    'MultiheadAttention': nn.MultiheadAttention,
    'TransformerEncoderLayer': nn.TransformerEncoderLayer,
    'TransformerDecoderLayer': nn.TransformerDecoderLayer,
    'TransformerEncoder': nn.TransformerEncoder,
    'TransformerDecoder': nn.TransformerDecoder,
    'Transformer': nn.Transformer,
    'LayerNorm': nn.LayerNorm,
}


def build(spec):
    def arg(a):
        return build(a['module']) if isinstance(a, dict) and 'module' in a else a
    args = [arg(a) for a in spec['args']]
    kwargs = {k: arg(v) for k, v in spec['kwargs'].items()}
    return CTORS[spec['ctor']](*args, **kwargs)


def mod(ctor, *args, **kwargs):
    return {'ctor': ctor, 'args': list(args), 'kwargs': kwargs}


module_cases = []


def add_module(name, spec, inputs, kwargs=None, train=True, seed=0):
    kwargs = kwargs or {}
    torch.manual_seed(seed)
    m = build(spec)
    m.train(train)
    init = {k: enc(v) for k, v in m.state_dict().items()}
    ins = [x.clone().requires_grad_(rg) for x, rg in inputs]
    out = m(*ins, **kwargs)
    weights = None
    if isinstance(out, tuple):
        out, weights = out
    g = grad_like(out)
    loss = (out * g).sum()
    if weights is not None:
        loss = loss + (weights * grad_like(weights) * 0.5).sum()
    loss.backward()
    module_cases.append({
        'name': name, 'spec': spec, 'seed': seed, 'train': train, 'repr': repr(m), 'init': init,
        'inputs': [tensor_json(x, rg) for x, rg in inputs],
        'kwargs': {k: (tensor_json(v) if isinstance(v, torch.Tensor) else v) for k, v in kwargs.items()},
        'out': enc(out), 'weights': enc(weights),
        'input_grads': [enc(x.grad) if rg else None for x, (_, rg) in zip(ins, inputs)],
        'param_grads': {k: enc(p.grad) for k, p in m.named_parameters() if p.grad is not None},
    })


E, H, L, S, N = 8, 2, 4, 5, 3
x_lne = vals([L, N, E], salt=1)
k_sne = vals([S, N, E], salt=2)
v_sne = vals([S, N, E], salt=3)
causal = nn.Transformer.generate_square_subsequent_mask(L)
bool_attn = vals([L, S], salt=4) > 1.0
bool_attn[:, 0] = False
kpm = torch.zeros(N, S, dtype=torch.bool)
kpm[0, 4] = True
kpm[2, 2:4] = True

add_module('mha self', mod('MultiheadAttention', E, H), [(x_lne, True)] * 3)
add_module('mha cross', mod('MultiheadAttention', E, H), [(x_lne, True), (k_sne, True), (v_sne, True)])
add_module('mha heads weights', mod('MultiheadAttention', E, 4), [(x_lne, True), (k_sne, True), (v_sne, True)],
           {'average_attn_weights': False})
add_module('mha no weights', mod('MultiheadAttention', E, H), [(x_lne, True), (k_sne, True), (v_sne, True)],
           {'need_weights': False})
add_module('mha float causal mask', mod('MultiheadAttention', E, H), [(x_lne, True)] * 3, {'attn_mask': causal})
add_module('mha bool attn_mask', mod('MultiheadAttention', E, H), [(x_lne, True), (k_sne, True), (v_sne, True)],
           {'attn_mask': bool_attn})
add_module('mha key_padding_mask', mod('MultiheadAttention', E, H), [(x_lne, True), (k_sne, True), (v_sne, True)],
           {'key_padding_mask': kpm})
add_module('mha both masks', mod('MultiheadAttention', E, H), [(x_lne, True), (k_sne, True), (v_sne, True)],
           {'key_padding_mask': kpm, 'attn_mask': bool_attn})
add_module('mha 3d attn_mask', mod('MultiheadAttention', E, H), [(x_lne, True), (k_sne, True), (v_sne, True)],
           {'attn_mask': vals([N * H, L, S], salt=5)})
add_module('mha kdim vdim', mod('MultiheadAttention', E, H, kdim=6, vdim=4),
           [(x_lne, True), (vals([S, N, 6], salt=6), True), (vals([S, N, 4], salt=7), True)])
add_module('mha no bias', mod('MultiheadAttention', E, H, bias=False), [(x_lne, True)] * 3)
add_module('mha add_bias_kv add_zero_attn', mod('MultiheadAttention', E, H, add_bias_kv=True, add_zero_attn=True),
           [(x_lne, True), (k_sne, True), (v_sne, True)], {'key_padding_mask': kpm, 'attn_mask': bool_attn})
add_module('mha batch_first', mod('MultiheadAttention', E, H, batch_first=True),
           [(x_lne.transpose(0, 1).contiguous(), True), (k_sne.transpose(0, 1).contiguous(), True),
            (v_sne.transpose(0, 1).contiguous(), True)], {'key_padding_mask': kpm})
add_module('mha unbatched', mod('MultiheadAttention', E, H), [(x_lne[:, 0], True), (k_sne[:, 0], True), (v_sne[:, 0], True)])
add_module('mha eval dropout', mod('MultiheadAttention', E, H, dropout=0.5), [(x_lne, True)] * 3, train=False)

add_module('encoder layer relu', mod('TransformerEncoderLayer', E, H, dim_feedforward=16, dropout=0.0),
           [(x_lne, True)], {'src_mask': causal})
add_module('encoder layer gelu norm_first batch_first',
           mod('TransformerEncoderLayer', E, H, dim_feedforward=16, dropout=0.0, activation='gelu', norm_first=True,
               batch_first=True),
           [(x_lne.transpose(0, 1).contiguous(), True)], {'src_mask': causal, 'src_key_padding_mask': kpm[:, :L]})
add_module('encoder layer default eval', mod('TransformerEncoderLayer', E, H), [(x_lne, True)], train=False)
add_module('decoder layer', mod('TransformerDecoderLayer', E, H, dim_feedforward=16, dropout=0.0),
           [(x_lne, True), (k_sne, True)], {'tgt_mask': causal, 'memory_key_padding_mask': kpm})
add_module('decoder layer norm_first gelu',
           mod('TransformerDecoderLayer', E, H, dim_feedforward=16, dropout=0.0, norm_first=True, activation='gelu'),
           [(x_lne, True), (k_sne, True)], {'tgt_mask': causal})
enc_layer = mod('TransformerEncoderLayer', E, H, dim_feedforward=16, dropout=0.0, norm_first=True, activation='gelu')
add_module('encoder 3 layers with norm',
           mod('TransformerEncoder', {'module': enc_layer}, 3, norm={'module': mod('LayerNorm', E)}),
           [(x_lne, True)], {'mask': causal})
add_module('decoder 2 layers',
           mod('TransformerDecoder', {'module': mod('TransformerDecoderLayer', E, H, dim_feedforward=16, dropout=0.0)}, 2),
           [(x_lne, True), (k_sne, True)], {'tgt_mask': causal})
add_module('transformer', mod('Transformer', d_model=E, nhead=H, num_encoder_layers=2, num_decoder_layers=1,
                              dim_feedforward=16, dropout=0.0),
           [(k_sne, True), (x_lne, True)], {'tgt_mask': causal})

# ---------------------------------------------------------------- misc: masks, errors

misc = {
    'square_subsequent_mask_4': enc(nn.Transformer.generate_square_subsequent_mask(4)),
    'mha_divisible': error_text(lambda: nn.MultiheadAttention(10, 3)),
    'mha_query_dim': error_text(lambda: nn.MultiheadAttention(E, H)(vals([2, 2, 2, E]), vals([2, 2, 2, E]),
                                                                     vals([2, 2, 2, E]))),
    'mha_2d_mask_shape': error_text(lambda: nn.MultiheadAttention(E, H)(x_lne, k_sne, v_sne,
                                                                         attn_mask=torch.zeros(L, L))),
    'mha_3d_mask_shape': error_text(lambda: nn.MultiheadAttention(E, H)(x_lne, k_sne, v_sne,
                                                                         attn_mask=torch.zeros(2, L, S))),
    'mha_embed_dim': error_text(lambda: nn.MultiheadAttention(E, H)(vals([L, N, 6]), k_sne, v_sne)),
    'mha_key_dim': error_text(lambda: nn.MultiheadAttention(E, H)(x_lne, k_sne[0], v_sne)),
    'mha_kpm_dim': error_text(lambda: nn.MultiheadAttention(E, H)(x_lne, k_sne, v_sne, key_padding_mask=kpm[0])),
    'mha_kpm_shape': error_text(lambda: nn.MultiheadAttention(E, H)(x_lne, k_sne, v_sne,
                                                                     key_padding_mask=kpm[:, :4])),
    'mha_mask_dim': error_text(lambda: nn.MultiheadAttention(E, H)(x_lne, k_sne, v_sne,
                                                                    attn_mask=torch.zeros(1, 1, L, S))),
    'mha_unbatched_kpm_dim': error_text(lambda: nn.MultiheadAttention(E, H)(x_lne[:, 0], k_sne[:, 0], v_sne[:, 0],
                                                                             key_padding_mask=kpm)),
    'transformer_batch': error_text(lambda: nn.Transformer(d_model=E, nhead=H, num_encoder_layers=1, num_decoder_layers=1,
                                                           dim_feedforward=16)(k_sne, x_lne[:, :2])),
    'transformer_features': error_text(lambda: nn.Transformer(d_model=E, nhead=H, num_encoder_layers=1,
                                                              num_decoder_layers=1, dim_feedforward=16)(
        vals([S, N, 6]), vals([L, N, 6]))),
    'activation': error_text(lambda: nn.TransformerEncoderLayer(E, H, activation='tanh')),
}

dump('attention', [{'sdpa': sdpa_cases, 'modules': module_cases, 'misc': misc}])
