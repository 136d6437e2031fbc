// W7 alone (per-sample gradients of the MLP with vmap(grad(...)) and with a loop of single-example
// grads) on the backend this process loads (TENSORGRAD_BACKEND=js for the TypeScript one), timed by
// wall time and process CPU time: `npx tsx bench/w7_probe.ts [reps]`. Under
// `node --cpu-prof --import tsx` it is W7's profile.
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { labelsData, mlpData } from './harness.js';
import { startThreads } from './tg_workloads.js';

const reps = Number(process.argv[2] ?? 20);
const c = { batch: 64, inF: 784, hidden: 256, outF: 10, lr: 0.01 };
const d = mlpData(c);
const x = torch.from_typed_array(d.x, [c.batch, c.inF]);
const y = torch.tensor(labelsData(c), { dtype: torch.int64 });
const params = {
  w1: torch.from_typed_array(d.w1, [c.inF, c.hidden]),
  b1: torch.from_typed_array(d.b1, [c.hidden]),
  w2: torch.from_typed_array(d.w2, [c.hidden, c.outF]),
  b2: torch.from_typed_array(d.b2, [c.outF]),
};
type P = typeof params;
const loss = (p: P, xi: Tensor, yi: Tensor): Tensor =>
  torch.nn.functional.cross_entropy(
    xi.unsqueeze(0).matmul(p.w1).add(p.b1).relu().matmul(p.w2).add(p.b2),
    yi.unsqueeze(0),
  );
const total = (g: P): number => Object.values(g).reduce((s: number, t: Tensor) => s + (t.sum().item() as number), 0);
const vg = torch.func.vmap(torch.func.grad(loss), { in_dims: [null, 0, 0] }) as (p: P, x: Tensor, y: Tensor) => P;
const g1 = torch.func.grad(loss) as (p: P, xi: Tensor, yi: Tensor) => P;
const loop = (): P[] => Array.from({ length: c.batch }, (_v, i) => g1(params, x.select(0, i), y.select(0, i)));

function time(name: string, f: () => unknown): void {
  f();
  f();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const f0 = process.resourceUsage().minorPageFault;
  for (let i = 0; i < reps; i++) f();
  const c1 = process.cpuUsage(c0);
  const faults = (process.resourceUsage().minorPageFault - f0) / reps;
  const ms = (performance.now() - t0) / reps;
  const cpu = (us: number): string => (us / 1000 / reps).toFixed(2);
  console.log(
    `${name}: ${ms.toFixed(2)} ms wall, ${cpu(c1.user + c1.system)} ms CPU (${cpu(c1.user)} user, ${cpu(c1.system)} system) per run, ${faults.toFixed(0)} page faults`,
  );
}

await startThreads();
console.log(
  `backend ${torch.backends.native.is_available() && process.env.TENSORGRAD_BACKEND !== 'js' ? 'native' : 'js'}`,
);
console.log(
  'check vmap',
  total(vg(params, x, y)),
  'loop',
  loop().reduce((s, g) => s + total(g), 0),
);
const only = process.argv[3];
if (only !== 'loop') time('W7.vmap', () => vg(params, x, y));
if (only !== 'vmap') time('W7.loop', loop);
{
  const addon = (await import('../src/backend/native.js')).nativeAddon();
  if (addon?.storageStats && process.env.TENSORGRAD_BACKEND !== 'js') {
    const [free, hits, misses, released] = addon.storageStats();
    console.log(
      `storage cache: ${(free / 2 ** 20).toFixed(1)} MiB free, ${hits} hits, ${misses} misses, ${released} released`,
    );
  }
}
