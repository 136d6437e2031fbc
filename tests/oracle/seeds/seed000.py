# Python twin of examples/seeds/000_variable.ts (seed notebook 000): same cells, same order.
import sys, os
sys.path.insert(0, os.path.dirname(__file__))
from seedlib import cell, show, show_error  # noqa: E402

import torch as t  # noqa: E402
from torch.autograd import Variable as V  # noqa: E402

t.manual_seed(0)

cell('In [2]')
x = V(t.ones(2, 2), requires_grad=True)
show(x)

cell('In [3]')
y = x.sum()
show(y)

cell('In [4]')
show(y.grad_fn)

cell('In [5]')
y.backward()
show(x.grad)

cell('In [6]')
y.backward()
show(x.grad)

cell('In [7]')
y.backward()
show(x.grad)

cell('In [8]')
x.grad.data.zero_()
show(x)

cell('In [9]')
x = V(t.ones(4, 5))
y = t.cos(x)
x_tensor_cos = t.cos(x.data)
show((x, y, x.data, x_tensor_cos))

cell('In [10]')
a = V(t.ones(3, 4), requires_grad=True)
b = V(t.zeros(3, 4))
c = a + b
print(a)
print(b)
print(c)


cell('In [11]')
def f(x):
    y = x ** 2 * t.exp(x)
    return y


def gradf(x):
    dx = 2 * x * t.exp(x) + x ** 2 * t.exp(x)
    return dx


cell('In [12]')
x = V(t.randn(3, 4), requires_grad=True)
y = f(x)
dx = gradf(x)
print(y)
print(dx)

cell('In [13]')
y.backward(t.ones(3, 4))
print(x.grad)

cell('In [14]')
x = V(t.ones(1))
w = V(t.randn(1), requires_grad=True)
b = V(t.randn(1), requires_grad=True)
y = w * x
z = y + b

cell('In [15]')
show((x.requires_grad, w.requires_grad, b.requires_grad))

cell('In [16]')
show((x.is_leaf, w.is_leaf, b.is_leaf))

cell('In [17]')
show((y.requires_grad, z.requires_grad))

cell('In [18]')
show((y.is_leaf, z.is_leaf))

cell('In [19]')
show(z.grad_fn)

cell('In [20]')
x = V(t.ones(1), requires_grad=True)
w = V(t.rand(1), requires_grad=True)
y = w * x
z = y.sum()
show((x.requires_grad, y.requires_grad, w.requires_grad, x, y, w))

cell('In [21]')
show((x.grad, y.grad, w.grad))

cell('In [22]')
z.backward()
show((x.grad, y.grad, w.grad))

cell('In [23]')
x = V(t.rand(3), requires_grad=True)
w = V(t.rand(3), requires_grad=True)
y = w * x
z = y.sum()
print(x, w)
print(t.autograd.grad(z, y))
print(t.autograd.grad(z, x))
