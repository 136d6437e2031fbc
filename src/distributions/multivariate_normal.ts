// torch.distributions.MultivariateNormal (PyTorch's torch/distributions/multivariate_normal.py).
// tensorgrad has no torch.linalg.solve_triangular yet: the triangular solves are done by
// forward substitution in tensor ops (so gradients flow), which is what solve_triangular computes.

import { Tensor } from '../tensor/tensor.js';
import * as torch from '../api/torch.js';
import { broadcast_shapes } from '../tensor/shape.js';
import * as linalg from '../api/linalg.js';
import * as constraints from './constraints.js';
import { Distribution, _standard_normal, checkOpts, splitDistOpts, type DistributionOpts } from './distribution.js';
import { shapeArg, tensorValue } from './distribution.js';

/** X solving L X = B for lower-triangular L (..., n, n) and B (..., n, k), batch dims broadcast. */
export function solveLowerTriangular(L: Tensor, B: Tensor): Tensor {
  const n = L.shape[L.dim() - 1];
  const rows: Tensor[] = [];
  for (let i = 0; i < n; i++) {
    let r = B.narrow(-2, i, 1); // (..., 1, k)
    if (i > 0) {
      const Li = L.narrow(-2, i, 1).narrow(-1, 0, i); // (..., 1, i)
      r = r.sub(torch.matmul(Li, torch.cat(rows, -2))); // (..., 1, k)
    }
    rows.push(r.div(L.narrow(-2, i, 1).narrow(-1, i, 1)));
  }
  return torch.cat(rows, -2);
}

/** Batched matrix-vector product with broadcastable batch shapes. */
export function _batch_mv(bmat: Tensor, bvec: Tensor): Tensor {
  return torch.matmul(bmat, bvec.unsqueeze(-1)).squeeze(-1);
}

/** The squared Mahalanobis distance x^T M^-1 x for M = L L^T, batched (PyTorch's _batch_mahalanobis). */
export function _batch_mahalanobis(bL: Tensor, bx: Tensor): Tensor {
  const n = bx.shape[bx.dim() - 1];
  const bxBatch = bx.shape.slice(0, -1);
  const bxDims = bxBatch.length;
  const bLDims = bL.dim() - 2;
  const outer = bxDims - bLDims;
  const oldDims = outer + bLDims;
  const newDims = outer + 2 * bLDims;
  const newShape = bx.shape.slice(0, outer);
  bL.shape.slice(0, -2).forEach((sL, i) => {
    const sx = bx.shape[outer + i];
    newShape.push(Math.floor(sx / sL), sL);
  });
  newShape.push(n);
  let x = bx.reshape(newShape);
  const perm: number[] = [];
  for (let i = 0; i < outer; i++) perm.push(i);
  for (let i = outer; i < newDims; i += 2) perm.push(i);
  for (let i = outer + 1; i < newDims; i += 2) perm.push(i);
  perm.push(newDims);
  x = x.permute(perm);
  const flatL = bL.reshape(-1, n, n); // b x n x n
  const flatX = x.reshape(-1, flatL.shape[0], n); // c x b x n
  const flatXSwap = flatX.permute(1, 2, 0); // b x n x c
  const Mswap = solveLowerTriangular(flatL, flatXSwap).pow(2).sum(-2); // b x c
  const M = Mswap.t(); // c x b
  const permutedM = M.reshape(x.shape.slice(0, -1));
  const inv: number[] = [];
  for (let i = 0; i < outer; i++) inv.push(i);
  for (let i = 0; i < bLDims; i++) inv.push(outer + i, oldDims + i);
  return permutedM.permute(inv).reshape(bxBatch);
}

function _precision_to_scale_tril(P: Tensor): Tensor {
  const Lf = linalg.cholesky(torch.flip(P, [-2, -1]));
  const Linv = torch.transpose(torch.flip(Lf, [-2, -1]), -2, -1);
  const Id = torch.eye(P.shape[P.dim() - 1], { dtype: P.dtype });
  return solveLowerTriangular(Linv, Id.expand(Linv.shape));
}

type MVNOpts = DistributionOpts & {
  covariance_matrix?: Tensor | null;
  precision_matrix?: Tensor | null;
  scale_tril?: Tensor | null;
};

/**
 * MultivariateNormal(loc, covariance_matrix) or with { precision_matrix } or { scale_tril }
 * (exactly one of the three).
 */
export class MultivariateNormal extends Distribution {
  _unbroadcasted_scale_tril: Tensor;

