#!/usr/bin/env bash
# The native addon under AddressSanitizer + UndefinedBehaviorSanitizer: builds it
# (npm run build:native -- --sanitize, into build-sanitize/) and runs test files on the native
# backend against it. Node is not instrumented, so the sanitizer runtimes are preloaded; leak
# detection is off (V8 and Node free much of their memory only at exit, which is not the addon's).
#
#   bash scripts/sanitize.sh                 the CI subset (SANITIZE_TESTS below)
#   bash scripts/sanitize.sh tests/x.test.ts  those files
set -euo pipefail
cd "$(dirname "$0")/.."

# The addon's entry points and kernels: backend conformance over random strided views, the
# argument checks and a fuzz of malformed views, nn kernels, the optimizer and the random fills (including their chunk and tail
# edges), the allocation failures, and training end to end.
SANITIZE_TESTS=(tests/backend.test.ts tests/backend_safety.test.ts tests/backend_fuzz.test.ts tests/backend_nn.test.ts
  tests/backend_optim.test.ts tests/random_native.test.ts tests/random.test.ts tests/alloc.test.ts
  tests/train.test.ts)

node scripts/build-native.mjs --sanitize
CXX=${CXX:-g++}
preload="$("$CXX" -print-file-name=libasan.so) $("$CXX" -print-file-name=libubsan.so)"
files=("$@")
[ ${#files[@]} -eq 0 ] && files=("${SANITIZE_TESTS[@]}")
echo "sanitize: running ${files[*]}"
LD_PRELOAD="$preload" \
  ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:halt_on_error=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  TENSORGRAD_BACKEND=native TENSORGRAD_ADDON=build-sanitize/build/Release/tensorgrad.node \
  node --import tsx --test --test-reporter=dot "${files[@]}"
echo "sanitize: clean"
