// Packed sequences against PyTorch 1.13 (tests/oracle/packed.py -> tests/fixtures/packed.json):
// torch.nn.utils.rnn's PackedSequence, pack_padded_sequence, pad_packed_sequence, pack_sequence,
// unpack_sequence and unpad_sequence (values, batch sizes, permutations, printing, gradients,
// PyTorch's error messages); nn.RNN / LSTM / GRU on PackedSequence inputs (packed outputs, h_n,
// c_n and the gradients of the input, the initial state and every parameter, with seeded and with
// loaded weights, dropout between layers from PyTorch's stream); and the usual pipeline
// embedding -> pack_padded_sequence -> LSTM -> pad_packed_sequence -> linear -> loss.backward().

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { assertTensor, dec, errorOf, loadFixture, type EncTensor } from './helpers.js';

const nn = torch.nn;
const { PackedSequence, pack_padded_sequence, pad_packed_sequence, pack_sequence, unpack_sequence, unpad_sequence } =
  nn.utils.rnn;
type Packed = InstanceType<typeof PackedSequence>;

type Kwarg = number | boolean | string | { dtype: 'float32' | 'float64' };

interface PackCase {
  name: string;
  input: EncTensor;
  lengths: number[];
  lengths_tensor: boolean;
  batch_first: boolean;
  enforce_sorted: boolean;
  pad: { batch_first?: boolean; padding_value?: number; total_length?: number };
  data: EncTensor;
  batch_sizes: EncTensor;
  sorted_indices: EncTensor | null;
  unsorted_indices: EncTensor | null;
  repr: string;
  padded: EncTensor;
  out_lengths: EncTensor;
  pack_grad?: EncTensor;
  roundtrip_grad?: EncTensor;
}

interface SeqCase {
  name: string;
  seqs: EncTensor[];
  enforce_sorted: boolean;
  data: EncTensor;
  batch_sizes: EncTensor;
  sorted_indices: EncTensor | null;
  unsorted_indices: EncTensor | null;
  repr: string;
  unpacked: EncTensor[];
  unpadded: EncTensor[];
  grads?: EncTensor[];
}

interface ModuleCase {
  name: string;
  ctor: 'RNN' | 'LSTM' | 'GRU';
  args: (number | boolean | string)[];
  kwargs: Record<string, Kwarg>;
  seed: number;
  train: boolean;
  lengths: number[];
  enforce_sorted: boolean;
  init: Record<string, EncTensor>;
  input: EncTensor;
  hx?: EncTensor[];
  forward_seed: number;
  outs: EncTensor[];
  padded: EncTensor;
  input_grad: EncTensor;
  hx_grads?: EncTensor[];
  param_grads: Record<string, EncTensor>;
}

interface Usage {
  tokens: EncTensor;
  lengths: EncTensor;
  targets: EncTensor;
  init: Record<string, EncTensor>;
  padded: EncTensor;
  out_lengths: EncTensor;
  h_n: EncTensor;
  c_n: EncTensor;
  loss: EncTensor;
  grads: Record<string, EncTensor>;
}

interface ErrorCase {
  name: string;
  kind: 'pack' | 'pad' | 'module' | 'invert';
  perm?: number | number[] | number[][];
  dtype?: 'float32' | 'int64';
  shape: number[];
  lengths: number[] | number[][];
  lengths_dtype?: 'int64';
  batch_first?: boolean;
  enforce_sorted?: boolean;
  total_length?: number;
  ctor?: 'RNN' | 'LSTM' | 'GRU';
  args?: number[];
  hx_shapes?: number[][];
  error: string;
}

const [fixture] = loadFixture<{
  packs: PackCase[];
  seqs: SeqCase[];
  modules: ModuleCase[];
  usage: Usage;
  prints: Record<string, string>;
  pack_only: { data: EncTensor; batch_sizes: EncTensor; repr: string };
  grad_fns: { names: Record<string, string>; 'repr pack': string; 'repr LSTM unsorted': string };
  errors: ErrorCase[];
}>('packed');

const isFloat = (e: EncTensor): boolean => e.dtype === 'float32' || e.dtype === 'float64';

function tolOf(e: EncTensor): { rtol: number; atol: number } {
  return e.dtype === 'float64' ? { rtol: 1e-10, atol: 1e-12 } : { rtol: 2e-5, atol: 2e-6 };
}

