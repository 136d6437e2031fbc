// torch.distributions.Categorical and OneHotCategorical (PyTorch's categorical.py and
// one_hot_categorical.py).

import { Tensor } from '../tensor/tensor.js';
import { makeSize } from '../tensor/shape.js';
import { int64 } from '../tensor/dtype.js';
import * as torch from '../api/torch.js';
import { functional_one_hot as one_hot } from '../ops/distance.js';
import * as constraints from './constraints.js';
import {
  Distribution,
  checkOpts,
  finfo,
  logits_to_probs,
  probs_to_logits,
  sampleShape,
  splitDistOpts,
  type DistributionOpts,
} from './distribution.js';
import { shapeArg, tensorValue } from './distribution.js';

type CatOpts = DistributionOpts & { probs?: Tensor | null; logits?: Tensor | null };

function probsLogits(cls: string, args: unknown[]): [Tensor | null, Tensor | null, DistributionOpts] {
  const [[p0, l0], opts] = splitDistOpts(args, cls, 2);
  checkOpts(cls, opts, ['validate_args', 'probs', 'logits']);
  const o = opts as CatOpts;
  const probs = (p0 ?? o.probs ?? null) as Tensor | null;
  const logits = (l0 ?? o.logits ?? null) as Tensor | null;
  if ((probs === null) === (logits === null)) {
    throw new RangeError('Either `probs` or `logits` must be specified, but not both.');
  }
  for (const [name, v] of [
    ['probs', probs],
    ['logits', logits],
  ] as const) {
    if (v !== null && !(v instanceof Tensor)) {
      throw new TypeError(`${cls}(): argument '${name}' must be Tensor, not ${typeof v}`);
    }
  }
  return [probs, logits, opts];
}

/** Categorical(probs) / Categorical(null, logits) / Categorical({ logits }): integers 0..K-1. */
export class Categorical extends Distribution {
  _param: Tensor;
  _num_events: number;

  constructor(probs?: Tensor | null, logits?: Tensor | null, opts?: DistributionOpts);
  constructor(opts: CatOpts);
  constructor(...args: unknown[]) {
    super();
    const [probs, logits, opts] = probsLogits('Categorical', args);
    if (probs !== null) {
      if (probs.dim() < 1) throw new RangeError('`probs` parameter must be at least one-dimensional.');
      this._params.probs = probs.div(probs.sum(-1, true));
    } else {
      const l = logits as Tensor;
      if (l.dim() < 1) throw new RangeError('`logits` parameter must be at least one-dimensional.');
      this._params.logits = l.sub(l.logsumexp(-1, true));
    }
    this._param = probs !== null ? this._params.probs : this._params.logits;
    this._num_events = this._param.shape[this._param.dim() - 1];
    const batch = this._param.dim() > 1 ? this._param.shape.slice(0, -1) : [];
    this._init(batch, [], opts.validate_args);
  }

  protected override get _lazy(): readonly string[] {
    return ['probs', 'logits'];
  }
  get probs(): Tensor {
    return this._lazyParam('probs', () => logits_to_probs(this._params.logits));
  }
  get logits(): Tensor {
    return this._lazyParam('logits', () => probs_to_logits(this._params.probs));
  }
  get param_shape(): readonly number[] {
    return this._param.shape;
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.simplex, logits: constraints.real_vector };
  }
  override get support(): constraints.Constraint {
    return constraints.integer_interval(0, this._num_events - 1);
  }
  override get has_enumerate_support(): boolean {
    return true;
  }
  override get mean(): Tensor {
    return torch.full([...this._extended_shape()], NaN, { dtype: this.probs.dtype });
  }
  override get mode(): Tensor {
    return this.probs.argmax(-1);
  }
  override get variance(): Tensor {
    return torch.full([...this._extended_shape()], NaN, { dtype: this.probs.dtype });
  }

  override expand(batch_shape: readonly number[]): Categorical {
    batch_shape = shapeArg('Categorical.expand()', batch_shape);
    const b = [...batch_shape];
    const paramShape = [...b, this._num_events];
    const params: Record<string, Tensor> = {};
    for (const k of ['probs', 'logits']) if (k in this._params) params[k] = this._params[k].expand(paramShape);
    const d = this._expanded(b, params);
    d._param = 'logits' in params ? params.logits : params.probs;
    d._num_events = this._num_events;
    return d;
  }

  override sample(sample_shape: readonly number[] = []): Tensor {
    const s = sampleShape(sample_shape);
    const n = s.reduce((a, b) => a * b, 1);
    const probs2d = this.probs.reshape(-1, this._num_events);
    const samples2d = torch.multinomial(probs2d, n, true).T;
    return samples2d.reshape([...this._extended_shape(s)]);
  }

  override log_prob(value: Tensor): Tensor {
    value = tensorValue('Categorical', 'log_prob', value);
    if (this._validate_args) this._validate_sample(value);
    const v = value.long().unsqueeze(-1);
    const [vb, logPmf] = torch.broadcast_tensors(v, this.logits);
    return logPmf.gather(-1, vb.narrow(-1, 0, 1)).squeeze(-1);
  }

  override entropy(): Tensor {
    const logits = this.logits.clamp(finfo(this.logits.dtype).min);
    return logits.mul(this.probs).sum(-1).neg();
  }

  override enumerate_support(expand = true): Tensor {
    let values = torch.arange(this._num_events, { dtype: int64 });
    values = values.view([-1, ...this._batch_shape.map(() => 1)]);
    if (expand) values = values.expand([-1, ...this._batch_shape]);
    return values;
  }
}

