// The fused Adam update (Backend.adam): the native kernel must give the TypeScript loop's bits,
// for float32 and float64, Adam and AdamW, amsgrad and maximize, and any thread count.

import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { AdamScalars } from '../src/backend/backend.js';
import { jsBackend } from '../src/backend/index.js';
import { createNativeBackend, nativeAddon } from '../src/backend/native.js';
import { rng } from './backend_views.js';
import { adamScalars } from '../src/optim/adam.js';

const addon = process.env.TENSORGRAD_BACKEND === 'js' ? null : nativeAddon();

type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;

function scalars(round: (x: number) => number, decoupled: boolean, amsgrad: boolean, step: number): AdamScalars {
  const group = {
    lr: 3e-3,
    betas: [0.9, 0.999] as const,
    eps: 1e-8,
    weight_decay: amsgrad ? 0 : 0.05,
    maximize: step % 2 === 0,
  };
  return adamScalars(round, group, step, decoupled);
}

if (!addon) {
  it('native Adam conformance (skipped: the addon is not built or not selected)', { skip: true }, () => {});
} else {
  it('native adam gives the TypeScript bits (float32/float64, Adam/AdamW, amsgrad, 1 and 2 threads)', () => {
    const native = createNativeBackend(addon, { minElements: 0 });
    const threads = addon.getNumThreads();
    const r = rng(7);
    try {
      for (const ctor of [Float32Array, Float64Array] as Ctor[]) {
        const round = ctor === Float32Array ? Math.fround : (x: number) => x;
        for (const n of [1, 37, 70001]) {
          for (const decoupled of [false, true]) {
            for (const amsgrad of [false, true]) {
              const init = (): Float32Array | Float64Array => {
                const a = new ctor(n);
                for (let k = 0; k < n; k++) a[k] = (r() - 0.5) * 4;
                return a;
              };
              const state = [init(), new ctor(n), new ctor(n), new ctor(n)];
              // Specials in the gradient: NaN and infinities must propagate as in the loop.
              const grads = [1, 2, 3].map(() => init());
              if (n > 3) grads[1].set([NaN, Infinity, -0], 0);
              const copies = [state.map((a) => a.slice()), state.map((a) => a.slice())];
              for (let step = 1; step <= 3; step++) {
                const s = scalars(round, decoupled, amsgrad, step);
                const g = grads[step - 1];
                const [p0, m0, v0, x0] = copies[0];
                jsBackend.adam(p0, g, m0, v0, amsgrad ? x0 : null, s);
                addon.setNumThreads(step === 2 ? 1 : 2);
                const [p1, m1, v1, x1] = copies[1];
                native.adam(p1, g, m1, v1, amsgrad ? x1 : null, s);
              }
              const label = `${ctor.name} n=${n} decoupled=${decoupled} amsgrad=${amsgrad}`;
              copies[0].forEach((a, k) => assert.deepEqual(copies[1][k], a, `${label}: array ${k}`));
            }
          }
        }
      }
    } finally {
      addon.setNumThreads(threads);
    }
  });

  it('native adam rejects mismatched arrays before any native call', () => {
    const native = createNativeBackend(addon, { minElements: 0 });
    const s = scalars(Math.fround, false, false, 1);
    const a = new Float32Array(100);
    assert.throws(
      () => native.adam(a, new Float64Array(100), new Float32Array(100), new Float32Array(100), null, s),
      TypeError,
    );
    assert.throws(
      () => native.adam(a, new Float32Array(99), new Float32Array(100), new Float32Array(100), null, s),
      RangeError,
    );
    assert.throws(
      () =>
        native.adam(
          new Int32Array(100) as never,
          new Int32Array(100),
          new Int32Array(100),
          new Int32Array(100),
          null,
          s,
        ),
      TypeError,
    );
  });
}
