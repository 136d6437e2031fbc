// The TypeScript backend's WebAssembly random fills (src/backend/js/wasm/random.ts) against the
// TypeScript samplers, which the PyTorch fixtures check (random.test.ts): float32 uniform_ and
// normal_ for sizes around the 16-element Box-Muller block, the 4096-float staging chunk and several
// mt19937 twists, several (a, b) parameters, starting mid-stream. Values and the generator state
// afterwards must be identical.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Generator } from '../src/tensor/generator.js';
import { createWasmRandom } from '../src/backend/js/wasm/random.js';
import { avxBoxMuller16, fmaf } from '../src/tensor/random_math.js';

const fill = createWasmRandom();

const SIZES = [256, 257, 271, 1000, 4095, 4096, 4097, 4111, 16385, 40000, 100003];
const PARAMS: [number, number][] = [
  [0, 1],
  [-2.5, 7.25],
  [0.1, 0.3],
  [1e-3, 1e30],
];

/** The reference: fillUniform / fillNormal's float32 paths (random_fill.ts) without the backend. */
function reference(kind: 'uniform' | 'normal', out: Float32Array, a: number, b: number, g: Generator): void {
  const n = out.length;
  const bits = new Uint32Array(n + 16);
  g._draws(bits, n);
  for (let i = 0; i < n; i++) out[i] = (bits[i] & 0xffffff) / 16777216;
  if (kind === 'uniform') {
    const from = Math.fround(a);
    const span = Math.fround(Math.fround(b) - from);
    if (!(from === 0 && span === 1)) for (let i = 0; i < n; i++) out[i] = fmaf(out[i], span, from);
    return;
  }
  const m = Math.fround(a);
  const s = Math.fround(b);
  for (let i = 0; i + 16 <= n; i += 16) avxBoxMuller16(out, i, m, s);
  if (n % 16 !== 0) {
    g._draws(bits, 16);
    for (let k = 0; k < 16; k++) out[n - 16 + k] = (bits[k] & 0xffffff) / 16777216;
    avxBoxMuller16(out, n - 16, m, s);
  }
}

function start(n: number): Generator {
  const g = new Generator().manual_seed(n * 7 + 3);
  g._draws(new Uint32Array(n % 700), n % 700);
  return g;
}

describe('WebAssembly random fills', { skip: fill === null ? 'no WebAssembly SIMD' : false }, () => {
  for (const kind of ['uniform', 'normal'] as const) {
    it(`${kind}_ float32 matches the reference bit for bit`, () => {
      for (const n of SIZES) {
        for (const [a, b0] of PARAMS) {
          const b = kind === 'normal' ? Math.abs(b0) : b0;
          const g1 = start(n);
          const expected = new Float32Array(n);
          reference(kind, expected, a, b, g1);
          const g2 = start(n);
          const got = new Float32Array(n);
          const pos = new Int32Array([g2._left, g2._next]);
          assert.equal(fill!(kind, g2._mt, pos, got, a, b), true);
          g2._left = pos[0];
          g2._next = pos[1];
          assert.deepEqual(got, expected, `${kind} n=${n} a=${a} b=${b}`);
          assert.deepEqual(g2.get_state(), g1.get_state(), `state after ${kind} n=${n}`);
        }
      }
    });
  }

  it('leaves small and float64 fills to the reference', () => {
    const g = new Generator().manual_seed(0);
    const pos = new Int32Array([g._left, g._next]);
    assert.equal(fill!('normal', g._mt, pos, new Float32Array(100), 0, 1), false);
    assert.equal(fill!('normal', g._mt, pos, new Float64Array(1000), 0, 1), false);
  });
});
