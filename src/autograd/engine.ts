// The backward engine: iterative, with dependency counts and a ready queue (PyTorch's engine.cpp
// in a page). The simple version it stands for is the recursive
//   def backprop(node, grad): for (next, g) in zip(node.next, node(grad)): backprop(next, g)
// made safe for graphs of any depth and correct for shared subgraphs: a node runs once, after
// every gradient flowing into it has been summed.

import type { Tensor } from '../tensor/tensor.js';
import { isExpandableTo, shapeEquals } from '../tensor/shape.js';
import { gradAccumulator } from './accumulate.js';
import { no_grad, set_grad_enabled } from './grad_mode.js';
import { Node, type Edge } from './node.js';

/** The edge a tensor's gradient flows into: its grad_fn output, or its leaf accumulator. */
export function gradEdge(t: Tensor): Edge {
  const fn = t.grad_fn;
  if (fn !== null) return [fn, t._outputNr];
  if (t.requires_grad) return [gradAccumulator(t), 0];
  return [null, 0];
}

/** Max-heap of nodes by sequence number: the newest node runs first, as in PyTorch. */
class ReadyQueue {
  private heap: Node[] = [];
  get size(): number {
    return this.heap.length;
  }
  push(n: Node): void {
    const h = this.heap;
    h.push(n);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent]._sequenceNr >= h[i]._sequenceNr) break;
      [h[parent], h[i]] = [h[i], h[parent]];
      i = parent;
    }
  }
  pop(): Node {
    const h = this.heap;
    const top = h[0];
    const last = h.pop() as Node;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l]._sequenceNr > h[m]._sequenceNr) m = l;
        if (r < h.length && h[r]._sequenceNr > h[m]._sequenceNr) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }
}

/** Counts, for every node reachable from the roots, how many edges point at it. */
function computeDependencies(roots: readonly Node[]): Map<Node, number> {
  const deps = new Map<Node, number>();
  const seen = new Set<Node>(roots);
  const stack = [...roots];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    for (const [next] of node._edges) {
      if (next === null) continue;
      deps.set(next, (deps.get(next) ?? 0) + 1);
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return deps;
}

/**
 * The nodes that lie on a path from the roots to one of the targets (PyTorch's exec_info): when
 * gradients are wanted only for some inputs, nothing else runs.
 */
function nodesNeeded(roots: readonly Node[], targets: ReadonlySet<Node>): Set<Node> {
  const needed = new Set<Node>();
  const visited = new Set<Node>();
  // Iterative post-order DFS: a node is needed if it is a target or any child is needed.
  const stack: [Node, number][] = roots.map((r) => [r, 0]);
  for (const r of roots) visited.add(r);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [node, i] = top;
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
    if (targets.has(node) || node._edges.some(([n]) => n !== null && needed.has(n))) needed.add(node);
  }
  return needed;
}

/** Brings a produced gradient to the input's shape (summing broadcast dims) and dtype. */
function validateGrad(node: Node, i: number, g: Tensor): Tensor {
  const meta = node._inputMeta[i];
  let out = g;
  if (!shapeEquals(out.shape, meta.shape)) {
    if (!isExpandableTo(meta.shape, out.shape)) {
      throw new Error(
        `Function ${node.name()} returned an invalid gradient at index ${i} - got [${out.shape.join(', ')}] ` +
          `but expected shape compatible with [${meta.shape.join(', ')}]`,
      );
    }
    out = out.sum_to_size(meta.shape);
  }
  if (out.dtype !== meta.dtype && meta.dtype.is_floating_point) out = out.to(meta.dtype);
  return out;
}

