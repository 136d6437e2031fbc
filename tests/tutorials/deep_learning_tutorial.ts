// beginner_source/nlp/deep_learning_tutorial.py, line by line.
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { print } from './py.js';
const { autograd, nn, optim } = torch;
const F = torch.nn.functional;

torch.manual_seed(1);

const lin = new nn.Linear(5, 3); // maps from R^5 to R^3, parameters A, b
let data0 = autograd.Variable(torch.randn(2, 5));
console.log(lin.forward(data0)); // yes

data0 = autograd.Variable(torch.randn(2, 2));
console.log(data0);
console.log(F.relu(data0));

data0 = autograd.Variable(torch.randn(5));
console.log(data0);
console.log(F.softmax(data0, { dim: 0 }));
console.log(F.softmax(data0, { dim: 0 }).sum()); // Sums to 1 because it is a distribution!
console.log(F.log_softmax(data0, { dim: 0 })); // theres also log_softmax

const data: [string[], string][] = [
  ['me gusta comer en la cafeteria'.split(' '), 'SPANISH'],
  ['Give it to me'.split(' '), 'ENGLISH'],
  ['No creo que sea una buena idea'.split(' '), 'SPANISH'],
  ['No it is not a good idea to get lost at sea'.split(' '), 'ENGLISH'],
];

const test_data: [string[], string][] = [
  ['Yo creo que si'.split(' '), 'SPANISH'],
  ['it is lost on me'.split(' '), 'ENGLISH'],
];

const word_to_ix: Record<string, number> = {};
for (const [sent] of [...data, ...test_data]) {
  for (const word of sent) {
    if (!(word in word_to_ix)) word_to_ix[word] = Object.keys(word_to_ix).length;
  }
}
print(word_to_ix);

const VOCAB_SIZE = Object.keys(word_to_ix).length;
const NUM_LABELS = 2;

class BoWClassifier extends nn.Module {
  declare linear: torch.nn.Linear;
  constructor(num_labels: number, vocab_size: number) {
    super();
    this.linear = new nn.Linear(vocab_size, num_labels);
  }

  forward(bow_vec: Tensor): Tensor {
    return F.log_softmax(this.linear.forward(bow_vec), { dim: 1 });
  }
}

function make_bow_vector(sentence: string[], word_to_ix: Record<string, number>): Tensor {
  const vec = torch.zeros(Object.keys(word_to_ix).length);
  for (const word of sentence) vec.select(0, word_to_ix[word]).add_(1);
  return vec.view(1, -1);
}

function make_target(label: string, label_to_ix: Record<string, number>): Tensor {
  return torch.LongTensor([label_to_ix[label]]);
}

const model = new BoWClassifier(NUM_LABELS, VOCAB_SIZE);

for (const param of model.parameters()) console.log(param);

const sample = data[0];
const bow_vector = make_bow_vector(sample[0], word_to_ix);
let log_probs = model.forward(autograd.Variable(bow_vector));
console.log(log_probs);

const label_to_ix: Record<string, number> = { SPANISH: 0, ENGLISH: 1 };

for (const [instance] of test_data) {
  const bow_vec = autograd.Variable(make_bow_vector(instance, word_to_ix));
  log_probs = model.forward(bow_vec);
  console.log(log_probs);
}

console.log(model.parameters().next().value!.index(':', word_to_ix['creo']));

const loss_function = new nn.NLLLoss();
const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });

for (let epoch = 0; epoch < 100; epoch++) {
  for (const [instance, label] of data) {
    model.zero_grad();

    const bow_vec = autograd.Variable(make_bow_vector(instance, word_to_ix));
    const target = autograd.Variable(make_target(label, label_to_ix));

    log_probs = model.forward(bow_vec);

    const loss = loss_function.forward(log_probs, target);
    loss.backward();
    optimizer.step();
  }
}

for (const [instance] of test_data) {
  const bow_vec = autograd.Variable(make_bow_vector(instance, word_to_ix));
  log_probs = model.forward(bow_vec);
  console.log(log_probs);
}

console.log(model.parameters().next().value!.index(':', word_to_ix['creo']));
