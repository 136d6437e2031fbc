// Modules the PyTorch tutorials use beyond the core layers: InstanceNorm1d/2d/3d,
// LocalResponseNorm, ParameterList, ParameterDict, Bilinear, PixelShuffle, PixelUnshuffle,
// Softmax2d, ChannelShuffle, Fold, Unfold, the 1-D paddings, EmbeddingBag, and the margin,
// embedding and likelihood losses. PyTorch's constructors (in position or in the options object),
// initialisation, reprs and messages.

import { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { int64 } from '../tensor/dtype.js';
import { empty, ones, tensor, zeros } from '../tensor/creation.js';
import { no_grad } from '../autograd/grad_mode.js';
import * as F from '../api/functional.js';
import type { Reduction } from '../ops/loss.js';
import { legacyReduction } from '../ops/loss.js';
import { argTypeError, jsTypeName, pyStr } from '../tensor/argcheck.js';
import { pyBool, pyFloat } from '../tensor/format.js';
import type { CallArgs } from '../ops/declare.js';
import { bindNamed } from './args.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import * as init from './init.js';

type Sizes = number | readonly number[];
// Elements that are not numbers (the repr of a module built from bad sizes) go through pyStr.
const pyTuple = (v: readonly unknown[]): string =>
  `(${v.map((x) => (typeof x === 'number' ? String(x) : pyStr(x))).join(', ')}${v.length === 1 ? ',' : ''})`;
/** A size as PyTorch's repr shows it; anything else (the constructors take any value, as PyTorch's do) as text. */
const show = (v: Sizes): string => (typeof v === 'number' ? String(v) : Array.isArray(v) ? pyTuple(v) : pyStr(v));

// ---------------------------------------------------------------- InstanceNorm

abstract class InstanceNorm extends Module {
  readonly num_features: number;
  readonly eps: number;
  readonly momentum: number;
  readonly affine: boolean;
  readonly track_running_stats: boolean;
  weight: Parameter | null;
  bias: Parameter | null;
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  declare num_batches_tracked: Tensor | null;
  protected abstract readonly spatial: number;

  constructor(...args: unknown[]) {
    const a = bindNamed(
      `${new.target.name}(int num_features, float eps=1e-05, float momentum=0.1, bool affine=False, bool track_running_stats=False, Device? device=None, ScalarType? dtype=None)`,
      args,
    );
    super();
    const dtype = (a.dtype as DType | null | undefined) ?? undefined;
    const n = a.num_features as number;
    this.num_features = n;
    this.eps = (a.eps as number | undefined) ?? 1e-5;
    this.momentum = (a.momentum as number | undefined) ?? 0.1;
    this.affine = (a.affine as boolean | undefined) ?? false;
    this.track_running_stats = (a.track_running_stats as boolean | undefined) ?? false;
    this.weight = this.affine ? new Parameter(ones([n], { dtype })) : null;
    this.bias = this.affine ? new Parameter(zeros([n], { dtype })) : null;
    if (this.track_running_stats) {
      this.register_buffer('running_mean', zeros([n], { dtype }));
      this.register_buffer('running_var', ones([n], { dtype }));
      this.register_buffer('num_batches_tracked', tensor(0, { dtype: int64 }));
    } else {
      this.register_buffer('running_mean', null);
      this.register_buffer('running_var', null);
      this.register_buffer('num_batches_tracked', null);
    }
  }

  forward(input: Tensor): Tensor {
    const d = this.spatial;
    checkInput(input);
    if (input.dim() !== d + 1 && input.dim() !== d + 2) {
      throw new RangeError(`expected ${d + 1}D or ${d + 2}D input (got ${input.dim()}D input)`);
    }
    const unbatched = input.dim() === d + 1;
    const x = unbatched ? input.unsqueeze(0) : input;
    const out = F.instance_norm(
      x,
      this.running_mean,
      this.running_var,
      this.weight,
      this.bias,
      this.training || !this.track_running_stats,
      this.momentum,
      this.eps,
    );
    return unbatched ? out.squeeze(0) : out;
  }

  extra_repr(): string {
    return `${this.num_features}, eps=${pyFloat(this.eps)}, momentum=${pyFloat(this.momentum)}, affine=${pyBool(this.affine)}, track_running_stats=${pyBool(this.track_running_stats)}`;
  }
}

type NormArgs = [
  num_features: number,
  eps?: number,
  momentum?: number,
  affine?: boolean,
  track_running_stats?: boolean,
  device?: string | null,
  dtype?: DType | null,
];

export class InstanceNorm1d extends InstanceNorm {
  protected readonly spatial = 1;
  constructor(...args: CallArgs<NormArgs>) {
    super(...args);
  }
}
export class InstanceNorm2d extends InstanceNorm {
  protected readonly spatial = 2;
  constructor(...args: CallArgs<NormArgs>) {
    super(...args);
  }
}
export class InstanceNorm3d extends InstanceNorm {
  protected readonly spatial = 3;
  constructor(...args: CallArgs<NormArgs>) {
    super(...args);
  }
}

export class LocalResponseNorm extends Module {
  readonly size: number;
  readonly alpha: number;
  readonly beta: number;
  readonly k: number;

  constructor(...args: CallArgs<[size: number, alpha?: number, beta?: number, k?: number]>) {
    const a = bindNamed('LocalResponseNorm(int size, float alpha=0.0001, float beta=0.75, float k=1.0)', args);
    super();
    this.size = a.size as number;
    this.alpha = (a.alpha as number | undefined) ?? 1e-4;
    this.beta = (a.beta as number | undefined) ?? 0.75;
    this.k = (a.k as number | undefined) ?? 1;
  }

  forward(input: Tensor): Tensor {
    return F.local_response_norm(input, this.size, this.alpha, this.beta, this.k);
  }

  extra_repr(): string {
    return `${this.size}, alpha=${pyFloat(this.alpha)}, beta=${pyFloat(this.beta)}, k=${pyFloat(this.k)}`;
  }
}

// ---------------------------------------------------------------- parameter containers

/** A forward that reads its input's shape before any op checks it. */
function checkInput(input: unknown): asserts input is Tensor {
  if (!(input instanceof Tensor)) throw argTypeError('forward', 'input', 1, 'Tensor', input);
}

const asParameter = (v: Tensor): Parameter => (v instanceof Parameter ? v : new Parameter(v));

function checkTensor(v: unknown, what: string): Tensor {
  if (!(v instanceof Tensor)) {
    throw new TypeError(
      `cannot assign '${jsTypeName(v)}' object to parameter '${what}' (torch.nn.Parameter or None required)`,
    );
  }
  return v;
}

/** Parameters in a list, registered as '0', '1', ...; plain tensors become Parameters. */
export class ParameterList extends Module {
  constructor(values: Iterable<Tensor> | null = null) {
    super();
    if (values !== null) this.extend(values);
  }

  get length(): number {
    return [...this.named_parameters('', false)].length;
  }

  at(index: number): Parameter {
    const n = this.length;
    const i = index < 0 ? index + n : index;
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`index ${index} is out of range`);
    return (this as unknown as Record<string, Parameter>)[String(i)];
  }

  set(index: number, value: Tensor): void {
    const n = this.length;
    const i = index < 0 ? index + n : index;
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`index ${index} is out of range`);
    this.register_parameter(String(i), asParameter(checkTensor(value, String(i))));
  }

  append(value: Tensor): this {
    const i = String(this.length);
    this.register_parameter(i, asParameter(checkTensor(value, i)));
    return this;
  }

  extend(values: Iterable<Tensor>): this {
    if (values === null || typeof (values as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
      throw new TypeError(`ParameterList.extend should be called with an iterable, but got ${jsTypeName(values)}`);
    }
    for (const v of values) this.append(v);
    return this;
  }

  *[Symbol.iterator](): Iterator<Parameter> {
    for (const [, p] of this.named_parameters('', false)) yield p;
  }

  forward(): never {
    throw new Error('ParameterList should not be called.');
  }

  extra_repr(): string {
    return [...this]
      .map((p, i) => `  (${i}): Parameter containing: [${String(p.dtype)} of size ${p.shape.join('x')}]`)
      .join('\n');
  }
}

