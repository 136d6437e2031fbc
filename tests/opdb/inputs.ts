// The op database's sample kit (SampleKit in src/ops/declare.ts): deterministic float64 inputs (no
// RNG, so rows never depend on seeding) and the row shapes most declarations' samples use.

import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import type { Domain, OpSample, SampleKit } from '../../src/ops/declare.js';

/** Values spread over [lo, hi], deterministic per (shape, salt). */
export function make(shape: number[], opts?: { lo?: number; hi?: number; salt?: number; grad?: boolean }): Tensor {
  const lo = opts?.lo ?? -2;
  const hi = opts?.hi ?? 2;
  const salt = opts?.salt ?? 0;
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = (Math.sin(12.9898 * (i + 1) + 78.233 * (salt + 1)) * 43758.5453) % 1;
    data[i] = lo + (hi - lo) * Math.abs(u);
  }
  const t = torch.from_typed_array(data, shape, torch.float64);
  return opts?.grad === false ? t : t.requires_grad_(true);
}

/** A non-contiguous input: made transposed, then transposed back to `shape` (2-D). */
export function transposed(shape: [number, number], opts?: { lo?: number; hi?: number; salt?: number }): Tensor {
  const base = make([shape[1], shape[0]], { ...opts, grad: false }).t();
  return base.requires_grad_(true);
}

type Nested<T> = T | readonly Nested<T>[];

/** Fixed values (for domains that a [lo, hi] range cannot express, like |x| > 0.2). */
export function values(data: Nested<number>, shape?: number[]): Tensor {
  const t = torch.tensor(data as number[], { dtype: torch.float64 });
  return (shape ? t.reshape(shape) : t).requires_grad_(true);
}

export const long = (data: Nested<number>): Tensor => torch.tensor(data as number[], { dtype: torch.int64 });
export const mask = (data: Nested<boolean>): Tensor => torch.tensor(data as boolean[]);
export const zeros = (...shape: number[]): Tensor => torch.zeros(shape, { dtype: torch.float64 });

/** One row on make(shape). */
export const shaped = (name: string, shape: number[], fn: (x: Tensor) => Tensor | Tensor[]): OpSample => ({
  name,
  inputs: () => [make(shape)],
  fn,
});

/** One row per input layout: a [3, 4] matrix, a transposed (non-contiguous) one, and a 0-d tensor. */
export function layouts(
  name: string,
  fn: (x: Tensor) => Tensor | Tensor[],
  opts?: { lo?: number; hi?: number; scalar?: boolean },
): OpSample[] {
  const rows: OpSample[] = [
    { name: `${name} [3, 4]`, inputs: () => [make([3, 4], opts)], fn },
    { name: `${name} transposed`, inputs: () => [transposed([4, 3], opts)], fn },
  ];
  if (opts?.scalar !== false) rows.push({ name: `${name} 0-d`, inputs: () => [make([], opts)], fn });
  return rows;
}

/** [3, 4], 0-d, transposed and strided-slice rows of a unary op on values in [lo, hi]. */
export function unary(name: string, fn: (x: Tensor) => Tensor, [lo, hi]: Domain = [-2, 2]): OpSample[] {
  return [
    { name: `${name} [3, 4]`, inputs: () => [make([3, 4], { lo, hi })], fn },
    { name: `${name} 0-d`, inputs: () => [make([], { lo, hi, salt: 1 })], fn },
    { name: `${name} transposed`, inputs: () => [transposed([4, 3], { lo, hi, salt: 2 })], fn },
    {
      name: `${name} strided slice`,
      inputs: () => [make([3, 8], { lo, hi, salt: 3, grad: false }).index(':', '1::2').requires_grad_(true)],
      fn,
    },
  ];
}

/** Rows of a binary op: same shape, broadcast, 0-d with tensor, non-contiguous operands. */
export function binary(
  name: string,
  fn: (a: Tensor, b: Tensor) => Tensor,
  [alo, ahi]: Domain = [-2, 2],
  [blo, bhi]: Domain = [-2, 2],
): OpSample[] {
  const a = (shape: number[], salt: number): Tensor => make(shape, { lo: alo, hi: ahi, salt });
  const b = (shape: number[], salt: number): Tensor => make(shape, { lo: blo, hi: bhi, salt });
  return [
    { name: `${name} [2, 3]`, inputs: () => [a([2, 3], 0), b([2, 3], 1)], fn },
    { name: `${name} broadcast`, inputs: () => [a([3, 1], 2), b([1, 4], 3)], fn },
    { name: `${name} broadcast rank`, inputs: () => [a([2, 1, 3], 4), b([3], 5)], fn },
    { name: `${name} 0-d other`, inputs: () => [a([2, 3], 6), b([], 7)], fn },
    { name: `${name} 0-d self`, inputs: () => [a([], 8), b([3], 9)], fn },
    { name: `${name} 0-d both`, inputs: () => [a([], 10), b([], 11)], fn },
    {
      name: `${name} non-contiguous`,
      inputs: () => [
        transposed([3, 2], { lo: alo, hi: ahi, salt: 12 }),
        transposed([3, 2], { lo: blo, hi: bhi, salt: 13 }),
      ],
      fn,
    },
  ];
}

/** Rows of an in-place binary op: self keeps its shape, so only other broadcasts. */
export function inplace(
  name: string,
  fn: (a: Tensor, b: Tensor) => Tensor,
  [alo, ahi]: Domain = [-2, 2],
  [blo, bhi]: Domain = [-2, 2],
): OpSample[] {
  const a = (shape: number[], salt: number): Tensor => make(shape, { lo: alo, hi: ahi, salt });
  const b = (shape: number[], salt: number): Tensor => make(shape, { lo: blo, hi: bhi, salt });
  return [
    { name: `${name} [2, 3]`, inputs: () => [a([2, 3], 0), b([2, 3], 1)], fn },
    { name: `${name} broadcast other`, inputs: () => [a([2, 3], 2), b([3], 3)], fn },
    { name: `${name} 0-d other`, inputs: () => [a([2, 3], 4), b([], 5)], fn },
    { name: `${name} 0-d both`, inputs: () => [a([], 6), b([], 7)], fn },
    {
      name: `${name} non-contiguous`,
      inputs: () => [
        transposed([3, 2], { lo: alo, hi: ahi, salt: 8 }),
        transposed([3, 2], { lo: blo, hi: bhi, salt: 9 }),
      ],
      fn,
    },
  ];
}

export const kit: SampleKit = { make, transposed, values, long, mask, zeros, shaped, layouts, unary, binary, inplace };
