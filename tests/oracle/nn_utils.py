"""Oracle for torch.nn.utils (src/nn/utils/), nn.Embedding's max_norm/padding_idx and the learning-rate
schedulers training recipes use (src/optim/lr_scheduler.ts).

    /usr/bin/python3 tests/oracle/nn_utils.py  ->  tests/fixtures/nn_utils.json

- clip_grad_norm_ / clip_grad_value_: gradients set from fixed values, the returned total norm and
  the gradients after clipping, for several norm types; the non-finite error.
- pad_sequence: output and the gradient of each sequence (backpropagating cases.py's grad_like).
- Embedding(max_norm, norm_type, padding_idx): seeded init, output, the weight after the in-place
  renormalisation, the weight's gradient.
- Schedulers: the lr (and momentum / Adam beta1) after each step; lambdas are named here and
  rebuilt by name in the test. A weight-decay parameter-group AdamW run under warm-up + cosine
  (LinearLR then CosineAnnealingLR through SequentialLR) records the parameters after each step.
"""
import math

import torch
import torch.nn as nn
from torch.nn.utils import clip_grad_norm_, clip_grad_value_
from torch.nn.utils.rnn import pad_sequence

from cases import grad_like
from common import dump, enc, error_text

F32 = torch.float32


def vals(shape, lo=-2.0, hi=2.0, salt=0, dtype=F32):
    """Deterministic values spread over [lo, hi] (the same generator as tests/oracle/nn.py)."""
    n = math.prod(shape)
    out = []
    for i in range(n):
        u = abs(math.sin(12.9898 * (i + 1) + 78.233 * (salt + 1)) * 43758.5453) % 1
        out.append(round(lo + (hi - lo) * u, 4))
    return torch.tensor(out, dtype=torch.float64).reshape(shape).to(dtype)


out = {}

# ---------------------------------------------------------------- clip_grad_norm_ / clip_grad_value_

SHAPES = [[3, 4], [4], [2, 2, 2]]


def params_with_grads(scale=1.0, none_at=None, dtype=F32):
    ps = []
    for i, s in enumerate(SHAPES):
        p = nn.Parameter(torch.zeros(s, dtype=dtype))
        if i != none_at:
            p.grad = vals(s, salt=i, dtype=dtype) * scale
        ps.append(p)
    return ps


clip = []
for name, kw, scale, none_at in [
    ('l2 clipped', {'max_norm': 1.0}, 1.0, None),
    ('l2 not clipped', {'max_norm': 100.0}, 1.0, None),
    ('l1', {'max_norm': 2.5, 'norm_type': 1.0}, 1.0, None),
    ('p=3.5', {'max_norm': 0.5, 'norm_type': 3.5}, 1.0, None),
    ('inf', {'max_norm': 0.75, 'norm_type': math.inf}, 1.0, None),
    ('one param without grad', {'max_norm': 1.5}, 1.0, 1),
    ('tiny grads', {'max_norm': 1.0}, 1e-4, None),
]:
    ps = params_with_grads(scale, none_at)
    total = clip_grad_norm_(ps, **kw)
    clip.append({'name': name, 'kwargs': {k: ('inf' if v == math.inf else v) for k, v in kw.items()},
                 'scale': scale, 'none_at': none_at, 'total': enc(total),
                 'grads': [enc(p.grad) for p in ps]})
p = nn.Parameter(torch.zeros(3))
p.grad = torch.tensor([3.0, 4.0, 12.0])
single_total = clip_grad_norm_(p, 6.5)
p64 = params_with_grads(dtype=torch.float64)
total64 = clip_grad_norm_(p64, 1.0)


def nonfinite():
    q = nn.Parameter(torch.zeros(2))
    q.grad = torch.tensor([1.0, float('nan')])
    clip_grad_norm_([q], 1.0, error_if_nonfinite=True)


def nonfinite_inf():
    q = nn.Parameter(torch.zeros(2))
    q.grad = torch.tensor([1.0, float('inf')])
    clip_grad_norm_([q], 1.0, norm_type='inf', error_if_nonfinite=True)


q = nn.Parameter(torch.zeros(2))
q.grad = torch.tensor([1.0, float('nan')])
nan_total = clip_grad_norm_([q], 1.0)
out['clip_grad_norm'] = {
    'cases': clip, 'single': {'total': enc(single_total), 'grad': enc(p.grad)},
    'float64': {'total': enc(total64), 'grads': [enc(x.grad) for x in p64]},
    'empty': enc(clip_grad_norm_([nn.Parameter(torch.zeros(2))], 1.0)),
    'nonfinite_error': error_text(nonfinite), 'nonfinite_inf_error': error_text(nonfinite_inf),
    'nan_unchecked': {'total': enc(nan_total), 'grad': enc(q.grad)},
}
ps = params_with_grads()
clip_grad_value_(ps, 0.8)
out['clip_grad_value'] = {'clip_value': 0.8, 'grads': [enc(p.grad) for p in ps]}

