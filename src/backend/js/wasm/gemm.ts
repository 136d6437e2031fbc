// Matrix products on the WebAssembly SIMD micro-kernels (kernel.ts), BLIS-style. Both operands
// are first copied into the module's memory as they are laid out (one bulk copy when they are
// dense row- or column-major, as products of contiguous tensors and their transposes are; other
// views are gathered densely by JavaScript). Then for each block of NC columns of B and each
// kc-deep slice of K, that kc x NC block of B is packed into NR-wide panels and A's rows, MC at a
// time, into MR-tall panels (pack.ts, in WebAssembly too), and one kernel call sweeps that block
// of C. C lives in the memory padded to
// whole tiles and is copied out at the end. One memory serves every call; it only grows.

import type { TypedArray } from '../../../tensor/dtype.js';
import { MAX_PAGES, moduleBytes } from './emit.js';
import { gemmKernel, type KernelShape } from './kernel.js';
import { copyPanels, gatherPanels } from './pack.js';
import { createPool, MAX_WORKERS, poolSupported, type Pool } from './pool.js';

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
/** Bytes of packed B per block (B is packed NC columns at a time, to be still in L2 when used). */
const B_BLOCK_BYTES = 256 * 1024;
/**
 * Bytes of the operand a thread packs once and keeps for all its parts (whole A when C is split by
 * columns, whole B by rows): at most about half of a core's L2.
 */
const CACHE_BYTES = 512 * 1024;
const PAGE = 65536;
/** The most a 32-bit memory can address. */
const MAX_BYTES = 2 ** 32;

// Measured best on Zen 1 (bench/gemm_js.ts) among 2-8 rows by 1-4 vectors.
export const F32_SHAPE: KernelShape = { bytes: 4, mr: 4, nv: 2 };
export const F64_SHAPE: KernelShape = { bytes: 8, mr: 4, nv: 2 };

export interface WasmGemm {
  /**
   * C[M, N] (contiguous from cOff) := A[M, K] * B[K, N], any strides; M, N, K >= 1. Returns false,
   * having done nothing, when the memory cannot grow to the size the product needs. With `block`
   * (a divisor of N), C is written as N / block blocks of its columns one after another, each
   * [M, block] contiguous: a batch of products that share A and whose Bs are adjacent column
   * blocks of one matrix, done as one product.
   */
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
    block?: number,
    batch?: Batch,
  ): boolean;
  /** Threads a large product is split over (1 where the engine cannot run workers). */
  threads(): number;
  /** Sets threads(); workers start at the first product that can use them, asynchronously. */
  setThreads(n: number): void;
  /** Workers started and ready to take a share of a product now. */
  readyWorkers(): number;
}

/**
 * A batch of products of one shape, `count` of them: product t's A starts `a` elements after the
 * first's and its B `b` elements after (strides at least 0), and its C is the t-th [M, N] block
 * after cOff. The products are staged together (each operand's whole span in one copy, which is
 * refused when that span is more than about twice the operands' elements) and their parts shared
 * out as one job: a per-sample loop of small products (conv2d's weight gradient) runs on the
 * threads, without a call per product.
 */
/** Products in one batch at most: a job's parts are numbered in 20 bits (pool.ts). */
export const MAX_BATCH = 2 ** 16;

export interface Batch {
  count: number;
  a: number;
  b: number;
}

/** Products with fewer multiply-adds than this run on the calling thread alone. */
export const THREAD_MIN_MACS = 2 ** 23;

type Pack = (src: number, ld: number, dst: number, panels: number, kc: number, rows: number) => void;

