// The jax-js side of W1-W5 (@jax-js/jax on its `wasm` device), shared by the Node worker
// (jaxjs_bench.ts) and the Chromium page (browser_page.ts). jax-js has no tape either: gradients
// come from functions, as in JAX, so W2 is `jit(valueAndGrad(loss))` over the parameter tree
// followed by an SGD update, and W3 uses `jit` for the forward and `jit(valueAndGrad(f))` for
// forward + backward: what a JAX user writes. W4/W5 (eager chains of 10,000 and 100,000 ops) are
// reported as not run: see jaxTimeWorkloads. jax-js frees memory by reference counting: every
// array passed to a function is consumed (dataSync too), `.ref` keeps one.

import { guardedBy as guarded, measure, mlpData, waveData, type Config, type Emit } from './harness.js';

export type Jax = typeof import('@jax-js/jax');
type JArray = import('@jax-js/jax').Array;

/** jax-js on its `wasm` device (the one Node runs; a page could also use webgpu). */
export async function loadJax(): Promise<Jax> {
  const jax = await import('@jax-js/jax');
  await jax.init('wasm');
  jax.defaultDevice('wasm');
  return jax;
}

/** A scalar's value (dataSync consumes the array). */
function scalar(a: JArray): number {
  return a.dataSync()[0];
}

type Params = { w1: JArray; b1: JArray; w2: JArray; b2: JArray };

export function jaxMlp(jax: Jax, c: Config['mlp']): { step: () => number } {
  const np = jax.numpy;
  const d = mlpData(c);
  const x = np.array(d.x).reshape([c.batch, c.inF]);
  const y = np.array(d.y).reshape([c.batch, c.outF]);
  let params: Params = {
    w1: np.array(d.w1).reshape([c.inF, c.hidden]),
    b1: np.array(d.b1),
    w2: np.array(d.w2).reshape([c.hidden, c.outF]),
    b2: np.array(d.b2),
  };
  const loss = (p: Params, xs: JArray, ys: JArray): JArray => {
    const h = jax.nn.relu(np.matmul(xs, p.w1).add(p.b1));
    return np.square(np.matmul(h, p.w2).add(p.b2).sub(ys)).mean();
  };
  const vg = jax.jit(jax.valueAndGrad(loss));
  const step = (): number => {
    const [value, g] = vg(jax.tree.ref(params), x.ref, y.ref) as unknown as [JArray, Params];
    params = {
      w1: params.w1.sub(g.w1.mul(c.lr)),
      b1: params.b1.sub(g.b1.mul(c.lr)),
      w2: params.w2.sub(g.w2.mul(c.lr)),
      b2: params.b2.sub(g.b2.mul(c.lr)),
    };
    return scalar(value);
  };
  return { step };
}

/** W1-W5 as `cfg.only` asks. */
export function jaxTimeWorkloads(jax: Jax, cfg: Config, emit: Emit): void {
  const only = new Set(cfg.only);
  const np = jax.numpy;
  const P = cfg.plan;
  if (only.has('W1')) {
    for (const n of cfg.matmulSizes) {
      guarded(emit, `W1.${n}`, () => {
        const a = np.array(waveData(n * n, 11)).reshape([n, n]);
        const b = np.array(waveData(n * n, 12)).reshape([n, n]);
        const check = scalar(np.square(np.matmul(a.ref, b.ref)).sum());
        const call = (): void => {
          const c = np.matmul(a.ref, b.ref);
          c.dataSync();
        };
        emit('fig', { id: `W1.${n}`, ms: measure(call, P.default), check });
      });
    }
  }
  if (only.has('W2')) {
    guarded(emit, 'W2', () => {
      const probe = jaxMlp(jax, cfg.mlp);
      probe.step();
      const check = probe.step();
      const { step } = jaxMlp(jax, cfg.mlp);
      emit('fig', { id: 'W2', ms: measure(step, P.default), check });
    });
  }
  if (only.has('W3')) {
    const x = np.array(waveData(cfg.pointwiseN, 13));
    const f = (t: JArray): JArray => np.exp(t.ref.mul(t.ref).add(t)).sum();
    guarded(emit, 'W3.fwd', () => {
      const fj = jax.jit(f);
      const check = scalar(fj(x.ref));
      emit('fig', { id: 'W3.fwd', ms: measure(() => void scalar(fj(x.ref)), P.default), check });
    });
    guarded(emit, 'W3.fwdbwd', () => {
      const vg = jax.jit(jax.valueAndGrad(f));
      const once = (): [JArray, JArray] => vg(x.ref) as unknown as [JArray, JArray];
      const [v0, g0] = once();
      v0.dispose();
      const check = scalar(g0.sum());
      const call = (): void => {
        const [v, g] = once();
        g.dataSync();
        scalar(v);
      };
      emit('fig', { id: 'W3.fwdbwd', ms: measure(call, P.default), check });
    });
  }
  // The chains run eagerly through valueAndGrad; on jax-js 0.1.25 the 10,000-op one had not
  // finished after several minutes (in the run it overflowed the stack), so they are
  // reported as not run rather than left to the worker's time limit.
  for (const id of ['W4', 'W5'] as const) {
    if (only.has(id)) {
      const ops = id === 'W4' ? cfg.overheadOps : cfg.chainOps;
      emit('error', { id, message: `not run: eager valueAndGrad over a ${ops}-op chain does not finish in minutes` });
    }
  }
}
