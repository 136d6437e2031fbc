// Drivers: dims are merged (collapse), the flat element range is split across threads, and each
// thread walks its range row by row calling the selected instruction set's row kernel.
#include <algorithm>
#include <cstdint>
#include <cmath>
#include <cstring>
#include <vector>

#include "backend.h"
#include "pool.h"

namespace tg {

// ---------------------------------------------------------------------------------------------
// Instruction-set selection.

namespace {

Kernels table_generic, table_avx2, table_avx512;
const Kernels* active = nullptr;

bool cpu_has(const char* isa) {
#if (defined(__x86_64__) || defined(_M_X64)) && defined(__GNUC__)
  __builtin_cpu_init();
  if (std::strcmp(isa, "avx2") == 0) return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  if (std::strcmp(isa, "avx512") == 0)
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("avx512f");
#endif
  return std::strcmp(isa, "generic") == 0;
}

void init_tables() {
  static bool done = false;
  if (done) return;
  done = true;
  fill_kernels_generic(table_generic);
#if defined(__x86_64__) || defined(_M_X64)
  if (cpu_has("avx2")) fill_kernels_avx2(table_avx2);
  if (cpu_has("avx512")) fill_kernels_avx512(table_avx512);
#endif
}

}  // namespace

bool select_isa(const char* name) {
  init_tables();
  if (name[0] == 0) {
    active = cpu_has("avx512") ? &table_avx512 : cpu_has("avx2") ? &table_avx2 : &table_generic;
    return true;
  }
  if (!cpu_has(name)) return false;
  active = std::strcmp(name, "avx512") == 0 ? &table_avx512 : std::strcmp(name, "avx2") == 0 ? &table_avx2
                                                                                               : &table_generic;
  return true;
}

const Kernels& kernels() {
  if (!active) select_isa("");
  return *active;
}

// ---------------------------------------------------------------------------------------------
// Elementwise driver.

namespace {

// Elements per thread below which splitting a loop costs more than it saves.
constexpr int64_t GRAIN_CHEAP = 1 << 15;  // as ATen's GRAIN_SIZE
constexpr int64_t GRAIN_COSTLY = 1 << 12;

struct Walk {
  Loop loop;
  int nops;
  char* base[4];
  int esize[4];
};

Walk make_walk(int nd, const int64_t* shape, int nops, const Operand* const* ops) {
  Walk w;
  w.nops = nops;
  const int64_t* strides[4];
  for (int k = 0; k < nops; k++) {
    strides[k] = ops[k]->strides;
    w.esize[k] = dtype_size(ops[k]->dtype);
    w.base[k] = ops[k]->data + ops[k]->offset * w.esize[k];
  }
  collapse(nd, shape, nops, strides, w.loop);
  return w;
}

int64_t total(const Loop& l) {
  int64_t n = 1;
  for (int d = 0; d < l.nd; d++) n *= l.shape[d];
  return n;
}

/** Calls row(len, ptrs, inner_strides) for the rows covering flat elements [begin, end). */
template <class Row>
void walk_range(const Walk& w, int64_t begin, int64_t end, const Row& row) {
  const Loop& L = w.loop;
  const int nd = L.nd, nops = w.nops;
  int64_t idx[MAX_DIMS];
  int64_t rem = begin;
  for (int d = nd - 1; d >= 0; d--) {
    idx[d] = rem % L.shape[d];
    rem /= L.shape[d];
  }
  char* p[4];
  int64_t inner[4];
  for (int k = 0; k < nops; k++) {
    int64_t off = 0;
    for (int d = 0; d < nd; d++) off += idx[d] * L.strides[k][d];
    p[k] = w.base[k] + off * w.esize[k];
    inner[k] = L.strides[k][nd - 1];
  }
  const int64_t n = L.shape[nd - 1];
  int64_t pos = begin;
  while (pos < end) {
    int64_t len = std::min(n - idx[nd - 1], end - pos);
    row(len, p, inner);
    pos += len;
    if (pos >= end) break;
    // The row is done (otherwise pos == end): back to its start, then step the outer dims.
    for (int k = 0; k < nops; k++) p[k] -= idx[nd - 1] * inner[k] * w.esize[k];
    idx[nd - 1] = 0;
    for (int d = nd - 2; d >= 0; d--) {
      for (int k = 0; k < nops; k++) p[k] += L.strides[k][d] * w.esize[k];
      if (++idx[d] < L.shape[d]) break;
      for (int k = 0; k < nops; k++) p[k] -= L.strides[k][d] * L.shape[d] * w.esize[k];
      idx[d] = 0;
    }
  }
}

template <class Row>
void run(const Walk& w, int64_t grain, const Row& row) {
  int64_t n = total(w.loop);
  for (int d = 0; d < w.loop.nd; d++)
    if (w.loop.shape[d] == 0) return;
  parallel_for(n, grain, [&](int64_t b, int64_t e) { walk_range(w, b, e, row); });
}

// Note [Streaming stores]: a large op output is usually fresh memory no cache holds (typed arrays
// are freed by the garbage collector in bursts, and reused long after), and writing it with plain
// stores first reads every line from memory. Streaming stores skip that read: on a chain like
// (x * x + x).exp() over 4 MB tensors, about a sixth less time, later reads included. Below a
// couple of megabytes the output may well stay in cache for the next op, and an in-place op reads
// its output's lines anyway: plain stores there. (A loop that writes one large buffer over and
// over, as a micro-benchmark may, keeps it in cache and is slower with streaming stores.)
constexpr int64_t STREAM_MIN_BYTES = 2 << 20;

/** The walk is one large contiguous output row, not in place, with contiguous or scalar inputs. */
bool streamable(const Walk& w) {
  const Loop& L = w.loop;
  if (L.nd != 1 || L.strides[0][0] != 1 || L.shape[0] * w.esize[0] < STREAM_MIN_BYTES) return false;
  const uintptr_t lo = reinterpret_cast<uintptr_t>(w.base[0]), hi = lo + L.shape[0] * w.esize[0];
  for (int k = 1; k < w.nops; k++) {
    const int64_t s = L.strides[k][0];
    if (s != 0 && s != 1) return false;
    const uintptr_t b = reinterpret_cast<uintptr_t>(w.base[k]);
    if (b < hi && b + (s ? L.shape[0] : 1) * w.esize[k] > lo) return false;
  }
  return true;
}

}  // namespace

void elementwise_unary(int kind, int nd, const int64_t* shape, const Operand& x, const Operand& out, bool int64) {
  const Operand* ops[] = {&out, &x};
  Walk w = make_walk(nd, shape, 2, ops);
  UnaryRow f = int64 && x.dtype == F64 ? kernels().unary_i64[kind] : kernels().unary[kind][x.dtype];
  if (x.dtype == F32 && out.dtype == F32 && kernels().unary_stream[kind] && streamable(w)) f = kernels().unary_stream[kind];
  run(w, unary_is_costly(kind) ? GRAIN_COSTLY : GRAIN_CHEAP,
      [&](int64_t n, char* const* p, const int64_t* s) { f(n, p[1], s[1], p[0], s[0]); });
}

void elementwise_binary(int kind, int nd, const int64_t* shape, const Operand& a, const Operand& b,
                        const Operand& out, bool int64) {
  const Operand* ops[] = {&out, &a, &b};
  Walk w = make_walk(nd, shape, 3, ops);
  BinaryRow f = int64 && a.dtype == F64 ? kernels().binary_i64[kind] : kernels().binary[kind][a.dtype];
  if (a.dtype == F32 && out.dtype == F32 && kernels().binary_stream[kind] && streamable(w)) f = kernels().binary_stream[kind];
  run(w, binary_is_costly(kind) ? GRAIN_COSTLY : GRAIN_CHEAP,
      [&](int64_t n, char* const* p, const int64_t* s) { f(n, p[1], s[1], p[2], s[2], p[0], s[0]); });
}

void elementwise_where(int nd, const int64_t* shape, const Operand& c, const Operand& a, const Operand& b,
                       const Operand& out) {
  const Operand* ops[] = {&out, &c, &a, &b};
  Walk w = make_walk(nd, shape, 4, ops);
  WhereRow f = kernels().where[out.dtype];
  run(w, GRAIN_CHEAP, [&](int64_t n, char* const* p, const int64_t* s) {
    f(n, reinterpret_cast<const uint8_t*>(p[1]), s[1], p[2], s[2], p[3], s[3], p[0], s[0]);
  });
}

void elementwise_copy(int nd, const int64_t* shape, const Operand& x, const Operand& out, bool truncate) {
  const Operand* ops[] = {&out, &x};
  Walk w = make_walk(nd, shape, 2, ops);
  CopyRow f = kernels().copy[x.dtype][out.dtype][truncate ? 1 : 0];
  run(w, GRAIN_CHEAP, [&](int64_t n, char* const* p, const int64_t* s) { f(n, p[1], s[1], p[0], s[0]); });
}

void elementwise_fill(int nd, const int64_t* shape, const Operand& out, double value) {
  const Operand* ops[] = {&out};
  Walk w = make_walk(nd, shape, 1, ops);
  // One element converted as JavaScript would, then broadcast (a 0-stride copy).
  alignas(8) char scalar[8];
  switch (out.dtype) {
    case F32: { float v = js_store<float>(value); std::memcpy(scalar, &v, 4); break; }
    case F64: std::memcpy(scalar, &value, 8); break;
    case I32: { int32_t v = js_store<int32_t>(value); std::memcpy(scalar, &v, 4); break; }
    default: { uint8_t v = js_store<uint8_t>(value); std::memcpy(scalar, &v, 1); break; }
  }
  CopyRow f = kernels().copy[out.dtype][out.dtype][0];
  run(w, GRAIN_CHEAP, [&](int64_t n, char* const* p, const int64_t* s) { f(n, scalar, 0, p[0], s[0]); });
}

void elementwise_clamp(int nd, const int64_t* shape, const Operand& x, const Operand& out, double lo, double hi) {
  const Operand* ops[] = {&out, &x};
  Walk w = make_walk(nd, shape, 2, ops);
  ClampRow f = kernels().clamp[x.dtype];
  if (lo != lo) lo = -HUGE_VAL;
  if (hi != hi) hi = HUGE_VAL;
  run(w, GRAIN_CHEAP, [&](int64_t n, char* const* p, const int64_t* s) { f(n, p[1], s[1], p[0], s[0], lo, hi); });
}

}  // namespace tg