/**
 * The blocked product, a pool job (self-contained: see pool.ts). C is cut into parts of PART columns
 * (split 0) or PART rows (split 1), whole panels; each thread claims parts until none are left.
 * Split by columns: for each block of NC columns of the part and each kc-deep slice of K, that block
 * of B is packed into NR-wide panels and A's rows, MC at a time, into MR-tall panels, and one kernel
 * call sweeps that block of C. Split by rows: for each kc-deep slice and each block of MC rows of
 * the part, the rows of A are packed, then one kernel call per block of NC columns of B. With
 * `cache`, the operand every part reads whole (A when split by columns, B by rows) is packed once
 * per thread into its area (all of K) by the thread's first part and read from there by the
 * others, instead of being packed again for every part. The ints from `at` are: element type (0
 * float32, 1 float64), MR, NR, A's base, pitch and row-majorness, the same for B, C's base and pitch,
 * M, K, N, PART, the first packing area, the size of one, MC, NC, KC, split, cache, the
 * elements of a thread's area that hold packed A (packed B follows), and for a batch of products
 * (Batch) their count, the parts per product (part index i is part i mod that of product i / that)
 * and the distances from one product's A, B and C to the next. Offsets, pitches and sizes are in
 * elements. Every element of C is computed by the same operations in the same order whatever
 * the split, the cache and the thread that runs it.
 */
export function gemmJob(ex: WebAssembly.Exports, q: Int32Array, at: number, thread: number, claim: () => number): void {
  const tag = q[at] === 0 ? 'f32' : 'f64';
  const eb = q[at] === 0 ? 4 : 8;
  const kernel = ex[tag + '_kernel'] as Kernel;
  const copyA = ex[tag + '_copyA'] as Pack;
  const gatherA = ex[tag + '_gatherA'] as Pack;
  const copyB = ex[tag + '_copyB'] as Pack;
  const gatherB = ex[tag + '_gatherB'] as Pack;
  const mr = q[at + 1];
  const nr = q[at + 2];
  const aLd = q[at + 4];
  const aRow = q[at + 5];
  const bLd = q[at + 7];
  const bRow = q[at + 8];
  const ldc = q[at + 10];
  const M = q[at + 11];
  const K = q[at + 12];
  const N = q[at + 13];
  const part = q[at + 14];
  const ap = q[at + 15] + thread * q[at + 16];
  const mcMax = q[at + 17];
  const ncMax = q[at + 18];
  const KCb = q[at + 19];
  const byRows = q[at + 20] === 1;
  const cache = q[at + 21] === 1;
  const bp = ap + q[at + 22];
  const count = q[at + 23];
  const perProduct = q[at + 24];
  const Mpad = Math.ceil(M / mr) * mr;
  const Npad = Math.ceil(N / nr) * nr;
  // Whether this thread's cached operand is packed (after its first part of a product).
  let ready = false;
  let product = -1;
  let aBase = 0;
  let bBase = 0;
  let cBase = 0;
  for (;;) {
    const index = claim();
    if (index < 0) return;
    const t = Math.floor(index / perProduct);
    if (t >= count) return;
    if (t !== product) {
      product = t;
      ready = false;
      aBase = q[at + 3] + t * q[at + 25];
      bBase = q[at + 6] + t * q[at + 26];
      cBase = q[at + 9] + t * q[at + 27];
    }
    const p0 = (index - t * perProduct) * part;
    if (p0 >= (byRows ? M : N)) continue;
    if (byRows) {
      const i1 = Math.min(M, p0 + part);
      for (let k0 = 0; k0 < K; k0 += KCb) {
        const kc = Math.min(KCb, K - k0);
        for (let i0 = p0; i0 < i1; i0 += mcMax) {
          const mc = Math.min(mcMax, i1 - i0);
          const panels = Math.ceil(mc / mr);
          if (aRow === 1) gatherA((aBase + i0 * aLd + k0) * eb, aLd * eb, ap * eb, panels, kc, mc);
          else copyA((aBase + k0 * aLd + i0) * eb, aLd * eb, ap * eb, panels, kc, 0);
          for (let j0 = 0; j0 < N; j0 += ncMax) {
            const nc = Math.min(ncMax, N - j0);
            const nb = Math.ceil(nc / nr);
            const b = cache ? bp + k0 * Npad + j0 * kc : bp;
            if (!cache || (!ready && i0 === p0)) {
              if (bRow === 1) copyB((bBase + k0 * bLd + j0) * eb, bLd * eb, b * eb, nb, kc, 0);
              else gatherB((bBase + j0 * bLd + k0) * eb, bLd * eb, b * eb, nb, kc, nc);
            }
            kernel(ap * eb, b * eb, (cBase + i0 * ldc + j0) * eb, panels, nb, kc, ldc * eb, k0 > 0 ? 1 : 0);
          }
        }
      }
    } else {
      const j1 = Math.min(N, p0 + part);
      for (let j0 = p0; j0 < j1; j0 += ncMax) {
        const nc = Math.min(ncMax, j1 - j0);
        const nb = Math.ceil(nc / nr);
        for (let k0 = 0; k0 < K; k0 += KCb) {
          const kc = Math.min(KCb, K - k0);
          if (bRow === 1) copyB((bBase + k0 * bLd + j0) * eb, bLd * eb, bp * eb, nb, kc, 0);
          else gatherB((bBase + j0 * bLd + k0) * eb, bLd * eb, bp * eb, nb, kc, nc);
          for (let i0 = 0; i0 < M; i0 += mcMax) {
            const mc = Math.min(mcMax, M - i0);
            const panels = Math.ceil(mc / mr);
            const a = cache ? ap + k0 * Mpad + i0 * kc : ap;
            if (!ready) {
              if (aRow === 1) gatherA((aBase + i0 * aLd + k0) * eb, aLd * eb, a * eb, panels, kc, mc);
              else copyA((aBase + k0 * aLd + i0) * eb, aLd * eb, a * eb, panels, kc, 0);
            }
            kernel(a * eb, bp * eb, (cBase + i0 * ldc + j0) * eb, panels, nb, kc, ldc * eb, k0 > 0 ? 1 : 0);
          }
        }
        if (cache) ready = true;
      }
    }
    if (cache) ready = true;
  }
}

