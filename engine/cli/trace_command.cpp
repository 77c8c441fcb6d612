// cleanupq trace FILE.cqtrace: what a compact trace file (`cleanupq run --trace FILE.cqtrace`)
// holds. Without flags, its summary from the footer (events, steps, the run's trace_hash,
// frames, tracks), read at once whatever the file's size; --from N --count K adds those events,
// decoding only the frames that hold them (a seek); --verify decodes every frame and checks the
// chain of hashes. One JSON object on standard output.
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

}  // namespace

void add_trace_command(CLI::App& app, TraceOptions& o) {
  CLI::App* trace = app.add_subcommand(
      "trace", "read a compact trace file (run --trace FILE.cqtrace): its summary, any events");
  trace->add_option("file", o.file, "the .cqtrace file")->required();
  o.checked.add_count(*trace, "--from", o.from, std::uint64_t{0}, std::uint64_t{1} << 62,
                      "index of the first event to print");
  o.checked.add_count(*trace, "--count", o.count, std::uint64_t{0}, kMaxPrintedEvents,
                      "events to print from --from (0: the summary only)");
  trace->add_flag("--verify", o.verify,
                  "decode every frame and check the chain of hashes (exit 1 if it fails)");
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
  if (o.verify) {
    const auto error = reader.verify();
    j["verified"] = !error.has_value();
    if (error) {
      std::cerr << "cleanupq trace: " << *error << "\n";
      status = 1;
    }
  }
  std::cout << j.dump() << "\n";
  return status;
}

}  // namespace cq::cli
