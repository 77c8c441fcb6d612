#!/usr/bin/env node
// A dependency-free static server for the web build, made to be left running for a classroom.
// It sends the headers that make the page cross-origin isolated (so the threaded build can use
// SharedArrayBuffer) on every response, errors included, and the right MIME types
// (application/wasm lets the browser compile while downloading).
//
//   node web/serve.mjs [--root dist] [--port 8080] [--host 127.0.0.1] [--no-isolation]
//                      [--max-connections 1000] [--timeout 20] [--max-time 600]
//
// --no-isolation leaves the isolation headers out, as a plain static host would: the page then
// runs the single-threaded build. Bound to 127.0.0.1 unless --host says otherwise.
//
// What it guarantees (web/tests/serve.test.mjs drives each fault):
// - no fault of a file, a request or a client stops it: a file that cannot be opened gets a clean
//   HTTP status (403, 404, 503 when out of descriptors), an error after the headers went out
//   closes that connection; a failed accept() is logged;
// - no descriptor outlives its request (stream.pipeline closes the file when a client goes away);
// - nothing outside the root: paths with `..` are refused, symlinks are resolved and the real
//   path must be inside the real root (checked again on the opened descriptor);
// - only regular files are opened (a FIFO, socket or device is refused without opening it);
//   a folder serves its index.html;
// - time limits: request headers within --timeout seconds, no response stalls longer than that,
//   none lasts longer than --max-time; at most --max-connections connections and a bounded
//   number of files streaming at once (the rest wait their turn);
// - Content-Type, Content-Length, ETag / Last-Modified with 304, HEAD, 405 for other methods;
// - FILE.br / FILE.gz beside FILE (not older than it) are sent, with Content-Encoding and
//   Vary, to a client whose Accept-Encoding allows them, and never to one that does not.
import { createServer, STATUS_CODES } from "node:http";
import { constants as fsConstants, promises as fsp, realpathSync, statSync } from "node:fs";
import { Transform, pipeline } from "node:stream";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const MIME = {
  ".html": "text/html; charset=utf-8",
  ".htm": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".data": "application/octet-stream",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".otf": "font/otf",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  // Lessons are TOML; text/plain lets a browser show one instead of downloading it.
  ".toml": "text/plain; charset=utf-8",
  ".gz": "application/gzip",
  ".pdf": "application/pdf",
};

// Every limit a flag can set: its default and the range allowed.
export const LIMITS = {
  port: { flag: "--port", min: 0, max: 65535, fallback: 8080, note: "0 picks a free port" },
  maxConnections: { flag: "--max-connections", min: 1, max: 100000, fallback: 1000, note: "open connections" },
  timeout: { flag: "--timeout", min: 1, max: 3600, fallback: 20, note: "seconds" },
  maxTime: { flag: "--max-time", min: 1, max: 86400, fallback: 600, note: "seconds" },
};
// Files streaming at once; the requests beyond wait (each waiting request holds no descriptor).
const MAX_OPEN_FILES = 64;
const ENCODINGS = [{ name: "br", suffix: ".br" }, { name: "gzip", suffix: ".gz" }];

class UsageError extends Error {}

function integerFlag(key, text) {
  const { flag, min, max, note } = LIMITS[key];
  const value = Number(text);
  if (!/^[0-9]+$/.test(text) || value < min || value > max) {
    throw new UsageError(`${flag} ${JSON.stringify(text)}: expected a whole number from ${min} to ${max} (${note})`);
  }
  return value;
}