/** Where an operand was copied to: element offset, row pitch, and whether its rows run along K. */
interface Staged {
  base: number;
  ld: number;
  /** True when stored [rows][cols] as the operand is indexed; false when stored transposed. */
  rowMajor: boolean;
}

/** Elements of slack after a copied operand: a partial copy panel reads up to NR - 1 past it. */
const SLACK = 16;

/**
 * The module's bytes: kernel and packing routines per element type, exported as f32_kernel,
 * f32_copyA, ... Browsers refuse to compile a module over 4 KiB synchronously on their main thread
 * (tests/matmul_js.test.ts keeps it under).
 */
export function gemmModule(
  f32: KernelShape = F32_SHAPE,
  f64: KernelShape = F64_SHAPE,
  shared = false,
): Uint8Array<ArrayBuffer> {
  const functions = [];
  for (const [tag, shape] of [
    ['f32', f32],
    ['f64', f64],
  ] as const) {
    const nr = (shape.nv * 16) / shape.bytes;
    functions.push(
      { name: `${tag}_kernel`, body: gemmKernel(shape) },
      { name: `${tag}_copyA`, body: copyPanels(shape.mr, shape.bytes) },
      { name: `${tag}_gatherA`, body: gatherPanels(shape.mr, shape.bytes) },
      { name: `${tag}_copyB`, body: copyPanels(nr, shape.bytes) },
      { name: `${tag}_gatherB`, body: gatherPanels(nr, shape.bytes) },
    );
  }
  return moduleBytes(functions, shared);
}

/**
 * The kernels compiled into one module over a fresh memory, or null without WebAssembly SIMD. Where
 * threads can run (pool.ts), the memory is shared and products of at least THREAD_MIN_MACS
 * multiply-adds are split by columns of C over `setThreads` threads; each element of C is computed
 * by the same sequence of operations whatever the split, so results do not depend on it.
 */
