// Matrix products. They run on the WebAssembly SIMD kernels (wasm/gemm.ts), accumulating in the
// operands' precision as BLAS does; these beat the scalar code below at every size measured, down
// to 4x4x4 (bench/gemm_js.ts). The fallback, for engines without WebAssembly SIMD, under
// TENSORGRAD_WASM=0 and for a product too large for a 32-bit memory, is plain JavaScript: operands are packed into Float64Array panels (4 rows of A / 4 columns of B
// interleaved per k), and a 4x4 register tile of C accumulates over a block of K in double. This
// keeps every inner-loop load sequential and gives V8 sixteen accumulators to hold in registers;
// the naive triple loop is several times slower.

import type { View } from '../backend.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { createWasmGemm, MAX_BATCH, type WasmGemm } from './wasm/gemm.js';

const wasmDisabled = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
  ?.TENSORGRAD_WASM;
let wasm: WasmGemm | null = wasmDisabled === '0' ? null : createWasmGemm();
let threads = defaultThreads();
wasm?.setThreads(threads);

/** The processors the engine reports (navigator.hardwareConcurrency, or Node's os module), at least 1. */
function defaultThreads(): number {
  const g = globalThis as {
    navigator?: { hardwareConcurrency?: number };
    process?: { getBuiltinModule?: (id: string) => unknown };
  };
  const hc = g.navigator?.hardwareConcurrency;
  if (typeof hc === 'number' && hc >= 1) return hc;
  const os = g.process?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number } | undefined;
  return Math.max(1, os?.availableParallelism?.() ?? 1);
}

/**
 * @internal Turns the WebAssembly kernels on (when the engine supports them) or off; returns
 * whether they are now in use. Tests run the conformance checks both ways.
 */
export function setWasmGemm(enabled: boolean): boolean {
  wasm = enabled ? (wasm ?? createWasmGemm()) : null;
  wasm?.setThreads(threads);
  return wasm !== null;
}

/**
 * The threads large matrix products may use (torch.set_num_threads on this backend); the GEMM runs
 * on fewer where the engine cannot start workers (matmulThreads says how many it can).
 */
export function setMatmulThreads(n: number): void {
  threads = n;
  wasm?.setThreads(n);
}

/** Threads a large product on this backend is split over now: 1 without WebAssembly workers. */
export function matmulThreads(): number {
  return wasm?.threads() ?? 1;
}

/**
 * Elements of output, and of operands, a batched job holds in the WebAssembly memory at once (16 and
 * 32 MiB of float32): the memory never shrinks, so a batch is not staged whole when one product at a
 * time would need far less.
 */
const BATCH_OUTPUT = 2 ** 22;
const BATCH_INPUT = 2 ** 23;

const MR = 4;
const NR = 4;
const KC = 256;

/** Packs rows [i0, i0+mr) x cols [k0, k0+kc) of A (strides sa0, sa1) as [k][MR], zero-padded. */
function packA(
  a: ArrayLike<number>,
  off: number,
  sa0: number,
  sa1: number,
  i0: number,
  mr: number,
  k0: number,
  kc: number,
  buf: Float64Array,
): void {
  let p = 0;
  for (let k = 0; k < kc; k++) {
    const col = off + (k0 + k) * sa1;
    for (let r = 0; r < MR; r++) buf[p++] = r < mr ? a[col + (i0 + r) * sa0] : 0;
  }
}

/** Packs rows [k0, k0+kc) x cols [j0, j0+nr) of B as [k][NR], zero-padded. */
function packB(
  b: ArrayLike<number>,
  off: number,
  sb0: number,
  sb1: number,
  j0: number,
  nr: number,
  k0: number,
  kc: number,
  buf: Float64Array,
): void {
  let p = 0;
  for (let k = 0; k < kc; k++) {
    const row = off + (k0 + k) * sb0;
    for (let c = 0; c < NR; c++) buf[p++] = c < nr ? b[row + (j0 + c) * sb1] : 0;
  }
}

