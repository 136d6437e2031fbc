// Native backend measurements (not a test): GEMM GFLOPS, elementwise throughput against the
// TypeScript backend, and the size below which an op is faster in JavaScript (NATIVE_MIN_ELEMENTS).
// Run: npx tsx bench/native.ts [gemm|elementwise|cutoff]...   Figures are best-of-N wall times.

import type { Backend, View } from '../src/backend/backend.js';
import { jsBackend } from '../src/backend/index.js';
import { createNativeBackend, nativeAddon } from '../src/backend/native.js';
import type { TypedArray } from '../src/tensor/dtype.js';

const addon = nativeAddon();
if (!addon) throw new Error('the native addon is not built (npm install)');
const native = createNativeBackend(addon, { minElements: 0, minMatmulFlops: 0 });

function view(data: TypedArray, shape: number[], strides?: number[]): View {
  const s = strides ?? shape.map((_, d) => shape.slice(d + 1).reduce((p, q) => p * q, 1));
  return { data, shape, strides: s, offset: 0 };
}

function random(n: number, f64 = false): Float32Array | Float64Array {
  const a = f64 ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.random() * 2 - 1;
  return a;
}

/** Best seconds per call over `rounds` timed batches of `reps` calls. */
function best(fn: () => void, reps: number, rounds = 7): number {
  fn();
  let t = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) fn();
    t = Math.min(t, Number(process.hrtime.bigint() - t0) / 1e9 / reps);
  }
  return t;
}

function gemm(): void {
  console.log(`GEMM (isa ${addon!.isa()}), GFLOPS, best of 7`);
  for (const f64 of [false, true]) {
    for (const n of [128, 256, 512, 1024]) {
      const a = view(random(n * n, f64), [n, n]);
      const b = view(random(n * n, f64), [n, n]);
      const bt = view(b.data, [n, n], [1, n]);
      const out = f64 ? new Float64Array(n * n) : new Float32Array(n * n);
      const row: string[] = [];
      for (const threads of [1, 2]) {
        addon!.setNumThreads(threads);
        const reps = Math.max(1, Math.round(2e9 / (2 * n ** 3)));
        const t = best(() => native.matmul(a, b, out), reps);
        const tt = best(() => native.matmul(a, bt, out), reps, 3);
        row.push(`${threads}T ${((2 * n ** 3) / t / 1e9).toFixed(1)} (B^T ${((2 * n ** 3) / tt / 1e9).toFixed(1)})`);
      }
      console.log(`  ${f64 ? 'float64' : 'float32'} n=${n}: ${row.join('   ')}`);
    }
  }
  addon!.setNumThreads(2);
}

function elementwise(): void {
  const n = 1 << 20;
  const x = view(random(n), [n]);
  const y = view(random(n), [n]);
  const out = view(new Float32Array(n), [n]);
  const cases: [string, (b: Backend) => void][] = [
    ['add', (b) => b.binary('add', x, y, out)],
    ['mul (broadcast scalar)', (b) => b.binary('mul', x, { ...y, strides: [0] }, out)],
    ['exp', (b) => b.unary('exp', x, out)],
    ['tanh', (b) => b.unary('tanh', x, out)],
    ['sigmoid', (b) => b.unary('sigmoid', x, out)],
    ['relu', (b) => b.unary('relu', x, out)],
    ['log', (b) => b.unary('log', x, out)],
    [
      'copy (transpose 1024x1024)',
      (b) => b.copy(view(x.data, [1024, 1024], [1, 1024]), view(out.data, [1024, 1024]), false),
    ],
    ['sum', (b) => b.reduce('sum', x, 1, new Float32Array(1))],
    [
      'sum dim 0 of 1024x1024',
      (b) => b.reduce('sum', view(x.data, [1024, 1024], [1, 1024]), 1, new Float32Array(1024)),
    ],
    ['softmax rows of 1024x1024', (b) => b.softmax(view(x.data, [1024, 1024]), false, out.data)],
  ];
  console.log(`elementwise, float32, 2^20 elements: M elements/s (native ${addon!.isa()}, 1 and 2 threads; JS)`);
  for (const [name, f] of cases) {
    const r: string[] = [];
    for (const threads of [1, 2]) {
      addon!.setNumThreads(threads);
      r.push((n / best(() => f(native), 20) / 1e6).toFixed(0));
    }
    const js = n / best(() => f(jsBackend), 3, 3) / 1e6;
    console.log(
      `  ${name.padEnd(28)} native ${r.join(' / ')}   js ${js.toFixed(0)}   x${(Number(r[1]) / js).toFixed(1)}`,
    );
  }
  addon!.setNumThreads(2);
}

function cutoff(): void {
  console.log('per-call time (ns): JS backend vs native (including checks), float32 contiguous');
  for (const n of [1, 16, 64, 256, 1024, 4096, 16384]) {
    const x = view(random(n), [n]);
    const y = view(random(n), [n]);
    const out = view(new Float32Array(n), [n]);
    const reps = Math.max(100, Math.round(2e6 / n));
    const line = [`n=${String(n).padStart(5)}`];
    for (const [name, f] of [
      ['add', (b: Backend) => b.binary('add', x, y, out)],
      ['exp', (b: Backend) => b.unary('exp', x, out)],
      ['sum', (b: Backend) => b.reduce('sum', x, 1, new Float32Array(1))],
      ['copy', (b: Backend) => b.copy(x, out, false)],
    ] as const) {
      const j = best(() => f(jsBackend), reps) * 1e9;
      const c = best(() => f(native), reps) * 1e9;
      line.push(`${name} js ${j.toFixed(0).padStart(6)} native ${c.toFixed(0).padStart(6)}`);
    }
    console.log('  ' + line.join('  |  '));
  }
}

const which = process.argv.slice(2);
const all = which.length === 0;
if (all || which.includes('cutoff')) cutoff();
if (all || which.includes('elementwise')) elementwise();
if (all || which.includes('gemm')) gemm();
