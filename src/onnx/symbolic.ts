// The table from traced public ops to ONNX nodes (PyTorch's torch/onnx/symbolic_opset*.py).
// A mapping gets the graph, the op's bound arguments (self first, keyword-only ones in a trailing
// options object, as the implementation received them) and the op's result, which carries the
// shapes and dtypes the trace saw; it returns the value names of the result's tensors in order.
// The families live in symbolic_math.ts, symbolic_nn.ts and symbolic_shape.ts.

import { Tensor } from '../tensor/tensor.js';
import type { Graph } from './graph.js';

export type Symbolic = (g: Graph, args: readonly unknown[], result: unknown) => string | readonly string[];

export const SYMBOLICS = new Map<string, Symbolic>();

/** Registers one mapping under each of the names (an op, its in-place form, its aliases). */
export function symbolic(names: string | readonly string[], fn: Symbolic): void {
  for (const name of typeof names === 'string' ? [names] : names) SYMBOLICS.set(name, fn);
}

/** The trailing options object of a bound call (keyword-only arguments), or {}. */
export function kwargs(args: readonly unknown[]): Record<string, unknown> {
  const last = args[args.length - 1];
  if (isOptions(last)) return last as Record<string, unknown>;
  return {};
}

export function isOptions(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Tensor);
}

/** The positional argument at i, or undefined when absent or when it is the options object. */
export function arg<T>(args: readonly unknown[], i: number): T | undefined {
  const v = args[i];
  return isOptions(v) ? undefined : (v as T | undefined);
}

/** A dim as a non-negative axis. */
export function axis(dim: number, rank: number): number {
  return dim < 0 ? dim + rank : dim;
}

/** A dim argument (int, list, null/undefined for all) as non-negative axes. */
export function axes(dim: unknown, rank: number): number[] | null {
  if (dim === undefined || dim === null) return null;
  const list = typeof dim === 'number' ? [dim] : (dim as number[]);
  if (list.length === 0) return null;
  return list.map((d) => axis(d, rank));
}

/** A pair argument (int or [int, int]) as a list of two. */
export function pair(v: unknown, fallback: readonly number[]): number[] {
  if (v === undefined || v === null) return [...fallback];
  if (typeof v === 'number') return [v, v];
  const list = v as number[];
  return list.length === 1 ? [list[0], list[0]] : [...list];
}

/** The tensor argument at i. */
export function tensorArg(args: readonly unknown[], i: number): Tensor {
  return args[i] as Tensor;
}
