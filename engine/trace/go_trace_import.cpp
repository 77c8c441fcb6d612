#include "trace/go_trace_import.hpp"

#include <algorithm>
#include <charconv>
#include <sstream>

namespace cq {
namespace {

constexpr std::string_view kCleanupEntry = "runtime.runCleanups";    // mcleanup.go, runCleanups
constexpr std::string_view kMarkPhase = "GC concurrent mark phase";  // internal/trace event.go
constexpr std::string_view kSweep = "GC incremental sweep";          // internal/trace event.go
constexpr std::string_view kStwPrefix = "stop-the-world (";          // internal/trace event.go

template <typename Int>
bool parse_int(std::string_view text, Int& out) {
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, out);
  return error == std::errc{} && stop == end && !text.empty();
}

// Cuts `prefix` off the front of `text`; false when it is not there.
bool take(std::string_view& text, std::string_view prefix) {
  if (!text.starts_with(prefix)) return false;
  text.remove_prefix(prefix.size());
  return true;
}

// The next word (up to a space or the end), removed from `text` with the space after it.
std::string_view take_word(std::string_view& text) {
  const std::size_t space = std::min(text.find(' '), text.size());
  const std::string_view word = text.substr(0, space);
  text.remove_prefix(std::min(space + 1, text.size()));
  return word;
}

// The value of " KEY=" up to the next space; empty when absent.
std::string_view field(std::string_view line, std::string_view key) {
  const std::string needle = " " + std::string(key) + "=";
  const std::size_t at = line.find(needle);
  if (at == std::string_view::npos) return {};
  std::string_view rest = line.substr(at + needle.size());
  return rest.substr(0, std::min(rest.find(' '), rest.size()));
}

// The Go-quoted (%q) value of " KEY=\"...\"", unescaped; nothing when absent or unterminated.
std::optional<std::string> quoted_field(std::string_view line, std::string_view key) {
  const std::string needle = " " + std::string(key) + "=\"";
  const std::size_t at = line.find(needle);
  if (at == std::string_view::npos) return std::nullopt;
  std::string value;
  for (std::size_t i = at + needle.size(); i < line.size(); ++i) {
    const char c = line[i];
    if (c == '"') return value;
    if (c == '\\' && i + 1 < line.size()) {
      const char next = line[++i];
      value += next == 'n' ? '\n' : next == 't' ? '\t' : next;
    } else {
      value += c;
    }
  }
  return std::nullopt;
}

std::string range_key(std::string_view name, std::string_view scope) {
  return std::string(name) + "\x1f" + std::string(scope);
}

// "Proc(7)" -> 7; -1 otherwise.
std::int32_t proc_of_scope(std::string_view scope) {
  std::int32_t proc = -1;
  if (take(scope, "Proc(") && scope.ends_with(")")) {
    scope.remove_suffix(1);
    if (!parse_int(scope, proc)) proc = -1;
  }
  return proc;
}

}  // namespace

const char* to_string(GoGState state) {
  switch (state) {
    case GoGState::undetermined:
      return "Undetermined";
    case GoGState::not_exist:
      return "NotExist";
    case GoGState::runnable:
      return "Runnable";
    case GoGState::running:
      return "Running";
    case GoGState::waiting:
      return "Waiting";
    case GoGState::syscall:
      return "Syscall";
  }
  return "?";
}

std::optional<GoGState> parse_go_state(std::string_view word) {
  for (const GoGState s : {GoGState::undetermined, GoGState::not_exist, GoGState::runnable,
                           GoGState::running, GoGState::waiting, GoGState::syscall}) {
    if (word == to_string(s)) return s;
  }
  return std::nullopt;
}

