#include "lesson/practice.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

#include "lesson/quantities.hpp"
#include "runtime/sim_runtime.hpp"
#include "trace/trace_model.hpp"

namespace cq::lesson {
namespace {

constexpr std::array kKinds = {PracticeKind::block_fills_next, PracticeKind::flush_pushes,
                               PracticeKind::goroutines_started, PracticeKind::cleanup_runs_next};
// A question shows at most this many Ps or goroutines: beyond that it is a table, not a question.
constexpr std::size_t kMaxShownPlaces = 16;

// A checkpoint worth a question: asked after `asked_at` events, answered by event `answered_by`.
struct Candidate {
  PracticeKind kind{};
  std::size_t asked_at = 0;
  std::size_t answered_by = 0;
  bool trivial = false;  // a choice question with one choice: used only when nothing else is left
  std::size_t rank = 0;  // the order the seed picked it in
};

// splitmix64: the pick of checkpoints depends on the seed alone, the same on every machine.
struct SeededPick {
  std::uint64_t state;
  std::size_t below(std::size_t n) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    return static_cast<std::size_t>(z % n);
  }
};

std::vector<TraceEvent> copy_events(const Trace& trace) {
  std::vector<TraceEvent> events;
  events.reserve(trace.size());
  trace.read(0, trace.size(), [&](std::span<const TraceEvent> chunk) {
    events.insert(events.end(), chunk.begin(), chunk.end());
  });
  return events;
}

// Every checkpoint of the run. A block_full is asked before the enqueue that filled the block (at
// block_full itself the full block is already in sight), and only when no other block filled in
// between and its P is one of GOMAXPROCS (a sweeper's span in flight may still fill the block of
// a P that procresize has just cut, lesson 15: no P of the question's choices any more); a
// flush's push count is asked at its flush_begin.
std::vector<Candidate> find_candidates(const std::vector<TraceEvent>& events) {
  std::vector<Candidate> out;
  std::vector<std::size_t> last_enqueue;  // by P: index of its latest enqueue, or ~0
  std::size_t last_block_full = 0;
  bool any_block_full = false;
  std::optional<std::size_t> flush_begin;
  std::uint64_t gomaxprocs_now = ~std::uint64_t{0};  // no procresize yet: every P counts
  for (std::size_t i = 0; i < events.size(); ++i) {
    const TraceEvent& e = events[i];
    switch (e.kind) {
      case EventKind::procresize:
        gomaxprocs_now = e.a;
        break;
      case EventKind::enqueue:
        if (e.p != kNoP) {
          if (last_enqueue.size() <= e.p) last_enqueue.resize(e.p + 1, ~std::size_t{0});
          last_enqueue[e.p] = i;
        }
        break;
      case EventKind::block_full: {
        const std::size_t filled_by =
            e.p < last_enqueue.size() ? last_enqueue[e.p] : ~std::size_t{0};
        const bool clean = filled_by != ~std::size_t{0} && events[filled_by].block == e.block &&
                           (!any_block_full || last_block_full < filled_by) && e.p < gomaxprocs_now;
        if (clean) out.push_back({PracticeKind::block_fills_next, filled_by, i});
        last_block_full = i;
        any_block_full = true;
        break;
      }
      case EventKind::flush_begin:
        flush_begin = i;
        break;
      case EventKind::flush_end:
        if (flush_begin) out.push_back({PracticeKind::flush_pushes, *flush_begin, i});
        flush_begin.reset();
        break;
      case EventKind::goroutines_created:
        out.push_back({PracticeKind::goroutines_started, i, i});
        break;
      case EventKind::cleanup_run:
        out.push_back({PracticeKind::cleanup_runs_next, i, i});
        break;
      default:
        break;
    }
  }
  return out;
}

std::size_t worker_index(const TraceModel& model, const ModelWorker* worker) {
  return static_cast<std::size_t>(worker - model.workers.data());
}

std::string worker_name(const TraceModel& model, std::size_t g) {
  return model.workers[g].fing ? "fing" : "worker" + std::to_string(g);
}

// The goroutines that hold cleanups to run: the choices of "which cleanup runs next?".
std::vector<std::size_t> goroutines_with_cleanups(const TraceModel& model) {
  std::vector<std::size_t> out;
  for (std::size_t g = 0; g < model.workers.size(); ++g) {
    const ModelWorker& w = model.workers[g];
    if (w.pending > 0 && w.phase != WorkerPhase::stuck && w.phase != WorkerPhase::exited) {
      out.push_back(g);
    }
  }
  return out;
}

std::size_t p_count(const TraceModel& model) {
  return std::min(model.ps.size(), kMaxShownPlaces);
}

bool is_trivial(const Candidate& c, const TraceModel& model, const TraceEvent& answer) {
  switch (c.kind) {
    case PracticeKind::block_fills_next:
      return p_count(model) < 2 || answer.p >= p_count(model);
    case PracticeKind::cleanup_runs_next: {
      const ModelWorker* w = model.worker_for_actor(answer.actor);
      if (w == nullptr) return true;
      const std::vector<std::size_t> holders = goroutines_with_cleanups(model);
      return holders.size() < 2 || holders.size() > kMaxShownPlaces ||
             std::find(holders.begin(), holders.end(), worker_index(model, w)) == holders.end();
    }
    case PracticeKind::flush_pushes:
    case PracticeKind::goroutines_started:
      return false;
  }
  return true;
}

class QuestionWriter {
 public:
  QuestionWriter(const QuantityContext& context, const std::vector<TraceEvent>& events,
                 std::uint64_t seed)
      : context_(context), events_(events), seed_(seed) {}

