// Convolution and pooling over [N, C, H, W] inputs.
//
// Both are built on the differentiable gather/scatter-add primitives of offsets.ts: gathering at
// every window position is im2col, scatter-adding there is col2im. Tables depend only on geometry
// and are cached.

import { contiguousStrides } from '../tensor/shape.js';
import { no_grad } from '../autograd/grad_mode.js';
import { Tensor } from '../tensor/tensor.js';
import * as K from './kernels.js';
import { apply, defineOp } from './op.js';
import { gatherAt, gatherForward, scatterAddAt } from './offsets.js';

type Pair = [number, number];

function pair(v: number | readonly number[], name: string): Pair {
  const p = typeof v === 'number' ? [v, v] : [...v];
  if (p.length !== 2 || p.some((x) => !Number.isInteger(x)))
    throw new TypeError(`${name} must be an int or a pair of ints`);
  return [p[0], p[1]];
}

// ---------------------------------------------------------------- im2col tables

interface Geometry {
  N: number;
  C: number;
  H: number;
  W: number;
  kernel: Pair;
  stride: Pair;
  padding: Pair;
  dilation: Pair;
  OH: number;
  OW: number;
}

function geometry(
  shape: readonly number[],
  kernel: Pair,
  stride: Pair,
  padding: Pair,
  dilation: Pair,
  what: string,
): Geometry {
  const [N, C, H, W] = shape;
  const OH = Math.floor((H + 2 * padding[0] - dilation[0] * (kernel[0] - 1) - 1) / stride[0]) + 1;
  const OW = Math.floor((W + 2 * padding[1] - dilation[1] * (kernel[1] - 1) - 1) / stride[1]) + 1;
  if (OH <= 0 || OW <= 0) {
    throw new RangeError(
      `${what}: Output size is too small (calculated output size ${OH}x${OW} from input ${H}x${W} with kernel ${kernel[0]}x${kernel[1]})`,
    );
  }
  return { N, C, H, W, kernel, stride, padding, dilation, OH, OW };
}

const tableCache = new Map<string, Int32Array>();

/**
 * Offsets of the [N, C, kh, kw, OH, OW] window elements in a contiguous [N, C, H, W] tensor
 * (-1 where a window reaches into the zero padding).
 */
function windowTable(g: Geometry): Int32Array {
  const key = JSON.stringify(g);
  const cached = tableCache.get(key);
  if (cached) return cached;
  const { N, C, H, W, kernel, stride, padding, dilation, OH, OW } = g;
  const [kh, kw] = kernel;
  const table = new Int32Array(N * C * kh * kw * OH * OW);
  let p = 0;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const plane = (n * C + c) * H * W;
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          for (let oy = 0; oy < OH; oy++) {
            const y = oy * stride[0] - padding[0] + i * dilation[0];
            for (let ox = 0; ox < OW; ox++) {
              const x = ox * stride[1] - padding[1] + j * dilation[1];
              table[p++] = y >= 0 && y < H && x >= 0 && x < W ? plane + y * W + x : -1;
            }
          }
        }
      }
    }
  }
  if (tableCache.size > 64) tableCache.clear();
  tableCache.set(key, table);
  return table;
}

/** im2col: [N, C, H, W] → [N, C·kh·kw, OH·OW]. */
function unfoldWindows(x: Tensor, g: Geometry): Tensor {
  const cols = gatherAt(x, {
    offsets: windowTable(g),
    srcShape: x.shape,
    outShape: [g.N, g.C * g.kernel[0] * g.kernel[1], g.OH * g.OW],
  });
  return cols;
}

// ---------------------------------------------------------------- conv2d

export interface Conv2dOpts {
  stride?: number | readonly number[];
  padding?: number | readonly number[];
  dilation?: number | readonly number[];
  groups?: number;
}

function checkConvInput(input: Tensor, weight: Tensor, groups: number): void {
  if (input.dim() !== 4) {
    throw new RangeError(
      `Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [${input.shape.join(', ')}]`,
    );
  }
  if (weight.dim() !== 4) throw new RangeError(`weight should have 4 dimensions, got ${weight.dim()}`);
  const C = input.size(1);
  if (C !== weight.size(1) * groups) {
    throw new RangeError(
      `Given groups=${groups}, weight of size [${weight.shape.join(', ')}], expected input[${input.shape.join(', ')}] to have ${weight.size(1) * groups} channels, but got ${C} channels instead`,
    );
  }
  if (weight.size(0) % groups !== 0) throw new RangeError('out_channels must be divisible by groups');
  if (input.dtype !== weight.dtype) {
    throw new TypeError(`Input type (${input.type()}) and weight type (${weight.type()}) should be the same`);
  }
}