GoTraceCounts count_go_trace(const GoTrace& trace) {
  GoTraceCounts c;
  for (const GoCleanupGoroutine& g : trace.cleanup_goroutines) {
    ++(g.created_ns >= 0 ? c.created : c.preexisting);
  }
  for (const GoStateChange& s : trace.changes) {
    if (s.from == GoGState::running && s.to == GoGState::waiting) ++c.parks;
    if (s.from == GoGState::waiting && s.to == GoGState::runnable) ++c.unblocks;
  }
  for (const GoRange& r : trace.gc_cycles) c.gc_cycles += r.began_before_trace ? 0 : 1;
  for (const GoRange& r : trace.stw_pauses) c.stw_pauses += r.began_before_trace ? 0 : 1;
  c.sweeps = static_cast<std::uint32_t>(trace.sweeps.size());
  return c;
}

std::vector<GoLaneSegment> go_lane(const GoTrace& trace, std::uint64_t goid) {
  std::vector<GoLaneSegment> lane;
  for (const GoStateChange& s : trace.changes) {
    if (s.goid != goid) continue;
    if (!lane.empty()) lane.back().end_ns = s.time_ns;
    // A goroutine seen first mid-trace was in `from` since the start (or since it was created).
    if (lane.empty() && s.from != GoGState::not_exist && s.from != GoGState::undetermined)
      lane.push_back({0, s.time_ns, s.from});
    lane.push_back({s.time_ns, trace.duration_ns, s.to});
  }
  std::erase_if(lane, [](const GoLaneSegment& g) { return g.state == GoGState::not_exist; });
  return lane;
}

// --- go tool trace -d=parsed ------------------------------------------------------------------

GoTraceDumpReader::GoTraceDumpReader(std::string source) : source_(std::move(source)) {}

void GoTraceDumpReader::fail(std::string_view expected, std::string_view found) {
  if (!error_.empty()) return;
  constexpr std::size_t kShown = 80;
  std::string shown(found.substr(0, kShown));
  if (found.size() > kShown) shown += "...";
  error_ = source_ + ":" + std::to_string(line_) + ": expected " + std::string(expected) +
           ", found '" + shown + "'";
}

void GoTraceDumpReader::feed(std::string_view line) {
  ++line_;
  if (!error_.empty()) return;
  if (line.starts_with("M=")) {
    resolve_pending();
    in_transition_stack_ = false;
    event_line(line);
    return;
  }
  if (!saw_event_) {
    fail(
        "an event line 'M=<thread> P=<proc> G=<goroutine> <Kind> Time=<ns> ...' (the output of "
        "go tool trace -d=parsed)",
        line);
    return;
  }
  if (line.empty() || line == "Stack=") {
    in_transition_stack_ = false;
  } else if (line == "TransitionStack=") {
    in_transition_stack_ = true;
  } else if (line.starts_with("\t\t")) {
    // the file:line of the frame above
  } else if (line.starts_with("\t")) {
    if (in_transition_stack_ && pending_) {
      std::string_view frame = line.substr(1);
      pending_->frames.emplace_back(frame.substr(0, std::min(frame.find(" @ "), frame.size())));
    }
  } else {
    fail("an event line (M=...), a stack header (Stack=, TransitionStack=) or a tab-indented frame",
         line);
  }
}

