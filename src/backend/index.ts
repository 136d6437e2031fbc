// Which backend runs the kernels: the native addon when it is built and loads, else the
// TypeScript backend. TENSORGRAD_BACKEND=js forces the TypeScript backend; TENSORGRAD_BACKEND=native
// requires the addon (an error if it is missing, so a test run cannot silently fall back).

import type { Backend } from './backend.js';
import { jsBackend } from './js/index.js';
import { matmulThreads, setMatmulThreads } from './js/matmul.js';
import { loadNativeBackend, nativeAddon, nativeLoadError, requestedBackend } from './native.js';

/**
 * The native backend when its addon loads and matches this TypeScript. An addon that loads but
 * lacks a kernel kind (built from older sources) is reported with a warning and the TypeScript
 * backend runs instead; a missing addon is the normal pure-JavaScript setup and stays silent.
 */
function initialBackend(): Backend {
  const wanted = requestedBackend();
  if (wanted === 'js') return jsBackend;
  const native = loadNativeBackend();
  if (native) return native;
  if (wanted === 'native') {
    throw new Error(`TENSORGRAD_BACKEND=native, but the native addon did not load: ${nativeLoadError()}`);
  }
  if (nativeAddon()) {
    const proc = (globalThis as { process?: { emitWarning?: (m: string, t: string) => void } }).process;
    proc?.emitWarning?.(`tensorgrad: using the JavaScript backend: ${nativeLoadError()}`, 'RuntimeWarning');
  }
  return jsBackend;
}

let active: Backend = initialBackend();

/** The backend every kernel call goes to. */
export function backend(): Backend {
  return active;
}

/** @internal Replaces the active backend (used by backend tests). */
export function setBackend(b: Backend): void {
  active = b;
}

/** torch.set_num_threads: threads the native backend, or the TypeScript backend's GEMM, may use for large ops. */
export function set_num_threads(n: number): void {
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    throw new Error(`set_num_threads expects an int, but got ${typeof n === 'number' ? 'float' : typeof n}`);
  }
  if (n <= 0) throw new Error('set_num_threads expects a positive integer');
  const addon = active.name === 'native' ? nativeAddon() : null;
  if (addon) addon.setNumThreads(n);
  else setMatmulThreads(n);
}

/**
 * torch.get_num_threads. On the TypeScript backend, the threads its WebAssembly GEMM splits large
 * products over: 1 where workers cannot run (no WebAssembly, or a page that is not
 * cross-origin-isolated).
 */
export function get_num_threads(): number {
  const addon = active.name === 'native' ? nativeAddon() : null;
  return addon ? addon.getNumThreads() : matmulThreads();
}

export { jsBackend };
