// torch.nn.utils.prune (the semantics of PyTorch's torch/nn/utils/prune.py).
//
// Note [Pruning without hooks]: PyTorch moves `weight` to the parameter `weight_orig`, adds the
// buffer `weight_mask`, and registers a forward pre-hook that recomputes the plain attribute
// `weight = weight_mask * weight_orig` before each forward. tensorgrad's modules run through
// forward() with no hook machinery, so `weight` becomes a non-enumerable accessor that computes
// the same product whenever it is read (Module's parameter walks never see it). The pruning
// method PyTorch keeps in `_forward_pre_hooks` is kept here per module and tensor name.
//
// JavaScript has one number type, so `amount` is a count when it is an integer and a fraction of
// the tensor's elements otherwise (Python tells `3` from `3.0`; here prune 100% with `amount: 1.0`
// is impossible to tell from one element; use the element count).

import { Tensor } from '../../tensor/tensor.js';
import { no_grad } from '../../autograd/grad_mode.js';
import { kthvalue, norm, ones_like, rand, rand_like, topk, zeros } from '../../api/torch.js';
import { jsTypeName } from '../../tensor/argcheck.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { parameters_to_vector } from './convert_parameters.js';

type PruningType = 'unstructured' | 'structured' | 'global';

const METHODS = new WeakMap<Module, Map<string, BasePruningMethod>>();

function methodsOf(module: Module): Map<string, BasePruningMethod> {
  let m = METHODS.get(module);
  if (m === undefined) {
    m = new Map();
    METHODS.set(module, m);
  }
  return m;
}

function attr(module: Module, name: string): Tensor {
  return (module as unknown as Record<string, Tensor>)[name];
}

/** A pruning method: computes a mask for a tensor; applied through its static-like apply. */
export abstract class BasePruningMethod {
  _tensor_name = '';
  abstract readonly PRUNING_TYPE: PruningType;
  dim?: number;

  abstract compute_mask(t: Tensor, default_mask: Tensor): Tensor;

  /**
   * Prunes module[name] with a new method of this class (args go to its constructor) and returns
   * the method now acting on that tensor: this one, or the PruningContainer it joined.
   */
  static apply<C extends new (...args: never[]) => BasePruningMethod>(
    this: C,
    module: Module,
    name: string,
    ...args: ConstructorParameters<C>
  ): BasePruningMethod {
    return applyMethod(module, name, () => new this(...args));
  }

  /** Python's repr of the method object, without its address (as the tutorial oracle strips it). */
  toString(): string {
    return `<torch.nn.utils.prune.${this.constructor.name}>`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  /** The pruned tensor: module[name_mask] (in the original's dtype) times module[name_orig]. */
  apply_mask(module: Module): Tensor {
    const mask = attr(module, `${this._tensor_name}_mask`);
    const orig = attr(module, `${this._tensor_name}_orig`);
    return mask.to(orig.dtype).mul(orig);
  }

  /** t times the mask this method computes for it (importance_scores, default t, rank the entries). */
  prune(t: Tensor, default_mask: Tensor | null = null, importance_scores: Tensor | null = null): Tensor {
    const scores = importance_scores ?? t;
    return t.mul(this.compute_mask(scores, default_mask ?? ones_like(t)));
  }

  /** Makes the pruning permanent: module[name] becomes the parameter, holding the masked values. */
  remove(module: Module): void {
    const weight = this.apply_mask(module);
    const name = this._tensor_name;
    delete (module as unknown as Record<string, unknown>)[name];
    const orig = attr(module, `${name}_orig`);
    orig.data = weight.data;
    module._delattr(`${name}_orig`);
    module._delattr(`${name}_mask`);
    if (orig instanceof Parameter) module.register_parameter(name, orig);
    else (module as unknown as Record<string, unknown>)[name] = orig;
  }
}

/** Several pruning methods on one tensor, each acting on what the previous ones left. */
export class PruningContainer extends BasePruningMethod {
  readonly PRUNING_TYPE = 'unstructured' as const;
  _pruning_methods: BasePruningMethod[] = [];

  constructor(...methods: BasePruningMethod[]) {
    super();
    if (methods.length === 1) this._tensor_name = methods[0]._tensor_name;
    for (const m of methods) this.add_pruning_method(m);
  }

