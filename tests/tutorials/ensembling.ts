// intermediate_source/ensembling.py, line by line, on the CPU. The torch.utils.benchmark timings
// are dropped (tests never time things); lines marked "Extra" print what the tutorial computes.
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { pylist } from './py.js';

const nn = torch.nn;
const F = torch.nn.functional;
torch.manual_seed(0);

class SimpleMLP extends nn.Module {
  fc1 = new nn.Linear(784, 128);
  fc2 = new nn.Linear(128, 128);
  fc3 = new nn.Linear(128, 10);

  forward(x: Tensor): Tensor {
    x = x.flatten(1);
    x = this.fc1.forward(x);
    x = F.relu(x);
    x = this.fc2.forward(x);
    x = F.relu(x);
    x = this.fc3.forward(x);
    return x;
  }
}

const device = 'cpu';
const num_models = 10;

const data = torch.randn([100, 64, 1, 28, 28], { device });
const targets = torch.randint(10, [6400], { device });
void targets;

const models = Array.from({ length: num_models }, () => new SimpleMLP().to(device));

const minibatches = data.index(`:${num_models}`);
const predictions_diff_minibatch_loop = [...minibatches].map((minibatch, i) => models[i].forward(minibatch));

const minibatch = data.index(0);
const predictions2 = models.map((model) => model.forward(minibatch));
console.log([predictions2[0].index(':2'), predictions2[9].index(0)].join('\n')); // Extra

const { stack_module_state } = torch.func;

const [params, buffers] = stack_module_state(models);
console.log(
  `{${Object.entries(params)
    .map(([k, v]) => `'${k}': (${v.shape.join(', ')})`)
    .join(', ')}} {}`,
); // Extra
assert.equal(Object.keys(buffers).length, 0);

const { functional_call } = torch.func;

// copy.deepcopy(models[0]).to('meta'): tensorgrad has no 'meta' device; functional_call replaces
// every parameter and buffer, so the base model's own values are never read.
const base_model = models[0];

function fmodel(params: Record<string, Tensor>, buffers: Record<string, Tensor>, x: Tensor): Tensor {
  return functional_call(base_model, [params, buffers], [x]) as Tensor;
}

console.log(pylist(Object.values(params).map((p) => p.size(0)))); // show the leading 'num_models' dimension

assert.deepEqual([...minibatches.shape], [num_models, 64, 1, 28, 28]); // verify minibatch has leading dimension of size 'num_models'

const { vmap } = torch;

const predictions1_vmap = vmap(fmodel)(params, buffers, minibatches);

assert.ok(torch.allclose(predictions1_vmap, torch.stack(predictions_diff_minibatch_loop), { atol: 1e-3, rtol: 1e-5 }));
console.log([predictions1_vmap.shape, predictions1_vmap.index(3, ':2')].join('\n')); // Extra

const predictions2_vmap = vmap(fmodel, { in_dims: [0, 0, null] })(params, buffers, minibatch);

assert.ok(torch.allclose(predictions2_vmap, torch.stack(predictions2), { atol: 1e-3, rtol: 1e-5 }));
console.log(String(predictions2_vmap.index(9, 0))); // Extra
console.log(String(predictions2_vmap.argmax(-1).index(':', ':8'))); // Extra: the ten models' predicted classes
