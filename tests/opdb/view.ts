// Op-database rows for the view properties that are not declared ops (x.T, x.mT). The declared
// view and shape ops keep their samples in their declarations (src/ops/view.ts, slicing.ts, rearrange.ts, tensor_methods.ts).

import { shaped } from './inputs.js';
import type { OpSample } from './types.js';

export const rows: OpSample[] = [shaped('T', [3, 4], (x) => x.T), shaped('mT', [2, 3, 4], (x) => x.mT)];
