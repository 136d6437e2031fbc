"""Oracle for the recurrent layers (src/nn/rnn.ts).

    /usr/bin/python3 tests/oracle/rnn.py  ->  tests/fixtures/rnn.json

A module case builds `nn.<ctor>(*args, **kwargs)` right after torch.manual_seed(seed) and records
its freshly initialised state_dict (PyTorch's init from that seed, which the test checks bit for
bit and then loads, so the numerics are compared with the same weights either way), its repr, the
flattened outputs (RNN/GRU: output, h_n; LSTM: output, h_n, c_n; RNNCell/GRUCell: h'; LSTMCell:
h', c'), and after backpropagating cases.py's grad_like from every output, the gradients of the
input, of the initial state and of every parameter. Forward runs after torch.manual_seed(seed + 1),
so dropout between layers draws PyTorch's stream.

Error cases record PyTorch's message for bad constructor arguments and bad input/state sizes.
"""
import math

import torch
import torch.nn as nn
from torch.nn.utils import clip_grad_norm_

from cases import grad_like
from common import dump, enc, error_text

F32, F64 = torch.float32, torch.float64


def vals(shape, lo=-2.0, hi=2.0, salt=0, dtype=F32):
    """Deterministic values spread over [lo, hi] (the same generator as tests/oracle/nn.py)."""
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


def flat(result):
    """A module's result as a flat list of tensors, in the order PyTorch nests them."""
    if isinstance(result, torch.Tensor):
        return [result]
    out = []
    for r in result:
        out.extend(flat(r))
    return out


cases = []


def case(name, ctor, args=(), kwargs=None, input_shape=None, hx_shapes=None, train=True, seed=0):
    kwargs = kwargs or {}
    dtype = kwargs.get('dtype', F32)
    torch.manual_seed(seed)
    m = getattr(nn, ctor)(*args, **kwargs)
    m.train(train)
    c = {'name': name, 'ctor': ctor, 'args': list(args), 'kwargs': {k: kwarg(v) for k, v in kwargs.items()},
         'seed': seed, 'train': train, 'repr': repr(m),
         'init': {k: enc(v) for k, v in m.state_dict().items()}}
    x = vals(input_shape, dtype=dtype).requires_grad_()
    c['input'] = enc(x)
    hx = None
    if hx_shapes is not None:
        hs = [vals(s, -1.0, 1.0, salt=i + 1, dtype=dtype).requires_grad_() for i, s in enumerate(hx_shapes)]
        hx = hs[0] if ctor in ('RNN', 'GRU', 'RNNCell', 'GRUCell') else tuple(hs)
        c['hx'] = enc(hs)
    torch.manual_seed(seed + 1)
    c['forward_seed'] = seed + 1
    outs = flat(m(x, hx))
    c['outs'] = enc(outs)
    torch.autograd.backward(outs, [grad_like(o) for o in outs])
    c['input_grad'] = enc(x.grad)
    if hx is not None:
        c['hx_grads'] = enc([h.grad for h in hs])
    c['param_grads'] = {k: enc(p.grad) for k, p in m.named_parameters()}
    cases.append(c)


# RNN
case('RNN', 'RNN', (3, 4), input_shape=[5, 2, 3])
case('RNN relu h0', 'RNN', (3, 4), {'nonlinearity': 'relu'}, [5, 2, 3], [[1, 2, 4]])
case('RNN 2 layers bidirectional batch_first h0', 'RNN', (3, 4, 2), {'bidirectional': True, 'batch_first': True},
     [2, 5, 3], [[4, 2, 4]])
case('RNN no bias unbatched h0', 'RNN', (3, 4), {'bias': False}, [5, 3], [[1, 4]])
case('RNN 3 layers dropout train', 'RNN', (3, 4, 3), {'dropout': 0.5}, [4, 2, 3])
case('RNN 3 layers dropout eval', 'RNN', (3, 4, 3), {'dropout': 0.5}, [4, 2, 3], train=False)
case('RNN positional bias batch_first', 'RNN', (3, 4, 1, False, True), input_shape=[2, 4, 3])
# LSTM
case('LSTM', 'LSTM', (3, 4), input_shape=[5, 2, 3])
case('LSTM 2 layers bidirectional h0 c0', 'LSTM', (3, 4, 2), {'bidirectional': True}, [5, 2, 3],
     [[4, 2, 4], [4, 2, 4]])
case('LSTM batch_first no bias', 'LSTM', (3, 4), {'batch_first': True, 'bias': False}, [2, 5, 3])
case('LSTM unbatched h0 c0', 'LSTM', (3, 4), {}, [5, 3], [[1, 4], [1, 4]])
case('LSTM unbatched batch_first', 'LSTM', (3, 4), {'batch_first': True}, [5, 3])
case('LSTM proj_size 2 layers bidirectional', 'LSTM', (3, 5, 2), {'proj_size': 2, 'bidirectional': True},
     [4, 2, 3], [[4, 2, 2], [4, 2, 5]])
