// The backward engine: iterative, with dependency counts and a ready queue (PyTorch's engine.cpp
// in a page). The simple version it stands for is the recursive
//   def backprop(node, grad): for (next, g) in zip(node.next, node(grad)): backprop(next, g)
// made safe for graphs of any depth and correct for shared subgraphs: a node runs once, after
// every gradient flowing into it has been summed.

import { Tensor } from '../tensor/tensor.js';
import { isExpandableTo, shapeEquals } from '../tensor/shape.js';
import { AccumulateGrad, gradAccumulator } from './accumulate.js';
import { is_anomaly_enabled, no_grad, set_grad_enabled } from './grad_mode.js';
import { NO_EDGE, Node, type Edge, type NodePreHook } from './node.js';
import { vmapState } from './batching.js';
import { fwState } from './forward.js';

/** The edge a tensor's gradient flows into: its grad_fn output, or its leaf accumulator. */
export function gradEdge(t: Tensor): Edge {
  const fn = t.grad_fn;
  if (fn !== null) return t._outputNr === 0 ? (fn._edge0 ??= [fn, 0]) : [fn, t._outputNr];
  if (t._requiresGrad) {
    const acc = gradAccumulator(t);
    return (acc._edge0 ??= [acc, 0]);
  }
  return NO_EDGE;
}

// Note [Engine state on nodes]: a backward pass keeps its per-node state (dependency count,
// gradient buffer, needed flag) in fields of the nodes themselves, stamped with the pass's task
// id; that avoids a map lookup per edge. A backward started while another runs (reentrant:
// from a hook or a custom Function's backward) may reach nodes of the outer pass; it saves
// their state when it claims them and restores it when it finishes, before the outer pass
// (suspended meanwhile) continues.

let nextTask = 1;
const activeTasks: number[] = [];

interface SavedState {
  node: Node;
  task: number;
  deps: number;
  buffer: (Tensor | null)[] | null;
  needed: boolean;
}

/** Makes `node` part of `task`; true when it was not yet. */
function claim(node: Node, task: number, saves: SavedState[] | null): boolean {
  if (node._task === task) return false;
  if (saves !== null && activeTasks.includes(node._task)) {
    saves.push({ node, task: node._task, deps: node._deps, buffer: node._buffer, needed: node._needed });
  }
  node._task = task;
  node._deps = 0;
  node._buffer = null;
  node._needed = false;
  return true;
}

function restore(saves: readonly SavedState[]): void {
  for (let i = saves.length - 1; i >= 0; i--) {
    const s = saves[i];
    s.node._task = s.task;
    s.node._deps = s.deps;
    s.node._buffer = s.buffer;
    s.node._needed = s.needed;
  }
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

/** Claims every node reachable from root and counts the edges pointing at each. */
function computeDependencies(root: Node, task: number, saves: SavedState[] | null): void {
  claim(root, task, saves);
  const stack = [root];
  while (stack.length > 0) {
    const edges = (stack.pop() as Node)._edges;
    for (let i = 0; i < edges.length; i++) {
      const next = edges[i][0];
      if (next === null) continue;
      if (claim(next, task, saves)) stack.push(next);
      next._deps++;
    }
  }
}

/** Marks the nodes that lie on a path from root to one of the targets (iterative post-order). */
function markNeeded(root: Node, targets: ReadonlySet<Node>): void {
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
    node._needed = targets.has(node) || hasNeededChild(node);
  }
}

function hasNeededChild(node: Node): boolean {
  for (const [next] of node._edges) if (next !== null && next._needed) return true;
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
      if (replaced !== undefined && replaced !== null) grads[nr] = checkHookResult(hook, g, replaced);
    }
  }
}

/** A node's pre-hooks (register_prehook): each sees all output gradients and may replace them. */
function runNodePreHooks(node: Node, grads: (Tensor | null)[]): void {
  for (const hook of [...(node._nodePreHooks as NodePreHook[])]) {
    const res = no_grad(() => hook([...grads]));
    if (res !== undefined && res !== null) {
      const checked = checkTupleResult(hook, grads, res);
      for (let i = 0; i < grads.length; i++) grads[i] = checked[i];
    }
  }
}

