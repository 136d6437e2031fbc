// The 3-D convolutions and poolings ([N, C, D, H, W] or unbatched [C, D, H, W] inputs), as
// composites of their 2-D forms: the depth (D) axis of a window is a sum (convolution, average) or
// maximum over its kD depth taps, each tap a 2-D op over the [N·OD, C, H, W] planes that tap reads.
// The 2-D kernels do the work (and their gradients, of any order, give these ops theirs), so the
// 3-D ops run on either backend. Also here: the adaptive 3-D poolings (separable: 2-D over (H, W),
// then over D), max_unpool1d/2d/3d, lp_pool1d/2d and dropout3d.
//
// The public ops implemented here are declared here too (torch.nn.functional functions (as
// functional_<name>, given their public names in src/api/functional.ts); op(), fn(), method(),
// src/ops/declare.ts), each right after its implementation: its PyTorch signature and gradcheck
// samples beside the forward, the autograd node (backward formula, saved tensors, JVP and batching
// rule) and any composite it is built from.

import type { Tensor } from '../tensor/tensor.js';
import { int64 } from '../tensor/dtype.js';
import * as K from '../tensor/kernels.js';
import { zeros } from '../tensor/creation.js';
import { conv2d } from './conv.js';
import { conv_transpose2d } from './conv_transpose.js';
import { avg_pool2d, max_pool2d, max_pool2d_with_indices } from './pool.js';
import { avg_pool1d } from './conv1d.js';
import { adaptive_avg_pool2d, adaptive_max_pool2d_with_indices, pad } from './resample.js';
import { catImpl, stackImpl } from './join.js';
import { dropoutVariant } from './activation.js';
import { warnOnce } from './loss.js';
import { fn, type OpSample, type SampleKit } from './declare.js';

type T = Tensor;
type Triple = [number, number, number];
type Arg = number | readonly number[];

const sizes = (x: Tensor | readonly number[]): string =>
  `[${(Array.isArray(x) ? (x as number[]) : (x as Tensor).shape).join(', ')}]`;

/** An int or a list of 1 or 3 ints, as convolutions read it (ATen's expand_param_if_needed). */
function convTriple(v: Arg, name: string): Triple {
  if (typeof v === 'number') return [v, v, v];
  if (v.length === 1) return [v[0], v[0], v[0]];
  if (v.length !== 3) {
    throw new RangeError(
      `expected ${name} to be a single integer value or a list of 3 values to match the convolution dimensions, but got ${name}=${sizes(v)}`,
    );
  }
  return [v[0], v[1], v[2]];
}

/** ATen's texts for a pooling argument of the wrong length. */
const POOL_ARG_TEXT: Record<string, string> = {
  'max_pool3d kernel_size': 'kernel_size must either be a single int, or a tuple of three ints',
  'max_pool3d stride': 'stride must either be omitted, a single int, or a tuple of three ints',
  'max_pool3d padding': 'padding must be either be a single int, or a tuple of three ints',
  'max_pool3d dilation': 'dilation must be either a single int, or a tuple of three ints',
  'avg_pool3d kernel_size': 'kernel_size must be a single int, or a tuple of three ints',
  'avg_pool3d stride': 'stride must be omitted, a single int, or a tuple of three ints',
  'avg_pool3d padding': 'padding must be a single int, or a tuple of three ints',
};

/** An int or a list of 1 or 3 ints, as the 3-D poolings read it. */
function poolTriple(v: Arg, name: string, what: string): Triple {
  if (typeof v === 'number') return [v, v, v];
  if (v.length === 1) return [v[0], v[0], v[0]];
  if (v.length !== 3) throw new RangeError(`${what}: ${POOL_ARG_TEXT[`${what} ${name}`]}`);
  return [v[0], v[1], v[2]];
}

/** x[:, :, start : start + (count - 1)·step + 1 : step] of a 5-D tensor, as planes [N·count, C, H, W]. */
function depthPlanes(x: Tensor, start: number, count: number, step: number): Tensor {
  let s = x.narrow(2, start, (count - 1) * step + 1);
  if (step > 1) s = s.index(':', ':', `::${step}`);
  const [N, C, , H, W] = x.shape;
  return s.transpose(1, 2).reshape([N * count, C, H, W]);
}

/** [N·OD, C, OH, OW] planes back to [N, C, OD, OH, OW]. */
function fromPlanes(y: Tensor, N: number, OD: number): Tensor {
  const [, C, OH, OW] = y.shape;
  return y.reshape([N, OD, C, OH, OW]).transpose(1, 2);
}

// ---------------------------------------------------------------- conv3d

export interface Conv3dOpts {
  stride?: Arg;
  padding?: Arg | 'same' | 'valid';
  dilation?: Arg;
  groups?: number;
}

