// torch.func.functional_call and stack_module_state: calling a module with parameters and buffers
// given as values rather than held by it (the basis of per-sample gradients and ensembling with
// torch.func's transforms).

import { Tensor } from '../tensor/tensor.js';
import { argTypeError, jsTypeName } from '../tensor/argcheck.js';
import { Module } from './module.js';
import { stack } from '../api/torch.js';

/** Parameters and buffers by dotted name: a Map (as state_dict gives) or a plain object. */
export type NamedTensors = Map<string, Tensor> | Record<string, Tensor>;

function entriesOf(d: NamedTensors): [string, Tensor][] {
  return d instanceof Map ? [...d.entries()] : Object.entries(d);
}

function owner(module: Module, name: string): [Record<string, unknown>, string] {
  const parts = name.split('.');
  let m: unknown = module;
  for (const p of parts.slice(0, -1)) {
    const next = (m as Record<string, unknown>)[p];
    if (!(next instanceof Module)) throw new Error(`${(m as Module).constructor.name} has no attribute \`${p}\``);
    m = next;
  }
  return [m as Record<string, unknown>, parts[parts.length - 1]];
}

export interface FunctionalCallOpts {
  /** Accepted for compatibility: tied weights are one property here, so they stay tied. */
  tie_weights?: boolean;
  /** Every parameter and buffer of the module must be given. */
  strict?: boolean;
}

/**
 * functional_call(module, parameters_and_buffers, args): module.forward(...args) with the named
 * tensors in place of the module's own for this one call (they are put back afterwards, also
 * when forward throws).
 */
export function functional_call(
  module: Module,
  parameter_and_buffer_dicts: NamedTensors | readonly NamedTensors[],
  args?: unknown,
  kwargs?: Record<string, unknown> | null,
  opts: FunctionalCallOpts = {},
): unknown {
  if (!(module instanceof Module)) throw argTypeError('functional_call', 'module', 1, 'Module', module);
  const dicts = Array.isArray(parameter_and_buffer_dicts)
    ? (parameter_and_buffer_dicts as NamedTensors[])
    : [parameter_and_buffer_dicts as NamedTensors];
  const given = new Map<string, Tensor>();
  for (const d of dicts) {
    const proto: unknown = d !== null && typeof d === 'object' ? Object.getPrototypeOf(d) : undefined;
    if (!(d instanceof Map) && proto !== Object.prototype && proto !== null) {
      throw new Error(`Expected all elements of parameter_and_buffer_dicts to be dictionaries, got ${jsTypeName(d)}`);
    }
    for (const [k, v] of entriesOf(d)) {
      if (given.has(k)) {
        throw new Error(`['${k}'] appeared in multiple dictionaries; behavior of functional call is ambiguous`);
      }
      if (!(v instanceof Tensor))
        throw new TypeError(`functional_call: value of '${k}' must be a Tensor, got ${jsTypeName(v)}`);
      given.set(k, v);
    }
  }
  if (opts.strict) {
    const names = [...module.named_parameters()].map(([n]) => n).concat([...module.named_buffers()].map(([n]) => n));
    const missing = names.filter((n) => !given.has(n));
    const unexpected = [...given.keys()].filter((n) => !names.includes(n));
    if (missing.length > 0 || unexpected.length > 0) {
      throw new Error(
        `Error(s) in reparametrizing for ${module.constructor.name}:\n` +
          (unexpected.length > 0 ? `\tUnexpected key(s): ${unexpected.map((k) => `'${k}'`).join(', ')}.\n` : '') +
          (missing.length > 0 ? `\tMissing key(s): ${missing.map((k) => `'${k}'`).join(', ')}.` : ''),
      );
    }
  }
  const saved: [Record<string, unknown>, string, unknown][] = [];
  try {
    for (const [name, t] of given) {
      const [m, attr] = owner(module, name);
      if (!(attr in m)) throw new Error(`${m.constructor.name} has no attribute \`${attr}\``);
      saved.push([m, attr, m[attr]]);
      m[attr] = t;
    }
    const list = args === undefined ? [] : Array.isArray(args) ? args : [args];
    const forward = module.forward.bind(module) as (...a: unknown[]) => unknown;
    return kwargs ? forward(...list, kwargs) : forward(...list);
  } finally {
    for (let i = saved.length - 1; i >= 0; i--) {
      const [m, attr, v] = saved[i];
      m[attr] = v;
    }
  }
}

/**
 * stack_module_state(models): [params, buffers], each name mapped to the models' tensors stacked
 * along a new first dim (parameters as new leaves that require grad), for vmap over an ensemble.
 */
export function stack_module_state(models: readonly Module[]): [Record<string, Tensor>, Record<string, Tensor>] {
  if (!Array.isArray(models)) throw argTypeError('stack_module_state', 'models', 1, 'List[Module]', models);
  if (models.length === 0) throw new Error('stack_module_state: Expected at least one model, got 0.');
  // some(), not find(): find() cannot tell a missing element from an undefined one.
  if (models.some((m) => !(m instanceof Module)))
    throw argTypeError('stack_module_state', 'models', 1, 'List[Module]', models);
  if (!(models.every((m) => m.training) || models.every((m) => !m.training))) {
    throw new Error('stack_module_state: Expected all models to have the same training/eval mode.');
  }
  const first = models[0].constructor;
  if (!models.every((m) => m instanceof Module && m.constructor === first)) {
    throw new Error('stack_module_state: Expected all models to be of the same class.');
  }
  const params: Record<string, Tensor> = {};
  for (const [name] of models[0].named_parameters()) {
    const ts = models.map((m) => new Map(m.named_parameters()).get(name) as Tensor);
    const s = stack(ts.map((t) => t.detach()));
    params[name] = ts.every((t) => t.requires_grad) ? s.requires_grad_() : s;
  }
  const buffers: Record<string, Tensor> = {};
  for (const [name] of models[0].named_buffers()) {
    buffers[name] = stack(models.map((m) => new Map(m.named_buffers()).get(name) as Tensor));
  }
  return [params, buffers];
}
