// torch.distributions.Geometric (PyTorch's torch/distributions/geometric.py).

import type { Tensor } from '../tensor/tensor.js';
import { no_grad } from '../autograd/grad_mode.js';
import * as torch from '../api/torch.js';
import { functional_binary_cross_entropy_with_logits as bce } from '../ops/loss.js';
import * as constraints from './constraints.js';
import {
  Distribution,
  broadcast_all,
  checkOpts,
  finfo,
  logits_to_probs,
  probs_to_logits,
  pyTuple,
  splitDistOpts,
  type DistributionOpts,
} from './distribution.js';
import { shapeArg, tensorValue } from './distribution.js';

/** Geometric(probs) / ({ logits }): the number of failures before the first success. */
export class Geometric extends Distribution {
  constructor(probs?: Tensor | number | null, logits?: Tensor | number | null, opts?: DistributionOpts);
  constructor(opts: DistributionOpts & { probs?: Tensor | number | null; logits?: Tensor | number | null });
  constructor(...args: unknown[]) {
    super();
    const [[p0, l0], opts] = splitDistOpts(args, 'Geometric', 2);
    checkOpts('Geometric', opts, ['validate_args', 'probs', 'logits']);
    const o = opts as { probs?: unknown; logits?: unknown };
    const probs = p0 ?? o.probs ?? null;
    const logits = l0 ?? o.logits ?? null;
    if ((probs === null) === (logits === null)) {
      throw new RangeError('Either `probs` or `logits` must be specified, but not both.');
    }
    const given = probs ?? logits;
    [this._params[probs !== null ? 'probs' : 'logits']] = broadcast_all(given);
    const t = this._params[probs !== null ? 'probs' : 'logits'];
    this._init(typeof given === 'number' ? [] : t.shape, [], opts.validate_args);
    if (this._validate_args && probs !== null) {
      const value = this.probs;
      const valid = value.gt(0);
      if (!valid.all().item()) {
        throw new RangeError(
          `Expected parameter probs (Tensor of shape ${pyTuple(value.shape)}) of distribution ${this.toString()} ` +
            `to be positive but found invalid values:\n${value.detach().index(valid.logical_not()).toString()}`,
        );
      }
    }
  }

  protected override get _lazy(): readonly string[] {
    return ['probs', 'logits'];
  }
  get probs(): Tensor {
    return this._lazyParam('probs', () => logits_to_probs(this._params.logits, true));
  }
  get logits(): Tensor {
    return this._lazyParam('logits', () => probs_to_logits(this._params.probs, true));
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.unit_interval, logits: constraints.real };
  }
  override get support(): constraints.Constraint {
    return constraints.nonnegative_integer;
  }
  override get mean(): Tensor {
    return this.probs.reciprocal().sub(1);
  }
  override get mode(): Tensor {
    return torch.zeros_like(this.probs);
  }
  override get variance(): Tensor {
    return this.probs.reciprocal().sub(1).div(this.probs);
  }

  override expand(batch_shape: readonly number[]): Geometric {
    batch_shape = shapeArg('Geometric.expand()', batch_shape);
    const b = [...batch_shape];
    const params: Record<string, Tensor> = {};
    for (const k of ['probs', 'logits']) if (k in this._params) params[k] = this._params[k].expand(b);
    return this._expanded(b, params);
  }

  override sample(sample_shape: readonly number[] = []): Tensor {
    const shape = [...this._extended_shape(sample_shape)];
    const tiny = finfo(this.probs.dtype).tiny;
    return no_grad(() => {
      const u = torch.empty(shape, { dtype: this.probs.dtype }).uniform_(tiny, 1);
      return u.log().div(this.probs.neg().log1p()).floor();
    });
  }

  override log_prob(value: Tensor): Tensor {
    value = tensorValue('Geometric', 'log_prob', value);
    if (this._validate_args) this._validate_sample(value);
    const [v, p] = broadcast_all(value, this.probs);
    const probs = p.clone().masked_fill(p.eq(1).logical_and(v.eq(0)), 0);
    return v.mul(probs.neg().log1p()).add(this.probs.log());
  }

  override entropy(): Tensor {
    return bce(this.logits, this.probs, { reduction: 'none' }).div(this.probs);
  }
}
