// torch.special's functions of src/ops/special2.ts against PyTorch (fixtures from
// tests/oracle/special2.py): i0/i0e/i1/i1e, ndtri, log_ndtr, erfcx, entr, sinc, xlog1py, zeta,
// igamma/igammac (gammainc/gammaincc), mvlgamma (multigammaln), the special.* aliases, nextafter,
// ldexp, frexp, kaiser_window, finfo and iinfo: values (edge values, float32 and float64, integer
// inputs), gradients, grad_fn names and error texts.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as torch from '../src/index.js';
import { errorOf, loadFixture } from './helpers.js';
import { replayCases, type OpCase } from './replay.js';

const cases = loadFixture<OpCase>('special2');
const isF32 = (c: OpCase): boolean =>
  c.out?.dtype === 'float32' || (c.outs ?? []).some((o) => o.dtype === 'float32') || c.grads?.[0]?.dtype === 'float32';
// ATen computes float32 in single precision; tensorgrad computes in double and rounds, so float32
// results agree to ATen's single-precision error (up to 32 ulps: log_ndtr's tail, erfcx's and
// i1e's gradients; sinc at the integers, where ATen's float sin(pi x) leaves up to 6e-8 instead of 0),
// float64 ones to within 1e-13 relative (measured: at most 13 ulps, 25 for bessel_y1 near a root).
replayCases(
  'special2 float64',
  cases.filter((c) => !isF32(c)),
  {
    tol: { rtol: 1e-13, atol: 1e-300 },
    // ATen's mvlgamma and ldexp are composites recording their own node (MvlgammaBackward0) or MulBackward0.
    composite: (c) => c.op.includes('mvlgamma') || c.op.includes('multigammaln'),
  },
);
replayCases('special2 float32', cases.filter(isF32), {
  tol: { rtol: 4e-6, atol: 1e-7 },
  composite: (c) => c.op.includes('mvlgamma') || c.op.includes('multigammaln'),
});

interface Info {
  kind: 'finfo' | 'iinfo';
  dtype: 'float32' | 'float64' | 'int32' | 'int64' | null;
  repr: string;
  [field: string]: unknown;
}
const [{ info, errors }] = loadFixture<{ info: Info[]; errors: Record<string, string | null> }>('special2_info');

for (const i of info) {
  test(`torch.${i.kind}(${i.dtype ?? ''})`, () => {
    const obj =
      i.kind === 'finfo'
        ? i.dtype === null
          ? torch.finfo()
          : torch.finfo(torch[i.dtype])
        : torch.iinfo(torch[i.dtype!]);
    assert.equal(String(obj), i.repr);
    for (const [k, v] of Object.entries(i)) {
      if (['kind', 'dtype', 'repr'].includes(k)) continue;
      const key = k === 'dtype_field' ? 'dtype' : k;
      assert.equal((obj as unknown as Record<string, unknown>)[key], v, key);
    }
  });
}
test('finfo/iinfo errors', () => {
  assert.equal(
    errorOf(() => torch.finfo(torch.int64)),
    errors['finfo int64'],
  );
  assert.equal(
    errorOf(() => torch.iinfo(torch.float32)),
    errors['iinfo float32'],
  );
  assert.equal(
    errorOf(() => torch.iinfo(torch.bool)),
    errors['iinfo bool'],
  );
});

// The Bessel functions J0, J1, Y0, Y1 and spherical j0 (tests/oracle/special2_bessel.py).
const bessel = loadFixture<OpCase>('special2_bessel');
replayCases(
  'special2_bessel float64',
  bessel.filter((c) => !isF32(c)),
  { tol: { rtol: 1e-13, atol: 1e-300 } },
);
replayCases('special2_bessel float32', bessel.filter(isF32), { tol: { rtol: 4e-6, atol: 1e-7 } });
