// randomFill: PyTorch's uniform_ and normal_ fills (Note [Which draws each sampler makes] in
// src/tensor/random_fill.ts) over a whole contiguous output, drawing from a generator whose state
// lives in JavaScript (Generator._mt and its left/next counters, advanced here in place).
#include "random.h"

#include <napi.h>

#include <cmath>
#include <cstring>

#if defined(__GLIBC__)
#include <gnu/libc-version.h>
#endif

#include "backend.h"
#include "pool.h"
#include "random_lane.h"

namespace tg {

namespace {

constexpr int N = 624;
constexpr int M = 397;

void twist(Mt19937& g) {
  uint32_t* mt = g.state;
  auto mix = [](uint32_t a, uint32_t b, uint32_t c) {
    const uint32_t y = (a & 0x80000000u) | (b & 0x7fffffffu);
    return c ^ (y >> 1) ^ ((0u - (y & 1u)) & 0x9908b0dfu);
  };
  int i = 0;
  for (; i < N - M; i++) mt[i] = mix(mt[i], mt[i + 1], mt[i + M]);
  for (; i < N - 1; i++) mt[i] = mix(mt[i], mt[i + 1], mt[i + M - N]);
  mt[N - 1] = mix(mt[N - 1], mt[0], mt[M - 1]);
  g.left = N;
  g.next = 0;
}

inline uint32_t draw(Mt19937& g) {
  if (--g.left == 0) twist(g);
  uint32_t y = g.state[g.next++];
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680u;
  y ^= (y << 15) & 0xefc60000u;
  y ^= y >> 18;
  return y;
}

inline float uniform24(Mt19937& g) { return static_cast<float>(draw(g) & 0xffffffu) * (1.0f / 16777216.0f); }

inline double uniform53(Mt19937& g) {
  const uint64_t hi = draw(g);
  const uint64_t lo = draw(g);
  return static_cast<double>(((hi << 32) | lo) & ((1ULL << 53) - 1)) * (1.0 / 9007199254740992.0);
}

void fill_uniform_f32(Mt19937& g, float* out, int64_t n, double from, double to) {
  const float a = static_cast<float>(from);
  const float span = static_cast<float>(to) - a;
  if (a == 0 && span == 1)
    for (int64_t i = 0; i < n; i++) out[i] = uniform24(g);
  else
    for (int64_t i = 0; i < n; i++) out[i] = std::fma(uniform24(g), span, a);
}

void fill_uniform_f64(Mt19937& g, double* out, int64_t n, double from, double to) {
  const double span = to - from;
  if (from == 0 && span == 1)
    for (int64_t i = 0; i < n; i++) out[i] = uniform53(g);
  else
    for (int64_t i = 0; i < n; i++) out[i] = std::fma(uniform53(g), span, from);
}

bool use_avx2() {
#if defined(__x86_64__) || defined(_M_X64)
  return std::strcmp(kernels().name, "generic") != 0;
#else
  return false;
#endif
}

void normal16_f32(float* d, int64_t blocks, float mean, float std) {
#if defined(__x86_64__) || defined(_M_X64)
  if (use_avx2()) return normal16_f32_avx2(d, blocks, mean, std);
#endif
  normal16_f32_scalar(d, blocks, mean, std);
}

// Uniforms are drawn and transformed a chunk at a time, so the transform reads them from cache.
// Drawing is sequential (one generator); the Box-Muller blocks of a chunk are independent, so the
// thread pool shares them out (each block's values do not depend on which thread computes them).
constexpr int64_t CHUNK = 1 << 16;
constexpr int64_t BLOCK_GRAIN = 256;  // blocks of 16 per pool task

void fill_normal_f32(Mt19937& g, float* out, int64_t n, double mean_d, double std_d) {
  const float mean = static_cast<float>(mean_d), std = static_cast<float>(std_d);
  const int64_t full = n / 16 * 16;
  for (int64_t c = 0; c < n; c += CHUNK) {
    const int64_t e = c + CHUNK < n ? c + CHUNK : n;
    for (int64_t i = c; i < e; i++) out[i] = uniform24(g);
    const int64_t be = e < full ? e : full;
    if (be > c) {
      float* base = out + c;
      parallel_for((be - c) / 16, BLOCK_GRAIN, [&](int64_t b0, int64_t b1) {
        normal16_f32(base + 16 * b0, b1 - b0, mean, std);
      });
    }
  }
  if (n % 16 != 0) {
    for (int64_t i = n - 16; i < n; i++) out[i] = uniform24(g);
    normal16_f32(out + n - 16, 1, mean, std);
  }
}

void box_muller16_f64(double* d, double mean, double std) {
  const double two_pi = 2 * 3.14159265358979323846;
  for (int j = 0; j < 8; j++) {
    const double radius = std::sqrt(-2 * std::log(1 - d[j]));
    const double theta = two_pi * d[j + 8];
    const double c = std::cos(theta);
    const double s = std::sin(theta);
    d[j] = std::fma(radius * c, std, mean);
    d[j + 8] = std::fma(radius * s, std, mean);
  }
}

void fill_normal_f64(Mt19937& g, double* out, int64_t n, double mean, double std) {
  const int64_t full = n / 16 * 16;
  for (int64_t c = 0; c < n; c += CHUNK) {
    const int64_t e = c + CHUNK < n ? c + CHUNK : n;
    for (int64_t i = c; i < e; i++) out[i] = uniform53(g);
    const int64_t be = e < full ? e : full;
    if (be > c) {
      double* base = out + c;
      parallel_for((be - c) / 16, BLOCK_GRAIN / 4, [&](int64_t b0, int64_t b1) {
        for (int64_t b = b0; b < b1; b++) box_muller16_f64(base + 16 * b, mean, std);
      });
    }
  }
  if (n % 16 != 0) {
    for (int64_t i = n - 16; i < n; i++) out[i] = uniform53(g);
    box_muller16_f64(out + n - 16, mean, std);
  }
}

/**
 * float64 normals call libm's log, sin and cos: only glibc 2.28 or later on a CPU with FMA (whose
 * results PyTorch's kernels get and src/tensor/libm.ts reproduces) gives PyTorch's bits.
 */
bool libm_matches() {
#if defined(__GLIBC__) && (defined(__x86_64__) || defined(_M_X64))
  static const bool ok = [] {
    int major = 0, minor = 0;
    if (std::sscanf(gnu_get_libc_version(), "%d.%d", &major, &minor) != 2) return false;
    __builtin_cpu_init();
    return (major > 2 || (major == 2 && minor >= 28)) && __builtin_cpu_supports("fma");
  }();
  return ok;
#else
  return false;
#endif
}

enum Kind : int { UNIFORM = 0, NORMAL = 1 };

/**
 * randomFill(kind, state: Uint32Array(624), pos: Int32Array [left, next], out, a, b) -> bool.
 * kind 0: uniform_(a, b); kind 1: normal_(a, b) on a contiguous output of 16 or more elements.
 * out is a Float32Array or Float64Array filled front to back. Returns false, touching nothing,
 * when this build cannot give PyTorch's bits for the request (the caller then fills in
 * JavaScript). Throws TypeError on malformed arguments.
 */
napi_value RandomFill(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  napi_value result;
  auto fail = [&]() -> napi_value {
    napi_throw_type_error(env, nullptr, "tensorgrad native: bad arguments to randomFill");
    return nullptr;
  };
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc < 6) return fail();
  int32_t kind = -1;
  double a = 0, b = 0;
  if (napi_get_value_int32(env, argv[0], &kind) != napi_ok || napi_get_value_double(env, argv[4], &a) != napi_ok ||
      napi_get_value_double(env, argv[5], &b) != napi_ok)
    return fail();
  napi_typedarray_type st, pt, ot;
  size_t sl, pl, ol;
  void *sd, *pd, *od;
  if (napi_get_typedarray_info(env, argv[1], &st, &sl, &sd, nullptr, nullptr) != napi_ok ||
      napi_get_typedarray_info(env, argv[2], &pt, &pl, &pd, nullptr, nullptr) != napi_ok ||
      napi_get_typedarray_info(env, argv[3], &ot, &ol, &od, nullptr, nullptr) != napi_ok)
    return fail();
  if (st != napi_uint32_array || sl != N || pt != napi_int32_array || pl < 2 ||
      (ot != napi_float32_array && ot != napi_float64_array) || (kind != UNIFORM && kind != NORMAL))
    return fail();
  int32_t* pos = static_cast<int32_t*>(pd);
  const int64_t n = static_cast<int64_t>(ol);
  const bool f64 = ot == napi_float64_array;
  // Counters as PyTorch keeps them (left + next <= N + 1) keep every read inside the state; other
  // counters (a state set_state accepted but no generator produces) are left to the caller.
  bool done = pos[0] >= 1 && pos[0] <= N && pos[1] >= 0 && pos[0] + pos[1] <= N + 1;
  if (kind == NORMAL && (n < 16 || (f64 && !libm_matches()))) done = false;
  if (done) {
    Mt19937 g{static_cast<uint32_t*>(sd), pos[0], pos[1]};
    if (kind == UNIFORM) {
      if (f64)
        fill_uniform_f64(g, static_cast<double*>(od), n, a, b);
      else
        fill_uniform_f32(g, static_cast<float*>(od), n, a, b);
    } else if (f64) {
      fill_normal_f64(g, static_cast<double*>(od), n, a, b);
    } else {
      fill_normal_f32(g, static_cast<float*>(od), n, a, b);
    }
    pos[0] = g.left;
    pos[1] = g.next;
  }
  napi_get_boolean(env, done, &result);
  return result;
}

}  // namespace

void normal16_f32_scalar(float* data, int64_t blocks, float mean, float std) {
  for (int64_t b = 0; b < blocks; b++) lane::box_muller16(data + 16 * b, mean, std);
}

void register_random(Napi::Env env, Napi::Object exports) {
  napi_value fn;
  napi_create_function(env, "randomFill", NAPI_AUTO_LENGTH, RandomFill, nullptr, &fn);
  exports.Set("randomFill", Napi::Value(env, fn));
}

}  // namespace tg
