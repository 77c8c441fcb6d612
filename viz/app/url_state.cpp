#include "app/url_state.hpp"

#include <algorithm>
#include <cctype>
#include <memory>

#include "app/app_flags.hpp"

namespace cq::viz {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 &&
               hex_digit(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2]));
      i += 2;
    } else {
      out += c;  // a stray '%' stays itself: the value check then names it
    }
  }
  return out;
}

std::string encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~' || c == ',') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

// A parser with exactly the desktop's scenario and view flags, writing into the given targets.
// A refused view value is in `checked` after parsing, worded as a URL parameter.
struct Parser {
  cli::CheckedFlags checked{Spelling::url};
  CLI::App cli{"cleanupq-web"};
};

std::unique_ptr<Parser> make_parser(AppOptions& options, cli::ScenarioFlags& flags) {
  auto parser = std::make_unique<Parser>();
  parser->cli.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  cli::add_scenario_flags(parser->cli, flags);
  add_view_flags(parser->cli, options, parser->checked);
  return parser;
}

std::vector<std::string> as_arguments(const std::vector<UrlParam>& params) {
  std::vector<std::string> args;
  for (const UrlParam& p : params) {
    // A bare `?unthrottled` is the flag; anything else, an option's empty value too
    // (`?schedule=`), is `--key=value`.
    const bool option = find_option(p.key) != nullptr;
    args.push_back(p.value.empty() && !option ? "--" + p.key : "--" + p.key + "=" + p.value);
  }
  return args;
}

void parse(CLI::App& cli, const std::vector<std::string>& args) {
  std::vector<const char*> argv{"cleanupq-web"};
  for (const std::string& a : args) argv.push_back(a.c_str());
  cli.parse(static_cast<int>(argv.size()), argv.data());
}

// The parameter names a URL may use: the parser's long flag names, in its order, less help.
std::vector<std::string> known_keys() {
  AppOptions options;
  cli::ScenarioFlags flags;
  auto parser = make_parser(options, flags);
  std::vector<std::string> out;
  for (const CLI::Option* o : parser->cli.get_options()) {
    for (const std::string& name : o->get_lnames()) {
      if (name != "help") out.push_back(name);
    }
  }
  return out;
}

}  // namespace

std::vector<UrlParam> parse_query(std::string_view query) {
  if (!query.empty() && query.front() == '?') query.remove_prefix(1);
  std::vector<UrlParam> out;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    out.push_back({decode(pair.substr(0, eq)),
                   eq == std::string_view::npos ? std::string() : decode(pair.substr(eq + 1))});
  }
  return out;
}

std::string encode_query(const std::vector<UrlParam>& params) {
  std::string out;
  for (const UrlParam& p : params) {
    out += out.empty() ? "?" : "&";
    out += encode(p.key);
    // "?a" is a flag without a value; a parameter with neither name nor value is "=", not
    // nothing, so that reading the query back gives every parameter again (tests/fuzz/fuzz_url).
    if (!p.value.empty() || p.key.empty()) out += "=" + encode(p.value);
  }
  return out;
}

std::vector<std::string> apply_url_params(const std::vector<UrlParam>& params, AppOptions& options,
                                          cli::ScenarioFlags& flags) {
  std::vector<std::string> messages;
  std::vector<UrlParam> good;
  const std::vector<std::string> known = known_keys();
  for (const UrlParam& p : params) {
    if (std::find(known.begin(), known.end(), p.key) == known.end()) {
      std::string list;
      for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
      messages.push_back("URL parameter '" + p.key + "' is not known (known: " + list + ")");
      continue;
    }
    // Each parameter alone first, so one bad value names itself and the rest still apply: a
    // scenario option by the table's own check, a view option by its definition in
    // add_view_flags.
    if (const ScenarioOption* o = find_option(p.key); o != nullptr && o->name == p.key) {
      if (auto problem = check_value(*o, p.value, Spelling::url)) {
        messages.push_back(*problem + " (the default is used)");
      } else {
        good.push_back(p);
      }
      continue;
    }
    AppOptions one_options;
    cli::ScenarioFlags one_flags;
    auto one = make_parser(one_options, one_flags);
    try {
      parse(one->cli, as_arguments({p}));
      if (const auto& problem = one->checked.problem()) {
        messages.push_back(*problem + " (the default is used)");
      } else {
        good.push_back(p);
      }
    } catch (const CLI::ParseError& e) {
      const std::string shown = p.value.empty() ? p.key : p.key + "=" + p.value;
      messages.push_back("URL parameter " + shown + ": " + e.what() + " (the default is used)");
    }
  }
  // Then together. A value that is wrong only in combination (a schedule with the threaded
  // runner, more scheduler rounds than Ps) is named by the scenario check: that parameter is
  // left out and the rest tried again.
  const AppOptions options_before = options;
  const cli::ScenarioFlags before = flags;
  for (;;) {
    options = options_before;
    flags = before;
    // Every parameter left passed its view check alone, so `checked` has nothing to say here.
    auto parser = make_parser(options, flags);
    try {
      parse(parser->cli, as_arguments(good));
    } catch (const CLI::ParseError& e) {  // e.g. speed with unthrottled
      messages.push_back(std::string("URL parameters: ") + e.what() + " (the defaults are used)");
      good.clear();
      continue;
    }
    const std::optional<ScenarioProblem> problem = cli::resolve(flags, Spelling::url);
    if (!problem) break;
    auto bad = std::find_if(good.begin(), good.end(), [&](const UrlParam& p) {
      return problem->option != nullptr && p.key == problem->option->name;
    });
    if (bad == good.end()) {
      // Not one parameter's fault (or the defaults themselves): the default scenario.
      messages.push_back(problem->message + " (the default scenario is used)");
      flags = before;
      cli::resolve(flags);
      break;
    }
    messages.push_back(problem->message + " (the default is used)");
    good.erase(bad);
  }
  return messages;
}

std::vector<UrlParam> share_params(const Scenario& scenario, const Scenario& defaults,
                                   std::optional<std::uint32_t> lesson, std::size_t step) {
  if (lesson) return {{"lesson", std::to_string(*lesson)}, {"step", std::to_string(step)}};
  const OptionValues differ = differing_options(scenario, defaults);
  std::vector<UrlParam> out;
  for (const ScenarioOption& o : scenario_options()) {  // the table's order
    if (auto it = differ.find(o.name); it != differ.end()) out.push_back({it->first, it->second});
  }
  return out;
}

}  // namespace cq::viz
