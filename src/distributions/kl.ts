// torch.distributions.kl_divergence and register_kl (PyTorch's torch/distributions/kl.py), with
// the same-family pairs among the distributions tensorgrad has.

import type { Tensor } from '../tensor/tensor.js';
import * as torch from '../api/torch.js';
import { broadcast_shapes } from '../tensor/shape.js';
import { functional_softplus as softplus } from '../ops/activation.js';
import { Distribution, _sum_rightmost } from './distribution.js';
import { notImplemented } from './errors.js';
import { Normal } from './normal.js';
import { Bernoulli } from './bernoulli.js';
import { Categorical, OneHotCategorical } from './categorical.js';
import { Uniform } from './uniform.js';
import { Exponential } from './exponential.js';
import { Laplace } from './laplace.js';
import { MultivariateNormal, _batch_mahalanobis, solveLowerTriangular } from './multivariate_normal.js';
import { Independent } from './independent.js';
import { Cauchy } from './cauchy.js';
import { Geometric } from './geometric.js';
import { Poisson } from './poisson.js';
import { Gumbel, HalfNormal, TransformedDistribution } from './transformed_distribution.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type DistClass = abstract new (...args: any[]) => Distribution;
type KLFn = (p: Distribution, q: Distribution) => Tensor;

const REGISTRY: [DistClass, DistClass, KLFn][] = [];

/** register_kl(P, Q)(fn): registers fn as KL(p || q) for p a P and q a Q; returns fn. */
export function register_kl<P extends Distribution, Q extends Distribution>(
  type_p: abstract new (...args: any[]) => P, // eslint-disable-line @typescript-eslint/no-explicit-any
  type_q: abstract new (...args: any[]) => Q, // eslint-disable-line @typescript-eslint/no-explicit-any
): <F extends (p: P, q: Q) => Tensor>(fn: F) => F {
  return (f) => {
    const fn = f as unknown as KLFn;
    const i = REGISTRY.findIndex(([p, q]) => p === type_p && q === type_q);
    if (i >= 0) REGISTRY.splice(i, 1);
    REGISTRY.push([type_p, type_q, fn]);
    return f;
  };
}

function depth(cls: DistClass): number {
  let d = 0;
  for (let c: unknown = cls; c && c !== Distribution; c = Object.getPrototypeOf(c)) d++;
  return d;
}

/** KL(p || q), batched over the batch shape; NotImplementedError when no pair is registered. */
export function kl_divergence(p: Distribution, q: Distribution): Tensor {
  if (!(p instanceof Distribution) || !(q instanceof Distribution)) {
    throw new TypeError('kl_divergence(): arguments must be Distributions');
  }
  // The most specific registered pair (deepest classes first), as PyTorch's _dispatch_kl.
  let best: [DistClass, DistClass, KLFn] | undefined;
  for (const entry of REGISTRY) {
    if (!(p instanceof entry[0] && q instanceof entry[1])) continue;
    if (!best || depth(entry[0]) + depth(entry[1]) > depth(best[0]) + depth(best[1])) best = entry;
  }
  if (!best && EXP_FAMILY.some((c) => p instanceof c) && EXP_FAMILY.some((c) => q instanceof c)) {
    // PyTorch registers (ExponentialFamily, ExponentialFamily), which refuses different families.
    throw notImplemented(
      'The cross KL-divergence between different exponential families cannot                             be computed using Bregman divergences',
    );
  }
  if (!best) {
    throw notImplemented(
      `No KL(p || q) is implemented for p type ${p.constructor.name} and q type ${q.constructor.name}`,
    );
  }
  return best[2](p, q);
}

/** The classes that derive from PyTorch's ExponentialFamily among those here. */
const EXP_FAMILY: DistClass[] = [Normal, Bernoulli, Exponential, Poisson];

