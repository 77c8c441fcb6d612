// A command's own flags that take a number in a range or a word from a list (flush --capacity,
// trace --from/--count, explore's limits, lesson --runner), checked the way the scenario table
// checks its options: CLI11 only collects the text, and a bad value is refused in the one message
// format of docs/errors.md, "--capacity 0 is out of range: allowed 1..1024", rather than CLI11's
// "--capacity: Value 0 not in range 1 to 1024". The command asks problem() after parsing and
// exits 2 with it, as it does with resolve()'s. cleanupq-viz's view flags (--palette, --tab,
// --step) are checked the same way, on its command line and in the web page's URL.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/scenario_options.hpp"
#include "runtime/value_message.hpp"

namespace cq::cli {

class CheckedFlags {
 public:
  // `spelling`: how a refusal names the input, "--palette x" or, for the web page's URL
  // parameters, "URL parameter palette=x".
  explicit CheckedFlags(Spelling spelling = Spelling::flag) : spelling_(spelling) {}
  // The flags' callbacks point at this object.
  CheckedFlags(const CheckedFlags&) = delete;
  CheckedFlags& operator=(const CheckedFlags&) = delete;

  // `flag` takes a whole number in min..max, stored into `target`; target's value is the default
  // --help shows.
  template <class Count>
  CLI::Option* add_count(CLI::App& app, const std::string& flag, Count& target, Count min,
                         Count max, const std::string& help) {
    const std::string allowed = range_text(min, max);
    return add(app, flag, help + "; allowed " + allowed, std::to_string(target), "UINT",
               [this, &target, flag, min, max, allowed](const std::string& text) {
                 if (auto problem = count_problem(text, min, max)) {
                   return std::optional(value_message(input(flag, text), *problem, allowed));
                 }
                 target = static_cast<Count>(*parse_count(text));
                 return std::optional<std::string>();
               });
  }

  // `flag` takes one of `words`, stored into `target`. No default is shown.
  CLI::Option* add_word(CLI::App& app, const std::string& flag, std::string& target,
                        std::vector<std::string_view> words, const std::string& help);

  // nullopt when every value given was accepted (and stored); otherwise the first refusal.
  const std::optional<std::string>& problem() const { return problem_; }

 private:
  // `accept` stores a good value and returns nullopt, or returns the refusal.
  using Accept = std::function<std::optional<std::string>(const std::string&)>;
  CLI::Option* add(CLI::App& app, const std::string& flag, const std::string& help,
                   const std::string& default_text, const std::string& type_name, Accept accept);
  // `flag` given `text`, as this front end spells it.
  std::string input(const std::string& flag, const std::string& text) const;

  Spelling spelling_;
  std::optional<std::string> problem_;
};

}  // namespace cq::cli
