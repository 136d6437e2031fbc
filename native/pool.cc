// Thread pool. A loop publishes its body and a chunk count, then every thread (the caller too)
// claims chunks from one atomic word until none are left; the caller returns when all claimed
// chunks have finished. The word holds the loop's generation beside the next chunk index, so a
// worker that wakes late, after its loop ended, cannot claim a chunk of a later loop.
//
// Idle workers poll for the next loop for about a millisecond before sleeping on a condition
// variable, as OpenMP's and OpenBLAS's workers do: the loops of an op chain (with allocation and
// JavaScript between them) then start without a wake-up, which costs tens of microseconds and far
// more on a busy machine. After a few microseconds of pure spinning a poller yields the CPU on
// every check, so it costs other runnable threads little. An idle pool costs nothing. Workers are
// created lazily, so a process that never runs a large loop has none.
#include "pool.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__) || defined(_M_IX86)
#include <immintrin.h>
#define TG_PAUSE() _mm_pause()
#else
#define TG_PAUSE() std::this_thread::yield()
#endif

namespace tg {
namespace {

int default_threads() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

// Chunks per thread: enough that a late thread leaves little for the others to wait on.
constexpr int64_t CHUNKS_PER_THREAD = 4;
// Polling before sleeping: spinning first, then yielding on every check (see above).
constexpr auto SPIN = std::chrono::microseconds(20);
constexpr auto WORKER_POLL = std::chrono::microseconds(1000);
constexpr auto CALLER_POLL = std::chrono::microseconds(1000);

// The claim word keeps 32 bits for the chunk index.
constexpr int64_t MAX_CHUNKS = int64_t(1) << 30;

using Clock = std::chrono::steady_clock;

class Pool {
 public:
  ~Pool() { stop(); }

  int threads() const { return threads_.load(); }

  void set_threads(int n) {
    while (!acquire()) std::this_thread::yield();
    stop();
    threads_.store(n < 1 ? 1 : n);
    busy_.store(false);
  }

  void run(int64_t n, int64_t chunks, TaskFn fn, void* ctx) {
    if (n <= 0) return;
    chunks = std::min({chunks, n, MAX_CHUNKS});
    if (chunks <= 1 || threads_.load() <= 1 || !acquire()) {
      fn(ctx, 0, n);
      return;
    }
    start(threads_.load() - 1);
    fn_.store(fn, std::memory_order_relaxed);
    ctx_.store(ctx, std::memory_order_relaxed);
    n_.store(n, std::memory_order_relaxed);
    chunks_.store(chunks, std::memory_order_relaxed);
    done_.store(0, std::memory_order_relaxed);
    const uint32_t gen = ++generation_;
    claim_.store(static_cast<uint64_t>(gen) << 32);  // publishes the fields above
    if (sleepers_.load() > 0) {
      // Taking the lock orders this wake-up after a worker's check-then-wait (no lost wake-up).
      { std::lock_guard<std::mutex> lock(mu_); }
      wake_.notify_all();
    }
    work(gen, fn, ctx, n, chunks);
    // Wait for chunks other threads claimed: poll, then sleep.
    if (!poll([&] { return done_.load(std::memory_order_acquire) >= chunks; }, CALLER_POLL)) {
      std::unique_lock<std::mutex> lock(mu_);
      waiting_.store(true);
      finished_.wait(lock, [&] { return done_.load() >= chunks; });
      waiting_.store(false);
    }
    busy_.store(false);
  }

 private:
  /** Takes the pool for one loop; false when another thread (or this one, nested) has it. */
  bool acquire() {
    bool expected = false;
    return busy_.compare_exchange_strong(expected, true);
  }

  static int64_t bound(int64_t chunk, int64_t chunks, int64_t n) { return n / chunks * chunk + n % chunks * chunk / chunks; }

  /** Claims the next chunk of loop `gen`; false when the loop has none left (or has ended). */
  bool claim(uint32_t gen, int64_t chunks, int64_t& chunk) {
    uint64_t s = claim_.load(std::memory_order_acquire);
    for (;;) {
      if (static_cast<uint32_t>(s >> 32) != gen || static_cast<int64_t>(s & 0xffffffffu) >= chunks) return false;
      if (claim_.compare_exchange_weak(s, s + 1, std::memory_order_acq_rel)) {
        chunk = static_cast<int64_t>(s & 0xffffffffu);
        return true;
      }
    }
  }

