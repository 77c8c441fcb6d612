// Settings that outlive a session: palette, speed, backend, UI scale, whether the welcome opens
// at start, and where the window layout is kept. Stored as `key = value` lines under
// $XDG_CONFIG_HOME/cleanupq (or ~/.config/cleanupq); a bad line is reported with its file and line
// and otherwise ignored.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cq::viz {

class Settings {
 public:
  // The folder settings live in; created on save. Empty when no home is known.
  static std::string config_dir();

  // A settings file is a few hundred bytes; anything near this is not one.
  static constexpr std::size_t kMaxFileBytes = std::size_t{64} * 1024;

  // Loads from `path` (missing file: defaults). Problems are returned as messages naming
  // the file and line, never thrown: a broken settings file must not stop the app. The file is
  // read by io::read_text_file: a directory, FIFO, device, oversized or non-UTF-8 file is
  // named in a message and the defaults are used.
  std::vector<std::string> load(const std::string& path);
  // The same for text already read; `source` names it in messages ("settings.ini:3: ...").
  std::vector<std::string> load_text(const std::string& text, const std::string& source);
  // The file's text as save() writes it; load_text() of it gives back every key and value.
  std::string to_text() const;
  // Replaces `path` only when the whole file was written (a failed save keeps the old file).
  std::optional<std::string> save(const std::string& path) const;  // nullopt, or the error

  std::string get(const std::string& key, const std::string& fallback) const;
  // A numeric setting in [lo, hi]. Missing: `fallback`, silently. Not a finite number in range
  // (NaN, inf, "wide", out of range): `fallback`, and, when `problems` is given, the stored
  // value is replaced by it and a message naming the key, the value and the range is added.
  double number(const std::string& key, double fallback, double lo, double hi,
                std::vector<std::string>* problems);
  // The same without reporting or replacing (for reads every frame).
  double get_number(const std::string& key, double fallback, double lo, double hi) const;
  // A setting that is one of `words`. Missing: `fallback`, silently. Anything else: `fallback`,
  // and, when `problems` is given, the stored value is replaced by it and a message naming the
  // key, the value and the words allowed is added.
  std::string word(const std::string& key, const std::string& fallback,
                   const std::vector<std::string>& words, std::vector<std::string>* problems);
  void set(const std::string& key, const std::string& value) { values_[key] = value; }
  void set_number(const std::string& key, double value);
  // Every key starting with `prefix`, in order.
  std::vector<std::string> keys_with_prefix(const std::string& prefix) const;

 private:
  std::map<std::string, std::string> values_;
};

}  // namespace cq::viz
