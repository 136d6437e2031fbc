// Random configurations of torch.nn modules replayed against PyTorch's answers
// (tests/oracle/diff_modules.py): the same module built after the same manual_seed, the same
// inputs, then repr, outputs, input and parameter gradients and the state_dict after forward must
// match PyTorch's, and a configuration PyTorch refuses must be refused with the library's own error.
// DIFF_MODULES_REPORT=<file> writes every disagreement there; DIFF_MODULES_FIXTURE picks the set.

import { writeFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import { Tensor } from '../src/index.js';
import { loadFixture, num, type EncTensor } from './helpers.js';
import { internalError } from './fuzz_values.js';
import { KNOWN_MODULES } from './diff_fuzz_known.js';

interface TSpec {
  t: 'tensor';
  shape: number[];
  dtype: 'float32' | 'float64' | 'int64' | 'bool';
  kind: 'float' | 'index' | 'mask' | 'prob' | 'positive' | 'target';
  hi: number | null;
}
interface Case {
  module: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  inputs: TSpec[];
  fkwargs: Record<string, unknown>;
  train: boolean;
  seed: number;
  repr?: string;
  outputs?: (EncTensor | null)[];
  input_grads?: (EncTensor | null)[];
  param_grads?: [string, EncTensor | null][];
  state?: [string, EncTensor][];
  error?: { type: string; message: string };
}

const isSpec = (v: unknown): v is TSpec => v !== null && typeof v === 'object' && (v as { t?: string }).t === 'tensor';

/** The oracle's values(): drawn from a torch.Generator seeded per tensor. */
function values(s: TSpec, seed: number): Tensor {
  const gen = new torch.Generator().manual_seed(seed);
  const dtype = torch[s.dtype];
  if (s.kind === 'index') return torch.randint(0, s.hi as number, s.shape, { generator: gen, dtype });
  if (s.kind === 'mask') return torch.rand(s.shape, { generator: gen }).lt(0.3);
  const x = torch.rand(s.shape, { generator: gen, dtype });
  if (s.kind === 'prob') return x.mul(0.9).add(0.05);
  if (s.kind === 'positive') return x.add(0.5);
  return x.mul(4).sub(2);
}

function inputs(specs: TSpec[], caseSeed: number): Tensor[] {
  return specs.map((s, k) => {
    const t = values(s, caseSeed * 100 + k);
    if (t.is_floating_point()) t.requires_grad_(true);
    return t;
  });
}

function materialise(v: unknown, seed: number): unknown {
  return isSpec(v) ? inputs([v], seed)[0].detach() : v;
}

/** The oracle's weighting(): exact weights (-3..3)/4. */
function weighting(o: Tensor): Tensor {
  return torch.arange(o.numel()).mul(3).remainder(7).sub(3).to(o.dtype).mul(0.25).reshape(o.shape);
}

function flat(x: unknown): (Tensor | null)[] {
  if (x instanceof Tensor) return [x];
  if (Array.isArray(x)) return x.flatMap(flat);
  return [null];
}

function differs(got: Tensor | null | undefined, want: EncTensor | null, label: string): string | null {
  if (want === null) return got === null || got === undefined ? null : `${label}: a tensor, PyTorch None`;
  if (!(got instanceof Tensor)) return `${label}: ${String(got)}, PyTorch a tensor`;
  if (JSON.stringify(got.shape) !== JSON.stringify(want.shape))
    return `${label}: shape ${JSON.stringify(got.shape)}, PyTorch ${JSON.stringify(want.shape)}`;
  if (got.dtype.name !== want.dtype) return `${label}: dtype ${got.dtype.name}, PyTorch ${want.dtype}`;
  const vals = got.toTypedArray();
  const float = want.dtype === 'float32' || want.dtype === 'float64';
  for (let i = 0; i < want.data.length; i++) {
    const w = num(want.data[i]);
    const g = Number(vals[i]);
    const same = Number.isNaN(w)
      ? Number.isNaN(g)
      : !float || !Number.isFinite(w)
        ? g === w
        : Math.abs(g - w) <= 1e-4 + 1e-4 * Math.abs(w);
    if (!same) return `${label}: element ${i} is ${g}, PyTorch ${w}`;
  }
  return null;
}

type AnyModule = torch.nn.Module & { forward(...a: unknown[]): unknown };

/** What went wrong in one replayed case, or null when tensorgrad agrees with PyTorch. */
function replay(c: Case): string | null {
  let m: AnyModule;
  let out: unknown;
  let xs: Tensor[];
  try {
    torch.manual_seed(c.seed);
    const kw = Object.fromEntries(
      Object.entries(c.kwargs).map(([k, v], j) => [k, materialise(v, c.seed * 7 + 50 + j)]),
    );
    const Ctor = (torch.nn as unknown as Record<string, new (...a: unknown[]) => AnyModule>)[c.module];
    if (Ctor === undefined) return `torch.nn.${c.module} is missing`;
    m = Object.keys(kw).length > 0 ? new Ctor(...c.args, kw) : new Ctor(...c.args);
    if (!c.train) m.eval();
    if (c.repr !== undefined && String(m) !== c.repr)
      return `repr ${JSON.stringify(String(m))}, PyTorch ${JSON.stringify(c.repr)}`;
    xs = inputs(c.inputs, c.seed);
    const fk = Object.fromEntries(
      Object.entries(c.fkwargs).map(([k, v], j) => [k, materialise(v, c.seed * 7 + 90 + j)]),
    );
    out = Object.keys(fk).length > 0 ? m.forward(...xs, fk) : m.forward(...xs);
    const outs = flat(out);
    let loss: Tensor | null = null;
    for (const o of outs) {
      if (o === null || !o.is_floating_point() || !o.requires_grad) continue;
      const w = weighting(o);
      const term = o.mul(w).sum();
      loss = loss === null ? term : loss.add(term);
    }
    loss?.backward();
  } catch (e) {
    if (internalError(e)) return `internal error: ${(e as Error).message}`;
    if (c.error !== undefined) return null;
    return `threw "${(e as Error).message.split('\n')[0]}", PyTorch succeeded`;
  }
  if (c.error !== undefined) return `succeeded, PyTorch threw ${c.error.type}: ${c.error.message}`;
  const outs = flat(out);
  if (outs.length !== (c.outputs ?? []).length) return `${outs.length} outputs, PyTorch ${(c.outputs ?? []).length}`;
  for (let k = 0; k < outs.length; k++) {
    const d = differs(outs[k], (c.outputs ?? [])[k], `output ${k}`);
    if (d !== null) return d;
  }
  for (let k = 0; k < xs.length; k++) {
    const d = differs(xs[k].is_floating_point() ? xs[k].grad : null, (c.input_grads ?? [])[k], `input ${k} grad`);
    if (d !== null) return d;
  }
  const params = [...m.named_parameters()];
  const names = params.map(([n]) => n).join(',');
  const wantNames = (c.param_grads ?? []).map(([n]) => n).join(',');
  if (names !== wantNames) return `parameters ${names}, PyTorch ${wantNames}`;
  for (let k = 0; k < params.length; k++) {
    const d = differs(params[k][1].grad, (c.param_grads ?? [])[k][1], `${params[k][0]}.grad`);
    if (d !== null) return d;
  }
  const state = [...m.state_dict()];
  if (state.map(([n]) => n).join(',') !== (c.state ?? []).map(([n]) => n).join(','))
    return `state_dict keys ${state.map(([n]) => n).join(',')}, PyTorch ${(c.state ?? []).map(([n]) => n).join(',')}`;
  for (let k = 0; k < state.length; k++) {
    const d = differs(state[k][1] as Tensor, (c.state ?? [])[k][1], `state ${state[k][0]}`);
    if (d !== null) return d;
  }
  return null;
}

const cases = loadFixture<Case>(process.env.DIFF_MODULES_FIXTURE ?? 'diff_modules');

test(`${cases.length} random module configurations agree with PyTorch's`, () => {
  const failures: string[] = [];
  const mods: string[] = [];
  let known = 0;
  for (const c of cases) {
    const why = replay(c);
    if (why === null) continue;
    if (KNOWN_MODULES.some((k) => (k.module === '*' || k.module === c.module) && k.match.test(why))) {
      known++;
      continue;
    }
    const kw = Object.keys(c.kwargs).length > 0 ? `, ${JSON.stringify(c.kwargs)}` : '';
    failures.push(`#${c.seed} nn.${c.module}(${c.args.map((a) => JSON.stringify(a)).join(', ')}${kw}): ${why}`);
    mods.push(c.module);
  }
  const report = process.env.DIFF_MODULES_REPORT;
  if (report !== undefined) {
    const byModule = new Map<string, string[]>();
    failures.forEach((f, i) => byModule.set(mods[i], [...(byModule.get(mods[i]) ?? []), f]));
    const lines: string[] = [];
    for (const [mod, fs] of [...byModule].sort((a, b) => b[1].length - a[1].length)) {
      lines.push(`== ${mod}: ${fs.length}`, ...fs.slice(0, 4).map((f) => `   ${f}`));
    }
    lines.push(`${failures.length} disagreements, ${known} known, in ${cases.length} cases`);
    writeFileSync(report, lines.join('\n') + '\n');
  }
  assert.deepEqual(failures.slice(0, 20), [], `${failures.length} of ${cases.length} cases disagree with PyTorch`);
});
