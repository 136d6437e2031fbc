// `npm install` step: builds the native addon with node-gyp. It never fails the install: without a
// C++ toolchain (or on an unsupported platform) tensorgrad runs on its TypeScript backend.
// Skipped when a prebuilt binary for this platform ships in prebuilds/ (node-gyp-build loads it).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
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

/**
 * `npm run build:native -- --sanitize`: the addon with AddressSanitizer and UndefinedBehaviorSanitizer,
 * built beside the normal one (build-sanitize/build/Release/tensorgrad.node) from the same sources.
 * Node itself is not instrumented, so the ASan runtime must be preloaded; the command that runs
 * tests against it is printed (scripts/sanitize.sh runs them). Failures are fatal here: a developer
 * asked for this build.
 */
function sanitizeBuild() {
  const dir = join(root, 'build-sanitize');
  mkdirSync(dir, { recursive: true });
  for (const name of ['binding.gyp', 'native']) {
    const link = join(dir, name);
    if (!existsSync(link)) symlinkSync(join('..', name), link);
  }
  const flags =
    '-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize=vptr -fno-sanitize-recover=all';
  const [cmd, ...args] = nodeGyp();
  // Incremental once configured: only changed sources recompile.
  const step = existsSync(join(dir, 'build', 'Makefile')) ? ['build'] : ['rebuild'];
  const r = spawnSync(cmd, [...args, ...step, '--jobs=max', ...nodedirArgs()], {
    cwd: dir,
    stdio: 'inherit',
    env: { ...process.env, CXXFLAGS: flags, LDFLAGS: '-fsanitize=address,undefined' },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
  console.log(`tensorgrad: sanitized addon in ${join(dir, 'build', 'Release', 'tensorgrad.node')}`);
}

if (process.argv.includes('--sanitize')) {
  sanitizeBuild();
} else if (process.env.TENSORGRAD_SKIP_NATIVE_BUILD) {
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