void GoTraceDumpReader::event_line(std::string_view line) {
  saw_event_ = true;
  std::string_view rest = line;
  std::int64_t thread = 0, proc = 0, goroutine = 0, time = 0;
  const bool prefix_ok = take(rest, "M=") && parse_int(take_word(rest), thread) &&
                         take(rest, "P=") && parse_int(take_word(rest), proc) && take(rest, "G=") &&
                         parse_int(take_word(rest), goroutine);
  const std::string_view kind = prefix_ok ? take_word(rest) : std::string_view{};
  if (!prefix_ok || kind.empty() || !take(rest, "Time=") || !parse_int(take_word(rest), time)) {
    fail("'M=<thread> P=<proc> G=<goroutine> <Kind> Time=<ns> ...'", line);
    return;
  }
  if (kind == "Sync") return;  // its Time is the clock snapshot's, before the first event
  if (!origin_) origin_ = time;
  const std::int64_t t = time - *origin_;
  last_time_ = std::max(last_time_, t);
  const std::string_view fields = line.substr(line.size() - rest.size());
  const std::string with_space = " " + std::string(fields);
  if (kind == "StateTransition") {
    const std::string_view goid_text = field(with_space, "GoID");
    if (goid_text.empty()) return;  // a P or M changed state
    // Go 1.25 prints `Reason="" GoID=11 NotExist->Runnable`, 1.26 `GoID=10 NotExist->Runnable
    // Reason=""`: the word after GoID is the transition either way.
    const std::size_t at = with_space.find(" GoID=");
    std::string_view after = std::string_view(with_space).substr(at + 1);
    take_word(after);
    const std::string_view arrow = take_word(after);
    const std::size_t split = arrow.find("->");
    std::uint64_t goid = 0;
    const auto from =
        split == std::string_view::npos ? std::nullopt : parse_go_state(arrow.substr(0, split));
    const auto to =
        split == std::string_view::npos ? std::nullopt : parse_go_state(arrow.substr(split + 2));
    if (!parse_int(goid_text, goid) || !from || !to) {
      fail(
          "'GoID=<id> <State>-><State>' with states Undetermined, NotExist, Runnable, Running, "
          "Waiting or Syscall",
          line);
      return;
    }
    GoStateChange change{t,
                         goid,
                         *from,
                         *to,
                         static_cast<std::int32_t>(proc),
                         quoted_field(with_space, "Reason").value_or("")};
    pending_ = PendingTransition{std::move(change), {}};
  } else if (kind == "RangeBegin" || kind == "RangeActive" || kind == "RangeEnd") {
    range_event(kind, with_space, t);
  } else if (kind == "Metric") {
    if (quoted_field(with_space, "Name") == "/sched/gomaxprocs:threads") {
      std::string_view value = field(with_space, "Value");
      std::uint32_t procs = 0;
      if (take(value, "Value{Uint64(") && value.ends_with(")}")) {
        value.remove_suffix(2);
        if (parse_int(value, procs)) trace_.gomaxprocs = procs;
      }
    }
  }
}

void GoTraceDumpReader::range_event(std::string_view kind, std::string_view rest,
                                    std::int64_t time) {
  const auto name = quoted_field(rest, "Name");
  const std::string_view scope = field(rest, "Scope");
  if (!name || scope.empty()) {
    fail("'Name=\"<range>\" Scope=<resource>' after " + std::string(kind), rest.substr(1));
    return;
  }
  const bool mark = *name == kMarkPhase, sweep = *name == kSweep;
  const bool stw = name->starts_with(kStwPrefix) && name->ends_with(")");
  if (!mark && !sweep && !stw) return;  // mark assists and user regions: not shown
  const std::string key = range_key(*name, scope);
  if (kind != "RangeEnd") {
    GoRange r;
    r.begin_ns = kind == "RangeActive" ? 0 : time;
    r.began_before_trace = kind == "RangeActive";
    r.proc = sweep ? proc_of_scope(scope) : -1;
    if (stw) r.what = name->substr(kStwPrefix.size(), name->size() - kStwPrefix.size() - 1);
    open_ranges_[key] = r;
    return;
  }
  auto open = open_ranges_.find(key);
  GoRange r;
  if (open != open_ranges_.end()) {
    r = open->second;
    open_ranges_.erase(open);
  } else {  // Go promises a RangeActive first; without one the range covers the start
    r.began_before_trace = true;
    r.proc = sweep ? proc_of_scope(scope) : -1;
    if (stw) r.what = name->substr(kStwPrefix.size(), name->size() - kStwPrefix.size() - 1);
  }
  r.end_ns = time;
  (mark ? trace_.gc_cycles : sweep ? trace_.sweeps : trace_.stw_pauses).push_back(std::move(r));
}

