// F.pad, F.interpolate and the adaptive poolings, composed from differentiable tensor ops
// (index_select, narrow, cat, matmul, gather), so gradients of any order, forward mode and vmap
// run through them. Their grad_fn is the last op's where PyTorch records one node
// (ConstantPadNdBackward0, UpsampleBilinear2DBackward1, ...). Sampling positions and weights
// are computed as PyTorch 1.13's CPU kernels compute them (in float for float32 inputs), so the
// values match.
//
// The public ops implemented here are declared here too (torch.nn.functional functions (as
// functional_<name>, given their public names in src/api/functional.ts); op(), fn(), method(),
// src/ops/declare.ts), each right after its implementation: its PyTorch signature and gradcheck
// samples beside the forward, the autograd node (backward formula, saved tensors, JVP and batching
// rule) and any composite it is built from.

import { checkAllocation } from '../tensor/alloc.js';
import type { Tensor } from '../tensor/tensor.js';
import { int64 } from '../tensor/dtype.js';
import * as K from '../tensor/kernels.js';
import { catImpl } from './join.js';
import { requireFloat } from './activation.js';
import { fn, type OpSample } from './declare.js';
import { jsTypeName } from '../tensor/argcheck.js';
import { emitWarning } from '../tensor/warn.js';

/** A 1-D int64 tensor of indices. */
function indexTensor(values: readonly number[]): Tensor {
  const t = K.empty([values.length], int64);
  (t._data as Float64Array).set(values);
  return t;
}

/** A 1-D tensor of the given dtype. */
function valuesTensor(values: readonly number[], like: Tensor): Tensor {
  const t = K.empty([values.length], like.dtype);
  for (let i = 0; i < values.length; i++) t._data[i] = values[i];
  return t;
}

const sizesText = (x: Tensor): string => `[${x.shape.join(', ')}]`;

// ---------------------------------------------------------------- pad

export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

/** Pads the dims before `dim` with `value`: [before | x | after] along dim, negative pads narrow. */
function constantPadDim(x: Tensor, dim: number, before: number, after: number, value: number): Tensor {
  let out = x;
  if (before < 0) out = out.narrow(dim, -before, out.size(dim) + before);
  if (after < 0) out = out.narrow(dim, 0, out.size(dim) + after);
  if (before <= 0 && after <= 0) return out;
  const block = (n: number): Tensor =>
    K.full(
      out.shape.map((s, d) => (d === dim ? n : s)),
      value,
      x.dtype,
    );
  const parts: Tensor[] = [];
  if (before > 0) parts.push(block(before));
  parts.push(out);
  if (after > 0) parts.push(block(after));
  return catImpl(parts, dim);
}

/** The source index of each output position of a padded dim (non-constant modes). */
function padIndices(n: number, before: number, after: number, mode: PadMode): number[] {
  const out: number[] = [];
  for (let j = 0; j < n + before + after; j++) {
    let s = j - before;
    if (mode === 'replicate') s = Math.min(Math.max(s, 0), n - 1);
    else if (mode === 'circular') s = ((s % n) + n) % n;
    else {
      if (s < 0) s = -s;
      if (s > n - 1) s = 2 * (n - 1) - s;
    }
    out.push(s);
  }
  return out;
}

const PAD_MODES = ['constant', 'reflect', 'replicate', 'circular'];

