#include "app/settings.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <sstream>

#include "io/output_file.hpp"
#include "io/text_file.hpp"

namespace cq::viz {
namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");  // the same set at both ends
  const auto e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

// The whole text as a finite number in [lo, hi], or nothing. NaN fails both comparisons.
std::optional<double> parse_number(const std::string& text, double lo, double hi) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0' || !std::isfinite(v) || !(v >= lo && v <= hi)) {
    return std::nullopt;
  }
  return v;
}

std::string format(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", v);
  return text;
}

}  // namespace

std::string Settings::config_dir() {
  // getenv races only with setenv, which only the web page's main calls, before any thread.
  const char* xdg = std::getenv("XDG_CONFIG_HOME");  // NOLINT(concurrency-mt-unsafe)
  if (xdg != nullptr && xdg[0] != '\0') return std::string(xdg) + "/cleanupq";
  const char* home = std::getenv("HOME");  // NOLINT(concurrency-mt-unsafe)
  if (home != nullptr && home[0] != '\0') return std::string(home) + "/.config/cleanupq";
  return "";
}

std::vector<std::string> Settings::load(const std::string& path) {
  std::vector<std::string> problems;
  const io::TextFile file = io::read_text_file(path, kMaxFileBytes, "a settings file");
  if (file.problem == io::ReadProblem::missing) return problems;  // first start: defaults
  if (!file.ok()) {
    problems.push_back(file.message() + "; using the default settings");
    return problems;
  }
  return load_text(file.text, path);
}

std::vector<std::string> Settings::load_text(const std::string& text, const std::string& source) {
  std::vector<std::string> problems;
  std::istringstream in(text);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    // Blank and comment lines by their first non-blank character: an indented "# x = 1" is a
    // comment, not a key "# x" that save() would write back as a comment and lose; a CRLF
    // file's empty line ("\r") is blank.
    const std::string stripped = trim(line);
    if (stripped.empty() || stripped[0] == '#') continue;
    const auto eq = line.find('=');
    if (eq == std::string::npos) {
      problems.push_back(source + ":" + std::to_string(number) + ": expected 'key = value'");
      continue;
    }
    values_[trim(line.substr(0, eq))] = trim(line.substr(eq + 1));
  }
  return problems;
}

std::optional<std::string> Settings::save(const std::string& path) const {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  if (auto error = io::write_file(path, to_text())) {
    return *error + " (the settings were not saved)";
  }
  return std::nullopt;
}

std::string Settings::to_text() const {
  std::string text = "# Cleanup Queue Lab settings (key = value)\n";
  for (const auto& [k, v] : values_) {
    text += k;
    text += " = ";
    text += v;
    text += '\n';
  }
  return text;
}

std::string Settings::get(const std::string& key, const std::string& fallback) const {
  auto it = values_.find(key);
  return it == values_.end() ? fallback : it->second;
}

double Settings::get_number(const std::string& key, double fallback, double lo, double hi) const {
  auto it = values_.find(key);
  if (it == values_.end()) return fallback;
  return parse_number(it->second, lo, hi).value_or(fallback);
}

double Settings::number(const std::string& key, double fallback, double lo, double hi,
                        std::vector<std::string>* problems) {
  auto it = values_.find(key);
  if (it == values_.end()) return fallback;
  if (const auto v = parse_number(it->second, lo, hi)) return *v;
  if (problems != nullptr) {
    problems->push_back("settings: " + key + " = " + it->second + ": expected a number from " +
                        format(lo) + " to " + format(hi) + "; using " + format(fallback));
    set_number(key, fallback);
  }
  return fallback;
}

std::string Settings::word(const std::string& key, const std::string& fallback,
                           const std::vector<std::string>& words,
                           std::vector<std::string>* problems) {
  auto it = values_.find(key);
  if (it == values_.end()) return fallback;
  for (const std::string& w : words) {
    if (it->second == w) return w;
  }
  if (problems != nullptr) {
    std::string allowed;
    for (std::size_t i = 0; i < words.size(); ++i) {
      allowed += (i == 0 ? "" : i + 1 == words.size() ? " or " : ", ") + words[i];
    }
    problems->push_back("settings: " + key + " = " + it->second + ": expected " + allowed +
                        "; using " + fallback);
    values_[key] = fallback;
  }
  return fallback;
}

void Settings::set_number(const std::string& key, double value) {
  std::ostringstream s;
  s << value;
  values_[key] = s.str();
}

std::vector<std::string> Settings::keys_with_prefix(const std::string& prefix) const {
  std::vector<std::string> keys;
  for (auto it = values_.lower_bound(prefix); it != values_.end() && it->first.starts_with(prefix);
       ++it) {
    keys.push_back(it->first);
  }
  return keys;
}

}  // namespace cq::viz
