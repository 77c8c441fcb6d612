// Real Go: execution traces recorded on the real runtime (assets/go-traces, made by
// scripts/record-go-traces.sh with Go 1.25 and Go 1.26), drawn as lanes over time: the GC's mark
// phases, the stop-the-world pauses, each P's sweeps and each cleanup goroutine (created,
// running, runnable, parked). Each is labelled with the exact Go version that recorded it. What
// the trace cannot show (the queue's enqueue, flush and wake: Go's tracer has no event for them)
// is what the model's panels explain.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "data/data_dirs.hpp"
#include "io/text_file.hpp"
#include "model/real_go_model.hpp"
#include "runtime/go_profile.hpp"
#include "runtime/scenario_options.hpp"
#include "views/view_context.hpp"

namespace cq::viz {
namespace {

constexpr std::size_t kMaxCqgoBytes = std::size_t{8} << 20;
constexpr float kLabelWidth = 120.f;
constexpr float kRowHeight = 14.f;
constexpr float kRowGap = 3.f;
constexpr float kMinSegmentPx = 2.f;  // a park of a few µs in a 40 ms trace still shows

void load(RealGoTraces& cache) {
  cache.loaded = true;
  for (const char* name : kGoRecordings) {
    RealGoTraces::Entry entry;
    entry.path = data::asset_file(std::string("go-traces/") + name + ".cqgo");
    const io::TextFile file = io::read_text_file(entry.path, kMaxCqgoBytes, "a .cqgo file");
    if (!file.ok()) {
      entry.error = file.message();
    } else {
      GoTraceResult read = read_cqgo(file.text, entry.path);
      entry.trace = std::move(read.trace);
      entry.error = std::move(read.error);
      if (entry.trace) entry.counts = count_go_trace(*entry.trace);
    }
    cache.entries.push_back(std::move(entry));
  }
}

Role role_of(GoGState state) {
  switch (state) {
    case GoGState::running:
      return Role::running;
    case GoGState::runnable:
      return Role::wake;
    case GoGState::waiting:
      return Role::sleeping;
    default:
      return Role::text_dim;
  }
}

const char* words_of(GoGState state) {
  switch (state) {
    case GoGState::running:
      return "running";
    case GoGState::runnable:
      return "runnable (woken, waiting for a P)";
    case GoGState::waiting:
      return "parked";
    case GoGState::syscall:
      return "in a system call";
    default:
      return "unknown";
  }
}

// One chart: rows of a label, then ranges placed on the shared axis [0, 1] (LandmarkAxis).
class Chart {
 public:
  explicit Chart(float width)
      : origin_(ImGui::GetCursorScreenPos()),
        width_(std::max(width - kLabelWidth, 50.f)),
        draw_(ImGui::GetWindowDrawList()) {}

  float x(double u) const { return origin_.x + kLabelWidth + static_cast<float>(u) * width_; }

  // Starts a row and returns its top.
  float row(const char* label) {
    const float top = next_top();
    draw_->AddText(ImVec2(origin_.x, top), colour(Role::text_dim), label);
    draw_->AddRectFilled(ImVec2(x(0), top), ImVec2(x(1), top + kRowHeight),
                         colour(Role::slot_empty, 70));
    ++rows_;
    return top;
  }

  // Draws [u0, u1) in `role`; returns whether the mouse is over it.
  bool span(float top, double u0, double u1, Role role, float inset = 0.f,
            float height = kRowHeight) {
    const float x0 = x(u0);
    const float x1 = std::max(x(u1), x0 + kMinSegmentPx);
    const ImVec2 a(x0, top + inset), b(x1, top + height - inset);
    draw_->AddRectFilled(a, b, colour(role));
    return ImGui::IsMouseHoveringRect(a, b);
  }

  void created_tick(float top, double u) {  // created inside AddCleanup: a tick at the start
    const float at = x(u);
    draw_->AddTriangleFilled(ImVec2(at - 4, top - 2), ImVec2(at + 4, top - 2), ImVec2(at, top + 5),
                             colour(Role::highlight));
  }

