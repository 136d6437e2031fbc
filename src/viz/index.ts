// torch.viz: pictures of backward graphs (torchviz's make_dot), drawn without system Graphviz,
// training curves, and rich display of tensorgrad's objects in Deno Jupyter notebooks.

import './display.js';

export { make_dot, Digraph } from './dot.js';
export type { MakeDotOpts, ParamsArg } from './dot.js';
export { render } from './render.js';
export type { RenderOpts } from './render.js';
export { curves, Figure } from './plot.js';
export type { CurvesOpts } from './plot.js';
export { pyRepr, pyPretty } from './display.js';
