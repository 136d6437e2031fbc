// A seeded random-call test over everything a user can reach, found by walking the exports: every
// function on torch and its namespaces, every class (constructed with random arguments, then its
// methods and properties called and set at random), every Tensor method and property that is not a
// declared op, and the tensor constructors with junk nested data. Each call may succeed or throw,
// but what it throws must be the library's own message, never an internal JavaScript error
// (tests/fuzz_values.ts internalError). FUZZ_CALLS / FUZZ_SEED run more or other calls;
// FUZZ_SLOW_MS=n (local runs only) also reports calls slower than n ms.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as torch from '../src/index.js';
import { DECLARATIONS } from '../src/ops/declare.js';
import { internalError, junkData, rng, valuePool } from './fuzz_values.js';

const CALLS = Number(process.env.FUZZ_CALLS ?? 5000);
const SEED = Number(process.env.FUZZ_SEED ?? 1);
const TRACE = process.env.FUZZ_TRACE;
const SLOW_MS = process.env.FUZZ_SLOW_MS === undefined ? Infinity : Number(process.env.FUZZ_SLOW_MS);

type AnyFn = (...a: unknown[]) => unknown;
type AnyCtor = new (...a: unknown[]) => unknown;
interface Target {
  label: string;
  call(args: unknown[]): unknown;
}

const DECLARED = new Set(DECLARATIONS.map((d) => d.name));
// Names whose calls would leave the process (files are written to a scratch directory instead).
const SKIP = new Set(['torch.Tensor']);

const isClass = (f: AnyFn): boolean =>
  /^class\b/.test(Function.prototype.toString.call(f)) ||
  (f.prototype !== undefined && Object.getOwnPropertyNames(f.prototype).length > 1);

/** Plain objects and module namespaces: the namespaces to walk. */
const isNamespace = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' &&
  v !== null &&
  !(v instanceof torch.Tensor) &&
  !Array.isArray(v) &&
  (Object.getPrototypeOf(v) === null || Object.getPrototypeOf(v) === Object.prototype);

function walk(
  ns: Record<string, unknown>,
  prefix: string,
  seen: Set<unknown>,
  fns: Target[],
  classes: [string, AnyCtor][],
): void {
  if (seen.has(ns)) return;
  seen.add(ns);
  for (const key of Object.keys(ns)) {
    const label = `${prefix}.${key}`;
    if (SKIP.has(label)) continue;
    const v = ns[key];
    if (typeof v === 'function') {
      // Error classes are JavaScript's own (new Error(junk) is the language's business).
      if ((v as AnyFn).prototype instanceof Error) continue;
      if (isClass(v as AnyFn)) classes.push([label, v as AnyCtor]);
      else fns.push({ label, call: (a) => (v as AnyFn)(...a) });
    } else if (isNamespace(v)) {
      walk(v, label, seen, fns, classes);
    }
  }
}

/** Method and accessor names of an object's prototype chain, below Object.prototype. */
function members(obj: object): { methods: string[]; setters: string[] } {
  const methods = new Set<string>();
  const setters = new Set<string>();
  for (let p = Object.getPrototypeOf(obj); p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const [key, desc] of Object.entries(Object.getOwnPropertyDescriptors(p))) {
      // Underscored members are the library's internals, not the public surface.
      if (key === 'constructor' || key.startsWith('_')) continue;
      if (typeof desc.value === 'function') methods.add(key);
      if (desc.get !== undefined) methods.add(`get ${key}`);
      if (desc.set !== undefined) setters.add(key);
    }
  }
  for (const key of Object.keys(obj)) if (!key.startsWith('_')) setters.add(key);
  return { methods: [...methods], setters: [...setters] };
}

/** Restores every piece of global state a random call may have changed. */
function resetGlobals(threads: number): void {
  torch.set_grad_enabled(true);
  torch.set_default_dtype(torch.float32);
  torch.set_printoptions({ profile: 'default' });
  torch.autograd.set_detect_anomaly(false);
  torch.set_num_threads(threads);
  try {
    torch.autograd.forward_ad.exit_dual_level();
  } catch {
    // no level was open
  }
}

