#include "trace/trace_model_codec.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>
#include <type_traits>
#include <vector>

namespace cq {

static_assert(std::endian::native == std::endian::little,
              "model snapshots are written and read in the machine's own byte order");

namespace {

constexpr char kMagic[4] = {'C', 'Q', 'M', 'S'};
constexpr std::size_t kPreambleBytes = sizeof kMagic + sizeof(std::uint32_t);
constexpr std::size_t kChecksumBytes = sizeof(std::uint64_t);

// FNV-1a over 8-byte words (then the last bytes one by one): a snapshot of a long run is a few
// hundred kilobytes, and a byte-wise chain would cost more than encoding it.
std::uint64_t checksum(std::string_view bytes) {
  constexpr std::uint64_t kPrime = 0x100000001b3ULL;
  std::uint64_t h = 0xcbf29ce484222325ULL;
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, bytes.data() + i, 8);
    h = (h ^ word) * kPrime;
  }
  for (; i < bytes.size(); ++i) h = (h ^ static_cast<unsigned char>(bytes[i])) * kPrime;
  return h;
}

// The values an enum may hold (a byte outside them is a damaged snapshot).
constexpr bool valid(BlockPlace v) {
  return v <= BlockPlace::flusher;
}
constexpr bool valid(WorkerPhase v) {
  return v <= WorkerPhase::exited;
}
constexpr bool valid(GcPhase v) {
  return v <= kLastGcPhase;
}
constexpr bool valid(EventKind v) {
  return static_cast<std::size_t>(v) < kEventKindCount;
}

// [SECTION] Every field of every record, named once for the encoder, the decoder and the
// counter of bytes. Each structured binding must name every field of its struct: a field added to
// one of them stops this from compiling until it is written here (and kModelCodecVersion bumped).
// `Io` is called with each scalar; io.size() for a size_t (u64 on every platform); io.vector()
// for a vector, with the most elements a valid model has.

template <class Io, class Event>
void visit_event(Io& io, Event& e) {
  auto& [time_ns, a, block, b, actor, p, kind, reserved] = e;
  io(time_ns);
  io(a);
  io(block);
  io(b);
  io(actor);
  io(p);
  io(kind);
  for (auto& byte : reserved) io(byte);
}

template <class Io, class Block>
void visit_block(Io& io, Block& block) {
  auto& [place, owner, n] = block;
  io(place);
  io(owner);
  io(n);
}

template <class Io, class P>
void visit_p(Io& io, P& p) {
  auto& [block, fill, holder] = p;
  io(block);
  io(fill);
  io(holder);
}

template <class Io, class Worker>
void visit_worker(Io& io, Worker& w) {
  auto& [actor, fing, running_cleanups, phase, block, next_slot, pending, executed] = w;
  io(actor);
  io(fing);
  io(running_cleanups);
  io(phase);
  io(block);
  io(next_slot);
  io(pending);
  io(executed);
}

template <class Io, class Flush>
void visit_flush(Io& io, Flush& f) {
  auto& [active, accumulator, source, pushed, emptied, missing, actor] = f;
  io(active);
  io(accumulator);
  io(source);
  io(pushed);
  io(emptied);
  io(missing);
  io(actor);
}

template <class Io, class Totals>
void visit_entries(Io& io, Totals& t) {
  auto& [in_p, in_full, in_flusher, held_by_workers, finq] = t;
  io(in_p);
  io(in_full);
  io(in_flusher);
  io(held_by_workers);
  io(finq);
}

template <class Io, class Counters>
void visit_counters(Io& io, Counters& c) {
  auto& [registered, enqueued, executed, blocks_allocated, full_pushes, flush_pushes, flushes,
         work_signalled, pops, wakes, spurious_wakes, needs_wake, needg_raised, needg, ng,
         workers_created, running, sleepers, root_scans, runtime_violations, forced_events,
         ignored_events] = c;
  io(registered);
  io(enqueued);
  io(executed);
  io(blocks_allocated);
  io(full_pushes);
  io(flush_pushes);
  io(flushes);
  io(work_signalled);
  io(pops);
  io(wakes);
  io(spurious_wakes);
  io(needs_wake);
  io(needg_raised);
  io(needg);
  io(ng);
  io(workers_created);
  io(running);
  io(sleepers);
  io(root_scans);
  io(runtime_violations);
  io(forced_events);
  io(ignored_events);
}

