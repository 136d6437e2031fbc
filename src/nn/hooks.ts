// Module hooks: forward pre-hooks, forward hooks, backward (pre-)hooks, per module and global
// (torch.nn.modules.module.register_module_*), and PyTorch's RemovableHandle.
//
// Note [Running hooks on forward]: PyTorch runs hooks in Module.__call__ (`model(x)`); a tensorgrad
// module runs with `model.forward(x)`, so hooks run when forward is called:
// - A module that gets a hook of its own has a hidden prototype slipped between it and its class
//   (`Object.setPrototypeOf`), whose `forward` runs the hooks around the class's forward
//   (`callImpl`, PyTorch's _call_impl). Own properties are untouched, so state_dict, printing,
//   parameters() and `instanceof` see nothing, and wrappers that install an own `forward` calling
//   the prototype's (spectral_norm, pruning) still work. When its last hook is removed the module
//   gets its class back as prototype.
// - Global hooks must reach every module: while any is registered, the `forward` of each Module
//   subclass prototype (every class whose instance was constructed) is wrapped; the wrapper runs
//   the hooks only for the most derived forward of the instance (so `super.forward(x)` does not
//   run them twice) and when the instance has no hidden prototype (which runs them itself).
//   Removing the last global hook restores the classes' own forwards.
// Calling `forward` directly therefore runs the hooks (unlike Python's `module.forward(x)`), and a
// `forward` defined as an instance field (an arrow-function property) hides them.

import { Tensor } from '../tensor/tensor.js';
import { checkFunction, checkOptionsArg, jsTypeName } from '../tensor/argcheck.js';
import { emitWarning } from '../tensor/warn.js';
import { handleIds, type Node } from '../autograd/node.js';
import { is_grad_enabled } from '../autograd/grad_mode.js';
import { Function as AutogradFunction, type FunctionCtx } from '../autograd/function.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyModule = any;
type Hook = (...args: never[]) => unknown;
type HookDict = Map<number, Hook>;

/** What register_*_hook returns: `.remove()` unregisters the hook; `.id` is its key. */
export class RemovableHandle {
  /** The key of the hook in its dictionary (PyTorch's RemovableHandle.id). */
  readonly id: number;
  private readonly dicts: Map<number, unknown>[];
  /** @internal Run after remove() (a module gives its class back when its last hook goes). */
  _onRemove: (() => void) | null = null;

  constructor(hooks_dict: Map<number, unknown>, opts?: { extra_dict?: Map<number, unknown> | Map<number, unknown>[] }) {
    const typeName = (v: unknown): string => (v === null || v === undefined ? 'NoneType' : jsTypeName(v));
    if (!(hooks_dict instanceof Map))
      throw new TypeError(`cannot create weak reference to '${typeName(hooks_dict)}' object`);
    checkOptionsArg('RemovableHandle', 2, opts);
    const extra = opts?.extra_dict ?? [];
    const extras = Array.isArray(extra) ? extra : [extra];
    for (const d of extras) {
      if (!(d instanceof Map)) throw new TypeError(`cannot create weak reference to '${typeName(d)}' object`);
    }
    this.id = handleIds.next++;
    this.dicts = [hooks_dict, ...extras];
  }

  remove(): void {
    for (const d of this.dicts) d.delete(this.id);
    this._onRemove?.();
  }

