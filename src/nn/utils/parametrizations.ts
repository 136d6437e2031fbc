// torch.nn.utils.parametrizations: orthogonal, weight_norm (PyTorch 2's, parametrized by
// original0 = g and original1 = v) and spectral_norm, as parametrizations registered through
// ./parametrize.ts (the semantics of PyTorch's torch/nn/utils/parametrizations.py).

import { Tensor } from '../../tensor/tensor.js';
import { no_grad } from '../../autograd/grad_mode.js';
import { arange, cat, dot, eye, geqrf, matmul, matrix_exp, mv, randn, where, zeros_like } from '../../api/torch.js';
import * as linalg from '../../api/linalg.js';
import { normalize } from '../../ops/distance.js';
import { Module } from '../module.js';
import { ConvTranspose1d, ConvTranspose2d } from '../conv_transpose.js';
import { register_parametrization } from './parametrize.js';
import { normExceptDim, weightNorm } from './norm_except_dim.js';
import { checkModule } from './checks.js';
import { argTypeError } from '../../tensor/argcheck.js';

/** Python's keywords: the argument after `module` may be the options object instead of positional values. */
function options<T extends object>(
  fn: string,
  module: unknown,
  names: (keyof T & string)[],
  types: Record<string, string>,
  args: unknown[],
): Partial<T> {
  checkModule(fn, 'module', 1, module);
  const out: Partial<T> = {};
  if (args.length === 1 && args[0] !== null && typeof args[0] === 'object') Object.assign(out, args[0]);
  else {
    names.forEach((n, i) => {
      if (args[i] !== undefined) out[n] = args[i] as T[keyof T & string];
    });
  }
  names.forEach((n, i) => {
    const v = out[n] as unknown;
    if (v === undefined || v === null || typeof v === types[n]) return;
    throw argTypeError(fn, n, i + 2, types[n] === 'number' ? 'float' : 'str', v);
  });
  return out;
}

function tensorOf(module: Module, name: string): Tensor {
  const weight = (module as unknown as Record<string, unknown>)[name];
  if (!(weight instanceof Tensor)) {
    throw new RangeError(`Module '${String(module)}' has no parameter or buffer with name '${name}'`);
  }
  return weight;
}

/** A NotImplementedError (parametrize treats a right_inverse throwing it as the identity). */
function notImplemented(message: string): Error {
  const e = new Error(message);
  e.name = 'NotImplementedError';
  return e;
}

// ---------------------------------------------------------------- orthogonal

type OrthMap = 'matrix_exp' | 'cayley' | 'householder';

/** torch.linalg.householder_product in tensor ops: H_0 H_1 ... H_{k-1} applied to the first k columns of I. */
function householderProduct(A: Tensor, tau: Tensor): Tensor {
  const n = A.size(-2);
  const k = A.size(-1);
  const rows = arange(n);
  let Q = eye(n, k, { dtype: A.dtype }).expand([...A.shape.slice(0, -2), n, k]);
  for (let i = k - 1; i >= 0; i--) {
    // v_i: 1 at row i, A's entries below it, zeros above.
    const v = A.select(-1, i).mul(rows.gt(i)).add(rows.eq(i).to(A.dtype));
    const vTQ = v.unsqueeze(-2).matmul(Q);
    const t = tau.select(-1, i).unsqueeze(-1).unsqueeze(-1);
    Q = Q.sub(v.unsqueeze(-1).matmul(vTQ).mul(t));
  }
  return Q;
}

/** The Q of A's QR decomposition whose R has a positive diagonal. */
function makeOrthogonal(A: Tensor): Tensor {
  const [Q, R] = linalg.qr(A);
  return Q.mul(R.diagonal(0, -2, -1).sign().unsqueeze(-2));
}

function isOrthogonal(Q: Tensor): boolean {
  const n = Q.size(-2);
  const k = Q.size(-1);
  const eps = 10 * n * (Q.dtype.itemsize === 8 ? 2 ** -52 : 2 ** -23);
  return matmul(Q.mT, Q).allclose(eye(k, { dtype: Q.dtype }), { atol: eps });
}

class _Orthogonal extends Module {
  readonly shape: number[];
  readonly orthogonal_map: OrthMap;
  declare base: Tensor | null;

  constructor(weight: Tensor, orthogonal_map: OrthMap, use_trivialization = true) {
    super();
    this.shape = [...weight.shape];
    this.orthogonal_map = orthogonal_map;
    if (use_trivialization) this.register_buffer('base', null);
  }

