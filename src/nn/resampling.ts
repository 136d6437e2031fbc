// Padding, adaptive pooling, upsampling and distance modules: each is its nn.functional
// counterpart as a Module, with PyTorch's constructor parameters (in position or as the options
// object) and repr.

import type { Tensor } from '../tensor/tensor.js';
import {
  adaptive_avg_pool1d,
  adaptive_avg_pool2d,
  adaptive_max_pool1d,
  adaptive_max_pool2d,
  cosine_similarity,
  interpolate,
  pad,
  pairwise_distance,
} from '../api/functional.js';
import type { CallArgs } from '../ops/declare.js';
import { checkCall } from '../ops/signature.js';
import { pyFloat } from '../tensor/format.js';
import { Module } from './module.js';
import { pyTuple } from './activation.js';
import { pyStr } from '../tensor/argcheck.js';

type Padding4 = number | readonly [number, number, number, number];

function padding4(v: unknown): [number, number, number, number] {
  if (typeof v === 'number') return [v, v, v, v];
  if (Array.isArray(v) && v.length === 4 && v.every((e) => Number.isInteger(e)))
    return [...v] as [number, number, number, number];
  throw new TypeError('padding must be an int or an Array of 4 ints');
}

abstract class Pad2d extends Module {
  readonly padding: [number, number, number, number];
  abstract readonly mode: 'constant' | 'reflect' | 'replicate';

  constructor(padding: Padding4) {
    super();
    this.padding = padding4(padding);
  }

  forward(input: Tensor): Tensor {
    return pad(input, this.padding, this.mode);
  }

  extra_repr(): string {
    return pyTuple(this.padding);
  }
}

export class ReflectionPad2d extends Pad2d {
  readonly mode = 'reflect';

  constructor(...args: CallArgs<[padding: Padding4]>) {
    const [padding] = checkCall('ReflectionPad2d(Any padding)', args);
    super(padding as Padding4);
  }
}

export class ReplicationPad2d extends Pad2d {
  readonly mode = 'replicate';

  constructor(...args: CallArgs<[padding: Padding4]>) {
    const [padding] = checkCall('ReplicationPad2d(Any padding)', args);
    super(padding as Padding4);
  }
}

export class ConstantPad2d extends Module {
  readonly padding: [number, number, number, number];
  readonly value: number;

  constructor(...args: CallArgs<[padding: Padding4, value: number]>) {
    const [padding, value] = checkCall('ConstantPad2d(Any padding, float value)', args);
    super();
    this.padding = padding4(padding);
    this.value = value as number;
  }

  forward(input: Tensor): Tensor {
    return pad(input, this.padding, 'constant', this.value);
  }

  extra_repr(): string {
    return `padding=${pyTuple(this.padding)}, value=${pyFloat(this.value)}`;
  }
}

/** PyTorch 1.13's ZeroPad2d is a ConstantPad2d with value 0 that prints only its padding. */
export class ZeroPad2d extends ConstantPad2d {
  constructor(...args: CallArgs<[padding: Padding4]>) {
    const [padding] = checkCall('ZeroPad2d(Any padding)', args);
    super(padding as Padding4, 0);
  }

  extra_repr(): string {
    return pyTuple(this.padding);
  }
}

type OutputSize = number | readonly (number | null)[];
const sizeRepr = (v: OutputSize): string => pyStr(v);

export class AdaptiveAvgPool2d extends Module {
  readonly output_size: OutputSize;

  constructor(...args: CallArgs<[output_size: OutputSize]>) {
    const [output_size] = checkCall('AdaptiveAvgPool2d(Any output_size)', args);
    super();
    this.output_size = output_size as OutputSize;
  }

  forward(input: Tensor): Tensor {
    return adaptive_avg_pool2d(input, this.output_size);
  }

  extra_repr(): string {
    return `output_size=${sizeRepr(this.output_size)}`;
  }
}

export class AdaptiveMaxPool2d extends Module {
  readonly output_size: OutputSize;
  readonly return_indices: boolean;

  constructor(...args: CallArgs<[output_size: OutputSize, return_indices?: boolean]>) {
    const [output_size, return_indices] = checkCall(
      'AdaptiveMaxPool2d(Any output_size, bool return_indices=False)',
      args,
    );
    super();
    this.output_size = output_size as OutputSize;
    this.return_indices = (return_indices as boolean | undefined) ?? false;
  }

  /** The pooled tensor; with return_indices, [output, indices]. */
  forward(input: Tensor): Tensor {
    return adaptive_max_pool2d(input, this.output_size, this.return_indices);
  }

  extra_repr(): string {
    return `output_size=${sizeRepr(this.output_size)}`;
  }
}

type Sizes = number | readonly number[];

export class Upsample extends Module {
  readonly size: Sizes | null;
  readonly scale_factor: Sizes | null;
  readonly mode: string;
  readonly align_corners: boolean | null;
  readonly recompute_scale_factor: boolean | null;

