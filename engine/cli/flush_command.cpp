// cleanupq flush: the last sweeper's flush on P blocks of given fill levels, through the real
// CleanupQueue. Handy for the coalescing lesson and for checking the exact-fit corner case.
#include <algorithm>
#include <charconv>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.hpp"
#include "queue/cleanup_queue.hpp"

namespace cq::cli {

void add_flush_command(CLI::App& app, FlushOptions& o) {
  CLI::App* flush = app.add_subcommand("flush", "show how the last sweeper merges P blocks");
  o.checked.add_count(*flush, "--capacity", o.capacity, kMinBlockCapacity, kMaxBlockCapacity,
                      "cleanups per block");
  flush->add_option("--fills", o.fills, "entries in each P's block, e.g. 10,50,30,5 (0 = none)")
      ->required();
  flush->add_flag("--json", o.json, "print exactly one JSON object");
}

int flush_command(const FlushOptions& o) {
  if (const auto& problem = o.checked.problem()) {
    std::cerr << "cleanupq flush: " << *problem << "\n";
    return 2;
  }
  std::vector<std::uint32_t> fills;
  std::stringstream in(o.fills);
  std::string item;
  std::size_t position = 0;
  while (std::getline(in, item, ',')) {
    ++position;
    // Spaces before a number are allowed ("10, 50"), as they were with std::stoul.
    const std::size_t start = std::min(item.find_first_not_of(" \t"), item.size());
    const char* end = item.data() + item.size();
    std::uint32_t value = 0;
    const auto [stop, error] = std::from_chars(item.data() + start, end, value);
    if (error != std::errc{} || stop != end || value > o.capacity) {
      std::cerr << "cleanupq flush: --fills item " << position << " '" << item
                << "' is not a number in 0.." << o.capacity << " (the --capacity)\n";
      return 2;
    }
    fills.push_back(value);
  }
  if (fills.empty() || fills.size() > kMaxGomaxprocs) {
    std::cerr << "cleanupq flush: --fills needs 1.." << kMaxGomaxprocs
              << " comma-separated fill levels, one per P\n";
    return 2;
  }
  CleanupQueue q({static_cast<std::uint32_t>(fills.size()), o.capacity, WakeProtocol::level,
                  WorkerCapPolicy::quarter});
  CleanupId next = 1;
  for (std::uint32_t p = 0; p < fills.size(); ++p) {
    for (std::uint32_t i = 0; i < fills[p]; ++i) q.enqueue(p, next++);
  }
  // A fill equal to the capacity was pushed by enqueue itself, as in Go: not the flush's work.
  const FlushResult r = q.flush();
  nlohmann::json steps = nlohmann::json::array();
  for (const FlushStep& s : r.steps) {
    static const char* names[] = {"missing",   "adopt",        "merge",
                                  "push_full", "free_emptied", "push_last"};
    steps.push_back({{"kind", names[static_cast<int>(s.kind)]},
                     {"p", s.p},
                     {"block", s.block},
                     {"into", s.into},
                     {"count", s.count}});
  }
  nlohmann::json j = {{"pushed", r.pushed_sizes},
                      {"emptied", r.emptied},
                      {"missing", r.missing},
                      {"accounting_holds", r.accounting_holds},
                      {"steps", steps}};
  std::cout << (o.json ? j.dump() : j.dump(2)) << "\n";
  return r.accounting_holds ? 0 : 1;
}

}  // namespace cq::cli
