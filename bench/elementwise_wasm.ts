// The TypeScript backend's elementwise kernels on both paths, WebAssembly SIMD (wasm/elementwise.ts)
// and plain JavaScript (TENSORGRAD_WASM=0), called directly on 1M-element float32 arrays, plus the
// cost of writing into a freshly allocated output (what every op pays today: its output is new
// memory the OS must fault in). Figures are CPU time (user + system, so that other processes on a
// busy machine inflate them less than wall time), the best of several rounds, in ms per call.
// Run: npx tsx bench/elementwise_wasm.ts [n] [substring of the kernels' names to run]

import type { View } from '../src/backend/backend.js';
import { binary, unary } from '../src/backend/js/elementwise.js';
import { adam } from '../src/backend/js/optim.js';
import { reduce } from '../src/backend/js/reduce.js';
import { setWasmElementwise } from '../src/backend/js/wasm/runtime.js';

const n = Number(process.argv[2] ?? 1_000_000);
const a = new Float32Array(n).map((_, i) => Math.sin(0.37 * i));
const b = new Float32Array(n).map((_, i) => Math.cos(0.11 * i));
const out = new Float32Array(n);
const v = (d: Float32Array | Float64Array): View => ({
  data: d,
  shape: [n],
  strides: [1],
  offset: 0,
  dtype: d instanceof Float32Array ? 'float32' : 'float64',
});
const a64 = Float64Array.from(a, (x) => 3 * x);
const b64 = Float64Array.from(b, Math.abs);
const out64 = new Float64Array(n);
const a3 = Float32Array.from(a64);
const scalar: View = { data: b, shape: [n], strides: [0], offset: 3, dtype: 'float32' };
const nodeBuffer = (globalThis as { Buffer?: { allocUnsafeSlow(size: number): Uint8Array } }).Buffer;
/** An output as src/ops/kernels.ts allocates one: new, not zero-filled. */
const fresh = (): Float32Array =>
  nodeBuffer ? new Float32Array(nodeBuffer.allocUnsafeSlow(4 * n).buffer, 0, n) : new Float32Array(n);

function cpuMs(fn: () => void, reps = 20, rounds = 5): number {
  for (let i = 0; i < reps; i++) fn();
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < reps; i++) fn();
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / 1e3 / reps);
  }
  return best;
}

const p = a.slice();
const g = b.map((x) => x * 1e-2);
const m = new Float32Array(n);
const s2 = new Float32Array(n);
const adamScalars = {
  beta1: 0.9,
  omb1: 0.1,
  beta2: 0.999,
  omb2: 1 - 0.999,
  weight_decay: 0,
  decay: 1,
  eps: 1e-8,
  neg_step_size: -1e-3,
  bias_correction2_sqrt: 0.5,
  sign: 1,
};
const cases: [string, () => void][] = [
  ['add', () => binary('add', v(a), v(b), v(out))],
  ['mul by a scalar', () => binary('mul', v(a), scalar, v(out))],
  ['maximum', () => binary('maximum', v(a), v(b), v(out))],
  ['relu', () => unary('relu', v(a), v(out))],
  ['exp', () => unary('exp', v(a), v(out))],
  ['log', () => unary('log', v(b), v(out))],
  ['tanh', () => unary('tanh', v(a), v(out))],
  ['sigmoid', () => unary('sigmoid', v(a), v(out))],
  ['erf (x 3)', () => unary('erf', v(a3), v(out))],
  ['gelu (x 3)', () => unary('gelu', v(a3), v(out))],
  ['exp, float64 (x 3)', () => unary('exp', v(a64), v(out64))],
  ['log, float64', () => unary('log', v(b64), v(out64))],
  ['tanh, float64 (x 3)', () => unary('tanh', v(a64), v(out64))],
  ['sigmoid, float64 (x 3)', () => unary('sigmoid', v(a64), v(out64))],
  ['sin, float64 (x 3)', () => unary('sin', v(a64), v(out64))],
  ['cos, float64 (x 3)', () => unary('cos', v(a64), v(out64))],
  ['erf, float64 (x 3)', () => unary('erf', v(a64), v(out64))],
  ['sum', () => reduce('sum', v(a), 1, new Float32Array(1))],
  ['adam step', () => adam(p, g, m, s2, null, adamScalars)],
  ['add into a fresh output', () => binary('add', v(a), v(b), v(fresh()))],
];

const only = process.argv[3];
const rows = cases
  .filter(([name]) => only === undefined || name.includes(only))
  .map(([name, fn]) => {
    const t = [true, false].map((wasm) => {
      setWasmElementwise(wasm);
      return cpuMs(fn);
    });
    setWasmElementwise(true);
    return { name, wasm: t[0], js: t[1] };
  });
console.log(`| kernel, ${n} float32 | WebAssembly (ms) | JavaScript (ms) | speed-up |`);
console.log('|---|---:|---:|---:|');
for (const r of rows)
  console.log(`| ${r.name} | ${r.wasm.toFixed(3)} | ${r.js.toFixed(3)} | ${(r.js / r.wasm).toFixed(1)}× |`);
