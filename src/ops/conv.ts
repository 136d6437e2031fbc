// Convolution over [N, C, H, W] (or unbatched [C, H, W]) inputs, as one matrix product.
//
// Forward gathers the input at every window position into columns laid out [C·kh·kw, N·OH·OW]
// (im2col, a backend kernel) and multiplies them by the weight as [O, C·kh·kw]: with one group,
// one product per sample writes its [O, OH·OW] block of the output in place (the bias folded
// into the product); with groups, one product per group, transposed from [O, N, L] to [N, O, L].
// Backward is written in tensor ops on the differentiable im2col and col2im of im2col.ts, so
// gradients of any order flow; without a higher-order graph the input gradient runs on the
// kernels directly, a slice of the batch at a time.
//
// The public ops implemented here are declared here too (torch.nn.functional functions (as
// functional_<name>, given their public names in src/api/functional.ts); op(), fn(), method(),
// src/ops/declare.ts), each right after its implementation: its PyTorch signature and gradcheck
// samples beside the forward, the autograd node (backward formula, saved tensors, JVP and batching
// rule) and any composite it is built from.

import { backend } from '../backend/index.js';
import { is_grad_enabled } from '../autograd/grad_mode.js';
import { Tensor } from '../tensor/tensor.js';
import * as K from '../tensor/kernels.js';
import { apply, defineOp } from '../autograd/op.js';
import { col2im, im2col, windows2d } from './im2col.js';
import { type Pair, geometry, pair } from './windows.js';
import type { Windows2d } from '../backend/backend.js';
import type { TypedArray } from '../tensor/dtype.js';
import { fn } from './declare.js';

export interface Conv2dOpts {
  stride?: number | readonly number[];
  padding?: number | readonly number[] | 'same' | 'valid';
  dilation?: number | readonly number[];
  groups?: number;
}

/** ATen's check_shape_forward, in its order (after the geometry checks). */
function checkConvInput(input: Tensor, weight: Tensor, bias: Tensor | null, groups: number): void {
  if (weight.dim() !== 4) {
    throw new RangeError(
      `Expected 4-dimensional input for 4-dimensional weight [${weight.shape.join(', ')}], but got ${weight.dim()}-dimensional weight instead`,
    );
  }
  const ws = `[${weight.shape.join(', ')}]`;
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
  const C = input.size(1);
  if (C !== weight.size(1) * groups) {
    throw new RangeError(
      `Given groups=${groups}, weight of size ${ws}, expected input[${input.shape.join(', ')}] to have ${weight.size(1) * groups} channels, but got ${C} channels instead`,
    );
  }
  if (bias && (bias.dim() !== 1 || bias.size(0) !== weight.size(0))) {
    throw new RangeError(
      `Given weight of size ${ws}, expected bias to be 1-dimensional with ${weight.size(0)} elements, but got bias of size [${bias.shape.join(', ')}] instead`,
    );
  }
}

function checkConvDTypes(input: Tensor, weight: Tensor): void {
  if (input.dtype !== weight.dtype) {
    throw new TypeError(
      `Input type (${input.dtype.legacyType}) and weight type (${weight.dtype.legacyType}) should be the same or input should be a MKLDNN tensor and weight is a dense tensor`,
    );
  }
}

/** [before, after] padding per spatial dim from conv2d's `padding` argument. */
function convPadding(
  padding: Conv2dOpts['padding'],
  kernel: Pair,
  stride: Pair,
  dilation: Pair,
): { before: Pair; after: Pair } {
  if (padding === 'valid') return { before: [0, 0], after: [0, 0] };
  if (padding === 'same') {
    if (stride[0] !== 1 || stride[1] !== 1) throw new Error("padding='same' is not supported for strided convolutions");
    // An even total pads one more at the end, as PyTorch does.
    const total = [dilation[0] * (kernel[0] - 1), dilation[1] * (kernel[1] - 1)];
    const before: Pair = [Math.floor(total[0] / 2), Math.floor(total[1] / 2)];
    return { before, after: [total[0] - before[0], total[1] - before[1]] };
  }
  if (typeof padding === 'string') throw new Error(`Invalid padding string: '${padding}'`);
  const p = pair(padding ?? 0, 'padding');
  return { before: p, after: p };
}

