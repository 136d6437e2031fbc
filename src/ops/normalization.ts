// Normalization layers' functions (batch_norm, layer_norm) and embedding.
//
// Forward computes with kernels; backward recomputes the normalized input from the saved input
// with tensor ops, so gradients of gradients flow through the statistics too.
//
// The public ops implemented here are declared here too (torch.nn.functional functions (as
// functional_<name>, given their public names in src/api/functional.ts); op(), fn(), method(),
// src/ops/declare.ts), each right after its implementation: its PyTorch signature and gradcheck
// samples beside the forward, the autograd node (backward formula, saved tensors, JVP and batching
// rule) and any composite it is built from.

import { no_grad } from '../autograd/grad_mode.js';
import { float32, int64, type DType, type TypedArray } from '../tensor/dtype.js';
import { backend } from '../backend/index.js';
import { isDual } from '../autograd/forward.js';
import { fusedBackward } from './pointwise/unary.js';
import type { Tensor } from '../tensor/tensor.js';
import * as K from '../tensor/kernels.js';
import { batchedAt, levelOf, makeBatched, physicalAt, vmapState, withBatch } from '../autograd/batching.js';
import { apply, defineOp, type OpDef } from '../autograd/op.js';
import { gatherForward, scatterAddAt } from './gather_at.js';
import { padBatched } from './view.js';
import { fn } from './declare.js';

/** Statistics dims and the broadcast shape of per-channel tensors for an [N, C, ...] input. */
function channelDims(x: Tensor): { dims: number[]; bshape: number[] } {
  const dims = [0, ...Array.from({ length: x.dim() - 2 }, (_, i) => i + 2)];
  const bshape = x.shape.map((s, d) => (d === 1 ? s : 1));
  return { dims, bshape };
}

/** x̂ = (x - mean) / sqrt(var + eps) over dims, in recorded tensor ops. */
function normalized(x: Tensor, dims: number[], eps: number): Tensor {
  const mean = x.mean(dims, true);
  const centered = x.sub(mean);
  const variance = centered.mul(centered).mean(dims, true);
  return centered.div(variance.add(eps).sqrt());
}

/**
 * The tangent of x̂ = (x - mean) rstd over dims, given x's tangent t:
 * rstd (t - mean(t) - x̂ mean(x̂ t)) (the derivative of the mean and of rstd folded in).
 */
function normalizedTangent(t: Tensor, x: Tensor, xhat: Tensor, dims: number[], eps: number): Tensor {
  const centered = x.sub(x.mean(dims, true));
  const rstd = centered.mul(centered).mean(dims, true).add(eps).rsqrt();
  return t
    .sub(t.mean(dims, true))
    .sub(xhat.mul(xhat.mul(t).mean(dims, true)))
    .mul(rstd);
}

/** y = x̂ w + b's tangent from x̂'s (null: x had none) and the weight's and bias's. */
function affineTangent(
  dxhat: Tensor | null,
  xhat: Tensor,
  w: Tensor | undefined,
  tw: Tensor | null,
  tb: Tensor | null,
  result: Tensor,
): Tensor {
  let out: Tensor | null = dxhat === null ? null : w === undefined ? dxhat : dxhat.mul(w);
  if (tw !== null) out = out === null ? xhat.mul(tw) : out.add(xhat.mul(tw));
  if (tb !== null) out = out === null ? tb.expand(result.shape) : out.add(tb);
  return out ?? K.full(result._shape, 0, result.dtype);
}

interface BatchNormArgs {
  training: boolean;
  eps: number;
  runningMean: Tensor | null;
  runningVar: Tensor | null;
}

