// Shared pieces of the real-thread stress tests: iteration counts scaled for sanitizers, and a
// parking primitive standing in for gopark/goready.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace cq::stress {

// The sanitizers slow these tests down (ThreadSanitizer by up to an order of magnitude); the
// interleavings that matter show up at smaller counts, so sanitizer builds run fewer iterations.
#if defined(__SANITIZE_THREAD__)
inline constexpr std::uint32_t kSlowdown = 4;
#elif defined(__SANITIZE_ADDRESS__)
inline constexpr std::uint32_t kSlowdown = 2;
#else
inline constexpr std::uint32_t kSlowdown = 1;
#endif

inline constexpr std::uint32_t scaled(std::uint32_t count) {
  return count / kSlowdown > 0 ? count / kSlowdown : 1;
}

// One goroutine's park/unpark. unpark() leaves a token, so an unpark that arrives between the
// queue's announce_sleep() and park() is not lost: that is the "park releases the lock
// atomically" guarantee the runtime gives the queue, provided here by the token.
class Parker {
 public:
  void park() {
    std::unique_lock<std::mutex> lock(mutex_);
    parked_ = true;
    wakeup_.wait(lock, [this] { return token_; });
    token_ = false;
    parked_ = false;
  }

  void unpark() {
    std::lock_guard<std::mutex> lock(mutex_);
    token_ = true;
    wakeup_.notify_one();
  }

  // True while the goroutine is blocked in park() and nobody has unparked it yet. Once true it
  // stays true until someone calls unpark().
  bool blocked() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return parked_ && !token_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable wakeup_;
  bool parked_ = false;
  bool token_ = false;
};

}  // namespace cq::stress
