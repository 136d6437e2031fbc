# Python twin of examples/seeds/001_gradients.ts (seed notebook 001).
import sys, os
sys.path.insert(0, os.path.dirname(__file__))
from seedlib import cell, show, show_error  # noqa: E402

import torch  # noqa: E402
from torch.autograd import Variable  # noqa: E402

torch.manual_seed(0)

cell('In [77]')
show(torch.__version__)

cell('In [78]')
tensor = torch.FloatTensor([[1, 2], [3, 4]])
varibale = Variable(tensor, requires_grad=True)
show(varibale)

cell('In [79]')
v_out = torch.mean(varibale ** 2)
show(v_out)

cell('In [89]')
v_out.backward(retain_graph=True)
show(varibale.grad)

cell('In [106]')
x = torch.ones(2, 2, requires_grad=True)
print(x.grad_fn)

cell('In [107]')
y = x + 2
print(y.grad_fn.next_functions)

cell('In [108]')
print(x.is_leaf)
print(y.is_leaf)

cell('In [109]')
x = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
y = 2 * x
z = y.view(2, 2)
print(z)

cell('In [114]')
v = torch.tensor([[2.0, 0.2], [0.01, 0.001]], dtype=torch.float)
z.backward(v, retain_graph=True)
print(x.grad)

cell('In [117]')
x = torch.tensor(1.0, requires_grad=True)
y1 = x ** 2
with torch.no_grad():
    y2 = x ** 3
y3 = y1 + y2
print(y1, y1.requires_grad)
print(y2, y2.requires_grad)
print(y3, y3.requires_grad)

cell('In [120]')
x = torch.ones(1, requires_grad=True)
print(x.data)
print(x.data.requires_grad)

cell('In [121]')
y = 2 * x
x.data *= 100
y.backward()
print(x)
print(x.grad)
