// ConvTranspose1d and ConvTranspose2d: PyTorch's constructors (in position or in the options
// object), initialisation (kaiming_uniform_(a=√5) on the [in, out/groups, *k] weight), repr, and
// forward's output_size (resolved to an output_padding as PyTorch's _output_padding does).

import type { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { empty } from '../tensor/creation.js';
import { conv_transpose1d, conv_transpose2d } from '../api/functional.js';
import type { CallArgs } from '../ops/declare.js';
import { bindNamed } from './args.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import * as init from './init.js';

type Sizes = number | readonly number[];

const tuple = (v: readonly number[]): string => `(${v.join(', ')}${v.length === 1 ? ',' : ''})`;
const pyList = (v: readonly number[]): string => `[${v.join(', ')}]`;

export abstract class ConvTransposeNd extends Module {
  readonly in_channels: number;
  readonly out_channels: number;
  readonly kernel_size: number[];
  readonly stride: number[];
  readonly padding: number[];
  readonly output_padding: number[];
  readonly dilation: number[];
  readonly groups: number;
  readonly padding_mode: string;
  readonly transposed = true;
  weight: Parameter;
  bias: Parameter | null;

  protected constructor(nd: number, name: string, args: readonly unknown[]) {
    const a = bindNamed(
      `${name}(int in_channels, int out_channels, int[${nd}] kernel_size, int[${nd}] stride=1, int[${nd}] padding=0, int[${nd}] output_padding=0, int groups=1, bool bias=True, int[${nd}] dilation=1, str padding_mode='zeros', Device? device=None, ScalarType? dtype=None)`,
      args,
    );
    const nTuple = (v: unknown, d: number): number[] => {
      const x = v === undefined ? d : (v as Sizes);
      return typeof x === 'number' ? Array<number>(nd).fill(x) : x.length === 1 ? Array<number>(nd).fill(x[0]) : [...x];
    };
    super();
    this.in_channels = a.in_channels as number;
    this.out_channels = a.out_channels as number;
    this.kernel_size = nTuple(a.kernel_size, 1);
    this.stride = nTuple(a.stride, 1);
    this.padding = nTuple(a.padding, 0);
    this.output_padding = nTuple(a.output_padding, 0);
    this.dilation = nTuple(a.dilation, 1);
    this.groups = (a.groups as number | undefined) ?? 1;
    this.padding_mode = (a.padding_mode as string | undefined) ?? 'zeros';
    if (this.groups <= 0) throw new RangeError('groups must be a positive integer');
    if (this.in_channels % this.groups !== 0) throw new RangeError('in_channels must be divisible by groups');
    if (this.out_channels % this.groups !== 0) throw new RangeError('out_channels must be divisible by groups');
    if (!['zeros', 'reflect', 'replicate', 'circular'].includes(this.padding_mode)) {
      throw new RangeError(
        `padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='${this.padding_mode}'`,
      );
    }
    if (this.padding_mode !== 'zeros') {
      throw new RangeError(`Only "zeros" padding mode is supported for ${name}`);
    }
    const dtype = (a.dtype as DType | null | undefined) ?? undefined;
    this.weight = new Parameter(
      empty([this.in_channels, this.out_channels / this.groups, ...this.kernel_size], { dtype }),
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

  /** PyTorch's _output_padding: the output_padding that gives the requested output size. */
  protected _outputPadding(
    input: Tensor,
    arg: readonly number[] | { output_size?: readonly number[] | null } | null | undefined,
  ): number[] {
    const output_size =
      arg !== null && arg !== undefined && !Array.isArray(arg)
        ? (arg as { output_size?: readonly number[] | null }).output_size
        : (arg as readonly number[] | null | undefined);
    if (output_size === null || output_size === undefined) return this.output_padding;
    const nd = this.kernel_size.length;
    const batched = input.dim() === nd + 2;
    const nonSpatial = batched ? 2 : 1;
    let size = [...output_size];
    if (size.length === nonSpatial + nd) size = size.slice(nonSpatial);
    if (size.length !== nd) {
      throw new RangeError(
        `ConvTranspose${nd}D: for ${input.dim()}D input, output_size must have ${nd} or ${nonSpatial + nd} elements (got ${output_size.length})`,
      );
    }
    const spatial = input.shape.slice(input.dim() - nd);
    const min = spatial.map(
      (s, d) => (s - 1) * this.stride[d] - 2 * this.padding[d] + this.dilation[d] * (this.kernel_size[d] - 1) + 1,
    );
    const max = min.map((m, d) => m + this.stride[d] - 1);
    if (size.some((s, d) => s < min[d] || s > max[d])) {
      throw new RangeError(
        `requested an output size of ${pyList(size)}, but valid sizes range from ${pyList(min)} to ${pyList(max)} (for an input of torch.Size(${pyList(spatial)}))`,
      );
    }
    return size.map((s, d) => s - min[d]);
  }

  extra_repr(): string {
    const nd = this.kernel_size.length;
    const all = (v: number[], x: number): boolean => v.every((e) => e === x);
    let s = `${this.in_channels}, ${this.out_channels}, kernel_size=${tuple(this.kernel_size)}, stride=${tuple(this.stride)}`;
    if (!all(this.padding, 0)) s += `, padding=${tuple(this.padding)}`;
    if (!all(this.dilation, 1)) s += `, dilation=${tuple(this.dilation)}`;
    if (!all(this.output_padding, 0) || this.output_padding.length !== nd) {
      s += `, output_padding=${tuple(this.output_padding)}`;
    }
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ', bias=False';
    if (this.padding_mode !== 'zeros') s += `, padding_mode=${this.padding_mode}`;
    return s;
  }
}

type CtorArgs = CallArgs<
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

export class ConvTranspose2d extends ConvTransposeNd {
  constructor(...args: CtorArgs) {
    super(2, 'ConvTranspose2d', args);
  }

  forward(input: Tensor, output_size?: readonly number[] | { output_size?: readonly number[] | null } | null): Tensor {
    const output_padding = this._outputPadding(input, output_size);
    return conv_transpose2d(
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

export class ConvTranspose1d extends ConvTransposeNd {
  constructor(...args: CtorArgs) {
    super(1, 'ConvTranspose1d', args);
  }

  forward(input: Tensor, output_size?: readonly number[] | { output_size?: readonly number[] | null } | null): Tensor {
    const output_padding = this._outputPadding(input, output_size);
    return conv_transpose1d(
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
