// The `cleanupq run` contract scripts rely on: --json prints exactly one JSON object with the
// documented fields, the defaults are GOMAXPROCS 8 with one mutator per P registering 10,000
// cleanups, --trace writes Chrome trace JSON, and the exit code is 0 for a good run and 1 for a
// run that left work stranded.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "cli_test_support.hpp"

namespace cq {
namespace {

using cli_test::CliResult;
using cli_test::read_file;
using cli_test::run_cli;
using cli_test::temp_path;
using nlohmann::json;

constexpr const char* kContractFields[] = {"registered",   "executed", "lost",
                                           "duplicated",   "pending",  "blocks_allocated",
                                           "full_pushes",  "flushes",  "workers_created",
                                           "worker_cap",   "wakes",    "spurious_wakes",
                                           "needg_raised", "events",   "trace_hash",
                                           "virtual_ns",   "wall_ms",  "invariant_violations",
                                           "stranded"};

// stdout must be one JSON object and nothing else (one line, then a newline).
json parse_single_object(const CliResult& r) {
  EXPECT_FALSE(r.out.empty()) << "stderr: " << r.err;
  EXPECT_EQ(r.out.find('\n'), r.out.size() - 1) << "exactly one line: " << r.out;
  json j = json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  EXPECT_TRUE(j.is_object()) << r.out;
  return j;
}

TEST(CliRun, JsonPrintsExactlyOneObjectWithEveryContractField) {
  const CliResult r = run_cli("run --json --gomaxprocs 4 --cleanups 50 --runner inline");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = parse_single_object(r);
  for (const char* field : kContractFields) EXPECT_TRUE(j.contains(field)) << field;
  for (const char* field : kContractFields) {
    if (std::string(field) == "trace_hash" || std::string(field) == "stranded") continue;
    EXPECT_TRUE(j.at(field).is_number()) << field;
  }
  EXPECT_TRUE(j.at("stranded").is_boolean());
  ASSERT_TRUE(j.at("trace_hash").is_string());
  const std::string hash = j.at("trace_hash");
  EXPECT_EQ(hash.size(), 16u);
  EXPECT_EQ(hash.find_first_not_of("0123456789abcdef"), std::string::npos) << hash;
  EXPECT_EQ(j.at("registered"), 200);
  EXPECT_EQ(j.at("executed"), 200);
  EXPECT_EQ(j.at("lost"), 0);
  EXPECT_EQ(j.at("duplicated"), 0);
  EXPECT_EQ(j.at("pending"), 0);
  EXPECT_EQ(j.at("invariant_violations"), 0);
  EXPECT_EQ(j.at("stranded"), false);
  EXPECT_EQ(j.at("worker_cap"), 1) << "max(4/4, 1)";
  EXPECT_EQ(j.at("flushes"), 1);
  EXPECT_GT(j.at("events").get<std::uint64_t>(), 0u);
  EXPECT_GT(j.at("virtual_ns").get<std::uint64_t>(), 0u);
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST(CliRun, DefaultsAreGomaxprocs8WithOneMutatorPerPRegistering10000Each) {
  // The one run at full default size (threaded, 80,000 cleanups): seconds, even under TSan.
  const CliResult r = run_cli("run --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = parse_single_object(r);
  EXPECT_EQ(j.at("registered"), 80000);
  EXPECT_EQ(j.at("executed"), 80000);
  EXPECT_EQ(j.at("worker_cap"), 2) << "max(8/4, 1)";
  EXPECT_EQ(j.at("lost"), 0);
  EXPECT_EQ(j.at("duplicated"), 0);
  // The command line names what differs from the defaults (here nothing), and always the runner.
  EXPECT_EQ(j.at("scenario"), "cleanupq run --runner threaded");
  EXPECT_NE(j.at("go").get<std::string>().find("Go 1.25"), std::string::npos) << j.at("go");
  EXPECT_NE(j.at("go").get<std::string>().find("CL 671676"), std::string::npos) << j.at("go");
  EXPECT_EQ(j.at("options").at("gomaxprocs"), "8");
  EXPECT_EQ(j.at("options").at("protocol"), "level");
  EXPECT_EQ(j.at("options").at("block-capacity"), "60");
}

TEST(CliRun, DefaultRunnerIsThreaded) {
  const CliResult r = run_cli("run --json --cleanups 20");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = parse_single_object(r);
  EXPECT_EQ(j.at("registered"), 160);
  EXPECT_EQ(j.at("options").at("runner"), "threaded");
}

TEST(CliRun, SameSeedGivesTheSameHashAndConductedMatchesInline) {
  const std::string base = "run --json --gomaxprocs 4 --mutators 3 --cleanups 30 --seed 17";
  const json a = parse_single_object(run_cli(base + " --runner inline"));
  const json b = parse_single_object(run_cli(base + " --runner inline"));
  const json c = parse_single_object(run_cli(base + " --runner conducted"));
  const json d = parse_single_object(run_cli(base + " --runner inline --seed 18"));
  EXPECT_EQ(a.at("trace_hash"), b.at("trace_hash"));
  EXPECT_EQ(a.at("trace_hash"), c.at("trace_hash"));
  EXPECT_EQ(a.at("events"), c.at("events"));
  EXPECT_NE(a.at("trace_hash"), d.at("trace_hash")) << "a later --seed overrides the first";
}

TEST(CliRun, TraceFileIsChromeTraceJsonWithOneInstantPerEvent) {
  const std::string path = temp_path("trace.json");
  const CliResult r =
      run_cli("run --json --gomaxprocs 4 --cleanups 30 --runner inline --trace " + path);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json summary = parse_single_object(r);
  const json trace = json::parse(read_file(path), nullptr, /*allow_exceptions=*/false);
  std::remove(path.c_str());
  ASSERT_TRUE(trace.is_object()) << "the trace file is not valid JSON";
  ASSERT_TRUE(trace.at("traceEvents").is_array());
  std::uint64_t instants = 0;
  std::uint64_t runs = 0;
  for (const json& row : trace.at("traceEvents")) {
    if (row.at("ph") == "i") ++instants;
    if (row.value("name", "") == "cleanup_run") ++runs;
  }
  EXPECT_EQ(instants, summary.at("events").get<std::uint64_t>());
  EXPECT_EQ(runs, summary.at("executed").get<std::uint64_t>());
}

// A failed output is not bad usage (2) nor a broken run (1): exit 3, with the file and the
// system's reason; the summary is still printed.
TEST(CliRun, TraceFileInAMissingFolderExitsThreeNamingTheFileAndReason) {
  const CliResult r =
      run_cli("run --json --cleanups 5 --runner inline --trace /nonexistent-dir/trace.json");
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("--trace /nonexistent-dir/trace.json: cannot create a file in "
                       "/nonexistent-dir: No such file or directory"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(parse_single_object(r).is_object()) << "the run's summary is still printed";
}

// Before io::OutputFile, std::ofstream buffered the trace, the failed flush went unchecked and
// the run exited 0 with no trace written.
TEST(CliRun, TraceToAFullDiskExitsThree) {
  const CliResult r = run_cli("run --json --cleanups 5 --runner inline --trace /dev/full");
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("cleanupq run: --trace /dev/full: cannot write: No space left on device"),
            std::string::npos)
      << r.err;
}

// The trace is written as the run goes on and never stored: the run that a 16 MiB trace budget
// once cut at 524,288 of its events is now whole in the file, with the run's hash and every
// frame's check passing (`cleanupq trace --verify`), and the run holds no event in memory. That
// run had the poll scheduler, then the default; the default findrunnable makes fewer events.
TEST(CliRun, ATraceFileIsWrittenAsTheRunGoesOnAndHoldsEveryEvent) {
  const std::string path = temp_path("whole-trace.cqtrace");
  const CliResult r = run_cli(
      "run --json --gomaxprocs 8 --cleanups 20000 --scheduler poll --runner inline --trace " +
      path);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = parse_single_object(r);
  EXPECT_EQ(j.at("conformance").at("trace_complete"), true);
  EXPECT_EQ(j.at("conformance").at("trace_events_stored"), 0);
  EXPECT_GT(j.at("events").get<std::uint64_t>(), 8u * 65536u);
  const CliResult read = run_cli("trace --verify " + path);
  ASSERT_EQ(read.exit_code, 0) << read.err;
  const json file = parse_single_object(read);
  EXPECT_EQ(file.at("events"), j.at("events"));
  EXPECT_EQ(file.at("trace_hash"), j.at("trace_hash"));
  EXPECT_EQ(file.at("verified"), true);
  EXPECT_LT(file.at("bytes_per_event").get<double>(), 8.0);
  // A seek: the events asked for, numbered from --from.
  const CliResult seek = run_cli("trace " + path + " --from 600000 --count 3");
  ASSERT_EQ(seek.exit_code, 0) << seek.err;
  const json events = parse_single_object(seek).at("event_list");
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].at("seq"), 600000);
  EXPECT_EQ(events[2].at("seq"), 600002);
  std::remove(path.c_str());
}

// `cleanupq trace` refuses what it cannot read, naming the file or the flag, the value and what
// is allowed.
TEST(CliRun, TraceCommandRefusesBadFilesAndFlagsNamingThem) {
  const std::string path = temp_path("small.cqtrace");
  ASSERT_EQ(run_cli("run --json --cleanups 5 --runner inline --trace " + path).exit_code, 0);
  const std::uint64_t events =
      parse_single_object(run_cli("trace " + path)).at("events").get<std::uint64_t>();
  const CliResult past =
      run_cli("trace " + path + " --from " + std::to_string(events) + " --count 1");
  EXPECT_EQ(past.exit_code, 2);
  EXPECT_EQ(past.err, "cleanupq trace: --from " + std::to_string(events) +
                          " is past the file's end: allowed 0.." + std::to_string(events - 1) +
                          "\n");
  const std::string json_path = temp_path("not-compact.json");
  ASSERT_EQ(run_cli("run --json --cleanups 5 --runner inline --trace " + json_path).exit_code, 0);
  const CliResult foreign = run_cli("trace " + json_path);
  EXPECT_EQ(foreign.exit_code, 2);
  EXPECT_EQ(foreign.err, "cleanupq trace: " + json_path +
                             ": is not a compact trace file (cleanupq run --trace FILE.cqtrace "
                             "writes them)\n");
  std::remove(path.c_str());
  std::remove(json_path.c_str());
}

// `cleanupq trace FILE --model-at N`: the runtime's state after event N, read from the file's
// model snapshots; at the last event it is what the run itself reported. Bad values are refused
// naming the flag, the value and the range.
TEST(CliRun, TraceModelAtPrintsTheStateAfterThatEvent) {
  const std::string path = temp_path("model-at.cqtrace");
  const CliResult ran =
      run_cli("run --json --gomaxprocs 4 --cleanups 40000 --runner inline --trace " + path);
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  const json run = parse_single_object(ran);
  const std::uint64_t events = run.at("events").get<std::uint64_t>();
  ASSERT_GT(events, 2u * 65536u);
  for (const std::uint64_t n :
       {std::uint64_t{0}, std::uint64_t{65535}, std::uint64_t{65536}, events / 2, events - 1}) {
    const CliResult r = run_cli("trace " + path + " --model-at " + std::to_string(n));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json at = parse_single_object(r).at("model_at");
    EXPECT_EQ(at.at("event"), n);
    EXPECT_TRUE(at.at("read_ms").is_number());
    // Folded from the nearest snapshot at or before the event's frame: the event itself at least.
    EXPECT_GE(at.at("events_folded").get<std::uint64_t>(), n % 65536 + 1);
    EXPECT_LE(at.at("events_folded").get<std::uint64_t>(), n + 1);
    const json& state = at.at("state");
    EXPECT_EQ(state.at("events"), n + 1);
    EXPECT_EQ(state.at("ps").size(), 4u);
    EXPECT_EQ(state.at("finished"), n == events - 1);
  }
  const json last =
      parse_single_object(run_cli("trace " + path + " --model-at " + std::to_string(events - 1)))
          .at("model_at")
          .at("state");
  EXPECT_EQ(last.at("counters").at("registered"), run.at("registered"));
  EXPECT_EQ(last.at("counters").at("executed"), run.at("executed"));
  EXPECT_EQ(last.at("counters").at("blocks_allocated"), run.at("blocks_allocated"));
  EXPECT_EQ(last.at("complete"), true);
  // The last flush's actor, by id: a track of the file, and (one GC cycle, Go's phases, no
  // AddCleanup after the GC starts) a sweeper's, never the GC's or a mutator's.
  const json file_tracks = parse_single_object(run_cli("trace " + path)).at("tracks");
  const json& flusher = last.at("flush").at("actor");
  ASSERT_TRUE(flusher.is_number()) << last.at("flush").dump();
  std::string flusher_name;
  for (const json& t : file_tracks) {
    if (t.at("actor") == flusher) flusher_name = t.at("name").get<std::string>();
  }
  EXPECT_EQ(flusher_name.rfind("sweeper", 0), 0u) << flusher_name;
  const json first = parse_single_object(run_cli("trace " + path + " --model-at 0"))
                         .at("model_at")
                         .at("state")
                         .at("flush");
  EXPECT_TRUE(first.at("actor").is_null()) << "no flush before event 0";
  const CliResult past = run_cli("trace " + path + " --model-at " + std::to_string(events));
  EXPECT_EQ(past.exit_code, 2);
  EXPECT_EQ(past.err, "cleanupq trace: --model-at " + std::to_string(events) +
                          " is past the file's end: allowed 0.." + std::to_string(events - 1) +
                          "\n");
  const CliResult word = run_cli("trace " + path + " --model-at last");
  EXPECT_EQ(word.exit_code, 2);
  EXPECT_EQ(word.err,
            "cleanupq trace: --model-at last is not a whole number: allowed "
            "0..4611686018427387904\n");
  const CliResult huge = run_cli("trace " + path + " --model-at 99999999999999999999");
  EXPECT_EQ(huge.exit_code, 2);
  EXPECT_EQ(huge.err,
            "cleanupq trace: --model-at 99999999999999999999 is out of range: allowed "
            "0..4611686018427387904\n");
  const CliResult verified = run_cli("trace --verify " + path);
  ASSERT_EQ(verified.exit_code, 0) << verified.err;
  const json file = parse_single_object(verified);
  EXPECT_GT(file.at("snapshot_bytes").get<std::uint64_t>(), 0u);
  EXPECT_GE(file.at("snapshots").get<std::uint64_t>(), 1u);
  EXPECT_LE(file.at("snapshots"), file.at("frames"));
  EXPECT_LT(file.at("snapshot_bytes").get<std::uint64_t>(),
            file.at("file_bytes").get<std::uint64_t>());
  std::remove(path.c_str());
}

// `run` records only what was asked for: with or without --trace (either format) it stores no
// event, and prints the same JSON, the conformance facts (folded as the events are appended) and
// the hash included, but for the wall time. Scenarios with several GC cycles, the priming shape,
// Go 1.24 and a pool that grows.
TEST(CliRun, ARunWithoutATracePrintsWhatTheTracedRunPrints) {
  for (const std::string name : {"same-run-trace.json", "same-run-trace.cqtrace"}) {
    const std::string path = temp_path(name);
    for (const std::string scenario :
         {"--gomaxprocs 8 --cleanups 3000 --gc-cycles 3",
          "--go go1.26 --gomaxprocs 3 --mutators 1 --shape priming --gc-cycles 4 --cleanups 300",
          "--go go1.24 --gomaxprocs 4 --cleanups 500",
          "--gomaxprocs 16 --cleanups 400 --gc-cycles 4 --cleanup-cost-ns 20000"}) {
      const CliResult traced =
          run_cli("run --json --runner inline " + scenario + " --trace " + path);
      const CliResult untraced = run_cli("run --json --runner inline " + scenario);
      ASSERT_EQ(traced.exit_code, 0) << scenario << ": " << traced.err;
      ASSERT_EQ(untraced.exit_code, 0) << scenario << ": " << untraced.err;
      json t = parse_single_object(traced);
      json u = parse_single_object(untraced);
      EXPECT_EQ(t.at("conformance").at("trace_events_stored"), 0) << scenario;
      EXPECT_FALSE(t.at("conformance").at("block_runs").empty() &&
                   t.at("conformance").at("ng_after_creations").empty())
          << scenario << ": the facts compared are empty";
      for (json* j : {&t, &u}) j->erase("wall_ms");
      EXPECT_EQ(u, t) << scenario;
    }
    std::remove(path.c_str());
  }
}

// What a run holds grows with one GC cycle's objects (about 25 bytes each) and, much less, with
// the whole run's cleanups (1-3 bytes each): both are bounded so that a run's own memory stays
// under about 1 GiB (before, 100 M cleanups in one cycle took 4-5 GB).
TEST(CliRun, MoreThanTwentyMillionCleanupsInOneCycleIsRefusedNamingTheCount) {
  const CliResult r = run_cli("run --json --gomaxprocs 3 --cleanups 7000000");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.err,
            "cleanupq run: --cleanups 7000000 gives 21000000 cleanups in one GC cycle (mutators x "
            "cleanups): allowed up to 20000000 in a cycle\n");
}

TEST(CliRun, MoreThanAHundredMillionCleanupsInAllIsRefusedNamingTheTotal) {
  const CliResult r = run_cli("run --json --gomaxprocs 3 --cleanups 4000000 --gc-cycles 9");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.err,
            "cleanupq run: --cleanups 4000000 gives 108000000 cleanups in all (mutators x cleanups "
            "x --gc-cycles): allowed up to 100000000 in all\n");
}

