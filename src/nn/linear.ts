// Linear layers.

import type { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { empty } from '../tensor/creation.js';
import { linear } from '../api/functional.js';
import { Module } from './module.js';
import type { CallArgs } from '../ops/declare.js';
import { bindNamed } from './args.js';
import { Parameter } from './parameter.js';
import * as init from './init.js';

export class Linear extends Module {
  readonly in_features: number;
  readonly out_features: number;
  weight: Parameter;
  bias: Parameter | null;

  constructor(
    ...args: CallArgs<
      [in_features: number, out_features: number, bias?: boolean, device?: string | null, dtype?: DType | null]
    >
  ) {
    const a = bindNamed(
      'Linear(int in_features, int out_features, bool bias=True, Device? device=None, ScalarType? dtype=None)',
      args,
    );
    super();
    const in_features = a.in_features as number;
    const out_features = a.out_features as number;
    const dtype = (a.dtype as DType | null | undefined) ?? undefined;
    this.in_features = in_features;
    this.out_features = out_features;
    this.weight = new Parameter(empty([out_features, in_features], { dtype }));
    this.bias = a.bias === false ? null : new Parameter(empty([out_features], { dtype }));
    this.reset_parameters();
  }

  /** PyTorch's default: kaiming_uniform_(a=√5) on the weight, U(±1/√fan_in) on the bias. */
  reset_parameters(): void {
    init.kaiming_uniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias) {
      const fanIn = this.in_features;
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      init.uniform_(this.bias, -bound, bound);
    }
  }

  forward(input: Tensor): Tensor {
    return linear(input, this.weight, this.bias);
  }

  extra_repr(): string {
    return `in_features=${this.in_features}, out_features=${this.out_features}, bias=${this.bias !== null ? 'True' : 'False'}`;
  }
}

export class Identity extends Module {
  forward(input: Tensor): Tensor {
    return input;
  }
}
