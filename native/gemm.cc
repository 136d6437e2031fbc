// Matrix products. GEMM follows the BLIS loop structure: C is cut into nc-wide column panels; for
// each kc-deep slice of K, a kc x nc block of B is packed into NR-wide micro-panels (kept in L3/L2)
// and each mc x kc block of A into MR-tall micro-panels (kept in L2); the micro-kernel then sweeps
// MR x NR tiles with one B micro-panel resident in L1. Packing reads any strides, so transposed
// operands cost nothing extra. Threads pack each B block together, then claim row blocks of C
// (see Gemm::blocked).
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "backend.h"
#include "pool.h"

namespace tg {
namespace {

template <class T>
struct AlignedBuffer {
  T* ptr = nullptr;
  size_t cap = 0;
  T* get(size_t n) {
    if (n > cap) {
      std::free(ptr);
      size_t bytes = (n * sizeof(T) + 63) / 64 * 64;
      ptr = static_cast<T*>(std::aligned_alloc(64, bytes));
      cap = ptr ? n : 0;
    }
    return ptr;
  }
  ~AlignedBuffer() { std::free(ptr); }
};

/** Packs rows [0, mc) x cols [0, kc) of A into MR-tall panels, each [kc][MR], zero-padded. */
template <class T>
void pack_a(const T* a, int64_t sa0, int64_t sa1, int64_t mc, int64_t kc, int mr, T* dst) {
  for (int64_t i0 = 0; i0 < mc; i0 += mr) {
    int64_t rows = std::min<int64_t>(mr, mc - i0);
    const T* src = a + i0 * sa0;
    if (rows == mr && sa0 == 1) {
      for (int64_t k = 0; k < kc; k++) std::memcpy(dst + k * mr, src + k * sa1, mr * sizeof(T));
    } else {
      for (int64_t r = 0; r < rows; r++) {
        const T* row = src + r * sa0;
        for (int64_t k = 0; k < kc; k++) dst[k * mr + r] = row[k * sa1];
      }
      for (int64_t r = rows; r < mr; r++)
        for (int64_t k = 0; k < kc; k++) dst[k * mr + r] = 0;
    }
    dst += mr * kc;
  }
}

/** Packs rows [0, kc) x cols [0, nc) of B into NR-wide panels, each [kc][NR], zero-padded. */
template <class T>
void pack_b(const T* b, int64_t sb0, int64_t sb1, int64_t kc, int64_t nc, int nr, T* dst) {
  for (int64_t j0 = 0; j0 < nc; j0 += nr) {
    int64_t cols = std::min<int64_t>(nr, nc - j0);
    const T* src = b + j0 * sb1;
    if (cols == nr && sb1 == 1) {
      for (int64_t k = 0; k < kc; k++) std::memcpy(dst + k * nr, src + k * sb0, nr * sizeof(T));
    } else {
      for (int64_t c = 0; c < cols; c++) {
        const T* col = src + c * sb1;
        for (int64_t k = 0; k < kc; k++) dst[k * nr + c] = col[k * sb0];
      }
      for (int64_t c = cols; c < nr; c++)
        for (int64_t k = 0; k < kc; k++) dst[k * nr + c] = 0;
    }
    dst += nr * kc;
  }
}

template <class T>
struct Gemm {
  const GemmConfig<T>& cfg;
  int64_t M, N, K;
  const T* a;
  int64_t sa0, sa1;
  const T* b;
  int64_t sb0, sb1;
  T* c;
  int64_t ldc;

