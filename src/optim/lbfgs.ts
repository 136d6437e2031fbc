// L-BFGS, following PyTorch's torch/optim/lbfgs.py (the two-loop recursion over the last
// history_size steps, and optionally the strong-Wolfe line search with cubic interpolation). The
// parameters are treated as one flat vector; the arithmetic is done in float64.

import type { Tensor } from '../tensor/tensor.js';
import { float64, type TypedArray } from '../tensor/dtype.js';
import * as K from '../tensor/kernels.js';
import { enable_grad, no_grad } from '../autograd/grad_mode.js';
import { jsTypeName } from '../tensor/argcheck.js';
import { Optimizer, parseOptions, rounding, type ParamGroup, type ParamState, type ParamsArg } from './optimizer.js';

type Vec = Float64Array;

const dot = (a: Vec, b: Vec): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};
const absMax = (a: Vec): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
};

function cubicInterpolate(
  x1: number,
  f1: number,
  g1: number,
  x2: number,
  f2: number,
  g2: number,
  bounds?: [number, number],
): number {
  const [lo, hi] = bounds ?? (x1 <= x2 ? [x1, x2] : [x2, x1]);
  const d1 = g1 + g2 - (3 * (f1 - f2)) / (x1 - x2);
  const d2Square = d1 * d1 - g1 * g2;
  if (d2Square >= 0) {
    const d2 = Math.sqrt(d2Square);
    const minPos =
      x1 <= x2
        ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
        : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
    return Math.min(Math.max(minPos, lo), hi);
  }
  return (lo + hi) / 2;
}

interface History {
  d: Vec | null;
  t: number;
  old_dirs: Vec[];
  old_stps: Vec[];
  ro: number[];
  H_diag: number;
  prev_flat_grad: Vec | null;
  prev_loss: number;
}

export interface LBFGSOpts {
  lr?: number;
  max_iter?: number;
  max_eval?: number | null;
  tolerance_grad?: number;
  tolerance_change?: number;
  history_size?: number;
  line_search_fn?: 'strong_wolfe' | null;
}

export class LBFGS extends Optimizer {
  private readonly _params: Tensor[];
  private hist: History | null = null;

  constructor(params: ParamsArg, opts?: LBFGSOpts);
  constructor(params: ParamsArg, ...args: unknown[]);
  constructor(params: ParamsArg, ...args: unknown[]) {
    const o = parseOptions(
      'LBFGS',
      ['lr', 'max_iter', 'max_eval', 'tolerance_grad', 'tolerance_change', 'history_size', 'line_search_fn'],
      args,
      {
        lr: 1,
        max_iter: 20,
        max_eval: null as number | null,
        tolerance_grad: 1e-7,
        tolerance_change: 1e-9,
        history_size: 100,
        line_search_fn: null as string | null,
      },
    );
    if (o.max_eval === null) o.max_eval = Math.floor(((o.max_iter as number) * 5) / 4);
    super(params, o);
    if (this.param_groups.length !== 1) {
      throw new RangeError("LBFGS doesn't support per-parameter options (parameter groups)");
    }
    this._params = this.param_groups[0].params;
  }

  protected _update(): void {
    throw new Error('LBFGS updates in step()');
  }

  private _gatherFlatGrad(): Vec {
    const parts = this._params.map((p) =>
      p.grad === null ? new Float64Array(p.numel()) : K.contiguous(K.cast(p.grad, float64))._data,
    );
    const out = new Float64Array(parts.reduce((n, a) => n + a.length, 0));
    let off = 0;
    for (const a of parts) {
      out.set(a, off);
      off += a.length;
    }
    return out;
  }

  /** p += step * d (one fused multiply-add per element, rounded to p's dtype). */
  private _addGrad(step: number, d: Vec): void {
    let off = 0;
    for (const p of this._params) {
      const r = rounding(p);
      const direct = p.is_contiguous() && p._offset === 0 && p._data.length === p.numel();
      const target = direct ? p : K.copyOf(p);
      const data: TypedArray = target._data;
      const s = r(step);
      for (let i = 0; i < data.length; i++) data[i] = r(data[i] + d[off + i] * s);
      off += data.length;
      if (direct) p._vc.version++;
      else no_grad(() => p.copy_(target));
    }
  }

  private _cloneParams(): Tensor[] {
    return this._params.map((p) => K.copyOf(K.contiguous(p)));
  }

  private _setParams(x: Tensor[]): void {
    no_grad(() => this._params.forEach((p, i) => p.copy_(x[i])));
  }

