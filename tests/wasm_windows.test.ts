// The TypeScript backend's WebAssembly window kernels (wasm/window.ts: im2col, col2im, max pooling
// and its backward) against its plain JavaScript loops (nn.ts, the fallback under TENSORGRAD_WASM=0):
// bit for bit on random geometries (padding, strides, dilation, windows reaching past the input,
// ceil-mode extra positions), with NaN, infinities, signed zeros and ties in the data, in float32
// and float64, sizes that cross the staging chunks, and the MNIST CNN's layers.

import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Windows2d } from '../src/backend/backend.js';
import { col2im, im2col, maxPool2d, maxPool2dBackward } from '../src/backend/js/nn.js';
import { createWasmWindows } from '../src/backend/js/wasm/window.js';
import { setWasmWindows } from '../src/backend/js/wasm/runtime.js';
import { int, rng } from './backend_views.js';

const available = createWasmWindows() !== null;
type Float = Float32Array | Float64Array;

function randomWindows(r: () => number, big: boolean): Windows2d {
  const kh = int(r, 1, 5);
  const kw = int(r, 1, 5);
  const sh = int(r, 1, 3);
  const sw = int(r, 1, 3);
  const dh = int(r, 1, 2);
  const dw = int(r, 1, 2);
  const ph = int(r, 0, kh);
  const pw = int(r, 0, kw);
  const H = int(r, 1, big ? 40 : 9);
  const W = int(r, 1, big ? 40 : 9);
  const OH = Math.max(1, Math.floor((H + 2 * ph - dh * (kh - 1) - 1) / sh) + 1 + (r() < 0.2 ? 1 : 0));
  const OW = Math.max(1, Math.floor((W + 2 * pw - dw * (kw - 1) - 1) / sw) + 1 + (r() < 0.2 ? 1 : 0));
  return { N: int(r, 1, big ? 9 : 3), C: int(r, 1, big ? 7 : 3), H, W, kh, kw, sh, sw, ph, pw, dh, dw, OH, OW };
}

function randomData(r: () => number, Ctor: typeof Float32Array | typeof Float64Array, n: number): Float {
  const a = new Ctor(n);
  const specials = [NaN, Infinity, -Infinity, -0, 0];
  for (let i = 0; i < n; i++) {
    const u = r();
    a[i] = u < 0.05 ? specials[int(r, 0, specials.length - 1)] : u < 0.3 ? int(r, -2, 2) : (r() - 0.5) * 8;
  }
  return a;
}

/** Every kernel's outputs from garbage-filled buffers (each element must be written). */
function runAll(g: Windows2d, x: Float, cols: Float, grad: Float): Float[] {
  const Ctor = x.constructor as typeof Float32Array;
  const colsOut = new Ctor(g.C * g.kh * g.kw * g.N * g.OH * g.OW).fill(7);
  im2col(x, g, colsOut);
  const xOut = new Ctor(x.length).fill(7);
  col2im(cols, g, xOut);
  const pooled = new Ctor(grad.length).fill(7);
  const indices = new Int32Array(grad.length);
  maxPool2d(x, g, pooled, indices);
  // A window wholly in padding (a ceil-mode extra position) has no element to pick.
  const inPlane = indices.every((at, p) => Math.floor(at / (g.H * g.W)) === Math.floor(p / (g.OH * g.OW)));
  const gx = new Ctor(x.length).fill(7);
  if (inPlane) maxPool2dBackward(grad, indices, g, gx);
  return [colsOut, xOut, pooled, Float64Array.from(indices), gx];
}

function both(g: Windows2d, x: Float, cols: Float, grad: Float, label: string): void {
  setWasmWindows(false);
  const want = runAll(g, x, cols, grad);
  setWasmWindows(true);
  const got = runAll(g, x, cols, grad);
  const names = ['im2col', 'col2im', 'maxPool2d', 'indices', 'maxPool2dBackward'];
  for (let k = 0; k < want.length; k++) {
    for (let i = 0; i < want[k].length; i++) {
      if (!Object.is(got[k][i], want[k][i])) {
        assert.fail(`${label} ${names[k]}: element ${i}: wasm ${got[k][i]}, js ${want[k][i]}`);
      }
    }
  }
}