  toString(): string {
    return '<torch.utils.hooks.RemovableHandle>';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** A handle on hooks_dict (and extra), calling onRemove after remove(). */
function handle(
  hooksDict: Map<number, unknown>,
  extra: Map<number, unknown>[] = [],
  onRemove: (() => void) | null = null,
): RemovableHandle {
  const h = new RemovableHandle(hooksDict, { extra_dict: extra });
  h._onRemove = onRemove;
  return h;
}

/** A module's hook dictionaries (PyTorch's attributes of the same names). */
export interface HookStore {
  _forward_pre_hooks: HookDict;
  _forward_pre_hooks_with_kwargs: Map<number, boolean>;
  _forward_hooks: HookDict;
  _forward_hooks_with_kwargs: Map<number, boolean>;
  _forward_hooks_always_called: Map<number, boolean>;
  _backward_pre_hooks: HookDict;
  _backward_hooks: HookDict;
  _is_full_backward_hook: boolean | null;
  _state_dict_pre_hooks: HookDict;
}

const stores = new WeakMap<object, HookStore>();

/** @internal The hook dictionaries of module m, made on first use. */
export function hookStore(m: object): HookStore {
  let st = stores.get(m);
  if (st === undefined) {
    st = {
      _forward_pre_hooks: new Map(),
      _forward_pre_hooks_with_kwargs: new Map(),
      _forward_hooks: new Map(),
      _forward_hooks_with_kwargs: new Map(),
      _forward_hooks_always_called: new Map(),
      _backward_pre_hooks: new Map(),
      _backward_hooks: new Map(),
      _is_full_backward_hook: null,
      _state_dict_pre_hooks: new Map(),
    };
    stores.set(m, st);
  }
  return st;
}

function hasLocalHooks(st: HookStore | undefined): boolean {
  return (
    st !== undefined &&
    (st._forward_pre_hooks.size > 0 ||
      st._forward_hooks.size > 0 ||
      st._backward_hooks.size > 0 ||
      st._backward_pre_hooks.size > 0)
  );
}

// ------------------------------------------------------------------------------- global hooks

const g = {
  forward_pre: new Map() as HookDict,
  forward: new Map() as HookDict,
  forward_always_called: new Map<number, boolean>(),
  backward_pre: new Map() as HookDict,
  backward: new Map() as HookDict,
  is_full_backward_hook: null as boolean | null,
};

function globalsActive(): boolean {
  return g.forward_pre.size > 0 || g.forward.size > 0 || g.backward_pre.size > 0 || g.backward.size > 0;
}

// ------------------------------------------------------------------------ forward interception

const HIDDEN = Symbol('hookPrototype');
const hiddenProtos = new WeakMap<object, object>();

/** Slips the hook-running prototype under m (see Note [Running hooks on forward]). */
function attach(m: AnyModule): void {
  const proto = Object.getPrototypeOf(m) as object;
  if (Object.prototype.hasOwnProperty.call(proto, HIDDEN)) return;
  let hidden = hiddenProtos.get(proto);
  if (hidden === undefined) {
    hidden = Object.create(proto) as object;
    Object.defineProperty(hidden, HIDDEN, { value: proto });
    Object.defineProperty(hidden, 'forward', {
      configurable: true,
      writable: true,
      value: function forward(this: AnyModule, ...args: unknown[]): unknown {
        return callImpl(this, (proto as { forward: Hook }).forward, args);
      },
    });
    hiddenProtos.set(proto, hidden);
  }
  Object.setPrototypeOf(m, hidden);
}

/** Gives m its class back as prototype once it has no hooks left. */
function maybeDetach(m: AnyModule): void {
  if (hasLocalHooks(stores.get(m))) return;
  const proto = Object.getPrototypeOf(m) as Record<symbol, object>;
  if (!Object.prototype.hasOwnProperty.call(proto, HIDDEN)) return;
  // Something else defined properties on the hidden prototype meanwhile (a parametrization of a
  // Parametrized<Name> module): it stays, with a forward that only passes the call through.
  if (Reflect.ownKeys(proto).some((k) => k !== HIDDEN && k !== 'forward')) return;
  Object.setPrototypeOf(m, proto[HIDDEN]);
}

/** Every Module subclass prototype with an instance, and the original forwards of wrapped ones. */
const knownProtos = new Set<object>();
const wrapped = new Map<object, Hook>();
const WRAPPER = Symbol('globalHookWrapper');

/** @internal Called by Module's constructor: remembers the class (and wraps it while global hooks exist). */
export function noteModuleClass(proto: object): void {
  if (knownProtos.has(proto)) return;
  for (let p: object | null = proto; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p) as object) {
    knownProtos.add(p);
    if (globalsActive()) wrapProto(p);
  }
}

function wrapProto(p: object): void {
  if (wrapped.has(p) || !Object.prototype.hasOwnProperty.call(p, 'forward')) return;
  const desc = Object.getOwnPropertyDescriptor(p, 'forward') as PropertyDescriptor;
  const orig = desc.value as Hook;
  if (typeof orig !== 'function' || (orig as unknown as Record<symbol, unknown>)[WRAPPER]) return;
  const wrapper = function forward(this: AnyModule, ...args: unknown[]): unknown {
    if (!globalsActive() || mostDerivedForwardOwner(this) !== p) return orig.apply(this, args as never[]);
    return callImpl(this, orig, args);
  };
  Object.defineProperty(wrapper, WRAPPER, { value: true });
  wrapped.set(p, orig);
  Object.defineProperty(p, 'forward', { ...desc, value: wrapper });
}

/** The class prototype whose forward an instance runs; null when it has a hidden prototype or an own forward. */
function mostDerivedForwardOwner(m: object): object | null {
  for (let p = Object.getPrototypeOf(m) as object | null; p !== null; p = Object.getPrototypeOf(p) as object | null) {
    if (Object.prototype.hasOwnProperty.call(p, HIDDEN)) return null;
    if (Object.prototype.hasOwnProperty.call(p, 'forward')) return p;
  }
  return null;
}

function onGlobalChange(): void {
  if (globalsActive()) {
    for (const p of knownProtos) wrapProto(p);
  } else {
    for (const [p, orig] of wrapped) {
      const desc = Object.getOwnPropertyDescriptor(p, 'forward') as PropertyDescriptor;
      Object.defineProperty(p, 'forward', { ...desc, value: orig });
    }
    wrapped.clear();
  }
}

// ------------------------------------------------------------------------------ registration

interface ForwardPreHookOpts {
  prepend?: boolean;
  with_kwargs?: boolean;
}

interface ForwardHookOpts extends ForwardPreHookOpts {
  always_call?: boolean;
}

function checkOpts(fn: string, position: number, opts: unknown, allowed: readonly string[]): void {
  checkOptionsArg(fn, position, opts);
  for (const k of Object.keys((opts as object | undefined) ?? {})) {
    if (!allowed.includes(k)) throw new TypeError(`${fn}() got an unexpected keyword argument '${k}'`);
  }
}

function insert(dict: HookDict, id: number, hook: Hook, prepend: boolean): void {
  if (!prepend) {
    dict.set(id, hook);
    return;
  }
  const rest = [...dict];
  dict.clear();
  dict.set(id, hook);
  for (const [k, v] of rest) dict.set(k, v);
}

/** Module.register_forward_pre_hook. */
export function registerForwardPreHook(m: AnyModule, hook: Hook, opts?: ForwardPreHookOpts): RemovableHandle {
  checkFunction('register_forward_pre_hook', 'hook', 1, hook);
  checkOpts('register_forward_pre_hook', 2, opts, ['prepend', 'with_kwargs']);
  const st = hookStore(m);
  const h = handle(st._forward_pre_hooks, [st._forward_pre_hooks_with_kwargs], () => maybeDetach(m));
  insert(st._forward_pre_hooks, h.id, hook, opts?.prepend === true);
  if (opts?.with_kwargs) st._forward_pre_hooks_with_kwargs.set(h.id, true);
  attach(m);
  return h;
}

/** Module.register_forward_hook. */
export function registerForwardHook(m: AnyModule, hook: Hook, opts?: ForwardHookOpts): RemovableHandle {
  checkFunction('register_forward_hook', 'hook', 1, hook);
  checkOpts('register_forward_hook', 2, opts, ['prepend', 'with_kwargs', 'always_call']);
  const st = hookStore(m);
  const h = handle(st._forward_hooks, [st._forward_hooks_with_kwargs, st._forward_hooks_always_called], () =>
    maybeDetach(m),
  );
  insert(st._forward_hooks, h.id, hook, opts?.prepend === true);
  if (opts?.with_kwargs) st._forward_hooks_with_kwargs.set(h.id, true);
  if (opts?.always_call) st._forward_hooks_always_called.set(h.id, true);
  attach(m);
  return h;
}

const MIXED =
  'Cannot use both regular backward hooks and full backward hooks on a single Module. Please use only one of them.';

/** Module.register_full_backward_pre_hook (PyTorch 2.0). */
export function registerFullBackwardPreHook(m: AnyModule, hook: Hook, opts?: { prepend?: boolean }): RemovableHandle {
  checkFunction('register_full_backward_pre_hook', 'hook', 1, hook);
  checkOpts('register_full_backward_pre_hook', 2, opts, ['prepend']);
  const st = hookStore(m);
  const h = handle(st._backward_pre_hooks, [], () => maybeDetach(m));
  insert(st._backward_pre_hooks, h.id, hook, opts?.prepend === true);
  attach(m);
  return h;
}

/** Module.register_full_backward_hook (full: false is the legacy register_backward_hook). */
export function registerBackwardHook(
  m: AnyModule,
  hook: Hook,
  full: boolean,
  opts?: { prepend?: boolean },
): RemovableHandle {
  const name = full ? 'register_full_backward_hook' : 'register_backward_hook';
  checkFunction(name, 'hook', 1, hook);
  checkOpts(name, 2, opts, full ? ['prepend'] : []);
  const st = hookStore(m);
  if (st._is_full_backward_hook === !full) throw new Error(MIXED);
  st._is_full_backward_hook = full;
  const h = handle(st._backward_hooks, [], () => maybeDetach(m));
  insert(st._backward_hooks, h.id, hook, opts?.prepend === true);
  attach(m);
  return h;
}

/** Module.register_state_dict_pre_hook (PyTorch 2.0): hook(module, prefix, keep_vars) before state_dict. */
export function registerStateDictPreHook(m: AnyModule, hook: Hook): RemovableHandle {
  checkFunction('register_state_dict_pre_hook', 'hook', 1, hook);
  const st = hookStore(m);
  const h = handle(st._state_dict_pre_hooks);
  st._state_dict_pre_hooks.set(h.id, hook);
  return h;
}

/** @internal Runs m's state_dict pre-hooks (none: nothing is allocated). */
export function runStateDictPreHooks(m: object, prefix: string): void {
  const st = stores.get(m);
  if (st === undefined || st._state_dict_pre_hooks.size === 0) return;
  for (const hook of [...st._state_dict_pre_hooks.values()]) (hook as (...a: unknown[]) => unknown)(m, prefix, false);
}

// Global hooks: torch.nn.modules.module.register_module_*.

/** Registers a forward pre-hook common to all modules. */
export function register_module_forward_pre_hook(hook: Hook): RemovableHandle {
  checkFunction('register_module_forward_pre_hook', 'hook', 1, hook);
  const h = handle(g.forward_pre, [], onGlobalChange);
  g.forward_pre.set(h.id, hook);
  onGlobalChange();
  return h;
}

/** Registers a forward hook common to all modules (always_call: run even when forward throws). */
export function register_module_forward_hook(hook: Hook, opts?: { always_call?: boolean }): RemovableHandle {
  checkFunction('register_module_forward_hook', 'hook', 1, hook);
  checkOpts('register_module_forward_hook', 2, opts, ['always_call']);
  const h = handle(g.forward, [g.forward_always_called], onGlobalChange);
  g.forward.set(h.id, hook);
  if (opts?.always_call) g.forward_always_called.set(h.id, true);
  onGlobalChange();
  return h;
}

/** Registers a backward pre-hook common to all modules (PyTorch 2.0). */
export function register_module_full_backward_pre_hook(hook: Hook): RemovableHandle {
  checkFunction('register_module_full_backward_pre_hook', 'hook', 1, hook);
  const h = handle(g.backward_pre, [], onGlobalChange);
  g.backward_pre.set(h.id, hook);
  onGlobalChange();
  return h;
}

function registerGlobalBackward(name: string, hook: Hook, full: boolean): RemovableHandle {
  checkFunction(name, 'hook', 1, hook);
  if (g.is_full_backward_hook === !full) {
    throw new Error(
      'Cannot use both regular backward hooks and full backward hooks as a global Module hook. Please use only one of them.',
    );
  }
  g.is_full_backward_hook = full;
  const h = handle(g.backward, [], onGlobalChange);
  g.backward.set(h.id, hook);
  onGlobalChange();
  return h;
}

/** Registers a full backward hook common to all modules. */
export function register_module_full_backward_hook(hook: Hook): RemovableHandle {
  return registerGlobalBackward('register_module_full_backward_hook', hook, true);
}

/** Registers a legacy (non-full) backward hook common to all modules; deprecated in PyTorch. */
export function register_module_backward_hook(hook: Hook): RemovableHandle {
  return registerGlobalBackward('register_module_backward_hook', hook, false);
}

// ------------------------------------------------------------------------------ _call_impl

const isNone = (v: unknown): boolean => v === undefined || v === null;

const warned = new Set<string>();
/** @internal Forgets the warnings given (a test that checks one must not depend on running first). */
export function _forgetWarnings(): void {
  warned.clear();
}

/** A warning given once per message, as Python's default filter gives one per call site. */
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  emitWarning(message, 'UserWarning');
}

