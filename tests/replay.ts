// Replays op-call cases recorded by tests/oracle/cases.py: builds the same arguments (views,
// requires_grad, scalars), makes the same call with keyword arguments as the options object, and
// checks values, dtype, grad_fn name, _version, input gradients and error texts against PyTorch.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { assertTensor, dec, errorOf, num, type EncTensor } from './helpers.js';

export type Arg =
  | { t: EncTensor; view?: (string | number)[][]; rg?: boolean; nonleaf?: boolean }
  | { s: number | boolean | string }
  | { dtype: EncTensor['dtype'] }
  | { list: Arg[] }
  | { none: true }
  | { str: string }
  | { data: RawData };

/** Nested data as cases.py encodes it: numbers ('nan'/'inf' as strings), bools, {big} for ints. */
export type RawData = number | boolean | string | { big: string } | RawData[];

/** A plain (non-tensor) result: numbers, bools, strings, nested lists, dtypes. */
export type Plain = number | boolean | string | { dtype: string } | Plain[];

export interface OpCase {
  name: string;
  op: string;
  args: Arg[];
  kwargs?: Record<string, Arg>;
  error?: string;
  out?: EncTensor;
  outs?: EncTensor[];
  value?: Plain;
  default_dtype?: 'float32' | 'float64';
  /** false for uninitialized results (torch.empty): shape and dtype only. */
  values?: boolean;
  grad_fn?: string | null;
  version?: number;
  grad_out?: EncTensor;
  grads?: (EncTensor | null)[];
  backward_error?: string;
  /**
   * For a call Python's binding refuses (pythonBindingOnly): what the same call gives in
   * JavaScript, recorded from the equivalent PyTorch call that `meaning` names (cases.py).
   */
  js?: Omit<OpCase, 'name' | 'op' | 'args' | 'kwargs' | 'js'> & { meaning: string };
  /** Run right after torch.manual_seed(seed) (random ops). */
  seed?: number;
}

export interface ReplayOptions {
  tol?: { rtol?: number; atol?: number };
  /**
   * True for a case whose grad_fn name and _version are not compared: an op tensorgrad composes
   * from other ops where PyTorch records one node or writes its result in place (values and
   * gradients are still compared).
   */
  composite?: (c: OpCase) => boolean;
}

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

function applyView(x: Tensor, v: (string | number)[]): Tensor {
  const [kind, ...rest] = v;
  if (kind === 't') return x.t();
  if (kind === 'transpose') return x.transpose(rest[0] as number, rest[1] as number);
  if (kind === 'index') return x.index(...(rest as string[]));
  if (kind === 'expand') return x.expand(rest as number[]);
  throw new Error(`unknown view ${kind}`);
}

/** Builds an argument; returns it and the leaf whose gradient the case records (or null). */
export function build(a: Arg): [unknown, Tensor | null] {
  if ('t' in a) {
    const leaf = dec(a.t);
    if (a.rg) leaf.requires_grad_(true);
    let x = a.nonleaf ? leaf.clone() : leaf;
    for (const v of a.view ?? []) x = applyView(x, v);
    return [x, a.rg ? leaf : null];
  }
  if ('s' in a) return [typeof a.s === 'boolean' ? a.s : num(a.s), null];
  if ('dtype' in a) return [torch[a.dtype], null];
  if ('list' in a) return [a.list.map((x) => build(x)[0]), null];
  if ('none' in a) return [null, null];
  if ('data' in a) return [rawData(a.data), null];
  return [a.str, null];
}

function rawData(d: RawData): unknown {
  if (Array.isArray(d)) return d.map(rawData);
  if (typeof d === 'object') return BigInt(d.big);
  return typeof d === 'boolean' ? d : num(d);
}

/** A plain expected value as tensorgrad returns it (dtypes as torch dtypes, 'nan' as NaN). */
function plainValue(p: Plain): unknown {
  if (Array.isArray(p)) return p.map(plainValue);
  if (typeof p === 'object') return torch[p.dtype as EncTensor['dtype']];
  if (typeof p === 'string' && !['nan', 'inf', '-inf'].includes(p)) return p;
  return typeof p === 'boolean' ? p : num(p);
}

/** The function a case names: 'torch.add', 'F.silu', or '.add_' (a method of the first argument). */
function resolve(op: string, args: unknown[]): [(...a: unknown[]) => unknown, unknown[]] {
  if (op.startsWith('.')) {
    const self = args[0] as Any;
    const fn = self[op.slice(1)];
    assert.equal(typeof fn, 'function', `Tensor.${op.slice(1)} is missing`);
    return [fn.bind(self), args.slice(1)];
  }
  let [ns, name] = op.startsWith('F.') ? [torch.nn.functional as Any, op.slice(2)] : [torch as Any, op.slice(6)];
  // Namespaces below torch: 'torch.special.erfc'.
  for (let dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.')) {
    ns = ns[name.slice(0, dot)] as Any;
    name = name.slice(dot + 1);
  }
  assert.equal(typeof ns[name], 'function', `${op} is missing`);
  return [ns[name], args];
}

export function call(c: OpCase): { out: unknown; leaves: (Tensor | null)[] } {
  const built = c.args.map(build);
  const args = built.map((b) => b[0]);
  const [fn, rest] = resolve(c.op, args);
  const kw = c.kwargs ? Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [k, build(v)[0]])) : undefined;
  const out = kw === undefined ? fn(...rest) : fn(...rest, kw);
  return { out, leaves: built.map((b) => b[1]) };
}

/**
 * Python's argument-parser TypeErrors (a scalar where a Tensor is required, no overload matching):
 * tensorgrad accepts numbers wherever tensors go, so these calls are valid in JavaScript.
 */