  // The shared landmarks: a dashed line down every row drawn so far.
  void landmarks(const std::vector<double>& marks) {
    for (double u : marks) {
      for (float y = origin_.y; y < next_top(); y += 6.f) {
        draw_->AddLine(ImVec2(x(u), y), ImVec2(x(u), std::min(y + 3.f, next_top())),
                       colour(Role::text));
      }
    }
  }

  // The axis, labelled in this side's own unit at 0, at each landmark and at the end; a label
  // that would overlap the one before is left out.
  void axis(const std::vector<std::pair<double, std::string>>& ticks) {
    const float top = next_top();
    draw_->AddLine(ImVec2(x(0), top), ImVec2(x(1), top), colour(Role::text_dim));
    float free_from = x(0);
    for (const auto& [u, text] : ticks) {
      const float w = ImGui::CalcTextSize(text.c_str()).x;
      const float at = std::clamp(x(u) - w / 2, x(0), x(1) - w);
      draw_->AddLine(ImVec2(x(u), top), ImVec2(x(u), top + 4), colour(Role::text_dim));
      if (at < free_from) continue;
      draw_->AddText(ImVec2(at, top + 5), colour(Role::text_dim), text.c_str());
      free_from = at + w + 6.f;
    }
    ImGui::Dummy(ImVec2(kLabelWidth + width_, top + ImGui::GetFontSize() + 8 - origin_.y));
  }

 private:
  float next_top() const { return origin_.y + static_cast<float>(rows_) * (kRowHeight + kRowGap); }

