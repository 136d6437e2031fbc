import * as torch from './src/index.js';
const nn = torch.nn, F = torch.nn.functional;
const INTERNAL = /Cannot read propert|is not a function|is not iterable|undefined|Invalid array length|Maximum call stack|Cannot convert|null \(reading|not an object|is not a constructor|Cannot set propert/;
const junk: unknown[] = [undefined, null, 0, 1, -1, 2.5, NaN, 'a', true, [], [1, 2], {}, { foo: 1 }, () => 1, torch.ones(2), torch.ones(2, 3), torch.tensor([1, 2], { dtype: torch.int64 })];
let internal = 0, total = 0;
function tryCall(label: string, f: () => unknown) {
  total++;
  try { const r = f(); if (r && typeof (r as any).then === 'function') (r as Promise<unknown>).catch(() => {}); }
  catch (e) {
    const m = String((e as Error)?.message ?? e);
    if (!(e instanceof Error) || INTERNAL.test(m) && !/undefined' is not|got undefined|not undefined|must be .*, not undefined/.test(m)) {
      internal++; console.log('INTERNAL', label, '->', (e as Error)?.constructor?.name, m.slice(0, 150));
    }
  }
}
const targets: Record<string, (...a: unknown[]) => unknown> = {
  'func.grad': (...a) => (torch.func.grad as any)(...a),
  'func.grad()()': (...a) => (torch.func.grad as any)((x: any) => x.sum())(...a),
  'func.vmap': (...a) => (torch.func.vmap as any)(...a),
  'func.vmap()()': (...a) => (torch.func.vmap as any)((x: any) => x.sum(), ...a.slice(1))(a[0]),
  'func.jvp': (...a) => (torch.func.jvp as any)(...a),
  'func.vjp': (...a) => (torch.func.vjp as any)(...a),
  'func.jacrev': (...a) => (torch.func.jacrev as any)(...a)(torch.ones(2)),
  'func.hessian': (...a) => (torch.func.hessian as any)(...a)(torch.ones(2)),
  'func.functional_call': (...a) => (torch.func.functional_call as any)(...a),
  'func.stack_module_state': (...a) => (torch.func.stack_module_state as any)(...a),
  'fwad.make_dual': (...a) => torch.autograd.forward_ad.dual_level(() => (torch.autograd.forward_ad.make_dual as any)(...a)),
  'fwad.unpack_dual': (...a) => (torch.autograd.forward_ad.unpack_dual as any)(...a),
  'fwad.dual_level': (...a) => (torch.autograd.forward_ad.dual_level as any)(...a),
  'LSTM': (...a) => new (nn.LSTM as any)(...a),
  'LSTM.fwd': (...a) => (new nn.LSTM(2, 3) as any).forward(...a),
  'GRU.fwd': (...a) => (new nn.GRU(2, 3, { batch_first: true }) as any).forward(...a),
  'RNNCell.fwd': (...a) => (new nn.RNNCell(2, 3) as any).forward(...a),
  'MHA': (...a) => new (nn.MultiheadAttention as any)(...a),
  'MHA.fwd': (...a) => (new nn.MultiheadAttention(4, 2) as any).forward(...a),
  'TEL': (...a) => new (nn.TransformerEncoderLayer as any)(...a),
  'TEL.fwd': (...a) => (new nn.TransformerEncoderLayer(4, 2) as any).forward(...a),
  'TE': (...a) => new (nn.TransformerEncoder as any)(...a),
  'Transformer.fwd': (...a) => (new nn.Transformer({ d_model: 4, nhead: 2, num_encoder_layers: 1, num_decoder_layers: 1, dim_feedforward: 8 }) as any).forward(...a),
  'sdpa': (...a) => (F.scaled_dot_product_attention as any)(...a),
  'Embedding.fwd': (...a) => (new nn.Embedding(5, 2) as any).forward(...a),
  'clip_grad_norm_': (...a) => (nn.utils.clip_grad_norm_ as any)(...a),
  'pad_sequence': (...a) => ((nn.utils as any).rnn.pad_sequence)(...a),
  'LambdaLR': (...a) => new (torch.optim.lr_scheduler.LambdaLR as any)(...a),
  'OneCycleLR': (...a) => new (torch.optim.lr_scheduler.OneCycleLR as any)(...a),
  'OneCycle.step': (...a) => { const o = new torch.optim.SGD([torch.ones(2, { requires_grad: true })], { lr: 0.1 }); return (new (torch.optim.lr_scheduler.OneCycleLR as any)(o, { max_lr: 1, total_steps: 3 }) as any).step(...a); },
  'onnx.export': (...a) => (torch.onnx.export as any)(...a),
  'viz.curves': (...a) => ((torch.viz as any).curves)(...a),
  'safetensors.load': (...a) => ((torch.safetensors as any).load)(...a),
  'jacobian fwd': (...a) => (torch.autograd.functional.jacobian as any)(...a),
  'hessian': (...a) => (torch.autograd.functional.hessian as any)(...a),
  'multinomial': (...a) => (torch.multinomial as any)(...a),
  'Module.load_state_dict': (...a) => (new nn.Linear(2, 2) as any).load_state_dict(...a),
  'Module.to': (...a) => (new nn.Linear(2, 2) as any).to(...a),
  'Module.apply': (...a) => (new nn.Linear(2, 2) as any).apply(...a),
  'Module.register_buffer': (...a) => (new nn.Linear(2, 2) as any).register_buffer(...a),
  'Sequential': (...a) => new (nn.Sequential as any)(...a),
  'ModuleList': (...a) => new (nn.ModuleList as any)(...a),
  'ModuleDict': (...a) => new (nn.ModuleDict as any)(...a),
  'Sequential.at': (...a) => (new nn.Sequential(new nn.ReLU()) as any).at(...a),
  'DataLoader': (...a) => new ((torch.utils as any).data.DataLoader)(...a),
  'TensorDataset': (...a) => new ((torch.utils as any).data.TensorDataset)(...a),
  'random_split': (...a) => ((torch.utils as any).data.random_split)(...a),
  'Adam.step': (...a) => (new torch.optim.Adam([torch.ones(2, { requires_grad: true })]) as any).step(...a),
  'optim.add_param_group': (...a) => (new torch.optim.Adam([torch.ones(2, { requires_grad: true })]) as any).add_param_group(...a),
  'optim.load_state_dict': (...a) => (new torch.optim.Adam([torch.ones(2, { requires_grad: true })]) as any).load_state_dict(...a),
  'tensor.register_hook': (...a) => (torch.ones(2, { requires_grad: true }) as any).register_hook(...a),
  'tensor.backward': (...a) => (torch.ones(2, { requires_grad: true }).mul(2) as any).backward(...a),
  'tensor.tolist': (...a) => (torch.ones(2) as any).tolist(...a),
  'tensor.item': (...a) => (torch.ones(2) as any).item(...a),
  'tensor.index': (...a) => (torch.ones(2, 3) as any).index(...a),
  'tensor.index_put_': (...a) => (torch.ones(2, 3) as any).index_put_(...a),
  'Function.apply': (...a) => ((torch.autograd as any).Function.apply)(...a),
  'set_printoptions': (...a) => (torch.set_printoptions as any)(...a),
  'Generator': (...a) => new (torch.Generator as any)(...a),
  'gen.manual_seed': (...a) => (new torch.Generator() as any).manual_seed(...a),
  'from_typed_array': (...a) => (torch.from_typed_array as any)(...a),
  'Size': (...a) => (torch.Size as any)(...a),
  'Tensor ctor': (...a) => new (torch.Tensor as any)(...a),
  'cdist?': (...a) => (torch as any).cdist?.(...a),
  'einsum': (...a) => (torch as any).einsum?.(...a),
};
let seed = 12345; const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
for (const [name, f] of Object.entries(targets)) {
  for (let i = 0; i < 150; i++) {
    const n = Math.floor(rnd() * 4);
    const args = Array.from({ length: n }, () => junk[Math.floor(rnd() * junk.length)]);
    tryCall(`${name}(${args.map((a) => (a === null ? 'null' : Array.isArray(a) ? `[${a}]` : typeof a === 'object' ? (a instanceof torch.Tensor ? `T${JSON.stringify(a.shape)}` : JSON.stringify(a)) : String(a))).join(', ')})`, () => f(...args));
  }
}
console.log('total', total, 'internal', internal);
