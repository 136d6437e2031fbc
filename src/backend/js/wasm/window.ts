// The window kernels of the TypeScript backend in WebAssembly (nn.ts's im2col, col2im, maxPool2d
// and maxPool2dBackward), emitted at load time like the other kernels. Each call copies its input
// into the module's memory (which grows to the largest call and is then reused), runs the kernel
// and copies the result out; im2col and col2im stream the columns through a cache-sized region a
// few rows at a time. Every kernel visits the elements in the order of the JavaScript loop it
// replaces, with the same float operations, so results are the same bit for bit.

import type { Windows2d } from '../../backend.js';
import type { TypedArray } from '../../../tensor/dtype.js';
import { Body, F32, F64, I32, moduleBytes, SIMD, V128 } from './emit.js';

type T = 4 | 8;

/** `for (k = from; k < to; k += step) body()`, to and step i32 locals or constants (tested first). */
function forLess(f: Body, k: number, from: () => void, to: () => void, step: () => void, body: () => void): void {
  from();
  f.set(k);
  f.block().loop();
  f.get(k);
  to();
  f.op('ge_s').brIf(1);
  body();
  f.get(k);
  step();
  f.op('add').set(k);
  f.br(0).end().end();
}

/** Stores zero vectors at [base + k] for k = from, from + 16, ... < to (bytes; may write 12 past `to`). */
function zeros(f: Body, base: number, k: number, from: () => void, to: () => void): void {
  forLess(
    f,
    k,
    from,
    to,
    () => f.i32(16),
    () => f.get(base).get(k).op('add').v128Zero().simd(SIMD.store, { align: 0, offset: 0 }),
  );
}

/**
 * i2c(src, dst, N, planeB, OH, OWB, H, rowB, sh, swB, yShift, xShiftB, ox0B, ox1B): one row of
 * columns (channel c's window offset (i, j)) for every sample and output position, nn.ts's im2col
 * loop: src is channel c of sample 0, samples planeB bytes apart, input rows rowB bytes, H of them;
 * output rows OWB bytes, OH per sample; y = oy·sh + yShift; the run [ox0, ox1) of each row reads
 * the input at (ox·sw + xShift), the rest is zero. Vector stores may run 12 bytes past a run: each
 * run is written after the one before it, so only the region's slack keeps the last one's.
 */
