// web/write-sw.mjs: the service worker's list holds every file of the folder but sw.js and the
// .br/.gz copies of a file beside them; any changed byte gives a new version; bad input is named.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fillTemplate, writeServiceWorker } from "../write-sw.mjs";

function site() {
  const dir = mkdtempSync(join(tmpdir(), "cleanupq-write-sw-"));
  mkdirSync(join(dir, "mt"));
  for (const [path, text] of [["index.html", "<!doctype html>"], ["mt/app.js", "app"], ["mt/app.js.gz", "gz"],
                              ["mt/app.js.br", "br"], ["notes.gz", "a file of its own"], ["sw.js", "old worker"]]) {
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const listed = (dir) => JSON.parse(/^const PRECACHE = (.*);$/m.exec(readFileSync(join(dir, "sw.js"), "utf8"))[1]);

test("lists every file but sw.js and the encoded copies; the version follows the bytes", () => {
  const dir = site();
  try {
    const first = writeServiceWorker(dir, "1.2.3");
    assert.deepEqual(first.files, ["index.html", "mt/app.js", "notes.gz"]);
    assert.deepEqual(listed(dir), first.files);
    assert.match(first.version, /^1\.2\.3-[0-9a-f]{12}$/);
    assert.match(readFileSync(join(dir, "sw.js"), "utf8"), new RegExp(`^const VERSION = "${first.version}";$`, "m"));
    assert.equal(writeServiceWorker(dir, "1.2.3").version, first.version, "same files, same version");
    writeFileSync(join(dir, "mt", "app.js"), "apq");  // one byte
    assert.notEqual(writeServiceWorker(dir, "1.2.3").version, first.version);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("bad input is named: the version, a folder without index.html, a template without its lines", () => {
  const dir = site();
  try {
    assert.throws(() => writeServiceWorker(dir, "1.2.3-dev"), /project version "1\.2\.3-dev": expected numbers and dots/);
    rmSync(join(dir, "index.html"));
    assert.throws(() => writeServiceWorker(dir, "1.2.3"), /no index\.html/);
    assert.throws(() => fillTemplate("const PRECACHE = [];\n", "1-abc", []), /one line matching \^const VERSION/);
    assert.throws(() => fillTemplate("const VERSION = 1;\nconst VERSION = 2;\nconst PRECACHE = [];\n", "1-abc", []),
                  /found 2/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
