// How an op is declared and recorded. An op is declared once (see STYLE.md §2.1):
//
//   export const EXP = defineOp({
//     node: 'ExpBackward0',
//     saves: ['result'],
//     forward: ([x]) => k.unary('exp', x),
//     backward: (grad, s) => [grad.mul(s.result)],        // d/dx e^x = e^x
//   });
//
// `forward` computes with kernels only (it never records); `backward` is written in tensor ops,
// so it records when create_graph is set and higher-order gradients come for free. Backward
// receives the gradient of the (first) output, the saved tensors by their derivatives.yaml names
// (`self`, `other`, ... for inputs in order, `result` for the output) and a context with the
// op's non-tensor arguments. Gradients may keep the output's broadcast shape: the engine sums
// them back to each input's shape (engine.ts, validateGrad).

import type { Tensor } from '../tensor/tensor.js';
import { is_grad_enabled } from '../autograd/grad_mode.js';
import { BACKWARD_TWICE, Node, SavedTensor, type Edge, type InputMeta } from '../autograd/node.js';
import { gradEdge } from '../autograd/engine.js';

export const INPUT_NAMES = ['self', 'other', 'third', 'fourth'] as const;

export interface BackwardContext<A> {
  readonly args: A;
  /** needs_input_grad, one per input. */
  readonly needs: readonly boolean[];
  /** Shapes and dtypes of the inputs. */
  readonly meta: readonly InputMeta[];
  /** All output gradients (multi-output ops); null where an output got no gradient. */
  readonly grads: readonly (Tensor | null)[];
}

export type Saved = Record<string, Tensor>;
export type GradList = readonly (Tensor | null | undefined)[];

export interface OpDef<A = undefined> {
  /** The grad_fn name PyTorch prints, e.g. 'ExpBackward0'. */
  readonly node: string;
  /** Names of the inputs to save ('self', 'other', ... or 'result'); inputs are named in order. */
  readonly saves?: readonly string[];
  /** Input names, when not self/other/...; a variadic op (cat, stack) names none. */
  readonly inputs?: readonly string[];
  /** Marks ops whose output is a view of input 0 (shares storage). */
  readonly view?: boolean;
  forward(inputs: readonly Tensor[], args: A): Tensor | Tensor[];
  backward(grad: Tensor, saved: Saved, ctx: BackwardContext<A>): GradList;
}

export function defineOp<A = undefined>(def: OpDef<A>): OpDef<A> {
  return def;
}

/** The node recorded for one application of an op. */
export class OpNode<A> extends Node {
  private saved: SavedTensor[] | null;

  constructor(
    readonly def: OpDef<A>,
    edges: Edge[],
    meta: InputMeta[],
    numOutputs: number,
    saved: SavedTensor[],
    private readonly savedNames: readonly string[],
    readonly args: A,
    private readonly needs: boolean[],
  ) {
    super(edges, meta, numOutputs);
    this.saved = saved;
  }

  name(): string {
    return this.def.node;
  }

  /** @internal */
  _apply(grads: (Tensor | null)[]): (Tensor | null)[] {
    const saved: Saved = {};
    const list = this.saved;
    if (list === null) {
      if (this.savedNames.length > 0) throw new Error(BACKWARD_TWICE);
    } else {
      for (let i = 0; i < list.length; i++) saved[this.savedNames[i]] = list[i].unpack();
    }
    const first = grads[0] ?? firstNonNull(grads);
    const ctx: BackwardContext<A> = { args: this.args, needs: this.needs, meta: this._inputMeta, grads };
    const out = this.def.backward(first, saved, ctx);
    const result: (Tensor | null)[] = [];
    for (let i = 0; i < this._edges.length; i++) result.push(this.needs[i] ? (out[i] ?? null) : null);
    return result;
  }

  /** @internal */
  _release(): void {
    if (this.saved === null) return;
    for (const s of this.saved) s.release();
    this.saved = null;
  }
}

function firstNonNull(grads: (Tensor | null)[]): Tensor {
  for (const g of grads) if (g !== null) return g;
  throw new Error('internal error: node ran without any gradient');
}

/** Builds the node for `outputs = def(inputs)` when any input requires grad (else null). */
function record<A>(
  def: OpDef<A>,
  inputs: readonly Tensor[],
  args: A,
  outputs: Tensor[],
  inplace?: { selfBefore: Tensor | undefined; selfEdge: Edge },
): OpNode<A> | null {
  if (!is_grad_enabled()) return null;
  let any = false;
  const needs = new Array<boolean>(inputs.length);
  for (let i = 0; i < inputs.length; i++) {
    needs[i] = inputs[i].requires_grad;
    any ||= needs[i];
  }
  if (!any) return null;
  const edges: Edge[] = new Array(inputs.length);
  const meta: InputMeta[] = new Array(inputs.length);
  for (let i = 0; i < inputs.length; i++) {
    edges[i] = i === 0 && inplace ? inplace.selfEdge : gradEdge(inputs[i]);
    meta[i] = { shape: inputs[i].shape, dtype: inputs[i].dtype };
  }
  const saves = def.saves ?? [];
  const saved: SavedTensor[] = [];
  for (const name of saves) {
    if (name === 'result') {
      saved.push(new SavedTensor(outputs[0], true));
    } else {
      const idx = def.inputs ? def.inputs.indexOf(name) : INPUT_NAMES.indexOf(name as (typeof INPUT_NAMES)[number]);
      if (idx < 0) throw new Error(`internal error: ${def.node} saves unknown input '${name}'`);
      saved.push(new SavedTensor(idx === 0 && inplace?.selfBefore ? inplace.selfBefore : inputs[idx], false));
    }
  }
  return new OpNode(def, edges, meta, outputs.length, saved, saves, args, needs);
}

/** Applies an op out of place: computes, then records the node if any input requires grad. */
export function apply<A>(def: OpDef<A>, inputs: readonly Tensor[], args: A): Tensor {
  const out = def.forward(inputs, args) as Tensor;
  const node = record(def, inputs, args, [out]);
  if (node !== null && out.dtype.is_floating_point) out._setGradFn(node, 0);
  return out;
}

/** Like apply, for ops with several differentiable outputs (unbind, split). */
export function applyMulti<A>(def: OpDef<A>, inputs: readonly Tensor[], args: A): Tensor[] {
  const outs = def.forward(inputs, args) as Tensor[];
  const node = record(def, inputs, args, outs);
  if (node !== null) outs.forEach((o, i) => o._setGradFn(node, i));
  return outs;
}

/**
 * Applies an op in place on `self` (add_, mul_, ...): computes out of place, checks the result
 * can be cast back to self's dtype, writes it into self's storage, bumps the version, and rebases
 * the graph: self (or, for a view, its base through CopySlices) gets the op's node as grad_fn.
 */
export function applyInplace<A>(def: OpDef<A>, self: Tensor, others: readonly Tensor[], args: A): Tensor {
  const inputs = [self, ...others];
  const grad = is_grad_enabled();
  if (grad) self._checkInplace();
  const out = def.forward(inputs, args) as Tensor;
  self._checkCastFrom(out.dtype);
  // The old value of self is needed by backward formulas that save it (mul_ saves self).
  const savesSelf =
    grad && (def.saves ?? []).includes(def.inputs?.[0] ?? 'self') && inputs.some((t) => t.requires_grad);
  const selfBefore = savesSelf ? self.clone() : undefined;
  const selfEdge = grad ? gradEdge(self) : ([null, 0] as const);
  self._writeInPlace(out);
  const node = record(def, inputs, args, [self], { selfBefore, selfEdge });
  if (node !== null) self._rebaseHistory(node);
  return self;
}
