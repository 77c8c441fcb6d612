// What the speed control does, in words. The app's speed is virtual nanoseconds (the model's Go
// time) per wall nanosecond, a number like 1e-06 that tells a student nothing; the control says
// "1 µs of Go time per second" instead. No ImGui: tested alone.
#pragma once

#include <string>

namespace cq::viz {

// "1 µs of Go time per second", "3.2 ms of Go time per second", "1 s of Go time per second (real
// time)"; 0 (or anything not above 0) is "unthrottled: as fast as this machine runs". In the
// largest unit (ns, µs, ms, s) that keeps the number at 1 or more; one decimal below 10, whole
// numbers from 10 up.
std::string describe_speed(double speed);

}  // namespace cq::viz