/** F.conv3d(input, weight, bias?, { stride, padding, dilation, groups }). */
export function conv3d(input: Tensor, weight: Tensor, bias: Tensor | null, opts: Conv3dOpts = {}): Tensor {
  if (input.dim() !== 4 && input.dim() !== 5) {
    throw new RangeError(
      `Expected 4D (unbatched) or 5D (batched) input to conv3d, but got input of size: ${sizes(input)}`,
    );
  }
  if (weight.dim() < 3) throw new RangeError('weight should have at least three dimensions');
  const unbatched = input.dim() === 4;
  let x = unbatched ? input.unsqueeze(0) : input;
  const groups = opts.groups ?? 1;
  const nd = weight.dim() - 2;
  const expand = (v: Arg, name: string): Triple => {
    if (nd !== 3 && !(typeof v !== 'number' && v.length === 1)) {
      const got = typeof v === 'number' ? [v, v, v] : v;
      throw new RangeError(
        `expected ${name} to be a single integer value or a list of ${nd} values to match the convolution dimensions, but got ${name}=${sizes(got)}`,
      );
    }
    return convTriple(v, name);
  };
  const stride = expand(opts.stride ?? 1, 'stride');
  const dilation = convTriple(opts.dilation ?? 1, 'dilation');
  const kernel: Triple = [weight.size(2), weight.size(3), weight.size(4)];
  const padding = opts.padding ?? 0;
  let before: Triple;
  let after: Triple;
  if (padding === 'valid') {
    before = [0, 0, 0];
    after = [0, 0, 0];
  } else if (padding === 'same') {
    if (stride.some((s) => s !== 1)) throw new RangeError("padding='same' is not supported for strided convolutions");
    const total = kernel.map((k, i) => dilation[i] * (k - 1));
    before = total.map((t) => Math.floor(t / 2)) as Triple;
    after = total.map((t, i) => t - before[i]) as Triple;
  } else if (typeof padding === 'string') {
    throw new RangeError(`Invalid padding string: '${padding}'`);
  } else {
    before = convTriple(padding, 'padding');
    after = before;
  }
  if (before.some((p) => p < 0)) throw new RangeError('negative padding is not supported');
  if (stride.some((s) => s <= 0)) throw new RangeError('non-positive stride is not supported');
  if (dilation.some((d) => d <= 0)) throw new RangeError('non-positive dilation is not supported');
  if (!Number.isInteger(groups) || groups <= 0) throw new RangeError('non-positive groups is not supported');
  const ws = sizes(weight);
  if (weight.size(0) < groups) {
    throw new RangeError(
      `Given groups=${groups}, expected weight to be at least ${groups} at dimension 0, but got weight of size [${ws}] instead`,
    );
  }
  if (weight.size(0) % groups !== 0) {
    throw new RangeError(
      `Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size [${ws}] instead`,
    );
  }
  if (x.size(1) !== weight.size(1) * groups) {
    throw new RangeError(
      `Given groups=${groups}, weight of size ${ws}, expected input${sizes(x)} to have ${weight.size(1) * groups} channels, but got ${x.size(1)} channels instead`,
    );
  }
  const O = weight.size(0);
  if (bias && (bias.dim() !== 1 || bias.size(0) !== O)) {
    throw new RangeError(
      `Given weight of size ${ws}, expected bias to be 1-dimensional with ${O} elements, but got bias of size ${sizes(bias)} instead`,
    );
  }
  const padded = [0, 1, 2].map((i) => x.size(2 + i) + before[i] + after[i]);
  const effective = kernel.map((k, i) => dilation[i] * (k - 1) + 1);
  if (padded.some((p, i) => p < effective[i])) {
    throw new RangeError(
      `Calculated padded input size per channel: (${padded.join(' x ')}). Kernel size: (${effective.join(' x ')}). Kernel size can't be greater than actual input size`,
    );
  }
  if (x.dtype !== weight.dtype) {
    throw new TypeError(
      `Input type (${x.dtype.legacyType}) and weight type (${weight.dtype.legacyType}) should be the same or input should be a MKLDNN tensor and weight is a dense tensor`,
    );
  }
  const symmetricHW = before[1] === after[1] && before[2] === after[2];
  if (before[0] !== 0 || after[0] !== 0 || !symmetricHW) {
    x = pad(x, [
      symmetricHW ? 0 : before[2],
      symmetricHW ? 0 : after[2],
      symmetricHW ? 0 : before[1],
      symmetricHW ? 0 : after[1],
      before[0],
      after[0],
    ]);
  }
  const hwPad = symmetricHW ? [before[1], before[2]] : [0, 0];
  const N = x.size(0);
  const OD = Math.floor((x.size(2) - effective[0]) / stride[0]) + 1;
  let out: Tensor | null = null;
  for (let kd = 0; kd < kernel[0]; kd++) {
    const planes = depthPlanes(x, kd * dilation[0], OD, stride[0]);
    const y = conv2d(planes, weight.select(2, kd), null, {
      stride: [stride[1], stride[2]],
      padding: hwPad,
      dilation: [dilation[1], dilation[2]],
      groups,
    });
    out = out === null ? y : out.add(y);
  }
  let res = fromPlanes(out as Tensor, N, OD);
  if (bias) res = res.add(bias.view([1, O, 1, 1, 1]));
  return unbatched ? res.squeeze(0) : res;
}

export const functional_conv3d = fn(
  'conv3d(Tensor input, Tensor weight, Tensor? bias=None, int[3] stride=1, Any padding=0, int[3] dilation=1, int groups=1)',
  (
    input: T,
    weight: T,
    bias?: T | null,
    stride?: Arg,
    padding?: Arg | 'same' | 'valid',
    dilation?: Arg,
    groups?: number,
  ): T => conv3d(input, weight, bias ?? null, { stride, padding, dilation, groups }),
  {
    samples: (k, f): OpSample[] => [
      {
        name: 'conv3d [1, 2, 3, 3, 3] * [2, 2, 2, 2, 2] + bias, padding 1 stride 2',
        inputs: () => [k.make([1, 2, 3, 3, 3]), k.make([2, 2, 2, 2, 2], { salt: 1 }), k.make([2], { salt: 2 })],
        fn: (x, w, b) => f(x, w, b, { padding: 1, stride: [2, 1, 2] }),
      },
      {
        name: 'conv3d unbatched groups 2 dilation same',
        inputs: () => [k.make([2, 3, 2, 3]), k.make([2, 1, 2, 1, 2], { salt: 1 })],
        fn: (x, w) => f(x, w, null, { groups: 2, padding: 'same', dilation: [1, 1, 2] }),
      },
    ],
  },
);

// ---------------------------------------------------------------- conv_transpose3d

export interface ConvTranspose3dOpts {
  stride?: Arg;
  padding?: Arg;
  output_padding?: Arg;
  groups?: number;
  dilation?: Arg;
}