/** F.pad(input, pad, mode='constant', value=None): pad pairs start at the last dim. */
export function pad(
  input: Tensor,
  padding: readonly number[],
  mode: string = 'constant',
  value?: number | null,
): Tensor {
  if (!PAD_MODES.includes(mode)) throw new Error(`Unrecognised padding mode ${mode}`);
  const ndim = input.dim();
  if (padding.length % 2 !== 0) throw new Error('Padding length must be divisible by 2');
  if (padding.length > ndim * 2) throw new Error('Padding length too large');
  const pairs = padding.length / 2;
  if (mode === 'constant') {
    let out = input;
    for (let i = 0; i < pairs; i++) {
      const dim = ndim - 1 - i;
      const before = padding[2 * i];
      const after = padding[2 * i + 1];
      if (out.size(dim) + before + after < 0) {
        throw new RangeError(
          `The input size ${out.size(dim)}, plus negative padding ${before} and ${after} resulted in a negative output size, which is invalid. Check dimension ${dim} of your input.`,
        );
      }
      out = constantPadDim(out, dim, before, after, value ?? 0);
    }
    return out === input ? input.clone() : out;
  }
  if (value !== undefined && value !== null && value !== 0) {
    throw new Error(`Padding mode "${mode}" doesn't take in value argument`);
  }
  if (!(
    (pairs === 1 && (ndim === 2 || ndim === 3)) ||
    (pairs === 2 && (ndim === 3 || ndim === 4)) ||
    (pairs === 3 && (ndim === 4 || ndim === 5))
  )) {
    throw new Error('Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now');
  }
  // ATen's circular padding always takes the first two dims for batch and channels.
  if (mode === 'circular' && padding.length !== 2 * (ndim - 2)) {
    throw new Error(`Invalid padding size, expected ${2 * (ndim - 2)} but got ${padding.length}`);
  }
  let out = input;
  for (let i = 0; i < pairs; i++) {
    const dim = ndim - 1 - i;
    const n = input.size(dim);
    const before = padding[2 * i];
    const after = padding[2 * i + 1];
    if (mode === 'reflect' && (before >= n || after >= n)) {
      // ATen's reflection_pad1d names the input's sizes, the 2-D and 3-D kernels its rank.
      const of = pairs === 1 ? sizesText(input) : String(ndim);
      throw new RangeError(
        `Argument #${4 + 2 * i}: Padding size should be less than the corresponding input dimension, but got: padding (${before}, ${after}) at dimension ${dim} of input ${of}`,
      );
    }
    if (mode === 'circular' && (before > n || after > n)) {
      throw new RangeError('Padding value causes wrapping around more than once.');
    }
    if (n + before + after < 1) {
      throw new RangeError(`input (${input.shape.slice(-pairs).join(', ')}) is too small for the padding given`);
    }
    if (mode !== 'circular')
      requireFloat(input, mode === 'reflect' ? `reflection_pad${pairs}d` : `replication_pad${pairs}d_cpu`);
    out = out.index_select(dim, indexTensor(padIndices(n, before, after, mode as PadMode)));
  }
  return out;
}

type T = Tensor;

export const functional_pad = fn(
  "pad(Tensor input, SymInt[] pad, str mode='constant', float? value=None)",
  (input: T, padding: readonly number[], mode?: PadMode, value?: number | null): T => pad(input, padding, mode, value),
);

// ---------------------------------------------------------------- adaptive pooling

/** ATen's adaptive window of output i: [floor(i·in/out), ceil((i+1)·in/out)). */
function adaptiveWindow(i: number, inSize: number, outSize: number): [number, number] {
  return [Math.floor((i * inSize) / outSize), Math.floor(((i + 1) * inSize + outSize - 1) / outSize)];
}

/** output_size as PyTorch's _list_with_default reads it: an int, or per-dim ints with None for "as input". */
function adaptiveSize(input: Tensor, output_size: number | readonly (number | null)[], name: string): [number, number] {
  if (typeof output_size === 'number') return [output_size, output_size];
  if (output_size.length !== 2) throw new RangeError(`${name}: output_size must be 2`);
  if (input.dim() <= 2) throw new RangeError(`Input dimension should be at least 3`);
  return [output_size[0] ?? input.size(-2), output_size[1] ?? input.size(-1)];
}

function checkAdaptiveInput(input: Tensor, name: string): void {
  const ndim = input.dim();
  if (ndim !== 3 && ndim !== 4)
    throw new RangeError(`${name}(): Expected 3D or 4D tensor, but got ${sizesText(input)}`);
  for (let i = 1; i < ndim; i++) {
    if (input.size(i) <= 0) {
      throw new RangeError(
        `${name}(): Expected input to have non-zero size for non-batch dimensions, but input has sizes ${sizesText(input)} with dimension ${i} being empty`,
      );
    }
  }
}

