// Row kernels, instantiated once per instruction set: each kernels_<isa>.cc defines TG_ISA to a
// namespace name and includes this file, so every template here gets internal linkage and is
// compiled with that file's target flags only (no cross-ISA symbol merging).
#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "common.h"

#ifndef TG_ISA
#error "define TG_ISA before including kernels_impl.h"
#endif

namespace tg {
namespace TG_ISA {
namespace {

#include "ops.h"

template <class T, class C>
inline C load_as(T v) {
  return static_cast<C>(v);
}

/** Stores compute value v into an element of type O, converting as a typed array would. */
template <class O, class C>
inline O store_as(C v) {
  if constexpr (std::is_same_v<O, C>) {
    return v;
  } else if constexpr (std::is_same_v<O, float> || std::is_same_v<O, double>) {
    return static_cast<O>(v);
  } else {
    return js_store<O>(static_cast<double>(v));
  }
}

// ---------------------------------------------------------------------------------------------
// Elementwise functors: T input element, O output element.

template <class T, class O, class Op, bool Pred>
struct UnaryF {
  static O apply(T a) {
    if constexpr (std::is_same_v<T, int32_t> && Op::i32) {
      return static_cast<O>(Op::i(a));
    } else {
      using C = std::conditional_t<std::is_same_v<T, float> && Op::f32, float, double>;
      C r = Op::template op<C>(load_as<T, C>(a));
      if constexpr (Pred) return static_cast<O>(r);
      else return store_as<O, C>(r);
    }
  }
};

template <class Fast>
struct Fast32F {
  static float apply(float a) { return Fast::op(a); }
};

template <class T, class O, class Op, bool Pred>
struct BinaryF {
  static O apply(T a, T b) {
    if constexpr (std::is_same_v<T, int32_t> && Op::i32) {
      return static_cast<O>(Op::i(a, b));
    } else {
      using C = std::conditional_t<std::is_same_v<T, float> && Op::f32, float, double>;
      C r = Op::template op<C>(load_as<T, C>(a), load_as<T, C>(b));
      if constexpr (Pred) return static_cast<O>(r);
      else return store_as<O, C>(r);
    }
  }
};

template <class T, class O, class F>
void unary_row(int64_t n, const void* xv, int64_t sx, void* ov, int64_t so) {
  const T* x = static_cast<const T*>(xv);
  O* o = static_cast<O*>(ov);
  if (sx == 1 && so == 1) {
    for (int64_t i = 0; i < n; i++) o[i] = F::apply(x[i]);
  } else {
    for (int64_t i = 0; i < n; i++) o[i * so] = F::apply(x[i * sx]);
  }
}

template <class T, class O, class F>
void binary_row(int64_t n, const void* av, int64_t sa, const void* bv, int64_t sb, void* ov, int64_t so) {
  const T* a = static_cast<const T*>(av);
  const T* b = static_cast<const T*>(bv);
  O* o = static_cast<O*>(ov);
  if (so == 1 && sa == 1 && sb == 1) {
    for (int64_t i = 0; i < n; i++) o[i] = F::apply(a[i], b[i]);
  } else if (so == 1 && sa == 1 && sb == 0) {
    const T s = b[0];
    for (int64_t i = 0; i < n; i++) o[i] = F::apply(a[i], s);
  } else if (so == 1 && sa == 0 && sb == 1) {
    const T s = a[0];
    for (int64_t i = 0; i < n; i++) o[i] = F::apply(s, b[i]);
  } else {
    for (int64_t i = 0; i < n; i++) o[i * so] = F::apply(a[i * sa], b[i * sb]);
  }
}

template <class T>
void where_row(int64_t n, const uint8_t* c, int64_t sc, const void* av, int64_t sa, const void* bv, int64_t sb,
               void* ov, int64_t so) {
  const T* a = static_cast<const T*>(av);
  const T* b = static_cast<const T*>(bv);
  T* o = static_cast<T*>(ov);
  if (so == 1 && sc == 1 && sa == 1 && sb == 1) {
    for (int64_t i = 0; i < n; i++) o[i] = c[i] != 0 ? a[i] : b[i];
  } else {
    for (int64_t i = 0; i < n; i++) o[i * so] = c[i * sc] != 0 ? a[i * sa] : b[i * sb];
  }
}

// Truncating casts (float to integer) go as x86's cvtt instructions do: toward zero, with NaN,
// infinities and out-of-range values becoming the most negative integer (int32, or int64 in
// float64 storage); -0 becomes 0.
template <class S, class T, bool Truncate>
struct CopyF {
  static T apply(S a) {
    if constexpr (std::is_same_v<T, uint8_t> && !std::is_same_v<S, uint8_t>) {
      return a != 0 ? 1 : 0;
    } else if constexpr (Truncate && std::is_same_v<T, int32_t>) {
      const double d = static_cast<double>(a);
      return d > -2147483649.0 && d < 2147483648.0 ? static_cast<int32_t>(d) : INT32_MIN;
    } else if constexpr (Truncate) {
      const double d = static_cast<double>(a);
      constexpr double two63 = 9223372036854775808.0;
      return store_as<T, double>(d >= -two63 && d < two63 ? std::trunc(d) + 0.0 : -two63);
    } else if constexpr (std::is_same_v<S, T>) {
      return a;
    } else {
      return store_as<T, double>(static_cast<double>(a));
    }
  }
};

template <class T>
void clamp_row(int64_t n, const void* xv, int64_t sx, void* ov, int64_t so, double lo, double hi) {
  const T* x = static_cast<const T*>(xv);
  T* o = static_cast<T*>(ov);
  const double low = lo > hi ? hi : lo;  // JavaScript: a < lo ? (lo > hi ? hi : lo) : ...
  auto f = [=](T v) {
    double a = static_cast<double>(v);
    return store_as<T, double>(a < lo ? low : a > hi ? hi : a);
  };
  if (sx == 1 && so == 1) {
    for (int64_t i = 0; i < n; i++) o[i] = f(x[i]);
  } else {
    for (int64_t i = 0; i < n; i++) o[i * so] = f(x[i * sx]);
  }
}

template <class T>
double sum_run(int64_t n, const void* xv) {
  const T* x = static_cast<const T*>(xv);
  if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
    double acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
      for (int j = 0; j < 8; j++) acc[j] += static_cast<double>(x[i + j]);
    double s = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
    for (; i < n; i++) s += static_cast<double>(x[i]);
    return s;
  } else {
    int64_t s = 0;
    for (int64_t i = 0; i < n; i++) s += x[i];
    return static_cast<double>(s);
  }
}

template <class T>
void softmax_row(int64_t n, const void* xv, void* ov, bool log) {
  const T* x = static_cast<const T*>(xv);
  T* o = static_cast<T*>(ov);
  double m = -HUGE_VAL;
  bool nan = false;
  for (int64_t j = 0; j < n; j++) {
    double v = x[j];
    nan |= v != v;
    m = v > m ? v : m;
  }
  if (nan) m = NAN;
  auto ex = [](double v) -> double {
    if constexpr (std::is_same_v<T, float>) return expf_poly(static_cast<float>(v));
    else return std::exp(v);
  };
  double total = 0;
  if (log) {
    for (int64_t j = 0; j < n; j++) total += ex(static_cast<double>(x[j]) - m);
    double lse = std::log(total);
    for (int64_t j = 0; j < n; j++) o[j] = static_cast<T>(static_cast<double>(x[j]) - m - lse);
  } else {
    // Each exponential is computed once and parked in the output: ex() returns a T widened to
    // double, so storing it as T is exact and the quotients are those of computing it twice.
    // (o may alias x: x[j] is read before o[j] is written, and not read again.)
    for (int64_t j = 0; j < n; j++) {
      const T e = static_cast<T>(ex(static_cast<double>(x[j]) - m));
      o[j] = e;
      total += static_cast<double>(e);
    }
    for (int64_t j = 0; j < n; j++) o[j] = static_cast<T>(static_cast<double>(o[j]) / total);
  }
}

// ---------------------------------------------------------------------------------------------
// Tables.

template <class Op, bool Pred>
void set_unary(Kernels& k, int kind) {
  using O32 = std::conditional_t<Pred, uint8_t, float>;
  using O64 = std::conditional_t<Pred, uint8_t, double>;
  using OI = std::conditional_t<Pred, uint8_t, int32_t>;
  k.unary[kind][F32] = unary_row<float, O32, UnaryF<float, O32, Op, Pred>>;
  k.unary[kind][F64] = unary_row<double, O64, UnaryF<double, O64, Op, Pred>>;
  k.unary[kind][I32] = unary_row<int32_t, OI, UnaryF<int32_t, OI, Op, Pred>>;
  k.unary[kind][U8] = unary_row<uint8_t, uint8_t, UnaryF<uint8_t, uint8_t, Op, Pred>>;
}

template <class Op, bool Pred>
void set_binary(Kernels& k, int kind) {
  using O32 = std::conditional_t<Pred, uint8_t, float>;
  using O64 = std::conditional_t<Pred, uint8_t, double>;
  using OI = std::conditional_t<Pred, uint8_t, int32_t>;
  k.binary[kind][F32] = binary_row<float, O32, BinaryF<float, O32, Op, Pred>>;
  k.binary[kind][F64] = binary_row<double, O64, BinaryF<double, O64, Op, Pred>>;
  k.binary[kind][I32] = binary_row<int32_t, OI, BinaryF<int32_t, OI, Op, Pred>>;
  k.binary[kind][U8] = binary_row<uint8_t, uint8_t, BinaryF<uint8_t, uint8_t, Op, Pred>>;
}

template <int S, int T>
void set_copy(Kernels& k) {
  using SE = typename Elem<S>::type;
  using TE = typename Elem<T>::type;
  k.copy[S][T][0] = unary_row<SE, TE, CopyF<SE, TE, false>>;
  k.copy[S][T][1] = unary_row<SE, TE, CopyF<SE, TE, true>>;
}

template <int S>
void set_copy_from(Kernels& k) {
  set_copy<S, F32>(k);
  set_copy<S, F64>(k);
  set_copy<S, I32>(k);
  set_copy<S, U8>(k);
}

void fill_elementwise(Kernels& k) {
#define TG_SET_UNARY(E, name, F, flags, ...) set_unary<F, flags == TG_PRED>(k, U_##E);
  TG_UNARY_KINDS(TG_SET_UNARY)
#undef TG_SET_UNARY
  k.unary[U_EXP][F32] = unary_row<float, float, Fast32F<FastExp>>;
  k.unary[U_SIGMOID][F32] = unary_row<float, float, Fast32F<FastSigmoid>>;
  k.unary[U_SILU][F32] = unary_row<float, float, Fast32F<FastSilu>>;
  k.unary[U_TANH][F32] = unary_row<float, float, Fast32F<FastTanh>>;

#define TG_SET_BINARY(E, name, F, flags, ...) set_binary<F, flags == TG_PRED>(k, B_##E);
  TG_BINARY_KINDS(TG_SET_BINARY)
#undef TG_SET_BINARY

  // Rules that depend on the storage type (see the end of ops.h).
  k.binary[B_FLOOR_DIVIDE][F32] = binary_row<float, float, DivFloor<float>>;
  k.binary[B_FLOOR_DIVIDE][F64] = binary_row<double, double, DivFloor<double>>;
  k.binary[B_TRUNC_DIVIDE][F32] = binary_row<float, float, TruncDivF32>;
  k.binary[B_MUL][I32] = binary_row<int32_t, int32_t, MulI32>;
  k.binary[B_POW][I32] = binary_row<int32_t, int32_t, PowI32>;
  k.binary[B_ADD][U8] = binary_row<uint8_t, uint8_t, BoolAdd>;
  k.binary[B_MUL][U8] = binary_row<uint8_t, uint8_t, BoolMul>;
  for (int kind = 0; kind < NUM_UNARY; kind++) k.unary_i64[kind] = k.unary[kind][F64];
  for (int kind = 0; kind < NUM_BINARY; kind++) k.binary_i64[kind] = k.binary[kind][F64];
  k.unary_i64[U_NEG] = unary_row<double, double, NegI64>;
  k.binary_i64[B_MUL] = binary_row<double, double, MulI64>;
  k.binary_i64[B_POW] = binary_row<double, double, PowI64>;
  k.binary_i64[B_FMOD] = binary_row<double, double, FmodI64>;
  k.binary_i64[B_REMAINDER] = binary_row<double, double, RemainderI64>;
  k.binary_i64[B_FLOOR_DIVIDE] = binary_row<double, double, FloorDivideI64>;
  k.binary_i64[B_TRUNC_DIVIDE] = binary_row<double, double, TruncDivideI64>;

  k.where[F32] = where_row<float>;
  k.where[F64] = where_row<double>;
  k.where[I32] = where_row<int32_t>;
  k.where[U8] = where_row<uint8_t>;
  set_copy_from<F32>(k);
  set_copy_from<F64>(k);
  set_copy_from<I32>(k);
  set_copy_from<U8>(k);
  k.clamp[F32] = clamp_row<float>;
  k.clamp[F64] = clamp_row<double>;
  k.clamp[I32] = clamp_row<int32_t>;
  k.clamp[U8] = clamp_row<uint8_t>;
  k.sum[F32] = sum_run<float>;
  k.sum[F64] = sum_run<double>;
  k.sum[I32] = sum_run<int32_t>;
  k.sum[U8] = sum_run<uint8_t>;
  k.softmax[0] = softmax_row<float>;
  k.softmax[1] = softmax_row<double>;
}

}  // namespace
}  // namespace TG_ISA
}  // namespace tg
