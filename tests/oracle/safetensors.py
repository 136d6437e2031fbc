"""Oracle for safetensors (src/io/safetensors.ts), in both directions, with the format parsed by
hand (Debian has no python3-safetensors): numpy reads the bytes.

    /usr/bin/python3 tests/oracle/safetensors.py  ->  tests/fixtures/safetensors.json
                                                  ->  tests/fixtures/safetensors/py_*.safetensors
                                                  ->  tests/fixtures/safetensors/bad_*.safetensors

1. tensorgrad writes ts_*.safetensors (tests/oracle/safetensors_write.ts, run from here); this
   script checks each file against the format (header length, JSON, 8-byte aligned data start,
   space padding, offsets tiling the buffer) and records the tensors numpy decodes.
2. This script writes py_*.safetensors by hand (every dtype, metadata, 0-d and empty tensors) and
   records the values tensorgrad must load.
3. It writes a corpus of malformed files (bad_*.safetensors) that tensorgrad must refuse.
"""
import json
import math
import os
import struct
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
import numpy as np
import torch

from common import FIXTURES, dump, enc

DIR = os.path.join(FIXTURES, 'safetensors')
ROOT = os.path.join(HERE, '..', '..')
NP = {'F64': '<f8', 'F32': '<f4', 'F16': '<f2', 'I64': '<i8', 'I32': '<i4', 'I16': '<i2', 'I8': 'i1', 'U8': 'u1',
      'BOOL': '?'}
SIZE = {'F64': 8, 'F32': 4, 'F16': 2, 'BF16': 2, 'I64': 8, 'I32': 4, 'I16': 2, 'I8': 1, 'U8': 1, 'BOOL': 1}


def read_checked(path):
    """Parses a safetensors file, asserting the format's rules; returns tensors and metadata."""
    data = open(path, 'rb').read()
    (n,) = struct.unpack('<Q', data[:8])
    assert 8 + n <= len(data), 'header past the end'
    assert (8 + n) % 8 == 0, 'byte buffer not 8-byte aligned'
    raw = data[8:8 + n]
    text = raw.decode('utf-8')
    assert text == text.rstrip(' ') + ' ' * (len(text) - len(text.rstrip(' '))), 'padding must be spaces'
    header = json.loads(text)
    buf = data[8 + n:]
    meta = header.pop('__metadata__', None)
    spans = sorted((v['data_offsets'][0], v['data_offsets'][1]) for v in header.values())
    at = 0
    for b, e in spans:
        assert b == at, 'hole or overlap'
        at = e
    assert at == len(buf), 'trailing bytes'
    out = {}
    for name, info in header.items():
        b, e = info['data_offsets']
        dt = info['dtype']
        assert e - b == SIZE[dt] * math.prod(info['shape']), f'{name}: size'
        arr = np.frombuffer(buf[b:e], dtype=NP[dt]).reshape(info['shape'])
        out[name] = torch.from_numpy(arr.copy())
    return out, meta, list(header.keys())


subprocess.run(['npx', 'tsx', os.path.join(HERE, 'safetensors_write.ts')], check=True, cwd=ROOT)
ts_files = {}
for name in ['ts_dtypes', 'ts_model']:
    tensors, meta, keys = read_checked(os.path.join(DIR, name + '.safetensors'))
    ts_files[name] = {'keys': keys, 'metadata': meta, 'tensors': {k: enc(v) for k, v in tensors.items()}}


def write(path, tensors, metadata=None, order=None):
    """A safetensors file by hand: tensors is a list of (name, dtype, shape, bytes)."""
    header = {}
    if metadata is not None:
        header['__metadata__'] = metadata
    blobs = []
    at = 0
    for name, dt, shape, raw in tensors:
        header[name] = {'dtype': dt, 'shape': shape, 'data_offsets': [at, at + len(raw)]}
        blobs.append(raw)
        at += len(raw)
    text = json.dumps(header, separators=(',', ':')).encode()
    text += b' ' * ((8 - (8 + len(text)) % 8) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)) + text + b''.join(blobs))


