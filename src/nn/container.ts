// Containers: Sequential, ModuleList, ModuleDict.

import { Module } from './module.js';
import { jsTypeName } from '../tensor/argcheck.js';
import type { Tensor } from '../tensor/tensor.js';

/** Runs its modules in order, each on the previous one's output. */
export class Sequential extends Module {
  constructor(...modules: Module[]) {
    super();
    modules.forEach((m, i) => this.register_module(String(i), m));
  }

  get length(): number {
    return [...this.children()].length;
  }

  at(index: number): Module {
    const kids = [...this.children()];
    const i = index < 0 ? index + kids.length : index;
    if (i < 0 || i >= kids.length) throw new RangeError(`index ${index} is out of range`);
    return kids[i];
  }

  append(m: Module): this {
    this.register_module(String(this.length), m);
    return this;
  }

  [Symbol.iterator](): Iterator<Module> {
    return this.children();
  }

  /** Each module in turn; typed Tensor -> Tensor, the common case (a module may pass on anything). */
  forward(input: Tensor): Tensor;
  forward(input: unknown): unknown;
  forward(input: unknown): unknown {
    let x = input;
    for (const m of this.children()) x = m.forward(x);
    return x;
  }
}

/** Holds submodules in a list; it has no forward of its own. */
export class ModuleList extends Module {
  constructor(modules: Iterable<Module> = []) {
    super();
    this.extend(modules);
  }

  get length(): number {
    return [...this.children()].length;
  }

  at(index: number): Module {
    const kids = [...this.children()];
    const i = index < 0 ? index + kids.length : index;
    if (i < 0 || i >= kids.length) throw new RangeError(`index ${index} is out of range`);
    return kids[i];
  }

  append(m: Module): this {
    this.register_module(String(this.length), m);
    return this;
  }

  extend(modules: Iterable<Module>): this {
    if (modules === null || typeof (modules as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
      throw new TypeError(`'${jsTypeName(modules)}' object is not iterable`);
    }
    for (const m of modules) this.append(m);
    return this;
  }

  [Symbol.iterator](): Iterator<Module> {
    return this.children();
  }

  forward(): never {
    throw new Error('ModuleList has no forward(); iterate over it instead');
  }
}

/** Holds submodules by name. */
export class ModuleDict extends Module {
  constructor(modules: Record<string, Module> | Iterable<[string, Module]> = {}) {
    super();
    const iterable = modules !== null && Symbol.iterator in Object(modules) && typeof modules !== 'string';
    if (!iterable && (modules === null || typeof modules !== 'object')) {
      throw new TypeError(
        `ModuleDict.update should be called with an iterable of key/value pairs, but got ${jsTypeName(modules)}`,
      );
    }
    const entries = iterable ? (modules as Iterable<[string, Module]>) : Object.entries(modules);
    let i = 0;
    for (const pair of entries) {
      if (!Array.isArray(pair) || pair.length !== 2) {
        throw new TypeError(`ModuleDict update sequence element #${i} should be Iterable; is ${jsTypeName(pair)}`);
      }
      this.register_module(pair[0] as string, pair[1] as Module);
      i++;
    }
  }

  get(key: string): Module | undefined {
    for (const [k, m] of this.named_children()) if (k === key) return m;
    return undefined;
  }

  set(key: string, m: Module): void {
    this.register_module(key, m);
  }

  keys(): string[] {
    return [...this.named_children()].map(([k]) => k);
  }

  values(): Module[] {
    return [...this.children()];
  }

  items(): [string, Module][] {
    return [...this.named_children()];
  }

  forward(): never {
    throw new Error('ModuleDict has no forward(); look modules up by key instead');
  }
}
