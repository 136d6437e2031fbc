// Backend conformance: every Backend method runs on the TypeScript backend and on the native addon
// (under each instruction set the CPU has) over random shapes, strides and dtypes, and the
// outputs must agree: bit for bit for exact operations, to float rounding for transcendental ones.

import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Backend, BinaryKind, UnaryKind, View } from '../src/backend/backend.js';
import {
  BINARY_KINDS,
  BINARY_PREDICATES,
  REDUCE_KINDS,
  SCAN_KINDS,
  UNARY_KINDS,
  UNARY_PREDICATES,
} from '../src/backend/backend.js';
import { jsBackend } from '../src/backend/index.js';
import {
  createNativeBackend,
  kindIds,
  loadNativeBackend,
  nativeAddon,
  nativeLoadError,
  type Addon,
} from '../src/backend/native.js';
import type { TypedArray } from '../src/tensor/dtype.js';
import {
  KINDS,
  type Kind,
  array,
  cloneView,
  contiguousView,
  ctorOf,
  int,
  randomShape,
  randomView,
  rng,
} from './backend_views.js';

// The run with TENSORGRAD_BACKEND=js (scripts/test.mjs runs the suite per backend) skips these:
// the native run covers them.
const addon = process.env.TENSORGRAD_BACKEND === 'js' ? null : nativeAddon();

// Kinds computed exactly (IEEE basic operations, rounding, comparisons, bit operations): compared
// bit for bit. Every other kind comes from libm or an approximation of it and is compared to float
// rounding, so a new transcendental kind needs no entry here.
const EXACT_UNARY = new Set<UnaryKind>([
  'neg', 'abs', 'sign', 'sqrt', 'reciprocal', 'square', 'relu', 'floor', 'ceil', 'round', 'trunc',
  'frac', 'logical_not', 'bitwise_not', 'isnan', 'isinf', 'isfinite', 'isposinf', 'isneginf',
  'signbit',
]); // prettier-ignore
const EXACT_BINARY = new Set<BinaryKind>([
  'add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'fmax', 'fmin', 'fmod', 'remainder',
  'floor_divide', 'trunc_divide', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logical_and', 'logical_or',
  'logical_xor', 'bitwise_and', 'bitwise_or', 'bitwise_xor', 'copysign',
]); // prettier-ignore
// float32 GELU backward kernels: vectorised float formulas whose error is relative to the gradient
// (the derivative crosses zero), checked by their own test below.
const GELU_BACKWARD = new Set<BinaryKind>(['gelu_backward', 'gelu_tanh_backward']);

const small = (v: number): number => (Math.abs(v) <= 5 ? v : v % 5);

function tolerance(data: TypedArray): number {
  return data instanceof Float32Array ? 4e-7 : 1e-13;
}

/** Asserts two arrays are equal: Object.is per element, or within rtol when `inexact`. */
function assertClose(got: TypedArray, want: TypedArray, label: string, inexact = false, scale?: TypedArray): void {
  assert.equal(got.length, want.length, `${label}: length`);
  const rtol = tolerance(want);
  const integer = !(want instanceof Float32Array) && !(want instanceof Float64Array);
  for (let i = 0; i < want.length; i++) {
    const g = got[i];
    const w = want[i];
    if (Object.is(g, w)) continue;
    if (inexact && Number.isFinite(w) && Number.isFinite(g)) {
      // The absolute term covers formulas that cancel (gelu: 1 + erf(x) for negative x, where the
      // TypeScript erf series itself is good to ~1e-14 absolute).
      const atol = want instanceof Float32Array ? 1e-12 : 1e-13;
      const bound = integer ? 1 : rtol * Math.max(Math.abs(w), scale ? scale[i] : 0) + (scale ? 0 : atol);
      if (Math.abs(g - w) <= bound) continue;
      // Float64Array may hold int64 results of transcendental ops: truncation can move by one.
      if (Number.isInteger(w) && Math.abs(g - w) <= 1) continue;
    }
    assert.fail(`${label}: element ${i}: native ${g}, js ${w}`);
  }
}

function check(
  label: string,
  inexact: boolean,
  out: View,
  run: (b: Backend, out: View) => void,
  native: Backend,
): void {
  const a = cloneView(out);
  const b = cloneView(out);
  run(jsBackend, a);
  run(native, b);
  assertClose(b.data, a.data, label, inexact);
}

