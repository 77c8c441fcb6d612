#include <iostream>

#include "cli/commands.hpp"

namespace cq::cli {

void add_explore_command(CLI::App& app, ExploreOptions& o) {
  CLI::App* e = app.add_subcommand("explore", "search interleavings for a lost wakeup");
  e->add_option("--protocol", o.protocol)->check(CLI::IsMember({"oneshot", "level"}));
  e->add_option("--gomaxprocs", o.gomaxprocs)->check(CLI::Range(1u, 16u))->capture_default_str();
  e->add_option("--blocks", o.blocks)->check(CLI::Range(1u, 4u))->capture_default_str();
  e->add_option("--max-schedules", o.max_schedules)->capture_default_str();
  e->add_flag("--json", o.json);
}

int explore_command(const ExploreOptions&) {
  std::cerr << "cleanupq explore: not built yet\n";
  return 2;
}

}  // namespace cq::cli
