// Sliding-window geometry shared by convolution and pooling: output sizes, and cached tables of
// the input offsets every window element reads (for avg_pool2d's backward).

export type Pair = [number, number];

export function pair(v: number | readonly number[], name: string): Pair {
  const p = typeof v === 'number' ? [v, v] : [...v];
  if (p.length === 1) p.push(p[0]);
  if (p.length !== 2 || p.some((x) => !Number.isInteger(x))) {
    throw new TypeError(`${name} must be an int or a pair of ints`);
  }
  return [p[0], p[1]];
}

export interface Geometry {
  N: number;
  C: number;
  H: number;
  W: number;
  kernel: Pair;
  stride: Pair;
  /** Zero padding before (top, left) and after (bottom, right) the input. */
  padBefore: Pair;
  padAfter: Pair;
  dilation: Pair;
  OH: number;
  OW: number;
}

/** Geometry of a convolution over an [N, C, H, W] input (output sizes rounded down). */
export function geometry(
  shape: readonly number[],
  kernel: Pair,
  stride: Pair,
  padBefore: Pair,
  padAfter: Pair,
  dilation: Pair,
  what: string,
): Geometry {
  const [N, C, H, W] = shape;
  const out = (i: 0 | 1, size: number): number =>
    Math.floor((size + padBefore[i] + padAfter[i] - dilation[i] * (kernel[i] - 1) - 1) / stride[i]) + 1;
  const OH = out(0, H);
  const OW = out(1, W);
  if (OH <= 0 || OW <= 0) {
    throw new RangeError(
      `${what}: Output size is too small (calculated output size ${OH}x${OW} from input ${H}x${W} with kernel ${kernel[0]}x${kernel[1]})`,
    );
  }
  return { N, C, H, W, kernel, stride, padBefore, padAfter, dilation, OH, OW };
}

/** PyTorch's pooling_output_shape: floor (or ceil, keeping the last window inside) division. */
export function poolingOutputShape(
  size: number,
  kernel: number,
  pad: number,
  stride: number,
  dilation: number,
  ceil: boolean,
): number {
  const span = size + 2 * pad - dilation * (kernel - 1) - 1 + (ceil ? stride - 1 : 0);
  let out = Math.floor(span / stride) + 1;
  if (ceil && (out - 1) * stride >= size + pad) out--;
  return out;
}

const tableCache = new Map<string, Int32Array>();
const TABLE_CACHE_SIZE = 32;

/**
 * Offsets of each window element in a contiguous [N, C, H, W] input, listed as [N, C, kh, kw, OH, OW],
 * -1 where the window reaches into padding. Tables depend only on geometry, so they are cached
 * (training reuses a handful).
 */
export function windowTable(g: Geometry): Int32Array {
  const key = `${g.N},${g.C},${g.H},${g.W},${g.kernel},${g.stride},${g.padBefore},${g.dilation},${g.OH},${g.OW}`;
  const cached = tableCache.get(key);
  if (cached) {
    // Refresh recency: a Map iterates in insertion order, so the first key is the least recent.
    tableCache.delete(key);
    tableCache.set(key, cached);
    return cached;
  }
  const table = buildTable(g);
  if (tableCache.size >= TABLE_CACHE_SIZE) tableCache.delete(tableCache.keys().next().value as string);
  tableCache.set(key, table);
  return table;
}

function buildTable(g: Geometry): Int32Array {
  const { N, C, H, W, OH, OW } = g;
  const [kh, kw] = g.kernel;
  const L = OH * OW;
  const table = new Int32Array(N * C * kh * kw * L);
  // One window row (all output positions for one kernel element), shared by every plane.
  const rowOffsets = new Int32Array(L);
  for (let c = 0; c < C; c++) {
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        for (let oy = 0; oy < OH; oy++) {
          const y = oy * g.stride[0] - g.padBefore[0] + i * g.dilation[0];
          for (let ox = 0; ox < OW; ox++) {
            const x = ox * g.stride[1] - g.padBefore[1] + j * g.dilation[1];
            rowOffsets[oy * OW + ox] = y >= 0 && y < H && x >= 0 && x < W ? y * W + x : -1;
          }
        }
        for (let n = 0; n < N; n++) {
          const plane = (n * C + c) * H * W;
          const at = (((n * C + c) * kh + i) * kw + j) * L;
          for (let l = 0; l < L; l++) table[at + l] = rowOffsets[l] < 0 ? -1 : plane + rowOffsets[l];
        }
      }
    }
  }
  return table;
}
