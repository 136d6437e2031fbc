// Custom autograd.Function, autograd.functional, gradcheck and mse_loss against PyTorch
// (cases in tests/oracle/autograd.py).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { D, err, name, nexts, runCases, T, warningOf } from './autograd_fixture.js';

const { Function } = torch.autograd;
type Ctx = torch.autograd.FunctionCtx;
const F = torch.nn.functional;
const { jacobian, hessian, vjp, jvp, vhp, hvp } = torch.autograd.functional;

class MyExp extends Function {
  static forward(ctx: Ctx, x: Tensor): Tensor {
    const r = x.exp();
    ctx.save_for_backward(r);
    return r;
  }
  static backward(ctx: Ctx, g: Tensor): Tensor {
    const [r] = ctx.saved_tensors as Tensor[];
    return g.mul(r);
  }
}

class Scale extends Function {
  static forward(ctx: Ctx, x: Tensor, k: number, y: Tensor): Tensor {
    ctx.k = k;
    ctx.needs = [...ctx.needs_input_grad];
    return x.mul(k).add(y);
  }
  static backward(ctx: Ctx, g: Tensor): (Tensor | null)[] {
    return [g.mul(ctx.k as number), null, g];
  }
}

class WrongCount extends Function {
  static forward(_ctx: Ctx, x: Tensor, k: number): Tensor {
    return x.mul(k);
  }
  static backward(_ctx: Ctx, g: Tensor): Tensor {
    return g;
  }
}

class GradForNonTensor extends Function {
  static forward(_ctx: Ctx, x: Tensor, k: number): Tensor {
    return x.mul(k);
  }
  static backward(_ctx: Ctx, g: Tensor): Tensor[] {
    return [g, g];
  }
}

class Ident extends Function {
  static forward(_ctx: Ctx, x: Tensor): Tensor {
    return x;
  }
  static backward(_ctx: Ctx, g: Tensor): Tensor {
    return torch.mul(2, g);
  }
}

const ctxSeen: unknown[] = [];

class TwoOut extends Function {
  static forward(ctx: Ctx, x: Tensor): Tensor[] {
    const a = x.mul(2);
    const b = x.floor();
    ctx.mark_non_differentiable(b);
    return [a, b];
  }
  static backward(_ctx: Ctx, g: Tensor, gb: Tensor): Tensor {
    ctxSeen.push(gb);
    return g.mul(2);
  }
}

class Dirty extends Function {
  static forward(ctx: Ctx, x: Tensor): Tensor {
    x.mul_(2);
    ctx.mark_dirty(x);
    return x;
  }
  static backward(_ctx: Ctx, g: Tensor): Tensor {
    return torch.mul(2, g);
  }
}

class Cube extends Function {
  static forward(ctx: Ctx, x: Tensor): Tensor {
    ctx.save_for_backward(x);
    return x.pow(3);
  }
  static backward(ctx: Ctx, g: Tensor): Tensor {
    const [x] = ctx.saved_tensors as Tensor[];
    return g.mul(3).mul(x.pow(2));
  }
}

class NoMaterialize extends Function {
  static forward(ctx: Ctx, x: Tensor): Tensor[] {
    ctx.set_materialize_grads(false);
    return [x.mul(2), x.mul(3)];
  }
  static backward(_ctx: Ctx, g1: Tensor | null, g2: Tensor | null): Tensor | null {
    ctxSeen.push([g1 === null, g2 === null]);
    let total: Tensor | null = null;
    for (const [g, k] of [
      [g1, 2],
      [g2, 3],
    ] as [Tensor | null, number][]) {
      if (g !== null) total = total === null ? g.mul(k) : total.add(g.mul(k));
    }
    return total;
  }
}

class BadDouble extends Function {
  static forward(_ctx: Ctx, x: Tensor): Tensor {
    return x.mul(2);
  }
  static backward(_ctx: Ctx, g: Tensor): Tensor {
    return g.mul(3);
  }
}

class ExpJvp extends Function {
  // forward_ad_usage tutorial's Fn: forward-mode AD through a custom Function's jvp
  static forward(ctx: Ctx, foo: Tensor): Tensor {
    const result = torch.exp(foo);
    ctx.result = result;
    ctxSeen.push(torch.autograd.forward_ad.unpack_dual(foo).tangent === null);
    return result;
  }
  static jvp(ctx: Ctx, gI: Tensor): Tensor {
    const gO = gI.mul(ctx.result as Tensor);
    delete ctx.result;
    return gO;
  }
}

