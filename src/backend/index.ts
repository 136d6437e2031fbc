// Which backend runs the kernels. The native addon (a later issue) registers itself here; until
// then, and whenever TENSORGRAD_BACKEND=js, the TypeScript backend runs everything.

import type { Backend } from './backend.js';
import { jsBackend } from './js/index.js';

let active: Backend = jsBackend;

/** The backend every kernel call goes to. */
export function backend(): Backend {
  return active;
}

/** @internal Replaces the active backend (used by the native loader and backend tests). */
export function setBackend(b: Backend): void {
  active = b;
}

export { jsBackend };