/** Appends kwargs (from a with_kwargs pre-hook) to the arguments as the trailing options object. */
function withKwargs(args: unknown[], kwargs: Record<string, unknown>): unknown[] {
  return Object.keys(kwargs).length === 0 ? args : [...args, kwargs];
}

/** PyTorch's Module._call_impl: runs forward between the hooks. */
function callImpl(m: AnyModule, forwardCall: Hook, argsIn: unknown[]): unknown {
  const st = stores.get(m);
  if (!hasLocalHooks(st) && !globalsActive()) return forwardCall.apply(m, argsIn as never[]);
  const s = st ?? hookStore(m);
  let args = argsIn;
  let kwargs: Record<string, unknown> = {};
  let result: unknown = null;
  const calledAlways = new Set<number>();
  try {
    const backwardPre = [...g.backward_pre.values(), ...s._backward_pre_hooks.values()];
    const full: Hook[] = [];
    const nonFull: Hook[] = [];
    if (g.is_full_backward_hook === true) full.push(...g.backward.values());
    if (s._is_full_backward_hook === true) full.push(...s._backward_hooks.values());
    if (g.is_full_backward_hook === false) nonFull.push(...g.backward.values());
    if (s._is_full_backward_hook === false) nonFull.push(...s._backward_hooks.values());

    for (const [id, hook] of [...g.forward_pre, ...s._forward_pre_hooks]) {
      if (s._forward_pre_hooks_with_kwargs.has(id)) {
        const r = (hook as (...a: unknown[]) => unknown)(m, args, kwargs);
        if (!isNone(r)) {
          if (Array.isArray(r) && r.length === 2) {
            args = Array.isArray(r[0]) ? (r[0] as unknown[]) : [r[0]];
            kwargs = (r[1] ?? {}) as Record<string, unknown>;
          } else {
            throw new Error(
              `forward pre-hook must return None or a tuple of (new_args, new_kwargs), but got ${String(r)}.`,
            );
          }
        }
      } else {
        const r = (hook as (...a: unknown[]) => unknown)(m, args);
        if (!isNone(r)) args = Array.isArray(r) ? r : [r];
      }
    }

    let bwHook: BackwardHook | null = null;
    if (full.length > 0 || backwardPre.length > 0) {
      bwHook = new BackwardHook(m, full, backwardPre);
      args = bwHook.setupInputHook(args);
    }
    result = forwardCall.apply(m, withKwargs(args, kwargs) as never[]);

    for (const [id, hook] of [...g.forward, ...s._forward_hooks]) {
      if (s._forward_hooks_always_called.has(id) || g.forward_always_called.has(id)) calledAlways.add(id);
      const r = s._forward_hooks_with_kwargs.has(id)
        ? (hook as (...a: unknown[]) => unknown)(m, args, kwargs, result)
        : (hook as (...a: unknown[]) => unknown)(m, args, result);
      if (!isNone(r)) result = r;
    }

    if (bwHook !== null) {
      if (!(result instanceof Tensor) && !Array.isArray(result)) {
        warnOnce(
          'For backward hooks to be called, module output should be a Tensor or a tuple of Tensors but received ' +
            pyClassName(result),
        );
      }
      result = bwHook.setupOutputHook(result);
    }

    if (nonFull.length > 0) {
      let v: unknown = result;
      while (!(v instanceof Tensor)) {
        if (Array.isArray(v)) v = v[0];
        else if (v !== null && typeof v === 'object') v = Object.values(v).find((x) => x instanceof Tensor);
        else break;
      }
      const gradFn = v instanceof Tensor ? v.grad_fn : null;
      if (gradFn !== null) {
        for (const hook of nonFull) {
          gradFn.register_hook((gi, go) => (hook as (...a: unknown[]) => unknown)(m, gi, go) as (Tensor | null)[]);
        }
        warnNonFullBackwardHook(args, result, gradFn);
      }
    }
    return result;
  } catch (e) {
    for (const [id, hook] of g.forward) {
      if (!g.forward_always_called.has(id) || calledAlways.has(id)) continue;
      try {
        const r = (hook as (...a: unknown[]) => unknown)(m, args, result);
        if (!isNone(r)) result = r;
      } catch (err) {
        emitWarning(
          'global module forward hook with ``always_call=True`` raised an exception that was silenced as another ' +
            `error was raised in forward: ${(err as Error).message}`,
          'UserWarning',
        );
      }
    }
    for (const [id, hook] of s._forward_hooks) {
      if (!s._forward_hooks_always_called.has(id) || calledAlways.has(id)) continue;
      try {
        const r = s._forward_hooks_with_kwargs.has(id)
          ? (hook as (...a: unknown[]) => unknown)(m, args, kwargs, result)
          : (hook as (...a: unknown[]) => unknown)(m, args, result);
        if (!isNone(r)) result = r;
      } catch (err) {
        emitWarning(
          'module forward hook with ``always_call=True`` raised an exception that was silenced as another error ' +
            `was raised in forward: ${(err as Error).message}`,
          'UserWarning',
        );
      }
    }
    throw e;
  }
}

