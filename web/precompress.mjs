#!/usr/bin/env node
// Writes FILE.gz and FILE.br beside each .wasm, .data, .js and .html under the folders given,
// for web/serve.mjs (and hosts such as nginx's gzip_static) to send to browsers that accept
// them. Each keeps its original's modification time: the server sends a sibling only when it
// is not older than its file, so one left over from an earlier build is never sent. A sibling
// that would not be smaller is not written (and an old one is removed).
//
//   node web/precompress.mjs DIR...      (scripts/build-web.sh runs it on dist/)
import { readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { extname, join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const EXTENSIONS = new Set([".wasm", ".data", ".js", ".html"]);
// Brotli quality 9 and gzip level 9: within a few percent of the maximum in a fraction of the time.
const CODINGS = [
  [".br", (data) => brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 9,
                                                         [constants.BROTLI_PARAM_SIZE_HINT]: data.length } })],
  [".gz", (data) => gzipSync(data, { level: 9 })],
];

export function precompress(dir, report = () => {}) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) precompress(path, report);
    if (!entry.isFile() || !EXTENSIONS.has(extname(entry.name))) continue;
    const data = readFileSync(path);
    const { atime, mtime } = statSync(path);
    const sizes = [];
    for (const [suffix, compress] of CODINGS) {
      const packed = compress(data);
      if (packed.length >= data.length) {
        rmSync(path + suffix, { force: true });
        continue;
      }
      writeFileSync(path + suffix, packed);
      utimesSync(path + suffix, atime, mtime);
      sizes.push(`${suffix} ${packed.length}`);
    }
    report(`${path}: ${data.length} bytes${sizes.length ? ", " + sizes.join(", ") : " (not compressible)"}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dirs = process.argv.slice(2);
  if (!dirs.length) {
    console.error("usage: node web/precompress.mjs DIR...");
    process.exit(2);
  }
  for (const dir of dirs) {
    let stat;
    try {
      stat = statSync(dir);
    } catch {
      stat = null;
    }
    if (!stat?.isDirectory()) {
      console.error(`precompress: ${dir}: not a folder (expected the folder to compress, e.g. dist)`);
      process.exit(2);
    }
    try {
      precompress(dir, (line) => console.log(`precompress: ${line}`));
    } catch (e) {
      console.error(`precompress: ${e.message}`);
      process.exit(1);
    }
  }
}
