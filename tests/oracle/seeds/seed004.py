# Python twin of examples/seeds/004_autograd_intro.ts (seed notebook 004).
import sys, os
sys.path.insert(0, os.path.dirname(__file__))
from seedlib import cell, show, show_error  # noqa: E402

import torch  # noqa: E402

torch.manual_seed(0)

cell('tensor 1')
x = torch.ones(2, 2, requires_grad=True)
print(x)

cell('tensor 2')
y = x + 2
print(y)

cell('tensor 3')
print(y.grad_fn)

cell('tensor 4')
z = y * y * 3
out = z.mean()
print('z=', z)
print('out=', out)

cell('tensor 5')
a = torch.randn(2, 2)
a = ((a * 3) / (a - 1))
print(a.requires_grad)
a.requires_grad_(True)
print(a.requires_grad)
b = (a * a).sum()
print(b.grad_fn)

cell('grad 1')
out.backward()
print(x.grad)

cell('grad 2')
x = torch.randn(3, requires_grad=True)
y = x * 2
while y.data.norm() < 1000:
    y = y * 2
print(y)

cell('grad 3')
v = torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float)
y.backward(v)
print(x.grad)

cell('grad 4')
print(x.requires_grad)
print((x ** 2).requires_grad)
with torch.no_grad():
    print((x ** 2).requires_grad)

cell('In [19]')
from torch.nn import functional as F  # noqa: E402
x = torch.ones(1)
print(x)
w = torch.full([1], 2, dtype=torch.float)
w.requires_grad_()
print(w)
b = torch.ones(1, requires_grad=True)
print(b)
mse = F.mse_loss(x * w, torch.ones(1))
print(torch.autograd.grad(mse, [w]))

cell('In [21]')
x = torch.ones(1)
print(x)
w = torch.full([1], 2, dtype=torch.float)
w.requires_grad_()
print(w)
mse = F.mse_loss(x * w, torch.ones(1))
mse.backward()
print(w.grad)
