// GEMM micro-kernel, written once over a small "vector traits" type and instantiated per
// instruction set by gemm_<isa>.cc (inside its own namespace, like kernels_impl.h).
//
// The kernel multiplies a packed MR x kc panel of A (stored k-major: MR values per k) by a packed
// kc x NR panel of B (NR values per k) and writes or adds the MR x NR result to C. Its MR x NV
// accumulators stay in vector registers for the whole kc loop: per k it loads NV vectors of B,
// broadcasts MR values of A and issues MR * NV fused multiply-adds.
#pragma once

#include <cstdint>

template <class Tr, int MR, int NV>
void gemm_ukernel(int64_t kc, const typename Tr::T* a, const typename Tr::T* b, typename Tr::T* c, int64_t ldc,
                  bool accumulate) {
  using V = typename Tr::V;
  constexpr int W = Tr::W;
  constexpr int NR = NV * W;
  V acc[MR][NV];
#pragma GCC unroll 32
  for (int r = 0; r < MR; r++)
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) acc[r][v] = Tr::zero();
  // The C tile is written at the end: start bringing it into cache now.
#pragma GCC unroll 32
  for (int r = 0; r < MR; r++) Tr::prefetch(c + r * ldc);
#pragma GCC unroll 4
  for (int64_t k = 0; k < kc; k++) {
    V bv[NV];
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) bv[v] = Tr::load(b + v * W);
#pragma GCC unroll 32
    for (int r = 0; r < MR; r++) {
      V av = Tr::broadcast(a + r);
#pragma GCC unroll 4
      for (int v = 0; v < NV; v++) acc[r][v] = Tr::fma(av, bv[v], acc[r][v]);
    }
    a += MR;
    b += NR;
  }
  if (accumulate) {
#pragma GCC unroll 32
    for (int r = 0; r < MR; r++)
#pragma GCC unroll 4
      for (int v = 0; v < NV; v++) Tr::store(c + r * ldc + v * W, Tr::add(Tr::load(c + r * ldc + v * W), acc[r][v]));
  } else {
#pragma GCC unroll 32
    for (int r = 0; r < MR; r++)
#pragma GCC unroll 4
      for (int v = 0; v < NV; v++) Tr::store(c + r * ldc + v * W, acc[r][v]);
  }
}

#if defined(__GNUC__)
/** Portable traits over GCC/Clang vector extensions (SSE2 on x86-64, NEON on arm64). */
template <class Elem, int Width>
struct VecExtTraits {
  using T = Elem;
  static constexpr int W = Width;
  typedef Elem V __attribute__((vector_size(sizeof(Elem) * Width)));
  static V zero() { return V{}; }
  static V load(const T* p) {
    V v;
    __builtin_memcpy(&v, p, sizeof(V));
    return v;
  }
  static void store(T* p, V v) { __builtin_memcpy(p, &v, sizeof(V)); }
  static V broadcast(const T* p) { return V{} + *p; }
  static V fma(V a, V b, V c) { return a * b + c; }
  static V add(V a, V b) { return a + b; }
  static void prefetch(const T* p) { __builtin_prefetch(p); }
};
#else
template <class Elem, int Width>
struct VecExtTraits {
  using T = Elem;
  static constexpr int W = 1;
  using V = Elem;
  static V zero() { return 0; }
  static V load(const T* p) { return *p; }
  static void store(T* p, V v) { *p = v; }
  static V broadcast(const T* p) { return *p; }
  static V fma(V a, V b, V c) { return a * b + c; }
  static V add(V a, V b) { return a + b; }
  static void prefetch(const T*) {}
};
#endif
