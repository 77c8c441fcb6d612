// cleanupq import-go-trace: a .cqgo file read without Go, a raw trace read through a toolchain
// under $CQ_GO_DIR (here a stand-in `go` that prints a recorded `go tool trace -d=parsed`
// excerpt, tests/engine/trace/go_traces), and every refusal: file, line and what was expected.
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>

#include "cli_test_support.hpp"

namespace cq::cli_test {
namespace {

const std::string kFixtures = CQ_GO_TRACE_FIXTURES;

// Sets an environment variable for the commands this test runs, and restores it.
class ScopedGoDir {
 public:
  explicit ScopedGoDir(const std::string& dir) {
    if (const char* old = std::getenv("CQ_GO_DIR")) old_ = old;  // NOLINT(concurrency-mt-unsafe)
    ::setenv("CQ_GO_DIR", dir.c_str(), 1);                       // NOLINT(concurrency-mt-unsafe)
  }
  ~ScopedGoDir() {
    if (old_.empty()) {
      ::unsetenv("CQ_GO_DIR");  // NOLINT(concurrency-mt-unsafe)
    } else {
      ::setenv("CQ_GO_DIR", old_.c_str(), 1);  // NOLINT(concurrency-mt-unsafe)
    }
  }
  ScopedGoDir(const ScopedGoDir&) = delete;
  ScopedGoDir& operator=(const ScopedGoDir&) = delete;

 private:
  std::string old_;
};

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// DIR/usr/lib/go-1.25/bin/go, a shell script standing in for the go command.
std::string fake_go_dir(const std::string& script_body) {
  const std::string dir = temp_path("go");
  const std::string bin = dir + "/usr/lib/go-1.25/bin";
  std::filesystem::create_directories(bin);
  write_text(bin + "/go", "#!/bin/sh\n" + script_body + "\n");
  ::chmod((bin + "/go").c_str(), 0755);
  return dir;
}

std::string fake_trace_file() {
  const std::string path = temp_path("run.trace");
  write_text(path, std::string("go 1.25 trace\0\0\0", 16) + "binary batches follow");
  return path;
}

TEST(CliImportGoTrace, ReadsACqgoFileWithoutGo) {
  const ScopedGoDir no_go("/nonexistent-go");
  const std::string out = temp_path("out.cqgo");
  const CliResult r = run_cli("import-go-trace " + kFixtures + "/small.cqgo --out " + out);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("go1.26.10, hand-written fixture"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("cleanup goroutines: 1 created, 1 already alive; 2 parks, 1 unblocks"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("GC cycles 1, stop-the-world pauses 2, sweep ranges 1"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("the probe's own counts of this trace agree"), std::string::npos) << r.out;
  const std::string written = read_file(out);
  EXPECT_EQ(written.rfind("cleanupq-go-trace 1\n", 0), 0u);
  EXPECT_NE(written.find("\nstate 600 7 Waiting Runnable 2 \n"), std::string::npos) << written;
  EXPECT_NE(written.find("\nstw 480 500 GC mark termination\n"), std::string::npos) << written;
}

TEST(CliImportGoTrace, CountsThatDisagreeWithTheProbeAreAFinding) {
  std::string text = read_file(kFixtures + "/small.cqgo");
  const std::string counts = "probe_counts 1 1 2 1 1 2";
  text.replace(text.find(counts), counts.size(), "probe_counts 1 1 3 1 1 2");
  const std::string path = temp_path("disagree.cqgo");
  write_text(path, text);
  const CliResult r = run_cli("import-go-trace " + path);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("the probe counted differently: 1 created, 1 already alive, 3 parks"),
            std::string::npos)
      << r.out;
}

TEST(CliImportGoTrace, ReadsARawTraceThroughTheToolchainsGoToolTrace) {
  const ScopedGoDir go(fake_go_dir("cat '" + kFixtures + "/parsed_go1.25.txt'"));
  const std::string out = temp_path("raw.cqgo");
  const CliResult r = run_cli("import-go-trace " + fake_trace_file() + " --out " + out);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("go1.25 (from the trace's header)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("cleanup goroutines: 2 created, 0 already alive; 4 parks, 2 unblocks"),
            std::string::npos)
      << r.out;
  EXPECT_NE(read_file(out).find("\ncleanup_g 41 created 490240\n"), std::string::npos);
}

TEST(CliImportGoTrace, ToolchainFailureIsReportedWithItsMessage) {
  const ScopedGoDir go(fake_go_dir("echo 'parsing trace: bad batch'; exit 1"));
  const CliResult r = run_cli("import-go-trace " + fake_trace_file());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("tool trace -d=parsed"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("parsing trace: bad batch"), std::string::npos) << r.err;
}

TEST(CliImportGoTrace, RefusalsNameTheFileAndWhatIsAllowed) {
  {
    const ScopedGoDir no_go("/nonexistent-go");
    const std::string trace = fake_trace_file();
    const CliResult r = run_cli("import-go-trace " + trace);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "cleanupq import-go-trace: " + trace +
                         " is a go1.25 trace and needs a Go toolchain to read it: none in "
                         "/nonexistent-go/usr/lib/go-1.25/bin (or newer); run "
                         "scripts/fetch-go.sh or set CQ_GO_DIR\n");
  }
  const CliResult bad = run_cli("import-go-trace " + kFixtures + "/bad_magic.cqgo");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err,
            "cleanupq import-go-trace: " + kFixtures +
                "/bad_magic.cqgo:1: expected the first line 'cleanupq-go-trace 1' (a "
                "file written by cleanupq import-go-trace), found 'cleanupq-go-trace 2'\n");
  const CliResult neither = run_cli("import-go-trace " + kFixtures + "/not_a_dump.txt");
  EXPECT_EQ(neither.exit_code, 2);
  EXPECT_NE(neither.err.find("not_a_dump.txt: neither a Go execution trace (expected the header "
                             "'go 1.NN trace') nor a .cqgo file"),
            std::string::npos)
      << neither.err;
  const CliResult missing = run_cli("import-go-trace " + kFixtures + "/no-such-file.trace");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no-such-file.trace: cannot read"), std::string::npos) << missing.err;
  const CliResult no_file = run_cli("import-go-trace");
  EXPECT_EQ(no_file.exit_code, 2);
}

}  // namespace
}  // namespace cq::cli_test
