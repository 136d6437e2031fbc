// Activation and regularisation modules: each is its nn.functional counterpart as a Module.

import type { Tensor } from '../tensor/tensor.js';
import {
  alpha_dropout,
  celu,
  dropout,
  dropout1d,
  dropout2d,
  elu,
  gelu,
  glu,
  hardshrink,
  hardsigmoid,
  hardswish,
  hardtanh,
  leaky_relu,
  log_softmax,
  logsigmoid,
  mish,
  prelu,
  relu,
  relu6,
  selu,
  sigmoid,
  silu,
  softmax,
  softmin,
  softplus,
  softshrink,
  softsign,
  tanh,
  tanhshrink,
  threshold,
} from '../api/functional.js';
import { flatten, unflatten } from '../api/torch.js';
import type { CallArgs } from '../ops/declare.js';
import type { DType } from '../tensor/dtype.js';
import { full } from '../tensor/creation.js';
import { Parameter } from './parameter.js';
import { Module } from './module.js';
import { checkCall } from '../ops/signature.js';
import { pyFloat } from '../tensor/format.js';
import { pyStr } from '../tensor/argcheck.js';

/** A constructor's lone argument given positionally or as PyTorch's keyword in an options object. */
function option<T>(v: T | Record<string, T | undefined> | undefined, key: string, fallback: T): T {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    return ((v as Record<string, T | undefined>)[key] ?? fallback) as T;
  }
  return (v ?? fallback) as T;
}

export class ReLU extends Module {
  readonly inplace: boolean;

  constructor(inplace?: boolean | { inplace?: boolean }) {
    checkCall('ReLU(bool inplace=False)', [inplace]);
    super();
    this.inplace = option(inplace, 'inplace', false);
  }

  forward(input: Tensor): Tensor {
    return relu(input, this.inplace);
  }

  extra_repr(): string {
    return this.inplace ? 'inplace=True' : '';
  }
}

export class GELU extends Module {
  readonly approximate: string;

  constructor(approximate?: string | { approximate?: string }) {
    checkCall("GELU(str approximate='none')", [approximate]);
    super();
    this.approximate = option(approximate, 'approximate', 'none');
  }

  forward(input: Tensor): Tensor {
    return gelu(input, { approximate: this.approximate });
  }

  extra_repr(): string {
    return `approximate='${this.approximate}'`;
  }
}

export class SiLU extends Module {
  forward(input: Tensor): Tensor {
    return silu(input);
  }
}

export class Sigmoid extends Module {
  forward(input: Tensor): Tensor {
    return sigmoid(input);
  }
}

export class Tanh extends Module {
  forward(input: Tensor): Tensor {
    return tanh(input);
  }
}

export class Softmax extends Module {
  readonly dim: number | null;

  constructor(dim?: number | null | { dim?: number | null }) {
    checkCall('Softmax(int? dim=None)', [dim]);
    super();
    this.dim = option<number | null>(dim, 'dim', null);
  }

  forward(input: Tensor): Tensor {
    return softmax(input, this.dim);
  }

  extra_repr(): string {
    return `dim=${this.dim ?? 'None'}`;
  }
}

export class LogSoftmax extends Module {
  readonly dim: number | null;

  constructor(dim?: number | null | { dim?: number | null }) {
    checkCall('LogSoftmax(int? dim=None)', [dim]);
    super();
    this.dim = option<number | null>(dim, 'dim', null);
  }

  forward(input: Tensor): Tensor {
    return log_softmax(input, this.dim);
  }

  extra_repr(): string {
    return `dim=${this.dim ?? 'None'}`;
  }
}

/** Zeroes elements with probability p in training (scaling the rest by 1/(1-p)); identity in eval. */
export class Dropout extends Module {
  readonly p: number;
  readonly inplace: boolean;

  constructor(p?: number | { p?: number; inplace?: boolean }, inplace?: boolean);
  constructor(p: number, opts: { inplace?: boolean });
  constructor(...args: unknown[]) {
    // The bound arguments: an options object may follow p (new Dropout(0.2, { inplace: true })).
    const [p, inplace] = checkCall('Dropout(float p=0.5, bool inplace=False)', args);
    super();
    this.p = (p as number | undefined) ?? 0.5;
    this.inplace = (inplace as boolean | undefined) ?? false;
    if (!(this.p >= 0 && this.p <= 1)) {
      throw new RangeError(`dropout probability has to be between 0 and 1, but got ${pyFloat(this.p)}`);
    }
  }

