// torch.distributions.Binomial (PyTorch's torch/distributions/binomial.py).

import type { Tensor } from '../tensor/tensor.js';
import { no_grad } from '../autograd/grad_mode.js';
import * as torch from '../api/torch.js';
import * as constraints from './constraints.js';
import {
  Distribution,
  broadcast_all,
  checkOpts,
  logits_to_probs,
  probs_to_logits,
  shapeArg,
  splitDistOpts,
  tensorValue,
  type DistributionOpts,
} from './distribution.js';
import { notImplemented } from './errors.js';
import { binomialSample } from './sampling.js';

type BinomialOpts = DistributionOpts & {
  total_count?: Tensor | number;
  probs?: Tensor | number | null;
  logits?: Tensor | number | null;
};

const clampByZero = (x: Tensor): Tensor => x.clamp(0).add(x).sub(x.clamp(null, 0)).div(2);

/** Binomial(total_count, probs) / ({ total_count, logits }): successes in total_count trials. */
export class Binomial extends Distribution {
  _param: Tensor;

  constructor(
    total_count?: Tensor | number,
    probs?: Tensor | number | null,
    logits?: Tensor | number | null,
    opts?: DistributionOpts,
  );
  constructor(total_count: Tensor | number, opts: BinomialOpts);
  constructor(opts: BinomialOpts);
  constructor(...args: unknown[]) {
    super();
    const [[n0, p0, l0], opts] = splitDistOpts(args, 'Binomial', 3);
    checkOpts('Binomial', opts, ['validate_args', 'total_count', 'probs', 'logits']);
    const o = opts as BinomialOpts;
    const total = n0 ?? o.total_count ?? 1;
    const probs = p0 ?? o.probs ?? null;
    const logits = l0 ?? o.logits ?? null;
    if ((probs === null) === (logits === null)) {
      throw new RangeError('Either `probs` or `logits` must be specified, but not both.');
    }
    const key = probs !== null ? 'probs' : 'logits';
    const [n, t] = broadcast_all(total, probs ?? logits);
    this._params.total_count = n.type_as(t);
    this._params[key] = t;
    this._param = t;
    this._init(t.shape, [], opts.validate_args);
  }

  protected override get _lazy(): readonly string[] {
    return ['probs', 'logits'];
  }
  get total_count(): Tensor {
    return this._params.total_count;
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
    return {
      total_count: constraints.nonnegative_integer,
      probs: constraints.unit_interval,
      logits: constraints.real,
    };
  }
  override get support(): constraints.Constraint {
    return constraints.integer_interval(0, this.total_count);
  }
  override get has_enumerate_support(): boolean {
    return true;
  }
  override get mean(): Tensor {
    return this.total_count.mul(this.probs);
  }
  override get mode(): Tensor {
    return this.total_count.add(1).mul(this.probs).floor().clamp(null, this.total_count);
  }
  override get variance(): Tensor {
    return this.total_count.mul(this.probs).mul(torch.rsub(this.probs, 1));
  }

  override expand(batch_shape: readonly number[]): Binomial {
    const b = shapeArg('Binomial.expand()', batch_shape);
    const params: Record<string, Tensor> = { total_count: this.total_count.expand(b) };
    for (const k of ['probs', 'logits']) if (k in this._params) params[k] = this._params[k].expand(b);
    const d = this._expanded(b, params);
    d._param = 'logits' in params ? params.logits : params.probs;
    return d;
  }

  override sample(sample_shape: readonly number[] = []): Tensor {
    const shape = [...this._extended_shape(sample_shape)];
    return no_grad(() => binomialSample(this.total_count.expand(shape), this.probs.expand(shape)));
  }

  override log_prob(value: Tensor): Tensor {
    value = tensorValue('Binomial', 'log_prob', value);
    if (this._validate_args) this._validate_sample(value);
    const n = this.total_count;
    const logFactN = n.add(1).lgamma();
    const logFactK = value.add(1).lgamma();
    const logFactNmk = n.sub(value).add(1).lgamma();
    const normalize = n.mul(clampByZero(this.logits)).add(n.mul(this.logits.abs().neg().exp().log1p())).sub(logFactN);
    return value.mul(this.logits).sub(logFactK).sub(logFactNmk).sub(normalize);
  }

  private _homogeneous(what: string): number {
    const total = Math.trunc(Number(this.total_count.max().item()));
    if (Number(this.total_count.min().item()) !== total) {
      throw notImplemented(`Inhomogeneous total count not supported by \`${what}\`.`);
    }
    return total;
  }

  override entropy(): Tensor {
    this._homogeneous('entropy');
    const lp = this.log_prob(this.enumerate_support(false));
    return lp.exp().mul(lp).sum(0).neg();
  }

  override enumerate_support(expand = true): Tensor {
    const total = this._homogeneous('enumerate_support');
    let values = torch.arange(1 + total, { dtype: this._param.dtype });
    values = values.view([-1, ...this._batch_shape.map(() => 1)]);
    if (expand) values = values.expand([-1, ...this._batch_shape]);
    return values;
  }
}
