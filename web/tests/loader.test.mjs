// The page's loader (web/index.html) against a wasm served compressed and plain, in Debian's
// Chromium through web/serve.mjs. No wasm build is needed: a stand-in for the emscripten runtime
// (cleanupq-lab.js) asks the loader for the wasm as the real one does, and the wasm is a valid
// module padded with a 3 MB custom section.
//
//   node --test web/tests/loader.test.mjs      (needs chromium and web/node_modules)
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { launchChromium } from "./chromium.mjs";
import { startServer } from "../serve.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const PAD = 3 << 20;

// "\0asm", version 1, then one custom section (id 0) named "pad".
function paddedWasm() {
  const name = Buffer.from("pad");
  const payload = Buffer.concat([Buffer.from([name.length]), name, Buffer.alloc(PAD, "cleanup queue ")]);
  const leb = [];
  for (let n = payload.length; ; n >>>= 7) {
    if (n < 0x80) { leb.push(n); break; }
    leb.push((n & 0x7f) | 0x80);
  }
  return Buffer.concat([Buffer.from("\0asm\x01\0\0\0", "latin1"), Buffer.from([0, ...leb]), payload]);
}

// The stand-in runtime: the loader's instantiateWasm, then what the app would report.
const RUNTIME = `Module.instantiateWasm({}, (instance, module) => {
  window.cqLoaded = { pad: WebAssembly.Module.customSections(module, "pad")[0].byteLength };
  Module.onRuntimeInitialized();
});
`;

let top, browser;
const servers = {};

before(async () => {
  top = mkdtempSync(join(tmpdir(), "cleanupq-loader-test-"));
  const wasm = paddedWasm();
  for (const [name, compressed] of [["compressed", true], ["plain", false]]) {
    const site = join(top, name);
    mkdirSync(join(site, "mt"), { recursive: true });
    copyFileSync(join(here, "..", "index.html"), join(site, "index.html"));
    writeFileSync(join(site, "mt", "cleanupq-lab.js"), RUNTIME);
    writeFileSync(join(site, "mt", "cleanupq-lab.wasm"), wasm);
    if (compressed) {
      writeFileSync(join(site, "mt", "cleanupq-lab.wasm.gz"), gzipSync(wasm));
      writeFileSync(join(site, "mt", "cleanupq-lab.wasm.br"), brotliCompressSync(wasm));
    }
    servers[name] = await startServer({ root: site, port: 0, isolation: true });
  }
  browser = await launchChromium(["--enable-unsafe-swiftshader"]);
});

after(async () => {
  await browser?.close();
  for (const server of Object.values(servers)) server.close();
  if (top) rmSync(top, { recursive: true, force: true });
});

async function load(server) {
  const page = await browser.newPage();
  const encodings = [];
  page.on("response", (r) => r.url().endsWith(".wasm") && encodings.push(r.headers()["content-encoding"] ?? "identity"));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => window.cqLoaded || document.querySelector(".message.fatal"), null, { timeout: 30_000 });
  const result = await page.evaluate(() => ({
    loaded: window.cqLoaded,
    fatal: document.querySelector(".message.fatal")?.textContent,
    status: document.getElementById("status").textContent,
    unknown: document.getElementById("progress").classList.contains("unknown"),
  }));
  await page.close();
  return { ...result, encodings };
}

test("a wasm sent with Content-Encoding loads; progress shows bytes without a total", async () => {
  const r = await load(servers.compressed);
  assert.deepEqual(r.encodings, ["br"]);
  assert.equal(r.fatal, undefined);
  assert.equal(r.loaded?.pad, PAD);
  assert.match(r.status, /^Downloading [0-9.]+ MB/);
  assert.ok(r.unknown, "the bar should sweep, not claim a fraction");
});

test("a wasm sent plain loads; progress shows bytes of the total", async () => {
  const r = await load(servers.plain);
  assert.deepEqual(r.encodings, ["identity"]);
  assert.equal(r.fatal, undefined);
  assert.equal(r.loaded?.pad, PAD);
  assert.match(r.status, /^Downloading [0-9.]+ of [0-9.]+ MB/);
  assert.ok(!r.unknown);
});
