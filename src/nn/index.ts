// torch.nn.

export * as functional from './functional.js';
export * as init from './init.js';
export { Module } from './module.js';
export type { StateDict, LoadResult } from './module.js';
export { Parameter } from './parameter.js';
export { Linear, Identity } from './linear.js';
export { Sequential, ModuleList, ModuleDict } from './container.js';
export {
  ReLU,
  GELU,
  SiLU,
  Sigmoid,
  Tanh,
  Softmax,
  LogSoftmax,
  Dropout,
  Flatten,
  Unflatten,
  LeakyReLU,
  ELU,
  SELU,
  CELU,
  Softplus,
  Softsign,
  Hardtanh,
  ReLU6,
  Hardsigmoid,
  Hardswish,
  Mish,
  LogSigmoid,
  Tanhshrink,
  Softmin,
  GLU,
  Dropout1d,
  Dropout2d,
  AlphaDropout,
  Threshold,
  Hardshrink,
  Softshrink,
  PReLU,
} from './activation.js';
export {
  ZeroPad2d,
  ConstantPad2d,
  ReflectionPad2d,
  ReplicationPad2d,
  AdaptiveAvgPool2d,
  AdaptiveMaxPool2d,
  AdaptiveAvgPool1d,
  AdaptiveMaxPool1d,
  Upsample,
  UpsamplingNearest2d,
  UpsamplingBilinear2d,
  CosineSimilarity,
  PairwiseDistance,
} from './resampling.js';
export {
  MSELoss,
  L1Loss,
  NLLLoss,
  CrossEntropyLoss,
  BCELoss,
  BCEWithLogitsLoss,
  SmoothL1Loss,
  HuberLoss,
  KLDivLoss,
  SoftMarginLoss,
} from './loss.js';
export { Conv2d, MaxPool2d, AvgPool2d } from './conv.js';
export { Conv1d, MaxPool1d, AvgPool1d } from './conv1d.js';
export { ConvTranspose1d, ConvTranspose2d } from './conv_transpose.js';
export {
  Conv3d,
  ConvTranspose3d,
  MaxPool3d,
  AvgPool3d,
  AdaptiveAvgPool3d,
  AdaptiveMaxPool3d,
  MaxUnpool1d,
  MaxUnpool2d,
  MaxUnpool3d,
  LPPool1d,
  LPPool2d,
  Dropout3d,
  CircularPad1d,
  CircularPad2d,
  CircularPad3d,
} from './conv3d.js';
export {
  InstanceNorm1d,
  InstanceNorm2d,
  InstanceNorm3d,
  LocalResponseNorm,
  ParameterList,
  ParameterDict,
  Bilinear,
  PixelShuffle,
  PixelUnshuffle,
  ChannelShuffle,
  Softmax2d,
  Fold,
  Unfold,
  ReflectionPad1d,
  ReplicationPad1d,
  ConstantPad1d,
  EmbeddingBag,
  MarginRankingLoss,
  HingeEmbeddingLoss,
  CosineEmbeddingLoss,
  MultiLabelMarginLoss,
  MultiLabelSoftMarginLoss,
  MultiMarginLoss,
  PoissonNLLLoss,
  GaussianNLLLoss,
  TripletMarginLoss,
} from './nn2.js';
export { BatchNorm1d, BatchNorm2d, BatchNorm3d, LayerNorm, GroupNorm, Embedding } from './normalization.js';
export { RNNBase, RNN, LSTM, GRU, RNNCellBase, RNNCell, LSTMCell, GRUCell } from './rnn.js';
export { RMSNorm, RReLU, LazyLinear, TripletMarginWithDistanceLoss } from './tensorops.js';
export * as utils from './utils/index.js';
export * as modules from './modules.js';
export { MultiheadAttention, NonDynamicallyQuantizableLinear } from './attention.js';
export {
  TransformerEncoderLayer,
  TransformerDecoderLayer,
  TransformerEncoder,
  TransformerDecoder,
  Transformer,
} from './transformer.js';
