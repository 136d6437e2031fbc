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
import { is_inference_mode_enabled, isRecording } from './grad_mode.js';
import { BACKWARD_TWICE, NO_EDGE, Node, SavedTensor, type Edge, type InputMeta } from './node.js';
import { gradEdge } from './engine.js';
import * as K from '../tensor/kernels.js';
import { backend } from '../backend/index.js';
import type { BinaryKind } from '../backend/backend.js';
import { bool } from '../tensor/dtype.js';
import { batchHooks, batchLevelOf, vmapState } from './batching.js';
import {
  belowLevel,
  computeTangents,
  skippedTermsRequireGrad,
  fwState,
  setTangent,
  tangentAt,
  topLevel,
  type DualLevel,
  type JvpRule,
} from './forward.js';

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
  /**
   * For a saved name, the inputs whose gradient formulas use it; the tensor is saved only when one
   * of them requires grad (as PyTorch's generated code does: `x.mul(c)` does not save x when c
   * needs no gradient, so changing x in place afterwards is allowed). Names not listed are saved
   * whenever the node is recorded.
   */
  readonly savedFor?: Readonly<Record<string, readonly number[]>>;
  /** Input names, when not self/other/...; a variadic op (cat, stack) names none. */
  readonly inputs?: readonly string[];
  /** Marks ops whose output is a view of input 0 (shares storage). */
  readonly view?: boolean;
  forward(inputs: readonly Tensor[], args: A): Tensor | Tensor[];
  backward(grad: Tensor, saved: Saved, ctx: BackwardContext<A>): GradList;
  /** The forward-mode rule (autograd/forward.ts); absent: derived from `backward` by transposition. */
  readonly jvp?: JvpRule<A>;
  /**
   * The batching rule under vmap (Note [Batching], batching.ts): 'elementwise' (inputs aligned and
   * broadcast, the op applied to the whole batch at once), or a function computing the physical
   * result from the physical inputs (batch dim first; `batched[i]` false for an input without
   * one), or null where it has no batched form (then: once per example). Absent: 'elementwise'
   * when the JVP rule is, else one application per example.
   */
  readonly batch?: BatchRule<A>;
}

export type BatchRule<A> =
  | 'elementwise'
  | ((inputs: readonly Tensor[], batched: readonly boolean[], args: A, size: number) => Tensor | Tensor[] | null);

/** Every op definition, in definition order (docs/ops.md lists their AD and batching rules). */
export const OP_DEFS: OpDef<unknown>[] = [];

export function defineOp<A = undefined>(def: OpDef<A>): OpDef<A> {
  OP_DEFS.push(def as OpDef<unknown>);
  return def;
}

/** How a view was made, when that forbids in-place changes to it (PyTorch's CreationMeta). */
export const ViewCreation = {
  Default: 0,
  /** Made while grad mode was off. */
  NoGrad: 1,
  /** One of several views returned by one op (unbind, split, chunk). */
  MultiOutput: 2,
} as const;

/** Where each saved name comes from, worked out once per op definition. */
interface SavePlan {
  /** Per saved name: the input index, or -1 for 'result'. */
  readonly source: readonly number[];
  /** Per saved name: the inputs whose formulas use it (undefined: always saved). */
  readonly usedBy: readonly (readonly number[] | undefined)[];
}

const plans = new WeakMap<object, SavePlan>();

function planOf(def: OpDef<unknown>): SavePlan | null {
  const names = def.saves;
  if (names === undefined || names.length === 0) return null;
  let plan = plans.get(def);
  if (plan === undefined) {
    plan = {
      source: names.map((name) => {
        if (name === 'result') return -1;
        const idx = def.inputs ? def.inputs.indexOf(name) : INPUT_NAMES.indexOf(name as (typeof INPUT_NAMES)[number]);
        if (idx < 0) throw new Error(`internal error: ${def.node} saves unknown input '${name}'`);
        return idx;
      }),
      usedBy: names.map((name) => def.savedFor?.[name]),
    };
    plans.set(def, plan);
    installSavedAccessors(names);
  }
  return plan;
}

