// Op-database rows for torch.nn's functions (src/ops/loss.ts, activation.ts, conv.ts, pool.ts,
// normalization.ts, offsets.ts; src/nn/linear.ts). Targets and class indices do not require grad.
// Max pooling inputs come from make(), whose values are distinct, so no window has a tie for
// finite differences to cross; BCE inputs stay inside (0, 1).

import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { make, transposed } from './inputs.js';
import type { OpSample } from './types.js';

const F = torch.nn.functional;
const long = (data: number[] | number[][]): Tensor => torch.tensor(data, { dtype: torch.int64 });
const target = (shape: number[], salt = 9): Tensor => make(shape, { lo: 0, hi: 1, salt, grad: false });
const weight3 = (): Tensor => torch.tensor([0.5, 2.0, 1.25], { dtype: torch.float64 });
const classes = long([0, 2, 1, 2]);

const reductions = ['mean', 'sum', 'none'] as const;

const lossRows: OpSample[] = reductions.flatMap((reduction): OpSample[] => [
  {
    name: `mse_loss ${reduction}`,
    inputs: () => [make([4, 3]), make([4, 3], { salt: 1 })],
    fn: (a, b) => F.mse_loss(a, b, { reduction }),
  },
  {
    name: `l1_loss ${reduction}`,
    inputs: () => [make([4, 3]), make([4, 3], { salt: 1 })],
    fn: (a, b) => F.l1_loss(a, b, { reduction }),
  },
  {
    name: `nll_loss weight ignore_index ${reduction}`,
    inputs: () => [make([4, 3])],
    fn: (x) => F.nll_loss(x, classes, { weight: weight3(), ignore_index: 1, reduction }),
  },
  {
    name: `cross_entropy ${reduction}`,
    inputs: () => [make([4, 3])],
    fn: (x) => F.cross_entropy(x, classes, { reduction }),
  },
  {
    name: `cross_entropy weight label_smoothing ${reduction}`,
    inputs: () => [make([4, 3])],
    fn: (x) => F.cross_entropy(x, classes, { weight: weight3(), label_smoothing: 0.2, ignore_index: 0, reduction }),
  },
  {
    name: `cross_entropy probabilities ${reduction}`,
    inputs: () => [make([4, 3]), target([4, 3]).requires_grad_(true)],
    fn: (x, p) => F.cross_entropy(x, p, { reduction, label_smoothing: 0.1 }),
  },
  {
    name: `binary_cross_entropy ${reduction}`,
    inputs: () => [make([4, 3], { lo: 0.1, hi: 0.9 }), make([4, 3], { lo: 0, hi: 1, salt: 2 })],
    fn: (p, t) => F.binary_cross_entropy(p, t, { weight: weight3(), reduction }),
  },
  {
    name: `binary_cross_entropy_with_logits ${reduction}`,
    inputs: () => [make([4, 3]), make([4, 3], { lo: 0, hi: 1, salt: 2 })],
    fn: (x, t) => F.binary_cross_entropy_with_logits(x, t, { reduction }),
  },
  {
    name: `binary_cross_entropy_with_logits pos_weight ${reduction}`,
    inputs: () => [make([4, 3]), make([4, 3], { lo: 0, hi: 1, salt: 2 })],
    fn: (x, t) =>
      F.binary_cross_entropy_with_logits(x, t, {
        weight: weight3(),
        pos_weight: torch.tensor([1.5, 0.5, 3.0], { dtype: torch.float64 }),
        reduction,
      }),
  },
]);

const img = (shape: number[], salt = 0): Tensor => make(shape, { salt });

