// The page of bench/browser_probe.ts: times, in Chromium, one elementwise op of the library on 1M
// float32 elements beside the WebAssembly kernel it runs and the cost of writing into a freshly
// allocated output (which is what separates the two), then W3's forward and backward.

import * as torch from '../src/index.js';
import { wasmElementwise } from '../src/backend/js/wasm/runtime.js';

const say = (s: string): void => console.log(`@@${s}`);

function time(label: string, fn: () => unknown, reps = 5): void {
  fn();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  ts.sort((p, q) => p - q);
  say(`| ${label} | ${ts[Math.floor(reps / 2)].toFixed(2)} | ${ts[0].toFixed(2)} |`);
}

const n = 1_000_000;
const ew = wasmElementwise();
say(`WebAssembly kernels: ${ew !== null}; cross-origin-isolated: ${String(globalThis.crossOriginIsolated)}`);
say('| what, 1M float32 | median ms | min ms |');
say('|---|---:|---:|');
const xa = new Float32Array(n).map((_, i) => 0.5 * Math.sin(0.37 * i));
const out = new Float32Array(n);
const x = torch.from_typed_array(xa);
time('x.mul(x) (the library: kernel + new output)', () => x.mul(x));
if (ew !== null) {
  time('the mul kernel into a reused output', () => ew.binary('mul', xa, 0, 1, xa, 0, 1, out, 0, n));
  time('the mul kernel into a new Float32Array', () => ew.binary('mul', xa, 0, 1, xa, 0, 1, new Float32Array(n), 0, n));
  time('the exp kernel into a reused output', () => ew.unary('exp', xa, 0, out, 0, n));
}
time('out.set(x) into a reused Float32Array', () => out.set(xa));
time('new Float32Array(n).set(x)', () => new Float32Array(n).set(xa));
time('new Float32Array(n).fill(1)', () => new Float32Array(n).fill(1));
const xg = torch.from_typed_array(xa.slice()).requires_grad_(true);
time('W3 forward', () => xg.mul(xg).add(xg).exp().sum());
time('W3 forward + backward', () => {
  xg.grad = null;
  xg.mul(xg).add(xg).exp().sum().backward();
});
say('done');
