// torch.nn.utils.parametrize: a module's parameter or buffer replaced by a function of other tensors
// (the semantics of PyTorch's torch/nn/utils/parametrize.py; ValueError is thrown as RangeError).
//
// Note [Parametrized class]: PyTorch swaps a parametrized module's class for a fresh subclass named
// Parametrized<Name> and puts a property for the tensor on that subclass. We do the same through
// the prototype chain: the module's own data property is deleted, a class made for this one module
// is put in its prototype chain, and an accessor on that class's prototype computes the tensor.
// Module finds parameters through Object.entries, which never sees prototype accessors, so
// named_parameters() and state_dict() list `parametrizations.weight.original` and not `weight`,
// as PyTorch's do; the printed class name (constructor.name) becomes ParametrizedLinear.

import { Tensor } from '../../tensor/tensor.js';
import { no_grad } from '../../autograd/grad_mode.js';
import { argTypeError, checkFunction, checkOptionsArg, jsTypeName } from '../../tensor/argcheck.js';
import { checkModule, checkString, checkTensor, iterableOf } from './checks.js';
import { Module } from '../module.js';
import { ModuleDict, ModuleList } from '../container.js';
import { Parameter } from '../parameter.js';

/** A parametrization: a module whose forward maps the original tensor(s) to the parametrized one. */
export interface Parametrization extends Module {
  forward(...originals: Tensor[]): Tensor;
  /** Optional: maps a value of the parametrized tensor back to original(s) (may throw NotImplementedError). */
  right_inverse?(value: Tensor): Tensor | Tensor[];
}

/** What register_parametrization adds to a module: `module.parametrizations.weight.original`. */
export interface Parametrized {
  parametrizations: ModuleDict & Record<string, ParametrizationList>;
}

let cacheEnabled = 0;
const cache = new Map<Module, Map<string, Tensor>>();

/**
 * PyTorch's `with parametrize.cached():` as a callback: inside fn, each parametrized tensor is
 * computed once per module and reused; the cache is dropped when the outermost block ends.
 */
export function cached<T>(fn: () => T): T {
  checkFunction('cached', 'fn', 1, fn);
  cacheEnabled++;
  try {
    return fn();
  } finally {
    cacheEnabled--;
    if (cacheEnabled === 0) cache.clear();
  }
}

const isModule = (x: unknown): x is Module => x instanceof Module;

function registerParameterOrBuffer(module: Module, name: string, X: Tensor): void {
  if (X instanceof Parameter) module.register_parameter(name, X);
  else module.register_buffer(name, X);
}

function hasRightInverse(m: Module): m is Parametrization & Required<Pick<Parametrization, 'right_inverse'>> {
  return typeof (m as Parametrization).right_inverse === 'function';
}

/** A right_inverse that throws NotImplementedError means "the identity" at registration. */
function isNotImplemented(e: unknown): boolean {
  return e instanceof Error && e.name === 'NotImplementedError';
}

function typeName(v: unknown): string {
  return jsTypeName(v);
}

/** PyTorch's set_(): the tensor takes source's storage, shape and strides, keeping its identity. */
function setData(t: Tensor, source: Tensor): void {
  no_grad(() => {
    t.data = source;
  });
}

/**
 * The chain of parametrizations on one tensor (a ModuleList), holding the unparametrized tensor as
 * `original` (or `original0`, `original1`, ... when right_inverse returns several tensors).
 */
export class ParametrizationList extends ModuleList {
  unsafe: boolean;
  is_tensor: boolean;
  ntensors: number;
  declare original: Tensor;

