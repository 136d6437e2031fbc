"""Oracle for the rest of torch.optim (src/optim): trajectories of Adagrad, Adadelta, Adamax, NAdam,
RAdam, ASGD, Rprop and LBFGS on the fixed problem of optim.py (two parameter groups, the second
with its own lr), their state_dicts; the lr sequences of MultiStepLR, ExponentialLR, ConstantLR,
MultiplicativeLR, PolynomialLR, CosineAnnealingWarmRestarts, CyclicLR, ReduceLROnPlateau and
ChainedScheduler over 30 steps (two groups); error texts.

    /usr/bin/python3 tests/oracle/optim2.py  ->  tests/fixtures/optim2.json
"""
import importlib
import inspect
import math

import torch

from common import dump, enc, error_text

# the fixed problem of optim.py (copied: importing optim.py would rewrite optim.json)
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


def jsonable(v):
    if isinstance(v, tuple):
        return [jsonable(x) for x in v]
    if isinstance(v, list):
        return [jsonable(x) for x in v]
    if isinstance(v, torch.Tensor):
        return enc(v)
    if isinstance(v, float) and v != v:
        return 'nan'
    if isinstance(v, float) and abs(v) == float('inf'):
        return 'inf' if v > 0 else '-inf'
    return v


# PyTorch 2 fixed NAdam's mu_product_next (1.13 multiplies mu in twice: mu_product * mu * mu_next);
# the fixtures follow PyTorch 2, so 1.13's single-tensor NAdam is patched to its formula here.
_nadam = importlib.import_module("torch.optim.nadam")
_src = inspect.getsource(_nadam._single_tensor_nadam)
assert 'mu_product * mu * mu_next' in _src
# (PyTorch 2: mu_product_next = _get_value(mu_product) * mu_next, a Python float)
exec(_src.replace('mu_product * mu * mu_next', 'torch.tensor(mu_product.item() * mu_next, dtype=torch.float64)'),
     _nadam.__dict__)

cases = []
CONFIGS = [
    ('Adagrad', {}, {'lr': 0.05}),
    ('Adagrad', {'lr': 0.1, 'lr_decay': 0.01, 'weight_decay': 0.1, 'initial_accumulator_value': 0.5, 'eps': 1e-6}, {}),
    ('Adagrad', {'lr': 0.1, 'maximize': True}, {'lr': 0.02}),
    ('Adadelta', {}, {'lr': 0.5}),
    ('Adadelta', {'lr': 0.5, 'rho': 0.8, 'eps': 1e-4, 'weight_decay': 0.1}, {}),
    ('Adadelta', {'maximize': True}, {}),
    ('Adamax', {}, {'lr': 0.01}),
    ('Adamax', {'lr': 0.05, 'betas': (0.8, 0.99), 'eps': 1e-6, 'weight_decay': 0.1}, {}),
    ('Adamax', {'lr': 0.05, 'maximize': True}, {}),
    ('NAdam', {}, {'lr': 0.01}),
    ('NAdam', {'lr': 0.05, 'betas': (0.8, 0.99), 'momentum_decay': 0.01, 'weight_decay': 0.1}, {}),
    ('RAdam', {}, {'lr': 0.01}),
    ('RAdam', {'lr': 0.05, 'betas': (0.5, 0.6), 'weight_decay': 0.1}, {}),
    ('ASGD', {}, {'lr': 0.02}),
    ('ASGD', {'lr': 0.01, 'lambd': 0.01, 'alpha': 0.5, 't0': 2, 'weight_decay': 0.1}, {}),
    ('ASGD', {'lr': 0.01, 'maximize': True, 't0': 3}, {}),
    ('Rprop', {}, {'lr': 0.05}),
    ('Rprop', {'lr': 0.02, 'etas': (0.3, 1.5), 'step_sizes': (1e-3, 0.05)}, {}),
    ('Rprop', {'maximize': True}, {}),
]
for dtype in [torch.float32, torch.float64]:
    for name, kwargs, g1 in CONFIGS:
        w, b = problem(dtype)
        opt = getattr(torch.optim, name)([{'params': [w]}, {'params': [b], **g1}], **kwargs)
        traj = []
        for _ in range(STEPS):
            opt.zero_grad()
            loss_of(w, b).backward()
            opt.step()
            traj.append({'w': enc(w), 'b': enc(b)})
        sd = opt.state_dict()
        cases.append({
            'kind': 'trajectory', 'optimizer': name, 'kwargs': jsonable(kwargs), 'group1': jsonable(g1),
            'dtype': str(dtype).replace('torch.', ''), 'trajectory': traj,
            'state': state_json(sd),
            'param_groups': [{k: jsonable(v) for k, v in g.items()} for g in sd['param_groups']],
        })

