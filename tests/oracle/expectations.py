"""Oracle for the expectations that hand-written tests used to type by hand: error texts, grad_fn
names, printed strings and second derivatives, each under the name of the test that checks it.

    /usr/bin/python3 tests/oracle/expectations.py   ->  tests/fixtures/expectations.json

Sections: random (tests/random.test.ts), print (tests/print.test.ts), reduce (tests/reduce.test.ts).
"""
import torch

from common import dump, enc, error_text


def grad_fn(t):
    return t.grad_fn.name() if t.grad_fn is not None else None


# ---------------------------------------------------------------- random.test.ts
random = {}
random['fresh generator initial_seed'] = torch.Generator().initial_seed()
random['set_rng_state 10 bytes'] = error_text(lambda: torch.set_rng_state(torch.zeros(10, dtype=torch.uint8)))
state = torch.manual_seed(0).get_state()
state[8] = 0  # the mt19937 state's `left` count
random['set_rng_state left 0'] = error_text(lambda: torch.set_rng_state(state))
random['randint requires_grad'] = error_text(lambda: torch.randint(0, 3, [2], requires_grad=True))
torch.manual_seed(0)
x = torch.rand(2, 3, requires_grad=True)
random['uniform_ on a leaf'] = error_text(lambda: x.uniform_())
with torch.no_grad():
    x.normal_()
y = x.mul(2)
y.uniform_(-1, 1)
random['uniform_ grad_fn'] = grad_fn(y)
y.sum().backward()
random['uniform_ x.grad'] = enc(x.grad)
random['normal_ grad_fn'] = grad_fn(x.mul(1).normal_())
random['random_ grad_fn'] = grad_fn(x.mul(1).random_(0, 3))
random['exponential_ grad_fn'] = grad_fn(x.mul(1).exponential_())
random['bernoulli_ float grad_fn'] = grad_fn(x.mul(1).bernoulli_(0.5))
random['bernoulli_ tensor grad_fn'] = grad_fn(x.mul(1).bernoulli_(torch.full([2, 3], 0.5)))
p = torch.full([3], 0.5, requires_grad=True)
random['bernoulli grad_fn'] = grad_fn(torch.bernoulli(p))
random['normal(tensor, float) grad_fn'] = grad_fn(torch.normal(p, 1.0))
random['normal(float, tensor) grad_fn'] = grad_fn(torch.normal(0.0, p))
random['normal(tensor, tensor) grad_fn'] = grad_fn(torch.normal(p, p))
random['uniform_ on an expanded tensor'] = error_text(lambda: torch.zeros(1).expand(3).uniform_())

# ---------------------------------------------------------------- print.test.ts
prints = {}
x = torch.arange(2000, dtype=torch.float64).requires_grad_()
x.mul(2).sum().backward()
prints['grad of mul(2), element 0'] = str(x.grad.select(0, 0))
base = torch.arange(24).reshape(2, 3, 4)
prints['permute(2, 0, 1).select(0, 1)'] = str(base.permute(2, 0, 1).select(0, 1))
prints['expand(2, 2)'] = str(torch.tensor([1.5, 2.5]).expand(2, 2))
prints['select(1, 2).narrow(1, 1, 2)'] = str(base.select(1, 2).narrow(1, 1, 2))
prints['as_strided([2, 2], [1, 5], 3)'] = str(base.as_strided([2, 2], [1, 5], 3))
prints['select(0, 1).select(0, 2).select(0, 3)'] = str(base.select(0, 1).select(0, 2).select(0, 3))
prints['arange(3000).reshape(30, 100).t()'] = str(torch.arange(3000).reshape(30, 100).t())
prints['zeros(3, 0).t()'] = str(torch.zeros(3, 0).t())

# ---------------------------------------------------------------- reduce.test.ts
reduce = {}
m = torch.tensor([[1, 7, 3], [9, 2, 4]])
values, indices = m.max(1)
reduce['max(1)'] = {'values': enc(values), 'indices': enc(indices)}
r = torch.min(m, dim=0, keepdim=True)
reduce['min(dim=0, keepdim=True)'] = {'values': enc(r.values), 'indices': enc(r.indices)}
# d/dx sum(f(x) * w) with create_graph, then the gradient of its squared norm: a second derivative.
x = torch.tensor([0.5, -1.0, 2.0], dtype=torch.float64, requires_grad=True)
w = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
for name in ('softmax', 'log_softmax'):
    (g,) = torch.autograd.grad(getattr(x, name)(0).mul(w).sum(), [x], create_graph=True)
    (gg,) = torch.autograd.grad(g.pow(2).sum(), [x])
    reduce[f'{name} twice'] = {'x': enc(x), 'w': enc(w), 'g': enc(g), 'g_grad_fn': grad_fn(g), 'gg': enc(gg)}

dump('expectations', [{'random': random, 'print': prints, 'reduce': reduce}])
