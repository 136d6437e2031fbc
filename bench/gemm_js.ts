// GEMM speed of the TypeScript backend (not a test): GFLOPS per shape of the MNIST main job
// (examples/train/mnist.ts, batch 64) for the WebAssembly SIMD kernel and the scalar fallback.
// Run: npx tsx bench/gemm_js.ts [wasm|scalar]...   Figures are best-of-7 wall times.

import type { View } from '../src/backend/backend.js';
import { matmul, setWasmGemm } from '../src/backend/js/matmul.js';
import type { TypedArray } from '../src/tensor/dtype.js';

interface Case {
  name: string;
  a: number[]; // shape [..., M, K]
  b: number[]; // shape [..., K, N]
  ta?: boolean; // a is stored transposed (column-major)
  tb?: boolean; // b is stored transposed
}

const CASES: Case[] = [
  { name: 'conv1 fwd', a: [16, 25], b: [25, 36864] },
  { name: 'conv1 fwd (cols first)', a: [36864, 25], b: [25, 16] },
  { name: 'conv1 wgrad', a: [16, 36864], b: [36864, 25], tb: true },
  { name: 'conv2 fwd', a: [32, 400], b: [400, 4096] },
  { name: 'conv2 wgrad', a: [32, 4096], b: [4096, 400], tb: true },
  { name: 'conv2 igrad', a: [400, 32], b: [32, 4096], ta: true },
  { name: 'linear fwd', a: [64, 512], b: [512, 10], tb: true },
  { name: 'linear igrad', a: [64, 10], b: [10, 512] },
  { name: 'linear wgrad', a: [10, 64], b: [64, 512], ta: true },
  { name: 'mlp fc1 fwd', a: [64, 784], b: [784, 256], tb: true },
  { name: 'mlp fc1 wgrad', a: [256, 64], b: [64, 784], ta: true },
  { name: 'mlp fc2 igrad', a: [64, 10], b: [10, 256] },
  { name: 'bmm 8x64x64x64', a: [8, 64, 64], b: [8, 64, 64] },
  { name: 'square 256', a: [256, 256], b: [256, 256] },
  { name: 'small 12x12x12', a: [12, 12], b: [12, 12] },
];

function operand(shape: number[], transposed: boolean, f64: boolean): View {
  const n = shape.reduce((p, q) => p * q, 1);
  const data: TypedArray = f64 ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = Math.random() * 2 - 1;
  const nd = shape.length;
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((p, q) => p * q, 1));
  if (transposed) {
    strides[nd - 1] = shape[nd - 2];
    strides[nd - 2] = 1;
  }
  return { data, shape, strides, offset: 0 };
}

function best(fn: () => void, seconds = 0.15, rounds = 7): number {
  fn();
  const t0 = performance.now();
  fn();
  const once = Math.max((performance.now() - t0) / 1000, 1e-6);
  const reps = Math.max(1, Math.round(seconds / once));
  let t = Infinity;
  for (let r = 0; r < rounds; r++) {
    const s = performance.now();
    for (let i = 0; i < reps; i++) fn();
    t = Math.min(t, (performance.now() - s) / 1000 / reps);
  }
  return t;
}

const modes = process.argv.slice(2);
for (const mode of modes.length ? modes : ['wasm', 'scalar']) {
  setWasmGemm(mode === 'wasm');
  for (const f64 of [false, true]) {
    console.log(`\n${mode} ${f64 ? 'float64' : 'float32'}: GFLOPS (ms per call)`);
    for (const c of CASES) {
      const a = operand(c.a, c.ta ?? false, f64);
      const b = operand(c.b, c.tb ?? false, f64);
      const M = c.a[c.a.length - 2];
      const K = c.a[c.a.length - 1];
      const N = c.b[c.b.length - 1];
      const batch = c.a.slice(0, -2).reduce((p, q) => p * q, 1);
      const out = f64 ? new Float64Array(batch * M * N) : new Float32Array(batch * M * N);
      const t = best(() => matmul(a, b, out));
      const gflops = (2 * batch * M * N * K) / t / 1e9;
      console.log(`  ${c.name.padEnd(24)} ${gflops.toFixed(2).padStart(6)}  (${(t * 1000).toFixed(3)} ms)`);
    }
  }
}