/** PyTorch's check_result: a hook replacing gradients must return a tuple of as many, each checked. */
function checkTupleResult(
  hook: (...a: never[]) => unknown,
  was: readonly (Tensor | null)[],
  got: unknown,
): (Tensor | null)[] {
  if (!Array.isArray(got)) throw new TypeError(`expected tuple, but hook returned '${pyTypeName(got)}'`);
  if (got.length !== was.length) {
    throw new Error(
      `hook '${hookNameOf(hook)}' has returned an incorrect number of values (got ${got.length}, but expected ${was.length})`,
    );
  }
  return got.map((g: unknown, i) => {
    if (g === null || g === undefined) return null;
    const prev = was[i];
    if (prev === null || prev === undefined) throw new Error("can't replace a None gradient with a non-None value");
    return checkHookResult(hook, prev, g);
  });
}

function hookNameOf(hook: (...a: never[]) => unknown): string {
  return hook.name === '' ? '<lambda>' : hook.name;
}

function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'boolean') return 'bool';
  return (v as object).constructor?.name ?? 'object';
}

/** A hook may replace a gradient only by one of the same size and type (PyTorch's check_single_result). */
function checkHookResult(hook: (...a: never[]) => unknown, was: Tensor, got: unknown): Tensor {
  const hookName = hookNameOf(hook);
  if (!(got instanceof Tensor)) {
    throw new TypeError(`expected Variable, but hook returned '${pyTypeName(got)}'`);
  }
  if (got._dtype !== was._dtype) {
    throw new Error(`hook '${hookName}' has changed the type of value (was ${was.type()} got ${got.type()})`);
  }
  if (!shapeEquals(got._shape, was._shape)) throw new Error(`hook '${hookName}' has changed the size of value`);
  return got;
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
  const task = nextTask++;
  const saves = activeTasks.length > 0 ? [] : null;
  activeTasks.push(task);
  try {
    computeDependencies(graphRoot, task, saves);
    const captures: (Tensor | null)[] = [];
    let captureAt: Map<Node, [number, number][]> | null = null;
    let runTargets: ReadonlySet<Node> | null = null;
    if (opts.capture !== undefined) {
      const at = new Map<Node, [number, number][]>();
      const targets = new Set<Node>(opts.execute);
      opts.capture.forEach(([n, nr], k) => {
        captures.push(null);
        if (n === null) return;
        targets.add(n);
        const list = at.get(n);
        if (list) list.push([nr, k]);
        else at.set(n, [[nr, k]]);
      });
      markNeeded(graphRoot, targets);
      captureAt = at;
      runTargets = new Set<Node>(opts.execute);
    }
    // Gradients only the engine holds (Note [Taking a gradient]); none are tracked when
    // gradients carry graphs (create_graph), batch dimensions (vmap) or tangents (forward AD).
    const owned = new Set<Tensor>();
    const tracking = !opts.createGraph && vmapState.depth === 0 && fwState.alive === 0;
    const run = (): void => {
      const queue = new ReadyQueue();
      graphRoot._buffer = [];
      queue.push(graphRoot);
      while (queue.size > 0) {
        const node = queue.pop();
        const inputs = node._buffer as (Tensor | null)[];
        node._buffer = null;
        let outputs: readonly (Tensor | null)[];
        if (node === graphRoot) {
          outputs = graphRoot.seeds;
        } else {
          // Captured gradients are taken before hooks run, as in PyTorch 1.13.
          const wanted = captureAt?.get(node);
          if (wanted) for (const [nr, k] of wanted) captures[k] = inputs[nr] ?? null;
          if (node._preHooks !== null) runPreHooks(node, inputs);
          if (node._nodePreHooks !== null) runNodePreHooks(node, inputs);
          if (runTargets === null || (node._needed && (runTargets.has(node) || hasNeededChild(node)))) {
            if (node instanceof AccumulateGrad) {
              const g = inputs[0];
              node._owned =
                g !== null &&
                g !== undefined &&
                wanted === undefined &&
                node._preHooks === null &&
                node._nodePreHooks === null;
              node._owned &&= owned.delete(g as Tensor) && node._postHooks === null;
            } else if (owned.size !== 0) {
              for (const t of inputs) if (t !== null) owned.delete(t);
            }
            outputs = applyNode(node, inputs);
            if (tracking && node._postHooks === null) markOwned(node, inputs, outputs, owned);
            if (!opts.retainGraph) node._release();
          } else {
            outputs = NO_OUTPUTS;
          }
        }
        const edges = node._edges;
        for (let i = 0; i < edges.length; i++) {
          const edge = edges[i];
          const next = edge[0];
          if (next === null) continue;
          let g = outputs[i] ?? null;
          if (g !== null) {
            if (node !== graphRoot) {
              const produced = g;
              g = validateGrad(node, i, g);
              if (tracking && g !== produced && g._base === null && g._data !== produced._data) owned.add(g);
            }
            let buf = next._buffer;
            if (buf === null) {
              buf = new Array<Tensor | null>(next._numOutputs).fill(null);
              next._buffer = buf;
            }
            const nr = edge[1];
            const prev = buf[nr];
            if (prev === null) {
              buf[nr] = g;
            } else if (owned.has(prev) && prev._data !== g._data) {
              // A sum the engine alone holds takes the next gradient in place, as PyTorch's
              // InputBuffer accumulates into a buffer nothing else uses.
              owned.delete(g);
              prev.add_(g);
            } else {
              owned.delete(g);
              buf[nr] = prev.add(g);
              if (tracking) owned.add(buf[nr] as Tensor);
            }
          }
          if (--next._deps === 0) {
            if (next._buffer !== null) queue.push(next);
            else dropUnreached(next, queue);
          }
        }
      }
    };
    set_grad_enabled(opts.createGraph, run);
    return captures;
  } finally {
    activeTasks.pop();
    if (saves !== null) restore(saves);
  }
}

