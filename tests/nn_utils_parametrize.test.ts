// torch.nn.utils.parameters_to_vector / vector_to_parameters and torch.nn.utils.parametrize against
// PyTorch 1.13 (tests/oracle/nn_utils_parametrize.py -> tests/fixtures/nn_utils_parametrize.json).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { assertTensor, dec, errorOf, loadFixture, type EncTensor } from './helpers.js';

const { nn } = torch;
const P = nn.utils.parametrize;

interface Snapshot {
  repr: string;
  params: string[];
  buffers: string[];
  state: string[];
  weight: EncTensor;
  out: EncTensor;
  grads: Record<string, EncTensor>;
  is_parametrized: boolean;
  weight_parametrized: boolean;
}

interface Case {
  name: string;
  chain: string[];
  assign: string | null;
  leave: boolean;
  x: EncTensor;
  register: Snapshot;
  originals: Record<string, EncTensor>;
  assigned?: Snapshot;
  assigned_originals?: Record<string, EncTensor>;
  leave_false_error?: string;
  removed: Snapshot;
}

interface Fixture {
  convert: { vec: EncTensor; after: EncTensor[]; out: EncTensor; bad_vec: string; bad_vec_int: string };
  cases: Case[];
  buffer: {
    repr: string;
    params: string[];
    buffers: string[];
    state: string[];
    running_var: EncTensor;
    out: EncTensor;
    after_one: { repr: string; buffers: string[]; state: string[]; running_var: EncTensor };
    after_both: { repr: string; state: string[]; weight: EncTensor };
  };
  cached: { uncached: number; cached: number; same: boolean };
  unsafe: { shape: number[]; weight: EncTensor };
  errors: Record<string, string>;
  errors_full: Record<string, string>;
}

const [fx] = loadFixture<Fixture>('nn_utils_parametrize');

/** Python's type names in a message, as tensorgrad words them (JavaScript's). */
function jsNames(msg: string): string {
  return msg.replace(/: list$/, ': Array').replace(/: int$/, ': number');
}

test('parameters_to_vector / vector_to_parameters', () => {
  torch.manual_seed(0);
  const m = new nn.Sequential(new nn.Linear(3, 2), new nn.ReLU(), new nn.Linear(2, 1));
  const before = [...m.parameters()];
  const v = nn.utils.parameters_to_vector(m.parameters());
  assertTensor(v, fx.convert.vec, { rtol: 0, atol: 0 });
  const fresh = torch.arange(v.numel(), { dtype: torch.float32 }).div(10).sub(0.5);
  nn.utils.vector_to_parameters(fresh, m.parameters());
  [...m.parameters()].forEach((p, i) => {
    assert.equal(p, before[i], 'parameters keep their identity');
    assertTensor(p, fx.convert.after[i], { rtol: 0, atol: 0 });
  });
  assertTensor(m.forward(torch.tensor([[1, -2, 0.5]])), fx.convert.out);
  assert.equal(
    errorOf(() => nn.utils.vector_to_parameters([1, 2] as never, m.parameters())),
    jsNames(fx.convert.bad_vec),
  );
  assert.equal(
    errorOf(() => nn.utils.vector_to_parameters(3 as never, m.parameters())),
    jsNames(fx.convert.bad_vec_int),
  );
});

// ---------------------------------------------------------------- the oracle's parametrizations

class Symmetric extends nn.Module {
  forward(X: Tensor): Tensor {
    return X.triu().add(X.triu(1).transpose(-1, -2));
  }
}

class Skew extends nn.Module {
  forward(X: Tensor): Tensor {
    const A = X.triu(1);
    return A.sub(A.transpose(-1, -2));
  }
}

class Exp extends nn.Module {
  forward(X: Tensor): Tensor {
    return X.exp();
  }
  right_inverse(Y: Tensor): Tensor {
    return Y.log();
  }
}

class Double extends nn.Module {
  forward(X: Tensor): Tensor {
    return X.mul(2);
  }
  right_inverse(Y: Tensor): Tensor {
    return Y.div(2);
  }
}

class SymmetricInv extends Symmetric {
  right_inverse(A: Tensor): Tensor {
    return A.triu();
  }
}