TEST(CliRun, JsonToAFullStdoutExitsThree) {
  const CliResult r = run_cli("run --json --cleanups 5 --runner inline >/dev/full");
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("cleanupq: standard output: cannot write: No space left on device"),
            std::string::npos)
      << r.err;
}

TEST(CliRun, EveryOutputToAFullStdoutExitsThree) {
  for (const std::string command :
       {"run --help", "flush --capacity 4 --fills 1,2 --json", "lesson quantities"}) {
    const CliResult r = run_cli(command + " >/dev/full");
    EXPECT_EQ(r.exit_code, 3) << command << ": " << r.err;
    EXPECT_NE(r.err.find("standard output: cannot write: No space left on device"),
              std::string::npos)
        << command << ": " << r.err;
  }
}

TEST(CliRun, ATraceReplacesAnOldFileWhole) {
  const std::string path = temp_path("old-trace.json");
  { std::ofstream(path) << "an old file much longer than nothing, which must not survive in part"; }
  const CliResult r = run_cli("run --json --cleanups 5 --runner inline --trace " + path);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json trace = json::parse(read_file(path), nullptr, /*allow_exceptions=*/false);
  std::remove(path.c_str());
  EXPECT_TRUE(trace.is_object()) << "the trace file is not valid JSON";
}

