// Kernels of torch.nn layers: convolution and pooling over sliding 2-d windows, activation backward
// (NNKernels in ../backend.ts).

import type { Windows2d } from '../backend.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { WASM_MIN_ELEMENTS, wasmElementwise, wasmWindows } from './wasm/runtime.js';
import { insideRange, isFloatArray } from './wasm/window.js';

// im2col, col2im and the max pooling kernels run in WebAssembly (wasm/window.ts) for float32 and
// float64 data when it is available, with the same results; the loops below are the fallback.

export function im2col(x: TypedArray, g: Windows2d, cols: TypedArray): void {
  const w = wasmWindows();
  if (w !== null && isFloatArray(x) && isFloatArray(cols) && w.im2col(x, g, cols)) return;
  const { N, C, H, W, kh, kw, sh, sw, OH, OW } = g;
  const plane = H * W;
  let p = 0;
  for (let c = 0; c < C; c++) {
    for (let i = 0; i < kh; i++) {
      const yShift = i * g.dh - g.ph;
      for (let j = 0; j < kw; j++) {
        const xShift = j * g.dw - g.pw;
        const [ox0, ox1] = insideRange(xShift, sw, W, OW);
        for (let n = 0; n < N; n++) {
          const base = (n * C + c) * plane + xShift;
          for (let oy = 0; oy < OH; oy++) {
            const y = oy * sh + yShift;
            if (y < 0 || y >= H) {
              cols.fill(0, p, p + OW);
              p += OW;
              continue;
            }
            const row = base + y * W;
            let ox = 0;
            for (; ox < ox0; ox++) cols[p++] = 0;
            if (sw === 1) {
              // One contiguous run of the input row (the common stride-1 case), without the multiply.
              for (let q = row + ox, end = row + ox1; q < end; q++) cols[p++] = x[q];
              ox = ox1;
            } else {
              for (; ox < ox1; ox++) cols[p++] = x[row + ox * sw];
            }
            for (; ox < OW; ox++) cols[p++] = 0;
          }
        }
      }
    }
  }
}

export function col2im(cols: TypedArray, g: Windows2d, x: TypedArray): void {
  const w = wasmWindows();
  if (w !== null && isFloatArray(x) && isFloatArray(cols) && w.col2im(cols, g, x)) return;
  const { N, C, H, W, kh, kw, sh, sw, OH, OW } = g;
  const plane = H * W;
  const L = OH * OW;
  x.fill(0, 0, N * C * plane);
  // Rows of cols in order, each read once front to back; every element of x still receives its
  // terms in row order of cols, as the contract asks.
  for (let c = 0; c < C; c++) {
    for (let i = 0; i < kh; i++) {
      const yShift = i * g.dh - g.ph;
      const [oy0, oy1] = insideRange(yShift, sh, H, OH);
      for (let j = 0; j < kw; j++) {
        const xShift = j * g.dw - g.pw;
        const [ox0, ox1] = insideRange(xShift, sw, W, OW);
        const src = ((c * kh + i) * kw + j) * N * L;
        for (let n = 0; n < N; n++) {
          const base = (n * C + c) * plane;
          for (let oy = oy0; oy < oy1; oy++) {
            const row = base + (oy * sh + yShift) * W + xShift;
            const from = src + n * L + oy * OW;
            if (sw === 1) for (let ox = ox0; ox < ox1; ox++) x[row + ox] += cols[from + ox];
            else for (let ox = ox0; ox < ox1; ox++) x[row + ox * sw] += cols[from + ox];
          }
        }
      }
    }
  }
}

/**
 * ATen's loop: start at the window's first element inside the input with -inf; a larger value,
 * or any NaN, takes over (so ties keep the first, and the last NaN wins).
 */
