"""Oracle for torch.nn.utils.parameters_to_vector / vector_to_parameters and torch.nn.utils.parametrize
(src/nn/utils/convert_parameters.ts, src/nn/utils/parametrize.ts).

    /usr/bin/python3 tests/oracle/nn_utils_parametrize.py  ->  tests/fixtures/nn_utils_parametrize.json

Modules are seeded (torch.manual_seed(0) before each); the parametrizations are small classes named
here and rebuilt by name in tests/nn_utils_parametrize.test.ts. Each case records the module's repr,
named_parameters / named_buffers / state_dict keys, the parametrized tensor, the output and the
gradients of a fixed input, after register, assignment (right_inverse) and remove_parametrizations.
"""
import torch
import torch.nn as nn
import torch.nn.utils.parametrize as P
from torch.nn.utils import parameters_to_vector, vector_to_parameters

from common import dump, enc, error_text

out = {}

# ---------------------------------------------------------------- parameters_to_vector


def vec_case():
    torch.manual_seed(0)
    m = nn.Sequential(nn.Linear(3, 2), nn.ReLU(), nn.Linear(2, 1))
    v = parameters_to_vector(m.parameters())
    new = torch.arange(v.numel(), dtype=torch.float32) / 10 - 0.5
    vector_to_parameters(new, m.parameters())
    x = torch.tensor([[1.0, -2.0, 0.5]])
    return {'vec': enc(v), 'after': [enc(p) for p in m.parameters()], 'out': enc(m(x)),
            'bad_vec': error_text(lambda: vector_to_parameters([1.0, 2.0], m.parameters())),
            'bad_vec_int': error_text(lambda: vector_to_parameters(3, m.parameters()))}


out['convert'] = vec_case()

# ---------------------------------------------------------------- parametrizations named by the test


class Symmetric(nn.Module):
    def forward(self, X):
        return X.triu() + X.triu(1).transpose(-1, -2)


class Skew(nn.Module):
    def forward(self, X):
        A = X.triu(1)
        return A - A.transpose(-1, -2)


class Exp(nn.Module):
    def forward(self, X):
        return X.exp()

    def right_inverse(self, Y):
        return Y.log()


class Double(nn.Module):
    def forward(self, X):
        return X * 2

    def right_inverse(self, Y):
        return Y / 2


class SymmetricInv(nn.Module):
    """Symmetric with right_inverse: the upper triangle of the value."""
    def forward(self, X):
        return X.triu() + X.triu(1).transpose(-1, -2)

    def right_inverse(self, A):
        return A.triu()


class Sum2(nn.Module):
    """Parametrized by two tensors: right_inverse splits the value into halves."""
    def forward(self, A, B):
        return A + B

    def right_inverse(self, X):
        return [X / 2, X / 2]


class Flatten(nn.Module):
    def forward(self, X):
        return X.flatten()


class ToDouble(nn.Module):
    def forward(self, X):
        return X.double()


PARAMS = {'Symmetric': Symmetric, 'Skew': Skew, 'Exp': Exp, 'Double': Double, 'SymmetricInv': SymmetricInv,
          'Sum2': Sum2, 'Flatten': Flatten, 'ToDouble': ToDouble}


def snapshot(m, x):
    y = m(x)
    m.zero_grad()
    y.pow(2).sum().backward()
    return {'repr': repr(m), 'params': [k for k, _ in m.named_parameters()],
            'buffers': [k for k, _ in m.named_buffers()], 'state': list(m.state_dict().keys()),
            'weight': enc(m.weight), 'out': enc(y),
            'grads': {k: enc(p.grad) for k, p in m.named_parameters()},
            'is_parametrized': P.is_parametrized(m), 'weight_parametrized': P.is_parametrized(m, 'weight')}


