// The workloads W1-W5 on tensorgrad, shared by the Node worker (tg_bench.ts) and the Chromium page
// (browser_page.ts): each figure is handed to `emit`, which speaks the protocol of bench/harness.ts.

import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { guardedBy as guarded, measure, mlpData, waveData, type Config, type Emit } from './harness.js';

export type { Emit };

/**
 * Starts the TypeScript backend's GEMM worker threads (the first product large enough to use them
 * does) and gives them time to come up, as PyTorch's pool is up before its first timed product.
 */
export async function startThreads(): Promise<void> {
  const a = torch.ones([256, 256]);
  a.matmul(a);
  await new Promise((ok) => setTimeout(ok, 500));
}

export function mlp(c: Config['mlp']): { step: () => number } {
  const d = mlpData(c);
  const x = torch.from_typed_array(d.x, [c.batch, c.inF]);
  const y = torch.from_typed_array(d.y, [c.batch, c.outF]);
  const params = [
    torch.from_typed_array(d.w1, [c.inF, c.hidden]),
    torch.from_typed_array(d.b1, [c.hidden]),
    torch.from_typed_array(d.w2, [c.hidden, c.outF]),
    torch.from_typed_array(d.b2, [c.outF]),
  ].map((p) => p.requires_grad_());
  const [w1, b1, w2, b2] = params;
  const step = (): number => {
    const h = x.matmul(w1).add(b1).relu();
    const loss = torch.nn.functional.mse_loss(h.matmul(w2).add(b2), y);
    loss.backward();
    torch.no_grad(() => {
      for (const p of params) {
        p.sub_(p.grad!.mul(c.lr));
        p.grad = null;
      }
    });
    return loss.item() as number;
  };
  return { step };
}

/** The W4/W5 chain: even steps multiply by 0.999, odd steps add 0.001 (values stay near 1). */
function chain(x: Tensor, ops: number): Tensor {
  let y = x;
  for (let i = 0; i < ops; i++) y = i % 2 === 0 ? y.mul(0.999) : y.add(0.001);
  return y;
}

function chainBackward(ops: number): { run: () => void; check: () => number } {
  const x = torch.from_typed_array(waveData(4, 7)).requires_grad_();
  const run = (): void => {
    x.grad = null;
    chain(x, ops).sum().backward();
  };
  return {
    run,
    check: () => {
      run();
      return x.grad!.sum().item() as number;
    },
  };
}

/** W1-W5 as `cfg.only` asks. */
export function timeWorkloads(cfg: Config, emit: Emit): void {
  const only = new Set(cfg.only);
  const P = cfg.plan;
  if (only.has('W1')) {
    for (const n of cfg.matmulSizes) {
      guarded(emit, `W1.${n}`, () => {
        const a = torch.from_typed_array(waveData(n * n, 11), [n, n]);
        const b = torch.from_typed_array(waveData(n * n, 12), [n, n]);
        const check = a.matmul(b).square().sum().item() as number;
        emit('fig', { id: `W1.${n}`, ms: measure(() => a.matmul(b), P.default), check });
      });
    }
  }
  if (only.has('W2')) {
    guarded(emit, 'W2', () => {
      const probe = mlp(cfg.mlp);
      probe.step();
      const check = probe.step();
      const { step } = mlp(cfg.mlp);
      emit('fig', { id: 'W2', ms: measure(step, P.default), check });
    });
  }
  if (only.has('W3')) {
    const data = waveData(cfg.pointwiseN, 13);
    guarded(emit, 'W3.fwd', () => {
      const x = torch.from_typed_array(data);
      const f = (): Tensor => x.mul(x).add(x).exp().sum();
      emit('fig', { id: 'W3.fwd', ms: measure(f, P.default), check: f().item() as number });
    });
    guarded(emit, 'W3.fwdbwd', () => {
      const x = torch.from_typed_array(data).requires_grad_();
      const f = (): void => {
        x.grad = null;
        x.mul(x).add(x).exp().sum().backward();
      };
      f();
      const check = x.grad!.sum().item() as number;
      emit('fig', { id: 'W3.fwdbwd', ms: measure(f, P.default), check });
    });
  }
  if (only.has('W4')) {
    guarded(emit, 'W4', () => {
      const w = chainBackward(cfg.overheadOps);
      emit('fig', { id: 'W4', ms: measure(w.run, P.default), check: w.check() });
    });
  }
  if (only.has('W5')) {
    guarded(emit, 'W5', () => {
      const w = chainBackward(cfg.chainOps);
      emit('fig', { id: 'W5', ms: measure(w.run, P.heavy), check: w.check() });
    });
  }
}