// Note [Saved tensor accessors]: PyTorch's generated nodes expose each saved tensor as
// `_saved_<name>` (its value) and `_raw_saved_<name>` (the SavedVariable, for register_hooks). The
// names are those of def.saves, so the getters are installed on OpNode.prototype once per name,
// the first time an op saving it records a node; a node whose op saves no such name gives undefined.
const accessorNames = new Set<string>();

function installSavedAccessors(names: readonly string[]): void {
  for (const name of names) {
    if (accessorNames.has(name)) continue;
    accessorNames.add(name);
    Object.defineProperty(OpNode.prototype, `_saved_${name}`, {
      configurable: true,
      get(this: OpNode<unknown>) {
        return this._savedValue(name, false);
      },
    });
    Object.defineProperty(OpNode.prototype, `_raw_saved_${name}`, {
      configurable: true,
      get(this: OpNode<unknown>) {
        return this._savedValue(name, true);
      },
    });
  }
}

/**
 * A saved entry: a SavedTensor (version-checked, released after backward), a wrapped JavaScript
 * number (a constant nobody can change, kept as is), or null when no formula that runs needs it.
 */
type SavedEntry = SavedTensor | Tensor | null;

/** needs_input_grad arrays are shared, one per (arity, mask), since nodes never change them. */
const NEEDS: (readonly boolean[])[][] = [0, 1, 2, 3, 4].map((n) =>
  Array.from({ length: 1 << n }, (_, mask) =>
    Object.freeze(Array.from({ length: n }, (_v, i) => (mask & (1 << i)) !== 0)),
  ),
);

/** The node recorded for one application of an op; it is also its own backward context. */
export class OpNode<A> extends Node implements BackwardContext<A> {
  /** Saved tensors by position in def.saves; null once released. */
  private saved: SavedEntry[] | null;
  /** The released entries, kept for `_raw_saved_<name>` (whose register_hooks then reports it). */
  private freed: SavedEntry[] | null = null;
  /** The output gradients of the current backward call. */
  grads: readonly (Tensor | null)[] = [];

  constructor(
    readonly def: OpDef<A>,
    edges: Edge[],
    meta: InputMeta[],
    numOutputs: number,
    saved: SavedEntry[] | null,
    readonly args: A,
    readonly needs: readonly boolean[],
  ) {
    super(edges, meta, numOutputs);
    this.saved = saved;
  }

  get meta(): readonly InputMeta[] {
    return this._inputMeta;
  }

  name(): string {
    return this.def.node;
  }

  /**
   * @internal Gradients for inputs that need none may be returned too: their edges are empty,
   * so the engine drops them.
   */
  _apply(grads: (Tensor | null)[]): (Tensor | null)[] {
    const saved: Saved = {};
    const names = this.def.saves;
    if (names !== undefined && names.length > 0) {
      const list = this.saved;
      if (list === null) throw new Error(BACKWARD_TWICE);
      for (let i = 0; i < list.length; i++) {
        const s = list[i];
        if (s !== null) saved[names[i]] = s instanceof SavedTensor ? s.unpack() : s;
      }
    }
    this.grads = grads;
    const out = this.def.backward(grads[0] ?? firstNonNull(grads), saved, this);
    this.grads = [];
    return out as (Tensor | null)[];
  }

  /** @internal A built-in formula's gradient is fresh unless it is a saved tensor or an argument. */
  _mayHold(data: object): boolean {
    const list = this.saved;
    if (list !== null) {
      for (const s of list) {
        if (s instanceof SavedTensor ? s._holds(data) : s !== null && s._data === data) return true;
      }
    }
    // Tensors among the arguments (masks, indices, values), directly or in an array.
    const args = this.args as unknown;
    if (args === null || typeof args !== 'object') return false;
    const isData = (v: unknown): boolean => v !== null && typeof v === 'object' && (v as Tensor)._data === data;
    if (isData(args)) return true;
    for (const v of Object.values(args)) {
      if (isData(v) || (Array.isArray(v) && v.some(isData))) return true;
    }
    return false;
  }

