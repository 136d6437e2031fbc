"""Oracle for torch.distributions (src/distributions/): for each distribution spec, its repr, shapes,
moments, log_prob/cdf/icdf/entropy values, samples after torch.manual_seed (PyTorch's CPU streams),
gradients of rsample/log_prob/entropy losses, expand, enumerate_support, validation error texts;
kl_divergence pairs; a REINFORCE policy-gradient step and a VAE-style loss.

    /usr/bin/python3 tests/oracle/distributions.py   ->  tests/fixtures/distributions.json
"""
import torch
import torch.distributions as D

from common import dump, enc, vals

torch.set_default_dtype(torch.float32)


class Arg:
    """A tensor argument: its encoding (values exact) and whether it requires grad."""

    def __init__(self, t, rg=False):
        self.t = t
        self.rg = rg

    def build(self):
        x = self.t.clone().detach()
        return x.requires_grad_(True) if self.rg else x

    def json(self):
        return {'tensor': enc(self.t), 'rg': self.rg}


def t(data, dtype=torch.float32, rg=False):
    return Arg(torch.tensor(data, dtype=dtype), rg)


def build_arg(a, leaves):
    if isinstance(a, Arg):
        x = a.build()
        if a.rg:
            leaves.append(x)
        return x
    if isinstance(a, dict) and 'cls' in a:
        return build_dist(a, leaves)
    if isinstance(a, dict) and 'tr' in a:
        return getattr(D.transforms, a['tr'])(*[build_arg(x, leaves) for x in a.get('args', [])])
    if isinstance(a, list):
        return [build_arg(x, leaves) for x in a]
    return a


def build_dist(spec, leaves):
    args = [build_arg(a, leaves) for a in spec.get('args', [])]
    kw = {k: build_arg(v, leaves) for k, v in spec.get('kw', {}).items()}
    return getattr(D, spec['cls'])(*args, **kw)


def spec_json(spec):
    def conv(a):
        if isinstance(a, Arg):
            return a.json()
        if isinstance(a, dict) and 'cls' in a:
            return spec_json(a)
        if isinstance(a, dict) and 'tr' in a:
            return {'tr': a['tr'], 'args': [conv(x) for x in a.get('args', [])]}
        if isinstance(a, list):
            return [conv(x) for x in a]
        return a
    return {'cls': spec['cls'], 'args': [conv(a) for a in spec.get('args', [])],
            'kw': {k: conv(v) for k, v in spec.get('kw', {}).items()}}


def outcome(fn):
    try:
        v = fn()
    except Exception as e:  # noqa: BLE001 - PyTorch's exact text and class
        return {'error': str(e), 'type': type(e).__name__}
    if isinstance(v, torch.Tensor):
        return {'value': enc(v)}
    if isinstance(v, torch.Size):
        return {'size': list(v)}
    return {'py': v if isinstance(v, (bool, int, float)) else str(v)}


def grads_of(spec, loss_fn):
    leaves = []
    d = build_dist(spec, leaves)
    torch.manual_seed(3)
    loss = loss_fn(d)
    loss.backward()
    return {'loss': enc(loss), 'grads': [enc(x.grad) if x.grad is not None else None for x in leaves]}


cases = []


def dist_case(name, spec, value=None, q=None, sample_shape=(3,), validate=None):
    leaves = []
    c = {'name': name, 'kind': 'dist', 'spec': spec_json(spec)}
    try:
        d = build_dist(spec, leaves)
    except Exception as e:  # noqa: BLE001
        c['ctor_error'] = {'error': str(e), 'type': type(e).__name__}
        cases.append(c)
        return
    c['repr'] = repr(d)
    c['batch_shape'] = list(d.batch_shape)
    c['event_shape'] = list(d.event_shape)
    c['has_rsample'] = d.has_rsample
    c['support'] = outcome(lambda: repr(d.support))
    for prop in ('mean', 'mode', 'variance', 'stddev'):
        c[prop] = outcome(lambda: getattr(d, prop))
    c['entropy'] = outcome(lambda: d.entropy())
    c['perplexity'] = outcome(lambda: d.perplexity())
    c['sample_shape'] = list(sample_shape)

    def sample(fn):
        torch.manual_seed(0)
        return fn()
    c['sample'] = outcome(lambda: sample(lambda: d.sample()))
    c['sample_n'] = outcome(lambda: sample(lambda: d.sample(sample_shape)))
    c['rsample'] = outcome(lambda: sample(lambda: d.rsample(sample_shape)))
    c['after'] = outcome(lambda: torch.rand(2))  # the generator state after the last draw
    if value is not None:
        c['value'] = value.json()
        c['log_prob'] = outcome(lambda: d.log_prob(value.build()))
        c['cdf'] = outcome(lambda: d.cdf(value.build()))
    if q is not None:
        c['q'] = q.json()
        c['icdf'] = outcome(lambda: d.icdf(q.build()))
    c['enumerate_support'] = outcome(lambda: d.enumerate_support())
    c['enumerate_support_noexpand'] = outcome(lambda: d.enumerate_support(False))
    ex = d.expand(torch.Size([2]) + d.batch_shape)
    c['expand'] = {'repr': repr(ex), 'batch_shape': list(ex.batch_shape), 'event_shape': list(ex.event_shape),
                   'sample': outcome(lambda: sample(lambda: ex.sample())),
                   'mean': outcome(lambda: ex.mean)}
    if leaves:
        if d.has_rsample:
            c['grad_rsample'] = grads_of(spec, lambda d: (d.rsample(sample_shape) ** 2).sum())
        if value is not None:
            c['grad_log_prob'] = grads_of(spec, lambda d: d.log_prob(value.build()).sum())
        try:
            if d.entropy().requires_grad:
                c['grad_entropy'] = grads_of(spec, lambda d: d.entropy().sum())
        except NotImplementedError:
            pass
    if validate is not None:
        c['bad_value'] = validate.json()
        c['validate_error'] = outcome(lambda: d.log_prob(validate.build()))
    cases.append(c)


