// The two recipes of the main job (examples/train/mnist.ts) and their PyTorch twin
// (examples/train/mnist_torch.py): an MLP and a small CNN for 28×28 digits.

import * as torch from '../../src/index.js';

const { nn } = torch;

export type ModelName = 'mlp' | 'cnn';

/** 784 → 256 → 10 with ReLU. */
export function mlp(): torch.nn.Module {
  return new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 10));
}

/** conv 5×5 ×16, ReLU, max-pool 2; conv 5×5 ×32, ReLU, max-pool 2; linear 512 → 10. */
export function cnn(): torch.nn.Module {
  return new nn.Sequential(
    new nn.Conv2d(1, 16, 5),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Conv2d(16, 32, 5),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Flatten(),
    new nn.Linear(32 * 4 * 4, 10),
  );
}

export const MODELS: Record<ModelName, () => torch.nn.Module> = { mlp, cnn };
