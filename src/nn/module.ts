// nn.Module: the base of every layer. Parameters and submodules are found by walking the
// module's own properties, in insertion order, as PyTorch's __setattr__ registration records them.

import type { Tensor } from '../tensor/tensor.js';

export abstract class Module {
  training = true;

  abstract forward(...inputs: Tensor[]): Tensor;

  /** [name, submodule] pairs of direct children, in definition order. */
  *named_children(): IterableIterator<[string, Module]> {
    for (const [k, v] of Object.entries(this)) if (v instanceof Module) yield [k, v];
  }

  *children(): IterableIterator<Module> {
    for (const [, m] of this.named_children()) yield m;
  }

  *named_modules(prefix = ''): IterableIterator<[string, Module]> {
    yield [prefix, this];
    for (const [k, m] of this.named_children()) yield* m.named_modules(prefix ? `${prefix}.${k}` : k);
  }

  *modules(): IterableIterator<Module> {
    for (const [, m] of this.named_modules()) yield m;
  }

  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** The module's repr line for its own arguments (PyTorch's extra_repr). */
  extra_repr(): string {
    return '';
  }

  toString(): string {
    const children = [...this.named_children()];
    const name = this.constructor.name;
    if (children.length === 0) return `${name}(${this.extra_repr()})`;
    const lines = children.map(([k, m]) => `  (${k}): ${String(m).split('\n').join('\n  ')}`);
    return `${name}(\n${lines.join('\n')}\n)`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