# ---------------------------------------------------------------- Normal
dist_case('Normal scalar', {'cls': 'Normal', 'args': [0.0, 1.0]}, value=t(0.5), q=t(0.3), validate=t([[1.0]]))
dist_case('Normal batch', {'cls': 'Normal', 'args': [t([0.0, 1.0], rg=True), t([1.0, 2.0], rg=True)]},
          value=t([[0.5, -1.0], [2.0, 0.1]]), q=t([0.1, 0.9]), sample_shape=(3, 2))
dist_case('Normal float64 broadcast', {'cls': 'Normal', 'args': [t([[0.5], [-1.0]], torch.float64, rg=True), 2.0]},
          value=t([1.0, 2.0, 3.0], torch.float64), q=t([0.25], torch.float64))
dist_case('Normal bad scale', {'cls': 'Normal', 'args': [t([0.0, 1.0]), t([1.0, -2.0])]})
dist_case('Normal nan loc', {'cls': 'Normal', 'args': [t([float('nan'), 0.0]), t([1.0, 1.0])]})
dist_case('Normal bad scale no validation', {'cls': 'Normal', 'args': [t([0.0]), t([-1.0])],
                                             'kw': {'validate_args': False}}, value=t([0.5]))
dist_case('Normal positional validate_args', {'cls': 'Normal', 'args': [0.0, -1.0, False]}, value=t(0.5))
dist_case('Independent positional validate_args', {'cls': 'Independent', 'args': [
    {'cls': 'Normal', 'args': [t([0.0, 1.0]), 1.0]}, 1, True]}, value=t([0.5, 0.5]))
dist_case('Normal scalar tensor repr', {'cls': 'Normal', 'args': [t(0.1), t([2.0])]})
# ---------------------------------------------------------------- Bernoulli
dist_case('Bernoulli probs', {'cls': 'Bernoulli', 'args': [t([0.3, 0.5, 0.9], rg=True)]},
          value=t([0.0, 1.0, 1.0]), sample_shape=(4,), validate=t([0.5, 1.0, 0.0]))
dist_case('Bernoulli logits', {'cls': 'Bernoulli', 'kw': {'logits': t([[-1.0, 0.0], [2.0, 0.5]], rg=True)}},
          value=t([1.0, 0.0]))
dist_case('Bernoulli scalar', {'cls': 'Bernoulli', 'args': [0.25]}, value=t(1.0))
dist_case('Bernoulli bad probs', {'cls': 'Bernoulli', 'args': [t([0.5, 1.5])]})
dist_case('Bernoulli both', {'cls': 'Bernoulli', 'args': [t([0.5])], 'kw': {'logits': t([0.5])}})
dist_case('Bernoulli neither', {'cls': 'Bernoulli'})
# ---------------------------------------------------------------- Categorical / OneHotCategorical
dist_case('Categorical probs', {'cls': 'Categorical', 'args': [t([0.1, 0.2, 0.3, 0.4], rg=True)]},
          value=t([0, 3, 1], torch.int64), sample_shape=(6,), validate=t([4], torch.int64))
dist_case('Categorical unnormalized batch', {'cls': 'Categorical', 'args': [t([[1.0, 2.0, 1.0], [0.0, 5.0, 5.0]])]},
          value=t([[2, 1], [0, 1]], torch.int64), sample_shape=(5,))
dist_case('Categorical logits', {'cls': 'Categorical', 'kw': {'logits': t([[0.5, -1.0, 2.0], [1.0, 1.0, 1.0]], rg=True)}},
          value=t([2, 0], torch.int64), sample_shape=(2, 3))
dist_case('Categorical bad probs', {'cls': 'Categorical', 'args': [t([0.5, -0.1, 0.6])]})
dist_case('Categorical scalar probs', {'cls': 'Categorical', 'args': [t(0.5)]})
dist_case('OneHotCategorical probs', {'cls': 'OneHotCategorical', 'args': [t([0.2, 0.3, 0.5], rg=True)]},
          value=t([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]), sample_shape=(4,), validate=t([0.5, 0.5, 0.0]))
dist_case('OneHotCategorical logits', {'cls': 'OneHotCategorical', 'kw': {'logits': t([[0.0, 1.0], [2.0, -1.0]])}},
          value=t([0.0, 1.0]))
# ---------------------------------------------------------------- Uniform
dist_case('Uniform scalar', {'cls': 'Uniform', 'args': [0.0, 2.0]}, value=t([0.5, 1.5]), q=t([0.25, 0.75]),
          validate=t([2.5]))
