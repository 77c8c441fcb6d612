#!/usr/bin/env bash
# Usage: ctest_counts_test.sh CTEST BUILD_DIR SKIP_PROBE COUNTS_SCRIPT
# 1. Every GoogleTest entry of BUILD_DIR (one TEST each, run with --gtest_filter) carries the
#    SKIP_REGULAR_EXPRESSION that makes a GTEST_SKIP a ctest skip, not a pass.
# 2. A real ctest run of a passing, a failing and a skipping test (the probe, with that same
#    property) is counted by COUNTS_SCRIPT as "1 1 1".
set -euo pipefail
ctest=$1 build=$2 probe=$3 counts=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$ctest" --test-dir "$build" -N --show-only=json-v1 >"$work/tests.json"
regex=$(python3 - "$work/tests.json" <<'PY'
import json, sys
tests = json.load(open(sys.argv[1]))["tests"]
gtests = [t for t in tests if any("--gtest_filter" in a for a in t.get("command", []))]
if not gtests:
    sys.exit("no GoogleTest entries found")
missing, values = [], set()
for t in gtests:
    props = {p["name"]: p["value"] for p in t.get("properties", [])}
    value = props.get("SKIP_REGULAR_EXPRESSION")
    if value is None:
        missing.append(t["name"])
    else:
        # A list of expressions; the same one given twice is still one.
        items = value.split(";") if isinstance(value, str) else value
        values.add(";".join(sorted(set(items))))
if missing:
    sys.exit(f"{len(missing)} GoogleTest entries would count a GTEST_SKIP as passed, e.g. {missing[:3]}")
if len(values) != 1:
    sys.exit(f"different skip expressions: {sorted(values)}")
print(values.pop())
PY
)
echo "every GoogleTest entry skips on: $regex"

# A ctest directory needs only its CTestTestfile.cmake. The regex is written as a bracket
# argument, so it reaches ctest exactly as the real entries have it.
cat >"$work/CTestTestfile.cmake" <<CMAKE
add_test(passes "$(command -v true)")
add_test(fails "$(command -v false)")
add_test(skips "$probe" "--gtest_filter=SkipProbe.Skips")
set_tests_properties(skips PROPERTIES SKIP_REGULAR_EXPRESSION [==[$regex]==])
CMAKE
"$ctest" --test-dir "$work" >"$work/ctest.log" 2>&1 || true
cat "$work/ctest.log"
got=$("$counts" "$work/ctest.log")
if [ "$got" != "1 1 1" ]; then
  echo "FAIL: counted '$got' (passed failed skipped), expected '1 1 1'"
  exit 1
fi
echo "ok: 1 passed, 1 failed, 1 skipped"
