// What the web build asks of its page (web/index.html), in one place: the URL, localStorage,
// the clipboard, downloads of exported files, and a status object the page and the browser
// tests read. Only the web build compiles web_bridge.cpp.
#pragma once

#include <memory>
#include <string>

#include "shells/shell.hpp"

namespace cq::viz {

std::string page_query();                       // location.search, e.g. "?lesson=5&step=3"
std::string page_base_url();                    // origin + path, without the query
void set_page_query(const std::string& query);  // history.replaceState: the address bar follows

std::string storage_get(const std::string& key);  // localStorage; "" when absent or unavailable
void storage_set(const std::string& key, const std::string& value);

// Copies to the clipboard where the page may, and shows the text on the page either way (a
// school laptop may refuse clipboard access).
void copy_to_clipboard(const std::string& text);
// Offers a file the app wrote into its in-memory file system as a browser download.
void offer_download(const std::string& path);

// Tells the page (and tests) what runs: window.cqStatus = {...} from a JSON object.
void publish_status(const std::string& json);
// A problem the page shows above the canvas (WebGL 2 missing, a bad URL parameter).
void show_page_message(const std::string& text, bool fatal);

// Web Workers loaded and free to become threads now. A browser starts a Worker only when the
// page's thread returns to it, and the app's thread sometimes waits for the engine's, so a run
// must not start with fewer free Workers than it has threads (runtime/scenario.hpp, actor_threads).
int idle_workers();
// Starts loading Workers until `count` are free; idle_workers() tells when they are.
void prepare_workers(int count);

// The web shell's (make_web_shell, shell.hpp): whether input arrived since the last call, so
// that idle frames can be skipped.
bool web_shell_input_seen(Shell& shell);

}  // namespace cq::viz
