// Tensor creation and the tensor core against PyTorch (fixtures from tests/oracle/creation.py):
// torch.tensor, factories, arange/linspace/logspace/eye, legacy constructors, the default dtype,
// conversions between dtypes, item/tolist/type, geometry and their error texts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import { loadFixture, num } from './helpers.js';
import { call, replayCases, type OpCase } from './replay.js';

const cases = loadFixture<OpCase>('creation');

replayCases('creation', cases);

// arange and linspace reproduce ATen's vectorized float32/float64 arithmetic bit for bit (see
// Note [Vectorized range kernels]); logspace's float64 values may differ in the last place, since
// JavaScript's Math.pow is not glibc's correctly rounded pow.
for (const c of cases) {
  const float64Pow = c.name.startsWith('logspace') && c.out?.dtype === 'float64';
  if (!/^(arange|linspace|logspace)/.test(c.name) || c.out === undefined || float64Pow) continue;
  test(`${c.name} (bit-exact)`, () => {
    if (c.default_dtype) torch.set_default_dtype(torch[c.default_dtype]);
    try {
      const got = (call(c).out as torch.Tensor).toTypedArray();
      c.out?.data.forEach((w, i) => assert.equal(got[i], num(w), `element ${i}`));
    } finally {
      torch.set_default_dtype(torch.float32);
    }
  });
}

test('from_typed_array converts data that is not the dtype storage kind (BigInt64Array for int64)', () => {
  const t = torch.from_typed_array(new BigInt64Array([1n, 5n, 3n]) as never, [3], torch.int64);
  assert.equal(String(t.index(1)), 'tensor(5)');
  assert.equal(torch.from_typed_array(new BigInt64Array([2n]) as never).dtype, torch.int64);
  const f = torch.from_typed_array(new Float64Array([1.5, 2]), [2], torch.float32);
  assert.ok(f._data instanceof Float32Array);
  assert.equal(String(f), 'tensor([1.5000, 2.0000])');
  const shared = new Float32Array([1, 2]);
  const s = torch.from_typed_array(shared);
  shared[0] = 7;
  assert.equal(s.index(0).item(), 7);
});