dist_case('Uniform batch', {'cls': 'Uniform', 'args': [t([0.0, -1.0], rg=True), t([1.0, 3.0], rg=True)]},
          value=t([0.5, 2.0]), q=t([0.1, 0.9]), sample_shape=(2, 2))
dist_case('Uniform low>=high', {'cls': 'Uniform', 'args': [t([0.0, 1.0]), t([1.0, 1.0])]})
# ---------------------------------------------------------------- Exponential
dist_case('Exponential', {'cls': 'Exponential', 'args': [t([0.5, 2.0], rg=True)]}, value=t([1.0, 0.25]),
          q=t([0.3, 0.6]), sample_shape=(3,), validate=t([-1.0, 1.0]))
dist_case('Exponential scalar float64', {'cls': 'Exponential', 'args': [t(1.5, torch.float64)]}, value=t(0.7, torch.float64))
dist_case('Exponential bad rate', {'cls': 'Exponential', 'args': [t([0.0, 1.0])]})
# ---------------------------------------------------------------- Laplace
dist_case('Laplace', {'cls': 'Laplace', 'args': [t([0.0, 1.0], rg=True), t([1.0, 0.5], rg=True)]},
          value=t([0.3, 2.0]), q=t([0.2, 0.7]), sample_shape=(4,))
dist_case('Laplace scalar float64', {'cls': 'Laplace', 'args': [t(0.5, torch.float64), 2.0]}, value=t(-1.0, torch.float64),
          q=t(0.9, torch.float64))
# ---------------------------------------------------------------- MultivariateNormal
cov = [[2.0, 0.5, 0.1], [0.5, 1.0, 0.2], [0.1, 0.2, 0.8]]
dist_case('MVN covariance', {'cls': 'MultivariateNormal', 'args': [t([0.0, 1.0, -1.0], rg=True), t(cov, rg=True)]},
          value=t([[0.3, -0.2, 0.5], [1.0, 1.0, 1.0]]), sample_shape=(2,))
dist_case('MVN scale_tril batch', {'cls': 'MultivariateNormal', 'args': [t([[0.0, 1.0], [2.0, -1.0]], rg=True)],
                                   'kw': {'scale_tril': t([[1.0, 0.0], [0.5, 2.0]], rg=True)}},
          value=t([[0.5, 0.5], [1.0, -2.0]]), sample_shape=(3,))
dist_case('MVN precision float64', {'cls': 'MultivariateNormal', 'args': [t([1.0, 2.0], torch.float64)],
                                    'kw': {'precision_matrix': t([[2.0, -0.3], [-0.3, 1.0]], torch.float64)}},
          value=t([0.0, 0.0], torch.float64))
dist_case('MVN batched covariance', {'cls': 'MultivariateNormal',
                                     'args': [t([0.0, 0.0]), t([[[1.0, 0.0], [0.0, 1.0]], [[2.0, 0.3], [0.3, 0.5]]])]},
          value=t([[[1.0, 1.0]], [[0.0, -1.0]], [[2.0, 0.0]]]),
          sample_shape=(2,))
dist_case('MVN not positive definite', {'cls': 'MultivariateNormal', 'args': [t([0.0, 0.0]), t([[1.0, 2.0], [2.0, 1.0]])]})
dist_case('MVN two parameters', {'cls': 'MultivariateNormal', 'args': [t([0.0, 0.0]), t([[1.0, 0.0], [0.0, 1.0]])],
                                 'kw': {'scale_tril': t([[1.0, 0.0], [0.0, 1.0]])}})
dist_case('MVN bad scale_tril', {'cls': 'MultivariateNormal', 'args': [t([0.0, 0.0])],
                                 'kw': {'scale_tril': t([[1.0, 1.0], [0.0, 1.0]])}})
dist_case('MVN scalar loc', {'cls': 'MultivariateNormal', 'args': [t(0.0), t([[1.0]])]})
# ---------------------------------------------------------------- Independent
normal_spec = {'cls': 'Normal', 'args': [t([[0.0, 1.0, 2.0], [-1.0, 0.5, 0.0]], rg=True), t([[1.0, 0.5, 2.0], [1.0, 1.0, 3.0]])]}
dist_case('Independent Normal 1', {'cls': 'Independent', 'args': [normal_spec, 1]},
          value=t([[0.1, 0.2, 0.3], [1.0, 1.0, 1.0]]), sample_shape=(2,), validate=t([1.0, 2.0]))
dist_case('Independent Normal 2', {'cls': 'Independent', 'args': [normal_spec, 2]},
          value=t([[0.1, 0.2, 0.3], [1.0, 1.0, 1.0]]))
dist_case('Independent Bernoulli', {'cls': 'Independent', 'args': [{'cls': 'Bernoulli', 'args': [t([0.2, 0.7])]}, 1]},
          value=t([1.0, 0.0]), sample_shape=(3,))
dist_case('Independent too many dims', {'cls': 'Independent', 'args': [normal_spec, 3]})

# ---------------------------------------------------------------- Cauchy / Geometric / Poisson
dist_case('Cauchy', {'cls': 'Cauchy', 'args': [t([0.0, 1.0], rg=True), t([1.0, 0.5], rg=True)]},
          value=t([0.3, 2.0]), q=t([0.2, 0.7]), sample_shape=(4,))
