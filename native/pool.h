// A small fixed thread pool for data-parallel loops. The calling (JavaScript) thread takes part in
// every loop, so `threads` = 1 means no worker threads at all.
//
// A loop is cut into more chunks than threads, and threads claim chunks as they get to them: a
// thread the OS has descheduled (the machine may be busy with other processes) holds up at most
// the chunk it is running, never a fixed share of the loop. So a body may run any number of times
// on any thread; it must not depend on which thread runs which chunk.
#pragma once

#include <cstdint>

namespace tg {

/** Number of threads loops may use (>= 1). */
int num_threads();
void set_num_threads(int n);

using TaskFn = void (*)(void* ctx, int64_t begin, int64_t end);

/**
 * Runs fn over [0, n) cut into `chunks` near-equal contiguous ranges (at most n), claimed by the
 * threads as they get to them; returns when all have run. Runs inline when one chunk or one thread
 * suffices, or when the pool is busy (another JavaScript thread is using it: worker_threads may
 * call the addon concurrently, and a loop body may itself start a loop).
 */
void parallel_run(int64_t n, int64_t chunks, TaskFn fn, void* ctx);

/** Chunks for a loop of n items of at least `grain` each: a few per thread, for balance. */
int64_t chunks_for(int64_t n, int64_t grain);

template <class F>
void parallel_for(int64_t n, int64_t grain, const F& f) {
  parallel_run(
      n, chunks_for(n, grain), [](void* ctx, int64_t b, int64_t e) { (*static_cast<const F*>(ctx))(b, e); },
      const_cast<F*>(&f));
}

/** Runs f(task) for every task in [0, ntasks), each task claimed separately. */
template <class F>
void parallel_tasks(int64_t ntasks, const F& f) {
  parallel_run(
      ntasks, ntasks,
      [](void* ctx, int64_t b, int64_t e) {
        for (int64_t t = b; t < e; t++) (*static_cast<const F*>(ctx))(t);
      },
      const_cast<F*>(&f));
}

}  // namespace tg
