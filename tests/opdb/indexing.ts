// Op-database rows for Python's x[...] and x[...] = v (x.index, x.index_put_ as setitem) and the
// where method. The declared indexing, joining, gather/scatter and rearranging ops keep their
// samples in their declarations (src/ops/join.ts, gather.ts, masked.ts, ...). Non-accumulating writes use distinct
// indices: where two sources land on one place, only the last one has a gradient.

import { long, make, mask, transposed } from './inputs.js';
import type { OpSample } from './types.js';

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
  {
    name: 'where method',
    inputs: () => [make([3, 4]), make([4], { salt: 1 })],
    fn: (x, o) => x.where(x.gt(0), o),
  },
];
