// intermediate_source/forward_ad_usage.py, line by line. The tutorial itself prints nothing (it
// asserts), so the lines marked "Extra" print what it computes. `with fwAD.dual_level():` is a
// callback; delattr/setattr on the module are `delete` and assignment; `functorch as ft` is
// PyTorch 2's torch.func.
import assert from 'node:assert/strict';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { print } from './py.js';

const fwAD = torch.autograd.forward_ad;
const nn = torch.nn;
type Attrs = Record<string, unknown>;

torch.manual_seed(0);

let primal = torch.randn(10, 10);
let tangent = torch.randn(10, 10);

let fn = (x: Tensor, y: Tensor): Tensor => x.pow(2).add(y.pow(2));

let dual_output!: Tensor;
let jvp!: Tensor;
fwAD.dual_level(() => {
  const dual_input = fwAD.make_dual(primal, tangent);
  assert.ok(fwAD.unpack_dual(dual_input).tangent === tangent);

  const dual_input_alt = fwAD.make_dual(primal, tangent.T);
  assert.ok(fwAD.unpack_dual(dual_input_alt).tangent !== tangent);

  const plain_tensor = torch.randn(10, 10);
  dual_output = fn(dual_input, plain_tensor);

  jvp = fwAD.unpack_dual(dual_output).tangent!;

  // Extra: a dual tensor prints its tangent; the copied tangent has the primal's layout
  console.log(String(dual_input.index(':2', ':3')));
  print(fwAD.unpack_dual(dual_input_alt).tangent!.stride(), fwAD.unpack_dual(dual_input_alt).tangent!.is_contiguous());
  console.log(String(fwAD.unpack_dual(dual_input.index(0, ':4'))));
  print(dual_input._base === primal, dual_input.shape);
});

assert.ok(fwAD.unpack_dual(dual_output).tangent === null);
console.log(String(jvp)); // Extra
console.log(String(fwAD.unpack_dual(dual_output))); // Extra: no tangent once the level has exited

let model = new nn.Linear(5, 5);
let input = torch.randn(16, 5);

const params: Record<string, Tensor> = Object.fromEntries(model.named_parameters());
const tangentsByName: Record<string, Tensor> = Object.fromEntries(
  Object.entries(params).map(([name, p]) => [name, torch.rand_like(p)]),
);

fwAD.dual_level(() => {
  for (const [name, p] of Object.entries(params)) {
    delete (model as unknown as Attrs)[name];
    (model as unknown as Attrs)[name] = fwAD.make_dual(p, tangentsByName[name]);
  }

  const out = model.forward(input);
  jvp = fwAD.unpack_dual(out).tangent!;
});

console.log(String(jvp)); // Extra
console.log(`[${[...model.named_parameters()].map(([name]) => `'${name}'`).join(', ')}]`); // Extra: the duals are plain attributes, not parameters

const { functional_call } = torch.func;

model = new nn.Linear(5, 5);

const dual_params: Record<string, Tensor> = {};
let jvp2!: Tensor;
fwAD.dual_level(() => {
  for (const [name, p] of Object.entries(params)) {
    dual_params[name] = fwAD.make_dual(p, tangentsByName[name]);
  }
  const out = functional_call(model, dual_params, input) as Tensor;
  jvp2 = fwAD.unpack_dual(out).tangent!;
});

assert.ok(torch.allclose(jvp, jvp2));
print(torch.allclose(jvp, jvp2), torch.equal(jvp, jvp2)); // Extra

class Fn extends torch.autograd.Function {
  static forward(ctx: torch.autograd.FunctionCtx, foo: Tensor): Tensor {
    const result = torch.exp(foo);
    ctx.result = result;
    return result;
  }

  static jvp(ctx: torch.autograd.FunctionCtx, gI: Tensor): Tensor {
    const gO = gI.mul(ctx.result as Tensor);
    delete ctx.result;
    return gO;
  }
}

const fnApply = Fn.apply as (foo: Tensor) => Tensor;

primal = torch.randn(10, 10, { dtype: torch.double, requires_grad: true });
tangent = torch.randn(10, 10);

fwAD.dual_level(() => {
  const dual_input = fwAD.make_dual(primal, tangent);
  const dual_output = fnApply(dual_input);
  jvp = fwAD.unpack_dual(dual_output).tangent!;
  console.log(String(dual_output.index(0, ':3'))); // Extra
});

console.log(String(jvp.index(':2'))); // Extra
console.log(String(jvp.dtype)); // Extra

print(
  torch.autograd.gradcheck(fnApply, [primal], {
    check_forward_ad: true,
    check_backward_ad: false,
    check_undefined_grad: false,
    check_batched_grad: false,
  }),
); // Extra: print its result

const ft = torch.func;

const primal0 = torch.randn(10, 10);
const tangent0 = torch.randn(10, 10);
const primal1 = torch.randn(10, 10);
const tangent1 = torch.randn(10, 10);

fn = (x: Tensor, y: Tensor): Tensor => x.pow(2).add(y.pow(2));

let [primal_out, tangent_out] = ft.jvp(fn, [primal0, primal1], [tangent0, tangent1]) as [Tensor, Tensor];
console.log([primal_out.index(0), tangent_out.index(0)].join('\n')); // Extra

primal = torch.randn(10, 10);
tangent = torch.randn(10, 10);
const y = torch.randn(10, 10);

// functools.partial(fn, y=y)
const new_fn = (x: Tensor): Tensor => fn(x, y);
[primal_out, tangent_out] = ft.jvp(new_fn, [primal], [tangent]) as [Tensor, Tensor];
console.log([primal_out.index(0), tangent_out.index(0)].join('\n')); // Extra

model = new nn.Linear(5, 5);
input = torch.randn(16, 5);
const tangents = [...model.parameters()].map((p) => torch.rand_like(p));

// ft.make_functional_with_buffers(model) is gone from PyTorch 2's torch.func; its replacement is
// functional_call with the module's own parameters, here kept as a tuple as make_functional's are.
const names = [...model.named_parameters()].map(([name]) => name);
const buffers = Object.fromEntries(model.named_buffers());
const func = (params: Tensor[], buffers: Record<string, Tensor>, x: Tensor): Tensor =>
  functional_call(model, [Object.fromEntries(names.map((n, i) => [n, params[i]])), buffers], [x]) as Tensor;
const paramsTuple = [...model.parameters()];

const func_params_only = (params: Tensor[]): Tensor => func(params, buffers, input);

const [model_output, jvp_out] = ft.jvp(func_params_only, [paramsTuple], [tangents]) as [Tensor, Tensor];
console.log([model_output.index(':3'), jvp_out.index(':3')].join('\n')); // Extra
