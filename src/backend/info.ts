// torch.backends: which backend runs the kernels.

import { backend } from './index.js';
import { checkFunction, checkOptionsArg } from '../tensor/argcheck.js';

export const native = {
  /** True when the native addon is loaded and in use. */
  is_available(): boolean {
    return backend().name === 'native';
  },
};

/** torch.backends.mps: Apple's GPU backend, never available here. */
export const mps = {
  is_available: (): boolean => false,
  is_built: (): boolean => false,
};

/** torch.backends.cudnn.flags's settings; accepted and not used. */
export interface CudnnFlags {
  enabled?: boolean;
  benchmark?: boolean;
  deterministic?: boolean;
  allow_tf32?: boolean;
}

/**
 * torch.backends.cudnn: NVIDIA's library, never available here. `with cudnn.flags(...):` becomes
 * flags(opts, fn), which runs fn (the block) and returns its value; the settings change nothing
 * on the CPU.
 */
export const cudnn = {
  is_available: (): boolean => false,
  flags<T>(opts: CudnnFlags, fn: () => T): T {
    checkOptionsArg('flags', 1, opts);
    checkFunction('flags', 'fn', 2, fn);
    return fn();
  },
};
