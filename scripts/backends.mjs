// The backends the suite runs on: the TypeScript one always, the native addon when it is built.
// TENSORGRAD_TEST_BACKENDS=js (or native, or js,native) narrows the list.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

function addonBuilt() {
  const prebuilt = join('prebuilds', `${process.platform}-${process.arch}`);
  if (existsSync(prebuilt) && readdirSync(prebuilt).some((f) => f.endsWith('.node'))) return true;
  return existsSync(join('build', 'Release', 'tensorgrad.node'));
}

export function availableBackends() {
  const all = addonBuilt() ? ['js', 'native'] : ['js'];
  const wanted = process.env.TENSORGRAD_TEST_BACKENDS;
  return wanted ? all.filter((b) => wanted.split(',').includes(b)) : all;
}
