// torch.viz.make_dot against torchviz's make_dot run through Python's graphviz package (fixtures
// from tests/oracle/viz.py): the same DOT source, statement for statement, once node ids are
// numbered by first appearance; and rendering to SVG with the WebAssembly Graphviz.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { loadFixture } from './helpers.js';

const { nn } = torch;
const cases = new Map(loadFixture<{ name: string; dot: string }>('viz').map((c) => [c.name, c.dot]));

/** Numbers each id by first appearance, as the oracle does with Python's id() values. */
function canonical(source: string): string {
  const mapping = new Map<string, string>();
  return source.replace(/(\t|-> )(\d+)/g, (_, lead: string, id: string) => {
    if (!mapping.has(id)) mapping.set(id, String(mapping.size + 1));
    return lead + mapping.get(id);
  });
}

function mlpLoss(): { loss: Tensor; mlp: torch.nn.Module } {
  torch.manual_seed(0);
  const mlp = new nn.Sequential(new nn.Linear(4, 3), new nn.ReLU(), new nn.Linear(3, 2));
  const x = torch.randn(5, 4);
  const loss = nn.functional.cross_entropy(mlp.forward(x) as Tensor, torch.tensor([0n, 1n, 1n, 0n, 1n]));
  return { loss, mlp };
}

test('make_dot of an MLP training step, parameters named', () => {
  const { loss, mlp } = mlpLoss();
  const dot = torch.viz.make_dot(loss, { params: new Map(mlp.named_parameters()) });
  assert.equal(canonical(dot.source), cases.get('mlp step'));
  assert.equal(String(dot), dot.source);
});

test('make_dot without parameter names', () => {
  assert.equal(canonical(torch.viz.make_dot(mlpLoss().loss).source), cases.get('mlp step without names'));
});

test('make_dot: a leaf used twice and a view as the output', () => {
  const a = torch.randn(2, 3, { requires_grad: true });
  const z = a.exp().add(a.sin().mul(2)).t();
  assert.equal(canonical(torch.viz.make_dot(z, { params: { a } }).source), cases.get('leaf used twice, view output'));
});

test('make_dot of two outputs', () => {
  const a = torch.randn(2, 3, { requires_grad: true });
  const dot = torch.viz.make_dot([a.sum(), a.mul(3).mean()], { params: [['a', a]] });
  assert.equal(canonical(dot.source), cases.get('two outputs'));
});

test('make_dot of a long chain sizes the graph as torchviz does (and never recurses)', () => {
  const a = torch.randn(2, 3, { requires_grad: true });
  let big = a;
  for (let i = 0; i < 60; i++) big = big.mul(1.5);
  assert.equal(canonical(torch.viz.make_dot(big.sum()).source), cases.get('long chain (graph size grows)'));
  let deep = a;
  for (let i = 0; i < 20000; i++) deep = deep.mul(1.0001);
  assert.ok(torch.viz.make_dot(deep.sum()).source.length > 20000 * 10);
});

test('render to SVG with WebAssembly Graphviz', async () => {
  const svg = await torch.viz.make_dot(mlpLoss().loss).pipe();
  assert.match(svg, /^<\?xml/);
  assert.match(svg, /<svg /);
  assert.match(svg, /NllLossBackward0/);
  assert.match(svg, /AddmmBackward0/);
});
