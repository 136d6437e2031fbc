// The main job's training code (examples/train) on a small subset of the real digits: a few hundred
// Adam steps must drive the loss down and classify held-out digits well above chance.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import { loadMnist, type Split } from '../examples/train/data.js';
import { accuracy, train } from '../examples/train/loop.js';
import { MODELS } from '../examples/train/models.js';

const { train: full, test: fullTest } = loadMnist();

/** Every `step`-th digit (the splits are in digit order, so this keeps all ten classes). */
function every(split: Split, step: number): Split {
  const idx = torch.arange(0, split.labels.size(0), step);
  return { images: split.images.index_select(0, idx), labels: split.labels.index_select(0, idx) };
}

test('the MLP learns: 210 steps on 667 digits', () => {
  const trainSet = every(full, 12);
  const testSet = every(fullTest, 4);
  torch.manual_seed(0);
  const model = MODELS.mlp();
  const before = accuracy(model, testSet);
  const history = train({ model, train: trainSet, test: testSet, epochs: 10, lr: 1e-3, batch_size: 32, seed: 0 });
  assert.equal(trainSet.labels.size(0), 667);
  assert.ok(history.loss[9] < history.loss[0] / 4, `loss ${history.loss[0]} → ${history.loss[9]}`);
  assert.ok(history.accuracy[9] > 0.8, `accuracy ${history.accuracy[9]} (from ${before})`);
  assert.ok(history.firstLoss !== null && history.firstLoss.grad_fn?.name() === 'NllLossBackward0');
});

test('the CNN learns: 40 steps on 320 digits', () => {
  const trainSet = every(full, 25);
  torch.manual_seed(0);
  const model = MODELS.cnn();
  const history = train({
    model,
    train: trainSet,
    test: every(fullTest, 8),
    epochs: 4,
    lr: 2e-3,
    batch_size: 32,
    seed: 0,
  });
  assert.ok(history.loss[3] < history.loss[0] * 0.6, `loss ${history.loss.join(' → ')}`);
});
