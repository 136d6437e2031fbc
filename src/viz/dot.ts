// torch.viz.make_dot: the backward graph of a tensor as Graphviz DOT, node for node and line for
// line what torchviz's make_dot writes through the Python graphviz package (0.20): grad_fn nodes
// by name, parameters in light blue labelled with their names and shapes, the output in green, a
// view's base in a darker green joined by a dotted edge.
//
// torchviz walks the graph recursively; here an explicit stack of pending next_functions replays
// the same visiting order (DESIGN.md §2: no recursion over graphs). The simple version:
//
//   add(fn): node(fn); for (u of fn.next_functions) { edge(u, fn); add(u) }

import { Tensor } from '../tensor/tensor.js';
import { argTypeError, checkOptionsArg, checkTensors, jsTypeName } from '../tensor/argcheck.js';
import type { Node } from '../autograd/node.js';
import { pyFloat } from '../tensor/format.js';
import { render, type RenderOpts } from './render.js';

export type ParamsArg = Map<string, Tensor> | Record<string, Tensor> | Iterable<[string, Tensor]>;

export interface MakeDotOpts {
  /** Names for leaf tensors, as `dict(model.named_parameters())` in torchviz. */
  params?: ParamsArg | null;
}

/** Python graphviz's quote(): bare IDs and numerals stay bare; anything else is double-quoted. */
function quote(id: string): string {
  const bare = /^([a-zA-Z_][a-zA-Z0-9_]*|-?(\.[0-9]+|[0-9]+(\.[0-9]*)?))$/.test(id);
  const keyword = ['node', 'edge', 'graph', 'digraph', 'subgraph', 'strict'].includes(id.toLowerCase());
  if (bare && !keyword) return id;
  return `"${id.replace(/(?<!\\)"/g, '\\"')}"`;
}

function attrList(attrs: Record<string, string>, label?: string): string {
  const items = label === undefined ? [] : [`label=${quote(label)}`];
  for (const k of Object.keys(attrs).sort()) items.push(`${quote(k)}=${quote(attrs[k])}`);
  return items.length > 0 ? ` [${items.join(' ')}]` : '';
}

/** Graphviz attributes: a { name: value } object of strings. */
function checkAttrs(fn: string, param: string, position: number, attrs: unknown): void {
  const proto: unknown = attrs !== null && typeof attrs === 'object' ? Object.getPrototypeOf(attrs) : undefined;
  const ok =
    (proto === Object.prototype || proto === null) &&
    Object.values(attrs as object).every((v) => typeof v === 'string');
  if (!ok) throw argTypeError(fn, param, position, 'dict of str', attrs);
}

/** A graph being built, and its DOT source (the shape of graphviz.Digraph that torchviz returns). */
export class Digraph {
  readonly body: string[] = [];
  readonly graph_attr: Record<string, string> = {};
  readonly node_attr: Record<string, string>;

  constructor(opts: { node_attr?: Record<string, string>; graph_attr?: Record<string, string> } = {}) {
    checkOptionsArg('Digraph', 1, opts);
    for (const key of Object.keys(opts)) {
      if (key !== 'node_attr' && key !== 'graph_attr') {
        throw new TypeError(`Digraph() got an unexpected keyword argument '${key}'`);
      }
    }
    checkAttrs('Digraph', 'node_attr', 1, opts.node_attr ?? {});
    checkAttrs('Digraph', 'graph_attr', 1, opts.graph_attr ?? {});
    this.node_attr = { ...opts.node_attr };
    Object.assign(this.graph_attr, opts.graph_attr);
  }

  node(name: string, label: string, attrs: Record<string, string> = {}): void {
    if (typeof name !== 'string') throw argTypeError('node', 'name', 1, 'str', name);
    if (typeof label !== 'string') throw argTypeError('node', 'label', 2, 'str', label);
    checkAttrs('node', 'attrs', 3, attrs);
    this.body.push(`\t${quote(name)}${attrList(attrs, label)}\n`);
  }

  edge(tail: string, head: string, attrs: Record<string, string> = {}): void {
    if (typeof tail !== 'string') throw argTypeError('edge', 'tail_name', 1, 'str', tail);
    if (typeof head !== 'string') throw argTypeError('edge', 'head_name', 2, 'str', head);
    checkAttrs('edge', 'attrs', 3, attrs);
    this.body.push(`\t${quote(tail)} -> ${quote(head)}${attrList(attrs)}\n`);
  }

  get source(): string {
    let s = 'digraph {\n';
    if (Object.keys(this.graph_attr).length > 0) s += `\tgraph${attrList(this.graph_attr)}\n`;
    if (Object.keys(this.node_attr).length > 0) s += `\tnode${attrList(this.node_attr)}\n`;
    return `${s}${this.body.join('')}}\n`;
  }

  toString(): string {
    return this.source;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.source;
  }