/** cases.py's grad_like: ((arange(n) % 7) - 2.5) / 2, shaped like out. */
function gradLike(out: Tensor): Tensor {
  return torch
    .arange(out.numel(), { dtype: torch.float64 })
    .remainder(7)
    .sub(2.5)
    .div(2)
    .reshape(out.shape)
    .to(out.dtype);
}

/** x.grad, read through a call (TypeScript keeps no narrowing of it across backward()). */
const gradOf = (x: Tensor): Tensor => x.grad as Tensor;

function assertPacked(
  p: Packed,
  c: Pick<PackCase, 'data' | 'batch_sizes' | 'sorted_indices' | 'unsorted_indices'>,
  label = '',
): void {
  assertTensor(p.data, c.data, { rtol: 0, atol: 0, label: `${label}data` });
  assertTensor(p.batch_sizes, c.batch_sizes, { label: `${label}batch_sizes` });
  for (const k of ['sorted_indices', 'unsorted_indices'] as const) {
    const want = c[k];
    if (want === null) assert.equal(p[k], null, `${label}${k}`);
    else assertTensor(p[k] as Tensor, want, { label: `${label}${k}` });
  }
}

// ---------------------------------------------------------------- pack_padded_sequence / pad_packed_sequence

for (const c of fixture.packs) {
  const lengthsOf = (): Tensor | number[] =>
    c.lengths_tensor ? torch.tensor(c.lengths, { dtype: torch.int64 }) : c.lengths;
  const opts = { batch_first: c.batch_first, enforce_sorted: c.enforce_sorted };

  test(`pack_padded_sequence ${c.name}: data, batch_sizes, indices, printing`, () => {
    const p = pack_padded_sequence(dec(c.input), lengthsOf(), opts);
    assertPacked(p, c);
    assert.equal(String(p), c.repr);
    const [padded, lengths] = pad_packed_sequence(p, c.pad);
    assertTensor(padded, c.padded, { rtol: 0, atol: 0, label: 'padded' });
    assertTensor(lengths, c.out_lengths, { label: 'lengths' });
  });

  if (c.pack_grad) {
    test(`pack_padded_sequence ${c.name}: gradients of the input`, () => {
      const x = dec(c.input, { requires_grad: true });
      const p = pack_padded_sequence(x, lengthsOf(), opts);
      p.data.backward(gradLike(p.data), { retain_graph: true });
      assertTensor(x.grad as Tensor, c.pack_grad as EncTensor, { rtol: 0, atol: 0, label: 'pack grad' });
      x.grad = null;
      const [padded] = pad_packed_sequence(p, c.pad);
      padded.backward(gradLike(padded));
      assertTensor(gradOf(x), c.roundtrip_grad as EncTensor, { rtol: 0, atol: 0, label: 'round trip grad' });
    });
  }
}

// ---------------------------------------------------------------- pack_sequence / unpack_sequence / unpad_sequence

for (const c of fixture.seqs) {
  test(`pack_sequence ${c.name}: packing, unpacking, unpadding, gradients`, () => {
    const xs = c.seqs.map((s) => dec(s, { requires_grad: isFloat(s) }));
    const p = pack_sequence(xs, { enforce_sorted: c.enforce_sorted });
    assertPacked(p, c);
    assert.equal(
      String(
        pack_sequence(
          c.seqs.map((s) => dec(s)),
          c.enforce_sorted,
        ),
      ),
      c.repr,
    );
    const un = unpack_sequence(p);
    assert.equal(un.length, c.unpacked.length);
    un.forEach((u, i) => assertTensor(u, c.unpacked[i], { rtol: 0, atol: 0, label: `unpacked ${i}` }));
    const [padded, lens] = pad_packed_sequence(p);
    const unpadded = unpad_sequence(padded, lens);
    unpadded.forEach((u, i) => assertTensor(u, c.unpadded[i], { rtol: 0, atol: 0, label: `unpadded ${i}` }));
    if (c.grads) {
      torch.autograd.backward(
        un,
        un.map((u) => gradLike(u)),
      );
      xs.forEach((x, i) => assertTensor(x.grad as Tensor, (c.grads as EncTensor[])[i], { label: `grad ${i}` }));
    }
  });
}

// ---------------------------------------------------------------- RNN / LSTM / GRU on packed input

type Ctor = new (...args: unknown[]) => torch.nn.Module;
type Recurrent = { forward(input: Packed, hx?: unknown): [Packed, Tensor | [Tensor, Tensor]] } & torch.nn.Module;