function show(a: unknown): string {
  if (Array.isArray(a) && !(a instanceof torch.Size))
    return `[${a.slice(0, 4).map(show).join(',')}${a.length > 4 ? ',…' : ''}]`;
  if (a instanceof torch.Tensor) return `Tensor${JSON.stringify(a.shape)}:${a.dtype.toString()}`;
  if (typeof a === 'symbol') return 'Symbol';
  if (typeof a === 'bigint') return `${a}n`;
  if (typeof a === 'function') return 'fn';
  if (typeof a === 'object' && a !== null && !Array.isArray(a) && Object.getPrototypeOf(a) !== Object.prototype) {
    return (a as object).constructor?.name ?? 'object';
  }
  try {
    if (typeof a === 'object' && a !== null) {
      return `{${Object.entries(a)
        .map(([k, v]) => `${k}:${show(v)}`)
        .join(',')}}`;
    }
    return JSON.stringify(a) ?? String(a);
  } catch {
    return '<cyclic>';
  }
}

test(`${CALLS} random calls over every exported function, class and Tensor member throw no internal error (seed ${SEED})`, async () => {
  const random = rng(SEED);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const basePool = valuePool();
  const threads = torch.get_num_threads();
  const cwd = process.cwd();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorgrad-fuzz-'));
  process.chdir(scratch);

  const fns: Target[] = [];
  const classes: [string, AnyCtor][] = [];
  walk(torch as unknown as Record<string, unknown>, 'torch', new Set(), fns, classes);

  // Live objects made by the calls: random methods run on them and they join the argument pool.
  const live: { label: string; obj: object }[] = [];
  const keep = (label: string, obj: unknown): void => {
    if (typeof obj !== 'object' || obj === null || obj instanceof torch.Tensor || isNamespace(obj)) return;
    // A plain array (a Python tuple, as named_modules' [name, module] pairs) has only JavaScript's own
    // methods: Array.prototype.map(junk) throwing "is not a function" is the language's business.
    if (Object.getPrototypeOf(obj) === Array.prototype) return;
    if (live.length < 40) live.push({ label, obj });
    else live[Math.floor(random() * live.length)] = { label, obj };
  };
  const smallInt = (): number => 1 + Math.floor(random() * 4);
  const params = (): torch.Tensor[] => [torch.randn(2, 3, { requires_grad: true }), torch.randn(3)];
  const arg = (): unknown => {
    const r = random();
    if (r < 0.08 && live.length > 0) return pick(live).obj;
    if (r < 0.12) return junkData(random);
    return pick(basePool)();
  };
  const args = (): unknown[] => Array.from({ length: Math.floor(random() * 4) }, arg);

  /** Plausible leading constructor arguments, so constructors also succeed and their objects get used. */
  const leading = (label: string): unknown[] => {
    if (label.includes('lr_scheduler.')) {
      const opt = new torch.optim.SGD(params(), { lr: 0.1 });
      return label.endsWith('LambdaLR') || label.endsWith('MultiplicativeLR') ? [opt, () => 0.5] : [opt];
    }
    if (label.startsWith('torch.optim.')) return [params()];
    if (label.endsWith('TensorDataset')) return [torch.randn(4, 2), torch.arange(4)];
    if (label.endsWith('DataLoader') || label.endsWith('Subset')) {
      return [new torch.utils.data.TensorDataset(torch.randn(5, 2))];
    }
    // Transformer's defaults make a 44M-parameter model: slow by design, so keep its sizes small.
    if (label === 'torch.nn.Transformer') return [4, 2, 1, 1, 8];
    if (label.startsWith('torch.nn.') && random() < 0.7)
      return Array.from({ length: Math.floor(random() * 3) }, smallInt);
    return [];
  };

  const targets: Target[] = [...fns];
  for (const [label, C] of classes) {
    targets.push({
      label: `new ${label}`,
      call: (a) => {
        const lead = label === 'torch.nn.Transformer' || random() < 0.6 ? leading(label) : [];
        const obj = new C(...lead, ...a);
        keep(label, obj);
        return obj;
      },
    });
  }
  targets.push({
    label: 'method of a live object',
    call: (a) => {
      if (live.length === 0) return undefined;
      const { label, obj } = pick(live);
      const { methods, setters } = members(obj);
      if (random() < 0.1 && Symbol.iterator in obj) {
        targetLabel = `${label}[Symbol.iterator]`;
        let n = 0;
        for (const _item of obj as Iterable<unknown>) if (++n > 3) break;
        return undefined;
      }
      if (random() < 0.15 && setters.length > 0) {
        const key = pick(setters);
        (obj as Record<string, unknown>)[key] = a[0];
        return undefined;
      }
      if (methods.length === 0) return undefined;
      const name = pick(methods);
      const g = name.startsWith('get ') ? name.slice(4) : null;
      targetLabel = `${label}#${name}`;
      const out = g !== null ? (obj as Record<string, unknown>)[g] : (obj as Record<string, AnyFn>)[name](...a);
      if (typeof out === 'object' && out !== null && Symbol.iterator in out && !(out instanceof torch.Tensor)) {
        let n = 0;
        for (const item of out as Iterable<unknown>) {
          if (++n > 3) break;
          keep(`${label}#${name}[]`, item);
        }
      } else keep(`${label}#${name}()`, out);
      return out;
    },
  });
  const tensorMembers = members(torch.randn(1));
  const undeclared = tensorMembers.methods.filter((m) => !DECLARED.has(m));
  targets.push({
    label: 'Tensor member',
    call: (a) => {
      const self = pick(basePool)();
      if (!(self instanceof torch.Tensor)) return undefined;
      if (random() < 0.2) {
        const key = pick(tensorMembers.setters);
        targetLabel = `Tensor.${key} =`;
        (self as unknown as Record<string, unknown>)[key] = a[0];
        return String(self);
      }
      const name = pick(undeclared);
      targetLabel = `Tensor.${name}`;
      if (name.startsWith('get ')) return (self as unknown as Record<string, unknown>)[name.slice(4)];
      return (self as unknown as Record<string, AnyFn>)[name](...a);
    },
  });
  for (const make of ['tensor', 'FloatTensor', 'LongTensor', 'BoolTensor', 'Tensor'] as const) {
    targets.push({
      label: `torch.${make}(junk data)`,
      call: (a) => {
        const f = (torch as unknown as Record<string, AnyFn>)[make];
        return f(junkData(random), ...a.slice(1));
      },
    });
  }

  let targetLabel = '';
  const failures = new Map<string, string>();
  const pending: Promise<unknown>[] = [];
  const record = (label: string, a: unknown[], e: unknown): void => {
    internal++;
    const msg = e instanceof Error ? e.message : String(e);
    const key = `${label}: ${msg.replace(/\d+/g, 'N').slice(0, 120)}`;
    if (!failures.has(key)) failures.set(key, `${label}(${a.map(show).join(', ')}): ${msg}`);
  };
  const slow: string[] = [];
  let threw = 0;
  let internal = 0;
  for (let i = 0; i < CALLS; i++) {
    const target = pick(targets);
    targetLabel = target.label;
    const a = args();
    const started = SLOW_MS < Infinity ? performance.now() : 0;
    // FUZZ_TRACE=file (local runs): the call about to run, so a hang or crash can be found.
    if (TRACE !== undefined) fs.writeFileSync(TRACE, `${i} ${target.label}(${a.map(show).join(', ')})\n`);
    try {
      const out = target.call(a);
      if (out instanceof Promise) {
        const label = targetLabel;
        pending.push(out.catch((e: unknown) => (internalError(e) ? record(label, a, e) : undefined)));
      } else if (out instanceof torch.Tensor) String(out);
      else if (out !== null && typeof out === 'object' && 'toString' in out && !isNamespace(out)) String(out);
    } catch (e) {
      threw++;
      if (internalError(e)) record(targetLabel, a, e);
    } finally {
      resetGlobals(threads);
    }
    if (SLOW_MS < Infinity) {
      const ms = performance.now() - started;
      if (ms > SLOW_MS) slow.push(`${targetLabel}(${a.map(show).join(', ')}): ${ms.toFixed(0)} ms`);
    }
  }
  await Promise.all(pending);
  process.chdir(cwd);
  fs.rmSync(scratch, { recursive: true, force: true });
  if (process.env.FUZZ_REPORT) {
    console.log(
      `${CALLS} calls, ${targets.length} targets (${fns.length} functions, ${classes.length} classes, ` +
        `${undeclared.length} Tensor members), ${threw} threw, ${internal} internal`,
    );
    for (const s of slow) console.log(`SLOW ${s}`);
    for (const f of failures.values()) console.log(`FAIL ${f}`);
  }
  assert.deepEqual([...failures.values()].slice(0, 30), [], `${internal} internal errors in ${CALLS} calls`);
});