  /** The graph drawn by Graphviz (WebAssembly, no system install): SVG text by default. */
  pipe(opts?: RenderOpts): Promise<string> {
    return render(this.source, opts);
  }
}

/** Stable numeric ids for graph objects (torchviz uses Python's id()). */
const ids = new WeakMap<object, string>();
let nextId = 1;
function idOf(o: object): string {
  let id = ids.get(o);
  if (id === undefined) {
    id = String(nextId++);
    ids.set(o, id);
  }
  return id;
}

function paramEntries(params: ParamsArg): Iterable<[string, Tensor]> {
  const entries =
    params instanceof Map
      ? [...params.entries()]
      : Symbol.iterator in Object(params)
        ? [...(params as Iterable<unknown>)]
        : Object.entries(params as Record<string, Tensor>);
  for (const e of entries) {
    if (!Array.isArray(e) || e.length !== 2 || typeof e[0] !== 'string' || !(e[1] instanceof Tensor)) {
      throw new TypeError(`make_dot(): params must map names (str) to Tensors, got an entry of type ${jsTypeName(e)}`);
    }
  }
  return entries as [string, Tensor][];
}

const sizeToStr = (shape: readonly number[]): string => `(${shape.join(', ')})`;

/** Graphviz DOT of the backward graph that produced `output` (a tensor or several). */
export function make_dot(output: Tensor | readonly Tensor[], opts: MakeDotOpts = {}): Digraph {
  checkTensors('make_dot', 'var', 1, output);
  checkOptionsArg('make_dot', 2, opts);
  for (const key of Object.keys(opts)) {
    if (key !== 'params') throw new TypeError(`make_dot() got an unexpected keyword argument '${key}'`);
  }
  const params: unknown = opts.params;
  if (params !== undefined && params !== null && (typeof params !== 'object' || params instanceof Tensor)) {
    throw argTypeError('make_dot', 'params', 2, 'dict', params);
  }
  const paramNames = new Map<Tensor, string>();
  if (opts.params) for (const [name, p] of paramEntries(opts.params)) paramNames.set(p, name);
  const dot = new Digraph({
    node_attr: {
      style: 'filled',
      shape: 'box',
      align: 'left',
      fontsize: '10',
      ranksep: '0.1',
      height: '0.2',
      fontname: 'monospace',
    },
    graph_attr: { size: '12,12' },
  });
  const seen = new Set<object>();
  const varName = (v: Tensor, name?: string): string => `${name || (paramNames.get(v) ?? '')}\n ${sizeToStr(v.shape)}`;

  /** Visits fn and everything behind it, in torchviz's recursive order. */
  const addNodes = (root: Node): void => {
    const stack: { fn: Node; next: number }[] = [];
    const enter = (fn: Node): void => {
      if (seen.has(fn)) return;
      seen.add(fn);
      // Python's type(fn).__name__: name() without its C++ namespace (torch::autograd::AccumulateGrad).
      dot.node(idOf(fn), fn.name().replace(/^.*::/, ''));
      const variable = (fn as { variable?: Tensor }).variable;
      if (variable !== undefined) {
        seen.add(variable);
        dot.node(idOf(variable), varName(variable), { fillcolor: 'lightblue' });
        dot.edge(idOf(variable), idOf(fn));
      }
      stack.push({ fn, next: 0 });
    };
    enter(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const edges = top.fn.next_functions;
      if (top.next >= edges.length) {
        stack.pop();
        continue;
      }
      const u = edges[top.next++][0];
      if (u === null) continue;
      dot.edge(idOf(u), idOf(top.fn));
      enter(u);
    }
  };

  /** torchviz's add_base_tensor: a tensor, its graph, then its base (if a view), dotted. */
  const addBaseTensor = (root: Tensor): void => {
    // Walks down the chain of views; the dotted edges close in reverse, as the recursion unwinds.
    const chain: Tensor[] = [];
    let v: Tensor | null = root;
    while (v !== null && !seen.has(v)) {
      seen.add(v);
      dot.node(idOf(v), varName(v), { fillcolor: chain.length === 0 ? 'darkolivegreen1' : 'darkolivegreen3' });
      const fn = v.grad_fn;
      if (fn !== null) {
        addNodes(fn);
        dot.edge(idOf(fn), idOf(v));
      }
      chain.push(v);
      v = v._base;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const base = chain[i]._base;
      if (base !== null) dot.edge(idOf(base), idOf(chain[i]), { style: 'dotted' });
    }
  };

  for (const t of Array.isArray(output) ? output : [output as Tensor]) addBaseTensor(t);
  // torchviz's resize_graph: max(12, 0.15 inch per statement), printed as Python prints it.
  const content = dot.body.length * 0.15;
  const size = content > 12 ? pyFloat(content) : '12';
  dot.graph_attr.size = `${size},${size}`;
  return dot;
}
