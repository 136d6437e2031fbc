// Drawing DOT with Graphviz compiled to WebAssembly (@viz-js/viz, from the npm registry): no
// system Graphviz, no download at install or run time. Loaded on first use only.

import { argTypeError, checkOptionsArg } from '../tensor/argcheck.js';

export interface RenderOpts {
  /** 'svg' (default) or another Graphviz output format @viz-js/viz supports ('dot', 'json', ...). */
  format?: string;
  /** Graphviz layout engine: 'dot' (default), 'neato', ... */
  engine?: string;
}

interface Viz {
  renderString(src: string, opts: { format: string; engine: string }): string;
}

let viz: Promise<Viz> | null = null;

/** Renders DOT source to SVG text (or another format). */
export async function render(source: string, opts: RenderOpts = {}): Promise<string> {
  if (typeof source !== 'string') throw argTypeError('render', 'source', 1, 'str', source);
  checkOptionsArg('render', 2, opts);
  for (const [key, v] of Object.entries(opts)) {
    if (key !== 'format' && key !== 'engine')
      throw new TypeError(`render() got an unexpected keyword argument '${key}'`);
    if (v !== undefined && typeof v !== 'string') throw argTypeError('render', key, 2, 'str', v);
  }
  viz ??= import('@viz-js/viz').then((m) => m.instance() as Promise<Viz>);
  return (await viz).renderString(source, { format: opts.format ?? 'svg', engine: opts.engine ?? 'dot' });
}
