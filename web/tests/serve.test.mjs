// Faults against web/serve.mjs, each followed by proof that the server still answers. The server
// runs as a child process (as a teacher runs it), on 127.0.0.1 with port 0, over a folder made
// here: so a crash is seen as the child exiting, and its descriptors are counted in /proc.
//
//   node --test web/tests/serve.test.mjs
//   CQ_SERVE=/path/to/other/serve.mjs node --test web/tests/serve.test.mjs   (test another server)
//
// Needs Linux (/proc, mkfifo, prlimit; setpriv when run as root). No wasm build.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chmodSync, closeSync, constants as fsConstants, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync,
  statSync, symlinkSync, truncateSync, utimesSync, writeFileSync,
} from "node:fs";
import { request } from "node:http";
import { connect, createServer as createUnixServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, gzipSync } from "node:zlib";

const here = fileURLToPath(new URL(".", import.meta.url));
const SERVE = resolve(process.env.CQ_SERVE ?? join(here, "..", "serve.mjs"));
const INDEX = "<!doctype html><title>test page</title>\n";
const SECRET = "secret outside the root";
const ISOLATION = {
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-embedder-policy": "require-corp",
  "cross-origin-resource-policy": "same-origin",
};
const BIG = 64 << 20;  // larger than every socket buffer between server and client

let top, root, unixSocket;
const bodies = {};

before(() => {
  top = mkdtempSync(join(tmpdir(), "cleanupq-serve-test-"));
  root = join(top, "root");
  mkdirSync(root);
  writeFileSync(join(top, "secret.txt"), SECRET);
  mkdirSync(join(top, "outside"));
  writeFileSync(join(top, "outside", "secret2.txt"), SECRET);
  const put = (name, data) => {
    writeFileSync(join(root, name), data);
    bodies[name] = Buffer.from(data);
  };
  put("index.html", INDEX);
  for (const ext of ["js", "mjs", "json", "svg", "png", "webmanifest", "data", "toml", "css", "ico", "txt", "html"]) {
    put(`a.${ext}`, randomBytes(1000 + ext.length));
  }
  // A wasm with both precompressed siblings, one with none, and one whose .gz is stale.
  const wasm = Buffer.concat([Buffer.from("\0asm\x01\0\0\0"), Buffer.alloc(200_000, "cleanup ")]);
  put("app.wasm", wasm);
  put("app.wasm.gz", gzipSync(wasm));
  put("app.wasm.br", brotliCompressSync(wasm));
  put("plain.wasm", wasm);
  put("stale.js", "console.log('new');\n".repeat(100));
  put("stale.js.gz", gzipSync("console.log('old');\n"));
  utimesSync(join(root, "stale.js.gz"), new Date(2000, 0, 1), new Date(2000, 0, 1));
  writeFileSync(join(root, "big.bin"), "");
  truncateSync(join(root, "big.bin"), BIG);  // sparse: quick to make, read at full speed
  mkdirSync(join(root, "sub"));
  put("sub/index.html", "<p>sub</p>\n");
  mkdirSync(join(root, "empty"));
  mkdirSync(join(root, "box", "index.html"), { recursive: true });  // a folder whose index is a folder
  mkdirSync(join(root, "dir.wasm"));
  symlinkSync("../secret.txt", join(root, "leak.txt"));
  symlinkSync(join(top, "outside"), join(root, "leakdir"));
  symlinkSync("a.js", join(root, "inlink.js"));
  symlinkSync("no-such-file.js", join(root, "dangling.js"));
  execFileSync("mkfifo", [join(root, "pipe.js")]);
  put("locked.js", "locked\n");
  chmodSync(join(root, "locked.js"), 0);
  unixSocket = createUnixServer().listen(join(root, "sock.js"));
});

after(() => {
  unixSocket?.close();
  if (top) rmSync(top, { recursive: true, force: true });
});