export function maxPool2d(x: TypedArray, g: Windows2d, out: TypedArray, indices: Int32Array): void {
  const w = wasmWindows();
  if (w !== null && isFloatArray(x) && isFloatArray(out) && w.maxPool2d(x, g, out, indices)) return;
  const { H, W, OH, OW, kh, kw, dh, dw } = g;
  const inside = g.ph === 0 && g.pw === 0 && (OH - 1) * g.sh + (kh - 1) * dh < H && (OW - 1) * g.sw + (kw - 1) * dw < W;
  if (inside && kh === 2 && kw === 2) return maxPool2x2(x, g, out, indices);
  const planes = g.N * g.C;
  let p = 0;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * H * W;
    for (let oy = 0; oy < OH; oy++) {
      let y0 = oy * g.sh - g.ph;
      const y1 = Math.min(y0 + (kh - 1) * dh + 1, H);
      while (y0 < 0) y0 += dh;
      for (let ox = 0; ox < OW; ox++) {
        let x0 = ox * g.sw - g.pw;
        const x1 = Math.min(x0 + (kw - 1) * dw + 1, W);
        while (x0 < 0) x0 += dw;
        let at = base + y0 * W + x0;
        let best = -Infinity;
        for (let y = y0; y < y1; y += dh) {
          const row = base + y * W;
          for (let xx = x0; xx < x1; xx += dw) {
            const v = x[row + xx];
            if (v > best || v !== v) {
              best = v;
              at = row + xx;
            }
          }
        }
        out[p] = best;
        indices[p++] = at;
      }
    }
  }
}

/** maxPool2d for 2×2 windows that need no clipping, unrolled. */
function maxPool2x2(x: TypedArray, g: Windows2d, out: TypedArray, indices: Int32Array): void {
  const { H, W, OH, OW, sh, sw } = g;
  const down = g.dh * W;
  const right = g.dw;
  const planes = g.N * g.C;
  let p = 0;
  for (let plane = 0; plane < planes; plane++) {
    for (let oy = 0; oy < OH; oy++) {
      const top = plane * H * W + oy * sh * W;
      for (let ox = 0; ox < OW; ox++) {
        let at = top + ox * sw;
        let best = x[at];
        let q = at + right;
        let v = x[q];
        // The first element starts as the maximum unless it is beaten; a NaN always takes over.
        if (v > best || v !== v) {
          best = v;
          at = q;
        }
        q = top + ox * sw + down;
        v = x[q];
        if (v > best || v !== v) {
          best = v;
          at = q;
        }
        q += right;
        v = x[q];
        if (v > best || v !== v) {
          best = v;
          at = q;
        }
        out[p] = best;
        indices[p++] = at;
      }
    }
  }
}

export function maxPool2dBackward(grad: TypedArray, indices: Int32Array, g: Windows2d, gx: TypedArray): void {
  const w = wasmWindows();
  if (w !== null && isFloatArray(grad) && isFloatArray(gx) && w.maxPool2dBackward(grad, indices, g, gx)) return;
  gx.fill(0, 0, g.N * g.C * g.H * g.W);
  const n = g.N * g.C * g.OH * g.OW;
  for (let p = 0; p < n; p++) gx[indices[p]] += grad[p];
}

export function thresholdBackward(grad: TypedArray, x: TypedArray, threshold: number, out: TypedArray): void {
  const n = out.length;
  const ew = wasmElementwise();
  if (ew !== null && n >= WASM_MIN_ELEMENTS) {
    if (out instanceof Float32Array && x instanceof Float32Array && grad instanceof Float32Array)
      return ew.thresholdBackward(grad, x, Math.fround(threshold), out);
    if (out instanceof Float64Array && x instanceof Float64Array && grad instanceof Float64Array)
      return ew.thresholdBackward(grad, x, threshold, out);
  }
  // Branch-free on floats: the gradient's bits are masked (ReLU inputs have random signs, so a
  // branch would mispredict half the time, costing several times the loop).
  if (out instanceof Float32Array && x instanceof Float32Array) {
    const t = Math.fround(threshold);
    const g = new Int32Array(grad.buffer, grad.byteOffset, n);
    const o = new Int32Array(out.buffer, out.byteOffset, n);
    for (let i = 0; i < n; i++) o[i] = g[i] & (+(x[i] <= t) - 1);
  } else if (out instanceof Float64Array && x instanceof Float64Array) {
    const g = new Int32Array(grad.buffer, grad.byteOffset, 2 * n);
    const o = new Int32Array(out.buffer, out.byteOffset, 2 * n);
    for (let i = 0; i < n; i++) {
      const keep = +(x[i] <= threshold) - 1;
      o[2 * i] = g[2 * i] & keep;
      o[2 * i + 1] = g[2 * i + 1] & keep;
    }
  } else {
    for (let i = 0; i < n; i++) out[i] = x[i] <= threshold ? 0 : grad[i];
  }
}