// vmap's rule: each example's channels become channels of one batch norm, [B, N, C, ...] read as
// [N, B*C, ...], so training statistics stay per example; weight, bias and (evaluation) running
// statistics shared by the examples are tiled B times.
function batchNormBatched(
  [x, w, b]: readonly Tensor[],
  batched: readonly boolean[],
  args: BatchNormArgs,
  size: number,
): Tensor {
  const px = withBatch(x, batched[0], size);
  const [N, C] = [px._shape[1], px._shape[2]];
  const rest = px._shape.slice(3);
  const fold = (t: Tensor, isBatched: boolean): Tensor => (isBatched ? t.reshape([size * C]) : t.repeat(size));
  const inputs = [px.movedim(0, 1).reshape([N, size * C, ...rest]), fold(w, batched[1])];
  if (b !== undefined) inputs.push(fold(b, batched[2]));
  const out = apply(BATCH_NORM, inputs, {
    ...args,
    runningMean: args.runningMean && args.runningMean.repeat(size),
    runningVar: args.runningVar && args.runningVar.repeat(size),
  });
  return out.reshape([N, size, C, ...rest]).movedim(1, 0);
}

const BATCH_NORM: OpDef<BatchNormArgs> = defineOp<BatchNormArgs>({
  node: 'NativeBatchNormBackward0',
  batch: batchNormBatched,
  jvp: ([tx, tw, tb], s, { args }) => {
    const x = s.self;
    const { dims, bshape } = channelDims(x);
    let xhat: Tensor;
    let dxhat: Tensor | null = null;
    if (args.training) {
      xhat = normalized(x, dims, args.eps);
      if (tx !== null) dxhat = normalizedTangent(tx, x, xhat, dims, args.eps);
    } else {
      const rstd = (args.runningVar as Tensor).add(args.eps).rsqrt().view(bshape);
      xhat = x.sub((args.runningMean as Tensor).view(bshape)).mul(rstd);
      if (tx !== null) dxhat = tx.mul(rstd);
    }
    const view = (t: Tensor | null | undefined): Tensor | null =>
      t === null || t === undefined ? null : t.view(bshape);
    return affineTangent(dxhat, xhat, view(s.other) ?? undefined, view(tw), view(tb), s.result);
  },
  saves: ['self', 'other'],
  inputs: ['self', 'other', 'third'],
  forward: ([x, w, b], args) =>
    no_grad(() => {
      const { dims, bshape } = channelDims(x);
      let xhat: Tensor;
      if (args.training) {
        xhat = normalized(x, dims, args.eps);
      } else {
        const mean = (args.runningMean as Tensor).view(bshape);
        const rstd = (args.runningVar as Tensor).add(args.eps).rsqrt().view(bshape);
        xhat = x.sub(mean).mul(rstd);
      }
      let y = xhat;
      if (w) y = y.mul(w.view(bshape));
      if (b) y = y.add(b.view(bshape));
      return K.copyOf(y);
    }),
  backward: (g, s, { args, needs, meta }) => {
    const x = s.self;
    const w = s.other as Tensor | undefined;
    const { dims, bshape } = channelDims(x);
    const gw = w ? g.mul(w.view(bshape)) : g;
    let gx: Tensor | null = null;
    let xhat: Tensor;
    if (args.training) {
      xhat = normalized(x, dims, args.eps);
      if (needs[0]) {
        // dx = rstd (gw - mean(gw) - x̂ mean(gw x̂)) over the statistics dims
        const mean = x.mean(dims, true);
        const centered = x.sub(mean);
        const rstd = centered.mul(centered).mean(dims, true).add(args.eps).rsqrt();
        gx = gw
          .sub(gw.mean(dims, true))
          .sub(xhat.mul(gw.mul(xhat).mean(dims, true)))
          .mul(rstd);
      }
    } else {
      const rstd = (args.runningVar as Tensor).add(args.eps).rsqrt().view(bshape);
      xhat = x.sub((args.runningMean as Tensor).view(bshape)).mul(rstd);
      if (needs[0]) gx = gw.mul(rstd);
    }
    const gWeight = meta.length > 1 && needs[1] ? g.mul(xhat).sum(dims) : null;
    const gBias = meta.length > 2 && needs[2] ? g.sum(dims) : null;
    return [gx, gWeight, gBias];
  },
});

/**
 * The CPU batch norm's dtype rules (PyTorch 1.13, aten/src/ATen/native/mixed_data_type.h): the
 * parameters (weight, bias, running_mean, running_var) are "mixed" when the first one given differs
 * from the input's dtype; mixed parameters must all be float32 and the input bfloat16 (which this
 * library has not), and unmixed ones must all have the input's dtype.
 */
