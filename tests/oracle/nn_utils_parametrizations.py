"""Oracle for torch.nn.utils.parametrizations: orthogonal, spectral_norm and weight_norm
(src/nn/utils/parametrizations.ts), and nn.init.orthogonal_ (src/nn/init.ts).

    /usr/bin/python3 tests/oracle/nn_utils_parametrizations.py  ->  tests/fixtures/nn_utils_parametrizations.json

Each case seeds torch.manual_seed(0), builds the module, applies the parametrization (which draws
from the generator for spectral_norm's u, v and for orthogonal's completion of a non-square base),
runs a fixed input, backpropagates sum(out^2) and records repr, named_parameters / named_buffers /
state_dict keys, the weight, the output, the buffers and the gradients of the originals.

PyTorch 1.13 has no parametrizations.weight_norm (added in 2.1); _WeightNorm below is PyTorch 2's
parametrization (torch._weight_norm of original1 = v by original0 = g), registered as 2.1 does.
"""
import torch
import torch.nn as nn
import torch.nn.utils.parametrize as P
from torch.nn.utils.parametrizations import orthogonal, spectral_norm

from common import dump, enc, error_text


class _WeightNorm(nn.Module):
    def __init__(self, dim=0):
        super().__init__()
        self.dim = -1 if dim is None else dim

    def forward(self, weight_g, weight_v):
        return torch._weight_norm(weight_v, weight_g, self.dim)

    def right_inverse(self, weight):
        return torch.norm_except_dim(weight, 2, self.dim), weight


def weight_norm(module, name='weight', dim=0):
    P.register_parametrization(module, name, _WeightNorm(dim), unsafe=True)
    return module


MODULES = {
    'Linear(4, 4)': lambda: nn.Linear(4, 4),
    'Linear(3, 5)': lambda: nn.Linear(3, 5),
    'Linear(5, 3)': lambda: nn.Linear(5, 3),
    'Linear(4, 3)': lambda: nn.Linear(4, 3),
    'Conv2d(2, 3, 2)': lambda: nn.Conv2d(2, 3, 2),
    'ConvTranspose2d(2, 3, 2)': lambda: nn.ConvTranspose2d(2, 3, 2),
}
FUNCS = {'orthogonal': orthogonal, 'spectral_norm': spectral_norm, 'weight_norm': weight_norm}


def inp(module_name):
    g = torch.linspace(-1.5, 2.0, 200)
    if module_name.startswith('Linear'):
        n = int(module_name.split('(')[1].split(',')[0])
        return g[: 2 * n].reshape(2, n)
    return g[:50].reshape(1, 2, 5, 5)


cases = []
for fn, module_name, kw, forwards, train in [
    ('orthogonal', 'Linear(4, 4)', {}, 1, True),
    ('orthogonal', 'Linear(3, 5)', {}, 1, True),
    ('orthogonal', 'Linear(5, 3)', {}, 1, True),
    ('orthogonal', 'Linear(4, 4)', {'orthogonal_map': 'cayley'}, 1, True),
    ('orthogonal', 'Linear(3, 5)', {'orthogonal_map': 'matrix_exp'}, 1, True),
    ('orthogonal', 'Linear(5, 3)', {'orthogonal_map': 'cayley'}, 1, True),
    ('orthogonal', 'Linear(4, 4)', {'orthogonal_map': 'householder'}, 1, True),
    ('orthogonal', 'Linear(4, 4)', {'use_trivialization': False}, 1, True),
    ('spectral_norm', 'Linear(4, 3)', {}, 3, True),
    ('spectral_norm', 'Linear(4, 3)', {'n_power_iterations': 2}, 2, False),
    ('spectral_norm', 'Conv2d(2, 3, 2)', {}, 2, True),
    ('spectral_norm', 'ConvTranspose2d(2, 3, 2)', {}, 2, True),
    ('weight_norm', 'Linear(4, 3)', {}, 1, True),
    ('weight_norm', 'Linear(4, 3)', {'dim': None}, 1, True),
    ('weight_norm', 'Linear(4, 3)', {'dim': 1}, 1, True),
    ('weight_norm', 'Conv2d(2, 3, 2)', {}, 1, True),
]:
    torch.manual_seed(0)
    m = MODULES[module_name]()
    m.train(train)
    FUNCS[fn](m, **kw)
    x = inp(module_name)
    rec = {'fn': fn, 'module': module_name, 'kwargs': kw, 'train': train, 'x': enc(x), 'repr': repr(m),
           'params': [k for k, _ in m.named_parameters()], 'buffers': [k for k, _ in m.named_buffers()],
           'state': list(m.state_dict().keys()), 'weight0': enc(m.weight), 'steps': []}
    for _ in range(forwards):
        m.zero_grad()
        y = m(x)
        y.pow(2).sum().backward()
        rec['steps'].append({'out': enc(y), 'buffers': {k: enc(b) for k, b in m.named_buffers()},
                             'grads': {k: enc(p.grad) for k, p in m.named_parameters()}})
    rec['weight'] = enc(m.weight)
    cases.append(rec)


