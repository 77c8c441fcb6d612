// Where the kit's data (lessons, palettes) is found at run time. The same binaries run from a
// developer's build tree, from an install prefix (cmake --install, the .deb) and in the browser,
// so every lookup goes through here, in this order:
//   1. the environment: $CQ_LESSONS_DIR for lessons, $CQ_ASSETS_DIR for assets (the web page
//      sets both to its preloaded file system; tests point them at fixtures);
//   2. the install layout: <prefix>/share/cleanupq, found from the executable's own location
//      (<prefix>/bin/cleanupq -> <prefix>/share/cleanupq), so a relocated prefix still works;
//   3. the source tree the binary was built from (developer builds), then its build tree for
//      assets made at build time (the lesson figures' PNGs), unless the build turned that off
//      (CMake option CQ_SOURCE_TREE_FALLBACK) or $CQ_NO_SOURCE_TREE is set (the install test
//      sets it, so that a passing test proves the installed files were used).
#pragma once

#include <string>

namespace cq::data {

// <prefix>/share/cleanupq when the running executable lives in <prefix>/bin (or any folder
// beside share/) and that folder exists; empty otherwise.
std::string installed_data_dir();

// The lessons folder, by the order above. When none exists it returns the installed path (or
// "lessons"), so that the caller's "no lessons in DIR" names where they were expected.
std::string lessons_dir();

// A file of assets/ (e.g. "palettes.toml", "figures/sweep-gate.png"), by the order above:
// $CQ_ASSETS_DIR/NAME, <prefix>/share/cleanupq/NAME, <source>/assets/NAME, <build>/assets/NAME.
// When none exists, the path where the install layout expects it, so a "cannot read" message names
// a real place to look.
std::string asset_file(const std::string& name);

// Where scripts/fetch-go.sh unpacked the real Go toolchains (DIR/usr/lib/go-1.NN/bin/go), for
// `cleanupq import-go-trace`: $CQ_GO_DIR, else the source tree's build/go (developer builds, by
// the rules above), else "build/go" (so a message names where they were expected).
std::string fetched_go_dir();

}  // namespace cq::data