function checkBatchNormDtypes(input: Tensor, params: (Tensor | null | undefined)[]): void {
  const given = params.filter((p): p is Tensor => p !== null && p !== undefined);
  if (given.length === 0) return;
  if (given[0].dtype !== input.dtype) {
    if (given.some((p) => p.dtype !== float32)) {
      throw new Error('mixed dtype (CPU): expect parameter to have scalar type of Float');
    }
    throw new Error('mixed dtype (CPU): expect input to have scalar type of BFloat16');
  }
  const other = given.find((p) => p.dtype !== input.dtype);
  if (other) throw new Error(`expected scalar type ${input.dtype.scalarType} but found ${other.dtype.scalarType}`);
}

export interface BatchNormOpts {
  weight?: Tensor | null;
  bias?: Tensor | null;
  training?: boolean;
  momentum?: number;
  eps?: number;
}

/**
 * F.batch_norm(input, running_mean, running_var, { weight, bias, training, momentum, eps }).
 * In training, batch statistics normalize and the running ones move by `momentum` (running_var
 * takes the unbiased variance), as in PyTorch.
 */
export function batch_norm(
  input: Tensor,
  running_mean: Tensor | null,
  running_var: Tensor | null,
  opts: BatchNormOpts = {},
): Tensor {
  const training = opts.training ?? false;
  const eps = opts.eps ?? 1e-5;
  const momentum = opts.momentum ?? 0.1;
  if (input.dim() < 2) throw new RangeError(`Expected 2D or more input (got ${input.dim()}D input)`);
  const C = input.size(1);
  const count = input.numel() / C;
  if (training && count <= 1) {
    throw new RangeError(
      `Expected more than 1 value per channel when training, got input size torch.Size([${input.shape.join(', ')}])`,
    );
  }
  if (!training && (running_mean === null || running_var === null)) {
    throw new Error('running_mean and running_var must be defined in evaluation mode');
  }
  checkBatchNormDtypes(input, [opts.weight, opts.bias, running_mean, running_var]);
  if (training && running_mean && running_var) {
    no_grad(() => {
      const { dims } = channelDims(input);
      const mean = input.mean(dims);
      const unbiased = input
        .sub(input.mean(dims, true))
        .pow(2)
        .sum(dims)
        .div(count - 1);
      running_mean.mul_(1 - momentum).add_(mean.mul(momentum));
      running_var.mul_(1 - momentum).add_(unbiased.mul(momentum));
    });
  }
  // The op always takes a weight (saved for backward): ones stand in for a missing one.
  const inputs = [input, opts.weight ?? K.full([C], 1, input.dtype)];
  if (opts.bias) inputs.push(opts.bias);
  return apply(BATCH_NORM, inputs, {
    training,
    eps,
    runningMean: running_mean?.detach() ?? null,
    runningVar: running_var?.detach() ?? null,
  });
}

type T = Tensor;
export const functional_batch_norm = fn(
  'batch_norm(Tensor input, Tensor? running_mean, Tensor? running_var, Tensor? weight=None, Tensor? bias=None, bool training=False, float momentum=0.1, float eps=1e-05)',
  (
    input: T,
    running_mean: T | null,
    running_var: T | null,
    weight?: T | null,
    bias?: T | null,
    training?: boolean,
    momentum?: number,
    eps?: number,
  ): T => batch_norm(input, running_mean, running_var, { weight, bias, training, momentum, eps }),
);

/** The number of elements layer norm normalises together: the product of the trailing dims. */
function rowLength(x: Tensor, dims: readonly number[]): number {
  return dims.reduce((p, d) => p * x.shape[d], 1);
}

interface LayerNormArgs {
  dims: number[];
  eps: number;
}

