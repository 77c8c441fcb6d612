#!/usr/bin/env python3
"""Checks every Go source a lesson cites against real Go's source tree.

A lesson step's `sources` entries look like
    "runtime/mcleanup.go: (*cleanupQueue).needsWake, wake"
    "runtime/proc.go: findRunnable (\"Wake up one or more cleanup Gs\")"
    "unique/canonmap.go (Go 1.25): runtime.AddCleanup for each entry"
    "CL 671676 (#73642)"
For each one that names a Go file, this checks, in the source of the Go the citation is about:
  - the file exists;
  - every name it cites is defined in that file: `(*T).m` a method of T, `T.f` a field or method
    of type T (fields of embedded types are not followed), a bare name a func, method, type,
    const, var or struct field, never a local variable or a keyword (a bare name after a method,
    as in "(*activeSweep).begin, end", may be another method of any type);
  - every `pkg.name` in the words after a name ("calls gcCleanups.flush") occurs in the file;
  - every quoted text occurs in the file, comments and line breaks folded to single spaces.
A CL or issue number cannot be checked offline, nor what it says a CL changed ("CL 650697 (commit
e46c8e): runtime/mcleanup.go cleanupSleep": no release holds that code): it is counted and
listed, not passed. Any other entry that names a .go file in another form is an error.

Which Go: "(Go 1.26)" in the entry; else the Go the step runs (its latest `restart`'s `go`, or
the lesson's) when it is a release whose source is at hand (go1.25, go1.26); else Go 1.25, the
first release with this queue (lessons that run Go 1.24 or the development commit e46c8e cite
the code that shipped).

Every other mention of a Go file in the project's text (comments, docs, scripts: "(runtime/proc.go,
procresize)", "runtime/mcleanup.go: maxCleanupGs") must name a file of Go 1.25 or 1.26, and the
name cited with it must be defined there: the name after ": ", or after ", " where it ends the
parenthesis or clause (prose such as "runtime/mgc.go, so the ..." is not a citation), unless it
is a Go package or a version. These cite any released Go, so either will do.

    check_citations.py --go GO_TREE --lessons LESSON.toml... [--skip FILE...] -- PATH...
LESSON: the lesson files (both checks); PATH: folders or files of text (the mention check; .cpp
.hpp .md .toml .py .mjs .js .sh .html .txt, build folders skipped). GO_TREE is
scripts/fetch-go.sh's folder (GO_TREE/usr/share/go-1.2X/src). Exit status: 0 every checkable
citation holds; 1 one does not (each is printed with its file and reason); 2 bad arguments or an
unreadable file; 77 "SKIPPED: <reason>" when the Go source is not there.
"""

import argparse
import os
import re
import sys
import tomllib

RELEASES = ("1.25", "1.26")
DEFAULT_RELEASE = "1.25"
IDENT = r"[A-Za-z_]\w*"


class GoTree:
    def __init__(self, root):
        self.root = root
        self._files = {}

    def src(self, release):
        return os.path.join(self.root, "usr", "share", "go-" + release, "src")

    def has(self, release):
        return os.path.isfile(os.path.join(self.src(release), "runtime", "mcleanup.go"))

    def text(self, release, path):
        key = (release, path)
        if key not in self._files:
            full = os.path.join(self.src(release), path)
            try:
                with open(full, encoding="utf-8") as f:
                    self._files[key] = f.read()
            except OSError:
                self._files[key] = None
        return self._files[key]


def folded(text):
    """Go source with comment markers dropped and every run of blanks made one space."""
    text = re.sub(r"//", " ", text)
    text = re.sub(r"/\*|\*/", " ", text)
    return re.sub(r"\s+", " ", text)


GO_KEYWORDS = {"break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough",
               "for", "func", "go", "goto", "if", "import", "interface", "map", "package", "range",
               "return", "select", "struct", "switch", "type", "var"}
