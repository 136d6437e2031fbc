// torch.optim.Optimizer: parameter groups, per-parameter state, zero_grad, state_dict.

import type { Tensor } from '../tensor/tensor.js';
import { no_grad } from '../autograd/grad_mode.js';

export type Hyper = Record<string, number | boolean | [number, number]>;

export interface ParamGroup extends Record<string, unknown> {
  params: Tensor[];
  lr: number;
}

export type ParamsArg = Iterable<Tensor> | Iterable<{ params: Iterable<Tensor> } & Record<string, unknown>>;

export interface OptimizerState {
  state: Map<number, Record<string, Tensor | number>>;
  param_groups: (Record<string, unknown> & { params: number[] })[];
}

export abstract class Optimizer {
  readonly defaults: Hyper;
  readonly param_groups: ParamGroup[] = [];
  /** Per-parameter state (momentum buffers, moment estimates), keyed by the parameter. */
  readonly state = new Map<Tensor, Record<string, Tensor | number>>();

  protected constructor(params: ParamsArg, defaults: Hyper) {
    this.defaults = defaults;
    const list = [...(params as Iterable<unknown>)];
    if (list.length === 0) throw new Error('optimizer got an empty parameter list');
    const isGroups = typeof list[0] === 'object' && list[0] !== null && 'params' in (list[0] as object);
    const groups = isGroups ? (list as { params: Iterable<Tensor> }[]) : [{ params: list as Tensor[] }];
    for (const g of groups) this.add_param_group(g);
  }

  add_param_group(group: { params: Iterable<Tensor> } & Record<string, unknown>): void {
    const params = [...group.params];
    for (const p of params) {
      if (!p.is_leaf) throw new Error("can't optimize a non-leaf Tensor");
      for (const g of this.param_groups) {
        if (g.params.includes(p)) throw new Error('some parameters appear in more than one parameter group');
      }
    }
    this.param_groups.push({ ...this.defaults, ...group, params } as ParamGroup);
  }

  /** Clears gradients: set to null by default (as PyTorch 2 does), else zeroed in place. */
  zero_grad(set_to_none = true): void {
    for (const g of this.param_groups) {
      for (const p of g.params) {
        if (p.grad === null) continue;
        if (set_to_none) p.grad = null;
        else no_grad(() => p.grad?.zero_());
      }
    }
  }

  /** One update of every parameter that has a gradient. `closure` re-evaluates the loss. */
  step(closure?: () => Tensor): Tensor | null {
    const loss = closure ? closure() : null;
    no_grad(() => {
      for (const group of this.param_groups) {
        for (const p of group.params) {
          if (p.grad === null) continue;
          let st = this.state.get(p);
          if (!st) {
            st = {};
            this.state.set(p, st);
          }
          this.update(p, p.grad, st, group);
        }
      }
    });
    return loss;
  }

  /** Applies one step to parameter p with gradient grad; `state` persists across steps. */
  protected abstract update(p: Tensor, grad: Tensor, state: Record<string, Tensor | number>, group: ParamGroup): void;

  /** State by parameter index (across groups in order), and groups with parameter indices. */
  state_dict(): OptimizerState {
    const index = new Map<Tensor, number>();
    let n = 0;
    const param_groups = this.param_groups.map((g) => {
      const ids = g.params.map((p) => {
        if (!index.has(p)) index.set(p, n++);
        return index.get(p) as number;
      });
      return { ...g, params: ids };
    });
    const state = new Map<number, Record<string, Tensor | number>>();
    for (const [p, st] of this.state) {
      const i = index.get(p);
      if (i === undefined) continue;
      const copy: Record<string, Tensor | number> = {};
      for (const [k, v] of Object.entries(st)) copy[k] = typeof v === 'number' ? v : v.clone();
      state.set(i, copy);
    }
    return { state, param_groups };
  }

  load_state_dict(sd: OptimizerState): void {
    if (sd.param_groups.length !== this.param_groups.length) {
      throw new Error('loaded state dict has a different number of parameter groups');
    }
    const byIndex: Tensor[] = [];
    sd.param_groups.forEach((g, gi) => {
      const own = this.param_groups[gi];
      if (g.params.length !== own.params.length) {
        throw new Error(
          "loaded state dict contains a parameter group that doesn't match the size of optimizer's group",
        );
      }
      g.params.forEach((id, k) => (byIndex[id] = own.params[k]));
      for (const [key, value] of Object.entries(g)) if (key !== 'params') own[key] = value;
    });
    this.state.clear();
    for (const [id, st] of sd.state) {
      const p = byIndex[id];
      if (!p) continue;
      const copy: Record<string, Tensor | number> = {};
      for (const [k, v] of Object.entries(st)) copy[k] = typeof v === 'number' ? v : v.clone().to(p.dtype);
      this.state.set(p, copy);
    }
  }
}

/** A state tensor, created as zeros like p on first use. */
export function buffer(state: Record<string, Tensor | number>, key: string, like: Tensor): Tensor {
  let t = state[key] as Tensor | undefined;
  if (t === undefined) {
    t = like.detach().mul(0);
    state[key] = t;
  }
  return t;
}
