// Graph nodes. A node is the backward of one recorded operation: it maps the gradients of that
// operation's outputs to gradients of its inputs, which flow along `next_functions`.

import type { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';

export type Edge = readonly [Node | null, number];

/** A gradient hook: observes a gradient, or replaces it by returning a tensor. */
export type GradHook = (grad: Tensor) => Tensor | void | undefined | null;

let nextSequenceNr = 0;

/** What the engine checks a produced gradient against (PyTorch's validate_outputs). */
export interface InputMeta {
  readonly shape: readonly number[];
  readonly dtype: DType;
}

export abstract class Node {
  /** @internal Order of creation; the engine runs ready nodes newest first. */
  readonly _sequenceNr = nextSequenceNr++;
  /** @internal Hooks run on the gradient of output `nr` before this node runs. */
  _preHooks: Map<number, GradHook[]> | null = null;
  /** @internal Hooks called with (grad_inputs, grad_outputs) after this node runs. */
  _postHooks: ((gradInputs: (Tensor | null)[], gradOutputs: (Tensor | null)[]) => void)[] | null = null;

  protected constructor(
    /** @internal */ readonly _edges: Edge[],
    /** @internal Shapes/dtypes of the inputs, one per edge. */ readonly _inputMeta: InputMeta[],
    /** @internal */ readonly _numOutputs: number,
  ) {}

  abstract name(): string;

  /** @internal Computes input gradients from output gradients (null = zero). */
  abstract _apply(grads: (Tensor | null)[]): (Tensor | null)[];

  /** @internal Frees saved tensors (after a backward without retain_graph). */
  _release(): void {}

  /** Pairs [node, input_nr] for each input, as in PyTorch; [null, 0] for inputs without grad. */
  get next_functions(): Edge[] {
    return this._edges.map((e) => [e[0], e[1]] as const);
  }

  /** Registers a hook called with (grad_inputs, grad_outputs) after the node runs. */
  register_hook(hook: (gradInputs: (Tensor | null)[], gradOutputs: (Tensor | null)[]) => void): { remove(): void } {
    (this._postHooks ??= []).push(hook);
    return {
      remove: () => {
        const list = this._postHooks;
        if (list) list.splice(list.indexOf(hook) >>> 0, 1);
      },
    };
  }

  toString(): string {
    return `<${this.name()}>`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** @internal Adds a gradient pre-hook for output `nr` of `node`; returns its removal. */
export function addPreHook(node: Node, nr: number, hook: GradHook): () => void {
  node._preHooks ??= new Map();
  let list = node._preHooks.get(nr);
  if (!list) {
    list = [];
    node._preHooks.set(nr, list);
  }
  list.push(hook);
  return () => {
    const i = list.indexOf(hook);
    if (i >= 0) list.splice(i, 1);
  };
}

export const BACKWARD_TWICE =
  'Trying to backward through the graph a second time (or directly access saved tensors after they have ' +
  'already been freed). Saved intermediate values of the graph are freed when you call .backward() or ' +
  'autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or ' +
  'if you need to access saved tensors after calling backward.';

/** A tensor saved for backward, with the version it had when saved. */
export class SavedTensor {
  private tensor: Tensor | null;
  private readonly version: number;

  constructor(
    tensor: Tensor,
    readonly isOutput: boolean,
  ) {
    this.tensor = tensor;
    this.version = tensor._vc.version;
  }

  unpack(): Tensor {
    const t = this.tensor;
    if (t === null) throw new Error(BACKWARD_TWICE);
    if (t._vc.version !== this.version) {
      const what = t.type_description();
      const origin = t.grad_fn && !t.is_leaf ? `, which is output ${t._outputNr} of ${t.grad_fn.name()},` : '';
      throw new Error(
        `one of the variables needed for gradient computation has been modified by an inplace operation: ` +
          `[${what}]${origin} is at version ${t._vc.version}; expected version ${this.version} instead. ` +
          `Hint: enable anomaly detection to find the operation that failed to compute its gradient, ` +
          `with torch.autograd.set_detect_anomaly(True).`,
      );
    }
    return t;
  }

  release(): void {
    this.tensor = null;
  }
}
