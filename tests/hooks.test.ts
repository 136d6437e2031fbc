// Hooks: nn.Module forward/backward hooks (local and global), autograd Node pre/post hooks,
// saved-tensor hooks and torch.utils.checkpoint. The cases named as in tests/oracle/hooks.py replay
// tests/fixtures/hooks.json (PyTorch 1.13); the tests after them check PyTorch 2 additions 1.13
// lacks (full backward pre-hooks, prepend/with_kwargs/always_call, register_post_accumulate_grad_hook,
// the 2.1 "Full backward hook is firing" warning), with expectations written from PyTorch 2's docs.

import * as torch from '../src/index.js';
import { Tensor } from '../src/index.js';
import { err, runCases, warningOf } from './autograd_fixture.js';
import { _forgetWarnings } from '../src/nn/hooks.js';

const nn = torch.nn;
const graph = torch.autograd.graph;
const cp = torch.utils.checkpoint;
const { register_module_forward_hook, register_module_forward_pre_hook, register_module_full_backward_hook } =
  nn.modules.module;

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

/** A float64 Linear with deterministic weights (tests/oracle/hooks.py's linear). */
function linear(nIn: number, nOut: number, salt = 0): torch.nn.Linear {
  const m = new nn.Linear(nIn, nOut).double();
  torch.no_grad(() => {
    m.weight.copy_(
      torch
        .arange(nIn * nOut, { dtype: torch.float64 })
        .reshape(nOut, nIn)
        .sin()
        .add(salt),
    );
    (m.bias as Tensor).copy_(torch.arange(nOut, { dtype: torch.float64 }).cos());
  });
  return m;
}

function X(...a: (number | { rg: boolean })[]): Tensor {
  const last = a[a.length - 1];
  const rg = typeof last === 'object' ? last.rg : true;
  const shape = a.filter((v): v is number => typeof v === 'number');
  const n = shape.reduce((p, s) => p * s, 1);
  return torch.arange(n, { dtype: torch.float64 }).reshape(shape).mul(0.37).sub(0.8).requires_grad_(rg);
}

class Scale extends nn.Module {
  forward(x: Tensor, s: number): Tensor {
    return x.mul(s);
  }
}

class Two extends nn.Module {
  forward(a: Tensor, b: Tensor): Tensor[] {
    return [a.mul(b), a.add(b)];
  }
}

const typeName = (m: unknown): string => (m as object).constructor.name;

