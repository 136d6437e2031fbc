// What the fuzz-style tests throw at the public surface: plausible values a JavaScript caller
// might pass by mistake, drawn from a seeded stream, and the test for an internal error (a
// JavaScript engine message that means an unchecked value reached code that trusted it).

import * as torch from '../src/index.js';

/** True for errors that are not the library's own words: they must never reach a user. */
export function internalError(e: unknown): boolean {
  if (!(e instanceof Error)) return true;
  if (e instanceof SyntaxError || e instanceof ReferenceError || e instanceof EvalError) return true;
  return /is not a function|Cannot read propert|Cannot set propert|is not iterable|undefined is not|null is not|Invalid array length|Invalid typed array length|Array buffer allocation failed|Maximum call stack|is not a constructor|Cannot convert|Cannot mix BigInt|Reduce of empty array|Invalid count value|toFixed\(\)|toPrecision\(\)|toExponential\(\)|internal error|out of memory|Offset is outside the bounds|Start offset|Invalid string length|Unexpected token/.test(
    e.message,
  );
}

// A seeded stream (mulberry32), so a failing call can be replayed from its seed.
export { rng } from './backend_views.js';

/** A pool of values: tensors of every dtype and a few shapes, numbers, lists, options, junk. */
export function valuePool(): (() => unknown)[] {
  const f = () => torch.randn(2, 3);
  return [
    f,
    () => torch.randn(3),
    () => torch.randn([]),
    () => torch.randn(2, 3, { requires_grad: true }),
    () => torch.randn(2, 3, { dtype: torch.float64 }),
    () => torch.randn(0, 3),
    () => torch.randn(4, 1, 3),
    () => torch.tensor([[1, 0, 1]], { dtype: torch.int64 }),
    () => torch.tensor([0, 1], { dtype: torch.int64 }),
    () => torch.tensor([1, 2, 3], { dtype: torch.int32 }),
    () => torch.tensor([true, false, true]),
    () => torch.ones(2, 3).gt(0),
    () => f().t(),
    () => 0,
    () => 1,
    () => 2,
    () => -1,
    () => -7,
    () => 0.5,
    () => 3.7,
    () => NaN,
    () => Infinity,
    () => 100000,
    () => true,
    () => false,
    () => 2n,
    () => 'a',
    () => '',
    () => 'mean',
    () => ':',
    () => null,
    () => undefined,
    () => [],
    () => [0],
    () => [1, 0],
    () => [2, 3],
    () => [0, 'x'],
    () => [-1],
    () => [
      [1, 2],
      [3, 4],
    ],
    () => [f(), f()],
    () => [f(), 1],
    () => ({}),
    () => ({ dim: 0 }),
    () => ({ dim: 1, keepdim: true }),
    () => ({ dtype: torch.float64 }),
    () => ({ requires_grad: true }),
    () => ({ alpha: 2 }),
    () => ({ bogus: 1 }),
    () => torch.float32,
    () => torch.int64,
    () => torch.bool,
    () => new torch.Generator(),
    () => () => 1,
    () => Symbol('s'),
    () => new Float32Array(3),
    () => new Map(),
  ];
}