# A member line of a declaration block or a struct: the name, then the end of the line, "=", ","
# or a type (never ":=", "(" or "." as in a statement).
MEMBER = r"(?m)^\s*(?:\w+\s*,\s*)*%s(?:\s*(?:$|//|=(?!=)|,)|\s+[\w*\[(])"


def blocks(text):
    """The bodies of the top-level const/var/type (...) blocks and of every struct type."""
    found = [m.group(1) for m in re.finditer(r"(?ms)^(?:const|var|type) \($(.*?)^\)", text)]
    found += [body for _, body in struct_bodies(text)]
    return found


def struct_bodies(text):
    """(type name, body) of each `type T struct {...}` (also inside a type block)."""
    return [(m.group(1), m.group(2))
            for m in re.finditer(r"(?ms)^\s*(?:type )?(\w+)(?:\[[^\]]*\])? struct \{$(.*?)^\s*\}", text)]


def defines(text, name, receiver=None):
    """Whether Go source `text` defines `name`: as a method of `receiver` when given, else as a
    func, method, type, const, var or struct field (not a local variable)."""
    if name in GO_KEYWORDS:
        return False
    n = re.escape(name)
    if receiver is not None:
        return re.search(r"func \(\s*\w*\s*\*?%s(\[[^\]]*\])?\) %s[\[(]" % (re.escape(receiver), n),
                         text) is not None
    if re.search(r"func (\([^)]*\) )?%s[\[(]" % n, text):   # a func or a method of any type
        return True
    if re.search(r"(?m)^(type|const|var) %s\b" % n, text):    # a top-level declaration
        return True
    return any(re.search(MEMBER % n, body) for body in blocks(text))


def has_member(text, owner, name):
    """Whether type `owner` has a field or a method `name` in Go source `text`."""
    if defines(text, name, owner):
        return True
    return any(t == owner and re.search(MEMBER % re.escape(name), body) for t, body in struct_bodies(text))


def split_top(rest):
    """Splits on commas that are outside quotes and parentheses."""
    parts, depth, quoted, cur = [], 0, False, ""
    for ch in rest:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch == "(":
            depth += 1
        elif not quoted and ch == ")":
            depth -= 1
        if ch == "," and depth == 0 and not quoted:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p.strip() for p in parts if p.strip()]