  forward(input: Tensor): Tensor {
    let X = input;
    let n = X.size(-2);
    let k = X.size(-1);
    const transposed = n < k;
    if (transposed) {
      X = X.mT;
      [n, k] = [k, n];
    }
    let Q: Tensor;
    if (this.orthogonal_map === 'householder') {
      const A = X.tril(-1);
      const tau = A.mul(A).sum(-2).add(1).reciprocal().mul(2);
      Q = householderProduct(A, tau);
      Q = Q.mul(X.diagonal(0, -2, -1).int().unsqueeze(-2));
    } else {
      X = X.tril();
      if (n !== k) X = cat([X, X.new_zeros([n, n - k]).expand([...X.shape.slice(0, -2), -1, -1])], -1);
      const A = X.sub(X.mT);
      if (this.orthogonal_map === 'matrix_exp') {
        Q = matrix_exp(A);
      } else {
        const Id = eye(n, { dtype: A.dtype });
        Q = linalg.solve(Id.add(A, { alpha: -0.5 }), Id.add(A, { alpha: 0.5 }));
      }
      if (n !== k) Q = Q.narrow(-1, 0, k);
    }
    if ('base' in this) Q = matmul(this.base as Tensor, Q);
    return transposed ? Q.mT : Q;
  }

  right_inverse(input: Tensor): Tensor {
    return no_grad(() => {
      if (input.shape.join() !== this.shape.join()) {
        throw new RangeError(
          `Expected a matrix or batch of matrices of shape torch.Size([${this.shape.join(', ')}]). Got a tensor of shape ${String(input.shape)}.`,
        );
      }
      let Q = input;
      let n = Q.size(-2);
      let k = Q.size(-1);
      const transposed = n < k;
      if (transposed) {
        Q = Q.mT;
        [n, k] = [k, n];
      }
      if (!('base' in (this as object))) {
        // Householder without trivialization: the reflectors of Q's QR decomposition (geqrf), with
        // the diagonal holding the signs of R's (flipped where LAPACK used no reflection, tau 0).
        if (this.orthogonal_map === 'householder') {
          const { a, tau } = geqrf(Q);
          const d = a.diagonal(0, -2, -1);
          d.sign_();
          d.copy_(where(tau.eq(0), d.neg(), d));
          return transposed ? a.mT : a;
        }
        throw notImplemented(
          'It is not possible to assign to the matrix exponential or the Cayley parametrizations when use_trivialization=False.',
        );
      }
      if (n === k) {
        Q = isOrthogonal(Q) ? Q.clone() : makeOrthogonal(Q);
      } else {
        const N = randn([...Q.shape.slice(0, -2), n, n - k], { dtype: Q.dtype });
        Q = makeOrthogonal(cat([Q, N], -1));
      }
      this.base = Q;
      const negId = zeros_like(input);
      negId.diagonal(0, -2, -1).fill_(-1);
      return negId;
    });
  }
}

export interface OrthogonalOpts {
  name?: string;
  orthogonal_map?: OrthMap | null;
  use_trivialization?: boolean;
}

/**
 * Makes module[name] an orthogonal matrix (or batch of them): 'matrix_exp' for square weights,
 * 'householder' otherwise, unless orthogonal_map says. The tensor's current value becomes `base`
 * (orthogonalised by QR if it is not orthogonal already) and the original starts at -I.
 */
export function orthogonal<M extends Module>(
  module: M,
  ...args: [name?: string, orthogonal_map?: OrthMap | null] | [OrthogonalOpts]
): M {
  const o = options<OrthogonalOpts>(
    'orthogonal',
    module,
    ['name', 'orthogonal_map'],
    { name: 'string', orthogonal_map: 'string' },
    args,
  );
  const name = o.name ?? 'weight';
  const weight = tensorOf(module, name);
  if (weight.dim() < 2) {
    throw new RangeError(`Expected a matrix or batch of matrices. Got a tensor of ${weight.dim()} dimensions.`);
  }
  const map = o.orthogonal_map ?? (weight.size(-2) === weight.size(-1) ? 'matrix_exp' : 'householder');
  if (map !== 'matrix_exp' && map !== 'cayley' && map !== 'householder') {
    throw new RangeError(
      `orthogonal_map has to be one of "matrix_exp", "cayley", "householder". Got: ${String(map as unknown)}`,
    );
  }
  const orth = new _Orthogonal(weight, map, o.use_trivialization ?? true);
  register_parametrization(module, name, orth, { unsafe: true });
  return module;
}

// ---------------------------------------------------------------- weight_norm

class _WeightNorm extends Module {
  readonly dim: number;

  constructor(dim: number | null = 0) {
    super();
    this.dim = dim ?? -1;
  }

  /** torch._weight_norm(v, g, dim) as ATen computes it on the CPU: v * (g / ‖v‖). */
  forward(weight_g: Tensor, weight_v: Tensor): Tensor {
    return weightNorm(weight_v, weight_g, this.dim);
  }

