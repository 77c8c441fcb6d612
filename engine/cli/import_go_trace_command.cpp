// cleanupq import-go-trace: a real Go execution trace (runtime/trace) reduced to the cleanup
// goroutines, GC cycles, stop-the-world pauses and sweeps (trace/go_trace_import.hpp), through
// the fetched toolchain's own `go tool trace -d=parsed` (scripts/fetch-go.sh). A .cqgo file (what
// --out writes) is read directly, without Go.
#include <unistd.h>

#include <array>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.hpp"
#include "data/data_dirs.hpp"
#include "io/output_file.hpp"
#include "io/text_file.hpp"
#include "trace/go_trace_import.hpp"

namespace cq::cli {
namespace {

constexpr std::size_t kMaxCqgoBytes = std::size_t{64} << 20;
constexpr std::size_t kMaxProbeJsonBytes = std::size_t{16} << 20;
// Newest minor looked for when the trace's own toolchain is missing: a newer `go tool trace`
// reads older traces (internal/trace/version: every version since go1.22's format).
constexpr int kNewestGoMinor = 40;

std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

bool is_executable_file(const std::string& path) {
  return ::access(path.c_str(), X_OK) == 0;
}

// The go command of `minor` under the fetched toolchains, or a newer one; empty when none.
std::string find_go(const std::string& dir, int minor) {
  for (int m = minor; m <= kNewestGoMinor; ++m) {
    std::string go = dir + "/usr/lib/go-1." + std::to_string(m) + "/bin/go";
    if (is_executable_file(go)) return go;
  }
  return "";
}

struct Imported {
  std::optional<GoTrace> trace;
  std::string error;
};

// Runs `go tool trace -d=parsed FILE` and reads its output as it comes.
Imported run_go_tool_trace(const std::string& go, const std::string& file) {
  // GOTOOLCHAIN=local: never switch toolchains (no network); the tool is built on first use.
  const std::string command = "GOTOOLCHAIN=local GOTELEMETRY=off " + shell_quote(go) +
                              " tool trace -d=parsed " + shell_quote(file) + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");  // NOLINT(cert-env33-c): the tool is the point
  if (pipe == nullptr) return {std::nullopt, "cannot start " + go + " tool trace"};
  GoTraceDumpReader reader(file + " (as printed by " + go + " tool trace -d=parsed)");
  std::string line;
  std::string first_lines;  // for a message when Go itself refused the file
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) {
    line += buffer.data();
    if (line.empty() || line.back() != '\n') continue;
    line.pop_back();
    if (first_lines.size() < 400) first_lines += line + "\n";
    reader.feed(line);
    line.clear();
  }
  if (!line.empty()) reader.feed(line);
  const int status = pclose(pipe);
  if (status != 0) {
    return {std::nullopt, go + " tool trace -d=parsed " + file + " failed (status " +
                              std::to_string(status) + "): " + first_lines};
  }
  GoTraceResult result = reader.finish();
  return {std::move(result.trace), result.error};
}

// The model's run of the same shape (tests/conformance/README.md, "Model side": regime gcoff is
// one GC cycle of N per mutator, gcoff-forced two of N/2); none for the other workloads and the
// paced regime, which the model has no counterpart for.
std::map<std::string, std::string> model_shape(const nlohmann::json& j) {
  if (j.value("workload", std::string()) != "lost" || !j.contains("data")) return {};
  const auto& d = j["data"];
  const std::string regime = d.value("regime", std::string());
  const int n = d.value("n", 0);
  const std::string version = j.value("go_version", std::string());
  if ((regime != "gcoff" && regime != "gcoff-forced") || n < 2 || version.size() < 6) return {};
  const bool forced = regime == "gcoff-forced";
  return {{"go", version.substr(0, version.find('.', 4))},
          {"gomaxprocs", std::to_string(j.value("procs", 0))},
          {"cleanups", std::to_string(forced ? n / 2 : n)},
          {"gc-cycles", forced ? "2" : "1"}};
}

// What the conformance probe printed about its run (tests/conformance/go/main.go): the exact Go
// version, a description of the workload and its own counts of the trace.
std::optional<std::string> apply_probe_json(const std::string& path, GoTrace& trace) {
  const io::TextFile file = io::read_text_file(path, kMaxProbeJsonBytes, "a probe's JSON");
  if (!file.ok()) return "--probe-json " + file.message();
  const nlohmann::json j = nlohmann::json::parse(file.text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("go_version") || !j.contains("trace") ||
      !j["trace"].is_object()) {
    return "--probe-json " + path +
           ": expected the JSON object cleanupprobe prints (with go_version and trace)";
  }
  try {
    trace.go_version = j.at("go_version").get<std::string>();
    std::ostringstream workload;
    workload << j.value("workload", std::string("?")) << ": GOMAXPROCS " << j.value("procs", 0);
    if (j.contains("data") && j["data"].is_object()) {
      const auto& d = j["data"];
      if (d.contains("n")) workload << ", " << d["n"].get<int>() << " cleanups per goroutine";
      if (d.contains("regime")) workload << ", regime " << d["regime"].get<std::string>();
    }
    workload << " (" << j.value("goarch", std::string("?")) << ")";
    trace.workload = workload.str();
    trace.model_options = model_shape(j);
    const auto& t = j.at("trace");
    GoTraceCounts c;
    c.created = t.at("cleanup_gs_created").get<std::uint32_t>();
    c.preexisting = t.at("cleanup_gs_preexisting").get<std::uint32_t>();
    c.parks = t.at("parks").get<std::uint32_t>();
    c.unblocks = t.at("unblocks").get<std::uint32_t>();
    c.gc_cycles = t.at("gc_cycles").get<std::uint32_t>();
    c.stw_pauses = t.at("stw_pauses").get<std::uint32_t>();
    trace.probe_counts = c;
  } catch (const nlohmann::json::exception& e) {
    return "--probe-json " + path + ": " + e.what();
  }
  return std::nullopt;
}

std::string summary(const GoTrace& t) {
  const GoTraceCounts c = count_go_trace(t);
  std::ostringstream out;
  out << t.go_version << (t.workload.empty() ? "" : ", " + t.workload) << "\n"
      << "  " << std::fixed << std::setprecision(3) << static_cast<double>(t.duration_ns) / 1e6
      << " ms, GOMAXPROCS " << t.gomaxprocs << "\n"
      << "  cleanup goroutines: " << c.created << " created, " << c.preexisting
      << " already alive; " << c.parks << " parks, " << c.unblocks << " unblocks\n"
      << "  GC cycles " << c.gc_cycles << ", stop-the-world pauses " << c.stw_pauses
      << ", sweep ranges " << c.sweeps << "\n"
      << "  (a Go trace has no enqueue, flush or wake events: docs/conformance.md)\n";
  return out.str();
}

}  // namespace

