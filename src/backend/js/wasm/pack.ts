// Packing routines in WebAssembly: they turn an operand already copied into the memory (rows of
// `ld` bytes) into the kernel's panels, each kc x W values stored k-major (W per k). Two shapes of
// source cover every case: `copy` when the operand is contiguous along the panel's width (W values
// per k are adjacent: a vector move), `gather` when it is contiguous along k (W rows read in step).
// A partial last panel reads past the operand's width (copy: the caller leaves slack after it) or
// repeats its last row (gather); those lanes only ever reach the padding of C, which is dropped.

import { Body, I32, SIMD } from './emit.js';

/** Copies `bytes` bytes from [src + off] to [dst + off] in the widest moves that fit. */
function move(f: Body, src: number, dst: number, offset: number, bytes: number): void {
  let off = 0;
  for (; bytes - off >= 16; off += 16) {
    f.get(dst)
      .get(src)
      .simd(SIMD.load, { align: 0, offset: offset + off });
    f.simd(SIMD.store, { align: 0, offset: off });
  }
  for (const size of [8, 4] as const) {
    for (; bytes - off >= size; off += size)
      f.get(dst)
        .get(src)
        .scalar('load', size, offset + off)
        .scalar('store', size, off);
  }
}

/**
 * copy(src, ld, dst, panels, kc): panel p, row k = the W values at src + k*ld + p*W*bytes.
 * Addresses and ld in bytes; panels and kc at least 1.
 */
export function copyPanels(width: number, bytes: 4 | 8): Body {
  const f = new Body([I32, I32, I32, I32, I32]);
  const [src, ld, dst, panels, kc] = [0, 1, 2, 3, 4];
  const p = f.local(I32);
  const s0 = f.local(I32);
  const s = f.local(I32);
  const d = f.local(I32);
  const k = f.local(I32);
  const rowBytes = width * bytes;
  f.get(panels).set(p).get(src).set(s0).get(dst).set(d);
  f.loop();
  {
    f.get(s0).set(s).get(kc).set(k);
    f.loop();
    move(f, s, d, 0, rowBytes);
    f.addLocal(s, ld).addTo(d, rowBytes).addTo(k, -1);
    f.get(k).brIf(0);
    f.end();
    f.addTo(s0, rowBytes).addTo(p, -1);
    f.get(p).brIf(0);
  }
  f.end();
  return f;
}

/**
 * gather(src, ld, dst, panels, kc, rows): panel p, row k = element k of the rows p*W .. p*W+W-1
 * (row r at src + r*ld; rows past `rows` repeat the last one). Addresses and ld in bytes.
 */
export function gatherPanels(width: number, bytes: 4 | 8): Body {
  const f = new Body([I32, I32, I32, I32, I32, I32]);
  const [src, ld, dst, panels, kc, rows] = [0, 1, 2, 3, 4, 5];
  const pw = f.local(I32);
  const last = f.local(I32);
  const end = f.local(I32);
  const d = f.local(I32);
  const k = f.local(I32);
  const koff = f.local(I32);
  const row = Array.from({ length: width }, () => f.local(I32));
  f.get(rows).i32(-1).op('add').set(last);
  f.get(panels).i32(width).op('mul').set(end);
  f.i32(0).set(pw).get(dst).set(d);
  f.loop();
  {
    for (let r = 0; r < width; r++) {
      // row r = src + min(pw + r, rows - 1) * ld
      f.get(pw).i32(r).op('add').get(last).get(pw).i32(r).op('add').get(rows).op('lt_s').op('select');
      f.get(ld).op('mul').get(src).op('add').set(row[r]);
    }
    f.i32(0).set(koff).get(kc).set(k);
    f.loop();
    for (let r = 0; r < width; r++) {
      f.get(d)
        .get(row[r])
        .get(koff)
        .op('add')
        .scalar('load', bytes, 0)
        .scalar('store', bytes, r * bytes);
    }
    f.addTo(koff, bytes)
      .addTo(d, width * bytes)
      .addTo(k, -1);
    f.get(k).brIf(0);
    f.end();
    f.addTo(pw, width);
    f.get(pw).get(end).op('lt_s').brIf(0);
  }
  f.end();
  return f;
}
