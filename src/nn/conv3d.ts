// The 3-D layers (Conv3d, ConvTranspose3d, MaxPool3d, AvgPool3d, AdaptiveAvgPool3d,
// AdaptiveMaxPool3d, Dropout3d), MaxUnpool1d/2d/3d, LPPool1d/2d and PyTorch 2.1's
// CircularPad1d/2d/3d, over the functions of src/ops/conv3d.ts: PyTorch's constructor parameters
// (in position or in the options object), initialisation (the same random streams) and repr.

import type { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { empty } from '../tensor/creation.js';
import {
  adaptive_avg_pool3d,
  adaptive_max_pool3d,
  avg_pool3d,
  conv3d,
  conv_transpose3d,
  dropout3d,
  lp_pool1d,
  lp_pool2d,
  max_pool3d,
  max_unpool1d,
  max_unpool2d,
  max_unpool3d,
  pad,
} from '../api/functional.js';
import type { CallArgs } from '../ops/declare.js';
import { bindNamed } from './args.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { ConvTransposeNd } from './conv_transpose.js';
import { DropoutVariant, pyTuple } from './activation.js';
import { pyStr } from '../tensor/argcheck.js';
import { pyFloat } from '../tensor/format.js';
import * as init from './init.js';

type Sizes = number | readonly number[];
type Triple = [number, number, number];
type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

const triple = (v: Sizes): Triple =>
  typeof v === 'number' ? [v, v, v] : v.length === 1 ? [v[0], v[0], v[0]] : [v[0], v[1], v[2]];
const fmt = (v: readonly number[]): string => `(${v.join(', ')})`;
const asGiven = (v: Sizes): string => (typeof v === 'number' ? String(v) : pyStr([...v]));

// ---------------------------------------------------------------- Conv3d

export class Conv3d extends Module {
  readonly in_channels: number;
  readonly out_channels: number;
  readonly kernel_size: Triple;
  readonly stride: Triple;
  readonly padding: Triple | 'same' | 'valid';
  readonly dilation: Triple;
  readonly groups: number;
  readonly padding_mode: PaddingMode;
  weight: Parameter;
  bias: Parameter | null;

  constructor(
    ...args: CallArgs<
      [
        in_channels: number,
        out_channels: number,
        kernel_size: Sizes,
        stride?: Sizes,
        padding?: Sizes | 'same' | 'valid',
        dilation?: Sizes,
        groups?: number,
        bias?: boolean,
        padding_mode?: PaddingMode,
        device?: string | null,
        dtype?: DType | null,
      ]
    >
  ) {
    const a = bindNamed(
      "Conv3d(int in_channels, int out_channels, int[3] kernel_size, int[3] stride=1, Any padding=0, int[3] dilation=1, int groups=1, bool bias=True, str padding_mode='zeros', Device? device=None, ScalarType? dtype=None)",
      args,
    );
    const mode = (a.padding_mode as string | undefined) ?? 'zeros';
    if (!['zeros', 'reflect', 'replicate', 'circular'].includes(mode)) {
      throw new RangeError(
        `padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='${mode}'`,
      );
    }
    super();
    this.in_channels = a.in_channels as number;
    this.out_channels = a.out_channels as number;
    this.kernel_size = triple(a.kernel_size as Sizes);
    this.stride = triple((a.stride as Sizes | undefined) ?? 1);
    const padding = (a.padding as Sizes | 'same' | 'valid' | undefined) ?? 0;
    this.padding = typeof padding === 'string' ? padding : triple(padding);
    this.dilation = triple((a.dilation as Sizes | undefined) ?? 1);
    this.groups = (a.groups as number | undefined) ?? 1;
    this.padding_mode = mode as PaddingMode;
    if (this.groups <= 0) throw new RangeError('groups must be a positive integer');
    if (this.in_channels % this.groups !== 0) throw new RangeError('in_channels must be divisible by groups');
    if (this.out_channels % this.groups !== 0) throw new RangeError('out_channels must be divisible by groups');
    if (typeof padding === 'string') {
      if (padding !== 'same' && padding !== 'valid') {
        throw new RangeError(`Invalid padding string '${padding}', should be one of ['valid', 'same']`);
      }
      if (padding === 'same' && this.stride.some((s) => s !== 1)) {
        throw new RangeError("padding='same' is not supported for strided convolutions");
      }
    }
    const dtype = (a.dtype as DType | null | undefined) ?? undefined;
    this.weight = new Parameter(
      empty([this.out_channels, this.in_channels / this.groups, ...this.kernel_size], { dtype }),
    );
    this.bias = a.bias === false ? null : new Parameter(empty([this.out_channels], { dtype }));
    this.reset_parameters();
  }

  /** PyTorch's default: kaiming_uniform_(a=√5) on the weight, U(±1/√fan_in) on the bias. */
  reset_parameters(): void {
    init.kaiming_uniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias) {
      const [fanIn] = init.calculateFanInAndFanOut(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      init.uniform_(this.bias, -bound, bound);
    }
  }

  forward(input: Tensor): Tensor {
    if (this.padding_mode === 'zeros') {
      return conv3d(input, this.weight, this.bias, this.stride, this.padding, this.dilation, this.groups);
    }
    // PyTorch's _conv_forward: pad by the mode (the 'same' split puts the odd element last),
    // then convolve without padding.
    const split = (d: number): [number, number] => {
      if (this.padding === 'valid') return [0, 0];
      if (this.padding !== 'same') return [this.padding[d], this.padding[d]];
      const total = this.dilation[d] * (this.kernel_size[d] - 1);
      return [Math.floor(total / 2), total - Math.floor(total / 2)];
    };
    const padded = pad(input, [...split(2), ...split(1), ...split(0)], this.padding_mode);
    return conv3d(padded, this.weight, this.bias, this.stride, 0, this.dilation, this.groups);
  }

  extra_repr(): string {
    let s = `${this.in_channels}, ${this.out_channels}, kernel_size=${fmt(this.kernel_size)}, stride=${fmt(this.stride)}`;
    if (typeof this.padding === 'string') s += `, padding=${this.padding}`;
    else if (this.padding.some((p) => p !== 0)) s += `, padding=${fmt(this.padding)}`;
    if (this.dilation.some((d) => d !== 1)) s += `, dilation=${fmt(this.dilation)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ', bias=False';
    if (this.padding_mode !== 'zeros') s += `, padding_mode=${this.padding_mode}`;
    return s;
  }
}

// ---------------------------------------------------------------- ConvTranspose3d

type ConvTransposeArgs = CallArgs<
  [
    in_channels: number,
    out_channels: number,
    kernel_size: Sizes,
    stride?: Sizes,
    padding?: Sizes,
    output_padding?: Sizes,
    groups?: number,
    bias?: boolean,
    dilation?: Sizes,
    padding_mode?: 'zeros',
    device?: string | null,
    dtype?: DType | null,
  ]
>;

export class ConvTranspose3d extends ConvTransposeNd {
  constructor(...args: ConvTransposeArgs) {
    super(3, 'ConvTranspose3d', args);
  }

  forward(input: Tensor, output_size?: readonly number[] | { output_size?: readonly number[] | null } | null): Tensor {
    const output_padding = this._outputPadding(input, output_size);
    return conv_transpose3d(
      input,
      this.weight,
      this.bias,
      this.stride,
      this.padding,
      output_padding,
      this.groups,
      this.dilation,
    );
  }
}

// ---------------------------------------------------------------- pools

export class MaxPool3d extends Module {
  readonly kernel_size: Sizes;
  readonly stride: Sizes;
  readonly padding: Sizes;
  readonly dilation: Sizes;
  readonly return_indices: boolean;
  readonly ceil_mode: boolean;

  constructor(
    ...args: CallArgs<
      [
        kernel_size: Sizes,
        stride?: Sizes | null,
        padding?: Sizes,
        dilation?: Sizes,
        return_indices?: boolean,
        ceil_mode?: boolean,
      ]
    >
  ) {
    const a = bindNamed(
      'MaxPool3d(int[3] kernel_size, int[3]? stride=None, int[3] padding=0, int[3] dilation=1, bool return_indices=False, bool ceil_mode=False)',
      args,
    );
    super();
    this.kernel_size = a.kernel_size as Sizes;
    this.stride = (a.stride as Sizes | null | undefined) ?? this.kernel_size;
    this.padding = (a.padding as Sizes | undefined) ?? 0;
    this.dilation = (a.dilation as Sizes | undefined) ?? 1;
    this.return_indices = (a.return_indices as boolean | undefined) ?? false;
    this.ceil_mode = (a.ceil_mode as boolean | undefined) ?? false;
  }

  /** The pooled tensor; with return_indices, [output, indices]. */
  forward(input: Tensor): Tensor {
    return max_pool3d(
      input,
      this.kernel_size,
      this.stride,
      this.padding,
      this.dilation,
      this.ceil_mode,
      this.return_indices,
    );
  }

  extra_repr(): string {
    return `kernel_size=${asGiven(this.kernel_size)}, stride=${asGiven(this.stride)}, padding=${asGiven(this.padding)}, dilation=${asGiven(this.dilation)}, ceil_mode=${this.ceil_mode ? 'True' : 'False'}`;
  }
}

export class AvgPool3d extends Module {
  readonly kernel_size: Sizes;
  readonly stride: Sizes;
  readonly padding: Sizes;
  readonly ceil_mode: boolean;
  readonly count_include_pad: boolean;
  readonly divisor_override: number | null;

  constructor(
    ...args: CallArgs<
      [
        kernel_size: Sizes,
        stride?: Sizes | null,
        padding?: Sizes,
        ceil_mode?: boolean,
        count_include_pad?: boolean,
        divisor_override?: number | null,
      ]
    >
  ) {
    const a = bindNamed(
      'AvgPool3d(int[3] kernel_size, int[3]? stride=None, int[3] padding=0, bool ceil_mode=False, bool count_include_pad=True, int? divisor_override=None)',
      args,
    );
    super();
    this.kernel_size = a.kernel_size as Sizes;
    this.stride = (a.stride as Sizes | null | undefined) ?? this.kernel_size;
    this.padding = (a.padding as Sizes | undefined) ?? 0;
    this.ceil_mode = (a.ceil_mode as boolean | undefined) ?? false;
    this.count_include_pad = (a.count_include_pad as boolean | undefined) ?? true;
    this.divisor_override = (a.divisor_override as number | null | undefined) ?? null;
  }

  forward(input: Tensor): Tensor {
    return avg_pool3d(
      input,
      this.kernel_size,
      this.stride,
      this.padding,
      this.ceil_mode,
      this.count_include_pad,
      this.divisor_override,
    );
  }

  extra_repr(): string {
    return `kernel_size=${asGiven(this.kernel_size)}, stride=${asGiven(this.stride)}, padding=${asGiven(this.padding)}`;
  }
}

type OutputSize = number | readonly (number | null)[];

export class AdaptiveAvgPool3d extends Module {
  readonly output_size: OutputSize;

  constructor(...args: CallArgs<[output_size: OutputSize]>) {
    const a = bindNamed('AdaptiveAvgPool3d(Any output_size)', args);
    super();
    this.output_size = a.output_size as OutputSize;
  }

  forward(input: Tensor): Tensor {
    return adaptive_avg_pool3d(input, this.output_size);
  }

  extra_repr(): string {
    return `output_size=${pyStr(this.output_size)}`;
  }
}

export class AdaptiveMaxPool3d extends Module {
  readonly output_size: OutputSize;
  readonly return_indices: boolean;

  constructor(...args: CallArgs<[output_size: OutputSize, return_indices?: boolean]>) {
    const a = bindNamed('AdaptiveMaxPool3d(Any output_size, bool return_indices=False)', args);
    super();
    this.output_size = a.output_size as OutputSize;
    this.return_indices = (a.return_indices as boolean | undefined) ?? false;
  }

  /** The pooled tensor; with return_indices, [output, indices]. */
  forward(input: Tensor): Tensor {
    return adaptive_max_pool3d(input, this.output_size, this.return_indices);
  }

  extra_repr(): string {
    return `output_size=${pyStr(this.output_size)}`;
  }
}

// ---------------------------------------------------------------- MaxUnpool

abstract class MaxUnpoolNd extends Module {
  readonly kernel_size: number[];
  readonly stride: number[];
  readonly padding: number[];

  protected constructor(nd: number, name: string, args: readonly unknown[]) {
    const a = bindNamed(`${name}(int[${nd}] kernel_size, int[${nd}]? stride=None, int[${nd}] padding=0)`, args);
    const n = (v: Sizes): number[] =>
      typeof v === 'number' ? Array<number>(nd).fill(v) : v.length === 1 ? Array<number>(nd).fill(v[0]) : [...v];
    super();
    this.kernel_size = n(a.kernel_size as Sizes);
    this.stride = n((a.stride as Sizes | null | undefined) ?? (a.kernel_size as Sizes));
    this.padding = n((a.padding as Sizes | undefined) ?? 0);
  }

  extra_repr(): string {
    return `kernel_size=${pyTuple(this.kernel_size)}, stride=${pyTuple(this.stride)}, padding=${pyTuple(this.padding)}`;
  }
}

type UnpoolArgs = CallArgs<[kernel_size: Sizes, stride?: Sizes | null, padding?: Sizes]>;
type OutputSizeArg = readonly number[] | { output_size?: readonly number[] | null } | null;
const outputSize = (v: OutputSizeArg | undefined): readonly number[] | null =>
  v === undefined || v === null
    ? null
    : Array.isArray(v)
      ? (v as readonly number[])
      : ((v as { output_size?: readonly number[] | null }).output_size ?? null);

export class MaxUnpool1d extends MaxUnpoolNd {
  constructor(...args: UnpoolArgs) {
    super(1, 'MaxUnpool1d', args);
  }

  forward(input: Tensor, indices: Tensor, output_size?: OutputSizeArg): Tensor {
    return max_unpool1d(input, indices, this.kernel_size, this.stride, this.padding, outputSize(output_size));
  }
}

export class MaxUnpool2d extends MaxUnpoolNd {
  constructor(...args: UnpoolArgs) {
    super(2, 'MaxUnpool2d', args);
  }

  forward(input: Tensor, indices: Tensor, output_size?: OutputSizeArg): Tensor {
    return max_unpool2d(input, indices, this.kernel_size, this.stride, this.padding, outputSize(output_size));
  }
}

export class MaxUnpool3d extends MaxUnpoolNd {
  constructor(...args: UnpoolArgs) {
    super(3, 'MaxUnpool3d', args);
  }

  forward(input: Tensor, indices: Tensor, output_size?: OutputSizeArg): Tensor {
    return max_unpool3d(input, indices, this.kernel_size, this.stride, this.padding, outputSize(output_size));
  }
}

// ---------------------------------------------------------------- LPPool

abstract class LPPoolNd extends Module {
  readonly norm_type: number;
  readonly kernel_size: Sizes;
  readonly stride: Sizes | null;
  readonly ceil_mode: boolean;

  protected constructor(nd: number, name: string, args: readonly unknown[]) {
    const a = bindNamed(
      `${name}(float norm_type, int[${nd}] kernel_size, int[${nd}]? stride=None, bool ceil_mode=False)`,
      args,
    );
    super();
    this.norm_type = a.norm_type as number;
    this.kernel_size = a.kernel_size as Sizes;
    this.stride = (a.stride as Sizes | null | undefined) ?? null;
    this.ceil_mode = (a.ceil_mode as boolean | undefined) ?? false;
  }

  extra_repr(): string {
    const p = Number.isInteger(this.norm_type) ? String(this.norm_type) : pyFloat(this.norm_type);
    const stride = this.stride === null ? 'None' : asGiven(this.stride);
    return `norm_type=${p}, kernel_size=${asGiven(this.kernel_size)}, stride=${stride}, ceil_mode=${this.ceil_mode ? 'True' : 'False'}`;
  }
}

type LPPoolArgs = CallArgs<[norm_type: number, kernel_size: Sizes, stride?: Sizes | null, ceil_mode?: boolean]>;

export class LPPool1d extends LPPoolNd {
  constructor(...args: LPPoolArgs) {
    super(1, 'LPPool1d', args);
  }

  forward(input: Tensor): Tensor {
    return lp_pool1d(input, this.norm_type, this.kernel_size, this.stride, this.ceil_mode);
  }
}

export class LPPool2d extends LPPoolNd {
  constructor(...args: LPPoolArgs) {
    super(2, 'LPPool2d', args);
  }

  forward(input: Tensor): Tensor {
    return lp_pool2d(input, this.norm_type, this.kernel_size, this.stride, this.ceil_mode);
  }
}

// ---------------------------------------------------------------- Dropout3d

/** Zeroes whole channels of [N, C, D, H, W] or [C, D, H, W] inputs in training. */
export class Dropout3d extends DropoutVariant {
  forward(input: Tensor): Tensor {
    return dropout3d(input, this.p, this.training, this.inplace);
  }
}

// ---------------------------------------------------------------- CircularPad (PyTorch 2.1)

abstract class CircularPadNd extends Module {
  readonly padding: number[];
  private readonly nd: number;

  protected constructor(nd: number, name: string, args: readonly unknown[]) {
    const a = bindNamed(`${name}(Any padding)`, args);
    const p = a.padding;
    let padding: number[];
    if (typeof p === 'number' && Number.isInteger(p)) padding = Array<number>(2 * nd).fill(p);
    else if (Array.isArray(p) && p.length === 2 * nd && p.every((e) => Number.isInteger(e)))
      padding = [...(p as number[])];
    else throw new TypeError(`padding must be an int or an Array of ${2 * nd} ints`);
    super();
    this.nd = nd;
    this.padding = padding;
  }

  forward(input: Tensor): Tensor {
    const nd = this.nd;
    if (input.dim() !== nd + 1 && input.dim() !== nd + 2) {
      throw new RangeError(`expected ${nd + 1}D or ${nd + 2}D input (got ${input.dim()}D input)`);
    }
    // F.pad's circular mode takes a batch dim: an unbatched input gets one for the call.
    if (input.dim() === nd + 1) return pad(input.unsqueeze(0), this.padding, 'circular').squeeze(0);
    return pad(input, this.padding, 'circular');
  }

  extra_repr(): string {
    return pyTuple(this.padding);
  }
}

type PadArgs = CallArgs<[padding: Sizes]>;

export class CircularPad1d extends CircularPadNd {
  constructor(...args: PadArgs) {
    super(1, 'CircularPad1d', args);
  }
}

export class CircularPad2d extends CircularPadNd {
  constructor(...args: PadArgs) {
    super(2, 'CircularPad2d', args);
  }
}

export class CircularPad3d extends CircularPadNd {
  constructor(...args: PadArgs) {
    super(3, 'CircularPad3d', args);
  }
}
