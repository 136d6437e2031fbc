// Grad modes. Python's `with` blocks become callbacks whose value is returned; the mode is
// restored even if the callback throws.

import { argTypeError, checkFunction } from '../tensor/argcheck.js';

let gradEnabled = true;
let inferenceEnabled = false;
/** Ops record a graph only when grad mode is on and inference mode is off. */
let recording = true;

export function is_grad_enabled(): boolean {
  return gradEnabled;
}

export function is_inference_mode_enabled(): boolean {
  return inferenceEnabled;
}

/** @internal Whether ops applied now record their backward (the check every op makes). */
export function isRecording(): boolean {
  return recording;
}

function setModes(grad: boolean, inference: boolean): void {
  gradEnabled = grad;
  inferenceEnabled = inference;
  recording = grad && !inference;
}

function withMode<T>(grad: boolean, inference: boolean, fn: () => T): T {
  const prevGrad = gradEnabled;
  const prevInference = inferenceEnabled;
  setModes(grad, inference);
  try {
    return fn();
  } finally {
    setModes(prevGrad, prevInference);
  }
}

/** `with torch.no_grad():` → `torch.no_grad(() => ...)`. */
export function no_grad<T>(fn: () => T): T {
  checkFunction('no_grad', 'fn', 1, fn);
  return withMode(false, inferenceEnabled, fn);
}

/** `with torch.enable_grad():` → `torch.enable_grad(() => ...)` (inside inference_mode, still nothing records). */
export function enable_grad<T>(fn: () => T): T {
  checkFunction('enable_grad', 'fn', 1, fn);
  return withMode(true, inferenceEnabled, fn);
}

/**
 * `with torch.inference_mode():` → `torch.inference_mode(fn)`: nothing records inside, not even
 * under enable_grad. `torch.inference_mode(fn, false)` leaves inference mode and enables grad.
 */
export function inference_mode<T>(fn: () => T, mode = true): T {
  checkFunction('inference_mode', 'fn', 1, fn);
  if (typeof mode !== 'boolean') throw argTypeError('inference_mode', 'mode', 2, 'bool', mode);
  return withMode(!mode, mode, fn);
}

/**
 * `torch.set_grad_enabled(mode)` sets the mode globally (as the plain call does in PyTorch);
 * `torch.set_grad_enabled(mode, fn)` is the `with` form.
 */
export function set_grad_enabled(mode: boolean): void;
export function set_grad_enabled<T>(mode: boolean, fn: () => T): T;
export function set_grad_enabled<T>(mode: boolean, fn?: () => T): T | void {
  if (typeof mode !== 'boolean') throw argTypeError('set_grad_enabled', 'mode', 1, 'bool', mode);
  if (fn !== undefined) checkFunction('set_grad_enabled', 'fn', 2, fn);
  if (fn === undefined) {
    setModes(mode, inferenceEnabled);
    return;
  }
  return withMode(mode, inferenceEnabled, fn);
}

let anomaly = false;

/** Whether backward checks every gradient a node returns for NaN (torch.is_anomaly_enabled). */
export function is_anomaly_enabled(): boolean {
  return anomaly;
}

/** `torch.autograd.set_detect_anomaly(mode)`, global form. */
export function set_detect_anomaly(mode: boolean): void {
  if (typeof mode !== 'boolean') throw argTypeError('set_anomaly_enabled', 'enabled', 1, 'bool', mode);
  anomaly = mode;
}

/**
 * `with torch.autograd.detect_anomaly():` → `torch.autograd.detect_anomaly(fn)`: backward throws
 * PyTorch's "Function 'XBackward0' returned nan values in its 0th output." at the first NaN.
 */
export function detect_anomaly<T>(fn: () => T): T {
  checkFunction('detect_anomaly', 'fn', 1, fn);
  const prev = anomaly;
  anomaly = true;
  try {
    return fn();
  } finally {
    anomaly = prev;
  }
}