/** A row's mean and 1 / sqrt(variance + eps), summed in order (as native/nn.cc's row_moments). */
function rowMoments(x: TypedArray, at: number, n: number, eps: number): [number, number] {
  let s = 0;
  for (let j = 0; j < n; j++) s += x[at + j];
  const mean = s / n;
  let v = 0;
  for (let j = 0; j < n; j++) {
    const c = x[at + j] - mean;
    v += c * c;
  }
  return [mean, 1 / Math.sqrt(v / n + eps)];
}

export function layerNorm(
  x: TypedArray,
  w: TypedArray | null,
  b: TypedArray | null,
  rows: number,
  n: number,
  eps: number,
  out: TypedArray,
): void {
  for (let r = 0; r < rows; r++) {
    const at = r * n;
    const [mean, rstd] = rowMoments(x, at, n, eps);
    for (let j = 0; j < n; j++) {
      let y = (x[at + j] - mean) * rstd;
      if (w !== null) y = y * w[j];
      if (b !== null) y = y + b[j];
      out[at + j] = y;
    }
  }
}

export function layerNormBackward(
  g: TypedArray,
  x: TypedArray,
  w: TypedArray | null,
  rows: number,
  n: number,
  eps: number,
  gx: TypedArray | null,
  gw: TypedArray | null,
  gb: TypedArray | null,
): void {
  if (gx !== null) {
    for (let r = 0; r < rows; r++) {
      const at = r * n;
      const [mean, rstd] = rowMoments(x, at, n, eps);
      let s1 = 0;
      let s2 = 0;
      for (let j = 0; j < n; j++) {
        const gwj = w !== null ? g[at + j] * w[j] : g[at + j];
        s1 += gwj;
        s2 += gwj * ((x[at + j] - mean) * rstd);
      }
      const m1 = s1 / n;
      const m2 = s2 / n;
      for (let j = 0; j < n; j++) {
        const gwj = w !== null ? g[at + j] * w[j] : g[at + j];
        const xhat = (x[at + j] - mean) * rstd;
        gx[at + j] = (gwj - m1 - xhat * m2) * rstd;
      }
    }
  }
  if (gw === null && gb === null) return;
  const aw = new Float64Array(gw !== null ? n : 0);
  const ab = new Float64Array(gb !== null ? n : 0);
  for (let r = 0; r < rows; r++) {
    const at = r * n;
    const [mean, rstd] = gw !== null ? rowMoments(x, at, n, eps) : [0, 0];
    for (let j = 0; j < n; j++) {
      if (gw !== null) aw[j] += g[at + j] * ((x[at + j] - mean) * rstd);
      if (gb !== null) ab[j] += g[at + j];
    }
  }
  if (gw !== null) for (let j = 0; j < n; j++) gw[j] = aw[j];
  if (gb !== null) for (let j = 0; j < n; j++) gb[j] = ab[j];
}

export function softmaxBackward(g: TypedArray, y: TypedArray, rows: number, n: number, out: TypedArray): void {
  for (let r = 0; r < rows; r++) {
    const at = r * n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      s0 += g[at + j] * y[at + j];
      s1 += g[at + j + 1] * y[at + j + 1];
      s2 += g[at + j + 2] * y[at + j + 2];
      s3 += g[at + j + 3] * y[at + j + 3];
    }
    for (; j < n; j++) s0 += g[at + j] * y[at + j];
    const s = s0 + s1 + (s2 + s3);
    for (j = 0; j < n; j++) out[at + j] = y[at + j] * (g[at + j] - s);
  }
}
