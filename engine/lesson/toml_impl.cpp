// The one translation unit that compiles toml++ itself (the others see TOML_HEADER_ONLY=0 and
// only its declarations), so the parser files compile in seconds, not tens of seconds.
#define TOML_IMPLEMENTATION
#include <toml++/toml.h>