/** Parameters by name. A plain object's keys are sorted (as PyTorch 1.13 sorts a dict's). */
export class ParameterDict extends Module {
  constructor(parameters: Record<string, Tensor> | Iterable<[string, Tensor]> | null = null) {
    super();
    if (parameters !== null) this.update(parameters);
  }

  update(parameters: Record<string, Tensor> | Iterable<[string, Tensor]> | ParameterDict): void {
    if (parameters instanceof ParameterDict) {
      for (const [k, v] of parameters.items()) this.set(k, v);
      return;
    }
    const iterable = parameters !== null && typeof parameters === 'object' && Symbol.iterator in parameters;
    if (!iterable && (parameters === null || typeof parameters !== 'object')) {
      throw new TypeError(
        `ParametersDict.update should be called with an iterable of key/value pairs, but got ${jsTypeName(parameters)}`,
      );
    }
    if (!iterable) {
      const entries = Object.entries(parameters as Record<string, Tensor>).sort(([a], [b]) =>
        a < b ? -1 : a > b ? 1 : 0,
      );
      for (const [k, v] of entries) this.set(k, v);
      return;
    }
    let i = 0;
    for (const pair of parameters as Iterable<[string, Tensor]>) {
      if (!Array.isArray(pair) || pair.length !== 2) {
        throw new TypeError(
          `ParameterDict update sequence element #${i} has length ${Array.isArray(pair) ? pair.length : 0}; 2 is required`,
        );
      }
      this.set(pair[0], pair[1]);
      i++;
    }
  }