  /** @internal */
  _release(): void {
    const list = this.saved;
    if (list === null) return;
    for (const s of list) if (s instanceof SavedTensor) s.release();
    this.freed = list;
    this.saved = null;
  }

  /** @internal `_saved_<name>` (raw false) and `_raw_saved_<name>` (raw true); see Note [Saved tensor accessors]. */
  _savedValue(name: string, raw: boolean): Tensor | SavedTensor | null | undefined {
    const k = this.def.saves?.indexOf(name) ?? -1;
    if (k < 0) return undefined;
    const list = this.saved ?? this.freed;
    if (list === null) return null;
    const s = list[k];
    if (this.saved === null && !raw && s !== null) throw new Error(BACKWARD_TWICE);
    if (!(s instanceof SavedTensor)) return s;
    return raw ? s : s._value();
  }
}

function firstNonNull(grads: (Tensor | null)[]): Tensor {
  for (const g of grads) if (g !== null) return g;
  throw new Error('internal error: node ran without any gradient');
}

/** Saves def.saves for a node about to be recorded. */
function saveTensors(
  plan: SavePlan,
  inputs: readonly Tensor[],
  output: Tensor,
  mask: number,
  selfBefore: Tensor | undefined,
): SavedEntry[] {
  const n = plan.source.length;
  const saved = new Array<SavedEntry>(n);
  for (let k = 0; k < n; k++) {
    const usedBy = plan.usedBy[k];
    if (usedBy !== undefined && !usedBy.some((i) => (mask & (1 << i)) !== 0)) {
      saved[k] = null;
      continue;
    }
    const idx = plan.source[k];
    const t = idx < 0 ? output : idx === 0 && selfBefore !== undefined ? selfBefore : inputs[idx];
    if (t._wrappedNumber) {
      saved[k] = t;
      continue;
    }
    if (t._inference) {
      throw new Error(
        'Inference tensors cannot be saved for backward. To work around you can make a clone to get a normal ' +
          'tensor and use it in autograd.',
      );
    }
    saved[k] = new SavedTensor(t);
  }
  return saved;
}

/**
 * Builds the node for `outputs = def(inputs)` when any input requires grad (else null). `output`
 * is the first output (what 'result' refers to).
 */
function record<A>(
  def: OpDef<A>,
  inputs: readonly Tensor[],
  args: A,
  output: Tensor,
  numOutputs: number,
  selfEdge?: Edge,
  selfBefore?: Tensor,
): OpNode<A> | null {
  const n = inputs.length;
  let mask = 0;
  for (let i = 0; i < n; i++) if (inputs[i].requires_grad) mask |= 1 << i;
  if (mask === 0) return null;
  const edges = new Array<Edge>(n);
  const meta = new Array<InputMeta>(n);
  for (let i = 0; i < n; i++) {
    const t = inputs[i];
    edges[i] = i === 0 && selfEdge !== undefined ? selfEdge : (mask & (1 << i)) === 0 ? NO_EDGE : gradEdge(t);
    // A wrapped number is its own (constant) metadata.
    meta[i] = t._wrappedNumber ? t : { shape: t._shape, dtype: t._dtype };
  }
  const needs = n < NEEDS.length ? NEEDS[n][mask] : Array.from({ length: n }, (_, i) => (mask & (1 << i)) !== 0);
  const plan = planOf(def as OpDef<unknown>);
  const saved = plan === null ? null : saveTensors(plan, inputs, output, mask, selfBefore);
  const node = new OpNode(def, edges, meta, numOutputs, saved, args, needs);
  if (saved !== null) {
    const source = (plan as SavePlan).source;
    for (let k = 0; k < saved.length; k++) {
      const s = saved[k];
      if (source[k] < 0 && s instanceof SavedTensor) s._markOutput(node, 0);
    }
  }
  return node;
}

