// beginner_source/nlp/sequence_models_tutorial.py, line by line.
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { print } from './py.js';
const { autograd, nn, optim } = torch;
const F = torch.nn.functional;

torch.manual_seed(1);

const lstm = new nn.LSTM(3, 3); // Input dim is 3, output dim is 3
const inputs0 = Array.from({ length: 5 }, () => autograd.Variable(torch.randn([1, 3]))); // make a sequence of length 5

let hidden: [Tensor, Tensor] = [autograd.Variable(torch.randn(1, 1, 3)), autograd.Variable(torch.randn([1, 1, 3]))];
let out: Tensor;
for (const i of inputs0) {
  [out, hidden] = lstm.forward(i.view(1, 1, -1), hidden);
}

let inputs = torch.cat(inputs0).view(inputs0.length, 1, -1);
hidden = [autograd.Variable(torch.randn(1, 1, 3)), autograd.Variable(torch.randn([1, 1, 3]))]; // clean out hidden state
[out, hidden] = lstm.forward(inputs, hidden);
console.log(out);
print(hidden);

function prepare_sequence(seq: string[], to_ix: Record<string, number>): Tensor {
  const idxs = seq.map((w) => to_ix[w]);
  const tensor = torch.LongTensor(idxs);
  return autograd.Variable(tensor);
}

const training_data: [string[], string[]][] = [
  ['The dog ate the apple'.split(' '), ['DET', 'NN', 'V', 'DET', 'NN']],
  ['Everybody read that book'.split(' '), ['NN', 'V', 'DET', 'NN']],
];
const word_to_ix: Record<string, number> = {};
for (const [sent] of training_data) {
  for (const word of sent) {
    if (!(word in word_to_ix)) word_to_ix[word] = Object.keys(word_to_ix).length;
  }
}
print(word_to_ix);
const tag_to_ix: Record<string, number> = { DET: 0, NN: 1, V: 2 };

const EMBEDDING_DIM = 6;
const HIDDEN_DIM = 6;

class LSTMTagger extends nn.Module {
  declare hidden_dim: number;
  declare word_embeddings: torch.nn.Embedding;
  declare lstm: torch.nn.LSTM;
  declare hidden2tag: torch.nn.Linear;
  declare hidden: [Tensor, Tensor];

  constructor(embedding_dim: number, hidden_dim: number, vocab_size: number, tagset_size: number) {
    super();
    this.hidden_dim = hidden_dim;

    this.word_embeddings = new nn.Embedding(vocab_size, embedding_dim);

    this.lstm = new nn.LSTM(embedding_dim, hidden_dim);

    this.hidden2tag = new nn.Linear(hidden_dim, tagset_size);
    this.hidden = this.init_hidden();
  }

  init_hidden(): [Tensor, Tensor] {
    return [
      autograd.Variable(torch.zeros(1, 1, this.hidden_dim)),
      autograd.Variable(torch.zeros(1, 1, this.hidden_dim)),
    ];
  }

  forward(sentence: Tensor): Tensor {
    const embeds = this.word_embeddings.forward(sentence);
    let lstm_out: Tensor;
    [lstm_out, this.hidden] = this.lstm.forward(embeds.view(sentence.shape[0], 1, -1), this.hidden);
    const tag_space = this.hidden2tag.forward(lstm_out.view(sentence.shape[0], -1));
    const tag_scores = F.log_softmax(tag_space);
    return tag_scores;
  }
}

const model = new LSTMTagger(EMBEDDING_DIM, HIDDEN_DIM, Object.keys(word_to_ix).length, Object.keys(tag_to_ix).length);
console.log(model);
const loss_function = new nn.NLLLoss();
const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });

inputs = prepare_sequence(training_data[0][0], word_to_ix);
let tag_scores = model.forward(inputs);
console.log(tag_scores);

for (let epoch = 0; epoch < 300; epoch++) {
  for (const [sentence, tags] of training_data) {
    model.zero_grad();

    model.hidden = model.init_hidden();

    const sentence_in = prepare_sequence(sentence, word_to_ix);
    const targets = prepare_sequence(tags, tag_to_ix);

    tag_scores = model.forward(sentence_in);

    const loss = loss_function.forward(tag_scores, targets);
    loss.backward();
    optimizer.step();
  }
}

inputs = prepare_sequence(training_data[0][0], word_to_ix);
tag_scores = model.forward(inputs);
console.log(tag_scores);