  get(key: string): Parameter | undefined {
    for (const [k, p] of this.named_parameters('', false)) if (k === key) return p;
    return undefined;
  }

  set(key: string, value: Tensor): void {
    if (typeof key !== 'string') throw new TypeError(`parameter name should be a string. Got ${jsTypeName(key)}`);
    this.register_parameter(key, asParameter(checkTensor(value, key)));
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  pop(key: string): Parameter {
    const p = this.get(key);
    if (p === undefined) throw new RangeError(`'${key}'`);
    delete (this as unknown as Record<string, unknown>)[key];
    return p;
  }

  get length(): number {
    return this.keys().length;
  }

  keys(): string[] {
    return [...this.named_parameters('', false)].map(([k]) => k);
  }

  values(): Parameter[] {
    return [...this.named_parameters('', false)].map(([, p]) => p);
  }

  items(): [string, Parameter][] {
    return [...this.named_parameters('', false)];
  }

  [Symbol.iterator](): Iterator<string> {
    return this.keys()[Symbol.iterator]();
  }

  forward(): never {
    throw new Error('ParameterDict should not be called.');
  }

  extra_repr(): string {
    return this.items()
      .map(([k, p]) => `  (${k}): Parameter containing: [${p.type()} of size ${p.shape.join('x')}]`)
      .join('\n');
  }
}

// ---------------------------------------------------------------- layers

export class Bilinear extends Module {
  readonly in1_features: number;
  readonly in2_features: number;
  readonly out_features: number;
  weight: Parameter;
  bias: Parameter | null;

  constructor(
    ...args: CallArgs<
      [
        in1_features: number,
        in2_features: number,
        out_features: number,
        bias?: boolean,
        device?: string | null,
        dtype?: DType | null,
      ]
    >
  ) {
    const a = bindNamed(
      'Bilinear(int in1_features, int in2_features, int out_features, bool bias=True, Device? device=None, ScalarType? dtype=None)',
      args,
    );
    super();
    const dtype = (a.dtype as DType | null | undefined) ?? undefined;
    this.in1_features = a.in1_features as number;
    this.in2_features = a.in2_features as number;
    this.out_features = a.out_features as number;
    this.weight = new Parameter(empty([this.out_features, this.in1_features, this.in2_features], { dtype }));
    this.bias = a.bias === false ? null : new Parameter(empty([this.out_features], { dtype }));
    this.reset_parameters();
  }

  /** U(±1/√in1_features) on the weight and the bias. */
  reset_parameters(): void {
    const bound = 1 / Math.sqrt(this.weight.size(1));
    init.uniform_(this.weight, -bound, bound);
    if (this.bias) init.uniform_(this.bias, -bound, bound);
  }

  forward(input1: Tensor, input2: Tensor): Tensor {
    return F.bilinear(input1, input2, this.weight, this.bias);
  }