function runPreHooks(node: Node, grads: (Tensor | null)[]): void {
  if (node._preHooks === null) return;
  for (const [nr, hooks] of node._preHooks) {
    for (const hook of [...hooks]) {
      const g = grads[nr];
      if (g === null || g === undefined) continue;
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
   * edges, only nodes on a path to them run, and leaves accumulate nothing.
   */
  capture?: readonly Edge[];
}

/**
 * Runs backward from `roots` (edges) seeded with `grads`. Returns captured gradients when
 * `capture` is given (autograd.grad), one per captured edge (null when unreached).
 */
export function runBackward(roots: readonly Edge[], grads: readonly Tensor[], opts: RunOptions): (Tensor | null)[] {
  // A virtual root node feeds the seed gradients into the real roots, so the loop below has one
  // shape: pop a node, run it, pass its outputs on.
  const graphRoot = new GraphRoot(roots, grads);
  const deps = computeDependencies([graphRoot]);
  const targetEdges = opts.capture;
  let needed: Set<Node> | null = null;
  const captures: (Tensor | null)[] = [];
  const captureAt = new Map<Node, [number, number][]>();
  if (targetEdges) {
    const targets = new Set<Node>();
    targetEdges.forEach(([n, nr], k) => {
      captures.push(null);
      if (n === null) return;
      targets.add(n);
      const list = captureAt.get(n) ?? [];
      list.push([nr, k]);
      captureAt.set(n, list);
    });
    needed = nodesNeeded([graphRoot], targets);
  }

  const buffers = new Map<Node, (Tensor | null)[]>();
  const queue = new ReadyQueue();
  queue.push(graphRoot);
  const run = (): void => {
    while (queue.size > 0) {
      const node = queue.pop();
      const inputs = buffers.get(node) ?? new Array<Tensor | null>(node._numOutputs).fill(null);
      buffers.delete(node);
      runPreHooks(node, inputs);
      const wanted = captureAt.get(node);
      if (wanted) for (const [nr, k] of wanted) captures[k] = inputs[nr] ?? null;
      // Captured leaves are not accumulated; captured interior nodes stop the walk unless their
      // inputs are needed further down.
      const execute =
        node !== graphRoot && (needed === null || needed.has(node)) && !(wanted && !hasNeededChild(node, needed));
      const outputs = node === graphRoot ? graphRoot.seeds : execute ? applyNode(node, inputs) : [];
      if (execute && !opts.retainGraph) node._release();
      for (let i = 0; i < node._edges.length; i++) {
        const [next, nr] = node._edges[i];
        if (next === null) continue;
        let g = outputs[i] ?? null;
        if (g !== null && node !== graphRoot) g = validateGrad(node, i, g);
        if (g !== null) {
          let buf = buffers.get(next);
          if (!buf) {
            buf = new Array<Tensor | null>(next._numOutputs).fill(null);
            buffers.set(next, buf);
          }
          const prev = buf[nr];
          buf[nr] = prev === null ? g : prev.add(g);
        }
        const left = (deps.get(next) as number) - 1;
        deps.set(next, left);
        if (left === 0 && buffers.has(next)) queue.push(next);
        else if (left === 0) dropUnreached(next, deps, queue, buffers);
      }
    }
  };
  set_grad_enabled(opts.createGraph, run);
  return captures;
}

function hasNeededChild(node: Node, needed: Set<Node> | null): boolean {
  if (needed === null) return true;
  return node._edges.some(([n]) => n !== null && needed.has(n));
}

/**
 * A node whose every incoming edge delivered no gradient never runs, but the nodes below it must
 * still learn that those edges are done, or they would wait forever.
 */
function dropUnreached(
  start: Node,
  deps: Map<Node, number>,
  queue: ReadyQueue,
  buffers: Map<Node, (Tensor | null)[]>,
): void {
  const stack = [start];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    for (const [next] of node._edges) {
      if (next === null) continue;
      const left = (deps.get(next) as number) - 1;
      deps.set(next, left);
      if (left === 0) {
        if (buffers.has(next)) queue.push(next);
        else stack.push(next);
      }
    }
  }
}

function applyNode(node: Node, inputs: (Tensor | null)[]): (Tensor | null)[] {
  const out = node._apply(inputs);
  if (node._postHooks) for (const hook of [...node._postHooks]) no_grad(() => hook(out, inputs));
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
