// torch.nn.utils.prune's machinery (the semantics of PyTorch's torch/nn/utils/prune.py):
// BasePruningMethod, PruningContainer and the apply step every pruning function goes through; the
// methods and the functions are in ./prune.ts.
//
// Note [Pruning without hooks]: PyTorch moves `weight` to the parameter `weight_orig`, adds the
// buffer `weight_mask`, and registers a forward pre-hook that recomputes the plain attribute
// `weight = weight_mask * weight_orig` before each forward. tensorgrad's modules run through
// forward() with no hook machinery, so `weight` becomes a non-enumerable accessor that computes
// the same product whenever it is read (Module's parameter walks never see it). The pruning
// method PyTorch keeps in `_forward_pre_hooks` is kept here per module and tensor name.

import { Tensor } from '../../tensor/tensor.js';
import { no_grad } from '../../autograd/grad_mode.js';
import { ones_like } from '../../api/torch.js';
import { jsTypeName } from '../../tensor/argcheck.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { checkModule, checkString, checkTensor } from './checks.js';

type PruningType = 'unstructured' | 'structured' | 'global';

const METHODS = new WeakMap<Module, Map<string, BasePruningMethod>>();

export function methodsOf(module: Module): Map<string, BasePruningMethod> {
  let m = METHODS.get(module);
  if (m === undefined) {
    m = new Map();
    METHODS.set(module, m);
  }
  return m;
}

export function attr(module: Module, name: string): Tensor {
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
    return applyMethod(`${this.name}.apply`, module, name, () => new this(...args));
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
    checkModule('apply_mask', 'module', 1, module);
    const mask = attr(module, `${this._tensor_name}_mask`);
    const orig = attr(module, `${this._tensor_name}_orig`);
    if (!(mask instanceof Tensor) || !(orig instanceof Tensor))
      throw new Error(`Module ${String(module)} has to be pruned`);
    return mask.to(orig.dtype).mul(orig);
  }

  /** t times the mask this method computes for it (importance_scores, default t, rank the entries). */
  prune(t: Tensor, default_mask: Tensor | null = null, importance_scores: Tensor | null = null): Tensor {
    checkTensor('prune', 't', 1, t);
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
    if (methods.length === 1 && methods[0] instanceof BasePruningMethod) this._tensor_name = methods[0]._tensor_name;
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

/**
 * PyTorch's BasePruningMethod.apply: combines with an earlier method on the same tensor (through a
 * PruningContainer), moves module[name] to name_orig on the first pruning, stores the mask as the
 * buffer name_mask and makes module[name] the masked tensor. See Note [Pruning without hooks].
 */
export function applyMethod(
  fn: string,
  module: Module,
  name: string,
  make: () => BasePruningMethod,
  importance_scores: Tensor | null = null,
): BasePruningMethod {
  checkModule(fn, 'module', 1, module);
  checkString(fn, 'name', 2, name);
  if (importance_scores !== null) checkTensor(fn, 'importance_scores', 4, importance_scores);
  if (!(attr(module, name) instanceof Tensor)) {
    throw new TypeError(`'${module.constructor.name}' object has no attribute '${name}'`);
  }
  let method = make();
  const methods = methodsOf(module);
  const old = methods.get(name);
  methods.delete(name);
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