  PracticeQuestion write(const Candidate& c) {
    PracticeQuestion q;
    q.kind = c.kind;
    q.asked_at = c.asked_at;
    q.answered_by = c.answered_by;
    switch (c.kind) {
      case PracticeKind::block_fills_next:
        block_fills_next(q);
        break;
      case PracticeKind::flush_pushes:
        flush_pushes(q);
        break;
      case PracticeKind::goroutines_started:
        goroutines_started(q);
        break;
      case PracticeKind::cleanup_runs_next:
        cleanup_runs_next(q);
        break;
    }
    if (q.choices.empty()) q.answer_text = std::to_string(q.answer);
    for (const PracticeChoice& choice : q.choices) {
      if (choice.value == q.answer) q.answer_text = choice.text;
    }
    return q;
  }

 private:
  std::int64_t show(PracticeQuestion& q, const std::string& quantity) {
    const ParsedQuantity parsed = parse_quantity(quantity, &context_.scenario);
    const QuantityValue v =
        parsed.quantity ? evaluate(*parsed.quantity, context_) : QuantityValue{};
    q.shown.push_back({quantity, v.value});
    return v.value;
  }
  std::string runner_says() const {
    return "the deterministic runner, with seed " + std::to_string(seed_) + ",";
  }

  void block_fills_next(PracticeQuestion& q) {
    const TraceEvent& full = events_[q.answered_by];
    const std::int64_t capacity = show(q, "block_capacity");
    std::vector<std::int64_t> fills;
    for (std::size_t p = 0; p < p_count(context_.model); ++p) {
      fills.push_back(show(q, "p_fill(" + std::to_string(p) + ")"));
      q.choices.push_back({"P" + std::to_string(p), static_cast<std::int64_t>(p)});
    }
    q.ask = "The sweepers keep enqueueing cleanups into their Ps' blocks (" +
            std::to_string(capacity) + " entries each). Which P's block fills next?";
    q.answer = full.p;
    std::string close;
    for (std::size_t p = 0; p < fills.size(); ++p) {
      if (p != full.p && fills[p] + 1 >= capacity) {
        close += (close.empty() ? "" : ", ") + ("P" + std::to_string(p));
      }
    }
    const std::int64_t fill = full.p < fills.size() ? fills[full.p] : 0;
    q.explanation = "P" + std::to_string(full.p) + "'s block " + std::to_string(full.block) +
                    " held " + std::to_string(fill) + " of " + std::to_string(capacity) +
                    " entries; " + runner_says() + " let P" + std::to_string(full.p) +
                    "'s sweeper enqueue next, its entry filled the block, and enqueue pushed it "
                    "onto `full` at once (block_full)." +
                    (close.empty() ? ""
                                   : " " + close +
                                         " also needed only one more entry: the "
                                         "scheduling decided.");
  }

  void flush_pushes(PracticeQuestion& q) {
    const TraceEvent& end = events_[q.answered_by];
    const std::int64_t capacity = show(q, "block_capacity");
    std::string fills;
    for (std::size_t p = 0; p < p_count(context_.model); ++p) {
      const std::int64_t fill = show(q, "p_fill(" + std::to_string(p) + ")");
      fills += (p == 0 ? "" : ", ") + ("P" + std::to_string(p) + " " + std::to_string(fill));
    }
    show(q, "full_blocks");
    q.ask = "The last sweeper is about to flush the Ps' partial blocks (" +
            std::to_string(capacity) +
            " entries a block). How many blocks will the flush push "
            "onto `full`?";
    q.answer = static_cast<std::int64_t>(end.a);
    std::uint64_t merges = 0;
    std::uint64_t moved = 0;
    std::string pushes;
    for (std::size_t i = q.asked_at; i < q.answered_by; ++i) {
      const TraceEvent& e = events_[i];
      if (e.kind == EventKind::flush_merge) {
        ++merges;
        moved += e.b;
      } else if (e.kind == EventKind::flush_push) {
        pushes += (pushes.empty() ? "" : ", ") +
                  ("block " + std::to_string(e.block) + " with " + std::to_string(e.b));
      }
    }
    const std::uint32_t emptied = end.b & 0xffffu;
    const std::uint32_t missing = end.b >> 16;
    q.explanation = "At the flush the Ps' blocks held " + fills + " entries. The flush merged " +
                    std::to_string(merges) + " partial block(s) (" + std::to_string(moved) +
                    " entries moved) and pushed " + std::to_string(end.a) + " block(s)" +
                    (pushes.empty() ? "" : " (" + pushes + ")") + "; " + std::to_string(emptied) +
                    " emptied block(s) went back to `free`, and " + std::to_string(missing) +
                    " P(s) had no block.";
  }

