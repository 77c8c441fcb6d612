#!/usr/bin/env bash
# soak.sh: threaded runs of the simulated runtime with random seeds and scenarios, both wake
# protocols, for MINUTES; every run's exactly-once count, invariants, peak RSS and descriptors
# are checked (scripts/soak.py says how, and why the bounds are what they are).
#
#   scripts/soak.sh MINUTES [path/to/cleanupq]
#
# The binary defaults to build/release/engine/cleanupq. It is copied first, so rebuilding while
# a long soak runs changes nothing under it. One line per run goes to build/soak/runs.log (or
# $CQ_SOAK_LOG); failures and the summary line go to stdout. Exits 0 only if every run passed.
# CQ_SOAK_SEED=N replays the scenario sequence of an earlier soak (its log's first line).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
minutes="${1:-}"
if ! [[ "$minutes" =~ ^[0-9]+([.][0-9]+)?$ ]] || [ "$minutes" = 0 ]; then
  echo "soak.sh: MINUTES must be a positive number of minutes, got '${minutes}'" >&2
  echo "usage: scripts/soak.sh MINUTES [path/to/cleanupq]" >&2
  exit 2
fi
binary="${2:-$repo_root/build/release/engine/cleanupq}"
if [ ! -x "$binary" ]; then
  echo "soak.sh: no executable cleanupq at '$binary' (build it: cmake --preset release &&" \
    "cmake --build --preset release --target cleanupq)" >&2
  exit 2
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp "$binary" "$scratch/cleanupq"
echo "soak.sh: $("$scratch/cleanupq" --version), $minutes min"

log="${CQ_SOAK_LOG:-$repo_root/build/soak/runs.log}"
mkdir -p "$(dirname "$log")"
seed_args=()
[ -n "${CQ_SOAK_SEED:-}" ] && seed_args=(--seed "$CQ_SOAK_SEED")
python3 "$repo_root/scripts/soak.py" "$minutes" "$scratch/cleanupq" --log "$log" "${seed_args[@]}"