function gemm2d(
  a: ArrayLike<number>,
  aOff: number,
  sa0: number,
  sa1: number,
  b: ArrayLike<number>,
  bOff: number,
  sb0: number,
  sb1: number,
  c: TypedArray,
  cOff: number,
  M: number,
  N: number,
  K: number,
): void {
  const acc = new Float64Array(M * N);
  const mBlocks = Math.ceil(M / MR);
  const nBlocks = Math.ceil(N / NR);
  const Ap = new Float64Array(mBlocks * MR * Math.min(KC, K));
  const Bp = new Float64Array(nBlocks * NR * Math.min(KC, K));
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = Math.min(KC, K - k0);
    for (let ib = 0; ib < mBlocks; ib++) {
      const i0 = ib * MR;
      packA(a, aOff, sa0, sa1, i0, Math.min(MR, M - i0), k0, kc, Ap.subarray(ib * MR * kc, (ib + 1) * MR * kc));
    }
    for (let jb = 0; jb < nBlocks; jb++) {
      const j0 = jb * NR;
      packB(b, bOff, sb0, sb1, j0, Math.min(NR, N - j0), k0, kc, Bp.subarray(jb * NR * kc, (jb + 1) * NR * kc));
    }
    for (let ib = 0; ib < mBlocks; ib++) {
      const i0 = ib * MR;
      const mr = Math.min(MR, M - i0);
      const pa0 = ib * MR * kc;
      for (let jb = 0; jb < nBlocks; jb++) {
        const j0 = jb * NR;
        const nr = Math.min(NR, N - j0);
        let pa = pa0;
        let pb = jb * NR * kc;
        let c00 = 0,
          c01 = 0,
          c02 = 0,
          c03 = 0;
        let c10 = 0,
          c11 = 0,
          c12 = 0,
          c13 = 0;
        let c20 = 0,
          c21 = 0,
          c22 = 0,
          c23 = 0;
        let c30 = 0,
          c31 = 0,
          c32 = 0,
          c33 = 0;
        for (let k = 0; k < kc; k++) {
          const a0 = Ap[pa],
            a1 = Ap[pa + 1],
            a2 = Ap[pa + 2],
            a3 = Ap[pa + 3];
          const b0 = Bp[pb],
            b1 = Bp[pb + 1],
            b2 = Bp[pb + 2],
            b3 = Bp[pb + 3];
          c00 += a0 * b0;
          c01 += a0 * b1;
          c02 += a0 * b2;
          c03 += a0 * b3;
          c10 += a1 * b0;
          c11 += a1 * b1;
          c12 += a1 * b2;
          c13 += a1 * b3;
          c20 += a2 * b0;
          c21 += a2 * b1;
          c22 += a2 * b2;
          c23 += a2 * b3;
          c30 += a3 * b0;
          c31 += a3 * b1;
          c32 += a3 * b2;
          c33 += a3 * b3;
          pa += MR;
          pb += NR;
        }
        const tile = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
        for (let r = 0; r < mr; r++) {
          const row = (i0 + r) * N + j0;
          for (let q = 0; q < nr; q++) acc[row + q] += tile[r * NR + q];
        }
      }
    }
  }
  for (let i = 0; i < M * N; i++) c[cOff + i] = acc[i];
}

export function matmul(a: View, b: View, out: TypedArray): void {
  const nd = a.shape.length;
  const M = a.shape[nd - 2];
  const K = a.shape[nd - 1];
  const N = b.shape[nd - 1];
  const batchShape = a.shape.slice(0, nd - 2);
  const batch = batchShape.reduce((x, y) => x * y, 1);
  const index = new Array<number>(batchShape.length).fill(0);
  let pa = a.offset;
  let pb = b.offset;
  const [sa0, sa1, sb0, sb1] = [a.strides[nd - 2], a.strides[nd - 1], b.strides[nd - 2], b.strides[nd - 1]];
  const fast = wasm !== null && M * N * K > 0 ? wasm : null;
  // A shared A (batch stride 0) times Bs that are adjacent column blocks of one row-major matrix
  // (conv2d's per-sample products over its columns): one product over all the blocks, whose
  // packing of A and B is then done once instead of once per sample.
  if (
    fast !== null &&
    nd === 3 &&
    batch > 1 &&
    a.strides[0] === 0 &&
    sb1 === 1 &&
    b.strides[0] === N &&
    sb0 >= batch * N &&
    fast.gemm(a.data, pa, sa0, sa1, b.data, pb, sb0, 1, out, 0, M, batch * N, K, N)
  ) {
    return;
  }
  // One batch dim: the products as batched jobs (staged together, shared out over the threads), in
  // chunks that stay within BATCH_OUTPUT and BATCH_INPUT elements of the WebAssembly memory.
  if (fast !== null && nd === 3 && batch > 1) {
    const chunk = Math.max(
      1,
      Math.min(MAX_BATCH, Math.floor(BATCH_OUTPUT / (M * N)), Math.floor(BATCH_INPUT / (M * K + K * N))),
    );
    let t = 0;
    for (; t < batch; t += chunk) {
      const count = Math.min(chunk, batch - t);
      const [ta, tb] = [pa + t * a.strides[0], pb + t * b.strides[0]];
      const run = { count, a: a.strides[0], b: b.strides[0] };
      if (
        count === 1
          ? !fast.gemm(a.data, ta, sa0, sa1, b.data, tb, sb0, sb1, out, t * M * N, M, N, K)
          : !fast.gemm(a.data, ta, sa0, sa1, b.data, tb, sb0, sb1, out, t * M * N, M, N, K, N, run)
      )
        break;
    }
    if (t >= batch) return;
    // The rest (a layout the batch cannot stage, or no memory) one product at a time, as below.
    for (; t < batch; t++) {
      const [ta, tb, c0] = [pa + t * a.strides[0], pb + t * b.strides[0], t * M * N];
      if (!fast.gemm(a.data, ta, sa0, sa1, b.data, tb, sb0, sb1, out, c0, M, N, K)) {
        gemm2d(a.data, ta, sa0, sa1, b.data, tb, sb0, sb1, out, c0, M, N, K);
      }
    }
    return;
  }
  for (let t = 0; t < batch; t++) {
    const c0 = t * M * N;
    if (fast === null || !fast.gemm(a.data, pa, sa0, sa1, b.data, pb, sb0, sb1, out, c0, M, N, K)) {
      gemm2d(a.data, pa, sa0, sa1, b.data, pb, sb0, sb1, out, c0, M, N, K);
    }
    for (let d = batchShape.length - 1; d >= 0; d--) {
      pa += a.strides[d];
      pb += b.strides[d];
      if (++index[d] < batchShape[d]) break;
      pa -= a.strides[d] * batchShape[d];
      pb -= b.strides[d] * batchShape[d];
      index[d] = 0;
    }
  }
}
