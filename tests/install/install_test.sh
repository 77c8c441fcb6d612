#!/usr/bin/env bash
# Installs the build into a scratch prefix and runs the installed kit from a folder far from the
# sources, with the source-tree fallback turned off (CQ_NO_SOURCE_TREE=1), so that only the
# installed lessons and palettes can be read:
#   cleanupq --version            the project version and a commit
#   cleanupq lesson list          every lesson of the sources, each read from <prefix>/share
#   cleanupq-viz --headless       a screenshot, identical to the build tree's for the same run
#   icons, desktop entry, metainfo where a desktop looks for them, each PNG of its size; the
#   lesson figures in share/cleanupq/figures
# Usage: install_test.sh CMAKE BUILD_DIR SOURCE_DIR VERSION
set -euo pipefail
cmake=$1 build=$2 source=$3 version=$4
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
prefix=$scratch/prefix
fail() { echo "install_test: $*" >&2; exit 1; }

"$cmake" --install "$build" --prefix "$prefix" >"$scratch/install.log" || {
  cat "$scratch/install.log" >&2
  fail "cmake --install $build --prefix $prefix failed"
}
unset CQ_LESSONS_DIR CQ_ASSETS_DIR
export CQ_NO_SOURCE_TREE=1
mkdir "$scratch/elsewhere"
cd "$scratch/elsewhere"

# The switch this test relies on: without the install, the build tree's binary finds nothing.
if "$build/engine/cleanupq" lesson list --no-play >/dev/null 2>&1; then
  fail "CQ_NO_SOURCE_TREE=1 did not stop the build tree's cleanupq from reading the source lessons"
fi

line=$("$prefix/bin/cleanupq" --version)
[[ $line =~ ^cleanupq\ ${version//./\\.}\ \(commit\ ([0-9a-f]{7}|unknown)\)$ ]] ||
  fail "installed cleanupq --version printed '$line', expected 'cleanupq $version (commit ...)'"
echo "ok: $line"

expected=$(find "$source/lessons" -maxdepth 1 -name '*.toml' | wc -l)
"$prefix/bin/cleanupq" lesson list --no-play >"$scratch/lessons.txt" ||
  fail "installed cleanupq lesson list failed: $(cat "$scratch/lessons.txt")"
listed=$(grep -c "($prefix/share/cleanupq/lessons/[^/]*\.toml)\$" "$scratch/lessons.txt" || true)
[ "$listed" -eq "$expected" ] ||
  fail "lesson list shows $listed lessons under $prefix/share/cleanupq/lessons, expected $expected:
$(cat "$scratch/lessons.txt")"
echo "ok: $listed lessons listed from $prefix/share/cleanupq/lessons"

shot_args=(--headless --runner conducted --seed 42 --run-until flush_end --size 960x600)
"$prefix/bin/cleanupq-viz" "${shot_args[@]}" --screenshot "$scratch/installed.png" >/dev/null ||
  fail "installed cleanupq-viz --headless failed"
CQ_NO_SOURCE_TREE= "$build/viz/cleanupq-viz" "${shot_args[@]}" --screenshot "$scratch/build.png" >/dev/null ||
  fail "build tree cleanupq-viz --headless failed"
cmp -s "$scratch/installed.png" "$scratch/build.png" ||
  fail "the installed app draws a different picture from the build tree's (palettes or lessons differ)"
echo "ok: installed cleanupq-viz renders the build tree's picture"

# A lesson step with a figure: the installed app draws share/cleanupq/figures/tagged-stack.png
# where the build tree's draws its own (a missing figure would leave a message in its place).
lesson_args=(--headless --lesson 7 --step 1 --size 1280x1400)
"$prefix/bin/cleanupq-viz" "${lesson_args[@]}" --screenshot "$scratch/installed-lesson.png" >/dev/null ||
  fail "installed cleanupq-viz --headless ${lesson_args[*]} failed"
CQ_NO_SOURCE_TREE= "$build/viz/cleanupq-viz" "${lesson_args[@]}" --screenshot "$scratch/build-lesson.png" >/dev/null ||
  fail "build tree cleanupq-viz --headless ${lesson_args[*]} failed"
cmp -s "$scratch/installed-lesson.png" "$scratch/build-lesson.png" ||
  fail "the installed app draws lesson 7's figure step differently from the build tree's"
echo "ok: installed cleanupq-viz draws lesson 7's figure as the build tree does"

png_size() {  # width x height from a PNG's IHDR chunk
  od -An -tu1 -j16 -N8 "$1" | awk '{ printf "%dx%d", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }'
}
for size in 16 32 48 64 128 256 512; do
  icon=$prefix/share/icons/hicolor/${size}x${size}/apps/cleanupq-viz.png
  [ -f "$icon" ] || fail "no icon $icon"
  [ "$(png_size "$icon")" = "${size}x${size}" ] || fail "$icon is $(png_size "$icon"), expected ${size}x${size}"
done
[ -f "$prefix/share/icons/hicolor/scalable/apps/cleanupq-viz.svg" ] || fail "no scalable icon"
desktop=$prefix/share/applications/cleanupq-viz.desktop
grep -qx 'Icon=cleanupq-viz' "$desktop" || fail "$desktop does not name the installed icon cleanupq-viz"
grep -qx 'Exec=cleanupq-viz' "$desktop" || fail "$desktop does not run cleanupq-viz"
[ -f "$prefix/share/metainfo/io.github.cleanupqlab.CleanupQueueLab.metainfo.xml" ] || fail "no metainfo"
[ -f "$prefix/share/cleanupq/palettes.toml" ] || fail "no palettes"
for trace in "$source"/assets/go-traces/*.cqgo; do  # the Real Go tab's recorded traces
  cmp -s "$trace" "$prefix/share/cleanupq/go-traces/$(basename "$trace")" ||
    fail "no recorded Go trace $prefix/share/cleanupq/go-traces/$(basename "$trace")"
done
for svg in "$source"/assets/figures/*.svg; do
  figure=$prefix/share/cleanupq/figures/$(basename "$svg" .svg).png
  [ -f "$figure" ] || fail "no lesson figure $figure"
  cmp -s "$figure" "$build/assets/figures/$(basename "$figure")" || fail "$figure is not the build's"
done
echo "ok: icons (7 sizes + scalable), desktop entry, metainfo, palettes, lesson figures, recorded Go traces installed"