  extra_repr(): string {
    return `in1_features=${this.in1_features}, in2_features=${this.in2_features}, out_features=${this.out_features}, bias=${pyBool(this.bias !== null)}`;
  }
}

export class PixelShuffle extends Module {
  readonly upscale_factor: number;
  constructor(...args: CallArgs<[upscale_factor: number]>) {
    const a = bindNamed('PixelShuffle(int upscale_factor)', args);
    super();
    this.upscale_factor = a.upscale_factor as number;
  }
  forward(input: Tensor): Tensor {
    return F.pixel_shuffle(input, this.upscale_factor);
  }
  extra_repr(): string {
    return `upscale_factor=${this.upscale_factor}`;
  }
}

export class PixelUnshuffle extends Module {
  readonly downscale_factor: number;
  constructor(...args: CallArgs<[downscale_factor: number]>) {
    const a = bindNamed('PixelUnshuffle(int downscale_factor)', args);
    super();
    this.downscale_factor = a.downscale_factor as number;
  }
  forward(input: Tensor): Tensor {
    return F.pixel_unshuffle(input, this.downscale_factor);
  }
  extra_repr(): string {
    return `downscale_factor=${this.downscale_factor}`;
  }
}

export class ChannelShuffle extends Module {
  readonly groups: number;
  constructor(...args: CallArgs<[groups: number]>) {
    const a = bindNamed('ChannelShuffle(int groups)', args);
    super();
    this.groups = a.groups as number;
  }
  forward(input: Tensor): Tensor {
    return F.channel_shuffle(input, this.groups);
  }
  extra_repr(): string {
    return `groups=${this.groups}`;
  }
}

/** Softmax over the channels of [N, C, H, W] or [C, H, W]. */
export class Softmax2d extends Module {
  forward(input: Tensor): Tensor {
    checkInput(input);
    if (input.dim() !== 3 && input.dim() !== 4) {
      throw new RangeError('Softmax2d requires a 3D or 4D tensor as input');
    }
    return F.softmax(input, -3);
  }
}

export class Fold extends Module {
  readonly output_size: Sizes;
  readonly kernel_size: Sizes;
  readonly dilation: Sizes;
  readonly padding: Sizes;
  readonly stride: Sizes;

  constructor(
    ...args: CallArgs<[output_size: Sizes, kernel_size: Sizes, dilation?: Sizes, padding?: Sizes, stride?: Sizes]>
  ) {
    const a = bindNamed('Fold(Any output_size, Any kernel_size, Any dilation=1, Any padding=0, Any stride=1)', args);
    super();
    this.output_size = a.output_size as Sizes;
    this.kernel_size = a.kernel_size as Sizes;
    this.dilation = (a.dilation as Sizes | undefined) ?? 1;
    this.padding = (a.padding as Sizes | undefined) ?? 0;
    this.stride = (a.stride as Sizes | undefined) ?? 1;
  }

  forward(input: Tensor): Tensor {
    return F.fold(input, this.output_size, this.kernel_size, this.dilation, this.padding, this.stride);
  }

  extra_repr(): string {
    return `output_size=${show(this.output_size)}, kernel_size=${show(this.kernel_size)}, dilation=${show(this.dilation)}, padding=${show(this.padding)}, stride=${show(this.stride)}`;
  }
}

export class Unfold extends Module {
  readonly kernel_size: Sizes;
  readonly dilation: Sizes;
  readonly padding: Sizes;
  readonly stride: Sizes;

  constructor(...args: CallArgs<[kernel_size: Sizes, dilation?: Sizes, padding?: Sizes, stride?: Sizes]>) {
    const a = bindNamed('Unfold(Any kernel_size, Any dilation=1, Any padding=0, Any stride=1)', args);
    super();
    this.kernel_size = a.kernel_size as Sizes;
    this.dilation = (a.dilation as Sizes | undefined) ?? 1;
    this.padding = (a.padding as Sizes | undefined) ?? 0;
    this.stride = (a.stride as Sizes | undefined) ?? 1;
  }

  forward(input: Tensor): Tensor {
    return F.unfold(input, this.kernel_size, this.dilation, this.padding, this.stride);
  }

