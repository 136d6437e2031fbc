// Matrix products on the WebAssembly SIMD micro-kernels (kernel.ts), BLIS-style: for each kc-deep
// slice of K, all of B's slice is packed into NR-wide panels and then A's rows, MC at a time, into
// MR-tall panels, and one kernel call sweeps the block of C. Packing (JavaScript writing into
// views of the module's memory) reads any strides, so transposed and broadcast operands cost
// nothing extra. C lives in the memory padded to whole tiles and is copied out at the end. One
// memory serves every call; it only grows.

import type { TypedArray } from '../../../tensor/dtype.js';
import { moduleBytes } from './emit.js';
import { gemmKernel, type KernelShape } from './kernel.js';

type Kernel = (
  ap: number,
  bp: number,
  cp: number,
  mBlocks: number,
  nBlocks: number,
  kc: number,
  ldc: number,
  accumulate: number,
) => void;

const KC = 256;
/** Bytes of packed A per block (rows of A are packed MC at a time): about half of L2. */
const A_BLOCK_BYTES = 128 * 1024;
const PAGE = 65536;

export const F32_SHAPE: KernelShape = { bytes: 4, mr: 4, nv: 2, unroll: 2 };
export const F64_SHAPE: KernelShape = { bytes: 8, mr: 4, nv: 2, unroll: 2 };

export interface WasmGemm {
  /** C[M, N] (contiguous from cOff) := A[M, K] * B[K, N], any strides; K >= 1. */
  gemm(
    a: TypedArray,
    aOff: number,
    sa0: number,
    sa1: number,
    b: TypedArray,
    bOff: number,
    sb0: number,
    sb1: number,
    c: TypedArray,
    cOff: number,
    M: number,
    N: number,
    K: number,
  ): void;
}

interface Typed {
  kernel: Kernel;
  mr: number;
  nr: number;
  bytes: number;
}

/** The kernels compiled into one module over a fresh memory, or null without WebAssembly SIMD. */
export function createWasmGemm(f32: KernelShape = F32_SHAPE, f64: KernelShape = F64_SHAPE): WasmGemm | null {
  const wasm = (globalThis as { WebAssembly?: typeof WebAssembly }).WebAssembly;
  if (wasm === undefined) return null;
  const bytes = moduleBytes([
    { name: 'f32', body: gemmKernel(f32) },
    { name: 'f64', body: gemmKernel(f64) },
  ]);
  if (!wasm.validate(bytes)) return null;
  const memory = new wasm.Memory({ initial: 1 });
  let instance: WebAssembly.Instance;
  try {
    instance = new wasm.Instance(new wasm.Module(bytes), { env: { memory } });
  } catch {
    return null;
  }
  const kinds: Typed[] = [f32, f64].map((s, i) => ({
    kernel: instance.exports[i === 0 ? 'f32' : 'f64'] as Kernel,
    mr: s.mr,
    nr: (s.nv * 16) / s.bytes,
    bytes: s.bytes,
  }));
  let view32 = new Float32Array(memory.buffer);
  let view64 = new Float64Array(memory.buffer);

  function reserve(bytes: number): void {
    const have = memory.buffer.byteLength;
    if (bytes <= have) return;
    memory.grow(Math.ceil((bytes - have) / PAGE));
    view32 = new Float32Array(memory.buffer);
    view64 = new Float64Array(memory.buffer);
  }

  return {
    gemm(a, aOff, sa0, sa1, b, bOff, sb0, sb1, c, cOff, M, N, K) {
      const t = c instanceof Float32Array ? kinds[0] : kinds[1];
      const { mr, nr } = t;
      // C = A B or, when its tiles pad less, Cᵀ = Bᵀ Aᵀ (N = 25 fits MR = 5 better than NR = 8).
      const padded = (m: number, n: number): number => Math.ceil(m / mr) * mr * Math.ceil(n / nr) * nr;
      const swap = padded(N, M) < padded(M, N);
      if (swap) {
        [a, aOff, sa0, sa1, b, bOff, sb0, sb1] = [b, bOff, sb1, sb0, a, aOff, sa1, sa0];
        [M, N] = [N, M];
      }
      const mBlocks = Math.ceil(M / mr);
      const nBlocks = Math.ceil(N / nr);
      const ldc = nBlocks * nr;
      const kcMax = Math.min(KC, K);
      const mcMax = Math.min(mBlocks * mr, Math.max(mr, Math.floor(A_BLOCK_BYTES / (kcMax * t.bytes) / mr) * mr));
      // Element offsets in the memory: C, then the packed B slice, then the packed A block.
      const cBase = 0;
      const bBase = cBase + mBlocks * mr * ldc;
      const aBase = bBase + ldc * kcMax;
      reserve((aBase + mcMax * kcMax) * t.bytes);
      const mem = t.bytes === 4 ? view32 : view64;
      for (let k0 = 0; k0 < K; k0 += KC) {
        const kc = Math.min(KC, K - k0);
        packB(b, bOff + k0 * sb0, sb0, sb1, N, kc, nr, mem, bBase);
        for (let i0 = 0; i0 < M; i0 += mcMax) {
          const mc = Math.min(mcMax, M - i0);
          packA(a, aOff + i0 * sa0 + k0 * sa1, sa0, sa1, mc, kc, mr, mem, aBase);
          t.kernel(
            aBase * t.bytes,
            bBase * t.bytes,
            (cBase + i0 * ldc) * t.bytes,
            Math.ceil(mc / mr),
            nBlocks,
            kc,
            ldc * t.bytes,
            k0 > 0 ? 1 : 0,
          );
        }
      }
      if (swap) {
        // This C is the transpose of the caller's [N, M] = [this M's columns, rows].
        for (let j = 0; j < N; j++) {
          let src = cBase + j;
          const dst = cOff + j * M;
          for (let i = 0; i < M; i++, src += ldc) c[dst + i] = mem[src];
        }
      } else if (ldc === N) {
        c.set(mem.subarray(cBase, cBase + M * N), cOff);
      } else {
        for (let i = 0; i < M; i++) {
          const src = cBase + i * ldc;
          const dst = cOff + i * N;
          for (let j = 0; j < N; j++) c[dst + j] = mem[src + j];
        }
      }
    },
  };
}

