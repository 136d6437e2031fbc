// Collects the op database: every declaration's samples (made with the kit in inputs.ts), then every
// family file's rows (a family file exports `rows: OpSample[]`).

import '../../src/index.js';
import { DECLARATIONS, type OpSample } from '../../src/ops/declare.js';
import { kit } from './inputs.js';
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The samples declared with the ops themselves. */
export function declaredRows(): OpSample[] {
  const rows: OpSample[] = [];
  for (const d of DECLARATIONS) {
    if (d.samples === undefined) continue;
    const name = d.name;
    const call =
      d.function ??
      ((self: Record<string, (...a: unknown[]) => unknown>, ...args: unknown[]): unknown => self[name](...args));
    rows.push(...d.samples(kit, call));
  }
  return rows;
}

export async function allRows(): Promise<OpSample[]> {
  const files = readdirSync(here).filter(
    (f) => f.endsWith('.ts') && f !== 'types.ts' && f !== 'index.ts' && f !== 'inputs.ts',
  );
  const rows: OpSample[] = declaredRows();
  for (const f of files.sort()) {
    const mod = (await import(`./${f}`)) as { rows: OpSample[] };
    rows.push(...mod.rows);
  }
  return rows;
}
