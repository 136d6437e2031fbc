// Models and op cases shared by tests/onnx.test.ts: each nn module alone, ops through a small
// wrapper module, and the residual block of tests/oracle/onnx_export.py (same submodule names, so
// PyTorch's state_dict loads into it).

import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';

const { nn } = torch;
type T = Tensor;

/** A module whose forward is the given function (for op cases). */
export class Fn extends nn.Module {
  constructor(private readonly fn: (...xs: T[]) => T | T[]) {
    super();
  }
  forward(...xs: T[]): T | T[] {
    return this.fn(...xs);
  }
}

export class Residual extends nn.Module {
  conv1 = new nn.Conv2d(4, 4, 3, { padding: 1, bias: false });
  bn1 = new nn.BatchNorm2d(4);
  conv2 = new nn.Conv2d(4, 4, 3, { padding: 1, bias: false });
  bn2 = new nn.BatchNorm2d(4);
  pool = new nn.AvgPool2d(2);
  fc = new nn.Linear(4 * 4 * 4, 3);
  forward(x: T): T {
    let y = torch.relu(this.bn1.forward(this.conv1.forward(x)));
    y = this.bn2.forward(this.conv2.forward(y));
    y = torch.relu(y.add(x));
    return this.fc.forward(torch.flatten(this.pool.forward(y), 1));
  }
}

/** Batch-norm statistics and affine weights that make eval mode differ from the identity. */
export function randomizeNorms(model: torch.nn.Module): torch.nn.Module {
  torch.no_grad(() => {
    for (const m of model.modules()) {
      if (m instanceof nn.BatchNorm2d || m instanceof nn.BatchNorm1d) {
        m.weight?.uniform_(0.5, 1.5);
        m.bias?.uniform_(-0.5, 0.5);
        (m.running_mean as T).uniform_(-0.5, 0.5);
        (m.running_var as T).uniform_(0.5, 2.0);
      }
    }
  });
  return model;
}

export interface Case {
  name: string;
  model: () => torch.nn.Module;
  /** The inputs for a batch size. */
  inputs: (batch: number) => T[];
}

const randn =
  (...shape: number[]) =>
  (batch: number) => [torch.randn(batch, ...shape)];
const fn = (f: (x: T) => T | T[]) => () => new Fn(f);

