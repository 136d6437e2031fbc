// intermediate_source/char_rnn_classification_tutorial.py, line by line (see the .py twin).
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { print, pyformat } from './py.js';

torch.manual_seed(0);

const ascii_letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const all_letters = ascii_letters + " .,;'";
const n_letters = all_letters.length;

const category_lines: Record<string, string[]> = {
  English: ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Walker'],
  French: ['Bernard', 'Dubois', 'Durand', 'Lefebvre', 'Moreau', 'Laurent', 'Fournier', 'Girard'],
  Italian: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci'],
  Japanese: ['Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe', 'Ito', 'Yamamoto', 'Nakamura'],
  Russian: ['Ivanov', 'Smirnov', 'Kuznetsov', 'Popov', 'Vasiliev', 'Petrov', 'Sokolov', 'Mikhailov'],
};
const all_categories = Object.keys(category_lines);
const n_categories = all_categories.length;

console.log(
  `[${category_lines['Italian']
    .slice(0, 5)
    .map((s) => `'${s}'`)
    .join(', ')}]`,
);

const letterToIndex = (letter: string): number => all_letters.indexOf(letter);

function letterToTensor(letter: string): Tensor {
  const tensor = torch.zeros(1, n_letters);
  tensor.index_put_([0, letterToIndex(letter)], 1);
  return tensor;
}

function lineToTensor(line: string): Tensor {
  const tensor = torch.zeros(line.length, 1, n_letters);
  [...line].forEach((letter, li) => tensor.index_put_([li, 0, letterToIndex(letter)], 1));
  return tensor;
}

console.log(letterToTensor('J'));

console.log(lineToTensor('Jones').size());

const { nn } = torch;
const { Variable } = torch.autograd;

class RNN extends nn.Module {
  declare hidden_size: number;
  declare i2h: torch.nn.Linear;
  declare i2o: torch.nn.Linear;
  declare softmax: torch.nn.LogSoftmax;

  constructor(input_size: number, hidden_size: number, output_size: number) {
    super();

    this.hidden_size = hidden_size;

    this.i2h = new nn.Linear(input_size + hidden_size, hidden_size);
    this.i2o = new nn.Linear(input_size + hidden_size, output_size);
    this.softmax = new nn.LogSoftmax({ dim: 1 });
  }

  forward(input: Tensor, hidden: Tensor): [Tensor, Tensor] {
    const combined = torch.cat([input, hidden], 1);
    hidden = this.i2h.forward(combined);
    let output = this.i2o.forward(combined);
    output = this.softmax.forward(output);
    return [output, hidden];
  }

  initHidden(): Tensor {
    return Variable(torch.zeros(1, this.hidden_size));
  }
}

const n_hidden = 128;
const rnn = new RNN(n_letters, n_hidden, n_categories);
console.log(rnn);

let input = Variable(letterToTensor('A'));
let hidden = Variable(torch.zeros(1, n_hidden));

let [output, next_hidden] = rnn.forward(input, hidden);

input = Variable(lineToTensor('Albert'));
hidden = Variable(torch.zeros(1, n_hidden));

[output, next_hidden] = rnn.forward(input.select(0, 0), hidden);
void next_hidden;
console.log(output);

function categoryFromOutput(output: Tensor): [string, Tensor] {
  const [, top_i] = output.data.topk(1); // Tensor out of Variable with .data
  const category_i = top_i.select(0, 0).select(0, 0);
  return [all_categories[Number(category_i.item())], category_i];
}

print(categoryFromOutput(output));

const randomChoice = <T>(l: T[]): T => l[Number(torch.randint(0, l.length, []).item())];

function randomTrainingExample(): [string, string, Tensor, Tensor] {
  const category = randomChoice(all_categories);
  const line = randomChoice(category_lines[category]);
  const category_tensor = Variable(torch.LongTensor([all_categories.indexOf(category)]));
  const line_tensor = Variable(lineToTensor(line));
  return [category, line, category_tensor, line_tensor];
}

for (let i = 0; i < 10; i++) {
  const [category, line] = randomTrainingExample();
  console.log('category =', category, '/ line =', line);
}

const criterion = new nn.NLLLoss();

const learning_rate = 0.005; // If you set this too high, it might explode. If too low, it might not learn

function train(category_tensor: Tensor, line_tensor: Tensor): [Tensor, number] {
  let hidden = rnn.initHidden();

  rnn.zero_grad();

  let output!: Tensor;
  for (let i = 0; i < line_tensor.size()[0]; i++) {
    [output, hidden] = rnn.forward(line_tensor.select(0, i), hidden);
  }

  const loss = criterion.forward(output, category_tensor);
  loss.backward();

  // The tutorial's deprecated add_(Number alpha, Tensor other) is add_(other, { alpha }) here.
  for (const p of rnn.parameters()) p.data.add_(p.grad!.data, { alpha: -learning_rate });

  return [output, loss.item() as number];
}

const n_iters = 500;
const print_every = 100;
const plot_every = 50;

let current_loss = 0;
const all_losses: number[] = [];

for (let iter = 1; iter < n_iters + 1; iter++) {
  const [category, line, category_tensor, line_tensor] = randomTrainingExample();
  const [output, loss] = train(category_tensor, line_tensor);
  current_loss += loss;

  if (iter % print_every === 0) {
    const [guess] = categoryFromOutput(output);
    const correct = guess === category ? '✓' : `✗ (${category})`;
    console.log(
      `${iter} ${Math.trunc((iter / n_iters) * 100)}% ${pyformat(loss, '.4f')} ${line} / ${guess} ${correct}`,
    );
  }

  if (iter % plot_every === 0) {
    all_losses.push(current_loss / plot_every);
    current_loss = 0;
  }
}

console.log(
  all_losses.length,
  `${pyformat(all_losses[0], '.4f')} ${pyformat(all_losses[all_losses.length - 1], '.4f')}`,
);

const confusion = torch.zeros(n_categories, n_categories);
const n_confusion = 100;

function evaluate(line_tensor: Tensor): Tensor {
  let hidden = rnn.initHidden();

  let output!: Tensor;
  for (let i = 0; i < line_tensor.size()[0]; i++) {
    [output, hidden] = rnn.forward(line_tensor.select(0, i), hidden);
  }

  return output;
}

for (let i = 0; i < n_confusion; i++) {
  const [category, , , line_tensor] = randomTrainingExample();
  const output = evaluate(line_tensor);
  const [, guess_i] = categoryFromOutput(output);
  const category_i = all_categories.indexOf(category);
  confusion.select(0, category_i).select(0, Number(guess_i.item())).add_(1);
}

for (let i = 0; i < n_categories; i++) {
  confusion.index_put_([i], confusion.select(0, i).div(confusion.select(0, i).sum()));
}

console.log(confusion);

function predict(input_line: string, n_predictions = 3): void {
  console.log(`\n> ${input_line}`);
  const output = evaluate(Variable(lineToTensor(input_line)));

  const [topv, topi] = output.data.topk(n_predictions, 1, true);
  const predictions: [Tensor, string][] = [];

  for (let i = 0; i < n_predictions; i++) {
    const value = topv.select(0, 0).select(0, i);
    const category_index = Number(topi.select(0, 0).select(0, i).item());
    console.log(`(${pyformat(value.item() as number, '.2f')}) ${all_categories[category_index]}`);
    predictions.push([value, all_categories[category_index]]);
  }
}

predict('Dovesky');
predict('Jackson');
predict('Satoshi');