void GoTraceDumpReader::resolve_pending() {
  if (!pending_) return;
  PendingTransition p = std::move(*pending_);
  pending_.reset();
  GoStateChange& c = p.change;
  const bool known = cleanup_gs_.contains(c.goid);
  if (!known) {
    // Created by createGs with runCleanups as its start frame (mcleanup.go, createGs); or, when
    // tracing started later, first seen (Undetermined) somewhere inside runCleanups.
    const bool created =
        c.from == GoGState::not_exist && !p.frames.empty() && p.frames.front() == kCleanupEntry;
    const bool preexisting =
        c.from == GoGState::undetermined &&
        std::find(p.frames.begin(), p.frames.end(), kCleanupEntry) != p.frames.end();
    if (!created && !preexisting) return;
    cleanup_gs_[c.goid] = true;
    trace_.cleanup_goroutines.push_back({c.goid, created ? c.time_ns : -1});
  }
  trace_.changes.push_back(std::move(c));
}

GoTraceResult GoTraceDumpReader::finish() {
  resolve_pending();
  if (error_.empty() && !saw_event_) {
    error_ = source_ + ": no events (expected the output of go tool trace -d=parsed)";
  }
  if (!error_.empty()) return {std::nullopt, error_};
  trace_.duration_ns = last_time_;
  // Ranges still open at the end (a GC that had not finished) are drawn to the end.
  for (auto& [key, r] : open_ranges_) {
    r.end_ns = last_time_;
    const std::string_view name(key.data(), key.find('\x1f'));
    (name == kMarkPhase ? trace_.gc_cycles
     : name == kSweep   ? trace_.sweeps
                        : trace_.stw_pauses)
        .push_back(r);
  }
  open_ranges_.clear();
  for (auto* ranges : {&trace_.gc_cycles, &trace_.stw_pauses, &trace_.sweeps}) {
    // (std::stable_sort: the web build's libc++ has no std::ranges algorithms)
    std::stable_sort(ranges->begin(), ranges->end(),
                     [](const GoRange& a, const GoRange& b) { return a.begin_ns < b.begin_ns; });
  }
  return {std::move(trace_), ""};
}

std::string go_trace_header_version(std::string_view first_bytes) {
  // runtime/trace.go writes "go 1.NN trace\x00\x00\x00" (16 bytes) before the first batch.
  std::string_view rest = first_bytes;
  if (!take(rest, "go 1.")) return "";
  const std::size_t space = rest.find(' ');
  std::uint32_t minor = 0;
  if (space == std::string_view::npos || !parse_int(rest.substr(0, space), minor) ||
      !rest.substr(space).starts_with(" trace")) {
    return "";
  }
  return "go1." + std::to_string(minor);
}

// --- .cqgo ---------------------------------------------------------------------------------------

std::string write_cqgo(const GoTrace& t) {
  std::ostringstream out;
  out << kCqgoMagic << "\n";
  out << "# A real Go execution trace reduced by `cleanupq import-go-trace` "
         "(docs/conformance.md).\n";
  out << "# Times in ns since the first event. Lines: state TIME GOID FROM TO P REASON...;\n";
  out << "# gc/stw/sweep BEGIN END [P|REASON...]; a '+' after BEGIN: already on when tracing "
         "began.\n";
  out << "go " << t.go_version << "\n";
  out << "workload " << t.workload << "\n";
  out << "gomaxprocs " << t.gomaxprocs << "\n";
  out << "duration_ns " << t.duration_ns << "\n";
  if (t.probe_counts) {
    const GoTraceCounts& c = *t.probe_counts;
    out << "probe_counts " << c.created << " " << c.preexisting << " " << c.parks << " "
        << c.unblocks << " " << c.gc_cycles << " " << c.stw_pauses << "\n";
  }
  if (!t.model_options.empty()) {
    out << "model";
    for (const auto& [name, value] : t.model_options) out << " " << name << "=" << value;
    out << "\n";
  }
  for (const GoCleanupGoroutine& g : t.cleanup_goroutines) {
    out << "cleanup_g " << g.goid << " ";
    if (g.created_ns >= 0) {
      out << "created " << g.created_ns << "\n";
    } else {
      out << "present\n";
    }
  }
  for (const GoStateChange& s : t.changes) {
    out << "state " << s.time_ns << " " << s.goid << " " << to_string(s.from) << " "
        << to_string(s.to) << " " << s.proc << " " << s.reason << "\n";
  }
  auto ranges = [&](const char* word, const std::vector<GoRange>& rs) {
    for (const GoRange& r : rs) {
      out << word << " " << r.begin_ns << (r.began_before_trace ? "+" : "") << " " << r.end_ns;
      if (r.proc >= 0) out << " " << r.proc;
      if (!r.what.empty()) out << " " << r.what;
      out << "\n";
    }
  };
  ranges("gc", t.gc_cycles);
  ranges("stw", t.stw_pauses);
  ranges("sweep", t.sweeps);
  out << "end\n";
  return out.str();
}

