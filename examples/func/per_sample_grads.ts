// Per-sample gradients of the MNIST MLP with torch.func: vmap(grad(loss)) over a batch of 64 real
// digits, checked equal to a loop of 64 single-example backward passes.
//
//   npx tsx examples/func/per_sample_grads.ts

import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { loadMnist } from '../train/data.js';
import { mlp } from '../train/models.js';

const { grad, vmap, functional_call } = torch.func;
const F = torch.nn.functional;

torch.manual_seed(0);
const model = mlp();
const { train } = loadMnist();
const batch = 64;
const perm = torch.randperm(train.labels.shape[0]).narrow(0, 0, batch);
const x = train.images.index_select(0, perm);
const y = train.labels.index_select(0, perm);

// The model's parameters as plain tensors, so grad differentiates with respect to them.
const params = Object.fromEntries([...model.named_parameters()].map(([k, p]) => [k, p.detach()]));
type Params = typeof params;

const loss = (p: Params, xi: Tensor, yi: Tensor): Tensor =>
  F.cross_entropy(functional_call(model, p, [xi.unsqueeze(0)]) as Tensor, yi.unsqueeze(0));

let t0 = performance.now();
const perSample = vmap(grad(loss), { in_dims: [null, 0, 0] })(params, x, y) as Params;
const vmapMs = performance.now() - t0;

// The same gradients one example at a time, through ordinary backward passes.
t0 = performance.now();
const looped: Params[] = [];
for (let i = 0; i < batch; i++) {
  for (const p of model.parameters()) p.grad = null;
  F.cross_entropy(model.forward(x.narrow(0, i, 1)) as Tensor, y.narrow(0, i, 1)).backward();
  looped.push(Object.fromEntries([...model.named_parameters()].map(([k, p]) => [k, (p.grad as Tensor).clone()])));
}
const loopMs = performance.now() - t0;

let worst = 0;
for (const [name, g] of Object.entries(perSample)) {
  const ref = torch.stack(looped.map((l) => l[name]));
  worst = Math.max(worst, g.sub(ref).abs().max().item() as number);
  console.log(`${name.padEnd(8)} per-sample grads ${String(g.shape)}`);
}
console.log(`largest difference from the loop of backward passes: ${worst.toExponential(2)}`);
console.log(`vmap(grad): ${vmapMs.toFixed(1)} ms; loop of ${batch} backward passes: ${loopMs.toFixed(1)} ms`);
if (!(worst < 1e-5)) throw new Error('per-sample gradients differ from the loop');