const LAYER_NORM: OpDef<LayerNormArgs> = defineOp<LayerNormArgs>({
  node: 'NativeLayerNormBackward0',
  jvp: ([tx, tw, tb], s, { args }) => {
    const xhat = normalized(s.self, args.dims, args.eps);
    const dxhat = tx === null ? null : normalizedTangent(tx, s.self, xhat, args.dims, args.eps);
    return affineTangent(dxhat, xhat, s.other, tw ?? null, tb ?? null, s.result);
  },
  // Per-example weight or bias (an ensemble): normalized without them, then scaled and shifted.
  batch: ([x, w, b], batched, a, size): Tensor => {
    const dims = a.dims.map((d) => d + 1);
    if (!batched[1] && !batched[2])
      return apply(
        LAYER_NORM,
        [x, w, b].filter((t) => t !== undefined),
        { ...a, dims },
      );
    const px = withBatch(x, batched[0], size);
    const rank = px.dim() - 1;
    const aligned = (t: Tensor, isBatched: boolean): Tensor => (isBatched ? padBatched(t, rank) : t);
    let y = apply(LAYER_NORM, [px], { ...a, dims });
    if (w !== undefined) y = y.mul(aligned(w, batched[1]));
    if (b !== undefined) y = y.add(aligned(b, batched[2]));
    return y;
  },
  saves: ['self', 'other'],
  inputs: ['self', 'other', 'third'],
  forward: ([x, w, b], { dims, eps }) =>
    no_grad(() => {
      const n = rowLength(x, dims);
      if (n > 0 && x.dtype.is_floating_point && [w, b].every((t) => t === undefined || t.dtype === x.dtype)) {
        // One pass per row in the backend (moments in double, the affine map fused).
        const out = K.output(x.shape, x.dtype);
        const data = (t: Tensor | undefined): TypedArray | null => (t ? K.contiguous(t)._data : null);
        backend().layerNorm(K.contiguous(x)._data, data(w), data(b), x.numel() / n, n, eps, out._data);
        return out;
      }
      let y = normalized(x, dims, eps);
      if (w) y = y.mul(w);
      if (b) y = y.add(b);
      return K.copyOf(y);
    }),
  backward: (g, s, { args, needs, meta }) => {
    const x = s.self;
    const w = s.other as Tensor | undefined;
    const { dims, eps } = args;
    const n = rowLength(x, dims);
    if (n > 0 && fusedBackward(g, x) && (w === undefined || (w.dtype === x.dtype && !isDual(w)))) {
      // First order only (nothing records): one backend pass for gx, one for the weight and bias.
      const gx = needs[0] ? K.output(x.shape, x.dtype) : null;
      const gWeight = meta.length > 1 && needs[1] ? K.output(meta[1].shape, x.dtype) : null;
      const gBias = meta.length > 2 && needs[2] ? K.output(meta[2].shape, x.dtype) : null;
      backend().layerNormBackward(
        K.contiguous(g)._data,
        K.contiguous(x)._data,
        w ? K.contiguous(w)._data : null,
        x.numel() / n,
        n,
        eps,
        gx?._data ?? null,
        gWeight?._data ?? null,
        gBias?._data ?? null,
      );
      return [gx, gWeight, gBias];
    }
    const xhat = normalized(x, dims, eps);
    const gw = w ? g.mul(w) : g;
    let gx: Tensor | null = null;
    if (needs[0]) {
      const centered = x.sub(x.mean(dims, true));
      const rstd = centered.mul(centered).mean(dims, true).add(eps).rsqrt();
      gx = gw
        .sub(gw.mean(dims, true))
        .sub(xhat.mul(gw.mul(xhat).mean(dims, true)))
        .mul(rstd);
    }
    const lead = [...Array(x.dim() - dims.length).keys()];
    const gWeight = meta.length > 1 && needs[1] ? g.mul(xhat).sum(lead) : null;
    const gBias = meta.length > 2 && needs[2] ? g.sum(lead) : null;
    return [gx, gWeight, gBias];
  },
});