def check_entry(entry, release, tree):
    """The problems of one `sources` entry ([] when it holds); None when it names no Go file."""
    if re.match(r"^(CL \d|#\d)", entry) or not re.search(r"\.go\b", entry):
        return None  # a CL or an issue (with what it changed, which no release may hold)
    m = re.match(r"^(\w[\w/]*\.go)(?: \(Go (1\.\d+)\))?(?::\s+(.*))?$", entry, re.S)
    if not m:
        return ["cannot read this citation: expected \"dir/file.go: name, name\" (or \"dir/file.go "
                "(Go 1.26): ...\"), a path inside Go's src/"]
    path, said_release, rest = m.group(1), m.group(2), m.group(3) or ""
    release = said_release or release
    if not tree.has(release):
        return ["Go %s's source is not in the tree" % release]
    text = tree.text(release, path)
    if text is None:
        return ["%s does not exist in Go %s" % (path, release)]
    problems = []
    flat = folded(text)
    for quote in re.findall(r'"([^"]+)"', rest):
        if re.sub(r"\s+", " ", quote) not in flat:
            problems.append('the quoted text "%s" is not in %s (Go %s)' % (quote, path, release))
    rest = re.sub(r'\("[^"]*"\)', "", rest)
    for part in split_top(rest):
        m = re.match(r"^case (%s)\b(.*)$" % IDENT, part)
        if m:  # "case fixedRootCleanups": a case of a switch in the file
            if not re.search(r"\bcase %s\b" % re.escape(m.group(1)), text):
                problems.append("case %s is not in %s (Go %s)" % (m.group(1), path, release))
            continue
        m = re.match(r"^\(\*(%s)\)\.(%s)\b(.*)$" % (IDENT, IDENT), part)
        if m:
            receiver, name, words = m.groups()
            if not defines(text, name, receiver):
                problems.append("(*%s).%s is not a method in %s (Go %s)" % (receiver, name, path, release))
        else:
            m = re.match(r"^(%s)\.(%s)\b(.*)$" % (IDENT, IDENT), part)
            if m:
                owner, name, words = m.groups()
                # runtime.AddCleanup from another package: a call; T.f: a type and its member.
                if owner == "runtime":
                    if not re.search(r"\bruntime\.%s\b" % re.escape(name), text):
                        problems.append("%s.%s is not in %s (Go %s)" % (owner, name, path, release))
                elif not has_member(text, owner, name):
                    problems.append("%s.%s is not a field or method of %s in %s (Go %s)"
                                    % (owner, name, owner, path, release))
            else:
                m = re.match(r"^(%s)\b(.*)$" % IDENT, part)
                if not m:
                    problems.append("cannot read the cited name %r" % part)
                    continue
                name, words = m.groups()
                if not defines(text, name):
                    problems.append("%s is not defined in %s (Go %s)" % (name, path, release))
        for owner, member in re.findall(r"\b(%s)\.(%s)\b" % (IDENT, IDENT), words):
            if not re.search(r"\b%s\.%s\b" % (re.escape(owner), re.escape(member)), text):
                problems.append("%s.%s does not occur in %s (Go %s)" % (owner, member, path, release))
        for name in re.findall(r"\bcase (%s)" % IDENT, words):
            if not re.search(r"\bcase %s\b" % re.escape(name), text):
                problems.append("case %s is not in %s (Go %s)" % (name, path, release))
    return problems


def release_of(go):
    m = re.fullmatch(r"go(1\.\d+)", go or "")
    return m.group(1) if m and m.group(1) in RELEASES else None


class LessonShapeError(Exception):
    pass


def table(value, what):
    if not isinstance(value, dict):
        raise LessonShapeError("%s is not a table" % what)
    return value


def check_lesson(path, tree):
    """(checked, unchecked entries, problems) of one lesson file. A step runs the Go of the
    latest `restart` (a fresh run of the lesson's scenario with those keys changed, in effect
    for later steps too), else the lesson's."""
    with open(path, "rb") as f:
        lesson = table(tomllib.load(f), "the file")
    lesson_go = table(lesson.get("scenario", {}), "[scenario]").get("go")
    running_go = lesson_go
    checked, unchecked, problems = 0, [], []
    steps = lesson.get("step", [])
    if not isinstance(steps, list):
        raise LessonShapeError("step is not an array of tables")
    for index, step in enumerate(steps, start=1):
        step = table(step, "step %d" % index)
        if "restart" in step:
            running_go = table(step["restart"], "step %d's restart" % index).get("go", lesson_go)
        release = release_of(running_go if isinstance(running_go, str) else None) or DEFAULT_RELEASE
        sources = step.get("sources", [])
        if not isinstance(sources, list) or not all(isinstance(e, str) for e in sources):
            raise LessonShapeError("step %d's sources is not an array of strings" % index)
        for entry in sources:
            found = check_entry(entry, release, tree)
            where = "%s step %d (%s)" % (os.path.basename(path), index, step.get("title", ""))
            if found is None:
                unchecked.append("%s: %s" % (where, entry))
                continue
            checked += 1
            problems += ["%s: %s: %s" % (where, entry, p) for p in found]
    return checked, unchecked, problems


