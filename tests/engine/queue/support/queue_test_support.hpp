// Helpers shared by the engine/queue suites: blocks allocated the way the queue allocates its
// own, and readers that turn a quiescent CleanupQueue into plain values a test can compare.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <map>
#include <memory>
#include <new>
#include <ostream>
#include <string>
#include <vector>

#include "queue/cleanup_block.hpp"
#include "queue/cleanup_queue.hpp"

namespace cq {
// Readable test names and failure messages for parameterised suites ("level", not "<01>").
inline void PrintTo(WakeProtocol protocol, std::ostream* os) {
  *os << to_string(protocol);
}
}  // namespace cq

namespace cq::test {

struct FreeBlockDeleter {
  void operator()(CleanupBlock* block) const {
    block->~CleanupBlock();
    std::free(block);
  }
};
using BlockPtr = std::unique_ptr<CleanupBlock, FreeBlockDeleter>;

// 512-byte aligned like the queue's blocks, because TaggedStack packs (address >> 9).
inline BlockPtr make_block(std::uint32_t id, std::uint32_t capacity,
                           SlotKind kind = SlotKind::word) {
  void* memory = std::aligned_alloc(kBlockAlignment, CleanupBlock::allocation_size(capacity, kind));
  if (memory == nullptr) throw std::bad_alloc();
  return BlockPtr(new (memory) CleanupBlock(id, capacity, kind));
}

inline void fill(CleanupBlock& block, std::initializer_list<CleanupId> ids) {
  for (CleanupId id : ids) block.enqueue(id);
}

// The valid entries, slot 0 first.
inline std::vector<CleanupId> entries_of(const CleanupBlock& block) {
  std::vector<CleanupId> out;
  for (std::uint32_t i = 0; i < block.count(); ++i) out.push_back(block.slot(i));
  return out;
}

inline QueueConfig make_config(std::uint32_t gomaxprocs, std::uint32_t capacity,
                               WakeProtocol protocol,
                               WorkerCapPolicy cap = WorkerCapPolicy::quarter) {
  QueueConfig config;
  config.gomaxprocs = gomaxprocs;
  config.block_capacity = capacity;
  config.protocol = protocol;
  config.worker_cap = cap;
  return config;
}

// Enqueues ids first, first+1, ... into P `p`; returns how many of those enqueues pushed a block.
inline std::uint32_t enqueue_range(CleanupQueue& q, std::uint32_t p, CleanupId first,
                                   std::uint32_t count) {
  std::uint32_t pushed = 0;
  for (std::uint32_t i = 0; i < count; ++i) pushed += q.enqueue(p, first + i).pushed_full ? 1 : 0;
  return pushed;
}

// Block id -> block, read from the `all` list (never shrinks, so this sees every block).
inline std::map<std::uint32_t, const CleanupBlock*> blocks_by_id(const CleanupQueue& q) {
  std::map<std::uint32_t, const CleanupBlock*> out;
  for (const CleanupBlock* b = q.all_blocks(); b != nullptr; b = b->all_next) out[b->id] = b;
  return out;
}

// Contents of the blocks on `full`, top of the stack first. Quiescent queues only.
inline std::vector<std::vector<CleanupId>> full_contents_top_first(const CleanupQueue& q) {
  const auto by_id = blocks_by_id(q);
  std::vector<std::vector<CleanupId>> out;
  for (const auto& info : q.snapshot().full) out.push_back(entries_of(*by_id.at(info.id)));
  return out;
}

// docs/algorithm.md §6 invariants 1, 2, 3, 10 and 11 plus "a P's block is never empty and never
// full", checked on a quiescent queue. `held` lists the ids of blocks the test took and has not
// finished (they play the running cleanup goroutine of invariant 2).
inline ::testing::AssertionResult structural_invariants_hold(
    const CleanupQueue& q, const std::vector<std::uint32_t>& held = {}) {
  const QueueSnapshot s = q.snapshot();
  const std::uint32_t capacity = q.config().block_capacity;
  std::map<std::uint32_t, int> in_all;
  for (const auto& b : s.all) {
    if (++in_all[b.id] > 1) {
      return ::testing::AssertionFailure() << "block " << b.id << " twice in all";
    }
    if (b.n > capacity) {
      return ::testing::AssertionFailure()
             << "block " << b.id << " has n=" << b.n << " > " << capacity;
    }
  }
  if (s.all.size() != q.blocks_allocated()) {
    return ::testing::AssertionFailure()
           << "all has " << s.all.size() << " blocks, allocated " << q.blocks_allocated();
  }
  std::map<std::uint32_t, std::vector<std::string>> places;
  const auto by_id = blocks_by_id(q);
  for (std::size_t p = 0; p < s.p_block.size(); ++p) {
    if (s.p_block[p] < 0) continue;
    const auto id = static_cast<std::uint32_t>(s.p_block[p]);
    places[id].push_back("P" + std::to_string(p));
    const std::uint32_t n = by_id.count(id) != 0 ? by_id.at(id)->count() : 0;
    if (n == 0 || n >= capacity) {
      return ::testing::AssertionFailure() << "P" << p << " holds block " << id << " with n=" << n;
    }
  }
  for (const auto& b : s.full) places[b.id].push_back("full");
  for (const auto& b : s.free) {
    places[b.id].push_back("free");
    if (b.n != 0) return ::testing::AssertionFailure() << "free block " << b.id << " has n=" << b.n;
  }
  for (std::uint32_t id : held) places[id].push_back("held");
  for (const auto& [id, where] : places) {
    if (in_all.count(id) == 0) {
      return ::testing::AssertionFailure() << "block " << id << " not in all";
    }
  }
  for (const auto& entry : in_all) {
    const std::uint32_t id = entry.first;
    const auto& where = places[id];
    if (where.size() != 1) {
      auto failure = ::testing::AssertionFailure();
      failure << "block " << id << " is in " << where.size() << " places:";
      for (const auto& w : where) failure << ' ' << w;
      return failure;
    }
  }
  if (q.config().protocol == WakeProtocol::level && s.work_units > s.full.size()) {
    return ::testing::AssertionFailure()
           << "work_units " << s.work_units << " > blocks on full " << s.full.size();
  }
  if (s.asleep != s.sleeping.size()) {
    return ::testing::AssertionFailure()
           << "asleep " << s.asleep << " but " << s.sleeping.size() << " on the sleeping list";
  }
  return ::testing::AssertionSuccess();
}

}  // namespace cq::test