/** F.conv_transpose3d(input, weight, bias?, { stride, padding, output_padding, groups, dilation }). */
export function conv_transpose3d(
  input: Tensor,
  weight: Tensor,
  bias: Tensor | null,
  opts: ConvTranspose3dOpts = {},
): Tensor {
  if (input.dim() !== 4 && input.dim() !== 5) {
    throw new RangeError(
      `Expected 4D (unbatched) or 5D (batched) input to conv_transpose3d, but got input of size: ${sizes(input)}`,
    );
  }
  if (weight.dim() < 3) throw new RangeError('weight should have at least three dimensions');
  const unbatched = input.dim() === 4;
  const x = unbatched ? input.unsqueeze(0) : input;
  const stride = convTriple(opts.stride ?? 1, 'stride');
  const padding = convTriple(opts.padding ?? 0, 'padding');
  const outPad = convTriple(opts.output_padding ?? 0, 'output_padding');
  const dilation = convTriple(opts.dilation ?? 1, 'dilation');
  const groups = opts.groups ?? 1;
  if (weight.dim() !== 5) {
    throw new RangeError(
      `expected stride to be a single integer value or a list of ${weight.dim() - 2} values to match the convolution dimensions, but got stride=${sizes(stride)}`,
    );
  }
  if (padding.some((p) => p < 0)) throw new RangeError('negative padding is not supported');
  if (outPad.some((p) => p < 0)) throw new RangeError('negative output_padding is not supported');
  if (stride.some((s) => s <= 0)) throw new RangeError('non-positive stride is not supported');
  if (dilation.some((d) => d <= 0)) throw new RangeError('non-positive dilation is not supported');
  if (!Number.isInteger(groups) || groups <= 0) throw new RangeError('non-positive groups is not supported');
  const ws = sizes(weight);
  if (weight.size(0) % groups !== 0) {
    throw new RangeError(
      `Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size [${ws}] instead`,
    );
  }
  const [N, Cin, D, H, W] = x.shape;
  if (Cin !== weight.size(0)) {
    throw new RangeError(
      `Given transposed=1, weight of size ${ws}, expected input${sizes(x)} to have ${weight.size(0)} channels, but got ${Cin} channels instead`,
    );
  }
  const Cout = weight.size(1) * groups;
  if (bias && (bias.dim() !== 1 || bias.size(0) !== Cout)) {
    throw new RangeError(
      `Given transposed=1, weight of size ${ws}, expected bias to be 1-dimensional with ${Cout} elements, but got bias of size ${sizes(bias)} instead`,
    );
  }
  if ([0, 1, 2].some((i) => outPad[i] >= stride[i] && outPad[i] >= dilation[i])) {
    throw new RangeError(
      `output padding must be smaller than either stride or dilation, but got output_padding_depth: ${outPad[0]} output_padding_height: ${outPad[1]} output_padding_width: ${outPad[2]} stride_depth: ${stride[0]} stride_height: ${stride[1]} stride_width: ${stride[2]} dilation_depth: ${dilation[0]} dilation_height: ${dilation[1]} dilation_width: ${dilation[2]}`,
    );
  }
  const kernel = [weight.size(2), weight.size(3), weight.size(4)];
  const inSizes = [D, H, W];
  const outSizes = [0, 1, 2].map(
    (i) => (inSizes[i] - 1) * stride[i] - 2 * padding[i] + dilation[i] * (kernel[i] - 1) + outPad[i] + 1,
  );
  if (outSizes.some((o) => o < 1)) {
    throw new RangeError(
      `Given input size per channel: (${inSizes.join(' x ')}). Calculated output size per channel: (${outSizes.join(' x ')}). Output size is too small`,
    );
  }
  if (x.dtype !== weight.dtype) {
    throw new TypeError(`expected scalar type ${x.dtype.scalarType} but found ${weight.dtype.scalarType}`);
  }
  // Each depth tap kd: a 2-D transposed convolution of every input plane, whose plane d lands at
  // output depth d·sD + kd·dD (before cropping padding[0]); the full depth holds them all.
  const planes = x.transpose(1, 2).reshape([N * D, Cin, H, W]);
  const full = (D - 1) * stride[0] + dilation[0] * (kernel[0] - 1) + 1 + outPad[0];
  const spread = (D - 1) * stride[0] + 1;
  let acc: Tensor | null = null;
  for (let kd = 0; kd < kernel[0]; kd++) {
    const y = conv_transpose2d(planes, weight.select(2, kd), null, {
      stride: [stride[1], stride[2]],
      padding: [padding[1], padding[2]],
      output_padding: [outPad[1], outPad[2]],
      groups,
      dilation: [dilation[1], dilation[2]],
    });
    const [, , OH, OW] = y.shape;
    let z = y.reshape([N, D, Cout, OH, OW]);
    if (stride[0] > 1) {
      z = pad(z.unsqueeze(2), [0, 0, 0, 0, 0, 0, 0, stride[0] - 1])
        .reshape([N, D * stride[0], Cout, OH, OW])
        .narrow(1, 0, spread);
    }
    const front = kd * dilation[0];
    z = pad(z, [0, 0, 0, 0, 0, 0, front, full - front - spread]);
    acc = acc === null ? z : acc.add(z);
  }
  let out = (acc as Tensor).narrow(1, padding[0], outSizes[0]).transpose(1, 2);
  if (bias) out = out.add(bias.view([1, Cout, 1, 1, 1]));
  return unbatched ? out.squeeze(0) : out;
}

