// Backend conformance for the torch.nn kernels (im2col, col2im, max pooling and its backward,
// threshold_backward): the native addon must match the TypeScript backend bit for bit on random
// geometries (padding, stride, dilation, windows reaching past the input), with NaN and ties in
// the pooled data, under one and several threads. The TypeScript kernels themselves are checked against PyTorch through
// conv2d and max_pool2d (tests/nn.test.ts, tests/opdb/nn.ts).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Backend, Windows2d } from '../src/backend/backend.js';
import { jsBackend } from '../src/backend/index.js';
import { createNativeBackend, nativeAddon } from '../src/backend/native.js';
import { int, rng } from './backend_views.js';

const addon = process.env.TENSORGRAD_BACKEND === 'js' ? null : nativeAddon();

type Float = Float32Array | Float64Array;

function randomWindows(r: () => number, big: boolean): Windows2d {
  const kh = int(r, 1, 4);
  const kw = int(r, 1, 4);
  const sh = int(r, 1, 3);
  const sw = int(r, 1, 3);
  const dh = int(r, 1, 2);
  const dw = int(r, 1, 2);
  const ph = int(r, 0, kh);
  const pw = int(r, 0, kw);
  const H = int(r, 1, big ? 30 : 9);
  const W = int(r, 1, big ? 30 : 9);
  // Output sizes from the convolution formula, sometimes one more (a ceil-mode pooling's last
  // window, which may reach past the input).
  const OH = Math.max(1, Math.floor((H + 2 * ph - dh * (kh - 1) - 1) / sh) + 1 + (r() < 0.2 ? 1 : 0));
  const OW = Math.max(1, Math.floor((W + 2 * pw - dw * (kw - 1) - 1) / sw) + 1 + (r() < 0.2 ? 1 : 0));
  return { N: int(r, 1, big ? 8 : 3), C: int(r, 1, big ? 6 : 3), H, W, kh, kw, sh, sw, ph, pw, dh, dw, OH, OW };
}

function randomData(
  r: () => number,
  Ctor: typeof Float32Array | typeof Float64Array,
  n: number,
  specials: boolean,
): Float {
  const a = new Ctor(n);
  for (let i = 0; i < n; i++) {
    const u = r();
    // Few distinct values make ties; NaN and infinities test the pooling rules.
    a[i] = specials && u < 0.05 ? [NaN, Infinity, -Infinity][int(r, 0, 2)] : u < 0.3 ? int(r, -2, 2) : (r() - 0.5) * 8;
  }
  return a;
}

const sizes = (g: Windows2d): { input: number; cols: number; pooled: number } => ({
  input: g.N * g.C * g.H * g.W,
  cols: g.C * g.kh * g.kw * g.N * g.OH * g.OW,
  pooled: g.N * g.C * g.OH * g.OW,
});

/** Each kernel's outputs, from garbage-filled buffers (every element must be written). */
function runAll(b: Backend, g: Windows2d, x: Float, cols: Float, grad: Float): Float[] {
  const Ctor = x.constructor as typeof Float32Array;
  const s = sizes(g);
  const colsOut = new Ctor(s.cols).fill(7);
  b.im2col(x, g, colsOut);
  const xOut = new Ctor(s.input).fill(7);
  b.col2im(cols, g, xOut);
  const pooled = new Ctor(s.pooled).fill(7);
  const indices = new Int32Array(s.pooled);
  b.maxPool2d(x, g, pooled, indices);
  // Windows wholly in padding (possible with a ceil-mode extra position) have no element to pick.
  const inPlane = indices.every((at, p) => Math.floor(at / (g.H * g.W)) === Math.floor(p / (g.OH * g.OW)));
  const gx = new Ctor(s.input).fill(7);
  if (inPlane) b.maxPool2dBackward(grad, indices, g, gx);
  return [colsOut, xOut, pooled, Float64Array.from(indices), gx];
}

