"""Runs each PyTorch tutorial twin (tests/tutorials/<name>.py) and writes what it prints to
tests/fixtures/tutorials/<name>.txt, which tests/tutorials.test.ts compares with the TypeScript
port (tests/tutorials/<name>.ts). Python prints grad_fn nodes with their address
(`<AddBackward0 object at 0x...>`); the address is stripped, as String(node) is `<AddBackward0>`.

    /usr/bin/python3 tests/oracle/tutorials.py [name ...]
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(ROOT, 'tests', 'tutorials')
OUT = os.path.join(ROOT, 'tests', 'fixtures', 'tutorials')

names = sys.argv[1:] or sorted(f[:-3] for f in os.listdir(SRC) if f.endswith('.py'))
os.makedirs(OUT, exist_ok=True)
for name in names:
    env = dict(os.environ, OMP_NUM_THREADS='1', PYTHONHASHSEED='0')
    out = subprocess.run([sys.executable, os.path.join(SRC, name + '.py')], cwd=SRC, env=env,
                         check=True, capture_output=True, text=True).stdout
    out = re.sub(r' object at 0x[0-9a-f]+>', '>', out)
    with open(os.path.join(OUT, name + '.txt'), 'w') as f:
        f.write(out)
    print(f'{name}: {out.count(chr(10))} lines')
