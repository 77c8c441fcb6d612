// The web page's URL as the app's state: `?lesson=5&step=3`, `?gomaxprocs=16&protocol=oneshot`.
// Every parameter is a desktop flag without its dashes: the scenario options of the one table
// (runtime/scenario_options.hpp), checked by the table's own parsers, and --lesson --step
// --palette --tab, checked by the desktop's own definitions (app_flags.hpp); so a link and a
// command line can never mean different things. Platform-free: tested natively.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/app_options.hpp"
#include "cli/scenario_flags.hpp"

namespace cq::viz {

struct UrlParam {
  std::string key;
  std::string value;
  bool operator==(const UrlParam&) const = default;
};

// "?a=1&b=x%20y" (the leading '?' optional) -> {a,1}, {b,"x y"}; '+' is a space.
std::vector<UrlParam> parse_query(std::string_view query);
// The inverse: "?a=1&b=x%20y" ("" for no parameters).
std::string encode_query(const std::vector<UrlParam>& params);

// Applies the parameters to `options` and `flags` as the desktop's flags would be. A parameter
// that is unknown or whose value is rejected is left out, with a message naming it and what is
// allowed; a scenario that is invalid as a whole falls back to `flags` as it was, with a message.
// Returns the messages (empty: all applied).
std::vector<std::string> apply_url_params(const std::vector<UrlParam>& params, AppOptions& options,
                                          cli::ScenarioFlags& flags);

// The parameters of a link to what is on screen: the lesson and its step (1-based), or the
// scenario's differences from `defaults` (short links; an unchanged option is not repeated).
std::vector<UrlParam> share_params(const Scenario& scenario, const Scenario& defaults,
                                   std::optional<std::uint32_t> lesson, std::size_t step);

}  // namespace cq::viz