test('sizes too large to allocate give the allocator error at once, never a crash, hang or RangeError', () => {
  const x = torch.ones(2);
  const T = torch as unknown as Record<string, AnyFn>;
  const F = torch.nn.functional as unknown as Record<string, AnyFn>;
  const cases: [string, () => unknown][] = [
    ['ones', () => torch.ones(1e15)],
    ['zeros', () => torch.zeros([1e8, 1e8])],
    ['arange', () => torch.arange(1e15)],
    ['full', () => torch.full([1e12], 1)],
    ['eye', () => T.eye(1e8)],
    ['linspace', () => T.linspace(0, 1, 1e15)],
    ['expand+contiguous', () => x.expand(1e15, 2).contiguous()],
    ['repeat', () => x.repeat(1e8, 1e8)],
    ['tile', () => x.tile([1e8, 1e8])],
    ['new_ones', () => x.new_ones(1e15)],
    ['randint', () => T.randint(0, 5, [1e15])],
    ['randperm', () => T.randperm(1e15)],
    ['multinomial', () => T.multinomial(torch.ones(3), 1e15, { replacement: true })],
    ['pad', () => F.pad(x, [1e15, 0])],
    ['interpolate', () => F.interpolate(torch.ones(1, 1, 2), { scale_factor: 1e15 })],
    ['Linear', () => new torch.nn.Linear(1e8, 1e8)],
    ['Embedding', () => new torch.nn.Embedding(1e15, 2)],
    ['tril_indices', () => T.tril_indices(1e8, 1e8)],
    ['triu_indices', () => T.triu_indices(1e8, 1e8)],
    ['bincount', () => T.bincount(torch.tensor([1e15], { dtype: torch.int64 }))],
    ['one_hot', () => F.one_hot(torch.tensor([1], { dtype: torch.int64 }), 1e15)],
    ['outer', () => T.outer(torch.ones(1e5), torch.ones(1e5))],
    // Window tables the size of the output (was a fatal V8 heap OOM).
    ['adaptive_max_pool1d', () => F.adaptive_max_pool1d_with_indices(torch.ones(2, 3), 2 ** 40)],
    ['adaptive_avg_pool1d', () => F.adaptive_avg_pool1d(torch.ones(2, 3), 2 ** 40)],
    ['adaptive_max_pool2d', () => F.adaptive_max_pool2d(torch.ones(1, 2, 3), [1e12, 2])],
    ['FloatTensor', () => torch.FloatTensor(1e8, 1e8)],
    // Stacks of layers: the weights of all of them are checked before the first is made (were hangs).
    ['LSTM num_layers', () => new torch.nn.LSTM(2, 1, 2 ** 31)],
    [
      'TransformerEncoder num_layers',
      () =>
        new torch.nn.TransformerEncoder(new torch.nn.TransformerEncoderLayer(4, 2, { dim_feedforward: 8 }), 2 ** 31),
    ],
    // A parameterless layer still takes a list slot per copy (was 'Invalid array length'; seed 7052).
    [
      'TransformerDecoder of a parameterless layer',
      () => new torch.nn.TransformerDecoder(new torch.nn.SiLU() as never, 2 ** 40),
    ],
  ];
  for (const [name, make] of cases) {
    assert.throws(
      make,
      (e: unknown) =>
        e instanceof Error &&
        !(e instanceof RangeError) &&
        /DefaultCPUAllocator: can't allocate memory|Storage size calculation overflowed/.test(e.message),
      name,
    );
  }
});
