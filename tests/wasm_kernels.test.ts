// The TypeScript backend's WebAssembly SIMD elementwise kernels (wasm/elementwise.ts) against its
// plain JavaScript kernels (the fallback without WebAssembly SIMD or under TENSORGRAD_WASM=0):
// sizes around the vector width, the 64-element threshold and the staging chunk, offsets, scalar
// operands, strided views (which fall back), NaN / infinities / signed zeros / denormals, and
// empty tensors. Exact kinds must agree bit for bit (NaN with NaN); exp, log, tanh and sigmoid
// are held to their stated ulp bounds against float64 Math references over a sweep of float32
// inputs. (tests/backend.test.ts checks the same kernels against the native addon.)

import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import type { BinaryKind, UnaryKind, View } from '../src/backend/backend.js';
import { binary, clamp, copy, fill, unary, where } from '../src/backend/js/elementwise.js';
import { thresholdBackward } from '../src/backend/js/nn.js';
import { adam } from '../src/backend/js/optim.js';
import { reduce, softmax } from '../src/backend/js/reduce.js';
import {
  TRIG_LIMIT,
  TRIG_LIMIT_F64,
  WASM_BINARY,
  WASM_COMPARE,
  WASM_ERF,
  WASM_TRIG,
  WASM_UNARY,
  createWasmElementwise,
} from '../src/backend/js/wasm/elementwise.js';
import { setWasmElementwise } from '../src/backend/js/wasm/runtime.js';
import { erf, gelu } from '../src/backend/js/math.js';
import type { TypedArray } from '../src/tensor/dtype.js';
import { rng } from './backend_views.js';
import { loadFixture } from './helpers.js';

const available = createWasmElementwise() !== null;
const INEXACT = new Set<string>(['exp', 'log', 'tanh', 'sigmoid', 'sin', 'cos', 'erf', 'gelu']);
/**
 * The ulp bounds the float32 kernels are held to (measured maxima: 1.49, 0.82, 1.31, 2.36; sin and
 * cos, computed in float64 lanes, are correctly rounded: 0.4999998 and 0.4999997; so are erf and
 * gelu, in float64 lanes too, against math.ts's erf and gelu: 0.4999999 and 0.5 on the sweep).
 */
const ULP_BOUND: Record<string, number> = {
  exp: 1.5,
  log: 1,
  tanh: 1.5,
  sigmoid: 2.5,
  sin: 0.5 + 1e-6,
  cos: 0.5 + 1e-6,
  erf: 0.5 + 1e-6,
  gelu: 0.5 + 1e-6,
};
/**
 * The ulp bounds of the float64 kernels against Math (measured maxima over the float64 sweep
 * below: 1, 1, 2, 4; sigmoid inherits exp's ulp through 1 / (1 + e)). sin, cos and erf are within
 * 1 ulp of mpmath (F64_MPMATH_BOUND); against Math.sin / Math.cos (fdlibm's, also within 1 ulp)
 * that allows 2, and against math.ts's erf (its series loses up to ~60 ulp near 2.5) 100.
 */
const ULP_BOUND_F64: Record<string, number> = { exp: 1, log: 1, tanh: 2, sigmoid: 4, sin: 2, cos: 2, erf: 100 };
/**
 * float64 sin, cos and erf against mpmath's correctly rounded values (tests/oracle/wasm_accuracy.py),
 * in ulps of the reference: measured maxima 1, 1, 1 (the JavaScript loops: 1, 1 and 48 for erf).
 */
const F64_MPMATH_BOUND: Record<string, number> = { sin: 1, cos: 1, erf: 1 };
const REFERENCE: Record<string, (x: number) => number> = {
  exp: Math.exp,
  log: Math.log,
  tanh: Math.tanh,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  sin: Math.sin,
  cos: Math.cos,
  erf,
  gelu,
};
// Around the vector width, the threshold, and the staging chunk (8192 float32 / 4096 float64).
const SIZES = [0, 1, 5, 63, 64, 65, 67, 1001, 4096 + 3, 8192 * 2 + 5];
const SPECIAL = [NaN, Infinity, -Infinity, 0, -0, 1e-40, -1e-40, 1e-45, 3.4e38, -3.4e38, 88.7, -87.5, -103, 1, -1];

type Ctor = Float32Array | Float64Array;

