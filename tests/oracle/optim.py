"""Oracle for torch.optim (src/optim): parameter trajectories of SGD, Adam, AdamW and RMSprop
over a few steps of a fixed problem, their state_dict tensors, reprs and error texts, and the
learning rates StepLR and CosineAnnealingLR set.

    /usr/bin/python3 tests/oracle/optim.py  ->  tests/fixtures/optim.json

The problem: w [3, 4], b [3] from fixed values; loss = sum((x @ w.T + b - y)^2 * c) with fixed
x [5, 4], y [5, 3], c [3]; each step: zero_grad, loss, backward, step.
"""
import math

import torch

from common import dump, enc, error_text


def vals(shape, lo=-2.0, hi=2.0, salt=0, dtype=torch.float32):
    n = math.prod(shape)
    out = []
    for i in range(n):
        u = abs(math.sin(12.9898 * (i + 1) + 78.233 * (salt + 1)) * 43758.5453) % 1
        out.append(round(lo + (hi - lo) * u, 4))
    return torch.tensor(out, dtype=torch.float64).reshape(shape).to(dtype)


X = vals([5, 4], salt=1)
Y = vals([5, 3], salt=2)
C = torch.tensor([1.0, 0.5, 2.0])
STEPS = 6


def problem(dtype):
    w = torch.nn.Parameter(vals([3, 4], salt=3, dtype=dtype))
    b = torch.nn.Parameter(vals([3], salt=4, dtype=dtype))
    return w, b


def loss_of(w, b):
    x, y, c = X.to(w.dtype), Y.to(w.dtype), C.to(w.dtype)
    return ((x @ w.T + b - y) ** 2 * c).sum()


def state_json(sd):
    out = {}
    for i, st in sd['state'].items():
        out[str(i)] = {k: (enc(v) if isinstance(v, torch.Tensor) else v) for k, v in st.items()}
    return out


cases = []
CONFIGS = [
    ('SGD', {'lr': 0.01}),
    ('SGD', {'lr': 0.01, 'momentum': 0.9}),
    ('SGD', {'lr': 0.01, 'momentum': 0.9, 'dampening': 0.3, 'weight_decay': 0.1}),
    ('SGD', {'lr': 0.01, 'momentum': 0.8, 'nesterov': True, 'weight_decay': 0.05}),
    ('SGD', {'lr': 0.01, 'maximize': True}),
    ('Adam', {}),
    ('Adam', {'lr': 0.05, 'betas': (0.8, 0.99), 'eps': 1e-6, 'weight_decay': 0.1}),
    ('Adam', {'lr': 0.05, 'amsgrad': True}),
    ('Adam', {'lr': 0.05, 'maximize': True}),
    ('AdamW', {'lr': 0.05}),
    ('AdamW', {'lr': 0.05, 'weight_decay': 0.5, 'amsgrad': True}),
    ('RMSprop', {}),
    ('RMSprop', {'lr': 0.005, 'alpha': 0.9, 'momentum': 0.5, 'weight_decay': 0.1}),
    ('RMSprop', {'lr': 0.005, 'centered': True, 'eps': 1e-4}),
    ('RMSprop', {'lr': 0.005, 'centered': True, 'momentum': 0.7, 'maximize': True}),
]
for dtype in [torch.float32, torch.float64]:
    for name, kwargs in CONFIGS:
        if dtype == torch.float64 and name == 'SGD' and 'momentum' not in kwargs:
            continue
        w, b = problem(dtype)
        opt = getattr(torch.optim, name)([w, b], **kwargs)
        traj = []
        losses = []
        for _ in range(STEPS):
            opt.zero_grad()
            loss = loss_of(w, b)
            loss.backward()
            opt.step()
            losses.append(loss.item())
            traj.append({'w': enc(w), 'b': enc(b)})
        sd = opt.state_dict()
        cases.append({
            'kind': 'trajectory', 'optimizer': name, 'kwargs': {k: list(v) if isinstance(v, tuple) else v for k, v in kwargs.items()},
            'dtype': str(dtype).replace('torch.', ''), 'losses': losses, 'trajectory': traj,
            'state': state_json(sd),
            'param_groups': [{k: (list(v) if isinstance(v, tuple) else v) for k, v in g.items()} for g in sd['param_groups']],
            'repr': repr(opt),
        })

# two parameter groups with their own hyperparameters (the replay also round-trips state_dict midway)
w, b = problem(torch.float32)
opt = torch.optim.SGD([{'params': [w]}, {'params': [b], 'lr': 0.1, 'momentum': 0.5}], lr=0.01, momentum=0.9)
traj = []
for i in range(STEPS):
    opt.zero_grad()
    loss_of(w, b).backward()
    opt.step()
    traj.append({'w': enc(w), 'b': enc(b)})
cases.append({'kind': 'groups', 'trajectory': traj, 'repr': repr(opt)})

# schedulers
sched = []
for cls, args, kwargs in [
    ('StepLR', [3], {}),
    ('StepLR', [2], {'gamma': 0.5}),
    ('CosineAnnealingLR', [4], {}),
    ('CosineAnnealingLR', [3], {'eta_min': 0.01}),
]:
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=0.1)
    s = getattr(torch.optim.lr_scheduler, cls)(opt, *args, **kwargs)
    lrs = [opt.param_groups[0]['lr']]
    last = [s.get_last_lr()]
    for _ in range(12):
        opt.step()
        s.step()
        lrs.append(opt.param_groups[0]['lr'])
        last.append(s.get_last_lr())
    sched.append({'scheduler': cls, 'args': args, 'kwargs': kwargs, 'lrs': lrs, 'last_lr': last,
                  'last_epoch': s.last_epoch})
cases.append({'kind': 'schedulers', 'cases': sched})

p = torch.nn.Parameter(torch.ones(2))
errors = {
    'SGD no lr': error_text(lambda: torch.optim.SGD([p])),
    'SGD negative lr': error_text(lambda: torch.optim.SGD([p], lr=-0.5)),
    'SGD negative momentum': error_text(lambda: torch.optim.SGD([p], lr=0.1, momentum=-0.5)),
    'SGD nesterov': error_text(lambda: torch.optim.SGD([p], lr=0.1, nesterov=True)),
    'Adam beta': error_text(lambda: torch.optim.Adam([p], betas=(1.5, 0.9))),
    'Adam beta 1': error_text(lambda: torch.optim.Adam([p], betas=(0.9, -0.5))),
    'Adam eps': error_text(lambda: torch.optim.Adam([p], eps=-0.5)),
    'Adam weight_decay': error_text(lambda: torch.optim.Adam([p], weight_decay=-0.5)),
    'RMSprop alpha': error_text(lambda: torch.optim.RMSprop([p], alpha=-0.5)),
    'empty': error_text(lambda: torch.optim.Adam([])),
    'duplicate groups': error_text(lambda: torch.optim.Adam([{'params': [p]}, {'params': [p]}])),
}
cases.append({'kind': 'errors', 'errors': errors})
dump('optim', cases)
