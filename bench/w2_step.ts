// W2's step alone (the MLP of bench/tg_workloads.ts: batch 64, 784→256→10, relu, mse_loss,
// backward, a manual SGD update, loss.item()), timed by wall and process CPU time on whichever
// backend this process loads (TENSORGRAD_BACKEND=js for the TypeScript one). Under
// `node --cpu-prof --import tsx bench/w2_step.ts` it is W2's profile.
// Run: npx tsx bench/w2_step.ts [steps] [threads]
import * as torch from '../src/index.js';

const steps = Number(process.argv[2] ?? 300);
if (process.argv[3] !== undefined) torch.set_num_threads(Number(process.argv[3]));
function wave(n: number, seed: number, scale = 1): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = scale * Math.sin(0.37 * i + seed);
  return a;
}
const [B, I, H, O] = [64, 784, 256, 10];
const x = torch.from_typed_array(wave(B * I, 1), [B, I]);
const y = torch.from_typed_array(wave(B * O, 2, 0.5), [B, O]);
const params = [
  torch.from_typed_array(wave(I * H, 3, 1 / Math.sqrt(I)), [I, H]),
  torch.from_typed_array(wave(H, 4, 0.1), [H]),
  torch.from_typed_array(wave(H * O, 5, 1 / Math.sqrt(H)), [H, O]),
  torch.from_typed_array(wave(O, 6, 0.1), [O]),
].map((p) => p.requires_grad_());
const [w1, b1, w2, b2] = params;
function step(): number {
  const h = x.matmul(w1).add(b1).relu();
  const loss = torch.nn.functional.mse_loss(h.matmul(w2).add(b2), y);
  loss.backward();
  torch.no_grad(() => {
    for (const p of params) {
      p.sub_(p.grad!.mul(0.01));
      p.grad = null;
    }
  });
  return loss.item() as number;
}
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
