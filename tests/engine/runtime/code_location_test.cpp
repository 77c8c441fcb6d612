// The code pane's listings and the event -> line mapping (runtime/code_listing.hpp,
// runtime/code_location.hpp): under each Go profile with a cleanup queue, every event kind
// stands on a listed line or has a stated reason not to, every line with an id is reached by some
// event, ids are unique within a listing set, and the fold puts a real run's actors on the lines
// their raw events say (the nil Ps of a growth in the flush on the nil-P check).
#include "runtime/code_location.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "support/runtime_test_support.hpp"

namespace cq {
namespace {

using test::events_of;
using test::find_kind;
using test::run_to_end;

constexpr GoVersion kQueueVersions[] = {GoVersion::e46c8e, GoVersion::go1_25, GoVersion::go1_26};

// Events of `kind` with the field values its mapping looks at, and both fold contexts.
std::vector<std::pair<TraceEvent, CodeLineContext>> samples(EventKind kind) {
  std::vector<std::pair<TraceEvent, CodeLineContext>> out;
  for (std::uint64_t a : {0u, 1u}) {
    for (std::uint32_t b : {0u, 1u, 2u}) {
      for (std::uint16_t p : {std::uint16_t{0}, kNoP}) {
        for (bool nil : {false, true}) {
          TraceEvent e;
          e.kind = kind;
          e.a = a;
          e.b = b;
          e.p = p;
          out.push_back({e, CodeLineContext{nil}});
        }
      }
    }
  }
  return out;
}

std::string name_of(GoVersion v) {
  return std::string(go_profile(v).name);
}

TEST(CodeLocation, EveryKindHasALineOrAReason) {
  for (GoVersion v : kQueueVersions) {
    const CodeVariant variant = code_variant(v);
    const auto listings = code_listings(variant);
    for (EventKind kind : kEveryEventKind) {
      bool mapped = false;
      for (const auto& [e, context] : samples(kind)) {
        const std::string_view line = code_line_of(e, variant, context);
        if (line.empty()) continue;
        mapped = true;
        EXPECT_TRUE(find_code_line(listings, line).has_value())
            << name_of(v) << ": " << to_string(kind) << " maps to \"" << line
            << "\", which is not a line of its listings";
      }
      if (!mapped) {
        EXPECT_FALSE(why_no_code_line(kind).empty())
            << name_of(v) << ": " << to_string(kind) << " stands on no line and says no reason";
      }
    }
  }
}

TEST(CodeLocation, EveryLineWithAnIdIsReachedBySomeEvent) {
  for (GoVersion v : kQueueVersions) {
    const CodeVariant variant = code_variant(v);
    std::set<std::string_view> reached;
    for (EventKind kind : kEveryEventKind) {
      for (const auto& [e, context] : samples(kind)) {
        reached.insert(code_line_of(e, variant, context));
      }
    }
    const auto ids = code_line_ids(variant);
    EXPECT_GE(ids.size(), 20u) << name_of(v);
    for (std::string_view id : ids) {
      EXPECT_TRUE(reached.contains(id)) << name_of(v) << ": no event stands on \"" << id << "\"";
    }
  }
}

TEST(CodeLocation, IdsAreUniqueAndNamedByTheirListing) {
  for (GoVersion v : kQueueVersions) {
    std::set<std::string_view> seen;
    for (const CodeListing& listing : code_listings(code_variant(v))) {
      EXPECT_FALSE(listing.function.empty());
      EXPECT_TRUE(listing.file.starts_with("runtime/")) << listing.file;
      EXPECT_LE(listing.lines.size(), 16u) << listing.id << ": keep a listing short";
      for (const CodeLine& line : listing.lines) {
        if (line.id.empty()) continue;
        EXPECT_TRUE(seen.insert(line.id).second) << name_of(v) << ": \"" << line.id << "\" twice";
        EXPECT_TRUE(line.id.starts_with(std::string(listing.id) + "."))
            << line.id << " is in listing " << listing.id;
      }
    }
  }
}

TEST(CodeLocation, ProfilesShowTheirOwnCode) {
  const auto level = code_line_ids(code_variant(GoVersion::go1_25));
  const auto oneshot = code_line_ids(code_variant(GoVersion::e46c8e));
  auto has = [](const std::vector<std::string_view>& ids, std::string_view id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  EXPECT_TRUE(has(level, "flush.nil_p_check"));
  EXPECT_FALSE(has(oneshot, "flush.nil_p_check")) << "e46c8e's flush has no nil-P check";
  EXPECT_TRUE(has(level, "dequeue.recheck")) << "the level protocol re-checks after announcing";
  EXPECT_FALSE(has(oneshot, "dequeue.recheck"));
  EXPECT_TRUE(code_listings(code_variant(GoVersion::go1_24)).empty());
  TraceEvent e;
  e.kind = EventKind::cleanup_run;
  EXPECT_EQ(code_line_of(e, code_variant(GoVersion::go1_24)), "");
  EXPECT_EQ(code_line_of(e, code_variant(GoVersion::go1_26)), "runcleanups.call");
}

// A growth as the sweep ends: go1.25's last flush meets the 4 new Ps nil (sweeper.cpp,
// begin_growth). The fold, event by event, puts the flushing sweeper on the nil-P check for
// exactly those Ps, and on the plain "no block" line for the old Ps without one.
TEST(CodeLocation, FoldPutsTheNilPsOnTheNilCheck) {
  Scenario s;
  apply_go_profile(s, GoVersion::go1_25);
  s.gomaxprocs = 4;
  s.mutators = 0;
  s.cleanups = 60;
  s.gc_cycles = 2;
  s.sweepers = 2;
  s.span_objects = 7;
  s.seed = 11;
  s.grow_gomaxprocs_to = 8;
  s.resize_during_cycle = 1;
  const auto sim = run_to_end(s);
  const auto events = events_of(sim->trace());
  const std::size_t grow = find_kind(events, EventKind::procresize);
  ASSERT_LT(grow, events.size());
  const std::size_t end = find_kind(events, EventKind::flush_end, grow);
  ASSERT_LT(end, events.size());
  ActorCodeLines fold(code_variant(s));
  std::size_t nil_checks = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    fold.apply(events[i], i);
    const TraceEvent& e = events[i];
    const ActorCodeLines::Position at = fold.position(e.actor);
    if (e.kind == EventKind::flush_missing) {
      const bool is_new_p = i > grow && i < end && e.p >= 4;
      EXPECT_EQ(at.line, is_new_p ? "flush.nil_p_check" : "flush.no_block") << "event " << i;
      nil_checks += is_new_p ? 1 : 0;
    }
    if (!code_line_of(e, code_variant(s)).empty() && e.kind != EventKind::flush_missing) {
      EXPECT_EQ(at.line, code_line_of(e, code_variant(s))) << "event " << i;
      EXPECT_EQ(at.event, i);
    }
  }
  EXPECT_EQ(nil_checks, 4u);
  EXPECT_EQ(fold.events(), events.size());
}

}  // namespace
}  // namespace cq
