// Custom differentiable functions: torch.autograd.Function.
//
//   class MyExp extends torch.autograd.Function {
//     static forward(ctx, x) { const r = x.exp(); ctx.save_for_backward(r); return r; }
//     static backward(ctx, grad) { const [r] = ctx.saved_tensors; return grad.mul(r); }
//   }
//   const y = MyExp.apply(x);          // y.grad_fn is <MyExpBackward>
//
// forward runs with grad disabled and may take non-tensor arguments; backward gets one gradient
// per output and returns one per forward argument (null for non-tensors and for inputs that need
// none). As in PyTorch's _wrap_outputs, an input returned unchanged comes back as a new view of
// it, an input changed in place (ctx.mark_dirty) gets the node as its new history, and outputs
// marked non-differentiable get none.

import { Tensor } from '../tensor/tensor.js';
import * as K from '../tensor/kernels.js';
import { ViewCreation } from './op.js';
import { no_grad, isRecording } from './grad_mode.js';
import { gradEdge } from './engine.js';
import { BACKWARD_TWICE, NO_EDGE, Node, SavedTensor, type Edge, type InputMeta } from './node.js';
import { belowLevel, fwState, setTangent, tangentAt, topLevel, type DualLevel } from './forward.js';

/** The `ctx` passed to forward and backward; any other attribute may be set on it, as in Python. */
export class FunctionCtx {
  [attribute: string]: unknown;

  /** One flag per forward argument: whether backward must produce its gradient. */
  needs_input_grad: readonly boolean[] = [];
  /** @internal */ _toSave: readonly (Tensor | null)[] | null = null;
  /** @internal */ _saved: (SavedTensor | null)[] | null = null;
  /** @internal */ _released = false;
  /** @internal */ _dirty: ReadonlySet<Tensor> = new Set();
  /** @internal */ _nonDifferentiable: ReadonlySet<Tensor> = new Set();
  /** @internal */ _materializeGrads = true;

  /** Saves tensors for backward; call it at most once, from forward. */
  save_for_backward(...tensors: (Tensor | null)[]): void {
    this._toSave = tensors;
  }

  /** The tensors given to save_for_backward, checked against in-place changes since. */
  get saved_tensors(): (Tensor | null)[] {
    if (this._released) throw new Error(BACKWARD_TWICE);
    if (this._saved === null) return [...(this._toSave ?? [])];
    return this._saved.map((s) => (s === null ? null : s.unpack()));
  }

  /** Declares inputs that forward changed in place (they must be returned as outputs). */
  mark_dirty(...tensors: Tensor[]): void {
    this._dirty = new Set(tensors);
  }

  /** Declares outputs that are not differentiable (integer indices, masks): they get no grad_fn. */
  mark_non_differentiable(...tensors: Tensor[]): void {
    this._nonDifferentiable = new Set(tensors);
  }

  /** With false, backward receives null (not zeros) for outputs that got no gradient. */
  set_materialize_grads(value: boolean): void {
    this._materializeGrads = value;
  }
}

type ForwardFn = (ctx: FunctionCtx, ...args: never[]) => unknown;
type ArgsOf<F> = F extends (ctx: FunctionCtx, ...args: infer R) => unknown ? R : never;

interface FunctionClass {
  readonly name: string;
  forward(ctx: FunctionCtx, ...args: unknown[]): unknown;
  backward(ctx: FunctionCtx, ...grads: (Tensor | null)[]): unknown;
  jvp(ctx: FunctionCtx, ...tangents: (Tensor | null)[]): unknown;
}

const NO_JVP = 'You must implement the jvp function for custom autograd.Function to use it with forward mode AD.';

/** Base class of custom functions: subclass it with static forward/backward, call `apply`. */
export class Function {
  static forward(_ctx: FunctionCtx, ..._args: unknown[]): unknown {
    throw new Error('You must implement the forward function for custom autograd.Function.');
  }

  static backward(_ctx: FunctionCtx, ..._grads: (Tensor | null)[]): unknown {
    throw new Error(
      'You must implement either the backward or vjp method for your custom autograd.Function to use it with ' +
        'backward mode AD.',
    );
  }

