// torch.nn.utils.prune (the semantics of PyTorch's torch/nn/utils/prune.py): the pruning methods
// and functions; BasePruningMethod, PruningContainer and the apply step are in ./prune_base.ts
// (see Note [Pruning without hooks] there).
//
// JavaScript has one number type, so `amount` is a count when it is an integer and a fraction of
// the tensor's elements otherwise (Python tells `3` from `3.0`; here prune 100% with `amount: 1.0`
// is impossible to tell from one element; use the element count).

import { Tensor } from '../../tensor/tensor.js';
import { no_grad } from '../../autograd/grad_mode.js';
import { kthvalue, norm, ones_like, rand, rand_like, topk, zeros } from '../../api/torch.js';
import { Module } from '../module.js';
import { argTypeError, checkFunction, checkOptionsArg, jsTypeName } from '../../tensor/argcheck.js';
import { checkModule, checkNumber, checkString, checkTensor, iterableOf } from './checks.js';
import { parameters_to_vector } from './convert_parameters.js';
import { applyMethod, attr, BasePruningMethod, methodsOf, PruningContainer } from './prune_base.js';

export { BasePruningMethod, PruningContainer } from './prune_base.js';

function validateAmountInit(amount: unknown): asserts amount is number {
  if (typeof amount !== 'number') {
    const shown = typeof amount === 'object' || typeof amount === 'symbol' ? jsTypeName(amount) : String(amount);
    throw new TypeError(`Invalid type for amount: ${shown}. Must be int or float.`);
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
    checkNumber('RandomStructured', 'dim', 2, dim);
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
    if (typeof n !== 'number' && n !== 'fro' && n !== 'nuc') throw argTypeError('LnStructured', 'n', 2, 'float', n);
    checkNumber('LnStructured', 'dim', 3, dim);
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
    checkTensor('CustomFromMask', 'mask', 1, mask);
    this.mask = mask;
  }
  compute_mask(t: Tensor, default_mask: Tensor): Tensor {
    return default_mask.mul(this.mask.to(default_mask.dtype));
  }
}

export function identity<M extends Module>(module: M, name: string): M {
  applyMethod('identity', module, name, () => new Identity());
  return module;
}

export function random_unstructured<M extends Module>(module: M, name: string, amount: number): M {
  applyMethod('random_unstructured', module, name, () => new RandomUnstructured(amount));
  return module;
}

export function l1_unstructured<M extends Module>(
  module: M,
  name: string,
  amount: number,
  opts: { importance_scores?: Tensor | null } = {},
): M {
  applyMethod('l1_unstructured', module, name, () => new L1Unstructured(amount), opts.importance_scores ?? null);
  return module;
}

export function random_structured<M extends Module>(module: M, name: string, amount: number, dim: number): M {
  applyMethod('random_structured', module, name, () => new RandomStructured(amount, dim));
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
  applyMethod('ln_structured', module, name, () => new LnStructured(amount, n, dim), opts.importance_scores ?? null);
  return module;
}

export function custom_from_mask<M extends Module>(module: M, name: string, mask: Tensor): M {
  applyMethod('custom_from_mask', module, name, () => new CustomFromMask(mask));
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
  const fn = 'global_unstructured';
  const isPair = (x: unknown): x is [Module, string] =>
    Array.isArray(x) && x.length === 2 && x[0] instanceof Module && typeof x[1] === 'string';
  const params = iterableOf(fn, 'parameters', 1, parameters, isPair, '(module, name) pairs');
  checkFunction(fn, 'pruning_method', 2, pruning_method);
  if (!((pruning_method.prototype as unknown) instanceof BasePruningMethod)) {
    throw new TypeError(`${jsTypeName(pruning_method)} is not a BasePruningMethod subclass`);
  }
  checkOptionsArg(fn, 3, opts);
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
  checkModule('remove', 'module', 1, module);
  checkString('remove', 'name', 2, name);
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
  checkModule('is_pruned', 'module', 1, module);
  for (const m of module.modules()) if (methodsOf(m).size > 0) return true;
  return false;
}
