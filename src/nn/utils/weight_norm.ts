// The legacy, hook-style torch.nn.utils.weight_norm / remove_weight_norm (PyTorch's
// torch/nn/utils/weight_norm.py): module[name] becomes name_g · name_v / ‖name_v‖, the two
// parameters registered in its place. As with pruning (see Note [Pruning without hooks] in
// ./prune_base.ts), module[name] is a non-enumerable accessor computing the weight when read, where
// PyTorch recomputes a plain attribute in a forward pre-hook.

import { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { checkModule, checkNumber, checkString } from './checks.js';
import { normExceptDim, weightNorm } from './norm_except_dim.js';

const NORMED = new WeakMap<Module, Map<string, number>>();

function attr(module: Module, name: string): Tensor {
  return (module as unknown as Record<string, Tensor>)[name];
}

/**
 * Splits module[name] into a magnitude name_g (the norm over every dimension but dim; over the
 * whole tensor when dim is null) and a direction name_v, both parameters.
 */
export function weight_norm<M extends Module>(
  module: M,
  ...args: [name?: string, dim?: number | null] | [{ name?: string; dim?: number | null }]
): M {
  const opts = typeof args[0] === 'object' && args[0] !== null ? args[0] : { name: args[0], dim: args[1] };
  checkModule('weight_norm', 'module', 1, module);
  const name = opts.name ?? 'weight';
  const dim = opts.dim === undefined ? 0 : opts.dim;
  checkString('weight_norm', 'name', 2, name);
  if (dim !== null) checkNumber('weight_norm', 'dim', 3, dim);
  let names = NORMED.get(module);
  if (names === undefined) {
    names = new Map();
    NORMED.set(module, names);
  }
  if (names.has(name)) throw new Error(`Cannot register two weight_norm hooks on the same parameter ${name}`);
  const d = dim ?? -1;
  const weight = attr(module, name);
  if (!(weight instanceof Tensor))
    throw new TypeError(`'${module.constructor.name}' object has no attribute '${name}'`);
  module._delattr(name);
  module.register_parameter(`${name}_g`, new Parameter(normExceptDim(weight, d).data));
  module.register_parameter(`${name}_v`, new Parameter(weight.data));
  Object.defineProperty(module, name, {
    get: () => weightNorm(attr(module, `${name}_v`), attr(module, `${name}_g`), d),
    configurable: true,
    enumerable: false,
  });
  names.set(name, d);
  return module;
}

/** Undoes weight_norm: module[name] becomes one parameter again, holding the current weight. */
export function remove_weight_norm<M extends Module>(module: M, name = 'weight'): M {
  checkModule('remove_weight_norm', 'module', 1, module);
  checkString('remove_weight_norm', 'name', 2, name);
  const names = NORMED.get(module);
  const d = names?.get(name);
  if (names === undefined || d === undefined) {
    throw new RangeError(`weight_norm of '${name}' not found in ${String(module)}`);
  }
  const weight = weightNorm(attr(module, `${name}_v`), attr(module, `${name}_g`), d);
  delete (module as unknown as Record<string, unknown>)[name];
  module._delattr(`${name}_g`);
  module._delattr(`${name}_v`);
  module.register_parameter(name, new Parameter(weight.data));
  names.delete(name);
  return module;
}
