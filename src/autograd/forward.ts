// Forward-mode AD: dual levels, the tangents a tensor carries, and how an op's tangent is computed
// from its declaration (PyTorch's forward grads; torch.func's jvp levels use the same machinery).
//
// Note [Dual levels]: a tangent belongs to a level. torch.autograd.forward_ad allows one user level
// at a time (as PyTorch does); torch.func.jvp nests its own levels, each inner level numbered above
// the outer ones. An op whose inputs carry tangents first runs at the highest level present with
// that level hidden (the "ceiling"), which computes the primal output and every lower level's
// tangents; then the op's JVP rule runs, still below the ceiling, so the new tangent carries the
// lower levels' tangents itself (jvp of jvp, forward-over-forward). JVP rules are written in
// differentiable tensor ops, so with grad mode on a tangent has a grad_fn (reverse-over-forward),
// and backward formulas run on dual tensors give dual gradients (forward-over-reverse).

import type { Tensor } from '../tensor/tensor.js';
import type { BackwardContext, GradList, OpDef, Saved } from './op.js';
import { enable_grad, is_grad_enabled } from './grad_mode.js';

export interface DualLevel {
  readonly id: number;
  alive: boolean;
}

/** One tangent of a tensor; a tensor's tangents form a short list, newest first. */
export interface Tangent {
  readonly level: DualLevel;
  readonly tangent: Tensor;
  readonly next: Tangent | null;
}

/** How an op's tangent is computed (OpDef.jvp). */
export type JvpRule<A> =
  /** Linear in its floating-point inputs jointly (views, add, cat, sum): the op applied to the tangents. */
  | 'linear'
  /**
   * Each output element depends only on the same-position elements of its (broadcast) inputs, so the
   * Jacobian is diagonal per input and the backward formula applied to a tangent is the JVP.
   */
  | 'elementwise'
  /** Explicit: the output tangent(s) from the input tangents (null for inputs without one). */
  | ((tangents: readonly (Tensor | null)[], primals: Saved, ctx: BackwardContext<A>) => Tensor | readonly Tensor[]);

/** Global forward-AD state: `alive` counts live levels so ops skip all of this when it is 0. */
export const fwState = { alive: 0, ceiling: Infinity };

const levels: DualLevel[] = [];

/** Enters a new (innermost) level. */
export function enterLevel(): DualLevel {
  const top = levels[levels.length - 1];
  const level = { id: top === undefined ? 0 : top.id + 1, alive: true };
  levels.push(level);
  fwState.alive++;
  return level;
}

export function exitLevel(level: DualLevel): void {
  const i = levels.lastIndexOf(level);
  if (i < 0) throw new Error('Trying to exit a forward AD level that was not the last one that was created.');
  for (let k = levels.length - 1; k >= i; k--) {
    levels[k].alive = false;
    fwState.alive--;
  }
  levels.length = i;
}

export function currentLevels(): readonly DualLevel[] {
  return levels;
}

/** Runs fn with `level` and every level above it hidden from ops. */
export function belowLevel<T>(level: DualLevel, fn: () => T): T {
  const prev = fwState.ceiling;
  fwState.ceiling = Math.min(prev, level.id);
  try {
    return fn();
  } finally {
    fwState.ceiling = prev;
  }
}

function visible(e: Tangent): boolean {
  return e.level.alive && e.level.id < fwState.ceiling;
}

function ownTangent(t: Tensor, level: DualLevel): Tensor | null {
  for (let e = t._fw; e !== null; e = e.next) if (e.level === level && e.level.alive) return e.tangent;
  return null;
}

/**
 * The tangent of t at `level`, or null. A view without one whose base got a tangent later (an
 * in-place write of a dual value into another view of the base) reads the same window of the
 * base's tangent, made once and kept.
 */
export function tangentAt(t: Tensor, level: DualLevel): Tensor | null {
  const own = ownTangent(t, level);
  if (own !== null || t._base === null) return own;
  const base = t._base;
  const bt = ownTangent(base, level);
  if (bt === null || !sameLayout(bt, base)) return null;
  const v = belowLevel(level, () =>
    bt.as_strided([...t._shape], [...t._strides], t._offset - base._offset + bt._offset),
  );
  setTangent(t, level, v);
  return v;
}

/** True when the tangent's elements sit where the tensor's do (same strides). */
export function sameLayout(tangent: Tensor, t: Tensor): boolean {
  if (tangent._shape.length !== t._shape.length) return false;
  for (let d = 0; d < t._shape.length; d++) if (tangent._strides[d] !== t._strides[d] && t._shape[d] > 1) return false;
  return true;
}