template <class Io, class Deferred>
void visit_deferred(Io& io, Deferred& d) {
  auto& [event, index] = d;
  visit_event(io, event);
  io.size(index);
}

constexpr std::uint64_t kMaxActors = std::uint64_t{1} << 16;  // actor ids are 16 bits
// Deferred events are one virtual instant's pops appended before their pushes: at most a few per
// actor thread in a real run (none in the tests' threaded runs), so this bound is far above any.
constexpr std::uint64_t kMaxDeferredEvents = std::uint64_t{1} << 14;

template <class Io, class Model>
void visit_model(Io& io, Model& m) {
  auto& [events, time_ns, phase, cycle, active_sweepers, drained, ps, blocks, full_stack,
         free_stack, workers, worker_of_actor, flush, entries, counters, deferred, finished,
         complete, stranded, gomaxprocs, goexits, crash] = m;
  const auto id = [](auto& io_, auto& value) { io_(value); };
  io.size(events);
  io(time_ns);
  io(phase);
  io(cycle);
  io(active_sweepers);
  io(drained);
  io.vector(ps, kMaxModelPs, "Ps", [](auto& io_, auto& p) { visit_p(io_, p); });
  io.vector(blocks, kMaxModelBlocks, "blocks",
            [](auto& io_, auto& block) { visit_block(io_, block); });
  io.vector(full_stack, kMaxModelBlocks, "full stack entries", id);
  io.vector(free_stack, kMaxModelBlocks, "free stack entries", id);
  io.vector(workers, kMaxModelWorkers, "workers", [](auto& io_, auto& w) { visit_worker(io_, w); });
  io.vector(worker_of_actor, kMaxActors, "actors", id);
  visit_flush(io, flush);
  visit_entries(io, entries);
  visit_counters(io, counters);
  // One instant's steps still in flight: a few per thread, where the fold's pass over them is
  // quadratic, so a tampered count cannot make a reader spin.
  io.vector(deferred, kMaxDeferredEvents, "deferred events",
            [](auto& io_, auto& d) { visit_deferred(io_, d); });
  io(finished);
  io(complete);
  io(stranded);
  io(gomaxprocs);
  io(goexits);
  io(crash);
}

// [SECTION] The three visitors.

// How a scalar is written: bools and enums as their byte, integers at their own width.
template <class T>
struct WireOf {
  using type = T;
};
template <>
struct WireOf<bool> {
  using type = std::uint8_t;
};
template <class T>
requires std::is_enum_v<T>
struct WireOf<T> {
  using type = std::underlying_type_t<T>;
};
template <class T>
using Wire = typename WireOf<T>::type;

// A scalar's wire value, zero-extended (vectors are stored column by column, as differences).
template <class T>
std::uint64_t wire_value(const T& value) {
  return static_cast<std::uint64_t>(static_cast<Wire<T>>(value));
}

constexpr std::uint64_t width_mask(std::size_t width) {
  return width >= 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * width)) - 1;
}

// The wire widths of an element's scalars, in the order its visitor names them.
struct FieldWidths {
  std::vector<std::size_t> widths;
  template <class T>
  void operator()(const T&) {
    widths.push_back(sizeof(Wire<T>));
  }
  void size(std::size_t) { widths.push_back(sizeof(std::uint64_t)); }
};

template <class T, class Element>
std::vector<std::size_t> field_widths(Element element) {
  FieldWidths fields;
  const T sample{};
  element(fields, sample);
  return std::move(fields.widths);
}