function construct(c: { ctor: string; args: unknown[]; kwargs: Record<string, Kwarg> }): Recurrent {
  const C = (nn as unknown as Record<string, Ctor>)[c.ctor];
  const kwargs = Object.fromEntries(
    Object.entries(c.kwargs).map(([k, v]) => [k, typeof v === 'object' ? torch[v.dtype] : v]),
  );
  return (Object.keys(kwargs).length > 0 ? new C(...c.args, kwargs) : new C(...c.args)) as Recurrent;
}

function replay(c: ModuleCase, m: Recurrent): void {
  m.train(c.train);
  const batchFirst = c.kwargs.batch_first === true;
  const x = dec(c.input, { requires_grad: true });
  const hs = (c.hx ?? []).map((h) => dec(h, { requires_grad: true }));
  const hx = c.hx === undefined ? undefined : c.ctor === 'LSTM' ? hs : hs[0];
  const packed = pack_padded_sequence(x, c.lengths, { batch_first: batchFirst, enforce_sorted: c.enforce_sorted });
  torch.manual_seed(c.forward_seed);
  const [out, state] = m.forward(packed, hx);
  assert.ok(out instanceof PackedSequence);
  assert.equal(out.batch_sizes, packed.batch_sizes);
  assert.equal(out.sorted_indices, packed.sorted_indices);
  assert.equal(out.unsorted_indices, packed.unsorted_indices);
  const outs = [out.data, ...(Array.isArray(state) ? state : [state])];
  assert.equal(outs.length, c.outs.length, 'number of outputs');
  outs.forEach((o, i) => assertTensor(o, c.outs[i], { ...tolOf(c.outs[i]), label: `output ${i}` }));
  assertTensor(pad_packed_sequence(out, { batch_first: batchFirst })[0], c.padded, {
    ...tolOf(c.padded),
    label: 'padded output',
  });
  torch.autograd.backward(
    outs,
    outs.map((o) => gradLike(o)),
  );
  assertTensor(x.grad as Tensor, c.input_grad, { ...tolOf(c.input_grad), label: 'input grad' });
  hs.forEach((h, i) => {
    const want = (c.hx_grads as EncTensor[])[i];
    assertTensor(h.grad as Tensor, want, { ...tolOf(want), label: `hx[${i}] grad` });
  });
  const params = [...m.named_parameters()];
  assert.deepEqual(
    params.map(([k]) => k),
    Object.keys(c.param_grads),
  );
  for (const [k, p] of params) {
    assertTensor(p.grad as Tensor, c.param_grads[k], { ...tolOf(c.param_grads[k]), label: `grad ${k}` });
  }
}

for (const c of fixture.modules) {
  test(`${c.name}: packed outputs and gradients (seeded init)`, () => {
    torch.manual_seed(c.seed);
    const m = construct(c);
    for (const [k, v] of m.state_dict()) assertTensor(v, c.init[k], { rtol: 0, atol: 0, label: `init ${k}` });
    replay(c, m);
  });

  test(`${c.name}: packed outputs and gradients (weights loaded from the fixture)`, () => {
    torch.manual_seed(c.seed + 1000);
    const m = construct(c);
    m.load_state_dict(Object.fromEntries(Object.entries(c.init).map(([k, v]) => [k, dec(v)])));
    replay(c, m);
  });
}

// ---------------------------------------------------------------- the usual pipeline

test('embedding -> pack_padded_sequence -> LSTM -> pad_packed_sequence -> linear -> cross_entropy -> backward', () => {
  const u = fixture.usage;
  torch.manual_seed(0);
  const emb = new nn.Embedding(10, 4, { padding_idx: 0 });
  const lstm = new nn.LSTM(4, 5, { batch_first: true });
  const lin = new nn.Linear(5, 3);
  const named: [string, Tensor][] = [
    ...[...emb.named_parameters()].map(([k, v]): [string, Tensor] => [`emb.${k}`, v]),
    ...[...lstm.named_parameters()].map(([k, v]): [string, Tensor] => [`lstm.${k}`, v]),
    ...[...lin.named_parameters()].map(([k, v]): [string, Tensor] => [`lin.${k}`, v]),
  ];
  assert.deepEqual(
    named.map(([k]) => k),
    Object.keys(u.init),
  );
  for (const [k, p] of named) assertTensor(p, u.init[k], { rtol: 0, atol: 0, label: `init ${k}` });

  const tokens = dec(u.tokens);
  const lengths = dec(u.lengths);
  const targets = dec(u.targets);
  const x = emb.forward(tokens);
  const packed = pack_padded_sequence(x, lengths, { batch_first: true, enforce_sorted: false });
  const [out, [h, c]] = lstm.forward(packed);
  const [padded, outLens] = pad_packed_sequence(out, { batch_first: true, total_length: 4 });
  const logits = lin.forward(padded);
  const mask = torch.arange(4).unsqueeze(0).lt(outLens.unsqueeze(1));
  const loss = torch.nn.functional.cross_entropy(logits.index(mask), targets.index(mask));
  loss.backward();
  assertTensor(padded, u.padded, { ...tolOf(u.padded), label: 'padded' });
  assertTensor(outLens, u.out_lengths, { label: 'lengths' });
  assertTensor(h, u.h_n, { ...tolOf(u.h_n), label: 'h_n' });
  assertTensor(c, u.c_n, { ...tolOf(u.c_n), label: 'c_n' });
  assertTensor(loss, u.loss, { ...tolOf(u.loss), label: 'loss' });
  for (const [k, p] of named) assertTensor(p.grad as Tensor, u.grads[k], { ...tolOf(u.grads[k]), label: `grad ${k}` });
});

