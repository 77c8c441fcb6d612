#!/usr/bin/env bash
# Installs the Debian packages a part of the project needs, and only the missing ones.
#   scripts/install-deps.sh engine     compiler, CMake, tests, benchmarks, CLI libraries
#   scripts/install-deps.sh viz        + Dear ImGui, GLFW, SDL2, fonts (later issues)
#   scripts/install-deps.sh web        + emscripten, Chromium and playwright-core (browser build)
#   scripts/install-deps.sh all        everything
# Runs apt-get only when something is missing; needs root (or sudo) in that case.
set -euo pipefail
cd "$(dirname "$0")/.."

engine_pkgs=(build-essential cmake ninja-build pkg-config
  libgtest-dev libgmock-dev libbenchmark-dev
  libcli11-dev nlohmann-json3-dev libtomlplusplus-dev libconcurrentqueue-dev
  clang-14 libclang-rt-14-dev clang-format-14 clang-tidy-14
  time  # /usr/bin/time: each run's peak RSS in scripts/bench-scaling.sh
  libzstd-dev)  # the compact trace file (cleanupq run --trace FILE.cqtrace)
# librsvg2-bin renders the icon and the lesson figures (assets/) at build time; desktop-file-utils,
# appstream and dpkg-dev (cpack's DEB generator) check the desktop entry, the metainfo and the
# package; libgdk-pixbuf2.0-bin with librsvg2-common loads the icon as launchers do.
viz_pkgs=(libimgui-dev libglfw3-dev libsdl2-dev libstb-dev libgl-dev libgif-dev
  fonts-inter fonts-jetbrains-mono fonts-dejavu-core xvfb xdotool imagemagick
  nodejs  # the web page's static server, whose tests run with the visualizer's (tests/web)
  librsvg2-bin desktop-file-utils appstream dpkg-dev  # icons, validators, the .deb (tests/install)
  libgdk-pixbuf2.0-bin librsvg2-common)
# The web build: emscripten (with its prebuilt system libraries), the header-only libraries and
# GoogleTest sources it compiles for wasm, ImGui's sources come from Debian's source package
# (scripts/fetch-imgui-source.sh); Chromium for the browser tests, nodejs for the server.
web_pkgs=(emscripten libimgui-dev libstb-dev libcli11-dev nlohmann-json3-dev libtomlplusplus-dev
  googletest fonts-inter fonts-jetbrains-mono chromium nodejs librsvg2-bin)

wanted=()
for part in "${@:-engine}"; do
  case "$part" in
    engine) wanted+=("${engine_pkgs[@]}") ;;
    viz) wanted+=("${engine_pkgs[@]}" "${viz_pkgs[@]}") ;;
    web) wanted+=("${engine_pkgs[@]}" "${web_pkgs[@]}") ;;
    all) wanted+=("${engine_pkgs[@]}" "${viz_pkgs[@]}" "${web_pkgs[@]}") ;;
    *) echo "install-deps: unknown part '$part' (expected engine, viz, web or all)" >&2; exit 2 ;;
  esac
done

# npm's part (web/package-lock.json: playwright-core, which drives Debian's Chromium and never
# downloads a browser of its own).
install_npm() {
  [ -d web/node_modules/playwright-core ] && return 0
  command -v npm >/dev/null || { echo "install-deps: npm is missing (Debian package npm)" >&2; return 1; }
  echo "install-deps: npm ci in web/"
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
}

missing=()
for pkg in $(printf '%s\n' "${wanted[@]}" | sort -u); do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
want_npm=false
for part in "${@:-engine}"; do
  case "$part" in web|all) want_npm=true ;; esac
done
if [ ${#missing[@]} -eq 0 ]; then
  if $want_npm; then install_npm; fi
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root, or install sudo" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
if $want_npm; then install_npm; fi