function pyClassName(v: unknown): string {
  if (v === null || v === undefined) return "<class 'NoneType'>";
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) return "<class 'dict'>";
  return `<class '${jsTypeName(v)}'>`;
}

/** PyTorch's Module._maybe_warn_non_full_backward_hook. */
function warnNonFullBackwardHook(inputsIn: unknown[], resultIn: unknown, gradFn: Node): void {
  let result: unknown[];
  if (resultIn instanceof Tensor) result = [resultIn];
  else if (Array.isArray(resultIn) && resultIn.every((r) => r instanceof Tensor)) result = resultIn;
  else {
    warnOnce(
      'Using non-full backward hooks on a Module that does not return a single Tensor or a tuple of Tensors is ' +
        'deprecated and will be removed in future versions. This hook will be missing some of the grad_output. ' +
        'Please use register_full_backward_hook to get the documented behavior.',
    );
    return;
  }
  if (!inputsIn.every((i) => i instanceof Tensor)) {
    warnOnce(
      'Using non-full backward hooks on a Module that does not take as input a single Tensor or a tuple of ' +
        'Tensors is deprecated and will be removed in future versions. This hook will be missing some of the ' +
        'grad_input. Please use register_full_backward_hook to get the documented behavior.',
    );
    return;
  }
  const inputs = inputsIn as Tensor[];
  const outFns = new Set((result as Tensor[]).map((r) => r.grad_fn).filter((f) => f !== null));
  if (outFns.size === 0 || (outFns.size === 1 && !outFns.has(gradFn))) {
    warnOnce(
      'Using a non-full backward hook when outputs are nested in python data structure is deprecated and will ' +
        'be removed in future versions. This hook will be missing some grad_output.',
    );
  } else if (outFns.size > 1) {
    warnOnce(
      'Using a non-full backward hook when outputs are generated by different autograd Nodes is deprecated and ' +
        'will be removed in future versions. This hook will be missing some grad_output. Please use ' +
        'register_full_backward_hook to get the documented behavior.',
    );
  } else {
    const inFns = new Set(inputs.map((i) => i.grad_fn).filter((f) => f !== null));
    const next = new Set(gradFn.next_functions.map((e) => e[0]));
    const same = inFns.size === next.size && [...inFns].every((f) => next.has(f));
    if (!same) {
      warnOnce(
        'Using a non-full backward hook when the forward contains multiple autograd Nodes is deprecated and will ' +
          'be removed in future versions. This hook will be missing some grad_input. Please use ' +
          'register_full_backward_hook to get the documented behavior.',
      );
    }
  }
}

