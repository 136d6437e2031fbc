// im2col and col2im as differentiable ops over the backend's window kernels. Each is the other's
// adjoint, hence its backward, so convolution gets gradients of any order from them.

import { backend } from '../backend/index.js';
import type { Windows2d } from '../backend/backend.js';
import type { Tensor } from '../tensor/tensor.js';
import * as K from '../tensor/kernels.js';
import { apply, defineOp, type OpDef } from '../autograd/op.js';
import type { Geometry } from './windows.js';

/** The kernels' view of a window geometry. */
export function windows2d(g: Geometry): Windows2d {
  return {
    N: g.N,
    C: g.C,
    H: g.H,
    W: g.W,
    kh: g.kernel[0],
    kw: g.kernel[1],
    sh: g.stride[0],
    sw: g.stride[1],
    ph: g.padBefore[0],
    pw: g.padBefore[1],
    dh: g.dilation[0],
    dw: g.dilation[1],
    OH: g.OH,
    OW: g.OW,
  };
}

/** im2col without recording: x [N, C, H, W] → [C·kh·kw, N·OH·OW]. */
function im2colForward(x: Tensor, w: Windows2d): Tensor {
  const src = K.contiguous(x);
  const cols = K.output([w.C * w.kh * w.kw, w.N * w.OH * w.OW], x.dtype);
  backend().im2col(src._data, w, cols._data);
  return cols;
}

/** col2im without recording: [C·kh·kw, N·OH·OW] → [N, C, H, W]. */
function col2imForward(cols: Tensor, w: Windows2d): Tensor {
  const src = K.contiguous(cols);
  const x = K.output([w.N, w.C, w.H, w.W], cols.dtype);
  backend().col2im(src._data, w, x._data);
  return x;
}

// vmap's rules fold the batch into N: [B, N, C, H, W] is [B*N, C, H, W], and the columns'
// [C·kh·kw, B·N·OH·OW] are B blocks of N·OH·OW along the second dim.
const IM2COL: OpDef<Windows2d> = defineOp<Windows2d>({
  node: 'Im2ColBackward0',
  batch: ([x], _b, w) => {
    const B = x._shape[0];
    const cols = apply(IM2COL, [x.reshape([B * w.N, w.C, w.H, w.W])], { ...w, N: B * w.N });
    return cols.reshape([cols._shape[0], B, -1]).movedim(1, 0);
  },
  jvp: 'linear',
  forward: ([x], w) => im2colForward(x, w),
  backward: (g, _s, { args }) => [col2im(g, args)],
});

const COL2IM: OpDef<Windows2d> = defineOp<Windows2d>({
  node: 'Col2ImBackward0',
  batch: ([cols], _b, w) => {
    const B = cols._shape[0];
    const flat = cols.movedim(0, 1).reshape([cols._shape[1], -1]);
    return apply(COL2IM, [flat], { ...w, N: B * w.N }).reshape([B, w.N, w.C, w.H, w.W]);
  },
  jvp: 'linear',
  forward: ([cols], w) => col2imForward(cols, w),
  backward: (g, _s, { args }) => [im2col(g, args)],
});

/** The windows of x [N, C, H, W] as columns [C·kh·kw, N·OH·OW], recorded. */
export function im2col(x: Tensor, w: Windows2d): Tensor {
  return apply(IM2COL, [x], w);
}

/** Columns [C·kh·kw, N·OH·OW] summed back into [N, C, H, W] at their windows, recorded. */
export function col2im(cols: Tensor, w: Windows2d): Tensor {
  return apply(COL2IM, [cols], w);
}
