// ONNX mappings of the view, shape, joining and indexing ops.
//
// Note [Symbolic batch]: the trace sees concrete sizes, but a dynamic axis (the batch) must stay
// free in the graph. Reshape targets therefore copy the input's leading sizes (ONNX's 0) where
// they are unchanged and let the first other size be inferred (-1); Expand keeps an input's size
// with 1 (bidirectional broadcast); slices run to an open end. That covers x.view(x.size(0), -1),
// flatten and the usual [B, T, C] reshapes; a size computed from the batch elsewhere is baked in.

import { Tensor } from '../tensor/tensor.js';
import { bool, int64 } from '../tensor/dtype.js';
import type { Graph } from './graph.js';
import { arg, axes, axis, symbolic, tensorArg } from './symbolic.js';

type T = Tensor;
const out = (result: unknown): T => result as T;
/** Slices run to here: ONNX clamps an end to the axis size (2^53 - 1 is exact as an int64). */
const OPEN_END = Number.MAX_SAFE_INTEGER;

/** Reshape of x to the result's shape, keeping the batch symbolic (Note [Symbolic batch]). */
export function reshapeTo(g: Graph, x: T, shape: readonly number[], input = g.value(x)): string {
  const target = [...shape];
  let k = 0;
  while (k < target.length && k < x.dim() && target[k] === x.shape[k]) {
    target[k] = 0;
    k++;
  }
  const numel = shape.reduce((a, b) => a * b, 1);
  if (k < target.length && numel > 0) target[k] = -1;
  return g.op('Reshape', [input, g.ints(target)]);
}
symbolic(['view', 'reshape', 'flatten', 'unflatten', 'view_as', 'reshape_as'], (g, args, result) => {
  const x = tensorArg(args, 0);
  if (!(result instanceof Tensor) || result.dtype !== x.dtype) {
    throw new Error("Exporting the operator 'aten::view' with a dtype to ONNX is not supported.");
  }
  return reshapeTo(g, x, result.shape);
});
symbolic(['squeeze', 'squeeze_'], (g, args) => {
  const x = tensorArg(args, 0);
  const all = x.shape.map((_, i) => i);
  const dims = (axes(arg(args, 1), x.dim()) ?? all).filter((d) => x.shape[d] === 1);
  return dims.length === 0 ? g.value(x) : g.op('Squeeze', [g.value(x), g.ints(dims)]);
});
symbolic(['unsqueeze', 'unsqueeze_'], (g, args) => {
  const x = tensorArg(args, 0);
  return g.op('Unsqueeze', [g.value(x), g.ints([axis(args[1] as number, x.dim() + 1)])]);
});

// ---------------------------------------------------------------- permutations
function transpose(g: Graph, x: T, perm: number[]): string {
  return perm.every((p, i) => p === i) ? g.value(x) : g.op('Transpose', [g.value(x)], { perm });
}
function swapped(rank: number, a: number, b: number): number[] {
  const perm = [...Array(rank).keys()];
  [perm[a], perm[b]] = [perm[b], perm[a]];
  return perm;
}
symbolic(['transpose', 'transpose_', 'swapaxes', 'swapaxes_', 'swapdims', 'swapdims_'], (g, args) => {
  const x = tensorArg(args, 0);
  const n = x.dim();
  return transpose(g, x, swapped(n, axis(args[1] as number, n), axis(args[2] as number, n)));
});
symbolic(['t', 't_'], (g, args) => {
  const x = tensorArg(args, 0);
  return transpose(g, x, x.dim() < 2 ? [...Array(x.dim()).keys()] : [1, 0]);
});
symbolic('numpy_T', (g, args) => {
  const x = tensorArg(args, 0);
  return transpose(g, x, [...Array(x.dim()).keys()].reverse());
});
symbolic('mT', (g, args) => {
  const x = tensorArg(args, 0);
  return transpose(g, x, swapped(x.dim(), x.dim() - 2, x.dim() - 1));
});
symbolic('permute', (g, args) => {
  const x = tensorArg(args, 0);
  return transpose(
    g,
    x,
    (args[1] as number[]).map((d) => axis(d, x.dim())),
  );
});
symbolic(['movedim', 'moveaxis'], (g, args) => {
  const x = tensorArg(args, 0);
  const n = x.dim();
  const src = (typeof args[1] === 'number' ? [args[1]] : (args[1] as number[])).map((d) => axis(d, n));
  const dst = (typeof args[2] === 'number' ? [args[2]] : (args[2] as number[])).map((d) => axis(d, n));
  const perm = new Array<number>(n).fill(-1);
  src.forEach((from, i) => (perm[dst[i]] = from));
  const rest = [...Array(n).keys()].filter((i) => !src.includes(i));
  for (let i = 0; i < n; i++) if (perm[i] === -1) perm[i] = rest.shift() as number;
  return transpose(g, x, perm);
});