/** The [out, in] matrix whose row i averages input's window i. */
function averagingMatrix(inSize: number, outSize: number, like: Tensor): Tensor {
  const m = K.full([outSize, inSize], 0, like.dtype);
  for (let i = 0; i < outSize; i++) {
    const [s, e] = adaptiveWindow(i, inSize, outSize);
    for (let j = s; j < e; j++) m._data[i * inSize + j] = 1 / (e - s);
  }
  return m;
}

/** F.adaptive_avg_pool2d: each output averages its adaptive window (separably: rows, then columns). */
export function adaptive_avg_pool2d(input: Tensor, output_size: number | readonly (number | null)[]): Tensor {
  const [oh, ow] = adaptiveSize(input, output_size, 'adaptive_avg_pool2d');
  checkAdaptiveInput(input, 'adaptive_avg_pool2d');
  requireFloat(input, 'adaptive_avg_pool2d');
  checkAllocation(input.dtype, [...input.shape.slice(0, -2), oh, ow]);
  // ATen's own shortcut for global pooling.
  if (oh === 1 && ow === 1) return input.mean([-1, -2], true);
  const [h, w] = input.shape.slice(-2);
  let out = input;
  if (oh !== h) out = averagingMatrix(h, oh, input).matmul(out);
  if (ow !== w) out = out.matmul(averagingMatrix(w, ow, input).t());
  return out === input ? input.clone() : out;
}

type OutputSize = number | readonly (number | null)[];

/** An output size: an int, or a list of ints and nulls (Python's None: the input's size). */
function checkOutputSize(v: unknown): OutputSize {
  const ok = (e: unknown): boolean => (typeof e === 'number' && Number.isInteger(e)) || e === null;
  if ((typeof v === 'number' && Number.isInteger(v)) || (Array.isArray(v) && v.every(ok))) return v as OutputSize;
  throw new TypeError(`output_size must be an int or an Array of ints and nulls, not ${jsTypeName(v)}`);
}
export const functional_adaptive_avg_pool2d = fn(
  'adaptive_avg_pool2d(Tensor input, Any output_size)',
  (input: T, output_size: OutputSize): T => adaptive_avg_pool2d(input, checkOutputSize(output_size)),
);

/**
 * F.adaptive_max_pool2d_with_indices: the maximum of each adaptive window and its flat index in
 * the input plane (the first maximum in row-major order, or the first nan, as ATen's loop finds).
 * Every window's positions are gathered (padded with the window's first position), the maximum
 * found without recording, and the output gathered at it, so the gradient goes to that element.
 */
export function adaptive_max_pool2d_with_indices(
  input: Tensor,
  output_size: number | readonly (number | null)[],
): [Tensor, Tensor] {
  const [oh, ow] = adaptiveSize(input, output_size, 'adaptive_max_pool2d');
  checkAdaptiveInput(input, 'adaptive_max_pool2d');
  requireFloat(input, 'adaptive_max_pool2d');
  // The output's allocation error before the window table is built (its size is the output's).
  checkAllocation(input.dtype, [...input.shape.slice(0, -2), oh, ow]);
  const [h, w] = input.shape.slice(-2);
  const windows: number[][] = [];
  let widest = 0;
  for (let i = 0; i < oh; i++) {
    const [y0, y1] = adaptiveWindow(i, h, oh);
    for (let j = 0; j < ow; j++) {
      const [x0, x1] = adaptiveWindow(j, w, ow);
      const cells: number[] = [];
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) cells.push(y * w + x);
      widest = Math.max(widest, cells.length);
      windows.push(cells);
    }
  }
  const table = windows.flatMap((cells) => [...cells, ...Array<number>(widest - cells.length).fill(cells[0])]);
  const lead = input.shape.slice(0, -2);
  const flat = input.reshape([...lead, h * w]);
  const data = K.contiguous(flat.detach())._data;
  const planes = data.length / (h * w);
  const idx = K.empty([...lead, oh * ow], int64);
  for (let p = 0; p < planes; p++) {
    for (let c = 0; c < windows.length; c++) {
      let best = -Infinity;
      let at = windows[c][0];
      for (let k = 0; k < widest; k++) {
        const pos = table[c * widest + k];
        const v = data[p * h * w + pos];
        if (v > best || v !== v) {
          best = v;
          at = pos;
          if (v !== v) break;
        }
      }
      idx._data[p * windows.length + c] = at;
    }
  }
  const out = flat.gather(-1, idx).reshape([...lead, oh, ow]);
  return [out, idx.reshape([...lead, oh, ow])];
}

