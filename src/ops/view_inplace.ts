// In-place operations on views, and writing into views.
//
// Note [In-place on views]: after `v = base.narrow(0, 0, 2); v.mul_(2)`, the gradient of `base`
// must flow through the multiplication for the narrowed rows only. As in PyTorch, the in-place
// op's node is wrapped in a CopySlices node that becomes base's grad_fn: it takes base's gradient,
// runs the op's backward on the region v covers, and passes the rest through unchanged. v's own
// grad_fn is then re-derived from base (an AsStridedBackward0 that reads v's region of base's
// gradient) the next time it is read, which is also what happens to every other view of base
// whose version is stale. Views are described by their geometry in base's storage, so any view
// (of a view, transposed, strided, expanded) is handled the same way.

import { backend } from '../backend/index.js';
import { gradEdge } from '../autograd/engine.js';
import { Node, type Edge, type InputMeta } from '../autograd/node.js';
import type { DType, TypedArray } from '../tensor/dtype.js';
import { numel } from '../tensor/shape.js';
import { viewHooks, type Tensor } from '../tensor/tensor.js';
import { writeInto } from './embed.js';
import * as K from '../tensor/kernels.js';
import { apply, defineOp, ViewCreation, type OpDef } from '../autograd/op.js';

export { writeInto } from './embed.js';

/** PyTorch's handle_view_on_rebase: the errors for views autograd cannot rebase. */
function viewRebaseError(v: Tensor, indirect: boolean): Error {
  const modified = indirect ? 'its base or another view of its base has been' : 'is being';
  const fn = v._gradFn;
  let msg =
    fn !== null
      ? `Output ${v._outputNr} of ${fn.name()} is a view and ${modified} modified inplace.`
      : `A view was created in no_grad mode and ${modified} modified inplace with grad mode enabled.`;
  if (v._viewCreation === ViewCreation.MultiOutput) {
    msg +=
      ' This view is the output of a function that returns multiple views. Such functions do not allow the ' +
      'output views to be modified inplace. You should replace the inplace operation by an out-of-place one.';
  } else {
    msg +=
      ' Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your code by ' +
      "moving both the view and the inplace either both inside the no_grad block (if you don't want the " +
      'inplace to be tracked) or both outside (if you want the inplace to be tracked).';
  }
  return new Error(msg);
}

/** @internal Checks an in-place op on view `v` can be recorded (called when an input requires grad). */
export function checkViewInplace(v: Tensor): void {
  if (v._viewCreation !== ViewCreation.Default) throw viewRebaseError(v, false);
  const base = v._base as Tensor;
  if (base._requiresGrad && base._gradFn === null) {
    throw new Error('a view of a leaf Variable that requires grad is being used in an in-place operation.');
  }
}

// ---------------------------------------------------------------- geometry

/**
 * Where base and view sit in one storage, shifted so the lowest element either reaches is at 0.
 * Gradients of base are laid out like base in a fresh storage of `span` elements; the view's
 * region of that storage is then the view's gradient.
 */
interface Geometry {
  readonly span: number;
  readonly baseShape: readonly number[];
  readonly baseStrides: readonly number[];
  readonly baseOffset: number;
  readonly size: readonly number[];
  readonly stride: readonly number[];
  readonly offset: number;
}

function extent(shape: readonly number[], strides: readonly number[], offset: number): [number, number] {
  let lo = offset;
  let hi = offset;
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 0) return [offset, offset - 1];
    const reach = (shape[d] - 1) * strides[d];
    if (reach < 0) lo += reach;
    else hi += reach;
  }
  return [lo, hi];
}

function geometryOf(base: Tensor, v: Tensor): Geometry {
  const [blo, bhi] = extent(base._shape, base._strides, base._offset);
  const [vlo, vhi] = extent(v._shape, v._strides, v._offset);
  const lo = Math.min(blo, vlo);
  const hi = Math.max(bhi, vhi);
  return {
    span: Math.max(hi - lo + 1, 0),
    baseShape: [...base._shape],
    baseStrides: [...base._strides],
    baseOffset: base._offset - lo,
    size: [...v._shape],
    stride: [...v._strides],
    offset: v._offset - lo,
  };
}

/** A base-shaped gradient written into a fresh storage laid out like base. */
function layOut(g: Tensor, geo: Geometry): TypedArray {
  const store = new g._dtype.array(geo.span);
  backend().copy(
    K.broadcastView(g, geo.baseShape),
    { data: store, shape: geo.baseShape, strides: geo.baseStrides, offset: geo.baseOffset },
    false,
  );
  return store;
}

/** Reads a storage laid out like base back into a contiguous base-shaped tensor. */
function readBase(store: TypedArray, geo: Geometry, dtype: DType): Tensor {
  const out = K.empty(geo.baseShape, dtype);
  backend().copy(
    { data: store, shape: geo.baseShape, strides: geo.baseStrides, offset: geo.baseOffset },
    out._v(),
    false,
  );
  return out;
}

