// F.unfold (im2col) and F.fold (col2im) over the differentiable im2col/col2im ops that
// convolution uses, with ATen's shape checks and messages (im2col_shape_check, col2im_shape_check).
//
// The public ops implemented here are declared here too (torch.nn.functional functions (as
// functional_<name>, given their public names in src/api/functional.ts); op(), fn(), method(),
// src/ops/declare.ts), each right after its implementation: its PyTorch signature and gradcheck
// samples beside the forward, the autograd node (backward formula, saved tensors, JVP and batching
// rule) and any composite it is built from.

import type { Tensor } from '../tensor/tensor.js';
import { col2im, im2col, windows2d } from './im2col.js';
import { geometry, pair } from './windows.js';
import { requireFloat } from './activation.js';
import { fn } from './declare.js';

type Pair = number | readonly number[];
const tuple = (p: readonly number[]): string => `(${p.join(', ')})`;

function checkWindowArgs(kernel: number[], dilation: number[], padding: number[], stride: number[]): void {
  if (!(kernel[0] > 0 && kernel[1] > 0)) {
    throw new RangeError(
      `kernel size should be greater than zero, but got kernel_height: ${kernel[0]} kernel_width: ${kernel[1]}`,
    );
  }
  if (!(dilation[0] > 0 && dilation[1] > 0)) {
    throw new RangeError(
      `dilation should be greater than zero, but got dilation_height: ${dilation[0]} dilation_width: ${dilation[1]}`,
    );
  }
  if (!(padding[0] >= 0 && padding[1] >= 0)) {
    throw new RangeError(`padding should be non-negative, but got pad_height: ${padding[0]} pad_width: ${padding[1]}`);
  }
  if (!(stride[0] > 0 && stride[1] > 0)) {
    throw new RangeError(
      `stride should be greater than zero, but got stride_height: ${stride[0]} stride_width: ${stride[1]}`,
    );
  }
}

const blocks = (size: number, k: number, d: number, p: number, s: number): number =>
  Math.floor((size + 2 * p - (d * (k - 1) + 1)) / s) + 1;

/** [N, C, H, W] (or [C, H, W]) → [N, C·kh·kw, L]: each sliding block as a column. */
export function unfold(
  input: Tensor,
  kernel_size: Pair,
  dilation: Pair = 1,
  padding: Pair = 0,
  stride: Pair = 1,
): Tensor {
  const k = pair(kernel_size, 'kernel_size');
  const d = pair(dilation, 'dilation');
  const p = pair(padding, 'padding');
  const s = pair(stride, 'stride');
  checkWindowArgs(k, d, p, s);
  const ndim = input.dim();
  if (ndim < 3) {
    // ATen reads input.size(2) before checking the rank.
    const lo = Math.max(ndim, 1);
    throw new RangeError(`Dimension out of range (expected to be in range of [${-lo}, ${lo - 1}], but got 2)`);
  }
  if (!((ndim === 3 || ndim === 4) && input.shape.slice(ndim - 3).every((n) => n > 0))) {
    throw new RangeError(`Expected non-empty 3D or 4D input tensor, but got input of size [${input.shape.join(', ')}]`);
  }
  const x = ndim === 3 ? input.unsqueeze(0) : input;
  const [N, C, H, W] = x.shape;
  const oh = blocks(H, k[0], d[0], p[0], s[0]);
  const ow = blocks(W, k[1], d[1], p[1], s[1]);
  if (oh < 1 || ow < 1) {
    // ATen's message names the input's height twice.
    throw new RangeError(
      `Given input with spatial size (${H}, ${H}), kernel_size=${tuple(k)}, dilation=${tuple(d)}, padding=${tuple(p)}, calculated shape of the array of sliding blocks as (${oh}, ${ow}), but its components must be at least one.`,
    );
  }
  requireFloat(x, 'im2col_out_cpu');
  const g = geometry(x.shape, k, s, p, p, d, 'unfold');
  const rows = C * k[0] * k[1];
  const cols = im2col(x, windows2d(g))
    .view(rows, N, oh * ow)
    .permute(1, 0, 2);
  return ndim === 3 ? cols.squeeze(0) : cols;
}

type T = Tensor;
export const functional_unfold = fn(
  'unfold(Tensor input, int[2] kernel_size, int[2] dilation=1, int[2] padding=0, int[2] stride=1)',
  (input: T, kernel_size: Pair, dilation?: Pair, padding?: Pair, stride?: Pair): T =>
    unfold(input, kernel_size, dilation, padding, stride),
);

/** [N, C·kh·kw, L] (or [C·kh·kw, L]) → [N, C, H, W]: the columns summed back at their blocks. */
export function fold(
  input: Tensor,
  output_size: Pair,
  kernel_size: Pair,
  dilation: Pair = 1,
  padding: Pair = 0,
  stride: Pair = 1,
): Tensor {
  const out = pair(output_size, 'output_size');
  const k = pair(kernel_size, 'kernel_size');
  const d = pair(dilation, 'dilation');
  const p = pair(padding, 'padding');
  const s = pair(stride, 'stride');
  checkWindowArgs(k, d, p, s);
  const ndim = input.dim();
  if (!((ndim === 2 || ndim === 3) && input.shape.slice(ndim - 2).every((n) => n > 0))) {
    throw new RangeError(
      `Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero dimensions for input, but got: [${input.shape.join(', ')}]`,
    );
  }
  const x = ndim === 2 ? input.unsqueeze(0) : input;
  const [N, rows, L] = x.shape;
  if (rows % (k[0] * k[1]) !== 0) {
    throw new RangeError(
      `Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)=${rows} and kernel_size=${tuple(k)}.`,
    );
  }
  const oh = blocks(out[0], k[0], d[0], p[0], s[0]);
  const ow = blocks(out[1], k[1], d[1], p[1], s[1]);
  if (oh * ow !== L) {
    throw new RangeError(
      `Given output_size=${tuple(out)}, kernel_size=${tuple(k)}, dilation=${tuple(d)}, padding=${tuple(p)}, stride=${tuple(s)}, expected size of input's dimension 2 to match the calculated number of sliding blocks ${oh} * ${ow} = ${oh * ow}, but got input.size(2)=${L}.`,
    );
  }
  requireFloat(x, 'col2im_out_cpu');
  const C = rows / (k[0] * k[1]);
  const g = geometry([N, C, out[0], out[1]], k, s, p, p, d, 'fold');
  const result = col2im(x.permute(1, 0, 2).reshape(rows, N * L), windows2d(g));
  return ndim === 2 ? result.squeeze(0) : result;
}

export const functional_fold = fn(
  'fold(Tensor input, int[2] output_size, int[2] kernel_size, int[2] dilation=1, int[2] padding=0, int[2] stride=1)',
  (input: T, output_size: Pair, kernel_size: Pair, dilation?: Pair, padding?: Pair, stride?: Pair): T =>
    fold(input, output_size, kernel_size, dilation, padding, stride),
);