dist_case('Cauchy scalar float64', {'cls': 'Cauchy', 'args': [t(0.5, torch.float64), 2.0]}, value=t(-1.0, torch.float64),
          q=t(0.9, torch.float64), sample_shape=(20,))
dist_case('Geometric probs', {'cls': 'Geometric', 'args': [t([0.2, 0.5, 1.0], rg=True)]},
          value=t([0.0, 3.0, 0.0]), sample_shape=(4,), validate=t([0.5, 1.0, 2.0]))
dist_case('Geometric logits', {'cls': 'Geometric', 'kw': {'logits': t([-1.0, 2.0], rg=True)}},
          value=t([1.0, 2.0]), sample_shape=(3,))
dist_case('Geometric zero probs', {'cls': 'Geometric', 'args': [t([0.0, 0.5])]})
dist_case('Poisson small rates', {'cls': 'Poisson', 'args': [t([0.5, 3.0, 0.0], rg=True)]},
          value=t([0.0, 2.0, 0.0]), sample_shape=(5,), validate=t([0.5, 1.0, 2.0]))
dist_case('Poisson large rates', {'cls': 'Poisson', 'args': [t([10.0, 25.5, 120.0, 1000.0])]},
          value=t([9.0, 30.0, 100.0, 1000.0]), sample_shape=(50,))
dist_case('Poisson float64 scalar', {'cls': 'Poisson', 'args': [t(4.2, torch.float64)]}, value=t(4.0, torch.float64),
          sample_shape=(30,))
dist_case('Binomial probs', {'cls': 'Binomial', 'args': [10, t([0.1, 0.5, 0.9], rg=True)]},
          value=t([1.0, 5.0, 10.0]), sample_shape=(20,), validate=t([1.0, 11.0, 2.0]))
dist_case('Binomial large counts', {'cls': 'Binomial', 'args': [t([100.0, 1000.0, 37.0, 250.0]), t([0.3, 0.02, 0.8, 0.97])]},
          value=t([30.0, 20.0, 30.0, 240.0]), sample_shape=(40,))
dist_case('Binomial large counts float64', {'cls': 'Binomial', 'args': [t([100.0, 1000.0, 37.0, 250.0], torch.float64),
                                                                         t([0.3, 0.02, 0.8, 0.97], torch.float64)]},
          value=t([30.0, 20.0, 30.0, 240.0], torch.float64), sample_shape=(40,))
dist_case('Binomial stress', {'cls': 'Binomial', 'args': [t([3.0, 12.0, 20.0, 60.0, 500.0, 41.0]),
                                                         t([0.5, 0.85, 0.45, 0.17, 0.5, 0.999])]},
          sample_shape=(150,))
dist_case('Poisson stress', {'cls': 'Poisson', 'args': [t([0.01, 1.5, 9.99, 10.0, 47.3, 3000.0])]}, sample_shape=(150,))
dist_case('Binomial logits', {'cls': 'Binomial', 'kw': {'total_count': t([5.0, 5.0]), 'logits': t([-1.0, 2.0], rg=True)}},
          value=t([2.0, 4.0]), sample_shape=(3,))
dist_case('Binomial inhomogeneous', {'cls': 'Binomial', 'args': [t([3.0, 5.0]), t([0.5, 0.5])]}, value=t([1.0, 4.0]))
dist_case('Binomial bad count', {'cls': 'Binomial', 'args': [t([2.5]), t([0.5])]})
dist_case('Poisson negative rate', {'cls': 'Poisson', 'args': [t([-1.0])]})

# ---------------------------------------------------------------- TransformedDistribution / LogNormal
dist_case('LogNormal', {'cls': 'LogNormal', 'args': [t([0.0, 1.0], rg=True), t([1.0, 0.5], rg=True)]},
          value=t([0.5, 2.0]), q=t([0.2, 0.7]), sample_shape=(3,), validate=t([-1.0, 1.0]))
dist_case('LogNormal scalar', {'cls': 'LogNormal', 'args': [0.0, 1.0]}, value=t(1.5))
dist_case('LogNormal bad scale', {'cls': 'LogNormal', 'args': [t([0.0]), t([0.0])]})
dist_case('Transformed affine exp', {'cls': 'TransformedDistribution',
                                     'args': [{'cls': 'Normal', 'args': [t([0.0, 1.0], rg=True), t([1.0, 2.0], rg=True)]},
                                              [{'tr': 'AffineTransform', 'args': [1.0, 2.0]}, {'tr': 'ExpTransform'}]]},
          value=t([3.0, 5.0]), q=t([0.3, 0.6]), sample_shape=(2,))
dist_case('Transformed sigmoid', {'cls': 'TransformedDistribution',
                                  'args': [{'cls': 'Normal', 'args': [t([0.0, 1.0], rg=True), 1.0]}, {'tr': 'SigmoidTransform'}]},
          value=t([0.3, 0.9]), q=t([0.2, 0.5]), sample_shape=(3,))