function klCategorical(p: Categorical, q: Categorical): Tensor {
  let t = p.probs.mul(p.logits.sub(q.logits));
  t = t.masked_fill(q.probs.eq(0).expand_as(t), Infinity);
  t = t.masked_fill(p.probs.eq(0).expand_as(t), 0);
  return t.sum(-1);
}

register_kl(
  Bernoulli,
  Bernoulli,
)((p: Bernoulli, q: Bernoulli) => {
  let t1 = p.probs.mul(softplus(q.logits.neg()).sub(softplus(p.logits.neg())));
  t1 = t1.masked_fill(q.probs.eq(0), Infinity).masked_fill(p.probs.eq(0), 0);
  let t2 = torch.rsub(p.probs, 1).mul(softplus(q.logits).sub(softplus(p.logits)));
  t2 = t2.masked_fill(q.probs.eq(1), Infinity).masked_fill(p.probs.eq(1), 0);
  return t1.add(t2);
});

register_kl(Categorical, Categorical)(klCategorical);

register_kl(
  Exponential,
  Exponential,
)((p: Exponential, q: Exponential) => {
  const rateRatio = q.rate.div(p.rate);
  return rateRatio.log().neg().add(rateRatio).sub(1);
});

register_kl(
  Independent,
  Independent,
)((p: Independent, q: Independent) => {
  if (p.reinterpreted_batch_ndims !== q.reinterpreted_batch_ndims) throw notImplemented('');
  return _sum_rightmost(kl_divergence(p.base_dist, q.base_dist), p.reinterpreted_batch_ndims);
});

register_kl(
  Laplace,
  Laplace,
)((p: Laplace, q: Laplace) => {
  const scaleRatio = p.scale.div(q.scale);
  const locAbsDiff = p.loc.sub(q.loc).abs();
  const t1 = scaleRatio.log().neg();
  const t2 = locAbsDiff.div(q.scale);
  const t3 = scaleRatio.mul(locAbsDiff.neg().div(p.scale).exp());
  return t1.add(t2).add(t3).sub(1);
});

register_kl(
  MultivariateNormal,
  MultivariateNormal,
)((p: MultivariateNormal, q: MultivariateNormal) => {
  const pe = p.event_shape;
  const qe = q.event_shape;
  if (pe.length !== qe.length || pe.some((d, i) => d !== qe[i])) {
    throw new RangeError(
      'KL-divergence between two Multivariate Normals with                          different event shapes cannot be computed',
    );
  }
  const qL = q._unbroadcasted_scale_tril;
  const pL = p._unbroadcasted_scale_tril;
  const halfTerm1 = qL
    .diagonal(0, -2, -1)
    .log()
    .sum(-1)
    .sub(pL.diagonal(0, -2, -1).log().sum(-1));
  const combined = [...broadcast_shapes(qL.shape.slice(0, -2), pL.shape.slice(0, -2))];
  const n = pe[0];
  const qScale = qL.expand([...combined, n, n]);
  const pScale = pL.expand([...combined, n, n]);
  const X = solveLowerTriangular(qScale, pScale);
  const term2 = X.reshape(-1, n * n)
    .pow(2)
    .sum(-1)
    .reshape(X.shape.slice(0, -2));
  const term3 = _batch_mahalanobis(qL, q.loc.sub(p.loc));
  return halfTerm1.add(term2.add(term3).sub(n).mul(0.5));
});

register_kl(
  Normal,
  Normal,
)((p: Normal, q: Normal) => {
  const varRatio = p.scale.div(q.scale).pow(2);
  const t1 = p.loc.sub(q.loc).div(q.scale).pow(2);
  return varRatio.add(t1).sub(1).sub(varRatio.log()).mul(0.5);
});

register_kl(
  OneHotCategorical,
  OneHotCategorical,
)((p: OneHotCategorical, q: OneHotCategorical) => klCategorical(p._categorical, q._categorical));

register_kl(
  Uniform,
  Uniform,
)((p: Uniform, q: Uniform) => {
  const result = q.high.sub(q.low).div(p.high.sub(p.low)).log();
  return result.masked_fill(q.low.gt(p.low).logical_or(q.high.lt(p.high)), Infinity);
});

