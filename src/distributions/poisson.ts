// torch.distributions.Poisson (PyTorch's torch/distributions/poisson.py).

import type { Tensor } from '../tensor/tensor.js';
import { no_grad } from '../autograd/grad_mode.js';
import * as constraints from './constraints.js';
import { Distribution, broadcast_all, checkOpts, splitDistOpts, type DistributionOpts } from './distribution.js';
import { shapeArg, tensorValue } from './distribution.js';
import { poissonSample } from './sampling.js';

/** Poisson(rate): counts of events at the given rate. */
export class Poisson extends Distribution {
  constructor(rate: Tensor | number, opts?: DistributionOpts);
  constructor(...args: unknown[]) {
    super();
    const [[rate], opts] = splitDistOpts(args, 'Poisson', 1);
    checkOpts('Poisson', opts, ['validate_args', 'rate']);
    const r = rate ?? (opts as { rate?: unknown }).rate;
    [this._params.rate] = broadcast_all(r);
    this._init(typeof r === 'number' ? [] : this.rate.shape, [], opts.validate_args);
  }

  get rate(): Tensor {
    return this._params.rate;
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { rate: constraints.nonnegative };
  }
  override get support(): constraints.Constraint {
    return constraints.nonnegative_integer;
  }
  override get mean(): Tensor {
    return this.rate;
  }
  override get mode(): Tensor {
    return this.rate.floor();
  }
  override get variance(): Tensor {
    return this.rate;
  }

  override expand(batch_shape: readonly number[]): Poisson {
    batch_shape = shapeArg('Poisson.expand()', batch_shape);
    const b = [...batch_shape];
    return this._expanded(b, { rate: this.rate.expand(b) });
  }

  override sample(sample_shape: readonly number[] = []): Tensor {
    const shape = [...this._extended_shape(sample_shape)];
    return no_grad(() => poissonSample(this.rate.expand(shape)));
  }

  override log_prob(value: Tensor): Tensor {
    value = tensorValue('Poisson', 'log_prob', value);
    if (this._validate_args) this._validate_sample(value);
    const [rate, v] = broadcast_all(this.rate, value);
    return v.xlogy(rate).sub(rate).sub(v.add(1).lgamma());
  }
}