// The server as a child process; `prefix` runs it under prlimit or setpriv, which exec the
// command in place (so the child's pid is the server's).
async function launch(args = [], prefix = []) {
  const command = [...prefix, process.execPath, SERVE, "--root", root, "--port", "0", ...args];
  const child = spawn(command[0], command.slice(1), { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "", stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const port = await new Promise((ready, fail) => {
    child.stdout.on("data", (d) => {
      stdout += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(stdout);
      if (m) ready(Number(m[1]));
    });
    child.once("exit", (code) => fail(new Error(`the server exited (${code}) before listening: ${stderr}`)));
  });
  const server = {
    port, child,
    pid: child.pid,
    rest: fdCount(child.pid),  // descriptors with no connection: what every fault must return to
    stderr: () => stderr,
    stop: () => child.exitCode === null && child.signalCode === null && child.kill(),
  };
  return server;
}

// Waits until the server holds no more descriptors than when it started (the connections of
// earlier requests closed) and returns that count.
const atRest = (server) => waitFor(() => fdCount(server.pid) <= server.rest && server.rest, 5000,
                                   `the server back to its ${server.rest} descriptors`);

const fdCount = (pid) => readdirSync(`/proc/${pid}/fd`).length;

// Polls `condition` (no fixed sleep decides anything) until it holds or `ms` pass.
async function waitFor(condition, ms, what) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// One request on its own connection; rejects when no full answer comes within `timeout` ms.
function get(server, path, { method = "GET", headers = {}, timeout = 5000 } = {}) {
  return new Promise((done, fail) => {
    const req = request({ host: "127.0.0.1", port: server.port, path, method, agent: false,
                          headers: { Connection: "close", ...headers } }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => done({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", fail);
    });
    req.setTimeout(timeout, () => req.destroy(new Error(`${method} ${path}: no answer within ${timeout} ms`)));
    req.on("error", fail);
    req.end();
  });
}

// A request written as bytes (for paths and requests an HTTP client would clean up).
function raw(server, text, timeout = 5000) {
  return new Promise((done, fail) => {
    const socket = connect(server.port, "127.0.0.1");
    const chunks = [];
    socket.setTimeout(timeout, () => socket.destroy(new Error(`${JSON.stringify(text)}: no answer within ${timeout} ms`)));
    socket.on("data", (c) => chunks.push(c));
    socket.on("error", fail);
    socket.on("close", () => {
      const answer = Buffer.concat(chunks).toString("latin1");
      const [head, ...body] = answer.split("\r\n\r\n");
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
      const headers = Object.fromEntries(head.split("\r\n").slice(1).map((line) => {
        const at = line.indexOf(":");
        return [line.slice(0, at).toLowerCase(), line.slice(at + 1).trim()];
      }));
      done({ status, headers, body: body.join("\r\n\r\n"), text: answer });
    });
    socket.write(text);
  });
}

// The proof after every fault: the process is alive and serves the page.
async function stillAnswers(server) {
  assert.equal(server.child.exitCode, null, `the server exited; its stderr:\n${server.stderr()}`);
  const r = await get(server, "/");
  assert.equal(r.status, 200);
  assert.equal(r.body.toString(), INDEX);
}

function assertIsolated(headers, what) {
  for (const [name, value] of Object.entries(ISOLATION)) assert.equal(headers[name], value, `${what}: ${name}`);
}

// Runs `body` with a fresh server, stopped afterwards whatever happens.
async function withServer(args, body, prefix = []) {
  const server = await launch(args, prefix);
  try {
    await body(server);
  } finally {
    server.stop();
  }
}

describe("faults", () => {
  test("a folder: its index.html; a folder whose index.html is a folder (EISDIR) is refused", () =>
    withServer([], async (server) => {
      assert.equal((await get(server, "/box/")).status, 403);
      await stillAnswers(server);
      const sub = await get(server, "/sub/");
      assert.equal(sub.status, 200);
      assert.equal(sub.body.toString(), bodies["sub/index.html"].toString());
      const redirect = await get(server, "/sub?lesson=3");
      assert.equal(redirect.status, 301);
      assert.equal(redirect.headers.location, "/sub/?lesson=3");
      assert.equal((await get(server, "/empty/")).status, 404);
      assert.equal((await get(server, "/dir.wasm/")).status, 404);
      await stillAnswers(server);
    }));

  test("a file the server may not open (EACCES) gets 403", async (t) => {
    // Root reads any file whatever its mode: as root the server runs without the two
    // capabilities that allow that (setpriv), so chmod 000 gives a real EACCES from open().
    const asRoot = process.getuid() === 0;
    if (asRoot && spawnSync("setpriv", ["--version"]).status !== 0) {
      t.skip("running as root and setpriv (util-linux) is missing");
      return;
    }
    const prefix = asRoot ? ["setpriv", "--bounding-set=-dac_override,-dac_read_search",
                             "--inh-caps=-dac_override,-dac_read_search"] : [];
    await withServer([], async (server) => {
      const r = await get(server, "/locked.js");
      assert.equal(r.status, 403);
      assertIsolated(r.headers, "403");
      await stillAnswers(server);
    }, prefix);
  });

  test("out of descriptors (EMFILE, under prlimit): 503 or a dropped connection, then answers", async () => {
    // Measure what the server needs at rest, then give it 10 descriptors more than that.
    let rest;
    await withServer([], async (server) => {
      await stillAnswers(server);
      rest = await atRest(server);
    });
    const limit = rest + 10;
    await withServer([], async (server) => {
      const sockets = [];
      const statuses = [];
      // 60 downloads of a large file, none read: each holds a connection and a file open.
      await Promise.all(Array.from({ length: 60 }, () => new Promise((done) => {
        const socket = connect(server.port, "127.0.0.1");
        sockets.push(socket);
        socket.on("error", () => done());
        socket.on("close", () => done());
        socket.once("data", (d) => {
          statuses.push(Number(/^HTTP\/1\.1 (\d{3})/.exec(d.toString("latin1"))?.[1]));
          done();
        });
        socket.write("GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n");
      })));
      const refused = statuses.filter((s) => s === 503).length;
      assert.ok(refused > 0 || /EMFILE/.test(server.stderr()),
                `no EMFILE seen with ${limit} descriptors (statuses ${statuses.join(",")})`);
      assert.ok(statuses.every((s) => s === 200 || s === 503), `statuses: ${statuses.join(",")}`);
      for (const socket of sockets) socket.destroy();
      await waitFor(() => fdCount(server.pid) <= server.rest, 10_000, `descriptors back to ${server.rest}`);
      await stillAnswers(server);
    }, ["prlimit", `--nofile=${limit}:${limit}`]);
  });

  test("beyond --max-connections a connection is closed at once; the others are served", () =>
    withServer(["--max-connections", "2"], async (server) => {
      const held = await Promise.all([0, 1].map(() => new Promise((open, fail) => {
        const socket = connect(server.port, "127.0.0.1", () => open(socket));
        socket.on("error", fail);
      })));
      try {
        await waitFor(() => fdCount(server.pid) >= server.rest + 2, 5000, "both connections accepted");
        // Closed (or reset) with no answer; one that were served would stay open (keep-alive).
        const third = await new Promise((done, fail) => {
          const socket = connect(server.port, "127.0.0.1");
          let text = "";
          socket.setTimeout(3000, () => socket.destroy(new Error(`still open after 3 s; got ${JSON.stringify(text)}`)));
          socket.on("data", (d) => (text += d));
          socket.on("error", (e) => (e.code === "ECONNRESET" ? done(text) : fail(e)));
          socket.on("close", () => done(text));
          socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        });
        assert.equal(third, "", "the connection over the limit got an answer");
        held[0].write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        const answer = await new Promise((done) => {
          let text = "";
          held[0].on("data", (d) => (text += d));
          held[0].on("close", () => done(text));
        });
        assert.match(answer, /^HTTP\/1\.1 200 /);
      } finally {
        for (const socket of held) socket.destroy();
      }
      await atRest(server);
      await stillAnswers(server);
    }));

  test("a missing file or dangling symlink (ENOENT) gets 404 with the isolation headers", () =>
    withServer([], async (server) => {
      for (const path of ["/missing.js", "/dangling.js", "/sub/missing/deeper.js", "/a.js/x"]) {
        const r = await get(server, path);
        assert.equal(r.status, 404, path);
        assert.match(r.headers["content-type"], /^text\/plain/);
        assertIsolated(r.headers, path);
      }
      await stillAnswers(server);
    }));

  test("downloads aborted mid-way leave no descriptor open", () =>
    withServer([], async (server) => {
      await stillAnswers(server);
      const rest = await atRest(server);
      await Promise.all(Array.from({ length: 20 }, () => new Promise((done, fail) => {
        const socket = connect(server.port, "127.0.0.1");
        socket.on("error", fail);
        socket.once("data", () => {  // the headers and the first bytes of 64 MB: now leave
          socket.destroy();
          done();
        });
        socket.write("GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n");
      })));
      await waitFor(() => fdCount(server.pid) <= rest, 5000,
                    `descriptors back to ${rest} (now ${fdCount(server.pid)})`).catch((e) => assert.fail(e.message));
      await stillAnswers(server);
    }));

  test("a client that stops reading is dropped after --timeout, and its file closed", () =>
    withServer(["--timeout", "1"], async (server) => {
      await stillAnswers(server);
      const rest = await atRest(server);
      const socket = connect(server.port, "127.0.0.1");
      socket.on("error", () => {});
      socket.pause();  // read nothing: the server's writes stall once the buffers are full
      socket.write("GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n");
      try {
        // The connection and the file are open; then, the writes stalled for 1 s, both close.
        await waitFor(() => fdCount(server.pid) >= rest + 2, 5000, "the download started");
        await waitFor(() => fdCount(server.pid) <= rest, 8000, `descriptors back to ${rest} (the stalled client dropped)`);
      } finally {
        socket.destroy();
      }
      await stillAnswers(server);
    }));

  test("headers that never finish get 408 after --timeout", () =>
    withServer(["--timeout", "1"], async (server) => {
      const r = await raw(server, "GET / HTTP/1.1\r\nHost: x\r\n", 6000);
      assert.equal(r.status, 408, r.text);
      assertIsolated(r.headers, "408");
      await stillAnswers(server);
    }));

  test("symlinks out of the root are refused; symlinks inside it work", () =>
    withServer([], async (server) => {
      for (const path of ["/leak.txt", "/leakdir/secret2.txt", "/leakdir/"]) {
        const r = await get(server, path);
        assert.equal(r.status, 403, path);
        assert.ok(!r.body.toString().includes(SECRET), `${path} sent the secret`);
      }
      const inside = await get(server, "/inlink.js");
      assert.equal(inside.status, 200);
      assert.deepEqual(inside.body, bodies["a.js"]);
      await stillAnswers(server);
    }));

  test("a FIFO or a socket is refused at once, and the FIFO is never opened", () =>
    withServer([], async (server) => {
      for (const path of ["/pipe.js", "/sock.js"]) {
        const started = Date.now();
        const r = await get(server, path, { timeout: 3000 });
        assert.equal(r.status, 403, path);
        assert.ok(Date.now() - started < 3000);
        assertIsolated(r.headers, path);
      }
      // A writer that does not wait finds no reader (ENXIO): the server holds no end of the FIFO.
      assert.throws(() => closeSync(openSync(join(root, "pipe.js"), fsConstants.O_WRONLY | fsConstants.O_NONBLOCK)),
                    { code: "ENXIO" });
      await stillAnswers(server);
    }));

  test("paths that climb out of the root, plain or encoded, are refused", () =>
    withServer([], async (server) => {
      const paths = ["/../secret.txt", "/../../../../etc/passwd", "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt",
                     "/sub/..%2F..%2Fsecret.txt", "/%2e%2e/secret.txt", "/sub/%2e%2e/%2e%2e/secret.txt",
                     "/..\\secret.txt", "/%00", "/a.js%00.html", "/%zz", "//../secret.txt"];
      for (const path of paths) {
        const r = await raw(server, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
        assert.ok([400, 403, 404].includes(r.status), `${path}: ${r.status}`);
        assert.ok(!r.text.includes(SECRET), `${path} sent the secret`);
        assertIsolated(r.headers, path);
      }
      await stillAnswers(server);
    }));

  test("methods other than GET and HEAD get 405 with Allow", () =>
    withServer([], async (server) => {
      for (const method of ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"]) {
        const r = await get(server, "/a.js", { method });
        assert.equal(r.status, 405, method);
        assert.equal(r.headers.allow, "GET, HEAD");
        assertIsolated(r.headers, method);
      }
      await stillAnswers(server);
    }));

  test("a malformed request gets 400 with the isolation headers", () =>
    withServer([], async (server) => {
      const r = await raw(server, "NOT HTTP AT ALL\r\n\r\n");
      assert.equal(r.status, 400, r.text);
      assertIsolated(r.headers, "400");
      await stillAnswers(server);
    }));
});

describe("what a browser gets", () => {
  let server;
  before(async () => (server = await launch()));
  after(() => server?.stop());

  test("Content-Type and Content-Length of each kind of file", async () => {
    const types = {
      "a.js": "text/javascript; charset=utf-8", "a.mjs": "text/javascript; charset=utf-8",
      "a.html": "text/html; charset=utf-8", "a.json": "application/json; charset=utf-8",
      "a.svg": "image/svg+xml", "a.png": "image/png", "a.webmanifest": "application/manifest+json; charset=utf-8",
      "a.data": "application/octet-stream", "a.toml": "text/plain; charset=utf-8", "a.css": "text/css; charset=utf-8",
      "a.ico": "image/x-icon", "a.txt": "text/plain; charset=utf-8", "plain.wasm": "application/wasm",
      "index.html": "text/html; charset=utf-8",
    };
    for (const [name, type] of Object.entries(types)) {
      const r = await get(server, `/${name}`);
      assert.equal(r.status, 200, name);
      assert.equal(r.headers["content-type"], type, name);
      assert.equal(Number(r.headers["content-length"]), bodies[name].length, name);
      assert.deepEqual(r.body, bodies[name], name);
      assertIsolated(r.headers, name);
    }
  });

  test("HEAD: the GET headers, no body", async () => {
    const full = await get(server, "/plain.wasm");
    const head = await get(server, "/plain.wasm", { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    for (const name of ["content-type", "content-length", "etag", "last-modified", "cache-control"]) {
      assert.equal(head.headers[name], full.headers[name], name);
    }
  });

  test("caching: ETag and Last-Modified, 304 on a match, no-cache for the page", async () => {
    const first = await get(server, "/plain.wasm");
    assert.match(first.headers.etag ?? "", /^"[^"]+"$/);
    assert.ok(Date.parse(first.headers["last-modified"]) > 0);
    assert.match(first.headers["cache-control"], /must-revalidate|no-cache/);
    const byTag = await get(server, "/plain.wasm", { headers: { "If-None-Match": first.headers.etag } });
    assert.equal(byTag.status, 304);
    assert.equal(byTag.body.length, 0);
    assert.equal(byTag.headers.etag, first.headers.etag);
    assertIsolated(byTag.headers, "304");
    const byDate = await get(server, "/plain.wasm", { headers: { "If-Modified-Since": first.headers["last-modified"] } });
    assert.equal(byDate.status, 304);
    const changed = await get(server, "/plain.wasm", { headers: { "If-None-Match": '"something-else"' } });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.length, bodies["plain.wasm"].length);
    const old = await get(server, "/plain.wasm", { headers: { "If-Modified-Since": "Sat, 01 Jan 2000 00:00:00 GMT" } });
    assert.equal(old.status, 200);
    assert.equal((await get(server, "/")).headers["cache-control"], "no-cache");
    // Each encoding is its own representation, with its own tag.
    const gz = await get(server, "/app.wasm", { headers: { "Accept-Encoding": "gzip" } });
    const plain = await get(server, "/app.wasm");
    assert.notEqual(gz.headers.etag, plain.headers.etag);
  });

  test("precompressed .br/.gz only for a client that accepts them", async () => {
    const cases = [
      ["gzip", "gzip"], ["br", "br"], ["gzip, deflate, br", "br"], ["br;q=0.5, gzip", "gzip"],
      ["br;q=0, gzip", "gzip"], ["*", "br"], ["*;q=0", undefined], ["gzip;q=0, br;q=0", undefined],
      ["identity", undefined], ["deflate", undefined], [undefined, undefined], ["x-gzip", "gzip"],
    ];
    for (const [accept, expected] of cases) {
      const r = await get(server, "/app.wasm", { headers: accept === undefined ? {} : { "Accept-Encoding": accept } });
      const what = `Accept-Encoding: ${accept}`;
      assert.equal(r.status, 200, what);
      assert.equal(r.headers["content-encoding"], expected, what);
      assert.equal(r.headers["content-type"], "application/wasm", what);
      assert.equal(r.headers.vary, "Accept-Encoding", what);
      const file = expected === "br" ? "app.wasm.br" : expected === "gzip" ? "app.wasm.gz" : "app.wasm";
      assert.deepEqual(r.body, bodies[file], what);
      assert.equal(Number(r.headers["content-length"]), bodies[file].length, what);
    }
    // A sibling older than its file would not match the rest of a rebuilt page: not sent.
    const stale = await get(server, "/stale.js", { headers: { "Accept-Encoding": "gzip" } });
    assert.equal(stale.headers["content-encoding"], undefined);
    assert.deepEqual(stale.body, bodies["stale.js"]);
    // No sibling: no Vary.
    assert.equal((await get(server, "/plain.wasm", { headers: { "Accept-Encoding": "gzip" } })).headers["content-encoding"], undefined);
  });

  test("--no-isolation: no isolation headers, on files and errors", () =>
    withServer(["--no-isolation"], async (plain) => {
      for (const path of ["/", "/missing.js", "/leak.txt"]) {
        const r = await get(plain, path);
        for (const name of Object.keys(ISOLATION)) assert.equal(r.headers[name], undefined, `${path}: ${name}`);
      }
    }));
});

describe("flags", () => {
  const run = (...args) => spawnSync(process.execPath, [SERVE, ...args], { encoding: "utf8", timeout: 10_000 });
  const bad = [
    [["--port", "abc"], ["--port", '"abc"', "0 to 65535"]],
    [["--port", "70000"], ["--port", '"70000"', "0 to 65535"]],
    [["--port", "80.5"], ["--port", '"80.5"', "0 to 65535"]],
    [["--port"], ["--port", "needs a value"]],
    [["--timeout", "0"], ["--timeout", '"0"', "1 to 3600"]],
    [["--max-time", "nan"], ["--max-time", '"nan"', "1 to 86400"]],
    [["--max-connections", "-5"], ["--max-connections", '"-5"', "1 to 100000"]],
    [["--root", "/no/such/folder"], ["--root", "/no/such/folder", "does not exist"]],
    [["--host", "two words"], ["--host", '"two words"', "127.0.0.1"]],
    [["--bogus"], ['"--bogus"', "expected --root"]],
  ];
  for (const [args, words] of bad) {
    test(`${args.join(" ")}: exit 2 and a message naming it`, () => {
      const r = run("--root", root, ...args);
      assert.equal(r.status, 2, `${args.join(" ")}: exit ${r.status}, stderr ${r.stderr}`);
      for (const word of words) assert.ok(r.stderr.includes(word), `${args.join(" ")}: no ${word} in: ${r.stderr}`);
    });
  }
  test("--root naming a file, or a folder without index.html: exit 2", () => {
    const file = run("--root", join(root, "a.js"));
    assert.equal(file.status, 2);
    assert.match(file.stderr, /--root .*a\.js: not a folder/);
    const empty = run("--root", join(root, "empty"));
    assert.equal(empty.status, 2);
    assert.match(empty.stderr, /--root .*empty: no index\.html/);
  });
});

test("the fixture is what the tests think it is", () => {
  assert.ok(lstatSync(join(root, "pipe.js")).isFIFO());
  assert.ok(lstatSync(join(root, "sock.js")).isSocket());
  assert.ok(lstatSync(join(root, "leak.txt")).isSymbolicLink());
  assert.equal(statSync(join(root, "big.bin")).size, BIG);
});
