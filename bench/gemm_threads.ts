// GEMM speed of the TypeScript backend on 1 thread and on its worker threads (not a test): W1's
// products and the MLP's, alternating torch.set_num_threads(1) and (threads) in one process so that
// both see the same machine. Run: npx tsx bench/gemm_threads.ts [threads]   (default 2).
// Figures are GFLOPS of the best of 15 wall times per round, three rounds each. On a machine whose
// load exceeds its cores, extra threads get no extra CPU and the two columns agree.

import { createWasmGemm } from '../src/backend/js/wasm/gemm.js';

const threads = Number(process.argv[2] ?? 2);
const gemm = createWasmGemm();
if (gemm === null) throw new Error('no WebAssembly SIMD');
gemm.setThreads(threads);
if (gemm.threads() < threads) console.log(`(this engine runs ${gemm.threads()} thread(s))`);

const SHAPES: [number, number, number][] = [
  [128, 128, 128],
  [512, 512, 512],
  [1024, 1024, 1024],
  [64, 784, 256],
  [784, 64, 256],
];

function operand(n: number, seed: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.sin(0.37 * i + seed);
  return a;
}

// The first large product starts the workers; give them time to come up.
{
  const a = operand(256 * 256, 1);
  gemm.gemm(a, 0, 256, 1, a, 0, 256, 1, new Float32Array(256 * 256), 0, 256, 256, 256);
  for (let i = 0; i < 100 && gemm.readyWorkers() < threads - 1; i++) await new Promise((ok) => setTimeout(ok, 50));
}

console.log(`| M×K×N | 1 thread | ${threads} threads |\n|---|---:|---:|`);
for (const [M, K, N] of SHAPES) {
  const a = operand(M * K, 1);
  const b = operand(K * N, 2);
  const c = new Float32Array(M * N);
  const best: Record<number, number[]> = { 1: [], [threads]: [] };
  for (let round = 0; round < 3; round++) {
    for (const t of [1, threads]) {
      gemm.setThreads(t);
      let ms = Infinity;
      for (let i = 0; i < 15; i++) {
        const t0 = performance.now();
        gemm.gemm(a, 0, K, 1, b, 0, N, 1, c, 0, M, N, K);
        ms = Math.min(ms, performance.now() - t0);
      }
      best[t].push((2 * M * N * K) / ms / 1e6);
    }
  }
  const fmt = (v: number[]): string => v.map((x) => x.toFixed(1)).join(' / ');
  console.log(`| ${M}×${K}×${N} | ${fmt(best[1])} | ${fmt(best[threads])} |`);
}