dist_case('Transformed tanh negative affine', {'cls': 'TransformedDistribution',
                                               'args': [{'cls': 'Uniform', 'args': [t([0.0, -1.0]), t([1.0, 1.0])]},
                                                        [{'tr': 'AffineTransform', 'args': [0.5, -2.0]}, {'tr': 'TanhTransform'}]]},
          value=t([-0.5, 0.2]), q=t([0.25, 0.75]), sample_shape=(2,))
dist_case('Transformed affine tensor scale', {'cls': 'TransformedDistribution',
                                              'args': [{'cls': 'Exponential', 'args': [t([1.0, 2.0])]},
                                                       {'tr': 'AffineTransform', 'args': [t([0.0, 1.0]), t([2.0, -1.0])]}]},
          value=t([1.0, 0.5]), q=t([0.25, 0.75]), sample_shape=(2,))
dist_case('HalfNormal', {'cls': 'HalfNormal', 'args': [t([1.0, 2.5], rg=True)]}, value=t([0.5, 1.0]), q=t([0.3, 0.8]),
          sample_shape=(3,), validate=t([-1.0, 1.0]))
dist_case('HalfNormal scalar bad', {'cls': 'HalfNormal', 'args': [-1.0]})
dist_case('Gumbel', {'cls': 'Gumbel', 'args': [t([0.0, 1.0], rg=True), t([1.0, 0.5], rg=True)]}, value=t([0.5, -1.0]),
          q=t([0.3, 0.8]), sample_shape=(3,))
dist_case('Gumbel scalar', {'cls': 'Gumbel', 'args': [1.0, 2.0]}, value=t(0.5), sample_shape=(4,))
dist_case('Gumbel bad scale', {'cls': 'Gumbel', 'args': [t([1.0]), t([-2.0])]})
dist_case('OneHotCategoricalStraightThrough', {'cls': 'OneHotCategoricalStraightThrough',
                                               'args': [t([0.2, 0.3, 0.5], rg=True)]},
          value=t([0.0, 1.0, 0.0]), sample_shape=(2,))
dist_case('Transformed bad transforms', {'cls': 'TransformedDistribution', 'args': [{'cls': 'Normal', 'args': [0.0, 1.0]}, [3]]})

# ---------------------------------------------------------------- value checks
dist_case('Normal value event mismatch', {'cls': 'MultivariateNormal', 'args': [t([0.0, 0.0]), t([[1.0, 0.0], [0.0, 1.0]])]},
          validate=t([1.0, 2.0, 3.0]))
dist_case('Normal value not broadcastable', {'cls': 'Normal', 'args': [t([0.0, 0.0]), t([1.0, 1.0])]},
          validate=t([1.0, 2.0, 3.0]))

# ---------------------------------------------------------------- kl_divergence
def kl_case(name, p, q):
    c = {'name': name, 'kind': 'kl', 'p': spec_json(p), 'q': spec_json(q)}
    leaves = []
    try:
        dp = build_dist(p, leaves)
        dq = build_dist(q, leaves)
        k = D.kl_divergence(dp, dq)
        c['kl'] = {'value': enc(k)}
        if leaves and k.requires_grad:
            k.sum().backward()
            c['grads'] = [enc(x.grad) if x.grad is not None else None for x in leaves]
    except Exception as e:  # noqa: BLE001
        c['kl'] = {'error': str(e), 'type': type(e).__name__}
    cases.append(c)


kl_case('kl Normal Normal', {'cls': 'Normal', 'args': [t([0.0, 1.0], rg=True), t([1.0, 2.0], rg=True)]},
        {'cls': 'Normal', 'args': [t([0.5, -1.0], rg=True), t([0.5, 1.5], rg=True)]})
kl_case('kl Normal Normal scalar broadcast', {'cls': 'Normal', 'args': [t([[0.0], [1.0]]), 1.0]},
        {'cls': 'Normal', 'args': [0.0, t([1.0, 2.0, 3.0])]})
kl_case('kl Bernoulli Bernoulli', {'cls': 'Bernoulli', 'args': [t([0.3, 0.0, 1.0, 0.5], rg=True)]},
        {'cls': 'Bernoulli', 'args': [t([0.6, 0.2, 0.3, 0.0])]})
kl_case('kl Bernoulli logits', {'cls': 'Bernoulli', 'kw': {'logits': t([0.3, -2.0], rg=True)}},
        {'cls': 'Bernoulli', 'kw': {'logits': t([1.0, 0.5], rg=True)}})
kl_case('kl Categorical Categorical', {'cls': 'Categorical', 'args': [t([[0.2, 0.3, 0.5], [0.0, 0.5, 0.5]], rg=True)]},
        {'cls': 'Categorical', 'args': [t([[0.1, 0.1, 0.8], [0.3, 0.0, 0.7]])]})
kl_case('kl Categorical logits', {'cls': 'Categorical', 'kw': {'logits': t([0.2, 0.3, 0.5], rg=True)}},
        {'cls': 'Categorical', 'kw': {'logits': t([1.0, -1.0, 0.0], rg=True)}})
kl_case('kl OneHotCategorical', {'cls': 'OneHotCategorical', 'args': [t([0.2, 0.3, 0.5])]},
        {'cls': 'OneHotCategorical', 'args': [t([0.4, 0.4, 0.2])]})
