// npm run soak: a long training run that watches memory. Trains the MNIST MLP of the main job
// (examples/train: 784→256→10, Adam, cross-entropy, batch 64) for --steps steps, sampling RSS, the
// V8 heap and external (ArrayBuffer) memory every --every steps, each after a full garbage
// collection so that what is counted is what is still reachable plus what the allocator kept. At
// the end it prints the least-squares slope of each after the warm-up (the first fifth of the
// run), in KiB per 1,000 steps: flat memory means slopes near zero.
//
//   npm run soak                                 20,000 steps (minutes)
//   npm run soak -- --steps 5000 --every 500
//   npm run soak -- --snapshot 2000,10000        also write heap snapshots at those steps
//                                                (compare them in Chrome DevTools' Memory tab)
//
// Not part of npm test: it takes minutes and measures, which tests never do.

import { parseArgs } from 'node:util';
import { writeHeapSnapshot } from 'node:v8';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { loadMnist } from '../examples/train/data.js';
import { mlp } from '../examples/train/models.js';
import { nativeAddon } from '../src/backend/native.js';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '20000' },
    every: { type: 'string', default: '1000' },
    snapshot: { type: 'string', default: '' },
    seed: { type: 'string', default: '0' },
  },
});
const steps = Number(values.steps);
const every = Number(values.every);
const snapshots = new Set(
  (values.snapshot as string)
    .split(',')
    .filter((s) => s !== '')
    .map(Number),
);
if (!Number.isInteger(steps) || steps <= 0 || !Number.isInteger(every) || every <= 0) {
  throw new Error('--steps and --every must be positive integers');
}

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) console.log('note: run with node --expose-gc (npm run soak does) for samples after a full GC');

const MiB = 2 ** 20;
interface Sample {
  step: number;
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** Free blocks the native backend's storage allocator keeps (native/storage.cc); 0 elsewhere. */
  cached: number;
}

const addon = torch.backends.native.is_available() && process.env.TENSORGRAD_BACKEND !== 'js' ? nativeAddon() : null;

/**
 * Memory after a full collection. V8 frees the backing stores of dead ArrayBuffers on a background
 * thread after the collection, so the sample waits for a turn of the event loop and collects again.
 */
async function sample(step: number): Promise<Sample> {
  for (let i = 0; i < 2; i++) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const m = process.memoryUsage();
  const cached = addon?.storageStats?.()[0] ?? 0;
  return { step, rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, cached };
}

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

const { train } = loadMnist();
torch.manual_seed(Number(values.seed));
const model = mlp();
const optimizer = new torch.optim.Adam(model.parameters(), { lr: 1e-3 });
const generator = new torch.Generator().manual_seed(Number(values.seed));
const loader = new torch.utils.data.DataLoader(new torch.utils.data.TensorDataset(train.images, train.labels), {
  batch_size: 64,
  shuffle: true,
  generator,
});

console.log(
  `soak: MLP 784→256→10 on MNIST, ${steps} steps, backend ${torch.backends.native.is_available() ? 'native' : 'js'}, ` +
    `Node ${process.version}`,
);
console.log('   step   loss     RSS MiB   heap MiB   external MiB   arrayBuffers MiB   cached MiB   ms/step');
const samples: Sample[] = [await sample(0)];
let step = 0;
let loss = NaN;
let t0 = performance.now();
outer: for (;;) {
  for (const [x, y] of loader) {
    optimizer.zero_grad();
    const l = torch.nn.functional.cross_entropy(model.forward(x) as Tensor, y);
    l.backward();
    optimizer.step();
    loss = l.item() as number;
    step++;
    if (snapshots.has(step)) console.log(`heap snapshot at step ${step}: ${writeHeapSnapshot()}`);
    if (step % every === 0) {
      const ms = (performance.now() - t0) / every;
      const s = await sample(step);
      samples.push(s);
      console.log(
        `${String(step).padStart(7)}  ${loss.toFixed(4)}  ${(s.rss / MiB).toFixed(1).padStart(9)}  ` +
          `${(s.heapUsed / MiB).toFixed(1).padStart(9)}  ${(s.external / MiB).toFixed(1).padStart(13)}  ` +
          `${(s.arrayBuffers / MiB).toFixed(1).padStart(17)}  ${(s.cached / MiB).toFixed(1).padStart(11)}  ` +
          `${ms.toFixed(2).padStart(8)}`,
      );
      t0 = performance.now();
    }
    if (step >= steps) break outer;
  }
}

const warm = samples.filter((s) => s.step >= steps / 5);
if (warm.length >= 2) {
  const xs = warm.map((s) => s.step / 1000);
  const kib = (key: keyof Omit<Sample, 'step'>): string => {
    const v = slope(
      xs,
      warm.map((s) => s[key] / 1024),
    );
    return `${v >= 0 ? '+' : ''}${v.toFixed(1)}`;
  };
  console.log(
    `slopes after warm-up (steps ${warm[0].step}–${warm[warm.length - 1].step}), KiB per 1,000 steps: ` +
      `RSS ${kib('rss')}, V8 heap ${kib('heapUsed')}, external ${kib('external')}, arrayBuffers ${kib('arrayBuffers')}, ` +
      `cached ${kib('cached')}`,
  );
} else {
  console.log('too few samples after the warm-up for slopes (use more --steps or a smaller --every)');
}
