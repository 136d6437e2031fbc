#!/usr/bin/env bash
# Regenerates every PyTorch fixture: runs tests/oracle/*.py with Debian's PyTorch
# (apt-get install python3-torch). The fixtures are committed; tests never need Python.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-/usr/bin/python3}
for f in tests/oracle/*.py; do
  case "$f" in */common.py) continue ;; esac
  echo "== $f"
  "$PY" "$f"
done