  step(closure?: () => Tensor): Tensor {
    if (typeof closure !== 'function') {
      throw new TypeError(
        closure === undefined || closure === null
          ? "LBFGS.step() missing 1 required positional argument: 'closure'"
          : `step(): argument 'closure' (position 1) must be function, not ${jsTypeName(closure)}`,
      );
    }
    const evaluate = (): Tensor => enable_grad(() => closure());
    const group: ParamGroup = this.param_groups[0];
    const lr = group.lr;
    const maxIter = group.max_iter as number;
    const maxEval = group.max_eval as number;
    const tolGrad = group.tolerance_grad as number;
    const tolChange = group.tolerance_change as number;
    const lineSearch = group.line_search_fn as string | null;
    const historySize = group.history_size as number;
    const p0 = this._params[0];
    let st = this.state.get(p0);
    if (!st) {
      st = { func_evals: 0, n_iter: 0 };
      this.state.set(p0, st);
    }
    const state: ParamState = st;
    const bump = (k: string, by: number): void => {
      state[k] = (state[k] as number) + by;
    };

    const origLoss = evaluate();
    let loss = Number(origLoss.item());
    let currentEvals = 1;
    bump('func_evals', 1);
    let flatGrad = this._gatherFlatGrad();
    let optCond = absMax(flatGrad) <= tolGrad;
    if (optCond) return origLoss;

    const h: History = this.hist ?? {
      d: null,
      t: 0,
      old_dirs: [],
      old_stps: [],
      ro: [],
      H_diag: 1,
      prev_flat_grad: null,
      prev_loss: 0,
    };
    this.hist = h;
    let d = h.d as Vec;
    let t = h.t;
    let nIter = 0;
    while (nIter < maxIter) {
      nIter++;
      bump('n_iter', 1);
      // (a history not restored by load_state_dict restarts from steepest descent)
      const first = state.n_iter === 1 || h.prev_flat_grad === null;
      if (first) {
        d = flatGrad.map((g) => -g);
        h.old_dirs = [];
        h.old_stps = [];
        h.ro = [];
        h.H_diag = 1;
      } else {
        const prev = h.prev_flat_grad as Vec;
        const y = flatGrad.map((g, i) => g - prev[i]);
        const s = d.map((v) => v * t);
        const ys = dot(y, s);
        if (ys > 1e-10) {
          if (h.old_dirs.length === historySize) {
            h.old_dirs.shift();
            h.old_stps.shift();
            h.ro.shift();
          }
          h.old_dirs.push(y);
          h.old_stps.push(s);
          h.ro.push(1 / ys);
          h.H_diag = ys / dot(y, y);
        }
        const num = h.old_dirs.length;
        const al = new Array<number>(num);
        const q = flatGrad.map((g) => -g);
        for (let i = num - 1; i >= 0; i--) {
          al[i] = dot(h.old_stps[i], q) * h.ro[i];
          const dir = h.old_dirs[i];
          for (let j = 0; j < q.length; j++) q[j] -= al[i] * dir[j];
        }
        d = q.map((v) => v * h.H_diag);
        for (let i = 0; i < num; i++) {
          const be = dot(h.old_dirs[i], d) * h.ro[i];
          const stp = h.old_stps[i];
          for (let j = 0; j < d.length; j++) d[j] += (al[i] - be) * stp[j];
        }
      }
      h.prev_flat_grad = flatGrad.slice();
      const prevLoss = loss;
      h.prev_loss = prevLoss;
      if (first) {
        let sum = 0;
        for (const g of flatGrad) sum += Math.abs(g);
        t = Math.min(1, 1 / sum) * lr;
      } else {
        t = lr;
      }
      const gtd = dot(flatGrad, d);
      if (gtd > -tolChange) break;
      let lsEvals = 0;
      if (lineSearch !== null) {
        if (lineSearch !== 'strong_wolfe') throw new Error("only 'strong_wolfe' is supported");
        const x = this._cloneParams();
        const obj = (tt: number, dd: Vec): [number, Vec] => {
          this._addGrad(tt, dd);
          const f = Number(evaluate().item());
          const g = this._gatherFlatGrad();
          this._setParams(x);
          return [f, g];
        };
        [loss, flatGrad, t, lsEvals] = strongWolfe(obj, t, d, loss, flatGrad, gtd, tolChange);
        this._addGrad(t, d);
        optCond = absMax(flatGrad) <= tolGrad;
      } else {
        this._addGrad(t, d);
        if (nIter !== maxIter) {
          loss = Number(evaluate().item());
          flatGrad = this._gatherFlatGrad();
          optCond = absMax(flatGrad) <= tolGrad;
          lsEvals = 1;
        }
      }
      currentEvals += lsEvals;
      bump('func_evals', lsEvals);
      if (nIter === maxIter) break;
      if (currentEvals >= maxEval) break;
      if (optCond) break;
      if (absMax(d.map((v) => v * t)) <= tolChange) break;
      if (Math.abs(loss - prevLoss) < tolChange) break;
    }
    h.d = d;
    h.t = t;
    state.t = t;
    state.H_diag = h.H_diag;
    state.prev_loss = h.prev_loss;
    return origLoss;
  }

