# Python twin of examples/seeds/002_derivatives.ts (seed notebook 002).
import sys, os
sys.path.insert(0, os.path.dirname(__file__))
from seedlib import cell, show, show_error  # noqa: E402

import torch as t  # noqa: E402
from torch.functional import Tensor  # noqa: E402
import torch.nn as nn  # noqa: E402

t.manual_seed(0)

cell('In [1] limits')


def f(x: Tensor):
    return 3 * x.pow(2) - 4 * x


h = t.tensor(0.1, dtype=t.float64)
x = t.tensor(1., dtype=t.float64)
for i in range(10):
    delta = (f(x + h) - f(x)) / h
    print("{:.10f}".format(delta))
    h = h * 0.1

cell('In [2]')
x = t.arange(4.)
print(x)
x.requires_grad_(True)
print(x.grad)
y = 2 * t.dot(x, x)
show(y)

cell('In [3]')
y.backward()
show(x.grad)

cell('In [4]')
show(x.grad == 4 * x)

cell('In [5]')
x.grad.zero_()
y = x.sum()
y.backward()
show(x.grad)

cell('In [6]')
print(x)
x.grad.zero_()
y = x[0] + 2 * x[1]
y.backward()
show(x.grad)

cell('In [14]')
x.grad.zero_()
y = x * x
print(y)
y = y.sum()
y.backward()
print(y)
show(x.grad)

cell('In [17]')
x.grad.zero_()
y = x * x
u = y.detach()
z = u * x
z.sum().backward()
x.grad == u
x.grad.zero_()
y.sum().backward()
show(x.grad)

cell('In [26]')


def f2(a: Tensor):
    b = a * 2
    while b.norm() < 1000:
        b = b * 2
    if b.sum() > 0:
        c = b
    else:
        c = 100 * b
    return c


a = t.randn(size=(), requires_grad=True)
d = f2(a)
d.backward()
print(a, d)
show(a.grad == d / a)

cell('In [1] mse')
a = t.tensor(([1], [2]), dtype=t.float32, requires_grad=True)
b = t.tensor(([3], [4]), dtype=t.float32)
loss_func = nn.MSELoss()
loss = loss_func(a, b)
loss.sum().backward()
print("a.grad is :{}", a.grad)
a.grad.zero_()
loss = loss_func(b, a)
loss.backward()
print("a.grad is :{}", a.grad)
a.grad.zero_()
loss = loss_func(b, a)
loss.mean().backward()
print("a.grad is :{}", a.grad)
