// Whether this build can start OS threads. Every desktop build can; a WebAssembly build can only
// when it was compiled with -pthread (the browser page must then be cross-origin isolated for
// SharedArrayBuffer). Without threads only the inline runner exists: the threaded and conducted
// runners need one thread per actor, and the app drives the engine cooperatively, a slice per
// frame, on the page's one thread.
#pragma once

#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
#define CQ_THREADS 0
#else
#define CQ_THREADS 1
#endif

namespace cq {

inline constexpr bool kThreadsAvailable = CQ_THREADS != 0;

}  // namespace cq