class MixJvp extends Function {
  static forward(ctx: Ctx, x: Tensor, y: Tensor, k: number): Tensor[] {
    ctx.k = k;
    return [x.mul(y).mul(k), x.add(y)];
  }
  static jvp(ctx: Ctx, gx: Tensor, gy: Tensor, gk: null): Tensor[] {
    ctxSeen.push([gx, gy, gk]);
    return [gx.mul(ctx.k as number), gx.add(gy)];
  }
}

class NoJvp extends Function {
  static forward(_ctx: Ctx, x: Tensor): Tensor[] {
    return [x.exp(), x.sin()];
  }
}

class OneTangent extends NoJvp {
  static jvp(_ctx: Ctx, gx: Tensor): Tensor {
    return gx;
  }
}

const fExpReducer = (x: Tensor): Tensor => x.exp().sum({ dim: 1 });
const fAdder = (x: Tensor, y: Tensor): Tensor => torch.mul(2, x).add(torch.mul(3, y));
const fPowReducer = (x: Tensor): Tensor => x.pow(3).sum();
const fPowAdderReducer = (x: Tensor, y: Tensor): Tensor =>
  torch
    .mul(2, x.pow(2))
    .add(torch.mul(3, y.pow(2)))
    .sum();
const fTwoOut = (x: Tensor, y: Tensor): Tensor[] => [x.mul(y), x.sin().mul(y).sum()];
const A = (): Tensor =>
  D([
    [0.1, 0.2],
    [0.3, 0.4],
  ]);

const gradOf = (t: Tensor): Tensor => t.grad as Tensor;

function fullError(fn: () => unknown): string | null {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return null;
}

