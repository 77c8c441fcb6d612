#!/usr/bin/env python3
"""Check the folder-level include graph of engine/ and viz/.

A folder depends on another when one of its files has `#include "..."` naming a file of the other.
Each quoted include is resolved the way the compiler does: first beside the including file, then
against the include roots that engine/ and viz/ CMakeLists.txt export with
`target_include_directories(... ${CMAKE_CURRENT_SOURCE_DIR}...)`. Includes that resolve to no file
in the tree (system or third-party headers written with quotes) are ignored.

Fails (exit 1) when
  - two or more folders include each other, directly or round a longer loop (a cycle);
  - a file under viz/views/ includes a header of viz/app/ (views are drawn by the app, never the
    other way round);
  - more generally, a viz/ layer includes a layer that is not below it. The layers, lowest first:
    viz/model and viz/ui (side by side: neither includes the other), viz/views, viz/app,
    viz/shells;
  - a file under engine/ includes Dear ImGui, OpenGL, GLFW or SDL (engine/ builds with no graphics
    package installed).
Each failure names the folders and the file:line of every include that makes it.

Usage:
  scripts/check-include-cycles.py            print the graph, then the problems; exit 1 on any
  scripts/check-include-cycles.py --quiet    print only the problems (for scripts/test.sh)
  scripts/check-include-cycles.py --dot      print the graph in Graphviz dot format and exit 0
  scripts/check-include-cycles.py --self-test  check the checker on two small made-up trees
  --root DIR                                 check another checkout (default: this one)
"""
import argparse
import os
import re
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE_TOPS = ("engine", "viz")
SOURCE_SUFFIXES = (".cpp", ".hpp", ".h", ".cc", ".inl")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]')
# Headers engine/ must never name, with quotes or angle brackets.
GRAPHICS = re.compile(r"^(imgui|imgui_|backends/imgui|GL/|GLES|GLFW/|SDL|SDL2/|emscripten/html5)")
# viz/'s layers and their heights: a folder includes only folders of a lower height. model/ (no
# ImGui) and ui/ (theme, fonts, figures) share the bottom and stay apart.
VIZ_LAYER_HEIGHT = {
    os.path.join("viz", "model"): 0,
    os.path.join("viz", "ui"): 0,
    os.path.join("viz", "views"): 1,
    os.path.join("viz", "app"): 2,
    os.path.join("viz", "shells"): 3,
}
VIEW_INCLUDES_APP = "a view includes an app header"
LAYER_INCLUDES_UPWARD = "a viz/ layer includes one that is not below it"
ROOTS_IN_CMAKE = re.compile(
    r"target_include_directories\s*\(([^)]*)\)", re.S)


def include_roots():
    """The folders CMake puts on the include path for engine/ and viz/ sources."""
    roots = []
    for top in SOURCE_TOPS:
        for folder, _, files in os.walk(os.path.join(ROOT, top)):
            if "CMakeLists.txt" not in files:
                continue
            with open(os.path.join(folder, "CMakeLists.txt"), encoding="utf-8") as f:
                text = f.read()
            for args in ROOTS_IN_CMAKE.findall(text):
                for path in re.findall(r"\$\{CMAKE_CURRENT_SOURCE_DIR\}(/[^\s)]*)?", args):
                    root = os.path.normpath(os.path.join(folder, path.lstrip("/")))
                    if root not in roots:
                        roots.append(root)
    if not roots:  # CMake changed shape: fall back to the two tops, and say so
        print("check-include-cycles: no include root found in CMakeLists.txt; using engine/ and viz/",
              file=sys.stderr)
        roots = [os.path.join(ROOT, top) for top in SOURCE_TOPS]
    return roots


def source_files():
    for top in SOURCE_TOPS:
        for folder, dirs, files in os.walk(os.path.join(ROOT, top)):
            dirs.sort()
            for name in sorted(files):
                if name.endswith(SOURCE_SUFFIXES):
                    yield os.path.join(folder, name)


def rel(path):
    return os.path.relpath(path, ROOT)


def folder_of(path):
    return os.path.dirname(rel(path))


def resolve(including_file, name, roots):
    for base in [os.path.dirname(including_file)] + roots:
        candidate = os.path.normpath(os.path.join(base, name))
        if os.path.isfile(candidate) and candidate.startswith(ROOT + os.sep):
            return candidate
    return None


def viz_layer(folder):
    """The viz/ layer a folder belongs to (itself or the one it is under), or None."""
    for layer in VIZ_LAYER_HEIGHT:
        if folder == layer or folder.startswith(layer + os.sep):
            return layer
    return None


def upward_in_viz(src_folder, dst_folder):
    src, dst = viz_layer(src_folder), viz_layer(dst_folder)
    return src is not None and dst is not None and src != dst and \
        VIZ_LAYER_HEIGHT[dst] >= VIZ_LAYER_HEIGHT[src]