  /**
   * C[i0:i1, jc + p0 * nr : jc + p1 * nr] (+)= A[i0:i1, pc:pc+kc] * the packed B micro-panels
   * [p0, p1) of bp. The A rows are packed here, into this thread's buffer.
   */
  void task(const T* bp, int64_t jc, int64_t nc, int64_t pc, int64_t kc, int64_t i0, int64_t i1, int64_t p0,
            int64_t p1) const {
    static thread_local AlignedBuffer<T> abuf;
    const int mr = cfg.mr, nr = cfg.nr;
    const bool acc = pc > 0;
    const int64_t mc = i1 - i0;
    T* ap = abuf.get(static_cast<size_t>((mc + mr - 1) / mr * mr * kc));
    if (!ap) return;
    pack_a(a + i0 * sa0 + pc * sa1, sa0, sa1, mc, kc, mr, ap);
    alignas(64) T tile[32 * 32];
    for (int64_t jr = p0 * nr; jr < std::min(nc, p1 * nr); jr += nr) {
      const int64_t n = std::min<int64_t>(nr, nc - jr);
      const T* bpanel = bp + jr * kc;
      for (int64_t ir = 0; ir < mc; ir += mr) {
        const int64_t m = std::min<int64_t>(mr, mc - ir);
        T* cp = c + (i0 + ir) * ldc + jc + jr;
        const T* apanel = ap + ir * kc;
        if (m == mr && n == nr) {
          cfg.kernel(kc, apanel, bpanel, cp, ldc, acc);
        } else {
          cfg.kernel(kc, apanel, bpanel, tile, nr, false);
          for (int64_t r = 0; r < m; r++)
            for (int64_t q = 0; q < n; q++) cp[r * ldc + q] = acc ? cp[r * ldc + q] + tile[r * nr + q] : tile[r * nr + q];
        }
      }
    }
  }

  /**
   * The BLIS loops over nc-wide column blocks and kc-deep slices: the B block is packed by all
   * threads together into the caller's buffer, then C's rows (and, if there are few, its columns)
   * are cut into tasks that threads claim as they get to them. Tasks are small enough (up to
   * sixteen per thread, of at least a megaflop) that a thread the OS preempts or starts late
   * leaves little for the others to wait on at the end of a slice.
   */
  void blocked(int threads) const {
    static thread_local AlignedBuffer<T> bbuf;  // the calling thread's; workers read it during a slice
    const int mr = cfg.mr, nr = cfg.nr;
    const int64_t MC = cfg.mc, KC = cfg.kc, NC = cfg.nc;
    T* bp = bbuf.get(static_cast<size_t>(std::min(KC, K) * std::min<int64_t>(NC, (N + nr - 1) / nr * nr)));
    if (!bp) return;
    const double flops = 2.0 * M * N * K;
    const int64_t want = threads > 1 ? std::max<int64_t>(1, std::min<int64_t>(16 * threads, static_cast<int64_t>(flops / 1e6))) : 1;
    const int64_t units = (M + mr - 1) / mr;  // row micro-panels
    // Row blocks of at most MC rows; more (down to 4 micro-panels each) when there is work to share.
    const int64_t rb = std::min(units, std::max((M + MC - 1) / MC, std::min(want, (units + 3) / 4)));
    for (int64_t jc = 0; jc < N; jc += NC) {
      const int64_t nc = std::min(NC, N - jc);
      const int64_t panels = (nc + nr - 1) / nr;
      const int64_t cb = std::max<int64_t>(1, std::min((want + rb - 1) / rb, panels / 2));
      for (int64_t pc = 0; pc < K; pc += KC) {
        const int64_t kc = std::min(KC, K - pc);
        parallel_for(panels, std::max<int64_t>(1, 16384 / (kc * nr)), [&](int64_t p0, int64_t p1) {
          const int64_t j0 = p0 * nr, j1 = std::min(nc, p1 * nr);
          pack_b(b + pc * sb0 + (jc + j0) * sb1, sb0, sb1, kc, j1 - j0, nr, bp + j0 * kc);
        });
        parallel_tasks(rb * cb, [&](int64_t t) {
          const int64_t r = t / cb, q = t % cb;
          const int64_t i0 = std::min(M, units * r / rb * mr), i1 = std::min(M, units * (r + 1) / rb * mr);
          if (i0 < i1) task(bp, jc, nc, pc, kc, i0, i1, panels * q / cb, panels * (q + 1) / cb);
        });
      }
    }
  }

