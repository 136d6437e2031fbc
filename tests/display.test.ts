// Rich display for Deno's Jupyter kernel (src/viz/display.ts) as seen from Node: the display
// methods exist and return what the objects print, pictures come as SVG, and nothing else changes
// (arrays get their display method only inside the kernel). The notebooks themselves are executed
// in Deno and compared with PyTorch in tests/notebooks.test.ts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';

const DISPLAY = Symbol.for('Jupyter.display');
type Displayable = { [DISPLAY]: () => Record<string, string> | Promise<Record<string, string>> };
const display = (v: unknown) => (v as Displayable)[DISPLAY]();

test('a tensor, a grad_fn node and a module display as they print', () => {
  const x = torch.ones(2, 2, { requires_grad: true });
  const y = x.sum();
  assert.deepEqual(display(x), { 'text/plain': String(x) });
  assert.deepEqual(display(y), { 'text/plain': String(y) });
  assert.deepEqual(display(y.grad_fn), { 'text/plain': '<SumBackward0>' });
  const model = new torch.nn.Sequential(new torch.nn.Linear(2, 3), new torch.nn.ReLU());
  assert.deepEqual(display(model), { 'text/plain': String(model) });
  // Not enumerable: nothing shows in keys, spreads or JSON.
  assert.ok(!Object.keys(x).some((k) => k.includes('Jupyter')));
  assert.equal(Object.getOwnPropertyDescriptor(torch.Tensor.prototype, DISPLAY)?.enumerable, false);
});

test('make_dot and curves display as SVG pictures', async () => {
  const w = torch.ones(3, { requires_grad: true });
  const dot = torch.viz.make_dot(w.mul(2).sum(), { params: { w } });
  const shown = await display(dot);
  assert.deepEqual(Object.keys(shown), ['image/svg+xml']);
  // The <svg> element alone, as IPython's SVG display gives it (no XML declaration or doctype).
  assert.match(shown['image/svg+xml'], /^<svg[\s\S]*SumBackward0[\s\S]*<\/svg>\n*$/);

  const fig = torch.viz.curves([2, 1.5, 1.2], { accuracy: [0.5, 0.7, 0.8], title: 'MLP' });
  assert.match(fig.svg, /^<\?xml[\s\S]*MLP: training loss[\s\S]*test accuracy[\s\S]*<\/svg>\n$/);
  assert.deepEqual(display(fig), { 'image/svg+xml': fig.svg.slice(fig.svg.indexOf('<svg')) });
  assert.equal(String(fig), '<Figure 720x240>');
  assert.equal(String(torch.viz.curves([1, 0.5])), '<Figure 360x240>');
  assert.throws(() => torch.viz.curves([]), /RangeError: curves\(\): the loss series is empty/);
  assert.throws(() => torch.viz.curves([1, 'a' as unknown as number]), /TypeError: curves\(\): loss must be an array/);
});

test('outside Deno Jupyter, arrays are left alone', () => {
  assert.equal(Object.prototype.hasOwnProperty.call(Array.prototype, DISPLAY), false);
  assert.equal(DISPLAY in [], false);
});

test('pyRepr and pyPretty: arrays as Python tuples, null as None, booleans as True/False', () => {
  const x = torch.zeros(2);
  assert.equal(torch.viz.pyRepr([true, false, null]), '(True, False, None)');
  assert.equal(torch.viz.pyRepr([x]), `(${String(x)},)`);
  assert.equal(torch.viz.pyRepr(x.shape), 'torch.Size([2])');
  assert.equal(torch.viz.pyRepr("it's"), `"it's"`);
  // A tuple that does not fit in 79 columns breaks after each item, indented by one.
  const long = [torch.zeros(2, 2), torch.ones(2, 2)];
  assert.equal(
    torch.viz.pyPretty(long),
    `(${String(long[0]).split('\n').join('\n ')},\n ${String(long[1]).split('\n').join('\n ')})`,
  );
});