export const functional_conv_transpose3d = fn(
  'conv_transpose3d(Tensor input, Tensor weight, Tensor? bias=None, int[3] stride=1, int[3] padding=0, int[3] output_padding=0, int groups=1, int[3] dilation=1)',
  (
    input: T,
    weight: T,
    bias?: T | null,
    stride?: Arg,
    padding?: Arg,
    output_padding?: Arg,
    groups?: number,
    dilation?: Arg,
  ): T => conv_transpose3d(input, weight, bias ?? null, { stride, padding, output_padding, groups, dilation }),
  {
    samples: (k, f): OpSample[] => [
      {
        name: 'conv_transpose3d [1, 2, 2, 2, 3] stride 2 padding 1 output_padding 1 + bias',
        inputs: () => [k.make([1, 2, 2, 2, 3]), k.make([2, 2, 2, 2, 2], { salt: 1 }), k.make([2], { salt: 2 })],
        fn: (x, w, b) => f(x, w, b, { stride: 2, padding: [1, 0, 1], output_padding: [1, 0, 1] }),
      },
      {
        name: 'conv_transpose3d unbatched groups 2 dilation 2',
        inputs: () => [k.make([2, 2, 2, 2]), k.make([2, 1, 2, 2, 1], { salt: 1 })],
        fn: (x, w) => f(x, w, null, { groups: 2, dilation: 2 }),
      },
    ],
  },
);

// ---------------------------------------------------------------- max_pool3d / avg_pool3d

export interface Pool3dOpts {
  stride?: Arg | null;
  padding?: Arg;
  dilation?: Arg;
  ceil_mode?: boolean;
}

interface Pool3dGeometry {
  kernel: Triple;
  stride: Triple;
  padding: Triple;
  dilation: Triple;
  out: Triple;
}

function poolOut(size: number, k: number, p: number, s: number, d: number, ceil: boolean): number {
  const span = size + 2 * p - d * (k - 1) - 1 + (ceil ? s - 1 : 0);
  let o = Math.floor(span / s) + 1;
  if (ceil && (o - 1) * s >= size + p) o--;
  return o;
}

function pool3dGeometry(x: Tensor, kernel_size: Arg, opts: Pool3dOpts, what: string, avg: boolean): Pool3dGeometry {
  const kernel = poolTriple(kernel_size, 'kernel_size', what);
  const stride =
    opts.stride === undefined || opts.stride === null || (Array.isArray(opts.stride) && opts.stride.length === 0)
      ? kernel
      : poolTriple(opts.stride, 'stride', what);
  const padding = poolTriple(opts.padding ?? 0, 'padding', what);
  const dilation = poolTriple(opts.dilation ?? 1, 'dilation', what);
  const ceil = opts.ceil_mode ?? false;
  const dims = x.dim();
  if ((dims !== 4 && dims !== 5) || x.shape.slice(dims - 4).some((s) => s === 0)) {
    throw new RangeError('non-empty 4D or 5D (batch mode) tensor expected for input');
  }
  if (stride.some((s) => s === 0)) throw new RangeError('stride should not be zero');
  for (let i = 0; i < 3; i++) {
    if (padding[i] > Math.floor(kernel[i] / 2)) {
      throw new RangeError(
        `pad should be at most half of kernel size, but got pad=${padding[i]} and kernel_size=${kernel[i]}`,
      );
    }
  }
  const [C, D, H, W] = x.shape.slice(dims - 4);
  if (avg && (D + 2 * padding[0] < kernel[0] || H + 2 * padding[1] < kernel[1] || W + 2 * padding[2] < kernel[2])) {
    throw new RangeError(
      `input image (T: ${D} H: ${H} W: ${W}) smaller than kernel size (kT: ${kernel[0]} kH: ${kernel[1]} kW: ${kernel[2]})`,
    );
  }
  const inSizes = [D, H, W];
  const out = [0, 1, 2].map((i) => poolOut(inSizes[i], kernel[i], padding[i], stride[i], dilation[i], ceil)) as Triple;
  if (out.some((o) => o < 1)) {
    throw new RangeError(
      `Given input size: (${C}x${D}x${H}x${W}). Calculated output size: (${C}x${out.join('x')}). Output size is too small`,
    );
  }
  return { kernel, stride, padding, dilation, out };
}

/** The input padded along depth (with `value`) so every depth tap of every output exists. */
function padDepth(x: Tensor, g: Pool3dGeometry, value: number): Tensor {
  const need = (g.out[0] - 1) * g.stride[0] + g.dilation[0] * (g.kernel[0] - 1) + 1;
  const back = Math.max(0, need - x.size(2) - g.padding[0]);
  if (g.padding[0] === 0 && back === 0) return x;
  return pad(x, [0, 0, 0, 0, g.padding[0], back], 'constant', value);
}

/** F.max_pool3d with return_indices: the output and each maximum's flat index in its [D, H, W] volume. */
/**
 * The 3-D max pool: per depth tap, a 2-D max pool of the planes it reads; the first tap holding
 * the maximum (or a nan, as ATen's loop finds it) gives the output (and, with indices, its flat
 * index in the [D, H, W] volume). Without indices the 2-D pools record none (so vmap runs them).
 */