function checkKernelFits(x: Tensor, kernel: Pair, dilation: Pair, before: Pair, after: Pair): void {
  const padded = [x.size(2) + before[0] + after[0], x.size(3) + before[1] + after[1]];
  const effective = [dilation[0] * (kernel[0] - 1) + 1, dilation[1] * (kernel[1] - 1) + 1];
  if (padded[0] < effective[0] || padded[1] < effective[1]) {
    throw new RangeError(
      `Calculated padded input size per channel: (${padded.join(' x ')}). Kernel size: (${effective.join(' x ')}). Kernel size can't be greater than actual input size`,
    );
  }
}

/**
 * torch.nn.functional.conv2d(input, weight, bias?, { stride, padding, dilation, groups }):
 * cross-correlation of [N, C, H, W] with [O, C/groups, kh, kw]. The options may also come third.
 */
export function conv2d(input: Tensor, weight: Tensor, bias?: Tensor | null | Conv2dOpts, opts?: Conv2dOpts): Tensor {
  if (bias !== undefined && bias !== null && !(bias instanceof Tensor)) return conv2d(input, weight, null, bias);
  if (input.dim() !== 3 && input.dim() !== 4) {
    throw new RangeError(
      `Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [${input.shape.join(', ')}]`,
    );
  }
  const unbatched = input.dim() === 3;
  const x = unbatched ? input.unsqueeze(0) : input;
  const groups = opts?.groups ?? 1;
  const kernel: Pair = weight.dim() === 4 ? [weight.size(2), weight.size(3)] : [1, 1];
  const stride = pair(opts?.stride ?? 1, 'stride');
  const dilation = pair(opts?.dilation ?? 1, 'dilation');
  const { before, after } = convPadding(opts?.padding, kernel, stride, dilation);
  if (before[0] < 0 || before[1] < 0) throw new RangeError('negative padding is not supported');
  if (stride[0] <= 0 || stride[1] <= 0) throw new RangeError('non-positive stride is not supported');
  if (dilation[0] <= 0 || dilation[1] <= 0) throw new RangeError('non-positive dilation is not supported');
  checkConvInput(x, weight, bias ?? null, groups);
  checkKernelFits(x, kernel, dilation, before, after);
  checkConvDTypes(x, weight);
  const g = geometry(x.shape, kernel, stride, before, after, dilation, 'conv2d');
  const keepCols = is_grad_enabled() && weight.requires_grad;
  const out = apply(CONV2D, bias ? [x, weight, bias] : [x, weight], { g: windows2d(g), groups, keepCols, cols: null });
  return unbatched ? out.squeeze(0) : out;
}

type T = Tensor;
type PairArg = number | readonly number[];
export const functional_conv2d = fn(
  'conv2d(Tensor input, Tensor weight, Tensor? bias=None, int[2] stride=1, Any padding=0, int[2] dilation=1, int groups=1)',
  (
    input: T,
    weight: T,
    bias?: T | null,
    stride?: PairArg,
    padding?: PairArg | 'same' | 'valid',
    dilation?: PairArg,
    groups?: number,
  ): T => conv2d(input, weight, bias ?? null, { stride, padding, dilation, groups }),
);

interface ConvArgs {
  g: Windows2d;
  groups: number;
  /** Whether a backward may need the weight gradient, hence the forward's columns. */
  keepCols: boolean;
  /** The forward's im2col columns, reused by a backward that records nothing. */
  cols: Tensor | null;
}

/**
 * Columns (elements) per slice of the batch when the forward need not keep them: large batches
 * (evaluation) then reuse one cache-sized buffer instead of allocating columns for all samples.
 */
const COLS_SLICE = 1 << 21;

