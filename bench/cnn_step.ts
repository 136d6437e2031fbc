// One training step of the MNIST CNN (examples/train/models.ts: two 5×5 conv + max-pool layers,
// batch 64, Adam), timed on whichever backend this process loads, by wall time, process CPU time
// and the main thread's CPU time (what a loaded machine disturbs least): a quick
// look at the CNN between full runs of the benchmark (W10), and the workload to profile it with.
// Run: npx tsx bench/cnn_step.ts [steps] [threads]   (TENSORGRAD_BACKEND=js for the TS backend;
// node --cpu-prof --import tsx bench/cnn_step.ts to profile)

import { readFileSync } from 'node:fs';
import * as torch from '../src/index.js';
import { cnn } from '../examples/train/models.js';

const steps = Number(process.argv[2] ?? 30);
if (process.argv[3] !== undefined) torch.set_num_threads(Number(process.argv[3]));
const B = 64;
function wave(n: number, seed: number, scale = 1): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = scale * Math.sin(0.37 * i + seed);
  return a;
}
torch.manual_seed(0);
const model = cnn();
const opt = new torch.optim.Adam(model.parameters(), { lr: 1e-3 });
const x = torch.from_typed_array(wave(B * 784, 1), [B, 1, 28, 28]);
const y = torch.tensor(
  Array.from({ length: B }, (_v, i) => i % 10),
  { dtype: torch.int64 },
);
function step(): number {
  opt.zero_grad();
  const loss = torch.nn.functional.cross_entropy(model.forward(x) as torch.Tensor, y);
  loss.backward();
  opt.step();
  return loss.item() as number;
}
/** CPU seconds the main thread has used (Linux: /proc; NaN elsewhere): unlike wall time, load-independent. */
function mainThreadCpu(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}
for (let i = 0; i < 3; i++) step();
const main0 = mainThreadCpu();
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
const mainMs = ((mainThreadCpu() - main0) * 1000) / steps;
const median = (v: number[]): number => [...v].sort((a, b) => a - b)[v.length >> 1];
const f = (v: number): string => v.toFixed(1);
console.log(
  `${torch.backends.native.is_available() ? 'native' : 'js'} ${torch.get_num_threads()} thread(s): ` +
    `wall median ${f(median(wall))} ms (min ${f(Math.min(...wall))}), CPU median ${f(median(cpu))} ms ` +
    `(min ${f(Math.min(...cpu))}), main thread CPU ${f(mainMs)} ms/step, loss ${loss}`,
);
