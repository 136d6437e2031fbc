// In-place operations against PyTorch: leaf checks, saved-tensor versions, and gradients through
// in-place ops on views (CopySlices / AsStridedBackward0), case by case from tests/oracle/autograd.py.

import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { D, err, name, nexts, runCases, T } from './autograd_fixture.js';

const impls: Record<string, () => unknown> = {
  inplace_errors: () => {
    const x = D([1.0, 2.0, 3.0], true);
    const b = x.mul(1);
    const u = b.unbind();
    const s = b.split(1);
    const nv = torch.no_grad(() => b.narrow(0, 0, 2));
    const e = x.mul(1).unsqueeze(0).expand(2, 3);
    return {
      leaf: err(() => x.add_(1)),
      leaf_view: err(() => x.select(0, 0).mul_(2)),
      leaf_zero: err(() => x.zero_()),
      multi_output: err(() => u[0].mul_(2)),
      split_output: err(() => s[1].add_(1)),
      no_grad_view: err(() => nv.mul_(2)),
      overlap: err(() => e.add_(1)),
      leaf_ok_in_no_grad: torch.no_grad(() => x.add_(0)) === x,
    };
  },

  inplace_version_errors: () => {
    const x = T([1.0, 2.0, 3.0], true);
    const c = T([1.0, 2.0, 3.0]);
    const run = (f: () => void): unknown => {
      x.grad = null;
      return err(f) ?? x.grad;
    };
    const cases: Record<string, () => void> = {
      c1: () => {
        const y = x.exp();
        y.add_(1);
        y.sum().backward();
      },
      c2: () => {
        const z = x.mul(1);
        const w = z.mul(z);
        z.add_(1);
        w.sum().backward();
      },
      c3: () => {
        const z = x.mul(1);
        const w = z.exp();
        z.add_(1);
        w.sum().backward();
      },
      c4: () => {
        const z = x.mul(1);
        const w = z.mul(c);
        z.add_(1);
        w.sum().backward();
      },
      c5: () => {
        const z = x.mul(1);
        const w = c.mul(z);
        c.add_(1);
        w.sum().backward();
      },
      c6: () => {
        const z = x.exp();
        const w = z.mul(2);
        z.add_(1);
        w.sum().backward();
      },
      c7: () => {
        const z = x.mul(1);
        const w = z.sin();
        z.select(0, 0).mul_(2);
        w.sum().backward();
      },
      c8: () => {
        const z = x.mul(1);
        const w = z.pow(2);
        z.data.add_(1);
        w.sum().backward();
      },
    };
    return Object.fromEntries(Object.entries(cases).map(([k, f]) => [k, run(f)]));
  },

  inplace_select_mul: () => {
    const x = D([1.0, 2.0, 3.0], true);
    const b = x.mul(1);
    const v = b.select(0, 0);
    v.mul_(2);
    const r: Record<string, unknown> = { b, b_fn: name(b.grad_fn), b_next: nexts(b.grad_fn), v_fn: name(v.grad_fn) };
    b.mul(b).sum().backward();
    r.grad = x.grad;
    return r;
  },

  inplace_narrow_add_tensor: () => {
    const x = D(
      [
        [1.0, 2.0, 3.0],
        [4.0, 5.0, 6.0],
      ],
      true,
    );
    const w = D(
      [
        [0.5, -1.0],
        [2.0, 3.0],
      ],
      true,
    );
    const b = x.clone();
    const n = b.narrow(1, 1, 2);
    n.add_(w.mul(w));
    b.pow(2)
      .mul(
        D([
          [1.0, 2.0, 3.0],
          [4.0, 5.0, 6.0],
        ]),
      )
      .sum()
      .backward();
    return { b, gx: x.grad, gw: w.grad, b_next: nexts(b.grad_fn) };
  },

  inplace_narrow_mul_by_tensor: () => {
    const x = D(
      [
        [1.0, 2.0, 3.0],
        [4.0, 5.0, 6.0],
      ],
      true,
    );
    const b = x.clone();
    b.narrow(1, 1, 2).mul_(x.narrow(1, 0, 2));
    b.pow(2).sum().backward();
    return { b, gx: x.grad };
  },

  inplace_transposed_view: () => {
    const x = D(
      [
        [1.0, 2.0, 3.0],
        [4.0, 5.0, 6.0],
      ],
      true,
    );
    const y = D(
      [
        [0.5, 1.0],
        [1.5, 2.0],
        [2.5, 3.0],
      ],
      true,
    );
    const b = x.mul(1);
    const bt = b.t();
    bt.mul_(y);
    b.mul(
      D([
        [1.0, -1.0, 2.0],
        [0.5, 3.0, -2.0],
      ]),
    )
      .sum()
      .backward();
    return { b, gx: x.grad, gy: y.grad, bt_fn: name(bt.grad_fn) };
  },

  inplace_view_of_view: () => {
    const x = D(
      [
        [1.0, 2.0, 3.0],
        [4.0, 5.0, 6.0],
        [7.0, 8.0, 9.0],
      ],
      true,
    );
    const b = x.mul(2);
    const v1 = b.narrow(0, 1, 2);
    const v2 = v1.select(1, 1);
    v2.exp_();
    b.mul(b).sum().backward();
    return { b, gx: x.grad, v1_fn: name(v1.grad_fn), v2_fn: name(v2.grad_fn) };
  },

  inplace_multiple_ops: () => {
    const x = D([1.0, 2.0, 3.0, 4.0], true);
    const w = D([0.5, -0.5], true);
    const b = x.clone();
    const v = b.narrow(0, 1, 2);
    v.mul_(2);
    v.add_(w);
    b.select(0, 0).sin_();
    b.mul_(x);
    v.div_(3);
    b.sum().backward();
    return { b, gx: x.grad, gw: w.grad, v };
  },

  inplace_base_after_view: () => {
    const x = D([1.0, 2.0, 3.0], true);
    const b = x.mul(1);
    const v = b.narrow(0, 0, 2);
    b.mul_(3);
    const r: Record<string, unknown> = { v_fn: name(v.grad_fn), v_next: nexts(v.grad_fn), v };
    v.mul(v).sum().backward();
    r.grad = x.grad;
    return r;
  },

  inplace_copy_into_zeros: () => {
    const x = D([1.0, 2.0, 3.0], true);
    const z = torch.zeros([3, 3], { dtype: torch.float64 });
    z.select(0, 1).copy_(x);
    z.select(1, 0).mul_(x);
    const r: Record<string, unknown> = { z, z_fn: name(z.grad_fn), z_next: nexts(z.grad_fn) };
    z.mul(
      D([
        [1.0, 2.0, 3.0],
        [4.0, 5.0, 6.0],
        [7.0, 8.0, 9.0],
      ]),
    )
      .sum()
      .backward();
    r.grad = x.grad;
    return r;
  },

  inplace_base_copy_then_view: () => {
    const x = D([1.0, 2.0, 3.0], true);
    const b = torch.zeros([3], { dtype: torch.float64 });
    const v = b.narrow(0, 0, 2);
    b.copy_(x);
    const r: Record<string, unknown> = { v_requires: v.requires_grad, v_fn: name(v.grad_fn), b_fn: name(b.grad_fn) };
    v.mul(v).sum().backward();
    r.grad = x.grad;
    return r;
  },

  inplace_expand_after_base: () => {
    const x = D([1.0, 2.0, 3.0], true);
    const b = x.mul(1);
    const e = b.unsqueeze(0).expand(2, 3);
    b.mul_(2);
    const r: Record<string, unknown> = { e_fn: name(e.grad_fn) };
    e.mul(
      D([
        [1.0, 2.0, 3.0],
        [4.0, 5.0, 6.0],
      ]),
    )
      .sum()
      .backward();
    r.grad = x.grad;
    return r;
  },

  inplace_diagonal: () => {
    const x = D(
      [
        [1.0, 2.0],
        [3.0, 4.0],
      ],
      true,
    );
    const b = x.clone();
    b.diagonal().mul_(x.diagonal());
    b.mul(b).sum().backward();
    return { b, grad: x.grad };
  },

  inplace_reshape_view: () => {
    const x = D(
      [
        [1.0, 2.0],
        [3.0, 4.0],
      ],
      true,
    );
    const b = x.mul(1);
    const r = b.view(4);
    r.narrow(0, 1, 2).pow_(2);
    const u = b.unsqueeze(0);
    u.select(0, 0).select(0, 1).neg_();
    b.mul(
      D([
        [1.0, 2.0],
        [3.0, 4.0],
      ]),
    )
      .sum()
      .backward();
    return { b, grad: x.grad };
  },

  inplace_strided_step_view: () => {
    const x = D([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], true);
    const b = x.mul(1);
    b.index('::2').mul_(D([2.0, 3.0, 4.0]));
    b.view(2, 3).select(1, 1).add_(10);
    b.mul(b).sum().backward();
    return { b, grad: x.grad };
  },

  inplace_view_create_graph: () => {
    const x = D([1.0, 2.0, 3.0], true);
    const b = x.mul(1);
    b.narrow(0, 1, 2).mul_(x.narrow(0, 0, 2));
    const y = b.mul(b).sum();
    const [g] = torch.autograd.grad(y, x, { create_graph: true }) as Tensor[];
    const [h] = torch.autograd.grad(g.sum(), x) as Tensor[];
    return { g, h };
  },

  inplace_nonview_ops: () => {
    const x = D([0.5, 1.0, 1.5], true);
    const b = x.mul(2);
    b.mul_(3);
    b.add_(x, { alpha: 2 });
    b.sub_(1);
    b.div_(x);
    b.pow_(2);
    b.clamp_(0, 40);
    b.mul_(0.1);
    b.exp_();
    b.sum().backward();
    return { b, grad: x.grad, fn: name(b.grad_fn), version: b._version };
  },

  inplace_no_grad_view_indirect: () => {
    const x = D([1.0, 2.0, 3.0], true);
    const b = x.mul(1);
    const v = torch.no_grad(() => b.narrow(0, 0, 2));
    const flags = [v.requires_grad, v.is_leaf, name(v.grad_fn)];
    b.mul_(2);
    return { flags, indirect: err(() => v.grad_fn) };
  },

  inplace_multi_output_indirect: () => {
    const x = D([1.0, 2.0, 3.0], true);
    const b = x.mul(1);
    const u = b.unbind();
    b.mul_(2);
    const b2 = torch.ones([3], { dtype: torch.float64 });
    const u2 = b2.unbind();
    b2.copy_(x);
    return { indirect: err(() => u[0].grad_fn), no_grad_multi: err(() => u2[0].mul_(2)) };
  },
};

runCases('autograd_inplace', impls);
