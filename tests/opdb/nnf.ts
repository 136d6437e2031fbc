// Op-database rows for the torch.nn.functional ops composed in src/ops/activation.ts,
// distance.ts, loss_composite.ts and resample.ts. Inputs from make() are distinct and away from
// the activations' kinks (0, ±1, ±3, 6) by more than gradcheck's step, and adaptive max pooling's
// windows have no ties.

import * as torch from '../../src/index.js';
import { make } from './inputs.js';
import type { OpSample } from './types.js';

const F = torch.nn.functional;

const unary = (name: string, fn: (x: torch.Tensor) => torch.Tensor, lo = -2, hi = 2): OpSample => ({
  name,
  inputs: () => [make([3, 4], { lo, hi })],
  fn,
});

const activationRows: OpSample[] = [
  unary('leaky_relu', (x) => F.leaky_relu(x, 0.2)),
  unary('elu', (x) => F.elu(x, 1.5)),
  unary('selu', (x) => F.selu(x)),
  unary('celu', (x) => F.celu(x, { alpha: 0.7 })),
  unary('softplus beta threshold', (x) => F.softplus(x, 2, 3)),
  unary('softsign', (x) => F.softsign(x)),
  unary('hardtanh', (x) => F.hardtanh(x, -0.5, 1.5)),
  unary('relu6', (x) => F.relu6(x), -2, 8),
  unary('hardsigmoid', (x) => F.hardsigmoid(x), -4, 4),
  unary('hardswish', (x) => F.hardswish(x), -4, 4),
  unary('mish', (x) => F.mish(x)),
  unary('logsigmoid', (x) => F.logsigmoid(x), -25, 25),
  unary('tanhshrink', (x) => F.tanhshrink(x)),
  unary('softmin dim 1', (x) => F.softmin(x, 1)),
  unary('glu dim 1', (x) => F.glu(x, 1)),
];

const padRows: OpSample[] = (['constant', 'reflect', 'replicate', 'circular'] as const).map((mode) => ({
  name: `pad ${mode}`,
  inputs: () => [make([1, 2, 3, 4])],
  fn: (x) => F.pad(x, [2, 1, 1, 2], mode),
}));

const distanceRows: OpSample[] = [
  { name: 'normalize', inputs: () => [make([3, 4])], fn: (x) => F.normalize(x) },
  { name: 'normalize p=1 dim 0', inputs: () => [make([3, 4])], fn: (x) => F.normalize(x, 1, 0) },
  {
    name: 'cosine_similarity',
    inputs: () => [make([3, 4]), make([3, 4], { salt: 1 })],
    fn: (a, b) => F.cosine_similarity(a, b),
  },
  {
    name: 'pairwise_distance',
    inputs: () => [make([3, 4]), make([3, 4], { salt: 1 })],
    fn: (a, b) => F.pairwise_distance(a, b),
  },
];

const target = (): torch.Tensor => make([4, 3], { lo: 0.1, hi: 0.9, salt: 2 });

const lossRows: OpSample[] = [
  {
    name: 'smooth_l1_loss beta',
    inputs: () => [make([4, 3]), make([4, 3], { salt: 1 })],
    fn: (a, b) => F.smooth_l1_loss(a, b, { beta: 0.5 }),
  },
  {
    name: 'huber_loss delta sum',
    inputs: () => [make([4, 3]), make([4, 3], { salt: 1 })],
    fn: (a, b) => F.huber_loss(a, b, 'sum', 0.7),
  },
  {
    name: 'kl_div batchmean',
    inputs: () => [make([4, 3]).log_softmax(1), target()],
    fn: (x, t) => F.kl_div(x, t, { reduction: 'batchmean' }),
  },
  {
    name: 'kl_div log_target none',
    inputs: () => [make([4, 3]), make([4, 3], { salt: 3 })],
    fn: (x, t) => F.kl_div(x, t, { reduction: 'none', log_target: true }),
  },
  {
    name: 'soft_margin_loss',
    // Not differentiable in the target, as in PyTorch.
    inputs: () => [make([4, 3]), make([4, 3], { salt: 1, grad: false })],
    fn: (x, y) => F.soft_margin_loss(x, y),
  },
];

