// torch.nn.functional: each function is declared beside its implementation in src/ops/ under the
// name functional_<name> (fn(), src/ops/declare.ts); this file gives them their public names.

export {
  functional_gelu as gelu,
  functional_leaky_relu as leaky_relu,
  functional_elu as elu,
  functional_selu as selu,
  functional_celu as celu,
  functional_softplus as softplus,
  functional_softsign as softsign,
  functional_hardtanh as hardtanh,
  functional_relu6 as relu6,
  functional_hardsigmoid as hardsigmoid,
  functional_hardswish as hardswish,
  functional_mish as mish,
  functional_logsigmoid as logsigmoid,
  functional_tanhshrink as tanhshrink,
  functional_threshold as threshold,
  functional_hardshrink as hardshrink,
  functional_softshrink as softshrink,
  functional_prelu as prelu,
  functional_glu as glu,
  functional_dropout as dropout,
  functional_dropout1d as dropout1d,
  functional_dropout2d as dropout2d,
  functional_alpha_dropout as alpha_dropout,
  functional_feature_alpha_dropout as feature_alpha_dropout,
} from '../ops/activation.js';
export { functional_scaled_dot_product_attention as scaled_dot_product_attention } from '../ops/attention.js';
export { functional_conv2d as conv2d } from '../ops/conv.js';
export {
  functional_conv1d as conv1d,
  functional_max_pool1d as max_pool1d,
  functional_max_pool1d_with_indices as max_pool1d_with_indices,
  functional_avg_pool1d as avg_pool1d,
  functional_adaptive_avg_pool1d as adaptive_avg_pool1d,
  functional_adaptive_max_pool1d as adaptive_max_pool1d,
  functional_adaptive_max_pool1d_with_indices as adaptive_max_pool1d_with_indices,
} from '../ops/conv1d.js';
export {
  functional_conv_transpose2d as conv_transpose2d,
  functional_conv_transpose1d as conv_transpose1d,
} from '../ops/conv_transpose.js';
export {
  functional_normalize as normalize,
  functional_cosine_similarity as cosine_similarity,
  functional_pairwise_distance as pairwise_distance,
  functional_one_hot as one_hot,
} from '../ops/distance.js';
export { functional_unfold as unfold, functional_fold as fold } from '../ops/fold.js';
export { functional_group_norm as group_norm } from '../ops/group_norm.js';
export { functional_linear as linear } from '../ops/linalg.js';
export {
  functional_mse_loss as mse_loss,
  functional_l1_loss as l1_loss,
  functional_nll_loss as nll_loss,
  functional_cross_entropy as cross_entropy,
  functional_binary_cross_entropy as binary_cross_entropy,
  functional_binary_cross_entropy_with_logits as binary_cross_entropy_with_logits,
} from '../ops/loss.js';
export {
  functional_smooth_l1_loss as smooth_l1_loss,
  functional_huber_loss as huber_loss,
  functional_kl_div as kl_div,
  functional_soft_margin_loss as soft_margin_loss,
} from '../ops/loss_composite.js';
export {
  functional_instance_norm as instance_norm,
  functional_local_response_norm as local_response_norm,
  functional_bilinear as bilinear,
  functional_pixel_shuffle as pixel_shuffle,
  functional_pixel_unshuffle as pixel_unshuffle,
  functional_channel_shuffle as channel_shuffle,
  functional_embedding_bag as embedding_bag,
  functional_margin_ranking_loss as margin_ranking_loss,
  functional_hinge_embedding_loss as hinge_embedding_loss,
  functional_multilabel_margin_loss as multilabel_margin_loss,
  functional_multilabel_soft_margin_loss as multilabel_soft_margin_loss,
  functional_cosine_embedding_loss as cosine_embedding_loss,
  functional_multi_margin_loss as multi_margin_loss,
  functional_poisson_nll_loss as poisson_nll_loss,
  functional_gaussian_nll_loss as gaussian_nll_loss,
  functional_triplet_margin_loss as triplet_margin_loss,
} from '../ops/nn2.js';
export {
  functional_batch_norm as batch_norm,
  functional_layer_norm as layer_norm,
  functional_embedding as embedding,
} from '../ops/normalization.js';
export {
  functional_relu as relu,
  functional_sigmoid as sigmoid,
  functional_tanh as tanh,
  functional_silu as silu,
} from '../ops/pointwise/unary.js';
export {
  functional_max_pool2d as max_pool2d,
  functional_max_pool2d_with_indices as max_pool2d_with_indices,
  functional_avg_pool2d as avg_pool2d,
} from '../ops/pool.js';
export {
  functional_pad as pad,
  functional_adaptive_avg_pool2d as adaptive_avg_pool2d,
  functional_adaptive_max_pool2d as adaptive_max_pool2d,
  functional_adaptive_max_pool2d_with_indices as adaptive_max_pool2d_with_indices,
  functional_interpolate as interpolate,
  functional_upsample as upsample,
  functional_upsample_nearest as upsample_nearest,
  functional_upsample_bilinear as upsample_bilinear,
} from '../ops/resample.js';
export {
  functional_softmax as softmax,
  functional_log_softmax as log_softmax,
  functional_softmin as softmin,
} from '../ops/softmax.js';
