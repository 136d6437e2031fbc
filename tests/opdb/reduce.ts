// Op-database rows for reductions, scans and softmax (src/ops/reduce.ts, minmax.ts, moments.ts,
// norm.ts, scan.ts, softmax.ts). Inputs from make() are distinct and away from 0 unless a row is
// about ties or zeros; extrema rows rely on a unique extremum (finite differences cross no kink).

import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { make, transposed } from './inputs.js';
import type { OpSample } from './types.js';

const f64 = (data: number[] | number[][]): Tensor => torch.tensor(data, { dtype: torch.float64, requires_grad: true });

/** One row per input layout: a [3, 4] matrix, a transposed (non-contiguous) one, and a 0-d tensor. */
const layouts = (
  name: string,
  fn: (x: Tensor) => Tensor | Tensor[],
  opts?: { lo?: number; hi?: number; scalar?: boolean },
): OpSample[] => {
  const rows: OpSample[] = [
    { name: `${name} [3, 4]`, inputs: () => [make([3, 4], opts)], fn },
    { name: `${name} transposed`, inputs: () => [transposed([4, 3], opts)], fn },
  ];
  if (opts?.scalar !== false) rows.push({ name: `${name} 0-d`, inputs: () => [make([], opts)], fn });
  return rows;
};

const positive = { lo: 0.5, hi: 2 };

