#!/usr/bin/env node
// A dependency-free static server for the web build. It sends the two headers that make the page
// cross-origin isolated (so the threaded build can use SharedArrayBuffer) and the right MIME
// types (application/wasm lets the browser compile while downloading).
//
//   node web/serve.mjs [--root dist] [--port 8080] [--host 127.0.0.1] [--no-isolation]
//
// --no-isolation leaves the headers out, as a plain static host would: the page then runs the
// single-threaded build. Bound to 127.0.0.1 unless --host says otherwise.
import { createServer } from "node:http";
import { createReadStream, statSync } from "node:fs";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".data": "application/octet-stream",
  ".json": "application/json; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".toml": "text/plain; charset=utf-8",
};

function parseArgs(argv) {
  const here = fileURLToPath(new URL(".", import.meta.url));
  const options = { root: resolve(here, "..", "dist"), port: 8080, host: "127.0.0.1", isolation: true };
  for (let i = 0; i < argv.length; ++i) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === "--root") options.root = resolve(value());
    else if (arg === "--port") {
      const text = value();
      options.port = Number(text);
      if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
        throw new Error(`--port ${text}: expected 0..65535 (0 = any free port)`);
      }
    } else if (arg === "--host") options.host = value();
    else if (arg === "--no-isolation") options.isolation = false;
    else if (arg === "--help" || arg === "-h") {
      console.log("usage: node web/serve.mjs [--root DIR] [--port N] [--host ADDR] [--no-isolation]");
      process.exit(0);
    } else throw new Error(`unknown option ${arg} (see --help)`);
  }
  return options;
}

export function startServer({ root, port = 0, host = "127.0.0.1", isolation = true }) {
  const base = resolve(root);
  const server = createServer((req, res) => {
    const headers = { "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff" };
    if (isolation) {
      headers["Cross-Origin-Opener-Policy"] = "same-origin";
      headers["Cross-Origin-Embedder-Policy"] = "require-corp";
      headers["Cross-Origin-Resource-Policy"] = "same-origin";
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { ...headers, Allow: "GET, HEAD" }).end();
      return;
    }
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      res.writeHead(400, headers).end("bad request");
      return;
    }
    let file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) {  // no escaping the root with ../
      res.writeHead(403, headers).end("forbidden");
      return;
    }
    let stat;
    try {
      stat = statSync(file);
      if (stat.isDirectory()) {
        file = join(file, "index.html");
        stat = statSync(file);
      }
    } catch {
      res.writeHead(404, { ...headers, "Content-Type": "text/plain; charset=utf-8" }).end("not found");
      return;
    }
    res.writeHead(200, {
      ...headers,
      "Content-Type": MIME[extname(file).toLowerCase()] || "application/octet-stream",
      "Content-Length": stat.size,
    });
    if (req.method === "HEAD") {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  });
  return new Promise((resolveStart, rejectStart) => {
    server.once("error", rejectStart);
    server.listen(port, host, () => resolveStart(server));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
    statSync(join(options.root, "index.html"));
  } catch (e) {
    const message = e.code === "ENOENT" ? `no index.html in ${options.root} (build it: scripts/build-web.sh)` : e.message;
    console.error(`serve: ${message}`);
    process.exit(2);
  }
  startServer(options).then((server) => {
    const { port } = server.address();
    console.log(`serve: http://${options.host}:${port}/ (${options.root}, ` +
                `${options.isolation ? "cross-origin isolated: threaded build" : "no isolation headers: single-threaded build"})`);
  }, (e) => {
    console.error(`serve: cannot listen on ${options.host}:${options.port}: ${e.message}`);
    process.exit(1);
  });
}