void add_import_go_trace_command(CLI::App& app, ImportGoTraceOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "import-go-trace",
      "reduce a real Go execution trace to its cleanup goroutines, GC and stop-the-world pauses");
  cmd->add_option("FILE", o.file,
                  "a runtime/trace file (read through the fetched Go's `go tool trace`; "
                  "$CQ_GO_DIR or build/go, scripts/fetch-go.sh) or a .cqgo file")
      ->required();
  cmd->add_option("--out", o.out, "write the reduced trace (cleanupq-go-trace 1) to this file");
  cmd->add_option("--probe-json", o.probe_json,
                  "the conformance probe's JSON of the same run: exact Go version, workload "
                  "and its own counts, kept in the file");
}

int import_go_trace_command(const ImportGoTraceOptions& o) {
  const std::string prefix = "cleanupq import-go-trace: ";
  std::ifstream in(o.file, std::ios::binary);
  std::array<char, 32> head{};
  in.read(head.data(), head.size());
  if (!in && in.gcount() == 0) {
    std::cerr << prefix << o.file << ": cannot read (no such file, or not readable)\n";
    return 2;
  }
  const std::string_view first(head.data(), static_cast<std::size_t>(in.gcount()));
  in.close();
  GoTrace trace;
  // Any "cleanupq-go-trace N" goes to the reader, whose message names the version it reads.
  if (first.starts_with("cleanupq-go-trace")) {
    const io::TextFile file = io::read_text_file(o.file, kMaxCqgoBytes, "a .cqgo file");
    if (!file.ok()) {
      std::cerr << prefix << file.message() << "\n";
      return 2;
    }
    GoTraceResult read = read_cqgo(file.text, o.file);
    if (!read.ok()) {
      std::cerr << prefix << read.error << "\n";
      return 2;
    }
    trace = std::move(*read.trace);
  } else {
    const std::string version = go_trace_header_version(first);
    if (version.empty()) {
      std::cerr << prefix << o.file
                << ": neither a Go execution trace (expected the header 'go 1.NN trace') nor a "
                   ".cqgo file (expected '"
                << kCqgoMagic << "')\n";
      return 2;
    }
    int minor = 0;  // version is "go1.NN": digits after "go1."
    std::from_chars(version.data() + 4, version.data() + version.size(), minor);
    const std::string dir = data::fetched_go_dir();
    const std::string go = find_go(dir, minor);
    if (go.empty()) {
      std::cerr << prefix << o.file << " is a " << version
                << " trace and needs a Go toolchain to read it: none in " << dir << "/usr/lib/go-1."
                << minor << "/bin (or newer); run scripts/fetch-go.sh or set CQ_GO_DIR\n";
      return 2;
    }
    Imported imported = run_go_tool_trace(go, o.file);
    if (!imported.trace) {
      std::cerr << prefix << imported.error << "\n";
      return 2;
    }
    trace = std::move(*imported.trace);
    trace.go_version = version + " (from the trace's header)";
  }
  if (!o.probe_json.empty()) {
    if (const auto problem = apply_probe_json(o.probe_json, trace)) {
      std::cerr << prefix << *problem << "\n";
      return 2;
    }
  }
  std::cout << summary(trace);
  if (trace.probe_counts) {
    GoTraceCounts mine = count_go_trace(trace);
    mine.sweeps = 0;  // the probe does not count sweeps
    if (!(mine == *trace.probe_counts)) {
      const GoTraceCounts& p = *trace.probe_counts;
      std::cout << "  the probe counted differently: " << p.created << " created, " << p.preexisting
                << " already alive, " << p.parks << " parks, " << p.unblocks << " unblocks, "
                << p.gc_cycles << " GC cycles, " << p.stw_pauses << " stop-the-world pauses\n";
      return 1;
    }
    std::cout << "  the probe's own counts of this trace agree\n";
  }
  if (!o.out.empty()) {
    io::OutputFile out(o.out);
    out.write(write_cqgo(trace));
    if (!out.commit()) {
      std::cerr << prefix << out.error() << "\n";
      return kExitOutputFailed;
    }
  }
  return 0;
}

}  // namespace cq::cli
