// The native backend's random fills (native/random.cc) against the TypeScript samplers, which the
// PyTorch fixtures check (random.test.ts): for every size class (below and above the 16-element
// Box-Muller block, tails that are not a multiple of 16, fills spanning the addon's chunks and
// several mt19937 twists), both float dtypes, several (a, b) parameters and every instruction set
// the CPU has, the values and the generator state afterwards must be identical.

import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { jsBackend, setBackend, backend } from '../src/backend/index.js';
import { createNativeBackend, nativeAddon } from '../src/backend/native.js';
import { Generator } from '../src/tensor/generator.js';
import { fillNormal, fillUniform } from '../src/tensor/random_fill.js';

const addon = process.env.TENSORGRAD_BACKEND === 'js' ? null : nativeAddon();

const SIZES = [16, 17, 31, 32, 33, 64, 100, 1000, 1023, 16384, 16385, 40000, 100003];
const PARAMS: [number, number][] = [
  [0, 1],
  [-2.5, 7.25],
  [0.1, 0.3],
  [1e-3, 1e30],
];

type Fill = (out: Float32Array | Float64Array, a: number, b: number, g: Generator) => void;
const FILLS: [string, Fill][] = [
  ['uniform_', (out, a, b, g) => fillUniform(out, out instanceof Float64Array, a, b, g)],
  ['normal_', (out, a, b, g) => fillNormal(out, true, a, Math.abs(b), g)],
];

function run(fill: Fill, ctor: Float32ArrayConstructor | Float64ArrayConstructor, n: number, a: number, b: number) {
  const g = new Generator().manual_seed(n * 7 + 3);
  // Start mid-stream, so the kernel begins with a partly used state.
  g._draws(new Uint32Array(n % 700), n % 700);
  const out = new ctor(n);
  fill(out, a, b, g);
  return { out, state: g.get_state() };
}

describe('native random fills', { skip: addon === null ? 'native addon not loaded' : false }, () => {
  if (addon === null) return;
  const previous = backend();
  const native = createNativeBackend(addon, { minElements: 0 });
  const isas = ['generic', 'avx2', 'avx512'].filter((isa) => addon.setIsa(isa));
  after(() => {
    addon.setIsa('');
    setBackend(previous);
  });
  for (const isa of isas) {
    for (const [name, fill] of FILLS) {
      it(`${name} on ${isa} matches the TypeScript sampler`, () => {
        assert.ok(addon.setIsa(isa));
        for (const ctor of [Float32Array, Float64Array]) {
          for (const n of SIZES) {
            for (const [a, b] of PARAMS) {
              setBackend(jsBackend);
              const want = run(fill, ctor, n, a, b);
              setBackend(native);
              const got = run(fill, ctor, n, a, b);
              const label = `${name}(${a}, ${b}) ${ctor.name} n=${n}`;
              for (let i = 0; i < n; i++) {
                if (!Object.is(got.out[i], want.out[i])) {
                  assert.fail(`${label}: element ${i}: native ${got.out[i]}, js ${want.out[i]}`);
                }
              }
              assert.deepEqual(got.state, want.state, `${label}: generator state`);
            }
          }
        }
      });
    }
  }

  it('rejects malformed arguments, and leaves counters no generator produces to TypeScript', () => {
    const out = new Float32Array(100);
    const state = new Uint32Array(624);
    for (const pos of [
      [624, 624],
      [0, 0],
      [-1, 3],
      [1, -5],
    ]) {
      const counters = new Int32Array(pos);
      assert.equal(addon.randomFill(0, state, counters, out, 0, 1), false);
      assert.deepEqual([...counters], pos);
    }
    assert.throws(() => addon.randomFill(0, new Uint32Array(10), new Int32Array([1, 0]), out, 0, 1), TypeError);
    assert.throws(() => addon.randomFill(7, state, new Int32Array([1, 0]), out, 0, 1), TypeError);
    assert.throws(
      () => addon.randomFill(0, state, new Int32Array([1, 0]), new Int32Array(4) as never, 0, 1),
      TypeError,
    );
  });
});