  /**
   * Forward-mode AD: the output tangent(s) from one tangent per forward argument (zeros for a
   * tensor without one, null for a non-tensor). forward runs with forward AD off; this gives the
   * outputs' tangents, computed with grad mode as the caller has it.
   */
  static jvp(_ctx: FunctionCtx, ..._tangents: (Tensor | null)[]): unknown {
    throw new Error(NO_JVP);
  }

  /** Runs forward and, when an input requires grad, records a `<Name>Backward` node. */
  static apply<F extends { forward: ForwardFn }>(this: F, ...args: ArgsOf<F['forward']>): ReturnType<F['forward']> {
    return applyFunction(this as unknown as FunctionClass, args as unknown[]) as ReturnType<F['forward']>;
  }
}

// `P3 = LegendrePolynomial3.apply; P3(x)`: Python's classmethod stays bound when taken off the
// class, so `apply` is a getter that binds it to the class it is read from (typed as the method).
Object.defineProperty(Function, 'apply', {
  configurable: true,
  get(this: FunctionClass) {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const cls = this;
    return (...args: unknown[]): unknown => applyFunction(cls, args);
  },
});

function applyFunction(cls: FunctionClass, args: unknown[]): unknown {
  return applyWithCtx(cls, args)[0];
}

/**
 * apply, also returning the ctx. When an argument carries a tangent (forward AD), forward runs
 * with that level hidden (PyTorch runs a custom forward with forward AD disabled) and the user's
 * jvp gives the outputs' tangents at it, once the outputs have their grad_fn.
 */
function applyWithCtx(cls: FunctionClass, args: unknown[]): [unknown, FunctionCtx] {
  if (fwState.alive !== 0) {
    const level = topLevel(args.filter((a): a is Tensor => a instanceof Tensor));
    if (level !== null) {
      return belowLevel(level, () => {
        const done = applyWithCtx(cls, args);
        setOutputTangents(cls, done[1], args, done[0], level);
        return done;
      });
    }
  }
  const ctx = new FunctionCtx();
  return [applyPlain(cls, args, ctx), ctx];
}

function setOutputTangents(cls: FunctionClass, ctx: FunctionCtx, args: unknown[], result: unknown, level: DualLevel) {
  const tangents = args.map((a) =>
    a instanceof Tensor ? (tangentAt(a, level) ?? K.full(a._shape, 0, a._dtype)) : null,
  );
  const raw = cls.jvp(ctx, ...tangents);
  const outputs: unknown[] = Array.isArray(result) ? result : [result];
  const touts: unknown[] = Array.isArray(raw) ? raw : [raw];
  if (touts.length !== outputs.length) {
    throw new Error(
      `Function's jvp returned an invalid number of forward gradients (expected ${outputs.length} but got ${touts.length})`,
    );
  }
  outputs.forEach((o, i) => {
    const t = touts[i];
    if (o instanceof Tensor && t instanceof Tensor && o._dtype.is_floating_point) setTangent(o, level, t);
  });
}

function applyPlain(cls: FunctionClass, args: unknown[], ctx: FunctionCtx): unknown {
  const recording = isRecording();
  let any = false;
  ctx.needs_input_grad = args.map((a) => {
    const needs = recording && a instanceof Tensor && a.requires_grad;
    if (needs) any = true;
    return needs;
  });
  const raw = no_grad(() => cls.forward(ctx, ...args));
  if (!any) return raw;

  const isTuple = Array.isArray(raw);
  const outputs: unknown[] = isTuple ? [...(raw as unknown[])] : [raw];
  const inputs = args.filter((a): a is Tensor => a instanceof Tensor);
  const edges: Edge[] = inputs.map((t) => (t.requires_grad ? gradEdge(t) : NO_EDGE));
  const meta: InputMeta[] = inputs.map((t) => ({ shape: t.shape, dtype: t.dtype }));
  const node = new FunctionNode(cls, ctx, args, edges, meta, outputs);
  const inputSet = new Set(inputs);

  const wrapped = outputs.map((o, i) => {
    if (!(o instanceof Tensor)) return o;
    if (ctx._nonDifferentiable.has(o) || !o.dtype.is_floating_point) return o;
    if (ctx._dirty.has(o)) {
      if (o.is_leaf && o.requires_grad) {
        throw new Error('a leaf Variable that requires grad has been used in an in-place operation.');
      }
      o._bumpVersion();
      if (o._base === null) {
        o._setGradFn(node, i);
      } else if (i === 0 && inputs[0] === o) {
        o._rebaseHistory(node);
      } else {
        // CopySlices replays the node's backward for its first input only.
        throw new Error(
          'tensorgrad: a custom Function may mark a view dirty only when it is both its first tensor input ' +
            'and its first output',
        );
      }
      return o;
    }
    // An input returned as is must not lose its own history: the output is a new view of it.
    const out = inputSet.has(o) ? aliasOf(o) : o;
    out._setGradFn(node, i);
    return out;
  });

  if (ctx._toSave !== null) {
    ctx._saved = ctx._toSave.map((t) => {
      if (t === null) return null;
      const k = outputs.indexOf(t);
      const s = new SavedTensor(k >= 0 ? (wrapped[k] as Tensor) : t);
      if (k >= 0) s._markOutput(node, k);
      return s;
    });
  }
  return isTuple ? wrapped : wrapped[0];
}

