// Argument checks for torch.nn.utils' entry points: a wrong argument throws a TypeError worded as
// PyTorch's argument parser words it (see src/tensor/argcheck.ts), never an internal error.

import { Tensor } from '../../tensor/tensor.js';
import { argTypeError, jsTypeName } from '../../tensor/argcheck.js';
import { Module } from '../module.js';

export function checkModule(fn: string, param: string, position: number, v: unknown): asserts v is Module {
  if (!(v instanceof Module)) throw argTypeError(fn, param, position, 'Module', v);
}

export function checkString(fn: string, param: string, position: number, v: unknown): asserts v is string {
  if (typeof v !== 'string') throw argTypeError(fn, param, position, 'str', v);
}

export function checkTensor(fn: string, param: string, position: number, v: unknown): asserts v is Tensor {
  if (!(v instanceof Tensor)) throw argTypeError(fn, param, position, 'Tensor', v);
}

export function checkNumber(fn: string, param: string, position: number, v: unknown): asserts v is number {
  if (typeof v !== 'number') throw argTypeError(fn, param, position, 'float', v);
}

/** The elements of an iterable argument, each checked by `each`. */
export function iterableOf<T>(
  fn: string,
  param: string,
  position: number,
  v: unknown,
  each: (x: unknown) => x is T,
  expected: string,
): T[] {
  if (
    v === null ||
    typeof v !== 'object' ||
    typeof (v as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function'
  ) {
    throw argTypeError(fn, param, position, `an iterable of ${expected}`, v);
  }
  const items = [...(v as Iterable<unknown>)];
  for (const x of items) {
    if (!each(x)) throw new TypeError(`${fn}(): expected ${param} to hold ${expected}, but got ${jsTypeName(x)}`);
  }
  return items as T[];
}

export const isTensor = (x: unknown): x is Tensor => x instanceof Tensor;