runCases('hooks', {
  forward_hooks_order() {
    const log: unknown[] = [];
    const m = linear(3, 2);
    m.register_forward_pre_hook((_m: Any, args: Any[]) => void log.push(['pre1', args.length]));
    m.register_forward_pre_hook((_m: Any, args: Any[]) => [args[0].mul(2)]);
    m.register_forward_hook((_m: Any, args: Any[], out: Any) => void log.push(['fwd1', args[0], out]));
    m.register_forward_hook((_m: Any, _a: Any, out: Any) => out.add(1));
    m.register_forward_hook((_m: Any, _a: Any, out: Any) => void log.push(['fwd3', out]));
    const y = m.forward(X(2, 3));
    return { log, y };
  },
  forward_pre_hook_single_value() {
    const m = new nn.Tanh();
    m.register_forward_pre_hook((_m: Any, args: Any[]) => args[0].mul(3));
    const got: unknown[] = [];
    m.register_forward_hook((_m: Any, args: Any[]) => void got.push([args.length, args[0]]));
    return { y: m.forward(X(2)), got };
  },
  forward_hook_remove() {
    const log: string[] = [];
    const m = linear(3, 2);
    const h1 = m.register_forward_hook(() => void log.push('a'));
    const h2 = m.register_forward_hook(() => void log.push('b'));
    m.forward(X(1, 3));
    h1.remove();
    m.forward(X(1, 3));
    h1.remove();
    h2.remove();
    const y = m.forward(X(1, 3));
    return {
      log,
      ids: h2.id - h1.id,
      sizes: [m._forward_hooks.size, m._forward_pre_hooks.size],
      state: [...m.state_dict().keys()],
      repr: String(m),
      y,
    };
  },
  global_hooks_order() {
    const log: string[] = [];
    const seq = new nn.Sequential(linear(3, 2), new nn.ReLU());
    const g1 = register_module_forward_pre_hook((m: Any) => void log.push('gpre ' + typeName(m)));
    const g2 = register_module_forward_hook((m: Any) => void log.push('gfwd ' + typeName(m)));
    const lin = seq.at(0) as torch.nn.Module;
    lin.register_forward_pre_hook(() => void log.push('pre Linear'));
    lin.register_forward_hook(() => void log.push('fwd Linear'));
    seq.forward(X(2, 3));
    g1.remove();
    g2.remove();
    log.push('--');
    seq.forward(X(2, 3));
    return log;
  },
  global_full_backward_hook() {
    const log: unknown[] = [];
    const seq = new nn.Sequential(linear(3, 2), new nn.Tanh());
    const g = register_module_full_backward_hook((m: Any, gi: Any, go: Any) => void log.push([typeName(m), gi, go]));
    const x = X(2, 3);
    (seq.forward(x) as Tensor).sum().backward();
    g.remove();
    (seq.forward(x) as Tensor).sum().backward();
    return { log, grad: x.grad };
  },
  global_legacy_backward_hook_mixed() {
    // The oracle ran this after global_full_backward_hook, whose kind stays the global one after
    // its removal; registering and removing a full hook here makes the case independent of order.
    register_module_full_backward_hook(() => null).remove();
    return err(() => nn.modules.module.register_module_backward_hook(() => null));
  },
  full_backward_hook_linear() {
    const log: unknown[] = [];
    const m = linear(3, 2);
    m.register_full_backward_hook((_m: Any, gi: Any, go: Any) => void log.push({ gi, go }));
    const x = X(4, 3);
    const y = m.forward(x);
    y.mul(y).sum().backward();
    return { log, x: x.grad, w: m.weight.grad, y_fn: y.grad_fn?.name() };
  },
  full_backward_hook_replace() {
    const m = linear(3, 2);
    m.register_full_backward_hook((_m: Any, gi: Any) => [gi[0].mul(10)]);
    const x = X(2, 3);
    m.forward(x).sum().backward();
    return { x: x.grad, w: m.weight.grad };
  },
  full_backward_hook_order_sequential() {
    const log: unknown[] = [];
    const seq = new nn.Sequential(linear(3, 4), new nn.Sigmoid(), linear(4, 2, 1));
    [...seq.children()].forEach((mod, i) =>
      mod.register_full_backward_hook((_m: Any, gi: Any, go: Any) => void log.push([i, gi, go])),
    );
    seq.register_full_backward_hook((_m: Any, gi: Any, go: Any) => void log.push(['seq', gi, go]));
    const x = X(2, 3);
    (seq.forward(x) as Tensor).pow(2).sum().backward();
    return { log, x: x.grad };
  },
  full_backward_hook_non_tensor_arg() {
    const log: unknown[] = [];
    const m = new Scale();
    m.register_full_backward_hook((_m: Any, gi: Any, go: Any) => void log.push([gi, go]));
    const x = X(3);
    m.forward(x, 2.5).sum().backward();
    return { log, x: x.grad };
  },
  full_backward_hook_two_outputs() {
    const log: unknown[] = [];
    const m = new Two();
    m.register_full_backward_hook((_m: Any, gi: Any, go: Any) => void log.push([gi, go]));
    const a = X(3);
    const b = X(3, { rg: false }).add(1);
    const [p, s] = m.forward(a, b);
    p.sum().mul(2).add(s.pow(2).sum()).backward();
    return { log, a: a.grad };
  },
  full_backward_hook_no_input_grad() {
    const log: unknown[] = [];
    const m = linear(3, 2);
    m.register_full_backward_hook((_m: Any, gi: Any, go: Any) => void log.push([gi, go]));
    const x = X(2, 3, { rg: false });
    warningOf(() => m.forward(x).sum().backward());
    const m2 = linear(3, 2);
    m2.register_full_backward_hook(() => [torch.ones(2, 3)]);
    return { log, w: m.weight.grad, err: err(() => warningOf(() => m2.forward(x).sum().backward())) };
  },
  full_backward_hook_bad_count() {
    const m = linear(3, 2);
    m.register_full_backward_hook((_m: Any, gi: Any) => [gi[0], gi[0]]);
    const x = X(2, 3);
    return err(() => m.forward(x).sum().backward());
  },
  backward_hook_mixed() {
    const m = linear(3, 2);
    m.register_backward_hook(() => null);
    const e1 = err(() => m.register_full_backward_hook(() => null));
    const m2 = linear(3, 2);
    m2.register_full_backward_hook(() => null);
    const e2 = err(() => m2.register_backward_hook(() => null));
    return [e1, e2];
  },
  legacy_backward_hook_linear() {
    const log: unknown[] = [];
    const m = linear(3, 2);
    m.register_backward_hook((_m: Any, gi: Any, go: Any) => void log.push({ gi, go }));
    const x = X(4, 3);
    const box: { y?: Tensor } = {};
    _forgetWarnings(); // given once per message: another case may have given it already
    const warns = warningOf(() => (box.y = m.forward(x)));
    const y = box.y as Tensor;
    y.mul(y).sum().backward();
    return { log, warns, x: x.grad };
  },
  legacy_backward_hook_replace() {
    const m = new nn.Tanh();
    m.register_backward_hook((_m: Any, gi: Any) => [gi[0].mul(3)]);
    const x = X(3);
    m.forward(x).sum().backward();
    return x.grad;
  },
  node_hooks() {
    const log: unknown[] = [];
    const x = X(3);
    const w = X(3).add(1);
    const y = x.mul(w);
    const fn = y.grad_fn as torch.autograd.Node;
    y.register_hook((g) => void log.push(['tensor', g]));
    fn.register_prehook((go) => void log.push(['pre', go]));
    fn.register_prehook((go) => [(go[0] as Tensor).mul(2)]);
    fn.register_hook((gi, go) => void log.push(['post', gi, go]));
    fn.register_hook((gi) => [(gi[0] as Tensor).add(1), gi[1]]);
    y.sum().backward();
    return { log, x: x.grad };
  },
  node_hook_errors() {
    const exp = (): Tensor => X(3).exp();
    const run = (setup: (fn: torch.autograd.Node) => void) => () => {
      const y = exp();
      setup(y.grad_fn as torch.autograd.Node);
      y.sum().backward();
    };
    const removed: number[] = [];
    const y = exp();
    const h = (y.grad_fn as torch.autograd.Node).register_hook(() => void removed.push(1));
    h.remove();
    y.sum().backward();
    return [
      err(run((fn) => fn.register_prehook((go) => [go[0], go[0]]))),
      err(run((fn) => fn.register_hook((() => 3) as Any))),
      err(run((fn) => fn.register_prehook(() => [torch.ones(2, { dtype: torch.float64 })]))),
      err(run((fn) => fn.register_prehook(() => [torch.ones(3)]))),
      removed,
    ];
  },
  accumulate_grad_node_hooks() {
    const log: unknown[] = [];
    const x = X(3);
    const y = x.mul(2).sum();
    const acc = (y.grad_fn as Any).next_functions[0][0].next_functions[0][0] as torch.autograd.Node;
    acc.register_prehook((go) => void log.push(['pre', go]));
    acc.register_hook((gi, go) => void log.push(['post', gi, go]));
    y.backward();
    return { name: acc.name(), log, x: x.grad };
  },
  saved_accessors() {
    const a = X(3);
    const b = X(3).mul(2);
    const y = a.mul(b);
    const z = a.exp();
    const p = a.pow(2);
    const m = a.mul(X(3, { rg: false }));
    const f = (t: Tensor): Any => t.grad_fn;
    return {
      self_is_a: f(y)._saved_self === a,
      other_is_b: f(y)._saved_other === b,
      self: f(y)._saved_self,
      result_equal: f(z)._saved_result.equal(z),
      result_is: f(z)._saved_result === z,
      result_fn: f(z)._saved_result.grad_fn.name(),
      pow_self: f(p)._saved_self === a,
      unsaved: f(m)._saved_self,
      other_saved: f(m)._saved_other,
    };
  },
  saved_after_backward() {
    const a = X(3);
    const y = a.exp();
    y.sum().backward();
    const e1 = err(() => (y.grad_fn as Any)._saved_result);
    const e2 = err(() =>
      (y.grad_fn as Any)._raw_saved_result.register_hooks(
        (t: Tensor) => t,
        (t: Tensor) => t,
      ),
    );
    const a2 = X(3);
    const y2 = a2.exp();
    y2.sum().backward({ retain_graph: true });
    return [e1, e2, (y2.grad_fn as Any)._saved_result];
  },
  saved_tensors_hooks_order() {
    const log: unknown[] = [];
    const a = torch.ones(5, { dtype: torch.float64, requires_grad: true });
    const b = torch.ones(5, { dtype: torch.float64, requires_grad: true }).mul(2);
    const y = graph.saved_tensors_hooks(
      (t) => (log.push(['pack', t]), t),
      (t) => (log.push(['unpack', t]), t),
      () => a.mul(b),
    );
    log.push('backward');
    y.sum().backward();
    return { log, a: a.grad };
  },
  saved_tensors_hooks_values() {
    const x = X(4);
    const y = graph.saved_tensors_hooks(
      (t) => t.mul(4),
      (t) => (t as Tensor).div(4),
      () => torch.pow(x, 2),
    );
    y.sum().backward();
    const g1 = (x.grad as Tensor).clone();
    const storage: Tensor[] = [];
    const x2 = X(4);
    const y2 = graph.saved_tensors_hooks(
      (t) => storage.push(t) - 1,
      (i) => storage[i as number],
      () => x2.mul(x2).sin(),
    );
    y2.sum().backward();
    const z = graph.saved_tensors_hooks(
      (t) => t.mul(4),
      (t) => (t as Tensor).div(4),
      () => x.exp(),
    );
    const saved = (z.grad_fn as Any)._saved_result;
    return { g1, g2: x2.grad, count: storage.length, saved, saved_is: saved === z };
  },
  saved_tensors_hooks_nested_and_functions() {
    const log: string[] = [];
    class Sq extends torch.autograd.Function {
      static forward(ctx: torch.autograd.FunctionCtx, x: Tensor): Tensor {
        ctx.save_for_backward(x);
        return x.mul(x);
      }
      static backward(ctx: torch.autograd.FunctionCtx, g: Tensor): Tensor {
        const [x] = ctx.saved_tensors as Tensor[];
        return x.mul(2).mul(g);
      }
    }
    const x = X(3);
    const w = graph.saved_tensors_hooks(
      (t) => (log.push('outer'), t),
      (t) => t,
      () => {
        const y = x.sin();
        const z = graph.saved_tensors_hooks(
          (t) => (log.push('inner'), t),
          (t) => t,
          () => Sq.apply(y),
        );
        return z.cos();
      },
    );
    w.sum().backward();
    return { log, x: x.grad };
  },
  saved_tensors_hooks_errors() {
    const id = (t: unknown): unknown => t;
    return [
      err(() => {
        const x = X(3);
        const y = graph.saved_tensors_hooks(
          id,
          () => 3,
          () => x.exp(),
        );
        y.sum().backward();
      }),
      err(() => {
        const x = X(3);
        graph.saved_tensors_hooks(
          (t) => t.add_(1),
          id,
          () => x.mul(2).exp(),
        );
      }),
      err(() => {
        const x = X(3);
        const y = graph.saved_tensors_hooks(id, id, () => x.exp());
        y.sum().backward();
        y.sum().backward();
      }),
      err(() => {
        const y = X(3).pow(2);
        (y.grad_fn as Any)._raw_saved_self.register_hooks(id, id);
        (y.grad_fn as Any)._raw_saved_self.register_hooks(id, id);
      }),
      err(() =>
        graph.disable_saved_tensors_hooks('no hooks here', () => graph.saved_tensors_hooks(id, id, () => null)),
      ),
      err(() => graph.disable_saved_tensors_hooks('no cpu either', () => graph.save_on_cpu(() => null))),
    ];
  },
  function_saved_tensors() {
    const log: string[] = [];
    class Sq extends torch.autograd.Function {
      static forward(ctx: torch.autograd.FunctionCtx, x: Tensor): Tensor {
        ctx.save_for_backward(x);
        return x.mul(x);
      }
      static backward(ctx: torch.autograd.FunctionCtx, g: Tensor): Tensor {
        const [x] = ctx.saved_tensors as Tensor[];
        return x.mul(2).mul(g);
      }
    }
    const x = X(3);
    const y = Sq.apply(x);
    const fn = y.grad_fn as Any;
    const isX = fn.saved_tensors[0] === x;
    fn._raw_saved_tensors[0].register_hooks(
      (t: Tensor) => (log.push('pack'), t.mul(3)),
      (t: Tensor) => (log.push('unpack'), t.div(3)),
    );
    y.sum().backward();
    return { is_x: isX, log, x: x.grad };
  },
  raw_saved_register_hooks() {
    const log: string[] = [];
    const x = X(3);
    const y = x.pow(2);
    (y.grad_fn as Any)._raw_saved_self.register_hooks(
      (t: Tensor) => (log.push('pack'), t.mul(2)),
      (t: Tensor) => (log.push('unpack'), t.div(2)),
    );
    const s = (y.grad_fn as Any)._saved_self;
    y.sum().backward();
    return { log, s, s_is_x: s === x, x: x.grad };
  },
  save_on_cpu_grads() {
    const x = X(2, 3);
    const w = X(3, 2, { rg: false }).add(0.5).requires_grad_();
    const y = graph.save_on_cpu(() => x.matmul(w).tanh());
    const z = graph.save_on_cpu({ pin_memory: true }, () => y.mul(y).sum());
    z.backward();
    return { x: x.grad, w: w.grad };
  },
  saved_hooks_double_backward() {
    const x = X(3);
    const y = graph.saved_tensors_hooks(
      (t) => t.mul(1),
      (t) => (t as Tensor).mul(1),
      () => x.mul(x).mul(x).sum(),
    );
    const [g] = torch.autograd.grad(y, x, { create_graph: true }) as Tensor[];
    const [gg] = torch.autograd.grad(g.sum(), x) as Tensor[];
    return { g, gg };
  },
  checkpoint_grads() {
    torch.manual_seed(0);
    const model = new nn.Sequential(
      linear(4, 6),
      new nn.Tanh(),
      new nn.Dropout(0.5),
      linear(6, 3, 1),
      new nn.Sigmoid(),
    );
    const lin0 = model.at(0) as torch.nn.Linear;
    const x = X(5, 4);
    torch.manual_seed(7);
    const y = cp.checkpoint((t: Tensor) => model.forward(t) as Tensor, x, { use_reentrant: false });
    y.sum().backward();
    const gx = (x.grad as Tensor).clone();
    const gw = (lin0.weight.grad as Tensor).clone();
    model.zero_grad();
    (x as Any).grad = null;
    torch.manual_seed(7);
    const y2 = model.forward(x) as Tensor;
    y2.sum().backward();
    const calls: number[] = [];
    const f = (t: Tensor): Tensor => (calls.push(1), t.sin().mul(t));
    const x3 = X(3);
    const z = cp.checkpoint(f, x3, { use_reentrant: false });
    const nFwd = calls.length;
    z.sum().backward();
    return {
      y,
      same_y: torch.equal(y, y2),
      gx,
      gw,
      same_gx: torch.allclose(gx, x.grad as Tensor),
      same_gw: torch.allclose(gw, lin0.weight.grad as Tensor),
      calls: [nFwd, calls.length],
      x3: x3.grad,
    };
  },
  checkpoint_sequential_grads() {
    const model = new nn.Sequential(linear(4, 6), new nn.Tanh(), linear(6, 6, 2), new nn.ReLU(), linear(6, 2, 1));
    const x = X(3, 4);
    const y = cp.checkpoint_sequential(model, 2, x, { use_reentrant: false }) as Tensor;
    y.pow(2).sum().backward();
    const lin = (i: number): torch.nn.Linear => model.at(i) as torch.nn.Linear;
    return { y, x: x.grad, w0: lin(0).weight.grad, w4: lin(4).weight.grad };
  },
});