  forward(input: Tensor): Tensor {
    return dropout(input, this.p, { training: this.training, inplace: this.inplace });
  }

  extra_repr(): string {
    // Python prints p as given; JavaScript cannot tell 0 from 0.0, so integers print as ints.
    const p = Number.isInteger(this.p) ? String(this.p) : pyFloat(this.p);
    return `p=${p}, inplace=${this.inplace ? 'True' : 'False'}`;
  }
}

export class Flatten extends Module {
  readonly start_dim: number;
  readonly end_dim: number;

  constructor(start_dim?: number | { start_dim?: number; end_dim?: number }, end_dim?: number);
  constructor(start_dim: number, opts: { end_dim?: number });
  constructor(...args: unknown[]) {
    // The bound arguments: an options object may follow start_dim (new Flatten(0, { end_dim: 2 })).
    const [start, end] = checkCall('Flatten(int start_dim=1, int end_dim=-1)', args);
    super();
    this.start_dim = (start as number | undefined) ?? 1;
    this.end_dim = (end as number | undefined) ?? -1;
  }

  forward(input: Tensor): Tensor {
    return flatten(input, this.start_dim, this.end_dim);
  }

  extra_repr(): string {
    return `start_dim=${this.start_dim}, end_dim=${this.end_dim}`;
  }
}

// ---------------------------------------------------------------- more activations
// Constructors take PyTorch's parameters in position or as the options object (checkCall binds
// them); each forward is its nn.functional counterpart.

type Args<P extends unknown[]> = CallArgs<P>;
const pyBool = (b: boolean): string => (b ? 'True' : 'False');
const inplaceRepr = (inplace: boolean): string => (inplace ? 'inplace=True' : '');

export class LeakyReLU extends Module {
  readonly negative_slope: number;
  readonly inplace: boolean;

  constructor(...args: Args<[negative_slope?: number, inplace?: boolean]>) {
    const [slope, inplace] = checkCall('LeakyReLU(float negative_slope=0.01, bool inplace=False)', args);
    super();
    this.negative_slope = (slope as number | undefined) ?? 0.01;
    this.inplace = (inplace as boolean | undefined) ?? false;
  }

  forward(input: Tensor): Tensor {
    return leaky_relu(input, this.negative_slope, this.inplace);
  }

