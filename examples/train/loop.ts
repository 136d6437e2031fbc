// One training run: seeded model and shuffle order, Adam on cross-entropy, test accuracy after
// every epoch. The CLI (mnist.ts) and the training test (tests/train.test.ts) both use it.

import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import type { Split } from './data.js';

export interface TrainOpts {
  model: torch.nn.Module;
  train: Split;
  test: Split;
  epochs: number;
  lr: number;
  batch_size: number;
  seed: number;
  /** Called after every step with the epoch (from 1), the batch's loss and samples seen this epoch. */
  onStep?: (epoch: number, loss: number, seen: number) => void;
  /** Called after every epoch with its mean training loss and the test accuracy. */
  onEpoch?: (epoch: number, loss: number, accuracy: number) => void;
}

export interface History {
  /** Mean training loss per epoch. */
  loss: number[];
  /** Test accuracy (fraction) after each epoch. */
  accuracy: number[];
  /** One step's loss, kept with its graph for drawing. */
  firstLoss: Tensor | null;
}

/** Fraction of `split` the model classifies correctly (eval mode, no graph). */
export function accuracy(model: torch.nn.Module, split: Split, batch_size = 500): number {
  model.eval();
  let correct = 0;
  torch.no_grad(() => {
    const loader = new torch.utils.data.DataLoader(new torch.utils.data.TensorDataset(split.images, split.labels), {
      batch_size,
    });
    for (const [x, y] of loader) {
      const predicted = (model.forward(x) as Tensor).argmax(1);
      correct += predicted.eq(y).sum().item() as number;
    }
  });
  model.train();
  return correct / split.labels.size(0);
}

export function train(opts: TrainOpts): History {
  const { model } = opts;
  const optimizer = new torch.optim.Adam(model.parameters(), { lr: opts.lr });
  const generator = new torch.Generator().manual_seed(opts.seed);
  const loader = new torch.utils.data.DataLoader(
    new torch.utils.data.TensorDataset(opts.train.images, opts.train.labels),
    { batch_size: opts.batch_size, shuffle: true, generator },
  );
  const history: History = { loss: [], accuracy: [], firstLoss: null };
  model.train();
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    let total = 0;
    let seen = 0;
    for (const [x, y] of loader) {
      optimizer.zero_grad();
      const loss = torch.nn.functional.cross_entropy(model.forward(x) as Tensor, y);
      loss.backward();
      optimizer.step();
      history.firstLoss ??= loss;
      const value = loss.item() as number;
      total += value * x.size(0);
      seen += x.size(0);
      opts.onStep?.(epoch, value, seen);
    }
    history.loss.push(total / seen);
    history.accuracy.push(accuracy(model, opts.test));
    opts.onEpoch?.(epoch, total / seen, history.accuracy[history.accuracy.length - 1]);
  }
  return history;
}