function maxPool3d(input: Tensor, kernel_size: Arg, opts: Pool3dOpts, withIndices: boolean): [Tensor, Tensor | null] {
  const g = pool3dGeometry(input, kernel_size, opts, 'max_pool3d', false);
  const unbatched = input.dim() === 4;
  const x0 = unbatched ? input.unsqueeze(0) : input;
  const [N, , , H, W] = x0.shape;
  const x = padDepth(x0, g, -Infinity);
  const vals: Tensor[] = [];
  const idx: Tensor[] = [];
  const OD = g.out[0];
  const opts2d = {
    stride: [g.stride[1], g.stride[2]],
    padding: [g.padding[1], g.padding[2]],
    dilation: [g.dilation[1], g.dilation[2]],
    ceil_mode: opts.ceil_mode,
  };
  for (let kd = 0; kd < g.kernel[0]; kd++) {
    const planes = depthPlanes(x, kd * g.dilation[0], OD, g.stride[0]);
    const kernel2d = [g.kernel[1], g.kernel[2]];
    if (!withIndices) {
      vals.push(fromPlanes(max_pool2d(planes, kernel2d, opts2d), N, OD));
      continue;
    }
    const [v, i] = max_pool2d_with_indices(planes, kernel2d, opts2d);
    vals.push(fromPlanes(v, N, OD));
    // The depth of each output's tap kd, as an offset of whole planes.
    const depth = K.empty([1, 1, OD, 1, 1], int64);
    for (let od = 0; od < OD; od++) depth._data[od] = od * g.stride[0] - g.padding[0] + kd * g.dilation[0];
    idx.push(fromPlanes(i, N, OD).add(depth.mul(H * W)));
  }
  const stacked = stackImpl(vals, 0);
  const nan = stacked.detach().isnan();
  const key = stacked.detach().masked_fill(nan, Infinity);
  const best = key.argmax(0, true);
  const out = stacked.gather(0, best).squeeze(0);
  const indices = withIndices ? stackImpl(idx, 0).gather(0, best).squeeze(0) : null;
  if (!unbatched) return [out, indices];
  return [out.squeeze(0), indices === null ? null : indices.squeeze(0)];
}

/** F.max_pool3d with return_indices: the output and each maximum's flat index in its [D, H, W] volume. */
export function max_pool3d_with_indices(input: Tensor, kernel_size: Arg, opts: Pool3dOpts = {}): [Tensor, Tensor] {
  return maxPool3d(input, kernel_size, opts, true) as [Tensor, Tensor];
}

export function max_pool3d(input: Tensor, kernel_size: Arg, opts: Pool3dOpts = {}): Tensor {
  return maxPool3d(input, kernel_size, opts, false)[0];
}

const MAX_POOL3D = (name: string): string =>
  `${name}(Tensor input, int[3] kernel_size, int[3]? stride=None, int[3] padding=0, int[3] dilation=1, bool ceil_mode=False, bool return_indices=False)`;
type MaxPool3dFn = (
  input: T,
  kernel_size: Arg,
  stride?: Arg | null,
  padding?: Arg,
  dilation?: Arg,
  ceil_mode?: boolean,
  return_indices?: boolean,
) => T;
/** F.max_pool3d; with return_indices, [output, indices] (typed by max_pool3d_with_indices). */
export const functional_max_pool3d = fn(
  MAX_POOL3D('max_pool3d'),
  ((input, kernel_size, stride, padding, dilation, ceil_mode, return_indices) => {
    const opts = { stride, padding, dilation, ceil_mode };
    return return_indices === true
      ? max_pool3d_with_indices(input, kernel_size, opts)
      : max_pool3d(input, kernel_size, opts);
  }) as MaxPool3dFn,
  {
    samples: (k, f): OpSample[] => [
      {
        name: 'max_pool3d [1, 2, 3, 4, 4] kernel 2 padding 1 stride [1, 2, 2]',
        inputs: () => [k.make([1, 2, 3, 4, 4])],
        fn: (x) => f(x, 2, { stride: [1, 2, 2], padding: 1 }),
      },
      {
        name: 'max_pool3d unbatched ceil_mode dilation',
        inputs: () => [k.make([2, 4, 3, 5])],
        fn: (x) => f(x, [2, 1, 2], { stride: 2, ceil_mode: true, dilation: [1, 1, 2] }),
      },
    ],
  },
);
export const functional_max_pool3d_with_indices = fn(
  MAX_POOL3D('max_pool3d_with_indices'),
  (
    input: T,
    kernel_size: Arg,
    stride?: Arg | null,
    padding?: Arg,
    dilation?: Arg,
    ceil_mode?: boolean,
    _return_indices?: boolean,
  ): [T, T] => max_pool3d_with_indices(input, kernel_size, { stride, padding, dilation, ceil_mode }),
);

export interface AvgPool3dOpts {
  stride?: Arg | null;
  padding?: Arg;
  ceil_mode?: boolean;
  count_include_pad?: boolean;
  divisor_override?: number | null;
}

/** The per-output counts along one dim: [with padding, without], as ATen's avg_pool3d counts them. */
function counts(size: number, k: number, p: number, s: number, out: number): [number[], number[]] {
  const inc: number[] = [];
  const exc: number[] = [];
  for (let o = 0; o < out; o++) {
    const start = o * s - p;
    const end = Math.min(start + k, size + p);
    inc.push(end - start);
    exc.push(Math.min(end, size) - Math.max(start, 0));
  }
  return [inc, exc];
}

/** F.avg_pool3d: window sums (2-D sums over depth taps) over ATen's divisors. */
export function avg_pool3d(input: Tensor, kernel_size: Arg, opts: AvgPool3dOpts = {}): Tensor {
  if (opts.divisor_override === 0) throw new RangeError('divisor must be not zero');
  const g = pool3dGeometry(input, kernel_size, { ...opts, dilation: 1 }, 'avg_pool3d', true);
  const unbatched = input.dim() === 4;
  const x0 = unbatched ? input.unsqueeze(0) : input;
  const N = x0.size(0);
  const x = padDepth(x0, g, 0);
  const OD = g.out[0];
  let sum: Tensor | null = null;
  for (let kd = 0; kd < g.kernel[0]; kd++) {
    const s = avg_pool2d(depthPlanes(x, kd, OD, g.stride[0]), [g.kernel[1], g.kernel[2]], {
      stride: [g.stride[1], g.stride[2]],
      padding: [g.padding[1], g.padding[2]],
      ceil_mode: opts.ceil_mode,
      divisor_override: 1,
    });
    sum = sum === null ? s : sum.add(s);
  }
  const res = fromPlanes(sum as Tensor, N, OD);
  const inSizes = x0.shape.slice(2);
  const per = [0, 1, 2].map((i) => counts(inSizes[i], g.kernel[i], g.padding[i], g.stride[i], g.out[i]));
  const include = opts.count_include_pad ?? true;
  const div = K.empty(g.out, res.dtype.is_floating_point ? res.dtype : int64);
  let p = 0;
  for (let a = 0; a < g.out[0]; a++) {
    for (let b = 0; b < g.out[1]; b++) {
      for (let c = 0; c < g.out[2]; c++) {
        const n =
          opts.divisor_override ?? per[0][include ? 0 : 1][a] * per[1][include ? 0 : 1][b] * per[2][include ? 0 : 1][c];
        div._data[p++] = n;
      }
    }
  }
  const out = res.dtype.is_floating_point ? res.div(div) : res.div(div, { rounding_mode: 'trunc' });
  return unbatched ? out.squeeze(0) : out;
}

