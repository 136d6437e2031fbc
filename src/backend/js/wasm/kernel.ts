// The GEMM micro-kernel in WebAssembly SIMD, emitted per element type. It sweeps every MR x NR
// tile of a padded C block: C[ib, jb] (+)= Apanel[ib] * Bpanel[jb], where an A panel is kc x MR
// values stored k-major (MR per k) and a B panel kc x NR values (NR per k). The MR x NR/W
// accumulators stay in registers over the k loop: per k it loads NR/W vectors of B, splats each of
// the MR values of A and issues a multiply and an add per accumulator (no FMA in baseline SIMD, so
// float32 products are rounded before they are summed, still in float32 as BLAS would).

import { Body, I32, SIMD, V128 } from './emit.js';

export interface KernelShape {
  /** Bytes per element: 4 (f32x4) or 8 (f64x2). */
  bytes: 4 | 8;
  /** Rows of the register tile. */
  mr: number;
  /** Vectors per row of the register tile (NR = nv * lanes). */
  nv: number;
}

/**
 * kernel(ap, bp, cp, mBlocks, nBlocks, kc, ldc, accumulate): all addresses and ldc in bytes;
 * mBlocks, nBlocks and kc are at least 1. Panels are consecutive: A panel ib at ap + ib*kc*MR*bytes,
 * B panel jb at bp + jb*kc*NR*bytes, tile (ib, jb) at cp + ib*MR*ldc + jb*NR*bytes.
 */
export function gemmKernel(s: KernelShape): Body {
  const { bytes, mr, nv } = s;
  const lanes = 16 / bytes;
  const nr = nv * lanes;
  const splat = bytes === 4 ? SIMD.load32Splat : SIMD.load64Splat;
  const add = bytes === 4 ? SIMD.f32x4Add : SIMD.f64x2Add;
  const mul = bytes === 4 ? SIMD.f32x4Mul : SIMD.f64x2Mul;
  const align = bytes === 4 ? 2 : 3;

  const f = new Body([I32, I32, I32, I32, I32, I32, I32, I32]);
  const [ap, bp, cp, mBlocks, nBlocks, kc, ldc, accumulate] = [0, 1, 2, 3, 4, 5, 6, 7];
  const jb = f.local(I32);
  const ib = f.local(I32);
  const apanel = f.local(I32);
  const bpanel = f.local(I32);
  const cpanel = f.local(I32);
  const ctile = f.local(I32);
  const a = f.local(I32);
  const b = f.local(I32);
  const k = f.local(I32);
  const crow = f.local(I32);
  const aStep = f.local(I32);
  const bStep = f.local(I32);
  const cStep = f.local(I32);
  const av = f.local(V128);
  const bv = Array.from({ length: nv }, () => f.local(V128));
  const acc = Array.from({ length: mr }, () => Array.from({ length: nv }, () => f.local(V128)));

  f.get(kc)
    .i32(mr * bytes)
    .op('mul')
    .set(aStep);
  f.get(kc)
    .i32(nr * bytes)
    .op('mul')
    .set(bStep);
  f.get(ldc).i32(mr).op('mul').set(cStep);
  f.get(bp).set(bpanel);
  f.get(cp).set(cpanel);
  f.get(nBlocks).set(jb);
  f.loop(); // over B panels
  {
    f.get(ap).set(apanel);
    f.get(cpanel).set(ctile);
    f.get(mBlocks).set(ib);
    f.loop(); // over A panels
    {
      for (const row of acc) for (const x of row) f.v128Zero().set(x);
      f.get(apanel).set(a);
      f.get(bpanel).set(b);
      f.get(kc).set(k);
      // (Unrolling this loop, or wider tiles, measured slower under V8 on Zen 1.)
      f.loop();
      for (let v = 0; v < nv; v++)
        f.get(b)
          .simd(SIMD.load, { align: 4, offset: v * 16 })
          .set(bv[v]);
      for (let r = 0; r < mr; r++) {
        f.get(a)
          .simd(splat, { align, offset: r * bytes })
          .set(av);
        for (let v = 0; v < nv; v++) f.get(acc[r][v]).get(av).get(bv[v]).simd(mul).simd(add).set(acc[r][v]);
      }
      f.addTo(a, mr * bytes)
        .addTo(b, nr * bytes)
        .addTo(k, -1);
      f.get(k).brIf(0);
      f.end();

      f.get(ctile).set(crow);
      f.get(accumulate).if();
      for (let r = 0; r < mr; r++) {
        for (let v = 0; v < nv; v++) {
          const mem = { align: 4, offset: v * 16 };
          f.get(crow).get(crow).simd(SIMD.load, mem).get(acc[r][v]).simd(add).simd(SIMD.store, mem);
        }
        f.addLocal(crow, ldc);
      }
      f.else();
      for (let r = 0; r < mr; r++) {
        for (let v = 0; v < nv; v++)
          f.get(crow)
            .get(acc[r][v])
            .simd(SIMD.store, { align: 4, offset: v * 16 });
        f.addLocal(crow, ldc);
      }
      f.end();

      f.addLocal(apanel, aStep).addLocal(ctile, cStep).addTo(ib, -1);
      f.get(ib).brIf(0);
    }
    f.end();
    f.addLocal(bpanel, bStep)
      .addTo(cpanel, nr * bytes)
      .addTo(jb, -1);
    f.get(jb).brIf(0);
  }
  f.end();
  return f;
}