/** A view of t covering all of it (PyTorch's view_as(self)), with no history yet. */
function aliasOf(t: Tensor): Tensor {
  const v = Tensor._make(t._data, [...t._shape], [...t._strides], t._offset, t.dtype);
  v._vc = t._vc;
  v._base = t._base ?? t;
  v._viewCreation = ViewCreation.Default;
  return v;
}

/** The node a custom Function records: its backward is the user's static backward. */
class FunctionNode extends Node {
  private readonly outputMeta: (InputMeta | null)[];

  constructor(
    private readonly cls: FunctionClass,
    private readonly ctx: FunctionCtx,
    private readonly args: readonly unknown[],
    edges: Edge[],
    meta: InputMeta[],
    outputs: readonly unknown[],
  ) {
    super(edges, meta, outputs.length);
    this.outputMeta = outputs.map((o) => (o instanceof Tensor ? { shape: o.shape, dtype: o.dtype } : null));
  }

  name(): string {
    return `${this.cls.name}Backward`;
  }

  /** The tensors forward saved, read through the node (in PyTorch a custom Function's grad_fn is its ctx). */
  get saved_tensors(): (Tensor | null)[] {
    return this.ctx.saved_tensors;
  }

  /** The SavedTensor objects behind saved_tensors (PyTorch's `_raw_saved_tensors`), for register_hooks. */
  get _raw_saved_tensors(): (SavedTensor | null)[] {
    return [...(this.ctx._saved ?? [])];
  }

  /** @internal */
  _apply(grads: (Tensor | null)[]): (Tensor | null)[] {
    const ctx = this.ctx;
    const gs = grads.map((g, i) => {
      const m = this.outputMeta[i];
      return g === null && ctx._materializeGrads && m !== null ? K.full(m.shape, 0, m.dtype) : g;
    });
    const raw = this.cls.backward(ctx, ...gs);
    const list: unknown[] = Array.isArray(raw) ? [...(raw as unknown[])] : [raw];
    const nArgs = this.args.length;
    if (list.length > nArgs && list.slice(nArgs).every((g) => g === null || g === undefined)) list.length = nArgs;
    if (list.length !== nArgs) {
      throw new Error(
        `function ${this.name()} returned an incorrect number of gradients (expected ${nArgs}, got ${list.length})`,
      );
    }
    const out: (Tensor | null)[] = [];
    for (let i = 0; i < nArgs; i++) {
      const g = list[i] ?? null;
      if (!(this.args[i] instanceof Tensor)) {
        if (g !== null) {
          throw new Error(
            `function ${this.name()} returned a gradient different than None at position ${i + 1}, but the ` +
              'corresponding forward input was not a Variable',
          );
        }
        continue;
      }
      if (g !== null && !(g instanceof Tensor)) {
        throw new TypeError(`function ${this.name()} returned a gradient at position ${i + 1} that is not a Tensor`);
      }
      // A gradient for an input that needs none is kept (post hooks see it, as in PyTorch); its
      // edge is empty, so the engine drops it.
      out.push(g);
    }
    return out;
  }

  /** @internal */
  _release(): void {
    if (this.ctx._saved === null) return;
    for (const s of this.ctx._saved) s?.release();
    this.ctx._released = true;
  }
}