  constructor(
    ...args: CallArgs<
      [
        size?: Sizes | null,
        scale_factor?: Sizes | null,
        mode?: string,
        align_corners?: boolean | null,
        recompute_scale_factor?: boolean | null,
      ]
    >
  ) {
    const [size, scale, mode, align, recompute] = checkCall(
      "Upsample(Any size=None, Any scale_factor=None, str mode='nearest', bool? align_corners=None, bool? recompute_scale_factor=None)",
      args,
    );
    super();
    this.size = (size as Sizes | null | undefined) ?? null;
    this.scale_factor = (scale as Sizes | null | undefined) ?? null;
    this.mode = (mode as string | undefined) ?? 'nearest';
    this.align_corners = (align as boolean | null | undefined) ?? null;
    this.recompute_scale_factor = (recompute as boolean | null | undefined) ?? null;
  }

  forward(input: Tensor): Tensor {
    return interpolate(input, {
      size: this.size,
      scale_factor: this.scale_factor,
      mode: this.mode,
      align_corners: this.align_corners,
      recompute_scale_factor: this.recompute_scale_factor,
    });
  }

  extra_repr(): string {
    const s = this.scale_factor;
    const info =
      s !== null
        ? `scale_factor=${typeof s === 'number' ? pyFloat(s) : Array.isArray(s) && s.every((x) => typeof x === 'number') ? `(${s.map(pyFloat).join(', ')}${s.length === 1 ? ',' : ''})` : pyStr(s)}`
        : `size=${this.size === null ? 'None' : sizeRepr(this.size)}`;
    return `${info}, mode=${this.mode}`;
  }
}

/** Upsample with mode 'nearest' (PyTorch's deprecated spelling, still common in older code). */
export class UpsamplingNearest2d extends Upsample {
  constructor(...args: CallArgs<[size?: Sizes | null, scale_factor?: Sizes | null]>) {
    const [size, scale] = checkCall('UpsamplingNearest2d(Any size=None, Any scale_factor=None)', args);
    super(size as Sizes | null, scale as Sizes | null, 'nearest');
  }
}

/** Upsample with mode 'bilinear' and align_corners=True. */
export class UpsamplingBilinear2d extends Upsample {
  constructor(...args: CallArgs<[size?: Sizes | null, scale_factor?: Sizes | null]>) {
    const [size, scale] = checkCall('UpsamplingBilinear2d(Any size=None, Any scale_factor=None)', args);
    super(size as Sizes | null, scale as Sizes | null, 'bilinear', true);
  }
}

export class CosineSimilarity extends Module {
  readonly dim: number;
  readonly eps: number;

  constructor(...args: CallArgs<[dim?: number, eps?: number]>) {
    const [dim, eps] = checkCall('CosineSimilarity(int dim=1, float eps=1e-08)', args);
    super();
    this.dim = (dim as number | undefined) ?? 1;
    this.eps = (eps as number | undefined) ?? 1e-8;
  }

  forward(x1: Tensor, x2: Tensor): Tensor {
    return cosine_similarity(x1, x2, this.dim, this.eps);
  }
}

export class PairwiseDistance extends Module {
  readonly norm: number;
  readonly eps: number;
  readonly keepdim: boolean;

  constructor(...args: CallArgs<[p?: number, eps?: number, keepdim?: boolean]>) {
    const [p, eps, keepdim] = checkCall('PairwiseDistance(float p=2.0, float eps=1e-06, bool keepdim=False)', args);
    super();
    this.norm = (p as number | undefined) ?? 2;
    this.eps = (eps as number | undefined) ?? 1e-6;
    this.keepdim = (keepdim as boolean | undefined) ?? false;
  }

  forward(x1: Tensor, x2: Tensor): Tensor {
    return pairwise_distance(x1, x2, this.norm, this.eps, this.keepdim);
  }
}

type Single = number | readonly number[];
const singleRepr = (v: Single): string => pyStr(v);

export class AdaptiveAvgPool1d extends Module {
  readonly output_size: Single;

  constructor(...args: CallArgs<[output_size: Single]>) {
    const [output_size] = checkCall('AdaptiveAvgPool1d(Any output_size)', args);
    super();
    this.output_size = output_size as Single;
  }

  forward(input: Tensor): Tensor {
    return adaptive_avg_pool1d(input, this.output_size);
  }

  extra_repr(): string {
    return `output_size=${singleRepr(this.output_size)}`;
  }
}

export class AdaptiveMaxPool1d extends Module {
  readonly output_size: Single;
  readonly return_indices: boolean;

  constructor(...args: CallArgs<[output_size: Single, return_indices?: boolean]>) {
    const [output_size, return_indices] = checkCall(
      'AdaptiveMaxPool1d(Any output_size, bool return_indices=False)',
      args,
    );
    super();
    this.output_size = output_size as Single;
    this.return_indices = (return_indices as boolean | undefined) ?? false;
  }

  /** The pooled tensor; with return_indices, [output, indices]. */
  forward(input: Tensor): Tensor {
    return adaptive_max_pool1d(input, this.output_size, this.return_indices);
  }

  extra_repr(): string {
    return `output_size=${singleRepr(this.output_size)}`;
  }
}
