// The app's own flags that every front end shares: the desktop's command line and the web
// page's URL (url_state.hpp) take exactly these, with the same checks, beside the scenario flags
// of `cleanupq run`.
#pragma once

#include <CLI/CLI.hpp>

#include "app/app_options.hpp"
#include "cli/checked_flags.hpp"
#include "cli/scenario_flags.hpp"

namespace cq::viz {

// The scenario the app opens with: small enough to watch (8 Ps x 150 cleanups is 20 blocks of
// 60). Every flag of `cleanupq run` changes it.
cli::ScenarioFlags watchable_scenario_flags();

// --lesson, --step, --palette, --tab, --recording, --welcome. A bad --step, --palette, --tab or
// --recording is refused through `checked` (its problem() after parsing), in the message format
// of cleanupq's own flags.
void add_view_flags(CLI::App& cli, AppOptions& options, cli::CheckedFlags& checked);

// After the scenario flags are resolved: the seed lessons take (--seed given) and whether the
// flags named something to show (then no welcome unless --welcome), into `options`.
void apply_start_choices(const cli::ScenarioFlags& flags, AppOptions& options);

}  // namespace cq::viz
