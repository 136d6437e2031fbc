// W2's step alone (the MLP of bench/tg_workloads.ts: batch 64, 784→256→10, relu, mse_loss,
// backward, a manual SGD update, loss.item()), timed by wall and process CPU time on whichever
// backend this process loads (TENSORGRAD_BACKEND=js for the TypeScript one). Under
// `node --cpu-prof --import tsx bench/w2_step.ts` it is W2's profile.
// Run: npx tsx bench/w2_step.ts [steps] [threads]
import * as torch from '../src/index.js';
import { makeConfig } from './harness.js';
import { mlp } from './tg_workloads.js';

const steps = Number(process.argv[2] ?? 300);
if (process.argv[3] !== undefined) torch.set_num_threads(Number(process.argv[3]));
const { step } = mlp(makeConfig(['W2'], false, false).mlp);
for (let i = 0; i < 20; i++) step();
const wall: number[] = [];
const cpu: number[] = [];
let loss = 0;
for (let i = 0; i < steps; i++) {
  const t = performance.now();
  const c = process.cpuUsage();
  loss = step();
  const u = process.cpuUsage(c);
  wall.push(performance.now() - t);
  cpu.push((u.user + u.system) / 1e3);
}
const median = (v: number[]): number => [...v].sort((a, b) => a - b)[v.length >> 1];
const f = (v: number): string => v.toFixed(3);
console.log(
  `${torch.backends.native.is_available() ? 'native' : 'js'} ${torch.get_num_threads()} thread(s): ` +
    `wall median ${f(median(wall))} ms (min ${f(Math.min(...wall))}), CPU median ${f(median(cpu))} ms ` +
    `(min ${f(Math.min(...cpu))}), loss ${loss}`,
);
