// Random calls of every declared op, replayed against PyTorch's answers (tests/oracle/diff_fuzz.py,
// which generates them from the op declarations' signatures): each call must succeed exactly when
// PyTorch's does, with the same shapes, dtypes and values, and fail with an error of the library's
// own (never an internal JavaScript one) when PyTorch's fails. DIFF_FUZZ_REPORT=<file> writes every
// disagreement there, grouped by op (the assertion shows only the first ones).

import { writeFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import { Tensor } from '../src/index.js';
import { dec, loadFixture, num, type EncTensor } from './helpers.js';
import { internalError } from './fuzz_values.js';
import { KNOWN } from './diff_fuzz_known.js';

type Spec =
  | (EncTensor & { t: 'tensor' })
  | { t: 'list'; items: Spec[] }
  | { t: 'dtype'; name: string }
  | { t: 'size'; items: number[] }
  | { t: 'value'; value: unknown }
  | number
  | boolean
  | string
  | null
  | Spec[];
interface Case {
  op: string;
  method: boolean;
  namespace?: 'torch' | 'torch.nn.functional';
  self?: Spec;
  args: Spec[];
  kwargs: Record<string, Spec>;
  result?: Spec;
  error?: { type: string; message: string };
  /** The gradients of the floating input tensors (in call order), when the oracle took them. */
  grads?: (Spec | null)[];
}

/** The value of a spec; with `leaves`, floating tensors require grad and are collected in order. */
function build(v: Spec, leaves?: Tensor[]): unknown {
  if (Array.isArray(v)) return v.map((x) => build(x, leaves));
  if (v !== null && typeof v === 'object') {
    if (v.t === 'tensor') {
      const t = dec(v);
      if (leaves !== undefined) {
        if (t.is_floating_point()) t.requires_grad_(true);
        leaves.push(t);
      }
      return t;
    }
    if (v.t === 'list') return v.items.map((x) => build(x, leaves));
    if (v.t === 'dtype') return (torch as unknown as Record<string, unknown>)[v.name];
  }
  return v;
}

function show(v: Spec): string {
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    if (v.t === 'tensor') return `${v.dtype}${JSON.stringify(v.shape)}`;
    if (v.t === 'list') return `[${v.items.map(show).join(', ')}]`;
    if (v.t === 'dtype') return `torch.${v.name}`;
  }
  return JSON.stringify(v);
}

export function callText(c: Case): string {
  const args = c.args.map(show);
  const kw = Object.entries(c.kwargs).map(([k, v]) => `${k}: ${show(v)}`);
  if (kw.length > 0) args.push(`{ ${kw.join(', ')} }`);
  return c.method
    ? `${show(c.self as Spec)}.${c.op}(${args.join(', ')})`
    : `${c.namespace}.${c.op}(${args.join(', ')})`;
}

/** The first difference between a result and PyTorch's, or null. */
function differs(got: unknown, want: Spec, path = 'result'): string | null {
  if (want !== null && typeof want === 'object' && !Array.isArray(want)) {
    if (want.t === 'tensor') {
      if (!(got instanceof Tensor)) return `${path}: expected a tensor, got ${typeof got}`;
      if (JSON.stringify(got.shape) !== JSON.stringify(want.shape))
        return `${path}: shape ${JSON.stringify(got.shape)}, PyTorch ${JSON.stringify(want.shape)}`;
      if (got.dtype.name !== want.dtype) return `${path}: dtype ${got.dtype.name}, PyTorch ${want.dtype}`;
      const vals = got.toTypedArray();
      const float = want.dtype === 'float32' || want.dtype === 'float64';
      const rtol = want.dtype === 'float32' ? 1e-4 : 1e-9;
      const atol = want.dtype === 'float32' ? 1e-5 : 1e-12;
      for (let i = 0; i < want.data.length; i++) {
        const w = num(want.data[i]);
        const g = Number(vals[i]);
        const same = Number.isNaN(w)
          ? Number.isNaN(g)
          : !float || !Number.isFinite(w)
            ? g === w
            : Math.abs(g - w) <= atol + rtol * Math.abs(w);
        if (!same) return `${path}: element ${i} is ${g}, PyTorch ${w}`;
      }
      return null;
    }
    if (want.t === 'list' || want.t === 'size') {
      const items: unknown[] =
        got !== null && typeof got === 'object' && Symbol.iterator in got ? [...(got as Iterable<unknown>)] : [];
      if (!(got !== null && typeof got === 'object' && Symbol.iterator in got))
        return `${path}: expected a list, got ${got instanceof Tensor ? 'a tensor' : typeof got}`;
      if (items.length !== want.items.length) return `${path}: ${items.length} items, PyTorch ${want.items.length}`;
      for (let i = 0; i < items.length; i++) {
        const w = want.items[i];
        const d = differs(items[i], typeof w === 'number' ? { t: 'value', value: w } : w, `${path}[${i}]`);
        if (d !== null) return d;
      }
      return null;
    }
    if (want.t === 'dtype') {
      return got instanceof Object && (got as { name?: string }).name === want.name
        ? null
        : `${path}: ${String(got)}, PyTorch torch.${want.name}`;
    }
    if (want.t === 'value') {
      const w = want.value;
      if (w === null) return got === null || got === undefined ? null : `${path}: ${String(got)}, PyTorch None`;
      const g = got instanceof Tensor ? null : got;
      if (typeof w === 'boolean') return g === w ? null : `${path}: ${String(got)}, PyTorch ${w}`;
      if (typeof w === 'number' || (typeof w === 'string' && ['nan', 'inf', '-inf'].includes(w))) {
        const wn = num(w as number);
        const gn = typeof g === 'bigint' ? Number(g) : g;
        if (typeof gn !== 'number') return `${path}: ${String(got)}, PyTorch ${String(w)}`;
        const same = Number.isNaN(wn) ? Number.isNaN(gn) : gn === wn || Math.abs(gn - wn) <= 1e-9 + 1e-5 * Math.abs(wn);
        return same ? null : `${path}: ${gn}, PyTorch ${wn}`;
      }
      return g === w ? null : `${path}: ${String(got)}, PyTorch ${String(w)}`;
    }
  }
  return `${path}: unknown expectation ${JSON.stringify(want)}`;
}