  /** Only func_evals, n_iter, t, H_diag and prev_loss are saved; the history is not. */
  load_state_dict(sd: Parameters<Optimizer['load_state_dict']>[0]): void {
    super.load_state_dict(sd);
    this.hist = null;
  }
}

function strongWolfe(
  obj: (t: number, d: Vec) => [number, Vec],
  t0: number,
  d: Vec,
  f: number,
  g: Vec,
  gtd: number,
  tolChange: number,
  c1 = 1e-4,
  c2 = 0.9,
  maxLs = 25,
): [number, Vec, number, number] {
  let t = t0;
  const dNorm = absMax(d);
  let [fNew, gNew] = obj(t, d);
  let evals = 1;
  let gtdNew = dot(gNew, d);
  let tPrev = 0;
  let fPrev = f;
  let gPrev = g.slice();
  let gtdPrev = gtd;
  let done = false;
  let lsIter = 0;
  let bracket: number[] = [];
  let bf: number[] = [];
  let bg: Vec[] = [];
  let bgtd: number[] = [];
  while (lsIter < maxLs) {
    if (fNew > f + c1 * t * gtd || (lsIter > 1 && fNew >= fPrev)) {
      [bracket, bf, bg, bgtd] = [
        [tPrev, t],
        [fPrev, fNew],
        [gPrev, gNew.slice()],
        [gtdPrev, gtdNew],
      ];
      break;
    }
    if (Math.abs(gtdNew) <= -c2 * gtd) {
      [bracket, bf, bg] = [[t], [fNew], [gNew]];
      done = true;
      break;
    }
    if (gtdNew >= 0) {
      [bracket, bf, bg, bgtd] = [
        [tPrev, t],
        [fPrev, fNew],
        [gPrev, gNew.slice()],
        [gtdPrev, gtdNew],
      ];
      break;
    }
    const minStep = t + 0.01 * (t - tPrev);
    const maxStep = t * 10;
    const tmp = t;
    t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, [minStep, maxStep]);
    tPrev = tmp;
    fPrev = fNew;
    gPrev = gNew.slice();
    gtdPrev = gtdNew;
    [fNew, gNew] = obj(t, d);
    evals++;
    gtdNew = dot(gNew, d);
    lsIter++;
  }
  if (lsIter === maxLs) {
    [bracket, bf, bg] = [
      [0, t],
      [f, fNew],
      [g, gNew],
    ];
  }
  let insufProgress = false;
  let [low, high] = bf[0] <= bf[bf.length - 1] ? [0, 1] : [1, 0];
  while (!done && lsIter < maxLs) {
    if (Math.abs(bracket[1] - bracket[0]) * dNorm < tolChange) break;
    t = cubicInterpolate(bracket[0], bf[0], bgtd[0], bracket[1], bf[1], bgtd[1]);
    const bmax = Math.max(...bracket);
    const bmin = Math.min(...bracket);
    const eps = 0.1 * (bmax - bmin);
    if (Math.min(bmax - t, t - bmin) < eps) {
      if (insufProgress || t >= bmax || t <= bmin) {
        t = Math.abs(t - bmax) < Math.abs(t - bmin) ? bmax - eps : bmin + eps;
        insufProgress = false;
      } else {
        insufProgress = true;
      }
    } else {
      insufProgress = false;
    }
    [fNew, gNew] = obj(t, d);
    evals++;
    gtdNew = dot(gNew, d);
    lsIter++;
    if (fNew > f + c1 * t * gtd || fNew >= bf[low]) {
      bracket[high] = t;
      bf[high] = fNew;
      bg[high] = gNew.slice();
      bgtd[high] = gtdNew;
      [low, high] = bf[0] <= bf[1] ? [0, 1] : [1, 0];
    } else {
      if (Math.abs(gtdNew) <= -c2 * gtd) done = true;
      else if (gtdNew * (bracket[high] - bracket[low]) >= 0) {
        bracket[high] = bracket[low];
        bf[high] = bf[low];
        bg[high] = bg[low];
        bgtd[high] = bgtd[low];
      }
      bracket[low] = t;
      bf[low] = fNew;
      bg[low] = gNew.slice();
      bgtd[low] = gtdNew;
    }
  }
  return [bf[low], bg[low], bracket[low], evals];
}
