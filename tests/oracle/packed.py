"""Oracle for packed sequences (src/nn/utils/rnn.ts, the PackedSequence path of src/nn/rnn.ts).

    /usr/bin/python3 tests/oracle/packed.py  ->  tests/fixtures/packed.json

pack: pack_padded_sequence of a padded batch (lengths as a list or an int64 tensor, batch_first,
enforce_sorted) -> data, batch_sizes, sorted/unsorted indices, repr; the input's gradient for
cases.py's grad_like on data; then pad_packed_sequence (batch_first, padding_value, total_length)
-> padded, lengths, and the input's gradient through the round trip.
seqs: pack_sequence / unpack_sequence / unpad_sequence of a list of sequences.
modules: nn.RNN/LSTM/GRU built right after torch.manual_seed(seed) (its state_dict recorded, as in
rnn.py), run on pack_padded_sequence(x, lengths) with optional hx after torch.manual_seed(seed + 1)
(dropout's stream): packed output data, h_n (and c_n), then the gradients of x, hx and every
parameter after backpropagating grad_like from every output.
usage: the typical pipeline embedding -> pack_padded_sequence -> LSTM -> pad_packed_sequence ->
linear -> cross_entropy -> backward: the loss and every parameter's gradient.
errors: PyTorch's messages for bad lengths, total_length and bad sizes of a packed RNN input.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import (pack_padded_sequence, pad_packed_sequence, pack_sequence, unpack_sequence,
                                unpad_sequence, PackedSequence, invert_permutation)

from cases import grad_like
from common import dump, enc, error_text

F32, F64 = torch.float32, torch.float64


def vals(shape, lo=-2.0, hi=2.0, salt=0, dtype=F32):
    n = math.prod(shape)
    out = []
    for i in range(n):
        u = abs(math.sin(12.9898 * (i + 1) + 78.233 * (salt + 1)) * 43758.5453) % 1
        out.append(round(lo + (hi - lo) * u, 4))
    return torch.tensor(out, dtype=torch.float64).reshape(shape).to(dtype)


def kwarg(v):
    if isinstance(v, torch.dtype):
        return {'dtype': str(v).replace('torch.', '')}
    if isinstance(v, float) and v == int(v):
        raise ValueError(f'float {v} would read as an int in JavaScript')
    return v


def opt(v):
    return None if v is None else enc(v)


# ---------------------------------------------------------------- pack / pad

packs = []


def pack_case(name, shape, lengths, batch_first=False, enforce_sorted=True, lengths_tensor=False, dtype=F32,
              pad=None):
    pad = pad or {}
    x = vals(shape, dtype=dtype)
    xr = x.clone().requires_grad_(dtype.is_floating_point)
    lens = torch.tensor(lengths) if lengths_tensor else lengths
    p = pack_padded_sequence(xr, lens, batch_first=batch_first, enforce_sorted=enforce_sorted)
    c = {'name': name, 'input': enc(x), 'lengths': lengths, 'lengths_tensor': lengths_tensor,
         'batch_first': batch_first, 'enforce_sorted': enforce_sorted, 'pad': pad,
         'data': enc(p.data), 'batch_sizes': enc(p.batch_sizes), 'sorted_indices': opt(p.sorted_indices),
         'unsorted_indices': opt(p.unsorted_indices),
         'repr': repr(pack_padded_sequence(x, lens, batch_first=batch_first, enforce_sorted=enforce_sorted))}
    padded, out_lens = pad_packed_sequence(p, **pad)
    c['padded'] = enc(padded)
    c['out_lengths'] = enc(out_lens)
    if dtype.is_floating_point:
        p.data.backward(grad_like(p.data), retain_graph=True)
        c['pack_grad'] = enc(xr.grad)
        xr.grad = None
        padded.backward(grad_like(padded))
        c['roundtrip_grad'] = enc(xr.grad)
    packs.append(c)


pack_case('sorted', [4, 3, 2], [4, 2, 1])
pack_case('sorted equal lengths', [3, 3, 2], [3, 3, 3])
pack_case('sorted ties tensor lengths', [4, 4, 2], [4, 3, 3, 1], lengths_tensor=True)
pack_case('batch_first sorted', [3, 4, 2], [4, 3, 1], batch_first=True)
pack_case('unsorted', [5, 4, 3], [2, 5, 1, 3], enforce_sorted=False)
pack_case('unsorted ties batch_first', [4, 5, 2], [2, 5, 2, 5], batch_first=True, enforce_sorted=False)
pack_case('unsorted total_length padding_value', [4, 3, 2], [1, 4, 2], enforce_sorted=False,
          pad={'total_length': 6, 'padding_value': -1.5})
pack_case('unsorted batch_first out', [4, 3], [1, 4, 2], enforce_sorted=False, pad={'batch_first': True})
pack_case('1-D steps (no trailing dims)', [5, 3], [5, 3, 2])
pack_case('lengths shorter than T', [6, 2, 2], [3, 2])
pack_case('float64 trailing 2 dims', [3, 2, 2, 2], [3, 1], dtype=F64, pad={'batch_first': True, 'total_length': 4})
pack_case('int64 data', [3, 3], [3, 2, 2], dtype=torch.int64)
pack_case('single sequence', [3, 1, 2], [3])

# lengths beyond the input's length: ATen clamps the slices but still lists a batch size per step.
longer = pack_padded_sequence(torch.arange(6.).reshape(3, 2), [5, 2])
pack_only = {'data': enc(longer.data), 'batch_sizes': enc(longer.batch_sizes), 'repr': repr(longer)}

seqs = []


def seq_case(name, lengths, trailing=(2,), enforce_sorted=True, dtype=F32):
    xs = [vals([n, *trailing], salt=i, dtype=dtype).requires_grad_(dtype.is_floating_point)
          for i, n in enumerate(lengths)]
    p = pack_sequence(xs, enforce_sorted=enforce_sorted)
    c = {'name': name, 'seqs': enc(xs), 'enforce_sorted': enforce_sorted, 'data': enc(p.data),
         'batch_sizes': enc(p.batch_sizes), 'sorted_indices': opt(p.sorted_indices),
         'unsorted_indices': opt(p.unsorted_indices),
         'repr': repr(pack_sequence([x.detach() for x in xs], enforce_sorted=enforce_sorted))}
    un = unpack_sequence(p)
    c['unpacked'] = enc(un)
    padded, lens = pad_packed_sequence(p)
    c['unpadded'] = enc(unpad_sequence(padded, lens))
    if dtype.is_floating_point:
        torch.autograd.backward(un, [grad_like(u) for u in un])
        c['grads'] = enc([x.grad for x in xs])
    seqs.append(c)


seq_case('sorted', [3, 2, 1])
seq_case('unsorted', [1, 3, 2, 3], enforce_sorted=False)
seq_case('unsorted 1-D sequences', [2, 4, 1], trailing=(), enforce_sorted=False)
seq_case('int64 sorted', [3, 3, 1], trailing=(), dtype=torch.int64)

# ---------------------------------------------------------------- modules

modules = []


def flat(result):
    if isinstance(result, torch.Tensor):
        return [result]
    if isinstance(result, PackedSequence):
        return [result.data]
    out = []
    for r in result:
        out.extend(flat(r))
    return out


def module_case(name, ctor, args, kwargs, input_shape, lengths, enforce_sorted=True, hx_shapes=None, train=True,
                seed=0):
    kwargs = kwargs or {}
    dtype = kwargs.get('dtype', F32)
    batch_first = kwargs.get('batch_first', False)
    torch.manual_seed(seed)
    m = getattr(nn, ctor)(*args, **kwargs)
    m.train(train)
    c = {'name': name, 'ctor': ctor, 'args': list(args), 'kwargs': {k: kwarg(v) for k, v in kwargs.items()},
         'seed': seed, 'train': train, 'lengths': lengths, 'enforce_sorted': enforce_sorted,
         'init': {k: enc(v) for k, v in m.state_dict().items()}}
    x = vals(input_shape, dtype=dtype).requires_grad_()
    c['input'] = enc(x)
    hx = None
    if hx_shapes is not None:
        hs = [vals(s, -1.0, 1.0, salt=i + 1, dtype=dtype).requires_grad_() for i, s in enumerate(hx_shapes)]
        hx = hs[0] if ctor in ('RNN', 'GRU') else tuple(hs)
        c['hx'] = enc(hs)
    packed = pack_padded_sequence(x, lengths, batch_first=batch_first, enforce_sorted=enforce_sorted)
    torch.manual_seed(seed + 1)
    c['forward_seed'] = seed + 1
    out = m(packed, hx)
    assert isinstance(out[0], PackedSequence)
    assert torch.equal(out[0].batch_sizes, packed.batch_sizes)
    outs = flat(out)
    c['outs'] = enc(outs)
    c['padded'] = enc(pad_packed_sequence(out[0], batch_first=batch_first)[0])
    torch.autograd.backward(outs, [grad_like(o) for o in outs])
    c['input_grad'] = enc(x.grad)
    if hx is not None:
        c['hx_grads'] = enc([h.grad for h in hs])
    c['param_grads'] = {k: enc(p.grad) for k, p in m.named_parameters()}
    modules.append(c)


module_case('RNN sorted', 'RNN', (3, 4), {}, [4, 3, 3], [4, 2, 1])
module_case('RNN relu unsorted h0', 'RNN', (3, 4), {'nonlinearity': 'relu'}, [4, 3, 3], [2, 4, 1],
            enforce_sorted=False, hx_shapes=[[1, 3, 4]])
module_case('RNN bidirectional 2 layers batch_first unsorted h0', 'RNN', (3, 4, 2),
            {'bidirectional': True, 'batch_first': True}, [4, 5, 3], [3, 5, 1, 5], enforce_sorted=False,
            hx_shapes=[[4, 4, 4]])
module_case('LSTM sorted', 'LSTM', (3, 4), {}, [5, 3, 3], [5, 3, 2])
module_case('LSTM unsorted h0 c0', 'LSTM', (3, 4), {}, [5, 4, 3], [2, 5, 3, 5], enforce_sorted=False,
            hx_shapes=[[1, 4, 4], [1, 4, 4]])
module_case('LSTM bidirectional 2 layers unsorted', 'LSTM', (3, 4, 2), {'bidirectional': True}, [4, 3, 3],
            [1, 4, 3], enforce_sorted=False)
module_case('LSTM proj_size bidirectional 2 layers h0 c0', 'LSTM', (3, 5, 2), {'proj_size': 2, 'bidirectional': True},
            [4, 3, 3], [3, 4, 2], enforce_sorted=False, hx_shapes=[[4, 3, 2], [4, 3, 5]])
module_case('LSTM 3 layers dropout train batch_first', 'LSTM', (3, 4, 3), {'dropout': 0.5, 'batch_first': True},
            [3, 4, 3], [4, 4, 2])
module_case('LSTM float64 no bias', 'LSTM', (3, 4), {'bias': False, 'dtype': F64}, [4, 2, 3], [4, 3])
module_case('GRU sorted', 'GRU', (3, 4), {}, [4, 3, 3], [4, 4, 1])
module_case('GRU bidirectional unsorted h0', 'GRU', (3, 4), {'bidirectional': True}, [5, 4, 3], [3, 1, 5, 2],
            enforce_sorted=False, hx_shapes=[[2, 4, 4]])
module_case('GRU 2 layers dropout train unsorted', 'GRU', (3, 4, 2), {'dropout': 0.25}, [4, 3, 3], [2, 4, 3],
            enforce_sorted=False)
module_case('GRU 2 layers dropout eval', 'GRU', (3, 4, 2), {'dropout': 0.25}, [4, 3, 3], [4, 2, 2], train=False)
module_case('GRU float64 bidirectional batch_first', 'GRU', (3, 4), {'bidirectional': True, 'batch_first': True,
                                                                     'dtype': F64}, [3, 4, 3], [4, 1, 3],
            enforce_sorted=False)

# ---------------------------------------------------------------- typical usage


def usage():
    torch.manual_seed(0)
    emb = nn.Embedding(10, 4, padding_idx=0)
    lstm = nn.LSTM(4, 5, batch_first=True)
    lin = nn.Linear(5, 3)
    tokens = torch.tensor([[1, 2, 3, 0], [4, 5, 6, 7], [8, 9, 0, 0]])
    lengths = torch.tensor([3, 4, 2])
    targets = torch.tensor([[0, 1, 2, 0], [2, 1, 0, 1], [1, 1, 0, 0]])
    x = emb(tokens)
    packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
    out, (h, c) = lstm(packed)
    padded, out_lens = pad_packed_sequence(out, batch_first=True, total_length=4)
    logits = lin(padded)
    mask = torch.arange(4)[None, :] < out_lens[:, None]
    loss = F.cross_entropy(logits[mask], targets[mask])
    loss.backward()
    named = {f'emb.{k}': v for k, v in emb.named_parameters()}
    named |= {f'lstm.{k}': v for k, v in lstm.named_parameters()}
    named |= {f'lin.{k}': v for k, v in lin.named_parameters()}
    return {'tokens': enc(tokens), 'lengths': enc(lengths), 'targets': enc(targets),
            'init': {k: enc(v.detach()) for k, v in named.items()},
            'padded': enc(padded), 'out_lengths': enc(out_lens), 'h_n': enc(h), 'c_n': enc(c),
            'loss': enc(loss), 'grads': {k: enc(v.grad) for k, v in named.items()}}


# ---------------------------------------------------------------- printing

prints = {
    'pack_sequence int': repr(pack_sequence([torch.tensor([1, 2, 3]), torch.tensor([4, 5]), torch.tensor([6])])),
    'pack_sequence unsorted': repr(pack_sequence([torch.tensor([1, 2]), torch.tensor([3, 4, 5]), torch.tensor([6])],
                                                 enforce_sorted=False)),
    'float 2-D data': repr(pack_padded_sequence(vals([3, 2, 2]), [3, 2])),
    'invert_permutation': repr(invert_permutation(torch.tensor([2, 0, 3, 1]))),
    'float64 unsorted': repr(pack_padded_sequence(vals([2, 3, 1], dtype=F64), [1, 2, 2], enforce_sorted=False)),
}

# grad_fn names of the results (the printed PackedSequence of a differentiable input shows them).
def grad_fns():
    x = vals([3, 2, 2]).requires_grad_()
    p = pack_padded_sequence(x, [3, 2])
    q = pack_padded_sequence(x, [2, 3], enforce_sorted=False)
    r = pack_padded_sequence(x.transpose(0, 1), [3, 2], batch_first=True)
    torch.manual_seed(0)
    lstm = nn.LSTM(2, 3)
    out, (h, c) = lstm(p)
    out_u, (h_u, c_u) = lstm(q)
    torch.manual_seed(0)
    gru = nn.GRU(2, 3, bidirectional=True)
    name = lambda t: t.grad_fn.name()
    return {'names': {
        'pack sorted': name(p.data), 'pack unsorted': name(q.data), 'pack batch_first': name(r.data),
        'pad sorted': name(pad_packed_sequence(p)[0]), 'pad batch_first': name(pad_packed_sequence(p, True)[0]),
        'pad unsorted': name(pad_packed_sequence(q)[0]), 'unpack': name(unpack_sequence(q)[0]),
        'LSTM output': name(out.data), 'LSTM h_n sorted': name(h), 'LSTM c_n unsorted': name(c_u),
        'GRU bidirectional output': name(gru(q)[0].data)},
        'repr pack': repr(p), 'repr LSTM unsorted': repr(out_u)}


# ---------------------------------------------------------------- errors

errors = []


def err(name, kind, **spec):
    def run():
        if kind == 'pack':
            lens = spec['lengths']
            if spec.get('lengths_dtype'):
                lens = torch.tensor(lens, dtype=getattr(torch, spec['lengths_dtype']))
            pack_padded_sequence(torch.zeros(spec['shape']), lens, batch_first=spec.get('batch_first', False),
                                 enforce_sorted=spec.get('enforce_sorted', True))
        elif kind == 'pad':
            pad_packed_sequence(pack_padded_sequence(torch.zeros(spec['shape']), spec['lengths']),
                                total_length=spec['total_length'])
        elif kind == 'invert':
            invert_permutation(torch.tensor(spec['perm'], dtype=getattr(torch, spec['dtype'])))
        elif kind == 'module':
            m = getattr(nn, spec['ctor'])(*spec['args'])
            p = pack_padded_sequence(torch.zeros(spec['shape']), spec['lengths'],
                                     enforce_sorted=spec.get('enforce_sorted', True))
            hx = None
            if spec.get('hx_shapes') is not None:
                hs = [torch.zeros(s) for s in spec['hx_shapes']]
                hx = hs[0] if spec['ctor'] != 'LSTM' else tuple(hs)
            m(p, hx)
    e = {'name': name, 'kind': kind, **spec, 'error': error_text(run)}
    assert e['error'] is not None, name
    errors.append(e)


err('unsorted lengths', 'pack', shape=[3, 3, 2], lengths=[2, 3, 1])
err('zero length', 'pack', shape=[3, 3, 2], lengths=[3, 2, 0])
err('negative length unsorted', 'pack', shape=[3, 3, 2], lengths=[3, -1, 2], enforce_sorted=False)
err('too many lengths', 'pack', shape=[3, 2, 2], lengths=[3, 2, 1])
err('too few lengths batch_first', 'pack', shape=[3, 2, 2], lengths=[2], batch_first=True)
err('empty input', 'pack', shape=[0, 2, 2], lengths=[1, 1])
err('2-D lengths tensor', 'pack', shape=[3, 2], lengths=[[3, 2]], lengths_dtype='int64')
err('total_length too small', 'pad', shape=[4, 2, 1], lengths=[4, 2], total_length=3)
err('invert_permutation float', 'invert', perm=[0.0, 1.0], dtype='float32')
err('invert_permutation out of range', 'invert', perm=[0, 5], dtype='int64')
err('invert_permutation 0-d out of range', 'invert', perm=1, dtype='int64')
err('invert_permutation 2-D', 'invert', perm=[[0, 1]], dtype='int64')
err('RNN packed input size', 'module', ctor='RNN', args=[3, 4], shape=[3, 2, 2], lengths=[3, 2])
err('GRU packed hx batch', 'module', ctor='GRU', args=[3, 4], shape=[3, 2, 3], lengths=[3, 2], hx_shapes=[[1, 3, 4]])
err('LSTM packed c0 size', 'module', ctor='LSTM', args=[3, 4], shape=[3, 2, 3], lengths=[3, 2],
    hx_shapes=[[1, 2, 4], [1, 2, 5]])
err('LSTM packed h0 layers', 'module', ctor='LSTM', args=[3, 4, 2], shape=[3, 2, 3], lengths=[3, 2],
    hx_shapes=[[1, 2, 4], [2, 2, 4]])

dump('packed', [{'packs': packs, 'seqs': seqs, 'modules': modules, 'pack_only': pack_only, 'usage': usage(), 'prints': prints, 'grad_fns': grad_fns(),
                'errors': errors}])
