// cleanupq trace FILE.cqtrace: what a compact trace file (`cleanupq run --trace FILE.cqtrace`)
// holds. Without flags, its summary from the footer (events, steps, the run's trace_hash,
// frames, tracks), read at once whatever the file's size; --from N --count K adds those events,
// decoding only the frames that hold them (a seek); --verify decodes every frame and checks the
// chain of hashes and every model snapshot; --model-at N prints the runtime's state (TraceModel)
// after event N, from the nearest model snapshot and the events after it folded forward (at most
// the frames the spacing of snapshots leaves between two: compact_trace_format.hpp). One JSON
// object on standard output.
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>
#include <variant>

#include "cli/commands.hpp"
#include "trace/compact_trace_reader.hpp"

namespace cq::cli {

namespace {

// At most this many events are printed by one call: a bounded output for any --count.
constexpr std::uint64_t kMaxPrintedEvents = 1'000'000;

nlohmann::json event_json(const TraceEvent& e, std::uint64_t seq) {
  return {{"seq", seq},
          {"kind", std::string(to_string(e.kind))},
          {"time_ns", e.time_ns},
          {"actor", e.actor},
          {"p", e.p == kNoP ? nlohmann::json(nullptr) : nlohmann::json(e.p)},
          {"block", e.block == kNoBlock ? nlohmann::json(nullptr) : nlohmann::json(e.block)},
          {"a", e.a},
          {"b", e.b}};
}

// At most this many ids of a stack are printed (the top ones): a bounded output for any run.
constexpr std::size_t kMaxPrintedIds = 64;

nlohmann::json ids_top_first(const std::vector<std::uint32_t>& bottom_first) {
  nlohmann::json ids = nlohmann::json::array();
  for (auto it = bottom_first.rbegin(); it != bottom_first.rend() && ids.size() < kMaxPrintedIds;
       ++it) {
    ids.push_back(*it);
  }
  return ids;
}

nlohmann::json optional_id(std::uint32_t id, std::uint32_t none) {
  return id == none ? nlohmann::json(nullptr) : nlohmann::json(id);
}

// The model's state as the app draws it: GC, the Ps, both stacks (sizes and their top ids), the
// cleanup goroutines, the queued entries by place and every counter. Blocks are counted, not
// listed (a long run has tens of thousands).
nlohmann::json model_json(const TraceModel& m) {
  const ModelCounters& c = m.counters;
  nlohmann::json ps = nlohmann::json::array();
  for (std::size_t i = 0; i < m.ps.size(); ++i) {
    const ModelP& p = m.ps[i];
    ps.push_back({{"p", i},
                  {"block", optional_id(p.block, kNoBlock)},
                  {"fill", p.fill},
                  {"holder", p.holder == kNoActorInModel ? nlohmann::json(nullptr)
                                                         : nlohmann::json(p.holder)}});
  }
  nlohmann::json workers = nlohmann::json::array();
  for (std::size_t i = 0; i < m.workers.size(); ++i) {
    const ModelWorker& w = m.workers[i];
    workers.push_back({{"worker", i},
                       {"actor", w.actor},
                       {"fing", w.fing},
                       {"phase", std::string(to_string(w.phase))},
                       {"running_cleanups", w.running_cleanups},
                       {"block", optional_id(w.block, kNoBlock)},
                       {"next_slot", w.next_slot},
                       {"pending", w.pending},
                       {"executed", w.executed}});
  }
  return {
      {"events", m.events},
      {"time_ns", m.time_ns},
      {"gc",
       {{"phase", std::string(to_string(m.phase))},
        {"cycle", m.cycle},
        {"active_sweepers", m.active_sweepers},
        {"drained", m.drained}}},
      {"gomaxprocs", m.gomaxprocs},
      {"ps", ps},
      {"blocks", m.blocks.size()},
      {"full_stack", {{"size", m.full_stack.size()}, {"top_first", ids_top_first(m.full_stack)}}},
      {"free_stack", {{"size", m.free_stack.size()}, {"top_first", ids_top_first(m.free_stack)}}},
      {"workers", workers},
      {"flush",
       {{"active", m.flush.active},
        {"accumulator", optional_id(m.flush.accumulator, kNoBlock)},
        {"pushed", m.flush.pushed},
        {"emptied", m.flush.emptied},
        // Who flushed last (or is flushing): a track's actor id, as the GC panel names it.
        {"actor", optional_id(m.flush.actor, kNoActorInModel)}}},
      {"entries",
       {{"in_p", m.entries.in_p},
        {"in_full", m.entries.in_full},
        {"in_flusher", m.entries.in_flusher},
        {"held_by_workers", m.entries.held_by_workers},
        {"finq", m.entries.finq},
        {"queued", m.entries.queued()}}},
      {"counters",
       {{"registered", c.registered},
        {"enqueued", c.enqueued},
        {"executed", c.executed},
        {"blocks_allocated", c.blocks_allocated},
        {"full_pushes", c.full_pushes},
        {"flush_pushes", c.flush_pushes},
        {"flushes", c.flushes},
        {"work_signalled", c.work_signalled},
        {"pops", c.pops},
        {"wakes", c.wakes},
        {"spurious_wakes", c.spurious_wakes},
        {"needs_wake", c.needs_wake},
        {"needg_raised", c.needg_raised},
        {"needg", c.needg},
        {"ng", c.ng},
        {"workers_created", c.workers_created},
        {"running", c.running},
        {"sleepers", c.sleepers},
        {"root_scans", c.root_scans},
        {"runtime_violations", c.runtime_violations},
        {"forced_events", c.forced_events},
        {"ignored_events", c.ignored_events}}},
      // Threaded runs: steps of this instant still in flight (trace_model.hpp).
      {"deferred_events", m.deferred.size()},
      {"finished", m.finished},
      {"complete", m.complete},
      {"stranded", m.stranded},
      {"goexits", m.goexits},
  };
}

}  // namespace

void add_trace_command(CLI::App& app, TraceOptions& o) {
  CLI::App* trace = app.add_subcommand(
      "trace", "read a compact trace file (run --trace FILE.cqtrace): its summary, any events");
  trace->add_option("file", o.file, "the .cqtrace file")->required();
  o.checked.add_count(*trace, "--from", o.from, std::uint64_t{0}, std::uint64_t{1} << 62,
                      "index of the first event to print");
  o.checked.add_count(*trace, "--count", o.count, std::uint64_t{0}, kMaxPrintedEvents,
                      "events to print from --from (0: the summary only)");
  o.model_at_flag = o.checked.add_count(
      *trace, "--model-at", o.model_at, std::uint64_t{0}, std::uint64_t{1} << 62,
      "print the runtime's state (the model) after event N: from the nearest model snapshot, "
      "folding the frames after it; N must also be below the file's events");
  trace->add_flag("--verify", o.verify,
                  "decode every frame, check the chain of hashes and every model snapshot (exit 1 "
                  "if it fails)");
}

int trace_command(const TraceOptions& o) {
  if (const auto& problem = o.checked.problem()) {
    std::cerr << "cleanupq trace: " << *problem << "\n";
    return 2;
  }
  auto opened = CompactTraceReader::open(o.file);
  if (auto* error = std::get_if<std::string>(&opened)) {
    std::cerr << "cleanupq trace: " << *error << "\n";
    return 2;
  }
  auto& reader = std::get<CompactTraceReader>(opened);
  nlohmann::json j = {
      {"file", o.file},
      {"events", reader.events()},
      {"trace_hash", hex_hash(reader.hash())},
      {"frames", reader.frames()},
      {"file_bytes", reader.file_bytes()},
      {"bytes_per_event", reader.events() == 0 ? 0.0
                                               : static_cast<double>(reader.file_bytes()) /
                                                     static_cast<double>(reader.events())},
  };
  nlohmann::json tracks = nlohmann::json::array();
  for (const TraceTrack& t : reader.tracks())
    tracks.push_back({{"actor", t.actor}, {"name", t.name}});
  j["tracks"] = tracks;
  int status = 0;
  if (o.count > 0) {
    if (o.from >= reader.events()) {
      std::cerr << "cleanupq trace: --from " << o.from << " is past the file's end: allowed 0.."
                << (reader.events() == 0 ? 0 : reader.events() - 1) << "\n";
      return 2;
    }
    std::vector<TraceEvent> events;
    const auto start = std::chrono::steady_clock::now();
    if (auto error = reader.read(o.from, o.from + o.count, events)) {
      std::cerr << "cleanupq trace: " << *error << "\n";
      return 1;
    }
    // How long the seek took: decoding the frames that hold the events asked for.
    j["read_ms"] =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    nlohmann::json printed = nlohmann::json::array();
    for (std::size_t i = 0; i < events.size(); ++i)
      printed.push_back(event_json(events[i], o.from + i));
    j["event_list"] = printed;
  }
  if (o.model_at_flag != nullptr && o.model_at_flag->count() > 0) {
    if (o.model_at >= reader.events()) {
      std::cerr << "cleanupq trace: --model-at " << o.model_at
                << " is past the file's end: allowed "
                << (reader.events() == 0 ? std::string("nothing (the file holds no events)")
                                         : "0.." + std::to_string(reader.events() - 1))
                << "\n";
      return 2;
    }
    const auto start = std::chrono::steady_clock::now();
    const ModelFromFile read = reader.model_at(o.model_at);
    if (!read.ok()) {
      std::cerr << "cleanupq trace: " << read.error << "\n";
      return 1;
    }
    // How long the seek took: one snapshot decoded and the events after it folded.
    const double read_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    // events_folded: the events after the snapshot it started from (the seek's cost).
    j["model_at"] = {{"event", o.model_at},
                     {"read_ms", read_ms},
                     {"events_folded", o.model_at + 1 - read.snapshot_events},
                     {"state", model_json(*read.model)}};
  }
  if (o.verify) {
    const auto error = reader.verify();
    j["verified"] = !error.has_value();
    // The model snapshots' share of the file (compact_trace_format.hpp).
    if (!error) {
      j["snapshot_bytes"] = reader.verified_snapshot_bytes();
      j["snapshots"] = reader.verified_snapshots();
    }
    if (error) {
      std::cerr << "cleanupq trace: " << *error << "\n";
      status = 1;
    }
  }
  std::cout << j.dump() << "\n";
  return status;
}

}  // namespace cq::cli