const resampleRows: OpSample[] = [
  { name: 'adaptive_avg_pool2d 3', inputs: () => [make([1, 2, 5, 7])], fn: (x) => F.adaptive_avg_pool2d(x, 3) },
  {
    name: 'adaptive_avg_pool2d (2, 4) 3-D',
    inputs: () => [make([2, 5, 7])],
    fn: (x) => F.adaptive_avg_pool2d(x, [2, 4]),
  },
  { name: 'adaptive_max_pool2d', inputs: () => [make([1, 2, 5, 7])], fn: (x) => F.adaptive_max_pool2d(x, [2, 3]) },
  {
    name: 'interpolate nearest',
    inputs: () => [make([1, 2, 3, 4])],
    fn: (x) => F.interpolate(x, { scale_factor: 1.5 }),
  },
  ...[false, true].map((align_corners): OpSample => ({
    name: `interpolate bilinear align_corners=${align_corners}`,
    inputs: () => [make([1, 2, 3, 4])],
    fn: (x) => F.interpolate(x, { size: [5, 6], mode: 'bilinear', align_corners }),
  })),
  {
    name: 'interpolate linear',
    inputs: () => [make([2, 3, 4])],
    fn: (x) => F.interpolate(x, { size: 7, mode: 'linear' }),
  },
];

const moreRows: OpSample[] = [
  unary('threshold', (x) => F.threshold(x, 0.5, -1.5)),
  unary('hardshrink', (x) => F.hardshrink(x, 0.7)),
  unary('softshrink', (x) => F.softshrink(x, 0.7)),
  {
    name: 'prelu per channel',
    inputs: () => [make([2, 3, 4]), make([3], { salt: 4 })],
    fn: (x, w) => F.prelu(x, w),
  },
  {
    name: 'conv1d stride padding groups',
    inputs: () => [make([2, 4, 7]), make([6, 2, 3], { salt: 5 }), make([6], { salt: 6 })],
    fn: (x, w, b) => F.conv1d(x, w, b, 2, 1, 1, 2),
  },
  { name: 'max_pool1d', inputs: () => [make([2, 3, 8])], fn: (x) => F.max_pool1d(x, 3, 2, 1) },
  { name: 'avg_pool1d', inputs: () => [make([2, 3, 8])], fn: (x) => F.avg_pool1d(x, 3, 2, 1) },
  { name: 'adaptive_avg_pool1d', inputs: () => [make([2, 3, 8])], fn: (x) => F.adaptive_avg_pool1d(x, 3) },
  {
    name: 'group_norm affine',
    inputs: () => [make([2, 4, 3]), make([4], { lo: 0.5, hi: 1.5, salt: 7 }), make([4], { salt: 8 })],
    fn: (x, w, b) => F.group_norm(x, 2, w, b),
  },
];

const foldRows: OpSample[] = [
  {
    name: 'unfold',
    inputs: () => [make([2, 2, 4, 5])],
    fn: (x) => F.unfold(x, [2, 3], { padding: 1, stride: [2, 1] }),
  },
  {
    name: 'fold',
    inputs: () => [make([2, 8, 12])],
    fn: (x) => F.fold(x, [4, 5], 2),
  },
];