# LBFGS: one parameter group, a closure; scalar entries of its state
LBFGS_CONFIGS = [
    {},
    {'lr': 0.5, 'max_iter': 5, 'history_size': 3},
    {'lr': 1, 'max_iter': 4, 'line_search_fn': 'strong_wolfe'},
    {'lr': 0.8, 'max_iter': 10, 'history_size': 4, 'line_search_fn': 'strong_wolfe', 'tolerance_change': 1e-12},
]
for dtype in [torch.float64, torch.float32]:
    for kwargs in LBFGS_CONFIGS:
        w, b = problem(dtype)
        opt = torch.optim.LBFGS([w, b], **kwargs)
        traj = []
        losses = []

        def closure():
            opt.zero_grad()
            loss = loss_of(w, b) * 0.05
            loss.backward()
            return loss
        for _ in range(3):
            losses.append(opt.step(closure).item())
            traj.append({'w': enc(w), 'b': enc(b)})
        st = opt.state_dict()['state'][0]
        cases.append({
            'kind': 'lbfgs', 'kwargs': kwargs, 'dtype': str(dtype).replace('torch.', ''), 'trajectory': traj,
            'losses': losses, 'func_evals': st['func_evals'], 'n_iter': st['n_iter'],
            'history': len(st['old_dirs']),
            'param_groups': [{k: jsonable(v) for k, v in g.items()} for g in opt.state_dict()['param_groups']],
        })

# schedulers: two groups (lr 0.1 and 0.05), SGD with momentum 0.9
S = torch.optim.lr_scheduler
SCHEDULERS = [
    ('MultiStepLR', [[3, 7, 8]], {}),
    ('MultiStepLR', [[2, 5]], {'gamma': 0.5}),
    ('ExponentialLR', [0.9], {}),
    ('ConstantLR', [], {}),
    ('ConstantLR', [], {'factor': 0.5, 'total_iters': 4}),
    ('MultiplicativeLR', ['0.95'], {}),
    ('PolynomialLR', [], {}),
    ('PolynomialLR', [], {'total_iters': 10, 'power': 2.0}),
    ('CosineAnnealingWarmRestarts', [5], {}),
    ('CosineAnnealingWarmRestarts', [3], {'T_mult': 2, 'eta_min': 0.001}),
    ('CyclicLR', [0.01, 0.1], {'step_size_up': 4}),
    ('CyclicLR', [[0.01, 0.005], 0.2], {'step_size_up': 3, 'step_size_down': 2, 'mode': 'triangular2'}),
    ('CyclicLR', [0.01, 0.1], {'step_size_up': 4, 'mode': 'exp_range', 'gamma': 0.9}),
    ('CyclicLR', [0.01, 0.1], {'step_size_up': 5, 'cycle_momentum': False}),
    ('CyclicLR', [0.01, 0.1], {'step_size_up': 5, 'base_momentum': 0.7, 'max_momentum': 0.95}),
    ('ReduceLROnPlateau', [], {}),
    ('ReduceLROnPlateau', [], {'mode': 'max', 'factor': 0.5, 'patience': 2, 'cooldown': 1, 'min_lr': [0.02, 0.01]}),
    ('ReduceLROnPlateau', [], {'patience': 1, 'threshold': 0.1, 'threshold_mode': 'abs', 'eps': 0.03}),
    ('ReduceLROnPlateau', [], {'patience': 0, 'threshold_mode': 'rel', 'threshold': 0.05, 'factor': 0.3}),
    ('ChainedScheduler', [], {}),
]
METRICS = [5, 4, 4.5, 4.2, 3.9, 3.95, 3.97, 3.99, 3.7, 3.8, 3.8, 3.8, 3.8, 3.75, 3.0, 3.1, 3.2, 3.3, 3.4, 3.5,
           2.0, 2.01, 2.02, 2.0, 1.99, 1.98, 1.97, 1.9, 1.95, 1.95]
sched = []
for cls, args, kwargs in SCHEDULERS:
    p = torch.nn.Parameter(torch.zeros(1))
    q = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([{'params': [p]}, {'params': [q], 'lr': 0.05}], lr=0.1, momentum=0.9)
    if cls == 'MultiplicativeLR':
        s = S.MultiplicativeLR(opt, lambda e: 0.95)
    elif cls == 'ChainedScheduler':
        s = S.ChainedScheduler([S.ConstantLR(opt, factor=0.1, total_iters=2), S.ExponentialLR(opt, gamma=0.9)])
    else:
        s = getattr(S, cls)(opt, *args, **kwargs)
    lrs = [[g['lr'] for g in opt.param_groups]]
    moms = [[g['momentum'] for g in opt.param_groups]]
    last = [s.get_last_lr()] if cls != 'ReduceLROnPlateau' else []
    for i in range(30):
        opt.step()
        if cls == 'ReduceLROnPlateau':
            s.step(METRICS[i])
        else:
            s.step()
            last.append(s.get_last_lr())
        lrs.append([g['lr'] for g in opt.param_groups])
        moms.append([g['momentum'] for g in opt.param_groups])
    sd = s.state_dict()
    sd = {k: jsonable(v) for k, v in sd.items() if k not in ('_scale_fn_ref', '_schedulers', 'lr_lambdas')}
    sched.append({'scheduler': cls, 'args': args, 'kwargs': jsonable(kwargs), 'lrs': lrs, 'momentums': moms,
                  'last_lr': last, 'state_dict': sd})
