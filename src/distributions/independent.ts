// torch.distributions.Independent (PyTorch's torch/distributions/independent.py).

import type { Tensor } from '../tensor/tensor.js';
import * as constraints from './constraints.js';
import { notImplemented } from './errors.js';
import { Distribution, _sum_rightmost, checkOpts, splitDistOpts, type DistributionOpts } from './distribution.js';
import { shapeArg, tensorValue } from './distribution.js';

/** Independent(base_distribution, reinterpreted_batch_ndims): batch dims reinterpreted as event dims. */
export class Independent extends Distribution {
  base_dist: Distribution;
  reinterpreted_batch_ndims: number;

  constructor(base_distribution: Distribution, reinterpreted_batch_ndims: number, opts?: DistributionOpts);
  constructor(...args: unknown[]) {
    super();
    const [[base, n], opts] = splitDistOpts(args, 'Independent', 2);
    checkOpts('Independent', opts, ['validate_args']);
    if (!(base instanceof Distribution)) {
      throw new TypeError(`Independent(): argument 'base_distribution' must be a Distribution`);
    }
    if (!Number.isInteger(n)) throw new TypeError(`Independent(): argument 'reinterpreted_batch_ndims' must be int`);
    const ndims = n as number;
    if (ndims > base.batch_shape.length) {
      throw new RangeError(
        `Expected reinterpreted_batch_ndims <= len(base_distribution.batch_shape), actual ${ndims} vs ${base.batch_shape.length}`,
      );
    }
    const shape = [...base.batch_shape, ...base.event_shape];
    const eventDim = ndims + base.event_shape.length;
    this.base_dist = base;
    this.reinterpreted_batch_ndims = ndims;
    this._init(shape.slice(0, shape.length - eventDim), shape.slice(shape.length - eventDim), opts.validate_args);
  }

  override get arg_constraints(): Record<string, constraints.Constraint> {
    return {};
  }
  override get has_rsample(): boolean {
    return this.base_dist.has_rsample;
  }
  override get has_enumerate_support(): boolean {
    if (this.reinterpreted_batch_ndims > 0) return false;
    return this.base_dist.has_enumerate_support;
  }
  override get support(): constraints.Constraint {
    const result = this.base_dist.support;
    return this.reinterpreted_batch_ndims ? constraints.independent(result, this.reinterpreted_batch_ndims) : result;
  }
  override get mean(): Tensor {
    return this.base_dist.mean;
  }
  override get mode(): Tensor {
    return this.base_dist.mode;
  }
  override get variance(): Tensor {
    return this.base_dist.variance;
  }

  override expand(batch_shape: readonly number[]): Independent {
    batch_shape = shapeArg('Independent.expand()', batch_shape);
    const b = [...batch_shape];
    const d = this._expanded(b, {});
    d.base_dist = this.base_dist.expand([...b, ...this._event_shape.slice(0, this.reinterpreted_batch_ndims)]);
    d.reinterpreted_batch_ndims = this.reinterpreted_batch_ndims;
    return d;
  }

  override sample(sample_shape: readonly number[] = []): Tensor {
    return this.base_dist.sample(sample_shape);
  }
  override rsample(sample_shape: readonly number[] = []): Tensor {
    return this.base_dist.rsample(sample_shape);
  }
  override log_prob(value: Tensor): Tensor {
    value = tensorValue('Independent', 'log_prob', value);
    return _sum_rightmost(this.base_dist.log_prob(value), this.reinterpreted_batch_ndims);
  }
  override entropy(): Tensor {
    return _sum_rightmost(this.base_dist.entropy(), this.reinterpreted_batch_ndims);
  }
  override enumerate_support(expand = true): Tensor {
    if (this.reinterpreted_batch_ndims > 0) {
      throw notImplemented('Enumeration over cartesian product is not implemented');
    }
    return this.base_dist.enumerate_support(expand);
  }

  override toString(): string {
    return `Independent(${this.base_dist.toString()}, ${this.reinterpreted_batch_ndims})`;
  }
}
