#include "app/settings.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace cq::viz {

std::string Settings::config_dir() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && xdg[0] != '\0') {
    return std::string(xdg) + "/cleanupq";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && home[0] != '\0') {
    return std::string(home) + "/.config/cleanupq";
  }
  return "";
}

std::vector<std::string> Settings::load(const std::string& path) {
  std::vector<std::string> problems;
  std::ifstream in(path);
  if (!in) return problems;  // first start: defaults
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    const auto eq = line.find('=');
    if (eq == std::string::npos) {
      problems.push_back(path + ":" + std::to_string(number) + ": expected 'key = value'");
      continue;
    }
    auto trim = [](std::string s) {
      const auto b = s.find_first_not_of(" \t");
      const auto e = s.find_last_not_of(" \t\r");
      return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
    };
    values_[trim(line.substr(0, eq))] = trim(line.substr(eq + 1));
  }
  return problems;
}

std::string Settings::save(const std::string& path) const {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  std::ofstream out(path);
  if (!out) return path + ": cannot write settings";
  out << "# Cleanup Queue Lab settings (key = value)\n";
  for (const auto& [k, v] : values_) out << k << " = " << v << "\n";
  return "";
}

std::string Settings::get(const std::string& key, const std::string& fallback) const {
  auto it = values_.find(key);
  return it == values_.end() ? fallback : it->second;
}

double Settings::get_number(const std::string& key, double fallback) const {
  auto it = values_.find(key);
  if (it == values_.end()) return fallback;
  char* end = nullptr;
  const double v = std::strtod(it->second.c_str(), &end);
  return end != nullptr && *end == '\0' && end != it->second.c_str() ? v : fallback;
}

void Settings::set_number(const std::string& key, double value) {
  std::ostringstream s;
  s << value;
  values_[key] = s.str();
}

}  // namespace cq::viz