  constructor(modules: Iterable<Module>, original: Tensor, unsafe = false) {
    const list = iterableOf('ParametrizationList', 'modules', 1, modules, isModule, 'Modules');
    checkTensor('ParametrizationList', 'original', 2, original);
    if (list.length === 0) throw new RangeError('ParametrizationList requires one or more modules.');
    super(list);
    this.unsafe = unsafe === true;
    const originalShape = original.shape;
    const originalDtype = original.dtype;
    let inverted: unknown = original;
    no_grad(() => {
      for (const m of [...this].reverse()) {
        if (!hasRightInverse(m)) continue;
        try {
          inverted = m.right_inverse(inverted as Tensor);
        } catch (e) {
          if (!isNotImplemented(e)) throw e;
        }
      }
    });
    if (!(inverted instanceof Tensor) && !Array.isArray(inverted)) {
      throw new RangeError(
        `'right_inverse' must return a Tensor or a Sequence of tensors (list, tuple...). Got ${typeName(inverted)}`,
      );
    }
    this.is_tensor = inverted instanceof Tensor;
    this.ntensors = inverted instanceof Tensor ? 1 : (inverted as unknown[]).length;
    if (inverted instanceof Tensor) {
      if (original.dtype !== inverted.dtype) {
        throw new RangeError(
          'When `right_inverse` outputs one tensor, it may not change the dtype.\n' +
            `original.dtype: ${String(original.dtype)}\n` +
            `right_inverse(original).dtype: ${String(inverted.dtype)}`,
        );
      }
      setData(original, inverted);
      registerParameterOrBuffer(this, 'original', original);
    } else {
      (inverted as unknown[]).forEach((t, i) => {
        if (!(t instanceof Tensor)) {
          throw new RangeError(
            "'right_inverse' must return a Tensor or a Sequence of tensors (list, tuple...). " +
              `Got element ${i} of the sequence with type ${typeName(t)}.`,
          );
        }
        const originalI = original instanceof Parameter ? new Parameter(t) : t;
        originalI.requires_grad_(original.requires_grad);
        registerParameterOrBuffer(this, `original${i}`, originalI);
      });
    }
    if (!this.unsafe) {
      const Z: unknown = this._compute();
      if (!(Z instanceof Tensor)) throw new RangeError(`A parametrization must return a tensor. Got ${typeName(Z)}.`);
      if (Z.dtype !== originalDtype) {
        throw new RangeError(
          'Registering a parametrization may not change the dtype of the tensor, unless `unsafe` flag is enabled.\n' +
            `unparametrized dtype: ${String(originalDtype)}\n` +
            `parametrized dtype: ${String(Z.dtype)}`,
        );
      }
      if (String(Z.shape) !== String(originalShape)) {
        throw new RangeError(
          'Registering a parametrization may not change the shape of the tensor, unless `unsafe` flag is enabled.\n' +
            `unparametrized shape: ${String(originalShape)}\n` +
            `parametrized shape: ${String(Z.shape)}`,
        );
      }
    }
  }

  /** Sets the original(s) so that the chain maps them to value (assigning `module.weight = value`). */
  right_inverse(value: Tensor): void {
    no_grad(() => {
      let v: unknown = value;
      for (const m of [...this].reverse()) {
        if (!hasRightInverse(m)) {
          throw new Error(`parametrization ${m.constructor.name} does not implement right_inverse.`);
        }
        v = m.right_inverse(v as Tensor);
      }
      if (this.is_tensor) {
        if (!(v instanceof Tensor))
          throw new RangeError(`\`right_inverse\` should return a tensor. Got ${typeName(v)}`);
        if (v.dtype !== this.original.dtype) {
          throw new RangeError(
            `The tensor returned by \`right_inverse\` has dtype ${String(v.dtype)} while \`original\` has dtype ${String(this.original.dtype)}`,
          );
        }
        setData(this.original, v);
        return;
      }
      if (!Array.isArray(v)) {
        throw new RangeError(`'right_inverse' must return a sequence of tensors. Got ${typeName(v)}.`);
      }
      if (v.length !== this.ntensors) {
        throw new RangeError(
          `'right_inverse' must return a sequence of tensors of length ${this.ntensors}. Got a sequence of lenght ${v.length}.`,
        );
      }
      v.forEach((t: unknown, i) => {
        const originalI = (this as unknown as Record<string, Tensor>)[`original${i}`];
        if (!(t instanceof Tensor)) {
          throw new RangeError(
            `\`right_inverse\` must return a sequence of tensors. Got element ${i} of type ${typeName(t)}`,
          );
        }
        if (originalI.dtype !== t.dtype) {
          throw new RangeError(
            `Tensor ${i} returned by \`right_inverse\` has dtype ${String(t.dtype)} while \`original${i}\` has dtype ${String(originalI.dtype)}`,
          );
        }
        setData(originalI, t);
      });
    });
  }

  /**
   * The parametrized tensor (_compute()). Typed as ModuleList's forward, which a ModuleList cannot
   * run, so that the published declarations stay assignable to it.
   */
  override forward(): never {
    return this._compute() as never;
  }