/** Sets (or replaces) t's tangent at `level`, dropping entries of dead levels. */
export function setTangent(t: Tensor, level: DualLevel, tangent: Tensor | null): void {
  let list: Tangent | null = null;
  const keep: Tangent[] = [];
  for (let e = t._fw; e !== null; e = e.next) if (e.level.alive && e.level !== level) keep.push(e);
  for (let i = keep.length - 1; i >= 0; i--) list = { level: keep[i].level, tangent: keep[i].tangent, next: list };
  if (tangent !== null) list = { level, tangent, next: list };
  t._fw = list;
}

/** The highest visible level any of the tensors has a tangent at, or null. */
export function topLevel(tensors: readonly Tensor[]): DualLevel | null {
  let best: DualLevel | null = null;
  for (const t of tensors) {
    for (let e = t._fw; e !== null; e = e.next) {
      if (visible(e) && (best === null || e.level.id > best.id)) best = e.level;
    }
    const base = t._base;
    if (base === null) continue;
    for (let e = base._fw; e !== null; e = e.next) {
      if (visible(e) && (best === null || e.level.id > best.id)) best = e.level;
    }
  }
  return best;
}

/** True when t has a tangent at a visible level. */
export function isDual(t: Tensor): boolean {
  for (let e = t._fw; e !== null; e = e.next) if (visible(e)) return true;
  return false;
}

/** The tangent printed by repr: the one at the innermost visible level. */
export function shownTangent(t: Tensor): Tensor | null {
  if (fwState.alive === 0) return null;
  let best: Tangent | null = null;
  for (let e = t._fw; e !== null; e = e.next) if (visible(e) && (best === null || e.level.id > best.level.id)) best = e;
  return best === null ? null : best.tangent;
}

// ---------------------------------------------------------------- computing an op's tangent

/** What the dual path needs from op.ts and the engine (passed in to keep imports one way). */
export interface DualHooks {
  apply<A>(def: OpDef<A>, inputs: readonly Tensor[], args: A): Tensor;
  applyMulti<A>(def: OpDef<A>, inputs: readonly Tensor[], args: A): Tensor[];
  /** torch.autograd.grad with allow_unused; returns zeros where unused. */
  grad(
    outputs: readonly Tensor[],
    inputs: readonly Tensor[],
    gradOutputs: readonly Tensor[],
    create: boolean,
  ): Tensor[];
  zerosLike(t: Tensor): Tensor;
  sumTo(g: Tensor, shape: readonly number[]): Tensor;
  expand(t: Tensor, shape: readonly number[]): Tensor;
  inputNames(def: OpDef<unknown>): readonly string[];
}

let hooks: DualHooks | null = null;

export function installDualHooks(h: DualHooks): void {
  hooks = h;
}

const NOT_IMPLEMENTED = (node: string): string =>
  `Trying to use forward AD with ${node.replace(/Backward\d*$/, '').toLowerCase()} that does not support it ` +
  'because it has not been implemented yet.\nPlease file an issue to PyTorch at ' +
  'https://github.com/pytorch/pytorch/issues/new?template=feature-request.yml so that we can prioritize its implementation.';

function primalsOf<A>(def: OpDef<A>, inputs: readonly Tensor[], outs: readonly Tensor[]): Saved {
  const h = hooks as DualHooks;
  const names = h.inputNames(def as OpDef<unknown>);
  const saved: Saved = { result: outs[0] };
  for (let i = 0; i < inputs.length && i < names.length; i++) saved[names[i]] = inputs[i];
  return saved;
}

function contextOf<A>(
  args: A,
  inputs: readonly Tensor[],
  needs: readonly boolean[],
  grads: readonly (Tensor | null)[],
): BackwardContext<A> {
  return {
    args,
    needs,
    meta: inputs.map((t) => (t._wrappedNumber ? t : { shape: t._shape, dtype: t._dtype })),
    grads,
  };
}

/**
 * The output tangents of `outs = def(inputs)` given the inputs' tangents at one level (null for
 * none), computed by the op's JVP rule. Runs below the level (see Note [Dual levels]).
 */
