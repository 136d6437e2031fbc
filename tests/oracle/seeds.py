"""Runs the Python twins of the seed notebooks (tests/oracle/seeds/seed00N.py) with Debian's
PyTorch and stores their output per cell in tests/fixtures/seeds.json."""
import os
import re
import subprocess
import sys

from common import dump

here = os.path.dirname(os.path.abspath(__file__))
ADDRESS = re.compile(r'( object)? at 0x[0-9a-fA-F]+')


def cells(text):
    out = []
    for chunk in text.split('#### ')[1:]:
        label, _, body = chunk.partition('\n')
        out.append({'label': label, 'output': ADDRESS.sub('', body)})
    return out


cases = []
for n in range(5):
    script = os.path.join(here, 'seeds', f'seed00{n}.py')
    res = subprocess.run([sys.executable, script], capture_output=True, text=True, check=True)
    cases.append({'seed': f'00{n}', 'cells': cells(res.stdout)})
dump('seeds', cases)
