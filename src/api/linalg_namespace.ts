// torch.linalg: the norms (linalg.vector_norm, matrix_norm, norm), declared under PyTorch's names
// for them in argument errors (linalg_vector_norm()); implementations in src/ops/linalg_extra.ts.

import type { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { fn, type OpSample } from '../ops/declare.js';
import * as X from '../ops/linalg_extra.js';

type T = Tensor;
type DTypeOpt = { dtype?: DType | string | null };

export const vector_norm = fn(
  'linalg_vector_norm(Tensor self, Scalar ord=2, int[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None)',
  X.vector_norm as (
    self: T,
    ord?: number,
    dim?: number | readonly number[] | null,
    keepdim?: boolean,
    opts?: DTypeOpt,
  ) => T,
  {
    samples: (k, f): OpSample[] => [
      ...k.layouts('linalg.vector_norm', (x) => f(x)),
      ...k.layouts('linalg.vector_norm ord=3 dim=1', (x) => f(x, 3, 1), { scalar: false }),
      ...k.layouts('linalg.vector_norm ord=1 keepdim', (x) => f(x, 1, [0, 1], true), { scalar: false }),
      ...k.layouts('linalg.vector_norm ord=inf', (x) => f(x, Infinity), { scalar: false }),
    ],
  },
);
export const matrix_norm = fn(
  [
    "linalg_matrix_norm(Tensor self, str ord='fro', int[] dim=[-2,-1], bool keepdim=False, *, ScalarType? dtype=None)",
    'linalg_matrix_norm(Tensor self, Scalar ord, int[] dim=[-2,-1], bool keepdim=False, *, ScalarType? dtype=None)',
  ],
  X.matrix_norm as (self: T, ord?: number | string, dim?: readonly number[], keepdim?: boolean, opts?: DTypeOpt) => T,
  {
    samples: (k, f): OpSample[] => [
      ...k.layouts('linalg.matrix_norm fro', (x) => f(x), { scalar: false }),
      ...k.layouts('linalg.matrix_norm ord=1', (x) => f(x, 1), { scalar: false }),
      {
        name: 'linalg.matrix_norm ord=-inf batched keepdim',
        inputs: () => [k.make([2, 3, 4])],
        fn: (x) => f(x, -Infinity, [-2, -1], true),
      },
    ],
  },
);
export const norm = fn(
  [
    'linalg_norm(Tensor self, Scalar? ord=None, int[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None)',
    'linalg_norm(Tensor self, str ord, int[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None)',
  ],
  X.linalg_normImpl as (
    self: T,
    ord?: number | string | null,
    dim?: number | readonly number[] | null,
    keepdim?: boolean,
    opts?: DTypeOpt,
  ) => T,
  {
    samples: (k, f): OpSample[] => [
      ...k.layouts('linalg.norm', (x) => f(x)),
      { name: 'linalg.norm ord=inf matrix', inputs: () => [k.make([3, 4])], fn: (x) => f(x, Infinity) },
    ],
  },
);
