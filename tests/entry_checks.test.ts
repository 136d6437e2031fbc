// Entry points that are not declared ops check what they are given: junk gets a TypeError naming
// the argument (PyTorch's wording where it has one), never an internal JavaScript error.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import { internalError } from './fuzz_values.js';

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

test('nn.init binds its arguments to PyTorch signatures', () => {
  const init = nn.init as unknown as Record<string, (...a: unknown[]) => unknown>;
  throwsType(() => init.uniform_(3), /uniform_\(\): argument 'tensor' \(position 1\) must be Tensor, not number/);
  throwsType(() => init.zeros_(), /zeros_\(\) missing 1 required positional arguments: "tensor"/);
  throwsType(() => init.kaiming_uniform_(torch.ones(2, 2), { bogus: 1 }), /unexpected keyword argument 'bogus'/);
  assert.throws(() => init.calculate_gain('bogus'), /^Error: Unsupported nonlinearity bogus$/);
  assert.throws(
    () => init.kaiming_normal_(torch.ones(2, 2), { mode: 'X' }),
    /Mode x not supported, please use one of \['fan_in', 'fan_out'\]/,
  );
  // Positional form, as in Python: kaiming_uniform_(w, a, mode, nonlinearity).
  assert.equal((init.kaiming_uniform_(torch.ones(2, 2), 0, 'fan_out', 'relu') as torch.Tensor).shape.length, 2);
});

test('autograd entry points check their callables and tensors', () => {
  throwsType(() => torch.autograd.Variable(3 as never), /Variable data has to be a tensor, but got number/);
  throwsType(
    () => torch.autograd.Variable(torch.ones(1), { bogus: 1 } as never),
    /'bogus' is an invalid keyword argument for this function/,
  );
  throwsType(
    () => torch.autograd.gradcheck(3 as never, torch.ones(1)),
    /gradcheck\(\): argument 'func' \(position 1\) must be function, not number/,
  );
  throwsType(
    () =>
      torch.autograd.gradcheck((x: torch.Tensor) => x, torch.ones(1, { dtype: torch.float64 }), { bogus: 1 } as never),
    /gradcheck\(\) got an unexpected keyword argument 'bogus'/,
  );
  throwsType(
    () => torch.autograd.gradcheck((() => 3) as never, torch.ones(1, { dtype: torch.float64, requires_grad: true })),
    /outputs of the user-provided function given to gradcheck must be either a Tensor or a tuple of Tensors .* has type number/,
  );
  throwsType(
    () =>
      torch.autograd.gradcheck(
        (() => undefined) as never,
        torch.ones(1, { dtype: torch.float64, requires_grad: true }),
      ),
    /outputs of the user-provided function given to gradcheck must be either a Tensor or a tuple of Tensors .* has type undefined/,
  );
  throwsType(
    () => torch.func.stack_module_state([undefined] as never),
    /stack_module_state\(\): argument 'models' \(position 1\) must be List\[Module\]/,
  );
  throwsType(
    () => torch.autograd.detect_anomaly(torch.ones(1) as never),
    /detect_anomaly\(\): argument 'fn' \(position 1\) must be function, not Tensor/,
  );
  throwsType(
    () => torch.autograd.set_detect_anomaly(1 as never),
    /set_anomaly_enabled\(\): argument 'enabled' \(position 1\) must be bool, not number/,
  );
  throwsType(
    () => new (torch.autograd.Node as unknown as new () => unknown)(),
    /Can't instantiate abstract class Node/,
  );
  // gradgradcheck's options object may come right after the inputs.
  const x = torch.ones(2, { dtype: torch.float64, requires_grad: true });
  assert.equal(
    torch.autograd.gradgradcheck((t: torch.Tensor) => t.pow(3), [x], { atol: 1e-4 } as never),
    true,
  );
});