cases = []
for name, chain, assign, leave in [
    ('Symmetric', ['Symmetric'], None, True),
    ('Skew then leave_parametrized=False', ['Skew'], None, False),
    ('Exp with right_inverse, assignment', ['Exp'], 'pos', True),
    ('chain SymmetricInv + Double, assignment', ['SymmetricInv', 'Double'], 'sym', True),
    ('two originals (Sum2), assignment', ['Sum2'], 'sym', True),
]:
    torch.manual_seed(0)
    m = nn.Linear(3, 3)
    x = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]])
    if name.startswith('Exp'):
        with torch.no_grad():
            m.weight.abs_()
    for c in chain:
        P.register_parametrization(m, 'weight', PARAMS[c]())
    after_register = snapshot(m, x)
    originals = {k: enc(v) for k, v in m.parametrizations.weight.named_parameters()}
    rec = {'name': name, 'chain': chain, 'assign': assign, 'leave': leave, 'x': enc(x),
           'register': after_register, 'originals': originals}
    if assign is not None:
        value = torch.tensor([[1.0, 2.0, 3.0], [2.0, 0.5, 0.25], [3.0, 0.25, 4.0]])
        m.weight = value
        rec['assigned'] = snapshot(m, x)
        rec['assigned_originals'] = {k: enc(v) for k, v in m.parametrizations.weight.named_parameters()}
    if name.startswith('two'):
        rec['leave_false_error'] = error_text(lambda: P.remove_parametrizations(m, 'weight', leave_parametrized=False))
    P.remove_parametrizations(m, 'weight', leave_parametrized=leave)
    rec['removed'] = snapshot(m, x)
    cases.append(rec)
out['cases'] = cases

# A buffer parametrized, on a module with two parametrized tensors; the class comes back only when both go.
torch.manual_seed(0)
m = nn.BatchNorm1d(3)
m.eval()
P.register_parametrization(m, 'running_var', Exp())
P.register_parametrization(m, 'weight', Double())
x = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]])
buf = {'repr': repr(m), 'params': [k for k, _ in m.named_parameters()],
       'buffers': [k for k, _ in m.named_buffers()], 'state': list(m.state_dict().keys()),
       'running_var': enc(m.running_var), 'out': enc(m(x))}
P.remove_parametrizations(m, 'running_var')
buf['after_one'] = {'repr': repr(m), 'buffers': [k for k, _ in m.named_buffers()],
                    'state': list(m.state_dict().keys()), 'running_var': enc(m.running_var)}
P.remove_parametrizations(m, 'weight')
buf['after_both'] = {'repr': repr(m), 'state': list(m.state_dict().keys()), 'weight': enc(m.weight)}
out['buffer'] = buf

# cached(): one evaluation of the parametrization per access inside the block.
counts = {'n': 0}


class Counting(nn.Module):
    def forward(self, X):
        counts['n'] += 1
        return X * 3


torch.manual_seed(0)
m = nn.Linear(2, 2)
P.register_parametrization(m, 'weight', Counting())
counts['n'] = 0
m.weight
m.weight
uncached = counts['n']
counts['n'] = 0
with P.cached():
    a = m.weight
    b = m.weight
    same = a is b
cached_n = counts['n']
out['cached'] = {'uncached': uncached, 'cached': cached_n, 'same': same}

# errors
torch.manual_seed(0)


def lin():
    torch.manual_seed(0)
    return nn.Linear(3, 3)


def reg(mod, name, p, unsafe=False):
    return lambda: P.register_parametrization(mod, name, p, unsafe=unsafe)


def double_flatten():
    m = lin()
    P.register_parametrization(m, 'weight', Symmetric())
    P.register_parametrization(m, 'weight', Flatten())


def double_dtype():
    m = lin()
    P.register_parametrization(m, 'weight', Symmetric())
    P.register_parametrization(m, 'weight', ToDouble())


def assign_no_inverse():
    m = lin()
    P.register_parametrization(m, 'weight', Symmetric())
    m.weight = torch.zeros(3, 3)


def unsafe_flatten():
    m = lin()
    P.register_parametrization(m, 'weight', Flatten(), unsafe=True)
    return m


um = unsafe_flatten()
out['unsafe'] = {'shape': list(um.weight.shape), 'weight': enc(um.weight)}
out['errors'] = {
    'no such tensor': error_text(reg(lin(), 'foo', Symmetric())),
    'shape': error_text(reg(lin(), 'weight', Flatten())),
    'dtype': error_text(reg(lin(), 'weight', ToDouble())),
    'shape on second': error_text(double_flatten),
    'dtype on second': error_text(double_dtype),
    'assign without right_inverse': error_text(assign_no_inverse),
    'remove not parametrized': error_text(lambda: P.remove_parametrizations(lin(), 'weight')),
    'empty list': error_text(lambda: P.ParametrizationList([], torch.zeros(2))),
}


def full(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return str(e)


out['errors_full'] = {'shape': full(reg(lin(), 'weight', Flatten())), 'dtype': full(reg(lin(), 'weight', ToDouble()))}

dump('nn_utils_parametrize', [out])
