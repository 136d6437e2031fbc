// The workloads through the public API, to set beside bench/issue_torch.py (same output
// format): W1 float32 matmul (GFLOPS) and W3 float32 (x*x + x).exp().sum() on 10^6 elements (ms).
// Run: npx tsx bench/issue.ts [threads] [rounds]   (bench/interleave.sh alternates it with PyTorch)
import * as torch from '../src/index.js';

const threads = Number(process.argv[2] ?? 2);
const rounds = Number(process.argv[3] ?? 7);
torch.set_num_threads(threads);

/** Best mean seconds per call over `rounds` batches of `reps` calls, after a warm-up batch. */
function best(fn: () => void, reps: number): number {
  for (let i = 0; i < reps; i++) fn();
  let t = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) fn();
    t = Math.min(t, Number(process.hrtime.bigint() - t0) / 1e9 / reps);
  }
  return t;
}

torch.no_grad(() => {
  for (const n of [128, 512, 1024]) {
    const a = torch.rand(n, n);
    const b = torch.rand(n, n);
    const t = best(() => torch.matmul(a, b), Math.max(1, Math.round(1e9 / (2 * n ** 3))));
    console.log(`W1 n=${n} ${((2 * n ** 3) / t / 1e9).toFixed(1)} GFLOPS`);
  }
  const x = torch.rand(1_000_000);
  const t = best(() => x.mul(x).add(x).exp().sum(), 10);
  console.log(`W3 ${(t * 1e3).toFixed(3)} ms`);
});
