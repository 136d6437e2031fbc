// The TensorFlow.js side of W1-W5 (tfjs-core with the cpu or wasm backend), shared by the Node
// worker (tfjs_bench.ts) and the Chromium page (browser_page.ts). tfjs has no tape you call
// .backward() on: gradients come from functions of the inputs, so W2 uses tf.variableGrads and
// W3/W4/W5 tf.valueAndGrad, the closest equivalents. Every step runs inside tf.tidy, which tfjs
// requires to free intermediate tensors.

import { guardedBy as guarded, measure, mlpData, waveData, type Config, type Emit } from './harness.js';

export type TF = typeof import('@tensorflow/tfjs-core');
type Tensor = import('@tensorflow/tfjs-core').Tensor;

/**
 * tfjs-core with its gradients and the `backend` ('cpu' or 'wasm') set up; `wasmPaths` is where the
 * wasm backend fetches its .wasm files from (a directory in Node, a URL prefix in a page).
 */
export async function loadTf(backend: string, wasmPaths: string | null): Promise<TF> {
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (wasmPaths) wasm.setWasmPaths(wasmPaths);
  } else {
    await import('@tensorflow/tfjs-backend-cpu');
  }
  tf.enableProdMode();
  if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') returned false`);
  await tf.ready();
  return tf;
}

/** ", SIMD on, threads off" for the wasm backend (what tfjs detected), '' for cpu. */
export async function wasmFeatures(tf: TF): Promise<string> {
  if (tf.getBackend() !== 'wasm') return '';
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  return `, SIMD ${simd ? 'on' : 'off'}, threads ${threads ? 'on' : 'off'}`;
}

export function tfMlp(tf: TF, c: Config['mlp']): { step: () => number } {
  const d = mlpData(c);
  const x = tf.tensor2d(d.x, [c.batch, c.inF]);
  const y = tf.tensor2d(d.y, [c.batch, c.outF]);
  const w1 = tf.variable(tf.tensor2d(d.w1, [c.inF, c.hidden]));
  const b1 = tf.variable(tf.tensor1d(d.b1));
  const w2 = tf.variable(tf.tensor2d(d.w2, [c.hidden, c.outF]));
  const b2 = tf.variable(tf.tensor1d(d.b2));
  const params = [w1, b1, w2, b2];
  const loss = (): import('@tensorflow/tfjs-core').Scalar => {
    const h = tf.relu(tf.add(tf.matMul(x, w1), b1));
    return tf.losses.meanSquaredError(y, tf.add(tf.matMul(h, w2), b2));
  };
  const step = (): number =>
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(loss, params);
      for (const p of params) p.assign(tf.sub(p, tf.mul(grads[p.name], c.lr)));
      return value.dataSync()[0];
    });
  return { step };
}

/** The W4/W5 chain of bench/tg_workloads.ts. */
function chain(tf: TF, x: Tensor, ops: number): Tensor {
  let y = x;
  for (let i = 0; i < ops; i++) y = i % 2 === 0 ? tf.mul(y, 0.999) : tf.add(y, 0.001);
  return y;
}

function chainBackward(tf: TF, ops: number): { run: () => void; check: () => number } {
  const x = tf.tensor1d(waveData(4, 7));
  const f = tf.valueAndGrad((t: Tensor) => tf.sum(chain(tf, t, ops)));
  return {
    run: () => tf.tidy(() => void f(x)),
    check: () => tf.tidy(() => tf.sum(f(x).grad).dataSync()[0]),
  };
}

/** W1-W5 as `cfg.only` asks. */
export function tfTimeWorkloads(tf: TF, cfg: Config, emit: Emit): void {
  const only = new Set(cfg.only);
  const P = cfg.plan;
  if (only.has('W1')) {
    for (const n of cfg.matmulSizes) {
      guarded(emit, `W1.${n}`, () => {
        const a = tf.tensor2d(waveData(n * n, 11), [n, n]);
        const b = tf.tensor2d(waveData(n * n, 12), [n, n]);
        const check = tf.tidy(() => tf.sum(tf.square(tf.matMul(a, b))).dataSync()[0]);
        emit('fig', { id: `W1.${n}`, ms: measure(() => tf.matMul(a, b).dispose(), P.default), check });
      });
    }
  }
  if (only.has('W2')) {
    guarded(emit, 'W2', () => {
      const probe = tfMlp(tf, cfg.mlp);
      probe.step();
      const check = probe.step();
      const { step } = tfMlp(tf, cfg.mlp);
      emit('fig', { id: 'W2', ms: measure(step, P.default), check });
    });
  }
  if (only.has('W3')) {
    const x = tf.tensor1d(waveData(cfg.pointwiseN, 13));
    const f = (t: Tensor): Tensor => tf.sum(tf.exp(tf.add(tf.mul(t, t), t)));
    guarded(emit, 'W3.fwd', () => {
      const check = tf.tidy(() => f(x).dataSync()[0]);
      emit('fig', { id: 'W3.fwd', ms: measure(() => tf.tidy(() => void f(x)), P.default), check });
    });
    guarded(emit, 'W3.fwdbwd', () => {
      const vg = tf.valueAndGrad(f);
      const check = tf.tidy(() => tf.sum(vg(x).grad).dataSync()[0]);
      emit('fig', { id: 'W3.fwdbwd', ms: measure(() => tf.tidy(() => void vg(x)), P.default), check });
    });
  }
  if (only.has('W4')) {
    guarded(emit, 'W4', () => {
      const w = chainBackward(tf, cfg.overheadOps);
      emit('fig', { id: 'W4', ms: measure(w.run, P.default), check: w.check() });
    });
  }
  if (only.has('W5')) {
    guarded(emit, 'W5', () => {
      const w = chainBackward(tf, cfg.chainOps);
      emit('fig', { id: 'W5', ms: measure(w.run, P.heavy), check: w.check() });
    });
  }
}