// The lost-wakeup schedule of docs/algorithm.md §9.2 (see tests/engine/runtime/stranded_test.cpp
// for the step-by-step reasoning): under oneshot the only worker sleeps beside a queued block.
// The schedule names the parked GC cycle's two steps (--gc-phases parked, docs/model-vs-go.md P1).
const std::string kStrandingRun =
    "run --json --runner conducted --gomaxprocs 8 --mutators 1 --sweepers 1 --cleanups 1 "
    "--block-capacity 1 --gc-phases parked --schedule "
    "mutator0,worker0,mutator0,gc,gc,sweeper0,sweeper0,sweeper0,sweeper0,sched0,worker0";

TEST(CliRun, StrandedRunExitsOneAndSaysStranded) {
  const CliResult r = run_cli(kStrandingRun + " --protocol oneshot");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const json j = parse_single_object(r);
  EXPECT_EQ(j.at("stranded"), true);
  EXPECT_EQ(j.at("executed"), 0);
  EXPECT_EQ(j.at("pending"), 1);
  EXPECT_EQ(j.at("lost"), 0) << "stranded work is still visibly queued";
}

TEST(CliRun, SameScheduleUnderLevelExitsZero) {
  const CliResult r = run_cli(kStrandingRun + " --protocol level");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const json j = parse_single_object(r);
  EXPECT_EQ(j.at("stranded"), false);
  EXPECT_EQ(j.at("executed"), 1);
}