// The wire value of one scalar of an element: its `wanted`-th.
struct FieldPicker {
  std::size_t wanted = 0;
  std::size_t call = 0;
  std::uint64_t value = 0;
  template <class T>
  void operator()(const T& v) {
    if (call++ == wanted) value = wire_value(v);
  }
  void size(std::size_t v) {
    if (call++ == wanted) value = v;
  }
};

struct Encoder {
  std::string& out;
  template <class T>
  void put(T value) {
    char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    out.append(bytes, sizeof(T));
  }
  void put_width(std::uint64_t value, std::size_t width) {
    char bytes[8];
    std::memcpy(bytes, &value, 8);
    out.append(bytes, width);
  }
  template <class T>
  void operator()(const T& value) {
    put(static_cast<Wire<T>>(value));
  }
  void size(std::size_t value) { put(static_cast<std::uint64_t>(value)); }
  // Column by column, each value as the difference from the element before (wrapping at its
  // width): a long run's blocks mostly sit in one place with one fill, and its stacks hold runs
  // of consecutive ids, so the columns are nearly all zeros and compress to almost nothing
  // (tests/bench/README.md: measured 44 % of the file as records, well under 1 % as columns).
  template <class Vector, class Element>
  void vector(const Vector& v, std::uint64_t /*max*/, const char* /*what*/, Element element) {
    put(static_cast<std::uint64_t>(v.size()));
    const auto widths = field_widths<typename Vector::value_type>(element);
    for (std::size_t field = 0; field < widths.size(); ++field) {
      std::uint64_t previous = 0;
      for (const auto& e : v) {
        FieldPicker picker{field};
        element(picker, e);
        put_width((picker.value - previous) & width_mask(widths[field]), widths[field]);
        previous = picker.value;
      }
    }
  }
};

struct Decoder;

// Stores a wire value into an element's `wanted`-th scalar, checked.
struct FieldSetter {
  Decoder& decoder;
  std::size_t wanted = 0;
  std::uint64_t value = 0;
  std::size_t call = 0;
  template <class T>
  void operator()(T& field);
  void size(std::size_t& field) {
    if (call++ == wanted) field = static_cast<std::size_t>(value);
  }
};

struct Decoder {
  std::string_view bytes;  // the fields, without the preamble and checksum
  std::size_t at = 0;
  std::string error;

  bool failed() const { return !error.empty(); }
  void fail(const std::string& what) {
    if (!failed()) error = what + " (at byte " + std::to_string(kPreambleBytes + at) + ")";
  }
  template <class W>
  bool take(W& value) {
    if (failed()) return false;
    if (bytes.size() - at < sizeof(W)) {
      fail("is cut short");
      return false;
    }
    std::memcpy(&value, bytes.data() + at, sizeof(W));
    at += sizeof(W);
    return true;
  }
  // A wire value into its field, refusing a value its type does not have.
  template <class T>
  void assign(T& value, Wire<T> raw) {
    if constexpr (std::is_same_v<T, bool>) {
      if (raw > 1) fail("has " + std::to_string(raw) + " where a flag (0 or 1) belongs");
      value = raw == 1;
    } else if constexpr (std::is_enum_v<T>) {
      value = static_cast<T>(raw);
      if (!valid(value)) fail("has " + std::to_string(raw) + " where no such state exists");
    } else {
      value = raw;
    }
  }
  template <class T>
  void operator()(T& value) {
    Wire<T> raw{};
    if (take(raw)) assign(value, raw);
  }
  void size(std::size_t& value) {
    std::uint64_t raw = 0;
    if (!take(raw)) return;
    if (raw > std::numeric_limits<std::size_t>::max()) fail("has a count too large here");
    value = static_cast<std::size_t>(raw);
  }
  template <class Vector, class Element>
  void vector(Vector& v, std::uint64_t max, const char* what, Element element) {
    std::uint64_t n = 0;
    if (!take(n)) return;
    const auto widths = field_widths<typename Vector::value_type>(element);
    std::size_t each = 0;
    for (std::size_t w : widths) each += w;
    if (n > max || n > (bytes.size() - at) / each) {
      fail("has " + std::to_string(n) + " " + what + ": at most " +
           std::to_string(std::min<std::uint64_t>(max, (bytes.size() - at) / each)) + " fit");
      return;
    }
    v.resize(static_cast<std::size_t>(n));
    for (std::size_t field = 0; field < widths.size(); ++field) {
      std::uint64_t previous = 0;
      for (auto& e : v) {
        std::uint64_t delta = 0;
        std::memcpy(&delta, bytes.data() + at, widths[field]);
        at += widths[field];
        previous = (previous + delta) & width_mask(widths[field]);
        FieldSetter setter{*this, field, previous};
        element(setter, e);
        if (failed()) return;
      }
    }
  }
};

