// Graph nodes. A node is the backward of one recorded operation: it maps the gradients of that
// operation's outputs to gradients of its inputs, which flow along `next_functions`.

import type { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';

export type Edge = readonly [Node | null, number];

/** The edge of an input that needs no gradient. */
export const NO_EDGE: Edge = Object.freeze([null, 0] as const);

/** A gradient hook: observes a gradient, or replaces it by returning a tensor. */
export type GradHook = (grad: Tensor) => Tensor | void | undefined | null;

/** A node hook, called with (grad_inputs, grad_outputs) after the node runs. */
export type NodeHook = (gradInputs: (Tensor | null)[], gradOutputs: (Tensor | null)[]) => void;

/** What `register_hook` returns, as PyTorch's RemovableHandle. */
export interface RemovableHandle {
  remove(): void;
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

  /** Registers a hook called with (grad_inputs, grad_outputs) after the node runs. */
  register_hook(hook: NodeHook): RemovableHandle {
    const list = (this._postHooks ??= []);
    list.push(hook);
    return { remove: () => removeFrom(list, hook) };
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
  return { remove: () => removeFrom(list, hook) };
}

export const BACKWARD_TWICE =
  'Trying to backward through the graph a second time (or directly access saved tensors after they have ' +
  'already been freed). Saved intermediate values of the graph are freed when you call .backward() or ' +
  'autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or ' +
  'if you need to access saved tensors after calling backward.';

/**
 * A tensor saved for backward, with the version it had when saved. An output of the saving node
 * is reported as that node's output (PyTorch cannot hold outputs strongly, so it keeps the node);
 * any other tensor is reported with the grad_fn it has when the check fails.
 */
export class SavedTensor {
  private tensor: Tensor | null;
  private readonly version: number;
  private outputOf: Node | null = null;
  private outputNr = 0;

  constructor(tensor: Tensor) {
    this.tensor = tensor;
    this.version = tensor._version;
  }

  /** @internal Records that the saved tensor is output `nr` of `node` (the node that saves it). */
  _markOutput(node: Node, nr: number): void {
    this.outputOf = node;
    this.outputNr = nr;
  }

  unpack(): Tensor {
    const t = this.tensor;
    if (t === null) throw new Error(BACKWARD_TWICE);
    if (t._version !== this.version) throw new Error(this.modifiedMessage(t));
    return t;
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

  /** @internal Whether the saved tensor's storage is `data`. */
  _holds(data: object): boolean {
    return this.tensor !== null && this.tensor._data === data;
  }

  /** @internal */
  get released(): boolean {
    return this.tensor === null;
  }

  release(): void {
    this.tensor = null;
  }
}
