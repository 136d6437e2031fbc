// Two differentiable primitives over precomputed tables of element offsets: `gatherAt` reads a
// tensor at the offsets, `scatterAddAt` adds values into zeros at them. Each is the other's
// backward, so ops built on them (im2col/col2im for convolution, pooling, embedding) get gradients
// of any order. Offsets index a contiguous layout of the source shape; -1 stands for padding.

import { backend } from '../backend/index.js';
import type { Tensor } from '../tensor/tensor.js';
import * as K from './kernels.js';
import { apply, defineOp } from './op.js';

export interface OffsetArgs {
  /** Element offsets into a contiguous tensor of `srcShape`; -1 reads as 0 (padding). */
  offsets: Int32Array;
  srcShape: readonly number[];
  outShape: readonly number[];
}

export function gatherForward(x: Tensor, { offsets, outShape }: OffsetArgs): Tensor {
  const src = K.contiguous(x);
  const out = K.empty(outShape, x.dtype);
  const hasPad = offsets.includes(-1);
  if (!hasPad) {
    backend().take(src._data, offsets, out._data);
    return out;
  }
  // Read padding from one extra zero element appended past the end.
  const padded = new x.dtype.array(src._data.length + 1);
  padded.set(src._data);
  const shifted = offsets.map((o) => (o < 0 ? src._data.length : o));
  backend().take(padded, shifted, out._data);
  return out;
}

function scatterAddForward(g: Tensor, { offsets, srcShape }: OffsetArgs): Tensor {
  const src = K.contiguous(g);
  const out = K.full(srcShape, 0, g.dtype);
  const total = out._data.length;
  const padded = new g.dtype.array(total + 1);
  const shifted = offsets.map((o) => (o < 0 ? total : o));
  backend().put(padded, shifted, src._data, true);
  out._data.set(padded.subarray(0, total));
  return out;
}

const GATHER_AT = defineOp<OffsetArgs>({
  node: 'Im2ColBackward0',
  forward: ([x], args) => gatherForward(x, args),
  backward: (g, _s, { args }) => [scatterAddAt(g, args)],
});

const SCATTER_ADD_AT = defineOp<OffsetArgs>({
  node: 'Col2ImBackward0',
  forward: ([g], args) => scatterAddForward(g, args),
  backward: (gg, _s, { args }) => [gatherAt(gg, args)],
});

export function gatherAt(x: Tensor, args: OffsetArgs): Tensor {
  return apply(GATHER_AT, [x], args);
}

export function scatterAddAt(g: Tensor, args: OffsetArgs): Tensor {
  return apply(SCATTER_ADD_AT, [g], args);
}
