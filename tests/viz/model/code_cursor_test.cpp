// CodeCursor, the code pane's fold (viz/model/code_cursor.hpp), on a small deterministic run:
// at known event indices each actor stands on the line of its last event before the cursor, as
// a plain backwards scan of the raw trace finds it; seeking back and forth gives what a fresh
// fold gives; actor names follow the engine's spawn order.
#include "model/code_cursor.hpp"

#include <gtest/gtest.h>

#include <map>

#include "engine/runtime/support/runtime_test_support.hpp"
#include "runtime/sim_runtime.hpp"
#include "viz_test_support.hpp"

namespace cq::viz {
namespace {

// The raw answer: for each actor, the line of its last event among the first `cursor` with one.
std::map<std::uint16_t, std::string_view> scan_back(const Trace& trace, const CodeVariant& v,
                                                    std::size_t cursor) {
  std::map<std::uint16_t, std::string_view> out;
  for (std::size_t i = cursor; i-- > 0;) {
    const TraceEvent& e = trace.at(i);
    if (e.actor == kRuntimeActor || out.contains(e.actor)) continue;
    const std::string_view line = code_line_of(e, v);
    if (!line.empty()) out[e.actor] = line;
  }
  return out;
}

void expect_matches_scan(const CodeCursor& cursor, const Trace& trace, const CodeVariant& v) {
  const auto expected = scan_back(trace, v, cursor.cursor());
  ASSERT_NE(cursor.lines(), nullptr);
  for (const auto& [actor, line] : expected) {
    EXPECT_EQ(cursor.lines()->position(actor).line, line)
        << "actor " << actor << " at cursor " << cursor.cursor();
  }
  std::size_t placed = 0;
  for (const auto& p : cursor.lines()->positions()) placed += p.line.empty() ? 0 : 1;
  EXPECT_EQ(placed, expected.size()) << "at cursor " << cursor.cursor();
}

TEST(CodeCursor, EachActorStandsOnItsLastEventsLine) {
  const Scenario s = cq::test::small_scenario();
  SimRuntime sim(s);
  sim.run();
  const Trace& trace = sim.trace();
  ASSERT_GT(trace.size(), 200u);
  const CodeVariant v = code_variant(s);
  // A known moment: just after the first flush_begin, its sweeper is on flush's first line.
  std::size_t flush_at = trace.size();
  for (std::size_t i = 0; i < trace.size(); ++i) {
    if (trace.at(i).kind == EventKind::flush_begin) {
      flush_at = i;
      break;
    }
  }
  ASSERT_LT(flush_at, trace.size());
  CodeCursor cursor;
  cursor.seek(trace, v, flush_at + 1);
  const std::uint16_t flusher = trace.at(flush_at).actor;
  EXPECT_EQ(cursor.lines()->position(flusher).line, "flush.begin");
  EXPECT_EQ(cursor.lines()->position(flusher).event, flush_at);
  EXPECT_EQ(actor_kind(s, flusher), ActorKind::sweeper);
  expect_matches_scan(cursor, trace, v);
  // Forward, back, forward: each the same as the scan.
  for (std::size_t at : {trace.size() / 3, trace.size() / 5, trace.size() - 1, std::size_t{7}}) {
    cursor.seek(trace, v, at);
    expect_matches_scan(cursor, trace, v);
  }
}

TEST(CodeCursor, NamesFollowTheSpawnOrder) {
  const Scenario s =
      cq::test::small_scenario();  // gc, 2 mutators, 2 sweepers, then scheduler rounds
  TraceModel model(s.gomaxprocs);
  EXPECT_EQ(actor_name(s, model, 0), "gc");
  EXPECT_EQ(actor_name(s, model, 2), "mutator1");
  EXPECT_EQ(actor_name(s, model, 3), "sweeper0");
  EXPECT_EQ(actor_name(s, model, 5), "sched0");
  EXPECT_EQ(actor_kind(s, 5), ActorKind::scheduler);
}

}  // namespace
}  // namespace cq::viz
