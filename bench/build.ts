// Prepares the Node workers so the measured processes run plain `node` on JavaScript, as users do:
// no TypeScript loader in them (tsx alone adds about 50 MiB of RSS, which would swamp W6).
//
// - tensorgrad is measured as it ships: `dist/` built by tsup (npm run build), imported by the
//   bundled worker from there, so the native addon loads exactly as it does for a user.
// - TensorFlow.js is bundled with esbuild from its ES-module builds. Its Node builds register no
//   gradient functions (those live in tfjs-core's ES-module `register_all_gradients`, which only
//   a bundler can load), and tfjs users bundle anyway.
// - jax-js is bundled the same way (an ES-module bundle: the package is ES modules).

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface NodeWorkers {
  /** Arguments after `node` that start the tensorgrad worker, and how it was prepared. */
  tensorgrad: { args: string[]; note: string | null };
  /** Arguments after `node` for the TensorFlow.js worker, or why it cannot run. */
  tfjs: { args: string[] } | { unavailable: string };
  /** Arguments after `node` for the jax-js worker, or why it cannot run. */
  jaxjs: { args: string[] } | { unavailable: string };
}

type Esbuild = typeof import('esbuild');

/** Builds dist/ and writes the worker bundles into `out` (a scratch directory the caller removes). */
export async function prepareNodeWorkers(root: string, out: string): Promise<NodeWorkers> {
  let esbuild: Esbuild | null = null;
  let esbuildError = '';
  try {
    esbuild = await import('esbuild');
  } catch (e) {
    esbuildError = `cannot load esbuild: ${(e as Error).message}`;
  }
  const fromSource = (why: string): NodeWorkers['tensorgrad'] => ({
    args: ['--import', 'tsx', join('bench', 'tg_bench.ts')],
    note: `${why}; ran src/ through tsx instead, which adds about 50 MiB to the W6 figures`,
  });

  let tensorgrad: NodeWorkers['tensorgrad'];
  const tsup = spawnSync(join(root, 'node_modules', '.bin', 'tsup'), ['--silent'], { cwd: root, encoding: 'utf8' });
  if (tsup.status !== 0) {
    tensorgrad = fromSource(`tsup build of dist/ failed (${lastLine(tsup.stderr || String(tsup.error))})`);
  } else if (!esbuild) {
    tensorgrad = fromSource(esbuildError);
  } else {
    try {
      const outfile = join(out, 'tg_bench.mjs');
      const distUrl = pathToFileURL(join(root, 'dist', 'index.js')).href;
      await esbuild.build({
        entryPoints: [join(root, 'bench', 'tg_bench.ts')],
        outfile,
        bundle: true,
        sourcemap: true,
        format: 'esm',
        platform: 'node',
        target: 'es2022',
        logLevel: 'silent',
        // The worker (and examples/charlm/model.ts, which W9 runs) imports src/index.js for its types;
        // at run time it gets the built package.
        plugins: [
          {
            name: 'tensorgrad-from-dist',
            setup(b) {
              b.onResolve({ filter: /^(\.\.\/)+src\/index\.js$/ }, () => ({ path: distUrl, external: true }));
            },
          },
        ],
      });
      tensorgrad = { args: [outfile], note: null };
    } catch (e) {
      tensorgrad = fromSource(`bundling the worker failed (${lastLine((e as Error).message)})`);
    }
  }

  let tfjs: NodeWorkers['tfjs'];
  if (!esbuild) {
    tfjs = { unavailable: esbuildError };
  } else {
    try {
      const req = createRequire(join(root, 'bench', 'tfjs_bench.ts'));
      const wasmDir = join(dirname(req.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
      const outfile = join(out, 'tfjs_bench.cjs');
      await esbuild.build({
        entryPoints: [join(root, 'bench', 'tfjs_bench.ts')],
        outfile,
        bundle: true,
        format: 'cjs',
        platform: 'node',
        target: 'es2022',
        mainFields: ['module', 'main'],
        logLevel: 'silent',
      });
      tfjs = { args: [outfile, '--wasm-dir', wasmDir + '/'] };
    } catch (e) {
      tfjs = { unavailable: `cannot bundle TensorFlow.js (${lastLine((e as Error).message)})` };
    }
  }
  let jaxjs: NodeWorkers['jaxjs'];
  if (!esbuild) {
    jaxjs = { unavailable: esbuildError };
  } else {
    try {
      const req = createRequire(join(root, 'bench', 'jaxjs_bench.ts'));
      // The package exports no ./package.json: read it next to the resolved entry's dist/.
      const pkg = join(dirname(dirname(req.resolve('@jax-js/jax'))), 'package.json');
      const version = (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
      const outfile = join(out, 'jaxjs_bench.mjs');
      await esbuild.build({
        entryPoints: [join(root, 'bench', 'jaxjs_bench.ts')],
        outfile,
        bundle: true,
        format: 'esm',
        platform: 'node',
        target: 'es2022',
        logLevel: 'silent',
      });
      jaxjs = { args: [outfile, '--jax-version', version] };
    } catch (e) {
      jaxjs = { unavailable: `cannot bundle jax-js (${lastLine((e as Error).message)})` };
    }
  }
  return { tensorgrad, tfjs, jaxjs };
}

function lastLine(s: string): string {
  const lines = s.trim().split('\n');
  return lines[lines.length - 1] ?? s;
}