// ---------------------------------------------------------------- slicing
function slice(g: Graph, x: string, ax: number, start: number, end: number, step = 1): string {
  return g.op('Slice', [x, g.ints([start]), g.ints([end]), g.ints([ax]), g.ints([step])]);
}
function gatherAt(g: Graph, x: string, ax: number, index: number): string {
  return g.op('Gather', [x, g.scalar(index, int64)], { axis: ax });
}
symbolic('select', (g, args) => {
  const x = tensorArg(args, 0);
  return gatherAt(g, g.value(x), axis(args[1] as number, x.dim()), args[2] as number);
});
symbolic('narrow', (g, args) => {
  const x = tensorArg(args, 0);
  const start = args[2] as number;
  const begin = start < 0 ? start + x.shape[axis(args[1] as number, x.dim())] : start;
  return slice(g, g.value(x), axis(args[1] as number, x.dim()), begin, begin + (args[3] as number));
});
/** x.index(...items): numbers, slice strings, null, '...' and one integer index tensor. */
symbolic('index', (g, args) => {
  const x = tensorArg(args, 0);
  const items = args[1] as unknown[];
  if (items.filter((i) => i instanceof Tensor || Array.isArray(i)).length > 1) {
    throw new Error("Exporting the operator 'aten::index' with several index tensors to ONNX is not supported.");
  }
  const consumed = items.filter((it) => it !== null && it !== '...').length;
  const expanded: unknown[] = [];
  for (const it of items) {
    if (it === '...') for (let k = consumed; k < x.dim(); k++) expanded.push(':');
    else expanded.push(it);
  }
  let value = g.value(x);
  let d = 0;
  for (const it of expanded) {
    if (it === null) {
      value = g.op('Unsqueeze', [value, g.ints([d])]);
      d++;
    } else if (typeof it === 'number') {
      value = gatherAt(g, value, d, it);
    } else if (typeof it === 'string') {
      const [start, stop, step] = it.split(':').map((s) => (s.trim() === '' ? null : Number(s)));
      if (start !== null || stop !== null || (step ?? 1) !== 1) {
        value = slice(g, value, d, start ?? 0, stop ?? OPEN_END, step ?? 1);
      }
      d++;
    } else if (it instanceof Tensor && it.dtype !== bool && !it.dtype.is_floating_point) {
      value = g.op('Gather', [value, g.value(it)], { axis: d });
      d += it.dim();
    } else {
      throw new Error(
        `Exporting the operator 'aten::index' with a ${it instanceof Tensor ? 'mask' : typeof it} index to ONNX is not supported.`,
      );
    }
  }
  return value;
});
symbolic(['split', 'split_with_sizes', 'chunk', 'unbind'], (g, args, result) => {
  const x = tensorArg(args, 0);
  const parts = result as T[];
  const isUnbind = parts.length > 0 && parts[0].dim() < x.dim();
  const dim = axis((isUnbind ? (arg<number>(args, 1) ?? 0) : (arg<number>(args, 2) ?? 0)) as number, x.dim());
  const sizes = parts.map((p) => (isUnbind ? 1 : p.shape[dim]));
  const outs = g.node('Split', [g.value(x), g.ints(sizes)], { axis: dim }, parts.length);
  return isUnbind ? outs.map((o) => g.op('Squeeze', [o, g.ints([dim])])) : outs;
});
symbolic('flip', (g, args) => {
  const x = tensorArg(args, 0);
  const dims = (args.slice(1).flat() as number[]).map((d) => axis(d, x.dim()));
  const n = dims.length;
  return g.op('Slice', [
    g.value(x),
    g.ints(new Array<number>(n).fill(-1)),
    g.ints(new Array<number>(n).fill(-OPEN_END)),
    g.ints(dims),
    g.ints(new Array<number>(n).fill(-1)),
  ]);
});

