// Node's fs, reached without a static import so that browser bundles of tensorgrad never need it
// (process.getBuiltinModule, Node >= 20.16). Elsewhere the caller's error is thrown.

export function nodeFs(error: () => Error): typeof import('node:fs') {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const fs = proc?.getBuiltinModule?.('node:fs') as typeof import('node:fs') | undefined;
  if (!fs) throw error();
  return fs;
}
