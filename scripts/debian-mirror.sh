# Sourced by the scripts that fetch Debian packages through a private apt configuration
# (fetch-imgui-source.sh, fetch-go.sh): prints the system's own Debian mirror, from the deb822
# sources file or the classic list, or nothing when there is none. The system's apt configuration
# is only read, never changed.
debian_mirror() {
  local uri=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1=="deb"{print $2; exit}' /etc/apt/sources.list)
  fi
  printf '%s' "$uri"
}
