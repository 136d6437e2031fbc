"""Oracle for double backward through the CNN layers (src/ops/{conv,pool,im2col,threshold}.ts).

    /usr/bin/python3 tests/oracle/nn_double.py  ->  tests/fixtures/nn_double.json

Each case takes the first-order gradient of sum(f(x) * g) with create_graph=True, records its
grad_fn name and value, then backpropagates sum(gx * h) to x and g (second-order gradients).
"""
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path = [p for p in sys.path if os.path.abspath(p or '.') != HERE]
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

sys.path.append(HERE)
from common import dump, enc  # noqa: E402


def vals(shape, salt, dtype=torch.float64):
    n = math.prod(shape)
    out = [round(-2 + 4 * (abs(math.sin(12.9898 * (i + 1) + 78.233 * (salt + 1)) * 43758.5453) % 1), 4)
           for i in range(n)]
    return torch.tensor(out, dtype=torch.float64).reshape(shape).to(dtype)


w = vals([4, 3, 3, 2], 7)
FNS = {
    'relu': lambda x: F.relu(x),
    'max_pool2d': lambda x: F.max_pool2d(x, 2),
    'max_pool2d stride padding dilation': lambda x: F.max_pool2d(x, 3, stride=2, padding=1, dilation=(1, 2)),
    'conv2d': lambda x: F.conv2d(x, w, padding=(1, 0), stride=(1, 2)),
}

cases = []
for name, f in FNS.items():
    x = vals([2, 3, 6, 5], 1).requires_grad_(True)
    y = f(x)
    g = vals(list(y.shape), 2).requires_grad_(True)
    gx, = torch.autograd.grad(y, x, g, create_graph=True)
    h = vals([2, 3, 6, 5], 3)
    ggx, ggg = torch.autograd.grad((gx * h).sum(), [x, g], allow_unused=True)
    cases.append({'name': name, 'x': enc(x), 'g': enc(g), 'h': enc(h), 'grad_fn': gx.grad_fn.name(),
                  'gx': enc(gx), 'ggx': enc(ggx), 'ggg': enc(ggg)})
dump('nn_double', cases)