// The tutorials' additions (src/ops/conv_transpose.ts, src/ops/nn2.ts).
const idx = (...v: number[]): torch.Tensor => torch.tensor(v, { dtype: torch.int64 });
const nn2Rows: OpSample[] = [
  {
    name: 'conv_transpose2d stride padding output_padding groups',
    inputs: () => [make([2, 4, 3, 3]), make([4, 1, 3, 2], { salt: 5 }), make([2], { salt: 6 })],
    fn: (x, w, b) => F.conv_transpose2d(x, w, b, 2, 1, 1, 2),
  },
  {
    name: 'conv_transpose2d dilation',
    inputs: () => [make([1, 2, 3, 4]), make([2, 3, 2, 2], { salt: 5 })],
    fn: (x, w) => F.conv_transpose2d(x, w, null, { dilation: 2, stride: [1, 2] }),
  },
  {
    name: 'conv_transpose1d',
    inputs: () => [make([2, 3, 5]), make([3, 2, 3], { salt: 5 }), make([2], { salt: 6 })],
    fn: (x, w, b) => F.conv_transpose1d(x, w, b, 2, 1, 1),
  },
  {
    name: 'instance_norm affine',
    inputs: () => [make([2, 3, 4]), make([3], { lo: 0.5, hi: 1.5, salt: 7 }), make([3], { salt: 8 })],
    fn: (x, w, b) => F.instance_norm(x, null, null, w, b),
  },
  { name: 'local_response_norm', inputs: () => [make([2, 4, 3])], fn: (x) => F.local_response_norm(x, 3, 0.1) },
  {
    name: 'bilinear',
    inputs: () => [make([3, 2]), make([3, 4], { salt: 1 }), make([2, 2, 4], { salt: 2 }), make([2], { salt: 3 })],
    fn: (a, b, w, bias) => F.bilinear(a, b, w, bias),
  },
  { name: 'pixel_shuffle', inputs: () => [make([1, 8, 2, 3])], fn: (x) => F.pixel_shuffle(x, 2) },
  { name: 'pixel_unshuffle', inputs: () => [make([1, 2, 4, 2])], fn: (x) => F.pixel_unshuffle(x, 2) },
  { name: 'channel_shuffle', inputs: () => [make([2, 6, 2])], fn: (x) => F.channel_shuffle(x, 3) },
  ...(['sum', 'mean', 'max'] as const).map((mode): OpSample => ({
    name: `embedding_bag ${mode}`,
    inputs: () => [make([6, 3])],
    fn: (w) => F.embedding_bag(idx(1, 2, 4, 5, 4, 3), w, idx(0, 2), { mode }),
  })),
  {
    name: 'embedding_bag per_sample_weights',
    inputs: () => [make([6, 3]), make([6], { salt: 1 })],
    fn: (w, psw) =>
      F.embedding_bag(idx(1, 2, 4, 5, 4, 3), w, idx(0, 2), {
        mode: 'sum',
        per_sample_weights: psw,
      }),
  },
  {
    name: 'margin_ranking_loss',
    inputs: () => [make([5]), make([5], { salt: 1 })],
    fn: (a, b) => F.margin_ranking_loss(a, b, torch.tensor([1, -1, 1, -1, 1]), { margin: 0.1 }),
  },
  {
    name: 'hinge_embedding_loss',
    inputs: () => [make([5])],
    fn: (a) => F.hinge_embedding_loss(a, torch.tensor([1, -1, 1, -1, 1])),
  },
  {
    name: 'cosine_embedding_loss',
    inputs: () => [make([3, 4]), make([3, 4], { salt: 1 })],
    fn: (a, b) => F.cosine_embedding_loss(a, b, torch.tensor([1, -1, -1]), { margin: -0.9 }),
  },
  {
    name: 'multilabel_soft_margin_loss',
    inputs: () => [make([2, 3])],
    fn: (x) =>
      F.multilabel_soft_margin_loss(
        x,
        torch.tensor([
          [1, 0, 1],
          [0, 1, 1],
        ]),
      ),
  },
  {
    name: 'multi_margin_loss p=2',
    inputs: () => [make([3, 4])],
    fn: (x) => F.multi_margin_loss(x, idx(0, 3, 1), { p: 2, margin: 3 }),
  },
  {
    name: 'multilabel_margin_loss',
    inputs: () => [make([2, 4])],
    fn: (x) =>
      F.multilabel_margin_loss(
        x,
        torch.tensor(
          [
            [2, 0, -1, 1],
            [3, -1, 0, 0],
          ],
          { dtype: torch.int64 },
        ),
        { reduction: 'none' },
      ),
  },
  {
    name: 'poisson_nll_loss',
    inputs: () => [make([3, 4])],
    fn: (x) => F.poisson_nll_loss(x, make([3, 4], { lo: 0, hi: 3, salt: 4 })),
  },
  {
    name: 'gaussian_nll_loss',
    inputs: () => [make([3, 4]), make([3, 4], { salt: 1 }), make([3, 4], { lo: 0.5, hi: 2, salt: 2 })],
    fn: (x, t, v) => F.gaussian_nll_loss(x, t, v),
  },
  {
    name: 'triplet_margin_loss swap',
    inputs: () => [make([3, 4]), make([3, 4], { salt: 1 }), make([3, 4], { salt: 2 })],
    fn: (a, p, n) => F.triplet_margin_loss(a, p, n, { margin: 5, swap: true }),
  },
];

export const rows: OpSample[] = [
  ...nn2Rows,
  ...activationRows,
  ...padRows,
  ...distanceRows,
  ...lossRows,
  ...resampleRows,
  ...foldRows,
  ...moreRows,
];
