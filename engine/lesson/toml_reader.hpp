// TomlReader: typed access to a parsed TOML table that reports every problem at the position
// of the key or value at fault, instead of throwing at the first one. The lesson parser uses it
// for every table, so all messages share one wording:
//   'gomaxprocs' must be an integer, not a string
//   'minutes' = 0 is out of range: allowed 1..30
//   unknown key 'gomaxproc' in [scenario] (did you mean 'gomaxprocs'?)
// toml++ is built non-header-only (TOML_HEADER_ONLY=0, implementation in toml_impl.cpp) so that
// the parser's translation units compile quickly; only engine/lesson includes it.
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lesson/lesson.hpp"

namespace cq::lesson {

class TomlReader {
 public:
  TomlReader(std::string file, std::vector<Diagnostic>& out) : file_(std::move(file)), out_(out) {}

  const std::string& file() const { return file_; }
  void error(SourcePos pos, std::string message);
  std::size_t error_count() const { return out_.size(); }

  static SourcePos pos_of(const toml::node& node);
  static SourcePos pos_of(const toml::key& key);
  static SourcePos pos_of(const toml::source_position& p) { return {p.line, p.column}; }
  static std::string_view type_name(const toml::node& node);

  // Every key of `table` that is not in `allowed` is an error at the key, with a did-you-mean.
  // `where` names the table in the message: "[scenario]", "step 3".
  void reject_unknown_keys(const toml::table& table,
                           std::initializer_list<std::string_view> allowed, std::string_view where);
  void reject_unknown_keys(const toml::table& table, const std::vector<std::string_view>& names,
                           std::string_view where);

  // The value of `key`, or nullptr; a missing required key is an error at `table`.
  const toml::node* get(const toml::table& table, std::string_view key, bool required,
                        std::string_view where);

  // Typed reads of `key` (nullopt when missing or wrong; a wrong one is reported).
  std::optional<std::string> string(const toml::table& table, std::string_view key, bool required,
                                    std::string_view where);
  std::optional<std::int64_t> integer(const toml::table& table, std::string_view key,
                                      std::int64_t lo, std::int64_t hi, bool required,
                                      std::string_view where);
  std::optional<bool> boolean(const toml::table& table, std::string_view key,
                              std::string_view where);
  // A non-empty array of strings; reports the first item that is not a string.
  std::optional<std::vector<std::string>> string_array(const toml::table& table,
                                                       std::string_view key,
                                                       std::string_view where);
  const toml::table* table(const toml::table& parent, std::string_view key, bool required,
                           std::string_view where);

  // The checks behind the typed reads, for values that are not under a key (array items).
  std::optional<std::int64_t> integer_value(const toml::node& node, std::string_view name,
                                            std::int64_t lo, std::int64_t hi);

 private:
  std::string file_;
  std::vector<Diagnostic>& out_;
  // Keys reported as unknown, by table: a required key that one of them misspells is not
  // reported again as missing.
  std::vector<std::pair<const toml::table*, std::string>> unknown_keys_;
};

// A key as written in messages: 'name', or 'name' in `where` when the where adds anything.
// (Not called `quoted`: argument-dependent lookup would pick std::quoted for a std::string
// wherever libc++ makes <iomanip> visible, as in the web build.)
std::string quote_key(std::string_view key);

}  // namespace cq::lesson
