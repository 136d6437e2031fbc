// Grad modes. Python's `with` blocks become callbacks whose value is returned; the mode is
// restored even if the callback throws.

let gradEnabled = true;
let inferenceEnabled = false;

export function is_grad_enabled(): boolean {
  return gradEnabled;
}

export function is_inference_mode_enabled(): boolean {
  return inferenceEnabled;
}

function withMode<T>(enabled: boolean, fn: () => T, inference = inferenceEnabled): T {
  const prevGrad = gradEnabled;
  const prevInference = inferenceEnabled;
  gradEnabled = enabled;
  inferenceEnabled = inference;
  try {
    return fn();
  } finally {
    gradEnabled = prevGrad;
    inferenceEnabled = prevInference;
  }
}

/** `with torch.no_grad():` → `torch.no_grad(() => ...)`. */
export function no_grad<T>(fn: () => T): T {
  return withMode(false, fn);
}

/** `with torch.enable_grad():` → `torch.enable_grad(() => ...)`. */
export function enable_grad<T>(fn: () => T): T {
  return withMode(true, fn);
}

/** `torch.inference_mode(fn)`: like no_grad (tensors made inside never record a graph). */
export function inference_mode<T>(fn: () => T, mode = true): T {
  return mode ? withMode(false, fn, true) : withMode(gradEnabled, fn, false);
}

/**
 * `torch.set_grad_enabled(mode)` sets the mode globally (as the plain call does in PyTorch);
 * `torch.set_grad_enabled(mode, fn)` is the `with` form.
 */
export function set_grad_enabled(mode: boolean): void;
export function set_grad_enabled<T>(mode: boolean, fn: () => T): T;
export function set_grad_enabled<T>(mode: boolean, fn?: () => T): T | void {
  if (fn === undefined) {
    gradEnabled = mode;
    return;
  }
  return withMode(mode, fn);
}