export function parseArgs(argv) {
  const here = fileURLToPath(new URL(".", import.meta.url));
  const options = { root: resolve(here, "..", "dist"), host: "127.0.0.1", isolation: true };
  for (const [key, { fallback }] of Object.entries(LIMITS)) options[key] = fallback;
  const keys = Object.fromEntries(Object.entries(LIMITS).map(([key, { flag }]) => [flag, key]));
  for (let i = 0; i < argv.length; ++i) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new UsageError(`${arg} needs a value (see --help)`);
      return argv[++i];
    };
    if (arg === "--root") options.root = resolve(value());
    else if (arg in keys) options[keys[arg]] = integerFlag(keys[arg], value());
    else if (arg === "--host") {
      options.host = value();
      if (!/^[0-9A-Za-z.:_%-]+$/.test(options.host)) {
        throw new UsageError(`--host ${JSON.stringify(options.host)}: expected an address or host name such as 127.0.0.1, ::1 or 0.0.0.0`);
      }
    } else if (arg === "--no-isolation") options.isolation = false;
    else if (arg === "--help" || arg === "-h") {
      options.help = true;
    } else throw new UsageError(`unknown option ${JSON.stringify(arg)} (expected --root, --port, --host, --no-isolation, --max-connections, --timeout, --max-time or --help)`);
  }
  let stat;
  try {
    stat = statSync(options.root);
  } catch (e) {
    throw new UsageError(`--root ${options.root}: ${e.code === "ENOENT" ? "does not exist" : e.message} (expected the folder with index.html; build it: scripts/build-web.sh)`);
  }
  if (!stat.isDirectory()) throw new UsageError(`--root ${options.root}: not a folder (expected the folder with index.html)`);
  try {
    if (!statSync(join(options.root, "index.html")).isFile()) throw new Error();
  } catch {
    throw new UsageError(`--root ${options.root}: no index.html in it (build it: scripts/build-web.sh)`);
  }
  return options;
}

// At most `limit` holders at once; up to `queueLimit` wait in order, the rest are refused.
class Slots {
  constructor(limit, queueLimit) {
    Object.assign(this, { limit, queueLimit, active: 0, waiting: [] });
  }
  acquire() {
    if (this.active < this.limit) {
      ++this.active;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.queueLimit) return Promise.reject(Object.assign(new Error("queue full"), { code: "EBUSY" }));
    return new Promise((grant) => this.waiting.push(grant));
  }
  release() {
    const next = this.waiting.shift();
    if (next) next();  // the slot passes on: active stays the same
    else --this.active;
  }
}

// Which content codings a client takes, from its Accept-Encoding: a name with q=0 is refused, a
// name not listed is refused unless `*` allows it (RFC 9110, 12.5.3). Ordered by preference.
export function acceptedEncodings(header) {
  const quality = new Map();
  for (const part of String(header ?? "").toLowerCase().split(",")) {
    const [name, ...params] = part.split(";").map((s) => s.trim());
    if (!name) continue;
    let q = 1;
    for (const param of params) {
      const m = /^q\s*=\s*([0-9.]+)$/.exec(param);
      if (m) q = Number(m[1]);
    }
    quality.set(name === "x-gzip" ? "gzip" : name, Number.isFinite(q) ? q : 0);
  }
  const of = (name) => quality.get(name) ?? quality.get("*") ?? 0;
  return ENCODINGS.map(({ name }) => name).filter((name) => of(name) > 0)
      .sort((a, b) => of(b) - of(a));
}

// The bytes of a file as they go out: exactly `size` of them, or the response fails (a file
// truncated while being sent would otherwise leave the client waiting for the rest).
function exactly(size) {
  let seen = 0;
  return new Transform({
    transform(chunk, _, done) {
      seen += chunk.length;
      done(null, chunk);
    },
    flush(done) {
      done(seen === size ? null : new Error(`file changed while being sent (${seen} of ${size} bytes)`));
    },
  });
}

// At most `burst` log lines every 10 s, then a count of the ones left out: a fault repeated by
// every request (out of descriptors) must not fill the teacher's terminal or disk.
function rateLimited(write, burst = 10) {
  let windowStart = 0, shown = 0, dropped = 0;
  return (message) => {
    const now = Date.now();
    if (now - windowStart > 10_000) {
      if (dropped) write(`serve: (${dropped} more messages not shown)`);
      windowStart = now;
      shown = dropped = 0;
    }
    if (shown++ < burst) write(`serve: ${message}`);
    else ++dropped;
  };
}

// What a failed file system call means for the client.
function statusOf(error) {
  switch (error?.code) {
    case "ENOENT": case "ENOTDIR": case "ELOOP": case "ENAMETOOLONG": return [404, "not found"];
    case "EACCES": case "EPERM": return [403, "the server may not read this file"];
    case "EISDIR": return [403, "not a regular file"];
    case "EMFILE": case "ENFILE": case "EAGAIN": case "EBUSY": return [503, "the server is busy; try again"];
    default: return [500, "internal error"];
  }
}

