# Python twin of examples/seeds/003_accumulation.ts (seed notebook 003).
import sys, os
sys.path.insert(0, os.path.dirname(__file__))
from seedlib import cell, show, show_error  # noqa: E402

import torch  # noqa: E402

torch.manual_seed(0)

cell('In [3]')
a = torch.full((3, 3), 1, dtype=torch.float32, requires_grad=True)
b = torch.full((3, 3), 2, dtype=torch.float32)
b.requires_grad = True
show((a, b))

cell('In [4]')
t = a + b
y = t.sum()
show(t.requires_grad)

cell('In [5]')
y.backward()

cell('In [6]')
show((a.grad, b.grad, t.grad))

cell('In [50]')
a = torch.full((2, 2), 1, dtype=torch.float32, requires_grad=True)
b = torch.full((2, 2), 2, dtype=torch.float32, requires_grad=True)
w = torch.full((2, 2), 2, dtype=torch.float32, requires_grad=True)

cell('In [56]')
y = w * a
t = y + b
z = t.sum()
z.backward()
print(a.is_leaf, b.is_leaf, w.is_leaf, y.is_leaf, t.is_leaf)
show((a.grad, b.grad, w.grad, y.grad, t.grad))

cell('In [15]')
a = torch.full((2, 2), 1, dtype=torch.float32, requires_grad=True)
b = torch.full((2, 2), 2, dtype=torch.float32, requires_grad=True)
print(a.grad)
c = a + b
show_error(lambda: c.backward())
t = c.sum()
t.backward()
print(a.grad)
c = a + b
t = c.sum()
t.backward()
print(a.grad)

cell('In [25]')
a = torch.full((2, 2), 1, dtype=torch.float32, requires_grad=True)
b = torch.full((2, 2), 2, dtype=torch.float32, requires_grad=True)
print(a.grad)
c = a + b
t = c.sum()
t.backward()
print(a.grad)
a.grad = None
c = a + b
t = c.sum()
t.backward()
print(a.grad)

cell('In [30]')
a = torch.full((2, 2), 1, dtype=torch.float32, requires_grad=True)
b = torch.full((2, 2), 2, dtype=torch.float32, requires_grad=True)
print(a.grad)
with torch.no_grad():
    c = a + b
    t = c.sum()
show_error(lambda: t.backward())
c1 = a + b
t1 = c1.sum()
t1.backward()

cell('In [37]')
a = torch.full((2, 2), 1, dtype=torch.float32, requires_grad=True)
b = torch.full((2, 2), 2, dtype=torch.float32, requires_grad=True)
print(a.grad)
c = a + b
t = c.sum()
with torch.no_grad():
    t.backward()
print(a.grad)

cell('In [33]')
a = torch.full((2, 2), 1, dtype=torch.float32, requires_grad=True)
b = torch.full((2, 2), 2, dtype=torch.float32, requires_grad=True)
print(a.grad)
c = a + b
t = c.sum()
t.backward()
print(a.grad)
with torch.set_grad_enabled(True):
    c = a + b
    t = c.sum()
    t.backward()
    print(a.grad)
with torch.set_grad_enabled(False):
    c = a + b
    t = c.sum()
show_error(lambda: t.backward())
print(a.grad)
