// Model ensembling with torch.func: five MLPs' parameters stacked with stack_module_state, and one
// vmap over functional_call runs all five on the same digits at once. Checked against calling
// each model in turn.
//
//   npx tsx examples/func/ensembling.ts

import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { loadMnist } from '../train/data.js';
import { mlp } from '../train/models.js';

const { vmap, functional_call, stack_module_state } = torch.func;

torch.manual_seed(0);
const models = Array.from({ length: 5 }, () => mlp());
const { test } = loadMnist();
const x = test.images.narrow(0, 0, 32);

const [params, buffers] = stack_module_state(models);
console.log('stacked parameters:');
for (const [k, v] of Object.entries(params)) console.log(`  ${k.padEnd(8)} ${String(v.shape)}`);

// A stateless copy of one model's structure; each call gets one model's slice of the stack.
const base = models[0];
const ensemble = vmap(
  (p: Record<string, Tensor>, b: Record<string, Tensor>, xs: Tensor) => functional_call(base, [p, b], [xs]),
  { in_dims: [0, 0, null] },
);

const logits = torch.no_grad(() => ensemble(params, buffers, x) as Tensor);
console.log(`ensemble output ${String(logits.shape)} (models, examples, classes)`);

let worst = 0;
torch.no_grad(() => {
  models.forEach((m, i) => {
    worst = Math.max(
      worst,
      logits
        .select(0, i)
        .sub(m.forward(x) as Tensor)
        .abs()
        .max()
        .item() as number,
    );
  });
});
console.log(`largest difference from running each model alone: ${worst.toExponential(2)}`);
const votes = logits.argmax(-1);
console.log('predictions of the five models for the first 8 digits:');
console.log(String(votes.narrow(1, 0, 8)));
console.log('labels:', String(test.labels.narrow(0, 0, 8)));
if (!(worst < 1e-5)) throw new Error('ensemble differs from the individual models');
