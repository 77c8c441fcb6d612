#include "data/data_dirs.hpp"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace cq::data {
namespace {

namespace fs = std::filesystem;

std::string env(const char* name) {
  // Read while the data folders are looked up at start. getenv races only with setenv, which only
  // the web page's main calls, before any thread starts.
  const char* value = std::getenv(name);  // NOLINT(concurrency-mt-unsafe)
  return value != nullptr ? value : "";
}

bool source_tree_allowed() {
#ifdef CQ_SOURCE_DIR
  return env("CQ_NO_SOURCE_TREE").empty();
#else
  return false;
#endif
}

std::string source_path(const std::string& relative) {
#ifdef CQ_SOURCE_DIR
  return std::string(CQ_SOURCE_DIR) + "/" + relative;
#else
  return relative;
#endif
}

// Assets generated at build time (the lesson figures' PNGs) are in the build tree, not beside
// their sources.
std::string build_path(const std::string& relative) {
#ifdef CQ_BUILD_DIR
  return std::string(CQ_BUILD_DIR) + "/" + relative;
#else
  return relative;
#endif
}

bool exists(const std::string& path) {
  std::error_code ec;
  return !path.empty() && fs::exists(path, ec);
}

}  // namespace

std::string installed_data_dir() {
  std::error_code ec;
  // Linux names the running executable here; elsewhere (the browser) there is no install.
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec || exe.empty()) return "";
  const fs::path share = exe.parent_path().parent_path() / "share" / "cleanupq";
  return fs::is_directory(share, ec) ? share.string() : "";
}

std::string lessons_dir() {
  if (std::string dir = env("CQ_LESSONS_DIR"); !dir.empty()) return dir;
  const std::string installed = installed_data_dir();
  if (!installed.empty() && exists(installed + "/lessons")) return installed + "/lessons";
  if (source_tree_allowed() && exists(source_path("lessons"))) return source_path("lessons");
  return installed.empty() ? "lessons" : installed + "/lessons";
}

std::string asset_file(const std::string& name) {
  if (std::string dir = env("CQ_ASSETS_DIR"); !dir.empty()) return dir + "/" + name;
  const std::string installed = installed_data_dir();
  if (!installed.empty() && exists(installed + "/" + name)) return installed + "/" + name;
  if (source_tree_allowed() && exists(source_path("assets/" + name)))
    return source_path("assets/" + name);
  if (source_tree_allowed() && exists(build_path("assets/" + name)))
    return build_path("assets/" + name);
  return (installed.empty() ? std::string("assets") : installed) + "/" + name;
}

std::string fetched_go_dir() {
  if (std::string dir = env("CQ_GO_DIR"); !dir.empty()) return dir;
  if (source_tree_allowed() && exists(source_path("build/go"))) return source_path("build/go");
  return "build/go";
}

}  // namespace cq::data
