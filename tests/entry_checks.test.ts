// Entry points that are not declared ops check what they are given: junk gets a TypeError naming
// the argument (PyTorch's wording where it has one), never an internal JavaScript error.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';

const nn = torch.nn;
const throwsType = (f: () => unknown, msg: RegExp): void =>
  assert.throws(f, (e: unknown) => e instanceof TypeError && msg.test((e as Error).message));

test('Module.apply and load_state_dict check their arguments', () => {
  const m = new nn.Linear(2, 2);
  throwsType(() => m.apply(3 as never), /apply\(\): argument 'fn' \(position 1\) must be function, not number/);
  throwsType(() => m.load_state_dict(3 as never), /Expected state_dict to be dict-like, got number/);
  throwsType(
    () => m.load_state_dict({ weight: [1, 2] } as never, false),
    /While copying the parameter named "weight", expected torch.Tensor or Tensor-like object from checkpoint but received Array/,
  );
});

test('containers check what they hold', () => {
  throwsType(() => new nn.ModuleList(3 as never), /'number' object is not iterable/);
  throwsType(
    () => new nn.ModuleDict(3 as never),
    /ModuleDict.update should be called with an iterable of key\/value pairs, but got number/,
  );
  throwsType(
    () => new nn.ModuleDict([3] as never),
    /ModuleDict update sequence element #0 should be Iterable; is number/,
  );
});

test('optimizers check param groups, closures and state dicts', () => {
  const p = torch.ones(2, { requires_grad: true });
  const opt = new torch.optim.Adam([p]);
  throwsType(() => opt.step(3 as never), /step\(\): argument 'closure' \(position 1\) must be function, not number/);
  throwsType(() => opt.add_param_group(3 as never), /param group must be a dict, got number/);
  throwsType(
    () => opt.add_param_group({ params: 3 } as never),
    /'params' must be a Tensor or an iterable of Tensors, got number/,
  );
  throwsType(() => opt.load_state_dict({} as never), /expected an optimizer state_dict/);
  // The real thing still round-trips.
  opt.load_state_dict(opt.state_dict());
});

test('recurrent forwards take hx by keyword', () => {
  const gru = new nn.GRUCell(2, 3);
  const x = torch.randn(4, 2);
  const h = torch.randn(4, 3);
  const byPosition = gru.forward(x, h);
  const byKeyword = (gru.forward as (...a: unknown[]) => torch.Tensor)(x, { hx: h });
  assert.equal(byPosition.sub(byKeyword).abs().max().item(), 0);
  throwsType(
    () => (gru.forward as (...a: unknown[]) => unknown)(x, 3),
    /argument 'hx' \(position 2\) must be Tensor, not number/,
  );
});

test('transformer stacks check their layer and norm', () => {
  throwsType(() => new nn.TransformerEncoder((() => 1) as never, 1), /function is not a Module subclass/);
  const layer = new nn.TransformerEncoderLayer(4, 2, { dim_feedforward: 8 });
  const norm = new nn.LayerNorm(4);
  const byPosition = new (nn.TransformerEncoder as unknown as new (...a: unknown[]) => torch.nn.TransformerEncoder)(
    layer,
    1,
    norm,
  );
  assert.equal(byPosition.norm, norm);
  throwsType(
    () => new (nn.TransformerEncoder as unknown as new (...a: unknown[]) => unknown)(layer, 1, 3),
    /number is not a Module subclass/,
  );
});

test('torch.func.grad differentiates tensors only', () => {
  assert.throws(
    () => torch.func.grad((x: torch.Tensor) => x.sum())(3 as never),
    /Thing passed to transform API must be Tensor, got number/,
  );
  throwsType(
    () => torch.func.vmap((x: torch.Tensor) => x, null as never),
    /vmap\(\): argument 'options' \(position 2\) must be object, not null/,
  );
});

test('other entry points', () => {
  throwsType(
    () => torch.autograd.functional.hessian(3 as never, torch.ones(2)),
    /hessian\(\): argument 'func' \(position 1\) must be function, not number/,
  );
  throwsType(
    () => torch.set_printoptions({ precision: 'a' } as never),
    /argument 'precision' must be a non-negative int, not string/,
  );
  throwsType(() => torch.set_printoptions({ precison: 3 } as never), /unexpected keyword argument 'precison'/);
  throwsType(() => torch.Size(3 as never), /'number' object is not iterable/);
  throwsType(
    () => torch.safetensors.load(3 as never),
    /load\(\): argument 'data' \(position 1\) must be Uint8Array, not number/,
  );
  throwsType(
    () => torch.onnx.export(3 as never, torch.ones(2), null),
    /export\(\): argument 'model' \(position 1\) must be Module, not number/,
  );
  throwsType(
    () => new torch.utils.data.TensorDataset(torch.ones(2), 3 as never),
    /TensorDataset\(\): argument 'tensors' \(position 2\) must be Tensor, not number/,
  );
});
