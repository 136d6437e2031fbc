// W8's creation, random fill and sum figures by CPU time as well as wall time, for busy machines
// (see bench/cputime.ts): best of 5 rounds of `reps` calls after a warm-up. Beside
// bench/w8_cputime_torch.py. CPU time is the process's (user + system, every thread: the native
// thread pool's and PyTorch's intra-op threads count).
// Run: npx tsx bench/w8_cputime.ts [n, default 1e6] [src dir, default ../src]
//      (TENSORGRAD_BACKEND=js for the TypeScript backend)
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

type Torch = typeof import('../src/index.js');
const n = Number(process.argv[2] ?? 1e6);
const src = process.argv[3] ? resolve(process.argv[3]) : resolve(import.meta.dirname, '..', 'src');
const torch = (await import(pathToFileURL(resolve(src, 'index.ts')).href)) as Torch;

function best(fn: () => unknown, reps: number): { wall: number; cpu: number } {
  for (let i = 0; i < Math.max(2, reps); i++) fn();
  let wall = Infinity;
  let cpu = Infinity;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (let i = 0; i < reps; i++) fn();
    const c = process.cpuUsage(c0);
    wall = Math.min(wall, (performance.now() - t0) / reps);
    cpu = Math.min(cpu, (c.user + c.system) / 1e3 / reps);
  }
  return { wall, cpu };
}

torch.manual_seed(0);
const x = torch.randn(n);
const reps = n > 1e7 ? 1 : 50;
const ops: [string, () => unknown][] = [
  ['ones', () => torch.ones(n)],
  ['arange (int64)', () => torch.arange(n)],
  ['rand', () => torch.rand(n)],
  ['randn', () => torch.randn(n)],
  ['sum', () => x.sum()],
];
const backend = torch.backends.native.is_available() && process.env.TENSORGRAD_BACKEND !== 'js' ? 'native' : 'js';
console.log(`| tensorgrad-${backend}, n = ${n} | wall ms | CPU ms |\n|---|---:|---:|`);
for (const [name, fn] of ops) {
  const { wall, cpu } = best(fn, reps);
  console.log(`| ${name} | ${wall.toFixed(3)} | ${cpu.toFixed(3)} |`);
}