type AdaptiveMaxFn = (input: T, output_size: OutputSize, return_indices?: boolean) => T;
/** F.adaptive_max_pool2d; with return_indices, [output, indices] (typed by adaptive_max_pool2d_with_indices). */
export const functional_adaptive_max_pool2d = fn(
  'adaptive_max_pool2d(Tensor input, Any output_size, bool return_indices=False)',
  ((input, output_size, return_indices) => {
    const pooled = adaptive_max_pool2d_with_indices(input, checkOutputSize(output_size));
    return return_indices === true ? pooled : pooled[0];
  }) as AdaptiveMaxFn,
);
export const functional_adaptive_max_pool2d_with_indices = fn(
  'adaptive_max_pool2d_with_indices(Tensor input, Any output_size, bool return_indices=False)',
  (input: T, output_size: OutputSize, _return_indices?: boolean): [T, T] =>
    adaptive_max_pool2d_with_indices(input, checkOutputSize(output_size)),
);

// ---------------------------------------------------------------- interpolate

/** Rounds as the kernels' float arithmetic does for float32 inputs (doubles otherwise). */
const rounder = (x: Tensor): ((v: number) => number) => (x.dtype.name === 'float32' ? Math.fround : (v) => v);

/** ATen's compute_scales_value: 1/scale_factor when one is given, else in/out. */
function scalesValue(scale: number | null, inSize: number, outSize: number, r: (v: number) => number): number {
  return scale !== null && scale > 0 ? r(1 / scale) : r(inSize / outSize);
}

function nearestIndices(inSize: number, outSize: number, scale: number | null, exact: boolean): number[] {
  const out: number[] = [];
  const s = scalesValue(scale, inSize, outSize, Math.fround);
  for (let i = 0; i < outSize; i++) {
    if (!exact && outSize === inSize) out.push(i);
    else if (!exact && outSize === 2 * inSize) out.push(i >> 1);
    else out.push(Math.min(Math.floor(Math.fround((exact ? i + 0.5 : i) * s)), inSize - 1));
  }
  return out;
}

/** Linear interpolation along one dim: x[i0] λ0 + x[i1] λ1 (ATen's compute_source_index_and_lambda). */
function linearAlong(x: Tensor, dim: number, outSize: number, alignCorners: boolean, scale: number | null): Tensor {
  const inSize = x.size(dim);
  if (inSize === outSize) return x;
  const r = rounder(x);
  let ratio: number;
  if (alignCorners) ratio = outSize > 1 ? r((inSize - 1) / (outSize - 1)) : 0;
  else ratio = scalesValue(scale, inSize, outSize, r);
  const i0: number[] = [];
  const i1: number[] = [];
  const l0: number[] = [];
  const l1: number[] = [];
  for (let i = 0; i < outSize; i++) {
    let real = alignCorners ? r(ratio * i) : r(r(ratio * (i + 0.5)) - 0.5);
    if (real < 0) real = 0;
    const lo = Math.trunc(real);
    const lambda1 = Math.min(Math.max(r(real - lo), 0), 1);
    i0.push(lo);
    i1.push(lo < inSize - 1 ? lo + 1 : lo);
    l1.push(lambda1);
    l0.push(r(1 - lambda1));
  }
  const shape = x.shape.map((s, d) => (d === dim ? outSize : 1));
  const w0 = valuesTensor(l0, x).reshape(shape);
  const w1 = valuesTensor(l1, x).reshape(shape);
  return x
    .index_select(dim, indexTensor(i0))
    .mul(w0)
    .add(x.index_select(dim, indexTensor(i1)).mul(w1));
}

/**
 * Cubic convolution along one dim (A = -0.75): four taps at floor(real) - 1 .. + 2, clamped to the
 * input (ATen's compute_indices_weights_cubic).
 */
