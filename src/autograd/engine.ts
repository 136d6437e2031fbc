// The backward engine: iterative, with dependency counts and a ready queue (PyTorch's engine.cpp
// in a page). The simple version it stands for is the recursive
//   def backprop(node, grad): for (next, g) in zip(node.next, node(grad)): backprop(next, g)
// made safe for graphs of any depth and correct for shared subgraphs: a node runs once, after
// every gradient flowing into it has been summed.

import type { Tensor } from '../tensor/tensor.js';
import { isExpandableTo, shapeEquals } from '../tensor/shape.js';
import { gradAccumulator } from './accumulate.js';
import { no_grad, set_grad_enabled } from './grad_mode.js';
import { NO_EDGE, Node, type Edge } from './node.js';

/** The edge a tensor's gradient flows into: its grad_fn output, or its leaf accumulator. */
export function gradEdge(t: Tensor): Edge {
  const fn = t.grad_fn;
  if (fn !== null) return [fn, t._outputNr];
  if (t._requiresGrad) return [gradAccumulator(t), 0];
  return NO_EDGE;
}

/** Per-node state of one backward pass. */
interface Slot {
  /** Edges into this node not yet processed. */
  deps: number;
  /** Gradients received for each output, summed (null until the first arrives). */
  grads: (Tensor | null)[] | null;
  /** With targets: the node lies on a path to one (PyTorch's exec_info). */
  needed: boolean;
}

/** Max-heap of nodes by sequence number: the newest node runs first, as in PyTorch. */
class ReadyQueue {
  private readonly heap: Node[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(n: Node): void {
    const h = this.heap;
    let i = h.length;
    h.push(n);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent]._sequenceNr >= n._sequenceNr) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = n;
  }

  pop(): Node {
    const h = this.heap;
    const top = h[0];
    const last = h.pop() as Node;
    const n = h.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const m = r < n && h[r]._sequenceNr > h[l]._sequenceNr ? r : l;
        if (h[m]._sequenceNr <= last._sequenceNr) break;
        h[i] = h[m];
        i = m;
      }
      h[i] = last;
    }
    return top;
  }
}

/** A slot for every node reachable from root, with its count of incoming edges. */
function computeDependencies(root: Node): Map<Node, Slot> {
  const slots = new Map<Node, Slot>();
  slots.set(root, { deps: 0, grads: null, needed: true });
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    const edges = node._edges;
    for (let i = 0; i < edges.length; i++) {
      const next = edges[i][0];
      if (next === null) continue;
      const slot = slots.get(next);
      if (slot !== undefined) {
        slot.deps++;
      } else {
        slots.set(next, { deps: 1, grads: null, needed: false });
        stack.push(next);
      }
    }
  }
  return slots;
}

/** Marks the nodes that lie on a path from root to one of the targets (iterative post-order). */
function markNeeded(root: Node, targets: ReadonlySet<Node>, slots: Map<Node, Slot>): void {
  const visited = new Set<Node>([root]);
  const stack: [Node, number][] = [[root, 0]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const node = top[0];
    const i = top[1];
    if (i < node._edges.length) {
      top[1]++;
      const next = node._edges[i][0];
      if (next !== null && !visited.has(next)) {
        visited.add(next);
        stack.push([next, 0]);
      }
      continue;
    }
    stack.pop();
    const slot = slots.get(node) as Slot;
    slot.needed = targets.has(node) || hasNeededChild(node, slots);
  }
}

function hasNeededChild(node: Node, slots: Map<Node, Slot>): boolean {
  for (const [next] of node._edges) if (next !== null && (slots.get(next) as Slot).needed) return true;
  return false;
}

/** Brings a produced gradient to the input's shape (summing broadcast dims) and dtype. */
function validateGrad(node: Node, i: number, g: Tensor): Tensor {
  const meta = node._inputMeta[i];
  let out = g;
  if (!shapeEquals(out._shape, meta.shape)) {
    if (!isExpandableTo(meta.shape, out._shape)) {
      throw new Error(
        `Function ${node.name()} returned an invalid gradient at index ${i} - got [${out._shape.join(', ')}] ` +
          `but expected shape compatible with [${meta.shape.join(', ')}]`,
      );
    }
    out = out.sum_to_size(meta.shape);
  }
  if (out._dtype !== meta.dtype && meta.dtype.is_floating_point) out = out.to(meta.dtype);
  return out;
}

function runPreHooks(node: Node, grads: (Tensor | null)[]): void {
  const all = node._preHooks as (((g: Tensor) => Tensor | void | null | undefined)[] | undefined)[];
  for (let nr = 0; nr < all.length; nr++) {
    const hooks = all[nr];
    if (hooks === undefined) continue;
    for (const hook of [...hooks]) {
      const g = grads[nr];
      if (g === null) continue;
      const replaced = hook(g);
      if (replaced !== undefined && replaced !== null) grads[nr] = replaced;
    }
  }
}

