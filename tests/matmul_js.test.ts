// The TypeScript backend's matmul on both of its paths (the WebAssembly SIMD kernels and the scalar
// JavaScript fallback used without WebAssembly or under TENSORGRAD_WASM=0) against a float64 triple
// loop: random batched, transposed, padded, negative- and 0-stride operands, shapes around the
// tile and block edges (MR, NR, KC = 256, the A and B blocks), and NaN / infinity propagation.

import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import type { View } from '../src/backend/backend.js';
import { matmul, setWasmGemm } from '../src/backend/js/matmul.js';
import { createWasmGemm, gemmModule } from '../src/backend/js/wasm/gemm.js';
import type { TypedArray } from '../src/tensor/dtype.js';
import { ctorOf, int, randomView, rng } from './backend_views.js';

/** out[b, i, j] = sum_k a[b, i, k] b[b, k, j] in double, and the same over |a| |b| (the error scale). */
function reference(a: View, b: View): { want: Float64Array; scale: Float64Array } {
  const nd = a.shape.length;
  const [M, K, N] = [a.shape[nd - 2], a.shape[nd - 1], b.shape[nd - 1]];
  const batch = a.shape.slice(0, nd - 2);
  const count = batch.reduce((p, q) => p * q, 1);
  const want = new Float64Array(count * M * N);
  const scale = new Float64Array(count * M * N);
  for (let t = 0; t < count; t++) {
    let pa = a.offset;
    let pb = b.offset;
    for (let d = nd - 3, rest = t; d >= 0; d--) {
      const i = rest % batch[d];
      rest = Math.floor(rest / batch[d]);
      pa += i * a.strides[d];
      pb += i * b.strides[d];
    }
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let s = 0;
        let m = 0;
        for (let k = 0; k < K; k++) {
          const x = a.data[pa + i * a.strides[nd - 2] + k * a.strides[nd - 1]];
          const y = b.data[pb + k * b.strides[nd - 2] + j * b.strides[nd - 1]];
          s += x * y;
          m += Math.abs(x * y);
        }
        want[(t * M + i) * N + j] = s;
        scale[(t * M + i) * N + j] = m;
      }
    }
  }
  return { want, scale };
}

function check(a: View, b: View, f32: boolean, label: string): void {
  const { want, scale } = reference(a, b);
  const got = new (ctorOf(f32 ? 'float32' : 'float64'))(want.length);
  got.fill(NaN);
  matmul(a, b, got);
  const K = a.shape[a.shape.length - 1];
  // Summation error bound for K terms in the operands' precision (float32 sums in float32).
  const eps = f32 ? 2 ** -24 : 2 ** -53;
  for (let i = 0; i < want.length; i++) {
    const w = f32 ? Math.fround(want[i]) : want[i];
    const g = got[i];
    if (Object.is(g, w) || (Number.isNaN(w) && Number.isNaN(g))) continue;
    const bound = (K + 2) * eps * scale[i] + 1e-30;
    if (Number.isFinite(w) && Math.abs(g - w) <= bound) continue;
    assert.fail(`${label}: element ${i}: got ${g}, want ${w} (bound ${bound})`);
  }
}

const finiteish = (v: number): number => (Number.isFinite(v) && Math.abs(v) >= 1e6 ? 1 : v);
const finite = (v: number): number => (Number.isFinite(v) && Math.abs(v) < 1e6 ? v : 1);

describe('the WebAssembly GEMM module', () => {
  it('validates, and stays small enough for a browser main thread to compile (4 KiB)', () => {
    const bytes = gemmModule();
    assert.ok(WebAssembly.validate(bytes));
    assert.ok(bytes.length <= 4096, `${bytes.length} bytes`);
  });
});