/** torch.nn.functional.conv2d: cross-correlation of [N, C, H, W] with [O, C/groups, kh, kw]. */
export function conv2d(input: Tensor, weight: Tensor, bias?: Tensor | null, opts?: Conv2dOpts): Tensor {
  const unbatched = input.dim() === 3;
  const x = unbatched ? input.unsqueeze(0) : input;
  const groups = opts?.groups ?? 1;
  checkConvInput(x, weight, groups);
  const kernel: Pair = [weight.size(2), weight.size(3)];
  const g = geometry(
    x.shape,
    kernel,
    pair(opts?.stride ?? 1, 'stride'),
    pair(opts?.padding ?? 0, 'padding'),
    pair(opts?.dilation ?? 1, 'dilation'),
    'conv2d',
  );
  const out = apply(CONV2D, bias ? [x, weight, bias] : [x, weight], { g, groups });
  return unbatched ? out.squeeze(0) : out;
}

interface ConvArgs {
  g: Geometry;
  groups: number;
}

/** The conv2d computation in tensor ops (used by forward without recording, and by backward). */
function convCompute(x: Tensor, w: Tensor, { g, groups }: ConvArgs): Tensor {
  const O = w.size(0);
  const cols = unfoldWindows(x, g); // [N, C*kh*kw, L]
  const ck = (g.C / groups) * g.kernel[0] * g.kernel[1];
  if (groups === 1) {
    return w.reshape(O, ck).matmul(cols).view(g.N, O, g.OH, g.OW);
  }
  const colsG = cols.view(g.N, groups, ck, g.OH * g.OW);
  const wG = w.reshape(groups, O / groups, ck).unsqueeze(0);
  return wG.matmul(colsG).reshape(g.N, O, g.OH, g.OW);
}

const CONV2D = defineOp<ConvArgs>({
  node: 'ConvolutionBackward0',
  saves: ['self', 'other'],
  inputs: ['self', 'other', 'third'],
  forward: ([x, w, b], args) => {
    const out = no_grad(() => convCompute(x, w, args));
    return b ? K.binary('add', out, b.view(1, -1, 1, 1), out.dtype) : out;
  },
  backward: (grad, s, { args, needs }) => {
    const { g, groups } = args;
    const x = s.self;
    const w = s.other;
    const O = w.size(0);
    const L = g.OH * g.OW;
    const ck = (g.C / groups) * g.kernel[0] * g.kernel[1];
    const gOut = grad.reshape(g.N, groups, O / groups, L);
    let gx: Tensor | null = null;
    let gw: Tensor | null = null;
    if (needs[0]) {
      // col2im of Wᵀ·grad
      const wG = w
        .reshape(groups, O / groups, ck)
        .transpose(1, 2)
        .unsqueeze(0);
      const gCols = wG.matmul(gOut).reshape(g.N, g.C * g.kernel[0] * g.kernel[1], L);
      gx = scatterAddAt(gCols, { offsets: windowTable(g), srcShape: x.shape, outShape: gCols.shape });
    }
    if (needs[1]) {
      const cols = unfoldWindows(x, g).view(g.N, groups, ck, L);
      gw = gOut.matmul(cols.transpose(2, 3)).sum(0).reshape(w.shape);
    }
    const gb = needs[2] ? grad.sum([0, 2, 3]) : null;
    return [gx, gw, gb];
  },
});

// ---------------------------------------------------------------- pooling

export interface PoolOpts {
  stride?: number | readonly number[] | null;
  padding?: number | readonly number[];
  dilation?: number | readonly number[];
  ceil_mode?: boolean;
}

function poolGeometry(
  x: Tensor,
  kernel_size: number | readonly number[],
  opts: PoolOpts | undefined,
  what: string,
): Geometry {
  if (x.dim() !== 4) {
    throw new RangeError(`${what}: Expected 3D or 4D (batch mode) tensor for input, but got: [${x.shape.join(', ')}]`);
  }
  if (opts?.ceil_mode) throw new Error(`${what}: ceil_mode=True is not supported by tensorgrad`);
  const kernel = pair(kernel_size, 'kernel_size');
  const stride = opts?.stride === undefined || opts.stride === null ? kernel : pair(opts.stride, 'stride');
  const padding = pair(opts?.padding ?? 0, 'padding');
  if (padding[0] > kernel[0] / 2 || padding[1] > kernel[1] / 2) {
    throw new RangeError('pad should be at most half of effective kernel size');
  }
  return geometry(x.shape, kernel, stride, padding, pair(opts?.dilation ?? 1, 'dilation'), what);
}

interface MaxPoolArgs {
  g: Geometry;
  /** Filled by forward: offsets (into x) of each output's maximum. */
  chosen: { offsets: Int32Array | null };
}

