#!/usr/bin/env bash
# Regenerates every PyTorch fixture (tests/fixtures/) by running each oracle script
# tests/oracle/*.py with Debian's PyTorch 1.13. The fixtures are committed; tests never need Python.
#
#   npm run fixtures            (or: bash scripts/fixtures.sh [name ...] to run some oracles only)
#
# It first makes sure of what the oracles import: Debian's python3-torch, ipython3 (the seed
# twins print with IPython's pretty printer), python3-graphviz (viz.py), python3-ipykernel,
# python3-nbclient and python3-matplotlib (notebooks.py runs the notebooks' Python twins); as root it installs
# the missing ones with apt-get, otherwise it names them and stops. Without node_modules it runs
# npm ci (safetensors.py drives tensorgrad's writer). Every oracle runs even when
# one fails; the script then exits non-zero naming the ones that failed. Regenerating on the same
# machine leaves no git diff (every random draw in the oracles is seeded).
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-/usr/bin/python3}

# Debian package -> the module it provides.
declare -A NEEDS=([python3-torch]=torch [ipython3]=IPython [python3-graphviz]=graphviz [python3-ipykernel]=ipykernel
  [python3-nbclient]=nbclient [python3-matplotlib]=matplotlib)
missing=()
for pkg in "${!NEEDS[@]}"; do
  "$PY" -c "import ${NEEDS[$pkg]}" 2>/dev/null || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && [ -z "${PYTHON:-}" ]; then
    echo "fixtures: installing ${missing[*]} with apt-get"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null || {
      echo "fixtures: apt-get install ${missing[*]} failed" >&2
      exit 1
    }
  else
    echo "fixtures: $PY cannot import what the oracles need; install: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
"$PY" -c 'import torch, sys; v = torch.__version__; sys.exit(0 if v.startswith("1.13") else f"fixtures: PyTorch {v}, the fixtures record 1.13")' || exit 1
# safetensors.py runs tensorgrad's writer through tsx: on a fresh clone, install the npm packages.
if [ ! -x node_modules/.bin/tsx ]; then
  echo "fixtures: npm ci (safetensors.py runs tensorgrad's writer through tsx)"
  npm ci --no-audit --no-fund || { echo "fixtures: npm ci failed" >&2; exit 1; }
fi

# Modules the oracles import, not oracles themselves.
HELPERS=" common.py cases.py autograd_helpers.py "
failed=()
ran=0
for f in tests/oracle/*.py; do
  base=$(basename "$f")
  case "$HELPERS" in *" $base "*) continue ;; esac
  if [ $# -gt 0 ]; then
    want=no
    for a in "$@"; do [ "$base" = "$a" ] || [ "$base" = "$a.py" ] && want=yes; done
    [ $want = yes ] || continue
  fi
  echo "== $f"
  ran=$((ran + 1))
  "$PY" "$f" || { echo "fixtures: $f FAILED (exit $?)" >&2; failed+=("$f"); }
done
echo "fixtures: ran $ran oracle scripts, ${#failed[@]} failed; tests/fixtures is $(du -sh tests/fixtures | cut -f1)"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fixtures: failed: ${failed[*]}" >&2
  exit 1
fi