  /** The parametrized tensor: the first module applied to the original(s), then each next one. */
  _compute(): Tensor {
    const mods = [...this] as Parametrization[];
    const self = this as unknown as Record<string, Tensor>;
    const originals = this.is_tensor
      ? [this.original]
      : Array.from({ length: this.ntensors }, (_, i) => self[`original${i}`]);
    let x = mods[0].forward(...originals);
    for (let i = 1; i < mods.length; i++) x = mods[i].forward(x);
    return x;
  }
}

/** See Note [Parametrized class]: gives `module` a class of its own, Parametrized<Name>. */
function injectNewClass(module: Module): void {
  const base = module.constructor as new () => object;
  const name = `Parametrized${base.name}`;
  // Never constructed: the module joins this class through its prototype.
  const cls = { [name]: class extends base {} }[name];
  Object.setPrototypeOf(module, cls.prototype);
}

function injectProperty(module: Module, tensorName: string): void {
  const getParametrized = function (this: Module & Parametrized): Tensor {
    const parametrization = this.parametrizations[tensorName];
    if (cacheEnabled === 0) return parametrization._compute();
    let perModule = cache.get(this);
    if (perModule === undefined) {
      perModule = new Map();
      cache.set(this, perModule);
    }
    let t = perModule.get(tensorName);
    if (t === undefined) {
      t = parametrization._compute();
      perModule.set(tensorName, t);
    }
    return t;
  };
  const setOriginal = function (this: Module & Parametrized, value: Tensor): void {
    this.parametrizations[tensorName].right_inverse(value);
  };
  Object.defineProperty(Object.getPrototypeOf(module), tensorName, {
    get: getParametrized,
    set: setOriginal,
    configurable: true,
    enumerable: false,
  });
}

function sameShape(a: Tensor, b: Tensor): boolean {
  return String(a.shape) === String(b.shape);
}

/**
 * Replaces `module[tensor_name]` (a parameter or buffer) by `parametrization` applied to it; on a
 * tensor already parametrized, appends to its chain. The original moves to
 * `module.parametrizations[tensor_name].original` (after right_inverse, if the parametrization has one).
 */
export function register_parametrization<M extends Module>(
  module: M,
  tensor_name: string,
  parametrization: Module,
  opts: { unsafe?: boolean } = {},
): M & Parametrized {
  const fn = 'register_parametrization';
  checkModule(fn, 'module', 1, module);
  checkString(fn, 'tensor_name', 2, tensor_name);
  checkModule(fn, 'parametrization', 3, parametrization);
  checkOptionsArg(fn, 4, opts);
  const unsafe = opts.unsafe ?? false;
  const mod = module as unknown as Module & Parametrized & Record<string, unknown>;
  parametrization.train(module.training);
  if (is_parametrized(module, tensor_name)) {
    if (!unsafe) {
      const Y = mod[tensor_name] as Tensor;
      const X: unknown = (parametrization as Parametrization).forward(Y);
      if (!(X instanceof Tensor)) throw new RangeError(`A parametrization must return a tensor. Got ${typeName(X)}.`);
      if (X.dtype !== Y.dtype) {
        throw new RangeError(
          'Registering a parametrization may not change the dtype of the tensor, unless the `unsafe` flag is enabled.\n' +
            `module.${tensor_name}.dtype: ${String(Y.dtype)}\n` +
            `parametrization(module.${tensor_name}).dtype: ${String(X.dtype)}`,
        );
      }
      if (!sameShape(X, Y)) {
        throw new RangeError(
          'Registering a parametrization may not change the shape of the tensor, unless the `unsafe` flag is enabled.\n' +
            `module.${tensor_name}.shape: ${String(Y.shape)}\n` +
            `parametrization(module.${tensor_name}).shape: ${String(X.shape)}`,
        );
      }
      if (hasRightInverse(parametrization)) {
        let Z: unknown;
        let implemented = true;
        try {
          Z = parametrization.right_inverse(X);
        } catch (e) {
          if (!isNotImplemented(e)) throw e;
          implemented = false;
        }
        if (implemented) {
          if (!(Z instanceof Tensor)) {
            throw new RangeError(`parametrization.right_inverse must return a tensor. Got: ${typeName(Z)}`);
          }
          if (Z.dtype !== Y.dtype) {
            throw new RangeError(
              `The tensor returned by parametrization.right_inverse must have the same dtype as module.${tensor_name}, unless the \`unsafe\` flag is enabled.\n` +
                `module.${tensor_name}.dtype: ${String(Y.dtype)}\n` +
                `returned dtype: ${String(Z.dtype)}`,
            );
          }
          if (!sameShape(Z, Y)) {
            throw new RangeError(
              `The tensor returned by parametrization.right_inverse must have the same shape as module.${tensor_name}, unless the \`unsafe\` flag is enabled.\n` +
                `module.${tensor_name}.shape: ${String(Y.shape)}\n` +
                `returned shape: ${String(Z.shape)}`,
            );
          }
        }
      }
    }
    const list = mod.parametrizations[tensor_name];
    list.append(parametrization);
    list.unsafe = list.unsafe || unsafe;
  } else if (mod[tensor_name] instanceof Parameter || (module._hasBuffer(tensor_name) && mod[tensor_name] !== null)) {
    const original = mod[tensor_name] as Tensor;
    const parametrizations = new ParametrizationList([parametrization], original, unsafe);
    module._delattr(tensor_name);
    if (!is_parametrized(module)) {
      injectNewClass(module);
      module.register_module('parametrizations', new ModuleDict());
    }
    injectProperty(module, tensor_name);
    mod.parametrizations.register_module(tensor_name, parametrizations);
  } else {
    throw new RangeError(
      `Module '${String(module)}' does not have a parameter, a buffer, or a parametrized element with name '${tensor_name}'`,
    );
  }
  return module as M & Parametrized;
}