def bf16(t):
    return t.to(torch.bfloat16).view(torch.int16).numpy().astype('<i2').tobytes()


f32 = torch.tensor([[1.5, -2.25, 3.0e-8], [1.0e30, -0.0, float('inf')]])
f16 = torch.tensor([0.5, -65504.0, 6.1e-5, 1.0e-7, float('-inf')], dtype=torch.float16)
bf = torch.tensor([1.0, -3.140625, 1.0e38, 2.0e-39])
py_tensors = [
    ('weight', 'F32', [2, 3], f32.numpy().astype('<f4').tobytes()),
    ('double', 'F64', [2], np.array([math.pi, -1e-300], dtype='<f8').tobytes()),
    ('half', 'F16', [5], f16.numpy().astype('<f2').tobytes()),
    ('brain', 'BF16', [4], bf16(bf)),
    ('long', 'I64', [3], np.array([2 ** 40 + 1, -7, 0], dtype='<i8').tobytes()),
    ('int', 'I32', [2], np.array([-5, 2 ** 31 - 1], dtype='<i4').tobytes()),
    ('short', 'I16', [2], np.array([-32768, 12], dtype='<i2').tobytes()),
    ('byte', 'I8', [3], np.array([-128, 0, 127], dtype='i1').tobytes()),
    ('ubyte', 'U8', [2, 2], np.array([0, 1, 200, 255], dtype='u1').tobytes()),
    ('mask', 'BOOL', [3], np.array([True, False, True]).tobytes()),
    ('scalar', 'F32', [], np.array(2.5, dtype='<f4').tobytes()),
    ('empty', 'F32', [0, 4], b''),
]
write(os.path.join(DIR, 'py_all.safetensors'), py_tensors, {'framework': 'pt', 'note': 'é ✓'})
expected = {
    'weight': enc(f32), 'double': enc(torch.tensor([math.pi, -1e-300], dtype=torch.float64)),
    'half': enc(f16.float()), 'brain': enc(bf.to(torch.bfloat16).float()),
    'long': enc(torch.tensor([2 ** 40 + 1, -7, 0])), 'int': enc(torch.tensor([-5, 2 ** 31 - 1], dtype=torch.int32)),
    'short': enc(torch.tensor([-32768, 12], dtype=torch.int32)), 'byte': enc(torch.tensor([-128, 0, 127], dtype=torch.int32)),
    'ubyte': enc(torch.tensor([[0, 1], [200, 255]], dtype=torch.int32)), 'mask': enc(torch.tensor([True, False, True])),
    'scalar': enc(torch.tensor(2.5)), 'empty': enc(torch.zeros(0, 4)),
}
# A model's state_dict saved by hand, to load into the same architecture in tensorgrad.
torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
sd = model.state_dict()
write(os.path.join(DIR, 'py_model.safetensors'),
      [(k, 'F32', list(v.shape), v.numpy().astype('<f4').tobytes()) for k, v in sd.items()])
probe = torch.tensor([[0.5, -1.0, 2.0]])
model_case = {'state': {k: enc(v) for k, v in sd.items()}, 'probe': enc(probe), 'out': enc(model(probe))}

# ---------------------------------------------------------------- malformed corpus


def header_bytes(obj, n=None, pad=True):
    text = json.dumps(obj, separators=(',', ':')).encode()
    if pad:
        text += b' ' * ((8 - (8 + len(text)) % 8) % 8)
    return struct.pack('<Q', len(text) if n is None else n) + text


good = {'a': {'dtype': 'F32', 'shape': [2], 'data_offsets': [0, 8]}}
eight = b'\x00' * 8


def entry(**kw):
    return {'a': {'dtype': 'F32', 'shape': [2], 'data_offsets': [0, 8], **kw}}


def js(v):
    return json.dumps(v, separators=(',', ':'))