function cubicAlong(x: Tensor, dim: number, outSize: number, alignCorners: boolean, scale: number | null): Tensor {
  const inSize = x.size(dim);
  const r = rounder(x);
  let ratio: number;
  if (alignCorners) ratio = outSize > 1 ? r((inSize - 1) / (outSize - 1)) : 0;
  else ratio = scalesValue(scale, inSize, outSize, r);
  const A = -0.75;
  const cc1 = (t: number): number => r(r(r(r(r((A + 2) * t) - (A + 3)) * t) * t) + 1);
  const cc2 = (t: number): number => r(r(r(r(r(r(A * t) - 5 * A) * t) + 8 * A) * t) - 4 * A);
  const idx: number[][] = [[], [], [], []];
  const wts: number[][] = [[], [], [], []];
  for (let i = 0; i < outSize; i++) {
    const real = alignCorners ? r(ratio * i) : r(r(ratio * (i + 0.5)) - 0.5);
    const lo = Math.min(Math.floor(real), inSize - 1);
    const t = Math.min(Math.max(r(real - lo), 0), 1);
    const w = [cc2(r(t + 1)), cc1(t), cc1(r(1 - t)), cc2(r(r(1 - t) + 1))];
    for (let k = 0; k < 4; k++) {
      idx[k].push(Math.max(Math.min(lo - 1 + k, inSize - 1), 0));
      wts[k].push(w[k]);
    }
  }
  const shape = x.shape.map((s, d) => (d === dim ? outSize : 1));
  let out: Tensor | null = null;
  for (let k = 0; k < 4; k++) {
    const term = x.index_select(dim, indexTensor(idx[k])).mul(valuesTensor(wts[k], x).reshape(shape));
    out = out === null ? term : out.add(term);
  }
  return out as Tensor;
}

export interface InterpolateArgs {
  size?: number | readonly number[] | null;
  scale_factor?: number | readonly number[] | null;
  mode?: string;
  align_corners?: boolean | null;
  recompute_scale_factor?: boolean | null;
  antialias?: boolean;
}

const MODES = 'nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact';