  ImVec2 origin_;
  float width_;
  ImDrawList* draw_;
  int rows_ = 0;
};

std::string ms(double ns) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f ms", ns / 1e6);
  return text;
}

std::string step_text(double step) {
  char text[32];
  std::snprintf(text, sizeof text, "step %.0f", step);
  return text;
}

// The model's run of the recorded shape (the file's `model` line, docs/conformance.md), applied
// to the scenario and started, so the model's other panels play it step by step.
void model_button(ViewContext& ctx, const GoTrace& t) {
  if (t.model_options.empty()) return;
  std::string flags;
  for (const auto& [name, value] : t.model_options) {
    flags.append(" --").append(name).append(" ").append(value);
  }
  if (ImGui::Button("Run this shape in the model")) {
    Scenario s = ctx.ui.edited;
    const OptionValues values(t.model_options.begin(), t.model_options.end());
    if (const auto problem = apply_options(s, values)) {
      ctx.app.say("cannot run the recorded shape: " + problem->message);
    } else {
      ctx.ui.edited = s;
      ctx.app.reset();
      ctx.app.say("the model runs the shape Go recorded:" + flags);
    }
  }
  ImGui::SameLine();
  ImGui::TextDisabled("(in the other panels) cleanupq run%s --runner inline --seed %llu",
                      flags.c_str(), static_cast<unsigned long long>(kRealGoModelSeed));
}

void draw_go_side(ViewContext& ctx, const RealGoTraces::Entry& entry, const LandmarkAxis& axis,
                  const std::vector<SharedLandmark>& landmarks, float width, std::string& tooltip) {
  const GoTrace& t = *entry.trace;
  const GoTraceCounts& c = entry.counts;
  ImGui::PushFont(fonts().title);
  ImGui::Text("Recorded by %s", t.go_version.c_str());
  ImGui::PopFont();
  ImGui::SameLine();
  ImGui::TextWrapped("%s; %.1f ms of trace", t.workload.c_str(),
                     static_cast<double>(t.duration_ns) / 1e6);
  const unsigned cap = std::max(t.gomaxprocs / 4, 1u);  // mcleanup.go, maxCleanupGs
  // The counts are the probe's (begun inside the trace); a mark phase already on when tracing
  // began is drawn too, so it is named here, or the chart would show one mark more than it says.
  const auto marking_at_start = static_cast<unsigned>(t.gc_cycles.size()) - c.gc_cycles;
  ImGui::TextWrapped(
      "%u cleanup goroutines created (at most max(GOMAXPROCS/4, 1) = %u), %u already alive; "
      "%u parks, %u wakes; %u GC cycles begun in the trace%s, %u stop-the-world pauses, %u sweep "
      "ranges.",
      c.created, cap, c.preexisting, c.parks, c.unblocks, c.gc_cycles,
      marking_at_start > 0 ? " (and one already marking when it began)" : "", c.stw_pauses,
      c.sweeps);
  model_button(ctx, t);
  const auto u = [&](std::int64_t ns) { return axis.go(static_cast<double>(ns)); };
  Chart chart(width);
  float top = chart.row("GC mark");
  for (const GoRange& r : t.gc_cycles) {
    if (chart.span(top, u(r.begin_ns), u(r.end_ns), Role::gc_mark)) {
      char text[96];
      std::snprintf(text, sizeof text, "GC concurrent mark phase: %.3f .. %.3f ms%s",
                    static_cast<double>(r.begin_ns) / 1e6, static_cast<double>(r.end_ns) / 1e6,
                    r.began_before_trace ? " (on when tracing began)" : "");
      tooltip = text;
    }
  }
  top = chart.row("stop the world");
  for (const GoRange& r : t.stw_pauses) {
    if (chart.span(top, u(r.begin_ns), u(r.end_ns), Role::warning)) {
      char text[128];
      std::snprintf(text, sizeof text, "stop-the-world (%s): %.1f us", r.what.c_str(),
                    static_cast<double>(r.end_ns - r.begin_ns) / 1e3);
      tooltip = text;
    }
  }
  // Every P's sweeps in one row, one thin stripe per P (P0 at the top).
  top = chart.row("sweep, per P");
  const float stripe = kRowHeight / static_cast<float>(std::max(t.gomaxprocs, 1u));
  for (const GoRange& r : t.sweeps) {
    const float y = top + stripe * static_cast<float>(std::max(r.proc, 0));
    if (chart.span(y, u(r.begin_ns), u(r.end_ns), Role::gc_sweep, 0.f, std::max(stripe, 1.f))) {
      char text[96];
      std::snprintf(text, sizeof text, "P%d sweeping spans: %.1f us", r.proc,
                    static_cast<double>(r.end_ns - r.begin_ns) / 1e3);
      tooltip = text;
    }
  }
  for (const GoCleanupGoroutine& g : t.cleanup_goroutines) {
    char label[48];
    std::snprintf(label, sizeof label, "cleanup g%llu", static_cast<unsigned long long>(g.goid));
    top = chart.row(label);
    for (const GoLaneSegment& s : go_lane(t, g.goid)) {
      const float inset = s.state == GoGState::waiting ? 5.f : 0.f;  // parked: a thin line
      if (chart.span(top, u(s.begin_ns), u(s.end_ns), role_of(s.state), inset)) {
        char text[128];
        std::snprintf(text, sizeof text, "g%llu %s from %.3f ms for %.1f us",
                      static_cast<unsigned long long>(g.goid), words_of(s.state),
                      static_cast<double>(s.begin_ns) / 1e6,
                      static_cast<double>(s.end_ns - s.begin_ns) / 1e3);
        tooltip = text;
      }
    }
    if (g.created_ns >= 0) chart.created_tick(top, u(g.created_ns));  // createGs
  }
  chart.landmarks(axis.marks());
  std::vector<std::pair<double, std::string>> ticks{{0.0, ms(0)}};
  for (const SharedLandmark& l : landmarks) ticks.emplace_back(axis.go(l.go_ns), ms(l.go_ns));
  ticks.emplace_back(1.0, ms(static_cast<double>(t.duration_ns)));
  chart.axis(ticks);
}

// Why the pool grew, in the model's own events: each creation and the needg raise behind it.
std::string model_caption(const RealGoModelRun& m) {
  std::string out = "Why, in the model's events: ";
  for (std::size_t i = 0; i < m.creations.size(); ++i) {
    const ModelCreation& c = m.creations[i];
    char text[200];
    if (c.needg_raised_step) {
      std::snprintf(text, sizeof text,
                    "needg raised by the wake at step %llu (work queued, nobody asleep to wake), "
                    "goroutine created inside AddCleanup at step %llu (ng %u); ",
                    static_cast<unsigned long long>(*c.needg_raised_step),
                    static_cast<unsigned long long>(c.step), c.ng_after);
    } else {
      std::snprintf(text, sizeof text,
                    "goroutine created inside AddCleanup at step %llu (an empty pool always needs "
                    "one; ng %u); ",
                    static_cast<unsigned long long>(c.step), c.ng_after);
    }
    out += text;
  }
  char text[240];
  std::snprintf(text, sizeof text,
                "the pool stops at the cap max(GOMAXPROCS/4, 1) = %u. Parks: %llu, goroutines "
                "woken: %llu; the last cleanup ran at step %llu, the last park was at step %llu.",
                m.summary.worker_cap, static_cast<unsigned long long>(m.parks),
                static_cast<unsigned long long>(m.wakes),
                static_cast<unsigned long long>(m.last_cleanup_step),
                static_cast<unsigned long long>(m.last_park_step));
  out += text;
  // Why the model's lanes stay green where Go's park again and again (docs/conformance.md, "Parks
  // per cleanup goroutine differ"): a goroutine parks when it has emptied the full list, and
  // whether it catches up with the sweepers is a matter of the two costs.
  const Costs& costs = m.scenario.costs;
  if (costs.cleanup_ns > costs.sweep_object_ns) {
    out += " The model's goroutines stay running where Go's park often: here a cleanup costs " +
           std::to_string(costs.cleanup_ns) + " ns and sweeping an object " +
           std::to_string(costs.sweep_object_ns) +
           " ns, so they seldom empty the full list while the sweepers fill it; Go's probe "
           "cleanups are cheaper than its sweeping.";
  }
  return out;
}

void draw_model_side(const RealGoModelRun& m, const LandmarkAxis& axis,
                     const std::vector<SharedLandmark>& landmarks, float width,
                     std::string& tooltip) {
  ImGui::PushFont(fonts().title);
  ImGui::Text("Model, profile %s", std::string(go_profile(m.scenario.go).name).c_str());
  ImGui::PopFont();
  // The profile's whole label (what runs, with its source) is longer than the column: wrapped.
  ImGui::TextWrapped("%s", m.label.c_str());
  ImGui::TextWrapped(
      "The same workload: GOMAXPROCS %u, %u cleanups per mutator, %u GC cycles; inline runner, "
      "seed %llu, %llu steps; %llu of %llu cleanups ran.",
      m.scenario.gomaxprocs, m.scenario.cleanups, m.scenario.gc_cycles,
      static_cast<unsigned long long>(m.scenario.seed), static_cast<unsigned long long>(m.steps),
      static_cast<unsigned long long>(m.summary.executed),
      static_cast<unsigned long long>(m.summary.registered));
  const auto u = [&](std::uint64_t step) { return axis.model(static_cast<double>(step)); };
  Chart chart(width);
  float top = chart.row("GC mark");
  for (const ModelLaneSegment& r : m.gc_marks) {
    if (chart.span(top, u(r.begin), u(r.end), Role::gc_mark)) {
      tooltip = "the model's GC mark phase: steps " + std::to_string(r.begin) + " .. " +
                std::to_string(r.end);
    }
  }
  for (const ModelGoroutineLane& lane : m.lanes) {
    const std::string label = "model g" + std::to_string(lane.goroutine);
    top = chart.row(label.c_str());
    for (const ModelLaneSegment& s : lane.segments) {
      const float inset = s.state == GoGState::waiting ? 5.f : 0.f;
      if (chart.span(top, u(s.begin), u(s.end), role_of(s.state), inset)) {
        tooltip = label + " " + words_of(s.state) + " from step " + std::to_string(s.begin) +
                  " to step " + std::to_string(s.end);
      }
    }
    chart.created_tick(top, u(lane.created_step));
  }
  chart.landmarks(axis.marks());
  std::vector<std::pair<double, std::string>> ticks{{0.0, step_text(0)}};
  for (const SharedLandmark& l : landmarks) {
    ticks.emplace_back(axis.model(l.model_step), step_text(l.model_step));
  }
  ticks.emplace_back(1.0, step_text(static_cast<double>(m.steps)));
  chart.axis(ticks);
  ImGui::TextWrapped("%s", model_caption(m).c_str());
}

void draw_recording(ViewContext& ctx, RealGoTraces::Entry& entry, float width) {
  const GoTrace& t = *entry.trace;
  if (!entry.model) entry.model = run_model_beside(t);  // once per recording (ViewCaches)
  const RealGoModelRun& m = *entry.model;
  std::vector<SharedLandmark> landmarks;
  if (m.error.empty()) landmarks = shared_landmarks(t, m);
  const LandmarkAxis axis(landmarks, static_cast<double>(t.duration_ns),
                          static_cast<double>(m.steps));
  std::string names;
  for (const SharedLandmark& l : landmarks) names += (names.empty() ? "" : ", ") + l.name;
  ImGui::TextWrapped(
      "Two clocks: Go's in nanoseconds, the model's in steps; they do not agree and are not made "
      "to. The axis is stretched piecewise so that the landmarks both runs share line up (dashed: "
      "%s); between two landmarks each side keeps its own scale.",
      names.empty() ? "none found" : names.c_str());
  std::string tooltip;
  draw_go_side(ctx, entry, axis, landmarks, width, tooltip);
  ImGui::Spacing();
  if (!m.error.empty()) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour(Role::warning)), "%s",
                       m.error.c_str());
  } else {
    draw_model_side(m, axis, landmarks, width, tooltip);
  }
  if (!tooltip.empty()) ImGui::SetTooltip("%s", tooltip.c_str());
}

