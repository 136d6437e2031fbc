// Per-op autograd overhead: a 10,000-op chain y = y.mul(1.0001) on a 4-element tensor, then
// backward, reported in µs per op (forward + backward), wall-clock and process CPU time.
// Run: npx tsx bench/autograd_overhead.ts   (TENSORGRAD_BACKEND=js for the TypeScript backend)
// Not a test: timings depend on the machine and its load.

import * as torch from '../src/index.js';

const N = 10_000;
const RUNS = 40;

function run(): { wall: number; cpu: number } {
  const x = torch.ones([4], { requires_grad: true });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let y = x;
  for (let i = 0; i < N; i++) y = y.mul(1.0001);
  y.sum().backward();
  const wall = ((performance.now() - t0) * 1000) / N;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / N };
}

for (let i = 0; i < 5; i++) run();
const results = Array.from({ length: RUNS }, run);
const stat = (key: 'wall' | 'cpu'): string => {
  const v = results.map((r) => r[key]).sort((a, b) => a - b);
  return `min ${v[0].toFixed(2)}, median ${v[RUNS >> 1].toFixed(2)}`;
};
const backendName = torch.backends.native.is_available() ? 'native' : 'js';
console.log(`backend ${backendName}: ${N}-op mul chain, forward+backward`);
console.log(`  wall µs/op: ${stat('wall')}`);
console.log(`  cpu  µs/op: ${stat('cpu')}`);
