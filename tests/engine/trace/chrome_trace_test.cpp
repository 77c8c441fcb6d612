// Chrome trace-event export (docs/architecture.md, "The event trace"): the output parses as JSON,
// holds one metadata row per actor track plus the runtime's, one instant event per trace event in
// trace order, with per-name counts equal to Trace::count and times in microseconds.
#include "trace/chrome_trace.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "support/runtime_test_support.hpp"

namespace cq {
namespace {

using test::run_to_end;
using test::small_scenario;

nlohmann::json export_json(const SimRuntime& sim, Runner& runner) {
  std::stringstream out;
  write_chrome_trace(out, sim.trace(), runner.trace_tracks());
  return nlohmann::json::parse(out.str());  // throws, failing the test, on invalid JSON
}

void expect_export_matches_trace(SimRuntime& sim) {
  const nlohmann::json j = export_json(sim, sim.runner());
  ASSERT_TRUE(j.contains("traceEvents"));
  const auto& rows = j.at("traceEvents");
  ASSERT_TRUE(rows.is_array());
  const auto actors = sim.runner().actors();
  const Trace& trace = sim.trace();
  ASSERT_EQ(rows.size(), trace.size() + actors.size() + 1) << "events + actor tracks + runtime";

  std::map<std::string, std::uint64_t> per_name;
  std::size_t metadata = 0;
  std::size_t seq = 0;
  for (const auto& row : rows) {
    if (row.at("ph") == "M") {
      ++metadata;
      EXPECT_EQ(row.at("name"), "thread_name");
      const auto tid = row.at("tid").get<std::uint32_t>();
      const std::string name = row.at("args").at("name");
      if (tid == kRuntimeActor) {
        EXPECT_EQ(name, "runtime");
      } else {
        ASSERT_LT(tid, actors.size());
        EXPECT_EQ(name, actors[tid].name);
      }
      continue;
    }
    ASSERT_EQ(row.at("ph"), "i");
    const TraceEvent& e = trace.at(seq);
    EXPECT_EQ(row.at("args").at("seq").get<std::size_t>(), seq);
    EXPECT_EQ(row.at("name").get<std::string>(), to_string(e.kind));
    EXPECT_EQ(row.at("tid").get<std::uint32_t>(), e.actor);
    EXPECT_EQ(row.at("args").at("a").get<std::uint64_t>(), e.a);
    EXPECT_EQ(row.at("args").at("b").get<std::uint32_t>(), e.b);
    EXPECT_EQ(row.at("args").at("p").get<int>(), e.p == kNoP ? -1 : int{e.p});
    EXPECT_EQ(row.at("args").at("block").get<long long>(),
              e.block == kNoBlock ? -1LL : static_cast<long long>(e.block));
    // ts is microseconds with three decimals: exactly the nanoseconds of virtual time.
    EXPECT_EQ(static_cast<std::uint64_t>(row.at("ts").get<double>() * 1000.0 + 0.5), e.time_ns);
    ++per_name[row.at("name").get<std::string>()];
    ++seq;
  }
  EXPECT_EQ(metadata, actors.size() + 1);
  EXPECT_EQ(seq, trace.size());
  std::uint64_t total = 0;
  for (std::size_t k = 0; k < kEventKindCount; ++k) {
    const auto kind = static_cast<EventKind>(k);
    const std::uint64_t want = trace.count(kind);
    const std::string name(to_string(kind));
    EXPECT_EQ(per_name.count(name) ? per_name[name] : 0u, want) << name;
    total += want;
  }
  EXPECT_EQ(total, sim.summary().events);
}

TEST(ChromeTrace, InlineRunExportsOneInstantPerEventWithMatchingCounts) {
  Scenario s = small_scenario();
  s.gc_cycles = 2;
  auto sim = run_to_end(s);
  EXPECT_GT(sim->trace().count(EventKind::flush_merge), 0u) << "the run should exercise merges";
  expect_export_matches_trace(*sim);
}

TEST(ChromeTrace, ThreadedAndGo124RunsExportValidJsonToo) {
  Scenario threaded = small_scenario(RunnerKind::threaded);
  auto a = run_to_end(threaded);
  expect_export_matches_trace(*a);
  Scenario go124 = small_scenario();
  apply_go_profile(go124, GoVersion::go1_24);
  auto b = run_to_end(go124);
  expect_export_matches_trace(*b);
}

TEST(ChromeTrace, AnEmptyTraceStillExportsTheActorTracks) {
  SimRuntime sim(small_scenario());
  const nlohmann::json j = export_json(sim, sim.runner());
  const auto& rows = j.at("traceEvents");
  EXPECT_EQ(rows.size(), sim.runner().actors().size() + 1);
  for (const auto& row : rows) EXPECT_EQ(row.at("ph"), "M");
  EXPECT_EQ(j.at("displayTimeUnit"), "ns");
}

}  // namespace
}  // namespace cq
