#!/usr/bin/env bash
# Fetches two real Go toolchains from Debian (golang-1.25-go + golang-1.25-src from trixie-backports,
# golang-1.26-go + golang-1.26-src from sid; the newest version either suite offers) and unpacks them
# with dpkg-deb into DEST, for the conformance suite (tests/conformance/). The system's apt
# configuration is left as it is: a private source list, list cache, package cache and an empty dpkg
# status live in a temporary folder, as in scripts/fetch-imgui-source.sh.
#   scripts/fetch-go.sh [DEST]    DEST defaults to build/go (ignored by git); no-op when DEST already
#                                 holds both toolchains (versions recorded in DEST/.versions)
# Exit status: 0 fetched or already present; 3 a package could not be had (the message names it;
# callers report the suite as skipped); 1 any other failure.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:-$here/build/go}
packages=(golang-1.25-go golang-1.25-src golang-1.26-go golang-1.26-src)
minors=(1.25 1.26)

print_locations() {
  for minor in "${minors[@]}"; do
    echo "fetch-go: go$minor: $dest/usr/lib/go-$minor/bin/go ($("$dest/usr/lib/go-$minor/bin/go" version))"
  done
}

present=1
for minor in "${minors[@]}"; do
  [ -x "$dest/usr/lib/go-$minor/bin/go" ] && [ -f "$dest/usr/share/go-$minor/src/runtime/mcleanup.go" ] ||
    present=0
done
if [ "$present" = 1 ] && [ -f "$dest/.versions" ]; then
  print_locations
  exit 0
fi

. "$(dirname "$0")/debian-mirror.sh"
uri=$(debian_mirror)
if [ -z "$uri" ]; then
  echo "fetch-go: no Debian mirror found in /etc/apt/sources.list{,.d}" >&2
  exit 3
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/debs"
{
  echo "deb $uri trixie-backports main"
  echo "deb $uri sid main"
} >"$work/sources.list"
# Private lists, cache and an empty dpkg status: apt neither reads nor writes the system's state, and
# with no installed packages it resolves nothing against them. No preferences: the newest version wins.
opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null
  -o "Dir::State::Lists=$work/lists" -o Dir::State::status=/dev/null
  -o "Dir::Cache=$work/cache" -o Debug::NoLocking=1
  -o APT::Sandbox::User=root) # a private temporary folder: no need to drop to _apt
echo "fetch-go: package lists of $uri trixie-backports and sid"
if ! apt-get "${opts[@]}" update -qq; then
  echo "fetch-go: apt-get update of $uri trixie-backports/sid failed; cannot fetch ${packages[*]}" >&2
  exit 3
fi
versions=()
for pkg in "${packages[@]}"; do
  version=$(apt-cache "${opts[@]}" policy "$pkg" | awk '/Candidate:/{print $2}')
  if [ -z "$version" ] || [ "$version" = "(none)" ]; then
    echo "fetch-go: package $pkg is not offered by $uri trixie-backports or sid" >&2
    exit 3
  fi
  if ! (cd "$work/debs" && apt-get "${opts[@]}" download -qq "$pkg=$version"); then
    echo "fetch-go: apt-get download $pkg=$version failed" >&2
    exit 3
  fi
  versions+=("$pkg=$version")
done

rm -rf "$dest"
mkdir -p "$dest"
for deb in "$work"/debs/*.deb; do
  dpkg-deb -x "$deb" "$dest"
done
for minor in "${minors[@]}"; do
  if [ ! -x "$dest/usr/lib/go-$minor/bin/go" ]; then
    echo "fetch-go: $dest/usr/lib/go-$minor/bin/go missing after unpacking golang-$minor-go" >&2
    exit 1
  fi
done
printf '%s\n' "${versions[@]}" >"$dest/.versions"
print_locations