export const functional_avg_pool3d = fn(
  'avg_pool3d(Tensor input, int[3] kernel_size, int[3]? stride=None, int[3] padding=0, bool ceil_mode=False, bool count_include_pad=True, int? divisor_override=None)',
  (
    input: T,
    kernel_size: Arg,
    stride?: Arg | null,
    padding?: Arg,
    ceil_mode?: boolean,
    count_include_pad?: boolean,
    divisor_override?: number | null,
  ): T => avg_pool3d(input, kernel_size, { stride, padding, ceil_mode, count_include_pad, divisor_override }),
  {
    samples: (k, f): OpSample[] => [
      {
        name: 'avg_pool3d [1, 2, 3, 4, 4] kernel 2 padding 1 exclude pad',
        inputs: () => [k.make([1, 2, 3, 4, 4])],
        fn: (x) => f(x, 2, { stride: [1, 2, 2], padding: 1, count_include_pad: false }),
      },
      {
        name: 'avg_pool3d unbatched ceil_mode divisor_override',
        inputs: () => [k.make([2, 4, 3, 5])],
        fn: (x) => f(x, [2, 1, 2], { stride: 2, ceil_mode: true, divisor_override: 3 }),
      },
    ],
  },
);

// ---------------------------------------------------------------- adaptive 3-D pools

type OutputSize3 = number | readonly (number | null)[];

function adaptive3dSize(input: Tensor, output_size: OutputSize3, name: string): Triple {
  if (typeof output_size === 'number') return [output_size, output_size, output_size];
  if (output_size.length !== 3) {
    throw new RangeError(
      name === 'adaptive_max_pool3d'
        ? 'adaptive_max_pool3d(): internal error: output_size.size() must be 3'
        : `${name}: output_size must be 3`,
    );
  }
  const s = input.shape.slice(-3);
  return [output_size[0] ?? s[0], output_size[1] ?? s[1], output_size[2] ?? s[2]];
}

function checkAdaptive3d(input: Tensor, name: string, colon: boolean): void {
  const d = input.dim();
  if (d !== 4 && d !== 5)
    throw new RangeError(`${name}(): Expected 4D or 5D tensor, but got${colon ? ':' : ''} ${sizes(input)}`);
  for (let i = 1; i < d; i++) {
    if (input.size(i) <= 0) {
      throw new RangeError(
        `${name}(): Expected input to have non-zero size for non-batch dimensions, but input has sizes ${sizes(input)} with dimension ${i} being empty`,
      );
    }
  }
}

const window = (i: number, inSize: number, outSize: number): [number, number] => [
  Math.floor((i * inSize) / outSize),
  Math.floor(((i + 1) * inSize + outSize - 1) / outSize),
];

/** F.adaptive_avg_pool3d: 2-D adaptive averages over (H, W), then over D (separable). */
export function adaptive_avg_pool3d(input: Tensor, output_size: OutputSize3): Tensor {
  checkAdaptive3d(input, 'adaptive_avg_pool3d', false);
  const [od, oh, ow] = adaptive3dSize(input, output_size, 'adaptive_avg_pool3d');
  const lead = input.shape.slice(0, -3);
  const [D, H, W] = input.shape.slice(-3);
  const planes = adaptive_avg_pool2d(input.reshape([...lead.slice(0, -1), lead[lead.length - 1] * D, H, W]), [oh, ow]);
  const out = adaptive_avg_pool2d(planes.reshape([...lead, D, oh * ow]), [od, oh * ow]);
  return out.reshape([...lead, od, oh, ow]);
}

export const functional_adaptive_avg_pool3d = fn(
  'adaptive_avg_pool3d(Tensor input, Any output_size)',
  (input: T, output_size: OutputSize3): T => adaptive_avg_pool3d(input, output_size),
  {
    samples: (k, f): OpSample[] => [
      {
        name: 'adaptive_avg_pool3d [1, 2, 3, 4, 5] -> [2, 3, null]',
        inputs: () => [k.make([1, 2, 3, 4, 5])],
        fn: (x) => f(x, [2, 3, null]),
      },
    ],
  },
);

