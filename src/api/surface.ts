// The whole public op surface: importing this module installs every declared Tensor method, and
// its `interface Tensor` merges the methods' types, derived from the declarations themselves.

import type { MethodsOf } from '../ops/declare.js';
import type { IndexItem } from '../ops/indexing.js';
import type * as pointwise from './pointwise.js';
import type * as reduce from './reduce.js';
import type * as shape from './shape.js';
import type * as indexing from './indexing.js';
import type * as linalg from './linalg.js';
import type * as creation from './creation.js';
import type * as methods from './methods.js';
// Views' in-place machinery installs its hooks on Tensor (Note [Tensor hooks]).
import '../ops/view_inplace.js';
import './pointwise.js';
import './reduce.js';
import './shape.js';
import './indexing.js';
import './linalg.js';
import './creation.js';
import './methods.js';

type Surface = MethodsOf<typeof pointwise> &
  MethodsOf<typeof reduce> &
  MethodsOf<typeof shape> &
  MethodsOf<typeof indexing> &
  MethodsOf<typeof linalg> &
  MethodsOf<typeof creation> &
  MethodsOf<typeof methods>;

declare module '../tensor/tensor.js' {
  interface Tensor extends Surface {
    /** The dims reversed (numpy's .T); a 2-d tensor's transpose (src/api/shape.ts). */
    readonly T: Tensor;
    /** The last two dims swapped: a batch of matrices transposed (src/api/shape.ts). */
    readonly mT: Tensor;
    /** Python's x[...]: numbers, null (new axis), '...', slice strings ('1:3', '::2'), index and bool tensors (src/api/indexing.ts). */
    index(...items: IndexItem[]): Tensor;
  }
}
