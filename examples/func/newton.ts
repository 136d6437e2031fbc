// Newton's method with torch.func.hessian: logistic regression on a small synthetic problem,
// x <- x - H^-1 g, converging in a handful of steps where gradient descent needs hundreds.
//
//   npx tsx examples/func/newton.ts

import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

const { grad, hessian } = torch.func;

torch.manual_seed(0);
const n = 200;
const features = torch.randn(n, 3, { dtype: torch.float64 });
const trueW = torch.tensor([1.5, -2.0, 0.5], { dtype: torch.float64 });
const labels = torch.bernoulli(features.matmul(trueW).sigmoid());

// Mean logistic loss with a little L2, so the Hessian is positive definite.
const loss = (w: Tensor): Tensor =>
  torch.nn.functional.binary_cross_entropy_with_logits(features.matmul(w), labels).add(w.pow(2).sum().mul(1e-3));

/** Solves H d = g for a small dense system (Gaussian elimination with partial pivoting). */
function solve(H: Tensor, g: Tensor): Tensor {
  const n = g.shape[0];
  const a = Array.from(H.toTypedArray(), Number);
  const b = Array.from(g.toTypedArray(), Number);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]) > Math.abs(a[p * n + c])) p = r;
    for (let k = 0; k < n; k++) [a[c * n + k], a[p * n + k]] = [a[p * n + k], a[c * n + k]];
    [b[c], b[p]] = [b[p], b[c]];
    for (let r = c + 1; r < n; r++) {
      const m = a[r * n + c] / a[c * n + c];
      for (let k = c; k < n; k++) a[r * n + k] -= m * a[c * n + k];
      b[r] -= m * b[c];
    }
  }
  const d = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r];
    for (let k = r + 1; k < n; k++) s -= a[r * n + k] * d[k];
    d[r] = s / a[r * n + r];
  }
  return torch.tensor(d, { dtype: torch.float64 });
}

let w = torch.zeros(3, { dtype: torch.float64 });
for (let step = 0; step < 8; step++) {
  const g = grad(loss)(w) as Tensor;
  const H = hessian(loss)(w) as Tensor;
  const delta = solve(H, g);
  w = w.sub(delta);
  console.log(
    `step ${step}: loss ${(loss(w).item() as number).toFixed(10)}  |grad| ${(g.norm().item() as number).toExponential(2)}`,
  );
}
console.log('fitted weights:', String(w), ' (generating weights: [1.5, -2.0, 0.5])');
const final = (grad(loss)(w) as Tensor).norm().item() as number;
if (!(final < 1e-8)) throw new Error(`Newton's method did not converge: |grad| = ${final}`);
