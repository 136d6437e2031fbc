// Fuzzing the native backend's entry points with malformed views: negative, huge, fractional and
// NaN strides and offsets, views reaching outside their arrays, wrong or mixed array types,
// overlapping outputs. Every call must either throw TypeError/RangeError before the addon touches
// memory or run; when it runs on non-overlapping operands its result must equal the TypeScript
// backend's. Under the sanitizer build (scripts/sanitize.sh) any out-of-bounds access aborts.

import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { Backend, View } from '../src/backend/backend.js';
import { jsBackend } from '../src/backend/index.js';
import { createNativeBackend, nativeAddon } from '../src/backend/native.js';
import type { TypedArray } from '../src/tensor/dtype.js';

const addon = process.env.TENSORGRAD_BACKEND === 'js' ? null : nativeAddon();

// FUZZ_SEED picks another sequence (the suite runs the default one).
let seed = Number(process.env.FUZZ_SEED ?? 12345) >>> 0;
function rand(): number {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));

const CTORS = [Float32Array, Float64Array, Int32Array, Uint8Array] as const;

function array(ctor: (typeof CTORS)[number], n: number): TypedArray {
  const a = new ctor(n);
  for (let i = 0; i < n; i++) a[i] = int(-20, 20) / 4;
  return a;
}

function odd(): number {
  return pick([-1, -3, 2 ** 40, -(2 ** 40), 1.5, NaN, Infinity, 2 ** 53, 0]);
}

/** A view over `data`, valid about half the time and malformed in one random way otherwise. */
function view(data: TypedArray, shape: number[]): View {
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((p, q) => p * q, 1));
  let offset = 0;
  const r = rand();
  if (r < 0.2 && shape.length > 0) strides[int(0, shape.length - 1)] = odd();
  else if (r < 0.3) offset = odd();
  else if (r < 0.4) offset = int(0, data.length + 3);
  else if (r < 0.45) strides.push(1);
  else if (r < 0.5 && shape.length > 0) strides[int(0, shape.length - 1)] = 0; // broadcast
  return { data, shape, strides, offset };
}

function numel(shape: number[]): number {
  return shape.reduce((p, q) => p * q, 1);
}

type Call = (b: Backend, ops: View[]) => void;
const CALLS: [string, number, Call][] = [
  ['copy', 1, (b, [x, o]) => b.copy(x, o, false)],
  ['fill', 0, (b, [o]) => b.fill(o, 2.5)],
  ['unary neg', 1, (b, [x, o]) => b.unary('neg', x, o)],
  ['unary exp', 1, (b, [x, o]) => b.unary('exp', x, o)],
  ['binary add', 2, (b, [x, y, o]) => b.binary('add', x, y, o)],
  ['binary lt', 2, (b, [x, y, o]) => b.binary('lt', x, y, o)],
  ['clamp', 1, (b, [x, o]) => b.clamp(x, -1, 1, o)],
  // Reductions, scans and softmax write a contiguous array: the last operand's data.
  ['reduce sum', 1, (b, [x, o]) => b.reduce('sum', x, Math.min(1, x.shape.length), o.data)],
  ['reduce max', 1, (b, [x, o]) => b.reduce('max', x, x.shape.length, o.data)],
  ['scan cumsum', 1, (b, [x, o]) => b.scan('cumsum', x, o.data)],
  ['softmax', 1, (b, [x, o]) => b.softmax(x, false, o.data)],
];

function clone(v: View): View {
  return { ...v, data: v.data.slice() };
}

it(
  'the native backend rejects malformed views or computes what the TypeScript backend does',
  {
    skip: addon === null ? 'native addon not loaded' : false,
  },
  () => {
    if (addon === null) return;
    const nb = createNativeBackend(addon, { minElements: 0, minReduceElements: 0 });
    let ran = 0;
    let rejected = 0;
    for (let iter = 0; iter < 1500; iter++) {
      const [name, inputs, call] = pick(CALLS);
      const shape = Array.from({ length: int(0, 3) }, () => int(0, 6));
      const n = numel(shape);
      const ctor = pick(CTORS);
      const ops: View[] = [];
      const overlap = rand() < 0.15;
      for (let k = 0; k <= inputs; k++) {
        const c = rand() < 0.1 ? pick(CTORS) : ctor;
        const data = overlap && k === inputs && ops.length > 0 ? ops[0].data : array(c, Math.max(0, n + int(-2, 3)));
        ops.push(view(data, shape));
      }
      const want = ops.map(clone);
      let threw: unknown = null;
      try {
        call(nb, ops);
      } catch (e) {
        threw = e;
      }
      if (threw !== null) {
        assert.ok(
          threw instanceof TypeError || threw instanceof RangeError,
          `${name}: ${String(threw)} is not a TypeError or RangeError`,
        );
        rejected++;
        continue;
      }
      ran++;
      if (overlap) continue;
      // The same call on the TypeScript backend, on copies made before the native call.
      try {
        call(jsBackend, want);
      } catch {
        continue; // TypeScript rejects what native accepted only for dtype mixes it does not check
      }
      const got = ops[inputs].data;
      const exp = want[inputs].data;
      const inexact = name === 'unary exp' || name === 'softmax';
      for (let i = 0; i < got.length; i++) {
        if (Object.is(got[i], exp[i])) continue;
        if (inexact && Math.abs(got[i] - exp[i]) <= 1e-6 * Math.abs(exp[i])) continue;
        assert.fail(`${name} shape [${shape}] element ${i}: native ${got[i]}, js ${exp[i]}`);
      }
    }
    assert.ok(ran > 100 && rejected > 100, `ran ${ran}, rejected ${rejected}`);
  },
);