/** Applies an op out of place: computes, then records the node if any input requires grad. */
export function apply<A>(def: OpDef<A>, inputs: readonly Tensor[], args: A): Tensor {
  if (fwState.alive !== 0) {
    const level = topLevel(inputs);
    if (level !== null) return applyDual(def, inputs, args, level, false)[0];
  }
  if (vmapState.depth !== 0 && batchLevelOf(inputs) + batchLevelOf([args]) !== 0) {
    return batchHooks.apply(def, inputs, args, false)[0];
  }
  const out = def.forward(inputs, args) as Tensor;
  const base = out._base;
  if (base !== null && base._inference) out._inference = true;
  if (!isRecording()) {
    if (base !== null) out._viewCreation = ViewCreation.NoGrad;
    return out;
  }
  const node = record(def, inputs, args, out, 1);
  if (node !== null && out._dtype.is_floating_point) out._setGradFn(node, 0);
  return out;
}

/** Like apply, for ops with several differentiable outputs (unbind, split). */
export function applyMulti<A>(def: OpDef<A>, inputs: readonly Tensor[], args: A): Tensor[] {
  if (fwState.alive !== 0) {
    const level = topLevel(inputs);
    if (level !== null) return applyDual(def, inputs, args, level, true);
  }
  if (vmapState.depth !== 0 && batchLevelOf(inputs) + batchLevelOf([args]) !== 0) {
    return batchHooks.apply(def, inputs, args, true);
  }
  const outs = def.forward(inputs, args) as Tensor[];
  const grad = isRecording();
  const creation = grad ? ViewCreation.MultiOutput : ViewCreation.NoGrad;
  for (const o of outs) {
    if (o._base === null) continue;
    o._viewCreation = creation;
    if (o._base._inference) o._inference = true;
  }
  const node = grad ? record(def, inputs, args, outs[0], outs.length) : null;
  if (node === null) return outs;
  for (let i = 0; i < outs.length; i++) if (outs[i]._dtype.is_floating_point) outs[i]._setGradFn(node, i);
  return outs;
}

/**
 * Applies an op in place on `self` (add_, mul_, ...): computes out of place, checks the result
 * can be cast back to self's dtype, writes it into self's storage, bumps the version, and rebases
 * the graph: self (or, for a view, its base through CopySlices) gets the op's node as grad_fn.
 */
export function applyInplace<A>(def: OpDef<A>, self: Tensor, others: readonly Tensor[], args: A): Tensor {
  const inputs = [self, ...others];
  if (fwState.alive !== 0) {
    const level = topLevel(inputs);
    if (level !== null) return applyInplaceDual(def, self, others, args, level);
  }
  if (vmapState.depth !== 0 && batchLevelOf(inputs) + batchLevelOf([args]) !== 0) {
    batchHooks.inplace(def, self, others, args);
    return self;
  }
  checkInplaceTarget(self);
  let anyGrad = false;
  if (isRecording()) for (const t of inputs) if (t.requires_grad) anyGrad = true;
  if (anyGrad) self._checkInplace();
  const direct = directOperand(def, self, others, args);
  let out: Tensor | null = null;
  if (direct === null) {
    out = def.forward(inputs, args) as Tensor;
    self._checkCastFrom(out._dtype);
  }
  if (!anyGrad) {
    writeResult(self, direct, out);
    return self;
  }
  // Formulas that read self need its value from before the write (mul_ saves self).
  let selfBefore: Tensor | undefined;
  const selfName = def.inputs?.[0] ?? 'self';
  if (anyGrad && def.saves?.includes(selfName)) {
    const usedBy = def.savedFor?.[selfName];
    if (usedBy === undefined || usedBy.some((i) => inputs[i].requires_grad)) selfBefore = self.clone();
  }
  const selfEdge = gradEdge(self);
  writeResult(self, direct, out);
  const node = record(def, inputs, args, self, 1, selfEdge, selfBefore);
  if (node !== null && self._dtype.is_floating_point) self._rebaseHistory(node);
  return self;
}