// ---------------------------------------------------------------- printing

test('printing a PackedSequence as PyTorch prints its namedtuple', () => {
  const p = fixture.prints;
  const ints = (v: number[]): Tensor => torch.tensor(v, { dtype: torch.int64 });
  assert.equal(String(pack_sequence([ints([1, 2, 3]), ints([4, 5]), ints([6])])), p['pack_sequence int']);
  assert.equal(
    String(pack_sequence([ints([1, 2]), ints([3, 4, 5]), ints([6])], { enforce_sorted: false })),
    p['pack_sequence unsorted'],
  );
  const perm = torch.tensor([2, 0, 3, 1], { dtype: torch.int64 });
  assert.equal(String(nn.utils.rnn.invert_permutation(perm)), p.invert_permutation);
  const packs = Object.fromEntries(fixture.packs.map((c) => [c.name, c]));
  assert.equal(String(pack_padded_sequence(dec(packs.sorted.input), [4, 2, 1])), packs.sorted.repr);
});

test('grad_fn of packed and padded results, printing with grad_fn', () => {
  const g = fixture.grad_fns;
  const x = dec(fixture.packs[0].input).reshape(-1).narrow(0, 0, 12).reshape(3, 2, 2).detach().requires_grad_();
  const p = pack_padded_sequence(x, [3, 2]);
  const q = pack_padded_sequence(x, [2, 3], { enforce_sorted: false });
  const r = pack_padded_sequence(x.transpose(0, 1), [3, 2], { batch_first: true });
  torch.manual_seed(0);
  const lstm = new nn.LSTM(2, 3);
  const [out, [h]] = lstm.forward(p);
  const [outU, [, cU]] = lstm.forward(q);
  torch.manual_seed(0);
  const gru = new nn.GRU(2, 3, { bidirectional: true });
  const name = (t: Tensor): string | undefined => t.grad_fn?.name();
  const got: Record<string, string | undefined> = {
    'pack sorted': name(p.data),
    'pack unsorted': name(q.data),
    'pack batch_first': name(r.data),
    'pad sorted': name(pad_packed_sequence(p)[0]),
    'pad batch_first': name(pad_packed_sequence(p, true)[0]),
    'pad unsorted': name(pad_packed_sequence(q)[0]),
    unpack: name(unpack_sequence(q)[0]),
    'LSTM output': name(out.data),
    'LSTM h_n sorted': name(h),
    'LSTM c_n unsorted': name(cU),
    'GRU bidirectional output': name(gru.forward(q)[0].data),
  };
  assert.deepEqual(got, g.names);
  assert.equal(String(p), g['repr pack']);
  assert.equal(String(outU), g['repr LSTM unsorted']);
});