  add_pruning_method(method: BasePruningMethod): void {
    if (!(method instanceof BasePruningMethod)) {
      throw new TypeError(`${jsTypeName(method)} is not a BasePruningMethod subclass`);
    }
    if (this._tensor_name !== method._tensor_name) {
      throw new RangeError(
        `Can only add pruning methods acting on the parameter named '${this._tensor_name}' to PruningContainer. Found '${method._tensor_name}'`,
      );
    }
    this._pruning_methods.push(method);
  }

  get length(): number {
    return this._pruning_methods.length;
  }

  [Symbol.iterator](): Iterator<BasePruningMethod> {
    return this._pruning_methods[Symbol.iterator]();
  }

  /** The newest method's mask, computed on the entries (or channels) the existing mask keeps. */
  compute_mask(t: Tensor, default_mask: Tensor): Tensor {
    const method = this._pruning_methods[this._pruning_methods.length - 1];
    const mask = default_mask;
    const newMask = mask.to(t.dtype);
    if (method.PRUNING_TYPE === 'unstructured') {
      const keep = mask.eq(1);
      const partial = method.compute_mask(t.masked_select(keep), mask.masked_select(keep));
      return newMask.masked_scatter(keep, partial.to(newMask.dtype));
    }
    if (method.PRUNING_TYPE === 'structured') {
      const nDims = t.dim();
      let dim = method.dim as number;
      if (dim < 0) dim += nDims;
      if (dim < 0) throw new RangeError(`Index is out of bounds for tensor with dimensions ${nDims}`);
      const others = Array.from({ length: nDims }, (_, d) => d).filter((d) => d !== dim);
      const keepChannel = mask.sum(others).ne(0).nonzero().flatten();
      const partial = method.compute_mask(t.index_select(dim, keepChannel), mask.index_select(dim, keepChannel));
      return newMask.index_copy(dim, keepChannel, partial.to(newMask.dtype));
    }
    return method.compute_mask(t, mask).to(newMask.dtype);
  }
}

function validateAmountInit(amount: unknown): asserts amount is number {
  if (typeof amount !== 'number') {
    throw new TypeError(`Invalid type for amount: ${String(amount)}. Must be int or float.`);
  }
  if ((Number.isInteger(amount) && amount < 0) || (!Number.isInteger(amount) && (amount > 1 || amount < 0))) {
    throw new RangeError(
      `amount=${String(amount)} should either be a float in the range [0, 1] or a non-negative integer`,
    );
  }
}

/** Python's round(): halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function nparamsToPrune(amount: number, size: number): number {
  const n = Number.isInteger(amount) ? amount : roundHalfEven(amount * size);
  if (Number.isInteger(amount) && n > size) {
    throw new RangeError(`amount=${amount} should be smaller than the number of parameters to prune=${size}`);
  }
  return n;
}

function validateStructured(t: Tensor): void {
  if (t.dim() <= 1) {
    throw new RangeError(
      `Structured pruning can only be applied to multidimensional tensors. Found tensor of shape ${String(t.shape)} with ${t.dim()} dims`,
    );
  }
}

function validateDim(t: Tensor, dim: number): void {
  if (dim >= t.dim()) throw new RangeError(`Invalid index ${dim} for tensor of size ${String(t.shape)}`);
}

/** zeros_like(t) with ones in the channels `keep` (a 0/1 vector along dim) selects. */
function channelMask(t: Tensor, dim: number, keep: Tensor): Tensor {
  const d = dim < 0 ? dim + t.dim() : dim;
  const shape = t.shape.map((s, i) => (i === d ? s : 1));
  return zeros(t.shape, { dtype: t.dtype }).add(keep.to(t.dtype).view(shape));
}

export class Identity extends BasePruningMethod {
  readonly PRUNING_TYPE = 'unstructured' as const;
  compute_mask(t: Tensor, default_mask: Tensor): Tensor {
    return default_mask;
  }
}

export class RandomUnstructured extends BasePruningMethod {
  readonly PRUNING_TYPE = 'unstructured' as const;
  readonly amount: number;
  constructor(amount: number) {
    super();
    validateAmountInit(amount);
    this.amount = amount;
  }
  /** Prunes the entries with the largest of rand_like(t) draws. */
  compute_mask(t: Tensor, default_mask: Tensor): Tensor {
    const k = nparamsToPrune(this.amount, t.numel());
    const mask = default_mask.contiguous().clone();
    if (k !== 0) {
      const prob = rand_like(t);
      const { indices } = topk(prob.view(-1), k);
      mask.view(-1).index_fill_(0, indices, 0);
    }
    return mask;
  }
}

export class L1Unstructured extends BasePruningMethod {
  readonly PRUNING_TYPE = 'unstructured' as const;
  readonly amount: number;
  constructor(amount: number) {
    super();
    validateAmountInit(amount);
    this.amount = amount;
  }
  /** Prunes the entries of smallest magnitude. */
  compute_mask(t: Tensor, default_mask: Tensor): Tensor {
    const k = nparamsToPrune(this.amount, t.numel());
    const mask = default_mask.contiguous().clone();
    if (k !== 0) {
      const { indices } = topk(t.abs().view(-1), k, { largest: false });
      mask.view(-1).index_fill_(0, indices, 0);
    }
    return mask;
  }
}

export class RandomStructured extends BasePruningMethod {
  readonly PRUNING_TYPE = 'structured' as const;
  readonly amount: number;
  constructor(amount: number, dim = -1) {
    super();
    validateAmountInit(amount);
    this.amount = amount;
    this.dim = dim;
  }
  /** Prunes the channels along dim whose rand() draw is at most the k-th smallest. */
  compute_mask(t: Tensor, default_mask: Tensor): Tensor {
    validateStructured(t);
    const dim = this.dim as number;
    validateDim(t, dim);
    const size = t.shape.at(dim) as number;
    const k = nparamsToPrune(this.amount, size);
    if (k === 0) return default_mask;
    const prob = rand(size);
    const threshold = kthvalue(prob, k).values;
    return channelMask(t, dim, prob.gt(threshold)).mul(default_mask.to(t.dtype));
  }
}

export class LnStructured extends BasePruningMethod {
  readonly PRUNING_TYPE = 'structured' as const;
  readonly amount: number;
  readonly n: number | 'fro' | 'nuc';
  constructor(amount: number, n: number | 'fro' | 'nuc', dim = -1) {
    super();
    validateAmountInit(amount);
    this.amount = amount;
    this.n = n;
    this.dim = dim;
  }
  /** Keeps the channels along dim of largest L_n norm. */
  compute_mask(t: Tensor, default_mask: Tensor): Tensor {
    validateStructured(t);
    const dim = this.dim as number;
    validateDim(t, dim);
    const size = t.shape.at(dim) as number;
    const k = nparamsToPrune(this.amount, size);
    const d = dim < 0 ? dim + t.dim() : dim;
    const others = Array.from({ length: t.dim() }, (_, i) => i).filter((i) => i !== d);
    const norms = norm(t, this.n as number, others);
    const { indices } = topk(norms, size - k, { largest: true });
    if (k === 0) return default_mask;
    const keep = zeros(size).index_fill(0, indices, 1);
    return channelMask(t, dim, keep).mul(default_mask.to(t.dtype));
  }
}

export class CustomFromMask extends BasePruningMethod {
  readonly PRUNING_TYPE = 'global' as const;
  readonly mask: Tensor;
  constructor(mask: Tensor) {
    super();
    this.mask = mask;
  }
  compute_mask(t: Tensor, default_mask: Tensor): Tensor {
    return default_mask.mul(this.mask.to(default_mask.dtype));
  }
}

/**
 * PyTorch's BasePruningMethod.apply: combines with an earlier method on the same tensor (through a
 * PruningContainer), moves module[name] to name_orig on the first pruning, stores the mask as the
 * buffer name_mask and makes module[name] the masked tensor. See Note [Pruning without hooks].
 */
function applyMethod(
  module: Module,
  name: string,
  make: () => BasePruningMethod,
  importance_scores: Tensor | null = null,
): BasePruningMethod {
  const methods = methodsOf(module);
  const old = methods.get(name);
  methods.delete(name);
  let method = make();
  method._tensor_name = name;
  if (old instanceof PruningContainer) {
    old.add_pruning_method(method);
    method = old;
  } else if (old !== undefined) {
    const container = new PruningContainer(old);
    container.add_pruning_method(method);
    method = container;
  }
  const orig = attr(module, name);
  const scores = importance_scores ?? orig;
  let defaultMask: Tensor;
  if (!(method instanceof PruningContainer)) {
    if (orig instanceof Parameter) module.register_parameter(`${name}_orig`, orig);
    else (module as unknown as Record<string, unknown>)[`${name}_orig`] = orig;
    module._delattr(name);
    defaultMask = ones_like(orig);
  } else {
    defaultMask = attr(module, `${name}_mask`).detach().contiguous().clone();
  }
  try {
    const mask = no_grad(() => method.compute_mask(scores, defaultMask));
    module.register_buffer(`${name}_mask`, mask);
    const pruning = method;
    Object.defineProperty(module, name, {
      get: () => pruning.apply_mask(module),
      configurable: true,
      enumerable: false,
    });
    methods.set(name, method);
  } catch (e) {
    if (!(method instanceof PruningContainer)) {
      const o = attr(module, `${name}_orig`);
      module._delattr(`${name}_orig`);
      if (o instanceof Parameter) module.register_parameter(name, o);
    }
    throw e;
  }
  return method;
}

export function identity<M extends Module>(module: M, name: string): M {
  applyMethod(module, name, () => new Identity());
  return module;
}

export function random_unstructured<M extends Module>(module: M, name: string, amount: number): M {
  applyMethod(module, name, () => new RandomUnstructured(amount));
  return module;
}

export function l1_unstructured<M extends Module>(
  module: M,
  name: string,
  amount: number,
  opts: { importance_scores?: Tensor | null } = {},
): M {
  applyMethod(module, name, () => new L1Unstructured(amount), opts.importance_scores ?? null);
  return module;
}

export function random_structured<M extends Module>(module: M, name: string, amount: number, dim: number): M {
  applyMethod(module, name, () => new RandomStructured(amount, dim));
  return module;
}

export function ln_structured<M extends Module>(
  module: M,
  name: string,
  amount: number,
  n: number | 'fro' | 'nuc',
  dim: number,
  opts: { importance_scores?: Tensor | null } = {},
): M {
  applyMethod(module, name, () => new LnStructured(amount, n, dim), opts.importance_scores ?? null);
  return module;
}

export function custom_from_mask<M extends Module>(module: M, name: string, mask: Tensor): M {
  applyMethod(module, name, () => new CustomFromMask(mask));
  return module;
}

type MethodClass = (new (amount: number) => BasePruningMethod) | (new (mask: Tensor) => BasePruningMethod);

/**
 * Prunes several tensors together: the method ranks all their entries as one vector (the keyword
 * arguments, such as amount, go to its constructor), and each tensor gets its slice of the mask.
 */
export function global_unstructured(
  parameters: Iterable<[Module, string]>,
  pruning_method: MethodClass,
  opts: { importance_scores?: Map<Module, Map<string, Tensor>> | null; amount?: number; mask?: Tensor } = {},
): void {
  if (parameters === null || typeof parameters !== 'object' || !(Symbol.iterator in parameters)) {
    throw new TypeError('global_unstructured(): parameters is not an Iterable');
  }
  const params = [...parameters];
  const { importance_scores, ...kwargs } = opts;
  if (importance_scores !== undefined && importance_scores !== null && !(importance_scores instanceof Map)) {
    throw new TypeError('global_unstructured(): importance_scores must be of type dict');
  }
  const scores = parameters_to_vector(params.map(([m, name]) => importance_scores?.get(m)?.get(name) ?? attr(m, name)));
  const defaultMask = parameters_to_vector(
    params.map(([m, name]) => attr(m, `${name}_mask`) ?? ones_like(attr(m, name))),
  );
  const container = new PruningContainer();
  container._tensor_name = 'temp';
  const arg = kwargs.amount ?? kwargs.mask;
  const method = new (pruning_method as new (a: unknown) => BasePruningMethod)(arg);
  method._tensor_name = 'temp';
  if (method.PRUNING_TYPE !== 'unstructured') {
    throw new TypeError(
      `Only "unstructured" PRUNING_TYPE supported for the \`pruning_method\`. Found method ${pruning_method.name} of type ${method.PRUNING_TYPE}`,
    );
  }
  container.add_pruning_method(method);
  const finalMask = no_grad(() => container.compute_mask(scores, defaultMask));
  let pointer = 0;
  for (const [m, name] of params) {
    const param = attr(m, name);
    const n = param.numel();
    custom_from_mask(m, name, finalMask.narrow(0, pointer, n).view_as(param));
    pointer += n;
  }
}

/** Makes the pruning of module[name] permanent (see BasePruningMethod.remove). */
export function remove<M extends Module>(module: M, name: string): M {
  const methods = methodsOf(module);
  const method = methods.get(name);
  if (method === undefined) {
    throw new RangeError(
      `Parameter '${name}' of module ${String(module)} has to be pruned before pruning can be removed`,
    );
  }
  method.remove(module);
  methods.delete(name);
  return module;
}

/** Whether module or any submodule has a tensor pruned. */
export function is_pruned(module: Module): boolean {
  for (const m of module.modules()) if ((METHODS.get(m)?.size ?? 0) > 0) return true;
  return false;
}
