// beginner_source/nlp/word_embeddings_tutorial.py, line by line (see the .py twin).
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
const { autograd, nn, optim } = torch;
const F = torch.nn.functional;

/** Python's repr of a list of ([words], word) tuples. */
const pyPairs = (items: [string[], string][]): string =>
  `[${items.map(([ctx, w]) => `([${ctx.map((c) => `'${c}'`).join(', ')}], '${w}')`).join(', ')}]`;

torch.manual_seed(1);

let word_to_ix: Record<string, number> = { hello: 0, world: 1 };
const embeds = new nn.Embedding(2, 5); // 2 words in vocab, 5 dimensional embeddings
const lookup_tensor = torch.LongTensor([word_to_ix['hello']]);
const hello_embed = embeds.forward(autograd.Variable(lookup_tensor));
console.log(hello_embed);

let CONTEXT_SIZE = 2;
const EMBEDDING_DIM = 10;
const test_sentence = `When forty winters shall besiege thy brow,
And dig deep trenches in thy beauty's field,
Thy youth's proud livery so gazed on now,
Will be a totter'd weed of small worth held:
Then being asked, where all thy beauty lies,
Where all the treasure of thy lusty days;
To say, within thine own deep sunken eyes,
Were an all-eating shame, and thriftless praise.
How much more praise deserv'd thy beauty's use,
If thou couldst answer 'This fair child of mine
Shall sum my count, and make my old excuse,'
Proving his beauty by succession thine!
This were to be new made when thou art old,
And see thy blood warm when thou feel'st it cold.`.split(/\s+/);
const trigrams: [string[], string][] = [];
for (let i = 0; i < test_sentence.length - 2; i++) {
  trigrams.push([[test_sentence[i], test_sentence[i + 1]], test_sentence[i + 2]]);
}
console.log(pyPairs(trigrams.slice(0, 3)));

let vocab = [...new Set(test_sentence)].sort();
word_to_ix = Object.fromEntries(vocab.map((word, i) => [word, i]));

class NGramLanguageModeler extends nn.Module {
  declare embeddings: torch.nn.Embedding;
  declare linear1: torch.nn.Linear;
  declare linear2: torch.nn.Linear;

  constructor(vocab_size: number, embedding_dim: number, context_size: number) {
    super();
    this.embeddings = new nn.Embedding(vocab_size, embedding_dim);
    this.linear1 = new nn.Linear(context_size * embedding_dim, 128);
    this.linear2 = new nn.Linear(128, vocab_size);
  }

  forward(inputs: Tensor): Tensor {
    const embeds = this.embeddings.forward(inputs).view([1, -1]);
    let out = F.relu(this.linear1.forward(embeds));
    out = this.linear2.forward(out);
    const log_probs = F.log_softmax(out, { dim: 1 });
    return log_probs;
  }
}

const losses: Tensor[] = [];
const loss_function = new nn.NLLLoss();
const model = new NGramLanguageModeler(vocab.length, EMBEDDING_DIM, CONTEXT_SIZE);
const optimizer = new optim.SGD(model.parameters(), { lr: 0.001 });

for (let epoch = 0; epoch < 10; epoch++) {
  const total_loss = torch.Tensor([0]);
  for (const [context, target] of trigrams) {
    const context_idxs = context.map((w) => word_to_ix[w]);
    const context_var = autograd.Variable(torch.LongTensor(context_idxs));

    model.zero_grad();

    const log_probs = model.forward(context_var);

    const loss = loss_function.forward(log_probs, autograd.Variable(torch.LongTensor([word_to_ix[target]])));

    loss.backward();
    optimizer.step();

    total_loss.add_(loss.data);
  }
  losses.push(total_loss);
}
console.log(`[${losses.join(', ')}]`); // The loss decreased every iteration over the training data!

CONTEXT_SIZE = 2; // 2 words to the left, 2 to the right
const raw_text = `We are about to study the idea of a computational process.
Computational processes are abstract beings that inhabit computers.
As they evolve, processes manipulate other abstract things called data.
The evolution of a process is directed by a pattern of rules
called a program. People create programs to direct processes. In effect,
we conjure the spirits of the computer with our spells.`.split(/\s+/);

vocab = [...new Set(raw_text)].sort();
const vocab_size = vocab.length;
void vocab_size;

word_to_ix = Object.fromEntries(vocab.map((word, i) => [word, i]));
const data: [string[], string][] = [];
for (let i = 2; i < raw_text.length - 2; i++) {
  const context = [raw_text[i - 2], raw_text[i - 1], raw_text[i + 1], raw_text[i + 2]];
  const target = raw_text[i];
  data.push([context, target]);
}
console.log(pyPairs(data.slice(0, 5)));

function make_context_vector(context: string[], word_to_ix: Record<string, number>): Tensor {
  const idxs = context.map((w) => word_to_ix[w]);
  const tensor = torch.LongTensor(idxs);
  return autograd.Variable(tensor);
}

console.log(make_context_vector(data[0][0], word_to_ix)); // example
