// torch.distributions.Distribution: the base class (PyTorch 2's torch/distributions/distribution.py)
// and the helpers its subclasses share (torch/distributions/utils.py).
//
// JavaScript constructors cannot touch `this` before super(), so a subclass sets its parameters
// first and then calls this._init(batch_shape, event_shape, validate_args), the point where
// PyTorch's subclasses call super().__init__(...): that is where parameters are validated.

import { Tensor } from '../tensor/tensor.js';
import { makeSize, type Size } from '../tensor/shape.js';
import { float64, get_default_dtype, type DType } from '../tensor/dtype.js';
import { enable_grad, no_grad } from '../autograd/grad_mode.js';
import { pyFloat } from '../tensor/format.js';
import { checkAllocation } from '../tensor/alloc.js';
import * as torch from '../api/torch.js';
import { Constraint, is_dependent } from './constraints.js';
import { notImplemented } from './errors.js';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** The options every distribution's constructor takes last: PyTorch's validate_args keyword. */
export interface DistributionOpts {
  validate_args?: boolean | null;
}

/** Python's tuple(shape): `()`, `(2,)`, `(2, 3)`. */
export function pyTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** f'{x}' in Python: a 0-dim tensor formats as its item (Tensor.__format__), others as str(x). */
export function pyFormat(v: number | Tensor): string {
  if (!(v instanceof Tensor)) return pyFloat(v);
  if (v.dim() !== 0) return v.toString();
  const x = v.item() as number | boolean;
  if (typeof x === 'boolean') return x ? 'True' : 'False';
  return v.dtype.is_floating_point ? pyFloat(x) : String(x);
}

/** A sample_shape argument: an array of sizes (torch.Size or number[]). */
export function sampleShape(sample_shape: unknown, where = 'sample'): number[] {
  if (sample_shape === undefined || sample_shape === null) return [];
  if (!Array.isArray(sample_shape) || !sample_shape.every((d) => Number.isInteger(d))) {
    throw new TypeError(`${where}(): argument 'sample_shape' must be an Array of numbers (torch.Size)`);
  }
  return [...(sample_shape as number[])];
}

/**
 * broadcast_all(...values): numbers become tensors of the first tensor's dtype (the default dtype
 * if all are numbers), then all are broadcast together.
 */
export function broadcast_all(...values: unknown[]): Tensor[] {
  if (!values.every((v) => v instanceof Tensor || typeof v === 'number')) {
    throw new RangeError(
      'Input arguments must all be instances of numbers.Number, torch.Tensor or objects implementing __torch_function__.',
    );
  }
  const first = values.find((v): v is Tensor => v instanceof Tensor);
  const dtype: DType = first ? first.dtype : get_default_dtype();
  const tensors = values.map((v) => (v instanceof Tensor ? v : torch.tensor(v as number, { dtype })));
  return torch.broadcast_tensors(...tensors);
}

/** A standard normal sample of `shape`: torch.empty(shape).normal_(), PyTorch's _standard_normal. */
export function _standard_normal(shape: readonly number[], dtype: DType): Tensor {
  return torch.empty([...shape], { dtype }).normal_();
}

/** Sums out the `dim` rightmost dimensions. */
export function _sum_rightmost(value: Tensor, dim: number): Tensor {
  if (dim === 0) return value;
  return value.reshape([...value.shape.slice(0, value.dim() - dim), -1]).sum(-1);
}

/** torch.finfo(dtype).eps / .min / .tiny for the float dtypes. */
export function finfo(dtype: DType): { eps: number; min: number; tiny: number } {
  return dtype === float64
    ? { eps: 2 ** -52, min: -Number.MAX_VALUE, tiny: 2 ** -1022 }
    : { eps: 2 ** -23, min: -3.4028234663852886e38, tiny: 2 ** -126 };
}

export function clamp_probs(probs: Tensor): Tensor {
  const eps = finfo(probs.dtype).eps;
  return probs.clamp(eps, 1 - eps);
}

/** Logits (log-odds when binary, else log-probabilities) from probabilities. */
export function probs_to_logits(probs: Tensor, is_binary = false): Tensor {
  const p = clamp_probs(probs);
  return is_binary ? p.log().sub(p.neg().log1p()) : p.log();
}