export const rows: OpSample[] = [
  ...lossRows,
  { name: 'cross_entropy transposed', inputs: () => [transposed([4, 3])], fn: (x) => F.cross_entropy(x, classes) },
  {
    name: 'cross_entropy [N, C, L]',
    inputs: () => [make([2, 3, 4])],
    fn: (x) =>
      F.cross_entropy(
        x,
        long([
          [0, 1, 2, 1],
          [2, 2, 0, 1],
        ]),
        { reduction: 'none' },
      ),
  },
  { name: 'nll_loss 1-D', inputs: () => [make([5])], fn: (x) => F.nll_loss(x, torch.tensor(3n)) },

  { name: 'gelu tanh', inputs: () => [make([3, 4], { lo: -3, hi: 3 })], fn: (x) => F.gelu(x, { approximate: 'tanh' }) },
  {
    name: 'dropout (seeded)',
    inputs: () => [make([4, 5])],
    fn: (x) => {
      torch.manual_seed(0);
      return F.dropout(x, 0.4);
    },
  },

  {
    name: 'linear',
    inputs: () => [make([4, 3]), make([2, 3], { salt: 1 }), make([2], { salt: 2 })],
    fn: (x, w, b) => F.linear(x, w, b),
  },
  {
    name: 'linear 3-D',
    inputs: () => [make([2, 4, 3]), make([2, 3], { salt: 1 }), make([2], { salt: 2 })],
    fn: (x, w, b) => F.linear(x, w, b),
  },
  { name: 'linear no bias', inputs: () => [make([4, 3]), make([2, 3], { salt: 1 })], fn: (x, w) => F.linear(x, w) },

  {
    name: 'conv2d',
    inputs: () => [img([2, 3, 5, 4]), img([4, 3, 3, 2], 1), img([4], 2)],
    fn: (x, w, b) => F.conv2d(x, w, b),
  },
  {
    name: 'conv2d stride padding dilation',
    inputs: () => [img([1, 2, 6, 5]), img([3, 2, 2, 3], 1)],
    fn: (x, w) => F.conv2d(x, w, null, { stride: [2, 1], padding: [1, 2], dilation: [2, 1] }),
  },
  {
    name: 'conv2d groups',
    inputs: () => [img([2, 4, 4, 4]), img([6, 2, 3, 3], 1), img([6], 2)],
    fn: (x, w, b) => F.conv2d(x, w, b, { groups: 2, padding: 1 }),
  },
  {
    name: 'conv2d padding same, even kernel',
    inputs: () => [img([1, 2, 4, 5]), img([2, 2, 2, 2], 1)],
    fn: (x, w) => F.conv2d(x, w, null, { padding: 'same' }),
  },
  { name: 'conv2d unbatched', inputs: () => [img([2, 4, 4]), img([3, 2, 3, 3], 1)], fn: (x, w) => F.conv2d(x, w) },

  { name: 'max_pool2d', inputs: () => [img([2, 2, 4, 6])], fn: (x) => F.max_pool2d(x, 2) },
  {
    name: 'max_pool2d stride padding dilation ceil',
    inputs: () => [img([1, 2, 7, 6])],
    fn: (x) => F.max_pool2d(x, 3, { stride: 2, padding: 1, dilation: [1, 2], ceil_mode: true }),
  },
  { name: 'max_pool2d unbatched', inputs: () => [img([2, 4, 4])], fn: (x) => F.max_pool2d(x, [2, 1]) },
  { name: 'avg_pool2d', inputs: () => [img([2, 2, 4, 6])], fn: (x) => F.avg_pool2d(x, 2) },
  {
    name: 'avg_pool2d padding exclude pad ceil',
    inputs: () => [img([1, 2, 7, 6])],
    fn: (x) => F.avg_pool2d(x, 3, { stride: 2, padding: 1, count_include_pad: false, ceil_mode: true }),
  },
  {
    name: 'avg_pool2d divisor_override',
    inputs: () => [img([1, 2, 4, 6])],
    fn: (x) => F.avg_pool2d(x, [2, 3], { divisor_override: 5 }),
  },

  {
    name: 'batch_norm training',
    inputs: () => [make([4, 3, 2]), make([3], { salt: 1 }), make([3], { salt: 2 })],
    fn: (x, w, b) => F.batch_norm(x, null, null, { weight: w, bias: b, training: true }),
  },
  {
    name: 'batch_norm eval',
    inputs: () => [make([4, 3]), make([3], { salt: 1 }), make([3], { salt: 2 })],
    fn: (x, w, b) =>
      F.batch_norm(
        x,
        torch.tensor([0.1, -0.2, 0.3], { dtype: torch.float64 }),
        torch.tensor([0.5, 1.5, 2.0], { dtype: torch.float64 }),
        { weight: w, bias: b },
      ),
  },
  {
    name: 'layer_norm',
    inputs: () => [make([2, 3, 4]), make([4], { salt: 1 }), make([4], { salt: 2 })],
    fn: (x, w, b) => F.layer_norm(x, [4], { weight: w, bias: b }),
  },
  { name: 'layer_norm no affine', inputs: () => [make([2, 3, 4])], fn: (x) => F.layer_norm(x, [3, 4]) },
  // padding_idx rows get no gradient by design (not the derivative), so the row uses none.
  {
    name: 'embedding',
    inputs: () => [make([5, 3])],
    fn: (w) =>
      F.embedding(
        long([
          [0, 2, 0],
          [4, 2, 1],
        ]),
        w,
      ),
  },
];