TEXT_SUFFIXES = (".cpp", ".hpp", ".md", ".toml", ".py", ".mjs", ".js", ".sh", ".html", ".txt")
SKIPPED_DIRS = {"build", "dist", "node_modules", ".git", "third_party"}
# A Go file, and the name cited with it: after ": ", or after ", " when the name ends the
# parenthesis, clause or sentence ("(runtime/proc.go, procresize)"), not when prose goes on
# ("runtime/mgc.go, so the ...").
MENTION = re.compile(r"\b(?:src/)?((?:runtime|unique|weak|sync|internal/[a-z]+)/[a-z_0-9]+\.go)"
                     r"(?:: ?(\(\*%s\)\.%s|%s)|, ?(\(\*%s\)\.%s|%s)(?=[);,]|\.(?!\w)|$))?"
                     % (IDENT, IDENT, IDENT, IDENT, IDENT, IDENT))


def text_files(paths):
    for path in paths:
        if os.path.isdir(path):
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS)
                for name in sorted(files):
                    if name.endswith(TEXT_SUFFIXES):
                        yield os.path.join(folder, name)
        else:
            yield path


def check_mentions(path, text, tree):
    """(mentions, problems) of the Go files and names a text file mentions."""
    mentions, problems = 0, []
    for m in MENTION.finditer(text):
        mentions += 1
        go_path, after_colon, after_comma = m.groups()
        name = after_colon or after_comma
        line = text.count("\n", 0, m.start()) + 1
        where = "%s:%d: %s" % (path, line, m.group(0))
        sources = [tree.text(r, go_path) for r in RELEASES if tree.text(r, go_path) is not None]
        if not sources:
            problems.append("%s: no such file in Go %s" % (where, " or ".join(RELEASES)))
            continue
        if name is None or re.fullmatch(r"go\d\w*", name):
            continue
        if not name.startswith("(") and os.path.isdir(os.path.join(tree.src(RELEASES[0]), name)):
            continue  # a package: "(runtime/proc.go, runtime's ...)"
        method = re.fullmatch(r"\(\*(%s)\)\.(%s)" % (IDENT, IDENT), name)
        if not any(defines(src, method.group(2), method.group(1)) if method else defines(src, name)
                   for src in sources):
            problems.append("%s: %s is not defined in %s (Go %s)"
                            % (where, name, go_path, " or ".join(RELEASES)))
    return mentions, problems


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--go", required=True, help="scripts/fetch-go.sh's folder")
    parser.add_argument("--lessons", nargs="+", default=[], help="lesson files")
    parser.add_argument("--skip", nargs="+", default=[],
                        help="text files not to read (this checker's own tests, made-up citations)")
    parser.add_argument("paths", nargs="*", help="folders or files of text")
    args = parser.parse_args(argv)
    tree = GoTree(args.go)
    missing = [r for r in RELEASES if not tree.has(r)]
    if missing:
        print("SKIPPED: no Go %s source under %s (scripts/fetch-go.sh fetches it)"
              % (" or ".join(missing), args.go))
        return 77
    checked, mentions, unchecked, problems = 0, 0, [], []
    for path in args.lessons:
        try:
            c, u, p = check_lesson(path, tree)
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, LessonShapeError) as e:
            print("check_citations: cannot read the lesson %s: %s" % (path, e), file=sys.stderr)
            return 2
        checked, unchecked, problems = checked + c, unchecked + u, problems + p
    skipped = {os.path.normpath(p) for p in args.skip}
    for path in text_files(args.paths):
        if os.path.normpath(path) in skipped:
            continue
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except (OSError, UnicodeDecodeError) as e:
            print("check_citations: cannot read %s: %s" % (path, e), file=sys.stderr)
            return 2
        m, p = check_mentions(path, text, tree)
        mentions, problems = mentions + m, problems + p
    for p in problems:
        print("FAILED: " + p)
    for u in unchecked:
        print("not checkable offline (a CL or issue): " + u)
    print("citations: %d lesson sources and %d mentions of Go files checked against Go's source, "
          "%d wrong; %d CL or issue numbers not checked"
          % (checked, mentions, len(problems), len(unchecked)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