test('gradcheck and gradgradcheck (float64): packing, padding, a bidirectional GRU on packed input', () => {
  torch.manual_seed(0);
  const x = torch.randn([4, 3, 2], { dtype: torch.float64, requires_grad: true });
  const ag = torch.autograd;
  const roundTrip = (xi: Tensor): Tensor[] => {
    const p = pack_padded_sequence(xi, [2, 4, 1], { enforce_sorted: false });
    return [p.data, pad_packed_sequence(p, { batch_first: true, padding_value: 0.5, total_length: 5 })[0]];
  };
  assert.ok(ag.gradcheck(roundTrip, [x]));
  assert.ok(ag.gradgradcheck(roundTrip, [x]));
  const bf = (xi: Tensor): Tensor => pack_padded_sequence(xi, [4, 3, 1], { batch_first: true }).data;
  const xb = torch.randn([3, 4, 2], { dtype: torch.float64, requires_grad: true });
  assert.ok(ag.gradcheck(bf, [xb]));
  assert.ok(ag.gradgradcheck(bf, [xb]));
  const gru = new nn.GRU(2, 3, { num_layers: 2, bidirectional: true, dtype: torch.float64 });
  const h0 = torch.randn([4, 3, 3], { dtype: torch.float64, requires_grad: true });
  assert.ok(
    ag.gradcheck(
      (xi: Tensor, hi: Tensor) => {
        const [out, hn] = gru.forward(pack_padded_sequence(xi, [2, 4, 1], { enforce_sorted: false }), hi);
        return [out.data, hn];
      },
      [x, h0, gru.weight_hh_l1_reverse],
    ),
  );
});

test('forward-mode AD through pack_padded_sequence', () => {
  const x = torch.randn([3, 2, 2], { dtype: torch.float64 });
  const t = torch.randn([3, 2, 2], { dtype: torch.float64 });
  const [, tangent] = torch.func.jvp((xi: Tensor) => pack_padded_sequence(xi, [3, 1]).data, [x], [t]);
  assert.ok(torch.equal(tangent as Tensor, pack_padded_sequence(t, [3, 1]).data));
});

test('vmap over pack_padded_sequence (batching rule), and grad under vmap', () => {
  const f = (xi: Tensor, bf: boolean): Tensor => pack_padded_sequence(xi, [3, 1], { batch_first: bf }).data;
  for (const bf of [false, true]) {
    const x = bf ? torch.randn(5, 2, 3, 2) : torch.randn(5, 3, 2, 2);
    const r = torch.func.vmap((xi: Tensor) => f(xi, bf))(x);
    assert.deepEqual(r.shape, [5, 4, 2]);
    for (let i = 0; i < 5; i++) assert.ok(torch.equal(r.select(0, i), f(x.select(0, i), bf)));
    const g = (xi: Tensor): Tensor => f(xi, bf).pow(2).sum();
    const q = torch.func.vmap(torch.func.grad(g))(x) as Tensor;
    assert.ok(torch.allclose(q.select(0, 1), torch.func.grad(g)(x.select(0, 1)) as Tensor));
  }
});

// ---------------------------------------------------------------- errors

for (const e of fixture.errors) {
  test(`error: ${e.name}`, () => {
    const msg = errorOf(() => {
      if (e.kind === 'pack') {
        const lens = e.lengths_dtype ? torch.tensor(e.lengths, { dtype: torch.int64 }) : (e.lengths as number[]);
        pack_padded_sequence(torch.zeros(e.shape), lens, {
          batch_first: e.batch_first ?? false,
          enforce_sorted: e.enforce_sorted ?? true,
        });
      } else if (e.kind === 'invert') {
        nn.utils.rnn.invert_permutation(torch.tensor(e.perm as number[], { dtype: torch[e.dtype ?? 'int64'] }));
      } else if (e.kind === 'pad') {
        pad_packed_sequence(pack_padded_sequence(torch.zeros(e.shape), e.lengths as number[]), {
          total_length: e.total_length,
        });
      } else {
        const m = construct({ ctor: e.ctor as string, args: e.args as number[], kwargs: {} });
        const p = pack_padded_sequence(torch.zeros(e.shape), e.lengths as number[], {
          enforce_sorted: e.enforce_sorted ?? true,
        });
        const hs = (e.hx_shapes ?? []).map((s) => torch.zeros(s));
        m.forward(p, e.hx_shapes === undefined ? undefined : e.ctor === 'LSTM' ? hs : hs[0]);
      }
    });
    assert.equal(msg, e.error);
  });
}

// ---------------------------------------------------------------- the namedtuple's behaviour

