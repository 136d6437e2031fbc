// torch.backends: which backend runs the kernels.

import { backend } from './index.js';

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
