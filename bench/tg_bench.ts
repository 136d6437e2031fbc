// The tensorgrad worker: runs the workloads on whichever backend this process loaded
// (bench/run.ts sets TENSORGRAD_BACKEND=js for the tensorgrad-js engine) and reports them with the
// protocol in bench/harness.ts.

import * as torch from '../src/index.js';
import { CharLM } from '../examples/charlm/model.js';
import { cnn } from '../examples/train/models.js';
import type { Tensor } from '../src/index.js';
import {
  LARGE_OPS,
  charlmTokens,
  emit,
  waveData,
  guarded,
  labelsData,
  measure,
  mlpData,
  parseWorkerConfig,
  rssMiB,
  type Config,
  type LargeOp,
} from './harness.js';
import { mlp, startThreads, timeWorkloads as tgTimeWorkloads } from './tg_workloads.js';

const cfg = parseWorkerConfig(process.argv);
const engine = process.argv[process.argv.indexOf('--engine') + 1];
const native = torch.backends.native.is_available();
const only = new Set(cfg.only);

function timeWorkloads(): void {
  const P = cfg.plan;
  tgTimeWorkloads(cfg, emit);
  if (only.has('W7')) perSample(cfg.mlp);
  if (only.has('W8')) for (const n of cfg.largeSizes) for (const op of LARGE_OPS) large(op, n);
  if (only.has('W9')) {
    guarded('W9', () => {
      const probe = charlm(cfg.charlm);
      probe();
      const check = probe();
      emit('fig', { id: 'W9', ms: measure(charlm(cfg.charlm), P.default), check });
    });
  }
  if (only.has('W10')) {
    guarded('W10', () => {
      const probe = cnnStep(cfg.cnn);
      probe();
      const check = probe();
      emit('fig', { id: 'W10', ms: measure(cnnStep(cfg.cnn), P.default), check });
    });
  }
}

/**
 * W10: one training step of examples/train's MNIST CNN (cross-entropy, Adam) from manual_seed(0),
 * on wave images (harness.ts waveData) with labels i mod 10.
 */
function cnnStep(c: Config['cnn']): () => number {
  const x = torch.from_typed_array(waveData(c.batch * 784, 1), [c.batch, 1, 28, 28]);
  const y = torch.tensor(
    Array.from({ length: c.batch }, (_v, i) => i % 10),
    { dtype: torch.int64 },
  );
  torch.manual_seed(0);
  const model = cnn();
  const optimizer = new torch.optim.Adam(model.parameters(), { lr: c.lr });
  return (): number => {
    optimizer.zero_grad();
    const loss = torch.nn.functional.cross_entropy(model.forward(x) as Tensor, y);
    loss.backward();
    optimizer.step();
    return loss.item() as number;
  };
}

/** W9: one training step of examples/charlm's model (forward, backward, AdamW), from manual_seed(0). */
function charlm(c: Config['charlm']): () => number {
  const t = charlmTokens(c);
  const x = torch.from_typed_array(t.x, [c.batch, c.context], torch.int64);
  const y = torch.from_typed_array(t.y, [c.batch, c.context], torch.int64);
  torch.manual_seed(0);
  const model = new CharLM({ ...c, dropout: 0 });
  const optimizer = new torch.optim.AdamW(model.parameters(), { lr: c.lr });
  return (): number => {
    optimizer.zero_grad();
    const loss = model.loss(x, y);
    loss.backward();
    optimizer.step();
    return loss.item() as number;
  };
}

/**
 * W7: per-sample gradients of the MLP's cross-entropy loss, with torch.func's vmap(grad(...))
 * and with a loop of single-example backward passes. The check is the sum of every gradient.
 */
function perSample(c: Config['mlp']): void {
  const d = mlpData(c);
  const x = torch.from_typed_array(d.x, [c.batch, c.inF]);
  const y = torch.tensor(labelsData(c), { dtype: torch.int64 });
  const params = {
    w1: torch.from_typed_array(d.w1, [c.inF, c.hidden]),
    b1: torch.from_typed_array(d.b1, [c.hidden]),
    w2: torch.from_typed_array(d.w2, [c.hidden, c.outF]),
    b2: torch.from_typed_array(d.b2, [c.outF]),
  };
  type P = typeof params;
  const loss = (p: P, xi: Tensor, yi: Tensor): Tensor =>
    torch.nn.functional.cross_entropy(
      xi.unsqueeze(0).matmul(p.w1).add(p.b1).relu().matmul(p.w2).add(p.b2),
      yi.unsqueeze(0),
    );
  const total = (g: P): number => Object.values(g).reduce((s: number, t: Tensor) => s + (t.sum().item() as number), 0);
  const perSampleGrads = torch.func.vmap(torch.func.grad(loss), { in_dims: [null, 0, 0] }) as (
    p: P,
    x: Tensor,
    y: Tensor,
  ) => P;
  guarded('W7.vmap', () => {
    const run = (): P => perSampleGrads(params, x, y);
    emit('fig', { id: 'W7.vmap', ms: measure(run, cfg.plan.default), check: total(run()) });
  });
  guarded('W7.loop', () => {
    const grad = torch.func.grad(loss) as (p: P, xi: Tensor, yi: Tensor) => P;
    const run = (): P[] => Array.from({ length: c.batch }, (_v, i) => grad(params, x.select(0, i), y.select(0, i)));
    const check = run().reduce((s, g) => s + total(g), 0);
    emit('fig', { id: 'W7.loop', ms: measure(run, cfg.plan.default), check });
  });
}

/** W8: one operation on n elements; the check is a value PyTorch computes identically. */
function large(op: LargeOp, n: number): void {
  const id = `W8.${op}.${n}`;
  const plan = n > 1e7 ? cfg.plan.heavy : cfg.plan.default;
  guarded(id, () => {
    torch.manual_seed(0);
    let ms: number[];
    let check: number;
    if (op === 'print' || op === 'sum') {
      const x = torch.randn(n);
      if (op === 'print') {
        ms = measure(() => String(x), plan);
        check = String(x).length;
      } else {
        ms = measure(() => x.sum(), plan);
        check = x.sum().item() as number;
      }
    } else {
      const make = {
        ones: () => torch.ones(n),
        arange: () => torch.arange(n),
        rand: () => torch.rand(n),
        randn: () => torch.randn(n),
      }[op];
      // A seeded draw's first element, the same in PyTorch (for ones and arange: the last one).
      const first = make();
      check = (op === 'ones' || op === 'arange' ? first.select(0, n - 1) : first.select(0, 0)).item() as number;
      ms = measure(() => void make(), plan);
    }
    emit('fig', { id, ms, check });
  });
}

function memoryWorkload(): void {
  guarded('W6.peak', () => {
    const { step } = mlp(cfg.mlp);
    const base = rssMiB().now;
    let loss = 0;
    for (let i = 0; i < cfg.rssSteps; i++) loss = step();
    const { peak } = rssMiB();
    emit('fig', { id: 'W6.peak', mib: [peak], check: loss });
    emit('fig', { id: 'W6.growth', mib: [peak - base] });
  });
}

emit('info', {
  backend: native ? 'native' : 'js',
  version: `tensorgrad ${torch.__version__} (${native ? 'native addon' : 'TypeScript backend'}), Node ${process.version}`,
});
if (engine === 'tensorgrad-native' && !native) {
  emit('unavailable', { reason: 'native addon not loaded (torch.backends.native.is_available() is false)' });
} else if (cfg.rss) {
  memoryWorkload();
} else {
  if (engine === 'tensorgrad-js') await startThreads();
  timeWorkloads();
}
