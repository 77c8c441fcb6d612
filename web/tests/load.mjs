#!/usr/bin/env node
// Load test of web/serve.mjs on 127.0.0.1: N clients (each one keep-alive connection, as a
// browser tab) download the page and a large file over and over for a set time, then stop.
//
//   node web/tests/load.mjs [--clients 200] [--duration 60] [--root DIR --large /PATH]
//
// The large file is dist/mt/cleanupq-lab.wasm when dist/ is built, otherwise a generated
// 1.2 MB .wasm (with a .gz sibling, so half the clients get the precompressed file) in a
// temporary folder. Passes (exit 0) when:
//   - no request failed (status 200, every byte of the length announced, within 30 s);
//   - the server's descriptors never exceed its count at rest + one per client + the 64 files
//     it streams at once + 16, and fall back to the count at rest once the clients leave;
//   - its resident memory, after the first quarter of the run (warm-up), grows by at most
//     32 MB for the rest of it.
// Bounded: at most 1000 clients and 3600 s; a client that cannot finish by the end + 35 s fails
// the run.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const here = fileURLToPath(new URL(".", import.meta.url));
const SERVE = join(here, "..", "serve.mjs");
const REQUEST_TIMEOUT = 30_000;
const MAX_OPEN_FILES = 64;  // web/serve.mjs streams at most this many files at once
const RSS_GROWTH = 32 << 20;

function parseArgs(argv) {
  const options = { clients: 200, duration: 60, root: null, large: null };
  const ranges = { "--clients": ["clients", 1, 1000], "--duration": ["duration", 1, 3600] };
  for (let i = 0; i < argv.length; ++i) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg in ranges) {
      const [key, min, max] = ranges[arg];
      const text = value();
      if (!/^[0-9]+$/.test(text) || Number(text) < min || Number(text) > max) {
        throw new Error(`${arg} ${JSON.stringify(text)}: expected a whole number from ${min} to ${max}`);
      }
      options[key] = Number(text);
    } else if (arg === "--root") options.root = resolve(value());
    else if (arg === "--large") options.large = value();
    else throw new Error(`unknown option ${JSON.stringify(arg)} (expected --clients, --duration, --root, --large)`);
  }
  if ((options.root === null) !== (options.large === null)) throw new Error("--root and --large go together");
  return options;
}

// The site: the one given, dist/ when built, or a generated one.
function site(options) {
  if (options.root) return { root: options.root, large: options.large, temporary: false };
  const dist = resolve(here, "..", "..", "dist");
  if (existsSync(join(dist, "index.html")) && existsSync(join(dist, "mt", "cleanupq-lab.wasm"))) {
    return { root: dist, large: "/mt/cleanupq-lab.wasm", temporary: false };
  }
  const root = mkdtempSync(join(tmpdir(), "cleanupq-load-"));
  writeFileSync(join(root, "index.html"), "<!doctype html><title>load test</title>\n" + "<p>page</p>\n".repeat(400));
  // Half random (incompressible), half text, as a wasm compresses to about a third.
  const wasm = Buffer.concat([randomBytes(600_000), Buffer.alloc(600_000, "cleanup queue ")]);
  writeFileSync(join(root, "big.wasm"), wasm);
  writeFileSync(join(root, "big.wasm.gz"), gzipSync(wasm));
  return { root, large: "/big.wasm", temporary: true };
}

// The size each path and encoding must arrive with, from the files themselves.
function expectedSizes(root, paths) {
  const sizes = {};
  for (const path of paths) {
    const file = join(root, path === "/" ? "index.html" : path.slice(1));
    sizes[`${path} identity`] = statSync(file).size;
    for (const [encoding, suffix] of [["gzip", ".gz"], ["br", ".br"]]) {
      if (existsSync(file + suffix)) sizes[`${path} ${encoding}`] = statSync(file + suffix).size;
    }
  }
  return sizes;
}

function startServer(root) {
  const child = spawn(process.execPath, [SERVE, "--root", root, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "", stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((ready, fail) => {
    child.stdout.on("data", (d) => {
      stdout += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(stdout);
      if (m) ready({ child, port: Number(m[1]), stderr: () => stderr });
    });
    child.once("exit", (code) => fail(new Error(`the server exited (${code}): ${stderr}`)));
  });
}

const fdCount = (pid) => readdirSync(`/proc/${pid}/fd`).length;
const rssBytes = (pid) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]) * 1024;