function describeBackend(isa: string, native: Backend): void {
  describe(`native backend (${isa}) matches the TypeScript backend`, () => {
    it('copy (every dtype pair, truncate on and off)', () => {
      const r = rng(1);
      for (let t = 0; t < 300; t++) {
        const shape = randomShape(r, 4, t % 50 === 0);
        const from = KINDS[int(r, 0, 4)];
        const to = KINDS[int(r, 0, 4)];
        const src = randomView(r, from, shape, { broadcast: true });
        const out = randomView(r, to, shape);
        const truncate = r() < 0.5;
        check(`copy ${from}->${to} [${shape}]`, false, out, (b, o) => b.copy(src, o, truncate), native);
      }
    });

    it('fill', () => {
      const r = rng(2);
      for (let t = 0; t < 100; t++) {
        const shape = randomShape(r, 4, t % 30 === 0);
        const kind = KINDS[int(r, 0, 4)];
        const value = [1.5, -2.7, NaN, Infinity, 3e9, 255.9, -0][int(r, 0, 6)];
        const out = randomView(r, kind, shape);
        check(`fill ${kind} ${value}`, false, out, (b, o) => b.fill(o, value), native);
      }
    });

    it('unary (every kind and dtype)', () => {
      const r = rng(3);
      for (const kind of UNARY_KINDS) {
        for (const dtype of KINDS) {
          for (let t = 0; t < 6; t++) {
            const shape = randomShape(r, 4, t === 0 && (dtype === 'float32' || dtype === 'float64'));
            const x = randomView(r, dtype, shape, { broadcast: true });
            const out = randomView(r, UNARY_PREDICATES.has(kind) ? 'bool' : dtype, shape);
            check(`${kind} ${dtype} [${shape}]`, !EXACT_UNARY.has(kind), out, (b, o) => b.unary(kind, x, o), native);
          }
        }
      }
    });

    it('binary (every kind and dtype, broadcast operands)', () => {
      const r = rng(4);
      for (const kind of BINARY_KINDS) {
        for (const dtype of KINDS) {
          if (dtype === 'float32' && GELU_BACKWARD.has(kind)) continue;
          for (let t = 0; t < 6; t++) {
            const shape = randomShape(r, 4, t === 0 && dtype === 'float32');
            const inexact = !EXACT_BINARY.has(kind);
            // Integer results of libm functions beyond 2^53 wrap chaotically: keep them small.
            const domain = inexact && dtype !== 'float32' && dtype !== 'float64' ? small : undefined;
            const a = randomView(r, dtype, shape, { broadcast: true, contiguous: t === 1, domain });
            const bv = randomView(r, dtype, shape, { broadcast: true, contiguous: t === 1, domain });
            const out = randomView(r, BINARY_PREDICATES.has(kind) ? 'bool' : dtype, shape, { contiguous: t === 1 });
            check(`${kind} ${dtype} [${shape}]`, inexact, out, (b, o) => b.binary(kind, a, bv, o), native);
          }
        }
      }
    });

    it('float32 GELU backward kinds (error relative to the gradient)', () => {
      const r = rng(13);
      const specials = [0, -0, Infinity, -Infinity, NaN, 1e-40, -1e-40, 30, -30, 1e30, -1e30, -0.7517915, 5.5, -5.5];
      for (const kind of GELU_BACKWARD) {
        for (let t = 0; t < 8; t++) {
          const n = t === 0 ? 4001 : int(r, 1, 70);
          const x = new Float32Array(n).map((_v, i) =>
            i < specials.length && t === 0 ? specials[i] : (r() - 0.5) * 24,
          );
          const g = new Float32Array(n).map(() => (r() - 0.5) * 6);
          const strided = t % 2 === 1;
          const xv: View = strided
            ? {
                ...contiguousView(
                  new Float32Array(2 * n).map((_v, i) => x[i >> 1]),
                  [n],
                ),
                strides: [2],
              }
            : contiguousView(x, [n]);
          const gv = contiguousView(g, [n]);
          const want = contiguousView(new Float32Array(n), [n]);
          const got = contiguousView(new Float32Array(n), [n]);
          jsBackend.binary(kind, gv, xv, want);
          native.binary(kind, gv, xv, got);
          const scale = new Float64Array(n).map((_v, i) => 2 * Math.abs(g[i]));
          assertClose(got.data, want.data, `${kind} [${n}]`, true, scale as unknown as TypedArray);
        }
      }
    });

    it('large contiguous float32 outputs (streaming stores)', () => {
      const r = rng(12);
      // Over 2 MiB, at an output offset that is not 32-byte aligned, with contiguous and scalar operands.
      const n = 600001;
      const operand = (scalar: boolean): View => {
        const v = randomView(r, 'float32', [scalar ? 1 : n + 3], { contiguous: true });
        return scalar ? { ...v, shape: [n], strides: [0] } : { ...v, shape: [n], offset: 3 };
      };
      const out = { ...contiguousView(new Float32Array(n + 5), [n]), offset: 5 };
      const x = operand(false);
      for (const kind of ['exp', 'log', 'tanh', 'sigmoid', 'silu', 'gelu'] as const) {
        check(`${kind} [${n}]`, true, out, (b, o) => b.unary(kind, x, o), native);
      }
      for (const kind of ['add', 'sub', 'mul', 'div'] as const) {
        for (const [sa, sb] of [
          [false, false],
          [false, true],
          [true, false],
        ]) {
          const a = operand(sa);
          const bv = operand(sb);
          check(`${kind} [${n}] scalar ${sa} ${sb}`, false, out, (b, o) => b.binary(kind, a, bv, o), native);
        }
      }
    });

    it('where and clamp', () => {
      const r = rng(5);
      for (let t = 0; t < 200; t++) {
        const shape = randomShape(r, 4, t % 50 === 0);
        const dtype = KINDS[int(r, 0, 4)];
        const cond = randomView(r, 'bool', shape, { broadcast: true });
        const a = randomView(r, dtype, shape, { broadcast: true });
        const bv = randomView(r, dtype, shape, { broadcast: true });
        check(`where ${dtype}`, false, randomView(r, dtype, shape), (b, o) => b.where(cond, a, bv, o), native);
        const lo = r() < 0.2 ? NaN : (r() - 0.5) * 10;
        const hi = r() < 0.2 ? NaN : (r() - 0.3) * 10;
        check(
          `clamp ${dtype} ${lo} ${hi}`,
          false,
          randomView(r, dtype, shape),
          (b, o) => b.clamp(a, lo, hi, o),
          native,
        );
      }
    });

    it('reduce (every kind, any dims reduced)', () => {
      const r = rng(6);
      for (const kind of REDUCE_KINDS) {
        for (const dtype of KINDS) {
          for (let t = 0; t < 10; t++) {
            const big = t === 0 && dtype !== 'bool';
            const shape = big ? [int(r, 3, 40), int(r, 2000, 9000)] : randomShape(r, 4);
            let x = randomView(r, dtype, shape, { broadcast: true, contiguous: big && r() < 0.5 });
            const reduced = int(r, 0, shape.length);
            if (big && r() < 0.5) {
              // Reduce the leading dim instead (the column path): swap the dims.
              x = { ...x, shape: [x.shape[1], x.shape[0]], strides: [x.strides[1], x.strides[0]] };
            }
            const nOut = x.shape.slice(0, x.shape.length - reduced).reduce((p, q) => p * q, 1);
            const outKind: Kind =
              kind === 'argmax' || kind === 'argmin' ? 'int64' : kind === 'all' || kind === 'any' ? 'bool' : dtype;
            const want = new (ctorOf(outKind))(nOut);
            const got = new (ctorOf(outKind))(nOut);
            jsBackend.reduce(kind, x, reduced, want);
            native.reduce(kind, x, reduced, got);
            const inexact = (kind === 'sum' || kind === 'mean') && (dtype === 'float32' || dtype === 'float64');
            assertClose(
              got,
              want,
              `${kind} ${dtype} [${x.shape}] reduced ${reduced}`,
              inexact,
              inexact ? absSum(x, reduced, kind) : undefined,
            );
          }
        }
      }
    });

    it('scan (every kind)', () => {
      const r = rng(7);
      for (const kind of SCAN_KINDS) {
        for (const dtype of KINDS) {
          for (let t = 0; t < 8; t++) {
            const shape = randomShape(r, 3);
            if (shape.length === 0) shape.push(int(r, 1, 9));
            const x = randomView(r, dtype, shape, { broadcast: true });
            const n = shape.reduce((p, q) => p * q, 1);
            const want = new (ctorOf(dtype))(n);
            const got = new (ctorOf(dtype))(n);
            jsBackend.scan(kind, x, want);
            native.scan(kind, x, got);
            assertClose(got, want, `${kind} ${dtype} [${shape}]`, kind === 'logcumsumexp');
          }
        }
      }
    });

    it('softmax and log_softmax', () => {
      const r = rng(8);
      for (const dtype of ['float32', 'float64'] as const) {
        for (let t = 0; t < 40; t++) {
          const shape = t === 0 ? [64, 3000] : randomShape(r, 3);
          if (shape.length === 0) shape.push(int(r, 1, 9));
          const x = randomView(r, dtype, shape, { broadcast: true });
          const n = shape.reduce((p, q) => p * q, 1);
          for (const log of [false, true]) {
            const want = new (ctorOf(dtype))(n);
            const got = new (ctorOf(dtype))(n);
            jsBackend.softmax(x, log, want);
            native.softmax(x, log, got);
            assertClose(got, want, `softmax ${dtype} log=${log} [${shape}]`, true);
          }
        }
      }
    });

    it('matmul (batched, transposed and strided operands)', () => {
      const r = rng(9);
      // float32 products accumulate in float (as PyTorch's do), JavaScript's in double: keep
      // values where neither overflows.
      const finite = (v: number): number => (Number.isFinite(v) && Math.abs(v) < 1e6 ? v : 1);
      for (const dtype of ['float32', 'float64'] as const) {
        for (let t = 0; t < 40; t++) {
          const big = t < 3;
          const batch = big ? [] : randomShape(r, 2).map((s) => Math.min(s, 3));
          const [M, K, N] = big
            ? [int(r, 100, 300), int(r, 200, 600), int(r, 100, 300)]
            : [int(r, 1, 40), int(r, 1, 40), int(r, 1, 40)];
          if (t === 3) batch.splice(0, batch.length, 1);
          const a = randomView(r, dtype, [...batch, M, K], { broadcast: true, domain: finite });
          const b = randomView(r, dtype, [...batch, K, N], { broadcast: true, domain: finite });
          const n = [...batch, M, N].reduce((p, q) => p * q, 1);
          const want = new (ctorOf(dtype))(n);
          const got = new (ctorOf(dtype))(n);
          jsBackend.matmul(a, b, want);
          native.matmul(a, b, got);
          const abs = (v: View): View => ({ ...v, data: v.data.map(Math.abs) });
          const scale = new (ctorOf('float64'))(n);
          jsBackend.matmul(abs(a), abs(b), scale as TypedArray);
          for (let i = 0; i < n; i++) scale[i] *= dtype === 'float32' ? 20 * Math.sqrt(K) : 20 * K;
          assertClose(got, want, `matmul ${dtype} [${batch}] ${M}x${K}x${N}`, true, scale as TypedArray);
        }
      }
    });

    it('take and put (with repeated offsets)', () => {
      const r = rng(10);
      for (const dtype of KINDS) {
        for (let t = 0; t < 10; t++) {
          const len = int(r, 1, t === 0 ? 100000 : 50);
          const src = array(r, dtype, len);
          const n = int(r, 0, t === 0 ? 100000 : 60);
          const offsets = r() < 0.5 ? new Int32Array(n) : new Float64Array(n);
          for (let i = 0; i < n; i++) offsets[i] = int(r, 0, len - 1);
          const want = new (ctorOf(dtype))(n);
          const got = new (ctorOf(dtype))(n);
          jsBackend.take(src, offsets, want);
          native.take(src, offsets, got);
          assertClose(got, want, `take ${dtype}`);
          const values = array(r, dtype, n);
          for (const accumulate of [false, true]) {
            const d1 = src.slice();
            const d2 = src.slice();
            jsBackend.put(d1, offsets, values, accumulate);
            native.put(d2, offsets, values, accumulate);
            assertClose(d2, d1, `put ${dtype} accumulate=${accumulate}`);
          }
        }
      }
    });
  });
}