register_kl(
  Geometric,
  Geometric,
)((p: Geometric, q: Geometric) => p.entropy().neg().sub(q.probs.neg().log1p().div(p.probs)).sub(q.logits));

register_kl(
  Poisson,
  Poisson,
)((p: Poisson, q: Poisson) => p.rate.mul(p.rate.log().sub(q.rate.log())).sub(p.rate.sub(q.rate)));

register_kl(
  Cauchy,
  Cauchy,
)((p: Cauchy, q: Cauchy) => {
  const t1 = p.scale.add(q.scale).pow(2).add(p.loc.sub(q.loc).pow(2)).log();
  const t2 = p.scale.mul(4).mul(q.scale).log();
  return t1.sub(t2);
});

// Pairs of different families.

const infiniteLike = (t: Tensor): Tensor => torch.full_like(t, Infinity);

register_kl(
  Bernoulli,
  Poisson,
)((p: Bernoulli, q: Poisson) => p.entropy().neg().sub(p.probs.mul(q.rate.log()).sub(q.rate)));
register_kl(Exponential, Uniform)((p: Exponential) => infiniteLike(p.rate));
register_kl(
  Exponential,
  Normal,
)((p: Exponential, q: Normal) => {
  const varNormal = q.scale.pow(2);
  const rateSqr = p.rate.pow(2);
  const t1 = rateSqr
    .mul(varNormal)
    .mul(2 * Math.PI)
    .log()
    .mul(0.5);
  const t2 = rateSqr.reciprocal();
  const t3 = q.loc.div(p.rate);
  const t4 = q.loc.pow(2).mul(0.5);
  return t1.sub(1).add(t2.sub(t3).add(t4).div(varNormal));
});
register_kl(Laplace, Exponential)((p: Laplace) => infiniteLike(p.loc));
register_kl(Laplace, Uniform)((p: Laplace) => infiniteLike(p.loc));
register_kl(
  Laplace,
  Normal,
)((p: Laplace, q: Normal) => {
  const varNormal = q.scale.pow(2);
  const ratio = p.scale.pow(2).div(varNormal);
  const t1 = ratio.mul(2).div(Math.PI).log().mul(0.5);
  const t2 = p.loc.pow(2).mul(0.5);
  const t3 = p.loc.mul(q.loc);
  const t4 = q.loc.pow(2).mul(0.5);
  return t1.neg().add(ratio).add(t2.sub(t3).add(t4).div(varNormal)).sub(1);
});
register_kl(Normal, Exponential)((p: Normal) => infiniteLike(p.loc));
register_kl(Normal, Uniform)((p: Normal) => infiniteLike(p.loc));
register_kl(
  Normal,
  Laplace,
)((p: Normal, q: Laplace) => {
  const locDiff = p.loc.sub(q.loc);
  const scaleRatio = p.scale.div(q.scale);
  const ldsr = locDiff.div(p.scale);
  const t1 = scaleRatio.log();
  const t2 = p.scale.mul(Math.sqrt(2 / Math.PI)).mul(ldsr.pow(2).mul(-0.5).exp());
  const t3 = locDiff.mul(ldsr.mul(Math.sqrt(0.5)).erf());
  return t1
    .neg()
    .add(t2.add(t3).div(q.scale))
    .sub(0.5 * (1 + Math.log(0.5 * Math.PI)));
});
register_kl(Poisson, Bernoulli)((p: Poisson) => infiniteLike(p.rate));
register_kl(
  Uniform,
  Exponential,
)((p: Uniform, q: Exponential) => {
  const result = q.rate.mul(p.high.add(p.low)).div(2).sub(p.high.sub(p.low).mul(q.rate).log());
  return result.masked_fill(p.low.lt(0), Infinity);
});
register_kl(
  Uniform,
  Normal,
)((p: Uniform, q: Normal) => {
  const common = p.high.sub(p.low);
  const t1 = q.scale
    .mul(Math.sqrt(Math.PI * 2))
    .div(common)
    .log();
  const t2 = common.pow(2).div(12);
  const t3 = p.high.add(p.low).sub(q.loc.mul(2)).div(2).pow(2);
  return t1.add(t2.add(t3).mul(0.5).div(q.scale.pow(2)));
});

