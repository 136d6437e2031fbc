// Prints every declared op's PyTorch signatures as JSON, for oracle scripts that generate calls
// from them (tests/oracle/diff_fuzz.py). Run: npx tsx tests/oracle/signatures.ts
import * as torch from '../../src/index.js';
import { DECLARATIONS } from '../../src/ops/declare.js';

const out = DECLARATIONS.map((d) => ({
  name: d.name,
  function: d.isFunction,
  // Where the function lives: torch.* or (for the torch.nn.functional declarations) torch.nn.functional.*.
  namespace: d.name in torch ? 'torch' : d.name in torch.nn.functional ? 'torch.nn.functional' : null,
  method: d.methodSigs !== null,
  inplace: d.inplace,
  signatures: d.signatures
    .filter((s) => !s.hidden)
    .map((s) => ({
      text: s.text,
      params: s.params.map((p) => ({
        name: p.name,
        type: p.typeText,
        optional: p.optional,
        none: p.allowNone,
        kwOnly: p.kwOnly,
        default: p.defaultText ?? null,
      })),
    })),
}));
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
