"""Stand-in for the torchviz package (not packaged for Debian) in the Python twin notebooks: its
make_dot as tests/oracle/viz.py reproduces it, taken from that file's source."""
import ast
import os

from graphviz import Digraph

_viz = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'viz.py')
_tree = ast.parse(open(_viz, encoding='utf-8').read())
_fn = next(n for n in _tree.body if isinstance(n, ast.FunctionDef) and n.name == 'make_dot')
_scope = {'Digraph': Digraph}
exec(compile(ast.Module(body=[_fn], type_ignores=[]), _viz, 'exec'), _scope)  # noqa: S102 - our own file
make_dot = _scope['make_dot']