export function createWasmGemm(f32: KernelShape = F32_SHAPE, f64: KernelShape = F64_SHAPE): WasmGemm | null {
  const wasm = (globalThis as { WebAssembly?: typeof WebAssembly }).WebAssembly;
  if (wasm === undefined) return null;
  // A shared memory when workers can run; if the engine refuses one (its 4 GiB maximum, say), an
  // ordinary memory and one thread.
  const instantiate = (shared: boolean): [Uint8Array<ArrayBuffer>, WebAssembly.Memory, WebAssembly.Exports] | null => {
    const bytes = gemmModule(f32, f64, shared);
    if (!wasm.validate(bytes)) return null;
    try {
      const memory = shared
        ? new wasm.Memory({ initial: 1, maximum: MAX_PAGES, shared })
        : new wasm.Memory({ initial: 1 });
      return [bytes, memory, new wasm.Instance(new wasm.Module(bytes), { env: { memory } }).exports];
    } catch {
      return null;
    }
  };
  let made = poolSupported() ? instantiate(true) : null;
  const shared = made !== null;
  made ??= instantiate(false);
  if (made === null) return null;
  const [bytes, memory, exports] = made;
  const kinds = ([f32, f64] as const).map((s) => ({ mr: s.mr, nr: (s.nv * 16) / s.bytes, bytes: s.bytes }));
  let view32 = new Float32Array(memory.buffer);
  let view64 = new Float64Array(memory.buffer);
  let threads = 1;
  let pool: Pool | null = null;

  /** Grows the memory to at least `bytes` (false if it cannot: 4 GiB at most) and renews the views. */
  function reserve(bytes: number): boolean {
    const have = memory.buffer.byteLength;
    if (bytes <= have) return true;
    if (bytes > MAX_BYTES) return false;
    try {
      memory.grow(Math.ceil((bytes - have) / PAGE));
    } catch {
      return false;
    }
    view32 = new Float32Array(memory.buffer);
    view64 = new Float64Array(memory.buffer);
    return true;
  }

  function usePool(): Pool | null {
    if (threads > 1 && shared && pool === null) pool = createPool(bytes, memory, exports, gemmJob, threads - 1);
    return threads > 1 ? pool : null;
  }

  return {
    threads: () => threads,
    readyWorkers: () => pool?.readyWorkers() ?? 0,
    setThreads(n) {
      threads = shared ? Math.max(1, Math.min(n, MAX_WORKERS + 1)) : 1;
      pool?.grow(threads - 1);
    },
    gemm(a, aOff, sa0, sa1, b, bOff, sb0, sb1, c, cOff, M, N, K, block = N, batch) {
      const t = c instanceof Float32Array ? kinds[0] : kinds[1];
      const count = batch?.count ?? 1;
      let [sA, sB] = [batch?.a ?? 0, batch?.b ?? 0];
      if (
        count > 1 &&
        (count > MAX_BATCH ||
          block !== N ||
          !batchable(sA, sa0, sa1, M, K, count) ||
          !batchable(sB, sb0, sb1, K, N, count))
      )
        return false;
      const { mr, nr } = t;
      const eb = t.bytes;
      // C = A B or, when its tiles pad less, Cᵀ = Bᵀ Aᵀ (N = 25 pads to 28 rows but to 32 columns).
      const padded = (m: number, n: number): number => Math.ceil(m / mr) * mr * Math.ceil(n / nr) * nr;
      const swap = block === N && padded(N, M) < padded(M, N);
      if (swap) {
        [a, aOff, sa0, sa1, b, bOff, sb0, sb1] = [b, bOff, sb1, sb0, a, aOff, sa1, sa0];
        [M, N] = [N, M];
        [sA, sB] = [sB, sA];
      }
      const mBlocks = Math.ceil(M / mr);
      const nBlocks = Math.ceil(N / nr);
      // Rows of C a multiple of 1 KiB apart would share a few L1 sets (the kernel writes a tile's
      // rows together): pad them by a cache line.
      const ldc0 = nBlocks * nr;
      const ldc = ldc0 + ((ldc0 * eb) % 1024 === 0 ? 64 / eb : 0);
      const kcMax = Math.min(KC, K);
      const mcMax = Math.min(mBlocks * mr, Math.max(mr, Math.floor(A_BLOCK_BYTES / (kcMax * eb) / mr) * mr));
      const ncMax = Math.min(ldc0, Math.max(nr, Math.floor(B_BLOCK_BYTES / (kcMax * eb) / nr) * nr));
      // Split C by rows when B is the smaller operand and fits a thread's cache (each part then
      // packs only its own rows of A, and B once per thread), else by columns, keeping packed A
      // whole per thread when it fits.
      const Mpad = mBlocks * mr;
      const Npad = nBlocks * nr;
      const byRows = M > N && Npad * K * eb <= CACHE_BYTES;
      const cache = byRows || Mpad * K * eb <= CACHE_BYTES;
      const blocks = byRows ? mBlocks : nBlocks;
      // Threads: the caller and the ready workers, when the product is large enough to pay for
      // waking them, each with at least two panels.
      const parts =
        count * M * N * K < THREAD_MIN_MACS || (pool = usePool()) === null
          ? 1
          : Math.max(1, Math.min(threads, 1 + pool.readyWorkers(), count > 1 ? count : Math.floor(blocks / 2)));
      // Element offsets in the memory: C, per thread the packed A and the packed B, A, B.
      const cBase = 0;
      const cEach = mBlocks * mr * ldc;
      const apBase = cBase + count * cEach;
      const aEach = cache && !byRows ? Mpad * K : mcMax * kcMax;
      const packEach = aEach + (byRows ? Npad * K : ncMax * kcMax);
      const aBase = apBase + parts * packEach;
      const aSpan = count > 1 ? batchSpan(sA, sa0, sa1, M, K, count) : stagedSpan(sa0, sa1, M, K);
      const bBase = aBase + aSpan + SLACK;
      const bSpan = count > 1 ? batchSpan(sB, sb0, sb1, K, N, count) : stagedSpan(sb0, sb1, K, N);
      if (!reserve((bBase + bSpan + SLACK) * eb)) return false;
      const mem = eb === 4 ? view32 : view64;
      const A =
        count > 1 ? stageBatch(a, aOff, sa0, sa1, aSpan, mem, aBase) : stage(a, aOff, sa0, sa1, M, K, mem, aBase);
      const B =
        count > 1 ? stageBatch(b, bOff, sb0, sb1, bSpan, mem, bBase) : stage(b, bOff, sb0, sb1, K, N, mem, bBase);
      // Parts for the threads to claim: a few per thread, whole panels, so that a thread the OS
      // leaves waiting holds up little; one part when running alone.
      const width = byRows ? mr : nr;
      // A batch: one part per product.
      const part = parts === 1 || count > 1 ? (byRows ? M : N) : width * Math.max(2, Math.ceil(blocks / (4 * parts)));
      const args = [
        t.bytes === 4 ? 0 : 1,
        mr,
        nr,
        A.base,
        A.ld,
        A.rowMajor ? 1 : 0,
        B.base,
        B.ld,
        B.rowMajor ? 1 : 0,
        cBase,
        ldc,
        M,
        K,
        N,
        part,
        apBase,
        packEach,
        mcMax,
        ncMax,
        KC,
        byRows ? 1 : 0,
        cache ? 1 : 0,
        aEach,
        count,
        Math.ceil((byRows ? M : N) / part),
        sA,
        sB,
        cEach,
      ];
      if (parts === 1) {
        let claimed = 0;
        gemmJob(exports, Int32Array.from(args), 0, 0, () => claimed++);
      } else {
        pool!.run(args, parts - 1);
      }
      for (let p = 0; p < count; p++) copyOut(mem, p * cEach, ldc, c, cOff + p * M * N, M, N, swap, block);
      return true;
    },
  };
}

