// Forward-mode AD and torch.func against PyTorch 1.13 / functorch (cases in tests/oracle/func.py):
// the same programs, compared value by value, including error texts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { D, err, runCases, T } from './autograd_fixture.js';

const fwAD = torch.autograd.forward_ad;
const ft = torch.func;
const F = torch.nn.functional;
type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const X = (): Tensor =>
  D([
    [0.5, -1.0, 2.0],
    [1.5, 0.25, -0.75],
  ]);
const V = (): Tensor =>
  D([
    [1.0, 0.5, -2.0],
    [0.0, 1.0, 3.0],
  ]);

/** Our message with the JavaScript type name put back to Python's, to compare with functorch's. */
const js = (m: string | null): string | null => (m === null ? null : m.replace('type number', "type <class 'int'>"));

const f3 = (x: Any): Tensor => x.sin().mul(x).sum();

function mlpParams(): Record<string, Tensor> {
  return {
    '0.weight': torch.arange(12, { dtype: torch.float64 }).reshape(3, 4).sin(),
    '0.bias': torch.arange(3, { dtype: torch.float64 }).cos(),
    '2.weight': torch.arange(6, { dtype: torch.float64 }).reshape(2, 3).cos(),
    '2.bias': D([0.1, -0.2]),
  };
}