case('LSTM 2 layers dropout train', 'LSTM', (3, 4, 2), {'dropout': 0.25}, [4, 3, 3])
case('LSTM float64', 'LSTM', (3, 4, 2), {'dtype': F64}, [5, 2, 3], [[2, 2, 4], [2, 2, 4]])
case('LSTM 8->16 seq 12', 'LSTM', (8, 16), {}, [12, 3, 8])
# GRU
case('GRU', 'GRU', (3, 4), input_shape=[5, 2, 3])
case('GRU 2 layers bidirectional h0', 'GRU', (3, 4, 2), {'bidirectional': True}, [5, 2, 3], [[4, 2, 4]])
case('GRU unbatched batch_first h0', 'GRU', (3, 4), {'batch_first': True}, [5, 3], [[1, 4]])
case('GRU no bias', 'GRU', (3, 4), {'bias': False}, [5, 2, 3])
case('GRU 3 layers dropout train', 'GRU', (3, 4, 3), {'dropout': 0.5}, [4, 2, 3])
case('GRU float64 bidirectional', 'GRU', (3, 4), {'bidirectional': True, 'dtype': F64}, [5, 2, 3])
# Cells
case('RNNCell h', 'RNNCell', (3, 4), {}, [2, 3], [[2, 4]])
case('RNNCell relu no bias unbatched', 'RNNCell', (3, 4, False, 'relu'), {}, [3])
case('LSTMCell h c', 'LSTMCell', (3, 4), {}, [2, 3], [[2, 4], [2, 4]])
case('LSTMCell unbatched', 'LSTMCell', (3, 4), {}, [3])
case('LSTMCell no bias', 'LSTMCell', (3, 4), {'bias': False}, [2, 3])
case('GRUCell h', 'GRUCell', (3, 4), {}, [2, 3], [[2, 4]])
case('GRUCell unbatched h float64', 'GRUCell', (3, 4), {'dtype': F64}, [3], [[4]])

# ---------------------------------------------------------------- errors

errors = []


def err(name, ctor, args=(), kwargs=None, input_shape=None, hx_shapes=None, input_dtype=F32, hx_dtype=F32):
    kwargs = kwargs or {}
    e = {'name': name, 'ctor': ctor, 'args': list(args), 'kwargs': {k: kwarg(v) for k, v in kwargs.items()},
         'input_shape': input_shape, 'hx_shapes': hx_shapes,
         'input_dtype': str(input_dtype).replace('torch.', ''), 'hx_dtype': str(hx_dtype).replace('torch.', '')}

    def run():
        m = getattr(nn, ctor)(*args, **kwargs)
        if input_shape is None:
            return
        hx = None
        if hx_shapes is not None:
            hs = [torch.zeros(s, dtype=hx_dtype) for s in hx_shapes]
            hx = hs[0] if ctor in ('RNN', 'GRU', 'RNNCell', 'GRUCell') else tuple(hs)
        m(torch.zeros(input_shape, dtype=input_dtype), hx)

    e['error'] = error_text(run)
    assert e['error'] is not None, name
    errors.append(e)


