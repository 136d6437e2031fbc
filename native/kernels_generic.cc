// Portable instantiations (baseline instruction set of the target): row kernels and GEMM kernels
// over compiler vector extensions. Always present; the fallback on CPUs without AVX2.
#define TG_ISA generic
#include "kernels_impl.h"
#include "gemm_kernel.h"

namespace tg {

void fill_kernels_generic(Kernels& k) {
  k.name = "generic";
  generic::fill_elementwise(k);
  using F = VecExtTraits<float, 4>;
  using D = VecExtTraits<double, 2>;
  k.sgemm = {gemm_ukernel<F, 4, 2>, 4, 2 * F::W, 128, 256, 4080 / (2 * F::W) * (2 * F::W)};
  k.dgemm = {gemm_ukernel<D, 4, 2>, 4, 2 * D::W, 64, 256, 4080 / (2 * D::W) * (2 * D::W)};
}

}  // namespace tg
