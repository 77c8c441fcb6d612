#!/usr/bin/env bash
# Fetches Dear ImGui's core and backend sources for the web build from Debian's source package of
# the same version as the installed libimgui-dev (the desktop links Debian's libimgui.a; the web
# build must compile the same code with emscripten). The system's apt configuration is left as it
# is: a private source list and list cache live in a temporary folder.
#   scripts/fetch-imgui-source.sh DEST     unpacks into DEST (an ignored build folder); no-op
#                                          when DEST already holds this version
set -euo pipefail

dest=${1:?usage: fetch-imgui-source.sh DEST}
version=$(dpkg-query -W -f='${Version}' libimgui-dev 2>/dev/null || true)
if [ -z "$version" ]; then
  echo "fetch-imgui-source: libimgui-dev is not installed (scripts/install-deps.sh viz)" >&2
  exit 1
fi
if [ -f "$dest/.version" ] && [ "$(cat "$dest/.version")" = "$version" ] && [ -f "$dest/imgui.cpp" ]; then
  exit 0
fi

# A binNMU (+bN) rebuilds the same source: the source package's version drops that suffix.
source_version=${version%+b[0-9]*}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial"
. "$(dirname "$0")/debian-mirror.sh"
uri=$(debian_mirror)
if [ -z "$uri" ]; then
  echo "fetch-imgui-source: no Debian mirror found in /etc/apt/sources.list{,.d}" >&2
  exit 1
fi
codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
echo "deb-src $uri $codename main" >"$work/src.list"
opts=(-o "Dir::Etc::SourceList=$work/src.list" -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$work/lists" -o Debug::NoLocking=1
  -o APT::Sandbox::User=root)  # a private temporary folder: no need to drop to _apt
echo "fetch-imgui-source: Debian source of imgui $source_version"
apt-get "${opts[@]}" update -qq
(cd "$work" && apt-get "${opts[@]}" source --download-only -qq "imgui=$source_version")
orig=$(ls "$work"/imgui_*.orig.tar.* | head -n 1)
rm -rf "$dest"
mkdir -p "$dest"
tar -xf "$orig" -C "$dest" --strip-components=1
for f in imgui.cpp imgui_draw.cpp imgui_tables.cpp imgui_widgets.cpp \
         backends/imgui_impl_glfw.cpp backends/imgui_impl_opengl3.cpp; do
  [ -f "$dest/$f" ] || { echo "fetch-imgui-source: $f missing from $orig" >&2; exit 1; }
done
echo "$version" >"$dest/.version"