// ------------------------------------------------------------------------------ BackwardHook

/** The identity Function whose node carries a module's backward hooks (torch.nn.modules._functions). */
class BackwardHookFunction extends AutogradFunction {
  static forward(ctx: FunctionCtx, ...args: Tensor[]): Tensor[] {
    ctx.mark_non_differentiable(...args.filter((a) => !a.requires_grad));
    return args;
  }

  static backward(_ctx: FunctionCtx, ...grads: (Tensor | null)[]): (Tensor | null)[] {
    return grads;
  }
}

type Grads = (Tensor | null)[];

/** PyTorch's torch.utils.hooks.BackwardHook: full backward (pre-)hooks of one module call. */
class BackwardHook {
  private gradOutputs: Grads | null = null;
  private nOutputs = -1;
  private outputIndex: number[] | null = null;
  private nInputs = -1;
  private inputIndex: number[] | null = null;

  constructor(
    private readonly module: AnyModule,
    private readonly userHooks: Hook[],
    private readonly userPreHooks: Hook[],
  ) {}

  private packWithNone(indices: number[], values: readonly (Tensor | null)[], size: number): Grads {
    const res: Grads = new Array<Tensor | null>(size).fill(null);
    indices.forEach((idx, k) => (res[idx] = values[k] ?? null));
    return res;
  }