/** Copies C out of the memory (from cBase, row pitch ldc) to c from cOff: see WasmGemm.gemm. */
function copyOut(
  mem: Float32Array | Float64Array,
  cBase: number,
  ldc: number,
  c: TypedArray,
  cOff: number,
  M: number,
  N: number,
  swap: boolean,
  block: number,
): void {
  if (swap) {
    // This C is the transpose of the caller's [N, M] = [this M's columns, rows].
    for (let j = 0; j < N; j++) {
      let src = cBase + j;
      const dst = cOff + j * M;
      for (let i = 0; i < M; i++, src += ldc) c[dst + i] = mem[src];
    }
  } else if (block !== N) {
    for (let t = 0, dst = cOff; t < N; t += block) {
      for (let i = 0; i < M; i++, dst += block) {
        const src = cBase + i * ldc + t;
        c.set(mem.subarray(src, src + block), dst);
      }
    }
  } else if (ldc === N) {
    c.set(mem.subarray(cBase, cBase + M * N), cOff);
  } else if (N >= 64) {
    for (let i = 0; i < M; i++) c.set(mem.subarray(cBase + i * ldc, cBase + i * ldc + N), cOff + i * N);
  } else {
    for (let i = 0; i < M; i++) {
      const src = cBase + i * ldc;
      const dst = cOff + i * N;
      for (let j = 0; j < N; j++) c[dst + j] = mem[src + j];
    }
  }
}

