// A small fixed thread pool for data-parallel loops. The calling (JavaScript) thread takes part in
// every loop, so `threads` = 1 means no worker threads at all.
#pragma once

#include <cstdint>

namespace tg {

/** Number of threads loops may use (>= 1). */
int num_threads();
void set_num_threads(int n);

using TaskFn = void (*)(void* ctx, int64_t begin, int64_t end);

/**
 * Runs fn over [0, n) split into at most num_threads() contiguous chunks of at least `grain`
 * items; runs inline when one chunk suffices, or when the pool is busy (another JavaScript
 * thread is using it: worker_threads may call the addon concurrently).
 */
void parallel_for_raw(int64_t n, int64_t grain, TaskFn fn, void* ctx);

template <class F>
void parallel_for(int64_t n, int64_t grain, const F& f) {
  parallel_for_raw(
      n, grain, [](void* ctx, int64_t b, int64_t e) { (*static_cast<const F*>(ctx))(b, e); },
      const_cast<F*>(&f));
}

/** Runs f(task) for task in [0, ntasks), one task per thread (ntasks <= num_threads()). */
template <class F>
void parallel_tasks(int ntasks, const F& f) {
  parallel_for_raw(
      ntasks, 1,
      [](void* ctx, int64_t b, int64_t e) {
        for (int64_t t = b; t < e; t++) (*static_cast<const F*>(ctx))(static_cast<int>(t));
      },
      const_cast<F*>(&f));
}

}  // namespace tg