/** Each module alone. */
export const MODULES: Case[] = [
  { name: 'Linear', model: () => new nn.Linear(6, 4), inputs: randn(6) },
  { name: 'Linear (3-d input)', model: () => new nn.Linear(6, 4), inputs: randn(3, 6) },
  { name: 'Linear (no bias)', model: () => new nn.Linear(6, 4, { bias: false }), inputs: randn(6) },
  { name: 'Conv2d', model: () => new nn.Conv2d(3, 8, 3), inputs: randn(3, 9, 9) },
  {
    name: 'Conv2d stride padding',
    model: () => new nn.Conv2d(4, 6, 3, { stride: 2, padding: 1 }),
    inputs: randn(4, 9, 8),
  },
  {
    name: 'Conv2d dilation groups',
    model: () => new nn.Conv2d(4, 6, 3, { dilation: 2, groups: 2, padding: 2 }),
    inputs: randn(4, 9, 9),
  },
  {
    name: "Conv2d padding='same'",
    model: () => new nn.Conv2d(2, 4, [3, 4], { padding: 'same' }),
    inputs: randn(2, 7, 8),
  },
  {
    name: 'Conv2d pairs',
    model: () => new nn.Conv2d(2, 3, [2, 3], { stride: [2, 1], padding: [1, 0] }),
    inputs: randn(2, 7, 8),
  },
  { name: 'MaxPool2d', model: () => new nn.MaxPool2d(2), inputs: randn(3, 8, 8) },
  {
    name: 'MaxPool2d stride padding',
    model: () => new nn.MaxPool2d(3, { stride: 2, padding: 1 }),
    inputs: randn(3, 9, 8),
  },
  { name: 'MaxPool2d ceil_mode', model: () => new nn.MaxPool2d(2, { ceil_mode: true }), inputs: randn(2, 7, 7) },
  { name: 'MaxPool2d dilation', model: () => new nn.MaxPool2d(2, { dilation: 2 }), inputs: randn(2, 8, 8) },
  { name: 'AvgPool2d', model: () => new nn.AvgPool2d(2), inputs: randn(3, 8, 8) },
  {
    name: 'AvgPool2d padding count_include_pad=False',
    model: () => new nn.AvgPool2d(3, { stride: 2, padding: 1, count_include_pad: false }),
    inputs: randn(2, 9, 8),
  },
  { name: 'BatchNorm2d (eval)', model: () => randomizeNorms(new nn.BatchNorm2d(4)), inputs: randn(4, 5, 5) },
  { name: 'BatchNorm1d (eval)', model: () => randomizeNorms(new nn.BatchNorm1d(5)), inputs: randn(5) },
  { name: 'LayerNorm', model: () => new nn.LayerNorm(6), inputs: randn(3, 6) },
  { name: 'LayerNorm 2 dims', model: () => new nn.LayerNorm([3, 6]), inputs: randn(3, 6) },
  {
    name: 'LayerNorm without affine',
    model: () => new nn.LayerNorm(6, { elementwise_affine: false }),
    inputs: randn(6),
  },
  { name: 'Dropout (eval)', model: () => new nn.Dropout(0.3), inputs: randn(7) },
  {
    name: 'Embedding',
    model: () => new nn.Embedding(10, 4),
    inputs: (b) => [torch.randint(0, 10, [b, 5])],
  },
  { name: 'ReLU', model: () => new nn.ReLU(), inputs: randn(7) },
  { name: 'ReLU inplace', model: () => new nn.ReLU(true), inputs: randn(7) },
  { name: 'GELU', model: () => new nn.GELU(), inputs: randn(7) },
  { name: 'GELU tanh', model: () => new nn.GELU('tanh'), inputs: randn(7) },
  { name: 'SiLU', model: () => new nn.SiLU(), inputs: randn(7) },
  { name: 'Sigmoid', model: () => new nn.Sigmoid(), inputs: randn(7) },
  { name: 'Tanh', model: () => new nn.Tanh(), inputs: randn(7) },
  { name: 'Softmax', model: () => new nn.Softmax(1), inputs: randn(7) },
  { name: 'LogSoftmax', model: () => new nn.LogSoftmax(-1), inputs: randn(3, 7) },
  { name: 'Flatten', model: () => new nn.Flatten(), inputs: randn(2, 3, 4) },
  { name: 'Identity', model: () => new nn.Identity(), inputs: randn(3) },
  {
    name: 'Linear float64',
    model: () => new nn.Linear(6, 4, { dtype: torch.float64 }),
    inputs: (b) => [torch.randn(b, 6, { dtype: torch.float64 })],
  },
];

const I64 = (data: number[]): T => torch.tensor(data, { dtype: torch.int64 });