/** Per output, the sum of |x| over the reduced dims (the scale of a sum's rounding error). */
function absSum(x: View, reduced: number, kind: string): TypedArray {
  const abs: View = { ...x, data: Float64Array.from(x.data, Math.abs) };
  const nOut = x.shape.slice(0, x.shape.length - reduced).reduce((p, q) => p * q, 1);
  const out = new Float64Array(nOut);
  jsBackend.reduce(kind === 'mean' ? 'mean' : 'sum', abs, reduced, out);
  return out;
}

if (!addon) {
  it('native backend conformance (skipped: the addon is not built or not selected)', { skip: true }, () => {});
} else {
  const isas = ['generic', 'avx2', 'avx512'].filter((isa) => addon.setIsa(isa));
  after(() => addon.setIsa(''));
  for (const isa of isas) {
    describe(isa, { concurrency: false }, () => {
      it(`selects ${isa}`, () => {
        assert.ok(addon.setIsa(isa));
        assert.equal(addon.isa(), isa);
      });
      describeBackend(isa, createNativeBackend(addon, { minElements: 0, minMatmulFlops: 0 }));
    });
  }
  describe('thread counts give the same results', () => {
    it('1 thread and 2 threads agree with each other', () => {
      const threads = addon.getNumThreads();
      try {
        const native = createNativeBackend(addon, { minElements: 0, minMatmulFlops: 0 });
        const r = rng(11);
        const x = randomView(r, 'float32', [500, 700], { contiguous: true });
        const results = [1, 2].map((n) => {
          addon.setNumThreads(n);
          const out = new Float32Array(500);
          native.reduce('sum', x, 1, out);
          const total = new Float32Array(1);
          native.reduce('sum', { ...x, shape: [350000], strides: [1] }, 1, total);
          const y = contiguousView(new Float32Array(500 * 700), [500, 700]);
          native.unary('exp', x, y);
          return [out, total, y.data];
        });
        results[0].forEach((a, i) => assert.deepEqual(a, results[1][i]));
      } finally {
        addon.setNumThreads(threads);
      }
    });
  });
}