/** Whether the module has any parametrization, or one on tensor_name. */
export function is_parametrized(module: Module, tensor_name: string | null = null): boolean {
  checkModule('is_parametrized', 'module', 1, module);
  if (tensor_name !== null) checkString('is_parametrized', 'tensor_name', 2, tensor_name);
  const parametrizations = (module as Partial<Parametrized>).parametrizations;
  if (!(parametrizations instanceof ModuleDict)) return false;
  const names = parametrizations.keys();
  return tensor_name === null ? names.length > 0 : names.includes(tensor_name);
}

/**
 * Undoes register_parametrization on tensor_name: with leave_parametrized, the tensor keeps its
 * current parametrized value (written into the original parameter, which keeps its identity);
 * without, it goes back to `original`. The module's class is restored once nothing is parametrized.
 */
export function remove_parametrizations<M extends Module>(
  module: M,
  tensor_name: string,
  leave_parametrized = true,
): M {
  checkModule('remove_parametrizations', 'module', 1, module);
  checkString('remove_parametrizations', 'tensor_name', 2, tensor_name);
  if (typeof leave_parametrized !== 'boolean') {
    throw argTypeError('remove_parametrizations', 'leave_parametrized', 3, 'bool', leave_parametrized);
  }
  if (!is_parametrized(module, tensor_name)) {
    throw new RangeError(`Module ${String(module)} does not have a parametrization on ${tensor_name}`);
  }
  const mod = module as unknown as Module & Parametrized & Record<string, unknown>;
  const parametrizations = mod.parametrizations[tensor_name];
  let original: Tensor;
  if (parametrizations.is_tensor) {
    original = parametrizations.original;
    if (leave_parametrized) {
      const t = no_grad(() => mod[tensor_name] as Tensor);
      setData(original, t);
    }
  } else {
    if (!leave_parametrized) {
      throw new RangeError(
        'Cannot leave unparametrized (`leave_parametrized=False`) a tensor that is parametrized in terms of a sequence of tensors.',
      );
    }
    const t = mod[tensor_name] as Tensor;
    original = t.requires_grad ? new Parameter(t) : t;
  }
  delete (Object.getPrototypeOf(module) as Record<string, unknown>)[tensor_name];
  mod.parametrizations._delattr(tensor_name);
  registerParameterOrBuffer(module, tensor_name, original);
  if (!is_parametrized(module)) {
    module._delattr('parametrizations');
    Object.setPrototypeOf(module, Object.getPrototypeOf(Object.getPrototypeOf(module)));
  }
  return module;
}

/** The module's class before parametrizations were applied. */
export function type_before_parametrizations(module: Module): new (...args: never[]) => Module {
  checkModule('type_before_parametrizations', 'module', 1, module);
  const proto: object = is_parametrized(module)
    ? Object.getPrototypeOf(Object.getPrototypeOf(module))
    : Object.getPrototypeOf(module);
  return proto.constructor as new (...args: never[]) => Module;
}