def build_graph():
    """edges[(from_folder, to_folder)] = [(file, line, included name)], plus rule breaks."""
    roots = include_roots()
    edges = {}
    folders = set()
    broken = []  # (rule, file:line, include)
    for path in source_files():
        src_folder = folder_of(path)
        folders.add(src_folder)
        with open(path, encoding="utf-8", errors="replace") as f:
            for number, line in enumerate(f, 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                bracket, name = m.groups()
                where = f"{rel(path)}:{number}"
                if src_folder.split(os.sep)[0] == "engine" and GRAPHICS.match(name):
                    shown = f"<{name}>" if bracket == "<" else f'"{name}"'
                    broken.append(("engine/ includes a graphics header", where, shown))
                if bracket != '"':
                    continue
                target = resolve(path, name, roots)
                if target is None:
                    continue
                dst_folder = folder_of(target)
                if src_folder.startswith(os.path.join("viz", "views")) and \
                        dst_folder.startswith(os.path.join("viz", "app")):
                    broken.append((VIEW_INCLUDES_APP, where, f'"{name}"'))
                elif upward_in_viz(src_folder, dst_folder):
                    broken.append((LAYER_INCLUDES_UPWARD, where,
                                   f'"{name}" ({dst_folder} is not below {src_folder})'))
                if dst_folder != src_folder:
                    edges.setdefault((src_folder, dst_folder), []).append((where, name))
                    folders.add(dst_folder)
    return folders, edges, broken


def find_cycles(folders, edges):
    """Strongly connected components with more than one folder (Tarjan), each sorted."""
    succ = {f: sorted({b for (a, b) in edges if a == f}) for f in folders}
    index, low, on_stack, stack, out = {}, {}, set(), [], []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in succ[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    sys.setrecursionlimit(10000)
    for v in sorted(folders):
        if v not in index:
            visit(v)
    return sorted(out)


def self_test():
    """A tree with each kind of problem must fail with each named; the same tree mended must pass."""
    global ROOT
    files = {
        "engine/CMakeLists.txt": "target_include_directories(a PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})\n",
        "viz/CMakeLists.txt": "target_include_directories(v PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})\n",
        "engine/queue/q.hpp": '#include "sim/s.hpp"\n',
        "engine/sim/s.hpp": '#include "queue/q.hpp"\n#include <imgui.h>\n',
        "viz/views/v.cpp": '#include "app/a.hpp"\n',
        "viz/app/a.hpp": '#include "views/v.hpp"\n#include "queue/q.hpp"\n',
        "viz/views/v.hpp": "",
        "viz/model/m.hpp": '#include "ui/u.hpp"\n',
        "viz/ui/u.hpp": '#include "shells/s.hpp"\n',
        "viz/shells/s.hpp": '#include "app/a.hpp"\n',
    }
    mended = dict(files)
    mended["engine/sim/s.hpp"] = ""
    mended["viz/views/v.cpp"] = '#include "v.hpp"\n'
    mended["viz/model/m.hpp"] = ""
    mended["viz/ui/u.hpp"] = ""
    failures = []
    broken_expected = (
        [["engine/queue", "engine/sim"], ["viz/app", "viz/views"]],
        {"engine/ includes a graphics header", VIEW_INCLUDES_APP, LAYER_INCLUDES_UPWARD},
    )
    for name, tree, expected in (("broken", files, broken_expected), ("mended", mended, ([], set()))):
        with tempfile.TemporaryDirectory() as root:
            for path, text in tree.items():
                os.makedirs(os.path.dirname(os.path.join(root, path)), exist_ok=True)
                with open(os.path.join(root, path), "w", encoding="utf-8") as f:
                    f.write(text)
            ROOT = root
            folders, edges, broken = build_graph()
            found = (find_cycles(folders, edges), {r for r, _, _ in broken})
            if found != expected:
                failures.append(f"{name} tree: found {found}, expected {expected}")
    for failure in failures:
        print(f"check-include-cycles self-test: {failure}")
    if not failures:
        print("check-include-cycles self-test: ok")
    return 1 if failures else 0


def main():
    global ROOT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true",
                        help="print only the problems (the mode for scripts/test.sh)")
    parser.add_argument("--dot", action="store_true",
                        help="print the folder graph as Graphviz dot and exit 0")
    parser.add_argument("--self-test", action="store_true",
                        help="check the checker on two small made-up trees and exit")
    parser.add_argument("--root", help="the checkout to check (default: this script's)")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    if args.root:
        if not os.path.isdir(os.path.join(args.root, "engine")):
            print(f"check-include-cycles: --root {args.root}: no engine/ folder there", file=sys.stderr)
            return 2
        ROOT = os.path.abspath(args.root)

    folders, edges, broken = build_graph()
    if args.dot:
        print("digraph includes {")
        for (a, b), uses in sorted(edges.items()):
            print(f'  "{a}" -> "{b}" [label="{len(uses)}"];')
        print("}")
        return 0

    if not args.quiet:
        print("folder include graph (from -> to: number of #include lines):")
        for folder in sorted(folders):
            outs = [(b, len(u)) for (a, b), u in sorted(edges.items()) if a == folder]
            listed = ", ".join(f"{b} ({n})" for b, n in outs) or "(nothing)"
            print(f"  {folder} -> {listed}")
        print()

    problems = 0
    for cycle in find_cycles(folders, edges):
        problems += 1
        print(f"include cycle between folders: {' <-> '.join(cycle)}")
        members = set(cycle)
        for (a, b), uses in sorted(edges.items()):
            if a in members and b in members:
                for where, name in uses:
                    print(f"  {a} -> {b}: {where} includes \"{name}\"")
    for rule in sorted({r for r, _, _ in broken}):
        problems += 1
        print(f"{rule}:")
        for r, where, name in broken:
            if r == rule:
                print(f"  {where} includes {name}")
    if problems:
        print(f"check-include-cycles: {problems} problem(s); the folders above must stop including "
              "each other (see docs/architecture.md, 'What may include what')")
        return 1
    if not args.quiet:
        print("check-include-cycles: no cycle, no viz/ layer includes one above it (no view "
              "includes the app), engine/ has no graphics include")
    return 0


if __name__ == "__main__":
    sys.exit(main())