class Sum2 extends nn.Module {
  forward(A: Tensor, B: Tensor): Tensor {
    return A.add(B);
  }
  right_inverse(X: Tensor): Tensor[] {
    return [X.div(2), X.div(2)];
  }
}

class Flatten extends nn.Module {
  forward(X: Tensor): Tensor {
    return X.flatten();
  }
}

class ToDouble extends nn.Module {
  forward(X: Tensor): Tensor {
    return X.double();
  }
}

const PARAMS: Record<string, new () => torch.nn.Module> = { Symmetric, Skew, Exp, Double, SymmetricInv, Sum2 };

function checkSnapshot(m: InstanceType<typeof nn.Linear>, x: Tensor, want: Snapshot, label: string): void {
  assert.equal(String(m), want.repr, `${label}: repr`);
  assert.deepEqual(
    [...m.named_parameters()].map(([k]) => k),
    want.params,
    `${label}: named_parameters`,
  );
  assert.deepEqual(
    [...m.named_buffers()].map(([k]) => k),
    want.buffers,
    `${label}: named_buffers`,
  );
  assert.deepEqual([...m.state_dict().keys()], want.state, `${label}: state_dict keys`);
  assertTensor(m.weight, want.weight, { label: `${label}: weight` });
  const y = m.forward(x);
  assertTensor(y, want.out, { label: `${label}: out` });
  m.zero_grad();
  y.pow(2).sum().backward();
  for (const [k, p] of m.named_parameters()) {
    assertTensor(p.grad as Tensor, want.grads[k], { rtol: 1e-5, atol: 1e-6, label: `${label}: grad of ${k}` });
  }
  assert.equal(P.is_parametrized(m), want.is_parametrized);
  assert.equal(P.is_parametrized(m, 'weight'), want.weight_parametrized);
}

for (const c of fx.cases) {
  test(`parametrize: ${c.name}`, () => {
    torch.manual_seed(0);
    const m = new nn.Linear(3, 3);
    const x = dec(c.x);
    if (c.name.startsWith('Exp')) torch.no_grad(() => m.weight.abs_());
    const original = m.weight;
    for (const name of c.chain) P.register_parametrization(m, 'weight', new PARAMS[name]());
    checkSnapshot(m, x, c.register, 'registered');
    const originals = (p: Record<string, EncTensor>): void => {
      const list = (m as unknown as torch.nn.utils.parametrize.Parametrized).parametrizations.weight;
      for (const [k, t] of list.named_parameters()) assertTensor(t, p[k], { label: k });
    };
    originals(c.originals);
    if (c.chain.length === 1 && c.chain[0] !== 'Sum2') {
      const list = (m as unknown as torch.nn.utils.parametrize.Parametrized).parametrizations.weight;
      assert.equal(list.original, original, 'the original parameter is kept, not copied');
    }
    if (c.assigned !== undefined) {
      m.weight = torch.tensor([
        [1, 2, 3],
        [2, 0.5, 0.25],
        [3, 0.25, 4],
      ]) as never;
      checkSnapshot(m, x, c.assigned, 'assigned');
      originals(c.assigned_originals as Record<string, EncTensor>);
    }
    if (c.leave_false_error !== undefined) {
      assert.equal(
        errorOf(() => P.remove_parametrizations(m, 'weight', false)),
        c.leave_false_error,
      );
    }
    P.remove_parametrizations(m, 'weight', c.leave);
    assert.equal(m.constructor, nn.Linear);
    assert.ok(m instanceof nn.Linear);
    checkSnapshot(m, x, c.removed, 'removed');
  });
}