describe('kernel kinds come from one list (native/kinds.h)', { skip: !addon }, () => {
  it('the addon has every kind the Backend interface declares, predicates included', () => {
    const k = (addon as Addon).kinds();
    for (const kind of UNARY_KINDS) assert.ok(k.unary.includes(kind), kind);
    for (const kind of BINARY_KINDS) assert.ok(k.binary.includes(kind), kind);
    for (const kind of REDUCE_KINDS) assert.ok(k.reduce.includes(kind), kind);
    for (const kind of SCAN_KINDS) assert.ok(k.scan.includes(kind), kind);
    assert.deepEqual(new Set(k.unaryPredicates), UNARY_PREDICATES);
    assert.deepEqual(new Set(k.binaryPredicates), BINARY_PREDICATES);
  });

  it('an addon lacking a kind, or listing it in another order, is refused or remapped', () => {
    const real = (addon as Addon).kinds();
    const fake = (kinds: ReturnType<Addon['kinds']> | undefined): Addon =>
      ({ ...(addon as Addon), kinds: kinds === undefined ? undefined : () => kinds }) as unknown as Addon;
    const lacking = { ...real, unary: real.unary.filter((k) => k !== 'lgamma') };
    assert.throws(() => createNativeBackend(fake(lacking)), /lacks or disagrees on kernel kinds unary 'lgamma'/);
    assert.throws(() => createNativeBackend(fake(undefined)), /does not list its kernel kinds/);
    const notPredicate = { ...real, binaryPredicates: real.binaryPredicates.filter((k) => k !== 'eq') };
    assert.throws(() => kindIds(fake(notPredicate)), /binary 'eq' \(bool output or not\)/);
    // Loading such an addon gives no native backend, and says why (the JS backend then runs).
    const a = addon as Addon;
    const kinds = a.kinds.bind(a);
    try {
      a.kinds = () => lacking;
      assert.equal(loadNativeBackend(), null);
      assert.match(nativeLoadError() ?? '', /lacks or disagrees on kernel kinds unary 'lgamma'.*rebuild it/);
    } finally {
      a.kinds = kinds;
    }
    assert.equal(loadNativeBackend()?.name, 'native');
    assert.equal(nativeLoadError(), null);
    // Ids are the addon's positions, whatever order TypeScript lists the kinds in.
    const ids = kindIds(fake(real));
    assert.equal(ids.unary.get('lgamma'), real.unary.indexOf('lgamma'));
    assert.equal(ids.binary.get('polygamma'), real.binary.indexOf('polygamma'));
  });
});
