// Kernels of torch.nn layers. The window kernels are threaded over rows of columns (im2col) or
// input planes (the rest), so that no two threads write one element and every element is summed in
// one fixed order.
#include "nn.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "common.h"
#include "pool.h"

namespace tg {
namespace {

// Elements per chunk below which splitting a loop costs more than it saves.
constexpr int64_t GRAIN = 1 << 14;

/** The window positions [lo, hi) along one axis whose element at `shift` lies inside [0, size). */
inline void inside_range(int64_t shift, int64_t stride, int64_t size, int64_t count, int64_t& lo, int64_t& hi) {
  lo = shift >= 0 ? 0 : (-shift + stride - 1) / stride;
  hi = size - 1 - shift < 0 ? 0 : (size - 1 - shift) / stride + 1;
  lo = std::min(lo, count);
  hi = std::min(std::max(hi, lo), count);
}

template <class T>
void im2col_typed(const T* x, const Windows2d& g, T* cols) {
  const int64_t L = g.OH * g.OW, plane = g.H * g.W;
  // One unit: the L columns of one kernel element (c, i, j) for one sample n.
  parallel_for(g.C * g.kh * g.kw * g.N, std::max<int64_t>(1, GRAIN / std::max<int64_t>(L, 1)), [&](int64_t u0, int64_t u1) {
    for (int64_t u = u0; u < u1; u++) {
      const int64_t n = u % g.N, k = u / g.N;
      const int64_t j = k % g.kw, i = (k / g.kw) % g.kh, c = k / (g.kw * g.kh);
      const int64_t y_shift = i * g.dh - g.ph, x_shift = j * g.dw - g.pw;
      int64_t ox0, ox1, oy0, oy1;
      inside_range(x_shift, g.sw, g.W, g.OW, ox0, ox1);
      inside_range(y_shift, g.sh, g.H, g.OH, oy0, oy1);
      const T* base = x + (n * g.C + c) * plane + x_shift;
      T* __restrict dst = cols + u * L;
      std::fill(dst, dst + oy0 * g.OW, T(0));
      if (ox0 == 0 && ox1 == g.OW && g.sw == 1) {
        // Rows wholly inside (no padding reached): plain copies the compiler vectorizes.
        for (int64_t oy = oy0; oy < oy1; oy++) {
          const T* __restrict row = base + (oy * g.sh + y_shift) * g.W;
          T* __restrict d = dst + oy * g.OW;
          for (int64_t ox = 0; ox < g.OW; ox++) d[ox] = row[ox];
        }
      } else {
        for (int64_t oy = oy0; oy < oy1; oy++) {
          const T* row = base + (oy * g.sh + y_shift) * g.W;
          T* d = dst + oy * g.OW;
          for (int64_t ox = 0; ox < ox0; ox++) d[ox] = 0;
          for (int64_t ox = ox0; ox < ox1; ox++) d[ox] = row[ox * g.sw];
          for (int64_t ox = ox1; ox < g.OW; ox++) d[ox] = 0;
        }
      }
      std::fill(dst + oy1 * g.OW, dst + L, T(0));
    }
  });
}

template <class T>
void col2im_typed(const T* cols, const Windows2d& g, T* x) {
  const int64_t L = g.OH * g.OW, plane = g.H * g.W, row_stride = g.N * L;
  const int64_t work = std::max<int64_t>(1, g.kh * g.kw * L);
  // Planes in order (c, n): consecutive planes read consecutive stretches of the same cols rows.
  parallel_for(g.N * g.C, std::max<int64_t>(1, GRAIN / work), [&](int64_t u0, int64_t u1) {
    for (int64_t u = u0; u < u1; u++) {
      const int64_t n = u % g.N, c = u / g.N;
      T* __restrict base = x + (n * g.C + c) * plane;
      std::fill(base, base + plane, T(0));
      for (int64_t i = 0; i < g.kh; i++) {
        const int64_t y_shift = i * g.dh - g.ph;
        int64_t oy0, oy1;
        inside_range(y_shift, g.sh, g.H, g.OH, oy0, oy1);
        for (int64_t j = 0; j < g.kw; j++) {
          const int64_t x_shift = j * g.dw - g.pw;
          int64_t ox0, ox1;
          inside_range(x_shift, g.sw, g.W, g.OW, ox0, ox1);
          const T* __restrict src = cols + ((c * g.kh + i) * g.kw + j) * row_stride + n * L;
          for (int64_t oy = oy0; oy < oy1; oy++) {
            T* __restrict row = base + (oy * g.sh + y_shift) * g.W + x_shift;
            const T* __restrict from = src + oy * g.OW;
            if (g.sw == 1)
              for (int64_t ox = ox0; ox < ox1; ox++) row[ox] += from[ox];
            else
              for (int64_t ox = ox0; ox < ox1; ox++) row[ox * g.sw] += from[ox];
          }
        }
      }
    }
  });
}

/** A larger value, or any NaN, takes over (ties keep the first; the last NaN wins). Branch-free. */
template <class T>
inline void consider(T v, int64_t at, T& best, int64_t& chosen) {
  const bool take = v > best || v != v;
  best = take ? v : best;
  chosen = take ? at : chosen;
}

/**
 * One plane of 2x2 max pooling with stride 2 (the common MaxPool2d(2)), as the general loop picks:
 * the first element, then each later one that is larger or NaN. Branch-free, so it vectorizes.
 */
template <class T>
void max_pool_2x2s2_plane(const T* x, const Windows2d& g, int64_t plane, T* out, int32_t* indices) {
  const int64_t W = g.W, base = plane * g.H * W;
  int64_t p = plane * g.OH * g.OW;
  for (int64_t oy = 0; oy < g.OH; oy++, p += g.OW) {
    const int64_t top = base + 2 * oy * W;
    const T* __restrict r0 = x + top;
    const T* __restrict r1 = r0 + W;
    T* __restrict o = out + p;
    int32_t* __restrict idx = indices + p;
    for (int64_t ox = 0; ox < g.OW; ox++) {
      const T a = r0[2 * ox], b = r0[2 * ox + 1], c = r1[2 * ox], d = r1[2 * ox + 1];
      T best = a;
      int32_t off = 0;
      bool t = b > best || b != b;
      best = t ? b : best;
      off = t ? 1 : off;
      t = c > best || c != c;
      best = t ? c : best;
      off = t ? static_cast<int32_t>(W) : off;
      t = d > best || d != d;
      best = t ? d : best;
      off = t ? static_cast<int32_t>(W + 1) : off;
      o[ox] = best;
      idx[ox] = static_cast<int32_t>(top + 2 * ox) + off;
    }
  }
}

/** One plane of max pooling (ATen's loop: start at the first element inside with -inf). */
template <class T>
void max_pool_plane(const T* x, const Windows2d& g, int64_t plane, T* out, int32_t* indices) {
  const int64_t base = plane * g.H * g.W;
  const bool inside = g.ph == 0 && g.pw == 0 && (g.OH - 1) * g.sh + (g.kh - 1) * g.dh < g.H &&
                      (g.OW - 1) * g.sw + (g.kw - 1) * g.dw < g.W;
  int64_t p = plane * g.OH * g.OW;
  if (inside && g.kh == 2 && g.kw == 2 && g.sh == 2 && g.sw == 2 && g.dh == 1 && g.dw == 1) {
    max_pool_2x2s2_plane(x, g, plane, out, indices);
    return;
  }
  if (inside && g.kh == 2 && g.kw == 2) {
    const int64_t down = g.dh * g.W, right = g.dw;
    for (int64_t oy = 0; oy < g.OH; oy++) {
      const int64_t top = base + oy * g.sh * g.W;
      for (int64_t ox = 0; ox < g.OW; ox++, p++) {
        int64_t at = top + ox * g.sw;
        T best = x[at];
        consider(x[at + right], at + right, best, at);
        const int64_t q = top + ox * g.sw + down;
        consider(x[q], q, best, at);
        consider(x[q + right], q + right, best, at);
        out[p] = best;
        indices[p] = static_cast<int32_t>(at);
      }
    }
    return;
  }
  for (int64_t oy = 0; oy < g.OH; oy++) {
    int64_t y0 = oy * g.sh - g.ph;
    const int64_t y1 = std::min(y0 + (g.kh - 1) * g.dh + 1, g.H);
    while (y0 < 0) y0 += g.dh;
    for (int64_t ox = 0; ox < g.OW; ox++, p++) {
      int64_t x0 = ox * g.sw - g.pw;
      const int64_t x1 = std::min(x0 + (g.kw - 1) * g.dw + 1, g.W);
      while (x0 < 0) x0 += g.dw;
      int64_t at = base + y0 * g.W + x0;
      T best = -INFINITY;
      for (int64_t y = y0; y < y1; y += g.dh) {
        const int64_t row = base + y * g.W;
        for (int64_t xx = x0; xx < x1; xx += g.dw) consider(x[row + xx], row + xx, best, at);
      }
      out[p] = best;
      indices[p] = static_cast<int32_t>(at);
    }
  }
}

template <class T>
void max_pool_typed(const T* x, const Windows2d& g, T* out, int32_t* indices) {
  const int64_t work = std::max<int64_t>(1, g.H * g.W);
  parallel_for(g.N * g.C, std::max<int64_t>(1, GRAIN / work), [&](int64_t p0, int64_t p1) {
    for (int64_t p = p0; p < p1; p++) max_pool_plane(x, g, p, out, indices);
  });
}

template <class T>
void max_pool_backward_typed(const T* grad, const int32_t* indices, const Windows2d& g, T* gx) {
  const int64_t plane = g.H * g.W, L = g.OH * g.OW;
  parallel_for(g.N * g.C, std::max<int64_t>(1, GRAIN / std::max<int64_t>(1, plane)), [&](int64_t p0, int64_t p1) {
    std::fill(gx + p0 * plane, gx + p1 * plane, T(0));
    for (int64_t p = p0 * L; p < p1 * L; p++) gx[indices[p]] += grad[p];
  });
}

template <class T>
void threshold_backward_typed(const T* grad, const T* x, T threshold, int64_t n, T* out) {
  parallel_for(n, 1 << 15, [&](int64_t b, int64_t e) {
    const T* __restrict g = grad;
    const T* __restrict xs = x;
    T* __restrict o = out;
    // Both loads unconditional, so the select vectorizes (ReLU inputs have random signs: a
    // branch would mispredict half the time).
    for (int64_t i = b; i < e; i++) {
      const T gi = g[i];
      o[i] = xs[i] <= threshold ? T(0) : gi;
    }
  });
}

/** Mean and 1 / sqrt(variance + eps) of one row, in double, summed in order. */
template <class T>
inline void row_moments(const T* x, int64_t n, double eps, double& mean, double& rstd) {
  double s = 0;
  for (int64_t j = 0; j < n; j++) s += static_cast<double>(x[j]);
  mean = s / static_cast<double>(n);
  double v = 0;
  for (int64_t j = 0; j < n; j++) {
    const double c = static_cast<double>(x[j]) - mean;
    v += c * c;
  }
  rstd = 1.0 / std::sqrt(v / static_cast<double>(n) + eps);
}

template <class T>
void layer_norm_typed(const T* x, const T* w, const T* b, int64_t rows, int64_t n, double eps, T* out) {
  parallel_for(rows, std::max<int64_t>(1, (1 << 14) / std::max<int64_t>(1, n)), [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; r++) {
      const T* xr = x + r * n;
      T* o = out + r * n;
      double mean, rstd;
      row_moments(xr, n, eps, mean, rstd);
      for (int64_t j = 0; j < n; j++) {
        double y = (static_cast<double>(xr[j]) - mean) * rstd;
        if (w) y = y * static_cast<double>(w[j]);
        if (b) y = y + static_cast<double>(b[j]);
        o[j] = static_cast<T>(y);
      }
    }
  });
}

template <class T>
void layer_norm_backward_typed(const T* g, const T* x, const T* w, int64_t rows, int64_t n, double eps, T* gx, T* gw,
                               T* gb) {
  if (gx) {
    parallel_for(rows, std::max<int64_t>(1, (1 << 13) / std::max<int64_t>(1, n)), [&](int64_t r0, int64_t r1) {
      for (int64_t r = r0; r < r1; r++) {
        const T* xr = x + r * n;
        const T* gr = g + r * n;
        double mean, rstd;
        row_moments(xr, n, eps, mean, rstd);
        // gx = rstd (gw - mean(gw) - xhat mean(gw xhat)), gw = g w
        double s1 = 0, s2 = 0;
        for (int64_t j = 0; j < n; j++) {
          const double gwj = w ? static_cast<double>(gr[j]) * static_cast<double>(w[j]) : static_cast<double>(gr[j]);
          s1 += gwj;
          s2 += gwj * ((static_cast<double>(xr[j]) - mean) * rstd);
        }
        const double m1 = s1 / static_cast<double>(n), m2 = s2 / static_cast<double>(n);
        T* o = gx + r * n;
        for (int64_t j = 0; j < n; j++) {
          const double gwj = w ? static_cast<double>(gr[j]) * static_cast<double>(w[j]) : static_cast<double>(gr[j]);
          const double xhat = (static_cast<double>(xr[j]) - mean) * rstd;
          o[j] = static_cast<T>((gwj - m1 - xhat * m2) * rstd);
        }
      }
    });
  }
  if (gw || gb) {
    // Column sums over the rows, in row order (one thread: the sums must not depend on threading).
    std::vector<double> aw(gw ? n : 0, 0.0), ab(gb ? n : 0, 0.0);
    for (int64_t r = 0; r < rows; r++) {
      const T* xr = x + r * n;
      const T* gr = g + r * n;
      double mean = 0, rstd = 0;
      if (gw) row_moments(xr, n, eps, mean, rstd);
      for (int64_t j = 0; j < n; j++) {
        if (gw) aw[j] += static_cast<double>(gr[j]) * ((static_cast<double>(xr[j]) - mean) * rstd);
        if (gb) ab[j] += static_cast<double>(gr[j]);
      }
    }
    for (int64_t j = 0; j < n; j++) {
      if (gw) gw[j] = static_cast<T>(aw[j]);
      if (gb) gb[j] = static_cast<T>(ab[j]);
    }
  }
}

template <class T>
void softmax_backward_typed(const T* g, const T* y, int64_t rows, int64_t n, T* out) {
  parallel_for(rows, std::max<int64_t>(1, (1 << 14) / std::max<int64_t>(1, n)), [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; r++) {
      const T* gr = g + r * n;
      const T* yr = y + r * n;
      // Four partial sums, folded in a fixed order (the TypeScript backend sums alike).
      double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      int64_t j = 0;
      for (; j + 4 <= n; j += 4) {
        s0 += static_cast<double>(gr[j]) * static_cast<double>(yr[j]);
        s1 += static_cast<double>(gr[j + 1]) * static_cast<double>(yr[j + 1]);
        s2 += static_cast<double>(gr[j + 2]) * static_cast<double>(yr[j + 2]);
        s3 += static_cast<double>(gr[j + 3]) * static_cast<double>(yr[j + 3]);
      }
      for (; j < n; j++) s0 += static_cast<double>(gr[j]) * static_cast<double>(yr[j]);
      const double s = (s0 + s1) + (s2 + s3);
      T* o = out + r * n;
      for (j = 0; j < n; j++) o[j] = static_cast<T>(static_cast<double>(yr[j]) * (static_cast<double>(gr[j]) - s));
    }
  });
}

}  // namespace

