// max_pool2d and avg_pool2d over [N, C, H, W] or [C, H, W] inputs (PyTorch 1.13's CPU kernels:
// their window bounds, tie and NaN rules, divisors and checks). max_pool2d runs on the backend's
// pooling kernels; avg_pool2d's forward is a direct loop. The backwards are differentiable ops again
// (scatter at the maxima, or a scatter-add over the windows), so gradients of any order flow.
//
// The public ops implemented here are declared here too (torch.nn.functional functions (as
// functional_<name>, given their public names in src/api/functional.ts); op(), fn(), method(),
// src/ops/declare.ts), each right after its implementation: its PyTorch signature and gradcheck
// samples beside the forward, the autograd node (backward formula, saved tensors, JVP and batching
// rule) and any composite it is built from.

import { backend } from '../backend/index.js';
import type { Windows2d } from '../backend/backend.js';
import { float64, int32, int64 } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { contiguousStrides } from '../tensor/shape.js';
import * as K from '../tensor/kernels.js';
import { apply, defineOp } from '../autograd/op.js';
import { gatherAt, scatterAddAt } from './gather_at.js';
import { windows2d } from './im2col.js';
import { type Geometry, pair, poolingOutputShape, windowTable } from './windows.js';
import { fn } from './declare.js';

export interface PoolOpts {
  stride?: number | readonly number[] | null;
  padding?: number | readonly number[];
  dilation?: number | readonly number[];
  ceil_mode?: boolean;
}

export interface AvgPoolOpts extends Omit<PoolOpts, 'dilation'> {
  count_include_pad?: boolean;
  divisor_override?: number | null;
}

/** Checks and output sizes, in the order ATen's max_pool2d/avg_pool2d meta functions make them. */
function poolGeometry(x: Tensor, kernel_size: number | readonly number[], opts: PoolOpts | undefined): Geometry {
  const kernel = pair(kernel_size, 'kernel_size');
  const stride = opts?.stride === undefined || opts.stride === null ? kernel : pair(opts.stride, 'stride');
  const padding = pair(opts?.padding ?? 0, 'padding');
  const dilation = pair(opts?.dilation ?? 1, 'dilation');
  const ceil = opts?.ceil_mode ?? false;
  const dims = x.dim();
  if (dims !== 3 && dims !== 4) throw new RangeError('non-empty 3D or 4D (batch mode) tensor expected for input');
  const validDims = dims === 4 ? x.size(1) !== 0 && x.size(2) !== 0 : true;
  if (!(
    (dims === 3 && x.size(0) !== 0 && x.size(1) !== 0 && x.size(2) !== 0) ||
    (dims === 4 && validDims && x.size(3) !== 0)
  )) {
    throw new RangeError(
      `Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[${x.shape.join(', ')}]`,
    );
  }
  const [C, H, W] = x.shape.slice(-3);
  const out: number[] = [];
  for (const [i, size] of [
    [0, H],
    [1, W],
  ] as const) {
    if (stride[i] === 0) throw new RangeError('stride should not be zero');
    if (padding[i] < 0) throw new RangeError(`pad must be non-negative, but got pad: ${padding[i]}`);
    if (padding[i] > Math.floor(kernel[i] / 2)) {
      throw new RangeError(
        `pad should be at most half of kernel size, but got pad=${padding[i]} and kernel_size=${kernel[i]}`,
      );
    }
    out.push(poolingOutputShape(size, kernel[i], padding[i], stride[i], dilation[i], ceil));
  }
  if (kernel[0] <= 0 || kernel[1] <= 0) {
    throw new RangeError(`kernel size should be greater than zero, but got kH: ${kernel[0]} kW: ${kernel[1]}`);
  }
  if (stride[0] <= 0 || stride[1] <= 0) {
    throw new RangeError(`stride should be greater than zero, but got dH: ${stride[0]} dW: ${stride[1]}`);
  }
  if (dilation[0] <= 0 || dilation[1] <= 0) {
    throw new RangeError(
      `dilation should be greater than zero, but got dilationH: ${dilation[0]} dilationW: ${dilation[1]}`,
    );
  }
  const [OH, OW] = out;
  if (OH < 1 || OW < 1) {
    throw new RangeError(
      `Given input size: (${C}x${H}x${W}). Calculated output size: (${C}x${OH}x${OW}). Output size is too small`,
    );
  }
  const N = dims === 4 ? x.size(0) : 1;
  return { N, C, H, W, kernel, stride, padBefore: padding, padAfter: padding, dilation, OH, OW };
}