/**
 * Whether a batch of `count` [R, C] operands with strides (s0, s1), `sT` apart, can be staged as one
 * span: unit stride along one dim, no negative strides, and a span of at most about twice their
 * elements.
 */
function batchable(sT: number, s0: number, s1: number, R: number, C: number, count: number): boolean {
  if (sT < 0 || s0 < 0 || s1 < 0 || (s0 !== 1 && s1 !== 1)) return false;
  return batchSpan(sT, s0, s1, R, C, count) <= 2 * count * R * C + 64;
}

function batchSpan(sT: number, s0: number, s1: number, R: number, C: number, count: number): number {
  return (count - 1) * sT + (R - 1) * s0 + (C - 1) * s1 + 1;
}

/** Copies a batch's whole span to base; each product's operand then lies as in the caller's array. */
function stageBatch(
  x: TypedArray,
  off: number,
  s0: number,
  s1: number,
  span: number,
  mem: Float32Array | Float64Array,
  base: number,
): Staged {
  mem.set(x.subarray(off, off + span), base);
  return s1 === 1 ? { base, ld: s0, rowMajor: true } : { base, ld: s1, rowMajor: false };
}

/**
 * How an [R, C] operand with strides (s0, s1) is copied: as it lies when it is dense row-major
 * (s1 = 1) or column-major (s0 = 1) with rows padded by at most as much again (a size-1 dim's
 * stride does not matter; `bulk`); row by row (or column by column) into a dense block when its
 * lines are further apart, as in a batch sliced out of a wider matrix; else element by element
 * into a dense row-major block. `ld` is the row pitch of the copy.
 */
function layout(
  s0: number,
  s1: number,
  R: number,
  C: number,
): { rowMajor: boolean; ld: number; bulk: boolean; lines: boolean } {
  if ((s1 === 1 || C === 1) && (R === 1 || (s0 >= C && s0 <= 2 * C)))
    return { rowMajor: true, ld: R === 1 ? C : s0, bulk: true, lines: true };
  if ((s0 === 1 || R === 1) && (C === 1 || (s1 >= R && s1 <= 2 * R)))
    return { rowMajor: false, ld: C === 1 ? R : s1, bulk: true, lines: true };
  if (s1 === 1 && s0 >= C) return { rowMajor: true, ld: C, bulk: false, lines: true };
  if (s0 === 1 && s1 >= R) return { rowMajor: false, ld: R, bulk: false, lines: true };
  return { rowMajor: true, ld: C, bulk: false, lines: false };
}

/** Elements the staged copy of an [R, C] operand occupies. */
function stagedSpan(s0: number, s1: number, R: number, C: number): number {
  const { rowMajor, ld, bulk } = layout(s0, s1, R, C);
  if (!bulk) return R * C;
  return rowMajor ? (R - 1) * ld + C : (C - 1) * ld + R;
}

function stage(
  x: TypedArray,
  off: number,
  s0: number,
  s1: number,
  R: number,
  C: number,
  mem: Float32Array | Float64Array,
  base: number,
): Staged {
  const { rowMajor, ld, bulk, lines } = layout(s0, s1, R, C);
  if (bulk) {
    const span = rowMajor ? (R - 1) * ld + C : (C - 1) * ld + R;
    mem.set(x.subarray(off, off + span), base);
  } else if (lines && rowMajor) {
    for (let i = 0; i < R; i++) mem.set(x.subarray(off + i * s0, off + i * s0 + C), base + i * C);
  } else if (lines) {
    for (let j = 0; j < C; j++) mem.set(x.subarray(off + j * s1, off + j * s1 + R), base + j * R);
  } else {
    for (let i = 0, p = base; i < R; i++) {
      for (let j = 0, q = off + i * s0; j < C; j++, q += s1) mem[p++] = x[q];
    }
  }
  return { base, ld, rowMajor };
}
