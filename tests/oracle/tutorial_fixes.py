"""Fixtures for tests/tutorial_fixes.test.ts: the library defects the tutorial ports exposed
(tests/tutorials/), each checked against PyTorch: pow's special exponents, matmul's grad_fn names,
in-place view ops, out=, repr of state_dict / load_state_dict's result / torch.device, mse_loss's
mixed-dtype backward error."""
import warnings

import torch
from common import dump, enc, error_text

warnings.simplefilter('ignore')
cases = []

# pow with the exponents ATen special-cases: the float32 values, bit for bit.
torch.manual_seed(0)
x = torch.randn(64) * 3
cases.append({'kind': 'pow', 'x': enc(x), 'out': {str(p): enc(x.pow(p)) for p in (2, 3, -1, -2, 0.5, -0.5, 4, 1.5)}})

# matmul: the grad_fn name and shape for each operand layout.
shapes = [((3,), (3, 4)), ((3,), (2, 3, 4)), ((2, 4, 3), (3,)), ((5, 3), (2, 3, 4)), ((2, 5, 3), (3, 4)),
          ((2, 5, 3), (2, 3, 4)), ((1, 2, 5, 3), (2, 3, 4)), ((3,), (1, 2, 3, 4)), ((4, 3), (3,)), ((3,), (3,))]
for a_shape, b_shape in shapes:
    a = torch.randn(*a_shape, requires_grad=True)
    b = torch.randn(*b_shape)
    r = a @ b
    r.sum().backward()
    cases.append({'kind': 'matmul', 'a': enc(a), 'b': enc(b), 'grad_fn': r.grad_fn.name(), 'out': enc(r), 'grad': enc(a.grad)})
a = torch.randn(5, 3, requires_grad=True)
bt = torch.randn(2, 4, 3).transpose(1, 2)
r = a @ bt
cases.append({'kind': 'matmul_T', 'a': enc(a), 'bt': enc(bt.transpose(1, 2)), 'grad_fn': r.grad_fn.name(), 'out': enc(r)})

# in-place view ops: shape, strides, grad_fn and the gradient through them.
a = torch.randn(3, 1, requires_grad=True)
b = a * 2
b.squeeze_(1)
b2 = a * 3
b2.t_()
b3 = (a * 4).view(1, 3)
b3.unsqueeze_(0)
b4 = (a * 5).expand(3, 2).clone()
b4.transpose_(0, 1)
(b.sum() + b2.sum() * 2 + b3.sum() * 3 + (b4 * torch.arange(6.).view(2, 3)).sum()).backward()
c = torch.randn(2, 3)
c.t_()
cases.append({'kind': 'inplace_views', 'a': enc(a), 'grad': enc(a.grad),
              'names': [b.grad_fn.name(), b2.grad_fn.name(), b3.grad_fn.name(), b4.grad_fn.name()],
              'shapes': [list(b.shape), list(b2.shape), list(b3.shape), list(b4.shape)],
              'c_stride': list(c.stride()), 'c_shape': list(c.shape),
              'leaf_error': error_text(lambda: torch.ones(2, 1, requires_grad=True).squeeze_())})

# out=: the values land in out; an input that requires grad is refused.
p = torch.randn(2, 3)
q = torch.randn(3, 4)
out = torch.empty(2, 4)
torch.matmul(p, q, out=out)
cases.append({'kind': 'out', 'p': enc(p), 'q': enc(q), 'out': enc(out),
              'grad_error': error_text(lambda: torch.mul(torch.ones(2, requires_grad=True), 2, out=torch.empty(2))),
              'cast_error': error_text(lambda: torch.add(torch.ones(2), 1, out=torch.empty(2, dtype=torch.long)))})

# reprs
lin = torch.nn.Linear(2, 2)
torch.nn.init.constant_(lin.weight, 0.5)
torch.nn.init.constant_(lin.bias, -1.0)
cases.append({'kind': 'repr', 'state_dict': repr(lin.state_dict()), 'empty': repr(torch.nn.ReLU().state_dict()),
              'all_keys': repr(lin.load_state_dict(lin.state_dict())),
              'incompatible': repr(lin.load_state_dict({'weight': torch.zeros(2, 2), 'x': torch.zeros(1)}, strict=False)),
              'device': repr(torch.device('cpu')), 'device_str': str(torch.device('cuda', 1)),
              'device_repr_index': repr(torch.device('cuda:1'))})

# mse_loss's backward refuses mixed dtypes
def mse(a_dtype, b_dtype):
    o = torch.randn(3, dtype=a_dtype, requires_grad=True)
    torch.nn.functional.mse_loss(o, torch.arange(3).to(b_dtype)).backward()
cases.append({'kind': 'mse_dtype', 'errors': [error_text(lambda: mse(torch.float32, torch.int64)),
                                              error_text(lambda: mse(torch.float32, torch.float64)),
                                              error_text(lambda: mse(torch.float64, torch.float32))]})

# tanh's backward near saturation (jacobians_hessians): ATen forms 1 - tanh(x)^2 without rounding
# the square first, which keeps the digits a rounded square cancels away
torch.manual_seed(0)
x = (torch.randn(256) * 4).requires_grad_()
g = torch.randn(256)
(gx,) = torch.autograd.grad(x.tanh(), x, g)
cases.append({'kind': 'tanh_backward', 'x': enc(x), 'g': enc(g), 'y': enc(x.tanh()), 'grad': enc(gx)})

# iterating a tensor (jacobians_hessians' `for vec in unit_vectors`, ensembling's zip over a tensor)
t = torch.arange(6.).reshape(3, 2).clone()
a, b, c = t
cases.append({'kind': 'iterate', 't': enc(t), 'rows': [enc(r) for r in t], 'unpacked': [enc(a), enc(b), enc(c)],
              'elements': [enc(e) for e in t[0]], 'row_views': [r._base is t for r in t],
              'zero_d': error_text(lambda: list(torch.tensor(1.0)))})

dump('tutorial_fixes', cases)