/** OneHotCategorical(probs) / ({ logits }): one-hot vectors of size probs.size(-1). */
export class OneHotCategorical extends Distribution {
  _categorical: Categorical;

  constructor(probs?: Tensor | null, logits?: Tensor | null, opts?: DistributionOpts);
  constructor(opts: CatOpts);
  constructor(...args: unknown[]) {
    super();
    const [probs, logits, opts] = probsLogits('OneHotCategorical', args);
    this._categorical = new Categorical(probs, logits);
    const batch = this._categorical.batch_shape;
    const ps = this._categorical.param_shape;
    this._init(batch, ps.slice(-1), opts.validate_args);
  }

  get _param(): Tensor {
    return this._categorical._param;
  }
  get probs(): Tensor {
    return this._categorical.probs;
  }
  get logits(): Tensor {
    return this._categorical.logits;
  }
  get param_shape(): readonly number[] {
    return this._categorical.param_shape;
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.simplex, logits: constraints.real_vector };
  }
  override get support(): constraints.Constraint {
    return constraints.one_hot;
  }
  override get has_enumerate_support(): boolean {
    return true;
  }
  override get mean(): Tensor {
    return this._categorical.probs;
  }
  override get mode(): Tensor {
    const probs = this._categorical.probs;
    return one_hot(probs.argmax(-1), probs.shape[probs.dim() - 1]).to(probs);
  }
  override get variance(): Tensor {
    const p = this._categorical.probs;
    return p.mul(torch.rsub(p, 1));
  }

  override expand(batch_shape: readonly number[]): OneHotCategorical {
    batch_shape = shapeArg('OneHotCategorical.expand()', batch_shape);
    const b = [...batch_shape];
    const d = this._expanded(b, {});
    d._categorical = this._categorical.expand(b);
    return d;
  }

  override sample(sample_shape: readonly number[] = []): Tensor {
    const s = makeSize(sampleShape(sample_shape));
    const probs = this._categorical.probs;
    const indices = this._categorical.sample(s);
    return one_hot(indices, this._categorical._num_events).to(probs);
  }

  override log_prob(value: Tensor): Tensor {
    value = tensorValue('OneHotCategorical', 'log_prob', value);
    if (this._validate_args) this._validate_sample(value);
    const indices = value.max(-1).indices;
    return this._categorical.log_prob(indices);
  }

  override entropy(): Tensor {
    return this._categorical.entropy();
  }

  override enumerate_support(expand = true): Tensor {
    const n = this._event_shape[0];
    let values = torch.eye(n, { dtype: this._param.dtype });
    values = values.view([n, ...this._batch_shape.map(() => 1), n]);
    if (expand) values = values.expand([n, ...this._batch_shape, n]);
    return values;
  }
}

/** OneHotCategoricalStraightThrough: OneHotCategorical whose rsample passes gradients straight through. */
export class OneHotCategoricalStraightThrough extends OneHotCategorical {
  override get has_rsample(): boolean {
    return true;
  }
  override rsample(sample_shape: readonly number[] = []): Tensor {
    const samples = this.sample(sample_shape);
    const probs = this._categorical.probs;
    return samples.add(probs.sub(probs.detach()));
  }
}