function outShape(x: Tensor, g: { N: number; C: number; OH: number; OW: number }): number[] {
  return x.dim() === 4 ? [g.N, g.C, g.OH, g.OW] : [g.C, g.OH, g.OW];
}

// ---------------------------------------------------------------- max_pool2d

interface MaxPoolArgs {
  w: Windows2d;
  /** Filled by forward: the input offset of each output's maximum. */
  chosen: Int32Array | null;
}

const MAX_POOL2D = defineOp<MaxPoolArgs>({
  node: 'MaxPool2DWithIndicesBackward0',
  forward: ([x], args) => {
    const out = K.output(outShape(x, args.w), x.dtype);
    const chosen = K.output(out._shape, int32)._data as Int32Array;
    backend().maxPool2d(K.contiguous(x)._data, args.w, out._data, chosen);
    args.chosen = chosen;
    return out;
  },
  backward: (grad, _s, { args, meta }) => [
    apply(MAX_POOL2D_BACKWARD, [grad], { w: args.w, chosen: args.chosen as Int32Array, shape: meta[0].shape }),
  ],
});

interface MaxPoolBackwardArgs {
  w: Windows2d;
  chosen: Int32Array;
  /** The pooled input's shape. */
  shape: readonly number[];
}

/** The gradient at each window's maximum, zero elsewhere; its own gradient gathers at the maxima. */
const MAX_POOL2D_BACKWARD = defineOp<MaxPoolBackwardArgs>({
  node: 'MaxPool2DWithIndicesBackwardBackward0',
  forward: ([grad], { w, chosen, shape }) => {
    const gx = K.output(shape, grad.dtype);
    backend().maxPool2dBackward(K.contiguous(grad)._data, chosen, w, gx._data);
    return gx;
  },
  backward: (gg, _s, { args, meta }) => [
    gatherAt(gg, { offsets: args.chosen, srcShape: args.shape, outShape: meta[0].shape }),
  ],
});

/** F.max_pool2d(input, kernel_size, { stride, padding, dilation, ceil_mode }). */
export function max_pool2d(input: Tensor, kernel_size: number | readonly number[], opts?: PoolOpts): Tensor {
  const g = poolGeometry(input, kernel_size, opts);
  return apply(MAX_POOL2D, [input], { w: windows2d(g), chosen: null });
}

// ---------------------------------------------------------------- avg_pool2d

interface AvgPoolArgs {
  g: Geometry;
  /** Per output position (OH·OW): what its window sum is divided by. */
  divisor: Float64Array;
}

const AVG_POOL2D = defineOp<AvgPoolArgs>({
  node: 'AvgPool2DBackward0',
  forward: ([x], { g, divisor }) => {
    const { H, W, OH, OW } = g;
    const [kh, kw] = g.kernel;
    const data = K.contiguous(x)._data;
    const out = K.empty(outShape(x, g), x.dtype);
    const o = out._data;
    let p = 0;
    for (let plane = 0; plane < g.N * g.C; plane++) {
      const base = plane * H * W;
      for (let oy = 0; oy < OH; oy++) {
        const ys = oy * g.stride[0] - g.padBefore[0];
        const y0 = Math.max(ys, 0);
        const y1 = Math.min(ys + kh, H);
        for (let ox = 0; ox < OW; ox++) {
          const xs = ox * g.stride[1] - g.padBefore[1];
          const x0 = Math.max(xs, 0);
          const x1 = Math.min(xs + kw, W);
          let sum = 0;
          for (let y = y0; y < y1; y++) for (let xx = x0; xx < x1; xx++) sum += data[base + y * W + xx];
          o[p++] = sum / divisor[oy * OW + ox];
        }
      }
    }
    return out;
  },
  // Each window element receives grad / divisor: spread over the kernel, then scatter-added.
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
    const planes = g.N * g.C;
    const K2 = g.kernel[0] * g.kernel[1];
    const spread = grad.mul(scale).reshape(planes, 1, L).expand(planes, K2, L);
    return [scatterAddAt(spread, { offsets: windowTable(g), srcShape: meta[0].shape, outShape: spread.shape })];
  },
});