kl_case('kl Uniform Uniform', {'cls': 'Uniform', 'args': [t([0.0, 0.0, 1.0], rg=True), t([1.0, 2.0, 2.0], rg=True)]},
        {'cls': 'Uniform', 'args': [t([-1.0, 0.5, 0.0]), t([2.0, 2.0, 3.0])]})
kl_case('kl Exponential Exponential', {'cls': 'Exponential', 'args': [t([0.5, 2.0], rg=True)]},
        {'cls': 'Exponential', 'args': [t([1.0, 1.0], rg=True)]})
kl_case('kl Laplace Laplace', {'cls': 'Laplace', 'args': [t([0.0, 1.0], rg=True), t([1.0, 0.5], rg=True)]},
        {'cls': 'Laplace', 'args': [t([0.5, 0.0]), t([2.0, 1.0], rg=True)]})
kl_case('kl MVN MVN', {'cls': 'MultivariateNormal', 'args': [t([0.0, 1.0, -1.0], rg=True), t(cov, rg=True)]},
        {'cls': 'MultivariateNormal', 'args': [t([1.0, 0.0, 0.0])],
         'kw': {'scale_tril': t([[1.0, 0.0, 0.0], [0.3, 1.5, 0.0], [-0.2, 0.1, 0.7]], rg=True)}})
kl_case('kl MVN batched', {'cls': 'MultivariateNormal', 'args': [t([[0.0, 1.0], [1.0, 1.0]]), t([[1.0, 0.2], [0.2, 1.0]])]},
        {'cls': 'MultivariateNormal', 'args': [t([0.0, 0.0])], 'kw': {'scale_tril': t([[[1.0, 0.0], [0.5, 1.0]], [[2.0, 0.0], [0.0, 0.5]]])}})
kl_case('kl Independent Independent', {'cls': 'Independent', 'args': [normal_spec, 1]},
        {'cls': 'Independent', 'args': [{'cls': 'Normal', 'args': [0.0, t([1.0, 2.0, 3.0])]}, 1]})
kl_case('kl Independent mismatched ndims', {'cls': 'Independent', 'args': [normal_spec, 1]},
        {'cls': 'Independent', 'args': [normal_spec, 2]})
kl_case('kl Geometric Geometric', {'cls': 'Geometric', 'args': [t([0.2, 0.5], rg=True)]},
        {'cls': 'Geometric', 'args': [t([0.4, 0.9], rg=True)]})
kl_case('kl Poisson Poisson', {'cls': 'Poisson', 'args': [t([1.0, 4.0], rg=True)]},
        {'cls': 'Poisson', 'args': [t([2.0, 3.0], rg=True)]})
kl_case('kl Cauchy Cauchy', {'cls': 'Cauchy', 'args': [t([0.0, 1.0], rg=True), t([1.0, 2.0], rg=True)]},
        {'cls': 'Cauchy', 'args': [t([0.5, -1.0]), t([0.5, 1.0])]})
kl_case('kl Bernoulli Poisson', {'cls': 'Bernoulli', 'args': [t([0.3, 0.6], rg=True)]},
        {'cls': 'Poisson', 'args': [t([1.0, 0.5], rg=True)]})
kl_case('kl Poisson Bernoulli', {'cls': 'Poisson', 'args': [t([1.0, 0.5])]}, {'cls': 'Bernoulli', 'args': [t([0.3, 0.6])]})
kl_case('kl Exponential Normal', {'cls': 'Exponential', 'args': [t([0.5, 2.0], rg=True)]},
        {'cls': 'Normal', 'args': [t([0.0, 1.0], rg=True), t([1.0, 2.0], rg=True)]})
kl_case('kl Exponential Uniform', {'cls': 'Exponential', 'args': [t([0.5, 2.0])]}, {'cls': 'Uniform', 'args': [0.0, 1.0]})
kl_case('kl Laplace Normal', {'cls': 'Laplace', 'args': [t([0.0, 1.0], rg=True), t([1.0, 0.5], rg=True)]},
        {'cls': 'Normal', 'args': [t([0.5, -1.0], rg=True), t([2.0, 1.0], rg=True)]})
kl_case('kl Laplace Exponential', {'cls': 'Laplace', 'args': [t([0.0, 1.0]), 1.0]}, {'cls': 'Exponential', 'args': [1.0]})
kl_case('kl Laplace Uniform', {'cls': 'Laplace', 'args': [0.0, 1.0]}, {'cls': 'Uniform', 'args': [0.0, 1.0]})
kl_case('kl Normal Laplace', {'cls': 'Normal', 'args': [t([0.0, 1.0], rg=True), t([1.0, 0.5], rg=True)]},
        {'cls': 'Laplace', 'args': [t([0.5, -1.0], rg=True), t([2.0, 1.0], rg=True)]})
kl_case('kl Normal Exponential', {'cls': 'Normal', 'args': [t([0.0, 1.0]), 1.0]}, {'cls': 'Exponential', 'args': [1.0]})
kl_case('kl Normal Uniform', {'cls': 'Normal', 'args': [0.0, 1.0]}, {'cls': 'Uniform', 'args': [0.0, 1.0]})
kl_case('kl Uniform Exponential', {'cls': 'Uniform', 'args': [t([0.0, -1.0, 1.0], rg=True), t([1.0, 2.0, 3.0], rg=True)]},
        {'cls': 'Exponential', 'args': [t([0.5, 1.0, 2.0], rg=True)]})