/*
 * Note [Writing in place directly]: applyInplace computes an op's result out of place and copies
 * it into self, which for the arithmetic of a training loop's update (p.sub_(g.mul(lr)), add_,
 * mul_, div_) allocates and drops a tensor of the parameter's size per call. Those four run their
 * kernel straight into self's storage when that is exactly what the out-of-place forward would
 * have stored there: self contiguous and of a floating dtype, the other operand of self's dtype
 * (or a wrapped number, which takes self's dtype) and not sharing self's storage (an elementwise
 * kernel reading and writing the same element of self is safe; reading another element of it is
 * not), a numeric alpha. The kernel is the one the forward runs (add and sub scale by alpha
 * first, as addForward does), so results are bit-identical; the checks the forward makes cannot
 * fail in these cases.
 */
const DIRECT_KINDS: Readonly<Record<string, BinaryKind>> = {
  AddBackward0: 'add',
  SubBackward0: 'sub',
  MulBackward0: 'mul',
  DivBackward0: 'div',
};

/** The direct write's kind and second operand (already scaled by alpha), or null. */
function directOperand<A>(def: OpDef<A>, self: Tensor, others: readonly Tensor[], args: A): Direct | null {
  const kind = DIRECT_KINDS[def.node];
  if (kind === undefined || others.length !== 1) return null;
  const dtype = self._dtype;
  const o = others[0];
  if (!dtype.is_floating_point || o._data === self._data || !self.is_contiguous()) return null;
  if (o._dtype !== dtype && !(o._wrappedNumber && o._dtype !== bool)) return null;
  if (kind !== 'add' && kind !== 'sub') return { kind, other: o };
  const alpha = (args as { alpha?: unknown }).alpha;
  if (typeof alpha !== 'number') return null;
  return { kind, other: alpha === 1 ? o : K.binary('mul', o, K.full([], alpha, dtype), dtype) };
}

interface Direct {
  kind: BinaryKind;
  other: Tensor;
}

/** Stores the op's result in self (Note [Writing in place directly]) and bumps its version. */
function writeResult(self: Tensor, direct: Direct | null, out: Tensor | null): void {
  if (direct === null) {
    self._writeInPlace(out as Tensor);
    return;
  }
  const v = self._v();
  backend().binary(direct.kind, v, K.broadcastView(K.cast(direct.other, self._dtype), self._shape), v);
  self._bumpVersion();
}

/*
 * Note [Zero tangents in the graph]: PyTorch evaluates an op's forward-grad formula with a zero
 * tangent for each differentiable input that has none (wrapped numbers included), so a term such
 * as `x_t.mm(W_p)` with x_t = 0 still puts W_p into the tangent's history when W_p requires grad:
 * `F.linear(x, dual_weight)` gives a tangent with grad_fn=<AddBackward0> whose gradient with
 * respect to the weight is zero. The JVP rules here skip such terms; when one was skipped, the
 * tangent does not require grad and an input requires grad, ZERO_TERMS adds that history back
 * (the tangent's values, and zero gradients for those inputs) without computing the zeros. Ops
 * with a linear rule (add, cat, views, sum) have no such terms, in PyTorch either.
 */
// Not in OP_DEFS (defineOp): the node names are PyTorch's for the formula, not ops of their own.
function zeroTermsOp(node: string): OpDef<undefined> {
  return {
    node,
    forward: ([t]) => K.copyOf(t),
    backward: (g, _s, { meta }) => [g, ...meta.slice(1).map((m) => K.full(m.shape, 0, m.dtype))],
    jvp: 'linear',
    batch: 'elementwise',
  };
}
// The node PyTorch's formula ends with: a sum of terms, or for div `(self_t - other_t * result) / other_p`.
const ZERO_TERMS = zeroTermsOp('AddBackward0');
const ZERO_TERMS_DIV = zeroTermsOp('DivBackward0');