function fetchOnce(port, agent, path, acceptEncoding) {
  return new Promise((done, fail) => {
    const req = request({ host: "127.0.0.1", port, path, agent, headers: { "Accept-Encoding": acceptEncoding } }, (res) => {
      let bytes = 0;
      res.on("data", (c) => (bytes += c.length));
      res.on("end", () => done({ status: res.statusCode, bytes, length: Number(res.headers["content-length"]),
                                  encoding: res.headers["content-encoding"] ?? "identity" }));
      res.on("error", fail);
    });
    req.setTimeout(REQUEST_TIMEOUT, () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT} ms`)));
    req.on("error", fail);
    req.end();
  });
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const { root, large, temporary } = site(options);
  const paths = ["/", large];
  const sizes = expectedSizes(root, paths);
  const server = await startServer(root);
  const pid = server.child.pid;
  const rest = fdCount(pid);
  const stats = { requests: 0, failures: 0, bytes: 0, messages: [] };
  const samples = [];
  const started = Date.now();
  const stopAt = started + options.duration * 1000;
  const sampler = setInterval(() => samples.push({ t: (Date.now() - started) / 1000, rss: rssBytes(pid), fds: fdCount(pid) }), 1000);

  const fail = (message) => {
    ++stats.failures;
    if (stats.messages.length < 5) stats.messages.push(message);
  };
  async function client(index) {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const acceptEncoding = index % 2 ? "gzip, deflate, br" : "identity";
    try {
      while (Date.now() < stopAt) {
        for (const path of paths) {
          ++stats.requests;
          try {
            const r = await fetchOnce(server.port, agent, path, acceptEncoding);
            const want = sizes[`${path} ${r.encoding}`];
            if (r.status !== 200 || r.bytes !== r.length || r.bytes !== want) {
              fail(`${path} (${acceptEncoding}): status ${r.status}, ${r.bytes} bytes of ${r.length} (expected ${want}, ${r.encoding})`);
            }
            stats.bytes += r.bytes;
          } catch (e) {
            fail(`${path}: ${e.message}`);
          }
        }
      }
    } finally {
      agent.destroy();
    }
  }
  const hardStop = new Promise((_, reject) => setTimeout(() => reject(new Error("clients still running 35 s after the end")),
                                                         options.duration * 1000 + 35_000).unref());
  let problems = [];
  try {
    await Promise.race([Promise.all(Array.from({ length: options.clients }, (_, i) => client(i))), hardStop]);
  } catch (e) {
    problems.push(e.message);
  }
  clearInterval(sampler);
  const elapsed = (Date.now() - started) / 1000;

  // The clients are gone: the descriptors must come back to the count at rest.
  let after = fdCount(pid);
  for (const deadline = Date.now() + 10_000; after > rest && Date.now() < deadline; after = fdCount(pid)) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const alive = server.child.exitCode === null;
  server.child.kill();
  if (temporary) rmSync(root, { recursive: true, force: true });

  const fdBound = rest + options.clients + MAX_OPEN_FILES + 16;
  const fdMax = Math.max(...samples.map((s) => s.fds));
  const warm = samples.filter((s) => s.t >= elapsed / 4);
  const rssWarm = warm.length ? warm[0].rss : NaN;
  const rssMax = Math.max(...warm.map((s) => s.rss));
  const mb = (b) => (b / 1048576).toFixed(1);
  if (!alive) problems.push(`the server exited: ${server.stderr()}`);
  if (stats.failures) problems.push(`${stats.failures} failed requests: ${stats.messages.join("; ")}`);
  if (fdMax > fdBound) problems.push(`descriptors reached ${fdMax} (bound ${fdBound})`);
  if (after > rest) problems.push(`descriptors ${after} after the clients left (at rest: ${rest})`);
  if (!(rssMax - rssWarm <= RSS_GROWTH)) problems.push(`memory grew ${mb(rssMax - rssWarm)} MB after warm-up (bound ${mb(RSS_GROWTH)} MB)`);

  console.log(`load: ${options.clients} clients for ${elapsed.toFixed(1)} s on 127.0.0.1, ${root} (page and ${large}; half the clients accept gzip/br)`);
  console.log(`load: ${stats.requests} requests (${(stats.requests / elapsed).toFixed(0)}/s), ${stats.failures} failed, ` +
              `${mb(stats.bytes)} MB (${mb(stats.bytes / elapsed)} MB/s)`);
  console.log(`load: server descriptors: ${rest} at rest, max ${fdMax} (bound ${fdBound}), ${after} after`);
  console.log(`load: server RSS: ${mb(samples[0]?.rss ?? NaN)} MB at start, ${mb(rssWarm)} MB after warm-up, ` +
              `max ${mb(rssMax)} MB after it (growth bound ${mb(RSS_GROWTH)} MB)`);
  const every = Math.max(1, Math.floor(samples.length / 12));
  console.log("load: samples (s: RSS MB, descriptors): " +
              samples.filter((_, i) => i % every === 0).map((s) => `${s.t.toFixed(0)}: ${mb(s.rss)}, ${s.fds}`).join(" | "));
  for (const problem of problems) console.error(`load: FAIL: ${problem}`);
  process.exit(problems.length ? 1 : 0);
}

main().catch((e) => {
  console.error(`load: ${e.message}`);
  process.exit(2);
});