kl_case('kl Uniform Normal', {'cls': 'Uniform', 'args': [t([0.0, -1.0], rg=True), t([1.0, 2.0], rg=True)]},
        {'cls': 'Normal', 'args': [t([0.5, 0.0], rg=True), t([1.0, 3.0], rg=True)]})
kl_case('kl Exponential Poisson', {'cls': 'Exponential', 'args': [1.0]}, {'cls': 'Poisson', 'args': [1.0]})
kl_case('kl LogNormal LogNormal', {'cls': 'LogNormal', 'args': [t([0.0, 1.0], rg=True), t([1.0, 2.0], rg=True)]},
        {'cls': 'LogNormal', 'args': [t([0.5, -1.0]), t([0.5, 1.5], rg=True)]})
kl_case('kl Transformed different transforms',
        {'cls': 'TransformedDistribution', 'args': [{'cls': 'Normal', 'args': [0.0, 1.0]}, {'tr': 'ExpTransform'}]},
        {'cls': 'TransformedDistribution', 'args': [{'cls': 'Normal', 'args': [0.0, 1.0]}, {'tr': 'SigmoidTransform'}]})
kl_case('kl Gumbel Gumbel', {'cls': 'Gumbel', 'args': [t([0.0, 1.0], rg=True), t([1.0, 2.0], rg=True)]},
        {'cls': 'Gumbel', 'args': [t([0.5, -1.0]), t([0.5, 1.5], rg=True)]})
kl_case('kl HalfNormal HalfNormal', {'cls': 'HalfNormal', 'args': [t([1.0, 2.0], rg=True)]},
        {'cls': 'HalfNormal', 'args': [t([0.5, 1.5], rg=True)]})
kl_case('kl Exponential Gumbel', {'cls': 'Exponential', 'args': [t([0.5, 2.0], rg=True)]},
        {'cls': 'Gumbel', 'args': [t([0.0, 1.0], rg=True), t([1.0, 2.0], rg=True)]})
kl_case('kl Gumbel Normal', {'cls': 'Gumbel', 'args': [t([0.0, 1.0], rg=True), t([1.0, 2.0], rg=True)]},
        {'cls': 'Normal', 'args': [t([0.5, -1.0], rg=True), t([0.5, 1.5], rg=True)]})
kl_case('kl Normal Gumbel', {'cls': 'Normal', 'args': [t([0.5, -1.0], rg=True), t([0.5, 1.5], rg=True)]},
        {'cls': 'Gumbel', 'args': [t([0.0, 1.0], rg=True), t([1.0, 2.0], rg=True)]})
kl_case('kl Uniform Gumbel', {'cls': 'Uniform', 'args': [t([0.0, -1.0], rg=True), t([1.0, 2.0], rg=True)]},
        {'cls': 'Gumbel', 'args': [t([0.0, 1.0], rg=True), t([1.0, 2.0], rg=True)]})
kl_case('kl Gumbel Uniform', {'cls': 'Gumbel', 'args': [0.0, 1.0]}, {'cls': 'Uniform', 'args': [0.0, 1.0]})
kl_case('kl Gumbel Exponential', {'cls': 'Gumbel', 'args': [t([0.0, 1.0]), 1.0]}, {'cls': 'Exponential', 'args': [1.0]})
kl_case('kl LogNormal Gumbel', {'cls': 'LogNormal', 'args': [0.0, 1.0]}, {'cls': 'Gumbel', 'args': [0.0, 1.0]})
kl_case('kl Normal Bernoulli', {'cls': 'Normal', 'args': [0.0, 1.0]}, {'cls': 'Bernoulli', 'args': [0.5]})
kl_case('kl Categorical Normal', {'cls': 'Categorical', 'args': [t([0.5, 0.5])]}, {'cls': 'Normal', 'args': [0.0, 1.0]})

# ---------------------------------------------------------------- REINFORCE and a VAE-style loss
def reinforce():
    torch.manual_seed(0)
    W = vals((4, 3), salt=1, dtype=torch.float32).requires_grad_(True)
    states = vals((5, 4), salt=2, dtype=torch.float32)
    rewards = vals((5,), salt=3, dtype=torch.float32)
    out = {}
    logits = states @ W
    m = D.Categorical(logits=logits)
    action = m.sample()
    loss = -(m.log_prob(action) * rewards).sum()
    loss.backward()
    out['action'] = enc(action)
    out['loss'] = enc(loss)
    out['W_grad'] = enc(W.grad)
    probs_policy = torch.softmax(states @ W.detach(), dim=1)
    m2 = D.Categorical(probs_policy)
    out['action2'] = enc(m2.sample((2,)))
    out['entropy'] = enc(m2.entropy())
    return {'name': 'REINFORCE', 'kind': 'reinforce', 'out': out}


def vae():
    torch.manual_seed(0)
    mu = vals((3, 2), salt=4, dtype=torch.float32).requires_grad_(True)
    logvar = (vals((3, 2), salt=5, dtype=torch.float32) * 0.5).requires_grad_(True)
    q = D.Normal(mu, torch.exp(0.5 * logvar))
    z = q.rsample()
    prior = D.Normal(torch.zeros_like(mu), torch.ones_like(mu))
    loss = D.kl_divergence(q, prior).sum() + (z ** 2).sum()
    loss.backward()
    return {'name': 'VAE', 'kind': 'vae', 'out': {'z': enc(z), 'loss': enc(loss), 'mu_grad': enc(mu.grad),
                                                   'logvar_grad': enc(logvar.grad)}}