  void work(uint32_t gen, TaskFn fn, void* ctx, int64_t n, int64_t chunks) {
    int64_t c;
    while (claim(gen, chunks, c)) {
      fn(ctx, bound(c, chunks, n), bound(c + 1, chunks, n));
      if (done_.fetch_add(1) + 1 == chunks && waiting_.load()) {
        { std::lock_guard<std::mutex> lock(mu_); }
        finished_.notify_one();
      }
    }
  }

  void start(int workers) {
    while (static_cast<int>(workers_.size()) < workers) {
      uint32_t seen = generation_;  // read before the thread exists, so it cannot miss the next loop
      workers_.emplace_back([this, seen] { loop(seen); });
    }
  }

  void stop() {
    quit_.store(true);
    {
      std::lock_guard<std::mutex> lock(mu_);
      claim_.store(static_cast<uint64_t>(++generation_) << 32);
    }
    wake_.notify_all();
    for (auto& t : workers_) t.join();
    workers_.clear();
    quit_.store(false);
  }

  uint32_t current() const { return static_cast<uint32_t>(claim_.load(std::memory_order_acquire) >> 32); }

  /** Polls `ready` for up to `limit`: spinning for SPIN, then yielding between checks. */
  template <class Ready>
  static bool poll(const Ready& ready, Clock::duration limit) {
    const auto start = Clock::now();
    for (int i = 0;; i++) {
      if (ready()) return true;
      if ((i & 63) != 63) {
        TG_PAUSE();
        continue;
      }
      const auto elapsed = Clock::now() - start;
      if (elapsed > limit) return false;
      if (elapsed > SPIN) std::this_thread::yield();
    }
  }

  /** Waits until a loop other than `seen` is published: polls, then sleeps. */
  uint32_t next(uint32_t seen) {
    if (poll([&] { return current() != seen; }, WORKER_POLL)) return current();
    std::unique_lock<std::mutex> lock(mu_);
    sleepers_.fetch_add(1);
    wake_.wait(lock, [&] { return current() != seen; });
    sleepers_.fetch_sub(1);
    return current();
  }

  void loop(uint32_t seen) {
    for (;;) {
      seen = next(seen);
      if (quit_.load()) return;
      // These may already belong to a later loop; claim() then fails, so they are never used.
      TaskFn fn = fn_.load(std::memory_order_relaxed);
      void* ctx = ctx_.load(std::memory_order_relaxed);
      int64_t n = n_.load(std::memory_order_relaxed), chunks = chunks_.load(std::memory_order_relaxed);
      work(seen, fn, ctx, n, chunks);
    }
  }

  std::atomic<int> threads_{default_threads()};
  std::atomic<bool> busy_{false};  // set while a thread runs a loop (or changes the thread count)
  std::mutex mu_;
  std::condition_variable wake_, finished_;
  std::vector<std::thread> workers_;
  std::atomic<TaskFn> fn_{nullptr};
  std::atomic<void*> ctx_{nullptr};
  std::atomic<int64_t> n_{0}, chunks_{0}, done_{0};
  std::atomic<uint64_t> claim_{0};  // generation << 32 | next chunk
  std::atomic<int> sleepers_{0};
  std::atomic<bool> waiting_{false}, quit_{false};
  uint32_t generation_ = 0;  // written only by the thread holding busy_
};

Pool& pool() {
  static Pool* p = new Pool();  // never destroyed: workers must not be joined during static teardown
  return *p;
}

}  // namespace

int num_threads() { return pool().threads(); }
void set_num_threads(int n) { pool().set_threads(n); }
void parallel_run(int64_t n, int64_t chunks, TaskFn fn, void* ctx) { pool().run(n, chunks, fn, ctx); }

int64_t chunks_for(int64_t n, int64_t grain) {
  int64_t by_size = grain > 0 ? n / grain : n;  // every chunk at least `grain` long
  return std::max<int64_t>(1, std::min<int64_t>(by_size, num_threads() * CHUNKS_PER_THREAD));
}

}  // namespace tg