export function pythonBindingOnly(c: OpCase): boolean {
  return (
    c.error !== undefined &&
    /must be Tensor, not (int|float|bool)|received an invalid combination of arguments/.test(c.error)
  );
}

/**
 * Registers one test per oracle case of a fixture. A case PyTorch answers only through its Python
 * binding (pythonBindingOnly) is checked against its JavaScript equivalent (OpCase.js); one with no
 * equivalent recorded is a skipped test, with its reason, never a silent omission. A last test
 * reports the counts (the runner prints them as a diagnostic line per file).
 */
export function replayCases(
  fixture: string,
  cases: OpCase[],
  opts?: ReplayOptions & { label?: (c: OpCase) => string },
): void {
  const label = opts?.label ?? ((c: OpCase) => c.name);
  let replayed = 0;
  let equivalent = 0;
  const skipped: string[] = [];
  for (const c of cases) {
    if (!pythonBindingOnly(c)) {
      replayed++;
      test(label(c), () => replay(c, opts?.tol, opts?.composite?.(c)));
    } else if (c.js !== undefined) {
      equivalent++;
      const { meaning, ...js } = c.js;
      const asJs: OpCase = { ...c, ...js };
      if (js.error === undefined) delete asJs.error;
      test(`${label(c)} (Python: "${c.error}"; JavaScript: ${meaning})`, () =>
        replay(asJs, opts?.tol, opts?.composite?.(c)));
    } else {
      const reason = `PyTorch answers it only through its Python binding ("${c.error}") and the fixture records no JavaScript equivalent`;
      skipped.push(c.name);
      test(label(c), { skip: reason }, () => {});
    }
  }
  test(`${fixture}: oracle cases accounted for`, (t) => {
    const line =
      `${fixture}.json: ${cases.length} oracle cases: ${replayed} replayed, ${equivalent} Python-binding-only ` +
      `cases checked against their JavaScript equivalent, ${skipped.length} skipped`;
    t.diagnostic(`${line}${skipped.length ? `: ${skipped.join(', ')}` : ''}`);
    assert.equal(replayed + equivalent + skipped.length, cases.length);
  });
}

export function replay(c: OpCase, tol?: { rtol?: number; atol?: number }, composite = false): void {
  if (c.seed !== undefined) torch.manual_seed(c.seed);
  if (c.default_dtype === undefined) {
    check(c, tol, composite);
    return;
  }
  torch.set_default_dtype(torch[c.default_dtype]);
  try {
    check(c, tol, composite);
  } finally {
    torch.set_default_dtype(torch.float32);
  }
}

/** Python's names of argument types, as the argument parser words them for JavaScript values. */
const JS_TYPE: Record<string, string> = {
  int: 'number',
  float: 'number',
  bool: 'boolean',
  str: 'string',
  tuple: 'Array',
  list: 'Array',
  NoneType: 'null',
  dict: 'object',
};
const jsType = (py: string): string => JS_TYPE[py] ?? py;

/**
 * PyTorch's argument-parser message with the types of the values passed named as JavaScript names
 * them (`not int` → `not number`, `got (tuple)` → `got (Array)`); the parameter types (`must be
 * int`) stay PyTorch's.
 */
export function jsMessage(msg: string): string {
  return msg
    .replace(/(, not |but got |element of type )(\w+)/g, (_m, pre: string, t: string) => pre + jsType(t))
    .replace(/got \(([^)]*)\)/, (_m, list: string) => {
      const items = list.split(', ').map((item) => {
        const eq = item.indexOf('=');
        return eq < 0 ? (item === '' ? item : jsType(item)) : `${item.slice(0, eq + 1)}${jsType(item.slice(eq + 1))}`;
      });
      return `got (${items.join(', ')})`;
    });
}

function check(c: OpCase, tol?: { rtol?: number; atol?: number }, composite = false): void {
  if (c.error !== undefined) {
    assert.equal(
      errorOf(() => call(c)),
      jsMessage(c.error),
    );
    return;
  }
  const { out, leaves } = call(c);
  if (c.value !== undefined) {
    assert.deepEqual(out, plainValue(c.value));
    return;
  }
  if (c.outs !== undefined) {
    const list = [...(out as Iterable<Tensor>)];
    assert.equal(list.length, c.outs.length);
    list.forEach((t, i) => assertTensor(t, c.outs![i], { ...tol, label: `out ${i}` }));
    return;
  }
  const t = out as Tensor;
  if (c.values === false) {
    assert.deepEqual(t.shape, c.out?.shape, 'shape');
    assert.equal(t.dtype.name, c.out?.dtype, 'dtype');
    return;
  }
  assertTensor(t, c.out as EncTensor, { ...tol, label: 'out' });
  if (!composite) assert.equal(t.grad_fn?.name() ?? null, c.grad_fn ?? null, 'grad_fn');
  else assert.equal(t.grad_fn === null, (c.grad_fn ?? null) === null, 'grad_fn presence');
  if (c.version !== undefined && !composite) assert.equal(t._version, c.version, '_version');
  if (c.grad_out === undefined) return;
  const g = dec(c.grad_out);
  if (c.backward_error !== undefined) {
    assert.equal(
      errorOf(() => t.backward(g)),
      c.backward_error,
    );
    return;
  }
  t.backward(g);
  (c.grads ?? []).forEach((want, i) => {
    const leaf = leaves[i];
    if (leaf === null) return;
    if (want === null) assert.equal(leaf.grad, null, `grad ${i} should be None`);
    else assertTensor(leaf.grad as Tensor, want, { ...tol, label: `grad ${i}` });
  });
}
