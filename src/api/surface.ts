// The whole public op surface: importing this module installs every declared Tensor method, and
// its `interface Tensor` merges the methods' types, derived from the declarations themselves. Each op
// is declared beside its implementation in src/ops/ (src/ops/declare.ts); these are the modules that
// hold declarations.

import type { MethodsOf } from '../ops/declare.js';
import type { IndexItem } from '../ops/indexing.js';
import type * as m_activation from '../ops/activation.js';
import type * as m_attention from '../ops/attention.js';
import type * as m_conv from '../ops/conv.js';
import type * as m_conv1d from '../ops/conv1d.js';
import type * as m_conv_transpose from '../ops/conv_transpose.js';
import type * as m_creation from '../ops/creation.js';
import type * as m_distance from '../ops/distance.js';
import type * as m_einsum from '../ops/einsum.js';
import type * as m_fold from '../ops/fold.js';
import type * as m_gather from '../ops/gather.js';
import type * as m_group_norm from '../ops/group_norm.js';
import type * as m_index_ops from '../ops/index_ops.js';
import type * as m_indexing from '../ops/indexing.js';
import type * as m_join from '../ops/join.js';
import type * as m_linalg from '../ops/linalg.js';
import type * as m_linalg_extra from '../ops/linalg_extra.js';
import type * as m_loss from '../ops/loss.js';
import type * as m_loss_composite from '../ops/loss_composite.js';
import type * as m_masked from '../ops/masked.js';
import type * as m_minmax from '../ops/minmax.js';
import type * as m_moments from '../ops/moments.js';
import type * as m_multinomial from '../ops/multinomial.js';
import type * as m_nn2 from '../ops/nn2.js';
import type * as m_norm from '../ops/norm.js';
import type * as m_normalization from '../ops/normalization.js';
import type * as m_pointwise_arith from '../ops/pointwise/arith.js';
import type * as m_pointwise_binary from '../ops/pointwise/binary.js';
import type * as m_pointwise_compare from '../ops/pointwise/compare.js';
import type * as m_pointwise_fill from '../ops/pointwise/fill.js';
import type * as m_pointwise_promote from '../ops/pointwise/promote.js';
import type * as m_pointwise_ternary from '../ops/pointwise/ternary.js';
import type * as m_pointwise_unary from '../ops/pointwise/unary.js';
import type * as m_pool from '../ops/pool.js';
import type * as m_random from '../ops/random.js';
import type * as m_rearrange from '../ops/rearrange.js';
import type * as m_reduce from '../ops/reduce.js';
import type * as m_resample from '../ops/resample.js';
import type * as m_scan from '../ops/scan.js';
import type * as m_slicing from '../ops/slicing.js';
import type * as m_softmax from '../ops/softmax.js';
import type * as m_sort from '../ops/sort.js';
import type * as m_special from '../ops/special.js';
import type * as m_take from '../ops/take.js';
import type * as m_tensor_methods from '../ops/tensor_methods.js';
import type * as m_view from '../ops/view.js';
// Views' in-place machinery installs its hooks on Tensor (Note [Tensor hooks]).
import '../ops/view_inplace.js';
import '../ops/activation.js';
import '../ops/attention.js';
import '../ops/conv.js';
import '../ops/conv1d.js';
import '../ops/conv_transpose.js';
import '../ops/creation.js';
import '../ops/distance.js';
import '../ops/einsum.js';
import '../ops/fold.js';
import '../ops/gather.js';
import '../ops/group_norm.js';
import '../ops/index_ops.js';
import '../ops/indexing.js';
import '../ops/join.js';
import '../ops/linalg.js';
import '../ops/linalg_extra.js';
import '../ops/loss.js';
import '../ops/loss_composite.js';
import '../ops/masked.js';
import '../ops/minmax.js';
import '../ops/moments.js';
import '../ops/multinomial.js';
import '../ops/nn2.js';
import '../ops/norm.js';
import '../ops/normalization.js';
import '../ops/pointwise/arith.js';
import '../ops/pointwise/binary.js';
import '../ops/pointwise/compare.js';
import '../ops/pointwise/fill.js';
import '../ops/pointwise/promote.js';
import '../ops/pointwise/ternary.js';
import '../ops/pointwise/unary.js';
import '../ops/pool.js';
import '../ops/random.js';
import '../ops/rearrange.js';
import '../ops/reduce.js';
import '../ops/resample.js';
import '../ops/scan.js';
import '../ops/slicing.js';
import '../ops/softmax.js';
import '../ops/sort.js';
import '../ops/special.js';
import '../ops/take.js';
import '../ops/tensor_methods.js';
import '../ops/view.js';

type Surface = MethodsOf<typeof m_activation> &
  MethodsOf<typeof m_attention> &
  MethodsOf<typeof m_conv> &
  MethodsOf<typeof m_conv1d> &
  MethodsOf<typeof m_conv_transpose> &
  MethodsOf<typeof m_creation> &
  MethodsOf<typeof m_distance> &
  MethodsOf<typeof m_einsum> &
  MethodsOf<typeof m_fold> &
  MethodsOf<typeof m_gather> &
  MethodsOf<typeof m_group_norm> &
  MethodsOf<typeof m_index_ops> &
  MethodsOf<typeof m_indexing> &
  MethodsOf<typeof m_join> &
  MethodsOf<typeof m_linalg> &
  MethodsOf<typeof m_linalg_extra> &
  MethodsOf<typeof m_loss> &
  MethodsOf<typeof m_loss_composite> &
  MethodsOf<typeof m_masked> &
  MethodsOf<typeof m_minmax> &
  MethodsOf<typeof m_moments> &
  MethodsOf<typeof m_multinomial> &
  MethodsOf<typeof m_nn2> &
  MethodsOf<typeof m_norm> &
  MethodsOf<typeof m_normalization> &
  MethodsOf<typeof m_pointwise_arith> &
  MethodsOf<typeof m_pointwise_binary> &
  MethodsOf<typeof m_pointwise_compare> &
  MethodsOf<typeof m_pointwise_fill> &
  MethodsOf<typeof m_pointwise_promote> &
  MethodsOf<typeof m_pointwise_ternary> &
  MethodsOf<typeof m_pointwise_unary> &
  MethodsOf<typeof m_pool> &
  MethodsOf<typeof m_random> &
  MethodsOf<typeof m_rearrange> &
  MethodsOf<typeof m_reduce> &
  MethodsOf<typeof m_resample> &
  MethodsOf<typeof m_scan> &
  MethodsOf<typeof m_slicing> &
  MethodsOf<typeof m_softmax> &
  MethodsOf<typeof m_sort> &
  MethodsOf<typeof m_special> &
  MethodsOf<typeof m_take> &
  MethodsOf<typeof m_tensor_methods> &
  MethodsOf<typeof m_view>;

declare module '../tensor/tensor.js' {
  interface Tensor extends Surface {
    /** The dims reversed (numpy's .T); a 2-d tensor's transpose (src/ops/view.ts). */
    readonly T: Tensor;
    /** The last two dims swapped: a batch of matrices transposed (src/ops/view.ts). */
    readonly mT: Tensor;
    /** Python's x[...]: numbers, null (new axis), '...', slice strings ('1:3', '::2'), index and bool tensors (src/ops/indexing.ts). */
    index(...items: IndexItem[]): Tensor;
  }
}
