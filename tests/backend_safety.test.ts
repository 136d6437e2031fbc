// Bad arguments fed straight to the native backend must throw in TypeScript (or, for take/put
// offsets, in the addon before it writes anything) and never crash the process.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { View } from '../src/backend/backend.js';
import { createNativeBackend, nativeAddon } from '../src/backend/native.js';
import type { TypedArray } from '../src/tensor/dtype.js';

const addon = process.env.TENSORGRAD_BACKEND === 'js' ? null : nativeAddon();

function v(data: TypedArray, shape: number[], strides?: number[], offset = 0): View {
  const s = strides ?? shape.map((_, d) => shape.slice(d + 1).reduce((p, q) => p * q, 1));
  return { data, shape, strides: s, offset };
}

const f32 = (n: number): Float32Array => new Float32Array(n);

if (!addon) {
  it('native argument checks (skipped: the addon is not built or not selected)', { skip: true }, () => {});
} else {
  const nb = createNativeBackend(addon, { minElements: 0, minMatmulFlops: 0 });
  const throwsRange = (fn: () => void): void => assert.throws(fn, RangeError);
  const throwsType = (fn: () => void): void => assert.throws(fn, TypeError);

  describe('native backend rejects bad views', () => {
    it('views that reach outside their array', () => {
      const out = v(f32(12), [3, 4]);
      throwsRange(() => nb.unary('neg', v(f32(11), [3, 4]), out));
      throwsRange(() => nb.unary('neg', v(f32(12), [3, 4], [4, 1], 1), out));
      throwsRange(() => nb.unary('neg', v(f32(12), [3, 4], [4, 1], -1), out));
      throwsRange(() => nb.unary('neg', v(f32(12), [3, 4], [5, 1]), out));
      throwsRange(() => nb.unary('neg', v(f32(12), [3, 4], [-4, 1], 0), out));
      throwsRange(() => nb.binary('add', v(f32(12), [3, 4]), v(f32(4), [3, 4], [1, 1]), out));
      throwsRange(() => nb.copy(v(f32(12), [3, 4]), v(new Float64Array(12), [3, 4], [4, 1], 1), false));
      throwsRange(() => nb.fill(v(f32(5), [3, 4]), 1));
      throwsRange(() => nb.where(v(new Uint8Array(11), [3, 4]), v(f32(12), [3, 4]), v(f32(12), [3, 4]), out));
      throwsRange(() => nb.clamp(v(f32(12), [3, 4], [4, 1], 1e9), 0, 1, out));
      throwsRange(() => nb.reduce('sum', v(f32(12), [3, 5]), 1, f32(3)));
      throwsRange(() => nb.scan('cumsum', v(f32(12), [3, 4], [4, 2]), f32(12)));
      throwsRange(() => nb.softmax(v(f32(12), [4, 4]), false, f32(16)));
      throwsRange(() => nb.matmul(v(f32(12), [3, 5]), v(f32(20), [5, 4]), f32(12)));
    });

    it('malformed shapes, strides and offsets', () => {
      const out = v(f32(12), [3, 4]);
      throwsRange(() => nb.unary('neg', v(f32(12), [3, 4], [4]), out));
      throwsRange(() => nb.unary('neg', v(f32(12), [3, 4], [4, 0.5]), out));
      throwsRange(() => nb.unary('neg', v(f32(12), [3, 4], [4, NaN]), out));
      throwsRange(() => nb.unary('neg', v(f32(12), [3, 4], [4, 1], 0.5), out));
      throwsRange(() => nb.unary('neg', v(f32(12), [3, 4], [4, 1], NaN), out));
      throwsRange(() => nb.unary('neg', v(f32(12), [4, 3]), out));
      throwsRange(() => nb.unary('neg', v(f32(12), [3, 4]), v(f32(12), [3, -4], [4, 1])));
      throwsRange(() => nb.unary('neg', v(f32(12), [3, 4]), v(f32(12), [3, 4.5], [4, 1])));
      throwsRange(() => nb.fill(v(f32(12), Array(65).fill(1)), 0));
      throwsRange(() => nb.reduce('sum', v(f32(12), [3, 4]), 3, f32(3)));
      throwsRange(() => nb.reduce('sum', v(f32(12), [3, 4]), 1, f32(2)));
      throwsRange(() => nb.scan('cumsum', v(f32(12), [3, 4]), f32(11)));
      throwsRange(() => nb.softmax(v(f32(12), [3, 4]), true, f32(11)));
    });

    it('inconsistent dtypes and unsupported arrays', () => {
      const out = v(f32(12), [3, 4]);
      throwsType(() => nb.unary('neg', v(new Float64Array(12), [3, 4]), out));
      throwsType(() => nb.unary('isnan', v(f32(12), [3, 4]), out));
      throwsType(() => nb.binary('add', v(f32(12), [3, 4]), v(new Int32Array(12), [3, 4]), out));
      throwsType(() => nb.binary('lt', v(f32(12), [3, 4]), v(f32(12), [3, 4]), out));
      throwsType(() => nb.where(v(f32(12), [3, 4]), v(f32(12), [3, 4]), v(f32(12), [3, 4]), out));
      throwsType(() => nb.unary('neg', v(new Uint8ClampedArray(12) as unknown as TypedArray, [3, 4]), out));
      throwsType(() => nb.unary('neg', v([1, 2, 3] as unknown as TypedArray, [3]), v(f32(3), [3])));
      throwsType(() => nb.unary('nope' as 'neg', v(f32(12), [3, 4]), out));
      throwsType(() => nb.reduce('argmax', v(f32(12), [3, 4]), 1, f32(3)));
      throwsType(() => nb.reduce('all', v(f32(12), [3, 4]), 1, f32(3)));
      throwsType(() => nb.matmul(v(f32(12), [3, 4]), v(new Float64Array(20), [4, 5]), f32(15)));
      throwsType(() => nb.take(f32(4), new Float32Array(2) as unknown as Int32Array, f32(2)));
    });

    it('matmul shape mismatches', () => {
      throwsRange(() => nb.matmul(v(f32(12), [3, 4]), v(f32(15), [3, 5]), f32(15)));
      throwsRange(() => nb.matmul(v(f32(24), [2, 3, 4]), v(f32(60), [3, 4, 5]), f32(30)));
      throwsRange(() => nb.matmul(v(f32(12), [3, 4]), v(f32(20), [4, 5]), f32(14)));
      throwsRange(() => nb.matmul(v(f32(12), [3, 4]), v(f32(40), [2, 4, 5]), f32(15)));
    });

    it('take and put with offsets out of bounds (checked natively, nothing written)', () => {
      const src = Float32Array.from([1, 2, 3, 4]);
      throwsRange(() => nb.take(src, Int32Array.from([0, 4]), f32(2)));
      throwsRange(() => nb.take(src, Int32Array.from([-1]), f32(1)));
      throwsRange(() => nb.take(src, Float64Array.from([1.5]), f32(1)));
      throwsRange(() => nb.take(src, Float64Array.from([NaN]), f32(1)));
      throwsRange(() => nb.take(src, Int32Array.from([0, 1, 2]), f32(2)));
      const dst = Float32Array.from([1, 2, 3, 4]);
      throwsRange(() => nb.put(dst, Int32Array.from([0, 1, 9]), Float32Array.from([7, 7, 7]), false));
      throwsRange(() => nb.put(dst, Float64Array.from([0, 1e300]), Float32Array.from([7, 7]), true));
      throwsRange(() => nb.put(dst, Int32Array.from([0, 1]), Float32Array.from([7]), true));
      assert.deepEqual([...dst], [1, 2, 3, 4]);
    });

    it('still works after all of that', () => {
      const out = f32(3);
      nb.reduce('sum', v(Float32Array.from([1, 2, 3, 4, 5, 6]), [3, 2]), 1, out);
      assert.deepEqual([...out], [3, 7, 11]);
    });
  });
}