  extra_repr(): string {
    return `negative_slope=${pyFloat(this.negative_slope)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

export class ELU extends Module {
  readonly alpha: number;
  readonly inplace: boolean;

  constructor(...args: Args<[alpha?: number, inplace?: boolean]>) {
    const [alpha, inplace] = checkCall('ELU(float alpha=1.0, bool inplace=False)', args);
    super();
    this.alpha = (alpha as number | undefined) ?? 1;
    this.inplace = (inplace as boolean | undefined) ?? false;
  }

  forward(input: Tensor): Tensor {
    return elu(input, this.alpha, this.inplace);
  }

  extra_repr(): string {
    return `alpha=${pyFloat(this.alpha)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

export class CELU extends Module {
  readonly alpha: number;
  readonly inplace: boolean;

  constructor(...args: Args<[alpha?: number, inplace?: boolean]>) {
    const [alpha, inplace] = checkCall('CELU(float alpha=1.0, bool inplace=False)', args);
    super();
    this.alpha = (alpha as number | undefined) ?? 1;
    this.inplace = (inplace as boolean | undefined) ?? false;
  }

  forward(input: Tensor): Tensor {
    return celu(input, this.alpha, this.inplace);
  }

  extra_repr(): string {
    return `alpha=${pyFloat(this.alpha)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

/** The activations whose only parameter is `inplace`. */
abstract class InplaceActivation extends Module {
  readonly inplace: boolean;

  constructor(...args: Args<[inplace?: boolean]>) {
    const [inplace] = checkCall(`${new.target.name}(bool inplace=False)`, args);
    super();
    this.inplace = (inplace as boolean | undefined) ?? false;
  }

  abstract forward(input: Tensor): Tensor;

  extra_repr(): string {
    return inplaceRepr(this.inplace);
  }
}

export class SELU extends InplaceActivation {
  forward(input: Tensor): Tensor {
    return selu(input, this.inplace);
  }
}

export class ReLU6 extends InplaceActivation {
  forward(input: Tensor): Tensor {
    return relu6(input, this.inplace);
  }
}

export class Hardsigmoid extends InplaceActivation {
  forward(input: Tensor): Tensor {
    return hardsigmoid(input, this.inplace);
  }
}

export class Hardswish extends InplaceActivation {
  forward(input: Tensor): Tensor {
    return hardswish(input, this.inplace);
  }
}

export class Mish extends InplaceActivation {
  forward(input: Tensor): Tensor {
    return mish(input, this.inplace);
  }
}

export class Softplus extends Module {
  readonly beta: number;
  readonly threshold: number;

  constructor(...args: Args<[beta?: number, threshold?: number]>) {
    const [beta, threshold] = checkCall('Softplus(Scalar beta=1, Scalar threshold=20)', args);
    super();
    this.beta = (beta as number | undefined) ?? 1;
    this.threshold = (threshold as number | undefined) ?? 20;
  }

  forward(input: Tensor): Tensor {
    return softplus(input, this.beta, this.threshold);
  }

  extra_repr(): string {
    // PyTorch 1.13's defaults are ints (beta=1, threshold=20); integers print as ints.
    return `beta=${this.beta}, threshold=${this.threshold}`;
  }
}

export class Hardtanh extends Module {
  readonly min_val: number;
  readonly max_val: number;
  readonly inplace: boolean;

  constructor(...args: Args<[min_val?: number, max_val?: number, inplace?: boolean]>) {
    const [min, max, inplace] = checkCall(
      'Hardtanh(float min_val=-1.0, float max_val=1.0, bool inplace=False, float? min_value=None, float? max_value=None)',
      args,
    );
    super();
    this.min_val = (min as number | undefined) ?? -1;
    this.max_val = (max as number | undefined) ?? 1;
    this.inplace = (inplace as boolean | undefined) ?? false;
    if (!(this.max_val > this.min_val)) throw new Error('AssertionError: max_val must be greater than min_val');
  }

  forward(input: Tensor): Tensor {
    return hardtanh(input, this.min_val, this.max_val, this.inplace);
  }

  extra_repr(): string {
    return `min_val=${pyFloat(this.min_val)}, max_val=${pyFloat(this.max_val)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

export class Softsign extends Module {
  forward(input: Tensor): Tensor {
    return softsign(input);
  }
}

export class LogSigmoid extends Module {
  forward(input: Tensor): Tensor {
    return logsigmoid(input);
  }
}

export class Tanhshrink extends Module {
  forward(input: Tensor): Tensor {
    return tanhshrink(input);
  }
}

export class Softmin extends Module {
  readonly dim: number | null;

  constructor(...args: Args<[dim?: number | null]>) {
    const [dim] = checkCall('Softmin(int? dim=None)', args);
    super();
    this.dim = (dim as number | null | undefined) ?? null;
  }

  forward(input: Tensor): Tensor {
    return softmin(input, this.dim);
  }

  extra_repr(): string {
    return `dim=${this.dim ?? 'None'}`;
  }
}

export class GLU extends Module {
  readonly dim: number;

  constructor(...args: Args<[dim?: number]>) {
    const [dim] = checkCall('GLU(int dim=-1)', args);
    super();
    this.dim = (dim as number | undefined) ?? -1;
  }

  forward(input: Tensor): Tensor {
    return glu(input, this.dim);
  }

  extra_repr(): string {
    return `dim=${this.dim}`;
  }
}

/** Python's repr of a tuple of ints (or None): (2, 5), (5,). */
export function pyTuple(v: readonly (number | null)[]): string {
  const items = v.map((x) => (x === null ? 'None' : typeof x === 'number' ? String(x) : pyStr(x)));
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

export class Unflatten extends Module {
  readonly dim: number;
  readonly unflattened_size: number[];

  constructor(...args: Args<[dim: number, unflattened_size: readonly number[]]>) {
    const [dim, sizes] = checkCall('Unflatten(int dim, int[] unflattened_size)', args);
    super();
    this.dim = dim as number;
    this.unflattened_size = [...(sizes as number[])];
  }

  forward(input: Tensor): Tensor {
    return unflatten(input, this.dim, this.unflattened_size);
  }

  extra_repr(): string {
    return `dim=${this.dim}, unflattened_size=${pyTuple(this.unflattened_size)}`;
  }
}

// ---------------------------------------------------------------- channel-wise and alpha dropout

export abstract class DropoutVariant extends Module {
  readonly p: number;
  readonly inplace: boolean;

  constructor(...args: Args<[p?: number, inplace?: boolean]>) {
    const [p, inplace] = checkCall(`${new.target.name}(float p=0.5, bool inplace=False)`, args);
    super();
    this.p = (p as number | undefined) ?? 0.5;
    this.inplace = (inplace as boolean | undefined) ?? false;
    if (!(this.p >= 0 && this.p <= 1)) {
      throw new RangeError(`dropout probability has to be between 0 and 1, but got ${pyFloat(this.p)}`);
    }
  }

  abstract forward(input: Tensor): Tensor;

  extra_repr(): string {
    const p = Number.isInteger(this.p) ? String(this.p) : pyFloat(this.p);
    return `p=${p}, inplace=${pyBool(this.inplace)}`;
  }
}

/** Zeroes whole channels of [N, C, L] or [C, L] inputs in training. */
export class Dropout1d extends DropoutVariant {
  forward(input: Tensor): Tensor {
    return dropout1d(input, this.p, this.training, this.inplace);
  }
}

/** Zeroes whole channels of [N, C, H, W] inputs in training. */
export class Dropout2d extends DropoutVariant {
  forward(input: Tensor): Tensor {
    return dropout2d(input, this.p, this.training, this.inplace);
  }
}

/** Dropout that keeps SELU's self-normalising mean and variance. */
export class AlphaDropout extends DropoutVariant {
  forward(input: Tensor): Tensor {
    return alpha_dropout(input, this.p, this.training, this.inplace);
  }
}

// ---------------------------------------------------------------- threshold, shrinks, PReLU

export class Threshold extends Module {
  readonly threshold: number;
  readonly value: number;
  readonly inplace: boolean;

  constructor(...args: Args<[threshold: number, value: number, inplace?: boolean]>) {
    const [t, v, inplace] = checkCall('Threshold(float threshold, float value, bool inplace=False)', args);
    super();
    this.threshold = t as number;
    this.value = v as number;
    this.inplace = (inplace as boolean | undefined) ?? false;
  }

  forward(input: Tensor): Tensor {
    return threshold(input, this.threshold, this.value, this.inplace);
  }

  extra_repr(): string {
    // Python prints the numbers as given; JavaScript cannot tell 20 from 20.0, so integers print as ints.
    return `threshold=${this.threshold}, value=${this.value}${this.inplace ? ', inplace=True' : ''}`;
  }
}

export class Hardshrink extends Module {
  readonly lambd: number;

  constructor(...args: Args<[lambd?: number]>) {
    const [lambd] = checkCall('Hardshrink(float lambd=0.5)', args);
    super();
    this.lambd = (lambd as number | undefined) ?? 0.5;
  }

  forward(input: Tensor): Tensor {
    return hardshrink(input, this.lambd);
  }

  extra_repr(): string {
    return pyFloat(this.lambd);
  }
}

export class Softshrink extends Module {
  readonly lambd: number;

  constructor(...args: Args<[lambd?: number]>) {
    const [lambd] = checkCall('Softshrink(float lambd=0.5)', args);
    super();
    this.lambd = (lambd as number | undefined) ?? 0.5;
  }

  forward(input: Tensor): Tensor {
    return softshrink(input, this.lambd);
  }

  extra_repr(): string {
    return pyFloat(this.lambd);
  }
}

/** x > 0 ? x : a x, with a learnt slope a (one, or one per channel), initialised to `init`. */
export class PReLU extends Module {
  readonly num_parameters: number;
  weight: Parameter;

  constructor(...args: Args<[num_parameters?: number, init?: number, device?: string | null, dtype?: DType | null]>) {
    const [n, initValue, , dtype] = checkCall(
      'PReLU(int num_parameters=1, float init=0.25, Device? device=None, ScalarType? dtype=None)',
      args,
    );
    super();
    this.num_parameters = (n as number | undefined) ?? 1;
    this.weight = new Parameter(
      full([this.num_parameters], (initValue as number | undefined) ?? 0.25, {
        dtype: (dtype as DType | null | undefined) ?? undefined,
      }),
    );
  }

  forward(input: Tensor): Tensor {
    return prelu(input, this.weight);
  }

  extra_repr(): string {
    return `num_parameters=${this.num_parameters}`;
  }
}