class Refusal extends Error {
  constructor(status, message, headers = {}) {
    super(message);
    Object.assign(this, { status, headers });
  }
}

export function startServer(options) {
  const settings = { port: 0, host: "127.0.0.1", isolation: true, log: () => {}, maxOpenFiles: MAX_OPEN_FILES };
  for (const [key, { fallback }] of Object.entries(LIMITS)) settings[key] = fallback;
  Object.assign(settings, Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)));
  const { isolation, timeout, maxTime, maxConnections } = settings;
  const log = rateLimited(settings.log);
  const root = realpathSync(resolve(settings.root));
  const rootPrefix = root.endsWith(sep) ? root : root + sep;
  const inside = (path) => path === root || path.startsWith(rootPrefix);
  const common = { "X-Content-Type-Options": "nosniff" };
  if (isolation) {
    common["Cross-Origin-Opener-Policy"] = "same-origin";
    common["Cross-Origin-Embedder-Policy"] = "require-corp";
    common["Cross-Origin-Resource-Policy"] = "same-origin";
  }
  const files = new Slots(settings.maxOpenFiles, maxConnections);
  // A connection with no progress (request or response) for `timeout` seconds is destroyed.
  // The margin lets slow headers get their 408 from the header limit, checked every `checkEvery`.
  const checkEvery = Math.min(1000, timeout * 250);
  const idleLimit = timeout * 1000 + 2 * checkEvery;

  function sendError(res, status, message, extra = {}) {
    if (res.headersSent) {  // too late for a status: the client sees the connection close
      res.destroy();
      return;
    }
    if (res.destroyed || res.writableEnded) return;
    const body = `${status} ${STATUS_CODES[status]}: ${message}\n`;
    if (status >= 500) extra = { "Retry-After": "1", Connection: "close", ...extra };
    try {
      res.writeHead(status, { ...common, "Content-Type": "text/plain; charset=utf-8",
                              "Content-Length": Buffer.byteLength(body), "Cache-Control": "no-store", ...extra });
      res.end(body);
    } catch {  // a header Node refuses (a Location made from the request): no status, then
      res.destroy();
    }
  }

  // The real path of `path` and its stat, which must be inside the root.
  async function realFile(path) {
    const real = await fsp.realpath(path);
    if (!inside(real)) throw new Refusal(403, "outside the served folder");
    return { real, stat: await fsp.stat(real) };
  }

  // The file a URL names: { real, stat } of a regular file inside the root.
  async function locate(url) {
    const query = url.includes("?") ? url.slice(url.indexOf("?")) : "";
    let path;
    try {
      path = decodeURIComponent(new URL(url, "http://localhost").pathname);
    } catch {
      throw new Refusal(400, "the path is not valid percent-encoding");
    }
    if (path.includes("\0")) throw new Refusal(400, "the path contains a NUL byte");
    const parts = path.split("/");
    if (parts.includes("..")) throw new Refusal(403, "'..' is not allowed in a path");
    const wanted = join(root, ...parts);
    if (!inside(wanted)) throw new Refusal(403, "outside the served folder");
    let { real, stat } = await realFile(wanted);
    if (stat.isDirectory()) {
      if (!path.endsWith("/")) {  // so that the page's relative links resolve inside the folder
        const location = "/" + parts.filter(Boolean).map(encodeURIComponent).join("/") + "/" + query;
        throw new Refusal(301, "moved", { Location: location });
      }
      try {
        ({ real, stat } = await realFile(join(real, "index.html")));
      } catch (e) {
        if (e.code === "ENOENT") throw new Refusal(404, "no index.html in this folder");
        throw e;
      }
    }
    if (!stat.isFile()) throw new Refusal(403, "not a regular file");
    return { real, stat };
  }

  // FILE.br or FILE.gz when the client takes it, exists, is a regular file inside the root and
  // is not older than FILE (a stale one would not match the rest of a rebuilt page). Compared in
  // whole seconds: copies (tar, cp -p) may keep modification times no finer than that.
  const seconds = (stat) => Math.floor(stat.mtimeMs / 1000);
  async function variants(real, stat) {
    const found = [];
    for (const { name, suffix } of ENCODINGS) {
      try {
        const sibling = await realFile(real + suffix);
        if (sibling.stat.isFile() && seconds(sibling.stat) >= seconds(stat)) found.push({ encoding: name, ...sibling });
      } catch {
        // Missing, outside the root or unreadable: the file itself is sent instead.
      }
    }
    return found;
  }

  function notModified(req, etag, mtime) {
    const ifNoneMatch = req.headers["if-none-match"];
    if (ifNoneMatch !== undefined) {  // takes precedence over If-Modified-Since (RFC 9110, 13.2.2)
      return ifNoneMatch.split(",").map((tag) => tag.trim().replace(/^W\//, "")).some((tag) => tag === "*" || tag === etag);
    }
    const since = Date.parse(req.headers["if-modified-since"] ?? "");
    return Number.isFinite(since) && Math.floor(mtime.getTime() / 1000) * 1000 <= since;
  }

  async function serve(req, res) {
    if (req.method !== "GET" && req.method !== "HEAD") {
      throw new Refusal(405, `${req.method} is not allowed (only GET and HEAD)`, { Allow: "GET, HEAD" });
    }
    const { real, stat } = await locate(req.url);
    const found = await variants(real, stat);
    const accepted = acceptedEncodings(req.headers["accept-encoding"]);
    const chosen = accepted.map((name) => found.find((v) => v.encoding === name)).find(Boolean) ?? { real, stat };
    const type = MIME[extname(real).toLowerCase()] ?? "application/octet-stream";
    const { size, mtime } = chosen.stat;
    const etag = `"${size.toString(36)}-${Math.floor(chosen.stat.mtimeMs).toString(36)}${chosen.encoding ? "-" + chosen.encoding : ""}"`;
    const headers = {
      ...common,
      ETag: etag,
      "Last-Modified": mtime.toUTCString(),
      // File names carry no content hash, so every use revalidates (the .js and .wasm of a
      // rebuild must arrive together); a 304 makes that a round trip, not a download.
      "Cache-Control": type.startsWith("text/html") ? "no-cache" : "public, max-age=0, must-revalidate",
    };
    if (found.length) headers.Vary = "Accept-Encoding";
    if (notModified(req, etag, mtime)) {
      res.writeHead(304, headers).end();
      return;
    }
    Object.assign(headers, { "Content-Type": type, "Content-Length": size });
    if (chosen.encoding) headers["Content-Encoding"] = chosen.encoding;
    if (req.method === "HEAD" || size === 0) {
      res.writeHead(200, headers).end();
      return;
    }
    // Waiting for a turn is not a stall (only --max-time bounds it): no idle limit meanwhile.
    req.socket?.setTimeout(0);
    await files.acquire();
    req.socket?.setTimeout(idleLimit);
    if (res.destroyed) {  // the client left while waiting for a slot
      files.release();
      return;
    }
    let handle;
    try {
      // O_NONBLOCK: should the file have become a FIFO since the stat, opening it cannot block.
      // O_NOFOLLOW: nor can it have become a symlink. The descriptor is checked, not the name.
      handle = await fsp.open(chosen.real, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK | fsConstants.O_NOFOLLOW);
      const opened = await handle.stat();
      if (!opened.isFile() || opened.ino !== chosen.stat.ino || opened.dev !== chosen.stat.dev) {
        throw new Refusal(503, "the file changed while being opened; try again");
      }
      const where = await fsp.readlink(`/proc/self/fd/${handle.fd}`).catch(() => null);  // Linux
      if (where !== null && !inside(where)) throw new Refusal(403, "outside the served folder");
    } catch (e) {
      files.release();
      await handle?.close().catch(() => {});
      throw e;
    }
    res.writeHead(200, headers);
    // The stream owns the descriptor (autoClose): pipeline destroys it when the client goes away
    // or the response fails, which closes the file.
    const stream = handle.createReadStream({ start: 0, end: size - 1 });
    pipeline(stream, exactly(size), res, (error) => {
      files.release();
      if (error && !res.destroyed) {
        if (error.code !== "ERR_STREAM_PREMATURE_CLOSE") log(`${req.url}: ${error.message}`);
        res.destroy();
      }
    });
  }

  const server = createServer({
    headersTimeout: timeout * 1000,
    requestTimeout: timeout * 1000,
    connectionsCheckingInterval: checkEvery,
    keepAliveTimeout: 5000,
  }, (req, res) => {
    req.on("error", () => res.destroy());
    res.on("error", () => {});  // the pipeline or sendError has already dealt with it
    const deadline = setTimeout(() => sendError(res, 503, `no answer within ${maxTime} s`), maxTime * 1000);
    res.once("close", () => clearTimeout(deadline));
    serve(req, res).catch((error) => {
      if (error instanceof Refusal) {
        sendError(res, error.status, error.message, error.headers);
        return;
      }
      const [status, message] = statusOf(error);
      if (status >= 500) log(`${req.method} ${req.url}: ${error.code ?? ""} ${error.message}`);
      sendError(res, status, message);
    }).catch(() => res.destroy());  // nothing a request does may become an unhandled rejection
  });
  // There is no 'timeout' listener: Node destroys an idle socket itself.
  server.timeout = idleLimit;
  server.maxConnections = maxConnections;
  // Malformed requests and slow headers: a status with the isolation headers, then close.
  server.on("clientError", (error, socket) => {
    if (!socket.writable || socket.bytesWritten > 0 || error.code === "ECONNRESET") {
      socket.destroy();
      return;
    }
    const status = { ERR_HTTP_REQUEST_TIMEOUT: 408, HPE_HEADER_OVERFLOW: 431 }[error.code] ?? 400;
    const body = `${status} ${STATUS_CODES[status]}\n`;
    const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status]}`, ...Object.entries(common).map(([k, v]) => `${k}: ${v}`),
                   "Content-Type: text/plain; charset=utf-8", `Content-Length: ${body.length}`, "Connection: close"];
    socket.end(lines.join("\r\n") + "\r\n\r\n" + body, () => socket.destroy());
  });
  return new Promise((resolveStart, rejectStart) => {
    server.once("error", rejectStart);
    server.listen(settings.port, settings.host, () => {
      server.off("error", rejectStart);
      // accept() fails when the process is out of descriptors (EMFILE): libuv drops that
      // connection and Node reports it here. The server goes on.
      server.on("error", (error) => log(`${error.syscall ?? "server"}: ${error.code ?? error.message}`));
      resolveStart(server);
    });
  });
}

const USAGE = `usage: node web/serve.mjs [--root DIR] [--port N] [--host ADDR] [--no-isolation]
                          [--max-connections N] [--timeout S] [--max-time S]
  --root DIR            the folder to serve, with index.html (default: dist/ beside web/)
  --port N              0 to 65535, 0 picks a free port (default 8080)
  --host ADDR           address to listen on (default 127.0.0.1: this machine only)
  --no-isolation        leave out COOP/COEP/CORP (the page then runs its single-threaded build)
  --max-connections N   open connections at once, 1 to 100000 (default 1000)
  --timeout S           seconds a request may take to send its headers, and a response may
                        stall, 1 to 3600 (default 20)
  --max-time S          seconds any response may take in all, 1 to 86400 (default 600)`;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // A closed terminal must not stop the server through a failed log write.
  process.stdout.on("error", () => {});
  process.stderr.on("error", () => {});
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`serve: ${e.message}`);
    process.exit(2);
  }
  if (options.help) {
    console.log(USAGE);
    process.exit(0);
  }
  startServer({ ...options, log: (line) => console.error(line) }).then((server) => {
    const { port } = server.address();
    console.log(`serve: http://${options.host.includes(":") ? `[${options.host}]` : options.host}:${port}/ (${options.root}, ` +
                `${options.isolation ? "cross-origin isolated: threaded build" : "no isolation headers: single-threaded build"})`);
    const stop = () => server.close(() => process.exit(0)).closeAllConnections();
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  }, (e) => {
    if (e.code === "EADDRINUSE") console.error(`serve: --port ${options.port}: already in use (pick another, or 0 for a free one)`);
    else console.error(`serve: --host ${options.host} --port ${options.port}: cannot listen there (${e.code ?? e.message}); expected an address of this machine such as 127.0.0.1, ::1 or 0.0.0.0`);
    process.exit(e.code === "EADDRINUSE" ? 1 : 2);
  });
}
