// Op-database rows for indexing, joining, gather/scatter and rearranging ops
// (src/ops/indexing.ts and its family). Non-accumulating writes (scatter, index_put, setitem)
// use distinct indices: where two sources land on one place, only the last one has a gradient.

import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { make, transposed } from './inputs.js';
import type { OpSample } from './types.js';

const long = (data: number[] | number[][]): Tensor => torch.tensor(data, { dtype: torch.int64 });
const mask = (data: boolean[] | boolean[][]): Tensor => torch.tensor(data);

export const rows: OpSample[] = [
  // x[...]: basic items are views, tensor items advanced indexing (IndexBackward0).
  { name: 'index int, slice', inputs: () => [make([3, 4])], fn: (x) => x.index(1, '1::2') },
  { name: 'index None, ellipsis', inputs: () => [make([3, 4])], fn: (x) => x.index(null, '...', -1) },
  { name: 'index long', inputs: () => [make([3, 4])], fn: (x) => x.index(long([2, 0, 2])) },
  {
    name: 'index long 2-d negative',
    inputs: () => [make([3, 4])],
    fn: (x) =>
      x.index(
        ':',
        long([
          [-1, 0],
          [1, 1],
        ]),
      ),
  },
  { name: 'index adjacent pair', inputs: () => [make([2, 3, 4])], fn: (x) => x.index(':', long([0, 2, 2]), long([1])) },
  { name: 'index split pair', inputs: () => [make([2, 3, 4])], fn: (x) => x.index(long([1, 0]), ':', long([3, 3])) },
  { name: 'index mask', inputs: () => [make([3, 4])], fn: (x) => x.index(mask([true, false, true])) },
  {
    name: 'index 2-d mask transposed',
    inputs: () => [transposed([3, 2])],
    fn: (x) =>
      x.index(
        mask([
          [true, false],
          [false, true],
          [true, true],
        ]),
      ),
  },
  { name: 'index list and bool', inputs: () => [make([3, 4])], fn: (x) => x.index([0, 2], true) },
  // index_put / x[...] = v
  {
    name: 'index_put values',
    inputs: () => [make([3, 4]), make([4], { salt: 1 })],
    fn: (x, v) => torch.index_put(x, [long([2, 0])], v),
  },
  {
    name: 'index_put accumulate repeated',
    inputs: () => [make([3, 4]), make([3, 4], { salt: 1 })],
    fn: (x, v) => x.index_put([long([1, 1, 0])], v, true),
  },
  {
    name: 'setitem advanced on clone',
    inputs: () => [make([3, 4]), make([2], { salt: 1 })],
    fn: (x, v) => x.clone().index_put_([':', long([3, 0])], v.unsqueeze(0)),
  },
  {
    name: 'setitem mask with number',
    inputs: () => [make([3, 4])],
    fn: (x) => x.clone().index_put_([mask([false, true, true])], 0.5),
  },
  {
    name: 'setitem basic (CopySlices)',
    inputs: () => [make([3, 4]), make([4], { salt: 1 })],
    fn: (x, v) => x.mul(1).index_put_([1], v),
  },
  {
    name: 'setitem 0-d value (FillBackward3)',
    inputs: () => [make([3, 4]), make([], { salt: 1 })],
    fn: (x, v) => x.mul(1).index_put_(['...'], v),
  },
  // masked ops
  {
    name: 'masked_fill broadcast mask',
    inputs: () => [make([3, 4])],
    fn: (x) => x.masked_fill(mask([true, false, false, true]), 2),
  },
  {
    name: 'masked_fill 0-d tensor value',
    inputs: () => [make([3, 4]), make([], { salt: 1 })],
    fn: (x, v) => x.masked_fill(x.gt(0), v),
  },
  {
    name: 'masked_fill_ on clone',
    inputs: () => [transposed([3, 4])],
    fn: (x) => x.clone().masked_fill_(mask([[true], [false], [true]]), -1),
  },
  { name: 'masked_select', inputs: () => [make([3, 4])], fn: (x) => x.masked_select(x.gt(0)) },
  {
    name: 'masked_select broadcast transposed',
    inputs: () => [transposed([4, 3])],
    fn: (x) => x.masked_select(mask([[true, false, true]])),
  },
  {
    name: 'masked_scatter',
    inputs: () => [make([3, 4]), make([3, 4], { salt: 1 })],
    fn: (x, s) => x.masked_scatter(mask([true, false, true, true]), s),
  },
  {
    name: 'masked_scatter_ on clone, long source',
    inputs: () => [make([3, 4]), make([5], { salt: 1 })],
    fn: (x, s) =>
      x.clone().masked_scatter_(
        mask([
          [true, false, true, false],
          [false, false, false, false],
          [true, false, true, false],
        ]),
        s,
      ),
  },
  {
    name: 'where method',
    inputs: () => [make([3, 4]), make([4], { salt: 1 })],
    fn: (x, o) => x.where(x.gt(0), o),
  },
  // gather / scatter
  {
    name: 'gather dim 1',
    inputs: () => [make([3, 4])],
    fn: (x) =>
      x.gather(
        1,
        long([
          [0, 0],
          [3, 1],
          [2, 2],
        ]),
      ),
  },
  { name: 'gather dim 0 transposed', inputs: () => [transposed([3, 4])], fn: (x) => x.gather(0, long([[2, 0, 1, 1]])) },
  {
    name: 'scatter src',
    inputs: () => [make([3, 4]), make([2, 4], { salt: 1 })],
    fn: (x, s) =>
      x.scatter(
        0,
        long([
          [0, 1, 2, 0],
          [2, 2, 1, 1],
        ]),
        s,
      ),
  },
  { name: 'scatter value', inputs: () => [make([3, 4])], fn: (x) => x.scatter(1, long([[3], [0], [1]]), 1.5) },
  {
    name: 'scatter_ on clone',
    inputs: () => [make([3, 4]), make([3, 1], { salt: 1 })],
    fn: (x, s) => x.clone().scatter_(1, long([[3], [0], [1]]), s),
  },
  {
    name: 'scatter_add repeated',
    inputs: () => [make([3, 4]), make([2, 4], { salt: 1 })],
    fn: (x, s) =>
      x.scatter_add(
        0,
        long([
          [0, 0, 2, 0],
          [0, 2, 2, 1],
        ]),
        s,
      ),
  },
  {
    name: 'scatter_add_ on clone',
    inputs: () => [make([3, 4]), make([3, 2], { salt: 1 })],
    fn: (x, s) =>
      x.clone().scatter_add_(
        1,
        long([
          [0, 0],
          [3, 1],
          [2, 2],
        ]),
        s,
      ),
  },
  { name: 'index_select', inputs: () => [make([3, 4])], fn: (x) => x.index_select(1, long([3, 0, 3])) },
  { name: 'index_select transposed', inputs: () => [transposed([3, 4])], fn: (x) => x.index_select(0, long([2, 1])) },
  {
    name: 'index_add alpha',
    inputs: () => [make([3, 4]), make([2, 4], { salt: 1 })],
    fn: (x, s) => x.index_add(0, long([2, 2]), s, { alpha: -1.5 }),
  },
  {
    name: 'index_add_ on clone',
    inputs: () => [make([3, 4]), make([3, 3], { salt: 1 })],
    fn: (x, s) => x.clone().index_add_(1, long([0, 3, 0]), s),
  },
  {
    name: 'index_fill',
    inputs: () => [transposed([3, 4])],
    fn: (x) => x.index_fill(1, long([0, -1]), 0.5),
  },
  {
    name: 'index_fill 0-d tensor value repeated',
    inputs: () => [make([3, 4]), make([], { salt: 1 })],
    fn: (x, v) => x.index_fill(0, long([2, 0, 2]), v),
  },
  {
    name: 'index_copy',
    inputs: () => [make([3, 4]), make([3, 2], { salt: 1 })],
    fn: (x, s) => x.index_copy(1, long([3, 0]), s),
  },
  {
    name: 'index_copy_ on clone',
    inputs: () => [make([3, 4]), make([1, 4], { salt: 1 })],
    fn: (x, s) => x.clone().index_copy_(0, long([1]), s),
  },
  {
    name: 'take',
    inputs: () => [transposed([3, 4])],
    fn: (x) =>
      x.take(
        long([
          [0, 11],
          [5, 5],
        ]),
      ),
  },
  {
    name: 'take_along_dim broadcast',
    inputs: () => [make([3, 4])],
    fn: (x) => torch.take_along_dim(x, long([[0], [3], [1]]), 1),
  },
  {
    name: 'put',
    inputs: () => [make([3, 4]), make([2, 2], { salt: 1 })],
    fn: (x, s) =>
      x.put(
        long([
          [0, 11],
          [-2, 5],
        ]),
        s,
      ),
  },
  {
    name: 'put_ accumulate on clone',
    inputs: () => [make([3, 4]), make([3], { salt: 1 })],
    fn: (x, s) => x.clone().put_(long([4, 4, 0]), s, true),
  },
  // rearranging
  { name: 'rot90', inputs: () => [make([3, 4])], fn: (x) => x.rot90() },
  { name: 'rot90 k=3 dims', inputs: () => [make([2, 3, 4])], fn: (x) => x.rot90(3, [2, 0]) },
  { name: 'flip', inputs: () => [make([2, 3, 4])], fn: (x) => x.flip(0, 2) },
  { name: 'flip transposed', inputs: () => [transposed([3, 4])], fn: (x) => x.flip(1) },
  { name: 'roll dims', inputs: () => [make([3, 4])], fn: (x) => x.roll([1, -3], [0, 1]) },
  { name: 'roll flattened transposed', inputs: () => [transposed([3, 4])], fn: (x) => x.roll(5) },
  { name: 'repeat', inputs: () => [make([2, 3])], fn: (x) => x.repeat(2, 1, 3) },
  { name: 'repeat 0-d', inputs: () => [make([])], fn: (x) => x.repeat(3) },
  { name: 'tile', inputs: () => [transposed([2, 3])], fn: (x) => x.tile(2) },
  { name: 'tril', inputs: () => [make([3, 4])], fn: (x) => x.tril() },
  { name: 'tril batched offset', inputs: () => [make([2, 3, 3])], fn: (x) => x.tril(-1) },
  { name: 'triu offset', inputs: () => [transposed([4, 3])], fn: (x) => x.triu(1) },
  { name: 'triu_ on clone', inputs: () => [make([3, 3])], fn: (x) => x.clone().triu_() },
  // joining
  {
    name: 'cat dim 1',
    inputs: () => [make([2, 3]), transposed([2, 2])],
    fn: (a, b) => torch.cat([a, b], 1),
  },
  {
    name: 'cat with legacy empty',
    inputs: () => [make([0]), make([2, 3], { salt: 1 })],
    fn: (a, b) => torch.cat([a, b]),
  },
  { name: 'stack', inputs: () => [make([2, 3]), make([2, 3], { salt: 1 })], fn: (a, b) => torch.stack([a, b], -1) },
  { name: 'hstack 1-d', inputs: () => [make([2]), make([3], { salt: 1 })], fn: (a, b) => torch.hstack([a, b]) },
  { name: 'vstack', inputs: () => [make([3]), make([2, 3], { salt: 1 })], fn: (a, b) => torch.vstack([a, b]) },
  { name: 'dstack', inputs: () => [make([2, 2]), make([2, 2], { salt: 1 })], fn: (a, b) => torch.dstack([a, b]) },
];
