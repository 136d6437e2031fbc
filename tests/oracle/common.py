"""Shared helpers for the PyTorch oracle scripts: encode tensors and write JSON fixtures.

Run any oracle script with Debian's PyTorch:  /usr/bin/python3 tests/oracle/<name>.py
(or all of them: npm run fixtures). Fixtures land in tests/fixtures/<name>.json and are committed;
the TypeScript tests replay them without Python.
"""
import json
import math
import os
import struct

import torch

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures')


def vals(shape, salt=0, dtype=torch.float64):
    """Deterministic values in [-2, 2], rounded to 4 places, of `shape` and `dtype`."""
    n = math.prod(shape)
    out = [round(-2 + 4 * (abs(math.sin(12.9898 * (i + 1) + 78.233 * (salt + 1)) * 43758.5453) % 1), 4)
           for i in range(n)]
    return torch.tensor(out, dtype=torch.float64).reshape(shape).to(dtype)


def num(v):
    """A JSON-safe number: NaN and infinities become strings."""
    if isinstance(v, bool):
        return v
    if isinstance(v, float):
        if math.isnan(v):
            return 'nan'
        if math.isinf(v):
            return 'inf' if v > 0 else '-inf'
    return v


def materialized(t):
    """t, or the zeros it stands for when it is one of PyTorch's unallocated ZeroTensors (the gradient
    sgn's backward returns, for one), whose values tolist() cannot read."""
    return torch.zeros(t.shape, dtype=t.dtype) if t._is_zerotensor() else t


def enc(t):
    """A tensor as {shape, dtype, data}: data flat, row-major."""
    if t is None:
        return None
    if isinstance(t, (list, tuple)):
        return [enc(x) for x in t]
    t = materialized(t.detach())
    flat = t.reshape(-1).tolist()
    return {
        'shape': list(t.shape),
        'dtype': str(t.dtype).replace('torch.', ''),
        'data': [num(v) for v in flat],
    }


def error_text(fn):
    """Runs fn and returns the first line of PyTorch's error message (None if it did not throw)."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - we want PyTorch's exact text, whatever the class
        return str(e).split('\n')[0]
    return None


# Tensors of at least this many elements are stored in <name>.safetensors beside <name>.json: the
# JSON keeps {shape, dtype, safetensors: key} and tests/helpers.ts loadFixture puts the data back.
BIG = 4096
ST_DTYPE = {'float64': ('F64', torch.float64), 'float32': ('F32', torch.float32), 'int64': ('I64', torch.int64),
            'int32': ('I32', torch.int32), 'bool': ('BOOL', torch.bool)}


def _unnum(v):
    if isinstance(v, str):
        return float(v)  # 'nan', 'inf', '-inf'
    return v


def _move_big(obj, path, out):
    """Replaces each encoded tensor of BIG or more elements by a reference into out (key -> tensor)."""
    if isinstance(obj, dict):
        data = obj.get('data')
        if ('shape' in obj and obj.get('dtype') in ST_DTYPE and isinstance(data, list) and len(data) >= BIG
                and 'safetensors' not in obj):
            key = '.'.join(path)
            assert key not in out, key
            out[key] = torch.tensor([_unnum(v) for v in data], dtype=ST_DTYPE[obj['dtype']][1])
            return {k: v for k, v in obj.items() if k != 'data'} | {'safetensors': key}
        return {k: _move_big(v, path + [str(k)], out) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_move_big(v, path + [str(i)], out) for i, v in enumerate(obj)]
    return obj


def write_safetensors(path, tensors):
    """The safetensors format by hand (Debian has no python3-safetensors): an 8-byte little-endian
    header length, the JSON header (space-padded so the data starts 8-byte aligned), the raw bytes."""
    header, blobs, at = {}, [], 0
    for key, t in tensors.items():
        raw = t.contiguous().numpy().tobytes()  # little-endian on every machine PyTorch runs on here
        header[key] = {'dtype': ST_DTYPE[str(t.dtype).replace('torch.', '')][0], 'shape': list(t.shape),
                       'data_offsets': [at, at + len(raw)]}
        blobs.append(raw)
        at += len(raw)
    text = json.dumps(header, separators=(',', ':')).encode()
    text += b' ' * (-(8 + len(text)) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def dump(name, obj):
    os.makedirs(FIXTURES, exist_ok=True)
    path = os.path.join(FIXTURES, name + '.json')
    big = {}
    obj = _move_big(obj, [], big)
    st_path = os.path.join(FIXTURES, name + '.safetensors')
    if big:
        write_safetensors(st_path, big)
    elif os.path.exists(st_path):
        os.remove(st_path)
    with open(path, 'w') as f:
        json.dump({'torch_version': torch.__version__, 'cases': obj}, f, indent=None, separators=(',', ':'))
        f.write('\n')
    extra = f' ({len(big)} tensors in {name}.safetensors)' if big else ''
    print(f'wrote {path}: {len(obj)} cases{extra}')