  extra_repr(): string {
    return `kernel_size=${show(this.kernel_size)}, dilation=${show(this.dilation)}, padding=${show(this.padding)}, stride=${show(this.stride)}`;
  }
}

// ---------------------------------------------------------------- 1-D padding

function padding2(v: unknown): [number, number] {
  if (typeof v === 'number' && Number.isInteger(v)) return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every((e) => Number.isInteger(e))) return [v[0], v[1]];
  throw new TypeError('padding must be an int or an Array of 2 ints');
}

abstract class Pad1d extends Module {
  readonly padding: [number, number];
  protected abstract readonly mode: 'reflect' | 'replicate';
  constructor(name: string, args: unknown[]) {
    const a = bindNamed(`${name}(Any padding)`, args);
    super();
    this.padding = padding2(a.padding);
  }
  forward(input: Tensor): Tensor {
    return F.pad(input, this.padding, this.mode);
  }
  extra_repr(): string {
    return pyTuple(this.padding);
  }
}

export class ReflectionPad1d extends Pad1d {
  protected readonly mode = 'reflect';
  constructor(...args: CallArgs<[padding: Sizes]>) {
    super('ReflectionPad1d', args);
  }
}

export class ReplicationPad1d extends Pad1d {
  protected readonly mode = 'replicate';
  constructor(...args: CallArgs<[padding: Sizes]>) {
    super('ReplicationPad1d', args);
  }
}

export class ConstantPad1d extends Module {
  readonly padding: [number, number];
  readonly value: number;
  constructor(...args: CallArgs<[padding: Sizes, value: number]>) {
    const a = bindNamed('ConstantPad1d(Any padding, float value)', args);
    super();
    this.padding = padding2(a.padding);
    this.value = a.value as number;
  }
  forward(input: Tensor): Tensor {
    return F.pad(input, this.padding, 'constant', this.value);
  }
  extra_repr(): string {
    return `padding=${pyTuple(this.padding)}, value=${pyFloat(this.value)}`;
  }
}

// ---------------------------------------------------------------- EmbeddingBag

export class EmbeddingBag extends Module {
  readonly num_embeddings: number;
  readonly embedding_dim: number;
  readonly max_norm: number | null;
  readonly norm_type: number;
  readonly scale_grad_by_freq: boolean;
  readonly mode: 'sum' | 'mean' | 'max';
  readonly sparse: boolean;
  readonly include_last_offset: boolean;
  readonly padding_idx: number | null;
  weight: Parameter;

  constructor(
    ...args: CallArgs<
      [
        num_embeddings: number,
        embedding_dim: number,
        max_norm?: number | null,
        norm_type?: number,
        scale_grad_by_freq?: boolean,
        mode?: 'sum' | 'mean' | 'max',
        sparse?: boolean,
        _weight?: Tensor | null,
        include_last_offset?: boolean,
        padding_idx?: number | null,
        device?: string | null,
        dtype?: DType | null,
      ]
    >
  ) {
    const a = bindNamed(
      "EmbeddingBag(int num_embeddings, int embedding_dim, float? max_norm=None, float norm_type=2.0, bool scale_grad_by_freq=False, str mode='mean', bool sparse=False, Tensor? _weight=None, bool include_last_offset=False, int? padding_idx=None, Device? device=None, ScalarType? dtype=None)",
      args,
    );
    super();
    const V = a.num_embeddings as number;
    const D = a.embedding_dim as number;
    this.num_embeddings = V;
    this.embedding_dim = D;
    this.max_norm = (a.max_norm as number | null | undefined) ?? null;
    this.norm_type = (a.norm_type as number | undefined) ?? 2;
    this.scale_grad_by_freq = (a.scale_grad_by_freq as boolean | undefined) ?? false;
    this.mode = (a.mode as 'sum' | 'mean' | 'max' | undefined) ?? 'mean';
    this.sparse = (a.sparse as boolean | undefined) ?? false;
    this.include_last_offset = (a.include_last_offset as boolean | undefined) ?? false;
    let pad = (a.padding_idx as number | null | undefined) ?? null;
    if (pad !== null) {
      if (pad >= V || pad < -V) throw new RangeError('padding_idx must be within num_embeddings');
      if (pad < 0) pad += V;
    }
    this.padding_idx = pad;
    const given = (a._weight as Tensor | null | undefined) ?? null;
    if (given !== null) {
      if (given.dim() !== 2 || given.size(0) !== V || given.size(1) !== D) {
        throw new RangeError('Shape of weight does not match num_embeddings and embedding_dim');
      }
      this.weight = new Parameter(given);
      return;
    }
    const dtype = (a.dtype as DType | null | undefined) ?? undefined;
    this.weight = new Parameter(empty([V, D], { dtype }));
    init.normal_(this.weight);
    if (pad !== null) no_grad(() => this.weight.select(0, pad).fill_(0));
  }

