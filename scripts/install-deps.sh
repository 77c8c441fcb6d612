#!/usr/bin/env bash
# Installs the Debian packages a part of the project needs, and only the missing ones.
#   scripts/install-deps.sh engine     compiler, CMake, tests, benchmarks, CLI libraries
#   scripts/install-deps.sh viz        + Dear ImGui, GLFW, SDL2, fonts (later issues)
#   scripts/install-deps.sh all        everything
# Runs apt-get only when something is missing; needs root (or sudo) in that case.
set -euo pipefail

engine_pkgs=(build-essential cmake ninja-build pkg-config
  libgtest-dev libgmock-dev libbenchmark-dev
  libcli11-dev nlohmann-json3-dev libtomlplusplus-dev libconcurrentqueue-dev
  clang-14 libclang-rt-14-dev)
viz_pkgs=(libimgui-dev libglfw3-dev libsdl2-dev libstb-dev libgl-dev libgif-dev
  fonts-inter fonts-jetbrains-mono fonts-dejavu-core xvfb xdotool imagemagick)

wanted=()
for part in "${@:-engine}"; do
  case "$part" in
    engine) wanted+=("${engine_pkgs[@]}") ;;
    viz) wanted+=("${engine_pkgs[@]}" "${viz_pkgs[@]}") ;;
    all) wanted+=("${engine_pkgs[@]}" "${viz_pkgs[@]}") ;;
    *) echo "install-deps: unknown part '$part' (expected engine, viz or all)" >&2; exit 2 ;;
  esac
done

missing=()
for pkg in $(printf '%s\n' "${wanted[@]}" | sort -u); do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root, or install sudo" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
