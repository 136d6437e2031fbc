// The safetensors files tensorgrad writes for tests/oracle/safetensors.py to read back with
// numpy (tests/fixtures/safetensors/ts_*.safetensors). tests/safetensors.test.ts checks that the
// writer still produces these exact bytes, so what Python read stays true.
//
//   npx tsx tests/oracle/safetensors_write.ts   (run by tests/oracle/safetensors.py)

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as torch from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

export interface TsFile {
  tensors: Map<string, Tensor>;
  metadata?: Record<string, string>;
}

export function tsFiles(): Record<string, TsFile> {
  torch.manual_seed(0);
  const model = new torch.nn.Sequential(
    new torch.nn.Linear(3, 4),
    new torch.nn.BatchNorm1d(4),
    new torch.nn.Linear(4, 2),
  );
  return {
    ts_dtypes: {
      tensors: new Map<string, Tensor>([
        [
          'f32',
          torch.tensor([
            [1.5, -2.25, 3e-8],
            [1e30, -0.0, 7],
          ]),
        ],
        ['f64', torch.tensor([Math.PI, -1e-300, 2 ** 60], { dtype: torch.float64 })],
        ['i64', torch.tensor([0n, -3n, 2n ** 40n + 1n, -(2n ** 52n)])],
        ['i32', torch.tensor([2147483647, -2147483648, 5], { dtype: torch.int32 })],
        ['bool', torch.tensor([true, false, true])],
        ['scalar', torch.tensor(2.5)],
        ['empty', torch.zeros(0, 3)],
        ['transposed', torch.arange(6, { dtype: torch.float32 }).reshape(2, 3).t()],
      ]),
      metadata: { format: 'pt', note: 'written by tensorgrad' },
    },
    ts_model: { tensors: model.state_dict() },
  };
}

const here = dirname(fileURLToPath(import.meta.url));
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [name, f] of Object.entries(tsFiles())) {
    torch.safetensors.save_file(
      f.tensors,
      join(here, '..', 'fixtures', 'safetensors', `${name}.safetensors`),
      f.metadata,
    );
  }
}