  void goroutines_started(PracticeQuestion& q) {
    const TraceEvent& created = events_[q.answered_by];
    const std::int64_t needg = show(q, "needg");
    const std::int64_t workers = show(q, "workers");
    const std::int64_t cap = show(q, "worker_cap");
    show(q, "sleepers");
    show(q, "pending");
    q.ask =
        "A goroutine calling AddCleanup is about to start cleanup goroutines. How many will "
        "it start?";
    q.answer = static_cast<std::int64_t>(created.a);
    q.explanation = "Before it, `needg` held " + std::to_string(needg) + " request(s) and " +
                    std::to_string(workers) + " cleanup goroutine(s) existed (at most " +
                    std::to_string(cap) + "): this AddCleanup started " +
                    std::to_string(created.a) + ", leaving " + std::to_string(created.b) + ".";
  }

  void cleanup_runs_next(PracticeQuestion& q) {
    const TraceEvent& run = events_[q.answered_by];
    const TraceModel& model = context_.model;
    const ModelWorker* runner = model.worker_for_actor(run.actor);
    const std::size_t answer = runner != nullptr ? worker_index(model, runner) : 0;
    std::vector<std::size_t> holders = goroutines_with_cleanups(model);
    if (std::find(holders.begin(), holders.end(), answer) == holders.end() && runner != nullptr) {
      holders.push_back(answer);
    }
    if (holders.size() > kMaxShownPlaces) holders.resize(kMaxShownPlaces);
    for (std::size_t g : holders) {
      const ModelWorker& w = model.workers[g];
      show(q, "worker_executed(" + std::to_string(g) + ")");
      q.choices.push_back({"the next cleanup of " + worker_name(model, g) +
                               (w.block == kNoBlock ? std::string(" (")
                                                    : " (block " + std::to_string(w.block) + ", ") +
                               std::to_string(w.pending) + " left)",
                           static_cast<std::int64_t>(g)});
    }
    show(q, "executed");
    q.ask = "Cleanup goroutines hold cleanups to run. Which cleanup runs next?";
    q.answer = static_cast<std::int64_t>(answer);
    const std::uint64_t before = runner != nullptr ? runner->executed : 0;
    q.explanation =
        worker_name(model, answer) + " ran cleanup " + std::to_string(run.a) +
        (run.block == kNoBlock
             ? std::string()
             : " from block " + std::to_string(run.block) + " slot " + std::to_string(run.b)) +
        ", its cleanup number " + std::to_string(before + 1) + "; " + runner_says() +
        " picked it among " + std::to_string(holders.size()) + " goroutine(s) holding cleanups.";
  }

  const QuantityContext& context_;
  const std::vector<TraceEvent>& events_;
  std::uint64_t seed_;
};

// Up to `count` candidates: the kinds in turn (starting from one the seed picks), each a checkpoint
// the seed picks; trivial ones only when nothing else is left. Returned in run order, each with
// its rank in the pick.
std::vector<Candidate> pick(const std::vector<Candidate>& candidates, std::uint64_t seed,
                            std::size_t count) {
  SeededPick rng{seed};
  std::vector<Candidate> picked;
  const std::size_t first_kind = rng.below(kKinds.size());
  for (const bool trivial : {false, true}) {
    std::array<std::vector<Candidate>, kKinds.size()> by_kind;
    for (const Candidate& c : candidates) {
      if (c.trivial == trivial) by_kind[static_cast<std::size_t>(c.kind)].push_back(c);
    }
    bool any = true;
    while (picked.size() < count && any) {
      any = false;
      for (std::size_t k = 0; k < kKinds.size() && picked.size() < count; ++k) {
        std::vector<Candidate>& pool = by_kind[(first_kind + k) % kKinds.size()];
        if (pool.empty()) continue;
        any = true;
        const std::size_t i = rng.below(pool.size());
        picked.push_back(pool[i]);
        picked.back().rank = picked.size() - 1;
        pool.erase(pool.begin() + static_cast<std::ptrdiff_t>(i));
      }
    }
  }
  std::sort(picked.begin(), picked.end(), [](const Candidate& a, const Candidate& b) {
    return a.asked_at != b.asked_at ? a.asked_at < b.asked_at : a.answered_by < b.answered_by;
  });
  return picked;
}

// Folds `events` into `model` up to (not including) event `until`.
void fold_to(TraceModel& model, const std::vector<TraceEvent>& events, std::size_t until) {
  while (model.events < until) model.apply(events[model.events]);
  if (!model.deferred.empty()) model.settle();
}

}  // namespace

