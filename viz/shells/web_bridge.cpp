#include "shells/web_bridge.hpp"

#include <emscripten.h>

#include <cstdlib>

#include "sim/threads_available.hpp"

namespace cq::viz {
namespace {

// Strings from JavaScript come back in malloc'd memory that the caller frees.
// JavaScript inside EM_JS: clang-format would break its syntax (`() => {}`).
// clang-format off
EM_JS(char*, js_page_query, (), {
  const s = window.location.search || "";
  const n = lengthBytesUTF8(s) + 1;
  const p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});

EM_JS(char*, js_page_base_url, (), {
  const s = window.location.origin + window.location.pathname;
  const n = lengthBytesUTF8(s) + 1;
  const p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});

EM_JS(void, js_set_page_query, (const char* query), {
  try {
    const url = window.location.pathname + UTF8ToString(query) + window.location.hash;
    window.history.replaceState(null, "", url);
  } catch (e) {}
});

EM_JS(char*, js_storage_get, (const char* key), {
  let s = null;
  try { s = window.localStorage.getItem(UTF8ToString(key)); } catch (e) {}
  if (s === null) return 0;
  const n = lengthBytesUTF8(s) + 1;
  const p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});

EM_JS(void, js_storage_set, (const char* key, const char* value), {
  try { window.localStorage.setItem(UTF8ToString(key), UTF8ToString(value)); } catch (e) {}
});

EM_JS(void, js_copy, (const char* text), {
  const s = UTF8ToString(text);
  if (window.cqShowLink) window.cqShowLink(s);
  try {
    if (navigator.clipboard) navigator.clipboard.writeText(s).catch(() => {});
  } catch (e) {}
});

EM_JS(void, js_download, (const char* path), {
  const name = UTF8ToString(path);
  try {
    const bytes = FS.readFile(name);
    const blob = new Blob([bytes], {type: "application/octet-stream"});
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name.split("/").pop();
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  } catch (e) { console.error("cleanupq: cannot offer " + name + ": " + e); }
});

EM_JS(void, js_publish_status, (const char* json), {
  try { window.cqStatus = JSON.parse(UTF8ToString(json)); } catch (e) {}
});

EM_JS(void, js_show_message, (const char* text, int fatal), {
  const s = UTF8ToString(text);
  if (window.cqShowMessage) window.cqShowMessage(s, !!fatal);
  console.log("cleanupq: " + s);
});

#if CQ_THREADS
// PThread is emscripten's pthread runtime (its pool of Workers). A Worker this code adds is
// marked until it has loaded the program; the few made at start-up are loaded before main()
// (web/CMakeLists.txt, CQ_WEB_START_WORKERS).
//
// A new thread takes the pool's *last* Worker (PThread.getNewWorker: unusedWorkers.pop(), in
// emscripten 3.1.6's library_pthread.js), loaded or not, and a thread on a Worker still loading
// starts only once this thread has returned to the browser. So the pool is kept in that order:
// Workers still loading first, loaded ones last (a thread that ends gives its Worker back at the
// end too, loaded), and "n idle" means the next n threads start at once.
EM_JS(int, js_idle_workers, (), {
  return PThread.unusedWorkers.filter((w) => w.cqLoading !== true).length;
});

EM_JS(void, js_prepare_workers, (int count), {
  const pool = PThread.unusedWorkers;
  for (let have = pool.length; have < count; ++have) {
    PThread.allocateUnusedWorker();
    const worker = pool.pop();
    worker.cqLoading = true;
    pool.unshift(worker);
    PThread.loadWasmModuleToWorker(worker, () => {
      worker.cqLoading = false;
      const at = pool.indexOf(worker);  // -1: a thread took it while it loaded
      if (at >= 0) pool.push(pool.splice(at, 1)[0]);
    });
  }
});
#endif
// clang-format on

std::string take(char* p) {
  if (p == nullptr) return "";
  std::string s(p);
  std::free(p);
  return s;
}

}  // namespace

std::string page_query() {
  return take(js_page_query());
}
std::string page_base_url() {
  return take(js_page_base_url());
}
void set_page_query(const std::string& query) {
  js_set_page_query(query.c_str());
}
std::string storage_get(const std::string& key) {
  return take(js_storage_get(key.c_str()));
}
void storage_set(const std::string& key, const std::string& value) {
  js_storage_set(key.c_str(), value.c_str());
}
void copy_to_clipboard(const std::string& text) {
  js_copy(text.c_str());
}
void offer_download(const std::string& path) {
  js_download(path.c_str());
}
void publish_status(const std::string& json) {
  js_publish_status(json.c_str());
}
void show_page_message(const std::string& text, bool fatal) {
  js_show_message(text.c_str(), fatal ? 1 : 0);
}
#if CQ_THREADS
int idle_workers() {
  return js_idle_workers();
}
void prepare_workers(int count) {
  js_prepare_workers(count);
}
#else
int idle_workers() {
  return 0;
}  // no threads: only the inline runner, which takes none
void prepare_workers(int) {}
#endif

}  // namespace cq::viz