  private applyOnTensors(fn: (gradFn: Node) => void, args: unknown[]): [unknown[], number[] | null] {
    const idx: number[] = [];
    const tensors: Tensor[] = [];
    let requiresGrad = false;
    args.forEach((a, i) => {
      if (a instanceof Tensor) {
        idx.push(i);
        tensors.push(a);
        requiresGrad ||= a.requires_grad;
      }
    });
    if (!(requiresGrad && is_grad_enabled())) return [args, null];
    const out = BackwardHookFunction.apply(...tensors) as unknown as Tensor[];
    if (out.length === 0) throw new Error('Cannot set Module backward hook for a Module with no input Tensors.');
    const fns = out.map((t) => t.grad_fn).filter((f) => f !== null && f.name() === 'BackwardHookFunctionBackward');
    if (fns.length === 0) {
      throw new Error(
        'Error while setting up backward hooks. Please open an issue with a code sample to reproduce this.',
      );
    }
    fn(fns[0] as Node);
    const list = [...args];
    idx.forEach((i, k) => (list[i] = out[k]));
    return [list, idx];
  }

  setupInputHook(args: unknown[]): unknown[] {
    const [res, idx] = this.applyOnTensors((gradFn) => {
      gradFn.register_hook((gradInput) => {
        if (this.gradOutputs === null) return undefined;
        let res: unknown[] = this.packWithNone(this.inputIndex as number[], gradInput, this.nInputs);
        for (const hook of this.userHooks) {
          const out = (hook as (...a: unknown[]) => unknown)(this.module, res, this.gradOutputs);
          if (isNone(out)) continue;
          const list = out as unknown[];
          if (list.length !== res.length) {
            throw new Error(
              `Backward hook returned an invalid number of grad_input, got ${list.length}, but expected ${res.length}`,
            );
          }
          res = list;
        }
        this.gradOutputs = null;
        return (this.inputIndex as number[]).map((i) => (res[i] ?? null) as Tensor | null);
      });
    }, args);
    this.nInputs = args.length;
    this.inputIndex = idx;
    return res;
  }

