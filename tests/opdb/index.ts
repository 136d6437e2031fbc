// Collects every family's rows. A family file exports `rows: OpSample[]`.

import type { OpSample } from './types.js';
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export async function allRows(): Promise<OpSample[]> {
  const files = readdirSync(here).filter(
    (f) => f.endsWith('.ts') && f !== 'types.ts' && f !== 'index.ts' && f !== 'inputs.ts',
  );
  const rows: OpSample[] = [];
  for (const f of files.sort()) {
    const mod = (await import(`./${f}`)) as { rows: OpSample[] };
    rows.push(...mod.rows);
  }
  return rows;
}
