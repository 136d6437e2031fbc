import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  // protobufjs (ONNX export) is bundled: the browser build must not import a bare package name.
  noExternal: ['protobufjs'],
  external: ['node:module', 'node:path', 'node:fs', 'node:url', 'node:worker_threads'],
});
