// intermediate_source/neural_tangent_kernels.py, line by line, on the CPU, seeded. Sizes are cut so
// the port runs in seconds: 12x12 images (the tutorial's 32x32; the fc layer takes 32*6*6 = 1152
// features for its 21632), 6 training and 3 test points (its 20 and 5). Lines marked "Extra"
// print what the tutorial computes. torch._dynamo's config line has no counterpart (no compiler);
// @torch.compile is torch.compile(fn), which runs fn eagerly.
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

const nn = torch.nn;
const { functional_call, vmap, vjp, jvp, jacrev } = torch.func;
torch.manual_seed(0);
const device = torch.cuda.device_count() > 0 ? 'cuda' : 'cpu';

class CNN extends nn.Module {
  conv1 = new nn.Conv2d(3, 32, [3, 3]);
  conv2 = new nn.Conv2d(32, 32, [3, 3]);
  conv3 = new nn.Conv2d(32, 32, [3, 3]);
  fc = new nn.Linear(1152, 10);

  forward(x: Tensor): Tensor {
    x = this.conv1.forward(x);
    x = x.relu();
    x = this.conv2.forward(x);
    x = x.relu();
    x = this.conv3.forward(x);
    x = x.flatten(1);
    x = this.fc.forward(x);
    return x;
  }
}

const x_train = torch.randn([6, 3, 12, 12], { device });
const x_test = torch.randn([3, 3, 12, 12], { device });

const net = new CNN().to(device);

// Detaching the parameters because we won't be calling Tensor.backward().
const params = Object.fromEntries([...net.named_parameters()].map(([k, v]) => [k, v.detach()]));

type Params = Record<string, Tensor>;
type FnetSingle = (params: Params, x: Tensor) => Tensor;

function fnet_single(params: Params, x: Tensor): Tensor {
  return (functional_call(net, params, [x.unsqueeze(0)]) as Tensor).squeeze(0);
}

const empirical_ntk_jacobian_contraction_full = torch.compile(
  (fnet_single: FnetSingle, params: Params, x1: Tensor, x2: Tensor): Tensor => {
    // Compute J(x1)
    const jac1 = Object.values(vmap(jacrev(fnet_single), { in_dims: [null, 0] })(params, x1) as Params).map((j) =>
      j.flatten(2),
    );

    // Compute J(x2)
    const jac2 = Object.values(vmap(jacrev(fnet_single), { in_dims: [null, 0] })(params, x2) as Params).map((j) =>
      j.flatten(2),
    );

    // Compute J(x1) @ J(x2).T
    let result = torch.stack(jac1.map((j1, i) => torch.einsum('Naf,Mbf->NMab', j1, jac2[i])));
    result = result.sum(0);
    return result;
  },
);

let result = empirical_ntk_jacobian_contraction_full(fnet_single, params, x_train, x_test);
console.log(String(result.shape));
console.log(String(result.index(0, 0, ':2'))); // Extra

const empirical_ntk_jacobian_contraction = torch.compile(
  (fnet_single: FnetSingle, params: Params, x1: Tensor, x2: Tensor, compute: string): Tensor => {
    // Compute J(x1)
    const jac1 = Object.values(vmap(jacrev(fnet_single), { in_dims: [null, 0] })(params, x1) as Params).map((j) =>
      j.flatten(2),
    );

    // Compute J(x2)
    const jac2 = Object.values(vmap(jacrev(fnet_single), { in_dims: [null, 0] })(params, x2) as Params).map((j) =>
      j.flatten(2),
    );

    // Compute J(x1) @ J(x2).T
    let einsum_expr: string | null = null;
    if (compute === 'full') einsum_expr = 'Naf,Mbf->NMab';
    else if (compute === 'trace') einsum_expr = 'Naf,Maf->NM';
    else if (compute === 'diagonal') einsum_expr = 'Naf,Maf->NMa';
    else assert.fail();

    let result = torch.stack(jac1.map((j1, i) => torch.einsum(einsum_expr, j1, jac2[i])));
    result = result.sum(0);
    return result;
  },
);

result = empirical_ntk_jacobian_contraction(fnet_single, params, x_train, x_test, 'trace');
console.log(String(result.shape));
console.log(String(result)); // Extra

const empirical_ntk_ntk_vps = torch.compile(
  (func: FnetSingle, params: Params, x1: Tensor, x2: Tensor, compute: string): Tensor => {
    function get_ntk(x1: Tensor, x2: Tensor): Tensor {
      const func_x1 = (params: Params): Tensor => func(params, x1);

      const func_x2 = (params: Params): Tensor => func(params, x2);

      const [output, vjp_fn] = vjp(func_x1, params) as [Tensor, (v: Tensor) => Params[]];

      function get_ntk_slice(vec: Tensor): Tensor {
        // This computes ``vec @ J(x2).T``
        // `vec` is some unit vector (a single slice of the Identity matrix)
        const vjps = vjp_fn(vec);
        // This computes ``J(X1) @ vjps``
        const [, jvps] = jvp(func_x2, [params], vjps) as [Tensor, Tensor];
        return jvps;
      }

      // Here's our identity matrix
      const basis = torch.eye(output.numel(), { dtype: output.dtype, device: output.device }).view(output.numel(), -1);
      return vmap(get_ntk_slice)(basis);
    }

    // ``get_ntk(x1, x2)`` computes the NTK for a single data point x1, x2
    // Since the x1, x2 inputs to ``empirical_ntk_ntk_vps`` are batched,
    // we actually wish to compute the NTK between every pair of data points
    // between {x1} and {x2}. That's what the ``vmaps`` here do.
    const result = vmap(vmap(get_ntk, { in_dims: [null, 0] }), { in_dims: [0, null] })(x1, x2);

    if (compute === 'full') return result;
    if (compute === 'trace') return torch.einsum('NMKK->NM', result);
    return torch.einsum('NMKK->NMK', result); // 'diagonal'
  },
);

// Disable TensorFloat-32 for convolutions on Ampere+ GPUs to sacrifice performance in favor of accuracy
const [result_from_jacobian_contraction, result_from_ntk_vps] = torch.backends.cudnn.flags(
  { allow_tf32: false },
  () => [
    empirical_ntk_jacobian_contraction(fnet_single, params, x_test, x_train, 'full'),
    empirical_ntk_ntk_vps(fnet_single, params, x_test, x_train, 'full'),
  ],
);

assert.ok(torch.allclose(result_from_jacobian_contraction, result_from_ntk_vps, { atol: 1e-5 }));
console.log([result_from_ntk_vps.shape, result_from_ntk_vps.index(1, 2, ':2')].join('\n')); // Extra
console.log(String(empirical_ntk_ntk_vps(fnet_single, params, x_test, x_train, 'trace'))); // Extra
console.log(
  String(empirical_ntk_jacobian_contraction(fnet_single, params, x_test, x_train, 'diagonal').index(0, ':2')),
); // Extra