const impls: Record<string, () => unknown> = {
  function_jvp: () => {
    const fwAD = torch.autograd.forward_ad;
    ctxSeen.length = 0;
    const p = D([0.5, -1.0, 2.0], true);
    const r = fwAD.dual_level(() => {
      const d = fwAD.make_dual(p, T([1.0, 2.0, 3.0]));
      const out = ExpJvp.apply(d);
      const t = fwAD.unpack_dual(out).tangent as Tensor;
      const r: Record<string, unknown> = {
        out: String(out),
        tangent: t,
        tangent_fn: name(t.grad_fn),
        fn: name(out.grad_fn),
      };
      const [a, b] = MixJvp.apply(D([1.0, 2.0, 3.0]), d, 2.0);
      r.mix = [fwAD.unpack_dual(a).tangent, fwAD.unpack_dual(b).tangent];
      r.no_jvp = err(() => NoJvp.apply(d));
      r.count = err(() => OneTangent.apply(d));
      r.plain = String(ExpJvp.apply(D([0.0, 1.0])));
      return r;
    });
    r.seen = [...ctxSeen];
    return r;
  },

  function_basic: () => {
    const x = D([0.5, 1.0, -1.0], true);
    const y = MyExp.apply(x);
    const r: Record<string, unknown> = { y, fn: name(y.grad_fn), next: nexts(y.grad_fn), is_leaf: y.is_leaf };
    y.sum().backward();
    r.grad = x.grad;
    r.twice = err(() => y.sum().backward());
    return r;
  },

  function_non_tensor_args: () => {
    const x = D([1.0, 2.0], true);
    const y = D([3.0, 4.0]);
    const z = Scale.apply(x, 2.5, y);
    const r: Record<string, unknown> = { z, next: nexts(z.grad_fn), fn: name(z.grad_fn) };
    z.mul(z).sum().backward();
    r.grad = x.grad;
    return r;
  },

  function_errors: () => {
    const x = D([1.0, 2.0], true);
    return {
      count: err(() => WrongCount.apply(x, 2.0).sum().backward()),
      non_tensor: err(() => GradForNonTensor.apply(x, 2.0).sum().backward()),
      dirty_leaf: err(() => Dirty.apply(x)),
    };
  },

  function_identity_and_dirty: () => {
    const x = D([1.0, 2.0], true);
    const o = Ident.apply(x);
    const r: Record<string, unknown> = { same_object: o === x, fn: name(o.grad_fn), version: o._version };
    o.sum().backward();
    r.ident_grad = (x.grad as Tensor).clone();
    x.grad = null;
    const y = x.mul(1);
    const d = Dirty.apply(y);
    r.dirty_same = d === y;
    r.dirty = d;
    r.dirty_fn = name(d.grad_fn);
    r.dirty_version = y._version;
    d.sum().backward();
    r.dirty_grad = x.grad;
    return r;
  },

  function_non_differentiable: () => {
    ctxSeen.length = 0;
    const x = D([3.5, 1.25, -2.5], true);
    const [a, b] = TwoOut.apply(x);
    const r: Record<string, unknown> = {
      a,
      b,
      flags: [a.requires_grad, b.requires_grad],
      fn: name(a.grad_fn),
      b_fn: name(b.grad_fn),
    };
    a.mul(D([1.0, 2.0, 3.0]))
      .sum()
      .backward();
    r.grad = x.grad;
    r.gb_seen = [...ctxSeen];
    return r;
  },

  function_double_backward: () => {
    const x = D([0.5, -2.0], true);
    const y = Cube.apply(x).sum();
    const [g] = torch.autograd.grad(y, x, { create_graph: true }) as Tensor[];
    const [h] = torch.autograd.grad(g.sum(), x) as Tensor[];
    return { g, h, g_fn: name(g.grad_fn) };
  },

  function_saved_version_error: () => {
    const x = D([0.5, 1.0], true);
    const b = x.mul(1);
    const y = Cube.apply(b);
    b.add_(1);
    return { error: err(() => y.sum().backward()) };
  },

  function_materialize: () => {
    ctxSeen.length = 0;
    const x = D([1.0, 2.0], true);
    const [a] = NoMaterialize.apply(x);
    a.sum().backward();
    return { seen: [...ctxSeen], grad: x.grad };
  },

  function_no_grad_input: () => {
    const y = MyExp.apply(D([1.0, 2.0]));
    const z = torch.no_grad(() => MyExp.apply(D([1.0], true)));
    return { y: [y.requires_grad, name(y.grad_fn)], z: [z.requires_grad, name(z.grad_fn)] };
  },

  functional_jacobian: () => {
    const a = A();
    const x = D([0.5, -1.0]);
    const y = D([2.0, 0.25]);
    const jCg = jacobian(fExpReducer, a, { create_graph: true }) as Tensor;
    return {
      single: jacobian(fExpReducer, a),
      tuple_in: jacobian(fAdder, [x, y]),
      tuple_out: jacobian(fTwoOut, [x, y]),
      create_graph: jCg,
      create_graph_fn: name(jCg.grad_fn),
      independent: jacobian((p) => p.mul(2), [x, y]),
      strict: err(() => jacobian((p) => p.mul(2), [x, y], { strict: true })),
      strict_out: err(() => jacobian(() => torch.ones([2], { dtype: torch.float64 }), x, { strict: true })),
    };
  },

  functional_hessian: () => {
    const a = A();
    const x = D([0.5, -1.0]);
    const y = D([2.0, 0.25]);
    return {
      single: hessian(fPowReducer, a),
      tuple: hessian(fPowAdderReducer, [x, y]),
      mixed: hessian((p, q) => p.mul(q.sin()).sum(), [x, y]),
      not_scalar: err(() => hessian((p) => p.mul(2), x)),
      create_graph_fn: name((hessian(fPowReducer, a, { create_graph: true }) as Tensor).grad_fn),
    };
  },

  functional_vjp_jvp: () => {
    const a = A();
    const v2 = D([1.0, 0.5]);
    const x = D([0.5, -1.0]);
    const y = D([2.0, 0.25]);
    return {
      vjp: vjp(fExpReducer, a, v2),
      vjp_tuple: vjp(fAdder, [x, y], D([1.0, 1.0])),
      vjp_no_v: err(() => vjp(fExpReducer, a)),
      vjp_bad_v: err(() => vjp(fExpReducer, a, D([1.0]))),
      jvp: jvp(
        fExpReducer,
        a,
        D([
          [1.0, 1.0],
          [1.0, 1.0],
        ]),
      ),
      jvp_tuple: jvp(fAdder, [x, y], [D([1.0, 1.0]), D([1.0, 1.0])]),
      jvp_multi_out: jvp(fTwoOut, [x, y], [D([1.0, 0.0]), D([0.5, 1.0])]),
      jvp_no_v: err(() => jvp(fExpReducer, a)),
      jvp_bad_v: err(() => jvp(fAdder, [x, y], [D([1.0]), D([1.0, 2.0])])),
      vjp_cg_fn: (vjp(fExpReducer, a, v2, { create_graph: true }) as Tensor[]).map((t) => name(t.grad_fn)),
      strict: err(() => vjp((p) => p.mul(2), [x, y], D([1.0, 1.0]), { strict: true })),
    };
  },

  functional_hvp_vhp: () => {
    const a = A();
    const v = D([
      [1.0, 0.5],
      [-1.0, 2.0],
    ]);
    const x = D([0.5, -1.0]);
    const y = D([2.0, 0.25]);
    const ones2 = D([1.0, 1.0]);
    return {
      vhp: vhp(fPowReducer, a, v),
      hvp: hvp(fPowReducer, a, v),
      vhp_tuple: vhp(fPowAdderReducer, [x, y], [ones2, ones2]),
      hvp_tuple: hvp((p, q) => p.mul(q.sin()).sum(), [x, y], [ones2, D([0.5, -1.0])]),
      not_scalar: err(() => vhp((p) => p.mul(2), x, ones2)),
      hvp_no_v: err(() => hvp(fPowReducer, a)),
    };
  },

  gradcheck_results: () => {
    const x = D([1.0, 2.0], true);
    const y = D(
      [
        [0.5, -1.0],
        [2.0, 0.3],
      ],
      true,
    );
    const f = (p: Tensor, q: Tensor): Tensor => p.mul(q).sin();
    return {
      ok: torch.autograd.gradcheck(f, [x, y]),
      ok_gg: torch.autograd.gradgradcheck(f, [x, y]),
      bad: err(() => torch.autograd.gradcheck((t) => BadDouble.apply(t), [D([1.0, 2.0], true)])),
      bad_no_raise: torch.autograd.gradcheck((t) => BadDouble.apply(t), [D([1.0, 2.0], true)], {
        raise_exception: false,
      }),
      bad_message: fullError(() => torch.autograd.gradcheck((t) => BadDouble.apply(t), [D([1.0, 2.0], true)])),
      none: err(() => torch.autograd.gradcheck((t) => t.mul(2), [D([1.0])])),
    };
  },

  mse_loss_cases: () => {
    const inp = D(
      [
        [0.5, -1.0, 2.0],
        [1.5, 0.0, -0.5],
      ],
      true,
    );
    const tgt = D([
      [1.0, 1.0, 1.0],
      [0.0, 0.5, -0.5],
    ]);
    const res: Record<string, unknown> = {};
    for (const red of ['mean', 'sum', 'none'] as const) {
      inp.grad = null;
      const loss = F.mse_loss(inp, tgt, { reduction: red });
      loss.backward(torch.ones_like(loss));
      res[red] = [loss, gradOf(inp).clone(), name(loss.grad_fn)];
    }
    res.module_sum = new torch.nn.MSELoss({ reduction: 'sum' }).forward(inp, tgt);
    const a = D([1.0, 2.0, 3.0], true);
    const b = D([[1.0], [0.0]], true);
    res.broadcast_warning = warningOf(() => F.mse_loss(a, b));
    let lb!: Tensor;
    warningOf(() => (lb = F.mse_loss(a, b)));
    lb.backward();
    res.broadcast = [lb, a.grad, b.grad, nexts(lb.grad_fn)];
    res.bad_reduction = err(() => F.mse_loss(inp, tgt, { reduction: 'avg' as 'mean' }));
    const t32 = T([1.0, 2.0], true);
    const l32 = F.mse_loss(t32, T([0.0, 0.0]));
    l32.backward();
    res.float32 = [l32, t32.grad];
    return res;
  },
};

runCases('autograd_function', impls);

test('custom Function: needs_input_grad, ctx attributes, and printing', () => {
  const x = D([1.0, 2.0], true);
  let needs: boolean[] = [];
  class Probe extends Function {
    static forward(ctx: Ctx, a: Tensor, k: number, b: Tensor): Tensor {
      needs = [...ctx.needs_input_grad];
      return a.mul(k).add(b);
    }
    static backward(_ctx: Ctx, g: Tensor): (Tensor | null)[] {
      return [g, null, g];
    }
  }
  const z = Probe.apply(x, 2, D([1.0, 1.0]));
  assert.deepEqual(needs, [true, false, false]);
  assert.equal(String(z.grad_fn), '<ProbeBackward>');
});