err('RNN unknown nonlinearity', 'RNN', (3, 4), {'nonlinearity': 'sigmoid'})
err('GRU proj_size', 'GRU', (3, 4), {'proj_size': 2})
err('RNN proj_size', 'RNN', (3, 4), {'proj_size': 2})
err('LSTM proj_size too big', 'LSTM', (3, 4), {'proj_size': 4})
err('LSTM proj_size negative', 'LSTM', (3, 4), {'proj_size': -1})
err('RNN dropout out of range', 'RNN', (3, 4), {'dropout': 1.5})
err('RNN input size', 'RNN', (10, 20), {}, [5, 3, 5])
err('RNN hidden size', 'RNN', (10, 20), {}, [5, 3, 10], [[2, 3, 20]])
err('RNN batch_first hidden size', 'RNN', (10, 20), {'batch_first': True}, [5, 3, 10], [[1, 3, 20]])
err('RNN 4-D input', 'RNN', (10, 20), {}, [2, 5, 3, 10])
err('RNN 1-D input', 'RNN', (10, 20), {}, [10])
err('RNN batched 2-D hx', 'RNN', (10, 20), {}, [5, 3, 10], [[3, 20]])
err('RNN unbatched 3-D hx', 'RNN', (10, 20), {}, [5, 10], [[1, 1, 20]])
err('GRU input size', 'GRU', (10, 20, 2), {}, [5, 3, 7])
err('GRU bidirectional hidden size', 'GRU', (10, 20), {'bidirectional': True}, [5, 3, 10], [[1, 3, 20]])
err('LSTM h size', 'LSTM', (10, 20), {}, [5, 3, 10], [[1, 3, 19], [1, 3, 20]])
err('LSTM c size', 'LSTM', (10, 20), {}, [5, 3, 10], [[1, 3, 20], [2, 3, 20]])
err('LSTM proj h size', 'LSTM', (10, 20), {'proj_size': 5}, [5, 3, 10], [[1, 3, 20], [1, 3, 20]])
err('LSTM batched 2-D hx', 'LSTM', (10, 20), {}, [5, 3, 10], [[3, 20], [3, 20]])
err('LSTM unbatched 3-D hx', 'LSTM', (10, 20), {}, [5, 10], [[1, 1, 20], [1, 20]])
err('LSTM input size', 'LSTM', (10, 20), {}, [5, 3, 4])
err('RNNCell 3-D input', 'RNNCell', (10, 20), {}, [5, 3, 10])
err('LSTMCell 3-D input', 'LSTMCell', (10, 20), {}, [5, 3, 10])
err('GRUCell 0-D input', 'GRUCell', (10, 20), {}, [])
err('RNNCell input size', 'RNNCell', (10, 20), {}, [3, 5])
err('RNNCell hidden batch', 'RNNCell', (10, 20), {}, [3, 10], [[2, 20]])
err('GRUCell hidden size', 'GRUCell', (10, 20), {}, [3, 10], [[3, 19]])
err('LSTMCell hidden batch', 'LSTMCell', (10, 20), {}, [3, 10], [[2, 20], [3, 20]])
err('LSTMCell cell size', 'LSTMCell', (10, 20), {}, [3, 10], [[3, 20], [3, 21]])
err('RNNCell unknown nonlinearity', 'RNNCell', (10, 20), {'nonlinearity': 'sigmoid'}, [3, 10])
err('GRU float64 input', 'GRU', (3, 4), {}, [5, 2, 3], input_dtype=F64)
err('LSTM float64 input', 'LSTM', (3, 4), {}, [5, 2, 3], input_dtype=F64)
err('RNN float64 hx', 'RNN', (3, 4), {}, [5, 2, 3], [[1, 2, 4]], hx_dtype=F64)
err('GRU empty sequence', 'GRU', (3, 4), {}, [0, 2, 3])
err('LSTM empty sequence batch_first', 'LSTM', (3, 4), {'batch_first': True}, [2, 0, 3])

# ---------------------------------------------------------------- a small character model trained end to end

# Embedding -> 2-layer LSTM (batch_first, dropout) -> Linear, built in this order right after
# manual_seed(0); AdamW with weight-decay groups, clip_grad_norm_, LinearLR warm-up; the losses and
# the final state_dict after each step.
torch.manual_seed(0)
emb = nn.Embedding(11, 6)
lstm = nn.LSTM(6, 8, 2, batch_first=True, dropout=0.2)
head = nn.Linear(8, 11)
tokens = (vals([3, 9], 0, 10.999, salt=20, dtype=torch.float64).floor()).to(torch.int64)
decay = [lstm.weight_ih_l0, lstm.weight_hh_l0, lstm.weight_ih_l1, lstm.weight_hh_l1, head.weight]
no_decay = [emb.weight, lstm.bias_ih_l0, lstm.bias_hh_l0, lstm.bias_ih_l1, lstm.bias_hh_l1, head.bias]
opt = torch.optim.AdamW([{'params': decay, 'weight_decay': 0.1}, {'params': no_decay, 'weight_decay': 0.0}], lr=0.02)
sched = torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.25, total_iters=3)
losses, norms = [], []
torch.manual_seed(1)
for step in range(6):
    opt.zero_grad()
    x, y = tokens[:, :-1], tokens[:, 1:]
    out, _ = lstm(emb(x))
    loss = nn.functional.cross_entropy(head(out).reshape(-1, 11), y.reshape(-1))
    loss.backward()
    norms.append(clip_grad_norm_(lstm.parameters(), 0.05).item())
    opt.step()
    sched.step()
    losses.append(loss.item())
state = {**{'emb.' + k: v for k, v in emb.state_dict().items()}, **{'lstm.' + k: v for k, v in lstm.state_dict().items()},
         **{'head.' + k: v for k, v in head.state_dict().items()}}
train = {'tokens': enc(tokens), 'losses': losses, 'norms': norms, 'state': {k: enc(v) for k, v in state.items()}}

dump('rnn', [{'modules': cases, 'errors': errors, 'train': train}])
