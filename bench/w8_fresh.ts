// W8's 1e8-element creations (ones, arange int64, randn) by wall time, process CPU time and page
// faults of the last call: best of 3 calls each. Every call needs fresh memory (400-800 MB, above
// the native storage cache's cap), so this measures what a fresh mapping costs: 4 KiB faults
// from malloc, or 2 MiB ones from the native allocator's huge-page mappings (native/storage.cc).
// Run: npx tsx bench/w8_fresh.ts [src dir, default ../src]   (TENSORGRAD_BACKEND=js for the TS backend)
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const src = process.argv[2] ? resolve(process.argv[2]) : resolve(import.meta.dirname, '..', 'src');
const torch = (await import(pathToFileURL(resolve(src, 'index.ts')).href)) as typeof import('../src/index.js');
const ops = [
  ['ones', () => torch.ones(1e8)],
  ['arange', () => torch.arange(1e8)],
  ['randn', () => torch.randn(1e8)],
] as const;
for (const [name, f] of ops) {
  let cpu = Infinity;
  let wall = Infinity;
  let faults = 0;
  for (let i = 0; i < 3; i++) {
    const f0 = process.resourceUsage().minorPageFault;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    f();
    const c = process.cpuUsage(c0);
    wall = Math.min(wall, performance.now() - t0);
    cpu = Math.min(cpu, (c.user + c.system) / 1e3);
    faults = process.resourceUsage().minorPageFault - f0;
  }
  console.log(
    `${name}: best wall ${wall.toFixed(0)} ms, best CPU ${cpu.toFixed(0)} ms, ${faults} page faults (last call)`,
  );
}