void softmax_backward(const void* g, const void* y, int dtype, int64_t rows, int64_t n, void* out) {
  if (dtype == F32)
    softmax_backward_typed(static_cast<const float*>(g), static_cast<const float*>(y), rows, n, static_cast<float*>(out));
  else
    softmax_backward_typed(static_cast<const double*>(g), static_cast<const double*>(y), rows, n,
                           static_cast<double*>(out));
}

void layer_norm(const void* x, const void* w, const void* b, int dtype, int64_t rows, int64_t n, double eps, void* out) {
  if (dtype == F32)
    layer_norm_typed(static_cast<const float*>(x), static_cast<const float*>(w), static_cast<const float*>(b), rows, n,
                     eps, static_cast<float*>(out));
  else
    layer_norm_typed(static_cast<const double*>(x), static_cast<const double*>(w), static_cast<const double*>(b), rows,
                     n, eps, static_cast<double*>(out));
}

void layer_norm_backward(const void* g, const void* x, const void* w, int dtype, int64_t rows, int64_t n, double eps,
                         void* gx, void* gw, void* gb) {
  if (dtype == F32)
    layer_norm_backward_typed(static_cast<const float*>(g), static_cast<const float*>(x), static_cast<const float*>(w),
                              rows, n, eps, static_cast<float*>(gx), static_cast<float*>(gw), static_cast<float*>(gb));
  else
    layer_norm_backward_typed(static_cast<const double*>(g), static_cast<const double*>(x),
                              static_cast<const double*>(w), rows, n, eps, static_cast<double*>(gx),
                              static_cast<double*>(gw), static_cast<double*>(gb));
}