def lin():
    torch.manual_seed(0)
    return nn.Linear(4, 3)


out = {'cases': cases, 'errors': {
    'orthogonal no tensor': error_text(lambda: orthogonal(lin(), 'foo')),
    'orthogonal vector': error_text(lambda: orthogonal(lin(), 'bias')),
    'orthogonal bad map': error_text(lambda: orthogonal(lin(), orthogonal_map='qr')),
    'spectral_norm dim': error_text(lambda: spectral_norm(lin(), dim=2)),
    'spectral_norm iterations': error_text(lambda: spectral_norm(lin(), n_power_iterations=0)),
}}

# Assigning to an orthogonal weight: the new value becomes the base (orthogonalised if need be).
torch.manual_seed(0)
m = orthogonal(nn.Linear(3, 3))
m.weight = torch.tensor([[2.0, 0.5, 0.0], [1.0, -1.0, 0.25], [0.0, 3.0, 1.0]])
out['assign'] = {'weight': enc(m.weight), 'base': enc(m.parametrizations.weight[0].base),
                 'original': enc(m.parametrizations.weight.original)}

# nn.init.orthogonal_ (the tutorial samples its orthogonal matrix with it): seeded draws, several shapes.
torch.manual_seed(0)
out['init_orthogonal'] = [{'shape': list(shape), 'gain': gain,
                           'out': enc(nn.init.orthogonal_(torch.empty(*shape), gain=gain))}
                          for shape, gain in [((3, 3), 1.0), ((2, 5), 1.5), ((5, 2), 1.0), ((3, 2, 2), 1.0)]]
out['init_orthogonal_error'] = error_text(lambda: nn.init.orthogonal_(torch.empty(3)))

# The legacy hook-style nn.utils.weight_norm / remove_weight_norm.
legacy = []
for module_name, dim in [('Linear(4, 3)', 0), ('Linear(4, 3)', None), ('Conv2d(2, 3, 2)', 1)]:
    torch.manual_seed(0)
    m = MODULES[module_name]()
    nn.utils.weight_norm(m, dim=dim)
    x = inp(module_name)
    y = m(x)
    y.pow(2).sum().backward()
    rec = {'module': module_name, 'dim': dim, 'x': enc(x), 'params': [k for k, _ in m.named_parameters()],
           'state': list(m.state_dict().keys()), 'g': enc(m.weight_g), 'v': enc(m.weight_v),
           'weight': enc(m.weight), 'out': enc(y), 'grads': {k: enc(p.grad) for k, p in m.named_parameters()}}
    nn.utils.remove_weight_norm(m)
    rec['removed'] = {'params': [k for k, _ in m.named_parameters()], 'weight': enc(m.weight)}
    legacy.append(rec)


def twice():
    m = nn.utils.weight_norm(lin())
    nn.utils.weight_norm(m)


out['legacy_weight_norm'] = {'cases': legacy, 'twice': error_text(twice),
                             'remove_missing': error_text(lambda: nn.utils.remove_weight_norm(lin()))}

# The legacy hook-style nn.utils.spectral_norm / remove_spectral_norm: one power-iteration step
# per forward in training mode (none in eval mode); `weight` is weight_orig's data until the first forward.
legacy_sn = []
for module_name, kw, forwards, train in [('Linear(4, 3)', {}, 3, True), ('Linear(4, 3)', {'n_power_iterations': 2}, 2, False),
                                         ('Conv2d(2, 3, 2)', {}, 2, True), ('ConvTranspose2d(2, 3, 2)', {}, 2, True)]:
    torch.manual_seed(0)
    m = MODULES[module_name]()
    m.train(train)
    nn.utils.spectral_norm(m, **kw)
    x = inp(module_name)
    rec = {'module': module_name, 'kwargs': kw, 'train': train, 'x': enc(x),
           'params': [k for k, _ in m.named_parameters()], 'buffers': [k for k, _ in m.named_buffers()],
           'state': list(m.state_dict().keys()), 'weight0': enc(m.weight), 'steps': []}
    for _ in range(forwards):
        m.zero_grad()
        y = m(x)
        y.pow(2).sum().backward()
        rec['steps'].append({'out': enc(y), 'weight': enc(m.weight),
                             'buffers': {k: enc(b) for k, b in m.named_buffers()},
                             'grads': {k: enc(p.grad) for k, p in m.named_parameters()}})
    nn.utils.remove_spectral_norm(m)
    rec['removed'] = {'params': [k for k, _ in m.named_parameters()], 'weight': enc(m.weight)}
    legacy_sn.append(rec)


def sn_twice():
    m = nn.utils.spectral_norm(lin())
    nn.utils.spectral_norm(m)


out['legacy_spectral_norm'] = {'cases': legacy_sn, 'twice': error_text(sn_twice),
                               'iterations': error_text(lambda: nn.utils.spectral_norm(lin(), n_power_iterations=0)),
                               'remove_missing': error_text(lambda: nn.utils.remove_spectral_norm(lin()))}

dump('nn_utils_parametrizations', [out])
