// A seeded random-call test over the whole public surface: every declared op, as a Tensor method
// and as a torch.* function, called with random plausible arguments (tests/fuzz_values.ts). Each
// call may succeed or throw, but what it throws must be the library's own message, never an
// internal JavaScript error. Set FUZZ_CALLS / FUZZ_SEED to run more or other calls.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import { DECLARATIONS } from '../src/ops/declare.js';
import { internalError, rng, valuePool } from './fuzz_values.js';

const CALLS = Number(process.env.FUZZ_CALLS ?? 6000);
const SEED = Number(process.env.FUZZ_SEED ?? 1);

test(`${CALLS} random calls over the public surface throw no internal error (seed ${SEED})`, () => {
  const random = rng(SEED);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const pool = valuePool();
  const targets: { label: string; call: (args: unknown[]) => unknown }[] = [];
  for (const d of DECLARATIONS) {
    // Ops that fill memory from a size: random sizes would only measure the allocator.
    const f = d.function;
    if (d.isFunction && f !== undefined) targets.push({ label: `torch.${d.name}`, call: (args) => f(...args) });
    if (d.methodSigs !== null) {
      targets.push({
        label: `Tensor.${d.name}`,
        call: (args) => {
          const self = pick(pool)();
          if (!(self instanceof torch.Tensor)) return undefined;
          return (self as unknown as Record<string, (...a: unknown[]) => unknown>)[d.name](...args);
        },
      });
    }
  }
  const failures: string[] = [];
  let threw = 0;
  for (let i = 0; i < CALLS; i++) {
    const target = pick(targets);
    const n = Math.floor(random() * 4);
    const args = Array.from({ length: n }, () => pick(pool)());
    try {
      const out = target.call(args);
      if (out instanceof torch.Tensor) String(out);
    } catch (e) {
      threw++;
      if (internalError(e)) {
        const shown = args.map((a) =>
          a instanceof torch.Tensor
            ? `Tensor${JSON.stringify(a.shape)}`
            : typeof a === 'symbol'
              ? 'Symbol'
              : typeof a === 'bigint'
                ? `${a}n`
                : (JSON.stringify(a) ?? String(a)),
        );
        failures.push(`${target.label}(${shown.join(', ')}): ${(e as Error).message}`);
      }
    }
  }
  assert.deepEqual(failures.slice(0, 30), [], `${failures.length} internal errors in ${CALLS} calls (${threw} threw)`);
});

test('random constructor and forward calls of nn modules throw no internal error', () => {
  const random = rng(SEED + 1000);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const pool = valuePool();
  const nn = torch.nn as unknown as Record<string, new (...a: unknown[]) => { forward(...a: unknown[]): unknown }>;
  const made: [string, unknown[]][] = [
    ['Linear', [3, 2]],
    ['Conv2d', [1, 2, 3]],
    ['ReLU', []],
    ['GELU', []],
    ['Sigmoid', []],
    ['Tanh', []],
    ['MaxPool2d', [2]],
    ['AvgPool2d', [2]],
    ['BatchNorm2d', [2]],
    ['LayerNorm', [3]],
    ['Embedding', [4, 3]],
    ['Dropout', [0.5]],
    ['Flatten', []],
    ['Softmax', [1]],
    ['LogSoftmax', [1]],
    ['MSELoss', []],
    ['L1Loss', []],
    ['CrossEntropyLoss', []],
    ['NLLLoss', []],
    ['BCELoss', []],
    ['BCEWithLogitsLoss', []],
  ];
  const failures: string[] = [];
  for (let i = 0; i < CALLS / 2; i++) {
    const [name, ctorArgs] = pick(made);
    const junkCtor = random() < 0.3;
    const args = Array.from({ length: Math.floor(random() * 3) }, () => pick(pool)());
    try {
      const m = new nn[name](...(junkCtor ? args : ctorArgs));
      if (!junkCtor) m.forward(...args);
    } catch (e) {
      if (internalError(e)) failures.push(`${name} (${junkCtor ? 'constructor' : 'forward'}): ${(e as Error).message}`);
    }
  }
  assert.deepEqual(failures.slice(0, 30), [], `${failures.length} internal errors`);
});

test('random calls of the other entry points (optimizers, grad modes, autograd, loaders, I/O) throw no internal error', () => {
  const random = rng(SEED + 2000);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const pool = valuePool();
  type Call = (a: unknown[]) => unknown;
  const any = torch as unknown as Record<
    string,
    Record<string, new (...a: unknown[]) => unknown> & ((...a: unknown[]) => unknown)
  >;
  const params = (): torch.Tensor[] => [torch.randn(2, { requires_grad: true })];
  const fn =
    (ns: Record<string, unknown>, name: string): Call =>
    (a) =>
      (ns[name] as (...x: unknown[]) => unknown)(...a);
  const ctor =
    (ns: Record<string, unknown>, name: string, first: () => unknown[] = () => []): Call =>
    (a) =>
      new (ns[name] as new (...x: unknown[]) => unknown)(...first(), ...a);
  const targets: [string, Call][] = [
    ...['SGD', 'Adam', 'AdamW', 'RMSprop'].map((n): [string, Call] => [`optim.${n}`, ctor(any.optim, n)]),
    ...['SGD', 'Adam', 'AdamW', 'RMSprop'].map((n): [string, Call] => [
      `optim.${n}(params)`,
      ctor(any.optim, n, () => [params()]),
    ]),
    ['autograd.grad', fn(any.autograd, 'grad')],
    ['autograd.backward', fn(any.autograd, 'backward')],
    ['autograd.functional.jacobian', fn(torch.autograd.functional as unknown as Record<string, unknown>, 'jacobian')],
    ...[
      'no_grad',
      'enable_grad',
      'inference_mode',
      'set_grad_enabled',
      'manual_seed',
      'set_default_dtype',
      'promote_types',
      'from_typed_array',
      'broadcast_shapes',
    ].map((n): [string, Call] => [
      n,
      (a) => {
        try {
          return fn(torch as unknown as Record<string, unknown>, n)(a);
        } finally {
          torch.set_grad_enabled(true);
          torch.set_default_dtype(torch.float32);
        }
      },
    ]),
    ['safetensors.save', fn(any.safetensors, 'save')],
    ['utils.data.DataLoader', ctor(torch.utils.data as unknown as Record<string, unknown>, 'DataLoader')],
    ['nn.Parameter', ctor(any.nn, 'Parameter')],
    ['Tensor.size', (a) => torch.randn(2).size(...(a as [number]))],
    ['Tensor.stride', (a) => torch.randn(2).stride(...(a as [number]))],
    ['Tensor.requires_grad_', (a) => torch.randn(2).requires_grad_(...(a as [boolean]))],
  ];
  const failures: string[] = [];
  for (let i = 0; i < CALLS / 2; i++) {
    const [name, call] = pick(targets);
    const args = Array.from({ length: Math.floor(random() * 3) }, () => pick(pool)());
    try {
      call(args);
    } catch (e) {
      if (internalError(e)) failures.push(`${name}: ${(e as Error).message}`);
    }
  }
  assert.deepEqual(failures.slice(0, 30), [], `${failures.length} internal errors`);
});