void legend() {
  const std::pair<Role, const char*> keys[] = {{Role::running, "running"},
                                               {Role::wake, "runnable (woken)"},
                                               {Role::sleeping, "parked (system goroutine wait)"},
                                               {Role::highlight, "created by AddCleanup"},
                                               {Role::gc_mark, "GC mark"},
                                               {Role::warning, "stop the world"},
                                               {Role::gc_sweep, "sweep"}};
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  bool first = true;
  for (const auto& [role, text] : keys) {
    const float h = ImGui::GetFontSize();
    // A key that would not fit starts a new line (a narrow window must not clip the last ones).
    const float key_w = h + ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize(text).x;
    if (!first && ImGui::GetCursorScreenPos().x + key_w > right) ImGui::NewLine();
    first = false;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    draw->AddRectFilled(ImVec2(at.x, at.y + 2), ImVec2(at.x + h - 4, at.y + h - 2), colour(role));
    ImGui::Dummy(ImVec2(h, h));
    ImGui::SameLine();
    ImGui::TextUnformatted(text);
    ImGui::SameLine(0, 16);
  }
  ImGui::NewLine();
}

}  // namespace

void draw_real_go(ViewContext& ctx) {
  RealGoTraces& cache = ctx.caches.real_go;
  if (!cache.loaded) load(cache);
  ImGui::TextWrapped(
      "Recorded on the real Go runtime (runtime/trace, read with go tool trace), not simulated. "
      "A Go trace has no event for the queue's enqueue, flush or wake: the model's run of the "
      "same workload below it, and the model's panels, show those.");
  legend();
  ImGui::TextUnformatted("Recording:");
  int& chosen = ctx.ui.real_go_recording;
  chosen = std::clamp(chosen, 0, static_cast<int>(cache.entries.size()) - 1);
  for (std::size_t i = 0; i < cache.entries.size(); ++i) {
    const RealGoTraces::Entry& entry = cache.entries[i];
    const std::string name =
        entry.trace ? entry.trace->go_version : entry.path.substr(entry.path.rfind('/') + 1);
    ImGui::SameLine();
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::RadioButton(name.c_str(), chosen == static_cast<int>(i))) {
      chosen = static_cast<int>(i);
    }
    ImGui::PopID();
  }
  if (cache.entries.empty()) return;
  ImGui::Separator();
  RealGoTraces::Entry& entry = cache.entries[static_cast<std::size_t>(chosen)];
  if (!entry.trace) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour(Role::warning)), "%s",
                       entry.error.c_str());
    return;
  }
  ImGui::PushID(entry.path.c_str());
  draw_recording(ctx, entry, ImGui::GetContentRegionAvail().x);
  ImGui::PopID();
}

}  // namespace cq::viz