// ---------------------------------------------------------------- joining and repeating
symbolic(['cat', 'concat', 'concatenate'], (g, args, result) => {
  const res = out(result);
  const parts = (args[0] as T[]).filter((t) => !(t.dim() === 1 && t.shape[0] === 0));
  const dim = axis(arg<number>(args, 1) ?? 0, res.dim());
  return g.op(
    'Concat',
    parts.map((t) => g.operand(t, res.dtype)),
    { axis: dim },
  );
});
symbolic('stack', (g, args, result) => {
  const res = out(result);
  const dim = axis(arg<number>(args, 1) ?? 0, res.dim());
  const parts = (args[0] as T[]).map((t) => g.op('Unsqueeze', [g.operand(t, res.dtype), g.ints([dim])]));
  return g.op('Concat', parts, { axis: dim });
});
symbolic(['expand', 'expand_as'], (g, args, result) => {
  const x = tensorArg(args, 0);
  const target = out(result).shape;
  const offset = target.length - x.dim();
  const shape = target.map((s, i) => (i >= offset && x.shape[i - offset] === s ? 1 : s));
  return g.op('Expand', [g.value(x), g.ints(shape)]);
});
/** Tile after giving x as many dims as the repeats (leading 1s). */
function tile(g: Graph, x: T, repeats: number[]): string {
  let value = g.value(x);
  if (repeats.length > x.dim()) {
    value = g.op('Reshape', [value, g.ints([...new Array<number>(repeats.length - x.dim()).fill(1), ...x.shape])]);
  }
  return g.op('Tile', [value, g.ints(repeats)]);
}
symbolic('repeat', (g, args) => tile(g, tensorArg(args, 0), args[1] as number[]));
symbolic('tile', (g, args) => {
  const x = tensorArg(args, 0);
  const reps = args.slice(1).flat() as number[];
  return tile(g, x, [...new Array<number>(Math.max(0, x.dim() - reps.length)).fill(1), ...reps]);
});

// ---------------------------------------------------------------- gathering and masking
symbolic('index_select', (g, args) => {
  const x = tensorArg(args, 0);
  return g.op('Gather', [g.value(x), g.value(args[2] as T)], { axis: axis(args[1] as number, x.dim()) });
});
symbolic('gather', (g, args) => {
  const x = tensorArg(args, 0);
  return g.op('GatherElements', [g.value(x), g.value(args[2] as T)], { axis: axis(args[1] as number, x.dim()) });
});
symbolic(['masked_fill', 'masked_fill_'], (g, args, result) => {
  const dtype = out(result).dtype;
  return g.op('Where', [
    g.operand(args[1] as T, bool),
    g.operand(args[2] as T | number, dtype),
    g.value(tensorArg(args, 0)),
  ]);
});
for (const [name, upper] of [
  ['tril', 0],
  ['triu', 1],
] as const) {
  symbolic([name, `${name}_`], (g, args) =>
    g.op('Trilu', [g.value(tensorArg(args, 0)), g.scalar(arg<number>(args, 1) ?? 0, int64)], { upper }),
  );
}