/** F.interpolate for 3-D, 4-D and 5-D inputs: nearest, nearest-exact, linear, bilinear, bicubic, trilinear and area. */
export function interpolate(input: Tensor, a: InterpolateArgs): Tensor {
  const mode = a.mode ?? 'nearest';
  let alignCorners = a.align_corners ?? null;
  if (mode === 'nearest' || mode === 'area' || mode === 'nearest-exact') {
    if (alignCorners !== null) {
      throw new Error(
        'align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear',
      );
    }
  } else if (alignCorners === null) {
    alignCorners = false;
  }
  const dim = input.dim() - 2;
  const spatial = input.shape.slice(2);
  let outSize: number[] | null = null;
  let scales: number[] | null = null;
  const size = a.size ?? null;
  const scaleFactor = a.scale_factor ?? null;
  if (size !== null && scaleFactor !== null) throw new Error('only one of size or scale_factor should be defined');
  if (size !== null) {
    if (typeof size !== 'number' && size.length !== dim) {
      throw new Error(
        `Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of [${spatial.join(', ')}] and output size of [${size.join(', ')}]. Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.`,
      );
    }
    outSize = typeof size === 'number' ? Array<number>(Math.max(dim, 0)).fill(size) : [...size];
  } else if (scaleFactor !== null) {
    if (typeof scaleFactor !== 'number' && scaleFactor.length !== dim) {
      throw new Error(
        `Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of [${spatial.join(', ')}] and scale_factor of shape [${scaleFactor.join(', ')}]. Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.`,
      );
    }
    scales = typeof scaleFactor === 'number' ? Array<number>(Math.max(dim, 0)).fill(scaleFactor) : [...scaleFactor];
  } else {
    throw new Error('either size or scale_factor should be defined');
  }
  let recompute = a.recompute_scale_factor ?? null;
  if (recompute === true && size !== null) {
    throw new Error('recompute_scale_factor is not meaningful with an explicit size.');
  }
  if (mode === 'area' && outSize === null) recompute = true;
  if (recompute === true && scales !== null) {
    outSize = scales.map((s, i) => Math.floor(spatial[i] * s));
    scales = null;
  }
  if (a.antialias === true && !((mode === 'bilinear' || mode === 'bicubic') && input.dim() === 4)) {
    throw new Error('Anti-alias option is only supported for bilinear and bicubic modes');
  }
  const supported =
    ((mode === 'nearest' || mode === 'nearest-exact' || mode === 'area') && dim >= 1 && dim <= 3) ||
    (mode === 'linear' && dim === 1) ||
    ((mode === 'bilinear' || mode === 'bicubic') && dim === 2 && a.antialias !== true) ||
    (mode === 'trilinear' && dim === 3);
  if (!supported) {
    const wants: Record<string, number> = { linear: 3, bilinear: 4, bicubic: 4, trilinear: 5 };
    if (wants[mode] !== undefined && input.dim() >= 3 && input.dim() <= 5 && wants[mode] !== input.dim()) {
      throw new Error(`Got ${input.dim()}D input, but ${mode} mode needs ${wants[mode]}D input`);
    }
    if (input.dim() < 3 || input.dim() > 5) {
      throw new Error(
        `Input Error: Only 3D, 4D and 5D input Tensors supported (got ${input.dim()}D) for the modes: ${MODES} (got ${mode})`,
      );
    }
    throw new Error(`interpolate: mode '${mode}' for ${input.dim()}D input is not supported by tensorgrad`);
  }
  const sizes = outSize ?? spatial.map((s, i) => Math.trunc(s * (scales as number[])[i]));
  if (sizes.some((s) => s <= 0)) {
    const names = ['D', 'H', 'W'].slice(3 - dim);
    const fmt = (v: readonly number[]): string => names.map((n, i) => `${n}: ${v[i]}`).join(', ');
    throw new RangeError(
      // ATen's 1-D check says 'and output', its 2-D one 'output'.
      `Input and output sizes should be greater than 0, but got input (${fmt(spatial)})${dim === 1 ? ' and' : ''} output (${fmt(sizes)})`,
    );
  }
  checkAllocation(input.dtype, [...input.shape.slice(0, 2), ...sizes]);
  if (mode === 'nearest')
    requireFloat(input, dim === 2 ? 'upsample_nearest2d_channels_last' : 'compute_indices_weights_nearest');
  else if (mode === 'trilinear') requireFloat(input, 'compute_indices_weights_linear');
  else if (mode === 'bicubic') requireFloat(input, 'compute_indices_weights_cubic');
  else if (mode !== 'area') requireFloat(input, dim === 1 ? 'upsample_linear1d' : `upsample_${mode}2d_channels_last`);
  if (mode === 'area') {
    if (dim === 1) return adaptive_avg_pool2d(input.unsqueeze(-2), [1, sizes[0]]).squeeze(-2);
    if (dim === 2) return adaptive_avg_pool2d(input, sizes);
    // Separable: (H, W) per depth plane, then D.
    const [N, C, D, H, W] = input.shape;
    const planes = adaptive_avg_pool2d(input.reshape([N, C * D, H, W]), [sizes[1], sizes[2]]);
    const out = adaptive_avg_pool2d(planes.reshape([N, C, D, sizes[1] * sizes[2]]), [sizes[0], sizes[1] * sizes[2]]);
    return out.reshape([N, C, ...sizes]);
  }
  let out = input;
  // Innermost dim first: ATen sums the W-interpolated rows, weighted along H.
  for (let i = dim - 1; i >= 0; i--) {
    const d = 2 + i;
    const scale = scales === null ? null : scales[i];
    if (mode === 'nearest' || mode === 'nearest-exact') {
      out = out.index_select(d, indexTensor(nearestIndices(spatial[i], sizes[i], scale, mode === 'nearest-exact')));
    } else {
      out =
        mode === 'bicubic'
          ? cubicAlong(out, d, sizes[i], alignCorners as boolean, scale)
          : linearAlong(out, d, sizes[i], alignCorners as boolean, scale);
    }
  }
  return out === input ? input.clone() : out;
}

const INTERPOLATE =
  "Any size=None, Any scale_factor=None, str mode='nearest', bool? align_corners=None, bool? recompute_scale_factor=None";

