// torch.distributions.Uniform (PyTorch's torch/distributions/uniform.py).

import type { Tensor } from '../tensor/tensor.js';
import * as torch from '../api/torch.js';
import * as constraints from './constraints.js';
import { Distribution, broadcast_all, checkOpts, splitDistOpts, type DistributionOpts } from './distribution.js';
import { shapeArg, tensorValue } from './distribution.js';

const LOW_HIGH = new constraints._Dependent(false, 0);

/** Uniform(low, high): uniformly distributed on the half-open interval [low, high). */
export class Uniform extends Distribution {
  constructor(low: Tensor | number, high: Tensor | number, opts?: DistributionOpts);
  constructor(...args: unknown[]) {
    super();
    const [[low, high], opts] = splitDistOpts(args, 'Uniform', 2);
    checkOpts('Uniform', opts, ['validate_args', 'low', 'high']);
    const o = opts as { low?: unknown; high?: unknown };
    const l = low ?? o.low;
    const h = high ?? o.high;
    [this._params.low, this._params.high] = broadcast_all(l, h);
    const batch = typeof l === 'number' && typeof h === 'number' ? [] : this.low.shape;
    this._init(batch, [], opts.validate_args);
    if (this._validate_args && !this.low.lt(this.high).all().item()) {
      throw new RangeError('Uniform is not defined when low>= high');
    }
  }

  get low(): Tensor {
    return this._params.low;
  }
  get high(): Tensor {
    return this._params.high;
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { low: LOW_HIGH, high: LOW_HIGH };
  }
  override get support(): constraints.Constraint {
    return constraints.interval(this.low, this.high);
  }
  override get has_rsample(): boolean {
    return true;
  }
  override get mean(): Tensor {
    return this.high.add(this.low).div(2);
  }
  override get mode(): Tensor {
    return this.high.mul(NaN);
  }
  override get stddev(): Tensor {
    return this.high.sub(this.low).div(12 ** 0.5);
  }
  override get variance(): Tensor {
    return this.high.sub(this.low).pow(2).div(12);
  }

  override expand(batch_shape: readonly number[]): Uniform {
    batch_shape = shapeArg('Uniform.expand()', batch_shape);
    const b = [...batch_shape];
    return this._expanded(b, { low: this.low.expand(b), high: this.high.expand(b) });
  }

  override rsample(sample_shape: readonly number[] = []): Tensor {
    const shape = [...this._extended_shape(sample_shape)];
    const rand = torch.rand(shape, { dtype: this.low.dtype });
    return this.low.add(rand.mul(this.high.sub(this.low)));
  }

  override log_prob(value: Tensor): Tensor {
    value = tensorValue('Uniform', 'log_prob', value);
    if (this._validate_args) this._validate_sample(value);
    const lb = this.low.le(value).type_as(this.low);
    const ub = this.high.gt(value).type_as(this.low);
    return lb.mul(ub).log().sub(this.high.sub(this.low).log());
  }

  override cdf(value: Tensor): Tensor {
    value = tensorValue('Uniform', 'cdf', value);
    if (this._validate_args) this._validate_sample(value);
    return value.sub(this.low).div(this.high.sub(this.low)).clamp(0, 1);
  }

  override icdf(value: Tensor): Tensor {
    value = tensorValue('Uniform', 'icdf', value);
    return value.mul(this.high.sub(this.low)).add(this.low);
  }

  override entropy(): Tensor {
    return this.high.sub(this.low).log();
  }
}