test('abstract bases and dtype helpers reject junk with a message', () => {
  throwsType(
    () => torch.can_cast(1 as never, torch.float32),
    /can_cast\(\): argument 'from' \(position 1\) must be torch.dtype, not number/,
  );
  const optim = torch.optim as unknown as Record<string, new (...a: unknown[]) => unknown>;
  throwsType(() => new optim.Optimizer([torch.ones(1)]), /missing 1 required positional argument: 'defaults'/);
  const sched = torch.optim.lr_scheduler as unknown as Record<string, new (...a: unknown[]) => unknown>;
  throwsType(
    () => new sched.LRScheduler(new torch.optim.SGD([torch.ones(1, { requires_grad: true })], { lr: 0.1 })),
    /Can't instantiate abstract class LRScheduler/,
  );
  const nnAny = nn as unknown as Record<string, new (...a: unknown[]) => unknown>;
  throwsType(() => new nnAny.RNNBase(), /Can't instantiate abstract class RNNBase/);
  throwsType(
    () => torch.utils.data.default_collate(3 as never),
    /argument 'batch' \(position 1\) must be Array, not number/,
  );
  throwsType(
    () => (torch.LongTensor as (...a: unknown[]) => unknown)(2, 'a'),
    /new\(\): argument 'size' must be tuple of ints, but found element of type string at pos 2/,
  );
  throwsType(
    () => torch.utils.data.default_collate([torch.ones(2), 1]),
    /expected Tensor as element 1 in argument 0, but got number/,
  );
  throwsType(() => new (torch.DType as unknown as new () => unknown)(), /cannot create 'torch.dtype' instances/);
  // An input of fewer than 3 dimensions is PyTorch's error, not an array of negative length.
  assert.throws(
    () => torch.nn.functional.interpolate(torch.ones(3), { size: 2 }),
    /Only 3D, 4D and 5D input Tensors supported \(got 1D\)/,
  );
});

test('module reprs and the Transformer family take arguments as PyTorch does', () => {
  // A constructor taking `Any` keeps junk until forward, as in PyTorch; its repr still prints.
  assert.equal(String(new nn.AdaptiveMaxPool1d('' as never)), 'AdaptiveMaxPool1d(output_size=)');
  // Positional arguments after d_model/nhead are PyTorch's (they used to be ignored).
  const t = new (nn.Transformer as unknown as new (...a: unknown[]) => torch.nn.Transformer)(4, 2, 1, 1, 8);
  assert.equal(t.d_model, 4);
  assert.equal([...t.parameters()].length, 34); // PyTorch 1.13: len(list(Transformer(4, 2, 1, 1, 8).parameters()))
  const layer = new (
    nn.TransformerEncoderLayer as unknown as new (...a: unknown[]) => torch.nn.TransformerEncoderLayer
  )(4, 2, 16);
  assert.deepEqual(layer.linear1.weight.shape, [16, 4]);
});

test('viz entry points check their arguments', async () => {
  throwsType(() => torch.viz.make_dot(3 as never), /make_dot\(\): argument 'var' \(position 1\) must be Tensor/);
  throwsType(
    () => torch.viz.pyPretty(1, 'a' as never),
    /pyPretty\(\): argument 'indent' \(position 2\) must be int, not string/,
  );
  throwsType(
    () => new torch.viz.Figure(3 as never),
    /Figure\(\): argument 'svg' \(position 1\) must be str, not number/,
  );
  await assert.rejects(torch.viz.render(3 as never), /render\(\): argument 'source' \(position 1\) must be str/);
});

test('setters and graph builders check what they are given', () => {
  const x = torch.ones(2);
  throwsType(() => {
    (x as unknown as { data: unknown }).data = 1.5;
  }, /Variable data has to be a tensor, but got number/);
  throwsType(
    () => new torch.viz.Digraph(null as never),
    /Digraph\(\): argument 'options' \(position 1\) must be object/,
  );
  throwsType(
    () => new torch.viz.Digraph().node(3 as never, 'a'),
    /node\(\): argument 'name' \(position 1\) must be str/,
  );
  throwsType(
    () => torch.func.stack_module_state([null] as never),
    /stack_module_state\(\): argument 'models' \(position 1\) must be List\[Module\]/,
  );
  // bincount of many values finds their maximum without spreading them as arguments.
  const many = torch.zeros(300000, { dtype: torch.int64 });
  assert.deepEqual(torch.bincount(many).tolist(), [300000]);
});

test('MultiheadAttention takes bigint sizes as ints; ReduceLROnPlateau names a non-string mode in its message', () => {
  const m = new torch.nn.MultiheadAttention(2n as never, 1n as never, { kdim: 3n as never });
  assert.equal(m.embed_dim, 2);
  assert.equal(m.kdim, 3);
  const opt = new torch.optim.SGD([torch.zeros(1, { requires_grad: true })], { lr: 0.1 });
  assert.throws(
    () => new torch.optim.lr_scheduler.ReduceLROnPlateau(opt, Symbol('s') as never),
    /mode Symbol\(s\) is unknown!/,
  );
});

test('register_buffer, register_parameter and register_module check the name and the value, with PyTorch messages', () => {
  const m = new torch.nn.Linear(2, 2);
  assert.throws(
    () => m.register_buffer(Object.create(null) as never, null),
    /^TypeError: buffer name should be a string\. Got object$/,
  );
  assert.throws(() => m.register_buffer('a.b', null), /buffer name can't contain "\."/);
  assert.throws(() => m.register_buffer('', null), /buffer name can't be empty string ""/);
  assert.throws(
    () => m.register_buffer('x', 3 as never),
    /cannot assign 'number' object to buffer 'x' \(torch Tensor or None required\)/,
  );
  assert.throws(
    () => m.register_parameter('w', torch.zeros(2) as never),
    /cannot assign 'Tensor' object to parameter 'w' \(torch\.nn\.Parameter or None required\)/,
  );
  assert.throws(() => m.register_module('c', 3 as never), /number is not a Module subclass/);
  assert.throws(() => m.register_module('a.b', new torch.nn.ReLU()), /module name can't contain "\.", got: a\.b/);
  m.register_buffer('ok', torch.zeros(1));
  assert.ok(torch.equal((m as unknown as { ok: torch.Tensor }).ok, torch.zeros(1)));
});

test('scheduler step(epoch) checks the epoch (a bigint list threw "Cannot convert object to primitive value"); step(null) is step()', () => {
  const S = torch.optim.lr_scheduler;
  const opt = () => new torch.optim.SGD([torch.zeros(1, { requires_grad: true })], { lr: 0.1 });
  const cos = new S.CosineAnnealingLR(opt(), 10);
  assert.throws(
    () => cos.step([1n, 2n] as never),
    /^TypeError: CosineAnnealingLR\.step\(\): argument 'epoch' \(position 1\) must be float, not Array$/,
  );
  assert.throws(() => cos.step(2n as never), /CosineAnnealingLR\.step\(\): argument 'epoch' .* not bigint$/);
  assert.throws(() => new S.StepLR(opt(), 2).step('3' as never), /StepLR\.step\(\): .* must be float, not string$/);
  const plateau = new S.ReduceLROnPlateau(opt());
  assert.throws(() => plateau.step(1, {} as never), /ReduceLROnPlateau\.step\(\): argument 'epoch' \(position 2\)/);
  plateau.step(1, null);
  assert.equal(plateau.last_epoch, 1);
  cos.step(null);
  assert.equal(cos.last_epoch, 1);
  assert.ok(Math.abs(cos.get_last_lr()[0] - 0.05 * (1 + Math.cos(Math.PI / 10))) < 1e-12);
  const warm = new S.CosineAnnealingWarmRestarts(opt(), 3);
  warm.step(null);
  assert.equal(warm.last_epoch, 1);
});

test('helpers that classes use internally are underscored, and every public method called bare gives a message (surface fuzzer seed 7009: LBFGS#setParams() read undefined[0])', () => {
  const p = new torch.nn.Parameter(torch.ones(2));
  const objects: object[] = [
    new torch.optim.LBFGS([p]),
    new nn.LSTM(2, 3),
    new nn.GRU(2, 3),
    new nn.RNNCell(2, 3),
    new nn.LSTMCell(2, 3),
    new nn.InstanceNorm1d(3),
    new nn.InstanceNorm2d(3),
    new nn.Softmax2d(),
    new nn.MultiheadAttention(4, 2),
    new nn.ConvTranspose2d(2, 2, 3),
    new nn.TripletMarginLoss(),
  ];
  for (const o of objects) {
    for (let proto = Object.getPrototypeOf(o); proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
      for (const [key, desc] of Object.entries(Object.getOwnPropertyDescriptors(proto))) {
        if (key === 'constructor' || key.startsWith('_') || typeof desc.value !== 'function') continue;
        try {
          (o as Record<string, () => unknown>)[key]();
        } catch (e) {
          assert.ok(!internalError(e), `${o.constructor.name}#${key}(): ${(e as Error).message}`);
        }
      }
    }
  }
});

test('a bare nn.Module throws PyTorch\'s missing-forward error when run (surface fuzzer seeds 7021, 7031: "Cannot read properties of undefined (reading bind)" in functional_call, "model.forward is not a function" in onnx.export)', () => {
  const m = new (nn.Module as unknown as new () => torch.nn.Module)();
  const missing = /^Error: Module \[Module\] is missing the required "forward" function$/;
  assert.throws(() => m.forward(), missing);
  assert.throws(() => torch.func.functional_call(m, {}), missing);
  assert.throws(() => torch.onnx.export(m, [torch.ones(2)], [] as never), missing);
  // a subclass's own forward still runs
  assert.equal(String(torch.func.functional_call(new nn.Identity(), {}, torch.ones(1))), 'tensor([1.])');
  // a Set is not a dict of tensors (it was read as an empty one)
  assert.throws(
    () => torch.func.functional_call(new nn.Linear(2, 2), new Set() as never, torch.ones(2)),
    /^Error: Expected all elements of parameter_and_buffer_dicts to be dictionaries, got Set$/,
  );
  // Tensor.is_broadcastable_to, an unused internal with no PyTorch counterpart, is gone
  assert.equal('is_broadcastable_to' in torch.ones(1), false);
});

test('Flatten and Dropout take an options object after their first argument (surface fuzzer seed 7042: Flatten(-7, {}) kept the object as end_dim and its repr threw)', () => {
  assert.equal(String(new nn.Flatten(-7, Object.create(null) as never)), 'Flatten(start_dim=-7, end_dim=-1)');
  assert.equal(String(new nn.Flatten(0, { end_dim: 2 })), 'Flatten(start_dim=0, end_dim=2)');
  assert.equal(String(new nn.Flatten({ end_dim: 2 })), 'Flatten(start_dim=1, end_dim=2)');
  assert.equal(String(new nn.Flatten(1, 2)), 'Flatten(start_dim=1, end_dim=2)');
  // an empty options object is no option (it read as a truthy inplace)
  assert.equal(String(new nn.Dropout(0.2, {})), 'Dropout(p=0.2, inplace=False)');
  assert.equal(String(new nn.Dropout(0.2, { inplace: true })), 'Dropout(p=0.2, inplace=True)');
  assert.equal(String(new nn.Dropout({ p: 0.3 })), 'Dropout(p=0.3, inplace=False)');
  throwsType(() => new nn.Flatten(0, 'x' as never), /Flatten\(\): argument 'end_dim' \(position 2\) must be int/);
});

test("Parameter of an integer tensor gives PyTorch's factory message (seen through LSTM(2, 3, { dtype: torch.int64 }))", () => {
  const ints = torch.zeros(2, { dtype: torch.int64 });
  assert.throws(
    () => new nn.Parameter(ints),
    /^Error: Only Tensors of floating point and complex dtype can require gradients$/,
  );
  assert.throws(
    () => new nn.LSTM(2, 3, { dtype: torch.int64 } as never),
    /^Error: Only Tensors of floating point and complex dtype can require gradients$/,
  );
  assert.equal(new nn.Parameter(ints, false).requires_grad, false);
  // Tensor.requires_grad_ keeps its own wording, as in PyTorch
  assert.throws(() => ints.requires_grad_(), /^Error: only Tensors of floating point dtype can require gradients$/);
});
