#include "cli/checked_flags.hpp"

#include <utility>

namespace cq::cli {

CLI::Option* CheckedFlags::add_word(CLI::App& app, const std::string& flag, std::string& target,
                                    std::vector<std::string_view> words, const std::string& help) {
  const std::string allowed = word_list(words);
  // No default shown: such a flag is either required (explore --protocol) or empty by default
  // (lesson --runner: each lesson's own).
  return add(app, flag, help + "; allowed " + allowed, "", "TEXT",
             [this, &target, flag, words = std::move(words), allowed](const std::string& text) {
               if (auto problem = choice_problem(text, words)) {
                 return std::optional(value_message(input(flag, text), *problem, allowed));
               }
               target = text;
               return std::optional<std::string>();
             });
}

CLI::Option* CheckedFlags::add(CLI::App& app, const std::string& flag, const std::string& help,
                               const std::string& default_text, const std::string& type_name,
                               Accept accept) {
  CLI::Option* option = app.add_option_function<std::string>(
      flag,
      [this, accept = std::move(accept)](const std::string& text) {
        auto refusal = accept(text);
        if (refusal && !problem_) problem_ = std::move(refusal);
      },
      help);
  option->type_name(type_name);
  if (!default_text.empty()) option->default_str(default_text);
  return option;
}

std::string CheckedFlags::input(const std::string& flag, const std::string& text) const {
  // Only command lines and URLs go through CLI11: a lesson's keys are read by the lesson parser.
  if (spelling_ == Spelling::url) return "URL parameter " + flag.substr(2) + "=" + text;
  return flag + " " + text;
}

}  // namespace cq::cli