cases.append({'kind': 'schedulers', 'cases': sched, 'metrics': METRICS})

p = torch.nn.Parameter(torch.ones(2))
o = lambda: torch.optim.SGD([p], lr=0.1)  # noqa: E731
errors = {
    'Adagrad lr': error_text(lambda: torch.optim.Adagrad([p], lr=-1)),
    'Adagrad lr_decay': error_text(lambda: torch.optim.Adagrad([p], lr_decay=-1)),
    'Adagrad weight_decay': error_text(lambda: torch.optim.Adagrad([p], weight_decay=-1)),
    'Adagrad initial_accumulator_value': error_text(lambda: torch.optim.Adagrad([p], initial_accumulator_value=-1)),
    'Adagrad eps': error_text(lambda: torch.optim.Adagrad([p], eps=-1)),
    'Adadelta rho': error_text(lambda: torch.optim.Adadelta([p], rho=1.5)),
    'Adadelta lr': error_text(lambda: torch.optim.Adadelta([p], lr=-1)),
    'Adamax beta': error_text(lambda: torch.optim.Adamax([p], betas=(1.0, 0.9))),
    'NAdam momentum_decay': error_text(lambda: torch.optim.NAdam([p], momentum_decay=-1)),
    'RAdam beta': error_text(lambda: torch.optim.RAdam([p], betas=(0.9, 1.0))),
    'ASGD lr': error_text(lambda: torch.optim.ASGD([p], lr=-1)),
    'Rprop etas': error_text(lambda: torch.optim.Rprop([p], etas=(1.5, 1.2))),
    'Rprop lr': error_text(lambda: torch.optim.Rprop([p], lr=-1)),
    'LBFGS groups': error_text(lambda: torch.optim.LBFGS([{'params': [p]}, {'params': [torch.nn.Parameter(torch.ones(1))]}])),
    'SGD unknown option': error_text(lambda: torch.optim.SGD([p], lr=0.1, foo=1)),
    'Adam unknown option': error_text(lambda: torch.optim.Adam([p], lr=0.1, momentum=0.9)),
    'RMSprop unknown option': error_text(lambda: torch.optim.RMSprop([p], betas=(0.9, 0.99))),
    'Adagrad unknown option': error_text(lambda: torch.optim.Adagrad([p], foo=1)),
    'LBFGS unknown option': error_text(lambda: torch.optim.LBFGS([p], momentum=0.9)),
    'LBFGS no closure': error_text(lambda: torch.optim.LBFGS([p]).step()),
    'LBFGS line_search_fn': error_text(lambda: torch.optim.LBFGS([p], line_search_fn='foo').step(lambda: (p ** 2).sum())),
    'MultiStepLR not optimizer': error_text(lambda: S.MultiStepLR(5, [1])),
    'ConstantLR factor': error_text(lambda: S.ConstantLR(o(), factor=2)),
    'CosineAnnealingWarmRestarts T_0': error_text(lambda: S.CosineAnnealingWarmRestarts(o(), 0)),
    'CosineAnnealingWarmRestarts T_mult': error_text(lambda: S.CosineAnnealingWarmRestarts(o(), 2, T_mult=0)),
    'CyclicLR mode': error_text(lambda: S.CyclicLR(o(), 0.01, 0.1, mode='foo')),
    'CyclicLR momentum': error_text(lambda: S.CyclicLR(torch.optim.Adagrad([p]), 0.01, 0.1)),
    'ReduceLROnPlateau factor': error_text(lambda: S.ReduceLROnPlateau(o(), factor=1.0)),
    'ReduceLROnPlateau mode': error_text(lambda: S.ReduceLROnPlateau(o(), mode='foo')),
    'ReduceLROnPlateau threshold_mode': error_text(lambda: S.ReduceLROnPlateau(o(), threshold_mode='foo')),
    'ReduceLROnPlateau min_lr': error_text(lambda: S.ReduceLROnPlateau(o(), min_lr=[0.1, 0.2])),
}
cases.append({'kind': 'errors', 'errors': errors})
dump('optim2', cases)
