// The actors of the simulated runtime, one file each. Each step is one indivisible action;
// see each file's header for the state machine it walks.
#pragma once

#include <memory>

#include "runtime/runtime_state.hpp"
#include "sim/actor.hpp"

namespace cq {

std::unique_ptr<Actor> make_mutator(RuntimeState& rt, std::uint32_t index);
std::unique_ptr<Actor> make_gc(RuntimeState& rt);
std::unique_ptr<Actor> make_sweeper(RuntimeState& rt, std::uint32_t index);
std::unique_ptr<Actor> make_cleanup_worker(RuntimeState& rt, GoroutineId g);
std::unique_ptr<Actor> make_fing(RuntimeState& rt);
std::unique_ptr<Actor> make_scheduler_round(RuntimeState& rt, std::uint32_t p);
// Under the findrunnable scheduler, `goroutine` wrapped so that its parks, exits, pick-ups and
// preemptions are scheduling points of P `home` % GOMAXPROCS (scheduling_points.cpp); under poll,
// `goroutine` itself.
std::unique_ptr<Actor> on_home_p(RuntimeState& rt, std::uint32_t home,
                                 std::unique_ptr<Actor> goroutine);

}  // namespace cq
