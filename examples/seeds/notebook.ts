// What a notebook shows, in TypeScript: `print(...)` behaves like Python's print (str() of each
// argument, joined by spaces) and `show(value)` like a Jupyter cell's displayed result (IPython's
// pretty printer: tuples break one item per line when they do not fit in 79 columns). Arrays stand
// for Python tuples, null for None, booleans print as True/False.

/** Python's repr() of a value as these notebooks use them. */
export function repr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return `(${v.map(repr).join(', ')}${v.length === 1 ? ',' : ''})`;
  return String(v);
}

/** Python's str(): like repr, but strings print bare. */
export function str(v: unknown): string {
  return typeof v === 'string' ? v : repr(v);
}

/** Python's print(*args). */
export function print(...args: unknown[]): void {
  console.log(args.map(str).join(' '));
}

/** IPython's pretty(): a tuple fits on one line or breaks after each comma, indented by 1. */
export function pretty(v: unknown, indent = 0): string {
  if (!Array.isArray(v)) {
    return repr(v)
      .split('\n')
      .join('\n' + ' '.repeat(indent));
  }
  const flat = repr(v);
  if (!flat.includes('\n') && indent + flat.length <= 79) return flat;
  const items = v.map((x) => pretty(x, indent + 1));
  return `(${items.join(',\n' + ' '.repeat(indent + 1))}${v.length === 1 ? ',' : ''})`;
}

/** Shows a cell's result value, as Jupyter does. */
export function show(v: unknown): void {
  console.log(pretty(v));
}

/** Starts a cell: a marker line the conformance test splits on, then the cell's own output. */
export function cell(label: string): void {
  console.log(`#### ${label}`);
}

/** Runs code the notebook shows failing, and prints PyTorch's error message. */
export function showError(fn: () => unknown): void {
  try {
    fn();
    console.log('(no error)');
  } catch (e) {
    console.log(`RuntimeError: ${(e as Error).message}`);
  }
}