/** Probabilities from logits: sigmoid when binary, else softmax over the last dim. */
export function logits_to_probs(logits: Tensor, is_binary = false): Tensor {
  return is_binary ? logits.sigmoid() : logits.softmax(-1);
}

/** A value to score (log_prob, cdf, icdf): a Tensor, or PyTorch's TypeError wording. */
export function tensorValue(cls: string, method: string, value: unknown): Tensor {
  if (!(value instanceof Tensor)) {
    throw new TypeError(`${cls}.${method}(): argument 'value' must be Tensor, not ${jsType(value)}`);
  }
  return value;
}

function jsType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'Array';
  return typeof v === 'object' ? ((v as object).constructor?.name ?? 'object') : typeof v;
}

/** A batch_shape argument (expand): an array of integer sizes. */
export function shapeArg(where: string, shape: unknown): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d))) {
    throw new TypeError(
      `${where}: argument 'batch_shape' must be an Array of numbers (torch.Size), not ${jsType(shape)}`,
    );
  }
  return [...(shape as number[])];
}

/**
 * Splits a constructor's arguments into its positional parameters (n of them, then optionally
 * validate_args, as PyTorch's signatures allow) and the trailing options object.
 */
export function splitDistOpts(args: unknown[], cls = 'Distribution', n = args.length): [unknown[], DistributionOpts] {
  const last = args[args.length - 1];
  const proto = last !== null && typeof last === 'object' ? Object.getPrototypeOf(last) : undefined;
  const isOpts = proto === Object.prototype || proto === null;
  const pos = isOpts ? args.slice(0, -1) : [...args];
  const opts: DistributionOpts = isOpts ? { ...(last as DistributionOpts) } : {};
  if (pos.length > n + 1) {
    throw new TypeError(`${cls}.__init__() takes at most ${n + 1} positional arguments but ${pos.length} were given`);
  }
  if (pos.length === n + 1) {
    const v = pos.pop();
    if (v !== undefined && v !== null && typeof v !== 'boolean') {
      throw new TypeError(`${cls}(): argument 'validate_args' must be boolean, not ${jsType(v)}`);
    }
    if ('validate_args' in opts)
      throw new TypeError(`${cls}.__init__() got multiple values for argument 'validate_args'`);
    if (v !== undefined) opts.validate_args = v as boolean | null;
  }
  return [pos, opts];
}

/** Checks an options object's keys against the names a constructor accepts. */
export function checkOpts(cls: string, opts: object, allowed: readonly string[]): void {
  for (const k of Object.keys(opts)) {
    if (!allowed.includes(k)) throw new TypeError(`${cls}.__init__() got an unexpected keyword argument '${k}'`);
  }
}

let defaultValidate = true;

/** The Python module each class lives in (for messages that print the class). */
const MODULES: Record<string, string> = {
  TransformedDistribution: 'transformed_distribution',
  LogNormal: 'log_normal',
  HalfNormal: 'half_normal',
  Gumbel: 'gumbel',
  Independent: 'independent',
};

/** Distribution: the abstract base class for probability distributions. */
export class Distribution {
  /** Turns argument validation on or off for distributions created afterwards (default on). */
  static set_default_validate_args(value: boolean): void {
    if (value !== true && value !== false)
      throw new RangeError(`set_default_validate_args() expects a boolean, got ${jsType(value)}`);
    defaultValidate = value;
  }

  /** The shape over which parameters are batched. */
  protected _batch_shape: Size = makeSize([]);
  /** The shape of a single sample (without batching). */
  protected _event_shape: Size = makeSize([]);
  /** Whether this instance validates its arguments and the values it scores. */
  _validate_args = defaultValidate;
  /** The parameters set on the instance (Python's __dict__), in the order they were set. */
  protected _params: Record<string, Tensor> = {};

  constructor(batch_shape?: readonly number[], event_shape?: readonly number[], opts?: DistributionOpts) {
    if (batch_shape === undefined) return;
    const b = shapeArg('Distribution()', batch_shape);
    const e = event_shape === undefined ? [] : shapeArg('Distribution()', event_shape);
    if (opts !== undefined && (opts === null || typeof opts !== 'object')) {
      throw new TypeError(`Distribution(): argument 'opts' must be an options object, not ${jsType(opts)}`);
    }
    this._init(b, e, opts?.validate_args);
  }

