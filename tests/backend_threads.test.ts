// The backend under worker_threads: the library (and the native addon, on the native backend) loaded
// in several threads at once, each training and checked against the same training on the main
// thread, and process.exit() while kernels run in a worker, which must end the process with the
// exit code given: no crash, no hang.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as torch from '../src/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const indexUrl = pathToFileURL(join(root, 'src', 'index.ts')).href;

/**
 * Trains a seeded MLP (sizes large enough for the native kernels and their thread pool) with SGD,
 * and returns the losses and the final first-layer weights' sum. The same source runs in the
 * workers (as a string), so both sides compute exactly the same thing.
 */
const trainSource = `async function train(torch, seed, steps) {
  torch.manual_seed(seed);
  const x = torch.randn([128, 256]);
  const y = torch.randn([128, 16]);
  const model = new torch.nn.Sequential(new torch.nn.Linear(256, 192), new torch.nn.ReLU(), new torch.nn.Linear(192, 16));
  const opt = new torch.optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
  const losses = [];
  for (let i = 0; i < steps; i++) {
    opt.zero_grad();
    const loss = torch.nn.functional.mse_loss(model.forward(x), y);
    loss.backward();
    opt.step();
    losses.push(loss.item());
  }
  const w = [...model.parameters()][0];
  return { losses, wsum: w.sum().item(), backend: torch.backends.native.is_available() ? 'native' : 'js' };
}`;

interface Trained {
  losses: number[];
  wsum: number;
  backend: string;
}
const train = new Function(`${trainSource}; return train;`)() as (
  t: typeof torch,
  seed: number,
  steps: number,
) => Promise<Trained>;

/** Worker code that loads the library from src/ (tsx's loader is not inherited by workers). */
const LOAD_TORCH = `const loadTorch = (url) => import('tsx/esm/api').then(({ tsImport }) => tsImport(url, url));`;

function runWorker(seed: number, steps: number): Promise<Trained> {
  const code = `
    const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
    ${LOAD_TORCH}
    ${trainSource}
    loadTorch(workerData.url).then((torch) => train(torch, workerData.seed, workerData.steps))
      .then((r) => parentPort.postMessage(r), (e) => { throw e; });`;
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true, workerData: { url: indexUrl, seed, steps } });
    let result: Trained | null = null;
    w.on('message', (r: Trained) => (result = r));
    w.on('error', reject);
    w.on('exit', (code) =>
      result !== null && code === 0 ? resolve(result) : reject(new Error(`worker exited with ${code}`)),
    );
  });
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(a), Math.abs(b));
}

test('several worker threads train at once, each as the main thread does', async () => {
  const seeds = [1, 2, 3, 4];
  const steps = 12;
  const expected = await Promise.all(seeds.map((s) => train(torch, s, steps)));
  // Twice over, so threads start and end while others compute.
  for (let round = 0; round < 2; round++) {
    const got = await Promise.all(seeds.map((s) => runWorker(s, steps)));
    got.forEach((g, i) => {
      const e = expected[i];
      assert.equal(g.backend, e.backend, 'the worker loaded another backend');
      assert.equal(g.losses.length, steps);
      g.losses.forEach((l, k) =>
        assert.ok(close(l, e.losses[k]), `seed ${seeds[i]} step ${k}: ${l} vs ${e.losses[k]}`),
      );
      assert.ok(close(g.wsum, e.wsum), `seed ${seeds[i]} weights: ${g.wsum} vs ${e.wsum}`);
      assert.ok(g.losses[steps - 1] < g.losses[0], 'the loss did not go down');
    });
  }
  // The main thread still computes (and uses its thread pool) after the workers have gone.
  const again = await train(torch, 1, steps);
  assert.deepEqual(again.losses, expected[0].losses);
});

/** Runs `script` (an ES module) in a child node with tsx, the test's backend and a time limit. */
function child(script: string): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
}

