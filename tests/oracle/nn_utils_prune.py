"""Oracle for torch.nn.utils.prune (src/nn/utils/prune.ts).

    /usr/bin/python3 tests/oracle/nn_utils_prune.py  ->  tests/fixtures/nn_utils_prune.json

Each case seeds torch.manual_seed(0), builds a small Conv2d + Linear model, applies a list of pruning
steps (random ones draw from the generator: rand_like for the unstructured, rand(channels) for the
structured), then records named_parameters / named_buffers / state_dict keys, the pruned tensors,
their masks, the output of a fixed input and the gradients of the originals; then prune.remove on
every pruned tensor and the same records again.
"""
import torch
import torch.nn as nn
import torch.nn.utils.prune as prune

from common import dump, enc, error_text


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3)
        self.fc = nn.Linear(64, 5)

    def forward(self, x):
        return self.fc(torch.relu(self.conv(x)).flatten(1))


METHODS = {'L1Unstructured': prune.L1Unstructured, 'RandomUnstructured': prune.RandomUnstructured}


def run_step(net, step):
    kind, mod, name = step[0], step[1], step[2]
    m = getattr(net, mod) if mod else None
    args = step[3] if len(step) > 3 else {}
    if kind == 'global':
        prune.global_unstructured([(getattr(net, a), b) for a, b in args['parameters']],
                                  METHODS[args['method']], amount=args['amount'])
    elif kind == 'custom_from_mask':
        prune.custom_from_mask(m, name, torch.tensor(args['mask']).reshape(getattr(m, name).shape))
    elif kind == 'identity':
        prune.identity(m, name)
    elif kind == 'random_unstructured':
        prune.random_unstructured(m, name, amount=args['amount'])
    elif kind == 'l1_unstructured':
        prune.l1_unstructured(m, name, amount=args['amount'])
    elif kind == 'random_structured':
        prune.random_structured(m, name, amount=args['amount'], dim=args['dim'])
    elif kind == 'ln_structured':
        prune.ln_structured(m, name, amount=args['amount'], n=args['n'], dim=args['dim'])


X = torch.linspace(-1.0, 1.0, 72).reshape(2, 1, 6, 6)


def record(net):
    y = net(X)
    net.zero_grad()
    y.pow(2).sum().backward()
    return {'params': [k for k, _ in net.named_parameters()], 'buffers': [k for k, _ in net.named_buffers()],
            'state': list(net.state_dict().keys()), 'is_pruned': prune.is_pruned(net),
            'tensors': {f'{mn}.{n}': enc(getattr(getattr(net, mn), n)) for mn in ['conv', 'fc']
                        for n in ['weight', 'bias']},
            'buffer_values': {k: enc(b) for k, b in net.named_buffers()},
            'out': enc(y), 'grads': {k: enc(p.grad) for k, p in net.named_parameters()}}


INF = float('inf')
cases = []
for title, steps in [
    ('random_unstructured 0.3', [('random_unstructured', 'conv', 'weight', {'amount': 0.3})]),
    ('l1_unstructured count 3 on a bias', [('l1_unstructured', 'conv', 'bias', {'amount': 3})]),
    ('random then ln_structured (container)', [('random_unstructured', 'conv', 'weight', {'amount': 0.3}),
                                               ('ln_structured', 'conv', 'weight', {'amount': 0.5, 'n': 2, 'dim': 0})]),
    ('l1 twice (container)', [('l1_unstructured', 'fc', 'weight', {'amount': 0.25}),
                              ('l1_unstructured', 'fc', 'weight', {'amount': 0.5})]),
    ('random_structured dim 1', [('random_structured', 'fc', 'weight', {'amount': 0.5, 'dim': 1})]),
    ('ln_structured inf dim -1', [('ln_structured', 'fc', 'weight', {'amount': 0.4, 'n': INF, 'dim': -1})]),
    ('ln_structured L1 dim 0 then random_structured', [
        ('ln_structured', 'conv', 'weight', {'amount': 0.25, 'n': 1, 'dim': 0}),
        ('random_structured', 'conv', 'weight', {'amount': 0.5, 'dim': 0})]),
    ('identity and custom_from_mask', [('identity', 'fc', 'bias'),
                                       ('custom_from_mask', 'conv', 'bias', {'mask': [1, 0, 1, 0]})]),
    ('global L1', [('global', None, None, {'parameters': [['conv', 'weight'], ['fc', 'weight']],
                                           'method': 'L1Unstructured', 'amount': 0.2})]),
    ('global random, then l1 on top', [
        ('global', None, None, {'parameters': [['conv', 'weight'], ['fc', 'weight'], ['fc', 'bias']],
                                'method': 'RandomUnstructured', 'amount': 0.3}),
        ('l1_unstructured', 'fc', 'weight', {'amount': 10})]),
]:
    torch.manual_seed(0)
    net = Net()
    rec = {'name': title, 'steps': [list(s) for s in steps], 'before': prune.is_pruned(net)}
    for s in steps:
        run_step(net, s)
    rec['pruned'] = record(net)
    for mn in ['conv', 'fc']:
        for n in ['weight', 'bias']:
            if hasattr(getattr(net, mn), n + '_orig'):
                prune.remove(getattr(net, mn), n)
    rec['removed'] = record(net)
    cases.append(rec)
for c in cases:
    for s in c['steps']:
        if len(s) > 3 and s[3].get('n') == INF:
            s[3]['n'] = 'inf'


def lin():
    torch.manual_seed(0)
    return nn.Linear(4, 3)


errors = {
    'remove unpruned': error_text(lambda: prune.remove(lin(), 'weight')),
    'amount > 1': error_text(lambda: prune.random_unstructured(lin(), 'weight', amount=1.5)),
    'amount < 0': error_text(lambda: prune.l1_unstructured(lin(), 'weight', amount=-1)),
    'amount too many': error_text(lambda: prune.l1_unstructured(lin(), 'weight', amount=13)),
    'structured 1-D': error_text(lambda: prune.ln_structured(lin(), 'bias', amount=1, n=2, dim=0)),
    'structured dim': error_text(lambda: prune.random_structured(lin(), 'weight', amount=1, dim=2)),
}
m = lin()
try:
    prune.l1_unstructured(m, 'weight', amount=13)
except ValueError:
    pass
errors_restore = [k for k, _ in m.named_parameters()]

dump('nn_utils_prune', [{'x': enc(X), 'cases': cases, 'errors': errors, 'after_error_params': errors_restore}])