  /** Records the shapes and validates the parameters (PyTorch's Distribution.__init__). */
  protected _init(
    batch_shape: readonly number[],
    event_shape: readonly number[] = [],
    validate_args?: boolean | null,
  ): void {
    this._batch_shape = makeSize(batch_shape);
    this._event_shape = makeSize(event_shape);
    if (validate_args !== undefined && validate_args !== null && typeof validate_args !== 'boolean') {
      throw new TypeError(
        `${this.constructor.name}(): argument 'validate_args' must be boolean, not ${jsType(validate_args)}`,
      );
    }
    this._validate_args = validate_args ?? defaultValidate;
    if (!this._validate_args) return;
    let arg_constraints: Record<string, Constraint>;
    try {
      arg_constraints = this.arg_constraints;
    } catch (e) {
      if (!(e instanceof Error && e.name === 'NotImplementedError')) throw e;
      arg_constraints = {};
      process.emitWarning(
        `${this.constructor.name} does not define \`arg_constraints\`. Please set \`arg_constraints = {}\` or initialize the distribution with \`validate_args=False\` to turn off validation.`,
      );
    }
    for (const [param, constraint] of Object.entries(arg_constraints)) {
      if (is_dependent(constraint)) continue; // cannot be checked
      if (!(param in this._params) && this._lazy.includes(param)) continue; // lazily constructed
      const value = (this as unknown as Record<string, Tensor>)[param];
      const valid = constraint.check(value);
      if (!valid.all().item()) {
        throw new RangeError(
          `Expected parameter ${param} (Tensor of shape ${pyTuple(value.shape)}) of distribution ${this.toString()} ` +
            `to satisfy the constraint ${constraint.toString()}, but found invalid values:\n${pyFormat(value)}`,
        );
      }
    }
  }

  /** Names of parameters computed on first use (PyTorch's lazy_property attributes). */
  protected get _lazy(): readonly string[] {
    return [];
  }

  /** A lazy parameter: computed once (with gradients enabled), then kept as a set parameter. */
  protected _lazyParam(name: string, compute: () => Tensor): Tensor {
    if (!(name in this._params)) this._params[name] = enable_grad(compute);
    return this._params[name];
  }

  /** A new instance of this class with batch dimensions expanded to batch_shape. */
  expand(_batch_shape: readonly number[]): Distribution {
    throw notImplemented('');
  }

  /** A fresh, uninitialized instance of this object's class (for expand). */
  protected _blank<D extends Distribution>(this: D): D {
    return Object.create(Object.getPrototypeOf(this)) as D;
  }

  /** Sets up an expanded copy: shapes, parameters and the validation flag. */
  protected _expanded<D extends Distribution>(
    this: D,
    batch_shape: readonly number[],
    params: Record<string, Tensor>,
    event_shape?: readonly number[],
  ): D {
    const d = this._blank();
    d._params = params;
    d._batch_shape = makeSize(batch_shape);
    d._event_shape = makeSize(event_shape ?? this._event_shape);
    d._validate_args = this._validate_args;
    return d;
  }

  get batch_shape(): Size {
    return this._batch_shape;
  }

  get event_shape(): Size {
    return this._event_shape;
  }

  /** The constraint each parameter must satisfy, by parameter name. */
  get arg_constraints(): Record<string, Constraint> {
    throw notImplemented('');
  }

  /** The constraint the distribution's values lie in. */
  get support(): Constraint {
    throw notImplemented('');
  }

  get has_rsample(): boolean {
    return false;
  }

  get has_enumerate_support(): boolean {
    return false;
  }

  get mean(): Tensor {
    throw notImplemented('');
  }

  get mode(): Tensor {
    const cls = this.constructor.name;
    const module = MODULES[cls] ?? 'distribution';
    throw notImplemented(`<class 'torch.distributions.${module}.${cls}'> does not implement mode`);
  }

  get variance(): Tensor {
    throw notImplemented('');
  }