function im2colKernel(bytes: T): Body {
  const f = new Body([I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [src, dst, N, planeB, OH, OWB, H, rowB, sh, swB, yShift, xShiftB, ox0B, ox1B] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
  ];
  const n = f.local(I32);
  const base = f.local(I32);
  const d = f.local(I32);
  const oy = f.local(I32);
  const y = f.local(I32);
  const row = f.local(I32);
  const k = f.local(I32);
  const sp = f.local(I32);
  const end = f.local(I32);
  f.get(src).set(base).get(dst).set(d).get(N).set(n);
  f.loop();
  {
    forLess(
      f,
      oy,
      () => f.i32(0),
      () => f.get(OH),
      () => f.i32(1),
      () => {
        f.get(oy).get(sh).op('mul').get(yShift).op('add').tee(y).get(H).op('lt_u').if();
        {
          f.get(base).get(y).get(rowB).op('mul').op('add').get(xShiftB).op('add').set(row);
          zeros(
            f,
            d,
            k,
            () => f.i32(0),
            () => f.get(ox0B),
          );
          f.get(swB).i32(bytes).op('eq').if();
          forLess(
            f,
            k,
            () => f.get(ox0B),
            () => f.get(ox1B),
            () => f.i32(16),
            () => {
              f.get(d).get(k).op('add');
              f.get(row).get(k).op('add').simd(SIMD.load, { align: 0, offset: 0 });
              f.simd(SIMD.store, { align: 0, offset: 0 });
            },
          );
          f.else();
          // Strided: element by element, as bits (bytes-wide integer moves).
          f.get(d).get(ox1B).op('add').set(end);
          f.get(ox0B)
            .i32(bytes === 4 ? 2 : 3)
            .op('shr_s')
            .get(swB)
            .op('mul')
            .get(row)
            .op('add')
            .set(sp);
          forLess(
            f,
            k,
            () => f.get(d).get(ox0B).op('add'),
            () => f.get(end),
            () => f.i32(bytes),
            () => {
              f.get(k).get(sp).scalar('load', bytes, 0).scalar('store', bytes, 0);
              f.addLocal(sp, swB);
            },
          );
          f.end();
          zeros(
            f,
            d,
            k,
            () => f.get(ox1B),
            () => f.get(OWB),
          );
        }
        f.else();
        zeros(
          f,
          d,
          k,
          () => f.i32(0),
          () => f.get(OWB),
        );
        f.end();
        f.addLocal(d, OWB);
      },
    );
    f.addLocal(base, planeB).addTo(n, -1);
    f.get(n).brIf(0);
  }
  f.end();
  return f;
}

/**
 * c2i(src, dst, N, planeB, LB, OWB, rowB, sh, swB, yShift, xShiftB, oy0, oy1, ox0B, ox1B, ox0):
 * adds one row of columns (channel c, window offset (i, j)) into the input gradient, nn.ts's
 * col2im loop: src holds N blocks of LB bytes (OH rows of OWB), dst is channel c of sample 0
 * (samples planeB apart, rows rowB); rows [oy0, oy1) and runs [ox0, ox1) (ox0B = ox0 · bytes) are
 * the positions inside the input. A stride-1 run adds whole vectors, then the rest one by one.
 */
function col2imKernel(bytes: T): Body {
  const f = new Body([I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [src, dst, N, planeB, LB, OWB, rowB, sh, swB, yShift, xShiftB, oy0, oy1, ox0B, ox1B, ox0] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
  ];
  const add = bytes === 4 ? SIMD.f32x4Add : SIMD.f64x2Add;
  const n = f.local(I32);
  const base = f.local(I32);
  const from0 = f.local(I32);
  const oy = f.local(I32);
  const row = f.local(I32);
  const from = f.local(I32);
  const k = f.local(I32);
  const vecEnd = f.local(I32);
  const dp = f.local(I32);
  const end = f.local(I32);
  f.get(dst).set(base).get(src).set(from0).get(N).set(n);
  f.loop();
  {
    forLess(
      f,
      oy,
      () => f.get(oy0),
      () => f.get(oy1),
      () => f.i32(1),
      () => {
        f.get(base).get(oy).get(sh).op('mul').get(yShift).op('add').get(rowB).op('mul').op('add');
        f.get(xShiftB).op('add').set(row);
        f.get(from0).get(oy).get(OWB).op('mul').op('add').set(from);
        f.get(swB).i32(bytes).op('eq').if();
        {
          // Whole vectors while 16 bytes remain, then single elements.
          f.get(ox1B).i32(-15).op('add').set(vecEnd);
          forLess(
            f,
            k,
            () => f.get(ox0B),
            () => f.get(vecEnd),
            () => f.i32(16),
            () => {
              f.get(row).get(k).op('add');
              f.get(row).get(k).op('add').simd(SIMD.load, { align: 0, offset: 0 });
              f.get(from).get(k).op('add').simd(SIMD.load, { align: 0, offset: 0 });
              f.simd(add).simd(SIMD.store, { align: 0, offset: 0 });
            },
          );
          // k is now the first element the vectors did not cover.
          forLess(
            f,
            k,
            () => f.get(k),
            () => f.get(ox1B),
            () => f.i32(bytes),
            () => {
              f.get(row).get(k).op('add');
              f.get(row).get(k).op('add').floatMem('load', bytes, 0);
              f.get(from).get(k).op('add').floatMem('load', bytes, 0);
              f.float(bytes, 'add').floatMem('store', bytes, 0);
            },
          );
        }
        f.else();
        {
          f.get(ox0).get(swB).op('mul').get(row).op('add').set(dp);
          f.get(from).get(ox1B).op('add').set(end);
          forLess(
            f,
            k,
            () => f.get(from).get(ox0B).op('add'),
            () => f.get(end),
            () => f.i32(bytes),
            () => {
              f.get(dp);
              f.get(dp).floatMem('load', bytes, 0);
              f.get(k).floatMem('load', bytes, 0);
              f.float(bytes, 'add').floatMem('store', bytes, 0);
              f.addLocal(dp, swB);
            },
          );
        }
        f.end();
      },
    );
    f.addLocal(base, planeB).addLocal(from0, LB).addTo(n, -1);
    f.get(n).brIf(0);
  }
  f.end();
  return f;
}

/**
 * mp(src, out, idx, plane0, planes, H, W, OH, OW, kh, kw, sh, sw, ph, pw, dh, dw): nn.ts's
 * maxPool2d loop over `planes` planes from plane0 (src is where plane 0 would start, so that an
 * element index e is at src + e · bytes; indices are plane0-based like the loop's): from -inf, a
 * larger value or any NaN takes over.
 */
function maxPoolKernel(bytes: T): Body {
  const f = new Body([I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [src, out, idx, plane0, planes, H, W, OH, OW, kh, kw, sh, sw, ph, pw, dh, dw] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
  ];
  const FT = bytes === 4 ? F32 : F64;
  const shift = bytes === 4 ? 2 : 3;
  const plane = f.local(I32);
  const last = f.local(I32);
  const base = f.local(I32);
  const oy = f.local(I32);
  const ox = f.local(I32);
  const y0 = f.local(I32);
  const y1 = f.local(I32);
  const x0 = f.local(I32);
  const x1 = f.local(I32);
  const y = f.local(I32);
  const xx = f.local(I32);
  const rowi = f.local(I32);
  const at = f.local(I32);
  const o = f.local(I32);
  const q = f.local(I32);
  const take = f.local(I32);
  const best = f.local(FT);
  const v = f.local(FT);
  /** dst = min(start + (k - 1) · d + 1, size); start raised past 0 by steps of d. */
  const bounds = (start: number, k: number, d: number, size: number, end: number): void => {
    f.get(start).get(k).i32(-1).op('add').get(d).op('mul').op('add').i32(1).op('add').set(end);
    f.get(end).get(size).get(end).get(size).op('lt_s').op('select').set(end);
    f.block().loop();
    f.get(start).i32(0).op('ge_s').brIf(1);
    f.addLocal(start, d).br(0);
    f.end().end();
  };
  f.get(plane0).get(planes).op('add').set(last);
  f.get(out).set(o).get(idx).set(q);
  forLess(
    f,
    plane,
    () => f.get(plane0),
    () => f.get(last),
    () => f.i32(1),
    () => {
      f.get(plane).get(H).op('mul').get(W).op('mul').set(base);
      forLess(
        f,
        oy,
        () => f.i32(0),
        () => f.get(OH),
        () => f.i32(1),
        () => {
          f.get(oy).get(sh).op('mul').get(ph).op('sub').set(y0);
          bounds(y0, kh, dh, H, y1);
          forLess(
            f,
            ox,
            () => f.i32(0),
            () => f.get(OW),
            () => f.i32(1),
            () => {
              f.get(ox).get(sw).op('mul').get(pw).op('sub').set(x0);
              bounds(x0, kw, dw, W, x1);
              f.get(base).get(y0).get(W).op('mul').op('add').get(x0).op('add').set(at);
              if (bytes === 4) f.code.push(0x43, 0x00, 0x00, 0x80, 0xff);
              else f.code.push(0x44, 0, 0, 0, 0, 0, 0, 0xf0, 0xff);
              f.set(best);
              forLess(
                f,
                y,
                () => f.get(y0),
                () => f.get(y1),
                () => f.get(dh),
                () => {
                  f.get(base).get(y).get(W).op('mul').op('add').set(rowi);
                  forLess(
                    f,
                    xx,
                    () => f.get(x0),
                    () => f.get(x1),
                    () => f.get(dw),
                    () => {
                      f.get(rowi).get(xx).op('add').i32(shift).op('shl').get(src).op('add');
                      f.floatMem('load', bytes, 0).set(v);
                      // Without branches (random data would mispredict them half the time).
                      f.get(v).get(best).float(bytes, 'gt').get(v).get(v).float(bytes, 'ne').op('or').set(take);
                      f.get(v).get(best).get(take).op('select').set(best);
                      f.get(rowi).get(xx).op('add').get(at).get(take).op('select').set(at);
                    },
                  );
                },
              );
              f.get(o).get(best).floatMem('store', bytes, 0);
              f.get(q).get(at).scalar('store', 4, 0);
              f.addTo(o, bytes).addTo(q, 4);
            },
          );
        },
      );
    },
  );
  return f;
}

/**
 * mp2(src, out, idx, plane0, planes, H, W, OH, OW): maxPoolKernel for float32 2×2 windows at stride 2 that
 * need no clipping (the common max_pool2d(2)), four outputs per step: the even and odd columns of
 * the window rows are split into vectors by shuffles and compared as the loop does, in its order.
 * A row's last step may compute past OW (stored into the next row's place, rewritten after).
 */
function maxPool2x2Kernel(): Body {
  const f = new Body([I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [src, out, idx, plane0, planes, H, W, OH, OW] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const EVEN = [0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27];
  const ODD = EVEN.map((b) => b + 4);
  const plane = f.local(I32);
  const oy = f.local(I32);
  const rowIdx = f.local(I32);
  const top = f.local(I32);
  const end = f.local(I32);
  const o = f.local(I32);
  const q = f.local(I32);
  const oRow = f.local(I32);
  const qRow = f.local(I32);
  const down = f.local(I32);
  const atv = f.local(V128);
  const wv = f.local(V128);
  const best = f.local(V128);
  const at = f.local(V128);
  const v = f.local(V128);
  const m = f.local(V128);
  f.get(W).simd(SIMD.i32x4Splat).set(wv);
  f.get(W).i32(2).op('shl').set(down);
  f.get(out).set(oRow).get(idx).set(qRow);
  /** v = the even (or odd) columns of the 8 floats at `row`. */
  const split = (row: () => void, lanes: number[]): void => {
    row();
    f.simd(SIMD.load, { align: 0, offset: 0 });
    row();
    f.simd(SIMD.load, { align: 0, offset: 16 }).shuffle(lanes).set(v);
  };
  /** A challenger v at index offset `dx` (+ W when `below`): a larger value or a NaN takes over. */
  const challenge = (dx: number, below: boolean): void => {
    f.get(v).get(best).simd(SIMD.f32x4Gt).get(v).get(v).simd(SIMD.f32x4Ne).simd(SIMD.or).set(m);
    f.get(v).get(best).get(m).simd(SIMD.bitselect).set(best);
    f.get(atv);
    if (dx !== 0) f.splatConst('i32', dx).simd(SIMD.i32x4Add);
    if (below) f.get(wv).simd(SIMD.i32x4Add);
    f.get(at).get(m).simd(SIMD.bitselect).set(at);
  };
  const last = f.local(I32);
  f.get(plane0).get(planes).op('add').set(last);
  forLess(
    f,
    plane,
    () => f.get(plane0),
    () => f.get(last),
    () => f.i32(1),
    () => {
      forLess(
        f,
        oy,
        () => f.i32(0),
        () => f.get(OH),
        () => f.i32(1),
        () => {
          f.get(plane).get(H).op('mul').get(oy).get(oy).op('add').op('add').get(W).op('mul').set(rowIdx);
          f.get(rowIdx).i32(2).op('shl').get(src).op('add').set(top);
          f.get(rowIdx).simd(SIMD.i32x4Splat).i32x4([0, 2, 4, 6]).simd(SIMD.i32x4Add).set(atv);
          f.get(oRow).set(o).get(qRow).set(q);
          f.get(oRow).get(OW).i32(2).op('shl').op('add').set(end);
          f.block().loop();
          f.get(o).get(end).op('ge_u').brIf(1);
          split(() => f.get(top), EVEN);
          f.get(v).set(best).get(atv).set(at);
          split(() => f.get(top), ODD);
          challenge(1, false);
          split(() => f.get(top).get(down).op('add'), EVEN);
          challenge(0, true);
          split(() => f.get(top).get(down).op('add'), ODD);
          challenge(1, true);
          f.get(o).get(best).simd(SIMD.store, { align: 0, offset: 0 });
          f.get(q).get(at).simd(SIMD.store, { align: 0, offset: 0 });
          f.addTo(o, 16).addTo(q, 16).addTo(top, 32);
          f.get(atv).splatConst('i32', 8).simd(SIMD.i32x4Add).set(atv);
          f.br(0).end().end();
          f.get(oRow).get(OW).i32(2).op('shl').op('add').set(oRow);
          f.get(qRow).get(OW).i32(2).op('shl').op('add').set(qRow);
        },
      );
    },
  );
  return f;
}

/** mpb(grad, idx, gx, n): gx[idx[p]] += grad[p] for p < n, in order (n >= 1). */
function maxPoolBackwardKernel(bytes: T): Body {
  const f = new Body([I32, I32, I32, I32]);
  const [grad, idx, gx, n] = [0, 1, 2, 3];
  const a = f.local(I32);
  f.loop();
  f.get(idx)
    .scalar('load', 4, 0)
    .i32(bytes === 4 ? 2 : 3)
    .op('shl')
    .get(gx)
    .op('add')
    .tee(a);
  f.get(a).floatMem('load', bytes, 0);
  f.get(grad).floatMem('load', bytes, 0);
  f.float(bytes, 'add').floatMem('store', bytes, 0);
  f.addTo(grad, bytes).addTo(idx, 4).addTo(n, -1);
  f.get(n).brIf(0);
  f.end();
  return f;
}

export function windowModule(): Uint8Array<ArrayBuffer> {
  const fns: { name: string; body: Body }[] = [];
  for (const bytes of [4, 8] as const) {
    fns.push({ name: `i2c_${bytes}`, body: im2colKernel(bytes) });
    fns.push({ name: `c2i_${bytes}`, body: col2imKernel(bytes) });
    fns.push({ name: `mp_${bytes}`, body: maxPoolKernel(bytes) });
    fns.push({ name: `mpb_${bytes}`, body: maxPoolBackwardKernel(bytes) });
  }
  fns.push({ name: 'mp2', body: maxPool2x2Kernel() });
  return moduleBytes(fns);
}

/** The window positions [lo, hi) along one axis whose element at `shift` (= j·d − pad) lies inside [0, size). */
export function insideRange(shift: number, stride: number, size: number, count: number): [number, number] {
  const lo = shift >= 0 ? 0 : Math.ceil(-shift / stride);
  const hi = size - 1 - shift < 0 ? 0 : Math.floor((size - 1 - shift) / stride) + 1;
  return [Math.min(lo, count), Math.min(Math.max(hi, lo), count)];
}

export interface WasmWindows {
  /** nn.ts's im2col for float32 / float64 data; false (nothing done) when the memory cannot hold the input. */
  im2col(x: Float32Array | Float64Array, g: Windows2d, cols: Float32Array | Float64Array): boolean;
  /** nn.ts's col2im; false (nothing done) when the memory cannot hold the output. */
  col2im(cols: Float32Array | Float64Array, g: Windows2d, x: Float32Array | Float64Array): boolean;
  /** nn.ts's maxPool2d; false (nothing done) when the memory cannot hold a plane. */
  maxPool2d(
    x: Float32Array | Float64Array,
    g: Windows2d,
    out: Float32Array | Float64Array,
    indices: Int32Array,
  ): boolean;
  /** nn.ts's maxPool2dBackward; false (nothing done) when the memory cannot hold the operands. */
  maxPool2dBackward(
    grad: Float32Array | Float64Array,
    indices: Int32Array,
    g: Windows2d,
    gx: Float32Array | Float64Array,
  ): boolean;
}

/** Bytes of columns (or pooled planes) staged at a time: they stay in L2 between kernel and copy. */
const CHUNK_BYTES = 256 * 1024;
const PAGE = 65536;
/** The most this module's memory may grow to (it holds one operand whole and a chunk of another). */
const MAX_BYTES = 2 ** 31;
/** Bytes after each region that vector moves may touch. */
const SLACK = 64;

const align = (n: number): number => Math.ceil(n / 64) * 64;

type I2c = (...args: number[]) => void;

/** The kernels over a fresh (growable) memory, or null without WebAssembly SIMD. */
export function createWasmWindows(): WasmWindows | null {
  const wasm = (globalThis as { WebAssembly?: typeof WebAssembly }).WebAssembly;
  if (wasm === undefined) return null;
  const bytes = windowModule();
  if (!wasm.validate(bytes)) return null;
  const memory = new wasm.Memory({ initial: 1 });
  let exports: WebAssembly.Exports;
  try {
    exports = new wasm.Instance(new wasm.Module(bytes), { env: { memory } }).exports;
  } catch {
    return null;
  }
  let heap = { 4: new Float32Array(memory.buffer), 8: new Float64Array(memory.buffer) };
  let ints = new Int32Array(memory.buffer);

  function reserve(n: number): boolean {
    const have = memory.buffer.byteLength;
    if (n <= have) return true;
    if (n > MAX_BYTES) return false;
    try {
      memory.grow(Math.ceil((n - have) / PAGE));
    } catch {
      return false;
    }
    heap = { 4: new Float32Array(memory.buffer), 8: new Float64Array(memory.buffer) };
    ints = new Int32Array(memory.buffer);
    return true;
  }

  return {
    im2col(x, g, cols) {
      const eb: T = x instanceof Float32Array ? 4 : 8;
      const { N, C, H, W, kh, kw, sh, sw, OH, OW } = g;
      const L = N * OH * OW;
      const rows = C * kh * kw;
      const input = N * C * H * W;
      if (L === 0 || rows === 0) return true;
      const chunk = Math.max(1, Math.min(rows, Math.floor(CHUNK_BYTES / (L * eb))));
      const X = 0;
      const OUT = align(input * eb + SLACK);
      if (!reserve(OUT + chunk * L * eb + SLACK)) return false;
      const h = heap[eb];
      h.set(x.subarray(0, input), X / eb);
      const k = exports[`i2c_${eb}`] as I2c;
      for (let r0 = 0; r0 < rows; r0 += chunk) {
        const r1 = Math.min(rows, r0 + chunk);
        for (let r = r0; r < r1; r++) {
          const c = Math.floor(r / (kh * kw));
          const i = Math.floor(r / kw) % kh;
          const j = r % kw;
          const yShift = i * g.dh - g.ph;
          const xShift = j * g.dw - g.pw;
          const [ox0, ox1] = insideRange(xShift, sw, W, OW);
          k(
            X + c * H * W * eb,
            OUT + (r - r0) * L * eb,
            N,
            C * H * W * eb,
            OH,
            OW * eb,
            H,
            W * eb,
            sh,
            sw * eb,
            yShift,
            xShift * eb,
            ox0 * eb,
            ox1 * eb,
          );
        }
        cols.set(h.subarray(OUT / eb, OUT / eb + (r1 - r0) * L), r0 * L);
      }
      return true;
    },
    col2im(cols, g, x) {
      const eb: T = x instanceof Float32Array ? 4 : 8;
      const { N, C, H, W, kh, kw, sh, sw, OH, OW } = g;
      const L = OH * OW;
      const rows = C * kh * kw;
      const input = N * C * H * W;
      if (input === 0) return true;
      const chunk = Math.max(1, Math.min(rows, Math.floor(CHUNK_BYTES / Math.max(1, N * L * eb))));
      const X = 0;
      const COLS = align(input * eb + SLACK);
      if (!reserve(COLS + chunk * N * L * eb + SLACK)) return false;
      const h = heap[eb];
      h.fill(0, X / eb, X / eb + input);
      const k = exports[`c2i_${eb}`] as I2c;
      if (N * L > 0) {
        for (let r0 = 0; r0 < rows; r0 += chunk) {
          const r1 = Math.min(rows, r0 + chunk);
          h.set(cols.subarray(r0 * N * L, r1 * N * L), COLS / eb);
          for (let r = r0; r < r1; r++) {
            const c = Math.floor(r / (kh * kw));
            const i = Math.floor(r / kw) % kh;
            const j = r % kw;
            const yShift = i * g.dh - g.ph;
            const xShift = j * g.dw - g.pw;
            const [oy0, oy1] = insideRange(yShift, sh, H, OH);
            const [ox0, ox1] = insideRange(xShift, sw, W, OW);
            if (oy0 >= oy1 || ox0 >= ox1) continue;
            k(
              COLS + (r - r0) * N * L * eb,
              X + c * H * W * eb,
              N,
              C * H * W * eb,
              L * eb,
              OW * eb,
              W * eb,
              sh,
              sw * eb,
              yShift,
              xShift * eb,
              oy0,
              oy1,
              ox0 * eb,
              ox1 * eb,
              ox0,
            );
          }
        }
      }
      x.set(h.subarray(X / eb, X / eb + input));
      return true;
    },
    maxPool2d(x, g, out, indices) {
      const eb: T = x instanceof Float32Array ? 4 : 8;
      const { H, W, OH, OW } = g;
      const planes = g.N * g.C;
      const inPlane = H * W;
      const outPlane = OH * OW;
      if (planes === 0 || outPlane === 0) return true;
      const chunk = Math.max(1, Math.min(planes, Math.floor((4 * CHUNK_BYTES) / (inPlane * eb))));
      const X = 0;
      const OUT = align(chunk * inPlane * eb + SLACK);
      const IDX = align(OUT + chunk * outPlane * eb + SLACK);
      if (!reserve(IDX + chunk * outPlane * 4 + SLACK)) return false;
      const h = heap[eb];
      const k = exports[`mp_${eb}`] as I2c;
      // 2×2 windows at stride 2 inside the input: the vector kernel.
      const pairs =
        eb === 4 &&
        g.kh === 2 &&
        g.kw === 2 &&
        g.sh === 2 &&
        g.sw === 2 &&
        g.dh === 1 &&
        g.dw === 1 &&
        g.ph === 0 &&
        g.pw === 0 &&
        2 * OH <= H &&
        2 * OW <= W;
      for (let p0 = 0; p0 < planes; p0 += chunk) {
        const n = Math.min(chunk, planes - p0);
        h.set(x.subarray(p0 * inPlane, (p0 + n) * inPlane), X / eb);
        if (pairs) (exports.mp2 as I2c)(X - p0 * inPlane * eb, OUT, IDX, p0, n, H, W, OH, OW);
        else k(X - p0 * inPlane * eb, OUT, IDX, p0, n, H, W, OH, OW, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw);
        out.set(h.subarray(OUT / eb, OUT / eb + n * outPlane), p0 * outPlane);
        indices.set(ints.subarray(IDX / 4, IDX / 4 + n * outPlane), p0 * outPlane);
      }
      return true;
    },
    maxPool2dBackward(grad, indices, g, gx) {
      const eb: T = gx instanceof Float32Array ? 4 : 8;
      const input = g.N * g.C * g.H * g.W;
      const n = g.N * g.C * g.OH * g.OW;
      const GX = 0;
      const GRAD = align(input * eb + SLACK);
      const IDX = align(GRAD + n * eb + SLACK);
      if (!reserve(IDX + n * 4 + SLACK)) return false;
      const h = heap[eb];
      h.fill(0, GX / eb, GX / eb + input);
      if (n > 0) {
        h.set(grad.subarray(0, n), GRAD / eb);
        ints.set(indices.subarray(0, n), IDX / 4);
        (exports[`mpb_${eb}`] as I2c)(GRAD, IDX, GX, n);
      }
      gx.set(h.subarray(GX / eb, GX / eb + input));
      return true;
    },
  };
}

/** @internal The JavaScript arrays the kernels take (float32 and float64 only). */
export function isFloatArray(a: TypedArray): a is Float32Array | Float64Array {
  return a instanceof Float32Array || a instanceof Float64Array;
}