/**
 * The forward's matrix: the weight as [O, C·kh·kw / groups] (rows: its row length), with the bias appended as one more column
 * when groups is 1 (the columns then get a row of ones, so the product adds the bias: its last
 * term is bias·1, rounded as a separate addition would be).
 */
function weightMatrix(w: Tensor, b: Tensor | null, groups: number): { data: TypedArray; rows: number } {
  const wc = K.contiguous(w);
  const ck = wc.numel() / wc.size(0);
  if (b === null || groups !== 1) return { data: wc._data, rows: ck };
  const O = wc.size(0);
  const bias = K.contiguous(K.cast(b, w.dtype))._data;
  const src = wc._data;
  const data = new w.dtype.array(O * (ck + 1));
  for (let o = 0, p = 0, q = 0; o < O; o++) {
    for (let k = 0; k < ck; k++) data[p++] = src[q++];
    data[p++] = bias[o];
  }
  return { data, rows: ck + 1 };
}

/**
 * out[n0 : n0 + N] (N = g.N) := W·cols (+ bias) for the samples whose columns `cols` holds
 * ([C·kh·kw (+ a row of ones), N, L]). With one group, one product per sample writes its
 * [O, L] block in place; with groups, one product [O/groups, ckg]·[ckg, N·L] per group, then
 * [O, N, L] → [N, O, L] with the bias added on the way (one pass).
 */
function convSlice(
  cols: TypedArray,
  wm: { data: TypedArray; rows: number },
  b: Tensor | null,
  out: Tensor,
  g: Windows2d,
  groups: number,
  n0: number,
): void {
  const O = out.size(1);
  const L = g.OH * g.OW;
  const nL = g.N * L;
  const { data: w, rows } = wm;
  if (groups === 1) {
    if (rows > g.C * g.kh * g.kw) cols.fill(1, (rows - 1) * nL, rows * nL);
    backend().matmul(
      { data: w, shape: [g.N, O, rows], strides: [0, rows, 1], offset: 0 },
      { data: cols, shape: [g.N, rows, L], strides: [L, nL, 1], offset: 0 },
      out._data.subarray(n0 * O * L, (n0 + g.N) * O * L),
    );
    return;
  }
  const ckg = rows;
  const G = O / groups;
  const prod = K.output([O, nL], out.dtype)._data;
  backend().matmul(
    { data: w, shape: [groups, G, ckg], strides: [G * ckg, ckg, 1], offset: 0 },
    { data: cols, shape: [groups, ckg, nL], strides: [ckg * nL, nL, 1], offset: 0 },
    prod,
  );
  const shape = [g.N, O, L];
  const outView = { data: out._data, shape, strides: [O * L, L, 1], offset: n0 * O * L, dtype: out.dtype.name };
  const prodView = { data: prod, shape, strides: [L, nL, 1], offset: 0 };
  if (b) {
    const bias = K.contiguous(K.cast(b, out.dtype));
    backend().binary('add', prodView, { data: bias._data, shape, strides: [0, 1, 0], offset: 0 }, outView);
  } else {
    backend().copy(prodView, outView, false);
  }
}

/** Columns per slice of the batch in the input gradient: small enough to stay in cache. */
const GRAD_COLS_SLICE = 1 << 19;

/**
 * The input gradient col2im(Wᵀ·grad) without recording, a slice of the batch at a time through
 * one reused columns buffer (the same values as the whole product: each column's sum is the same).
 * gOut is the gradient as [groups, O/groups, N·L], contiguous.
 */
