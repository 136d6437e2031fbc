// Backend.ramp, torch.arange's integer fill: the TypeScript loop and the native kernel (on its
// thread pool) give the values the reference formula gives, start + step * i in double without
// negative zero, for int64 (Float64Array) and int32 storage; and torch.arange keeps them.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { jsBackend } from '../src/backend/index.js';
import { createNativeBackend, nativeAddon } from '../src/backend/native.js';
import * as torch from '../src/index.js';

const addon = process.env.TENSORGRAD_BACKEND === 'js' ? null : nativeAddon();
const backends = [['js', jsBackend] as const];
if (addon !== null) backends.push(['native', createNativeBackend(addon, { minElements: 0 })] as never);

const CASES: [number, number, number][] = [
  [0, 1, 100003],
  [-0, 1, 5],
  [-0, -1, 70000],
  [-5, 3, 65537],
  [2 ** 52, -3, 40000],
  [7, 0.5, 3], // the loop formula holds for any double step
];

describe('Backend.ramp', () => {
  for (const [name, be] of backends) {
    it(`${name}: start + step * i, no negative zero`, () => {
      for (const [start, step, n] of CASES) {
        const out = new Float64Array(n).fill(NaN);
        be.ramp(out, start, step);
        for (let i = 0; i < n; i++) {
          const want = start + step * i + 0;
          if (!Object.is(out[i], want)) assert.fail(`${name} ramp(${start}, ${step}) [${i}] = ${out[i]}, want ${want}`);
        }
        if (Math.abs(start) + Math.abs(step) * n > 2 ** 31) continue;
        const ints = new Int32Array(n).fill(-1);
        be.ramp(ints, start, step);
        for (let i = 0; i < n; i++) {
          if (ints[i] !== ((start + step * i) | 0)) assert.fail(`${name} int32 ramp(${start}, ${step}) [${i}]`);
        }
      }
    });
  }

  it('torch.arange on large ranges', () => {
    const a = torch.arange(-3, 200000, 7);
    assert.equal(a.dtype, torch.int64);
    const d = a.tolist() as number[];
    assert.equal(d.length, Math.ceil(200003 / 7));
    d.forEach((v, i) => assert.equal(v, -3 + 7 * i));
    const b = torch.arange(100000, { dtype: torch.int32 });
    assert.equal((b.tolist() as number[])[99999], 99999);
  });
});
