#include "model/background_run.hpp"

#include <utility>

namespace cq::viz {

void BackgroundRun::run_job(Shared& shared, Job& job) {
  job(shared.stop);
  job = nullptr;  // what the job holds goes now, on this thread, before done() says it has
  shared.done.store(true, std::memory_order_release);
}

#if CQ_THREADS

BackgroundRun::BackgroundRun(Job job, Teardown teardown)
    : teardown_(teardown),
      thread_([shared = shared_, job = std::move(job)]() mutable { run_job(*shared, job); }) {}

BackgroundRun::~BackgroundRun() {
  request_stop();
  if (teardown_ == Teardown::join) {
    thread_.join();
  } else {
    thread_.detach();  // the thread holds the shared block, and the job, until it ends
  }
}

#else

BackgroundRun::BackgroundRun(Job job, Teardown) {
  run_job(*shared_, job);
}

BackgroundRun::~BackgroundRun() = default;

#endif  // CQ_THREADS

}  // namespace cq::viz