def default_validation():
    D.Distribution.set_default_validate_args(False)
    try:
        d = D.Normal(torch.tensor([0.0]), torch.tensor([-1.0]))
        out = {'repr': repr(d), 'log_prob': enc(d.log_prob(torch.tensor([0.5]))),
               'explicit': outcome(lambda: D.Normal(torch.tensor([0.0]), torch.tensor([-1.0]), validate_args=True))}
    finally:
        D.Distribution.set_default_validate_args(True)
    out['back_on'] = outcome(lambda: D.Normal(torch.tensor([0.0]), torch.tensor([-1.0])))
    return {'name': 'set_default_validate_args', 'kind': 'default_validation', 'out': out}


def transform_case(name, tr, x):
    leaves = []
    T = build_arg(tr, leaves)
    out = {'repr': repr(T), 'inv_repr': repr(T.inv), 'domain': repr(T.domain), 'codomain': repr(T.codomain),
           'bijective': T.bijective}
    X = x.build()
    out['forward'] = outcome(lambda: T(X))
    out['inverse'] = outcome(lambda: T.inv(T(X)))
    out['ladj'] = outcome(lambda: T.log_abs_det_jacobian(X, T(X)))
    out['inv_ladj'] = outcome(lambda: T.inv.log_abs_det_jacobian(T(X), X))
    out['sign'] = outcome(lambda: T.sign)
    return {'name': 'transform ' + name, 'kind': 'transform', 'tr': spec_json({'cls': '', 'args': [tr]})['args'][0],
            'x': x.json(), 'out': out}


for nm, tr in [('exp', {'tr': 'ExpTransform'}), ('affine', {'tr': 'AffineTransform', 'args': [1.0, -3.0]}),
               ('affine tensor', {'tr': 'AffineTransform', 'args': [t([0.5, 1.0, 0.0]), t([2.0, 0.5, 1.0])]}),
               ('sigmoid', {'tr': 'SigmoidTransform'}), ('tanh', {'tr': 'TanhTransform'}), ('abs', {'tr': 'AbsTransform'})]:
    cases.append(transform_case(nm, tr, t([-0.5, 0.25, 1.5])))
cases.append(default_validation())
cases.append(reinforce())
cases.append(vae())

# constraints' reprs and checks
cons = {
    'real': D.constraints.real, 'positive': D.constraints.positive, 'nonnegative': D.constraints.nonnegative,
    'unit_interval': D.constraints.unit_interval, 'boolean': D.constraints.boolean, 'simplex': D.constraints.simplex,
    'real_vector': D.constraints.real_vector, 'one_hot': D.constraints.one_hot,
    'lower_cholesky': D.constraints.lower_cholesky, 'positive_definite': D.constraints.positive_definite,
    'nonnegative_integer': D.constraints.nonnegative_integer, 'positive_integer': D.constraints.positive_integer,
    'lower_triangular': D.constraints.lower_triangular, 'symmetric': D.constraints.symmetric, 'square': D.constraints.square,
    'positive_semidefinite': D.constraints.positive_semidefinite, 'dependent': D.constraints.dependent,
}
probe_v = torch.tensor([[-1.0, 0.0, 0.5], [1.0, 2.0, float('nan')], [0.0, 1.0, 0.0]])
probe_m = torch.tensor([[[1.0, 0.0], [0.5, 2.0]], [[1.0, 0.3], [0.3, 1.0]], [[1.0, 2.0], [2.0, 1.0]]])
for k, c in cons.items():
    entry = {'name': 'constraint ' + k, 'kind': 'constraint', 'attr': k, 'repr': repr(c)}
    probe = probe_m if k != 'dependent' and c.event_dim == 2 else probe_v
    entry['probe'] = enc(probe)
    entry['check'] = outcome(lambda: c.check(probe))
    cases.append(entry)
# JavaScript numbers have no int/float distinction: bounds print as Python floats, so floats here.
for name, c, probe in [
    ('interval', D.constraints.interval(-0.5, 1.0), probe_v), ('greater_than', D.constraints.greater_than(0.5), probe_v),
    ('greater_than_eq', D.constraints.greater_than_eq(1.0), probe_v), ('less_than', D.constraints.less_than(1.5), probe_v),
    ('half_open_interval', D.constraints.half_open_interval(0.0, 1.0), probe_v),
    ('integer_interval', D.constraints.integer_interval(0, 1), probe_v),
    ('independent', D.constraints.independent(D.constraints.positive, 1), probe_v),
]:
    cases.append({'name': 'constraint ' + name, 'kind': 'constraint_fn', 'attr': name,
                  'args': [c.lower_bound if hasattr(c, 'lower_bound') else None,
                           c.upper_bound if hasattr(c, 'upper_bound') else None],
                  'repr': repr(c), 'probe': enc(probe), 'check': outcome(lambda: c.check(probe))})

dump('distributions', cases)