/** Packs rows [0, mc) x cols [0, kc) of A (from off) as MR-tall panels, each [kc][MR], zero-padded. */
function packA(
  a: TypedArray,
  off: number,
  sa0: number,
  sa1: number,
  mc: number,
  kc: number,
  mr: number,
  dst: Float32Array | Float64Array,
  base: number,
): void {
  for (let i0 = 0; i0 < mc; i0 += mr) {
    const rows = Math.min(mr, mc - i0);
    const panel = base + i0 * kc;
    const src0 = off + i0 * sa0;
    if (rows === mr && Math.abs(sa0) <= Math.abs(sa1)) {
      // A's columns are the contiguous direction: copy MR values per k.
      for (let k = 0, d = panel, s = src0; k < kc; k++, s += sa1) {
        for (let r = 0, q = s; r < mr; r++, q += sa0) dst[d++] = a[q];
      }
    } else {
      for (let r = 0; r < rows; r++) {
        for (let k = 0, d = panel + r, s = src0 + r * sa0; k < kc; k++, d += mr, s += sa1) dst[d] = a[s];
      }
      for (let r = rows; r < mr; r++) for (let k = 0, d = panel + r; k < kc; k++, d += mr) dst[d] = 0;
    }
  }
}

/** Packs rows [0, kc) x cols [0, n) of B (from off) as NR-wide panels, each [kc][NR], zero-padded. */
function packB(
  b: TypedArray,
  off: number,
  sb0: number,
  sb1: number,
  n: number,
  kc: number,
  nr: number,
  dst: Float32Array | Float64Array,
  base: number,
): void {
  for (let j0 = 0; j0 < n; j0 += nr) {
    const cols = Math.min(nr, n - j0);
    const panel = base + j0 * kc;
    const src0 = off + j0 * sb1;
    if (cols === nr && Math.abs(sb1) <= Math.abs(sb0)) {
      for (let k = 0, d = panel, s = src0; k < kc; k++, s += sb0) {
        for (let c = 0, q = s; c < nr; c++, q += sb1) dst[d++] = b[q];
      }
    } else {
      for (let c = 0; c < cols; c++) {
        for (let k = 0, d = panel + c, s = src0 + c * sb1; k < kc; k++, d += nr, s += sb0) dst[d] = b[s];
      }
      for (let c = cols; c < nr; c++) for (let k = 0, d = panel + c; k < kc; k++, d += nr) dst[d] = 0;
    }
  }
}
