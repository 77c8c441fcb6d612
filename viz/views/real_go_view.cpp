// Real Go: execution traces recorded on the real runtime (assets/go-traces, made by
// scripts/record-go-traces.sh with Go 1.25 and Go 1.26), drawn as lanes over time: the GC's mark
// phases, the stop-the-world pauses, each P's sweeps and each cleanup goroutine (created,
// running, runnable, parked). Each is labelled with the exact Go version that recorded it. What
// the trace cannot show (the queue's enqueue, flush and wake: Go's tracer has no event for them)
// is what the model's panels explain.
#include <algorithm>
#include <cstdio>

#include "data/data_dirs.hpp"
#include "io/text_file.hpp"
#include "runtime/scenario_options.hpp"
#include "views/view_context.hpp"

namespace cq::viz {
namespace {

constexpr std::size_t kMaxCqgoBytes = std::size_t{8} << 20;
constexpr const char* kBundled[] = {"go-traces/go1.25.cqgo", "go-traces/go1.26.cqgo"};
constexpr float kLabelWidth = 120.f;
constexpr float kRowHeight = 14.f;
constexpr float kRowGap = 3.f;
constexpr float kMinSegmentPx = 2.f;  // a park of a few µs in a 40 ms trace still shows

void load(RealGoTraces& cache) {
  cache.loaded = true;
  for (const char* name : kBundled) {
    RealGoTraces::Entry entry;
    entry.path = data::asset_file(name);
    const io::TextFile file = io::read_text_file(entry.path, kMaxCqgoBytes, "a .cqgo file");
    if (!file.ok()) {
      entry.error = file.message();
    } else {
      GoTraceResult read = read_cqgo(file.text, entry.path);
      entry.trace = std::move(read.trace);
      entry.error = std::move(read.error);
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

// One row: a label, then ranges of time drawn to scale.
class Chart {
 public:
  Chart(const GoTrace& trace, float width)
      : trace_(trace),
        origin_(ImGui::GetCursorScreenPos()),
        width_(std::max(width - kLabelWidth, 50.f)),
        draw_(ImGui::GetWindowDrawList()) {}

  float x_of(std::int64_t ns) const {
    const double span = static_cast<double>(std::max<std::int64_t>(trace_.duration_ns, 1));
    return origin_.x + kLabelWidth + static_cast<float>(static_cast<double>(ns) / span) * width_;
  }

  // Starts a row and returns its top; the row is hovered when the mouse is over it.
  float row(const char* label) {
    const float top = origin_.y + static_cast<float>(rows_) * (kRowHeight + kRowGap);
    draw_->AddText(ImVec2(origin_.x, top), colour(Role::text_dim), label);
    draw_->AddRectFilled(ImVec2(x_of(0), top), ImVec2(x_of(trace_.duration_ns), top + kRowHeight),
                         colour(Role::slot_empty, 70));
    ++rows_;
    return top;
  }

  // Draws [begin, end) in `role`; returns whether the mouse is over it.
  bool span(float top, std::int64_t begin, std::int64_t end, Role role, float inset = 0.f,
            float height = kRowHeight) {
    const float x0 = x_of(begin);
    const float x1 = std::max(x_of(end), x0 + kMinSegmentPx);
    const ImVec2 a(x0, top + inset), b(x1, top + height - inset);
    draw_->AddRectFilled(a, b, colour(role));
    return ImGui::IsMouseHoveringRect(a, b);
  }

  void axis() {
    const float top = origin_.y + static_cast<float>(rows_) * (kRowHeight + kRowGap);
    draw_->AddLine(ImVec2(x_of(0), top), ImVec2(x_of(trace_.duration_ns), top),
                   colour(Role::text_dim));
    constexpr int kTicks = 4;
    for (int i = 0; i <= kTicks; ++i) {
      const std::int64_t ns = trace_.duration_ns * i / kTicks;
      char text[32];
      std::snprintf(text, sizeof text, "%.1f ms", static_cast<double>(ns) / 1e6);
      const float w = ImGui::CalcTextSize(text).x;
      const float x = std::clamp(x_of(ns) - w / 2, x_of(0), x_of(trace_.duration_ns) - w);
      draw_->AddLine(ImVec2(x_of(ns), top), ImVec2(x_of(ns), top + 4), colour(Role::text_dim));
      draw_->AddText(ImVec2(x, top + 5), colour(Role::text_dim), text);
    }
    ImGui::Dummy(ImVec2(kLabelWidth + width_, top + ImGui::GetFontSize() + 8 - origin_.y));
  }

 private:
  const GoTrace& trace_;
  ImVec2 origin_;
  float width_;
  ImDrawList* draw_;
  int rows_ = 0;
};

// The model's run of the recorded shape (the file's `model` line, docs/conformance.md), applied
// to the scenario and started, so the model's explanation plays beside the real trace.
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
  ImGui::TextDisabled("cleanupq run%s", flags.c_str());
}

void draw_trace(ViewContext& ctx, const GoTrace& t, float width) {
  const GoTraceCounts c = count_go_trace(t);
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
  Chart chart(t, width);
  std::string tooltip;
  float top = chart.row("GC mark");
  for (const GoRange& r : t.gc_cycles) {
    if (chart.span(top, r.begin_ns, r.end_ns, Role::gc_mark)) {
      char text[96];
      std::snprintf(text, sizeof text, "GC concurrent mark phase: %.3f .. %.3f ms%s",
                    static_cast<double>(r.begin_ns) / 1e6, static_cast<double>(r.end_ns) / 1e6,
                    r.began_before_trace ? " (on when tracing began)" : "");
      tooltip = text;
    }
  }
  top = chart.row("stop the world");
  for (const GoRange& r : t.stw_pauses) {
    if (chart.span(top, r.begin_ns, r.end_ns, Role::warning)) {
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
    if (chart.span(y, r.begin_ns, r.end_ns, Role::gc_sweep, 0.f, std::max(stripe, 1.f))) {
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
      if (chart.span(top, s.begin_ns, s.end_ns, role_of(s.state), inset)) {
        char text[128];
        std::snprintf(text, sizeof text, "g%llu %s from %.3f ms for %.1f us",
                      static_cast<unsigned long long>(g.goid), words_of(s.state),
                      static_cast<double>(s.begin_ns) / 1e6,
                      static_cast<double>(s.end_ns - s.begin_ns) / 1e3);
        tooltip = text;
      }
    }
    if (g.created_ns >= 0) {  // created by AddCleanup (createGs): a tick at the start
      const float x = chart.x_of(g.created_ns);
      ImGui::GetWindowDrawList()->AddTriangleFilled(ImVec2(x - 4, top - 2), ImVec2(x + 4, top - 2),
                                                    ImVec2(x, top + 5), colour(Role::highlight));
    }
  }
  chart.axis();
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
  for (const auto& [role, text] : keys) {
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float h = ImGui::GetFontSize();
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
      "A Go trace has no event for the queue's enqueue, flush or wake: the model's panels show "
      "those.");
  legend();
  const float width = ImGui::GetContentRegionAvail().x;
  for (const RealGoTraces::Entry& entry : cache.entries) {
    ImGui::Separator();
    if (!entry.trace) {
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour(Role::warning)), "%s",
                         entry.error.c_str());
      continue;
    }
    ImGui::PushID(entry.path.c_str());
    draw_trace(ctx, *entry.trace, width);
    ImGui::PopID();
  }
}

}  // namespace cq::viz