# ---------------------------------------------------------------- pad_sequence

pads = []
for name, shapes, kw in [
    ('default', [[3, 2], [5, 2], [1, 2]], {}),
    ('batch_first padding_value', [[3, 2], [5, 2], [1, 2]], {'batch_first': True, 'padding_value': -1.5}),
    ('1-D sequences', [[2], [4], [4]], {'batch_first': True}),
    ('3-D sequences', [[2, 2, 3], [3, 2, 3]], {}),
    ('same lengths', [[3, 2], [3, 2]], {'padding_value': 7.0}),
]:
    seqs = [vals(s, salt=i).requires_grad_() for i, s in enumerate(shapes)]
    o = pad_sequence(seqs, **kw)
    o.backward(grad_like(o))
    pads.append({'name': name, 'kwargs': kw, 'seqs': enc(seqs), 'out': enc(o), 'grads': [enc(s.grad) for s in seqs]})
out['pad_sequence'] = {
    'cases': pads,
    'empty_error': error_text(lambda: pad_sequence([])),
    'mismatch_error': error_text(lambda: pad_sequence([torch.zeros(2, 3), torch.zeros(3, 4)])),
}

# ---------------------------------------------------------------- Embedding options

emb = []
for name, args, kw, idx in [
    ('max_norm', (10, 3), {'max_norm': 1.0}, [[1, 2, 4, 5], [4, 3, 2, 9]]),
    ('max_norm norm_type 1', (10, 4), {'max_norm': 1.5, 'norm_type': 1.0}, [[0, 2, 0, 7]]),
    ('max_norm large (no renorm)', (6, 3), {'max_norm': 100.0}, [[0, 5]]),
    ('padding_idx', (10, 3), {'padding_idx': 0}, [[0, 2, 0, 5], [4, 3, 2, 9]]),
    ('padding_idx negative max_norm', (8, 3), {'padding_idx': -1, 'max_norm': 0.5}, [[7, 1, 1, 3]]),
]:
    torch.manual_seed(0)
    m = nn.Embedding(*args, **kw)
    init = enc(m.weight)
    x = torch.tensor(idx)
    o = m(x)
    o.backward(grad_like(o))
    emb.append({'name': name, 'args': list(args), 'kwargs': kw, 'repr': repr(m), 'init': init, 'input': enc(x),
                'out': enc(o), 'weight_after': enc(m.weight), 'weight_grad': enc(m.weight.grad)})
out['embedding'] = emb

# ---------------------------------------------------------------- schedulers

LAMBDAS = {
    'pow95': lambda e: 0.95 ** e,
    'inverse': lambda e: 1 / (e + 1),
    'warmup3': lambda e: min(1.0, (e + 1) / 3),
}


def make_opt(kind, groups=1):
    ps = [nn.Parameter(torch.zeros(1)) for _ in range(groups)]
    if kind == 'SGD':
        return torch.optim.SGD([{'params': [p]} for p in ps], lr=0.1, momentum=0.9)
    return torch.optim.Adam([{'params': [p]} for p in ps], lr=0.1)


def record(opt):
    g = opt.param_groups
    row = {'lr': [x['lr'] for x in g]}
    if 'betas' in g[0]:
        row['beta1'] = [x['betas'][0] for x in g]
    if 'momentum' in g[0]:
        row['momentum'] = [x['momentum'] for x in g]
    return row


def build(spec, opt):
    kind, args = spec['kind'], spec.get('args', {})
    S = torch.optim.lr_scheduler
    if kind == 'LambdaLR':
        lam = args['lr_lambda']
        return S.LambdaLR(opt, [LAMBDAS[n] for n in lam] if isinstance(lam, list) else LAMBDAS[lam])
    if kind == 'SequentialLR':
        subs = [build(s, opt) for s in spec['schedulers']]
        return S.SequentialLR(opt, subs, spec['milestones'])
    return getattr(S, kind)(opt, **args)


