// Where W6's RSS growth comes from: the MLP training step of bench W6 (tg_workloads.ts `mlp`),
// sampling process.memoryUsage (RSS, V8 heap, external memory, Node's array buffers), V8's heap
// spaces and, on the native backend, the storage cache (native/storage.cc) at a few steps.
// Run: npx tsx bench/w6_probe.ts [steps, default 200] [src dir, default ../src]
//      (TENSORGRAD_BACKEND=js for the TypeScript backend)
import { getHeapSpaceStatistics } from 'node:v8';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { makeConfig, rssMiB } from './harness.js';

const steps = Number(process.argv[2] ?? 200);
const src = process.argv[3] ? resolve(process.argv[3]) : resolve(import.meta.dirname, '..', 'src');
// The workloads beside that src (tg_workloads.ts imports ../src).
const { mlp } = (await import(
  pathToFileURL(resolve(src, '..', 'bench', 'tg_workloads.ts')).href
)) as typeof import('./tg_workloads.js');
const native = (await import(
  pathToFileURL(resolve(src, 'backend', 'native.ts')).href
)) as typeof import('../src/backend/native.js');
const cfg = makeConfig(['W6'], false, true);
const { step } = mlp(cfg.mlp);
const addon = process.env.TENSORGRAD_BACKEND === 'js' ? null : native.nativeAddon();
const mib = (b: number): string => (b / 2 ** 20).toFixed(1);
const base = rssMiB().now;
function sample(i: number): void {
  const m = process.memoryUsage();
  const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, s.space_size]));
  const cache = addon?.storageStats?.();
  console.log(
    `step ${String(i).padStart(4)}: rss ${mib(m.rss)} (+${(m.rss / 2 ** 20 - base).toFixed(1)}, peak +${(rssMiB().peak - base).toFixed(1)}) ` +
      `heap ${mib(m.heapTotal)} [new ${mib(spaces.new_space)} old ${mib(spaces.old_space)} code ${mib(spaces.code_space)}] ` +
      `external ${mib(m.external)} arrayBuffers ${mib(m.arrayBuffers)}` +
      (cache ? ` cache free ${mib(cache[0])}` : ''),
  );
}
sample(0);
for (let i = 1; i <= steps; i++) {
  step();
  if ([1, 2, 5, 10, 20, 50, 100, 150, 200, 400, 1000].includes(i) || i === steps) sample(i);
}