for (const path of ['wasm', 'scalar'] as const) {
  describe(`js matmul (${path} path)`, () => {
    after(() => setWasmGemm(true));

    it('is the path under test', () => {
      // Node 20 has WebAssembly SIMD: the wasm path must really be taken there.
      assert.equal(setWasmGemm(path === 'wasm'), path === 'wasm');
    });

    it('random batched and strided operands (float32 and float64)', () => {
      setWasmGemm(path === 'wasm');
      const r = rng(21);
      for (const f32 of [true, false]) {
        for (let t = 0; t < 60; t++) {
          const batch = t < 40 ? [] : Array.from({ length: int(r, 1, 2) }, () => int(r, 1, 3));
          const [M, K, N] = [int(r, 1, 40), int(r, 1, 70), int(r, 1, 40)];
          const kind = f32 ? 'float32' : 'float64';
          const a = randomView(r, kind, [...batch, M, K], { broadcast: true, domain: finite });
          const b = randomView(r, kind, [...batch, K, N], { broadcast: true, domain: finite });
          check(a, b, f32, `${kind} [${batch}] ${M}x${K}x${N}`);
        }
      }
    });

    it('shapes across the tile, K-slice and A-block edges', () => {
      setWasmGemm(path === 'wasm');
      const r = rng(22);
      const shapes = [
        [1, 300, 1],
        [1, 64, 100],
        [100, 64, 1],
        [16, 25, 700],
        [700, 25, 16],
        [16, 600, 25],
        [33, 257, 17],
        [130, 513, 9],
        [400, 32, 70],
        [5, 1, 300],
        [600, 300, 5],
        [9, 300, 600],
        [7, 270, 300],
      ];
      for (const f32 of [true, false]) {
        for (const [M, K, N] of shapes) {
          const kind = f32 ? 'float32' : 'float64';
          const a = randomView(r, kind, [M, K], { domain: finite });
          const b = randomView(r, kind, [K, N], { domain: finite });
          check(a, b, f32, `${kind} ${M}x${K}x${N}`);
        }
      }
    });

    it('row- and column-major operands, dense, padded and sliced out of wider ones', () => {
      setWasmGemm(path === 'wasm');
      const r = rng(24);
      const [M, K, N] = [37, 300, 290];
      /** An [R, C] view stored row-major or transposed, its rows padded by `pad`. */
      const stored = (kind: 'float32' | 'float64', R: number, C: number, rowMajor: boolean, pad: number): View => {
        const v = randomView(r, kind, [R * C + (rowMajor ? R : C) * pad], { contiguous: true, domain: finite });
        const strides = rowMajor ? [C + pad, 1] : [1, R + pad];
        return { data: v.data, shape: [R, C], strides, offset: 0 };
      };
      for (const kind of ['float32', 'float64'] as const) {
        for (const aRow of [true, false]) {
          for (const bRow of [true, false]) {
            for (const pad of [0, 3, 700]) {
              const a = stored(kind, M, K, aRow, pad);
              const b = stored(kind, K, N, bRow, pad);
              check(a, b, kind === 'float32', `${kind} A ${aRow ? 'row' : 'col'} B ${bRow ? 'row' : 'col'} pad ${pad}`);
            }
          }
        }
      }
    });

    it("a shared A times adjacent column blocks of one matrix (conv2d's per-sample products): each sample's product bit for bit", () => {
      setWasmGemm(path === 'wasm');
      const r = rng(26);
      for (const kind of ['float32', 'float64'] as const) {
        for (const [batch, M, K, L, pad] of [
          [64, 16, 26, 576, 0],
          [5, 32, 401, 64, 0],
          [3, 7, 300, 9, 5],
          [2, 1, 1, 1, 0],
        ]) {
          const a = randomView(r, kind, [M, K], { contiguous: true, domain: finite });
          const row = batch * L + pad;
          const big = randomView(r, kind, [K * row], { contiguous: true, domain: finite });
          const got = new (ctorOf(kind))(batch * M * L);
          matmul(
            { data: a.data, shape: [batch, M, K], strides: [0, K, 1], offset: a.offset },
            { data: big.data, shape: [batch, K, L], strides: [L, row, 1], offset: big.offset },
            got,
          );
          for (let t = 0; t < batch; t++) {
            const want = new (ctorOf(kind))(M * L);
            matmul(a, { data: big.data, shape: [K, L], strides: [row, 1], offset: big.offset + t * L }, want);
            assert.deepEqual(
              got.subarray(t * M * L, (t + 1) * M * L),
              want,
              `${kind} sample ${t} of ${batch}x${M}x${K}x${L}`,
            );
          }
        }
      }
    });

    it("a batch of products (conv2d's per-sample weight gradients, shared and transposed operands): each product bit for bit as alone", () => {
      setWasmGemm(path === 'wasm');
      const r = rng(27);
      for (const kind of ['float32', 'float64'] as const) {
        // [batch, M, K, N, A's batch stride kind, B transposed]: 'wide' slices A's rows out of one
        // [M, batch·K] matrix as conv2d's columns are; 'shared' gives A batch stride 0.
        for (const [batch, M, K, N, aKind, tb] of [
          [64, 25, 576, 16, 'wide', true],
          [6, 9, 300, 70, 'dense', false],
          [5, 40, 33, 7, 'shared', true],
          [3, 1, 5, 1, 'dense', false],
          [4, 130, 20, 300, 'wide', false],
          // More products than one batched job takes (MAX_BATCH): two jobs, on the threads.
          [70000, 2, 8, 8, 'dense', false],
        ] as const) {
          const aRow = aKind === 'wide' ? batch * K : K;
          const aData = randomView(r, kind, [aKind === 'shared' ? M * K : batch * M * K], {
            contiguous: true,
            domain: finite,
          }).data;
          const bData = randomView(r, kind, [batch * K * N], { contiguous: true, domain: finite }).data;
          const aT = aKind === 'wide' ? K : aKind === 'shared' ? 0 : M * K;
          const bS = tb ? [1, K] : [N, 1];
          const got = new (ctorOf(kind))(batch * M * N);
          matmul(
            { data: aData, shape: [batch, M, K], strides: [aT, aRow, 1], offset: 0 },
            { data: bData, shape: [batch, K, N], strides: [K * N, bS[0], bS[1]], offset: 0 },
            got,
          );
          for (let t = 0; t < batch; t++) {
            const want = new (ctorOf(kind))(M * N);
            matmul(
              { data: aData, shape: [M, K], strides: [aRow, 1], offset: t * aT },
              { data: bData, shape: [K, N], strides: bS, offset: t * K * N },
              want,
            );
            assert.deepEqual(
              got.subarray(t * M * N, (t + 1) * M * N),
              want,
              `${kind} product ${t} of ${batch}x${M}x${K}x${N}`,
            );
          }
        }
      }
    });

    it('NaN and infinities propagate', () => {
      setWasmGemm(path === 'wasm');
      const r = rng(23);
      for (const f32 of [true, false]) {
        for (let t = 0; t < 30; t++) {
          const [M, K, N] = [int(r, 1, 30), int(r, 1, 30), int(r, 1, 30)];
          const kind = f32 ? 'float32' : 'float64';
          const a = randomView(r, kind, [M, K], { domain: finiteish });
          const b = randomView(r, kind, [K, N], { domain: finiteish });
          check(a, b, f32, `${kind} ${M}x${K}x${N} with specials`);
        }
      }
    });

    it('K = 0 gives zeros and empty products write nothing', () => {
      setWasmGemm(path === 'wasm');
      const empty = (shape: number[], data: TypedArray): View => ({
        data,
        shape,
        strides: [shape[1], 1],
        offset: 0,
      });
      const out = new Float32Array(12).fill(7);
      matmul(empty([3, 0], new Float32Array(0)), empty([0, 4], new Float32Array(0)), out);
      assert.deepEqual([...out], new Array(12).fill(0));
      const none = new Float32Array(0);
      matmul(empty([0, 5], new Float32Array(0)), empty([5, 4], new Float32Array(20)), none);
    });
  });
}