const impls: Record<string, () => unknown> = {
  fwad_ops: () =>
    fwAD.dual_level(() => {
      const d: Any = fwAD.make_dual(X(), V());
      const outs: Tensor[] = [
        d.sin().mul(2),
        d.exp().sum(1),
        d.matmul(X().t()),
        d.softmax(1),
        d.log_softmax(0),
        torch.tanh(d).mean(),
        d.pow(3),
        d.div(d.abs().add(1)),
        d.t().reshape(6),
        torch.cat([d, d.mul(2)], 1),
        d.max(1).values,
        d.sigmoid().prod(),
        d.norm(),
        d.var(1),
        torch.where(d.gt(0), d, d.mul(d)),
        d.clamp(-0.5, 1.0),
        F.gelu(d),
        F.layer_norm(d, [3]),
        d.cumsum(1),
        d.sort(1).values,
      ];
      return outs.map((o) => {
        const { primal, tangent } = fwAD.unpack_dual(o);
        return [primal, tangent];
      });
    }),
  fwad_repr: () =>
    fwAD.dual_level(() => {
      const d = fwAD.make_dual(T([1.0, 2.0, 3.0]), T([1.0, 1.0, 1.0]));
      return [String(d), String(d.mul(2)), String(fwAD.unpack_dual(d.mul(2)))];
    }),
  fwad_errors: () => {
    const x = T([1.0, 2.0, 3.0]);
    const out: unknown[] = [err(() => fwAD.make_dual(x, x))];
    let d: Tensor | null = null;
    fwAD.dual_level(() => {
      d = fwAD.make_dual(x, x);
      out.push(err(() => fwAD.make_dual(x, T([1.0, 2.0]))));
      out.push(err(() => fwAD.make_dual(x.long(), x)));
      out.push(err(() => fwAD.make_dual(x, x.long())));
      out.push(err(() => fwAD.make_dual(d as Tensor, x)));
      out.push(err(() => fwAD.dual_level(() => 0)));
    });
    out.push(fwAD.unpack_dual(d as unknown as Tensor).tangent === null);
    return out;
  },
  fwad_inplace_views: () =>
    fwAD.dual_level(() => {
      const base = torch.zeros(2, 3, { dtype: torch.float64 });
      const view = base.select(0, 1);
      view.copy_(fwAD.make_dual(D([1.0, 2.0, 3.0]), D([4.0, 5.0, 6.0])));
      const a = fwAD.make_dual(X(), V()).clone();
      a.select(1, 0).mul_(3);
      a.t().select(0, 2).exp_();
      return [fwAD.unpack_dual(base).tangent, fwAD.unpack_dual(a).tangent];
    }),
  fwad_tangent_layout: () => {
    const big = torch.arange(12, { dtype: torch.float64 }).reshape(4, 3);
    const t = torch.arange(9, { dtype: torch.float64 }).reshape(3, 3).cos();
    const pairs: [Tensor, Tensor][] = [
      [X(), V()],
      [X(), V().t().contiguous().t()],
      [big.index(':3').clone(), big.index('1:')],
      [big.index(':3').clone(), big.index(':3')],
      [big.index('1:'), t],
      [big.t().index(':2'), torch.arange(8, { dtype: torch.float64 }).reshape(2, 4)],
    ];
    return fwAD.dual_level(() =>
      pairs.map(([primal, tangent]) => {
        const u = fwAD.unpack_dual(fwAD.make_dual(primal, tangent)).tangent as Tensor;
        return [u === tangent, u.stride(), u.storage_offset(), u._data.length, u];
      }),
    );
  },
  fwad_zero_tangent_terms: () => {
    const p = X().requires_grad_();
    const x = D([
      [1.0, -2.0],
      [0.5, 0.25],
      [3.0, -1.0],
    ]);
    return fwAD.dual_level(() => {
      const d: Any = fwAD.make_dual(p, V());
      const outs: Tensor[] = [
        d.t(),
        x.matmul(d),
        d.mul(2),
        d.exp(),
        d.add(X()),
        F.linear(x, d.t()),
        F.linear(X(), p, d.select(1, 0)),
        torch.addmm(d.select(0, 0), x, d),
        d.sum(),
        d.pow(2),
        d.div(3),
        torch.where(d.gt(0), d, X()),
      ];
      const res: unknown[] = outs.map((o) => {
        const t = fwAD.unpack_dual(o).tangent as Tensor;
        return [t.requires_grad, t.grad_fn === null ? null : t.grad_fn.name(), t];
      });
      const t = fwAD.unpack_dual(x.matmul(d)).tangent as Tensor;
      res.push(torch.autograd.grad(t.sum(), p));
      return res;
    });
  },
  fwad_reverse_over_forward: () => {
    const x = X().requires_grad_();
    return fwAD.dual_level(() => {
      const d = fwAD.make_dual(x, V());
      const y = d.sin().mul(d).sum();
      const t = fwAD.unpack_dual(y).tangent as Tensor;
      const [g] = torch.autograd.grad(t, x);
      return [t, g];
    });
  },
  func_grad: () => {
    const x = X();
    const y = V();
    const g = ft.grad(f3)(x);
    const g2 = ft.grad((a: Any, b: Any) => a.mul(b).exp().sum(), { argnums: [0, 1] })(x, y);
    const ga = ft.grad((a: Any) => [a.pow(2).sum(), a.cos()], { has_aux: true })(x);
    const gv = ft.grad_and_value(f3)(x);
    const gg = ft.grad((a: Any) => (ft.grad(f3)(a) as Tensor).sum())(x);
    const tree = ft.grad((p: Any) => p.w.mul(p.b[0]).sum())({ w: x, b: [y] });
    return [g, g2, ga, gv, gg, tree];
  },
  func_vjp_jvp: () => {
    const x = X();
    const y = V();
    const [out, fn] = ft.vjp((a: Any, b: Any) => a.sin().mul(b), x, y) as [Tensor, (c: unknown) => unknown[]];
    const cot = D([
      [1.0, 2.0, 3.0],
      [4.0, 5.0, 6.0],
    ]);
    const [jout, jt] = ft.jvp((a: Any, b: Any) => a.mul(b).tanh(), [x, y], [cot, x]);
    const [out2, fn2, aux] = ft.vjp((a: Any) => [a.exp(), a.sum()], x, { has_aux: true }) as [
      Tensor,
      (c: unknown) => unknown[],
      Tensor,
    ];
    return [out, fn(cot), jout, jt, out2, fn2(cot), aux];
  },
  func_jacobians: () => {
    const x = D([0.5, -1.0, 2.0]);
    const y = D([1.5, 0.25]);
    const f = (a: Any, b: Any): Tensor => torch.cat([a.sin().mul(b.sum()), b.exp()]);
    const h = (a: Any): Tensor => a.pow(3).mul(a.sin()).sum();
    return [
      ft.jacrev(f)(x, y),
      ft.jacrev(f, { argnums: [0, 1] })(x, y),
      ft.jacfwd(f)(x, y),
      ft.jacfwd(f, { argnums: [0, 1] })(x, y),
      ft.hessian(h)(x),
      ft.jvp(ft.grad(h) as Any, [x], [D([1.0, 0.0, 2.0])])[1],
      ft.jacrev((a: Any) => a.outer(a))(x),
    ];
  },
  func_errors: () => {
    const x = D([1.0, 2.0]);
    return [
      err(() => ft.grad((a: Any) => a.sin())(x)),
      err(() => ft.jvp((a: Any) => a, x, x)),
      err(() => ft.jvp((a: Any) => a, [x], [D([1.0, 2.0, 3.0])])),
      err(() => ft.vmap((a: Any, b: Any) => a.add(b))(D([[1.0, 2.0]]), D([[1.0], [2.0]]))),
      err(() => ft.vmap((a: Any) => a, { in_dims: 2 })(D([[1.0, 2.0]]))),
      err(() => (ft.vmap(() => torch.rand(2)) as Any)(x)),
      err(() => ft.vmap((a: Any) => a.item())(x)),
      err(() => (ft.vmap(() => 1) as Any)(x)),
      err(() => ft.vmap((a: Any) => a, { in_dims: [null] })(x)),
      err(() => ft.vmap((a: Any) => a, { in_dims: [0] })(1)),
    ].map(js);
  },
  func_vmap: () => {
    const x = X();
    const y = V();
    const m = D([
      [1.0, 2.0],
      [3.0, 4.0],
      [5.0, 6.0],
    ]);
    const vm = ft.vmap;
    return [
      vm((a: Any) => a.sin().mul(2).add(1))(x),
      vm((a: Any, b: Any) => a.mul(b), { in_dims: [1, null] })(x, D([2.0, 3.0])),
      vm((a: Any) => a.sum(0), { in_dims: 1 })(x),
      vm((a: Any) => a.unsqueeze(0).t(), { out_dims: 1 })(x),
      vm((a: Any) => a.matmul(m))(x),
      vm((a: Any, b: Any) => a.dot(b))(x, y),
      vm((a: Any, b: Any) => torch.mv(b, a), { in_dims: [0, null] })(x, m.t()),
      vm(vm((a: Any) => a.exp().sum()))(x),
      vm((a: Any) => [a.softmax(0), a.max()])(x),
      vm((a: Any) => torch.stack([a, a.mul(2)], 1))(x),
      vm((a: Any) => a.reshape(3, 1).expand(3, 2).sum(1))(x),
      vm((a: Any) => a.sort().values)(x),
      (vm(() => torch.ones(2)) as Any)(x),
      vm((a: Any) => F.linear(a, m, D([1.0, -1.0, 0.5])))(D([[[1.0, 2.0]], [[3.0, 4.0]]])),
      vm((a: Any) => F.cross_entropy(a.unsqueeze(0), torch.tensor([1], { dtype: torch.int64 })))(x),
      vm(ft.jacrev((a: Any) => a.sin().mul(a.sum())) as Any)(x),
      vm((a: Any, t: Any) => ft.jvp(torch.tanh, [a], [t])[1])(x, y),
    ];
  },
  func_per_sample_grads: () => {
    const model = new torch.nn.Sequential(new torch.nn.Linear(4, 3), new torch.nn.ReLU(), new torch.nn.Linear(3, 2));
    model.double();
    const params = mlpParams();
    const xs = torch.arange(20, { dtype: torch.float64 }).reshape(5, 4).mul(0.37).sin();
    const ys = torch.tensor([0, 1, 1, 0, 1], { dtype: torch.int64 });
    const loss = (p: Any, x: Any, y: Any): Tensor =>
      F.cross_entropy(ft.functional_call(model, p, [x.unsqueeze(0)]) as Tensor, y.unsqueeze(0));
    return ft.vmap(ft.grad(loss) as Any, { in_dims: [null, 0, 0] })(params, xs, ys);
  },
  func_vmap_of_transforms: () => {
    const x = X();
    const w = D([
      [0.5, -1.0, 0.25],
      [1.5, 0.5, -0.5],
    ]);
    const [, vjp_fn] = ft.vjp((a: Any) => w.matmul(a).tanh(), x.index(0)) as [Tensor, Any];
    const hvp = (a: Any, t: Any): Tensor => (ft.jvp(ft.grad(f3), [a], [t]) as Tensor[])[1];
    return [
      ft.vmap(vjp_fn)(torch.eye(2, { dtype: torch.float64 })),
      ft.vmap(ft.hessian(f3))(x),
      ft.vmap(
        ft.hessian((ww: Any, a: Any) => ww.matmul(a).tanh(), { argnums: 1 }),
        { in_dims: [null, 0] },
      )(w, x),
      ft.vmap(hvp)(x, V()),
      ft.vmap(ft.jacfwd(ft.jacrev(torch.sin as Any)))(x),
    ];
  },
  func_nested_vmap_vjp: () => {
    const x = X();
    const w = D([
      [0.5, -1.0, 0.25],
      [1.5, 0.5, -0.5],
    ]);
    const p = { w, b: D([0.1, -0.3]) };
    const f = (q: Any, a: Any): Tensor => q.w.matmul(a).add(q.b).tanh();
    const get_ntk = (a: Any, b: Any): Tensor => {
      const [out, vjp_fn] = ft.vjp((q: Any) => f(q, a), p) as [Tensor, Any];
      const slice = (vec: Any): Tensor => (ft.jvp((q: Any) => f(q, b), [p], vjp_fn(vec)) as Tensor[])[1];
      return ft.vmap(slice)(torch.eye(out.numel(), { dtype: torch.float64 }));
    };
    const rows = (a: Any): Tensor => {
      const [, vjp_fn] = ft.vjp((ww: Any) => ww.matmul(a), w) as [Tensor, Any];
      return ft.vmap((v: Any) => vjp_fn(v)[0])(torch.eye(2, { dtype: torch.float64 }));
    };
    const conv_w = torch
      .arange(2 * 1 * 2 * 2, { dtype: torch.float64 })
      .reshape(2, 1, 2, 2)
      .sin();
    const imgs = torch
      .arange(2 * 9, { dtype: torch.float64 })
      .reshape(2, 1, 3, 3)
      .cos();
    const conv_rows = (img: Any): Tensor => {
      const [out, vjp_fn] = ft.vjp((cw: Any) => F.conv2d(img.unsqueeze(0), cw).flatten(), conv_w) as [Tensor, Any];
      return ft.vmap((v: Any) => vjp_fn(v)[0])(torch.eye(out.numel(), { dtype: torch.float64 }));
    };
    return [
      ft.vmap(ft.vmap(get_ntk, { in_dims: [null, 0] }), { in_dims: [0, null] })(x, V()),
      ft.vmap(rows)(x),
      ft.vmap(ft.vmap(ft.grad((a: Any, b: Any) => a.mul(b).sin().sum())), { in_dims: [0, null] })(
        x,
        x.index(0).unsqueeze(0).expand(3, 3),
      ),
      ft.vmap(conv_rows)(imgs),
    ];
  },
  func_ensemble: () => {
    const model = new torch.nn.Linear(3, 2).double();
    const ws = torch.arange(18, { dtype: torch.float64 }).reshape(3, 2, 3).sin();
    const bs = torch.arange(6, { dtype: torch.float64 }).reshape(3, 2).cos();
    return ft.vmap((w: Any, b: Any, a: Any) => ft.functional_call(model, { weight: w, bias: b }, [a]), {
      in_dims: [0, 0, null],
    })(ws, bs, X());
  },
  functional_strategies: () => {
    const AF = torch.autograd.functional;
    const x = D([0.5, -1.0, 2.0]);
    const y = D([1.5, 0.25]);
    const f = (a: Any, b: Any): Tensor[] => [torch.cat([a.sin().mul(b.sum()), b.exp()]), a.outer(b)];
    const h = (a: Any): Tensor => a.pow(3).mul(a.sin()).sum();
    return [
      AF.jacobian(f, [x, y], { strategy: 'forward-mode', vectorize: true }),
      AF.jacobian(f, [x, y], { vectorize: true }),
      AF.hessian(h, x, { outer_jacobian_strategy: 'forward-mode', vectorize: true }),
      AF.hessian(h, x, { vectorize: true }),
      err(() => AF.jacobian(h, x, { strategy: 'forward-mode' })),
      err(() => AF.jacobian(h, x, { strategy: 'forward-mode', vectorize: true, strict: true })),
      err(() => AF.jacobian(h, x, { strategy: 'forward-mode', vectorize: true, create_graph: true })),
      err(() => AF.jacobian(h, x, { vectorize: true, strict: true })),
    ];
  },
};

runCases('func', impls);

test("torch.vmap is torch.func.vmap, PyTorch 2's top-level name (`from torch import vmap`)", () => {
  assert.equal(torch.vmap, torch.func.vmap);
  assert.deepEqual(
    torch
      .vmap((a: Tensor) => a.sum())(torch.ones(3, 2))
      .tolist(),
    [2, 2, 2],
  );
});