type Sizes = number | readonly number[];
/** size / scale_factor: a number or an Array of numbers (integers for sizes), or null. */
function sizesArg(name: string, v: Sizes | null | undefined, integer: boolean): Sizes | null {
  const ok = (e: unknown): boolean => typeof e === 'number' && (!integer || Number.isInteger(e));
  if (v === undefined || v === null || ok(v) || (Array.isArray(v) && v.every(ok))) return v ?? null;
  const what = integer ? 'an int or an Array of ints' : 'a number or an Array of numbers';
  throw new TypeError(`interpolate(): argument '${name}' must be ${what}, not ${jsTypeName(v)}`);
}
export const functional_interpolate = fn(
  `interpolate(Tensor input, ${INTERPOLATE}, bool antialias=False)`,
  (
    input: T,
    size?: Sizes | null,
    scale_factor?: Sizes | null,
    mode?: string,
    align_corners?: boolean | null,
    recompute_scale_factor?: boolean | null,
    antialias?: boolean,
  ): T =>
    interpolate(input, {
      size: sizesArg('size', size, true),
      scale_factor: sizesArg('scale_factor', scale_factor, false),
      mode,
      align_corners,
      recompute_scale_factor,
      antialias,
    }),
  {
    samples: (k, f): OpSample[] => [
      {
        name: 'interpolate bicubic [1, 2, 3, 4] -> [5, 3]',
        inputs: () => [k.make([1, 2, 3, 4])],
        fn: (x) => f(x, { size: [5, 3], mode: 'bicubic' }),
      },
      {
        name: 'interpolate trilinear [1, 2, 2, 3, 2] x [2, 1.5, 1.5] align_corners',
        inputs: () => [k.make([1, 2, 2, 3, 2])],
        fn: (x) => f(x, { scale_factor: [2, 1.5, 1.5], mode: 'trilinear', align_corners: true }),
      },
      {
        name: 'interpolate nearest 5-D [1, 1, 2, 3, 2] -> [3, 2, 4]',
        inputs: () => [k.make([1, 1, 2, 3, 2])],
        fn: (x) => f(x, { size: [3, 2, 4] }),
      },
      {
        name: 'interpolate area 5-D [1, 1, 3, 4, 5] -> [2, 3, 2]',
        inputs: () => [k.make([1, 1, 3, 4, 5])],
        fn: (x) => f(x, { size: [2, 3, 2], mode: 'area' }),
      },
    ],
  },
);
let warnedUpsample = false;
/** F.upsample: interpolate, with PyTorch's deprecation warning. */
export const functional_upsample = fn(
  "upsample(Tensor input, Any size=None, Any scale_factor=None, str mode='nearest', bool? align_corners=None)",
  (input: T, size?: Sizes | null, scale_factor?: Sizes | null, mode?: string, align_corners?: boolean | null): T => {
    if (!warnedUpsample) {
      warnedUpsample = true;
      emitWarning('nn.functional.upsample is deprecated. Use nn.functional.interpolate instead.', 'UserWarning');
    }
    return interpolate(input, {
      size: sizesArg('size', size, true),
      scale_factor: sizesArg('scale_factor', scale_factor, false),
      mode,
      align_corners,
    });
  },
);

const warnedDeprecated = new Set<string>();
function deprecatedUpsample(name: string): void {
  if (warnedDeprecated.has(name)) return;
  warnedDeprecated.add(name);
  emitWarning(`nn.functional.${name} is deprecated. Use nn.functional.interpolate instead.`, 'UserWarning');
}
export const functional_upsample_nearest = fn(
  'upsample_nearest(Tensor input, Any size=None, Any scale_factor=None)',
  (input: T, size?: Sizes | null, scale_factor?: Sizes | null): T => {
    deprecatedUpsample('upsample_nearest');
    return functional_interpolate(input, size, scale_factor, 'nearest');
  },
);
export const functional_upsample_bilinear = fn(
  'upsample_bilinear(Tensor input, Any size=None, Any scale_factor=None)',
  (input: T, size?: Sizes | null, scale_factor?: Sizes | null): T => {
    deprecatedUpsample('upsample_bilinear');
    return functional_interpolate(input, size, scale_factor, 'bilinear', true);
  },
);