const sizes = (g: Windows2d): [number, number, number] => [
  g.N * g.C * g.H * g.W,
  g.C * g.kh * g.kw * g.N * g.OH * g.OW,
  g.N * g.C * g.OH * g.OW,
];

describe('WebAssembly window kernels match the JavaScript loops', { skip: !available }, () => {
  after(() => setWasmWindows(true));
  for (const Ctor of [Float32Array, Float64Array]) {
    it(`${Ctor.name}: random geometries, small and large`, () => {
      const r = rng(Ctor === Float32Array ? 21 : 22);
      for (let t = 0; t < 300; t++) {
        const g = randomWindows(r, t % 4 === 0);
        const [input, cols, pooled] = sizes(g);
        both(g, randomData(r, Ctor, input), randomData(r, Ctor, cols), randomData(r, Ctor, pooled), JSON.stringify(g));
      }
    });
  }

  it('the MNIST CNN layers, a batch large enough to cross the staging chunks, and empty batches', () => {
    const r = rng(23);
    const geometries: Windows2d[] = [
      { N: 64, C: 1, H: 28, W: 28, kh: 5, kw: 5, sh: 1, sw: 1, ph: 0, pw: 0, dh: 1, dw: 1, OH: 24, OW: 24 },
      { N: 64, C: 16, H: 12, W: 12, kh: 5, kw: 5, sh: 1, sw: 1, ph: 0, pw: 0, dh: 1, dw: 1, OH: 8, OW: 8 },
      { N: 64, C: 16, H: 24, W: 24, kh: 2, kw: 2, sh: 2, sw: 2, ph: 0, pw: 0, dh: 1, dw: 1, OH: 12, OW: 12 },
      { N: 3, C: 5, H: 11, W: 13, kh: 2, kw: 2, sh: 2, sw: 2, ph: 0, pw: 0, dh: 1, dw: 1, OH: 5, OW: 6 },
      { N: 2, C: 3, H: 6, W: 10, kh: 2, kw: 2, sh: 2, sw: 2, ph: 0, pw: 0, dh: 1, dw: 1, OH: 3, OW: 5 },
      { N: 2, C: 3, H: 7, W: 9, kh: 2, kw: 2, sh: 2, sw: 2, ph: 0, pw: 0, dh: 1, dw: 1, OH: 4, OW: 5 },
      { N: 3, C: 40, H: 33, W: 31, kh: 3, kw: 3, sh: 2, sw: 2, ph: 1, pw: 1, dh: 1, dw: 1, OH: 17, OW: 16 },
      { N: 0, C: 2, H: 5, W: 5, kh: 3, kw: 3, sh: 1, sw: 1, ph: 0, pw: 0, dh: 1, dw: 1, OH: 3, OW: 3 },
    ];
    for (const g of geometries) {
      for (const Ctor of [Float32Array, Float64Array]) {
        const [input, cols, pooled] = sizes(g);
        both(g, randomData(r, Ctor, input), randomData(r, Ctor, cols), randomData(r, Ctor, pooled), JSON.stringify(g));
      }
    }
  });

  it('views into larger buffers (the batch slices conv2d passes) read and write only their part', () => {
    const g: Windows2d = {
      N: 2,
      C: 3,
      H: 6,
      W: 7,
      kh: 3,
      kw: 2,
      sh: 1,
      sw: 2,
      ph: 1,
      pw: 0,
      dh: 1,
      dw: 2,
      OH: 6,
      OW: 2,
    };
    const [input, cols] = sizes(g);
    const r = rng(24);
    const big = randomData(r, Float32Array, 3 * input);
    const x = big.subarray(input, 2 * input);
    setWasmWindows(false);
    const want = new Float32Array(cols);
    im2col(x, g, want);
    setWasmWindows(true);
    const outer = new Float32Array(3 * cols).fill(5);
    im2col(x, g, outer.subarray(cols, 2 * cols));
    assert.deepEqual(outer.subarray(cols, 2 * cols), want);
    assert.ok(outer.subarray(0, cols).every((v) => v === 5) && outer.subarray(2 * cols).every((v) => v === 5));
  });
});
