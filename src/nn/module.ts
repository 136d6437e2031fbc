// nn.Module: the base of every layer.
//
// Note [Module registration]: PyTorch registers parameters, buffers and submodules in __setattr__.
// JavaScript has no such hook, so a module's own properties are read in insertion order:
// Parameter values are parameters, Module values are submodules, and tensors named through
// register_buffer are buffers. A property set to null after register_parameter/register_module
// (bias=False) stays registered as None, as in PyTorch, and is skipped by parameters().

import { Tensor } from '../tensor/tensor.js';
import { boolParam, checkFunction, jsTypeName } from '../tensor/argcheck.js';
import { no_grad } from '../autograd/grad_mode.js';
import { bfloat16, DType, float16, toDType, UnsupportedDType } from '../tensor/dtype.js';
import { checkDevice, Device } from '../tensor/device.js';
import { Parameter } from './parameter.js';
import {
  hookStore,
  noteModuleClass,
  registerBackwardHook,
  registerForwardHook,
  registerForwardPreHook,
  registerFullBackwardPreHook,
  registerStateDictPreHook,
  runStateDictPreHooks,
  type RemovableHandle,
} from './hooks.js';

export type StateDict = Map<string, Tensor>;

/** The Map state_dict() returns: prints as Python's OrderedDict of (key, tensor) pairs. */
export class OrderedDict<K, V> extends Map<K, V> {
  toString(): string {
    const items = [...this].map(([k, v]) => `(${typeof k === 'string' ? `'${k}'` : String(k)}, ${String(v)})`);
    return items.length === 0 ? 'OrderedDict()' : `OrderedDict([${items.join(', ')}])`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

export interface LoadResult {
  missing_keys: string[];
  unexpected_keys: string[];
}

/** register_buffer/register_parameter/register_module's checks of the name, with PyTorch's messages. */
function checkMemberName(kind: string, name: unknown): asserts name is string {
  if (typeof name !== 'string') throw new TypeError(`${kind} name should be a string. Got ${jsTypeName(name)}`);
  if (name.includes('.'))
    throw new RangeError(`${kind} name can't contain "."${kind === 'module' ? `, got: ${name}` : ''}`);
  if (name === '') throw new RangeError(`${kind} name can't be empty string ""`);
}

const NON_PERSISTENT = Symbol('nonPersistentBuffers');
const BUFFERS = Symbol('buffers');

export abstract class Module {
  training = true;
  private [BUFFERS] = new Set<string>();
  private [NON_PERSISTENT] = new Set<string>();

  constructor() {
    noteModuleClass(new.target.prototype as object);
  }

  abstract forward(...inputs: unknown[]): unknown;

  // Hooks (src/nn/hooks.ts, Note [Running hooks on forward]): they run whenever forward is called.

  /**
   * hook(module, args) runs before forward; returning a value replaces args (a non-array is
   * wrapped as a 1-tuple). with_kwargs: hook(module, args, kwargs) returns [args, kwargs].
   */
  register_forward_pre_hook(
    hook: (...a: never[]) => unknown,
    opts?: { prepend?: boolean; with_kwargs?: boolean },
  ): RemovableHandle {
    return registerForwardPreHook(this, hook, opts);
  }

  /** hook(module, args, output) runs after forward; returning a value replaces the output. */
  register_forward_hook(
    hook: (...a: never[]) => unknown,
    opts?: { prepend?: boolean; with_kwargs?: boolean; always_call?: boolean },
  ): RemovableHandle {
    return registerForwardHook(this, hook, opts);
  }

  /** hook(module, grad_output) runs before the module's gradients are computed; may return new grad_output. */
  register_full_backward_pre_hook(hook: (...a: never[]) => unknown, opts?: { prepend?: boolean }): RemovableHandle {
    return registerFullBackwardPreHook(this, hook, opts);
  }

  /** hook(module, grad_input, grad_output) runs once the gradients of the module's inputs are computed. */
  register_full_backward_hook(hook: (...a: never[]) => unknown, opts?: { prepend?: boolean }): RemovableHandle {
    return registerBackwardHook(this, hook, true, opts);
  }

  /** The deprecated backward hook: on the grad_fn of the output (see register_full_backward_hook). */
  register_backward_hook(hook: (...a: never[]) => unknown): RemovableHandle {
    return registerBackwardHook(this, hook, false);
  }

  /** hook(module, prefix, keep_vars) runs before state_dict collects this module's entries (PyTorch 2.0). */
  register_state_dict_pre_hook(hook: (...a: never[]) => unknown): RemovableHandle {
    return registerStateDictPreHook(this, hook);
  }

  /** @internal PyTorch's hook dictionaries (id -> hook), in the order the hooks run. */
  get _forward_hooks(): Map<number, unknown> {
    return hookStore(this)._forward_hooks;
  }

  /** @internal */
  get _forward_pre_hooks(): Map<number, unknown> {
    return hookStore(this)._forward_pre_hooks;
  }

  /** @internal */
  get _backward_hooks(): Map<number, unknown> {
    return hookStore(this)._backward_hooks;
  }

  /** @internal */
  get _backward_pre_hooks(): Map<number, unknown> {
    return hookStore(this)._backward_pre_hooks;
  }

  /** @internal */
  get _forward_hooks_with_kwargs(): Map<number, boolean> {
    return hookStore(this)._forward_hooks_with_kwargs;
  }

  /** @internal */
  get _forward_hooks_always_called(): Map<number, boolean> {
    return hookStore(this)._forward_hooks_always_called;
  }

  /** @internal */
  get _forward_pre_hooks_with_kwargs(): Map<number, boolean> {
    return hookStore(this)._forward_pre_hooks_with_kwargs;
  }

  /** @internal */
  get _is_full_backward_hook(): boolean | null {
    return hookStore(this)._is_full_backward_hook;
  }

  /** Adds a buffer: state that is not a parameter (running means); persistent ones are saved. */
  register_buffer(name: string, tensor: Tensor | null, persistent = true): void {
    checkMemberName('buffer', name);
    if (tensor !== null && !(tensor instanceof Tensor)) {
      throw new TypeError(
        `cannot assign '${jsTypeName(tensor)}' object to buffer '${name}' (torch Tensor or None required)`,
      );
    }
    (this as unknown as Record<string, unknown>)[name] = tensor;
    this[BUFFERS].add(name);
    if (!persistent) this[NON_PERSISTENT].add(name);
  }

  /** @internal Whether `name` is a registered buffer of this module (PyTorch's `name in _buffers`). */
  _hasBuffer(name: string): boolean {
    return this[BUFFERS].has(name);
  }

  /** @internal PyTorch's __delattr__: forgets the parameter, buffer or submodule of this name. */
  _delattr(name: string): void {
    delete (this as unknown as Record<string, unknown>)[name];
    this[BUFFERS].delete(name);
    this[NON_PERSISTENT].delete(name);
  }

  register_parameter(name: string, param: Parameter | null): void {
    checkMemberName('parameter', name);
    if (param !== null && !(param instanceof Parameter)) {
      throw new TypeError(
        `cannot assign '${jsTypeName(param)}' object to parameter '${name}' (torch.nn.Parameter or None required)`,
      );
    }
    (this as unknown as Record<string, unknown>)[name] = param;
  }

  register_module(name: string, module: Module | null): void {
    if (module !== null && !(module instanceof Module))
      throw new TypeError(`${jsTypeName(module)} is not a Module subclass`);
    checkMemberName('module', name);
    (this as unknown as Record<string, unknown>)[name] = module;
  }

  add_module(name: string, module: Module | null): void {
    this.register_module(name, module);
  }

  private _ownEntries(): [string, unknown][] {
    return Object.entries(this).filter(([k]) => k !== 'training');
  }

  *named_parameters(prefix = '', recurse = true): IterableIterator<[string, Parameter]> {
    const seen = new Set<Tensor>();
    const modules: Iterable<[string, Module]> = recurse ? this.named_modules(prefix) : [[prefix, this]];
    for (const [modPrefix, m] of modules) {
      for (const [k, v] of m._ownEntries()) {
        if (v instanceof Parameter && !seen.has(v)) {
          seen.add(v);
          yield [modPrefix ? `${modPrefix}.${k}` : k, v];
        }
      }
    }
  }

  *parameters(recurse = true): IterableIterator<Parameter> {
    for (const [, p] of this.named_parameters('', recurse)) yield p;
  }

  *named_buffers(prefix = '', recurse = true): IterableIterator<[string, Tensor]> {
    const modules: Iterable<[string, Module]> = recurse ? this.named_modules(prefix) : [[prefix, this]];
    for (const [modPrefix, m] of modules) {
      for (const name of m[BUFFERS]) {
        const v = (m as unknown as Record<string, unknown>)[name];
        if (v instanceof Tensor) yield [modPrefix ? `${modPrefix}.${name}` : name, v];
      }
    }
  }

  *buffers(recurse = true): IterableIterator<Tensor> {
    for (const [, b] of this.named_buffers('', recurse)) yield b;
  }

  /** [name, submodule] pairs of direct children, in definition order (a module held twice once). */
  *named_children(): IterableIterator<[string, Module]> {
    const seen = new Set<Module>();
    for (const [k, v] of this._ownEntries()) {
      if (v instanceof Module && !seen.has(v)) {
        seen.add(v);
        yield [k, v];
      }
    }
  }

  /** Every registered submodule by name, shared ones under each name (as _modules holds them). */
  private *ownModules(): IterableIterator<[string, Module]> {
    for (const [k, v] of this._ownEntries()) if (v instanceof Module) yield [k, v];
  }

  *children(): IterableIterator<Module> {
    for (const [, m] of this.named_children()) yield m;
  }

  *named_modules(prefix = ''): IterableIterator<[string, Module]> {
    // Iterative pre-order walk (deep module trees must not overflow the stack).
    const stack: [string, Module][] = [[prefix, this]];
    const seen = new Set<Module>();
    while (stack.length > 0) {
      const [p, m] = stack.pop() as [string, Module];
      if (seen.has(m)) continue;
      seen.add(m);
      yield [p, m];
      const kids = [...m.named_children()].map(([k, c]): [string, Module] => [p ? `${p}.${k}` : k, c]);
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
    }
  }

  *modules(): IterableIterator<Module> {
    for (const [, m] of this.named_modules()) yield m;
  }

  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** Clears parameter gradients (set to null by default, as PyTorch 2 does). */
  zero_grad(set_to_none: boolean | { set_to_none?: boolean } = true): void {
    const toNone = boolParam('zero_grad', 'set_to_none', set_to_none, true);
    for (const p of this.parameters()) {
      if (p.grad === null) continue;
      if (toNone) p.grad = null;
      else no_grad(() => p.grad?.zero_());
    }
  }

  requires_grad_(flag = true): this {
    for (const p of this.parameters()) p.requires_grad_(flag);
    return this;
  }

  /** Calls fn on every submodule (children first) and then on this module. */
  apply(fn: (m: Module) => void): this {
    checkFunction('apply', 'fn', 1, fn);
    for (const c of this.children()) c.apply(fn);
    fn(this);
    return this;
  }

  /**
   * Parameters and persistent buffers by dotted name, in PyTorch's order (a module's own entries,
   * then each submodule's, depth first; a shared submodule under every name); values are detached.
   */
  state_dict(): StateDict {
    const out: StateDict = new OrderedDict();
    // Iterative pre-order walk without deduplication, as PyTorch's recursive state_dict.
    const stack: [string, Module][] = [['', this]];
    while (stack.length > 0) {
      const [prefix, m] = stack.pop() as [string, Module];
      runStateDictPreHooks(m, prefix);
      for (const [k, v] of m._ownEntries()) if (v instanceof Parameter) out.set(prefix + k, v.detach());
      for (const name of m[BUFFERS]) {
        const v = (m as unknown as Record<string, unknown>)[name];
        if (v instanceof Tensor && !m[NON_PERSISTENT].has(name)) out.set(prefix + name, v.detach());
      }
      const kids = [...m.ownModules()];
      for (let i = kids.length - 1; i >= 0; i--) stack.push([`${prefix}${kids[i][0]}.`, kids[i][1]]);
    }
    return out;
  }

  /** Copies values into parameters and buffers; with strict, keys must match exactly. */
  load_state_dict(state: StateDict | Record<string, Tensor>, strict = true): LoadResult {
    const proto: unknown = state !== null && typeof state === 'object' ? Object.getPrototypeOf(state) : undefined;
    const plain = proto === Object.prototype || proto === null;
    if (!(state instanceof Map) && !plain) {
      throw new TypeError(`Expected state_dict to be dict-like, got ${jsTypeName(state)}.`);
    }
    const given = state instanceof Map ? state : new Map(Object.entries(state));
    for (const [k, v] of given) {
      if (!(v instanceof Tensor)) {
        throw new TypeError(
          `While copying the parameter named "${k}", expected torch.Tensor or Tensor-like object from checkpoint but received ${jsTypeName(v)}`,
        );
      }
    }
    const own = this.state_dict();
    const missing = [...own.keys()].filter((k) => !given.has(k));
    const unexpected = [...given.keys()].filter((k) => !own.has(k));
    const errors: string[] = [];
    for (const [k, target] of own) {
      const src = given.get(k);
      if (src === undefined) continue;
      if (src.shape.join() !== target.shape.join()) {
        errors.push(
          `\tsize mismatch for ${k}: copying a param with shape torch.Size([${src.shape.join(', ')}]) from checkpoint, the shape in current model is torch.Size([${target.shape.join(', ')}]).`,
        );
      }
    }
    if (strict) {
      if (unexpected.length > 0)
        errors.unshift(`\tUnexpected key(s) in state_dict: ${unexpected.map((k) => `"${k}"`).join(', ')}. `);
      if (missing.length > 0)
        errors.unshift(`\tMissing key(s) in state_dict: ${missing.map((k) => `"${k}"`).join(', ')}. `);
    }
    if (errors.length > 0) {
      throw new Error(`Error(s) in loading state_dict for ${this.constructor.name}:\n${errors.join('\n')}`);
    }
    no_grad(() => {
      for (const [k, target] of own) {
        const src = given.get(k);
        if (src !== undefined) target.copy_(src);
      }
    });
    return incompatibleKeys(missing, unexpected);
  }

  /**
   * Casts floating parameters and buffers to dtype, in place (as Module.to does): to(dtype),
   * to(device), to(device, dtype), to(tensor) or to({ device, dtype }). Only the CPU exists, so a
   * device other than 'cpu' is refused and 'cpu' changes nothing.
   */
  to(
    a?: DType | string | Device | Tensor | { device?: string | Device; dtype?: DType | string } | null,
    b?: DType | string | null,
  ): this {
    let dtype: DType | string | null | undefined;
    if (a instanceof Tensor) dtype = a.dtype;
    else if (a instanceof Device) [dtype] = (checkDevice(a), [b]);
    else if (typeof a === 'string' && !isDTypeName(a)) [dtype] = (checkDevice(a), [b]);
    else if (a instanceof UnsupportedDType)
      toDType(a as never); // throws its message
    else if (a !== null && typeof a === 'object' && !(a instanceof DType)) {
      checkDevice(a.device);
      dtype = a.dtype;
    } else dtype = a;
    if (dtype === null || dtype === undefined) return this;
    toDType(dtype);
    for (const m of this.modules()) {
      for (const [k, v] of m._ownEntries()) {
        if (!(v instanceof Tensor) || !v.dtype.is_floating_point) continue;
        if (v instanceof Parameter) {
          v.data = v.detach().to(dtype);
          if (v.grad !== null) v.grad = v.grad.to(dtype);
        } else if (m[BUFFERS].has(k)) {
          (m as unknown as Record<string, unknown>)[k] = v.to(dtype);
        }
      }
    }
    return this;
  }

  float(): this {
    return this.to('float32');
  }

  double(): this {
    return this.to('float64');
  }

  /** Module.half() / bfloat16(): tensorgrad has no 16-bit floats, so these refuse (toDType's message). */
  half(): this {
    return this.to(float16 as never);
  }

  bfloat16(): this {
    return this.to(bfloat16 as never);
  }

  /** The module's own arguments in its repr (PyTorch's extra_repr). */
  extra_repr(): string {
    return '';
  }

  /** PyTorch's module repr: `Name(extra)` or a tree of `(child): repr` lines. */
  toString(): string {
    const lines: string[] = [];
    const extra = this.extra_repr();
    if (extra) lines.push(...extra.split('\n'));
    const kids = [...this.ownModules()];
    for (const [k, m] of kids) {
      const child = String(m).split('\n').join('\n  ');
      lines.push(`(${k}): ${child}`);
    }
    const name = this.constructor.name;
    if (lines.length === 0) return `${name}()`;
    if (lines.length === 1 && kids.length === 0) return `${name}(${lines[0]})`;
    return `${name}(\n  ${lines.join('\n  ')}\n)`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

// PyTorch's _forward_unimplemented: a Module without a forward of its own (new nn.Module(), which
// JavaScript lets one construct) throws PyTorch's message when run, not "forward is not a function".
Object.defineProperty(Module.prototype, 'forward', {
  value: function forward(this: Module): never {
    throw new Error(`Module [${this.constructor.name}] is missing the required "forward" function`);
  },
  writable: true,
  configurable: true,
});

function isDTypeName(s: string): boolean {
  try {
    toDType(s);
    return true;
  } catch {
    return false;
  }
}

/** load_state_dict's result, printed as PyTorch's _IncompatibleKeys namedtuple. */
function incompatibleKeys(missing_keys: string[], unexpected_keys: string[]): LoadResult {
  const text = (): string =>
    missing_keys.length === 0 && unexpected_keys.length === 0
      ? '<All keys matched successfully>'
      : `_IncompatibleKeys(missing_keys=[${missing_keys.map((k) => `'${k}'`).join(', ')}], unexpected_keys=[${unexpected_keys.map((k) => `'${k}'`).join(', ')}])`;
  const result = { missing_keys, unexpected_keys };
  Object.defineProperty(result, 'toString', { value: text, enumerable: false });
  Object.defineProperty(result, Symbol.for('nodejs.util.inspect.custom'), { value: text, enumerable: false });
  return result;
}
