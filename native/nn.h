// Kernels of torch.nn layers: convolution and pooling over sliding 2-d windows, activation backward
// (NNKernels in src/backend/backend.ts).
// Arguments arrive validated by src/backend/native.ts: arrays long enough for the geometry, float32
// or float64; pooling indices are checked here.
#pragma once

#include <cstdint>

namespace tg {

/** Sliding windows over a contiguous [N, C, H, W] input (see Windows2d in backend.ts). */
struct Windows2d {
  int64_t N, C, H, W, kh, kw, sh, sw, ph, pw, dh, dw, OH, OW;
};

void im2col(const void* x, int dtype, const Windows2d& g, void* cols);
void col2im(const void* cols, int dtype, const Windows2d& g, void* x);
void max_pool2d(const void* x, int dtype, const Windows2d& g, void* out, int32_t* indices);
/** Returns -1, or the output position of the first index outside its plane (nothing written then). */
int64_t max_pool2d_backward(const void* grad, int dtype, const int32_t* indices, const Windows2d& g, void* gx);
/**
 * Layer norm over the last n elements of each of `rows` contiguous rows (see layerNorm in backend.ts):
 * mean and variance in double, out := (x - mean) rstd w + b rounded once; w, b may be null.
 */
void layer_norm(const void* x, const void* w, const void* b, int dtype, int64_t rows, int64_t n, double eps, void* out);
/** Its backward: gx (may be null), and gw / gb (may be null) summed over the rows. */
void layer_norm_backward(const void* g, const void* x, const void* w, int dtype, int64_t rows, int64_t n, double eps,
                         void* gx, void* gw, void* gb);
/** Softmax's backward over contiguous rows of n: out := y (g - sum(g y)), the sum in double. */
void softmax_backward(const void* g, const void* y, int dtype, int64_t rows, int64_t n, void* out);
/** out[i] := x[i] <= threshold ? 0 : grad[i] for i < n. */
void threshold_backward(const void* grad, const void* x, int dtype, double threshold, int64_t n, void* out);

}  // namespace tg
