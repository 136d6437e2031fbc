"""PyTorch's own ONNX export of the models tests/onnx.test.ts exports with tensorgrad: the MNIST
MLP and CNN of examples/train and a small residual block, with deterministic weights (seed 0, and
random batch-norm statistics so eval mode is not the identity). Writes, per model, the weights as
safetensors (tensorgrad loads them into the same architecture) and PyTorch's .onnx (opset 17,
dynamic batch axis). The test runs both .onnx files in ONNX Runtime and compares the outputs.

Run: /usr/bin/python3 tests/oracle/onnx_export.py
"""
import os
import warnings

import torch
from torch import nn

from common import FIXTURES, write_safetensors

OUT = os.path.join(FIXTURES, 'onnx')


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))


def cnn():
    return nn.Sequential(
        nn.Conv2d(1, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 4 * 4, 10))


class Residual(nn.Module):
    """conv-bn-relu-conv-bn plus the input, relu; then average-pool, flatten, linear."""

    def __init__(self, c=4):
        super().__init__()
        self.conv1 = nn.Conv2d(c, c, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(c)
        self.conv2 = nn.Conv2d(c, c, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(c)
        self.pool = nn.AvgPool2d(2)
        self.fc = nn.Linear(c * 4 * 4, 3)

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        y = torch.relu(y + x)
        return self.fc(torch.flatten(self.pool(y), 1))


MODELS = {'mlp': (mlp, [1, 28, 28]), 'cnn': (cnn, [1, 28, 28]), 'residual': (Residual, [4, 8, 8])}

os.makedirs(OUT, exist_ok=True)
for name, (make, sample) in MODELS.items():
    torch.manual_seed(0)
    model = make()
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.5, 0.5)
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 2.0)
    model.eval()
    state = {k: v for k, v in model.state_dict().items() if not k.endswith('num_batches_tracked')}
    write_safetensors(os.path.join(OUT, name + '.safetensors'), state)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        torch.onnx.export(model, torch.zeros([2] + sample), os.path.join(OUT, name + '.onnx'),
                          input_names=['input'], output_names=['output'],
                          dynamic_axes={'input': {0: 'batch'}, 'output': {0: 'batch'}},
                          opset_version=17, do_constant_folding=True)
    print(name, os.path.getsize(os.path.join(OUT, name + '.onnx')), 'bytes')