namespace {

class CqgoReader {
 public:
  explicit CqgoReader(const std::string& source) : source_(source) {}

  GoTraceResult read(std::string_view text) {
    std::size_t start = 0;
    bool ended = false;
    while (start < text.size() && error_.empty()) {
      const std::size_t newline = std::min(text.find('\n', start), text.size());
      std::string_view line = text.substr(start, newline - start);
      start = newline + 1;
      ++line_;
      if (line.ends_with('\r')) line.remove_suffix(1);
      if (line_ == 1) {
        if (line != kCqgoMagic)
          fail("the first line '" + std::string(kCqgoMagic) +
                   "' (a file written by cleanupq import-go-trace)",
               line);
        continue;
      }
      if (ended) {
        fail("nothing after 'end'", line);
      } else if (line.empty() || line.starts_with('#')) {
        continue;
      } else if (line == "end") {
        ended = true;
      } else {
        record(line);
      }
    }
    if (error_.empty() && line_ == 0)
      error_ = source_ + ": empty (expected '" + std::string(kCqgoMagic) + "' on the first line)";
    if (error_.empty() && !ended)
      error_ = source_ + ":" + std::to_string(line_) +
               ": expected a last line 'end' (the file is cut short)";
    if (!error_.empty()) return {std::nullopt, error_};
    return {std::move(trace_), ""};
  }

 private:
  void fail(std::string_view expected, std::string_view found) {
    if (error_.empty())
      error_ = source_ + ":" + std::to_string(line_) + ": expected " + std::string(expected) +
               ", found '" + std::string(found.substr(0, 80)) + "'";
  }

  template <typename Int>
  bool number(std::string_view& rest, Int& out, std::string_view what, std::string_view line) {
    if (parse_int(take_word(rest), out)) return true;
    fail(std::string(what) + " (a whole number)", line);
    return false;
  }

  bool time(std::int64_t t, std::string_view line) {
    if (t >= 0 && t <= trace_.duration_ns) return true;
    fail("a time in 0..duration_ns (" + std::to_string(trace_.duration_ns) +
             "; duration_ns comes first)",
         line);
    return false;
  }

