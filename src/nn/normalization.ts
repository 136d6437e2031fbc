// BatchNorm1d/2d/3d, LayerNorm and Embedding modules.

import type { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { int64 } from '../tensor/dtype.js';
import { empty, ones, tensor, zeros } from '../tensor/creation.js';
import { no_grad } from '../autograd/grad_mode.js';
import { batch_norm, embedding, group_norm, layer_norm } from '../api/functional.js';
import { Module } from './module.js';
import { checkCall } from '../ops/signature.js';
import type { CallArgs } from '../ops/declare.js';
import { bindNamed } from './args.js';
import { Parameter } from './parameter.js';
import { pyBool, pyFloat } from '../tensor/format.js';
import * as init from './init.js';

export interface BatchNormOpts {
  eps?: number;
  momentum?: number | null;
  affine?: boolean;
  track_running_stats?: boolean;
  dtype?: DType;
}

abstract class BatchNorm extends Module {
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly track_running_stats: boolean;
  weight: Parameter | null;
  bias: Parameter | null;
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  declare num_batches_tracked: Tensor | null;

  readonly num_features: number;

  constructor(
    ...args: CallArgs<
      [
        num_features: number,
        eps?: number,
        momentum?: number | null,
        affine?: boolean,
        track_running_stats?: boolean,
        device?: string | null,
        dtype?: DType | null,
      ]
    >
  ) {
    const a = bindNamed(
      `${new.target.name}(int num_features, float eps=1e-05, float? momentum=0.1, bool affine=True, bool track_running_stats=True, Device? device=None, ScalarType? dtype=None)`,
      args,
    );
    const num_features = a.num_features as number;
    const opts: BatchNormOpts = {
      eps: a.eps as number | undefined,
      momentum: a.momentum as number | null | undefined,
      affine: a.affine as boolean | undefined,
      track_running_stats: a.track_running_stats as boolean | undefined,
      dtype: (a.dtype as DType | null | undefined) ?? undefined,
    };
    super();
    this.num_features = num_features;
    this.eps = opts.eps ?? 1e-5;
    this.momentum = opts.momentum === undefined ? 0.1 : opts.momentum;
    this.affine = opts.affine ?? true;
    this.track_running_stats = opts.track_running_stats ?? true;
    this.weight = this.affine ? new Parameter(ones([num_features], { dtype: opts.dtype })) : null;
    this.bias = this.affine ? new Parameter(zeros([num_features], { dtype: opts.dtype })) : null;
    if (this.track_running_stats) {
      this.register_buffer('running_mean', zeros([num_features], { dtype: opts.dtype }));
      this.register_buffer('running_var', ones([num_features], { dtype: opts.dtype }));
      this.register_buffer('num_batches_tracked', tensor(0, { dtype: int64 }));
    } else {
      this.register_buffer('running_mean', null);
      this.register_buffer('running_var', null);
      this.register_buffer('num_batches_tracked', null);
    }
  }

  protected abstract _checkInput(input: Tensor): void;

  forward(input: Tensor): Tensor {
    checkCall('batch_norm(Tensor input)', [input]);
    this._checkInput(input);
    let momentum = this.momentum ?? 0;
    if (this.training && this.track_running_stats && this.num_batches_tracked) {
      no_grad(() => this.num_batches_tracked?.add_(1));
      // momentum=None means a cumulative moving average.
      if (this.momentum === null) momentum = 1 / (this.num_batches_tracked.item() as number);
    }
    const useBatchStats = this.training || this.running_mean === null;
    return batch_norm(
      input,
      useBatchStats && !this.training ? null : this.running_mean,
      useBatchStats && !this.training ? null : this.running_var,
      {
        weight: this.weight,
        bias: this.bias,
        training: useBatchStats,
        momentum,
        eps: this.eps,
      },
    );
  }

  extra_repr(): string {
    return `${this.num_features}, eps=${pyFloat(this.eps)}, momentum=${this.momentum === null ? 'None' : pyFloat(this.momentum)}, affine=${pyBool(this.affine)}, track_running_stats=${pyBool(this.track_running_stats)}`;
  }
}

export class BatchNorm1d extends BatchNorm {
  protected _checkInput(input: Tensor): void {
    if (input.dim() !== 2 && input.dim() !== 3)
      throw new RangeError(`expected 2D or 3D input (got ${input.dim()}D input)`);
  }
}

export class BatchNorm2d extends BatchNorm {
  protected _checkInput(input: Tensor): void {
    if (input.dim() !== 4) throw new RangeError(`expected 4D input (got ${input.dim()}D input)`);
  }
}

export class BatchNorm3d extends BatchNorm {
  protected _checkInput(input: Tensor): void {
    if (input.dim() !== 5) throw new RangeError(`expected 5D input (got ${input.dim()}D input)`);
  }
}

export class LayerNorm extends Module {
  readonly normalized_shape: number[];
  readonly eps: number;
  readonly elementwise_affine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;

  constructor(
    ...args: CallArgs<
      [
        normalized_shape: number | number[],
        eps?: number,
        elementwise_affine?: boolean,
        device?: string | null,
        dtype?: DType | null,
      ]
    >
  ) {
    const a = bindNamed(
      'LayerNorm(int[1] normalized_shape, float eps=1e-05, bool elementwise_affine=True, Device? device=None, ScalarType? dtype=None)',
      args,
    );
    const shape = a.normalized_shape as number | number[];
    const opts = {
      eps: a.eps as number | undefined,
      elementwise_affine: a.elementwise_affine as boolean | undefined,
      dtype: (a.dtype as DType | null | undefined) ?? undefined,
    };
    super();
    this.normalized_shape = typeof shape === 'number' ? [shape] : [...shape];
    this.eps = opts.eps ?? 1e-5;
    this.elementwise_affine = opts.elementwise_affine ?? true;
    this.weight = this.elementwise_affine ? new Parameter(ones(this.normalized_shape, { dtype: opts.dtype })) : null;
    this.bias = this.elementwise_affine ? new Parameter(zeros(this.normalized_shape, { dtype: opts.dtype })) : null;
  }

  forward(input: Tensor): Tensor {
    return layer_norm(input, this.normalized_shape, { weight: this.weight, bias: this.bias, eps: this.eps });
  }

  extra_repr(): string {
    const shape = `(${this.normalized_shape.join(', ')}${this.normalized_shape.length === 1 ? ',' : ''})`;
    return `${shape}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyBool(this.elementwise_affine)}`;
  }
}

export class Embedding extends Module {
  readonly padding_idx: number | null;
  readonly max_norm: number | null;
  readonly norm_type: number;
  readonly scale_grad_by_freq: boolean;
  weight: Parameter;

  readonly num_embeddings: number;
  readonly embedding_dim: number;

  constructor(
    ...args: CallArgs<
      [
        num_embeddings: number,
        embedding_dim: number,
        padding_idx?: number | null,
        max_norm?: number | null,
        norm_type?: number,
        scale_grad_by_freq?: boolean,
        sparse?: boolean,
        _weight?: Tensor | null,
        _freeze?: boolean,
        device?: string | null,
        dtype?: DType | null,
      ]
    >
  ) {
    const a = bindNamed(
      'Embedding(int num_embeddings, int embedding_dim, int? padding_idx=None, float? max_norm=None, float norm_type=2.0, bool scale_grad_by_freq=False, bool sparse=False, Tensor? _weight=None, bool _freeze=False, Device? device=None, ScalarType? dtype=None)',
      args,
    );
    const num_embeddings = a.num_embeddings as number;
    const embedding_dim = a.embedding_dim as number;
    if (a.sparse === true)
      throw new Error('Embedding: sparse=True is not supported by tensorgrad (it has no sparse tensors)');
    const opts = {
      padding_idx: a.padding_idx as number | null | undefined,
      max_norm: a.max_norm as number | null | undefined,
      norm_type: a.norm_type as number | undefined,
      dtype: (a.dtype as DType | null | undefined) ?? undefined,
    };
    const given = (a._weight as Tensor | null | undefined) ?? null;
    if (given !== null && (given.dim() !== 2 || given.size(0) !== num_embeddings || given.size(1) !== embedding_dim)) {
      throw new RangeError('Shape of weight does not match num_embeddings and embedding_dim');
    }
    super();
    this.num_embeddings = num_embeddings;
    this.embedding_dim = embedding_dim;
    let pad = opts.padding_idx ?? null;
    if (pad !== null) {
      if (pad >= num_embeddings || pad < -num_embeddings)
        throw new RangeError('Padding_idx must be within num_embeddings');
      if (pad < 0) pad += num_embeddings;
    }
    this.padding_idx = pad;
    this.max_norm = opts.max_norm ?? null;
    this.norm_type = opts.norm_type ?? 2;
    this.scale_grad_by_freq = a.scale_grad_by_freq === true;
    if (given !== null) {
      // PyTorch wraps the given tensor as the weight (requires_grad unless _freeze).
      this.weight = new Parameter(given, a._freeze !== true);
      return;
    }
    this.weight = new Parameter(empty([num_embeddings, embedding_dim], { dtype: opts.dtype }));
    init.normal_(this.weight);
    if (pad !== null) no_grad(() => this.weight.select(0, pad).fill_(0));
  }

  /** Looks rows up; with max_norm, first renormalises the looked-up rows of the weight in place. */
  forward(input: Tensor): Tensor {
    return embedding(input, this.weight, {
      padding_idx: this.padding_idx,
      max_norm: this.max_norm,
      norm_type: this.norm_type,
      scale_grad_by_freq: this.scale_grad_by_freq,
    });
  }

  extra_repr(): string {
    let s = `${this.num_embeddings}, ${this.embedding_dim}`;
    if (this.padding_idx !== null) s += `, padding_idx=${this.padding_idx}`;
    if (this.max_norm !== null) s += `, max_norm=${pyFloat(this.max_norm)}`;
    if (this.norm_type !== 2) s += `, norm_type=${pyFloat(this.norm_type)}`;
    if (this.scale_grad_by_freq) s += ', scale_grad_by_freq=True';
    return s;
  }
}

/** Normalises each group of channels over the group and the spatial dims, then a per-channel affine. */
export class GroupNorm extends Module {
  readonly num_groups: number;
  readonly num_channels: number;
  readonly eps: number;
  readonly affine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;

  constructor(
    ...args: CallArgs<
      [
        num_groups: number,
        num_channels: number,
        eps?: number,
        affine?: boolean,
        device?: string | null,
        dtype?: DType | null,
      ]
    >
  ) {
    const a = bindNamed(
      'GroupNorm(int num_groups, int num_channels, float eps=1e-05, bool affine=True, Device? device=None, ScalarType? dtype=None)',
      args,
    );
    const num_groups = a.num_groups as number;
    const num_channels = a.num_channels as number;
    if (num_channels % num_groups !== 0) throw new RangeError('num_channels must be divisible by num_groups');
    super();
    this.num_groups = num_groups;
    this.num_channels = num_channels;
    this.eps = (a.eps as number | undefined) ?? 1e-5;
    this.affine = (a.affine as boolean | undefined) ?? true;
    const dtype = (a.dtype as DType | null | undefined) ?? undefined;
    this.weight = this.affine ? new Parameter(ones([num_channels], { dtype })) : null;
    this.bias = this.affine ? new Parameter(zeros([num_channels], { dtype })) : null;
  }

  forward(input: Tensor): Tensor {
    return group_norm(input, this.num_groups, this.weight, this.bias, this.eps);
  }

  extra_repr(): string {
    return `${this.num_groups}, ${this.num_channels}, eps=${pyFloat(this.eps)}, affine=${pyBool(this.affine)}`;
  }
}
