// What every engine's worker shares: the workload definitions, the timing loop and the line
// protocol a worker speaks to bench/run.ts. bench/torch_bench.py mirrors `measure` and the protocol;
// the sizes and repetition plans reach it as JSON on its command line, so they are written once, here.

export type WorkloadId = 'W1' | 'W2' | 'W3' | 'W4' | 'W5' | 'W6' | 'W7' | 'W8' | 'W9' | 'W10';
export const WORKLOAD_IDS: readonly WorkloadId[] = ['W1', 'W2', 'W3', 'W4', 'W5', 'W6', 'W7', 'W8', 'W9', 'W10'];

/** W8's operations on large tensors, each timed at every size of Config.largeSizes. */
export const LARGE_OPS = ['ones', 'arange', 'rand', 'randn', 'print', 'sum'] as const;
export type LargeOp = (typeof LARGE_OPS)[number];

/** How long to warm up and how many timed samples to take for one figure. */
export interface Plan {
  /** Calls before timing starts: at least this many, and at least warmupMs of them. */
  warmup: number;
  warmupMs: number;
  /** Timed samples: at most `samples`; stop after `minSamples` once `budgetMs` is spent. */
  samples: number;
  minSamples: number;
  budgetMs: number;
  /** Calls are batched so one sample lasts at least this long (timer resolution, tiny workloads). */
  minSampleMs: number;
}

/** Everything a worker needs: passed to it as one JSON argument. */
export interface Config {
  only: WorkloadId[];
  /** W6 mode: run only the memory workload, in a fresh process. */
  rss: boolean;
  matmulSizes: number[];
  mlp: { batch: number; inF: number; hidden: number; outF: number; lr: number };
  pointwiseN: number;
  overheadOps: number;
  chainOps: number;
  rssSteps: number;
  /** W8's element counts. */
  largeSizes: number[];
  /** W9: examples/charlm's model (vocabulary, context, width, heads, layers) and its batch. */
  charlm: { vocab: number; context: number; embed: number; heads: number; layers: number; batch: number; lr: number };
  /** W10: examples/train's MNIST CNN, one Adam step on a batch of `batch` 28×28 images. */
  cnn: { batch: number; lr: number };
  /** torch.set_num_threads for the PyTorch worker. */
  torchThreads: number;
  plan: Record<'default' | 'heavy', Plan>;
}

export function makeConfig(only: WorkloadId[], quick: boolean, rss: boolean, torchThreads = 2): Config {
  const plan: Config['plan'] = quick
    ? {
        default: { warmup: 1, warmupMs: 100, samples: 5, minSamples: 3, budgetMs: 1000, minSampleMs: 10 },
        heavy: { warmup: 1, warmupMs: 0, samples: 3, minSamples: 3, budgetMs: 0, minSampleMs: 0 },
      }
    : {
        default: { warmup: 2, warmupMs: 300, samples: 15, minSamples: 7, budgetMs: 4000, minSampleMs: 25 },
        heavy: { warmup: 1, warmupMs: 0, samples: 7, minSamples: 5, budgetMs: 10000, minSampleMs: 0 },
      };
  return {
    only,
    rss,
    matmulSizes: [128, 512, 1024],
    mlp: { batch: 64, inF: 784, hidden: 256, outF: 10, lr: 0.01 },
    pointwiseN: 1_000_000,
    overheadOps: 10_000,
    chainOps: 100_000,
    rssSteps: 200,
    largeSizes: [1_000_000, 100_000_000],
    charlm: { vocab: 85, context: 64, embed: 64, heads: 4, layers: 2, batch: 32, lr: 0.002 },
    cnn: { batch: 64, lr: 0.001 },
    torchThreads,
    plan,
  };
}

/** One figure as a worker reports it: raw milliseconds per call, or MiB for memory. */
export interface FigureReport {
  id: string;
  ms?: number[];
  mib?: number[];
  /** A value computed from fixed inputs, compared across engines to show they did the same work. */
  check?: number;
}

