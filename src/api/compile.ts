// torch.compile (PyTorch 2). tensorgrad has no graph compiler: the function or module comes back as
// it is and runs eagerly, which is the behavior torch.compile promises to keep (the same results).

import { Module } from '../nn/module.js';
import { checkOptionsArg, jsTypeName } from '../tensor/argcheck.js';

/** torch.compile's keyword arguments; accepted and not used. */
export interface CompileOpts {
  fullgraph?: boolean;
  dynamic?: boolean | null;
  backend?: string | ((...args: never[]) => unknown);
  mode?: string | null;
  options?: Record<string, unknown> | null;
  disable?: boolean;
}

type Compilable = ((...args: never[]) => unknown) | Module;

/**
 * torch.compile(model, opts): `model` itself (a function or a Module), to run eagerly.
 * torch.compile(opts) (no model: `@torch.compile(mode=...)`) returns the decorator doing that.
 */
export function compile<T extends Compilable>(model: T, opts?: CompileOpts): T;
export function compile(opts?: CompileOpts): <T extends Compilable>(model: T) => T;
export function compile(model?: unknown, opts?: CompileOpts): unknown {
  if (model === undefined || model === null || (typeof model === 'object' && !(model instanceof Module))) {
    checkOptionsArg('compile', 1, model ?? undefined);
    return <T extends Compilable>(m: T): T => compile(m, model as CompileOpts);
  }
  checkOptionsArg('compile', 2, opts);
  if (typeof model !== 'function' && !(model instanceof Module)) {
    throw new TypeError(`torch.compile: expected a function or an nn.Module, got ${jsTypeName(model)}`);
  }
  return model;
}