# Each malformed file, and what tensorgrad's SafetensorsError must name about it: the numbers,
# tensor and header values that break the format's rule, taken from the bytes written.
two = {'a': {'dtype': 'F32', 'shape': [2], 'data_offsets': [0, 8]},
       'b': {'dtype': 'F32', 'shape': [2], 'data_offsets': [4, 12]}}
holed = {'a': {'dtype': 'F32', 'shape': [1], 'data_offsets': [0, 4]},
         'b': {'dtype': 'F32', 'shape': [1], 'data_offsets': [8, 12]}}
bad = {
    'empty file': (b'', ['file too small', '(0 bytes)']),
    'shorter than the length prefix': (b'\x10\x00\x00', ['file too small', '(3 bytes)']),
    'header length past the end': (header_bytes(good, n=10_000) + eight, ['header length 10000', '72 bytes']),
    'header length near 2^64': (struct.pack('<Q', 2 ** 64 - 1) + b'{}', [f'header length {2 ** 64 - 1}']),
    'truncated data': (header_bytes(good) + b'\x00' * 5, ["'a'", '[0, 8]', '5-byte buffer']),
    'trailing bytes': (header_bytes(good) + b'\x00' * 12, ['4 trailing bytes']),
    'not json': (struct.pack('<Q', 8) + b'{"a":1,,' + eight, ['not valid JSON']),
    'non-UTF-8 header': (struct.pack('<Q', 8) + b'{"\xff":1}' + b' ' + eight, ['not valid UTF-8']),
    'header is an array': (header_bytes([1, 2]), ['header must be a JSON object']),
    'unknown dtype': (header_bytes(entry(dtype='F128')) + eight, ["'a'", 'dtype "F128"']),
    'dtype not a string': (header_bytes(entry(dtype=4)) + eight, ["'a'", 'dtype 4']),
    'negative shape': (header_bytes(entry(shape=[-2])) + eight, ["'a'", f'shape {js([-2])}']),
    'fractional shape': (header_bytes(entry(shape=[2.5])) + eight, ["'a'", f'shape {js([2.5])}']),
    'shape not a list': (header_bytes(entry(shape=2)) + eight, ["'a'", 'shape 2']),
    'huge shape': (header_bytes(entry(shape=[2 ** 40, 2 ** 40])) + eight, ["'a'", f'shape {js([2 ** 40, 2 ** 40])}']),
    'shape and size disagree': (header_bytes(entry(shape=[3])) + eight, ["'a'", 'shape [3]']),
    'offsets reversed': (header_bytes(entry(shape=[0], data_offsets=[8, 0])) + eight, ["'a'", 'data_offsets [8,0]']),
    'offsets out of range': (header_bytes(entry(shape=[4], data_offsets=[0, 16])) + eight, ["'a'", '[0, 16]', '8-byte buffer']),
    'offsets beyond 2^53': (header_bytes(entry(data_offsets=[2 ** 60, 2 ** 60 + 8])) + eight, ["'a'", 'data_offsets']),
    'offsets missing': (header_bytes({'a': {'dtype': 'F32', 'shape': [2]}}) + eight, ["'a'", 'data_offsets']),
    'overlapping tensors': (header_bytes(two) + b'\x00' * 12, ["'b'", 'overlaps']),
    'hole between tensors': (header_bytes(holed) + b'\x00' * 12, ["'b'", 'hole']),
    'entry not an object': (header_bytes({'a': 5}) + eight, ["entry 'a'"]),
    'metadata not strings': (header_bytes({'__metadata__': {'k': 1}, **good}) + eight, ['__metadata__']),
}
bad_files = []
for i, (what, (raw, mentions)) in enumerate(bad.items()):
    name = f'bad_{i:02d}.safetensors'
    with open(os.path.join(DIR, name), 'wb') as f:
        f.write(raw)
    bad_files.append({'file': name, 'what': what, 'mentions': mentions})

dump('safetensors', [{'ts_files': ts_files, 'py_all': expected, 'py_model': model_case, 'bad': bad_files}])