register_kl(
  TransformedDistribution,
  TransformedDistribution,
)((p: TransformedDistribution, q: TransformedDistribution) => {
  if (p.transforms.length !== q.transforms.length || p.transforms.some((t, i) => !t.equals(q.transforms[i]))) {
    throw notImplemented('');
  }
  const pe = p.event_shape;
  const qe = q.event_shape;
  if (pe.length !== qe.length || pe.some((d, i) => d !== qe[i])) throw notImplemented('');
  return kl_divergence(p.base_dist, q.base_dist);
});

const EULER = 0.5772156649015329;

register_kl(
  Gumbel,
  Gumbel,
)((p: Gumbel, q: Gumbel) => {
  const ct1 = p.scale.div(q.scale);
  const ct2 = q.loc.div(q.scale);
  const ct3 = p.loc.div(q.scale);
  const t1 = ct1.log().neg().sub(ct2).add(ct3);
  const t2 = ct1.mul(EULER);
  const t3 = ct2.add(ct1.add(1).lgamma()).sub(ct3).exp();
  return t1
    .add(t2)
    .add(t3)
    .sub(1 + EULER);
});

register_kl(HalfNormal, HalfNormal)((p: HalfNormal, q: HalfNormal) => kl_divergence(p.base_dist, q.base_dist));

register_kl(
  Exponential,
  Gumbel,
)((p: Exponential, q: Gumbel) => {
  const srp = p.rate.mul(q.scale);
  const lsr = q.loc.div(q.scale);
  const t1 = srp.log().sub(1);
  const t2 = lsr.exp().mul(srp).div(srp.add(1));
  const t3 = srp.reciprocal();
  return t1.sub(lsr).add(t2).add(t3);
});
register_kl(Gumbel, Exponential)((p: Gumbel) => infiniteLike(p.loc));
register_kl(Gumbel, Uniform)((p: Gumbel) => infiniteLike(p.loc));
register_kl(
  Gumbel,
  Normal,
)((p: Gumbel, q: Normal) => {
  const ratio = p.scale.div(q.scale);
  const t1 = ratio.div(Math.sqrt(2 * Math.PI)).log();
  const t2 = ratio.mul(Math.PI).mul(0.5).pow(2).div(3);
  const t3 = p.loc.add(p.scale.mul(EULER)).sub(q.loc).div(q.scale).pow(2).mul(0.5);
  return t1
    .neg()
    .add(t2)
    .add(t3)
    .sub(EULER + 1);
});
register_kl(
  Normal,
  Gumbel,
)((p: Normal, q: Gumbel) => {
  const msr = p.loc.div(q.scale);
  const vssr = p.scale.div(q.scale).pow(2);
  const lsr = q.loc.div(q.scale);
  const t1 = vssr.log().mul(0.5);
  const t2 = msr.sub(lsr);
  const t3 = msr.neg().add(vssr.mul(0.5)).add(lsr).exp();
  return t1
    .neg()
    .add(t2)
    .add(t3)
    .sub(0.5 * (1 + Math.log(2 * Math.PI)));
});
register_kl(
  Uniform,
  Gumbel,
)((p: Uniform, q: Gumbel) => {
  const common = q.scale.div(p.high.sub(p.low));
  const hld = p.high.sub(q.loc).div(q.scale);
  const lld = p.low.sub(q.loc).div(q.scale);
  const t1 = common.log().add(hld.add(lld).mul(0.5));
  const t2 = common.mul(hld.neg().exp().sub(lld.neg().exp()));
  return t1.sub(t2);
});
