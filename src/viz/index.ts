// torch.viz: pictures of backward graphs (torchviz's make_dot), drawn without system Graphviz.

export { make_dot, Digraph } from './dot.js';
export type { MakeDotOpts, ParamsArg } from './dot.js';
export { render } from './render.js';
export type { RenderOpts } from './render.js';