test('parametrize: a buffer, two tensors on one module, the class restored when both are removed', () => {
  const b = fx.buffer;
  torch.manual_seed(0);
  const m = new nn.BatchNorm1d(3);
  m.eval();
  P.register_parametrization(m, 'running_var', new Exp());
  P.register_parametrization(m, 'weight', new Double());
  assert.equal(String(m), b.repr);
  assert.deepEqual(
    [...m.named_parameters()].map(([k]) => k),
    b.params,
  );
  assert.deepEqual(
    [...m.named_buffers()].map(([k]) => k),
    b.buffers,
  );
  assert.deepEqual([...m.state_dict().keys()], b.state);
  assertTensor(m.running_var as Tensor, b.running_var);
  assertTensor(
    m.forward(
      torch.tensor([
        [0.5, -1, 2],
        [1.5, 0.25, -0.75],
      ]),
    ),
    b.out,
  );
  P.remove_parametrizations(m, 'running_var');
  assert.equal(String(m), b.after_one.repr);
  assert.deepEqual(
    [...m.named_buffers()].map(([k]) => k),
    b.after_one.buffers,
  );
  assert.deepEqual([...m.state_dict().keys()], b.after_one.state);
  assertTensor(m.running_var as Tensor, b.after_one.running_var);
  assert.equal(P.type_before_parametrizations(m), nn.BatchNorm1d);
  P.remove_parametrizations(m, 'weight');
  assert.equal(String(m), b.after_both.repr);
  assert.deepEqual([...m.state_dict().keys()], b.after_both.state);
  assertTensor(m.weight as Tensor, b.after_both.weight);
  assert.equal(P.type_before_parametrizations(m), nn.BatchNorm1d);
});

test('parametrize.cached: one evaluation per tensor inside the block', () => {
  let n = 0;
  class Counting extends nn.Module {
    forward(X: Tensor): Tensor {
      n++;
      return X.mul(3);
    }
  }
  torch.manual_seed(0);
  const m = new nn.Linear(2, 2);
  P.register_parametrization(m, 'weight', new Counting());
  n = 0;
  void m.weight;
  void m.weight;
  assert.equal(n, fx.cached.uncached);
  n = 0;
  const same = P.cached(() => m.weight === m.weight);
  assert.equal(n, fx.cached.cached);
  assert.equal(same, fx.cached.same);
  n = 0;
  void m.weight;
  assert.equal(n, 1, 'the cache is dropped when the block ends');
});

test('parametrize: unsafe, errors', () => {
  const lin = (): InstanceType<typeof nn.Linear> => {
    torch.manual_seed(0);
    return new nn.Linear(3, 3);
  };
  const um = P.register_parametrization(lin(), 'weight', new Flatten(), { unsafe: true });
  assert.deepEqual([...um.weight.shape], fx.unsafe.shape);
  assertTensor(um.weight, fx.unsafe.weight);
  const e = fx.errors;
  assert.equal(
    errorOf(() => P.register_parametrization(lin(), 'foo', new Symmetric())),
    e['no such tensor'],
  );
  assert.equal(
    errorOf(() => P.register_parametrization(lin(), 'weight', new Flatten())),
    e.shape,
  );
  assert.equal(
    errorOf(() => P.register_parametrization(lin(), 'weight', new ToDouble())),
    e.dtype,
  );
  const full = (fn: () => unknown): string => {
    try {
      fn();
    } catch (err) {
      return (err as Error).message;
    }
    return assert.fail('expected an error');
  };
  assert.equal(
    full(() => P.register_parametrization(lin(), 'weight', new Flatten())),
    fx.errors_full.shape,
  );
  assert.equal(
    full(() => P.register_parametrization(lin(), 'weight', new ToDouble())),
    fx.errors_full.dtype,
  );
  const twice = (p: torch.nn.Module) => (): void => {
    const m = P.register_parametrization(lin(), 'weight', new Symmetric());
    P.register_parametrization(m, 'weight', p);
  };
  assert.equal(errorOf(twice(new Flatten())), e['shape on second']);
  assert.equal(errorOf(twice(new ToDouble())), e['dtype on second']);
  assert.equal(
    errorOf(() => {
      const m = P.register_parametrization(lin(), 'weight', new Symmetric());
      m.weight = torch.zeros(3, 3) as never;
    }),
    e['assign without right_inverse'],
  );
  assert.equal(
    errorOf(() => P.remove_parametrizations(lin(), 'weight')),
    e['remove not parametrized'],
  );
  assert.equal(
    errorOf(() => new P.ParametrizationList([], torch.zeros(2))),
    e['empty list'],
  );
});