/** F.layer_norm(input, normalized_shape, { weight, bias, eps }). */
export function layer_norm(
  input: Tensor,
  normalized_shape: number | readonly number[],
  opts: { weight?: Tensor | null; bias?: Tensor | null; eps?: number } = {},
): Tensor {
  const shape = typeof normalized_shape === 'number' ? [normalized_shape] : [...normalized_shape];
  // ATen's _check_layer_norm_inputs, in its order: weight, bias, then input.
  for (const [name, t] of [
    ['weight', opts.weight],
    ['bias', opts.bias],
  ] as const) {
    if (t !== undefined && t !== null && t.shape.join() !== shape.join()) {
      throw new RangeError(
        `Expected ${name} to be of same shape as normalized_shape, but got ${name} of shape [${t.shape.join(', ')}] and normalized_shape = [${shape.join(', ')}]`,
      );
    }
  }
  const tail = input.shape.slice(input.dim() - shape.length);
  if (shape.length > input.dim() || tail.join() !== shape.join()) {
    throw new RangeError(
      `Given normalized_shape=[${shape.join(', ')}], expected input with shape [*, ${shape.join(', ')}], but got input of size[${input.shape.join(', ')}]`,
    );
  }
  // Then the kernel's: its dtype dispatch on the input, and weight and bias read as the input's dtype
  // (no promotion).
  if (!input.dtype.is_floating_point) {
    throw new TypeError(`"LayerNormKernelImpl" not implemented for '${input.dtype.scalarType}'`);
  }
  for (const t of [opts.weight, opts.bias]) {
    if (t !== undefined && t !== null && t.dtype !== input.dtype) {
      throw new TypeError(`expected scalar type ${input.dtype.scalarType} but found ${t.dtype.scalarType}`);
    }
  }
  const dims = shape.map((_, i) => input.dim() - shape.length + i);
  // The op always takes a weight (saved for backward): ones stand in for a missing one.
  const inputs = [input, opts.weight ?? K.full(shape, 1, input.dtype)];
  if (opts.bias) inputs.push(opts.bias);
  return apply(LAYER_NORM, inputs, { dims, eps: opts.eps ?? 1e-5 });
}

type Pair = number | readonly number[];
export const functional_layer_norm = fn(
  'layer_norm(Tensor input, int[1] normalized_shape, Tensor? weight=None, Tensor? bias=None, float eps=1e-05)',
  (input: T, normalized_shape: Pair, weight?: T | null, bias?: T | null, eps?: number): T =>
    layer_norm(input, normalized_shape, { weight, bias, eps }),
);

interface EmbeddingArgs {
  indices: Tensor;
  paddingIdx: number | null;
  /** scale_grad_by_freq: each looked-up row's gradient divided by how often the batch looks it up. */
  scaleByFreq?: boolean;
}

/** 1 / (how many times each index occurs in `indices`), shaped as `indices` (ATen's counts). */
function inverseFrequencies(indices: Tensor, dtype: DType): Tensor {
  const idx = indices.toTypedArray();
  const counts = new Map<number, number>();
  for (const v of idx) counts.set(Number(v), (counts.get(Number(v)) ?? 0) + 1);
  const out = K.empty(indices.shape, dtype);
  for (let i = 0; i < idx.length; i++) out._data[i] = 1 / (counts.get(Number(idx[i])) as number);
  return out;
}

function embeddingOffsets(indices: Tensor, D: number): Int32Array {
  const idx = indices.toTypedArray();
  const offsets = new Int32Array(idx.length * D);
  for (let i = 0; i < idx.length; i++) for (let j = 0; j < D; j++) offsets[i * D + j] = idx[i] * D + j;
  return offsets;
}

