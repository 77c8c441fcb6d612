// ActiveRun: the run the picture shows, as the controls and the keyboard drive it: the free run
// (a live Session, whose recorded part can be replayed) or, while a lesson is open, the lesson's
// run. One interface for both, so a view never asks which one is showing: the Play button's label
// reads playing() of the run it would pause.
//
// Declared here, implemented by the app (app/playback.cpp): views stay below the app and never
// include its headers (docs/architecture.md, "What may include what").
#pragma once

#include <cstdint>

namespace cq::viz {

class ActiveRun {
 public:
  virtual ~ActiveRun() = default;
  // Whether Play would now pause: the run advances (or its recorded part is being replayed).
  virtual bool playing() const = 0;
  virtual void toggle_play() = 0;
  virtual void step_forward() = 0;
  virtual void step_back() = 0;
  virtual void next_interesting() = 0;
  virtual void previous_interesting() = 0;
  virtual void go_to(std::uint64_t cursor) = 0;  // events folded in; stops following the head
  // Virtual ns per wall ns while playing (0: unthrottled), from the speed slider.
  virtual void set_speed(double speed) = 0;
};

}  // namespace cq::viz
