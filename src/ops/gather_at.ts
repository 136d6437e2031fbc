// Two differentiable primitives over precomputed tables of element offsets: `gatherAt` reads a
// tensor at the offsets, `scatterAddAt` adds values into zeros at them. Each is the other's
// backward, so ops built on them (average pooling, the max-pooling double backward, embedding,
// losses) get gradients of any order. Offsets index a contiguous layout of the source shape; -1
// stands for padding. (Convolution has dedicated kernels: im2col.ts.)

import { backend } from '../backend/index.js';
import type { Tensor } from '../tensor/tensor.js';
import * as K from '../tensor/kernels.js';
import { apply, defineOp } from '../autograd/op.js';

export interface OffsetArgs {
  /** Element offsets into a contiguous tensor of `srcShape`; -1 reads as 0 (padding). */
  offsets: Int32Array;
  srcShape: readonly number[];
  outShape: readonly number[];
}

/** What a table needs for padding: whether it has any -1, and its copy with -1 → sentinel. */
interface PadInfo {
  pad: boolean;
  sentinel: number;
  shifted: Int32Array | null;
}

// Tables are usually cached by their builders (convolution windows), so this is computed once
// per table rather than scanned and copied on every call.
const padInfo = new WeakMap<Int32Array, PadInfo>();

/** The table with -1 replaced by `sentinel` (an extra zero element past the real data), or null without padding. */
function shiftedTable(offsets: Int32Array, sentinel: number): Int32Array | null {
  let info = padInfo.get(offsets);
  if (info === undefined) {
    info = { pad: offsets.includes(-1), sentinel: -1, shifted: null };
    padInfo.set(offsets, info);
  }
  if (!info.pad) return null;
  if (info.sentinel !== sentinel) {
    info.shifted = offsets.map((o) => (o < 0 ? sentinel : o));
    info.sentinel = sentinel;
  }
  return info.shifted;
}

export function gatherForward(x: Tensor, { offsets, outShape }: OffsetArgs): Tensor {
  const src = K.contiguous(x);
  const out = K.empty(outShape, x.dtype);
  const n = src.numel();
  const shifted = shiftedTable(offsets, n);
  if (shifted === null) {
    backend().take(src._data, offsets, out._data);
    return out;
  }
  // Read padding from one extra zero element appended past the end.
  const padded = new x.dtype.array(n + 1);
  padded.set(src._data.subarray(0, n));
  backend().take(padded, shifted, out._data);
  return out;
}

function scatterAddForward(g: Tensor, { offsets, srcShape }: OffsetArgs): Tensor {
  const src = K.contiguous(g);
  const out = K.full(srcShape, 0, g.dtype);
  const total = out._data.length;
  const shifted = shiftedTable(offsets, total);
  if (shifted === null) {
    backend().put(out._data, offsets, src._data, true);
    return out;
  }
  // Padding positions add into one extra element past the end, then dropped.
  const padded = new g.dtype.array(total + 1);
  backend().put(padded, shifted, src._data, true);
  out._data.set(padded.subarray(0, total));
  return out;
}

const GATHER_AT = defineOp<OffsetArgs>({
  node: 'Im2ColBackward0',
  jvp: 'linear',
  forward: ([x], args) => gatherForward(x, args),
  backward: (g, _s, { args }) => [scatterAddAt(g, args)],
});

const SCATTER_ADD_AT = defineOp<OffsetArgs>({
  node: 'Col2ImBackward0',
  jvp: 'linear',
  forward: ([g], args) => scatterAddForward(g, args),
  backward: (gg, _s, { args }) => [gatherAt(gg, args)],
});

export function gatherAt(x: Tensor, args: OffsetArgs): Tensor {
  return apply(GATHER_AT, [x], args);
}

export function scatterAddAt(g: Tensor, args: OffsetArgs): Tensor {
  return apply(SCATTER_ADD_AT, [g], args);
}
