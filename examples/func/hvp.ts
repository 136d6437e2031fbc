// A Hessian-vector product by forward-over-reverse: jvp(grad(f), [x], [v]) gives H v without
// forming H. Checked against hessian(f) @ v.
//
//   npx tsx examples/func/hvp.ts

import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

const { grad, jvp, hessian } = torch.func;

// A small nonconvex function of 6 variables.
const f = (x: Tensor): Tensor => x.sin().mul(x.pow(2)).sum().add(x.prod());

torch.manual_seed(0);
const x = torch.randn(6, { dtype: torch.float64 });
const v = torch.randn(6, { dtype: torch.float64 });

const [, hv] = jvp(grad(f) as (x: Tensor) => Tensor, [x], [v]) as [Tensor, Tensor];
const H = hessian(f)(x) as Tensor;
const direct = H.matmul(v);

console.log('H v by forward-over-reverse:', String(hv));
console.log('hessian(f)(x) @ v:           ', String(direct));
const diff = hv.sub(direct).abs().max().item() as number;
console.log(`largest difference: ${diff.toExponential(2)}`);
if (!(diff < 1e-10)) throw new Error('Hessian-vector products differ');
