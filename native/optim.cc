// Fused optimizer updates (see Note [Fused updates] in src/optim/optimizer.ts): each parameter's
// whole update in one pass over its storage, rounding as the TypeScript loop does.
//
// The TypeScript loop computes in double and rounds to float32 after every op. For float32
// operands a single + - * / or sqrt computed in double and rounded equals the float op (double has
// more than 2·24 + 2 bits), so those run in float here. The one composite step, `a + b·c` (ATen's
// add_(x, alpha), one rounding), is computed in double as there. float64 parameters round nowhere.
#include <cmath>

#include "backend.h"
#include "pool.h"

namespace tg {
namespace {

template <class T>
T fused_add(T a, T b, T c) {
  return static_cast<T>(static_cast<double>(a) + static_cast<double>(b) * static_cast<double>(c));
}

template <class T>
void adam_range(const AdamArgs& s, T* param, const T* grad, T* m, T* v, T* vmax, int64_t begin, int64_t end) {
  const T b1 = static_cast<T>(s.beta1), omb1 = static_cast<T>(s.omb1);
  const T b2 = static_cast<T>(s.beta2), omb2 = static_cast<T>(s.omb2);
  const T wd = static_cast<T>(s.weight_decay), decay = static_cast<T>(s.decay);
  const T eps = static_cast<T>(s.eps), neg_step = static_cast<T>(s.neg_step_size);
  const T bc2 = static_cast<T>(s.bias_correction2_sqrt), sign = static_cast<T>(s.sign);
  const bool decoupled = s.decay != 1, coupled = s.weight_decay != 0;
  for (int64_t i = begin; i < end; i++) {
    T g = sign * grad[i];
    T p = param[i];
    if (decoupled) p = p * decay;
    if (coupled) g = fused_add(g, p, wd);
    const T mi = fused_add(m[i] * b1, g, omb1);
    m[i] = mi;
    T vi = v[i] * b2 + (omb2 * g) * g;
    v[i] = vi;
    if (vmax) {
      const T a = vmax[i];
      vi = std::isnan(a) || std::isnan(vi) ? NAN : (a > vi ? a : vi);
      vmax[i] = vi;
    }
    const T denom = std::sqrt(vi) / bc2 + eps;
    param[i] = p + (neg_step * mi) / denom;
  }
}

template <class T>
void adam_typed(const AdamArgs& s, void* param, const void* grad, void* m, void* v, void* vmax, int64_t n) {
  parallel_for(n, 1 << 14, [&](int64_t b, int64_t e) {
    adam_range<T>(s, static_cast<T*>(param), static_cast<const T*>(grad), static_cast<T*>(m), static_cast<T*>(v),
                  static_cast<T*>(vmax), b, e);
  });
}

}  // namespace

void adam(int dtype, const AdamArgs& s, void* param, const void* grad, void* m, void* v, void* vmax, int64_t n) {
  if (dtype == F32)
    adam_typed<float>(s, param, grad, m, v, vmax, n);
  else
    adam_typed<double>(s, param, grad, m, v, vmax, n);
}

}  // namespace tg
