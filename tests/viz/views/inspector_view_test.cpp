// The inspector's "Where Go differs" notes for an actor picked on the code pane name what that
// actor is in Go (the GC, a mutator, a sweeper, a scheduler round, a cleanup goroutine, fing),
// not only the code line's note; a crash event names the note of its cause.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "model/model_vs_go_notes.hpp"
#include "runtime/runtime_state.hpp"
#include "viz_test_support.hpp"

namespace cq::viz {
namespace {

using test::HeadlessUi;

// A note as the inspector's first line of it starts: "P9. Sweepers".
std::string note_start(const ModelVsGoNote& n) {
  const std::string title(n.title);
  return std::string(n.id) + ". " + title.substr(0, title.find(' '));
}

bool inspector_shows(HeadlessUi& ui, const std::string& needle) {
  return find_text(ui.text(), needle, "##inspector").has_value();
}

std::vector<std::string> ids(std::span<const ModelVsGoNote* const> notes) {
  std::vector<std::string> out;
  for (const ModelVsGoNote* n : notes) out.emplace_back(n->id);
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& id) {
  return std::find(v.begin(), v.end(), id) != v.end();
}

struct ActorCase {
  std::uint16_t actor;
  ActorKind kind;
  std::vector<std::string> must;      // the notes that describe this kind of actor
  std::vector<std::string> must_not;  // notes of other actors
};

// Picks `actor` as the code pane does and checks its notes stand in the inspector.
void expect_actor_notes(HeadlessUi& ui, const Scenario& s, const ActorCase& c, bool fing) {
  SCOPED_TRACE("actor " + std::to_string(c.actor));
  ASSERT_EQ(actor_kind(s, c.actor), c.kind);
  const auto notes = model_vs_go_notes_for_actor(c.kind, fing);
  for (const std::string& id : c.must) EXPECT_TRUE(has(ids(notes), id)) << id;
  for (const std::string& id : c.must_not) EXPECT_FALSE(has(ids(notes), id)) << id;
  ui.app().ui().pick = UiState::Pick::actor;
  ui.app().ui().pick_id = c.actor;
  ui.frames(2);
  EXPECT_TRUE(inspector_shows(ui, "Where Go differs")) << test::dump_text(ui.text());
  for (const ModelVsGoNote* n : notes) {
    EXPECT_TRUE(inspector_shows(ui, note_start(*n))) << note_start(*n) << "\n"
                                                     << test::dump_text(ui.text());
  }
  for (const std::string& id : c.must_not) {
    EXPECT_FALSE(inspector_shows(ui, id + ". ")) << id << "\n" << test::dump_text(ui.text());
  }
}

TEST(InspectorNotes, EachKindOfActorShowsTheNotesAboutIt) {
  const Scenario s = test::small_scenario();
  HeadlessUi ui(s);
  ui.advance_to(EventKind::flush_end);
  ui.frames(3);
  const TraceModel& m = ui.projection().model();
  ASSERT_FALSE(m.workers.empty());
  const auto mutator = static_cast<std::uint16_t>(1);
  const auto sweeper = static_cast<std::uint16_t>(1 + s.mutator_count());
  const auto round = static_cast<std::uint16_t>(sweeper + s.sweepers);
  const auto worker = static_cast<std::uint16_t>(m.workers[0].actor);
  const std::vector<ActorCase> cases = {
      {0, ActorKind::gc, {"P1", "P4", "P5", "P7", "R3"}, {"P2", "P9", "S1"}},
      {mutator, ActorKind::mutator, {"P2", "P3", "P6", "R3"}, {"P1", "P9", "S1"}},
      {sweeper, ActorKind::sweeper, {"P9", "P8", "R3"}, {"P1", "P2", "S1"}},
      {round, ActorKind::scheduler, {"S1", "S2", "R3"}, {"P1", "P9", "G5"}},
      {worker, ActorKind::worker, {"S3", "S4", "G5", "F2", "R3"}, {"P1", "B1", "S1"}},
  };
  for (const ActorCase& c : cases) expect_actor_notes(ui, s, c, false);
}

// Go 1.24's fing: B1's goroutine; the code pane lists no code for it (R3), so no R3.
TEST(InspectorNotes, FingShowsTheGo124Notes) {
  Scenario s = test::small_scenario();
  apply_go_profile(s, GoVersion::go1_24);
  HeadlessUi ui(s);
  ui.advance_to(EventKind::cleanup_run);
  ui.frames(3);
  const TraceModel& m = ui.projection().model();
  ASSERT_FALSE(m.workers.empty());
  ASSERT_TRUE(m.workers[0].fing);
  expect_actor_notes(ui, s,
                     {static_cast<std::uint16_t>(m.workers[0].actor),
                      ActorKind::worker,
                      {"B1", "S1", "F2"},
                      {"R3", "G5"}},
                     true);
}

// The crash event carries its cause (b, a CrashCause): its note alone.
TEST(InspectorNotes, ACrashNamesTheNoteOfItsCause) {
  const auto crash = [](CrashCause cause) {
    return test::ev(EventKind::crash, 100, 3, kNoP, kNoBlock, 7, static_cast<std::uint32_t>(cause));
  };
  EXPECT_EQ(ids(model_vs_go_notes(crash(CrashCause::panic_in_cleanup))),
            std::vector<std::string>{"F2"});
  EXPECT_EQ(ids(model_vs_go_notes(crash(CrashCause::nil_p_in_flush))),
            std::vector<std::string>{"F1"});
  EXPECT_EQ(ids(model_vs_go_notes(EventKind::crash)), (std::vector<std::string>{"F1", "F2"}));

  Scenario s = test::small_scenario();
  s.panic_cleanup = 5;
  HeadlessUi ui(s);
  ui.advance_to(EventKind::crash);
  ui.frames(3);
  const Trace& trace = ui.app().session().trace();
  std::size_t at = trace.size();
  for (std::size_t i = trace.first_retained(); i < ui.projection().head(); ++i) {
    if (trace.at(i).kind == EventKind::crash) at = i;
  }
  ASSERT_LT(at, trace.size()) << "no crash event";
  ASSERT_EQ(static_cast<CrashCause>(trace.at(at).b), CrashCause::panic_in_cleanup);
  ui.app().ui().pick = UiState::Pick::event;
  ui.app().ui().pick_id = at;
  ui.frames(2);
  EXPECT_TRUE(inspector_shows(ui, "F2. Faults inside a cleanup")) << test::dump_text(ui.text());
  EXPECT_FALSE(inspector_shows(ui, "F1. ")) << test::dump_text(ui.text());
}

}  // namespace
}  // namespace cq::viz