/** Storage offsets of the view's elements, in row-major order. */
function regionOffsets(geo: Geometry): Int32Array {
  const n = numel(geo.size);
  const out = new Int32Array(n);
  const nd = geo.size.length;
  const idx = new Array<number>(nd).fill(0);
  let pos = geo.offset;
  for (let i = 0; i < n; i++) {
    out[i] = pos;
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      pos += geo.stride[d];
      if (idx[d] < geo.size[d]) break;
      pos -= idx[d] * geo.stride[d];
      idx[d] = 0;
    }
  }
  return out;
}

// The three differentiable steps CopySlices and AsStridedBackward0 are made of; each one's
// backward is written with the others, so create_graph works through in-place ops on views.

/** The view's region of a base-shaped gradient. */
const REGION: OpDef<Geometry> = defineOp<Geometry>({
  node: 'AsStridedBackward0',
  forward: ([g], geo) => {
    const store = layOut(g, geo);
    const out = K.empty(geo.size, g._dtype);
    backend().copy({ data: store, shape: geo.size, strides: geo.stride, offset: geo.offset }, out._v(), false);
    return out;
  },
  backward: (gg, _s, { args }) => [apply(EMBED, [gg], args)],
});

/** A view-shaped gradient summed into zeros shaped like base (overlapping elements add up). */
const EMBED: OpDef<Geometry> = defineOp<Geometry>({
  node: 'AsStridedBackwardBackward0',
  forward: ([g], geo) => {
    const store = new g._dtype.array(geo.span);
    backend().put(store, regionOffsets(geo), g.toTypedArray(), true);
    return readBase(store, geo, g._dtype);
  },
  backward: (gg, _s, { args }) => [apply(REGION, [gg], args)],
});

/** A base-shaped gradient with the view's region replaced by `r`. */
const SCATTER: OpDef<Geometry> = defineOp<Geometry>({
  node: 'AsStridedScatterBackward0',
  forward: ([g, r], geo) => {
    const store = layOut(g, geo);
    const region = { data: store, shape: geo.size, strides: geo.stride, offset: geo.offset };
    backend().copy(K.broadcastView(K.cast(r, g._dtype), geo.size), region, false);
    return readBase(store, geo, g._dtype);
  },
  backward: (gg, _s, { args }) => [
    apply(SCATTER, [gg, K.full(args.size, 0, gg._dtype)], args),
    apply(REGION, [gg], args),
  ],
});

// ---------------------------------------------------------------- the nodes

/** AsStridedBackward0 re-derived for a view of `base`: gives base the gradient of the view's region. */
class AsStridedNode extends Node {
  private readonly geometry: Geometry;

  constructor(edge: Edge, base: Tensor, v: Tensor) {
    super([edge], [{ shape: base.shape, dtype: base._dtype }], 1);
    this.geometry = geometryOf(base, v);
  }

  name(): string {
    return 'AsStridedBackward0';
  }

  /** @internal */
  _apply(grads: (Tensor | null)[]): (Tensor | null)[] {
    return [apply(EMBED, [grads[0] as Tensor], this.geometry)];
  }
}

/** CopySlices: base's grad_fn after an in-place op `fn` on its view. */
class CopySlices extends Node {
  private readonly geometry: Geometry;

  constructor(
    baseEdge: Edge,
    base: Tensor,
    v: Tensor,
    private readonly fn: Node,
  ) {
    super(
      [baseEdge, ...fn._edges.slice(1)],
      [{ shape: base.shape, dtype: base._dtype } as InputMeta, ...fn._inputMeta.slice(1)],
      1,
    );
    this.geometry = geometryOf(base, v);
  }

  name(): string {
    return 'torch::autograd::CopySlices';
  }

  /** @internal */
  _apply(grads: (Tensor | null)[]): (Tensor | null)[] {
    const g = grads[0] as Tensor;
    const geo = this.geometry;
    const inner = this.fn._apply([apply(REGION, [g], geo)]);
    const selfGrad = inner[0] ?? K.full(geo.size, 0, g._dtype);
    const out = new Array<Tensor | null>(inner.length);
    out[0] = apply(SCATTER, [g, selfGrad], geo);
    for (let i = 1; i < inner.length; i++) out[i] = inner[i];
    return out;
  }

  /** @internal */
  _release(): void {
    this.fn._release();
  }
}

/** @internal Re-derives a stale view's grad_fn from its base (see Note [In-place on views]). */
export function refreshViewGradFn(v: Tensor): void {
  if (v._viewCreation !== ViewCreation.Default) throw viewRebaseError(v, true);
  const base = v._base as Tensor;
  v._viewVersion = v._version;
  v._gradFn = new AsStridedNode(gradEdge(base), base, v);
  v._outputNr = 0;
}

/** @internal Gives base a CopySlices history for an in-place `node` applied to its view v. */
export function rebaseViewHistory(v: Tensor, node: Node): void {
  const base = v._base as Tensor;
  base._setGradFn(new CopySlices(gradEdge(base), base, v, node), 0);
  v._viewVersion = -1;
}

// See Note [Tensor hooks] (src/tensor/tensor.ts).
viewHooks.refreshGradFn = refreshViewGradFn;
viewHooks.checkInplace = checkViewInplace;
viewHooks.rebaseHistory = rebaseViewHistory;
viewHooks.writeInto = writeInto;