/** Runs the call; with `leaves`, its floating input tensors require grad (oracle's order). */
function call(c: Case, leaves?: Tensor[]): unknown {
  torch.manual_seed(0);
  const self = c.method ? (build(c.self as Spec, leaves) as Record<string, (...a: unknown[]) => unknown>) : null;
  const args = c.args.map((a) => build(a, leaves));
  if (Object.keys(c.kwargs).length > 0)
    args.push(Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [k, build(v, leaves)])));
  if (self !== null) return self[c.op](...args);
  const ns = c.namespace === 'torch.nn.functional' ? torch.nn.functional : torch;
  return (ns as unknown as Record<string, (...a: unknown[]) => unknown>)[c.op](...args);
}

/** The oracle's weighting(): exact weights (-3..3)/4. */
function weighting(o: Tensor): Tensor {
  return torch.arange(o.numel()).mul(3).remainder(7).sub(3).to(o.dtype).mul(0.25).reshape(o.shape);
}

function outputs(r: unknown): Tensor[] {
  if (r instanceof Tensor) return [r];
  if (r !== null && typeof r === 'object' && Symbol.iterator in r)
    return [...(r as Iterable<unknown>)].flatMap(outputs);
  return [];
}

/** The first difference between tensorgrad's input gradients and the oracle's, or null. */
function gradsDiffer(c: Case): string | null {
  const leaves: Tensor[] = [];
  try {
    const out = call(c, leaves);
    let loss: Tensor | null = null;
    for (const o of outputs(out)) {
      if (!o.is_floating_point() || o.grad_fn === null) continue;
      const term = o.mul(weighting(o)).sum();
      loss = loss === null ? term : loss.add(term);
    }
    if (loss === null) return 'no differentiable output, PyTorch has gradients';
    loss.backward();
  } catch (e) {
    return `${internalError(e) ? 'internal error' : 'threw'} with gradients: ${(e as Error).message.split('\n')[0]}`;
  }
  const want = c.grads as (Spec | null)[];
  if (leaves.length !== want.length) return `${leaves.length} input tensors, PyTorch ${want.length}`;
  for (let i = 0; i < want.length; i++) {
    const w = want[i];
    const g = leaves[i].grad;
    if (w === null) {
      if (g !== null) return `input ${i} has a gradient, PyTorch none`;
      continue;
    }
    if (g === null) return `input ${i} has no gradient, PyTorch has one`;
    const d = differs(g, w, `input ${i} grad`);
    if (d !== null) return d;
  }
  return null;
}

/** What went wrong in one replayed call, or null when tensorgrad agrees with PyTorch. */
export function replay(c: Case): string | null {
  let out: unknown;
  try {
    out = call(c);
  } catch (e) {
    if (internalError(e)) return `internal error: ${(e as Error).message}`;
    if (c.error !== undefined) return null;
    return `threw "${(e as Error).message.split('\n')[0]}", PyTorch succeeded`;
  }
  if (c.error !== undefined) return `succeeded, PyTorch threw ${c.error.type}: ${c.error.message}`;
  return differs(out, c.result as Spec) ?? (c.grads !== undefined ? gradsDiffer(c) : null);
}

const cases = loadFixture<Case>(process.env.DIFF_FUZZ_FIXTURE ?? 'diff_fuzz');

test(`${cases.length} random calls of the declared ops agree with PyTorch's`, () => {
  const report = process.env.DIFF_FUZZ_REPORT;
  const failures: string[] = [];
  const ops: string[] = [];
  let known = 0;
  for (const c of cases) {
    const why = replay(c);
    if (why === null) continue;
    if (KNOWN.some((k) => (k.op === '*' || k.op === c.op) && k.match.test(why))) {
      known++;
      continue;
    }
    failures.push(`${callText(c)}: ${why}`);
    ops.push(c.op);
  }
  if (report !== undefined) {
    const lines: string[] = [];
    const byOp = new Map<string, string[]>();
    failures.forEach((f, i) => byOp.set(ops[i], [...(byOp.get(ops[i]) ?? []), f]));
    for (const [op, fs] of [...byOp].sort((a, b) => b[1].length - a[1].length)) {
      lines.push(`== ${op}: ${fs.length}`);
      for (const f of fs.slice(0, 4)) lines.push(`   ${f}`);
    }
    lines.push(`${failures.length} disagreements, ${known} known, in ${cases.length} calls`);
    writeFileSync(report, lines.join('\n') + '\n');
  }
  assert.deepEqual(failures.slice(0, 20), [], `${failures.length} of ${cases.length} calls disagree with PyTorch`);
});