TEST(CliRun, AScheduleNamingAnActorThatIsNotReadyFailsWithAMessageNamingIt) {
  const CliResult r = run_cli("run --json --runner inline --cleanups 2 --schedule mutator0,ghost");
  EXPECT_EQ(r.exit_code, 2) << "a schedule naming an actor that cannot step is bad usage";
  EXPECT_NE(r.err.find("--schedule"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("step 2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("'ghost'"), std::string::npos) << r.err;
  const json j = parse_single_object(r);
  EXPECT_EQ(j.at("stop"), "schedule_error");
  EXPECT_EQ(j.at("finished"), false);
}

TEST(CliRun, StuckCleanupLeavesWorkPendingAndExitsOne) {
  const CliResult r =
      run_cli("run --json --runner inline --gomaxprocs 4 --cleanups 30 --stuck-cleanup 3");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const json j = parse_single_object(r);
  EXPECT_GT(j.at("pending").get<std::uint64_t>(), 0u);
  EXPECT_EQ(j.at("lost"), 0);
}

// The `conformance` object that scripts/conform.sh compares with real Go: at GOMAXPROCS 1, 300
// cleanups and one GC, every taken block runs a full block (Go: 60 in 1.25, 20 in 1.26), the
// executed counter moves by whole blocks, one goroutine, nothing swept before the last AddCleanup,
// and the queue is idle at the end.
TEST(CliRun, ConformanceFactsOfOneCycleAtOneP) {
  for (const auto& [go, slots] : {std::pair{"go1.25", 60}, std::pair{"go1.26", 20}}) {
    const CliResult r =
        run_cli(std::string("run --json --runner inline --gomaxprocs 1 --cleanups 300 --go ") + go);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json c = parse_single_object(r).at("conformance");
    EXPECT_EQ(c.at("trace_complete"), true) << go;
    EXPECT_EQ(c.at("block_runs"), json(std::vector<int>(300 / slots, slots))) << go;
    std::vector<int> executed;
    for (int v = slots; v <= 300; v += slots) executed.push_back(v);
    EXPECT_EQ(c.at("executed_values"), json(executed)) << go;
    EXPECT_EQ(c.at("ng_after_creations"), json::array({1})) << go;
    EXPECT_EQ(c.at("swept_before_last_add_cleanup"), 0) << go;
    const json& q = c.at("queue_end");
    EXPECT_EQ(q.at("ng"), 1);
    EXPECT_EQ(q.at("asleep"), 1);
    EXPECT_EQ(q.at("sleeping"), 1);
    EXPECT_EQ(q.at("running"), 0);
    EXPECT_EQ(q.at("work_units"), 0);
    EXPECT_EQ(q.at("flushed"), true);
    EXPECT_EQ(q.at("cleanups_on_full"), 0);
    EXPECT_EQ(q.at("p_blocks"), 0);
    EXPECT_EQ(q.at("worker_cap"), 1);
  }
}

// With a GC between two rounds of registrations, cycle 2's AddCleanups come after a sweep, and the
// pool grows to max(16/4, 1) = 4 and never shrinks.
TEST(CliRun, ConformanceFactsOfTwoCyclesAtSixteenPs) {
  const CliResult r =
      run_cli("run --json --runner inline --go go1.26 --gomaxprocs 16 --cleanups 50 --gc-cycles 2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json c = parse_single_object(r).at("conformance");
  EXPECT_EQ(c.at("swept_before_last_add_cleanup"), 16 * 50) << "all of cycle 1 was swept";
  const auto ng = c.at("ng_after_creations").get<std::vector<int>>();
  ASSERT_FALSE(ng.empty());
  EXPECT_TRUE(std::is_sorted(ng.begin(), ng.end()));
  EXPECT_EQ(ng.back(), 4);
  EXPECT_EQ(c.at("queue_end").at("ng"), 4);
}

// Go 1.24 has no cleanup queue: no queue state to report.
TEST(CliRun, ConformanceFactsWithoutACleanupQueue) {
  const CliResult r =
      run_cli("run --json --runner inline --go go1.24 --gomaxprocs 2 --cleanups 10");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json c = parse_single_object(r).at("conformance");
  EXPECT_FALSE(c.contains("queue_end"));
  EXPECT_EQ(c.at("block_runs"), json::array());
}

// The statistics each Go exposes about its queue, as Go counts them: after a run that drained,
// every cleanup was queued and executed (executed is added by whole blocks, so mid-run it lags).
TEST(CliRun, GoStatsNameWhereEachGoExposesThemAndAreNullWhereItHasNone) {
  for (const char* go : {"go1.26", "go1.25"}) {
    const CliResult r =
        run_cli(std::string("run --json --runner inline --gomaxprocs 4 --cleanups 70 --go ") + go);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json j = parse_single_object(r);
    const json& g = j.at("go_stats");
    EXPECT_EQ(g.at("queued"), 4 * 70) << go;
    EXPECT_EQ(g.at("executed"), 4 * 70) << go;
    EXPECT_EQ(j.at("flushes"), 1) << go;
  }
  const json metrics = parse_single_object(
      run_cli("run --json --runner inline --gomaxprocs 4 --cleanups 70 --go go1.26"));
  EXPECT_NE(metrics.at("go_stats")
                .at("exposed_as")
                .get<std::string>()
                .find("/gc/cleanups/queued:cleanups"),
            std::string::npos);
  const json debug = parse_single_object(
      run_cli("run --json --runner inline --gomaxprocs 4 --cleanups 70 --go go1.25"));
  EXPECT_NE(
      debug.at("go_stats").at("exposed_as").get<std::string>().find("GODEBUG=checkfinalizers=1"),
      std::string::npos);
  const json fing = parse_single_object(
      run_cli("run --json --runner inline --go go1.24 --gomaxprocs 2 --cleanups 10"));
  const json dev = parse_single_object(
      run_cli("run --json --runner inline --go e46c8e --gomaxprocs 2 --cleanups 10"));
  EXPECT_TRUE(dev.at("go_stats").at("queued").is_null());
  EXPECT_NE(dev.at("go_stats").at("why_null").get<std::string>().find("no queued or executed"),
            std::string::npos);
  EXPECT_TRUE(fing.at("go_stats").at("queued").is_null());
  EXPECT_NE(fing.at("go_stats").at("why_null").get<std::string>().find("no cleanup queue"),
            std::string::npos);
  for (const char* queue_only : {"full_pushes", "flushes", "needg_raised"}) {
    EXPECT_TRUE(fing.at(queue_only).is_null()) << queue_only;
  }
  EXPECT_EQ(fing.at("executed"), 20);
}

// What each profile's queue code is, beyond the options, exactly as Go's sources have it
// (docs/go-facts.md): e46c8e 60 words, 25-bit tag, no nil-P check; go1.25 60 words, 24 bits, the
// check; go1.26 20 three-word cleanupFn, 24 bits, the check; every Go block 512 bytes. An
// override changes the block, not the rest; go1.24 has no queue.
TEST(CliRun, GoCodeSaysWhatEachProfilesQueueIs) {
  struct Expected {
    const char* go;
    const char* slot;
    int slots;
    int tag_bits;
    bool nil_p_check;
  };
  for (const Expected& e :
       {Expected{"e46c8e", "word", 60, 25, false}, Expected{"go1.25", "word", 60, 24, true},
        Expected{"go1.26", "cleanup_fn", 20, 24, true}}) {
    const json j = parse_single_object(run_cli(
        std::string("run --json --runner inline --gomaxprocs 2 --cleanups 10 --go ") + e.go));
    const json& c = j.at("go_code");
    EXPECT_EQ(c.at("slot"), e.slot) << e.go;
    EXPECT_EQ(c.at("slots_per_block"), e.slots) << e.go;
    EXPECT_EQ(c.at("block_bytes"), 512) << e.go;
    EXPECT_EQ(c.at("tag_bits"), e.tag_bits) << e.go;
    EXPECT_EQ(c.at("flush_skips_nil_p"), e.nil_p_check) << e.go;
  }
  // 30 three-word slots after the 32-byte header need 752 bytes: the block takes two 512-byte
  // alignment units (blocks stay 512-aligned for the tag's tagAlignBits = 9).
  const json custom = parse_single_object(run_cli(
      "run --json --runner inline --gomaxprocs 2 --cleanups 10 --go go1.26 --block-capacity 30"));
  EXPECT_EQ(custom.at("go"), "custom (based on go1.26: block capacity 30)");
  EXPECT_EQ(custom.at("go_code").at("slot"), "cleanup_fn");
  EXPECT_EQ(custom.at("go_code").at("slots_per_block"), 30);
  EXPECT_EQ(custom.at("go_code").at("block_bytes"), 1024);
  const json fing = parse_single_object(
      run_cli("run --json --runner inline --go go1.24 --gomaxprocs 2 --cleanups 10"));
  EXPECT_TRUE(fing.at("go_code").is_null());
}

// Scenario events and faults (docs/model-vs-go.md, F1 to F3): losses by cause in the JSON, exit 1
// for losses, exit 4 for a crash of the modelled program, with its cause.
TEST(CliRunFaults, ACleanRunReportsNoLossAndNoCrash) {
  const CliResult r = run_cli("run --json --gomaxprocs 8 --cleanups 50 --runner inline");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = parse_single_object(r);
  ASSERT_TRUE(j.contains("losses")) << r.out;
  EXPECT_EQ(j.at("losses"),
            json({{"lost_wakeup", 0}, {"stranded_by_shrink", 0}, {"killed_by_goexit", 0}}));
  EXPECT_TRUE(j.at("crash").is_null());
}

TEST(CliRunFaults, AShrinkMidSweepExitsOneWithTheStrandedCount) {
  const CliResult r = run_cli(
      "run --json --go go1.26 --gomaxprocs 8 --cleanups 100 --gc-cycles 2 --span-objects 7 "
      "--shrink-gomaxprocs-to 2 --resize-during-cycle 2 --runner inline");
  ASSERT_EQ(r.exit_code, 1) << r.err;
  const json j = parse_single_object(r);
  const std::uint64_t stranded = j.at("losses").at("stranded_by_shrink");
  EXPECT_GT(stranded, 0u);
  EXPECT_EQ(j.at("pending"), stranded) << "every unrun cleanup is in a cut P's block";
  EXPECT_TRUE(j.at("crash").is_null());
  EXPECT_NE(j.at("scenario").get<std::string>().find("--shrink-gomaxprocs-to 2"), std::string::npos)
      << "the reproducing command line carries the event";
}

TEST(CliRunFaults, GoexitAtCapOneExitsOneWithTheKilledCount) {
  const CliResult r = run_cli(
      "run --json --gomaxprocs 4 --cleanups 100 --gc-cycles 2 --goexit-in-cleanup 1 "
      "--runner inline");
  ASSERT_EQ(r.exit_code, 1) << r.err;
  const json j = parse_single_object(r);
  EXPECT_GT(j.at("losses").at("killed_by_goexit").get<std::uint64_t>(), 0u);
  EXPECT_EQ(j.at("losses").at("killed_by_goexit"), j.at("pending"));
  EXPECT_EQ(j.at("conformance").at("queue_end").at("running"), 1) << "never ended running";
}

TEST(CliRunFaults, APanicInACleanupExitsFourNamingTheCrash) {
  const CliResult r = run_cli("run --json --cleanups 50 --panic-in-cleanup 7 --runner inline");
  ASSERT_EQ(r.exit_code, 4) << r.err;
  EXPECT_EQ(parse_single_object(r).at("crash"), "panic in cleanup");
}

TEST(CliRunFaults, GrowthAsTheSweepEndsCrashesOnlyUnderE46c8e) {
  const std::string growth =
      " --gomaxprocs 4 --cleanups 50 --grow-gomaxprocs-to 8 --runner inline --json";
  const CliResult crashed = run_cli("run --go e46c8e" + growth);
  ASSERT_EQ(crashed.exit_code, 4) << crashed.err;
  EXPECT_EQ(parse_single_object(crashed).at("crash"), "nil P in flush (e46c8e)");
  for (const char* go : {"go1.25", "go1.26"}) {
    const CliResult fine = run_cli(std::string("run --go ") + go + growth);
    EXPECT_EQ(fine.exit_code, 0) << go << ": " << fine.err;
    EXPECT_TRUE(parse_single_object(fine).at("crash").is_null()) << go;
  }
}

// Go's priming workload (tests/conformance/go/priming.go) as a model run: per mutator one warm-up
// cleanup, k in the middle cycle, one probe; every one runs once, and the pool stays within its
// cap.
TEST(CliRunShapes, PrimingRegistersWarmUpThenKThenTheProbe) {
  const CliResult r = run_cli(
      "run --go go1.26 --shape priming --gc-cycles 3 --mutators 2 --cleanups 7 --gomaxprocs 8 "
      "--runner inline --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = parse_single_object(r);
  EXPECT_EQ(j.at("registered"), 18) << "2 x (1 + 7 + 1)";
  EXPECT_EQ(j.at("executed"), 18);
  EXPECT_EQ(j.at("duplicated"), 0);
  EXPECT_EQ(j.at("options").at("shape"), "priming");
  const auto& created = j.at("conformance").at("ng_after_creations");
  ASSERT_FALSE(created.empty());
  EXPECT_EQ(created.front(), 1) << "the warm-up's AddCleanup starts one goroutine (needG: ng == 0)";
  EXPECT_LE(created.back().get<std::uint32_t>(), 2u) << "max(8/4, 1)";
  // Four cycles: 1, 7, 7, 1 per mutator.
  const CliResult four =
      run_cli("run --shape priming --gc-cycles 4 --mutators 1 --cleanups 7 --runner inline --json");
  ASSERT_EQ(four.exit_code, 0) << four.err;
  EXPECT_EQ(parse_single_object(four).at("registered"), 16);
}

TEST(CliRunFaults, EventsOutOfRangeAreBadUsageNamingFlagValueAndAllowed) {
  const struct {
    const char* args;
    const char* message;
  } cases[] = {
      {"--shrink-gomaxprocs-to 8",
       "--shrink-gomaxprocs-to 8 does not shrink GOMAXPROCS 8: allowed 0 (none) or 1..7"},
      {"--grow-gomaxprocs-to 8",
       "--grow-gomaxprocs-to 8 does not grow GOMAXPROCS 8: allowed 0 (none) or 9..256"},
      {"--shrink-gomaxprocs-to 2 --resize-during-cycle 3",
       "--resize-during-cycle 3 is out of range: allowed 1..1 (--gc-cycles)"},
      {"--regrow-after-cycle 1",
       "--regrow-after-cycle 1 needs --shrink-gomaxprocs-to (nothing to grow back from): "
       "allowed 0 (never)"},
      {"--go go1.24 --grow-gomaxprocs-to 9", "--grow-gomaxprocs-to 9 does not apply to go1.24"},
      {"--goexit-in-cleanup 3 --panic-in-cleanup 3",
       "--panic-in-cleanup 3 is the cleanup --goexit-in-cleanup names"},
      {"--shape priming --gc-cycles 2",
       "--shape priming needs --gc-cycles 3 or more (warm-up, priming, probe), not 2: allowed "
       "uniform with any --gc-cycles, priming with 3 or more"},
      {"--go go1.24 --shape priming --gc-cycles 3", "--shape priming does not apply to go1.24"},
      {"--shape primed", "--shape primed is not a choice: allowed uniform or priming"},
      {"--shape priming --gc-cycles 3 --stuck-cleanup 2",
       "--shape priming cannot go with --stuck-cleanup (each cycle waits for an idle queue, which "
       "would never come): allowed uniform with --stuck-cleanup"},
  };
  for (const auto& c : cases) {
    const CliResult r = run_cli(std::string("run --cleanups 10 --runner inline ") + c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << c.args << "\n" << r.err;
  }
}

}  // namespace
}  // namespace cq