  constructor(
    loc: Tensor,
    covariance_matrix?: Tensor | null,
    precision_matrix?: Tensor | null,
    scale_tril?: Tensor | null,
    opts?: DistributionOpts,
  );
  constructor(loc: Tensor, opts: MVNOpts);
  constructor(...args: unknown[]) {
    super();
    const [pos, opts] = splitDistOpts(args, 'MultivariateNormal', 4);
    checkOpts('MultivariateNormal', opts, [
      'validate_args',
      'loc',
      'covariance_matrix',
      'precision_matrix',
      'scale_tril',
    ]);
    const o = opts as MVNOpts & { loc?: Tensor };
    const loc = (pos[0] ?? o.loc) as Tensor;
    const cov = (pos[1] ?? o.covariance_matrix ?? null) as Tensor | null;
    const prec = (pos[2] ?? o.precision_matrix ?? null) as Tensor | null;
    const tril = (pos[3] ?? o.scale_tril ?? null) as Tensor | null;
    for (const [name, v] of Object.entries({ loc, covariance_matrix: cov, precision_matrix: prec, scale_tril: tril })) {
      if (v !== null && !(v instanceof Tensor)) {
        throw new TypeError(
          `MultivariateNormal(): argument '${name}' must be Tensor, not ${v === undefined ? 'undefined' : typeof v}`,
        );
      }
    }
    if (loc.dim() < 1) throw new RangeError('loc must be at least one-dimensional.');
    if (Number(cov !== null) + Number(tril !== null) + Number(prec !== null) !== 1) {
      throw new RangeError('Exactly one of covariance_matrix or precision_matrix or scale_tril may be specified.');
    }
    let batch: number[];
    const locBatch = loc.shape.slice(0, -1);
    if (tril !== null) {
      if (tril.dim() < 2) {
        throw new RangeError(
          'scale_tril matrix must be at least two-dimensional, with optional leading batch dimensions',
        );
      }
      batch = [...broadcast_shapes(tril.shape.slice(0, -2), locBatch)];
      this._params.scale_tril = tril.expand([...batch, -1, -1]);
    } else if (cov !== null) {
      if (cov.dim() < 2) {
        throw new RangeError(
          'covariance_matrix must be at least two-dimensional, with optional leading batch dimensions',
        );
      }
      batch = [...broadcast_shapes(cov.shape.slice(0, -2), locBatch)];
      this._params.covariance_matrix = cov.expand([...batch, -1, -1]);
    } else {
      const p = prec as Tensor;
      if (p.dim() < 2) {
        throw new RangeError(
          'precision_matrix must be at least two-dimensional, with optional leading batch dimensions',
        );
      }
      batch = [...broadcast_shapes(p.shape.slice(0, -2), locBatch)];
      this._params.precision_matrix = p.expand([...batch, -1, -1]);
    }
    this._params.loc = loc.expand([...batch, -1]);
    this._init(batch, this.loc.shape.slice(-1), opts.validate_args);
    if (tril !== null) this._unbroadcasted_scale_tril = tril;
    else if (cov !== null) this._unbroadcasted_scale_tril = linalg.cholesky(cov);
    else this._unbroadcasted_scale_tril = _precision_to_scale_tril(prec as Tensor);
  }

  protected override get _lazy(): readonly string[] {
    return ['scale_tril', 'covariance_matrix', 'precision_matrix'];
  }
  get loc(): Tensor {
    return this._params.loc;
  }
  private get _covShape(): number[] {
    return [...this._batch_shape, ...this._event_shape, ...this._event_shape];
  }
  get scale_tril(): Tensor {
    return this._lazyParam('scale_tril', () => this._unbroadcasted_scale_tril.expand(this._covShape));
  }
  get covariance_matrix(): Tensor {
    return this._lazyParam('covariance_matrix', () =>
      torch.matmul(this._unbroadcasted_scale_tril, this._unbroadcasted_scale_tril.mT).expand(this._covShape),
    );
  }
  get precision_matrix(): Tensor {
    // cholesky_inverse(L) = (L L^T)^-1 = L^-T L^-1
    return this._lazyParam('precision_matrix', () => {
      const L = this._unbroadcasted_scale_tril;
      const n = L.shape[L.dim() - 1];
      const Linv = solveLowerTriangular(L, torch.eye(n, { dtype: L.dtype }).expand(L.shape));
      return torch.matmul(Linv.mT, Linv).expand(this._covShape);
    });
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return {
      loc: constraints.real_vector,
      covariance_matrix: constraints.positive_definite,
      precision_matrix: constraints.positive_definite,
      scale_tril: constraints.lower_cholesky,
    };
  }
  override get support(): constraints.Constraint {
    return constraints.real_vector;
  }
  override get has_rsample(): boolean {
    return true;
  }
  override get mean(): Tensor {
    return this.loc;
  }
  override get mode(): Tensor {
    return this.loc;
  }
  override get variance(): Tensor {
    return this._unbroadcasted_scale_tril
      .pow(2)
      .sum(-1)
      .expand([...this._batch_shape, ...this._event_shape]);
  }

  override expand(batch_shape: readonly number[]): MultivariateNormal {
    batch_shape = shapeArg('MultivariateNormal.expand()', batch_shape);
    const b = [...batch_shape];
    const cov = [...b, ...this._event_shape, ...this._event_shape];
    const params: Record<string, Tensor> = {};
    for (const k of Object.keys(this._params)) {
      params[k] = this._params[k].expand(k === 'loc' ? [...b, ...this._event_shape] : cov);
    }
    const d = this._expanded(b, params);
    d._unbroadcasted_scale_tril = this._unbroadcasted_scale_tril;
    return d;
  }

  override rsample(sample_shape: readonly number[] = []): Tensor {
    const shape = this._extended_shape(sample_shape);
    const eps = _standard_normal(shape, this.loc.dtype);
    return this.loc.add(_batch_mv(this._unbroadcasted_scale_tril, eps));
  }

  override log_prob(value: Tensor): Tensor {
    value = tensorValue('MultivariateNormal', 'log_prob', value);
    if (this._validate_args) this._validate_sample(value);
    const diff = value.sub(this.loc);
    const M = _batch_mahalanobis(this._unbroadcasted_scale_tril, diff);
    const halfLogDet = this._unbroadcasted_scale_tril.diagonal(0, -2, -1).log().sum(-1);
    return M.add(this._event_shape[0] * Math.log(2 * Math.PI))
      .mul(-0.5)
      .sub(halfLogDet);
  }

  override entropy(): Tensor {
    const halfLogDet = this._unbroadcasted_scale_tril.diagonal(0, -2, -1).log().sum(-1);
    const H = halfLogDet.add(0.5 * this._event_shape[0] * (1.0 + Math.log(2 * Math.PI)));
    return this._batch_shape.length === 0 ? H : H.expand([...this._batch_shape]);
  }
}
