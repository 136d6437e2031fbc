"""Oracle for torch.utils.data (src/utils/data.ts): the batches DataLoader yields over several
passes (sizes, shuffle with a seeded generator or the global seed, drop_last), what the global
random stream gives right after (so the draws the loader made are checked too), and
default_collate's batches of tensors, numbers, tuples and dicts.

    /usr/bin/python3 tests/oracle/data.py  ->  tests/fixtures/data.json
"""

import torch
from torch.utils.data import DataLoader, Dataset, TensorDataset, random_split
from torch.utils.data.dataloader import default_collate

from common import dump, enc, error_text

cases = []
for n, bs, shuffle, drop_last, gen_seed in [
    (10, 4, True, False, 0),
    (10, 4, True, True, 0),
    (12, 4, True, False, 7),
    (12, 4, True, True, 7),
    (7, 3, False, False, None),
    (7, 3, False, True, None),
    (10, 4, True, False, None),
    (12, 4, True, False, None),
    (100, 64, True, False, 3),
    (5, 10, True, False, 1),
    (5, 10, True, True, 1),
]:
    torch.manual_seed(0)
    ds = TensorDataset(torch.arange(n), torch.arange(n, dtype=torch.float32) * 0.5)
    g = None
    if gen_seed is not None:
        g = torch.Generator()
        g.manual_seed(gen_seed)
    dl = DataLoader(ds, batch_size=bs, shuffle=shuffle, drop_last=drop_last, generator=g)
    passes = [[[b[0].tolist(), enc(b[1])] for b in dl] for _ in range(3)]
    cases.append({'n': n, 'batch_size': bs, 'shuffle': shuffle, 'drop_last': drop_last, 'generator_seed': gen_seed,
                  'len': len(dl), 'passes': passes, 'global_after': enc(torch.rand(3)),
                  'generator_after': enc(torch.rand(3, generator=g)) if g is not None else None})


class Pairs(Dataset):
    def __len__(self):
        return 5

    def __getitem__(self, i):
        return {'x': torch.tensor([i, i * 2.0]), 'label': i % 3, 'w': i * 0.25, 'pair': (i, torch.tensor(i * 1.5))}


errors = {
    'empty shuffled': error_text(lambda: DataLoader(TensorDataset(torch.zeros(0)), shuffle=True)),
    'batch_size 0': error_text(lambda: DataLoader(TensorDataset(torch.zeros(3)), batch_size=0)),
    'size mismatch': error_text(lambda: TensorDataset(torch.zeros(3), torch.zeros(4))),
}

# random_split: lengths or fractions, the global stream or a seeded generator.
splits = []
for n, lengths, gen_seed in [(10, [7, 3], None), (10, [0.7, 0.3], None), (10, [0.5, 0.3, 0.2], 42), (7, [0.5, 0.5], 3),
                             (5, [2, 0, 3], 1), (20, [0.1, 0.2, 0.3, 0.4], None)]:
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(gen_seed) if gen_seed is not None else None
    parts = random_split(TensorDataset(torch.arange(n)), lengths, **({'generator': g} if g is not None else {}))
    splits.append({'n': n, 'lengths': lengths, 'generator_seed': gen_seed, 'indices': [p.indices for p in parts],
                   'global_after': enc(torch.rand(2))})
errors['random_split sum'] = error_text(lambda: random_split(TensorDataset(torch.zeros(10)), [5, 3]))
errors['random_split fraction'] = error_text(lambda: random_split(TensorDataset(torch.zeros(10)), [1.5, -0.5]))

batches = [default_collate([Pairs()[i] for i in idx]) for idx in [[0, 1, 2], [3, 4]]]
collate = [{'x': enc(b['x']), 'label': enc(b['label']), 'w': enc(b['w']), 'pair': [enc(b['pair'][0]), enc(b['pair'][1])]}
           for b in batches]
dump('data', [{'loaders': cases, 'collate': collate, 'errors': errors, 'splits': splits}])