/** F.adaptive_max_pool3d with indices (flat in each [D, H, W] volume; the first maximum or nan). */
export function adaptive_max_pool3d_with_indices(input: Tensor, output_size: OutputSize3): [Tensor, Tensor] {
  checkAdaptive3d(input, 'adaptive_max_pool3d', true);
  const [od, oh, ow] = adaptive3dSize(input, output_size, 'adaptive_max_pool3d');
  const lead = input.shape.slice(0, -3);
  const [D, H, W] = input.shape.slice(-3);
  const [pv, pi] = adaptive_max_pool2d_with_indices(
    input.reshape([...lead.slice(0, -1), lead[lead.length - 1] * D, H, W]),
    [oh, ow],
  );
  const v = pv.reshape([...lead, D, oh, ow]);
  const iv = pi.reshape([...lead, D, oh, ow]);
  const dd = lead.length;
  const outs: Tensor[] = [];
  const idxs: Tensor[] = [];
  for (let o = 0; o < od; o++) {
    const [s, e] = window(o, D, od);
    const part = v.narrow(dd, s, e - s);
    const key = part.detach().masked_fill(part.detach().isnan(), Infinity);
    const best = key.argmax(dd, true);
    outs.push(part.gather(dd, best));
    idxs.push(
      iv
        .narrow(dd, s, e - s)
        .gather(dd, best)
        .add(best.add(s).mul(H * W)),
    );
  }
  return [catImpl(outs, dd), catImpl(idxs, dd)];
}

type AdaptiveMaxFn = (input: T, output_size: OutputSize3, return_indices?: boolean) => T;
/** F.adaptive_max_pool3d; with return_indices, [output, indices]. */
export const functional_adaptive_max_pool3d = fn(
  'adaptive_max_pool3d(Tensor input, Any output_size, bool return_indices=False)',
  ((input, output_size, return_indices) => {
    const r = adaptive_max_pool3d_with_indices(input, output_size);
    return return_indices === true ? r : r[0];
  }) as AdaptiveMaxFn,
  {
    samples: (k, f): OpSample[] => [
      {
        name: 'adaptive_max_pool3d [1, 2, 3, 4, 5] -> [2, 3, 2]',
        inputs: () => [k.make([1, 2, 3, 4, 5])],
        fn: (x) => f(x, [2, 3, 2]),
      },
    ],
  },
);
export const functional_adaptive_max_pool3d_with_indices = fn(
  'adaptive_max_pool3d_with_indices(Tensor input, Any output_size, bool return_indices=False)',
  (input: T, output_size: OutputSize3, _return_indices?: boolean): [T, T] =>
    adaptive_max_pool3d_with_indices(input, output_size),
);

// ---------------------------------------------------------------- max_unpool

/** PyTorch's _unpool_output_size: the default, or a checked output_size (N and C may lead). */
function unpoolSize(
  input: Tensor,
  kernel: number[],
  stride: number[],
  padding: number[],
  output_size: readonly number[] | null | undefined,
): number[] {
  const nd = kernel.length;
  const spatial = input.shape.slice(-nd);
  const defaults = spatial.map((s, d) => (s - 1) * stride[d] + kernel[d] - 2 * padding[d]);
  if (output_size === null || output_size === undefined) return defaults;
  let size = [...output_size];
  if (size.length === nd + 2) size = size.slice(2);
  if (size.length !== nd) {
    throw new RangeError(
      `output_size should be a sequence containing ${nd} or ${nd + 2} elements, but it has a length of '${size.length}'`,
    );
  }
  for (let d = 0; d < nd; d++) {
    const lo = defaults[d] - stride[d];
    const hi = defaults[d] + stride[d];
    if (!(lo < size[d] && size[d] < hi)) {
      throw new RangeError(`invalid output_size "${sizes(size)}" (dim ${d} must be between ${lo} and ${hi})`);
    }
  }
  return size;
}

function expandN(v: Arg, nd: number): number[] {
  if (typeof v === 'number') return Array<number>(nd).fill(v);
  return v.length === 1 ? Array<number>(nd).fill(v[0]) : [...v];
}

/** F.max_unpool{1,2,3}d: input scattered to its indices in zeroed planes of the output size. */
export function max_unpool(
  nd: number,
  input: Tensor,
  indices: Tensor,
  kernel_size: Arg,
  stride: Arg | null | undefined,
  padding: Arg | undefined,
  output_size: readonly number[] | null | undefined,
): Tensor {
  const lo = nd === 3 ? 4 : 3;
  const rank = input.dim() + (nd === 1 ? 1 : 0);
  if (rank !== lo && rank !== lo + 1) {
    throw new RangeError(
      `Input to max_unpooling${nd === 3 ? 3 : 2}d should be a ${lo}d or ${lo + 1}d Tensor, but got a tensor with ${rank} dimensions.`,
    );
  }
  const kernel = expandN(kernel_size, nd);
  const st = stride === null || stride === undefined ? kernel : expandN(stride, nd);
  const pd = expandN(padding ?? 0, nd);
  const out = unpoolSize(input, kernel, st, pd, output_size);
  if (indices.dtype !== int64) {
    throw new TypeError(
      `elements in indices should be type int64${nd === 3 ? '' : ` but got: ${indices.dtype.scalarType}`}`,
    );
  }
  if (indices.dim() !== input.dim() || indices.shape.some((s, i) => s !== input.size(i))) {
    throw new RangeError(
      `Expected shape of indices to be same as that of the input tensor (${sizes(input)}) but got indices tensor with shape: ${sizes(indices)}`,
    );
  }
  const lead = input.shape.slice(0, input.dim() - nd);
  const L = out.reduce((a, b) => a * b, 1);
  const flatIdx = indices.reshape([...lead, -1]);
  const data = K.contiguous(flatIdx)._data;
  // ATen's loop runs on past an invalid index and reports the last one.
  let bad: number | null = null;
  for (let i = 0; i < data.length; i++) {
    const v = Number(data[i]);
    if (v < 0 || v >= L) bad = v;
  }
  if (bad !== null) {
    throw new RangeError(
      `Found an invalid max index: ${bad} (output volumes are of size ${out.join('x')}${nd === 1 ? 'x1' : ''}`,
    );
  }
  const base = zeros([...lead, L], { dtype: input.dtype });
  return base.scatter(-1, flatIdx, input.reshape([...lead, -1])).reshape([...lead, ...out]);
}

