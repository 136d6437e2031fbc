// Rich display in Jupyter notebooks run by Deno's kernel (`deno jupyter`). The kernel shows a
// cell's value by calling its `Symbol.for('Jupyter.display')` method when it has one, and
// otherwise by Deno.inspect. This module gives that method to tensors, grad_fn nodes, modules,
// make_dot's graphs and plot figures, returning what IPython shows for the same PyTorch objects:
// a tensor's repr, `<SumBackward0>` (without the address), the module tree, the graph as an SVG.
//
// A symbol-keyed method costs nothing elsewhere: Node never looks it up. Only inside the Deno
// kernel (where `Deno.jupyter` exists) does this module also give arrays a display method, so that
// an array of results shows as IPython shows a tuple (the notebooks' convention: arrays stand for
// Python tuples, as in docs/pytorch-to-tensorgrad.md), and shows tensorgrad's warnings in the
// notebook. Arrays and warnings are left alone everywhere else.

import { Tensor } from '../tensor/tensor.js';
import { Node } from '../autograd/node.js';
import { Module } from '../nn/module.js';
import { Size } from '../tensor/shape.js';
import { Digraph } from './dot.js';
import { Figure } from './plot.js';
import { argTypeError, pyStr } from '../tensor/argcheck.js';

/** The key Deno's Jupyter kernel looks up on a displayed value. */
export const DISPLAY = Symbol.for('Jupyter.display');

/** What a display method returns: output data by MIME type. */
export type MediaBundle = Record<string, string>;

/** Python's repr() of a value as the notebooks use them: arrays as tuples, null as None. */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return v.includes("'") && !v.includes('"') ? `"${v}"` : `'${v.replace(/'/g, "\\'")}'`;
  if (Array.isArray(v) && !(v instanceof Size)) {
    return `(${v.map(pyRepr).join(', ')}${v.length === 1 ? ',' : ''})`;
  }
  // A plain object or a plain Map stands for a dict: {'a': 1, 'b': 2}.
  const isPlainMap = v instanceof Map && Object.getPrototypeOf(v) === Map.prototype;
  const isPlainObject =
    typeof v === 'object' &&
    (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null) &&
    !Object.prototype.hasOwnProperty.call(v, 'toString');
  if (isPlainMap || isPlainObject) {
    const entries = isPlainMap ? [...(v as Map<unknown, unknown>)] : Object.entries(v as object);
    return `{${entries.map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  }
  return typeof v === 'symbol' || (typeof v === 'object' && Object.getPrototypeOf(v) === null) ? pyStr(v) : String(v);
}

/** IPython's pretty(): a tuple fits on one line or breaks after each comma, indented by 1. */
export function pyPretty(v: unknown, indent = 0): string {
  if (!Number.isInteger(indent)) throw argTypeError('pyPretty', 'indent', 2, 'int', indent);
  if (indent < 0) return pyPretty(v, 0); // Python's ' ' * -1 is ''
  // Python would build the string and run out of memory; V8 cannot build it at all.
  if (indent > 2 ** 24) throw new RangeError(`pyPretty(): indent ${indent} is too large`);
  if (!Array.isArray(v) || v instanceof Size) {
    return pyRepr(v)
      .split('\n')
      .join('\n' + ' '.repeat(indent));
  }
  const flat = pyRepr(v);
  if (!flat.includes('\n') && indent + flat.length <= 79) return flat;
  const items = v.map((x) => pyPretty(x, indent + 1));
  return `(${items.join(',\n' + ' '.repeat(indent + 1))}${v.length === 1 ? ',' : ''})`;
}

/**
 * The `<svg>` element of an SVG document, without the XML declaration and doctype before it: the
 * form notebooks embed in HTML (IPython's SVG display does the same; nbconvert's HTML export fails
 * on a declaration that names an encoding).
 */
export function svgElement(doc: string): string {
  const at = doc.indexOf('<svg');
  return at > 0 ? doc.slice(at) : doc;
}

function textPlain(this: object): MediaBundle {
  return { 'text/plain': String(this) };
}

function define(proto: object, fn: (this: never) => MediaBundle | Promise<MediaBundle>): void {
  Object.defineProperty(proto, DISPLAY, { value: fn, writable: true, configurable: true, enumerable: false });
}

define(Tensor.prototype, textPlain);
define(Node.prototype, textPlain);
define(Module.prototype, textPlain);
define(Figure.prototype, function (this: Figure) {
  return { 'image/svg+xml': svgElement(this.svg) };
});
define(Digraph.prototype, async function (this: Digraph) {
  return { 'image/svg+xml': svgElement(await this.pipe({ format: 'svg' })) };
});

/** True inside Deno's Jupyter kernel (elsewhere `Deno.jupyter` is missing or throws on access). */
function inDenoJupyter(): boolean {
  try {
    const deno = (globalThis as { Deno?: { jupyter?: unknown } }).Deno;
    return deno !== undefined && typeof deno.jupyter === 'object' && deno.jupyter !== null;
  } catch {
    return false;
  }
}

interface WarningProcess {
  on?: (event: 'warning', listener: (w: Error) => void) => void;
}

if (inDenoJupyter() && !Object.prototype.hasOwnProperty.call(Array.prototype, DISPLAY)) {
  define(Array.prototype, function (this: unknown[]) {
    return { 'text/plain': pyPretty(this) };
  });
  // Warnings (process.emitWarning, src/tensor/warn.ts) would reach only the kernel's own stderr;
  // show them in the notebook, as IPython shows Python's warnings.
  (globalThis as { process?: WarningProcess }).process?.on?.('warning', (w) => {
    console.warn(`${w.name}: ${w.message}`);
  });
}