  forward(
    input: Tensor,
    offsets: Tensor | null | { offsets?: Tensor | null; per_sample_weights?: Tensor | null } = null,
    per_sample_weights: Tensor | null = null,
  ): Tensor {
    if (offsets !== null && !(offsets instanceof Tensor)) {
      return this.forward(input, offsets.offsets ?? null, offsets.per_sample_weights ?? null);
    }
    return F.embedding_bag(
      input,
      this.weight,
      offsets,
      this.max_norm,
      this.norm_type,
      this.scale_grad_by_freq,
      this.mode,
      this.sparse,
      per_sample_weights,
      this.include_last_offset,
      this.padding_idx,
    );
  }

  extra_repr(): string {
    let s = `${this.num_embeddings}, ${this.embedding_dim}`;
    if (this.max_norm !== null) s += `, max_norm=${pyFloat(this.max_norm)}`;
    if (this.norm_type !== 2) s += `, norm_type=${pyFloat(this.norm_type)}`;
    if (this.scale_grad_by_freq) s += ', scale_grad_by_freq=True';
    s += `, mode=${this.mode}`;
    if (this.padding_idx !== null) s += `, padding_idx=${this.padding_idx}`;
    return s;
  }
}

// ---------------------------------------------------------------- losses

type Legacy = boolean | null;
const LEGACY = 'bool? size_average=None, bool? reduce=None';
const REDUCTION = "str reduction='mean'";

abstract class Loss2 extends Module {
  readonly reduction: Reduction;
  protected readonly a: Record<string, unknown>;
  constructor(sig: string, args: unknown[]) {
    const a = bindNamed(sig, args);
    super();
    this.a = a;
    this.reduction =
      (legacyReduction(a.size_average as Legacy, a.reduce as Legacy, a.reduction as Reduction) as Reduction) ?? 'mean';
  }
}

type LegacyTail = [size_average?: Legacy, reduce?: Legacy, reduction?: Reduction];

export class MarginRankingLoss extends Loss2 {
  readonly margin: number;
  constructor(...args: CallArgs<[margin?: number, ...LegacyTail]>) {
    super(`MarginRankingLoss(float margin=0.0, ${LEGACY}, ${REDUCTION})`, args);
    this.margin = (this.a.margin as number | undefined) ?? 0;
  }
  forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return F.margin_ranking_loss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}

export class HingeEmbeddingLoss extends Loss2 {
  readonly margin: number;
  constructor(...args: CallArgs<[margin?: number, ...LegacyTail]>) {
    super(`HingeEmbeddingLoss(float margin=1.0, ${LEGACY}, ${REDUCTION})`, args);
    this.margin = (this.a.margin as number | undefined) ?? 1;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.hinge_embedding_loss(input, target, { margin: this.margin, reduction: this.reduction });
  }
}

export class CosineEmbeddingLoss extends Loss2 {
  readonly margin: number;
  constructor(...args: CallArgs<[margin?: number, ...LegacyTail]>) {
    super(`CosineEmbeddingLoss(float margin=0.0, ${LEGACY}, ${REDUCTION})`, args);
    this.margin = (this.a.margin as number | undefined) ?? 0;
  }
  forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return F.cosine_embedding_loss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}

export class MultiLabelMarginLoss extends Loss2 {
  constructor(...args: CallArgs<LegacyTail>) {
    super(`MultiLabelMarginLoss(${LEGACY}, ${REDUCTION})`, args);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.multilabel_margin_loss(input, target, { reduction: this.reduction });
  }
}

