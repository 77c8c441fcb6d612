// Settings that outlive a session: palette, speed, backend, UI scale, and where the window
// layout is kept. Stored as `key = value` lines under $XDG_CONFIG_HOME/cleanupq (or
// ~/.config/cleanupq); a bad line is reported with its file and line and otherwise ignored.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace cq::viz {

class Settings {
 public:
  // The folder settings live in; created on save. Empty when no home is known.
  static std::string config_dir();

  // Loads from `path` (missing file: defaults). Problems are returned as messages naming
  // the file and line, never thrown: a broken settings file must not stop the app.
  std::vector<std::string> load(const std::string& path);
  std::string save(const std::string& path) const;  // "" or an error message

  std::string get(const std::string& key, const std::string& fallback) const;
  double get_number(const std::string& key, double fallback) const;
  void set(const std::string& key, const std::string& value) { values_[key] = value; }
  void set_number(const std::string& key, double value);

 private:
  std::map<std::string, std::string> values_;
};

}  // namespace cq::viz