type UnpoolFn = (
  input: T,
  indices: T,
  kernel_size: Arg,
  stride?: Arg | null,
  padding?: Arg,
  output_size?: readonly number[] | null,
) => T;
const UNPOOL = (n: number): string =>
  `max_unpool${n}d(Tensor input, Tensor indices, int[${n}] kernel_size, int[${n}]? stride=None, int[${n}] padding=0, int[]? output_size=None)`;
const unpoolSamples =
  (nd: number) =>
  (k: SampleKit, f: UnpoolFn): OpSample[] => {
    const shape = [1, 2, ...Array<number>(nd).fill(2)];
    const per = 2 ** nd;
    // Distinct positions inside each 2^nd block of the [.., 4, 4, ...] output.
    const idx: number[] = [];
    for (let c = 0; c < 2; c++) {
      for (let j = 0; j < per; j++) {
        let flat = 0;
        let mul = 1;
        for (let d = nd - 1; d >= 0; d--) {
          const blk = (j >> (nd - 1 - d)) & 1;
          flat += (blk * 2 + ((j + c + d) & 1)) * mul;
          mul *= 4;
        }
        idx.push(flat);
      }
    }
    return [
      {
        name: `max_unpool${nd}d kernel 2`,
        inputs: () => [k.make(shape), k.long(idx).reshape(shape)],
        fn: (x, i) => f(x, i, 2),
      },
    ];
  };
export const functional_max_unpool1d = fn(
  UNPOOL(1),
  ((input, indices, kernel_size, stride, padding, output_size) =>
    max_unpool(1, input, indices, kernel_size, stride, padding, output_size)) as UnpoolFn,
  { samples: unpoolSamples(1) },
);
export const functional_max_unpool2d = fn(
  UNPOOL(2),
  ((input, indices, kernel_size, stride, padding, output_size) =>
    max_unpool(2, input, indices, kernel_size, stride, padding, output_size)) as UnpoolFn,
  { samples: unpoolSamples(2) },
);
export const functional_max_unpool3d = fn(
  UNPOOL(3),
  ((input, indices, kernel_size, stride, padding, output_size) =>
    max_unpool(3, input, indices, kernel_size, stride, padding, output_size)) as UnpoolFn,
  { samples: unpoolSamples(3) },
);

// ---------------------------------------------------------------- lp_pool

/** F.lp_pool1d/2d: (window sum of x^p)^(1/p), as PyTorch's composite computes it. */
export function lp_pool(
  nd: 1 | 2,
  input: Tensor,
  norm_type: number,
  kernel_size: Arg,
  stride?: Arg | null,
  ceil_mode = false,
): Tensor {
  const k = expandN(kernel_size, nd);
  const opts = { stride: stride ?? null, padding: 0, ceil_mode };
  const powered = input.pow(norm_type);
  const out =
    nd === 1
      ? avg_pool1d(powered, kernel_size, { ...opts, stride: opts.stride ?? undefined })
      : avg_pool2d(powered, kernel_size, opts);
  return out
    .sign()
    .mul(out.abs().relu())
    .mul(k.reduce((a, b) => a * b, 1))
    .pow(1 / norm_type);
}

export const functional_lp_pool1d = fn(
  'lp_pool1d(Tensor input, float norm_type, int[1] kernel_size, int[1]? stride=None, bool ceil_mode=False)',
  (input: T, norm_type: number, kernel_size: Arg, stride?: Arg | null, ceil_mode?: boolean): T =>
    lp_pool(1, input, norm_type, kernel_size, stride, ceil_mode),
  {
    samples: (k, f): OpSample[] => [
      {
        name: 'lp_pool1d p=2 [2, 3, 6] kernel 3 stride 2',
        inputs: () => [k.make([2, 3, 6], { lo: 0.5, hi: 2 })],
        fn: (x) => f(x, 2, 3, 2),
      },
    ],
  },
);
export const functional_lp_pool2d = fn(
  'lp_pool2d(Tensor input, float norm_type, int[2] kernel_size, int[2]? stride=None, bool ceil_mode=False)',
  (input: T, norm_type: number, kernel_size: Arg, stride?: Arg | null, ceil_mode?: boolean): T =>
    lp_pool(2, input, norm_type, kernel_size, stride, ceil_mode),
  {
    samples: (k, f): OpSample[] => [
      {
        name: 'lp_pool2d p=3 [1, 2, 4, 5] kernel [2, 3] ceil_mode',
        inputs: () => [k.make([1, 2, 4, 5], { lo: 0.5, hi: 2 })],
        fn: (x) => f(x, 3, [2, 3], null, true),
      },
    ],
  },
);

// ---------------------------------------------------------------- dropout3d

/** F.dropout3d: channel-wise dropout of [N, C, D, H, W] or [C, D, H, W] inputs. */
export function dropout3d(input: Tensor, p = 0.5, training = true, inplace = false): Tensor {
  const d = input.dim();
  if (d !== 4 && d !== 5) {
    warnOnce(
      `dropout3d: Received a ${d}-D input to dropout3d, which is deprecated and will result in an error in a future release. To retain the behavior and silence this warning, please use dropout instead. Note that dropout3d exists to provide channel-wise dropout on inputs with 3 spatial dimensions, a channel dimension, and an optional batch dimension (i.e. 4D or 5D inputs).`,
    );
  }
  if (d === 5) return dropoutVariant(input, p, training, inplace, true, false);
  const out = dropoutVariant(input.unsqueeze(0), p, training, inplace, true, false);
  return inplace ? input : out.squeeze(0);
}

export const functional_dropout3d = fn(
  'dropout3d(Tensor input, float p=0.5, bool training=True, bool inplace=False)',
  (input: T, p?: number, training?: boolean, inplace?: boolean): T => dropout3d(input, p, training, inplace),
);