// ---------------------------------------------------------------- worker side

export function parseWorkerConfig(argv: string[]): Config {
  const i = argv.indexOf('--config');
  if (i < 0 || i + 1 >= argv.length) throw new Error('worker needs --config <json>');
  return JSON.parse(argv[i + 1]) as Config;
}

/** Where a workload hands its figures and errors: the Node worker's stdout, or a page's console. */
export type Emit = (kind: 'fig' | 'error', payload: unknown) => void;

/** Protocol: one `@@<kind> <json>` line per event on stdout; anything else is passed through. */
export function emit(kind: 'info' | 'fig' | 'error' | 'unavailable', payload: unknown): void {
  process.stdout.write(`@@${kind} ${JSON.stringify(payload)}\n`);
}

/** Runs `body` and reports a thrown error against the figure (through `to`) instead of stopping. */
export function guardedBy(to: Emit, id: string, body: () => void): void {
  try {
    body();
  } catch (e) {
    const err = e as Error;
    to('error', { id, message: `${err.name}: ${err.message}` });
  }
}

/** guardedBy on this worker's stdout. */
export function guarded(id: string, body: () => void): void {
  guardedBy(emit, id, body);
}

/** Milliseconds per call of `fn`: warm-up, then samples of `inner` batched calls each. */
export function measure(fn: () => void, p: Plan): number[] {
  let calls = 0;
  let last = 0;
  const w0 = performance.now();
  while (calls < p.warmup || performance.now() - w0 < p.warmupMs) {
    const t = performance.now();
    fn();
    last = performance.now() - t;
    calls++;
  }
  const inner = Math.max(1, Math.ceil(p.minSampleMs / Math.max(last, 1e-3)));
  const samples: number[] = [];
  const s0 = performance.now();
  while (samples.length < p.samples) {
    const t = performance.now();
    for (let j = 0; j < inner; j++) fn();
    samples.push((performance.now() - t) / inner);
    if (samples.length >= p.minSamples && performance.now() - s0 >= p.budgetMs) break;
  }
  return samples;
}

/**
 * Deterministic data every engine can build identically without sharing a random generator:
 * `scale * sin(0.37 i + seed)`, rounded to float32 (torch_bench.py computes the same in float64).
 */
export function waveData(n: number, seed: number, scale = 1): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = scale * Math.sin(0.37 * i + seed);
  return a;
}

/** The MLP's inputs and initial parameters (fan-in scaled), identical across engines. */
export function mlpData(c: Config['mlp']): Record<'x' | 'y' | 'w1' | 'b1' | 'w2' | 'b2', Float32Array> {
  return {
    x: waveData(c.batch * c.inF, 1),
    y: waveData(c.batch * c.outF, 2, 0.5),
    w1: waveData(c.inF * c.hidden, 3, 1 / Math.sqrt(c.inF)),
    b1: waveData(c.hidden, 4, 0.1),
    w2: waveData(c.hidden * c.outF, 5, 1 / Math.sqrt(c.hidden)),
    b2: waveData(c.outF, 6, 0.1),
  };
}

/** W7's labels: per-sample targets, classes 0..outF-1 in turn. */
export function labelsData(c: Config['mlp']): number[] {
  return Array.from({ length: c.batch }, (_v, i) => i % c.outF);
}

/** W9's tokens: inputs (31 i + 7) mod vocab and targets (17 i + 5) mod vocab, row-major [batch, context]. */
export function charlmTokens(c: Config['charlm']): { x: Float64Array; y: Float64Array } {
  const n = c.batch * c.context;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = (31 * i + 7) % c.vocab;
    y[i] = (17 * i + 5) % c.vocab;
  }
  return { x, y };
}

/** Peak and current resident set size of this process, in MiB. */
export function rssMiB(): { peak: number; now: number } {
  return { peak: process.resourceUsage().maxRSS / 1024, now: process.memoryUsage.rss() / 2 ** 20 };
}
