// bench_viz: what one UI frame costs to build (ImGui::NewFrame .. ImGui::Render, through
// App::frame and every view; the headless shell, so no GL and no rasterising), for a small
// scene and for the largest one the app is meant for.
//
//   BM_FrameSmall  4 Ps, a few blocks on the lists.
//   BM_FrameLarge  64 Ps, worker cap GOMAXPROCS (16+ cleanup goroutines), two GC cycles, the
//                  cursor where the most blocks are in flight (~500: P blocks, full list, held).
//   BM_FrameLargeReplay  the same scene with the cursor one event further every frame.
//
// Goal: the large frame's median <= 2 ms and <= 3x the small one's (scripts/bench-viz-ratios.sh
// prints both). Each scene is run once with the inline runner before timing; the timed frames
// only fold nothing new and redraw.
#include <benchmark/benchmark.h>
#include <imgui.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "app/app.hpp"
#include "shells/shell.hpp"
#include "ui/fonts.hpp"

namespace cq::viz {
namespace {

struct Ui {
  ImGuiContext* context = nullptr;
  std::unique_ptr<Shell> shell;
};

// One ImGui context for the whole binary (fonts() points into its atlas); scenes share it.
Ui& ui() {
  static Ui u = [] {
    // Settings come from $XDG_CONFIG_HOME: an empty folder, so a developer's own cannot differ.
    const auto dir = std::filesystem::temp_directory_path() / "cq-bench-viz-config";
    std::filesystem::create_directories(dir);
    ::setenv("XDG_CONFIG_HOME", dir.c_str(), 1);
    Ui made;
    made.context = ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    made.shell = make_headless_shell(1440, 900);
    made.shell->init({});
    load_fonts(1.f);
    return made;
  }();
  return u;
}

void frame(App& app) {
  ui().shell->new_frame();
  ImGui::NewFrame();
  app.frame();
  ImGui::Render();
}

struct Scene {
  std::unique_ptr<App> app;
  std::size_t cursor = 0;
  std::size_t full = 0, workers = 0, in_flight = 0, events = 0;
};

// Runs the scenario to its end, then puts the cursor where the most blocks are on the full list
// among the moments with at least `min_workers` cleanup goroutines (any moment if none has).
Scene make_scene(const Scenario& scenario, std::size_t min_workers) {
  ui();
  AppOptions options;
  options.scenario = scenario;
  options.headless = true;
  options.palette = "dark";
  Scene s;
  s.app = std::make_unique<App>(options);
  s.app->session().advance_to([](const TraceEvent& e) { return e.kind == EventKind::run_end; });
  s.app->session().wait_idle();
  frame(*s.app);
  const Sample* best = nullptr;
  for (bool need_workers : {true, false}) {
    for (const Sample& sample : s.app->projection().samples()) {
      if (need_workers && sample.workers < static_cast<float>(min_workers)) continue;
      if (best == nullptr || sample.full_blocks > best->full_blocks) best = &sample;
    }
    if (best != nullptr) break;
  }
  s.cursor = best != nullptr ? best->event + 1 : s.app->projection().head();
  s.app->go_to(s.cursor);
  s.app->ui().select_tab = 0;                  // the event log: the busiest bottom tab
  for (int i = 0; i < 60; ++i) frame(*s.app);  // every motion lands; caches warm up
  const TraceModel& m = s.app->projection().model();
  s.full = m.full_stack.size();
  s.workers = m.workers.size();
  s.events = s.app->projection().head();
  for (const ModelBlock& b : m.blocks) {
    if (b.place == BlockPlace::p || b.place == BlockPlace::full || b.place == BlockPlace::worker ||
        b.place == BlockPlace::flusher) {
      ++s.in_flight;
    }
  }
  return s;
}

Scene& small_scene() {
  static Scene s = [] {
    Scenario sc;
    sc.gomaxprocs = 4;
    sc.cleanups = 300;
    sc.runner = RunnerKind::inline_;
    return make_scene(sc, 1);
  }();
  return s;
}

Scene& large_scene() {
  static Scene s = [] {
    Scenario sc;
    sc.gomaxprocs = 64;
    sc.worker_cap = WorkerCapPolicy::gomaxprocs;
    sc.gc_cycles = 2;
    sc.cleanups = 520;  // per mutator per cycle: 64 x 520 / 60 = 555 blocks a cycle
    sc.runner = RunnerKind::inline_;
    return make_scene(sc, 16);
  }();
  return s;
}

void run_frames(benchmark::State& state, Scene& scene) {
  for (auto _ : state) {
    frame(*scene.app);
    benchmark::DoNotOptimize(ImGui::GetDrawData()->TotalVtxCount);
  }
  if (scene.app->projection().cursor() != scene.cursor)
    state.SkipWithError("the cursor moved while timing");
  state.counters["cursor"] = static_cast<double>(scene.cursor);
  state.counters["events"] = static_cast<double>(scene.events);
  state.counters["full_list"] = static_cast<double>(scene.full);
  state.counters["goroutines"] = static_cast<double>(scene.workers);
  state.counters["blocks_in_flight"] = static_cast<double>(scene.in_flight);
  state.counters["vertices"] = static_cast<double>(ImGui::GetDrawData()->TotalVtxCount);
}

void BM_FrameSmall(benchmark::State& state) {
  run_frames(state, small_scene());
}
void BM_FrameLarge(benchmark::State& state) {
  run_frames(state, large_scene());
}

// Replaying the large scene (the cursor one event further every frame, as Play does through the
// recorded part, or holding the Step key): each frame also seeks and starts motions.
void BM_FrameLargeReplay(benchmark::State& state) {
  Scene& scene = large_scene();
  std::size_t cursor = scene.cursor;
  for (auto _ : state) {
    scene.app->go_to(++cursor);
    frame(*scene.app);
  }
  scene.app->go_to(scene.cursor);
  for (int i = 0; i < 60; ++i) frame(*scene.app);
  state.counters["events_replayed"] = static_cast<double>(cursor - scene.cursor);
}

BENCHMARK(BM_FrameSmall)->Unit(benchmark::kMillisecond)->Repetitions(5)->ReportAggregatesOnly(true);
BENCHMARK(BM_FrameLarge)->Unit(benchmark::kMillisecond)->Repetitions(5)->ReportAggregatesOnly(true);
BENCHMARK(BM_FrameLargeReplay)
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);

}  // namespace
}  // namespace cq::viz

BENCHMARK_MAIN();