/** F.avg_pool2d(input, kernel_size, { stride, padding, ceil_mode, count_include_pad, divisor_override }). */
export function avg_pool2d(input: Tensor, kernel_size: number | readonly number[], opts?: AvgPoolOpts): Tensor {
  if (opts?.divisor_override === 0) throw new RangeError('divisor must be not zero');
  const g = poolGeometry(input, kernel_size, { ...opts, dilation: 1 });
  const includePad = opts?.count_include_pad ?? true;
  const divisor = new Float64Array(g.OH * g.OW);
  for (let oy = 0; oy < g.OH; oy++) {
    for (let ox = 0; ox < g.OW; ox++) {
      const y0 = oy * g.stride[0] - g.padBefore[0];
      const x0 = ox * g.stride[1] - g.padBefore[1];
      const y1 = Math.min(y0 + g.kernel[0], g.H + g.padBefore[0]);
      const x1 = Math.min(x0 + g.kernel[1], g.W + g.padBefore[1]);
      let count = (y1 - y0) * (x1 - x0);
      if (!includePad) count = (Math.min(y1, g.H) - Math.max(y0, 0)) * (Math.min(x1, g.W) - Math.max(x0, 0));
      divisor[oy * g.OW + ox] = opts?.divisor_override ?? count;
    }
  }
  // An integer input averages in integer arithmetic, as ATen's kernel: the quotient truncated.
  if (!input.dtype.is_floating_point) return apply(AVG_POOL2D, [input.to(float64)], { g, divisor }).to(input.dtype);
  return apply(AVG_POOL2D, [input], { g, divisor });
}

type T = Tensor;
type Pair = number | readonly number[];
export const functional_avg_pool2d = fn(
  'avg_pool2d(Tensor input, int[2] kernel_size, int[2]? stride=None, int[2] padding=0, bool ceil_mode=False, bool count_include_pad=True, int? divisor_override=None)',
  (
    input: T,
    kernel_size: Pair,
    stride?: Pair | null,
    padding?: Pair,
    ceil_mode?: boolean,
    count_include_pad?: boolean,
    divisor_override?: number | null,
  ): T => avg_pool2d(input, kernel_size, { stride, padding, ceil_mode, count_include_pad, divisor_override }),
);

/** F.max_pool2d with return_indices: the output and each maximum's flat index in its input plane. */
export function max_pool2d_with_indices(
  input: Tensor,
  kernel_size: number | readonly number[],
  opts?: PoolOpts,
): [Tensor, Tensor] {
  const g = poolGeometry(input, kernel_size, opts);
  const args: MaxPoolArgs = { w: windows2d(g), chosen: null };
  const out = apply(MAX_POOL2D, [input], args);
  // Under vmap the kernel runs on the batch's own arguments, so the maxima's offsets stay there.
  if (args.chosen === null) throw new Error('max_pool2d: return_indices=True is not supported under vmap');
  const chosen = args.chosen;
  const plane = g.H * g.W;
  const perPlane = g.OH * g.OW;
  const indices = K.empty(out.shape, int64);
  for (let i = 0; i < chosen.length; i++) indices._data[i] = chosen[i] - Math.floor(i / perPlane) * plane;
  return [out, indices];
}

const MAX_POOL2D_SIGS = (name: string): string =>
  `${name}(Tensor input, int[2] kernel_size, int[2]? stride=None, int[2] padding=0, int[2] dilation=1, bool ceil_mode=False, bool return_indices=False)`;
type MaxPoolFn = (
  input: T,
  kernel_size: Pair,
  stride?: Pair | null,
  padding?: Pair,
  dilation?: Pair,
  ceil_mode?: boolean,
  return_indices?: boolean,
) => T;
/** F.max_pool2d; with return_indices, [output, indices] (typed by max_pool2d_with_indices). */
export const functional_max_pool2d = fn(MAX_POOL2D_SIGS('max_pool2d'), ((
  input,
  kernel_size,
  stride,
  padding,
  dilation,
  ceil_mode,
  return_indices,
) => {
  const opts = { stride, padding, dilation, ceil_mode };
  return return_indices === true
    ? max_pool2d_with_indices(input, kernel_size, opts)
    : max_pool2d(input, kernel_size, opts);
}) as MaxPoolFn);
export const functional_max_pool2d_with_indices = fn(
  MAX_POOL2D_SIGS('max_pool2d_with_indices'),
  (
    input: T,
    kernel_size: Pair,
    stride?: Pair | null,
    padding?: Pair,
    dilation?: Pair,
    ceil_mode?: boolean,
    _return_indices?: boolean,
  ): [T, T] => max_pool2d_with_indices(input, kernel_size, { stride, padding, dilation, ceil_mode }),
);
