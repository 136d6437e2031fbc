// The tensorgrad worker: runs the workloads on whichever backend this process loaded
// (bench/run.ts sets TENSORGRAD_BACKEND=js for the tensorgrad-js engine) and reports them with the
// protocol in bench/harness.ts.

import * as torch from '../src/index.js';
import { LARGE_OPS, emit, guarded, measure, parseWorkerConfig, rssMiB, type LargeOp } from './harness.js';
import { mlp, startThreads, timeWorkloads as tgTimeWorkloads } from './tg_workloads.js';

const cfg = parseWorkerConfig(process.argv);
const engine = process.argv[process.argv.indexOf('--engine') + 1];
const native = torch.backends.native.is_available();
const only = new Set(cfg.only);

function timeWorkloads(): void {
  tgTimeWorkloads(cfg, emit);
  if (only.has('W8')) for (const n of cfg.largeSizes) for (const op of LARGE_OPS) large(op, n);
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
