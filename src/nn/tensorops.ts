// nn.RMSNorm (PyTorch 2.4), nn.RReLU, nn.LazyLinear and nn.TripletMarginWithDistanceLoss, over the
// functional forms in src/ops/tensorops_nn.ts.

import type { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { empty, ones } from '../tensor/creation.js';
import { no_grad } from '../autograd/grad_mode.js';
import { rms_norm, rreluImpl, triplet_margin_with_distance_loss } from '../ops/tensorops_nn.js';
import type { CallArgs } from '../ops/declare.js';
import { pyBool, pyFloat } from '../tensor/format.js';
import { bindNamed } from './args.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { Linear } from './linear.js';
import { PairwiseDistance } from './resampling.js';
import * as init from './init.js';

/** nn.RMSNorm(normalized_shape, eps=None, elementwise_affine=True): y = x / sqrt(mean(x²) + eps) * weight. */
export class RMSNorm extends Module {
  readonly normalized_shape: number[];
  readonly eps: number | null;
  readonly elementwise_affine: boolean;
  weight: Parameter | null;

  constructor(
    ...args: CallArgs<
      [
        normalized_shape: number | number[],
        eps?: number | null,
        elementwise_affine?: boolean,
        device?: string | null,
        dtype?: DType | null,
      ]
    >
  ) {
    const a = bindNamed(
      'RMSNorm(int[1] normalized_shape, float? eps=None, bool elementwise_affine=True, Device? device=None, ScalarType? dtype=None)',
      args,
    );
    super();
    const shape = a.normalized_shape as number | number[];
    this.normalized_shape = typeof shape === 'number' ? [shape] : [...shape];
    this.eps = (a.eps as number | null | undefined) ?? null;
    this.elementwise_affine = (a.elementwise_affine as boolean | undefined) ?? true;
    const dtype = (a.dtype as DType | null | undefined) ?? undefined;
    this.weight = this.elementwise_affine ? new Parameter(ones(this.normalized_shape, { dtype })) : null;
  }

  /** Resets the weight to ones. */
  reset_parameters(): void {
    if (this.weight !== null) init.ones_(this.weight);
  }

  forward(input: Tensor): Tensor {
    return rms_norm(input, this.normalized_shape, this.weight, this.eps);
  }

  extra_repr(): string {
    const shape = `(${this.normalized_shape.join(', ')}${this.normalized_shape.length === 1 ? ',' : ''})`;
    const eps = this.eps === null ? 'None' : pyFloat(this.eps);
    return `${shape}, eps=${eps}, elementwise_affine=${pyBool(this.elementwise_affine)}`;
  }
}

/** nn.RReLU(lower=1/8, upper=1/3, inplace=False): random leaky slopes in training, their mean in eval. */
export class RReLU extends Module {
  readonly lower: number;
  readonly upper: number;
  readonly inplace: boolean;

  constructor(...args: CallArgs<[lower?: number, upper?: number, inplace?: boolean]>) {
    const a = bindNamed('RReLU(float lower=0.125, float upper=0.3333333333333333, bool inplace=False)', args);
    super();
    this.lower = (a.lower as number | undefined) ?? 1 / 8;
    this.upper = (a.upper as number | undefined) ?? 1 / 3;
    this.inplace = (a.inplace as boolean | undefined) ?? false;
  }

  forward(input: Tensor): Tensor {
    return rreluImpl(input, this.lower, this.upper, this.training, this.inplace);
  }

  extra_repr(): string {
    return `lower=${pyFloat(this.lower)}, upper=${pyFloat(this.upper)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

/**
 * nn.LazyLinear(out_features, bias=True): a Linear whose in_features is the last dim of the first
 * input it sees. Until then its weight and bias are empty placeholders (PyTorch's
 * UninitializedParameter) and it prints in_features=0; at the first forward they are made and
 * initialized as Linear's reset_parameters does, and the module becomes a Linear (PyTorch's
 * cls_to_become), so it prints as one.
 */
export class LazyLinear extends Module {
  in_features: number;
  readonly out_features: number;
  weight: Parameter;
  bias: Parameter | null;
  private readonly _dtype: DType | undefined;

  constructor(...args: CallArgs<[out_features: number, bias?: boolean, device?: string | null, dtype?: DType | null]>) {
    const a = bindNamed(
      'LazyLinear(int out_features, bool bias=True, Device? device=None, ScalarType? dtype=None)',
      args,
    );
    super();
    this.in_features = 0;
    this.out_features = a.out_features as number;
    this._dtype = (a.dtype as DType | null | undefined) ?? undefined;
    this.weight = new Parameter(empty([0], { dtype: this._dtype }));
    this.bias = a.bias === false ? null : new Parameter(empty([0], { dtype: this._dtype }));
  }

  /** Whether the parameters are still the placeholders of a module that has not run. */
  has_uninitialized_params(): boolean {
    return this.in_features === 0 && this.weight.dim() === 1 && this.weight.numel() === 0;
  }

  /** Makes the parameters for an input whose last dim is in_features (PyTorch's initialize_parameters). */
  initialize_parameters(input: Tensor): void {
    if (!this.has_uninitialized_params()) return;
    const inFeatures = input.shape[input.dim() - 1];
    no_grad(() => {
      this.in_features = inFeatures;
      this.weight = new Parameter(empty([this.out_features, inFeatures], { dtype: this._dtype }));
      if (this.bias !== null) this.bias = new Parameter(empty([this.out_features], { dtype: this._dtype }));
      this.reset_parameters();
    });
    Object.setPrototypeOf(this, Linear.prototype);
  }

  reset_parameters(): void {
    if (this.has_uninitialized_params() || this.in_features === 0) return;
    Linear.prototype.reset_parameters.call(this as unknown as Linear);
  }

  forward(input: Tensor): Tensor {
    if (input.dim() === 0) {
      throw new Error('both arguments to linear need to be at least 1D, but they are 0D and 2D');
    }
    this.initialize_parameters(input);
    return (this as unknown as Linear).forward(input);
  }

  extra_repr(): string {
    return `in_features=${this.in_features}, out_features=${this.out_features}, bias=${this.bias !== null ? 'True' : 'False'}`;
  }
}

type Reduction = 'none' | 'mean' | 'sum';

/** nn.TripletMarginWithDistanceLoss(distance_function=None, margin=1.0, swap=False, reduction='mean'). */
export class TripletMarginWithDistanceLoss extends Module {
  readonly distance_function: ((a: Tensor, b: Tensor) => Tensor) | PairwiseDistance;
  readonly margin: number;
  readonly swap: boolean;
  readonly reduction: Reduction;

  constructor(
    opts: {
      distance_function?: ((a: Tensor, b: Tensor) => Tensor) | null;
      margin?: number;
      swap?: boolean;
      reduction?: Reduction;
    } = {},
  ) {
    const a = bindNamed(
      "TripletMarginWithDistanceLoss(*, Any distance_function=None, float margin=1.0, bool swap=False, str reduction='mean')",
      [opts],
    );
    super();
    // PyTorch keeps a PairwiseDistance() module when no function is given (it prints as a child).
    this.distance_function =
      (a.distance_function as ((x: Tensor, y: Tensor) => Tensor) | null | undefined) ?? new PairwiseDistance();
    this.margin = (a.margin as number | undefined) ?? 1;
    this.swap = (a.swap as boolean | undefined) ?? false;
    this.reduction = (a.reduction as Reduction | undefined) ?? 'mean';
  }

  forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return triplet_margin_with_distance_loss(anchor, positive, negative, {
      distance_function:
        this.distance_function instanceof PairwiseDistance
          ? (x: Tensor, y: Tensor): Tensor => (this.distance_function as PairwiseDistance).forward(x, y)
          : this.distance_function,
      margin: this.margin,
      swap: this.swap,
      reduction: this.reduction,
    });
  }
}