function inputGrad(gOut: Tensor, w: Tensor, g: Windows2d, groups: number): Tensor {
  const O = w.size(0);
  const G = O / groups;
  const ckg = (g.C / groups) * g.kh * g.kw;
  const L = g.OH * g.OW;
  const NL = g.N * L;
  const wc = K.contiguous(w);
  const go = K.contiguous(gOut);
  const gx = K.output([g.N, g.C, g.H, g.W], gOut.dtype);
  const plane = g.C * g.H * g.W;
  const slice = Math.max(1, Math.min(g.N, Math.floor(GRAD_COLS_SLICE / (groups * ckg * L))));
  const cols = K.output([groups * ckg * slice * L], gOut.dtype)._data;
  for (let n0 = 0; n0 < g.N; n0 += slice) {
    const n = Math.min(slice, g.N - n0);
    backend().matmul(
      { data: wc._data, shape: [groups, ckg, G], strides: [G * ckg, 1, ckg], offset: 0 },
      { data: go._data, shape: [groups, G, n * L], strides: [G * NL, NL, 1], offset: n0 * L },
      cols,
    );
    backend().col2im(cols, { ...g, N: n }, gx._data.subarray(n0 * plane, (n0 + n) * plane));
  }
  return gx;
}

// The weight gradient's sum over N·L runs in this many slices when it is at least SPLIT_K_MIN long.
const SPLIT_K = 4;
const SPLIT_K_MIN = 16384;

