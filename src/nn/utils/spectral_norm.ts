// The legacy, hook-style torch.nn.utils.spectral_norm / remove_spectral_norm (PyTorch's
// torch/nn/utils/spectral_norm.py): weight_orig is the parameter, weight_u and weight_v the power
// iteration's buffers, and `weight` a plain attribute recomputed before each forward.
//
// Note [Forward pre-hook by wrapping]: the power iteration must run once per forward in training
// mode, not whenever `weight` is read, so the accessor of ./prune_base.ts will not do here. Modules run
// through forward(), so the module gets an own, non-enumerable forward that recomputes `weight`
// and then calls its class's forward, which is what PyTorch's _call_impl does with the hook.

import { Tensor } from '../../tensor/tensor.js';
import { no_grad } from '../../autograd/grad_mode.js';
import { dot, mv } from '../../api/torch.js';
import { normalize } from '../../ops/distance.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { checkModule, checkNumber, checkString } from './checks.js';
import { ConvTranspose1d, ConvTranspose2d } from '../conv_transpose.js';

interface SpectralNormState {
  name: string;
  n_power_iterations: number;
  dim: number;
  eps: number;
}

const HOOKS = new WeakMap<Module, Map<string, SpectralNormState>>();

function attr(module: Module, name: string): Tensor {
  return (module as unknown as Record<string, Tensor>)[name];
}

function setPlain(module: Module, name: string, value: Tensor): void {
  Object.defineProperty(module, name, { value, writable: true, configurable: true, enumerable: false });
}

function reshapeWeightToMatrix(weight: Tensor, dim: number): Tensor {
  let w = weight;
  if (dim !== 0) {
    const rest = Array.from({ length: w.dim() }, (_, d) => d).filter((d) => d !== dim);
    w = w.permute([dim, ...rest]);
  }
  return w.flatten(1);
}

function computeWeight(module: Module, fn: SpectralNormState, doPowerIteration: boolean): Tensor {
  const weight = attr(module, `${fn.name}_orig`);
  let u = attr(module, `${fn.name}_u`);
  let v = attr(module, `${fn.name}_v`);
  const weightMat = reshapeWeightToMatrix(weight, fn.dim);
  if (doPowerIteration) {
    no_grad(() => {
      for (let i = 0; i < fn.n_power_iterations; i++) {
        v = normalize(mv(weightMat.t(), u), 2, 0, fn.eps, v);
        u = normalize(mv(weightMat, v), 2, 0, fn.eps, u);
      }
    });
    u = u.clone();
    v = v.clone();
  }
  const sigma = dot(u, mv(weightMat, v));
  return weight.div(sigma);
}

/** See Note [Forward pre-hook by wrapping]. */
function installHook(module: Module): void {
  if (Object.prototype.hasOwnProperty.call(module, 'forward')) return;
  const forward = function (this: Module, ...inputs: unknown[]): unknown {
    for (const fn of HOOKS.get(this)?.values() ?? []) {
      setPlain(this, fn.name, computeWeight(this, fn, this.training));
    }
    return (Object.getPrototypeOf(this) as Module).forward.apply(this, inputs);
  };
  Object.defineProperty(module, 'forward', { value: forward, writable: true, configurable: true, enumerable: false });
}

export interface SpectralNormOpts {
  name?: string;
  n_power_iterations?: number;
  eps?: number;
  dim?: number | null;
}

/**
 * Divides module[name] by its spectral norm, estimated by one power-iteration step per forward in
 * training mode; dim defaults to 1 for transposed convolutions and 0 otherwise.
 */
export function spectral_norm<M extends Module>(
  module: M,
  ...args: [name?: string, n_power_iterations?: number, eps?: number, dim?: number | null] | [SpectralNormOpts]
): M {
  const o: SpectralNormOpts =
    typeof args[0] === 'object' && args[0] !== null
      ? args[0]
      : { name: args[0], n_power_iterations: args[1] as number, eps: args[2] as number, dim: args[3] as number };
  checkModule('spectral_norm', 'module', 1, module);
  const name = o.name ?? 'weight';
  const n = o.n_power_iterations ?? 1;
  checkString('spectral_norm', 'name', 2, name);
  checkNumber('spectral_norm', 'n_power_iterations', 3, n);
  if (o.eps !== undefined) checkNumber('spectral_norm', 'eps', 4, o.eps);
  if (o.dim !== undefined && o.dim !== null) checkNumber('spectral_norm', 'dim', 5, o.dim);
  const dim = o.dim ?? (module instanceof ConvTranspose1d || module instanceof ConvTranspose2d ? 1 : 0);
  let hooks = HOOKS.get(module);
  if (hooks === undefined) {
    hooks = new Map();
    HOOKS.set(module, hooks);
  }
  if (hooks.has(name)) throw new Error(`Cannot register two spectral_norm hooks on the same parameter ${name}`);
  if (n <= 0) throw new RangeError(`Expected n_power_iterations to be positive, but got n_power_iterations=${n}`);
  const fn: SpectralNormState = { name, n_power_iterations: n, dim, eps: o.eps ?? 1e-12 };
  const weight = attr(module, name);
  if (!(weight instanceof Parameter)) {
    throw new RangeError(`\`SpectralNorm\` cannot be applied as parameter \`${name}\` is None`);
  }
  const [u, v] = no_grad(() => {
    const weightMat = reshapeWeightToMatrix(weight, dim);
    const [h, w] = weightMat.shape;
    return [
      normalize(weight.new_empty([h]).normal_(0, 1), 2, 0, fn.eps),
      normalize(weight.new_empty([w]).normal_(0, 1), 2, 0, fn.eps),
    ];
  });
  module._delattr(name);
  module.register_parameter(`${name}_orig`, weight);
  setPlain(module, name, weight.data);
  module.register_buffer(`${name}_u`, u);
  module.register_buffer(`${name}_v`, v);
  hooks.set(name, fn);
  installHook(module);
  return module;
}

/** Undoes spectral_norm: module[name] becomes a parameter holding the current normalized weight. */
export function remove_spectral_norm<M extends Module>(module: M, name = 'weight'): M {
  checkModule('remove_spectral_norm', 'module', 1, module);
  checkString('remove_spectral_norm', 'name', 2, name);
  const hooks = HOOKS.get(module);
  const fn = hooks?.get(name);
  if (hooks === undefined || fn === undefined) {
    throw new RangeError(`spectral_norm of '${name}' not found in ${String(module)}`);
  }
  const weight = no_grad(() => computeWeight(module, fn, false));
  delete (module as unknown as Record<string, unknown>)[name];
  module._delattr(`${name}_u`);
  module._delattr(`${name}_v`);
  module._delattr(`${name}_orig`);
  module.register_parameter(name, new Parameter(weight.detach()));
  hooks.delete(name);
  if (hooks.size === 0) delete (module as unknown as Record<string, unknown>).forward;
  return module;
}