function assertSame(got: Float[], want: Float[], label: string): void {
  const names = ['im2col', 'col2im', 'maxPool2d', 'indices', 'maxPool2dBackward'];
  for (let k = 0; k < want.length; k++) {
    for (let i = 0; i < want[k].length; i++) {
      if (!Object.is(got[k][i], want[k][i])) {
        assert.fail(`${label} ${names[k]}: element ${i}: native ${got[k][i]}, js ${want[k][i]}`);
      }
    }
  }
}

if (!addon) {
  it('torch.nn kernel conformance (skipped: the addon is not built or not selected)', { skip: true }, () => {});
} else {
  const native = createNativeBackend(addon, { minElements: 0 });
  describe('native torch.nn kernels match the TypeScript backend', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const Ctor = dtype === 'float32' ? Float32Array : Float64Array;
      it(`${dtype}: random geometries, small and large, 1 and 2 threads`, () => {
        const threads = addon.getNumThreads();
        try {
          const r = rng(dtype === 'float32' ? 5 : 6);
          for (let t = 0; t < 150; t++) {
            const g = randomWindows(r, t % 5 === 0);
            const s = sizes(g);
            const x = randomData(r, Ctor, s.input, true);
            const cols = randomData(r, Ctor, s.cols, false);
            const grad = randomData(r, Ctor, s.pooled, false);
            const want = runAll(jsBackend, g, x, cols, grad);
            for (const n of [1, 2]) {
              addon.setNumThreads(n);
              assertSame(runAll(native, g, x, cols, grad), want, `${JSON.stringify(g)} threads ${n}`);
            }
          }
        } finally {
          addon.setNumThreads(threads);
        }
      });
    }

    it('the conv and pooling shapes of the MNIST CNN', () => {
      const r = rng(9);
      for (const g of [
        { N: 64, C: 1, H: 28, W: 28, kh: 5, kw: 5, sh: 1, sw: 1, ph: 0, pw: 0, dh: 1, dw: 1, OH: 24, OW: 24 },
        { N: 64, C: 16, H: 12, W: 12, kh: 5, kw: 5, sh: 1, sw: 1, ph: 0, pw: 0, dh: 1, dw: 1, OH: 8, OW: 8 },
        { N: 64, C: 16, H: 24, W: 24, kh: 2, kw: 2, sh: 2, sw: 2, ph: 0, pw: 0, dh: 1, dw: 1, OH: 12, OW: 12 },
      ]) {
        const s = sizes(g);
        const args = [randomData(r, Float32Array, s.input, true), randomData(r, Float32Array, s.cols, false)];
        const grad = randomData(r, Float32Array, s.pooled, false);
        assertSame(runAll(native, g, args[0], args[1], grad), runAll(jsBackend, g, args[0], args[1], grad), 'mnist');
      }
    });

    for (const Ctor of [Float32Array, Float64Array]) {
      it(`thresholdBackward, ${Ctor.name}: signed zeros, NaN and infinities in both operands`, () => {
        const r = rng(Ctor === Float32Array ? 12 : 13);
        const specials = [0, -0, NaN, Infinity, -Infinity, 1e-40, -1e-40];
        for (const n of [1, 63, 64, 1000, 100003]) {
          const pick = (): number => (r() < 0.2 ? specials[int(r, 0, specials.length - 1)] : r() - 0.5);
          const grad = new Ctor(n);
          const x = new Ctor(n);
          for (let i = 0; i < n; i++) [grad[i], x[i]] = [pick(), pick()];
          for (const threshold of [0, 0.25, -0.1]) {
            const want = new Ctor(n).fill(7);
            jsBackend.thresholdBackward(grad, x, threshold, want);
            for (let i = 0; i < n; i++) {
              const t = Ctor === Float32Array ? Math.fround(threshold) : threshold;
              assert.ok(Object.is(want[i], x[i] <= t ? 0 : grad[i]), `js element ${i}`);
            }
            const got = new Ctor(n).fill(7);
            native.thresholdBackward(grad, x, threshold, got);
            assert.deepEqual(got, want);
          }
        }
      });
    }

    for (const Ctor of [Float32Array, Float64Array]) {
      it(`softmaxBackward, ${Ctor.name}: the same values on both backends`, () => {
        const r = rng(Ctor === Float32Array ? 16 : 17);
        for (const [rows, n] of [
          [1, 1],
          [5, 3],
          [8192, 64],
          [9, 85],
        ]) {
          const g = new Ctor(rows * n).map(() => r() - 0.5);
          const y = new Ctor(rows * n).map(() => r());
          g[1 % g.length] = Infinity;
          const want = new Ctor(rows * n);
          jsBackend.softmaxBackward(g, y, rows, n, want);
          const got = new Ctor(rows * n);
          native.softmaxBackward(g, y, rows, n, got);
          assert.deepEqual(got, want, `[${rows}, ${n}]`);
        }
      });

      it(`layerNorm and layerNormBackward, ${Ctor.name}: the same values with and without weight and bias`, () => {
        const r = rng(Ctor === Float32Array ? 14 : 15);
        for (const [rows, n] of [
          [1, 1],
          [3, 7],
          [2048, 64],
          [17, 300],
        ]) {
          const fill = (len: number): InstanceType<typeof Ctor> => new Ctor(len).map(() => (r() - 0.5) * 8);
          const x = fill(rows * n);
          x[0] = x.length > 1 ? NaN : x[0];
          const g = fill(rows * n);
          for (const affine of [false, true]) {
            const w = affine ? fill(n) : null;
            const b = affine ? fill(n) : null;
            const run = (be: Backend): InstanceType<typeof Ctor>[] => {
              const out = new Ctor(rows * n);
              be.layerNorm(x, w, b, rows, n, 1e-5, out);
              const gx = new Ctor(rows * n);
              const gw = new Ctor(n);
              const gb = new Ctor(n);
              be.layerNormBackward(g, x, w, rows, n, 1e-5, gx, gw, gb);
              return [out, gx, gw, gb];
            };
            // Both compute in double with the same order of operations: equal to the bit.
            assert.deepEqual(run(native), run(jsBackend), `[${rows}, ${n}] affine ${affine}`);
          }
        }
      });
    }

    it('rejects bad geometries, short arrays and indices outside their plane', () => {
      const g: Windows2d = {
        N: 2,
        C: 3,
        H: 8,
        W: 8,
        kh: 2,
        kw: 2,
        sh: 2,
        sw: 2,
        ph: 0,
        pw: 0,
        dh: 1,
        dw: 1,
        OH: 4,
        OW: 4,
      };
      const x = new Float32Array(2 * 3 * 64);
      assert.throws(
        () => native.im2col(x, { ...g, sh: 0 }, new Float32Array(2 * 3 * 4 * 16)),
        /native im2col: bad sh 0/,
      );
      assert.throws(() => native.im2col(x, { ...g, ph: -1 }, new Float32Array(2 * 3 * 4 * 16)), /bad ph -1/);
      assert.throws(() => native.im2col(x, { ...g, N: 1.5 }, new Float32Array(2 * 3 * 4 * 16)), /bad N 1.5/);
      assert.throws(() => native.im2col(x, g, new Float32Array(10)), /cols is shorter/);
      assert.throws(() => native.col2im(new Float32Array(2 * 3 * 4 * 16), g, new Float32Array(10)), /x is shorter/);
      assert.throws(() => native.maxPool2d(x, g, new Float32Array(96), new Int32Array(10)), /indices is shorter/);
      const indices = new Int32Array(96);
      native.maxPool2d(x, g, new Float32Array(96), indices);
      indices[50] = 0;
      const gx = new Float32Array(x.length).fill(3);
      assert.throws(
        () => native.maxPool2dBackward(new Float32Array(96), indices, g, gx),
        /index 50 is outside its plane/,
      );
      assert.ok(
        gx.every((v) => v === 3),
        'nothing written',
      );
    });
  });
}
