// Autograd against PyTorch: graph recording, backward, autograd.grad, higher-order derivatives,
// grad modes, detach/.data, retain_grad, hooks, broadcasting (cases in tests/oracle/autograd.py).

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
    y.backward(null, { create_graph: true });
    const g = x.grad as Tensor;
    const gfn = name(g.grad_fn);
    x.grad = null;
    g.sum().backward();
    return { g, g_fn: gfn, second: x.grad };
  },

  higher_broadcast: () => {
    const a = D([[1.0], [2.0]], true);
    const b = D([0.5, -1.0, 2.0], true);
    const y = a.mul(b).exp().sum();
    const [ga, gb] = torch.autograd.grad(y, [a, b], { create_graph: true }) as Tensor[];
    const h = torch.autograd.grad(ga.sum().add(gb.sum()), [a, b]);
    return { ga, gb, h };
  },

  grad_modes: () => {
    const x = T(1.0, true);
    const y1 = x.pow(2);
    let y2!: Tensor;
    let y4!: Tensor;
    let inNoGrad = true;
    let inEnable = false;
    torch.no_grad(() => {
      y2 = x.pow(3);
      inNoGrad = torch.is_grad_enabled();
      torch.enable_grad(() => {
        y4 = x.mul(4);
        inEnable = torch.is_grad_enabled();
      });
    });
    const y3 = y1.add(y2);
    const y5 = torch.set_grad_enabled(false, () => x.mul(5));
    torch.set_grad_enabled(false);
    const y6 = x.mul(6);
    const glob = torch.is_grad_enabled();
    torch.set_grad_enabled(true);
    const modes = (): boolean[] => [torch.is_grad_enabled(), torch.is_inference_mode_enabled()];
    const [y7, inf, y8, infEnable, y9, infOff] = torch.inference_mode(() => {
      const a = x.mul(7);
      const m = modes();
      const [b, mb] = torch.enable_grad(() => [x.mul(8), modes()] as const);
      const [c, mc] = torch.inference_mode(() => [x.mul(9), modes()] as const, false);
      return [a, m, b, mb, c, mc] as const;
    });
    y3.backward();
    return {
      requires: [y1, y2, y3, y4, y5, y6, y7, y8, y9].map((t) => t.requires_grad),
      modes: [inNoGrad, inEnable, glob, torch.is_grad_enabled()],
      inference: [inf, infEnable, infOff],
      grad: x.grad,
      y3,
      y2,
    };
  },

  grad_modes_inference_tensors: () => {
    const x = D([1.0, 2.0], true);
    const [q, v, y] = torch.inference_mode(() => {
      const qq = torch.ones([2], { dtype: torch.float64 });
      const vv = qq.narrow(0, 0, 1);
      const yy = x.mul(2);
      qq.add_(1);
      return [qq, vv, yy];
    });
    return {
      q: q.clone(),
      flags: [
        q.is_inference(),
        v.is_inference(),
        q.narrow(0, 0, 1).is_inference(),
        q.mul(2).is_inference(),
        q.clone().is_inference(),
        q.detach().is_inference(),
        q.data.is_inference(),
        x.is_inference(),
        y.is_inference(),
        y.requires_grad,
      ],
      save: err(() => x.mul(q)),
      inplace: err(() => q.zero_()),
      inplace_no_grad: err(() => torch.no_grad(() => q.zero_())),
      requires_grad: err(() => q.requires_grad_()),
      no_save_ok: x.add(q).requires_grad,
    };
  },

  backward_inside_no_grad: () => {
    const x = D([1.0, 2.0], true);
    const y = x.mul(x).sum();
    torch.no_grad(() => y.backward());
    const z = x.pow(3).sum();
    const gz = torch.no_grad(() => grad1(z, x));
    return { grad: x.grad, gz, unused: null };
  },

  detach_and_data: () => {
    const x = T([1.0], true);
    const d = x.data;
    const flags = [d.requires_grad, d.is_leaf];
    const y = torch.mul(2, x);
    x.data.mul_(100);
    y.backward();
    const a = D([1.0, 2.0], true);
    const b = a.detach();
    b.select(0, 0).fill_(5.0);
    const e = a.exp();
    e.detach().zero_();
    return {
      data_flags: flags,
      x,
      x_grad: x.grad,
      a_after: a,
      b_flags: [b.requires_grad, b.is_leaf],
      detached_error: err(() => e.sum().backward()),
      versions: [a._version, e._version],
    };
  },

  detach_inplace: () => {
    const x = D([1.0, 2.0], true);
    const y = x.mul(2);
    y.detach_();
    const z = x.mul(3);
    const v = z.select(0, 0);
    return {
      y: [y.requires_grad, y.is_leaf, name(y.grad_fn)],
      view_error: err(() => v.detach_()),
      leaf_view_error: err(() => x.select(0, 0).detach_()),
    };
  },

  data_setter: () => {
    const x = D([1.0, 2.0], true);
    x.data = D([[3.0, 4.0, 5.0]]);
    const y = x.mul(x).sum();
    y.backward();
    return { x, grad: x.grad, shape: x.shape };
  },

  retain_grad_and_warning: () => {
    const x = D([1.0, 2.0, 3.0], true);
    const y = x.mul(2);
    const w = warningOf(() => y.grad);
    y.retain_grad();
    const z = y.mul(y).sum();
    z.backward(null, { retain_graph: true });
    const g1 = (y.grad as Tensor).clone();
    z.backward();
    return {
      warning: w,
      g1,
      g2: y.grad,
      retains: [x.retains_grad, y.retains_grad],
      leaf_retain_noop: x.retain_grad() ?? null,
      no_grad_error: err(() => torch.ones(2).retain_grad()),
    };
  },

  hooks_tensor: () => {
    const x = D([1.0, 2.0, 3.0], true);
    const seen: Tensor[] = [];
    const y = x.mul(2);
    y.register_hook((g) => {
      seen.push(g.clone());
    });
    const h = y.register_hook((g) => g.mul(10));
    const z = y.mul(y).sum();
    z.backward(null, { retain_graph: true });
    const g1 = (x.grad as Tensor).clone();
    h.remove();
    x.grad = null;
    z.backward();
    return { seen, g1, g2: x.grad };
  },

  hooks_leaf_and_order: () => {
    const x = D([1.0, 2.0], true);
    const h = x.register_hook((g) => g.add(1));
    x.mul(3).sum().backward();
    const g1 = (x.grad as Tensor).clone();
    h.remove();
    x.mul(3).sum().backward();
    const y = x.mul(2);
    y.retain_grad();
    y.register_hook((g) => g.mul(10));
    y.mul(1).sum().backward();
    const y2 = x.mul(2);
    y2.register_hook((g) => g.mul(10));
    y2.retain_grad();
    y2.mul(1).sum().backward();
    const hooked = x.mul(1);
    hooked.register_hook((g) => g.mul(100));
    const captured = torch.autograd.grad(hooked.mul(3).sum(), hooked);
    return {
      g1,
      g2: x.grad,
      retain_before_hook: y.grad,
      retain_after_hook: y2.grad,
      captured_before_hooks: captured,
      no_grad_error: err(() => torch.ones(2).register_hook((g) => g)),
    };
  },

  hooks_seen_once_summed: () => {
    const x = D([1.0, 2.0], true);
    const z = x.mul(1);
    const seen: Tensor[] = [];
    z.register_hook((g) => {
      seen.push(g.clone());
    });
    z.mul(z).sum().backward();
    return { seen };
  },

  variable_legacy: () => {
    const t = torch.ones(2, 2);
    const v = torch.autograd.Variable(t, { requires_grad: true });
    const u = torch.autograd.Variable(t);
    return { v: [v.requires_grad, v.is_leaf, v.constructor.name], u: [u.requires_grad], v_val: v };
  },

  broadcasting_grads: () => {
    const a = D([[1.0], [2.0], [3.0]], true);
    const b = D([0.5, -1.0, 2.0, 4.0], true);
    const c = D(2.0, true);
    const d = D([[[1.0, 2.0, 3.0, 4.0]], [[-1.0, -2.0, -3.0, -4.0]]], true);
    const y = a.mul(b).add(c).div(d.mul(d).add(1)).sub(a);
    y.backward(torch.ones([2, 3, 4], { dtype: torch.float64 }));
    return { y_shape: y.shape, ga: a.grad, gb: b.grad, gc: c.grad, gd: d.grad };
  },

  broadcasting_scalar_and_keepdim: () => {
    const a = D(
      [
        [1.0, 2.0],
        [3.0, 4.0],
      ],
      true,
    );
    const m = a.mean(1, true);
    const s = a.sum(0);
    const y = a.sub(m).pow(2).mul(s).sum();
    y.backward();
    const p = T([1.0, 2.0], true);
    const q = p.mul(D(3.0)).sum();
    q.backward();
    return { grad: a.grad, p_grad: p.grad, q_dtype: `torch.${q.dtype.name}` };
  },
};

const GRAPH_PREFIXES = [
  'graph_',
  'grad_',
  'backward_',
  'higher_',
  'detach_',
  'data_',
  'retain_',
  'hooks_',
  'variable_',
  'broadcasting_',
];

runCases(impls, (n) => GRAPH_PREFIXES.some((p) => n.startsWith(p)));

test('the non-leaf .grad warning is emitted once per process', () => {
  const y = D([1.0], true).mul(2);
  assert.deepEqual(
    warningOf(() => y.grad),
    [],
  );
});

test('grad_fn prints as <Name> and next_functions pairs hold AccumulateGrad with its variable', () => {
  const x = torch.ones([2], { requires_grad: true });
  const y = x.sum();
  assert.equal(String(y.grad_fn), '<SumBackward0>');
  const [acc, nr] = (y.grad_fn as torch.autograd.Node).next_functions[0];
  assert.equal(nr, 0);
  assert.equal(String(acc), '<AccumulateGrad>');
  assert.equal((acc as unknown as { variable: Tensor }).variable, x);
});
