// Reductions, scans, softmax, take and put. Each output's elements are folded in the order the
// TypeScript backend folds them (increasing flat index over the reduced dims), so results that
// depend on order (first index of a max, NaN propagation, -0 vs +0) are identical.
#include <algorithm>
#include <cmath>
#include <type_traits>
#include <cstring>
#include <vector>

#include "backend.h"
#include "pool.h"

namespace tg {
namespace {

/** Calls f(dtype constant) with the element type of dtype dt. */
template <class F>
void dispatch(int dt, const F& f) {
  switch (dt) {
    case F32: f(Elem<F32>{}); break;
    case F64: f(Elem<F64>{}); break;
    case I32: f(Elem<I32>{}); break;
    default: f(Elem<U8>{}); break;
  }
}

void store(void* out, int dt, int64_t i, double v) {
  switch (dt) {
    case F32: static_cast<float*>(out)[i] = js_store<float>(v); break;
    case F64: static_cast<double*>(out)[i] = v; break;
    case I32: static_cast<int32_t*>(out)[i] = js_store<int32_t>(v); break;
    default: static_cast<uint8_t*>(out)[i] = js_store<uint8_t>(v); break;
  }
}

/** Leading and trailing parts of a view, each collapsed. */
struct Split {
  Loop lead, red;
  int64_t nout, n;
};

Split split(int nd, const int64_t* shape, const int64_t* strides, int trailing) {
  Split s;
  int lead = nd - trailing;
  const int64_t* ls[1] = {strides};
  const int64_t* rs[1] = {strides + lead};
  collapse(lead, shape, 1, ls, s.lead);
  collapse(trailing, shape + lead, 1, rs, s.red);
  s.nout = 1;
  for (int d = 0; d < lead; d++) s.nout *= shape[d];
  s.n = 1;
  for (int d = lead; d < nd; d++) s.n *= shape[d];
  return s;
}

/** Offset (elements) of flat index i of a collapsed loop (operand 0). */
int64_t offset_of(const Loop& l, int64_t i) {
  int64_t off = 0;
  for (int d = l.nd - 1; d >= 0; d--) {
    off += (i % l.shape[d]) * l.strides[0][d];
    i /= l.shape[d];
  }
  return off;
}

/** Visits the n elements of a collapsed loop in order: f(value, j) returns true to stop. */
template <class T, class F>
void visit(const T* base, const Loop& l, int64_t n, F& f) {
  if (l.nd == 1) {
    const int64_t s = l.strides[0][0];
    for (int64_t j = 0; j < n; j++)
      if (f(static_cast<double>(base[j * s]), j)) return;
    return;
  }
  int64_t idx[MAX_DIMS] = {0};
  const int nd = l.nd;
  const int64_t inner = l.shape[nd - 1], s = l.strides[0][nd - 1];
  const T* p = base;
  for (int64_t j0 = 0; j0 < n; j0 += inner) {
    for (int64_t j = 0; j < inner; j++)
      if (f(static_cast<double>(p[j * s]), j0 + j)) return;
    for (int d = nd - 2; d >= 0; d--) {
      p += l.strides[0][d];
      if (++idx[d] < l.shape[d]) break;
      p -= l.strides[0][d] * l.shape[d];
      idx[d] = 0;
    }
  }
}

/** The fold of one output, as a double. */
template <class T>
double fold(int kind, const T* base, const Loop& red, int64_t n) {
  switch (kind) {
    case R_SUM:
    case R_MEAN: {
      double acc = 0;
      auto f = [&](double v, int64_t) { acc += v; return false; };
      visit(base, red, n, f);
      return kind == R_MEAN ? acc / static_cast<double>(n) : acc;
    }
    case R_PROD: {
      double acc = 1;
      auto f = [&](double v, int64_t) { acc *= v; return false; };
      visit(base, red, n, f);
      return acc;
    }
    case R_MAX:
    case R_MIN:
    case R_ARGMAX:
    case R_ARGMIN: {
      const bool is_max = kind == R_MAX || kind == R_ARGMAX;
      const bool want_index = kind == R_ARGMAX || kind == R_ARGMIN;
      double best = is_max ? -HUGE_VAL : HUGE_VAL;
      int64_t at = 0;
      bool nan = false;
      auto f = [&](double v, int64_t j) {
        if (v != v) {
          nan = true;
          at = j;
          return true;
        }
        if (is_max ? v > best : v < best) {
          best = v;
          at = j;
        }
        return false;
      };
      visit(base, red, n, f);
      if (want_index) return static_cast<double>(at);
      return nan ? NAN : best;
    }
    case R_ALL: {
      double r = 1;
      auto f = [&](double v, int64_t) { if (v == 0) { r = 0; return true; } return false; };
      visit(base, red, n, f);
      return r;
    }
    default: {
      double r = 0;
      auto f = [&](double v, int64_t) { if (v != 0) { r = 1; return true; } return false; };
      visit(base, red, n, f);
      return r;
    }
  }
}

// Chunk length of one output's sum when it is split across threads; fixed so results do not
// depend on the thread count.
constexpr int64_t SUM_CHUNK = 1 << 15;

template <class T>
void reduce_typed(int kind, const Split& s, const T* base, void* out, int out_dt) {
  const int64_t nout = s.nout, n = s.n;
  const bool contiguous = s.red.nd == 1 && s.red.strides[0][0] == 1;
  if ((kind == R_SUM || kind == R_MEAN) && contiguous && n > 0) {
    SumRun sum = kernels().sum[dtype_of<T>()];
    if (nout < num_threads() && n >= 2 * SUM_CHUNK) {
      const int64_t chunks = (n + SUM_CHUNK - 1) / SUM_CHUNK;
      std::vector<double> partial(static_cast<size_t>(chunks));
      for (int64_t o = 0; o < nout; o++) {
        const T* row = base + offset_of(s.lead, o);
        parallel_for(chunks, 1, [&](int64_t b, int64_t e) {
          for (int64_t c = b; c < e; c++)
            partial[c] = sum(std::min(SUM_CHUNK, n - c * SUM_CHUNK), row + c * SUM_CHUNK);
        });
        double total = 0;
        for (double p : partial) total += p;
        store(out, out_dt, o, kind == R_MEAN ? total / static_cast<double>(n) : total);
      }
      return;
    }
    parallel_for(nout, std::max<int64_t>(1, (1 << 15) / n), [&](int64_t b, int64_t e) {
      for (int64_t o = b; o < e; o++) {
        double t = sum(n, base + offset_of(s.lead, o));
        store(out, out_dt, o, kind == R_MEAN ? t / static_cast<double>(n) : t);
      }
    });
    return;
  }
  const bool lead_unit = s.lead.nd == 1 && s.lead.strides[0][0] == 1 && nout > 1;
  if ((kind == R_SUM || kind == R_MEAN) && lead_unit && !contiguous && n > 0) {
    // Columns: the kept dim is the contiguous one, so fold whole rows of outputs at a time.
    parallel_for(nout, std::max<int64_t>(64, (1 << 15) / std::max<int64_t>(1, n)), [&](int64_t b, int64_t e) {
      std::vector<double> acc(static_cast<size_t>(e - b), 0.0);
      double* a = acc.data();
      const int64_t len = e - b;
      auto f = [&](const T* p) {
        for (int64_t i = 0; i < len; i++) a[i] += static_cast<double>(p[i]);
      };
      if (s.red.nd == 1) {
        for (int64_t j = 0; j < n; j++) f(base + b + j * s.red.strides[0][0]);
      } else {
        for (int64_t j = 0; j < n; j++) f(base + b + offset_of(s.red, j));
      }
      for (int64_t i = 0; i < len; i++) store(out, out_dt, b + i, kind == R_MEAN ? a[i] / static_cast<double>(n) : a[i]);
    });
    return;
  }
  parallel_for(nout, std::max<int64_t>(1, (1 << 14) / std::max<int64_t>(1, n)), [&](int64_t b, int64_t e) {
    for (int64_t o = b; o < e; o++) store(out, out_dt, o, fold<T>(kind, base + offset_of(s.lead, o), s.red, n));
  });
}

template <class T>
void scan_typed(int kind, const Split& s, const T* base, T* out) {
  const int64_t n = s.n;
  const int64_t stride = s.red.strides[0][0];
  parallel_for(s.nout, std::max<int64_t>(1, (1 << 14) / std::max<int64_t>(1, n)), [&](int64_t b, int64_t e) {
    for (int64_t o = b; o < e; o++) {
      const T* x = base + offset_of(s.lead, o);
      T* y = out + o * n;
      double acc;
      switch (kind) {
        case S_CUMSUM:
          acc = 0;
          for (int64_t j = 0; j < n; j++) y[j] = js_store<T>(acc += static_cast<double>(x[j * stride]));
          break;
        case S_CUMPROD:
          acc = 1;
          for (int64_t j = 0; j < n; j++) y[j] = js_store<T>(acc *= static_cast<double>(x[j * stride]));
          break;
        case S_CUMMAX:
        case S_CUMMIN: {
          const bool is_max = kind == S_CUMMAX;
          acc = is_max ? -HUGE_VAL : HUGE_VAL;
          for (int64_t j = 0; j < n; j++) {
            double v = static_cast<double>(x[j * stride]);
            acc = v != v || acc != acc ? NAN : (is_max ? v >= acc : v <= acc) ? v : acc;
            y[j] = js_store<T>(acc);
          }
          break;
        }
        default:
          acc = -HUGE_VAL;
          for (int64_t j = 0; j < n; j++) {
            double v = static_cast<double>(x[j * stride]);
            double m = std::max(acc, v);
            if (v != v || acc != acc) m = NAN;
            acc = m == -HUGE_VAL ? m : m + std::log(std::exp(acc - m) + std::exp(v - m));
            y[j] = js_store<T>(acc);
          }
          break;
      }
    }
  });
}

template <class T>
void softmax_typed(const Split& s, const T* base, bool log, T* out) {
  const int64_t n = s.n;
  const int64_t stride = s.red.strides[0][0];
  SoftmaxRow row = kernels().softmax[std::is_same_v<T, float> ? 0 : 1];
  parallel_for(s.nout, std::max<int64_t>(1, (1 << 12) / std::max<int64_t>(1, n)), [&](int64_t b, int64_t e) {
    std::vector<T> gathered(stride == 1 ? 0 : static_cast<size_t>(n));
    for (int64_t o = b; o < e; o++) {
      const T* x = base + offset_of(s.lead, o);
      if (stride != 1) {
        for (int64_t j = 0; j < n; j++) gathered[j] = x[j * stride];
        x = gathered.data();
      }
      row(n, x, out + o * n, log);
    }
  });
}

template <class T, class O>
int64_t check_offsets(const O* off, int64_t n, int64_t len) {
  for (int64_t i = 0; i < n; i++) {
    O v = off[i];
    if (!(v >= 0 && v < static_cast<O>(len))) return i;
    if constexpr (std::is_same_v<O, double>)
      if (v != std::floor(v)) return i;
  }
  return -1;
}

}  // namespace

void reduce(int kind, int nd, const int64_t* shape, const Operand& x, int reduced, void* out, int out_dtype) {
  Split s = split(nd, shape, x.strides, reduced);
  if (s.nout == 0) return;
  dispatch(x.dtype, [&](auto e) {
    using T = typename decltype(e)::type;
    reduce_typed<T>(kind, s, reinterpret_cast<const T*>(x.data) + x.offset, out, out_dtype);
  });
}

void scan(int kind, int nd, const int64_t* shape, const Operand& x, void* out) {
  Split s = split(nd, shape, x.strides, 1);
  if (s.nout == 0 || s.n == 0) return;
  dispatch(x.dtype, [&](auto e) {
    using T = typename decltype(e)::type;
    scan_typed<T>(kind, s, reinterpret_cast<const T*>(x.data) + x.offset, static_cast<T*>(out));
  });
}

void softmax(int nd, const int64_t* shape, const Operand& x, bool log, void* out) {
  Split s = split(nd, shape, x.strides, 1);
  if (s.nout == 0 || s.n == 0) return;
  if (x.dtype == F32)
    softmax_typed<float>(s, reinterpret_cast<const float*>(x.data) + x.offset, log, static_cast<float*>(out));
  else
    softmax_typed<double>(s, reinterpret_cast<const double*>(x.data) + x.offset, log, static_cast<double*>(out));
}

int64_t take(const void* src, int dtype, int64_t src_len, const void* offsets, int offsets_dtype, int64_t n,
             void* out) {
  int64_t bad = -1;
  dispatch(dtype, [&](auto e) {
    using T = typename decltype(e)::type;
    const T* s = static_cast<const T*>(src);
    T* o = static_cast<T*>(out);
    auto run = [&](auto* off) {
      bad = check_offsets<T>(off, n, src_len);
      if (bad >= 0) return;
      parallel_for(n, 1 << 15, [&](int64_t b, int64_t e2) {
        for (int64_t i = b; i < e2; i++) o[i] = s[static_cast<int64_t>(off[i])];
      });
    };
    if (offsets_dtype == I32) run(static_cast<const int32_t*>(offsets));
    else run(static_cast<const double*>(offsets));
  });
  return bad;
}

int64_t put(void* dst, int dtype, int64_t dst_len, const void* offsets, int offsets_dtype, int64_t n,
            const void* values, bool accumulate) {
  int64_t bad = -1;
  dispatch(dtype, [&](auto e) {
    using T = typename decltype(e)::type;
    T* d = static_cast<T*>(dst);
    const T* v = static_cast<const T*>(values);
    auto run = [&](auto* off) {
      bad = check_offsets<T>(off, n, dst_len);
      if (bad >= 0) return;
      // Sequential: with repeated offsets the last write (or every addition, in order) counts.
      if (accumulate)
        for (int64_t i = 0; i < n; i++) {
          T& slot = d[static_cast<int64_t>(off[i])];
          slot = js_store<T>(static_cast<double>(slot) + static_cast<double>(v[i]));
        }
      else
        for (int64_t i = 0; i < n; i++) d[static_cast<int64_t>(off[i])] = v[i];
    };
    if (offsets_dtype == I32) run(static_cast<const int32_t*>(offsets));
    else run(static_cast<const double*>(offsets));
  });
  return bad;
}

}  // namespace tg