  void record(std::string_view line) {
    std::string_view rest = line;
    const std::string_view key = take_word(rest);
    if (key == "go") {
      trace_.go_version = rest;
    } else if (key == "workload") {
      trace_.workload = rest;
    } else if (key == "gomaxprocs") {
      number(rest, trace_.gomaxprocs, "gomaxprocs N", line);
    } else if (key == "duration_ns") {
      number(rest, trace_.duration_ns, "duration_ns N", line);
    } else if (key == "probe_counts") {
      GoTraceCounts c;
      const char* what = "probe_counts CREATED PREEXISTING PARKS UNBLOCKS GC_CYCLES STW_PAUSES";
      if (number(rest, c.created, what, line) && number(rest, c.preexisting, what, line) &&
          number(rest, c.parks, what, line) && number(rest, c.unblocks, what, line) &&
          number(rest, c.gc_cycles, what, line) && number(rest, c.stw_pauses, what, line))
        trace_.probe_counts = c;
    } else if (key == "model") {
      while (!rest.empty()) {
        const std::string_view option = take_word(rest);
        const std::size_t equals = option.find('=');
        if (equals == std::string_view::npos || equals == 0 || equals + 1 == option.size()) {
          fail("model OPTION=VALUE... (scenario options, e.g. gomaxprocs=8)", line);
          return;
        }
        trace_.model_options[std::string(option.substr(0, equals))] = option.substr(equals + 1);
      }
    } else if (key == "cleanup_g") {
      GoCleanupGoroutine g;
      if (!number(rest, g.goid, "cleanup_g GOID created TIME|present", line)) return;
      const std::string_view how = take_word(rest);
      if (how == "created") {
        if (!number(rest, g.created_ns, "cleanup_g GOID created TIME", line) ||
            !time(g.created_ns, line))
          return;
      } else if (how != "present") {
        fail("cleanup_g GOID created TIME|present", line);
        return;
      }
      known_.push_back(g.goid);
      trace_.cleanup_goroutines.push_back(g);
    } else if (key == "state") {
      GoStateChange s;
      const char* what = "state TIME GOID FROM TO P REASON...";
      if (!number(rest, s.time_ns, what, line) || !time(s.time_ns, line) ||
          !number(rest, s.goid, what, line))
        return;
      const auto from = parse_go_state(take_word(rest));
      const auto to = parse_go_state(take_word(rest));
      if (!from || !to) {
        fail(
            "state TIME GOID FROM TO ... with states Undetermined, NotExist, Runnable, Running, "
            "Waiting or Syscall",
            line);
        return;
      }
      if (!number(rest, s.proc, what, line)) return;
      if (std::find(known_.begin(), known_.end(), s.goid) == known_.end()) {
        fail("a GOID declared by a 'cleanup_g' line before", line);
        return;
      }
      if (!trace_.changes.empty() && s.time_ns < trace_.changes.back().time_ns) {
        fail("state lines in time order", line);
        return;
      }
      s.from = *from;
      s.to = *to;
      s.reason = rest;
      trace_.changes.push_back(std::move(s));
    } else if (key == "gc" || key == "stw" || key == "sweep") {
      GoRange r;
      std::string_view begin = take_word(rest);
      r.began_before_trace = begin.ends_with('+');
      if (r.began_before_trace) begin.remove_suffix(1);
      const std::string what = std::string(key) + " BEGIN[+] END" +
                               (key == "sweep" ? " P"
                                : key == "stw" ? " REASON..."
                                               : "");
      if (!parse_int(begin, r.begin_ns)) {
        fail(what + " (BEGIN a whole number)", line);
        return;
      }
      if (!time(r.begin_ns, line) || !number(rest, r.end_ns, what, line) || !time(r.end_ns, line))
        return;
      if (r.end_ns < r.begin_ns) {
        fail("END >= BEGIN", line);
        return;
      }
      if (key == "sweep" && !number(rest, r.proc, what, line)) return;
      if (key == "stw") r.what = rest;
      (key == "gc"    ? trace_.gc_cycles
       : key == "stw" ? trace_.stw_pauses
                      : trace_.sweeps)
          .push_back(std::move(r));
    } else {
      fail(
          "a line starting with go, workload, gomaxprocs, duration_ns, probe_counts, model, "
          "cleanup_g, state, gc, stw, sweep or end",
          line);
    }
  }

  const std::string& source_;
  std::size_t line_ = 0;
  std::string error_;
  GoTrace trace_;
  std::vector<std::uint64_t> known_;
};

}  // namespace

GoTraceResult read_cqgo(std::string_view text, const std::string& source) {
  return CqgoReader(source).read(text);
}

}  // namespace cq
