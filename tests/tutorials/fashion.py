# A small deterministic stand-in for torchvision's FashionMNIST (tests/tutorials/fashion.ts is its
# twin): images of 1x28x28 values in [0, 1) (what ToTensor gives) and labels 0..9 that depend on
# the image, so that a model can learn them.
import torch
from torch.utils.data import Dataset


class FashionMNIST(Dataset):
    def __init__(self, root, train=True, download=False, transform=None, size=None):
        g = torch.Generator().manual_seed(1 if train else 2)
        n = size or (640 if train else 160)
        self.data = torch.rand(n, 1, 28, 28, generator=g)
        self.targets = self.data[:, 0, 10:20, 4:24].reshape(n, 10, -1).mean(2).argmax(1)
        self.transform = transform

    def __len__(self):
        return len(self.targets)

    def __getitem__(self, idx):
        return self.data[idx], int(self.targets[idx])
