#!/bin/sh
# Alternates bench/issue.ts (tensorgrad, native backend) and bench/issue_torch.py (PyTorch with
# OpenBLAS) N times, so both see the same machine load; prints every figure, then per line
# best / median / worst of each side.   Usage: sh bench/interleave.sh [N] [threads]
cd "$(dirname "$0")/.." || exit 1
N=${1:-5}
T=${2:-2}
out=$(mktemp)
i=0
while [ "$i" -lt "$N" ]; do
  TENSORGRAD_BACKEND=native npx tsx bench/issue.ts "$T" 5 | sed 's/^/tensorgrad /' >>"$out"
  OPENBLAS_NUM_THREADS=$T LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread /usr/bin/python3 \
    bench/issue_torch.py "$T" 5 | sed 's/^/pytorch /' >>"$out"
  i=$((i + 1))
done
/usr/bin/python3 - "$out" <<'PY'
import collections, statistics, sys
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    who, key, *rest = line.split()
    if key == 'W1':
        rows[(key + ' ' + rest[0], who, rest[2])].append(float(rest[1]))
    else:
        rows[(key, who, rest[1])].append(float(rest[0]))
for (key, who, unit), v in sorted(rows.items()):
    good = max(v) if unit == 'GFLOPS' else min(v)
    bad = min(v) if unit == 'GFLOPS' else max(v)
    print(f'{key:10} {who:10} best {good:8.3f}  median {statistics.median(v):8.3f}  worst {bad:8.3f} {unit}  (n={len(v)})')
PY
rm -f "$out"
