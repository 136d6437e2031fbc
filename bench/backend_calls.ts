// Where a training step's time goes, backend call by backend call (not a test): wraps every method
// of the active backend, runs W2's MLP step (`w2`) or W10's MNIST CNN step (`cnn`) and prints, per
// method, kind and operand shapes, calls per step and process CPU µs per step (every thread) (best of 5 rounds), the
// biggest first, with the step's total and the share outside backend calls (autograd, JavaScript
// overhead, allocation). Run: npx tsx bench/backend_calls.ts [w2|cnn] [steps] [threads]   (TENSORGRAD_BACKEND=js
// for the TypeScript backend). CPU time, as a loaded machine disturbs it least.
import * as torch from '../src/index.js';
import { backend } from '../src/backend/index.js';
import { cnn } from '../examples/train/models.js';
import { makeConfig, waveData } from './harness.js';
import { mlp } from './tg_workloads.js';

const which = process.argv[2] ?? 'w2';
const steps = Number(process.argv[3] ?? 50);
if (process.argv[4] !== undefined) torch.set_num_threads(Number(process.argv[4]));

let step: () => void;
if (which === 'cnn') {
  torch.manual_seed(0);
  const model = cnn();
  const opt = new torch.optim.Adam(model.parameters(), { lr: 1e-3 });
  const x = torch.from_typed_array(waveData(64 * 784, 1), [64, 1, 28, 28]);
  const y = torch.tensor(
    Array.from({ length: 64 }, (_v, i) => i % 10),
    { dtype: torch.int64 },
  );
  step = () => {
    opt.zero_grad();
    const loss = torch.nn.functional.cross_entropy(model.forward(x) as torch.Tensor, y);
    loss.backward();
    opt.step();
    loss.item();
  };
} else {
  step = mlp(makeConfig(['W2'], false, false).mlp).step;
}

const b = backend() as unknown as Record<string, unknown>;
const times = new Map<string, number>();
const counts = new Map<string, number>();
function shapeOf(v: unknown): string {
  if (v !== null && typeof v === 'object' && 'shape' in v) return `[${(v as { shape: number[] }).shape.join(',')}]`;
  if (ArrayBuffer.isView(v)) return `#${(v as Float32Array).length}`;
  if (typeof v === 'string') return v;
  return '';
}
for (const name of Object.keys(b)) {
  const f = b[name];
  if (typeof f !== 'function') continue;
  b[name] = (...args: unknown[]): unknown => {
    const t = process.cpuUsage();
    const r = (f as (...a: unknown[]) => unknown)(...args);
    const u = process.cpuUsage(t);
    const dt = (u.user + u.system) / 1e3;
    const key = `${name} ${args
      .slice(0, 3)
      .map(shapeOf)
      .filter((s) => s !== '')
      .join(' ')}`;
    times.set(key, (times.get(key) ?? 0) + dt);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return r;
  };
}
for (let i = 0; i < 10; i++) step();
let best = new Map<string, number>();
let bestTotal = Infinity;
for (let round = 0; round < 5; round++) {
  times.clear();
  counts.clear();
  const t = process.cpuUsage();
  for (let i = 0; i < steps; i++) step();
  const u = process.cpuUsage(t);
  const total = (u.user + u.system) / 1e3 / steps;
  if (total < bestTotal) {
    bestTotal = total;
    best = new Map([...times].map(([k, v]) => [k, v / steps]));
  }
}
const inCalls = [...best.values()].reduce((s, v) => s + v, 0);
console.log(
  `${which} on ${b.name as string}: step ${(bestTotal * 1e3).toFixed(0)} µs, backend calls ${(inCalls * 1e3).toFixed(0)} µs, outside ${((bestTotal - inCalls) * 1e3).toFixed(0)} µs`,
);
for (const [k, v] of [...best].sort((p, q) => q[1] - p[1]).slice(0, 40)) {
  console.log(`${(v * 1e3).toFixed(1).padStart(8)} µs  ${String((counts.get(k) ?? 0) / steps).padStart(4)}×  ${k}`);
}