const NO_OUTPUTS: readonly (Tensor | null)[] = [];

/*
 * Note [Taking a gradient]: PyTorch's AccumulateGrad takes the incoming gradient as the leaf's
 * .grad, without a copy, when nothing else references it (use_count 1), it is not sparse and it
 * obeys the layout contract (the leaf's strides); else it copies. JavaScript has no use counts, so
 * the engine tracks, per backward pass, the gradients it alone holds: fresh results of built-in
 * formulas (not views, not sharing storage with the node's incoming gradients, saved tensors or
 * arguments, nor with another of its outputs), of the engine's own reductions and casts
 * (validateGrad) and sums (the input buffers). A node with post hooks (which see its outputs),
 * a leaf with gradient hooks, a captured gradient and create_graph (grad mode on) all copy. An
 * input buffer holding such a gradient adds the next one into it in place (PyTorch's InputBuffer
 * does the same), instead of allocating the sum. Small gradients are not tracked (`ownership`).
 */
/**
 * @internal Gradients with fewer elements than `minElements` are not tracked: copying them costs
 * less than the bookkeeping would on the per-op path (W4), and the copies that matter are those of
 * large parameters. tests/memory.test.ts sets it to 0 to check the rules on small tensors.
 */
export const ownership = { minElements: 4096 };

function markOwned(
  node: Node,
  inputs: readonly (Tensor | null)[],
  outputs: readonly (Tensor | null)[],
  owned: Set<Tensor>,
): void {
  for (let i = 0; i < outputs.length; i++) {
    const g = outputs[i];
    if (g === null || g === undefined || g._data.length < ownership.minElements) continue;
    if (g._base !== null || g._wrappedNumber || node._mayHold(g._data)) continue;
    let shared = false;
    for (const t of inputs) if (t !== null && t !== undefined && t._data === g._data) shared = true;
    for (let j = 0; j < outputs.length && !shared; j++) {
      const o = outputs[j];
      if (j !== i && o !== null && o !== undefined && o._data === g._data) shared = true;
    }
    if (!shared) owned.add(g);
  }
}

/**
 * A node whose every incoming edge delivered no gradient never runs, but the nodes below it must
 * still learn that those edges are done, or they would wait forever.
 */
function dropUnreached(start: Node, queue: ReadyQueue): void {
  const stack = [start];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    for (const [next] of node._edges) {
      if (next === null) continue;
      if (--next._deps === 0) {
        if (next._buffer !== null) queue.push(next);
        else stack.push(next);
      }
    }
  }
}

function applyNode(node: Node, inputs: (Tensor | null)[]): (Tensor | null)[] {
  const out = node._apply(inputs);
  if (is_anomaly_enabled()) checkNaN(node, out);
  if (node._postHooks === null) return out;
  // Post hooks see the gradients validated (summed to the inputs' shapes), as in PyTorch's call_function.
  let result = out.map((g, i) => (g !== null && g !== undefined && node._edges[i]?.[0] ? validateGrad(node, i, g) : g));
  for (const hook of [...node._postHooks]) {
    const gradInputs = node._edges.map((_e, i) => result[i] ?? null);
    const res = no_grad(() => hook(gradInputs, [...inputs]));
    if (res !== undefined && res !== null) result = checkTupleResult(hook, gradInputs, res);
  }
  return result;
}

function checkNaN(node: Node, out: readonly (Tensor | null)[]): void {
  out.forEach((g, i) => {
    if (g === null || g === undefined || !g._dtype.is_floating_point) return;
    if (g.toTypedArray().some((v) => Number.isNaN(v))) {
      throw new Error(`Function '${node.name()}' returned nan values in its ${i}th output.`);
    }
  });
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