export const rows: OpSample[] = [
  ...layouts('sum', (x) => x.sum()),
  ...layouts('sum dim=1 keepdim', (x) => x.sum(1, true), { scalar: false }),
  { name: 'sum dims [0, 2] of [2, 3, 4]', inputs: () => [make([2, 3, 4])], fn: (x) => x.sum([0, 2]) },
  ...layouts('mean', (x) => x.mean()),
  ...layouts('mean dim=-1', (x) => x.mean(-1), { scalar: false }),
  ...layouts('nansum dim=0', (x) => x.nansum(0)),
  ...layouts('nanmean', (x) => x.nanmean()),

  ...layouts('prod', (x) => x.prod(), positive),
  ...layouts('prod dim=-1', (x) => x.prod(-1), { lo: -2, hi: -0.5 }),
  { name: 'prod dim=0 keepdim', inputs: () => [make([3, 4], positive)], fn: (x) => x.prod(0, true) },
  { name: 'prod with one zero', inputs: () => [f64([1.5, 0, -2, 0.5])], fn: (x) => x.prod() },
  { name: 'prod with two zeros', inputs: () => [f64([1.5, 0, -2, 0])], fn: (x) => x.prod() },
  {
    name: 'prod dim with zeros',
    inputs: () => [
      f64([
        [0, 2, 3],
        [4, 0, 0],
        [1, 2, 0.5],
      ]),
    ],
    fn: (x) => x.prod(1),
  },

  ...layouts('max', (x) => x.max()),
  ...layouts('min', (x) => x.min()),
  ...layouts('max dim=-1 values', (x) => x.max(-1).values),
  ...layouts('min dim=0 keepdim values', (x) => x.min(0, true).values),
  ...layouts('amax dims [0, 1]', (x) => x.amax([0, 1]), { scalar: false }),
  ...layouts('amax dim=1', (x) => x.amax(1), { scalar: false }),
  ...layouts('amin dim=-1 keepdim', (x) => x.amin(-1, true), { scalar: false }),

  ...layouts('sort dim=-1 values', (x) => x.sort(-1).values),
  ...layouts('sort dim=0 descending values', (x) => x.sort(0, true).values),
  ...layouts('msort', (x) => torch.msort(x), { scalar: false }),
  ...layouts('topk k=2 values', (x) => x.topk(2).values, { scalar: false }),
  ...layouts('topk k=2 dim=0 smallest values', (x) => x.topk(2, 0, false).values, { scalar: false }),
  ...layouts('kthvalue k=2 values', (x) => x.kthvalue(2).values, { scalar: false }),
  ...layouts('kthvalue k=1 dim=0 keepdim values', (x) => x.kthvalue(1, 0, true).values),
  ...layouts('median', (x) => x.median()),
  ...layouts('median dim=1 values', (x) => x.median(1).values, { scalar: false }),
  ...layouts('nanmedian dim=0 keepdim values', (x) => x.nanmedian(0, true).values),

  ...layouts('var', (x) => x.var(), { scalar: false }),
  ...layouts('var dim=1 unbiased=false keepdim', (x) => x.var(1, false, true), { scalar: false }),
  ...layouts('std', (x) => x.std(), { scalar: false }),
  ...layouts('std dim=0', (x) => x.std(0), { scalar: false }),
  ...layouts('std dim=1 correction=0', (x) => x.std(1, { correction: 0 }), { scalar: false }),
  { name: 'var dims [0, 2] of [2, 3, 4]', inputs: () => [make([2, 3, 4])], fn: (x) => x.var([0, 2]) },
  { name: 'var 0-d unbiased=false', inputs: () => [make([])], fn: (x) => x.var(false) },
  { name: 'var_mean dim=1', inputs: () => [make([3, 4])], fn: (x) => torch.var_mean(x, 1) },
  { name: 'std_mean', inputs: () => [make([3, 4])], fn: (x) => torch.std_mean(x) },

  ...layouts('norm', (x) => x.norm()),
  ...layouts('norm p=1', (x) => x.norm(1)),
  ...layouts('norm p=3 dim=1', (x) => x.norm(3, 1), { scalar: false }),
  ...layouts('norm p=1.5 dim=0 keepdim', (x) => x.norm(1.5, 0, true), { scalar: false }),
  ...layouts('norm p=0.5', (x) => x.norm(0.5), positive),
  ...layouts('norm p=-1 dim=1', (x) => x.norm(-1, 1), { ...positive, scalar: false }),
  ...layouts('norm p=inf', (x) => x.norm(Infinity)),
  ...layouts('norm p=-inf dim=1', (x) => x.norm(-Infinity, 1), { scalar: false }),
  { name: 'norm p=0', inputs: () => [make([3, 4])], fn: (x) => x.norm(0) },
  { name: "norm 'fro' dims [0, 1]", inputs: () => [make([3, 4])], fn: (x) => x.norm('fro', [0, 1]) },
  {
    name: 'norm dtype float64 of float64',
    inputs: () => [make([3, 4])],
    fn: (x) => x.norm(2, 1, false, torch.float64),
  },

  ...layouts('logsumexp dim=-1', (x) => x.logsumexp(-1)),
  ...layouts('logsumexp dims [0, 1] keepdim', (x) => x.logsumexp([0, 1], true), { scalar: false }),

  ...layouts('cumsum dim=-1', (x) => x.cumsum(-1)),
  ...layouts('cumsum dim=0', (x) => x.cumsum(0), { scalar: false }),
  ...layouts('cumprod dim=-1', (x) => x.cumprod(-1), { lo: 0.5, hi: 1.5 }),
  ...layouts('cumprod dim=0', (x) => x.cumprod(0), { lo: -1.5, hi: -0.5, scalar: false }),
  {
    name: 'cumprod with zeros',
    inputs: () => [
      f64([
        [0, 2, 3, 0.5],
        [4, 0, 0, 2],
        [1, 2, 0.5, 0],
      ]),
    ],
    fn: (x) => x.cumprod(1),
  },

  ...layouts('softmax dim=-1', (x) => x.softmax(-1)),
  ...layouts('softmax dim=0', (x) => x.softmax(0), { scalar: false }),
  ...layouts('log_softmax dim=-1', (x) => x.log_softmax(-1)),
  ...layouts('log_softmax dim=0', (x) => x.log_softmax(0), { scalar: false }),
  { name: 'F.softmax dim=-1', inputs: () => [make([2, 3, 4])], fn: (x) => torch.nn.functional.softmax(x, -1) },
  {
    name: 'F.log_softmax dtype float64',
    inputs: () => [make([3, 4])],
    fn: (x) => torch.nn.functional.log_softmax(x, { dim: 1, dtype: torch.float64 }),
  },
];
