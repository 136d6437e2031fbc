#!/usr/bin/env bash
# The native addon under AddressSanitizer + UndefinedBehaviorSanitizer: builds it
# (npm run build:native -- --sanitize, into build-sanitize/) and runs test files on the native
# backend against it. Node is not instrumented, so the sanitizer runtimes are preloaded; leak
# detection is off (V8 and Node free much of their memory only at exit, which is not the addon's).
#
#   bash scripts/sanitize.sh                 the whole suite (every tests/**/*.test.ts but one)
#   bash scripts/sanitize.sh tests/x.test.ts  those files
set -euo pipefail
cd "$(dirname "$0")/.."

# The whole suite on the native backend, except files that never exercise the addon's memory in a
# way the rest does not, or run other programs' native code under the preloaded runtimes:
# browser.test.ts (the TypeScript backend inside Chromium), notebooks.test.ts (Deno and Jupyter
# processes), onnx.test.ts and serve.test.ts (ONNX Runtime's own native library), and the vmap and
# forward-mode sweeps (TypeScript-level rules over the same kernels gradcheck_sweep.test.ts runs).
# Measured 2026-12-07 on a 2-core AMD EPYC under load 10-15, before those later files existed:
# 9,034 tests, 780 s wall, 400 s of CPU (user + system), clean.
mapfile -t SANITIZE_TESTS < <(find tests -name '*.test.ts' ! -name browser.test.ts ! -name notebooks.test.ts \
  ! -name onnx.test.ts ! -name serve.test.ts ! -name vmap_sweep.test.ts ! -name forward_ad_sweep.test.ts \
  ! -name examples_func.test.ts | sort)

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
