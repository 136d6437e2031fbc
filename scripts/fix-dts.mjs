// After tsup: the bundled declaration files keep src/api/surface.ts's module augmentation
// (`declare module '../tensor/tensor.js' { interface Tensor extends Surface { ... } }`), whose path
// means nothing inside dist/, so consumers would see Tensor without its methods. This rewrites the
// block as a plain interface merged with the bundled Tensor class (whatever name the bundler gave it).

import { readFileSync, writeFileSync } from 'node:fs';

for (const file of ['dist/index.d.ts', 'dist/index.d.cts']) {
  const text = readFileSync(file, 'utf8');
  const cls = /^declare class (Tensor(?:\$\d+)?) \{/m.exec(text);
  if (cls === null) throw new Error(`${file}: no Tensor class declaration`);
  const open = "declare module '../tensor/tensor.js' {\n    interface Tensor extends Surface {";
  const at = text.indexOf(open);
  if (at < 0) throw new Error(`${file}: the Tensor surface augmentation was not found`);
  const end = text.indexOf('\n    }\n}\n', at);
  if (end < 0) throw new Error(`${file}: unterminated augmentation`);
  const body = text
    .slice(at + open.length, end)
    .split('\n')
    .map((l) => l.replace(/^ {4}/, ''))
    .join('\n');
  const merged = `interface ${cls[1]} extends Surface {${body}\n}\n`;
  writeFileSync(file, text.slice(0, at) + merged + text.slice(end + '\n    }\n}\n'.length));
}