std::string_view to_string(PracticeKind kind) {
  switch (kind) {
    case PracticeKind::block_fills_next:
      return "block_fills_next";
    case PracticeKind::flush_pushes:
      return "flush_pushes";
    case PracticeKind::goroutines_started:
      return "goroutines_started";
    case PracticeKind::cleanup_runs_next:
      return "cleanup_runs_next";
  }
  return "unknown";
}

Scenario practice_scenario(const Lesson& lesson, std::uint64_t seed) {
  Scenario scenario = lesson.scenario;
  scenario.seed = seed;
  // The inline runner makes the conducted runner's choices (lesson_player.hpp), and the threaded
  // one's are not reproducible: a seed must name one variant.
  scenario.runner = RunnerKind::inline_;
  scenario.record_trace = true;
  scenario.trace_retained_chunks = 0;
  scenario.speed = 0;
  return scenario;
}

void run_practice(SimRuntime& sim) {
  RunLimit limit;
  limit.max_steps = std::min(sim.scenario().max_steps, kMaxPracticeSteps);
  sim.run(limit);
  limit.max_steps = 0;  // lets a run that just went quiet emit its closing events
  sim.run(limit);
}

Practice generate_practice(const Lesson& lesson, std::uint64_t seed, std::size_t count) {
  SimRuntime sim(practice_scenario(lesson, seed));
  run_practice(sim);
  return practice_from_run(sim, seed, count);
}

Practice practice_from_run(const SimRuntime& sim, std::uint64_t seed, std::size_t count) {
  Practice practice;
  practice.seed = seed;
  const Scenario& scenario = sim.scenario();
  const Trace& trace = sim.trace();
  const std::vector<TraceEvent> events = copy_events(trace);
  practice.trace_events = events.size();
  practice.trace_hash = trace.hash();

  std::vector<Candidate> candidates = find_candidates(events);
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.asked_at < b.asked_at; });
  TraceModel model(scenario.gomaxprocs);
  for (Candidate& c : candidates) {
    fold_to(model, events, c.asked_at);
    c.trivial = is_trivial(c, model, events[c.answered_by]);
  }
  // A few spares: a checkpoint that looks exactly like one already asked (same numbers, same
  // answer: the next block of the same P filling) gives way to the next one the seed picked.
  const std::vector<Candidate> picked = pick(candidates, seed, count * 4);
  std::vector<std::pair<std::size_t, PracticeQuestion>> written;  // by rank
  model = TraceModel(scenario.gomaxprocs);
  for (const Candidate& c : picked) {
    fold_to(model, events, c.asked_at);
    const QuantityContext context{model, trace, c.asked_at, scenario};
    written.emplace_back(c.rank, QuestionWriter(context, events, seed).write(c));
  }
  std::sort(written.begin(), written.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  const auto looks_the_same = [](const PracticeQuestion& a, const PracticeQuestion& b) {
    if (a.kind != b.kind || a.answer != b.answer || a.shown.size() != b.shown.size()) return false;
    for (std::size_t i = 0; i < a.shown.size(); ++i) {
      if (a.shown[i].value != b.shown[i].value) return false;
    }
    return true;
  };
  for (auto& ranked : written) {
    // Not a structured binding: clang-tidy's clang 14 refuses one captured by the lambda below.
    PracticeQuestion& question = ranked.second;
    if (practice.questions.size() >= count) break;
    const bool repeat =
        std::any_of(practice.questions.begin(), practice.questions.end(),
                    [&](const PracticeQuestion& q) { return looks_the_same(q, question); });
    if (!repeat) practice.questions.push_back(std::move(question));
  }
  std::sort(practice.questions.begin(), practice.questions.end(),
            [](const PracticeQuestion& a, const PracticeQuestion& b) {
              return a.asked_at != b.asked_at ? a.asked_at < b.asked_at
                                              : a.answered_by < b.answered_by;
            });
  if (practice.questions.size() < count) {
    practice.problem = "the run with seed " + std::to_string(seed) + " has " +
                       std::to_string(practice.questions.size()) + " checkpoint(s) to ask about, " +
                       "fewer than the " + std::to_string(count) + " asked for";
  }
  return practice;
}

PracticeGrade grade_practice(const PracticeQuestion& question, std::int64_t given) {
  return {given == question.answer, question.answer_text, question.explanation};
}

}  // namespace cq::lesson