export function computeTangents<A>(
  def: OpDef<A>,
  inputs: readonly Tensor[],
  tangents: readonly (Tensor | null)[],
  outs: readonly Tensor[],
  args: A,
  multi: boolean,
): (Tensor | null)[] {
  const h = hooks as DualHooks;
  const rule = def.jvp;
  if (typeof rule === 'function') {
    const r = rule(
      tangents,
      primalsOf(def, inputs, outs),
      contextOf(
        args,
        inputs,
        tangents.map((t) => t !== null),
        [],
      ),
    );
    return Array.isArray(r) ? [...(r as Tensor[])] : [r as Tensor];
  }
  if (rule === 'linear') {
    // Constants (wrapped numbers) and floating inputs without a tangent contribute zero; other
    // non-floating inputs (indices, masks) are arguments and pass through.
    const filled = inputs.map(
      (x, i) => tangents[i] ?? (x._wrappedNumber || x._dtype.is_floating_point ? h.zerosLike(x) : x),
    );
    return multi ? h.applyMulti(def, filled, args) : [h.apply(def, filled, args)];
  }
  if (rule === 'elementwise') {
    const out = outs[0];
    const saved = primalsOf(def, inputs, outs);
    let sum: Tensor | null = null;
    for (let i = 0; i < inputs.length; i++) {
      const t = tangents[i];
      if (t === null) continue;
      const needs = inputs.map((_x, k) => k === i);
      const g = shapeOf(t) === shapeOf(out) ? t : h.expand(t, out._shape);
      const part = def.backward(g, saved, contextOf(args, inputs, needs, [g]))[i];
      if (part === null || part === undefined) continue;
      sum = sum === null ? part : sum.add(part);
    }
    return [sum ?? h.zerosLike(out)];
  }
  return transposed(def, inputs, tangents, outs, args);
}

/**
 * For an op with the elementwise rule: whether a term the rule skipped (an input without a
 * tangent, whose term PyTorch evaluates with a zero tangent) depends on an input that requires
 * grad: its backward formula run on zeros (Note [Zero tangents in the graph], op.ts).
 */
export function skippedTermsRequireGrad<A>(
  def: OpDef<A>,
  inputs: readonly Tensor[],
  tangents: readonly (Tensor | null)[],
  outs: readonly Tensor[],
  args: A,
): boolean {
  const h = hooks as DualHooks;
  const out = outs[0];
  const saved = primalsOf(def, inputs, outs);
  return inputs.some((x, i) => {
    if (tangents[i] !== null || !(x._wrappedNumber || x._dtype.is_floating_point)) return false;
    const g = h.zerosLike(out);
    const needs = inputs.map((_x, k) => k === i);
    const part = def.backward(g, saved, contextOf(args, inputs, needs, [g]))[i];
    return part !== null && part !== undefined && part.requires_grad;
  });
}

function shapeOf(t: Tensor): string {
  return t._shape.join(',');
}

/**
 * The JVP from the backward formula by transposition: the backward formula is linear in its
 * output gradient g, so J t = d/dg <J^T g, t>, one reverse pass through the backward formula.
 * Works for every op whose backward formula is written in differentiable tensor ops.
 */
function transposed<A>(
  def: OpDef<A>,
  inputs: readonly Tensor[],
  tangents: readonly (Tensor | null)[],
  outs: readonly Tensor[],
  args: A,
): (Tensor | null)[] {
  const h = hooks as DualHooks;
  const create = is_grad_enabled();
  return enable_grad(() => {
    const floating = outs.map((o) => o._dtype.is_floating_point);
    const gs = outs.map((o, i) => (floating[i] ? h.zerosLike(o).requires_grad_() : null));
    const needs = tangents.map((t) => t !== null);
    let grads: GradList;
    try {
      grads = def.backward(
        (gs[0] ?? gs.find((g) => g !== null)) as Tensor,
        primalsOf(def, inputs, outs),
        contextOf(args, inputs, needs, gs),
      );
    } catch (e) {
      if (e instanceof Error && /derivative for .* is not implemented/.test(e.message))
        throw new Error(NOT_IMPLEMENTED(def.node));
      throw e;
    }
    let s: Tensor | null = null;
    for (let i = 0; i < inputs.length; i++) {
      const t = tangents[i];
      const g = grads[i];
      if (t === null || g === null || g === undefined) continue;
      const term = h.sumTo(g, inputs[i]._shape).mul(t).sum();
      s = s === null ? term : s.add(term);
    }
    const live = gs.filter((g): g is Tensor => g !== null);
    if (s === null || !s.requires_grad) return gs.map((g) => (g === null ? null : h.zerosLike(g).detach()));
    const res = h.grad([s], live, [], create);
    let k = 0;
    return gs.map((g) => (g === null ? null : res[k++]));
  });
}

/** The error when a tangent cannot be attached to a tensor. */
export function notImplementedMessage(node: string): string {
  return NOT_IMPLEMENTED(node);
}
