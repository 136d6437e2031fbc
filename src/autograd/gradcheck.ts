// torch.autograd.gradcheck / gradgradcheck: analytic Jacobians (from backward) against
// central finite differences, in float64.

import type { Tensor } from '../tensor/tensor.js';
import * as K from '../ops/kernels.js';
import { float64 } from '../tensor/dtype.js';
import { grad } from './api.js';
import { emitWarning } from '../utils/warn.js';

export interface GradcheckOpts {
  eps?: number;
  atol?: number;
  rtol?: number;
  raise_exception?: boolean;
  /** Skip the check of inputs that are not differentiated (allow_unused semantics). */
  check_undefined_grad?: boolean;
}

type Fn = (...inputs: Tensor[]) => Tensor | Tensor[];

function outputsOf(fn: Fn, inputs: Tensor[]): Tensor[] {
  const out = fn(...inputs);
  return Array.isArray(out) ? out : [out];
}

/** Reads element i (row-major) of t. */
function elementOffset(t: Tensor, i: number): number {
  let off = t._offset;
  let rest = i;
  for (let d = t.dim() - 1; d >= 0; d--) {
    const s = t._shape[d];
    off += (rest % s) * t._strides[d];
    rest = Math.floor(rest / s);
  }
  return off;
}

/** Numerical Jacobian d out[j] / d in[i], as rows i, columns j. */
function numericalJacobian(fn: Fn, inputs: Tensor[], which: number, outIdx: number, eps: number): number[][] {
  const x = inputs[which];
  const rows: number[][] = [];
  // Perturbs storage directly (invisible to autograd); fn runs with grad enabled because
  // gradgradcheck's fn itself calls autograd.grad.
  {
    for (let i = 0; i < x.numel(); i++) {
      const pos = elementOffset(x, i);
      const orig = x._data[pos];
      x._data[pos] = orig + eps;
      const plus = outputsOf(fn, inputs)[outIdx].toTypedArray();
      x._data[pos] = orig - eps;
      const minus = outputsOf(fn, inputs)[outIdx].toTypedArray();
      x._data[pos] = orig;
      const row: number[] = [];
      for (let j = 0; j < plus.length; j++) row.push((plus[j] - minus[j]) / (2 * eps));
      rows.push(row);
    }
  }
  return rows;
}

/** Analytic Jacobian from one backward per output element. */
function analyticalJacobian(fn: Fn, inputs: Tensor[], which: number, outIdx: number): number[][] {
  const x = inputs[which];
  const out = outputsOf(fn, inputs)[outIdx];
  const n = out.numel();
  const rows: number[][] = Array.from({ length: x.numel() }, () => new Array<number>(n).fill(0));
  if (!out.requires_grad) return rows;
  for (let j = 0; j < n; j++) {
    const seed = K.full(out.shape, 0, out.dtype);
    seed._data[j] = 1;
    const [g] = grad(out, [x], { grad_outputs: seed, retain_graph: true, allow_unused: true });
    if (g === null) continue;
    const vals = g.toTypedArray();
    for (let i = 0; i < vals.length; i++) rows[i][j] = vals[i];
  }
  return rows;
}

export function gradcheck(fn: Fn, inputs: Tensor | Tensor[], opts?: GradcheckOpts): boolean {
  const ins = Array.isArray(inputs) ? inputs : [inputs];
  const eps = opts?.eps ?? 1e-6;
  const atol = opts?.atol ?? 1e-5;
  const rtol = opts?.rtol ?? 1e-3;
  const raise = opts?.raise_exception ?? true;
  for (const t of ins) {
    if (t.requires_grad && t.dtype !== float64) {
      emitWarning(
        'Input #0 requires gradient and is not a double precision floating point or complex. This check will likely fail if all the inputs are not of double precision floating point or complex.',
        'UserWarning',
      );
    }
  }
  const nOut = outputsOf(fn, ins).length;
  for (let o = 0; o < nOut; o++) {
    for (let i = 0; i < ins.length; i++) {
      if (!ins[i].requires_grad) continue;
      const numerical = numericalJacobian(fn, ins, i, o, eps);
      const analytical = analyticalJacobian(fn, ins, i, o);
      for (let r = 0; r < numerical.length; r++) {
        for (let c = 0; c < numerical[r].length; c++) {
          const a = analytical[r][c];
          const b = numerical[r][c];
          if (!(Math.abs(a - b) <= atol + rtol * Math.abs(b))) {
            if (!raise) return false;
            throw new Error(
              `Jacobian mismatch for output ${o} with respect to input ${i},\n` +
                `numerical:${JSON.stringify(numerical)}\nanalytical:${JSON.stringify(analytical)}\n`,
            );
          }
        }
      }
    }
  }
  return true;
}

/** Deterministic, well-spread grad_outputs when none are given (no RNG dependency). */
function defaultGradOutputs(outs: Tensor[]): Tensor[] {
  return outs.map((o) => {
    const g = K.full(o.shape, 0, o.dtype);
    for (let i = 0; i < g.numel(); i++) g._data[i] = Math.sin(1.3 * i + 0.7);
    return g.requires_grad_(true);
  });
}

/** Checks second derivatives: gradcheck of (inputs, grad_outputs) -> grad(fn(inputs), inputs, grad_outputs). */
export function gradgradcheck(
  fn: Fn,
  inputs: Tensor | Tensor[],
  grad_outputs?: Tensor | Tensor[] | null,
  opts?: GradcheckOpts,
): boolean {
  const ins = Array.isArray(inputs) ? inputs : [inputs];
  const outs = outputsOf(fn, ins);
  const gos = grad_outputs ? (Array.isArray(grad_outputs) ? grad_outputs : [grad_outputs]) : defaultGradOutputs(outs);
  const diffIdx = ins.map((t, i) => (t.requires_grad ? i : -1)).filter((i) => i >= 0);
  const firstOrder = (...all: Tensor[]): Tensor[] => {
    const xs = all.slice(0, ins.length);
    const gs = all.slice(ins.length);
    const ys = outputsOf(fn, xs);
    const grads = grad(
      ys.filter((y) => y.requires_grad),
      diffIdx.map((i) => xs[i]),
      { grad_outputs: gs.filter((_, k) => ys[k].requires_grad), create_graph: true, allow_unused: true },
    );
    return grads.map((g, k) => g ?? K.full(xs[diffIdx[k]].shape, 0, xs[diffIdx[k]].dtype));
  };
  return gradcheck(firstOrder, [...ins, ...gos], opts);
}