/** Ops, each through a one-line forward. */
export const OPS: Case[] = [
  // shapes
  { name: 'view(size(0), -1)', model: fn((x) => x.view(x.size(0), -1)), inputs: randn(3, 4) },
  { name: 'reshape', model: fn((x) => x.reshape(x.size(0), 2, 6)), inputs: randn(3, 4) },
  { name: 'reshape(-1, 4)', model: fn((x) => x.reshape(-1, 4)), inputs: randn(3, 4) },
  { name: 'flatten(1)', model: fn((x) => x.flatten(1)), inputs: randn(3, 4) },
  { name: 'unflatten', model: fn((x) => x.unflatten(2, [2, 2])), inputs: randn(3, 4) },
  { name: 'squeeze/unsqueeze', model: fn((x) => x.unsqueeze(1).unsqueeze(-1).squeeze(-1)), inputs: randn(3, 4) },
  { name: 'permute', model: fn((x) => x.permute(0, 2, 1)), inputs: randn(3, 4) },
  { name: 'transpose', model: fn((x) => x.transpose(1, 2)), inputs: randn(3, 4) },
  { name: 'mT', model: fn((x) => x.mT), inputs: randn(3, 4) },
  { name: 'movedim', model: fn((x) => torch.movedim(x, 0, 2)), inputs: randn(3, 4) },
  { name: 'cat', model: fn((x) => torch.cat([x, x.mul(2)], 1)), inputs: randn(3, 4) },
  { name: 'stack', model: fn((x) => torch.stack([x, x.neg()], -1)), inputs: randn(3, 4) },
  { name: 'split', model: fn((x) => x.split(3, 2)), inputs: randn(3, 5) },
  { name: 'split sizes', model: fn((x) => x.split([1, 2], 1)), inputs: randn(3, 5) },
  { name: 'chunk', model: fn((x) => x.chunk(2, 2)), inputs: randn(3, 4) },
  { name: 'unbind', model: fn((x) => x.unbind(1)), inputs: randn(3, 4) },
  { name: 'expand', model: fn((x) => x.index(':', ':', ':', null).expand(-1, 3, 4, 2)), inputs: randn(3, 4) },
  { name: 'repeat', model: fn((x) => x.repeat(2, 1, 3)), inputs: randn(3, 4) },
  { name: 'flip', model: fn((x) => x.flip(1, 2)), inputs: randn(3, 4) },
  { name: 'tril/triu', model: fn((x) => x.tril().add(x.triu(1).mul(3))), inputs: randn(4, 4) },
  // slicing and indexing
  { name: 'index slices', model: fn((x) => x.index(':', '1:3', '::2')), inputs: randn(3, 4) },
  { name: 'index negative', model: fn((x) => x.index('...', -1)), inputs: randn(3, 4) },
  { name: 'index None', model: fn((x) => x.index(null, ':', 0)), inputs: randn(3, 4) },
  { name: 'index tensor', model: fn((x) => x.index(':', I64([2, 0, 2]))), inputs: randn(3, 4) },
  { name: 'select', model: fn((x) => x.select(1, 1)), inputs: randn(3, 4) },
  { name: 'narrow', model: fn((x) => x.narrow(2, 1, 2)), inputs: randn(3, 4) },
  { name: 'index_select', model: fn((x) => x.index_select(2, I64([3, 1]))), inputs: randn(3, 4) },
  { name: 'gather', model: fn((x) => x.gather(1, x.argmax(1, true))), inputs: randn(3, 4) },
  // arithmetic and math
  { name: 'add sub mul div', model: fn((x) => x.add(1).mul(x).sub(0.5).div(x.abs().add(1))), inputs: randn(3, 4) },
  { name: 'add alpha, rsub', model: fn((x) => torch.add(x, x, { alpha: 2 }).rsub(1)), inputs: randn(3, 4) },
  { name: 'pow', model: fn((x) => x.pow(2).add(x.abs().pow(x.abs()))), inputs: randn(3, 4) },
  {
    name: 'exp log sqrt rsqrt',
    model: fn((x) => x.exp().add(x.abs().add(1).log()).add(x.abs().sqrt()).add(x.abs().add(1).rsqrt())),
    inputs: randn(3, 4),
  },
  {
    name: 'trig',
    model: fn((x) => x.sin().add(x.cos()).add(x.tanh()).add(x.sigmoid()).add(x.atan())),
    inputs: randn(3, 4),
  },
  {
    name: 'abs neg sign reciprocal',
    model: fn((x) => x.abs().neg().add(x.sign()).add(x.add(5).reciprocal())),
    inputs: randn(3, 4),
  },
  {
    name: 'clamp',
    model: fn((x) =>
      x
        .clamp(-0.5, 0.5)
        .add(x.clamp_min(0))
        .add(torch.clamp(x, { max: 0.2 })),
    ),
    inputs: randn(3, 4),
  },
  {
    name: 'maximum minimum',
    model: fn((x) => torch.maximum(x, x.neg()).add(torch.minimum(x, x.mul(0.5)))),
    inputs: randn(3, 4),
  },
  {
    name: 'floor ceil round trunc frac',
    model: fn((x) =>
      x.mul(3).floor().add(x.mul(3).ceil()).add(x.mul(3).round()).add(x.mul(3).trunc()).add(x.mul(3).frac()),
    ),
    inputs: randn(3, 4),
  },
  {
    name: 'log1p expm1 log2 square',
    model: fn((x) => x.abs().log1p().add(x.expm1()).add(x.abs().add(1).log2()).add(x.square())),
    inputs: randn(3, 4),
  },
  {
    name: 'remainder fmod floor-div',
    model: fn((x) =>
      x
        .remainder(0.7)
        .add(x.fmod(0.7))
        .add(x.mul(5).div(2, { rounding_mode: 'floor' })),
    ),
    inputs: randn(3, 4),
  },
  {
    name: 'integer div remainder',
    model: fn((x) => {
      const n = x.mul(10).long();
      return [n.div(3, { rounding_mode: 'floor' }), n.div(-3, { rounding_mode: 'trunc' }), n.remainder(4), n.div(4)];
    }),
    inputs: randn(3, 4),
  },
  { name: 'erf', model: fn((x) => torch.erf(x)), inputs: randn(3, 4) },
  // where and comparisons
  { name: 'where', model: fn((x) => torch.where(x.gt(0), x, x.mul(-0.1))), inputs: randn(3, 4) },
  { name: 'where scalar', model: fn((x) => torch.where(x.lt(0), 0, x)), inputs: randn(3, 4) },
  { name: 'masked_fill', model: fn((x) => x.masked_fill(x.lt(0), -1)), inputs: randn(3, 4) },
  {
    name: 'comparisons',
    model: fn((x) => [x.gt(0), x.ge(0.5), x.lt(-0.5), x.le(0), x.eq(x.round()), x.ne(0)]),
    inputs: randn(3, 4),
  },
  {
    name: 'logical',
    model: fn((x) => torch.logical_and(x.gt(0), x.lt(1)).logical_or(x.lt(-1)).logical_not()),
    inputs: randn(3, 4),
  },
  // reductions
  { name: 'sum', model: fn((x) => [x.sum(), x.sum(1), x.sum([1, 2], true)]), inputs: randn(3, 4) },
  { name: 'mean', model: fn((x) => [x.mean(), x.mean(-1), x.mean([0, 2], true)]), inputs: randn(3, 4) },
  {
    name: 'max min',
    model: fn((x) => {
      const m = x.max(1);
      return [x.max(), m.values, m.indices, x.min(2, true).values, x.amax(-1)];
    }),
    inputs: randn(3, 4),
  },
  { name: 'argmax argmin', model: fn((x) => [x.argmax(1), x.argmin(-1, true), x.argmax()]), inputs: randn(3, 4) },
  { name: 'prod logsumexp', model: fn((x) => [x.prod(1), x.logsumexp(2)]), inputs: randn(3, 4) },
  {
    name: 'var std',
    model: fn((x) => [x.var(1), x.std(), x.var(2, { correction: 0, keepdim: true })]),
    inputs: randn(3, 4),
  },
  { name: 'norm', model: fn((x) => [x.norm(), torch.norm(x, 1, 2)]), inputs: randn(3, 4) },
  { name: 'cumsum', model: fn((x) => x.cumsum(2)), inputs: randn(3, 4) },
  { name: 'all any', model: fn((x) => [x.gt(-3).all(), x.gt(1).any(1)]), inputs: randn(3, 4) },
  // products, activations, functional layers
  { name: 'matmul batched', model: fn((x) => x.matmul(x.mT)), inputs: randn(3, 4) },
  { name: 'bmm', model: fn((x) => torch.bmm(x, x.transpose(1, 2))), inputs: randn(3, 4) },
  {
    name: 'mm addmm',
    model: fn((x) => torch.addmm(x, x, torch.ones(4, 4), { beta: 0.5, alpha: 2 }).add(x.mm(torch.eye(4)))),
    inputs: randn(4),
  },
  {
    name: 'softmax log_softmax',
    model: fn((x) => [torch.softmax(x, -1), torch.nn.functional.log_softmax(x, 1)]),
    inputs: randn(3, 4),
  },
  {
    name: 'F.gelu F.silu',
    model: fn((x) => torch.nn.functional.gelu(x).add(torch.nn.functional.silu(x))),
    inputs: randn(3, 4),
  },
  {
    name: 'zeros_like ones_like',
    model: fn((x) => x.add(torch.ones_like(x)).add(torch.zeros_like(x))),
    inputs: randn(3, 4),
  },
  { name: 'casts', model: fn((x) => x.gt(0).float().add(x.double()).add(x.mul(4).long())), inputs: randn(3, 4) },
  {
    name: 'constant tensor',
    model: fn((x) => x.mul(torch.arange(4)).add(torch.tensor([1, 2, 3, 4]))),
    inputs: randn(3, 4),
  },
  { name: 'in-place on a constant', model: fn((x) => torch.ones(3, 4).mul_(2).add_(x.sum(0))), inputs: randn(3, 4) },
  { name: 'in-place on the input', model: fn((x) => x.mul_(2).relu_()), inputs: randn(3, 4) },
  {
    name: 'two inputs, an output twice',
    model: () =>
      new Fn((x, y) => {
        const z = x.matmul(y.mT);
        return [z, z, x];
      }),
    inputs: (b) => [torch.randn(b, 3, 4), torch.randn(b, 5, 4)],
  },
];
