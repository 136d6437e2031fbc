// torch.distributions.Bernoulli (PyTorch's torch/distributions/bernoulli.py).

import type { Tensor } from '../tensor/tensor.js';
import { no_grad } from '../autograd/grad_mode.js';
import * as torch from '../api/torch.js';
import { functional_binary_cross_entropy_with_logits as bce } from '../ops/loss.js';
import * as constraints from './constraints.js';
import {
  Distribution,
  broadcast_all,
  checkOpts,
  logits_to_probs,
  probs_to_logits,
  splitDistOpts,
  type DistributionOpts,
} from './distribution.js';
import { shapeArg, tensorValue } from './distribution.js';

/** Bernoulli(probs) or Bernoulli(null, logits) / Bernoulli({ logits }): 1 with probability probs. */
export class Bernoulli extends Distribution {
  /** The parameter given (probs or logits). */
  _param: Tensor;

  constructor(probs?: Tensor | number | null, logits?: Tensor | number | null, opts?: DistributionOpts);
  constructor(opts: DistributionOpts & { probs?: Tensor | number | null; logits?: Tensor | number | null });
  constructor(...args: unknown[]) {
    super();
    const [[p0, l0], opts] = splitDistOpts(args, 'Bernoulli', 2);
    checkOpts('Bernoulli', opts, ['validate_args', 'probs', 'logits']);
    const o = opts as { probs?: unknown; logits?: unknown };
    const probs = p0 ?? o.probs ?? null;
    const logits = l0 ?? o.logits ?? null;
    if ((probs === null) === (logits === null)) {
      throw new RangeError('Either `probs` or `logits` must be specified, but not both.');
    }
    const given = probs ?? logits;
    const [t] = broadcast_all(given);
    this._params[probs !== null ? 'probs' : 'logits'] = t;
    this._param = t;
    this._init(typeof given === 'number' ? [] : t.shape, [], opts.validate_args);
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
  get param_shape(): readonly number[] {
    return this._param.shape;
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.unit_interval, logits: constraints.real };
  }
  override get support(): constraints.Constraint {
    return constraints.boolean;
  }
  override get has_enumerate_support(): boolean {
    return true;
  }
  override get mean(): Tensor {
    return this.probs;
  }
  override get mode(): Tensor {
    const mode = this.probs.ge(0.5).to(this.probs);
    return mode.masked_fill(this.probs.eq(0.5), NaN);
  }
  override get variance(): Tensor {
    return this.probs.mul(torch.rsub(this.probs, 1));
  }

  override expand(batch_shape: readonly number[]): Bernoulli {
    batch_shape = shapeArg('Bernoulli.expand()', batch_shape);
    const b = [...batch_shape];
    const params: Record<string, Tensor> = {};
    for (const k of ['probs', 'logits']) if (k in this._params) params[k] = this._params[k].expand(b);
    const d = this._expanded(b, params);
    d._param = 'logits' in params ? params.logits : params.probs;
    return d;
  }

  override sample(sample_shape: readonly number[] = []): Tensor {
    const shape = [...this._extended_shape(sample_shape)];
    return no_grad(() => torch.bernoulli(this.probs.expand(shape)));
  }

  override log_prob(value: Tensor): Tensor {
    value = tensorValue('Bernoulli', 'log_prob', value);
    if (this._validate_args) this._validate_sample(value);
    const [logits, v] = broadcast_all(this.logits, value);
    return bce(logits, v, { reduction: 'none' }).neg();
  }

  override entropy(): Tensor {
    return bce(this.logits, this.probs, { reduction: 'none' });
  }

  override enumerate_support(expand = true): Tensor {
    let values = torch.arange(2, { dtype: this._param.dtype });
    values = values.view([-1, ...this._batch_shape.map(() => 1)]);
    if (expand) values = values.expand([-1, ...this._batch_shape]);
    return values;
  }
}