scheds = []
for name, opt_kind, groups, steps, spec in [
    ('LambdaLR pow', 'SGD', 1, 8, {'kind': 'LambdaLR', 'args': {'lr_lambda': 'pow95'}}),
    ('LambdaLR per group', 'SGD', 2, 8, {'kind': 'LambdaLR', 'args': {'lr_lambda': ['inverse', 'warmup3']}}),
    ('LinearLR defaults', 'SGD', 1, 8, {'kind': 'LinearLR'}),
    ('LinearLR warm-up', 'Adam', 1, 8, {'kind': 'LinearLR', 'args': {'start_factor': 0.1, 'total_iters': 4}}),
    ('LinearLR decay', 'SGD', 1, 8, {'kind': 'LinearLR', 'args': {'start_factor': 1.0, 'end_factor': 0.25,
                                                                   'total_iters': 5}}),
    ('SequentialLR warm-up + cosine', 'Adam', 1, 14,
     {'kind': 'SequentialLR', 'milestones': [3],
      'schedulers': [{'kind': 'LinearLR', 'args': {'start_factor': 0.1, 'total_iters': 3}},
                     {'kind': 'CosineAnnealingLR', 'args': {'T_max': 7, 'eta_min': 0.001}}]}),
    ('SequentialLR three', 'SGD', 2, 12,
     {'kind': 'SequentialLR', 'milestones': [2, 6],
      'schedulers': [{'kind': 'LinearLR', 'args': {'start_factor': 0.5, 'total_iters': 2}},
                     {'kind': 'StepLR', 'args': {'step_size': 2, 'gamma': 0.5}},
                     {'kind': 'LambdaLR', 'args': {'lr_lambda': 'pow95'}}]}),
    ('OneCycleLR SGD', 'SGD', 1, 10, {'kind': 'OneCycleLR', 'args': {'max_lr': 0.5, 'total_steps': 10}}),
    ('OneCycleLR Adam epochs', 'Adam', 2, 12,
     {'kind': 'OneCycleLR', 'args': {'max_lr': [0.01, 0.02], 'epochs': 3, 'steps_per_epoch': 4}}),
    ('OneCycleLR three_phase linear', 'SGD', 1, 20,
     {'kind': 'OneCycleLR', 'args': {'max_lr': 1.0, 'total_steps': 20, 'three_phase': True,
                                     'anneal_strategy': 'linear', 'pct_start': 0.25, 'div_factor': 10.0,
                                     'final_div_factor': 100.0}}),
    ('OneCycleLR no momentum cycling', 'Adam', 1, 6,
     {'kind': 'OneCycleLR', 'args': {'max_lr': 0.1, 'total_steps': 6, 'cycle_momentum': False}}),
]:
    opt = make_opt(opt_kind, groups)
    s = build(spec, opt)
    rows = [record(opt)]
    last = [s.get_last_lr()]
    for _ in range(steps):
        opt.step()
        s.step()
        rows.append(record(opt))
        last.append(list(s.get_last_lr()))
    scheds.append({'name': name, 'optimizer': opt_kind, 'groups': groups, 'spec': spec, 'rows': rows,
                   'last_lr': last})


def too_far():
    opt = make_opt('SGD')
    s = torch.optim.lr_scheduler.OneCycleLR(opt, 0.1, total_steps=2)
    for _ in range(3):
        s.step()


S = torch.optim.lr_scheduler
sched_errors = {
    'OneCycleLR too many steps': error_text(too_far),
    'OneCycleLR no total': error_text(lambda: S.OneCycleLR(make_opt('SGD'), 0.1)),
    'OneCycleLR bad total': error_text(lambda: S.OneCycleLR(make_opt('SGD'), 0.1, total_steps=0)),
    'OneCycleLR bad strategy': error_text(lambda: S.OneCycleLR(make_opt('SGD'), 0.1, total_steps=5,
                                                               anneal_strategy='exp')),
    'OneCycleLR max_lr count': error_text(lambda: S.OneCycleLR(make_opt('SGD'), [0.1, 0.2], total_steps=5)),
    'LinearLR start': error_text(lambda: S.LinearLR(make_opt('SGD'), start_factor=1.5)),
    'LinearLR end': error_text(lambda: S.LinearLR(make_opt('SGD'), end_factor=-0.5)),
    'LambdaLR count': error_text(lambda: S.LambdaLR(make_opt('SGD', 2), [LAMBDAS['pow95']])),
}


def seq_bad():
    opt = make_opt('SGD')
    S.SequentialLR(opt, [S.LinearLR(opt), S.StepLR(opt, 2)], [2, 4])


sched_errors['SequentialLR milestones'] = error_text(seq_bad)
out['schedulers'] = {'cases': scheds, 'errors': sched_errors}

# ---------------------------------------------------------------- weight-decay groups under warm-up + cosine

X = vals([8, 3], salt=10)
Y = vals([8, 2], salt=11)
w = nn.Parameter(vals([3, 2], -0.5, 0.5, salt=12))
b = nn.Parameter(vals([2], -0.5, 0.5, salt=13))
opt = torch.optim.AdamW([{'params': [w], 'weight_decay': 0.1}, {'params': [b], 'weight_decay': 0.0}], lr=0.05)
sched = S.SequentialLR(opt, [S.LinearLR(opt, start_factor=0.2, total_iters=2), S.CosineAnnealingLR(opt, T_max=6)],
                       milestones=[2])
traj = []
for _ in range(8):
    opt.zero_grad()
    loss = ((X @ w + b - Y) ** 2).mean()
    loss.backward()
    clip_grad_norm_([w, b], 0.5)
    opt.step()
    sched.step()
    traj.append({'loss': loss.item(), 'w': enc(w), 'b': enc(b), 'lr': [g['lr'] for g in opt.param_groups]})
out['wd_groups'] = {'X': enc(X), 'Y': enc(Y), 'w0': enc(vals([3, 2], -0.5, 0.5, salt=12)),
                    'b0': enc(vals([2], -0.5, 0.5, salt=13)), 'trajectory': traj}

dump('nn_utils', [out])