  setupOutputHook(result: unknown): unknown {
    const isTuple = Array.isArray(result);
    const args = isTuple ? result : [result];
    const [res, idx] = this.applyOnTensors((gradFn) => {
      gradFn.register_prehook((gradOutput) => {
        this.gradOutputs = this.packWithNone(this.outputIndex as number[], gradOutput, this.nOutputs);
        if (this.userPreHooks.length > 0) {
          const expected = this.gradOutputs.length;
          for (const hook of this.userPreHooks) {
            const r = (hook as (...a: unknown[]) => unknown)(this.module, this.gradOutputs);
            if (isNone(r)) continue;
            const list = r as Grads;
            if (list.length !== expected) {
              throw new Error(
                `Backward pre hook returned an invalid number of grad_output, got ${list.length}, but expected ${expected}`,
              );
            }
            this.gradOutputs = list;
          }
        }
        const local = this.gradOutputs;
        if (this.inputIndex === null) {
          warnOnce(
            'Full backward hook is firing when gradients are computed with respect to module outputs since no ' +
              'inputs require gradients. See https://docs.pytorch.org/docs/main/generated/torch.nn.Module.html#torch.nn.Module.register_full_backward_hook ' +
              'for more details.',
          );
          const gradInputs = this.packWithNone([], [], this.nInputs);
          for (const hook of this.userHooks) {
            const r = (hook as (...a: unknown[]) => unknown)(this.module, gradInputs, this.gradOutputs);
            if (!isNone(r) && !(Array.isArray(r) && r.every(isNone))) {
              throw new Error(
                'Backward hook for Modules where no input requires gradient should always return None or None ' +
                  'for all gradients.',
              );
            }
          }
          this.gradOutputs = null;
        }
        if (local !== null) return (this.outputIndex as number[]).map((i) => local[i] ?? null);
        return undefined;
      });
    }, args);
    this.nOutputs = args.length;
    this.outputIndex = idx;
    return isTuple ? res : res[0];
  }
}
