// intermediate_source/per_sample_grads.py, line by line, on the CPU with a minibatch of 8 (the
// tutorial's 64 runs 64 separate forward and backward passes of the CNN). The
// torch.utils.benchmark timings and get_perf are dropped (tests never time things); lines marked
// "Extra" print what the tutorial computes.
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

const nn = torch.nn;
const F = torch.nn.functional;
torch.manual_seed(0);

class SimpleCNN extends nn.Module {
  conv1 = new nn.Conv2d(1, 32, 3, 1);
  conv2 = new nn.Conv2d(32, 64, 3, 1);
  fc1 = new nn.Linear(9216, 128);
  fc2 = new nn.Linear(128, 10);

  forward(x: Tensor): Tensor {
    x = this.conv1.forward(x);
    x = F.relu(x);
    x = this.conv2.forward(x);
    x = F.relu(x);
    x = F.max_pool2d(x, 2);
    x = torch.flatten(x, 1);
    x = this.fc1.forward(x);
    x = F.relu(x);
    x = this.fc2.forward(x);
    let output = F.log_softmax(x, { dim: 1 });
    output = x;
    return output;
  }
}

function loss_fn(predictions: Tensor, targets: Tensor): Tensor {
  return F.nll_loss(predictions, targets);
}

const device = 'cpu';

const batch_size = 8;
const data = torch.randn([batch_size, 1, 28, 28], { device });

const targets = torch.randint(10, [batch_size], { device });

const model = new SimpleCNN().to({ device });
const predictions = model.forward(data); // move the entire mini-batch through the model

const loss = loss_fn(predictions, targets);
loss.backward(); // back propagate the 'average' gradient of this mini-batch
console.log([loss, model.fc2.bias!.grad].join('\n')); // Extra

function compute_grad(sample: Tensor, target: Tensor): Tensor[] {
  sample = sample.unsqueeze(0); // prepend batch dimension for processing
  target = target.unsqueeze(0);

  const prediction = model.forward(sample);
  const loss = loss_fn(prediction, target);

  return torch.autograd.grad(loss, [...model.parameters()]) as Tensor[];
}

/** manually process each sample with per sample gradient */
function compute_sample_grads(data: Tensor, targets: Tensor): Tensor[] {
  const sample_grads = Array.from({ length: batch_size }, (_, i) => compute_grad(data.index(i), targets.index(i)));
  // zip(*sample_grads): one list of shards per parameter
  return sample_grads[0].map((_, k) => torch.stack(sample_grads.map((g) => g[k])));
}

const per_sample_grads = compute_sample_grads(data, targets);

console.log(String(per_sample_grads[0].shape));
console.log(per_sample_grads.length, String(per_sample_grads[per_sample_grads.length - 1].index(':3'))); // Extra

const { functional_call, vmap, grad } = torch.func;

const params = Object.fromEntries([...model.named_parameters()].map(([k, v]) => [k, v.detach()]));
const buffers = Object.fromEntries([...model.named_buffers()].map(([k, v]) => [k, v.detach()]));

function compute_loss(
  params: Record<string, Tensor>,
  buffers: Record<string, Tensor>,
  sample: Tensor,
  target: Tensor,
): Tensor {
  const batch = sample.unsqueeze(0);
  const targets = target.unsqueeze(0);

  const predictions = functional_call(model, [params, buffers], [batch]) as Tensor;
  const loss = loss_fn(predictions, targets);
  return loss;
}

const ft_compute_grad = grad(compute_loss);

const ft_compute_sample_grad = vmap(ft_compute_grad, { in_dims: [null, null, 0, 0] });

const ft_per_sample_grads = ft_compute_sample_grad(params, buffers, data, targets) as Record<string, Tensor>;

Object.values(ft_per_sample_grads).forEach((ft_per_sample_grad, i) => {
  assert.ok(torch.allclose(per_sample_grads[i], ft_per_sample_grad, { atol: 3e-3, rtol: 1e-5 }));
});

console.log(
  `[${Object.keys(ft_per_sample_grads)
    .map((k) => `'${k}'`)
    .join(', ')}]`,
); // Extra
console.log(
  `[${Object.values(ft_per_sample_grads)
    .map((g) => `(${g.shape.join(', ')})`)
    .join(', ')}]`,
); // Extra
console.log(String(ft_per_sample_grads['fc2.bias'].index(':3'))); // Extra
console.log(String(ft_per_sample_grads['conv1.bias'].index(0, ':6'))); // Extra
console.log(String(ft_per_sample_grads['fc2.bias'].mean(0))); // Extra: the mean per-sample gradient is the batch's
