// Conv1d, MaxPool1d and AvgPool1d: the 1-D layers over nn.functional's 1-D functions, with
// PyTorch's constructor parameters (in position or in the options object), initialisation and repr.

import type { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { empty } from '../tensor/creation.js';
import { avg_pool1d, conv1d, max_pool1d, pad } from '../api/functional.js';
import type { CallArgs } from '../ops/declare.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { bindNamed } from './args.js';
import * as init from './init.js';

type Single = number | readonly number[];
type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';
const one = (v: Single): number => (typeof v === 'number' ? v : v[0]);

export class Conv1d extends Module {
  readonly in_channels: number;
  readonly out_channels: number;
  readonly kernel_size: [number];
  readonly stride: [number];
  readonly padding: [number] | 'same' | 'valid';
  readonly dilation: [number];
  readonly groups: number;
  readonly padding_mode: PaddingMode;
  weight: Parameter;
  bias: Parameter | null;

  constructor(
    ...args: CallArgs<
      [
        in_channels: number,
        out_channels: number,
        kernel_size: Single,
        stride?: Single,
        padding?: Single | 'same' | 'valid',
        dilation?: Single,
        groups?: number,
        bias?: boolean,
        padding_mode?: PaddingMode,
        device?: string | null,
        dtype?: DType | null,
      ]
    >
  ) {
    const a = bindNamed(
      "Conv1d(int in_channels, int out_channels, int[1] kernel_size, int[1] stride=1, Any padding=0, int[1] dilation=1, int groups=1, bool bias=True, str padding_mode='zeros', Device? device=None, ScalarType? dtype=None)",
      args,
    );
    super();
    this.in_channels = a.in_channels as number;
    this.out_channels = a.out_channels as number;
    this.kernel_size = [one(a.kernel_size as Single)];
    this.stride = [one((a.stride as Single | undefined) ?? 1)];
    const padding = (a.padding as Single | 'same' | 'valid' | undefined) ?? 0;
    this.padding = typeof padding === 'string' ? padding : [one(padding)];
    this.dilation = [one((a.dilation as Single | undefined) ?? 1)];
    this.groups = (a.groups as number | undefined) ?? 1;
    const mode = (a.padding_mode as string | undefined) ?? 'zeros';
    if (!['zeros', 'reflect', 'replicate', 'circular'].includes(mode)) {
      throw new RangeError(
        `padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='${mode}'`,
      );
    }
    this.padding_mode = mode as PaddingMode;
    if (this.groups <= 0) throw new RangeError('groups must be a positive integer');
    if (this.in_channels % this.groups !== 0) throw new RangeError('in_channels must be divisible by groups');
    if (this.out_channels % this.groups !== 0) throw new RangeError('out_channels must be divisible by groups');
    if (typeof padding === 'string') {
      if (padding !== 'same' && padding !== 'valid') {
        throw new RangeError(`Invalid padding string '${padding}', should be one of ['valid', 'same']`);
      }
      if (padding === 'same' && this.stride[0] !== 1) {
        throw new RangeError("padding='same' is not supported for strided convolutions");
      }
    }
    const dtype = (a.dtype as DType | null | undefined) ?? undefined;
    this.weight = new Parameter(
      empty([this.out_channels, this.in_channels / this.groups, this.kernel_size[0]], { dtype }),
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
    if (this.padding_mode !== 'zeros') {
      // PyTorch's _conv_forward: pad by the mode (the 'same' split puts the odd element last).
      let before = 0;
      let after = 0;
      if (this.padding === 'same') {
        const total = this.dilation[0] * (this.kernel_size[0] - 1);
        before = Math.floor(total / 2);
        after = total - before;
      } else if (this.padding !== 'valid') {
        before = after = this.padding[0];
      }
      return conv1d(
        pad(input, [before, after], this.padding_mode),
        this.weight,
        this.bias,
        this.stride,
        0,
        this.dilation,
        this.groups,
      );
    }
    return conv1d(input, this.weight, this.bias, this.stride, this.padding, this.dilation, this.groups);
  }

  extra_repr(): string {
    const t = (v: [number]): string => `(${v[0]},)`;
    let s = `${this.in_channels}, ${this.out_channels}, kernel_size=${t(this.kernel_size)}, stride=${t(this.stride)}`;
    if (typeof this.padding === 'string') s += `, padding=${this.padding}`;
    else if (this.padding[0] !== 0) s += `, padding=${t(this.padding)}`;
    if (this.dilation[0] !== 1) s += `, dilation=${t(this.dilation)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ', bias=False';
    if (this.padding_mode !== 'zeros') s += `, padding_mode=${this.padding_mode}`;
    return s;
  }
}

const show = (v: Single): string =>
  typeof v === 'number' ? String(v) : `(${v.join(', ')}${v.length === 1 ? ',' : ''})`;

export class MaxPool1d extends Module {
  readonly kernel_size: Single;
  readonly stride: Single;
  readonly padding: Single;
  readonly dilation: Single;
  readonly return_indices: boolean;
  readonly ceil_mode: boolean;

  constructor(
    ...args: CallArgs<
      [
        kernel_size: Single,
        stride?: Single | null,
        padding?: Single,
        dilation?: Single,
        return_indices?: boolean,
        ceil_mode?: boolean,
      ]
    >
  ) {
    const a = bindNamed(
      'MaxPool1d(int[1] kernel_size, int[1]? stride=None, int[1] padding=0, int[1] dilation=1, bool return_indices=False, bool ceil_mode=False)',
      args,
    );
    super();
    this.kernel_size = a.kernel_size as Single;
    this.stride = (a.stride as Single | null | undefined) ?? this.kernel_size;
    this.padding = (a.padding as Single | undefined) ?? 0;
    this.dilation = (a.dilation as Single | undefined) ?? 1;
    this.return_indices = (a.return_indices as boolean | undefined) ?? false;
    this.ceil_mode = (a.ceil_mode as boolean | undefined) ?? false;
  }

  /** The pooled tensor; with return_indices, [output, indices]. */
  forward(input: Tensor): Tensor {
    return max_pool1d(
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
    return `kernel_size=${show(this.kernel_size)}, stride=${show(this.stride)}, padding=${show(this.padding)}, dilation=${show(this.dilation)}, ceil_mode=${this.ceil_mode ? 'True' : 'False'}`;
  }
}

export class AvgPool1d extends Module {
  readonly kernel_size: [number];
  readonly stride: [number];
  readonly padding: [number];
  readonly ceil_mode: boolean;
  readonly count_include_pad: boolean;

  constructor(
    ...args: CallArgs<
      [kernel_size: Single, stride?: Single | null, padding?: Single, ceil_mode?: boolean, count_include_pad?: boolean]
    >
  ) {
    const a = bindNamed(
      'AvgPool1d(int[1] kernel_size, int[1]? stride=None, int[1] padding=0, bool ceil_mode=False, bool count_include_pad=True)',
      args,
    );
    super();
    this.kernel_size = [one(a.kernel_size as Single)];
    this.stride = [one((a.stride as Single | null | undefined) ?? this.kernel_size)];
    this.padding = [one((a.padding as Single | undefined) ?? 0)];
    this.ceil_mode = (a.ceil_mode as boolean | undefined) ?? false;
    this.count_include_pad = (a.count_include_pad as boolean | undefined) ?? true;
  }

  forward(input: Tensor): Tensor {
    return avg_pool1d(input, this.kernel_size, this.stride, this.padding, this.ceil_mode, this.count_include_pad);
  }

  extra_repr(): string {
    return `kernel_size=${show(this.kernel_size)}, stride=${show(this.stride)}, padding=${show(this.padding)}`;
  }
}
