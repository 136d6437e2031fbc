// intermediate_source/pruning_tutorial.py, line by line (LeNet as in the tutorial). Seeded.
// As in the twin: no forward pre-hooks to print, and the container comes from LnStructured.apply.
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { print, pyformat, pylist } from './py.js';

const { nn } = torch;
const prune = nn.utils.prune;
const F = nn.functional;

torch.manual_seed(0);

const device = torch.device(torch.cuda.is_available() ? 'cuda' : 'cpu');

class LeNet extends nn.Module {
  // 1 input image channel, 6 output channels, 3x3 square conv kernel
  conv1 = new nn.Conv2d(1, 6, 3);
  conv2 = new nn.Conv2d(6, 16, 3);
  fc1 = new nn.Linear(16 * 5 * 5, 120); // 5x5 image dimension
  fc2 = new nn.Linear(120, 84);
  fc3 = new nn.Linear(84, 10);

  forward(input: Tensor): Tensor {
    let x = F.max_pool2d(F.relu(this.conv1.forward(input)), [2, 2]);
    x = F.max_pool2d(F.relu(this.conv2.forward(x)), 2);
    x = x.flatten({ start_dim: 1 });
    x = F.relu(this.fc1.forward(x));
    x = F.relu(this.fc2.forward(x));
    x = this.fc3.forward(x);
    return x;
  }
}

let model = new LeNet().to({ device });

let module: torch.nn.Module = model.conv1;
console.log(pylist([...module.named_parameters()]));
console.log(pylist([...module.named_buffers()]));

prune.random_unstructured(module, 'weight', 0.3);
console.log(pylist([...module.named_parameters()]));
console.log(pylist([...module.named_buffers()]));
console.log(model.conv1.weight);

prune.l1_unstructured(module, 'bias', 3);
console.log(pylist([...module.named_parameters()]));
console.log(pylist([...module.named_buffers()]));
console.log(model.conv1.bias);

const hook = prune.LnStructured.apply(module, 'weight', 0.5, 2, 0) as torch.nn.utils.prune.PruningContainer;
console.log(model.conv1.weight);
console.log(pylist([...hook])); // pruning history in the container

console.log(`odict_keys(${pylist([...model.state_dict().keys()])})`);

console.log(pylist([...module.named_parameters()]));
console.log(pylist([...module.named_buffers()]));
console.log(model.conv1.weight);

prune.remove(module, 'weight');
console.log(pylist([...module.named_parameters()]));
console.log(pylist([...module.named_buffers()]));

const new_model = new LeNet();
for ([, module] of new_model.named_modules()) {
  // prune 20% of connections in all 2D-conv layers
  if (module instanceof torch.nn.Conv2d) prune.l1_unstructured(module, 'weight', 0.2);
  // prune 40% of connections in all linear layers
  else if (module instanceof torch.nn.Linear) prune.l1_unstructured(module, 'weight', 0.4);
}

console.log(`dict_keys(${pylist([...new Map(new_model.named_buffers()).keys()])})`); // to verify that all masks exist

model = new LeNet();

const parameters_to_prune: [torch.nn.Module, string][] = [
  [model.conv1, 'weight'],
  [model.conv2, 'weight'],
  [model.fc1, 'weight'],
  [model.fc2, 'weight'],
  [model.fc3, 'weight'],
];

prune.global_unstructured(parameters_to_prune, prune.L1Unstructured, { amount: 0.2 });

const layers = { conv1: model.conv1, conv2: model.conv2, fc1: model.fc1, fc2: model.fc2, fc3: model.fc3 };
for (const [name, layer] of Object.entries(layers)) {
  const w = layer.weight;
  const zeros = torch.sum(w.eq(0)).item() as number;
  console.log(`Sparsity in ${name}.weight: ${pyformat((100 * zeros) / w.nelement(), '.2f')}%`);
}
const ws = Object.values(layers).map((l) => l.weight);
const zeroCount = ws.map((w) => torch.sum(w.eq(0))).reduce((a, b) => a.add(b));
const total = ws.reduce((a, w) => a + w.nelement(), 0);
console.log(`Global sparsity: ${pyformat((100 * (zeroCount.item() as number)) / total, '.2f')}%`);

/** Prune every other entry in a tensor */
class FooBarPruningMethod extends prune.BasePruningMethod {
  readonly PRUNING_TYPE = 'unstructured' as const;

  compute_mask(t: Tensor, default_mask: Tensor): Tensor {
    const mask = default_mask.clone();
    mask.flatten().index_put_(['::2'], torch.tensor(0));
    return mask;
  }
}

function foobar_unstructured<M extends torch.nn.Module>(module: M, name: string): M {
  FooBarPruningMethod.apply(module, name);
  return module;
}

model = new LeNet();
foobar_unstructured(model.fc3, 'bias');

print((model.fc3 as unknown as { bias_mask: Tensor }).bias_mask);