export class MultiLabelSoftMarginLoss extends Loss2 {
  declare weight: Tensor | null;
  constructor(...args: CallArgs<[weight?: Tensor | null, ...LegacyTail]>) {
    super(`MultiLabelSoftMarginLoss(Tensor? weight=None, ${LEGACY}, ${REDUCTION})`, args);
    this.register_buffer('weight', (this.a.weight as Tensor | null | undefined) ?? null);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.multilabel_soft_margin_loss(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

export class MultiMarginLoss extends Loss2 {
  readonly p: number;
  readonly margin: number;
  declare weight: Tensor | null;
  constructor(...args: CallArgs<[p?: number, margin?: number, weight?: Tensor | null, ...LegacyTail]>) {
    super(`MultiMarginLoss(int p=1, float margin=1.0, Tensor? weight=None, ${LEGACY}, ${REDUCTION})`, args);
    this.p = (this.a.p as number | undefined) ?? 1;
    this.margin = (this.a.margin as number | undefined) ?? 1;
    if (this.p !== 1 && this.p !== 2) throw new RangeError('only p == 1 and p == 2 supported');
    const w = (this.a.weight as Tensor | null | undefined) ?? null;
    if (w !== null && w.dim() !== 1) throw new RangeError('weight must be one-dimensional');
    this.register_buffer('weight', w);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.multi_margin_loss(input, target, {
      p: this.p,
      margin: this.margin,
      weight: this.weight,
      reduction: this.reduction,
    });
  }
}

export class PoissonNLLLoss extends Loss2 {
  readonly log_input: boolean;
  readonly full: boolean;
  readonly eps: number;
  constructor(
    ...args: CallArgs<
      [log_input?: boolean, full?: boolean, size_average?: Legacy, eps?: number, reduce?: Legacy, reduction?: Reduction]
    >
  ) {
    super(
      `PoissonNLLLoss(bool log_input=True, bool full=False, bool? size_average=None, float eps=1e-08, bool? reduce=None, ${REDUCTION})`,
      args,
    );
    this.log_input = (this.a.log_input as boolean | undefined) ?? true;
    this.full = (this.a.full as boolean | undefined) ?? false;
    this.eps = (this.a.eps as number | undefined) ?? 1e-8;
  }
  forward(log_input: Tensor, target: Tensor): Tensor {
    return F.poisson_nll_loss(log_input, target, {
      log_input: this.log_input,
      full: this.full,
      eps: this.eps,
      reduction: this.reduction,
    });
  }
}

export class GaussianNLLLoss extends Module {
  readonly full: boolean;
  readonly eps: number;
  readonly reduction: string;
  constructor(...args: [opts?: { full?: boolean; eps?: number; reduction?: string }]) {
    const a = bindNamed("GaussianNLLLoss(*, bool full=False, float eps=1e-06, str reduction='mean')", args);
    super();
    this.full = (a.full as boolean | undefined) ?? false;
    this.eps = (a.eps as number | undefined) ?? 1e-6;
    this.reduction = (a.reduction as string | undefined) ?? 'mean';
  }
  forward(input: Tensor, target: Tensor, variance: Tensor): Tensor {
    return F.gaussian_nll_loss(input, target, variance, { full: this.full, eps: this.eps, reduction: this.reduction });
  }
}

export class TripletMarginLoss extends Loss2 {
  readonly margin: number;
  readonly p: number;
  readonly eps: number;
  readonly swap: boolean;
  constructor(...args: CallArgs<[margin?: number, p?: number, eps?: number, swap?: boolean, ...LegacyTail]>) {
    super(
      `TripletMarginLoss(float margin=1.0, float p=2.0, float eps=1e-06, bool swap=False, ${LEGACY}, ${REDUCTION})`,
      args,
    );
    this.margin = (this.a.margin as number | undefined) ?? 1;
    this.p = (this.a.p as number | undefined) ?? 2;
    this.eps = (this.a.eps as number | undefined) ?? 1e-6;
    this.swap = (this.a.swap as boolean | undefined) ?? false;
  }
  forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return F.triplet_margin_loss(anchor, positive, negative, {
      margin: this.margin,
      p: this.p,
      eps: this.eps,
      swap: this.swap,
      reduction: this.reduction,
    });
  }
}
