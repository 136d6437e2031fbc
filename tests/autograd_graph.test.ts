// Autograd against PyTorch: graph recording, backward, autograd.grad, higher-order derivatives
// (cases in tests/oracle/autograd.py).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { D, err, name, nexts, runCases, T, warningOf } from './autograd_fixture.js';

const grad1 = (y: Tensor, x: Tensor, opts?: torch.autograd.GradOpts): Tensor =>
  torch.autograd.grad(y, x, opts)[0] as Tensor;

const impls: Record<string, () => unknown> = {
  graph_leaf_flags: () => {
    const x = torch.ones(1);
    const w = T([0.5], true);
    const b = T([-1.0], true);
    const y = w.mul(x);
    const z = y.add(b);
    return {
      requires_grad: [x.requires_grad, w.requires_grad, b.requires_grad, y.requires_grad, z.requires_grad],
      is_leaf: [x.is_leaf, w.is_leaf, b.is_leaf, y.is_leaf, z.is_leaf],
      grad_fn: [name(x.grad_fn), name(y.grad_fn), name(z.grad_fn)],
      next: nexts(z.grad_fn),
      next_of_y: nexts(y.grad_fn),
      grads_before: [x.grad, w.grad],
    };
  },

  graph_next_functions_add_scalar: () => {
    const x = torch.ones([2, 2], { requires_grad: true });
    const y = x.add(2);
    return {
      name: name(y.grad_fn),
      next: nexts(y.grad_fn),
      leaf_name: (y.grad_fn?.next_functions[0][0] as torch.autograd.Node).name(),
    };
  },

  graph_names_common: () => {
    const x = D(
      [
        [1.0, 2.0],
        [3.0, 4.0],
      ],
      true,
    );
    const v = D([0.5, -1.5], true);
    const ts = [
      x.add(v),
      x.sub(v),
      x.mul(v),
      x.div(v),
      x.pow(2),
      x.pow(v),
      x.exp(),
      x.log(),
      x.sin(),
      x.cos(),
      x.tanh(),
      x.sigmoid(),
      x.relu(),
      x.neg(),
      x.abs(),
      x.sqrt(),
      x.sum(),
      x.sum(0),
      x.mean(),
      x.mean(1),
      x.view(4),
      x.t(),
      x.transpose(0, 1),
      x.select(0, 0),
      x.select(1, 1),
      x.narrow(0, 0, 1),
      x.unsqueeze(0),
      x.expand(3, 2, 2),
      x.matmul(x),
      x.mm(x),
      x.clone(),
      torch.mul(2, x),
      torch.sub(1, x),
      x.permute(1, 0),
      x.squeeze(),
      x.contiguous().view(2, 2),
      torch.cat([x, x]),
      torch.stack([x, x]),
      x.clamp(0, 3),
    ];
    return { names: ts.map((t) => name(t.grad_fn)) };
  },

  graph_chain_structure: () => {
    const x = D([1.0, 2.0, 3.0], true);
    const y = x.mul(2).exp().sum();
    const n1 = y.grad_fn as torch.autograd.Node;
    const n2 = n1.next_functions[0][0] as torch.autograd.Node;
    const n3 = n2.next_functions[0][0] as torch.autograd.Node;
    return { chain: [name(n1), name(n2), name(n3), name(n3.next_functions[0][0])], n3_next: nexts(n3) };
  },

  graph_requires_grad_errors: () => {
    const i = torch.ones([2], { dtype: torch.long });
    const y = D([1.0], true).mul(2);
    return {
      factory: err(() => torch.ones([2], { dtype: torch.long, requires_grad: true })),
      method: err(() => torch.ones([2], { dtype: torch.long }).requires_grad_()),
      setter: err(() => (i.requires_grad = true)),
      nonleaf_false: err(() => y.requires_grad_(false)),
      nonleaf_setter: err(() => (y.requires_grad = false)),
      nonleaf_true_ok: y.requires_grad_(true).requires_grad,
      bool_tensor: err(() => torch.tensor([true]).requires_grad_()),
      int_variable: err(() =>
        torch.autograd.Variable(torch.ones([2], { dtype: torch.int32 }), { requires_grad: true }),
      ),
    };
  },

  graph_requires_grad_toggle: () => {
    const x = D([1.0, 2.0]);
    x.requires_grad_();
    const a = x.requires_grad;
    x.requires_grad = false;
    const b = x.requires_grad;
    const y = x.mul(2);
    x.requires_grad_(true);
    const z = x.mul(2);
    return { flags: [a, b, y.requires_grad, z.requires_grad] };
  },

  grad_accumulates_seed000: () => {
    const x = torch.autograd.Variable(torch.ones(2, 2), { requires_grad: true });
    const y = x.sum();
    const grads = [];
    for (let k = 0; k < 3; k++) {
      y.backward();
      grads.push((x.grad as Tensor).clone());
    }
    (x.grad as Tensor).data.zero_();
    return { grads, after_zero: x.grad, y, x_after: x };
  },

  grad_set_and_errors: () => {
    const x = torch.ones([3], { requires_grad: true });
    const e1 = err(() => (x.grad = torch.ones(2)));
    const e2 = err(() => (x.grad = torch.ones([3], { dtype: torch.float64 })));
    const e3 = err(() => (x.grad = torch.ones([3], { dtype: torch.long })));
    x.grad = T([1.0, 2.0, 3.0]);
    x.mul(2).sum().backward();
    const after = (x.grad as Tensor).clone();
    x.grad = null;
    const none = x.grad;
    x.mul(3).sum().backward();
    return { size: e1, double: e2, long: e3, after, none, fresh: x.grad };
  },

  backward_vjp_seed: () => {
    const x = T([1.0, 2.0, 3.0, 4.0], true);
    const y = torch.mul(2, x);
    const z = y.view(2, 2);
    const v = T([
      [2.0, 0.2],
      [0.01, 0.001],
    ]);
    z.backward(v, { retain_graph: true });
    const first = (x.grad as Tensor).clone();
    z.backward(v);
    return { z_fn: name(z.grad_fn), first, second: x.grad };
  },

  backward_seed_manual_vs_auto: () => {
    const x = D(
      [
        [0.5, -1.0, 2.0],
        [1.5, 0.25, -0.75],
      ],
      true,
    );
    const y = x.pow(2).mul(torch.exp(x));
    const dx = torch
      .mul(2, x)
      .mul(torch.exp(x))
      .add(x.pow(2).mul(torch.exp(x)));
    y.backward(torch.ones([2, 3], { dtype: torch.float64 }));
    return { y, manual: dx, auto: x.grad, y_fn: name(y.grad_fn), dx_fn: name(dx.grad_fn) };
  },

  backward_errors: () => {
    const x = T([1.0, 2.0, 3.0], true);
    return {
      nonscalar: err(() => x.exp().backward()),
      no_grad_fn: err(() => torch.ones(3).sum().backward()),
      shape: err(() => x.exp().backward(torch.ones(2))),
      second_element: err(() => torch.autograd.backward([x.sum(), torch.ones(2).sum()])),
      empty_inputs: err(() => x.sum().backward(null, { inputs: [] })),
      inputs_no_grad: err(() => x.sum().backward(null, { inputs: [torch.ones(2)] })),
    };
  },

  backward_retain_graph: () => {
    const v = torch.autograd.Variable(
      torch.FloatTensor([
        [1, 2],
        [3, 4],
      ]),
      { requires_grad: true },
    );
    const out = torch.mean(v.pow(2));
    out.backward(null, { retain_graph: true });
    const g1 = (v.grad as Tensor).clone();
    out.backward();
    const g2 = (v.grad as Tensor).clone();
    return { out, g1, g2, third: err(() => out.backward()), fn: name(out.grad_fn) };
  },

  backward_twice_error_text: () => {
    const x = T([1.0, 2.0], true);
    const y = x.mul(x).sum();
    y.backward();
    const s = x.sum();
    s.backward();
    s.backward();
    return { error: err(() => y.backward()), saved_nothing_grad: x.grad };
  },

  backward_multi_roots: () => {
    const x = D([1.0, 2.0, 3.0], true);
    const y1 = x.exp();
    const y2 = x.mul(x).sum();
    torch.autograd.backward([y1, y2], [D([1.0, 0.5, 0.25]), null]);
    return { grad: x.grad };
  },

  backward_inputs_option: () => {
    const x = D([1.0, 2.0], true);
    const w = D([3.0, -1.0], true);
    const y = x.mul(w);
    const z = y.mul(y).sum();
    z.backward(null, { inputs: [x], retain_graph: true });
    const gx = (x.grad as Tensor).clone();
    const wg = w.grad;
    z.backward(null, { inputs: [y] });
    return { gx, w_grad: wg, y_grad: y.grad, y_retains: y.retains_grad, x_after: x.grad };
  },

  backward_dtype_cast_seed: () => {
    const x = T([1.0, 2.0], true);
    x.exp().backward(torch.ones([2], { dtype: torch.float64 }));
    return { grad: x.grad };
  },

  backward_shared_subgraph: () => {
    const x = D([0.5, -1.0], true);
    const a = x.sin();
    const b = a.mul(a).add(a.exp().mul(x));
    const c = b.mul(a).sum().add(b.sum());
    c.backward();
    return { grad: x.grad };
  },

  grad_seed001: () => {
    const x = D([0.9074, 0.4474, 0.6749], true);
    const w = D([0.9425, 0.9263, 0.134], true);
    const y = w.mul(x);
    const z = y.sum();
    const gy = torch.autograd.grad(z, y, { retain_graph: true });
    const gx = torch.autograd.grad(z, x);
    return { gy, gx, x_grad: x.grad, w_grad: w.grad };
  },

  grad_errors_and_unused: () => {
    const x = D([1.0, 2.0], true);
    const u = D([3.0], true);
    return {
      unused: err(() => torch.autograd.grad(x.sum(), [x, u])),
      allow_unused: torch.autograd.grad(x.mul(2).sum(), [x, u], { allow_unused: true }),
      no_require: err(() => torch.autograd.grad(x.sum(), [torch.ones(2)])),
      output_no_grad: err(() => torch.autograd.grad(torch.ones(2).sum(), x)),
      nonscalar: err(() => torch.autograd.grad(x.mul(2), x)),
      empty: err(() => torch.autograd.grad(x.sum(), [])),
      shape: err(() => torch.autograd.grad(x.mul(2), x, { grad_outputs: torch.ones(3) })),
    };
  },

  grad_outputs_and_multi: () => {
    const x = D([1.0, 2.0, 3.0], true);
    const y = D([0.5, -0.5], true);
    const a = x.exp();
    const b = x.sum().mul(y);
    const g = torch.autograd.grad([a, b], [x, y], { grad_outputs: [D([1.0, 2.0, 3.0]), D([1.0, -1.0])] });
    return { g, x_grad: x.grad };
  },

  grad_of_intermediate: () => {
    const x = D([1.0, 2.0], true);
    const y = x.mul(3);
    const z = y.exp().mul(y).sum();
    return { gy: torch.autograd.grad(z, y, { retain_graph: true }), gx: torch.autograd.grad(z, x) };
  },

  grad_retain_graph_release: () => {
    const x = D([1.0, 2.0], true);
    const y = D([3.0, 4.0], true);
    const z = x.mul(y).sum();
    const g1 = torch.autograd.grad(z, x);
    return { g1, again: err(() => torch.autograd.grad(z, y)) };
  },

  grad_anomaly: () => {
    const x = T([0.0, 1.0], true);
    const run = (f: () => void): string | null => torch.autograd.detect_anomaly(() => err(f));
    const sqrt = run(() => x.sqrt().mul(0).sum().backward());
    const div = run(() => x.div(x).sum().backward());
    const flags = [torch.is_anomaly_enabled()];
    torch.autograd.set_detect_anomaly(true);
    flags.push(torch.is_anomaly_enabled());
    torch.autograd.set_detect_anomaly(false);
    flags.push(torch.is_anomaly_enabled());
    x.grad = null;
    x.sqrt().mul(0).sum().backward();
    return { sqrt, div, flags, grad_without: x.grad };
  },

  higher_cubic: () => {
    const x = D([1.5, -2.0, 0.5], true);
    const y = x.pow(3).sum();
    const g1 = grad1(y, x, { create_graph: true });
    const g2 = grad1(g1.sum(), x, { create_graph: true });
    const g3 = grad1(g2.sum(), x);
    return { g1, g2, g3, g1_fn: name(g1.grad_fn), g2_fn: name(g2.grad_fn) };
  },

  higher_compositions: () => {
    const x = D([0.3, -0.7, 1.1], true);
    const fs: Record<string, (t: Tensor) => Tensor> = {
      sin_exp: (t) => t.sin().mul(t.exp()),
      tanh_sq: (t) => t.tanh().pow(2),
      sigmoid_log: (t) => t.sigmoid().add(1).log(),
      div: (t) => t.div(t.mul(t).add(1)),
      sqrt: (t) => t.mul(t).add(1).sqrt(),
      cos_cos: (t) => t.cos().cos(),
    };
    const res: Record<string, Tensor[]> = {};
    for (const [k, f] of Object.entries(fs)) {
      const y = f(x).sum();
      const g1 = grad1(y, x, { create_graph: true });
      const g2 = grad1(g1.sum(), x, { create_graph: true });
      const g3 = grad1(g2.sum(), x);
      res[k] = [g1, g2, g3];
    }
    return res;
  },

  higher_mixed_partials: () => {
    const x = D([0.5, 1.5], true);
    const y = D([-1.0, 2.0], true);
    const f = x.mul(x).mul(y).add(x.mul(y).sin()).sum();
    const [gx, gy] = torch.autograd.grad(f, [x, y], { create_graph: true }) as Tensor[];
    const gxy = torch.autograd.grad(gx.sum(), y, { retain_graph: true });
    const gyx = torch.autograd.grad(gy.sum(), x);
    return { gx, gy, gxy, gyx };
  },

  higher_matmul: () => {
    const w = D(
      [
        [0.5, -1.0],
        [2.0, 0.25],
      ],
      true,
    );
    const x = D(
      [
        [1.0, 2.0],
        [-0.5, 0.75],
      ],
      true,
    );
    const loss = w.matmul(x).tanh().pow(2).sum();
    const gw = grad1(loss, w, { create_graph: true });
    const hw = grad1(gw.mul(gw).sum(), w, { create_graph: true });
    const hx = grad1(hw.sum(), x);
    return { gw, hw, hx };
  },

  higher_backward_create_graph: () => {
    const x = D([1.0, 2.0], true);
    const y = x.pow(4).sum();
    const w = warningOf(() => y.backward(null, { create_graph: true }));
    const g = x.grad as Tensor;
    const gfn = name(g.grad_fn);
    x.grad = null;
    g.sum().backward();
    return { g, g_fn: gfn, second: x.grad, warning: w };
  },

  higher_broadcast: () => {
    const a = D([[1.0], [2.0]], true);
    const b = D([0.5, -1.0, 2.0], true);
    const y = a.mul(b).exp().sum();
    const [ga, gb] = torch.autograd.grad(y, [a, b], { create_graph: true }) as Tensor[];
    const h = torch.autograd.grad(ga.sum().add(gb.sum()), [a, b]);
    return { ga, gb, h };
  },
  matmul_grad_layouts: () => {
    const x = D(
      [
        [1.0, 2.0, 3.0],
        [-1.0, 0.5, 2.0],
      ],
      true,
    );
    const w = D(
      [
        [0.5, -1.0, 2.0],
        [1.5, 0.25, -0.5],
      ],
      true,
    );
    const b = D([0.1, -0.2], true);
    torch.nn.functional.linear(x, w, b).pow(2).sum().backward();
    const a = D([
      [1.0, 2.0],
      [3.0, 4.0],
      [5.0, 6.0],
    ])
      .t()
      .detach()
      .requires_grad_();
    const m = D(
      [
        [1.0, -1.0, 0.5],
        [2.0, 0.0, 1.0],
        [0.5, 0.5, 0.5],
      ],
      true,
    );
    torch.mm(a, m).pow(2).sum().backward();
    const ga = grad1(torch.mm(a, m).sum(), a, { create_graph: true });
    const bias = D([0.0, 1.0, 2.0]);
    const gm = grad1(torch.addmm(bias, a, m).sum(), m, { create_graph: true });
    const gs = grad1(torch.addmm(bias, a, m, { alpha: 2, beta: 3 }).sum(), m, { create_graph: true });
    const wg = w.grad as Tensor;
    const ag = a.grad as Tensor;
    return {
      w_grad: wg,
      w_stride: wg.stride(),
      x_stride: (x.grad as Tensor).stride(),
      a_grad: ag,
      a_stride: ag.stride(),
      ga,
      ga_fn: name(ga.grad_fn),
      ga_next: nexts(ga.grad_fn),
      gm,
      gm_fn: name(gm.grad_fn),
      gm_next: nexts(gm.grad_fn),
      gs,
      gs_fn: name(gs.grad_fn),
      gs_next: nexts(gs.grad_fn),
    };
  },
};

runCases('autograd', impls);

test('grad_fn prints as <Name> and next_functions pairs hold AccumulateGrad with its variable', () => {
  const x = torch.ones([2], { requires_grad: true });
  const y = x.sum();
  assert.equal(String(y.grad_fn), '<SumBackward0>');
  const [acc, nr] = (y.grad_fn as torch.autograd.Node).next_functions[0];
  assert.equal(nr, 0);
  assert.equal(String(acc), '<AccumulateGrad>');
  assert.equal((acc as unknown as { variable: Tensor }).variable, x);
});