const busyWorkers = `
  import { Worker } from 'node:worker_threads';
  const code = \`
    const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
    ${LOAD_TORCH}
    loadTorch(workerData.url).then((torch) => {
      torch.manual_seed(workerData.seed);
      const a = torch.randn([384, 384]);
      const v = torch.randn([1 << 20]);
      parentPort.postMessage(torch.backends.native.is_available() ? 'native' : 'js');
      for (;;) { a.matmul(a).relu().sum(); v.exp().mul(v).sum(); }
    });\`;
  let started = 0;
  for (let i = 0; i < 3; i++) {
    const w = new Worker(code, { eval: true, workerData: { url: ${JSON.stringify(indexUrl)}, seed: i } });
    w.on('message', (backend) => { if (backend !== mainBackend()) process.exit(4); if (++started === 3) go(); });
    w.on('error', (e) => { console.error(e); process.exit(3); });
  }
`;

test('process.exit() while kernels run in worker threads ends the process with its code', () => {
  // The main thread also runs kernels (on the pool) between the exit's scheduling and the exit.
  const r = child(`${busyWorkers}
    import * as torch from ${JSON.stringify(indexUrl)};
    function mainBackend() { return torch.backends.native.is_available() ? 'native' : 'js'; }
    function go() {
      const b = torch.randn([256, 256]);
      setTimeout(() => { b.matmul(b).sum(); process.exit(7); }, 50);
    }`);
  assert.equal(r.error, undefined, `the child did not finish: ${String(r.error)}`);
  assert.equal(r.signal, null, `the child was killed by ${r.signal}: ${r.stderr}`);
  assert.equal(r.status, 7, r.stderr);
});

test('process.exit() from inside a worker ends that worker while the others compute', () => {
  const r = child(`
    import { Worker } from 'node:worker_threads';
    import * as torch from ${JSON.stringify(indexUrl)};
    const code = \`
      const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
    ${LOAD_TORCH}
      loadTorch(workerData.url).then((torch) => {
        const a = torch.randn([384, 384]);
        for (let i = 0; i < 3; i++) a.matmul(a).sum();
        parentPort.postMessage('done');
        process.exit(5);
      });\`;
    const codes = await Promise.all([0, 1, 2].map(() => new Promise((resolve) => {
      const w = new Worker(code, { eval: true, workerData: { url: ${JSON.stringify(indexUrl)} } });
      w.on('exit', resolve);
    })));
    const b = torch.randn([256, 256]);
    const s = b.matmul(b).sum().item();
    console.log(JSON.stringify({ codes, finite: Number.isFinite(s) }));`);
  assert.equal(r.signal, null, `the child was killed by ${r.signal}: ${r.stderr}`);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout.trim().split('\n').pop() as string), { codes: [5, 5, 5], finite: true });
});

test('worker.terminate() while kernels run leaves the others and the main thread computing', () => {
  const r = child(`
    import { Worker } from 'node:worker_threads';
    import * as torch from ${JSON.stringify(indexUrl)};
    const code = \`
      const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
      ${LOAD_TORCH}
      loadTorch(workerData.url).then((torch) => {
        const a = torch.randn([384, 384]);
        parentPort.postMessage('computing');
        for (;;) a.matmul(a).exp().sum();
      });\`;
    const codes = await Promise.all([0, 1, 2].map((i) => new Promise((resolve) => {
      const w = new Worker(code, { eval: true, workerData: { url: ${JSON.stringify(indexUrl)} } });
      w.on('message', () => setTimeout(() => w.terminate(), 20 * i));
      w.on('exit', resolve);
    })));
    torch.manual_seed(0);
    const b = torch.randn([256, 256]);
    const s = b.matmul(b).sum().item();
    console.log(JSON.stringify({ codes, finite: Number.isFinite(s) }));`);
  assert.equal(r.signal, null, `the child was killed by ${r.signal}: ${r.stderr}`);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout.trim().split('\n').pop() as string), { codes: [1, 1, 1], finite: true });
});