void threshold_backward(const void* grad, const void* x, int dtype, double threshold, int64_t n, void* out) {
  if (dtype == F32)
    threshold_backward_typed(static_cast<const float*>(grad), static_cast<const float*>(x), static_cast<float>(threshold),
                             n, static_cast<float*>(out));
  else
    threshold_backward_typed(static_cast<const double*>(grad), static_cast<const double*>(x), threshold, n,
                             static_cast<double*>(out));
}

void im2col(const void* x, int dtype, const Windows2d& g, void* cols) {
  if (dtype == F32)
    im2col_typed(static_cast<const float*>(x), g, static_cast<float*>(cols));
  else
    im2col_typed(static_cast<const double*>(x), g, static_cast<double*>(cols));
}

void col2im(const void* cols, int dtype, const Windows2d& g, void* x) {
  if (dtype == F32)
    col2im_typed(static_cast<const float*>(cols), g, static_cast<float*>(x));
  else
    col2im_typed(static_cast<const double*>(cols), g, static_cast<double*>(x));
}

void max_pool2d(const void* x, int dtype, const Windows2d& g, void* out, int32_t* indices) {
  if (dtype == F32)
    max_pool_typed(static_cast<const float*>(x), g, static_cast<float*>(out), indices);
  else
    max_pool_typed(static_cast<const double*>(x), g, static_cast<double*>(out), indices);
}

int64_t max_pool2d_backward(const void* grad, int dtype, const int32_t* indices, const Windows2d& g, void* gx) {
  const int64_t plane = g.H * g.W, L = g.OH * g.OW;
  for (int64_t q = 0, p = 0; q < g.N * g.C; q++) {
    const int64_t lo = q * plane, hi = lo + plane;
    for (const int64_t end = p + L; p < end; p++)
      if (indices[p] < lo || indices[p] >= hi) return p;
  }
  if (dtype == F32)
    max_pool_backward_typed(static_cast<const float*>(grad), indices, g, static_cast<float*>(gx));
  else
    max_pool_backward_typed(static_cast<const double*>(grad), indices, g, static_cast<double*>(gx));
  return -1;
}

}  // namespace tg
