// torch.distributions: probability distributions with PyTorch 2's semantics (parameters,
// validation messages, reprs, sampling streams under torch.manual_seed, KL divergences).

export * as constraints from './constraints.js';
export { Distribution, type DistributionOpts } from './distribution.js';
export { Normal } from './normal.js';
export { Bernoulli } from './bernoulli.js';
export { Categorical, OneHotCategorical, OneHotCategoricalStraightThrough } from './categorical.js';
export { Uniform } from './uniform.js';
export { Exponential } from './exponential.js';
export { Laplace } from './laplace.js';
export { Cauchy } from './cauchy.js';
export { Geometric } from './geometric.js';
export { Poisson } from './poisson.js';
export { Binomial } from './binomial.js';
export { MultivariateNormal } from './multivariate_normal.js';
export { Independent } from './independent.js';
export { TransformedDistribution, LogNormal, HalfNormal, Gumbel } from './transformed_distribution.js';
export {
  Transform,
  ExpTransform,
  AffineTransform,
  SigmoidTransform,
  TanhTransform,
  AbsTransform,
} from './transforms.js';
export * as transforms from './transforms.js';
export { kl_divergence, register_kl } from './kl.js';
export * as kl from './kl.js';
