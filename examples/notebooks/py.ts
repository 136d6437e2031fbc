// Two helpers the notebooks use where JavaScript's own printing differs from Python's.
//
// print(...args): Python's print. Tensors print the same either way (console.log(x) gives
// PyTorch's text too), but booleans print True/False, null prints None and arrays print as the
// tuples they stand for, as the PyTorch notebooks show.
//
// py(value): shows a cell's plain value (a boolean, a number, a string) as IPython shows it. Deno's
// kernel displays tensors, nodes, modules and arrays the Python way by itself (tensorgrad gives
// them a Symbol.for('Jupyter.display') method), but it draws primitives with its own inspector
// (`true` in color, strings in double quotes), and primitives cannot carry a display method.

import { viz } from 'tensorgrad';

/** Python's print(*args): str() of each argument, joined by spaces. */
export function print(...args: unknown[]): void {
  console.log(args.map((a) => (typeof a === 'string' ? a : viz.pyRepr(a))).join(' '));
}

/** A value that displays as IPython displays the Python value it stands for. */
export function py(value: unknown): { [key: symbol]: () => Record<string, string> } {
  return { [Symbol.for('Jupyter.display')]: () => ({ 'text/plain': viz.pyPretty(value) }) };
}
