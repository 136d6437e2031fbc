// W7's two large products alone, into an existing output (no allocation, so no page faults), on
// the backend this process loads (TENSORGRAD_BACKEND=js for the TypeScript one): each as it ran
// before (one product per batch entry) and as linalg.ts / the backends run it now.
// `npx tsx bench/w7_kernels.ts [reps]`; wall and process CPU time per call.
import * as torch from '../src/index.js';
import { backend } from '../src/backend/index.js';
import * as K from '../src/tensor/kernels.js';

const reps = Number(process.argv[2] ?? 20);
function time(name: string, f: () => unknown): void {
  for (let i = 0; i < 3; i++) f();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) f();
  const c = process.cpuUsage(c0);
  const ms = (performance.now() - t0) / reps;
  console.log(`${name.padEnd(44)} ${ms.toFixed(3)} ms wall, ${((c.user + c.system) / reps / 1000).toFixed(3)} ms CPU`);
}

// The forward x_i @ W1 under vmap(grad): W1 is a leaf expanded along the batch (stride 0).
const x = torch.randn([64, 1, 784]);
const w = torch.randn([784, 256]).unsqueeze(0).expand([64, 784, 256]);
const o = torch.empty([64, 1, 256]);
time('[64,1,784] @ shared W1: per entry', () => backend().matmul(x._v(), w._v(), o._data));
time('[64,1,784] @ shared W1: folded [64,784] @ W1', () =>
  backend().matmul(
    { ...x._v(), shape: [64, 784], strides: [784, 1] },
    { ...w._v(), shape: [784, 256], strides: [256, 1] },
    o._data,
  ),
);
// The per-sample weight gradients: batched outer products.
for (const [M, N] of [
  [784, 256],
  [256, 10],
]) {
  const a = torch.randn([64, M, 1]);
  const b = torch.randn([64, 1, N]);
  const out = torch.empty([64, M, N]);
  time(`[64,${M},1] @ [64,1,${N}]: backend matmul`, () => backend().matmul(a._v(), b._v(), out._data));
  time(`[64,${M},1] * [64,1,${N}]: elementwise`, () =>
    backend().binary('mul', K.broadcastView(a, out.shape), K.broadcastView(b, out.shape), out._v()),
  );
}