template <class T>
void FieldSetter::operator()(T& field) {
  if (call++ == wanted) decoder.assign(field, static_cast<Wire<T>>(value));
}

// What the fields may not contradict, for the ids readers index with without checking.
std::optional<std::string> check_references(const TraceModel& m) {
  for (std::uint32_t w : m.worker_of_actor) {
    if (w != kNoWorker && w >= m.workers.size()) {
      return "names worker " + std::to_string(w) + " of " + std::to_string(m.workers.size());
    }
  }
  for (const auto* stack : {&m.full_stack, &m.free_stack}) {
    for (std::uint32_t id : *stack) {
      if (id >= m.blocks.size()) {
        return "stacks block " + std::to_string(id) + " of " + std::to_string(m.blocks.size());
      }
    }
  }
  // A block's owner indexes ps or workers in the fold (TraceModel::set_n, detach).
  for (std::size_t id = 0; id < m.blocks.size(); ++id) {
    const ModelBlock& b = m.blocks[id];
    const std::size_t owners = b.place == BlockPlace::p        ? m.ps.size()
                               : b.place == BlockPlace::worker ? m.workers.size()
                                                               : ~std::size_t{0};
    if (b.owner >= owners) {
      return "block " + std::to_string(id) + " names owner " + std::to_string(b.owner) + " of " +
             std::to_string(owners);
    }
  }
  return std::nullopt;
}

}  // namespace

void encode_model(const TraceModel& model, std::string& out) {
  const std::size_t start = out.size();
  out.append(kMagic, sizeof kMagic);
  Encoder encoder{out};
  encoder.put(kModelCodecVersion);
  visit_model(encoder, model);
  encoder.put(checksum(std::string_view(out).substr(start)));
}

DecodedModel decode_model(std::string_view bytes) {
  DecodedModel result;
  if (bytes.size() < kPreambleBytes + kChecksumBytes ||
      std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) {
    result.error = "is not a model snapshot";
    return result;
  }
  std::uint32_t version = 0;
  std::memcpy(&version, bytes.data() + sizeof kMagic, sizeof version);
  if (version != kModelCodecVersion) {
    result.error = "is a model snapshot of version " + std::to_string(version) +
                   ": this build reads version " + std::to_string(kModelCodecVersion);
    return result;
  }
  const std::string_view body = bytes.substr(0, bytes.size() - kChecksumBytes);
  std::uint64_t stored = 0;
  std::memcpy(&stored, bytes.data() + body.size(), sizeof stored);
  if (checksum(body) != stored) {
    result.error = "fails its checksum: the snapshot was altered or cut short";
    return result;
  }
  Decoder decoder{body.substr(kPreambleBytes), 0, {}};
  TraceModel model;
  visit_model(decoder, model);
  if (!decoder.failed() && decoder.at != decoder.bytes.size())
    decoder.fail("has bytes after its end");
  if (decoder.failed()) {
    result.error = decoder.error;
    return result;
  }
  if (auto problem = check_references(model)) {
    result.error = *problem;
    return result;
  }
  result.model = std::move(model);
  return result;
}

}  // namespace cq