const MAX_POOL2D = defineOp<MaxPoolArgs>({
  node: 'MaxPool2DWithIndicesBackward0',
  forward: ([x], { g, chosen }) => {
    const table = windowTable(g);
    const K2 = g.kernel[0] * g.kernel[1];
    const L = g.OH * g.OW;
    const src = K.contiguous(x);
    const data = src._data;
    const out = K.empty([g.N, g.C, g.OH, g.OW], x.dtype);
    const picked = new Int32Array(g.N * g.C * L);
    for (let nc = 0; nc < g.N * g.C; nc++) {
      for (let l = 0; l < L; l++) {
        let best = -Infinity;
        let at = -1;
        for (let k = 0; k < K2; k++) {
          const off = table[(nc * K2 + k) * L + l];
          if (off < 0) continue;
          const v = data[off];
          if (v > best || v !== v || at < 0) {
            best = v;
            at = off;
            if (v !== v) break;
          }
        }
        out._data[nc * L + l] = best;
        picked[nc * L + l] = at;
      }
    }
    chosen.offsets = picked;
    return out;
  },
  backward: (grad, _s, { args, meta }) => [
    scatterAddAt(grad, { offsets: args.chosen.offsets as Int32Array, srcShape: meta[0].shape, outShape: grad.shape }),
  ],
});

export function max_pool2d(input: Tensor, kernel_size: number | readonly number[], opts?: PoolOpts): Tensor {
  const unbatched = input.dim() === 3;
  const x = unbatched ? input.unsqueeze(0) : input;
  const g = poolGeometry(x, kernel_size, opts, 'max_pool2d');
  const out = apply(MAX_POOL2D, [x], { g, chosen: { offsets: null } });
  return unbatched ? out.squeeze(0) : out;
}

export interface AvgPoolOpts extends PoolOpts {
  count_include_pad?: boolean;
  divisor_override?: number | null;
}

const AVG_POOL2D = defineOp<{ g: Geometry; divisor: Float64Array }>({
  node: 'AvgPool2DBackward0',
  forward: ([x], { g, divisor }) => {
    const cols = gatherForward(x, {
      offsets: windowTable(g),
      srcShape: x.shape,
      outShape: [g.N * g.C, g.kernel[0] * g.kernel[1], g.OH * g.OW],
    });
    const sums = K.reduce('sum', cols, [1], false, x.dtype);
    const out = K.empty([g.N, g.C, g.OH, g.OW], x.dtype);
    const L = g.OH * g.OW;
    for (let i = 0; i < out._data.length; i++) out._data[i] = sums._data[i] / divisor[i % L];
    return out;
  },
  backward: (grad, _s, { args, meta }) => {
    const { g, divisor } = args;
    const L = g.OH * g.OW;
    const scale = Tensor._make(
      new grad.dtype.array(L).map((_, i) => 1 / divisor[i]),
      [g.OH, g.OW],
      contiguousStrides([g.OH, g.OW]),
      0,
      grad.dtype,
    );
    const spread = grad
      .mul(scale)
      .reshape(g.N * g.C, 1, L)
      .expand(g.N * g.C, g.kernel[0] * g.kernel[1], L);
    return [scatterAddAt(spread, { offsets: windowTable(g), srcShape: meta[0].shape, outShape: spread.shape })];
  },
});

export function avg_pool2d(input: Tensor, kernel_size: number | readonly number[], opts?: AvgPoolOpts): Tensor {
  const unbatched = input.dim() === 3;
  const x = unbatched ? input.unsqueeze(0) : input;
  const g = poolGeometry(x, kernel_size, opts, 'avg_pool2d');
  const includePad = opts?.count_include_pad ?? true;
  const L = g.OH * g.OW;
  const divisor = new Float64Array(L);
  for (let oy = 0; oy < g.OH; oy++) {
    for (let ox = 0; ox < g.OW; ox++) {
      const y0 = oy * g.stride[0] - g.padding[0];
      const x0 = ox * g.stride[1] - g.padding[1];
      const y1 = Math.min(y0 + g.kernel[0], g.H + g.padding[0]);
      const x1 = Math.min(x0 + g.kernel[1], g.W + g.padding[1]);
      let count = (y1 - y0) * (x1 - x0);
      if (!includePad) count = (Math.min(y1, g.H) - Math.max(y0, 0)) * (Math.min(x1, g.W) - Math.max(x0, 0));
      divisor[oy * g.OW + ox] = opts?.divisor_override ?? count;
    }
  }
  const out = apply(AVG_POOL2D, [x], { g, divisor });
  return unbatched ? out.squeeze(0) : out;
}
