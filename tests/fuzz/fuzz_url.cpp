// The web page's URL reader (viz/app/url_state.hpp) as the page uses it at start: the query
// decoded into parameters, then applied over the page's starting scenario.
// Properties: decoding what encode_query wrote gives back the same parameters; every parameter
// left out has a message; the scenario that results is valid; and the page's "Copy link" of that
// scenario (share_params) reads back, without a message, as the same scenario.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/app_flags.hpp"
#include "app/url_state.hpp"
#include "fuzz_require.hpp"
#include "runtime/scenario_options.hpp"

namespace {

using cq::fuzz::require;

std::string shown(const std::vector<cq::viz::UrlParam>& params) {
  std::string out;
  for (const cq::viz::UrlParam& p : params) out += "[" + p.key + "]=[" + p.value + "] ";
  return out;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 1024) return 0;  // a URL; every parameter costs a CLI11 parser or two
  const std::string_view query(reinterpret_cast<const char*>(data), size);
  const std::vector<cq::viz::UrlParam> params = cq::viz::parse_query(query);
  const std::string encoded = cq::viz::encode_query(params);
  require(cq::viz::parse_query(encoded) == params, "parse_query(encode_query(p)) == p",
          shown(params) + "\nencoded: " + encoded +
              "\nread back: " + shown(cq::viz::parse_query(encoded)));

  cq::cli::ScenarioFlags start = cq::viz::watchable_scenario_flags();
  require(!cq::cli::resolve(start), "the page's starting scenario is valid");
  const cq::Scenario defaults = start.scenario;

  cq::viz::AppOptions options;
  cq::cli::ScenarioFlags flags = start;
  const std::vector<std::string> messages = cq::viz::apply_url_params(params, options, flags);
  for (const std::string& m : messages) require(!m.empty(), "a message says something");
  const auto problem = cq::check_scenario(flags.scenario);
  require(!problem, "the URL's scenario is valid",
          (problem ? problem->message : "") + "\n" + shown(params));

  const std::string link =
      cq::viz::encode_query(cq::viz::share_params(flags.scenario, defaults, std::nullopt, 0));
  cq::viz::AppOptions link_options;
  cq::cli::ScenarioFlags link_flags = start;
  const std::vector<std::string> link_messages =
      cq::viz::apply_url_params(cq::viz::parse_query(link), link_options, link_flags);
  require(link_messages.empty(), "a copied link applies without a message",
          link + "\n" + joined(link_messages));
  require(link_flags.scenario == flags.scenario, "a copied link gives the same scenario",
          "link: " + link + "\nwas: " + cq::to_command_line(flags.scenario) +
              "\nis:  " + cq::to_command_line(link_flags.scenario));
  return 0;
}