  /** Matrix-vector shapes, where padding to NR (or MR) would waste the micro-kernel. */
  void gemv_n1(int64_t i0, int64_t i1) const {
    for (int64_t i = i0; i < i1; i++) {
      const T* row = a + i * sa0;
      double s = 0;
      for (int64_t k = 0; k < K; k++) s += static_cast<double>(row[k * sa1]) * static_cast<double>(b[k * sb0]);
      c[i * ldc] = static_cast<T>(s);
    }
  }
  void gemv_m1(int64_t j0, int64_t j1) const {
    for (int64_t j = j0; j < j1; j++) c[j] = 0;
    for (int64_t k = 0; k < K; k++) {
      const T av = a[k * sa1];
      const T* brow = b + k * sb0;
      if (sb1 == 1)
        for (int64_t j = j0; j < j1; j++) c[j] += av * brow[j];
      else
        for (int64_t j = j0; j < j1; j++) c[j] += av * brow[j * sb1];
    }
  }

  void run(bool parallel) const {
    const double flops = 2.0 * M * N * K;
    int threads = parallel && flops > 2e6 ? num_threads() : 1;
    if (N == 1) {
      parallel_for(M, threads > 1 ? std::max<int64_t>(1, M / threads) : M, [&](int64_t s, int64_t e) { gemv_n1(s, e); });
      return;
    }
    if (M == 1) {
      parallel_for(N, threads > 1 ? std::max<int64_t>(64, N / threads) : N, [&](int64_t s, int64_t e) { gemv_m1(s, e); });
      return;
    }
    blocked(threads);
  }
};

template <class T>
void matmul_typed(const GemmConfig<T>& cfg, int nd, const int64_t* as, const Operand& A, const int64_t* bs,
                  const Operand& B, T* out) {
  const int64_t M = as[nd - 2], K = as[nd - 1], N = bs[nd - 1];
  int64_t batch = 1;
  for (int d = 0; d < nd - 2; d++) batch *= as[d];
  if (batch == 0 || M == 0 || N == 0) return;
  if (K == 0) {
    std::fill(out, out + batch * M * N, T(0));
    return;
  }
  const T* a = reinterpret_cast<const T*>(A.data);
  const T* b = reinterpret_cast<const T*>(B.data);
  auto offsets = [&](int64_t t, int64_t& pa, int64_t& pb) {
    pa = A.offset;
    pb = B.offset;
    for (int d = nd - 3; d >= 0; d--) {
      int64_t i = t % as[d];
      t /= as[d];
      pa += i * A.strides[d];
      pb += i * B.strides[d];
    }
  };
  auto one = [&](int64_t t, bool parallel) {
    int64_t pa, pb;
    offsets(t, pa, pb);
    Gemm<T>{cfg, M, N, K, a + pa, A.strides[nd - 2], A.strides[nd - 1], b + pb, B.strides[nd - 2], B.strides[nd - 1],
            out + t * M * N, N}
        .run(parallel);
  };
  const double flops = 2.0 * M * N * K;
  if (batch > 1 && flops < 4e7 && num_threads() > 1) {
    // Many small products: one thread per group of whole products.
    parallel_for(batch, std::max<int64_t>(1, static_cast<int64_t>(2e6 / flops)), [&](int64_t s, int64_t e) {
      for (int64_t t = s; t < e; t++) one(t, false);
    });
  } else {
    for (int64_t t = 0; t < batch; t++) one(t, true);
  }
}

}  // namespace

void matmul(int nd, const int64_t* a_shape, const Operand& a, const int64_t* b_shape, const Operand& b, void* out) {
  if (a.dtype == F32)
    matmul_typed<float>(kernels().sgemm, nd, a_shape, a, b_shape, b, static_cast<float*>(out));
  else
    matmul_typed<double>(kernels().dgemm, nd, a_shape, a, b_shape, b, static_cast<double*>(out));
}

}  // namespace tg