function data(Ctor: new (n: number) => Ctor, n: number, seed: number, positive = false): Ctor {
  const r = rng(seed);
  const out = new Ctor(n);
  for (let i = 0; i < n; i++) {
    const v = i % 7 === 3 ? SPECIAL[(i * 5 + seed) % SPECIAL.length] : (r() - 0.5) * (i % 3 === 0 ? 200 : 6);
    out[i] = positive && i % 11 !== 0 ? Math.abs(v) : v;
  }
  return out;
}

function view(d: TypedArray, shape: number[], strides: number[], offset: number): View {
  return { data: d, shape, strides, offset, dtype: d instanceof Float32Array ? 'float32' : 'float64' };
}

/** Runs `fn` with the WebAssembly kernels on, then off; returns both outputs. */
function bothPaths(make: () => TypedArray, fn: (out: TypedArray) => void): [TypedArray, TypedArray] {
  const results = [true, false].map((wasm) => {
    setWasmElementwise(wasm);
    const out = make();
    fn(out);
    return out;
  });
  setWasmElementwise(true);
  return [results[0], results[1]];
}

function ulpOf(ref: number): number {
  const a = Math.abs(Math.fround(ref));
  if (a < 2 ** -126) return 2 ** -149;
  return 2 ** (Math.floor(Math.log2(a)) - 23);
}

function ulpOf64(ref: number): number {
  const a = Math.abs(ref);
  if (a < 2 ** -1022) return 2 ** -1074;
  return 2 ** (Math.floor(Math.log2(a)) - 52);
}

/** Whether g is within the float64 kernel's bound of kind's Math reference at x (zeros signed, non-finite exact). */
function closeF64(kind: string, x: number, g: number): boolean {
  const ref = REFERENCE[kind](x);
  if (Object.is(g, ref) || (g !== g && ref !== ref)) return true;
  if (!Number.isFinite(ref) || !Number.isFinite(g) || ref === 0 || g === 0) return false;
  return Math.abs(g - ref) <= ULP_BOUND_F64[kind] * ulpOf64(ref);
}

function assertSame(got: TypedArray, want: TypedArray, label: string, kind: string, input?: TypedArray): void {
  assert.equal(got.length, want.length, label);
  for (let i = 0; i < want.length; i++) {
    const g = got[i];
    const w = want[i];
    if (Object.is(g, w) || (g !== g && w !== w)) continue;
    if (INEXACT.has(kind) && got instanceof Float32Array && input !== undefined) {
      const ref = REFERENCE[kind](input[i]);
      if (Math.abs(g - ref) <= ULP_BOUND[kind] * ulpOf(ref)) continue;
    }
    if (kind in ULP_BOUND_F64 && got instanceof Float64Array && input !== undefined && closeF64(kind, input[i], g))
      continue;
    assert.fail(`${label}: element ${i}: wasm ${g}, JavaScript ${w}${input ? ` (input ${input[i]})` : ''}`);
  }
}

