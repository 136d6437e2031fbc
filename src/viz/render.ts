// Drawing DOT with Graphviz compiled to WebAssembly (@viz-js/viz, from the npm registry): no
// system Graphviz, no download at install or run time. Loaded on first use only.

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
  viz ??= import('@viz-js/viz').then((m) => m.instance() as Promise<Viz>);
  return (await viz).renderString(source, { format: opts.format ?? 'svg', engine: opts.engine ?? 'dot' });
}
