#include "lesson/toml_reader.hpp"

#include <algorithm>

#include "lesson/quantities.hpp"

namespace cq::lesson {

std::string quote_key(std::string_view key) {
  return "'" + std::string(key) + "'";
}

void TomlReader::error(SourcePos pos, std::string message) {
  out_.push_back({file_, pos, std::move(message)});
}

SourcePos TomlReader::pos_of(const toml::node& node) {
  return pos_of(node.source().begin);
}
SourcePos TomlReader::pos_of(const toml::key& key) {
  return pos_of(key.source().begin);
}

std::string_view TomlReader::type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

void TomlReader::reject_unknown_keys(const toml::table& table,
                                     std::initializer_list<std::string_view> allowed,
                                     std::string_view where) {
  reject_unknown_keys(table, std::vector<std::string_view>(allowed), where);
}

void TomlReader::reject_unknown_keys(const toml::table& table,
                                     const std::vector<std::string_view>& names,
                                     std::string_view where) {
  for (auto&& [key, node] : table) {
    (void)node;
    if (std::find(names.begin(), names.end(), key.str()) != names.end()) continue;
    unknown_keys_.emplace_back(&table, std::string(key.str()));
    std::string message = "unknown key " + quote_key(key.str()) + " in " + std::string(where);
    if (auto near = closest_name(key.str(), names))
      message += " (did you mean " + quote_key(*near) + "?)";
    error(pos_of(key), std::move(message));
  }
}

const toml::node* TomlReader::get(const toml::table& table, std::string_view key, bool required,
                                  std::string_view where) {
  const toml::node* node = table.get(key);
  if (node == nullptr && required) {
    // A misspelt key is reported once, as unknown with a did-you-mean, not also as missing.
    for (const auto& [where_unknown, unknown] : unknown_keys_) {
      const std::string_view candidate[] = {key};
      if (where_unknown == &table && closest_name(unknown, candidate)) return nullptr;
    }
    error(pos_of(table), std::string(where) + " is missing the required key " + quote_key(key));
  }
  return node;
}

std::optional<std::string> TomlReader::string(const toml::table& table, std::string_view key,
                                              bool required, std::string_view where) {
  const toml::node* node = get(table, key, required, where);
  if (node == nullptr) return std::nullopt;
  if (const auto* s = node->as_string()) return s->get();
  error(pos_of(*node), quote_key(key) + " must be a string, not " + std::string(type_name(*node)));
  return std::nullopt;
}

std::optional<std::int64_t> TomlReader::integer_value(const toml::node& node, std::string_view name,
                                                      std::int64_t lo, std::int64_t hi) {
  const auto* i = node.as_integer();
  if (i == nullptr) {
    error(pos_of(node),
          quote_key(name) + " must be an integer, not " + std::string(type_name(node)));
    return std::nullopt;
  }
  const std::int64_t v = i->get();
  if (v < lo || v > hi) {
    error(pos_of(node), quote_key(name) + " = " + std::to_string(v) + " is out of range: allowed " +
                            std::to_string(lo) + ".." + std::to_string(hi));
    return std::nullopt;
  }
  return v;
}

std::optional<std::int64_t> TomlReader::integer(const toml::table& table, std::string_view key,
                                                std::int64_t lo, std::int64_t hi, bool required,
                                                std::string_view where) {
  const toml::node* node = get(table, key, required, where);
  if (node == nullptr) return std::nullopt;
  return integer_value(*node, key, lo, hi);
}

std::optional<bool> TomlReader::boolean(const toml::table& table, std::string_view key,
                                        std::string_view where) {
  const toml::node* node = get(table, key, false, where);
  if (node == nullptr) return std::nullopt;
  if (const auto* b = node->as_boolean()) return b->get();
  error(pos_of(*node),
        quote_key(key) + " must be true or false, not " + std::string(type_name(*node)));
  return std::nullopt;
}

std::optional<std::vector<std::string>> TomlReader::string_array(const toml::table& table,
                                                                 std::string_view key,
                                                                 std::string_view where) {
  const toml::node* node = get(table, key, false, where);
  if (node == nullptr) return std::nullopt;
  const auto* array = node->as_array();
  if (array == nullptr) {
    error(pos_of(*node),
          quote_key(key) + " must be an array of strings, not " + std::string(type_name(*node)));
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const toml::node& item : *array) {
    const auto* s = item.as_string();
    if (s == nullptr) {
      error(pos_of(item), quote_key(key) + " item " + std::to_string(out.size() + 1) +
                              " must be a string, not " + std::string(type_name(item)));
      return std::nullopt;
    }
    out.push_back(s->get());
  }
  return out;
}

const toml::table* TomlReader::table(const toml::table& parent, std::string_view key, bool required,
                                     std::string_view where) {
  const toml::node* node = get(parent, key, required, where);
  if (node == nullptr) return nullptr;
  if (const auto* t = node->as_table()) return t;
  error(pos_of(*node), quote_key(key) + " must be a table, not " + std::string(type_name(*node)));
  return nullptr;
}

}  // namespace cq::lesson
