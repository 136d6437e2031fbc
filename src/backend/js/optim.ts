// Fused optimizer updates (Note [Fused updates] in src/optim/optimizer.ts).
//
// The loop is compiled once per dtype from one template (Note [Kernel code generation] in
// elementwise.ts): with the rounding written in as Math.fround (float32) or nothing (float64), V8
// inlines it; a rounding function chosen at run time is a polymorphic call per op, ~7x slower.

import type { Backend } from '../backend.js';
import { WASM_MIN_ELEMENTS, wasmElementwise } from './wasm/runtime.js';

type AdamLoop = Backend['adam'];

/** `R(x)` in the template rounds to the parameter's dtype. */
const ADAM = `
  const b1 = s.beta1, omb1 = s.omb1, b2 = s.beta2, omb2 = s.omb2, wd = s.weight_decay, decay = s.decay;
  const eps = s.eps, negStep = s.neg_step_size, bc2 = s.bias_correction2_sqrt, sign = s.sign;
  for (let i = 0; i < param.length; i++) {
    let g = sign * grad[i];
    let p = param[i];
    if (decay !== 1) p = R(p * decay);
    if (wd !== 0) g = R(g + p * wd);
    const mi = R(R(m[i] * b1) + g * omb1);
    m[i] = mi;
    let vi = R(R(v[i] * b2) + R(R(omb2 * g) * g));
    v[i] = vi;
    if (vmax !== null) {
      const a = vmax[i];
      vi = a !== a || vi !== vi ? NaN : Math.max(a, vi);
      vmax[i] = vi;
    }
    const denom = R(R(R(Math.sqrt(vi)) / bc2) + eps);
    param[i] = R(p + R(R(negStep * mi) / denom));
  }`;

function compile(template: string, round: string): AdamLoop {
  const body = template.replace(/\bR\(/g, round + '(');
  return new Function('param', 'grad', 'm', 'v', 'vmax', 's', body) as AdamLoop;
}

const adam32 = compile(ADAM, 'Math.fround');
const adam64 = compile(ADAM, '');

function sameFloatArrays(arrays: readonly unknown[]): arrays is (Float32Array | Float64Array)[] {
  const ctor = (arrays[0] as object).constructor;
  return (ctor === Float32Array || ctor === Float64Array) && arrays.every((a) => (a as object).constructor === ctor);
}

// The WebAssembly kernel (wasm/elementwise.ts) runs the same template, bit for bit, two lanes at a time.
export const adam: AdamLoop = (param, grad, m, v, vmax, s) => {
  const ew = wasmElementwise();
  const arrays = vmax === null ? [param, grad, m, v] : [param, grad, m, v, vmax];
  if (ew !== null && param.length >= WASM_MIN_ELEMENTS && sameFloatArrays(arrays)) {
    ew.adam(arrays[0], arrays[1], arrays[2], arrays[3], vmax === null ? null : arrays[4], s);
    return;
  }
  (param instanceof Float32Array ? adam32 : adam64)(param, grad, m, v, vmax, s);
};
