// Convolution and pooling modules.

import type { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { empty } from '../tensor/creation.js';
import { avg_pool2d, conv2d, max_pool2d, pad } from '../api/functional.js';
import type { CallArgs } from '../ops/declare.js';
import { bindNamed } from './args.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import * as init from './init.js';

type IntOrPair = number | [number, number];

const asPair = (v: IntOrPair): [number, number] => (typeof v === 'number' ? [v, v] : v);
const fmt = (v: [number, number]): string => `(${v[0]}, ${v[1]})`;

export interface Conv2dOpts {
  stride?: IntOrPair;
  padding?: IntOrPair | 'same' | 'valid';
  dilation?: IntOrPair;
  groups?: number;
  bias?: boolean;
  dtype?: DType;
}

const CONV2D =
  "Conv2d(int in_channels, int out_channels, int[2] kernel_size, int[2] stride=1, Any padding=0, int[2] dilation=1, int groups=1, bool bias=True, str padding_mode='zeros', Device? device=None, ScalarType? dtype=None)";

export class Conv2d extends Module {
  readonly in_channels: number;
  readonly out_channels: number;
  readonly kernel_size: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number] | 'same' | 'valid';
  readonly dilation: [number, number];
  readonly groups: number;
  readonly padding_mode: 'zeros' | 'reflect' | 'replicate' | 'circular';
  weight: Parameter;
  bias: Parameter | null;

  constructor(
    ...args: CallArgs<
      [
        in_channels: number,
        out_channels: number,
        kernel_size: IntOrPair,
        stride?: IntOrPair,
        padding?: IntOrPair | 'same' | 'valid',
        dilation?: IntOrPair,
        groups?: number,
        bias?: boolean,
        padding_mode?: 'zeros' | 'reflect' | 'replicate' | 'circular',
        device?: string | null,
        dtype?: DType | null,
      ]
    >
  ) {
    const a = bindNamed(CONV2D, args);
    const in_channels = a.in_channels as number;
    const out_channels = a.out_channels as number;
    const kernel_size = a.kernel_size as IntOrPair;
    const opts: Conv2dOpts = {
      stride: a.stride as IntOrPair | undefined,
      padding: a.padding as Conv2dOpts['padding'],
      dilation: a.dilation as IntOrPair | undefined,
      groups: a.groups as number | undefined,
      bias: a.bias as boolean | undefined,
      dtype: (a.dtype as DType | null | undefined) ?? undefined,
    };
    const mode = (a.padding_mode as string | undefined) ?? 'zeros';
    if (!['zeros', 'reflect', 'replicate', 'circular'].includes(mode)) {
      throw new RangeError(
        `padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='${mode}'`,
      );
    }
    super();
    this.in_channels = in_channels;
    this.out_channels = out_channels;
    this.padding_mode = mode as Conv2d['padding_mode'];
    this.kernel_size = asPair(kernel_size);
    this.stride = asPair(opts.stride ?? 1);
    const padding = opts.padding ?? 0;
    this.padding = typeof padding === 'string' ? padding : asPair(padding);
    this.dilation = asPair(opts.dilation ?? 1);
    this.groups = opts.groups ?? 1;
    if (this.groups <= 0) throw new RangeError('groups must be a positive integer');
    if (in_channels % this.groups !== 0) throw new RangeError('in_channels must be divisible by groups');
    if (out_channels % this.groups !== 0) throw new RangeError('out_channels must be divisible by groups');
    if (typeof padding === 'string') {
      if (padding !== 'same' && padding !== 'valid') {
        throw new RangeError(`Invalid padding string '${padding}', should be one of ['valid', 'same']`);
      }
      if (padding === 'same' && (this.stride[0] !== 1 || this.stride[1] !== 1)) {
        throw new RangeError("padding='same' is not supported for strided convolutions");
      }
    }
    this.weight = new Parameter(
      empty([out_channels, in_channels / this.groups, ...this.kernel_size], { dtype: opts.dtype }),
    );
    this.bias = opts.bias === false ? null : new Parameter(empty([out_channels], { dtype: opts.dtype }));
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
    if (this.padding_mode !== 'zeros') {
      // PyTorch's _conv_forward: pad by the mode (the 'same' split puts the odd element last),
      // then convolve without padding.
      const split = (d: 0 | 1): [number, number] => {
        if (this.padding === 'valid') return [0, 0];
        if (this.padding !== 'same') return [this.padding[d], this.padding[d]];
        const total = this.dilation[d] * (this.kernel_size[d] - 1);
        return [Math.floor(total / 2), total - Math.floor(total / 2)];
      };
      const padded = pad(input, [...split(1), ...split(0)], this.padding_mode);
      return conv2d(padded, this.weight, this.bias, {
        stride: this.stride,
        padding: 0,
        dilation: this.dilation,
        groups: this.groups,
      });
    }
    return conv2d(input, this.weight, this.bias, {
      stride: this.stride,
      padding: this.padding,
      dilation: this.dilation,
      groups: this.groups,
    });
  }

  extra_repr(): string {
    let s = `${this.in_channels}, ${this.out_channels}, kernel_size=${fmt(this.kernel_size)}, stride=${fmt(this.stride)}`;
    if (typeof this.padding === 'string') s += `, padding=${this.padding}`;
    else if (this.padding[0] !== 0 || this.padding[1] !== 0) s += `, padding=${fmt(this.padding)}`;
    if (this.dilation[0] !== 1 || this.dilation[1] !== 1) s += `, dilation=${fmt(this.dilation)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ', bias=False';
    if (this.padding_mode !== 'zeros') s += `, padding_mode=${this.padding_mode}`;
    return s;
  }
}

export interface Pool2dOpts {
  stride?: IntOrPair | null;
  padding?: IntOrPair;
  dilation?: IntOrPair;
  ceil_mode?: boolean;
}

export class MaxPool2d extends Module {
  readonly stride: IntOrPair;
  readonly padding: IntOrPair;
  readonly dilation: IntOrPair;
  readonly ceil_mode: boolean;

  readonly kernel_size: IntOrPair;
  readonly return_indices: boolean;

  constructor(
    ...args: CallArgs<
      [
        kernel_size: IntOrPair,
        stride?: IntOrPair | null,
        padding?: IntOrPair,
        dilation?: IntOrPair,
        return_indices?: boolean,
        ceil_mode?: boolean,
      ]
    >
  ) {
    const a = bindNamed(
      'MaxPool2d(int[2] kernel_size, int[2]? stride=None, int[2] padding=0, int[2] dilation=1, bool return_indices=False, bool ceil_mode=False)',
      args,
    );
    super();
    this.kernel_size = a.kernel_size as IntOrPair;
    this.stride = (a.stride as IntOrPair | null | undefined) ?? this.kernel_size;
    this.padding = (a.padding as IntOrPair | undefined) ?? 0;
    this.dilation = (a.dilation as IntOrPair | undefined) ?? 1;
    this.return_indices = (a.return_indices as boolean | undefined) ?? false;
    this.ceil_mode = (a.ceil_mode as boolean | undefined) ?? false;
  }

  /** The pooled tensor; with return_indices, [output, indices]. */
  forward(input: Tensor): Tensor {
    return max_pool2d(input, this.kernel_size, {
      stride: this.stride,
      padding: this.padding,
      dilation: this.dilation,
      ceil_mode: this.ceil_mode,
      return_indices: this.return_indices,
    });
  }

  extra_repr(): string {
    const v = (x: IntOrPair): string => (typeof x === 'number' ? String(x) : fmt(x));
    return `kernel_size=${v(this.kernel_size)}, stride=${v(this.stride)}, padding=${v(this.padding)}, dilation=${v(this.dilation)}, ceil_mode=${this.ceil_mode ? 'True' : 'False'}`;
  }
}

export interface AvgPool2dOpts {
  stride?: IntOrPair | null;
  padding?: IntOrPair;
  ceil_mode?: boolean;
  count_include_pad?: boolean;
  divisor_override?: number | null;
}

export class AvgPool2d extends Module {
  readonly stride: IntOrPair;
  readonly padding: IntOrPair;
  readonly ceil_mode: boolean;
  readonly count_include_pad: boolean;
  readonly divisor_override: number | null;

  readonly kernel_size: IntOrPair;

  constructor(
    ...args: CallArgs<
      [
        kernel_size: IntOrPair,
        stride?: IntOrPair | null,
        padding?: IntOrPair,
        ceil_mode?: boolean,
        count_include_pad?: boolean,
        divisor_override?: number | null,
      ]
    >
  ) {
    const a = bindNamed(
      'AvgPool2d(int[2] kernel_size, int[2]? stride=None, int[2] padding=0, bool ceil_mode=False, bool count_include_pad=True, int? divisor_override=None)',
      args,
    );
    super();
    this.kernel_size = a.kernel_size as IntOrPair;
    this.stride = (a.stride as IntOrPair | null | undefined) ?? this.kernel_size;
    this.padding = (a.padding as IntOrPair | undefined) ?? 0;
    this.ceil_mode = (a.ceil_mode as boolean | undefined) ?? false;
    this.count_include_pad = (a.count_include_pad as boolean | undefined) ?? true;
    this.divisor_override = (a.divisor_override as number | null | undefined) ?? null;
  }

  forward(input: Tensor): Tensor {
    return avg_pool2d(input, this.kernel_size, {
      stride: this.stride,
      padding: this.padding,
      ceil_mode: this.ceil_mode,
      count_include_pad: this.count_include_pad,
      divisor_override: this.divisor_override,
    });
  }

  extra_repr(): string {
    const v = (x: IntOrPair): string => (typeof x === 'number' ? String(x) : fmt(x));
    return `kernel_size=${v(this.kernel_size)}, stride=${v(this.stride)}, padding=${v(this.padding)}`;
  }
}
