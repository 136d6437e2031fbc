"""Executes the Python twins of the notebooks (tests/oracle/notebooks/*.ipynb: the seed notebooks'
cells in PyTorch, and the guided tour's) in IPython through Jupyter (python3-ipykernel, nbclient),
as `jupyter nbconvert --execute --allow-errors` would, and stores each code cell's outputs in
tests/fixtures/notebooks.json for tests/notebooks.test.ts, which runs the TypeScript notebooks
(examples/notebooks/) in Deno's kernel and compares them cell by cell.

Stored per output: streams' text, displayed values' text/plain and the MIME types shown (pictures'
data left out), errors' class and message. Addresses in `<... at 0x...>` are stripped, as the seed
oracle does (tensorgrad's nodes print without one).

    apt-get install python3-ipykernel python3-nbclient python3-matplotlib python3-graphviz graphviz
    /usr/bin/python3 tests/oracle/notebooks.py  ->  tests/fixtures/notebooks.json
"""
import glob
import os
import re
import shutil
import sys

import nbformat
from nbclient import NotebookClient

from common import dump

here = os.path.dirname(os.path.abspath(__file__))
twins = os.path.join(here, 'notebooks')
ADDRESS = re.compile(r'( object)? at 0x[0-9a-fA-F]+')
WARNING_AT = re.compile(r'^\S+:\d+: (?=\w+Warning: )', re.M)

if shutil.which('dot') is None:
    sys.exit('notebooks.py: the guided tour draws its graph with Graphviz: apt-get install graphviz')


def text(v):
    return ADDRESS.sub('', ''.join(v) if isinstance(v, list) else v)


def output(o):
    kind = o['output_type']
    if kind == 'stream':
        # A warning names the kernel's temporary file for the cell: keep category and message.
        return {'type': 'stream', 'name': o['name'], 'text': WARNING_AT.sub('', text(o['text']))}
    if kind in ('execute_result', 'display_data'):
        data = o['data']
        return {'type': kind, 'mime': sorted(data), 'text': text(data.get('text/plain', ''))}
    if kind == 'error':
        return {'type': 'error', 'ename': o['ename'], 'evalue': text(o['evalue'])}
    raise ValueError(kind)


cases = []
for path in sorted(glob.glob(os.path.join(twins, '*.ipynb'))):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name='python3', allow_errors=True, timeout=600,
                            resources={'metadata': {'path': twins}})
    client.execute()
    cells = [{'id': c['id'], 'outputs': [output(o) for o in c['outputs']]}
             for c in nb.cells if c['cell_type'] == 'code']
    name = os.path.basename(path)[:-len('.ipynb')]
    print(f'{name}: {len(cells)} code cells')
    cases.append({'notebook': name, 'cells': cells})
dump('notebooks', cases)
