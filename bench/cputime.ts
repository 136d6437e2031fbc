// W2 and W3 of the benchmark timed by CPU time as well as wall time, for busy machines: when other
// processes hold the cores, wall-clock medians swing by several times, while the CPU time a
// single-threaded process spends on a call moves much less. Set beside bench/cputime_torch.py
// (PyTorch with 1 thread, so that its CPU time is comparable).
// Run: npx tsx bench/cputime.ts [src dir, default ../src]   (TENSORGRAD_BACKEND=js for the TS backend)
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

type Torch = typeof import('../src/index.js');
const src = process.argv[2] ? resolve(process.argv[2]) : resolve(import.meta.dirname, '..', 'src');
const torch = (await import(pathToFileURL(resolve(src, 'index.ts')).href)) as Torch;

function wave(n: number, seed: number, scale = 1): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = scale * Math.sin(0.37 * i + seed);
  return a;
}

/** Best wall and CPU (user + system) ms per call over 5 rounds of `reps` calls, after a warm-up. */
function best(fn: () => void, reps: number): { wall: number; cpu: number } {
  for (let i = 0; i < 2 * reps; i++) fn();
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
const w2step = (): void => {
  const h = x.matmul(w1).add(b1).relu();
  const loss = torch.nn.functional.mse_loss(h.matmul(w2).add(b2), y);
  loss.backward();
  torch.no_grad(() => {
    for (const p of params) {
      p.sub_(p.grad!.mul(0.01));
      p.grad = null;
    }
  });
  loss.item();
};
const data = wave(1_000_000, 13);
const xf = torch.from_typed_array(data);
const xb = torch.from_typed_array(data).requires_grad_();
const rows: [string, { wall: number; cpu: number }][] = [
  ['W2 MLP step', best(w2step, 20)],
  ['W3 fwd', best(() => void xf.mul(xf).add(xf).exp().sum(), 10)],
  [
    'W3 fwd+bwd',
    best(() => {
      xb.grad = null;
      xb.mul(xb).add(xb).exp().sum().backward();
    }, 10),
  ],
];
for (const [name, t] of rows) console.log(`${name}: wall ${t.wall.toFixed(2)} ms, cpu ${t.cpu.toFixed(2)} ms`);
