// Where lessons and assets are found (engine/data/data_dirs.hpp): the environment first, the
// source tree for a build-tree binary, and nothing from the source tree once CQ_NO_SOURCE_TREE
// is set. (The install prefix case runs installed binaries: tests/install/install_test.sh.)
#include "data/data_dirs.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

namespace cq::data {
namespace {

// Sets (or, with nullopt, unsets) one variable for the scope and puts the old value back.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, std::optional<std::string> value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      ::setenv(name, value->c_str(), 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(DataDirs, EnvironmentWins) {
  ScopedEnv lessons("CQ_LESSONS_DIR", "/somewhere/lessons");
  ScopedEnv assets("CQ_ASSETS_DIR", "/somewhere/assets");
  EXPECT_EQ(lessons_dir(), "/somewhere/lessons");
  EXPECT_EQ(asset_file("palettes.toml"), "/somewhere/assets/palettes.toml");
}

TEST(DataDirs, BuildTreeBinaryReadsTheSourceTree) {
#ifndef CQ_TEST_SOURCE_TREE_FALLBACK
  GTEST_SKIP() << "built with -DCQ_SOURCE_TREE_FALLBACK=OFF";
#endif
  ScopedEnv lessons("CQ_LESSONS_DIR", std::nullopt);
  ScopedEnv assets("CQ_ASSETS_DIR", std::nullopt);
  ScopedEnv no_source("CQ_NO_SOURCE_TREE", std::nullopt);
  EXPECT_EQ(installed_data_dir(), "") << "a build tree has no share/cleanupq beside its binaries";
  const std::filesystem::path dir = lessons_dir();
  EXPECT_EQ(dir.filename(), "lessons");
  EXPECT_TRUE(std::filesystem::exists(dir / "06-coalescing.toml")) << dir;
  const std::filesystem::path palettes = asset_file("palettes.toml");
  EXPECT_EQ(palettes.parent_path().filename(), "assets");
  EXPECT_TRUE(std::filesystem::is_regular_file(palettes)) << palettes;
}

TEST(DataDirs, NoSourceTreeLeavesOnlyTheInstallLayout) {
  ScopedEnv lessons("CQ_LESSONS_DIR", std::nullopt);
  ScopedEnv assets("CQ_ASSETS_DIR", std::nullopt);
  ScopedEnv no_source("CQ_NO_SOURCE_TREE", "1");
  // Nothing installed beside a build-tree binary: the names where an install would have them.
  EXPECT_EQ(lessons_dir(), "lessons");
  EXPECT_EQ(asset_file("palettes.toml"), "assets/palettes.toml");
}

}  // namespace
}  // namespace cq::data