export interface RunOptions {
  retainGraph: boolean;
  createGraph: boolean;
  /**
   * When set (autograd.grad, or backward with `inputs`), gradients are captured at exactly these
   * edges, and only nodes on a path to them (or to `execute`) run.
   */
  capture?: readonly Edge[];
  /** With `capture`: nodes that run when reached (the accumulators of backward's leaf `inputs`). */
  execute?: readonly Node[];
}

/**
 * Runs backward from `roots` (edges) seeded with `grads`. Returns the gradients captured at
 * `capture` (null where none arrived).
 */
export function runBackward(roots: readonly Edge[], grads: readonly Tensor[], opts: RunOptions): (Tensor | null)[] {
  // A virtual root node feeds the seed gradients into the real roots, so the loop below has one
  // shape: pop a node, run it, pass its outputs on.
  const graphRoot = new GraphRoot(roots, grads);
  const slots = computeDependencies(graphRoot);
  const captures: (Tensor | null)[] = [];
  let captureAt: Map<Node, [number, number][]> | null = null;
  let runTargets: ReadonlySet<Node> | null = null;
  if (opts.capture !== undefined) {
    captureAt = new Map();
    const targets = new Set<Node>(opts.execute);
    runTargets = new Set<Node>(opts.execute);
    opts.capture.forEach(([n, nr], k) => {
      captures.push(null);
      if (n === null) return;
      targets.add(n);
      const list = (captureAt as Map<Node, [number, number][]>).get(n);
      if (list) list.push([nr, k]);
      else (captureAt as Map<Node, [number, number][]>).set(n, [[nr, k]]);
    });
    markNeeded(graphRoot, targets, slots);
  }

  const queue = new ReadyQueue();
  const run = (): void => {
    const rootSlot = slots.get(graphRoot) as Slot;
    rootSlot.grads = [];
    queue.push(graphRoot);
    while (queue.size > 0) {
      const node = queue.pop();
      const slot = slots.get(node) as Slot;
      const inputs = slot.grads as (Tensor | null)[];
      slot.grads = null;
      let outputs: readonly (Tensor | null)[];
      if (node === graphRoot) {
        outputs = graphRoot.seeds;
      } else {
        // Captured gradients are taken before hooks run, as in PyTorch 1.13.
        const wanted = captureAt?.get(node);
        if (wanted) for (const [nr, k] of wanted) captures[k] = inputs[nr] ?? null;
        if (node._preHooks !== null) runPreHooks(node, inputs);
        const execute = runTargets === null || (slot.needed && (runTargets.has(node) || hasNeededChild(node, slots)));
        if (execute) {
          outputs = applyNode(node, inputs);
          if (!opts.retainGraph) node._release();
        } else {
          outputs = [];
        }
      }
      const edges = node._edges;
      for (let i = 0; i < edges.length; i++) {
        const edge = edges[i];
        const next = edge[0];
        if (next === null) continue;
        const nslot = slots.get(next) as Slot;
        let g = outputs[i] ?? null;
        if (g !== null) {
          if (node !== graphRoot) g = validateGrad(node, i, g);
          const buf = (nslot.grads ??= new Array<Tensor | null>(next._numOutputs).fill(null));
          const nr = edge[1];
          const prev = buf[nr];
          buf[nr] = prev === null ? g : prev.add(g);
        }
        if (--nslot.deps === 0) {
          if (nslot.grads !== null) queue.push(next);
          else dropUnreached(next, slots, queue);
        }
      }
    }
  };
  set_grad_enabled(opts.createGraph, run);
  return captures;
}

/**
 * A node whose every incoming edge delivered no gradient never runs, but the nodes below it must
 * still learn that those edges are done, or they would wait forever.
 */
function dropUnreached(start: Node, slots: Map<Node, Slot>, queue: ReadyQueue): void {
  const stack = [start];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    for (const [next] of node._edges) {
      if (next === null) continue;
      const slot = slots.get(next) as Slot;
      if (--slot.deps === 0) {
        if (slot.grads !== null) queue.push(next);
        else stack.push(next);
      }
    }
  }
}

function applyNode(node: Node, inputs: (Tensor | null)[]): (Tensor | null)[] {
  const out = node._apply(inputs);
  if (node._postHooks !== null) for (const hook of [...node._postHooks]) no_grad(() => hook(out, inputs));
  return out;
}

/** The virtual node whose outputs are the seed gradients. */
class GraphRoot extends Node {
  constructor(
    roots: readonly Edge[],
    readonly seeds: readonly Tensor[],
  ) {
    super([...roots], [], 0);
  }

  name(): string {
    return 'GraphRoot';
  }

  _apply(): (Tensor | null)[] {
    return [...this.seeds];
  }
}
