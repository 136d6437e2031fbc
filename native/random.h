// PyTorch's CPU random fills (mt19937 and the uniform/normal transforms of ATen 1.13), bit for bit
// as src/tensor/random_fill.ts computes them. The generator state stays in JavaScript: the kernels
// take its 624 words and (left, next) counters and advance them in place.
#pragma once

#include <cstdint>

namespace Napi {
class Env;
class Object;
}  // namespace Napi

namespace tg {

/** mt19937 as PyTorch's at::mt19937 runs it: state words plus the left/next counters. */
struct Mt19937 {
  uint32_t* state;  // 624 words
  int32_t left;
  int32_t next;
};

/**
 * normal_fill_16 over `blocks` consecutive blocks of 16 float32 uniforms at data: Box-Muller with
 * avx_mathfun.h's log and sincos, lanes j and j + 8 paired.
 */
void normal16_f32_scalar(float* data, int64_t blocks, float mean, float std);
#if defined(__x86_64__) || defined(_M_X64)
void normal16_f32_avx2(float* data, int64_t blocks, float mean, float std);
#endif

/** Registers randomFill on the addon's exports. */
void register_random(Napi::Env env, Napi::Object exports);

}  // namespace tg