function withZeroTerms<A>(
  def: OpDef<A>,
  inputs: readonly Tensor[],
  tangents: readonly (Tensor | null)[],
  outs: readonly Tensor[],
  args: A,
  touts: (Tensor | null)[],
): (Tensor | null)[] {
  if (def.jvp === 'linear' || !isRecording()) return touts;
  const skipped = inputs.some((x, i) => tangents[i] === null && (x._wrappedNumber || x._dtype.is_floating_point));
  if (!skipped) return touts;
  const tracked = inputs.filter((x) => x.requires_grad);
  if (tracked.length === 0 || touts.every((t) => t === null || t === undefined || t.requires_grad)) return touts;
  // An elementwise rule can tell (where, maximum: a mask, no primal in the term); other rules'
  // skipped terms are taken to hold the other inputs' primals, as mm's and addmm's do.
  if (def.jvp === 'elementwise' && !skippedTermsRequireGrad(def, inputs, tangents, outs, args)) return touts;
  return touts.map((t) =>
    t === null || t === undefined || t.requires_grad || !t._dtype.is_floating_point
      ? t
      : apply(def.node === 'DivBackward0' ? ZERO_TERMS_DIV : ZERO_TERMS, [t, ...tracked], undefined),
  );
}

/** apply/applyMulti when an input carries a tangent at `level` (Note [Dual levels], forward.ts). */
function applyDual<A>(def: OpDef<A>, inputs: readonly Tensor[], args: A, level: DualLevel, multi: boolean): Tensor[] {
  return belowLevel(level, () => {
    const outs = multi ? applyMulti(def, inputs, args) : [apply(def, inputs, args)];
    const tangents = inputs.map((t) => tangentAt(t, level));
    const touts = withZeroTerms(
      def,
      inputs,
      tangents,
      outs,
      args,
      computeTangents(def, inputs, tangents, outs, args, multi),
    );
    for (let i = 0; i < outs.length; i++) {
      const t = touts[i];
      if (t !== null && t !== undefined && outs[i]._dtype.is_floating_point) setTangent(outs[i], level, t);
    }
    return outs;
  });
}

/**
 * applyInplace with tangents: the op runs in place below the level; self's new tangent is the JVP
 * at self's old value, written into self's existing tangent when it has one (so views of it see
 * the change, as PyTorch updates tangents in place).
 */
function applyInplaceDual<A>(
  def: OpDef<A>,
  self: Tensor,
  others: readonly Tensor[],
  args: A,
  level: DualLevel,
): Tensor {
  return belowLevel(level, () => {
    const tangents = [self, ...others].map((t) => tangentAt(t, level));
    const before = self.clone();
    applyInplace(def, self, others, args);
    const [tout] = computeTangents(def, [before, ...others], tangents, [self], args, false);
    if (!self._dtype.is_floating_point || tout === null) return self;
    const own = tangents[0] ?? viewTangent(self, level);
    if (own !== null) {
      own.copy_(tout);
    } else {
      setTangent(self, level, tout);
    }
    return self;
  });
}

/**
 * For a view without a tangent written in place with a dual value: its base gets a zero tangent
 * when it has none, and the view's tangent is its window onto it (tangentAt), so the base and its
 * other views see the change, as PyTorch's forward grads of views do.
 */
function viewTangent(self: Tensor, level: DualLevel): Tensor | null {
  const base = self._base;
  if (base === null || tangentAt(base, level) !== null || !base.is_contiguous() || base._offset !== 0) {
    return base === null ? null : tangentAt(self, level);
  }
  setTangent(base, level, K.full(base._shape, 0, base._dtype));
  return tangentAt(self, level);
}

/**
 * The checks every in-place write makes, recorded or not: no inference tensor outside
 * inference_mode, and no element written twice through a zero stride (PyTorch refuses both).
 */
export function checkInplaceTarget(t: Tensor): void {
  if (t._inference && !is_inference_mode_enabled()) {
    throw new Error(
      'Inplace update to inference tensor outside InferenceMode is not allowed.You can make a clone to get a ' +
        'normal tensor before doing inplace update.See https://github.com/pytorch/rfcs/pull/17 for more details.',
    );
  }
  for (let d = 0; d < t._shape.length; d++) {
    if (t._strides[d] === 0 && t._shape[d] > 1) {
      throw new Error(
        'unsupported operation: more than one element of the written-to tensor refers to a single memory ' +
          'location. Please clone() the tensor before performing the operation.',
      );
    }
  }
}