describe('WebAssembly elementwise kernels', { skip: !available && 'no WebAssembly SIMD' }, () => {
  after(() => setWasmElementwise(true));

  it('can be turned off and on', () => {
    assert.equal(setWasmElementwise(false), false);
    assert.equal(setWasmElementwise(true), true);
  });

  for (const Ctor of [Float32Array, Float64Array]) {
    it(`unary kinds agree with the JavaScript kernels (${Ctor.name})`, () => {
      for (const kind of [...WASM_UNARY, ...WASM_TRIG, ...WASM_ERF]) {
        for (const n of SIZES) {
          const x = data(Ctor, n + 3, n + 1, kind === 'log' || kind === 'sqrt');
          const xv = view(x, [n], [1], 3);
          const [got, want] = bothPaths(
            () => new Ctor(n + 2),
            (out) => unary(kind as UnaryKind, xv, view(out, [n], [1], 2)),
          );
          const label = `${kind} ${Ctor.name} n=${n}`;
          if (INEXACT.has(kind) && (Ctor === Float32Array || kind in ULP_BOUND_F64))
            assertSame(got.subarray(2), want.subarray(2), label, kind, x.subarray(3, 3 + n));
          else assertSame(got, want, label, kind);
        }
      }
    });

    it(`binary kinds agree with the JavaScript kernels, tensor and scalar operands (${Ctor.name})`, () => {
      for (const kind of WASM_BINARY) {
        for (const n of SIZES) {
          const a = data(Ctor, n + 1, 2 * n + 3);
          const b = data(Ctor, n + 2, 3 * n + 7);
          for (const [sa, sb] of [
            [1, 1],
            [0, 1],
            [1, 0],
            [0, 0],
          ]) {
            const [got, want] = bothPaths(
              () => new Ctor(n),
              (out) => binary(kind as BinaryKind, view(a, [n], [sa], 1), view(b, [n], [sb], 2), view(out, [n], [1], 0)),
            );
            assertSame(got, want, `${kind} ${Ctor.name} n=${n} strides ${sa},${sb}`, kind);
          }
        }
      }
    });

    it(`strided and broadcast 2-d views fall back and still agree (${Ctor.name})`, () => {
      const a = data(Ctor, 600, 11);
      const b = data(Ctor, 600, 12);
      const cases: [number[], number[], number[]][] = [
        [
          [20, 15],
          [1, 20],
          [15, 1],
        ], // a transposed
        [
          [20, 15],
          [30, 2],
          [0, 1],
        ], // a strided, b broadcast along rows
        [
          [20, 15],
          [15, 1],
          [1, 0],
        ], // b broadcast along columns
      ];
      // Rows long enough for the row-by-row WebAssembly path: a bias row, a column, a strided row.
      const wide = data(Ctor, 3 * 300, 13);
      const rows: [number[], number[], number[], number[]][] = [
        [
          [3, 300],
          [300, 1],
          [0, 1],
          [300, 1],
        ],
        [
          [3, 300],
          [300, 1],
          [1, 0],
          [300, 1],
        ],
        [
          [2, 300],
          [600, 1],
          [0, 1],
          [300, 1],
        ],
      ];
      for (const [shape, sa, sb, so] of rows) {
        for (const kind of WASM_BINARY) {
          const [got, want] = bothPaths(
            () => new Ctor(shape[0] * shape[1]),
            (out) => binary(kind, view(wide, shape, sa, 0), view(b, shape, sb, 5), view(out, shape, so, 0)),
          );
          assertSame(got, want, `${kind} rows [${shape}] strides ${sa} ${sb}`, kind);
        }
      }
      for (const [shape, sa, sb] of cases) {
        for (const kind of WASM_BINARY) {
          const [got, want] = bothPaths(
            () => new Ctor(300),
            (out) => binary(kind, view(a, shape, sa, 0), view(b, shape, sb, 0), view(out, shape, [15, 1], 0)),
          );
          assertSame(got, want, `${kind} [${shape}] strides ${sa} ${sb}`, kind);
        }
        const input = new Ctor(300);
        for (let r = 0; r < 20; r++) for (let c = 0; c < 15; c++) input[r * 15 + c] = a[r * sa[0] + c * sa[1]];
        for (const kind of WASM_UNARY) {
          const [got, want] = bothPaths(
            () => new Ctor(300),
            (out) => unary(kind, view(a, shape, sa, 0), view(out, shape, [15, 1], 0)),
          );
          assertSame(got, want, `${kind} [${shape}] strides ${sa}`, kind, input);
        }
      }
    });

    it(`where agrees with the JavaScript loop, tensor and scalar operands (${Ctor.name})`, () => {
      for (const n of SIZES) {
        const a = data(Ctor, n + 2, n + 21);
        const b = data(Ctor, n + 3, n + 22);
        const c = new Uint8Array(n + 1).map((_, i) => ((i * 7 + n) % 3 === 0 ? 1 : 0));
        const cv = { data: c, shape: [n], strides: [1], offset: 1, dtype: 'bool' as const };
        for (const [sa, sb] of [
          [1, 1],
          [1, 0],
          [0, 1],
          [0, 0],
        ]) {
          const [got, want] = bothPaths(
            () => new Ctor(n + 1),
            (out) => where(cv, view(a, [n], [sa], 2), view(b, [n], [sb], 3), view(out, [n], [1], 1)),
          );
          assertSame(got, want, `where n=${n} steps ${sa} ${sb}`, 'where');
        }
      }
      // A broadcast condition falls back and still agrees.
      const c = new Uint8Array([1, 0, 1]);
      const a = data(Ctor, 300, 5);
      const b = data(Ctor, 300, 6);
      const [got, want] = bothPaths(
        () => new Ctor(300),
        (out) =>
          where(
            { data: c, shape: [100, 3], strides: [0, 1], offset: 0, dtype: 'bool' },
            view(a, [100, 3], [3, 1], 0),
            view(b, [100, 3], [3, 1], 0),
            view(out, [100, 3], [3, 1], 0),
          ),
      );
      assertSame(got, want, 'where with a broadcast condition', 'where');
    });

    it(`row max, min, argmax and argmin agree with the JavaScript loop bit for bit (${Ctor.name})`, () => {
      for (const n of SIZES) {
        if (n === 0) continue;
        // Finite data, data with infinities and NaN (SPECIAL values every 7th), and signed zeros.
        const finite = data(Ctor, 3 * n + 1, n + 9).map((v) => (Number.isFinite(v) ? v : 0.25)) as Ctor;
        const special = data(Ctor, 3 * n + 1, n + 10);
        const zeros = new Ctor(3 * n + 1).map((_, i) => (i % 3 === 0 ? -0 : i % 5 === 0 ? 0 : -1 - (i % 4)));
        for (const x of [finite, special, zeros]) {
          for (const kind of ['max', 'min', 'argmax', 'argmin'] as const) {
            const [got, want] = bothPaths(
              () => new Ctor(3),
              (out) => reduce(kind, view(x, [3, n], [n, 1], 1), 1, out),
            );
            assertSame(got, want, `${kind} n=${n}`, kind);
          }
        }
      }
      // -0 before +0 and the reverse, and a NaN in the last element of a chunk.
      for (const pair of [
        [-0, 0],
        [0, -0],
      ]) {
        const x = new Ctor(200).fill(-5);
        x[70] = pair[0];
        x[150] = pair[1];
        const [got, want] = bothPaths(
          () => new Ctor(1),
          (out) => reduce('max', view(x, [200], [1], 0), 1, out),
        );
        assert.ok(Object.is(got[0], want[0]) && Object.is(got[0], pair[0]), `max of ${pair}: ${got[0]}`);
        const [gotAt, wantAt] = bothPaths(
          () => new Ctor(1),
          (out) => reduce('argmax', view(x, [200], [1], 0), 1, out),
        );
        assert.deepEqual([gotAt[0], wantAt[0]], [70, 70]);
      }
      // Ties across chunks and lanes keep the first index; all -Infinity gives index 0.
      for (const fillValue of [2, -Infinity]) {
        const x = new Ctor(3 * 8192 + 5).fill(fillValue === 2 ? 0 : -Infinity);
        if (fillValue === 2) {
          x[9000 + 3] = 2;
          x[9000 + 6] = 2;
          x[20000] = 2;
        }
        for (const kind of ['argmax', 'argmin'] as const) {
          const [got, want] = bothPaths(
            () => new Ctor(1),
            (out) => reduce(kind, view(x, [x.length], [1], 0), 1, out),
          );
          assert.equal(got[0], want[0], `${kind} fill ${fillValue}`);
        }
      }
      const chunk = Ctor === Float32Array ? 8192 : 4096;
      const x = new Ctor(2 * chunk + 3).fill(1);
      x[chunk - 1] = NaN;
      x[chunk + 5] = NaN;
      const [got] = bothPaths(
        () => new Ctor(1),
        (out) => reduce('min', view(x, [x.length], [1], 0), 1, out),
      );
      assert.ok(Number.isNaN(got[0]));
      for (const kind of ['argmax', 'argmin'] as const) {
        const [gotAt, wantAt] = bothPaths(
          () => new Ctor(1),
          (out) => reduce(kind, view(x, [x.length], [1], 0), 1, out),
        );
        assert.deepEqual([gotAt[0], wantAt[0]], [chunk - 1, chunk - 1]);
      }
    });

    it(`row sums and means agree with the JavaScript loop (${Ctor.name})`, () => {
      for (const n of SIZES) {
        if (n === 0) continue;
        const x = data(Ctor, 3 * n + 1, n + 5).map((v) => (Number.isFinite(v) ? v : 0.5)) as Ctor;
        for (const kind of ['sum', 'mean'] as const) {
          const [got, want] = bothPaths(
            () => new Ctor(3),
            (out) => reduce(kind, view(x, [3, n], [n, 1], 1), 1, out),
          );
          for (let i = 0; i < 3; i++) {
            if (Object.is(got[i], want[i])) continue;
            let scale = 0;
            for (let j = 0; j < n; j++) scale += Math.abs(x[1 + i * n + j]);
            if (kind === 'mean') scale /= n;
            const tol = (Ctor === Float32Array ? 2 ** -24 : 0) * Math.abs(want[i]) + n * 2 ** -53 * scale;
            assert.ok(Math.abs(got[i] - want[i]) <= tol, `${kind} n=${n} row ${i}: ${got[i]} vs ${want[i]}`);
          }
        }
      }
      // Column sums (a sum over the leading dim: outputs adjacent, reduced elements a row apart)
      // add in the loop's order, so they agree bit for bit; also across the 4096-column chunk.
      for (const [R, C] of [
        [3, 64],
        [65, 67],
        [5, 4096 + 7],
      ]) {
        const x = data(Ctor, R * C + 2, R + C);
        const [got, want] = bothPaths(
          () => new Ctor(C),
          (out) => reduce('sum', view(x, [C, R], [1, C], 2), 1, out),
        );
        assertSame(got, want, `column sums [${R}, ${C}]`, 'sum');
      }
      // Sums over runs a stride apart (a bias gradient: [N, C, L] summed over N and L per channel),
      // run by run: within float64 rounding of the loop's sequential sum.
      for (const [N, C, L] of [
        [64, 16, 576],
        [3, 2, 64],
        [2, 3, 4096 + 9],
      ]) {
        const x = data(Ctor, N * C * L, N + C + L).map((v) => (Number.isFinite(v) ? v : 0.25)) as Ctor;
        for (const kind of ['sum', 'mean'] as const) {
          const [got, want] = bothPaths(
            () => new Ctor(C),
            (out) => reduce(kind, view(x, [C, N, L], [L, C * L, 1], 0), 2, out),
          );
          for (let c = 0; c < C; c++) {
            if (Object.is(got[c], want[c])) continue;
            let scale = 0;
            for (let i = 0; i < N; i++) for (let j = 0; j < L; j++) scale += Math.abs(x[(i * C + c) * L + j]);
            if (kind === 'mean') scale /= N * L;
            const tol = (Ctor === Float32Array ? 2 ** -24 : 0) * Math.abs(want[c]) + N * L * 2 ** -53 * scale;
            assert.ok(
              Math.abs(got[c] - want[c]) <= tol,
              `${kind} [${N}, ${C}, ${L}] channel ${c}: ${got[c]} vs ${want[c]}`,
            );
          }
        }
      }
      // NaN and infinities propagate as in the loop.
      const x = new Ctor(100).fill(1);
      x[37] = Infinity;
      const [inf] = bothPaths(
        () => new Ctor(1),
        (out) => reduce('sum', view(x, [100], [1], 0), 1, out),
      );
      assert.equal(inf[0], Infinity);
      x[50] = NaN;
      const [nan] = bothPaths(
        () => new Ctor(1),
        (out) => reduce('sum', view(x, [100], [1], 0), 1, out),
      );
      assert.ok(Number.isNaN(nan[0]));
    });

    it(`the fused Adam step is the JavaScript loop's bit for bit (${Ctor.name})`, () => {
      for (const n of [1, 67, 8192 * 2 + 5]) {
        for (const weight_decay of [0, 0.01]) {
          for (const amsgrad of [false, true]) {
            const r = rng(n);
            const make = (f: () => number): Ctor => {
              const d = new Ctor(n);
              for (let i = 0; i < n; i++) d[i] = f();
              return d;
            };
            const p = make(() => r() - 0.5);
            const g = make(() => (r() < 0.02 ? NaN : r() < 0.02 ? -0 : (r() - 0.5) * 1e-2));
            const m = make(() => (r() - 0.5) * 1e-3);
            const v = make(() => r() * 1e-5);
            const vm = make(() => r() * 1e-5);
            const s = {
              beta1: 0.9,
              omb1: 1 - 0.9,
              beta2: 0.999,
              omb2: 1 - 0.999,
              weight_decay,
              decay: weight_decay === 0 ? 1 : 0.99999,
              eps: 1e-8,
              neg_step_size: -1e-3 / (1 - 0.9 ** 7),
              bias_correction2_sqrt: Math.sqrt(1 - 0.999 ** 7),
              sign: 1,
            };
            const runs = [true, false].map((wasm) => {
              setWasmElementwise(wasm);
              const st = [p.slice(), m.slice(), v.slice(), vm.slice()];
              adam(st[0], g, st[1], st[2], amsgrad ? st[3] : null, s);
              return st;
            });
            setWasmElementwise(true);
            runs[0].forEach((got, k) =>
              assertSame(got, runs[1][k], `adam n=${n} wd=${weight_decay} ams=${amsgrad} #${k}`, 'adam'),
            );
          }
        }
      }
    });
  }

  it('float32 softmax and log_softmax rows agree with the JavaScript loop', () => {
    for (const n of [64, 65, 67, 1001, 4096]) {
      for (const log of [false, true]) {
        const x = data(Float32Array, 3 * n + 1, n).map((v) => (Number.isFinite(v) ? v : 0.25));
        // A row with a NaN, a row with +Inf and one all -Inf (NaN results, as in the loop).
        x[1 + n + 5] = NaN;
        const inf = data(Float32Array, n, 3).fill(-Infinity);
        inf[7] = Infinity;
        for (const [src, rows] of [
          [x, 3],
          [inf, 1],
        ] as const) {
          const [got, want] = bothPaths(
            () => new Float32Array(rows * n),
            (out) => softmax(view(src, [rows, n], [n, 1], src === x ? 1 : 0), log, out),
          );
          // Sums in two float64 lanes instead of one: the float32 results may differ in a last bit.
          for (let i = 0; i < want.length; i++) {
            const g = got[i];
            const w = want[i];
            if (Object.is(g, w) || (g !== g && w !== w)) continue;
            assert.ok(Math.abs(g - w) <= 2 ** -23 * Math.abs(w), `softmax log=${log} n=${n}: ${i}: ${g} vs ${w}`);
          }
        }
      }
    }
  });

  it('float32 comparisons into bool agree with the JavaScript kernels', () => {
    for (const kind of WASM_COMPARE) {
      for (const n of SIZES) {
        const a = data(Float32Array, n + 1, n + 13);
        const b = data(Float32Array, n + 2, n + 14);
        // Equal pairs too, so that eq / le / ge see ties (and -0 against 0).
        for (let i = 0; i < n; i += 5) b[i + 2] = i % 10 === 0 ? a[i + 1] : -a[i + 1];
        for (const [sa, sb] of [
          [1, 1],
          [0, 1],
          [1, 0],
        ]) {
          const [got, want] = bothPaths(
            () => new Uint8Array(n + 1),
            (out) =>
              binary(kind, view(a, [n], [sa], 1), view(b, [n], [sb], 2), {
                data: out,
                shape: [n],
                strides: [1],
                offset: 1,
                dtype: 'bool',
              }),
          );
          assertSame(got, want, `${kind} n=${n} strides ${sa},${sb}`, kind);
        }
      }
    }
  });

  for (const Ctor of [Float32Array, Float64Array]) {
    it(`clamp agrees with the JavaScript loop (${Ctor.name})`, () => {
      for (const n of SIZES) {
        const x = data(Ctor, n + 1, n + 21);
        for (const [lo, hi] of [
          [-1, 1],
          [0.1, 0.3],
          [2, -2],
          [NaN, 0.5],
          [-0.5, NaN],
          [NaN, NaN],
          [-Infinity, 0],
        ]) {
          const [got, want] = bothPaths(
            () => new Ctor(n),
            (out) => clamp(view(x, [n], [1], 1), lo, hi, view(out, [n], [1], 0)),
          );
          assertSame(got, want, `clamp [${lo}, ${hi}] n=${n}`, 'clamp');
        }
      }
    });

    it(`thresholdBackward agrees with the JavaScript loop (${Ctor.name})`, () => {
      for (const n of SIZES) {
        const g = data(Ctor, n, n + 3);
        const x = data(Ctor, n, n + 4);
        for (const threshold of [0, 0.1]) {
          const [got, want] = bothPaths(
            () => new Ctor(n),
            (out) => thresholdBackward(g, x, threshold, out),
          );
          assertSame(got, want, `thresholdBackward n=${n} threshold ${threshold}`, 'threshold');
        }
      }
    });
  }

  it('copy and fill: contiguous fast paths agree with the general loop', () => {
    const src = data(Float32Array, 301, 5);
    const gathered = new Float32Array(150);
    for (let i = 0; i < 150; i++) gathered[i] = src[1 + 2 * i];
    for (const Out of [Float32Array, Float64Array, Int32Array, Uint8Array]) {
      const fast = new Out(151);
      const general = new Out(151);
      copy(view(gathered, [150], [1], 0), { data: fast, shape: [150], strides: [1], offset: 1 }, false);
      copy(view(src, [150], [2], 1), { data: general, shape: [150], strides: [1], offset: 1 }, false);
      assertSame(fast, general, `copy to ${Out.name}`, 'copy');
      const f1 = new Out(10);
      const f2 = new Out(19);
      fill({ data: f1, shape: [2, 5], strides: [5, 1], offset: 0 }, -2.5);
      fill({ data: f2, shape: [2, 5], strides: [10, 2], offset: 0 }, -2.5);
      const picked = new Out(10);
      for (let k = 0; k < 10; k++) picked[k] = f2[2 * k];
      assertSame(f1, picked, `fill ${Out.name}`, 'fill');
    }
    // A one-element source repeated, and an empty copy.
    const rep = new Float32Array(5);
    copy(view(src, [5], [0], 7), view(rep, [5], [1], 0), false);
    assert.deepEqual([...rep], new Array(5).fill(src[7]));
    copy(view(src, [0], [1], 0), view(rep, [0], [1], 0), false);
  });

  for (const precise of [false, true]) {
    it(`exp, log, tanh, sigmoid, sin, cos, erf and gelu stay within their ulp bounds over a float32 sweep (${precise ? 'float64' : 'float32'} lanes)`, () => {
      const ew = createWasmElementwise(precise)!;
      const bound = (kind: string): number => (precise && kind !== 'log' ? 0.5 + 1e-6 : ULP_BOUND[kind]);
      // Every 4099th bit pattern (both signs, denormals, infinities, NaNs) plus the special values.
      const step = 4099;
      const bits = new Uint32Array(Math.ceil(2 ** 32 / step) + SPECIAL.length);
      for (let i = 0; i * step < 2 ** 32; i++) bits[i] = i * step;
      const xs = new Float32Array(bits.buffer);
      xs.set(SPECIAL, xs.length - SPECIAL.length);
      const out = new Float32Array(xs.length);
      for (const kind of ['exp', 'log', 'tanh', 'sigmoid', 'sin', 'cos', 'erf', 'gelu']) {
        assert.ok(ew.unary(kind, xs, 0, out, 0, xs.length));
        let worst = 0;
        let at = 0;
        for (let i = 0; i < xs.length; i++) {
          const ref = REFERENCE[kind](xs[i]);
          const g = out[i];
          if (Number.isNaN(ref)) {
            assert.ok(Number.isNaN(g), `${kind}(${xs[i]}) = ${g}, want NaN`);
            continue;
          }
          const r32 = Math.fround(ref);
          if (!Number.isFinite(r32) || !Number.isFinite(g)) {
            assert.equal(g, r32, `${kind}(${xs[i]})`);
            continue;
          }
          const e = Math.abs(g - ref) / ulpOf(ref);
          if (e > worst) {
            worst = e;
            at = xs[i];
          }
        }
        assert.ok(worst <= bound(kind), `${kind}: ${worst} ulp at ${at}`);
      }
    });
  }

  it('float64 exp, log, tanh and sigmoid stay within their ulp bounds (random bit patterns, a dense range, edges)', () => {
    const ew = createWasmElementwise()!;
    const n = 1 << 17;
    const xs = new Float64Array(n);
    const words = new Uint32Array(xs.buffer);
    const r = rng(7);
    for (let i = 0; i < n; i++) {
      if (i % 2 === 0) {
        words[2 * i] = Math.floor(r() * 2 ** 32);
        words[2 * i + 1] = Math.floor(r() * 2 ** 32);
      } else xs[i] = (i / n - 0.5) * 100;
    }
    const edges = [
      ...SPECIAL,
      5e-324,
      -5e-324,
      2 ** -1022,
      1e-310,
      709.78,
      709.79,
      -745.1,
      -745.2,
      -708.5,
      0.55,
      -0.55,
      0.5499999999999999,
      Math.SQRT2,
      Math.SQRT1_2,
      1.7976931348623157e308,
      20,
      -20,
      Math.LN2 / 2,
    ];
    xs.set(edges, 0);
    const out = new Float64Array(n);
    for (const kind of Object.keys(ULP_BOUND_F64)) {
      const input = kind === 'log' ? xs.map((v, i) => (i % 5 === 0 ? v : Math.abs(v))) : xs;
      assert.ok(ew.unary(kind, input, 0, out, 0, n));
      for (let i = 0; i < n; i++)
        assert.ok(
          closeF64(kind, input[i], out[i]),
          `${kind}(${input[i]}) = ${out[i]}, Math: ${REFERENCE[kind](input[i])}`,
        );
    }
  });

  it('float32 sin and cos: signed zeros, the reduction edges and the large inputs left to Math', () => {
    const ew = createWasmElementwise()!;
    const pi2 = Math.PI / 2;
    const xs = new Float32Array([
      -0,
      0,
      1e-45,
      -1e-45,
      1e-30,
      pi2,
      -pi2,
      Math.PI,
      2 * Math.PI,
      3 * pi2,
      100 * Math.PI,
      TRIG_LIMIT,
      -TRIG_LIMIT,
      TRIG_LIMIT * 1.0001,
      1e6,
      -3e7,
      3.4e38,
      Infinity,
      -Infinity,
      NaN,
      0.7853981,
      0.7853982,
      // A chunk edge: a large input as the last element of a full chunk.
      ...new Array(8192 - 22).fill(0).map((_, i) => i * 0.37 - 1500),
      1e9,
      2.5,
    ]);
    for (const kind of WASM_TRIG) {
      const f = kind === 'sin' ? Math.sin : Math.cos;
      const out = new Float32Array(xs.length);
      assert.ok(ew.unary(kind, xs, 0, out, 0, xs.length));
      for (let i = 0; i < xs.length; i++) {
        const ref = f(xs[i]);
        const g = out[i];
        if (Number.isNaN(ref)) assert.ok(Number.isNaN(g), `${kind}(${xs[i]}) = ${g}`);
        else if (ref === 0 || Math.abs(xs[i]) > TRIG_LIMIT)
          assert.ok(Object.is(g, Math.fround(ref)), `${kind}(${xs[i]}) = ${g}`);
        else assert.ok(Math.abs(g - ref) <= ULP_BOUND[kind] * ulpOf(ref), `${kind}(${xs[i]}) = ${g}, want ${ref}`);
      }
    }
  });

  it('float64 sin, cos and erf stay within their ulp bounds of mpmath; edges, and the large inputs left to Math', () => {
    const ew = createWasmElementwise()!;
    const ulp = (v: number): number => {
      const a = Math.abs(v);
      return a < 2 ** -1022 ? 2 ** -1074 : 2 ** (Math.floor(Math.log2(a)) - 52);
    };
    for (const c of loadFixture<{ name: 'sin' | 'cos' | 'erf'; x: number[]; ref: number[] }>('wasm_f64_accuracy')) {
      const x = Float64Array.from(c.x);
      const out = new Float64Array(x.length);
      assert.ok(ew.unary(c.name, x, 0, out, 0, x.length));
      for (let i = 0; i < x.length; i++) {
        const err = Math.abs(out[i] - c.ref[i]) / ulp(c.ref[i]);
        assert.ok(err <= F64_MPMATH_BOUND[c.name], `${c.name}(${x[i]}) = ${out[i]}, mpmath ${c.ref[i]}: ${err} ulp`);
      }
    }
    const xs = new Float64Array([
      -0,
      0,
      5e-324,
      -5e-324,
      NaN,
      Infinity,
      -Infinity,
      2 ** 20,
      2 ** 20 + 1,
      -1e300,
      6,
      7,
      -30,
    ]);
    for (const kind of ['sin', 'cos', 'erf'] as const) {
      const f = REFERENCE[kind];
      const out = new Float64Array(xs.length);
      assert.ok(ew.unary(kind, xs, 0, out, 0, xs.length));
      for (let i = 0; i < xs.length; i++) {
        const ref = f(xs[i]);
        // Zeros keep their sign; NaN, the infinities' results and the flagged large inputs are Math's.
        if (xs[i] === 0 || !Number.isFinite(xs[i]) || Math.abs(xs[i]) > TRIG_LIMIT_F64 || kind === 'erf')
          assert.ok(Object.is(out[i], ref) || (ref !== ref && out[i] !== out[i]), `${kind}(${xs[i]}) = ${out[i]}`);
        else assert.ok(Math.abs(out[i] - ref) <= 2 * ulp(ref), `${kind}(${xs[i]}) = ${out[i]}, want ${ref}`);
      }
    }
  });
});