const CONV2D = defineOp<ConvArgs>({
  node: 'ConvolutionBackward0',
  // Batched input, shared weights: the examples' batches as one [B*N, C, H, W] batch.
  // Batched input, shared weights: the examples' batches as one [B*N, C, H, W] batch. Batched
  // weights (per-example gradients, ensembles): the examples as groups of one grouped convolution.
  batch: ([x, w, b], batched, args, size): Tensor => {
    const { N, C, H, W } = args.g;
    if (!batched[1] && batched[2] !== true) {
      const flat = x.reshape([size * N, C, H, W]);
      const out = apply(CONV2D, b === undefined ? [flat, w] : [flat, w, b], {
        ...args,
        g: { ...args.g, N: size * N },
        cols: null,
      });
      return out.reshape([size, N, ...out.shape.slice(1)]);
    }
    const xb = batched[0] ? x : x.unsqueeze(0).expand([size, N, C, H, W]);
    const wb = batched[1] ? w : w.unsqueeze(0).expand([size, ...w.shape]);
    const O = wb.shape[1];
    const xg = xb.movedim(0, 1).reshape([N, size * C, H, W]);
    const wg = wb.reshape([size * O, ...wb.shape.slice(2)]);
    const inputs = [xg, wg];
    if (b !== undefined) inputs.push((batched[2] ? b : b.unsqueeze(0).expand([size, O])).reshape([size * O]));
    const out = apply(CONV2D, inputs, {
      ...args,
      g: { ...args.g, C: size * C },
      groups: args.groups * size,
      cols: null,
    });
    return out.reshape([N, size, O, ...out.shape.slice(2)]).movedim(1, 0);
  },
  // Bilinear in input and weight, plus the bias broadcast: conv(tx, w) + conv(x, tw) + tb.
  jvp: ([tx, tw, tb], p, { args }) => {
    const fresh = { ...args, keepCols: false, cols: null };
    const parts: Tensor[] = [];
    if (tx !== null) parts.push(apply(CONV2D, [tx, p.other], fresh));
    if (tw !== null) parts.push(apply(CONV2D, [p.self, tw], fresh));
    if (tb !== null && tb !== undefined) parts.push(tb.view([1, -1, 1, 1]).expand(p.result.shape));
    return parts.length === 0 ? p.result.detach().mul(0) : parts.reduce((a, b) => a.add(b));
  },
  saves: ['self', 'other'],
  inputs: ['self', 'other', 'third'],
  forward: ([x, w, b], args) => {
    const { g, groups } = args;
    const O = w.size(0);
    const L = g.OH * g.OW;
    const CK = g.C * g.kh * g.kw;
    const wm = weightMatrix(w, b ?? null, groups);
    const out = K.output([g.N, O, g.OH, g.OW], x.dtype);
    const xd = K.contiguous(x)._data;
    // Rows of columns: C·kh·kw, and the row of ones for a bias folded into the weight matrix.
    const rows = groups === 1 ? wm.rows : CK;
    const perSample = rows * L;
    if (args.keepCols || g.N * perSample <= COLS_SLICE) {
      const cols = K.output([rows * g.N * L], x.dtype)._data;
      backend().im2col(xd, g, cols);
      if (args.keepCols) args.cols = Tensor._make(cols, [CK, g.N * L], [g.N * L, 1], 0, x.dtype);
      convSlice(cols, wm, b ?? null, out, g, groups, 0);
      return out;
    }
    const plane = g.C * g.H * g.W;
    const slice = Math.max(1, Math.floor(COLS_SLICE / perSample));
    const cols = K.output([slice * perSample], x.dtype)._data;
    for (let n0 = 0; n0 < g.N; n0 += slice) {
      const n = Math.min(slice, g.N - n0);
      const sub = { ...g, N: n };
      backend().im2col(xd.subarray(n0 * plane, (n0 + n) * plane), sub, cols);
      convSlice(cols, wm, b ?? null, out, sub, groups, n0);
    }
    return out;
  },
  backward: (grad, s, { args, needs }) => {
    const { g, groups } = args;
    const x = s.self;
    const w = s.other;
    const O = w.size(0);
    const NL = g.N * g.OH * g.OW;
    const ckg = (g.C / groups) * g.kh * g.kw;
    const L = g.OH * g.OW;
    // grad as [groups, O/groups, N·L] (a transposed copy, made when first needed)
    let transposed: Tensor | null = null;
    const gOut = (): Tensor =>
      (transposed ??= grad
        .reshape(g.N, O, L)
        .transpose(0, 1)
        .reshape(groups, O / groups, NL));
    let gx: Tensor | null = null;
    let gw: Tensor | null = null;
    if (needs[0]) {
      // col2im of Wᵀ·grad: recorded for a higher-order graph, else in slices of the batch.
      gx = is_grad_enabled()
        ? col2im(
            w
              .reshape(groups, O / groups, ckg)
              .transpose(1, 2)
              .matmul(gOut())
              .reshape(groups * ckg, NL),
            g,
          )
        : inputGrad(gOut(), w, g, groups);
    }
    if (needs[1]) {
      // Recorded columns only when a higher-order graph needs them as a function of x.
      const recorded = is_grad_enabled() && x.requires_grad;
      const cols = recorded || args.cols === null ? im2col(x, g) : args.cols;
      if (groups === 1 && ckg < L) {
        // Σₙ colsₙ·gradₙᵀ: one small product per sample (the threads share them), then added;
        // the per-sample results are smaller than a transposed copy of grad would be.
        gw = cols
          .view(ckg, g.N, L)
          .transpose(0, 1)
          .matmul(grad.reshape(g.N, O, L).transpose(1, 2))
          .sum(0)
          .t()
          .reshape(w.shape);
      } else {
        // As (cols·gradᵀ)ᵀ: the product's rows are then the long ckg side, which the GEMM
        // splits into more tasks and packs with unit-stride reads. A long sum (N·L ≫ the
        // gradient's size) is split in SPLIT_K slices, products the threads run side by side,
        // then added.
        const S = groups === 1 && NL >= SPLIT_K_MIN && NL % SPLIT_K === 0 ? SPLIT_K : 1;
        const part = NL / S;
        const partial =
          S === 1
            ? cols.view(groups, ckg, NL).matmul(gOut().transpose(1, 2))
            : cols
                .view(ckg, S, part)
                .transpose(0, 1)
                .matmul(gOut().view(O, S, part).permute(1, 2, 0))
                .sum(0, true);
        gw = partial.transpose(1, 2).reshape(w.shape);
      }
    }
    // From the transposed copy when there is one: contiguous rows.
    const made = transposed as Tensor | null; // (assigned in gOut, which TypeScript does not follow)
    const gb = needs[2] ? (made ? made.reshape(O, NL).sum(1) : grad.sum([0, 2, 3])) : null;
    return [gx, gw, gb];
  },
});
