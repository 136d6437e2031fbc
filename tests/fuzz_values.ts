// What the fuzz-style tests throw at the public surface: plausible values a JavaScript caller
// might pass by mistake, drawn from a seeded stream, and the test for an internal error (a
// JavaScript engine message that means an unchecked value reached code that trusted it).

import * as torch from '../src/index.js';

/** True for errors that are not the library's own words: they must never reach a user. */
export function internalError(e: unknown): boolean {
  if (!(e instanceof Error)) return true;
  if (e instanceof SyntaxError || e instanceof ReferenceError || e instanceof EvalError) return true;
  // PyTorch's own "'int' object is not iterable" (with JavaScript type names) is a fine message.
  if (/^'[\w.]+' object is not iterable/.test(e.message)) return false;
  return /is not a function|Cannot read propert|Cannot set propert|is not iterable|(undefined|null) is not (a function|an object|iterable|a constructor)|Invalid array length|Invalid typed array length|Array buffer allocation failed|Maximum call stack|is not a constructor|Cannot convert|Cannot mix BigInt|Reduce of empty array|Invalid count value|toFixed\(\)|toPrecision\(\)|toExponential\(\)|internal error|out of memory|Offset is outside the bounds|Start offset|"\w+" must be non-negative|Invalid string length|Unexpected token/.test(
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
    // Edge cases: odd numbers, shapes and tensors.
    () => -0,
    () => 1e15,
    () => -1e9,
    () => 2 ** 40,
    () => 1.5,
    () => -Infinity,
    () => 3,
    () => 4,
    () => [1, 2, 3],
    () => [0.5, NaN],
    () => [1e15],
    () => [[1], [2, 3]],
    () => [[[[[[[[1]]]]]]]],
    () => [null],
    () => [undefined],
    () => ['a', 'b'],
    () => [1n, 2n],
    () => ({ dim: 'x' }),
    () => ({ dim: -1, keepdim: 1 }),
    () => ({ dtype: 'float32' }),
    () => ({ reduction: 'sum' }),
    () => ({ reduction: 'bogus' }),
    () => ({ lr: -1 }),
    () => ({ lr: 0.1, momentum: 0.9 }),
    () => ({ requires_grad: 'yes' }),
    () => ({ out: torch.zeros(2, 3) }),
    () => ({ generator: 3 }),
    () => ({ __proto__: null, dim: 0 }),
    () => Object.create(null),
    () => torch.randn(1, 2, 3, 3),
    () => torch.randn(2, 3, 4),
    () => torch.randn(2, 4).t(),
    () => torch.randn(4, 3).narrow(0, 1, 2),
    () => torch.ones(1, 3).expand(2, 3),
    () => torch.randn(3, 4).select(1, 0),
    () => torch.zeros(0),
    () => torch.tensor(5, { dtype: torch.int64 }),
    () => torch.tensor(true),
    () => torch.tensor([NaN, Infinity, -Infinity]),
    () => torch.randn(3, { requires_grad: true }),
    () => torch.randn(2, 3, { requires_grad: true }).mul(2),
    () => torch.randn(2, 2, { dtype: torch.float64, requires_grad: true }),
    () => torch.float64,
    () => torch.int32,
    () => torch.Size([2, 3]),
    () => new Int32Array([1, 2]),
    () => new Uint8Array(8),
    () => new Date(0),
    () => /x/,
    () => new Set([1]),
    () => new Error('e'),
    () => (x: unknown) => x,
    () => () => {
      throw new Error('callback threw');
    },
    () => new torch.nn.Linear(3, 2),
    () => torch.float64.toString(),
  ];
}

/** Junk nested data for tensor constructors: ragged, mixed, deep, non-finite, non-numeric. */
export function junkData(random: () => number): unknown {
  const leaf = (): unknown => {
    const r = random();
    if (r < 0.3) return Math.floor(random() * 5);
    if (r < 0.4) return random() < 0.5 ? NaN : Infinity;
    if (r < 0.5) return 1e300;
    if (r < 0.55) return 2n ** 70n;
    if (r < 0.6) return 3n;
    if (r < 0.65) return true;
    if (r < 0.7) return 'a';
    if (r < 0.75) return null;
    if (r < 0.78) return undefined;
    if (r < 0.82) return {};
    if (r < 0.85) return torch.ones(2);
    if (r < 0.88) return torch.tensor(1.5);
    if (r < 0.9) return new Float32Array(2);
    if (r < 0.92) return Symbol('s');
    return -0.5;
  };
  const build = (depth: number): unknown => {
    if (depth === 0 || random() < 0.25) return leaf();
    const n = Math.floor(random() * 4);
    const same = random() < 0.6;
    const first = build(depth - 1);
    return Array.from({ length: n }, (_, i) => (same && i > 0 ? structuredCloneSafe(first) : build(depth - 1)));
  };
  if (random() < 0.05) {
    let deep: unknown = 1;
    for (let i = 0; i < 200; i++) deep = [deep];
    return deep;
  }
  return build(1 + Math.floor(random() * 4));
}

function structuredCloneSafe(v: unknown): unknown {
  return Array.isArray(v) ? v.map(structuredCloneSafe) : v;
}
