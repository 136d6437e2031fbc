// Graph nodes. A node is the backward of one recorded operation: it maps the gradients of that
// operation's outputs to gradients of its inputs, which flow along `next_functions`.

import type { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';

export type Edge = readonly [Node | null, number];

/** The edge of an input that needs no gradient. */
export const NO_EDGE: Edge = Object.freeze([null, 0] as const);

/** A gradient hook: observes a gradient, or replaces it by returning a tensor. */
export type GradHook = (grad: Tensor) => Tensor | void | undefined | null;

/**
 * A node hook, called with (grad_inputs, grad_outputs) after the node runs; returning an array
 * replaces grad_inputs.
 */
export type NodeHook = (
  gradInputs: (Tensor | null)[],
  gradOutputs: (Tensor | null)[],
) => (Tensor | null)[] | void | undefined | null;

/** A node pre-hook, called with grad_outputs before the node runs; returning an array replaces them. */
export type NodePreHook = (gradOutputs: (Tensor | null)[]) => (Tensor | null)[] | void | undefined | null;

/** What `register_hook` returns, as PyTorch's RemovableHandle. */
export interface RemovableHandle {
  remove(): void;
  readonly id?: number;
}

/** @internal The ids RemovableHandles get (PyTorch's RemovableHandle.next_id, shared by all hooks). */
export const handleIds = { next: 0 };

function handleFor<T>(list: T[], hook: T): RemovableHandle {
  return { id: handleIds.next++, remove: () => removeFrom(list, hook) };
}

function checkHookFn(hook: unknown): void {
  if (typeof hook !== 'function') {
    const t = hook === null || hook === undefined ? 'NoneType' : Array.isArray(hook) ? 'Array' : typeof hook;
    throw new TypeError(`'${t}' object is not callable`);
  }
}

let nextSequenceNr = 0;

/** What the engine checks a produced gradient against (PyTorch's validate_outputs). */
export interface InputMeta {
  readonly shape: readonly number[];
  readonly dtype: DType;
}

export abstract class Node {
  /** @internal Order of creation; the engine runs ready nodes newest first. */
  readonly _sequenceNr = nextSequenceNr++;
  /** @internal Hooks on the gradient of each output, run (in registration order) before this node. */
  _preHooks: GradHook[][] | null = null;
  /** @internal */
  _postHooks: NodeHook[] | null = null;
  /** @internal Hooks on all output gradients (register_prehook), run after the tensor hooks. */
  _nodePreHooks: NodePreHook[] | null = null;
  /** @internal The edge [this, 0], made once (most tensors are output 0 of their node). */
  _edge0: Edge | null = null;
  // Per-backward state, owned by the engine (engine.ts): which backward pass it belongs to, edges
  // into this node not yet processed, gradients received so far, and whether the node leads to
  // a wanted input.
  /** @internal */ _task = 0;
  /** @internal */ _deps = 0;
  /** @internal */ _buffer: (Tensor | null)[] | null = null;
  /** @internal */ _needed = false;

  protected constructor(
    /** @internal */ readonly _edges: Edge[],
    /** @internal Shapes/dtypes of the inputs, one per edge. */ readonly _inputMeta: InputMeta[],
    /** @internal */ readonly _numOutputs: number,
  ) {
    if (new.target === Node) throw new TypeError("Can't instantiate abstract class Node with abstract method name");
  }

  abstract name(): string;

  /** @internal Computes input gradients from output gradients (null = zero). */
  abstract _apply(grads: (Tensor | null)[]): (Tensor | null)[];

  /** @internal Frees saved tensors (after a backward without retain_graph). */
  _release(): void {}

  /**
   * @internal Whether a gradient this node has just returned, with storage `data`, may be held by
   * anything besides the engine (a saved tensor, an argument, user code). Only then must
   * AccumulateGrad copy it instead of taking it (see Note [Taking a gradient]). Nodes that cannot
   * tell say yes.
   */
  _mayHold(_data: object): boolean {
    return true;
  }

  /** Pairs [node, input_nr] for each input, as in PyTorch; [null, 0] for inputs without grad. */
  get next_functions(): Edge[] {
    return this._edges.map((e) => [e[0], e[1]] as const);
  }

  /**
   * Registers a hook called with (grad_inputs, grad_outputs) after the node runs; it may return
   * new grad_inputs.
   */
  register_hook(hook: NodeHook): RemovableHandle {
    checkHookFn(hook);
    const list = (this._postHooks ??= []);
    list.push(hook);
    return handleFor(list, hook);
  }

  /** Registers a hook called with grad_outputs before the node runs; it may return new grad_outputs. */
  register_prehook(hook: NodePreHook): RemovableHandle {
    checkHookFn(hook);
    const list = (this._nodePreHooks ??= []);
    list.push(hook);
    return handleFor(list, hook);
  }

  /** `<SumBackward0>`; namespaced C++ nodes print by class name (`<AccumulateGrad>`), as in PyTorch. */
  toString(): string {
    return `<${this.name().split('::').pop() as string}>`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

function removeFrom<T>(list: T[], item: T): void {
  const i = list.indexOf(item);
  if (i >= 0) list.splice(i, 1);
}

/** @internal Adds a gradient pre-hook for output `nr` of `node`. */
export function addPreHook(node: Node, nr: number, hook: GradHook): RemovableHandle {
  const all = (node._preHooks ??= []);
  const list = (all[nr] ??= []);
  list.push(hook);
  return handleFor(list, hook);
}

export const BACKWARD_TWICE =
  'Trying to backward through the graph a second time (or directly access saved tensors after they have ' +
  'already been freed). Saved intermediate values of the graph are freed when you call .backward() or ' +
  'autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or ' +
  'if you need to access saved tensors after calling backward.';

/** A pack/unpack pair for saved tensors (torch.autograd.graph.saved_tensors_hooks). */
export interface SavedTensorsHooks {
  readonly pack: (t: Tensor) => unknown;
  readonly unpack: (packed: unknown) => unknown;
}

/**
 * @internal The default saved-tensor hooks: the stack saved_tensors_hooks pushes onto (its top
 * packs every tensor saved while it is active), and the message disable_saved_tensors_hooks sets.
 */
export const savedHooksState = { stack: [] as SavedTensorsHooks[], disabledMessage: null as string | null };

/** @internal Set by tensor.ts: makes a tensor for unpacked data with the saved tensor's autograd metadata. */
export const savedTensorDeps = {
  restore: null as ((data: Tensor, gradFn: Node | null, outputNr: number, leaf: Tensor | null) => Tensor) | null,
  noGrad: null as (<T>(fn: () => T) => T) | null,
};

const PACK_INPLACE =
  'A saved tensor pack hook is modifying its input in place. Tensors provided as input to pack hook can not be ' +
  'modified by in-place operations as this can lead to unexpected side-effects. Please open an issue if you ' +
  'need to perform in-place operations on the input to a pack hook.';

/**
 * A tensor saved for backward, with the version it had when saved. An output of the saving node
 * is reported as that node's output (PyTorch cannot hold outputs strongly, so it keeps the node);
 * any other tensor is reported with the grad_fn it has when the check fails.
 *
 * Note [Saved tensor hooks]: while saved_tensors_hooks is active (or after register_hooks), the
 * saved tensor holds only what the pack hook returned plus the autograd metadata (grad_fn and
 * output number, or the leaf), as PyTorch's SavedVariable does; unpack calls the unpack hook and
 * rebuilds a tensor with that metadata. No version check is made then (PyTorch makes none).
 */
export class SavedTensor {
  private tensor: Tensor | null;
  private readonly version: number;
  private outputOf: Node | null = null;
  private outputNr = 0;
  /** With hooks: the hooks, what pack returned and the autograd metadata (one object, kept off the common path). */
  private hooked: Hooked | null = null;

  constructor(tensor: Tensor) {
    this.tensor = tensor;
    this.version = tensor._version;
    const stack = savedHooksState.stack;
    if (stack.length > 0 && !tensor._wrappedNumber) this.setHooks(stack[stack.length - 1]);
  }

  private setHooks(hooks: SavedTensorsHooks): void {
    const t = this.tensor as Tensor;
    const gradFn = t.grad_fn;
    const h: Hooked = { hooks, packed: undefined, gradFn, outputNr: t._outputNr, leaf: null };
    if (gradFn === null && t.requires_grad) h.leaf = t;
    this.hooked = h;
    const version = t._version;
    const run = savedTensorDeps.noGrad ?? (<T>(fn: () => T): T => fn());
    h.packed = run(() => hooks.pack(t));
    if (t._version !== version) throw new Error(PACK_INPLACE);
    this.tensor = null;
  }

  /** @internal Records that the saved tensor is output `nr` of `node` (the node that saves it). */
  _markOutput(node: Node, nr: number): void {
    this.outputOf = node;
    this.outputNr = nr;
    const h = this.hooked;
    if (h !== null) {
      h.gradFn = node;
      h.outputNr = nr;
      h.leaf = null;
    }
  }

  unpack(): Tensor {
    if (this.hooked !== null) return this.unpackHooked(this.hooked);
    const t = this.tensor;
    if (t === null) throw new Error(BACKWARD_TWICE);
    if (t._version !== this.version) throw new Error(this.modifiedMessage(t));
    return t;
  }

  private unpackHooked(h: Hooked): Tensor {
    const data = h.hooks.unpack(h.packed);
    if (!isTensor(data)) {
      throw new TypeError(
        `Output of saved tensor unpack_hook expected to be a Tensor but got result of type ${typeNameOf(data)}`,
      );
    }
    const restore = savedTensorDeps.restore;
    return restore === null ? data : restore(data, h.gradFn, h.outputNr, h.leaf);
  }

  /**
   * The saved value as PyTorch's `grad_fn._saved_<name>` gives it: an input as the same tensor, an
   * output of the saving node as a new tensor sharing its storage (PyTorch keeps no reference to
   * an output, to avoid a cycle).
   */
  _value(): Tensor {
    const t = this.unpack();
    if (this.hooked === null && this.outputOf !== null && savedTensorDeps.restore !== null) {
      return savedTensorDeps.restore(t, this.outputOf, this.outputNr, null);
    }
    return t;
  }

  /** Sets pack/unpack hooks on this one saved tensor (PyTorch's `_raw_saved_<name>.register_hooks`). */
  register_hooks(pack_hook: (t: Tensor) => unknown, unpack_hook: (packed: unknown) => unknown): void {
    if (typeof pack_hook !== 'function' || typeof unpack_hook !== 'function') {
      throw new TypeError('Expected pack_hook and unpack_hook to be callables');
    }
    if (this.hooked !== null) {
      throw new Error(
        'Calling register_hooks on a saved tensor whose hooks have already been set. Hint: only one pair ' +
          'of hooks is allowed at a time.',
      );
    }
    if (this.tensor === null) {
      throw new Error(
        'Calling register_hooks on a saved tensor after it has been freed. Saved intermediate values of the ' +
          'graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need ' +
          'to backward through the graph a second time or if you need to access saved variables after calling ' +
          'backward.',
      );
    }
    this.setHooks({ pack: pack_hook, unpack: unpack_hook });
    if (this.outputOf !== null) this._markOutput(this.outputOf, this.outputNr);
  }

  private modifiedMessage(t: Tensor): string {
    let origin = '';
    if (this.outputOf !== null) {
      origin = `, which is output ${this.outputNr} of ${this.outputOf.name()},`;
    } else {
      const fn = t.grad_fn;
      if (fn !== null) origin = `, which is output ${t._outputNr} of ${fn.name()},`;
    }
    return (
      `one of the variables needed for gradient computation has been modified by an inplace operation: ` +
      `[${t.type_description()}]${origin} is at version ${t._version}; expected version ${this.version} ` +
      `instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, ` +
      `with torch.autograd.set_detect_anomaly(True).`
    );
  }

  /** @internal Whether the saved tensor's storage is `data` (with hooks: it may be). */
  _holds(data: object): boolean {
    if (this.hooked !== null) return true;
    return this.tensor !== null && this.tensor._data === data;
  }

  /** @internal */
  get released(): boolean {
    return this.tensor === null && this.hooked === null;
  }

  release(): void {
    this.tensor = null;
    this.hooked = null;
  }

  toString(): string {
    return '<torch._C._autograd.SavedTensor>';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

interface Hooked {
  readonly hooks: SavedTensorsHooks;
  packed: unknown;
  gradFn: Node | null;
  outputNr: number;
  leaf: Tensor | null;
}

function isTensor(v: unknown): v is Tensor {
  return v !== null && typeof v === 'object' && typeof (v as Tensor)._version === 'number' && '_data' in v;
}

function typeNameOf(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (Array.isArray(v)) return 'tuple';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'boolean') return 'bool';
  return (v as object).constructor?.name ?? 'object';
}
