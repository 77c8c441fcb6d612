// The inspector's "Where Go differs" notes name docs/model-vs-go.md's notes exactly: every id
// and title stands in the document as "**ID. Title**", and every note of the document is known.
#include "model/model_vs_go_notes.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <string>

namespace cq::viz {
namespace {

std::string document() {
  std::ifstream in(std::string(CQ_TEST_SOURCE_DIR) + "/docs/model-vs-go.md");
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(ModelVsGoNotes, EveryTitleStandsInTheDocumentAndEveryNoteOfItIsKnown) {
  const std::string doc = document();
  ASSERT_FALSE(doc.empty());
  std::set<std::string> known;
  for (const ModelVsGoNote& n : all_model_vs_go_notes()) {
    const std::string heading = "**" + std::string(n.id) + ". " + std::string(n.title) + "**";
    EXPECT_NE(doc.find(heading), std::string::npos) << heading;
    known.insert(std::string(n.id));
  }
  const std::regex note_heading(R"(\n\*\*([A-Z][0-9]+)\. )");
  std::size_t in_doc = 0;
  for (auto it = std::sregex_iterator(doc.begin(), doc.end(), note_heading);
       it != std::sregex_iterator(); ++it) {
    ++in_doc;
    EXPECT_TRUE(known.count((*it)[1].str())) << "note " << (*it)[1] << " is not in the table";
  }
  EXPECT_EQ(in_doc, known.size());
}

TEST(ModelVsGoNotes, TheRuntimesEventsAndItsGoroutinesAndPsHaveNotes) {
  for (EventKind kind : {EventKind::gc_phase, EventKind::enqueue, EventKind::wake,
                         EventKind::flush_end, EventKind::procresize, EventKind::fin_take_all}) {
    EXPECT_FALSE(model_vs_go_notes(kind).empty()) << to_string(kind);
    for (const ModelVsGoNote* n : model_vs_go_notes(kind)) EXPECT_NE(n, nullptr);
  }
  EXPECT_EQ(model_vs_go_notes(EventKind::gc_phase)[0]->id, "P1");
  EXPECT_TRUE(model_vs_go_notes(EventKind::run_end).empty());
  EXPECT_EQ(model_vs_go_notes_for_goroutine(true)[0]->id, "B1");
  EXPECT_FALSE(model_vs_go_notes_for_goroutine(false).empty());
  EXPECT_FALSE(model_vs_go_notes_for_p().empty());
}

}  // namespace
}  // namespace cq::viz
