// `npm install` step: builds the native addon with node-gyp. It never fails the install: without a
// C++ toolchain (or on an unsupported platform) tensorgrad runs on its TypeScript backend.
// Skipped when a prebuilt binary for this platform ships in prebuilds/ (node-gyp-build loads it).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const fallback = 'tensorgrad: native build failed, using the TypeScript backend';

function prebuilt() {
  const dir = join(root, 'prebuilds', `${process.platform}-${process.arch}`);
  return existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.node'));
}

/** node-gyp: npm puts its own on PATH for install scripts; otherwise use npm's copy next to node. */
function nodeGyp() {
  const require = createRequire(import.meta.url);
  for (const id of [
    'node-gyp/bin/node-gyp.js',
    join(dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
  ]) {
    try {
      return [process.execPath, require.resolve(id)];
    } catch {
      // try the next place
    }
  }
  return ['node-gyp'];
}

/** Node's headers ship beside the node binary in most installs; using them avoids a download. */
function nodedirArgs() {
  if (process.env.npm_config_nodedir) return [];
  const prefix = resolve(dirname(process.execPath), '..');
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? [`--nodedir=${prefix}`] : [];
}

if (process.env.TENSORGRAD_SKIP_NATIVE_BUILD) {
  console.log('tensorgrad: TENSORGRAD_SKIP_NATIVE_BUILD is set, not building the native addon');
} else if (prebuilt()) {
  console.log('tensorgrad: using the prebuilt native addon');
} else {
  const [cmd, ...args] = nodeGyp();
  const r = spawnSync(cmd, [...args, 'rebuild', '--jobs=max', ...nodedirArgs()], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (r.status !== 0) console.log(fallback);
}
