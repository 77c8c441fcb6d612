// web/precompress.mjs: the siblings decode to their file, keep its modification time (so
// web/serve.mjs sends them), and are left out where compression would not help.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { precompress } from "../precompress.mjs";

test("siblings decode to the file, keep its time, only where smaller, only for page files", () => {
  const dir = mkdtempSync(join(tmpdir(), "cleanupq-precompress-"));
  try {
    mkdirSync(join(dir, "mt"));
    const wasm = Buffer.concat([Buffer.from("\0asm\x01\0\0\0"), Buffer.alloc(100_000, "cleanup ")]);
    writeFileSync(join(dir, "mt", "app.wasm"), wasm);
    writeFileSync(join(dir, "noise.data"), randomBytes(50_000));
    writeFileSync(join(dir, "noise.data.gz"), "left over from an earlier build");
    writeFileSync(join(dir, "notes.txt"), "text ".repeat(1000));
    const lines = [];
    precompress(dir, (line) => lines.push(line));
    const file = join(dir, "mt", "app.wasm");
    assert.deepEqual(gunzipSync(readFileSync(file + ".gz")), wasm);
    assert.deepEqual(brotliDecompressSync(readFileSync(file + ".br")), wasm);
    for (const suffix of [".gz", ".br"]) {
      assert.equal(Math.floor(statSync(file + suffix).mtimeMs / 1000), Math.floor(statSync(file).mtimeMs / 1000));
      assert.ok(statSync(file + suffix).size < wasm.length / 10);
    }
    assert.ok(!existsSync(join(dir, "noise.data.gz")), "random bytes do not compress: no (and no stale) sibling");
    assert.ok(!existsSync(join(dir, "noise.data.br")));
    assert.ok(!existsSync(join(dir, "notes.txt.gz")), ".txt is not part of the page");
    assert.equal(lines.length, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
