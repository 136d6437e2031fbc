// The TypeScript backend's matrix products of W2 and of W10's MNIST CNN, each with the operand
// layouts the ops pass (conv.ts: a shared weight times per-sample column blocks, Wᵀ·grad, cols·gradᵀ),
// timed through jsBackend.matmul by process CPU time (every thread) and wall time, best of 5 rounds,
// on 1 thread and on 2 (not a test). Run: npx tsx bench/gemm_shapes.ts [reps]
import { jsBackend } from '../src/backend/js/index.js';
import { setMatmulThreads, matmulThreads } from '../src/backend/js/matmul.js';
import type { View } from '../src/backend/backend.js';

const reps = Number(process.argv[2] ?? 10);
function wave(n: number, seed: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.sin(0.37 * i + seed);
  return a;
}
const v = (data: Float32Array, shape: number[], strides: number[], offset = 0): View => ({
  data,
  shape,
  strides,
  offset,
});
interface Case {
  name: string;
  a: View;
  b: View;
  out: Float32Array;
  macs: number;
}
const cases: Case[] = [];
function add(name: string, a: View, b: View, outLen: number, macs: number): void {
  cases.push({ name, a, b, out: new Float32Array(outLen), macs });
}
{
  const x = wave(64 * 784, 1);
  const w1 = wave(784 * 256, 2);
  const g = wave(64 * 256, 3);
  add('W2 x·W1 [64,784]·[784,256]', v(x, [64, 784], [784, 1]), v(w1, [784, 256], [256, 1]), 64 * 256, 64 * 784 * 256);
  add('W2 xᵀ·g [784,64]·[64,256]', v(x, [784, 64], [1, 784]), v(g, [64, 256], [256, 1]), 784 * 256, 64 * 784 * 256);
}
{
  // conv1: W [16, 26] shared; cols [26, 64·576]
  const w = wave(16 * 26, 4);
  const cols = wave(26 * 64 * 576, 5);
  add(
    'conv1 fwd [16,26]·cols',
    v(w, [64, 16, 26], [0, 26, 1]),
    v(cols, [64, 26, 576], [576, 64 * 576, 1]),
    64 * 16 * 576,
    64 * 16 * 26 * 576,
  );
  const c2 = wave(401 * 64 * 64, 6);
  const w2 = wave(32 * 401, 7);
  add(
    'conv2 fwd [32,401]·cols',
    v(w2, [64, 32, 401], [0, 401, 1]),
    v(c2, [64, 401, 64], [64, 4096, 1]),
    64 * 32 * 64,
    64 * 32 * 401 * 64,
  );
  const w2c = wave(32 * 400, 8);
  const go = wave(32 * 4096, 9);
  add(
    'conv2 dx Wᵀ·g [400,32]·[32,1280]',
    v(w2c, [1, 400, 32], [12800, 1, 400]),
    v(go, [1, 32, 1280], [32 * 4096, 4096, 1]),
    400 * 1280,
    400 * 32 * 1280,
  );
  add(
    'conv2 dW cols·gᵀ [400,4096]·[4096,32]',
    v(c2, [1, 400, 4096], [400 * 4096, 4096, 1]),
    v(go, [1, 4096, 32], [32 * 4096, 1, 4096]),
    400 * 32,
    400 * 4096 * 32,
  );
  const g1 = wave(64 * 16 * 576, 10);
  add(
    'conv1 dW [64,25,576]·[64,576,16]',
    v(cols, [64, 25, 576], [576, 64 * 576, 1]),
    v(g1, [64, 576, 16], [16 * 576, 1, 576]),
    64 * 25 * 16,
    64 * 25 * 576 * 16,
  );
}
const threadsWanted = [1, 2];
console.log(`| product | ${threadsWanted.map((t) => `${t} thr CPU ms | wall ms | GFLOPS (wall)`).join(' | ')} |`);
for (const c of cases) {
  const row: string[] = [];
  for (const t of threadsWanted) {
    setMatmulThreads(t);
    for (let i = 0; i < 3; i++) jsBackend.matmul(c.a, c.b, c.out);
    let cpu = Infinity;
    let wall = Infinity;
    for (let r = 0; r < 5; r++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      for (let i = 0; i < reps; i++) jsBackend.matmul(c.a, c.b, c.out);
      const u = process.cpuUsage(c0);
      wall = Math.min(wall, (performance.now() - t0) / reps);
      cpu = Math.min(cpu, (u.user + u.system) / 1e3 / reps);
    }
    row.push(`${cpu.toFixed(3)} | ${wall.toFixed(3)} | ${((2 * c.macs) / wall / 1e6).toFixed(1)}`);
  }
  console.log(`| ${c.name} | ${row.join(' | ')} |`);
}
console.log(`(threads available: ${matmulThreads()})`);