test('PackedSequence: iterable as (data, batch_sizes, sorted_indices, unsorted_indices), conversions', () => {
  const x = torch.arange(6, { dtype: torch.float32 }).reshape(3, 2);
  const p = pack_padded_sequence(x, torch.tensor([1, 3], { dtype: torch.int64 }), { enforce_sorted: false });
  const [data, batch_sizes, sorted_indices, unsorted_indices] = p;
  assert.equal(data, p.data);
  assert.equal(batch_sizes, p.batch_sizes);
  assert.equal(sorted_indices, p.sorted_indices);
  assert.equal(unsorted_indices, p.unsorted_indices);
  assert.equal(p.length, 4);
  assert.equal(p.batch_sizes.dtype, torch.int64);
  assert.equal(p.is_cuda, false);
  assert.equal(p.is_pinned(), false);
  assert.equal(p.to(torch.float32), p);
  assert.equal(p.float(), p);
  assert.equal(p.cpu(), p);
  const d = p.double();
  assert.equal(d.data.dtype, torch.float64);
  assert.equal(d.batch_sizes, p.batch_sizes);
  assert.equal(d.sorted_indices, p.sorted_indices);
  assert.deepEqual(p.long().data.tolist(), [1, 0, 3, 5]);
  assert.equal(p.int().data.dtype, torch.int32);
  // Built by hand: unsorted_indices defaults to the inverse of sorted_indices.
  const q = new PackedSequence(p.data, p.batch_sizes, torch.tensor([2, 0, 1], { dtype: torch.int64 }));
  assert.deepEqual(q.unsorted_indices?.tolist(), [1, 2, 0]);
  const r = new PackedSequence([p.data, p.batch_sizes]);
  assert.equal(r.batch_sizes, p.batch_sizes);
  assert.equal(r.sorted_indices, null);
  assert.equal(nn.utils.rnn.invert_permutation(null), null);
});

test('pad_sequence, unpad_sequence: round trip, unpad_sequence leaves its input as it was', () => {
  const seqs = [torch.ones(3, 2), torch.ones(1, 2).mul(2), torch.ones(2, 2).mul(3)];
  const padded = nn.utils.rnn.pad_sequence(seqs);
  const back = unpad_sequence(padded, torch.tensor([3, 1, 2], { dtype: torch.int64 }));
  assert.deepEqual(padded.shape, [3, 3, 2]);
  back.forEach((b, i) => assert.ok(torch.equal(b, seqs[i])));
  const bf = unpad_sequence(nn.utils.rnn.pad_sequence(seqs, { batch_first: true }), [3, 1, 2], { batch_first: true });
  bf.forEach((b, i) => assert.ok(torch.equal(b, seqs[i])));
});

test('pack_padded_sequence with lengths beyond the input: batch sizes for every step, as ATen', () => {
  const p = pack_padded_sequence(torch.arange(6, { dtype: torch.float32 }).reshape(3, 2), [5, 2]);
  assertTensor(p.data, fixture.pack_only.data, { label: 'data' });
  assertTensor(p.batch_sizes, fixture.pack_only.batch_sizes, { label: 'batch_sizes' });
  assert.equal(String(p), fixture.pack_only.repr);
});

test('hand-made PackedSequences whose batch_sizes do not describe data are refused', () => {
  const i64 = (v: number[]): Tensor => torch.tensor(v, { dtype: torch.int64 });
  const lstm = new nn.LSTM(3, 4);
  for (const bs of [[], [1, 3], [2, 0, 2], [2, 2, 2]]) {
    const p = new PackedSequence(torch.randn(4, 3), i64(bs));
    assert.match(
      errorOf(() => pad_packed_sequence(p)),
      /batch_sizes|out of bounds/,
    );
    assert.match(
      errorOf(() => lstm.forward(p)),
      /batch_sizes|out of bounds/,
    );
  }
  assert.match(
    errorOf(() => pad_packed_sequence(new PackedSequence(torch.randn(4, 3), torch.tensor([2, 2])))),
    /int64/,
  );
  assert.match(
    errorOf(() => pack_padded_sequence(torch.zeros(3, 2), [1e15, 2])),
    /allocate/,
  );
});

test('packed input: bad arguments are reported, never internal errors', () => {
  const x = torch.zeros(3, 2, 2);
  assert.match(
    errorOf(() => pack_padded_sequence(x, 'ab' as never)),
    /lengths/,
  );
  assert.match(
    errorOf(() => pad_packed_sequence(x as never)),
    /PackedSequence/,
  );
  assert.match(
    errorOf(() => unpack_sequence([] as never)),
    /PackedSequence/,
  );
  assert.match(
    errorOf(() => pack_sequence(x as never)),
    /sequences/,
  );
  assert.match(
    errorOf(() => pack_sequence([x, 1] as never)),
    /sequences/,
  );
  assert.match(
    errorOf(() => unpad_sequence(x, 'x' as never)),
    /lengths/,
  );
  assert.match(
    errorOf(() => new PackedSequence(x, [1] as never)),
    /batch_sizes/,
  );
});