describe('the WebAssembly GEMM on worker threads', () => {
  it('gives the same products bit for bit on 1 and 2 threads', async (t) => {
    const gemm = createWasmGemm();
    assert.ok(gemm !== null);
    gemm.setThreads(2);
    if (gemm.threads() < 2) {
      t.skip('this engine cannot run WebAssembly workers');
      return;
    }
    // [M, K, N, A transposed, B transposed]: products at and above THREAD_MIN_MACS, odd sizes.
    const cases: [number, number, number, boolean, boolean][] = [
      [256, 256, 128, false, false],
      [129, 513, 201, false, false],
      [77, 300, 700, true, false],
      [300, 257, 333, false, true],
      [64, 784, 256, true, true],
      [1000, 90, 95, false, false],
      [8, 2000, 600, false, false],
      [5, 3, 7, false, false],
      // Split by rows with B kept packed per thread; by columns with A too large to keep.
      [2000, 300, 40, false, true],
      [900, 2000, 100, true, false],
    ];
    const run = (f32: boolean, c: (typeof cases)[number], threads: number): TypedArray => {
      const [M, K, N, ta, tb] = c;
      const kind = f32 ? 'float32' : 'float64';
      const a = randomView(rng(M * K), kind, [M * K], { contiguous: true, domain: finite });
      const b = randomView(rng(K * N), kind, [K * N], { contiguous: true, domain: finite });
      const out = new (ctorOf(kind))(M * N);
      gemm.setThreads(threads);
      const ok = gemm.gemm(a.data, 0, ta ? 1 : K, ta ? M : 1, b.data, 0, tb ? 1 : N, tb ? K : 1, out, 0, M, N, K);
      assert.ok(ok);
      // Against the product in float64 (every case: which thread runs a part must not matter, and
      // neither may the split, so both thread counts are also checked against the definition).
      const tol = f32 ? 1e-4 : 1e-12;
      for (let i = 0; i < M; i += Math.max(1, M >> 3)) {
        for (let j = 0; j < N; j++) {
          let sum = 0;
          let mag = 0;
          for (let k = 0; k < K; k++) {
            const p = Number(a.data[ta ? k * M + i : i * K + k]) * Number(b.data[tb ? j * K + k : k * N + j]);
            sum += p;
            mag += Math.abs(p);
          }
          assert.ok(Math.abs(Number(out[i * N + j]) - sum) <= tol * mag + 1e-30, `${kind} ${c} at ${i},${j}`);
        }
      }
      return out;
    };
    // The first large product starts the worker; wait until it is ready.
    run(true, cases[0], 2);
    for (let i = 0; i < 600 && gemm.readyWorkers() === 0; i++) await new Promise((ok) => setTimeout(ok, 50));
    assert.ok(gemm.readyWorkers() >= 1, 'the worker never became ready');
    for (const f32 of [true, false]) {
      for (const c of cases) {
        const one = run(f32, c, 1);
        const two = run(f32, c, 2);
        assert.deepEqual(two, one, `${f32 ? 'float32' : 'float64'} ${c}`);
      }
    }
    // A batch of products as one job (conv2d's per-sample weight gradients: A's rows sliced out of
    // one wide matrix, B transposed), the products shared out over the threads.
    const [count, M, K, N] = [64, 25, 576, 16];
    const a = randomView(rng(5), 'float32', [M * count * K], { contiguous: true, domain: finite }).data;
    const b = randomView(rng(6), 'float32', [count * K * N], { contiguous: true, domain: finite }).data;
    const batched = (threads: number): TypedArray => {
      const out = new Float32Array(count * M * N);
      gemm.setThreads(threads);
      assert.ok(gemm.gemm(a, 0, count * K, 1, b, 0, 1, K, out, 0, M, N, K, N, { count, a: K, b: K * N }));
      return out;
    };
    assert.deepEqual(batched(2), batched(1), 'a batch of 64 products');
  });
});