  right_inverse(weight: Tensor): Tensor[] {
    return [normExceptDim(weight, this.dim), weight];
  }
}

/**
 * Splits module[name] into a magnitude (`parametrizations.weight.original0`, g) and a direction
 * (`original1`, v): weight = g · v / ‖v‖, the norm over every dimension but dim (the whole tensor
 * when dim is null).
 */
export function weight_norm<M extends Module>(
  module: M,
  ...args: [name?: string, dim?: number | null] | [{ name?: string; dim?: number | null }]
): M {
  const o = options<{ name: string; dim: number | null }>(
    'weight_norm',
    module,
    ['name', 'dim'],
    { name: 'string', dim: 'number' },
    args,
  );
  register_parametrization(module, o.name ?? 'weight', new _WeightNorm(o.dim === undefined ? 0 : o.dim), {
    unsafe: true,
  });
  return module;
}

// ---------------------------------------------------------------- spectral_norm

class _SpectralNorm extends Module {
  readonly dim: number;
  readonly eps: number;
  n_power_iterations = 1;
  declare _u: Tensor;
  declare _v: Tensor;

  constructor(weight: Tensor, n_power_iterations = 1, dim = 0, eps = 1e-12) {
    super();
    const ndim = weight.dim();
    if (dim >= ndim || dim < -ndim) {
      throw new RangeError(
        `Dimension out of range (expected to be in range of [-${ndim}, ${ndim - 1}] but got ${dim})`,
      );
    }
    if (n_power_iterations <= 0) {
      throw new RangeError(
        `Expected n_power_iterations to be positive, but got n_power_iterations=${n_power_iterations}`,
      );
    }
    this.dim = dim >= 0 ? dim : dim + ndim;
    this.eps = eps;
    if (ndim > 1) {
      this.n_power_iterations = n_power_iterations;
      const weightMat = this.reshapeWeightToMatrix(weight);
      const [h, w] = weightMat.shape;
      const u = weightMat.new_empty([h]).normal_(0, 1);
      const v = weightMat.new_empty([w]).normal_(0, 1);
      this.register_buffer('_u', normalize(u, 2, 0, this.eps));
      this.register_buffer('_v', normalize(v, 2, 0, this.eps));
      this.powerMethod(weightMat, 15);
    }
  }

  private reshapeWeightToMatrix(weight: Tensor): Tensor {
    let w = weight;
    if (this.dim !== 0) {
      const rest = Array.from({ length: w.dim() }, (_, d) => d).filter((d) => d !== this.dim);
      w = w.permute([this.dim, ...rest]);
    }
    return w.flatten(1);
  }

  /** Power iteration, updating _u and _v in place (as PyTorch's out= does). */
  private powerMethod(weightMat: Tensor, iterations: number): void {
    no_grad(() => {
      for (let i = 0; i < iterations; i++) {
        normalize(mv(weightMat, this._v), 2, 0, this.eps, this._u);
        normalize(mv(weightMat.t(), this._u), 2, 0, this.eps, this._v);
      }
    });
  }

  forward(weight: Tensor): Tensor {
    if (weight.dim() === 1) return normalize(weight, 2, 0, this.eps);
    const weightMat = this.reshapeWeightToMatrix(weight);
    if (this.training) this.powerMethod(weightMat, this.n_power_iterations);
    const u = this._u.clone();
    const v = this._v.clone();
    const sigma = dot(u, mv(weightMat, v));
    return weight.div(sigma);
  }

  right_inverse(value: Tensor): Tensor {
    return value;
  }
}

export interface SpectralNormOpts {
  name?: string;
  n_power_iterations?: number;
  eps?: number;
  dim?: number | null;
}

/**
 * Divides module[name] by its largest singular value, estimated by power iteration (one step per
 * forward in training mode, from the vectors kept as buffers `_u`, `_v`); dim defaults to 1 for
 * transposed convolutions and 0 otherwise.
 */
export function spectral_norm<M extends Module>(
  module: M,
  ...args: [name?: string, n_power_iterations?: number, eps?: number, dim?: number | null] | [SpectralNormOpts]
): M {
  const o = options<SpectralNormOpts>(
    'spectral_norm',
    module,
    ['name', 'n_power_iterations', 'eps', 'dim'],
    { name: 'string', n_power_iterations: 'number', eps: 'number', dim: 'number' },
    args,
  );
  const name = o.name ?? 'weight';
  const weight = tensorOf(module, name);
  const dim = o.dim ?? (module instanceof ConvTranspose1d || module instanceof ConvTranspose2d ? 1 : 0);
  const sn = new _SpectralNorm(weight, o.n_power_iterations ?? 1, dim, o.eps ?? 1e-12);
  register_parametrization(module, name, sn);
  return module;
}
