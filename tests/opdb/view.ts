// Op-database rows for view and shape ops (src/ops/view.ts). Multi-output ops (unbind, split,
// chunk) return every piece so each one's backward is checked.

import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { make, transposed } from './inputs.js';
import type { OpSample } from './types.js';

const row = (name: string, shape: number[], fn: (x: Tensor) => Tensor | Tensor[]): OpSample => ({
  name,
  inputs: () => [make(shape)],
  fn,
});

export const rows: OpSample[] = [
  row('view [2, 3, 4] -> [6, -1]', [2, 3, 4], (x) => x.view(6, -1)),
  row('view 0-d -> [1]', [], (x) => x.view(1)),
  { name: 'view transposed', inputs: () => [transposed([3, 4])], fn: (x) => x.view(3, 2, 2) },
  row('view_as', [2, 6], (x) => x.view_as(torch.zeros(3, 4))),
  row('reshape (alias)', [2, 3, 4], (x) => x.reshape(4, 6)),
  { name: 'reshape (copy)', inputs: () => [transposed([3, 4])], fn: (x) => x.reshape(-1) },
  { name: 'reshape_as (copy)', inputs: () => [transposed([3, 4])], fn: (x) => x.reshape_as(torch.zeros(2, 6)) },
  row('flatten', [2, 3, 4], (x) => x.flatten()),
  row('flatten 1..2', [2, 3, 4, 2], (x) => x.flatten(1, 2)),
  row('unflatten', [2, 6], (x) => x.unflatten(1, [3, -1])),
  row('squeeze', [2, 1, 3, 1], (x) => x.squeeze()),
  row('squeeze dim', [2, 1, 3], (x) => x.squeeze(1)),
  row('squeeze dims', [1, 2, 1, 3], (x) => x.squeeze([0, 2])),
  row('unsqueeze', [2, 3], (x) => x.unsqueeze(1)),
  row('unsqueeze 0-d', [], (x) => x.unsqueeze(0)),
  row('transpose', [2, 3, 4], (x) => x.transpose(0, 2)),
  { name: 't', inputs: () => [transposed([3, 4])], fn: (x) => x.t() },
  row('t 1-d', [4], (x) => x.t()),
  row('T', [3, 4], (x) => x.T),
  row('mT', [2, 3, 4], (x) => x.mT),
  row('permute', [2, 3, 4], (x) => x.permute(2, 0, 1)),
  row('movedim', [2, 3, 4, 2], (x) => x.movedim([0, 1], [3, 0])),
  row('movedim 0-d (alias)', [], (x) => x.movedim(0, 0)),
  row('expand', [3, 1], (x) => x.expand(2, 3, 4)),
  row('expand 0-d', [], (x) => x.expand(3, 2)),
  row('expand_as', [1, 4], (x) => x.expand_as(torch.zeros(3, 4))),
  row('select', [3, 4], (x) => x.select(1, -1)),
  row('select to 0-d', [4], (x) => x.select(0, 2)),
  row('narrow', [3, 5], (x) => x.narrow(1, 1, 3)),
  { name: 'narrow transposed', inputs: () => [transposed([4, 3])], fn: (x) => x.narrow(0, 1, 2) },
  row('as_strided', [3, 4], (x) => x.as_strided([2, 3], [4, 1], 1)),
  row('as_strided overlapping', [6], (x) => x.as_strided([3, 3], [1, 1])),
  { name: 'as_strided transposed', inputs: () => [transposed([3, 4])], fn: (x) => x.as_strided([2, 2], [3, 1], 2) },
  row('as_strided of expanded', [3, 1], (x) => x.expand(3, 2).as_strided([3], [1], 0)),
  row('diagonal', [3, 4], (x) => x.diagonal()),
  row('diagonal offset 3-d', [2, 3, 4], (x) => x.diagonal(-1, 2, 1)),
  row('unbind', [3, 4], (x) => x.unbind(1)),
  row('split', [5, 3], (x) => x.split(2)),
  row('split sizes', [2, 6], (x) => x.split([1, 3, 2], 1)),
  row('chunk', [7, 2], (x) => x.chunk(3)),
  row('unbind partial use', [3, 2], (x) => x.unbind(0)[1]),
  { name: 'contiguous', inputs: () => [transposed([3, 4])], fn: (x) => x.contiguous() },
  { name: 'clone', inputs: () => [transposed([3, 4])], fn: (x) => x.clone() },
  row('view chain', [2, 3, 4], (x) => x.permute(1, 0, 2).select(2, 1).unsqueeze(0).expand(2, 3, 2)),
];