  get stddev(): Tensor {
    return this.variance.sqrt();
  }

  /** A sample of shape sample_shape + batch_shape + event_shape, without gradients. */
  sample(sample_shape: readonly number[] = []): Tensor {
    return no_grad(() => this.rsample(sample_shape));
  }

  /** A reparameterized sample (gradients flow to the parameters). */
  rsample(_sample_shape: readonly number[] = []): Tensor {
    throw notImplemented('');
  }

  /** n samples (deprecated in PyTorch: use sample([n])). */
  sample_n(n: number): Tensor {
    process.emitWarning('sample_n will be deprecated. Use .sample((n,)) instead', 'UserWarning');
    return this.sample([n]);
  }

  log_prob(_value: Tensor): Tensor {
    throw notImplemented('');
  }

  cdf(_value: Tensor): Tensor {
    throw notImplemented('');
  }

  icdf(_value: Tensor): Tensor {
    throw notImplemented('');
  }

  enumerate_support(_expand = true): Tensor {
    throw notImplemented('');
  }

  entropy(): Tensor {
    throw notImplemented('');
  }

  perplexity(): Tensor {
    return this.entropy().exp();
  }

  /** sample_shape + batch_shape + event_shape (checked as torch.empty checks a size). */
  _extended_shape(sample_shape: readonly number[] = []): Size {
    const shape = [...sampleShape(sample_shape), ...this._batch_shape, ...this._event_shape];
    for (const s of shape) {
      if (s < 0) throw new RangeError(`Trying to create tensor with negative dimension ${s}: [${shape.join(', ')}]`);
    }
    checkAllocation(float64, shape);
    return makeSize(shape);
  }

  /** Checks a value to be scored: a tensor, its shape compatible, its values in the support. */
  _validate_sample(value: unknown): void {
    if (!(value instanceof Tensor)) throw new RangeError('The value argument to log_prob must be a Tensor');
    const eventStart = value.dim() - this._event_shape.length;
    const tail = value.shape.slice(Math.max(eventStart, 0));
    if (eventStart < 0 || tail.length !== this._event_shape.length || tail.some((d, i) => d !== this._event_shape[i])) {
      throw new RangeError(
        `The right-most size of value must match event_shape: ${value.shape.toString()} vs ${this._event_shape.toString()}.`,
      );
    }
    const actual = value.shape;
    const expected = makeSize([...this._batch_shape, ...this._event_shape]);
    for (let k = 1; k <= Math.min(actual.length, expected.length); k++) {
      const i = actual[actual.length - k];
      const j = expected[expected.length - k];
      if (i !== 1 && j !== 1 && i !== j) {
        throw new RangeError(
          `Value is not broadcastable with batch_shape+event_shape: ${actual.toString()} vs ${expected.toString()}.`,
        );
      }
    }
    let support: Constraint;
    try {
      support = this.support;
    } catch (e) {
      if (!(e instanceof Error && e.name === 'NotImplementedError')) throw e;
      process.emitWarning(
        `${this.constructor.name} does not define \`support\` to enable sample validation. Please initialize the distribution with \`validate_args=False\` to turn off validation.`,
      );
      return;
    }
    const valid = support.check(value);
    if (!valid.all().item()) {
      throw new RangeError(
        `Expected value argument (Tensor of shape ${pyTuple(value.shape)}) to be within the support ` +
          `(${support.toString()}) of the distribution ${this.toString()}, but found invalid values:\n${pyFormat(value)}`,
      );
    }
  }

  /** PyTorch's repr: `Normal(loc: 0.0, scale: 1.0)`, `Normal(loc: torch.Size([2]), scale: torch.Size([2]))`. */
  toString(): string {
    let names: string[];
    try {
      names = Object.keys(this.arg_constraints).filter((k) => k in this._params);
    } catch {
      names = [];
    }
    const args = names.map((p) => {
      const v = this._params[p];
      return `${p}: ${v.numel() === 1 ? pyFormat(v) : v.shape.toString()}`;
    });
    return `${this.constructor.name}(${args.join(', ')})`;
  }

  [INSPECT](): string {
    return this.toString();
  }
}