const EMBEDDING: OpDef<EmbeddingArgs> = defineOp<EmbeddingArgs>({
  node: 'EmbeddingBackward0',
  // A batch of tables (an ensemble) with shared indices: [B, V, D] read as one [V, B*D] table.
  batch: ([w], _b, a) => {
    const [B, V, D] = w._shape;
    const rows = apply(EMBEDDING, [w.movedim(0, 1).reshape([V, B * D])], a);
    return rows.reshape([...a.indices._shape, B, D]).movedim(-2, 0);
  },
  // Linear in the input: the same selection applied to the tangent.
  jvp: 'linear',
  forward: ([weight], { indices }) => {
    const D = weight.size(1);
    return gatherForward(weight, {
      offsets: embeddingOffsets(indices, D),
      srcShape: weight.shape,
      outShape: [...indices.shape, D],
    });
  },
  backward: (g, _s, { args, meta }) => {
    const D = meta[0].shape[1];
    let keep = g;
    if (args.paddingIdx !== null) keep = g.mul(args.indices.ne(args.paddingIdx).unsqueeze(-1));
    if (args.scaleByFreq === true) keep = keep.mul(inverseFrequencies(args.indices, g.dtype).unsqueeze(-1));
    return [
      scatterAddAt(keep, { offsets: embeddingOffsets(args.indices, D), srcShape: meta[0].shape, outShape: g.shape }),
    ];
  },
});

/** F.embedding(input, weight, { padding_idx }): rows of weight picked by integer indices. */
/**
 * PyTorch's embedding_renorm_: each distinct row of `weight` that `input` looks up and whose
 * norm_type-norm exceeds max_norm is scaled in place by max_norm / (norm + 1e-7), without recording.
 */
export function embedding_renorm_(weight: Tensor, input: Tensor, max_norm: number, norm_type: number): Tensor {
  const rows = [...new Set(Array.from(input.toTypedArray(), Number))].sort((a, b) => a - b);
  no_grad(() => {
    for (const i of rows) {
      const row = weight.select(0, i);
      const n = row.norm(norm_type).item() as number;
      if (n > max_norm) row.mul_(max_norm / (n + 1e-7));
    }
  });
  return weight;
}

export function embedding(
  input: Tensor,
  weight: Tensor,
  opts: {
    padding_idx?: number | null;
    max_norm?: number | null;
    norm_type?: number;
    scale_grad_by_freq?: boolean;
  } = {},
): Tensor {
  // F.embedding's checks, in its order: padding_idx within the table, then (torch.embedding) a 2-D
  // weight, then the indices' dtype.
  const pad0 = opts.padding_idx ?? null;
  if (pad0 !== null && (pad0 > 0 ? pad0 >= weight.size(0) : pad0 < -weight.size(0))) {
    throw new RangeError('Padding_idx must be within num_embeddings');
  }
  if (weight.dim() !== 2) throw new RangeError("'weight' must be 2-D");
  if (input.dtype.is_floating_point || input.dtype.name === 'bool') {
    throw new TypeError(
      `Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got ${input.type()} instead (while checking arguments for embedding)`,
    );
  }
  if (vmapState.depth !== 0 && input._bt !== null && !batchedAt(weight, input._bt.level)) {
    // Batching rule: every example's indices looked up in the shared table at once.
    const { level, size } = levelOf(input, weight);
    return makeBatched(embedding(physicalAt(input, level, size), weight, opts), level);
  }
  const num = weight.size(0);
  const idx = input.toTypedArray();
  for (const v of idx) if (v < 0 || v >= num) throw new RangeError('index out of range in self');
  if (opts.max_norm !== undefined && opts.max_norm !== null) {
    embedding_renorm_(weight, input, opts.max_norm, opts.norm_type ?? 2);
  }
  let pad = opts.padding_idx ?? null;
  if (pad !== null && pad < 0) pad += num;
  return apply(EMBEDDING, [weight], {
    indices: K.cast(input, int64),
    paddingIdx: pad,
    scaleByFreq: opts.scale_grad_by_freq === true,
  });
}

export const functional_embedding = fn(
  'embedding(Tensor input, Tensor weight, int? padding_idx=None, float? max_norm=None, float norm_type=2.0, bool scale_grad_by_freq=False, bool sparse=False)',
  (
    input: T,
    weight: T,
    padding_idx?: number | null,
    max_norm?: number | null,
    norm_type?: number,
    scale_grad_by_freq?: boolean,
    sparse?: boolean,
  ): T => {
    if (sparse === true)
      throw new Error('embedding: sparse=True is not supported by tensorgrad (it has no sparse tensors)');
    return embedding(input, weight, { padding_idx, max_norm, norm_type, scale_grad_by_freq });
  },
);
