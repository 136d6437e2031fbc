#!/usr/bin/env bash
# Runs each top-level test of the given test files alone, in a process of its own (node's
# --test-name-pattern, anchored to the full name), and names any that fails or does not run alone.
#   bash scripts/test-alone.sh tests/random.test.ts tests/optim.test.ts
# One process per test: slow (about a second each); meant for files with module-level state.
set -uo pipefail
cd "$(dirname "$0")/.."
export TENSORGRAD_BACKEND=${TENSORGRAD_BACKEND:-js}
problems=0
for f in "$@"; do
  n=0
  while IFS= read -r name; do
    n=$((n + 1))
    pat=$(printf '%s' "$name" | sed 's/[][\.*^$()+?{}|/]/\\&/g')
    out=$(node --import tsx --test --test-reporter=tap --test-name-pattern="^${pat}\$" "$f" 2>&1)
    if ! grep -q '^# pass [1-9]' <<<"$out" || grep -q '^# fail [1-9]' <<<"$out"; then
      echo "fails alone: $f: $name"
      problems=$((problems + 1))
    fi
  done < <(node --import tsx --test --test-reporter=tap "$f" 2>/dev/null | sed -n 's/^# Subtest: //p')
  echo "$f: $n top-level tests run alone"
done
[ "$problems" = 0 ] || { echo "$problems tests fail alone" >&2; exit 1; }
