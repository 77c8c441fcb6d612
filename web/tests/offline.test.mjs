// The page offline (web/sw.js, written into the build by web/write-sw.mjs): Debian's Chromium
// loads the page from web/serve.mjs, run as its own process on 127.0.0.1; once the service
// worker controls the page and holds every file, that process is stopped and the page is
// reloaded and a lesson played with no server at all. Also: a new build replaces the cached
// one, and where the browser offers no service worker (or refuses it) the page works online.
//
//   node --test web/tests/offline.test.mjs   with, in the environment,
//     CQ_WEB_DIST   (optional) the folder scripts/build-web.sh wrote (default: dist/ at the root)
//     CQ_SHOTS      (optional) a folder to keep the screenshots in
//     CQ_TEST_VERBOSE (optional) 1: print the pages' console lines as they come, with the time
//
// Each test serves its own copy of the folder (a site's service worker and caches belong to its
// origin, which here is a port). Waiting is on events and on window.cqStatus, within bounded
// timeouts: no fixed sleeps.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "./chromium.mjs";
import { writeServiceWorker } from "../write-sw.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const DIST = resolve(process.env.CQ_WEB_DIST || join(here, "..", "..", "dist"));
const SHOTS = process.env.CQ_SHOTS ? resolve(process.env.CQ_SHOTS) : null;
if (!existsSync(join(DIST, "sw.js"))) {
  throw new Error(`CQ_WEB_DIST: ${join(DIST, "sw.js")} does not exist (build the page: scripts/build-web.sh)`);
}
const TIMEOUT = 30_000;
const WIDTH = 1280, HEIGHT = 800;

// What dist/sw.js was written with.
function serviceWorkerOf(site) {
  const text = readFileSync(join(site, "sw.js"), "utf8");
  const value = (name) => {
    const m = new RegExp(`^const ${name} = (.*);$`, "m").exec(text);
    assert.ok(m, `${site}/sw.js has no line 'const ${name} = ...;' (was it written by web/write-sw.mjs?)`);
    return JSON.parse(m[1]);
  };
  return { version: value("VERSION"), files: value("PRECACHE") };
}

let top, browser;
const servers = new Set();  // the web/serve.mjs processes this file started and has not stopped

before(async () => {
  top = mkdtempSync(join(tmpdir(), "cleanupq-offline-test-"));
  browser = await launchChromium(["--enable-unsafe-swiftshader"]);
});

after(async () => {
  await browser?.close();
  for (const server of servers) await server.stop();
  if (top) rmSync(top, { recursive: true, force: true });
});

function copySite(name) {
  const site = join(top, name);
  cpSync(DIST, site, { recursive: true, preserveTimestamps: true });
  return site;
}

// web/serve.mjs as its own process on a free port of 127.0.0.1; stop() ends that process (and
// only it) and resolves once it has exited.
async function serve(site, isolation) {
  const child = spawn(process.execPath, [join(here, "..", "serve.mjs"), "--root", site, "--port", "0",
                                         ...(isolation ? [] : ["--no-isolation"])],
                      { stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise((done) => child.once("exit", done));
  const port = await new Promise((done, fail) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) done(Number(m[1]));
    });
    child.once("exit", (code) => fail(new Error(`web/serve.mjs exited (${code}) before listening:\n${out}`)));
  });
  const server = {
    url: (query = "") => `http://127.0.0.1:${port}/${query}`,
    async stop() {
      if (!servers.delete(server)) return;
      child.kill("SIGTERM");
      await exited;
      await assert.rejects(fetch(`http://127.0.0.1:${port}/`), "the server still answers after it was stopped");
    },
  };
  servers.add(server);
  return server;
}

// A page with its console, errors and failed requests recorded.
async function openPage(options = {}) {
  const context = await browser.newContext({ viewport: { width: WIDTH, height: HEIGHT }, ...options });
  const page = await context.newPage();
  const log = [], failed = [];
  page.on("console", (m) => {
    log.push(m.text());
    if (process.env.CQ_TEST_VERBOSE) console.error(`${new Date().toISOString()} page: ${m.text()}`);
  });
  page.on("pageerror", (e) => log.push(`pageerror: ${e.message}`));
  page.on("requestfailed", (r) => failed.push(`${r.url()}: ${r.failure()?.errorText}`));
  return { context, page, log, failed };
}

const firstFrame = (page) =>
  page.waitForFunction(() => window.cqStatus && window.cqStatus.frames > 0, null, { timeout: TIMEOUT });
const status = (page) => page.evaluate(() => window.cqStatus);
const fatalMessages = (page) => page.locator("#messages .message.fatal").allTextContents();

// The state of the site's active service worker once it has finished activating: its install
// (which fetched every listed file into its cache) is done, and so is its activation (which
// deleted older versions' caches). It serves the next load of the page.
function activated(page) {
  return page.evaluate((timeout) => Promise.race([
    (async () => {
      const worker = (await navigator.serviceWorker.ready).active;
      while (worker.state === "installed" || worker.state === "activating") {
        await new Promise((done) => worker.addEventListener("statechange", done, { once: true }));
      }
      return worker.state;
    })(),
    new Promise((_, fail) => setTimeout(() => fail(new Error(`no active service worker after ${timeout} ms ` +
                                                             `(cqOffline: ${JSON.stringify(window.cqOffline)})`)), timeout)),
  ]), TIMEOUT);
}

// The page's caches, and which listed files are missing from the one of `version`.
function cacheContents(page, version, files) {
  return page.evaluate(async ({ version, files }) => {
    const names = await caches.keys();
    const cache = await caches.open("cleanupq-lab-" + version);
    const missing = [];
    for (const file of files) if (!(await cache.match(new URL(file, location.href).href))) missing.push(file);
    const index = await cache.match(new URL("index.html", location.href).href);
    const headers = index ? Object.fromEntries(index.headers) : null;
    return { names, missing, indexHeaders: headers };
  }, { version, files });
}

test("sw.js lists every file the folder serves, and nothing else", () => {
  const { version, files } = serviceWorkerOf(DIST);
  assert.match(version, /^[0-9]+(\.[0-9]+)*-[0-9a-f]{12}$/);
  // Every regular file web/serve.mjs would send, except sw.js (the browser fetches it itself)
  // and FILE.br / FILE.gz beside FILE (FILE in another encoding, at FILE's address).
  const served = [];
  const walk = (dir, prefix) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = prefix + e.name;
      if (e.isDirectory()) walk(join(dir, e.name), path + "/");
      else if (e.isFile() && path !== "sw.js" && !(/\.(br|gz)$/.test(e.name) && existsSync(join(dir, e.name.slice(0, -3))))) {
        served.push(path);
      }
    }
  };
  walk(DIST, "");
  const listed = new Set(files);
  assert.deepEqual(served.filter((f) => !listed.has(f)), [], `files in ${DIST} that sw.js does not cache`);
  assert.deepEqual(files.filter((f) => !served.includes(f)), [], `files sw.js lists that ${DIST} does not have`);
  for (const needed of ["index.html", "mt/cleanupq-lab.wasm", "mt/cleanupq-lab.data", "mt/cleanupq-lab.worker.js",
                        "st/cleanupq-lab.wasm", "st/cleanupq-lab.data", "manifest.webmanifest"]) {
    assert.ok(listed.has(needed), `sw.js does not cache ${needed}`);
  }
});

for (const [label, isolation, build] of [["threaded page (cross-origin isolated)", true, "threaded"],
                                         ["single-threaded page (plain static host)", false, "single-threaded"]]) {
  test(`${label}: cached on the first visit, reloads and plays a lesson with the server stopped`,
       { timeout: 180_000 }, async () => {
    const site = copySite(`offline-${build}`);
    const { version, files } = serviceWorkerOf(site);
    const server = await serve(site, isolation);
    const { context, page, log, failed } = await openPage();
    try {
      await page.goto(server.url("?lesson=1"));
      await firstFrame(page);
      assert.equal((await status(page)).build, build);
      assert.equal(await activated(page), "activated");
      const cached = await cacheContents(page, version, files);
      assert.deepEqual(cached.names, ["cleanupq-lab-" + version]);
      assert.deepEqual(cached.missing, [], "listed files missing from the cache");
      // The stored copies keep the isolation headers: the threaded build runs offline too.
      const headers = cached.indexHeaders;
      assert.equal(headers["cross-origin-embedder-policy"], isolation ? "require-corp" : undefined);
      assert.equal(headers["cross-origin-opener-policy"], isolation ? "same-origin" : undefined);
      assert.equal(headers["content-encoding"], undefined, "the stored body is decoded; its header must say so");

      await server.stop();
      failed.length = 0;
      log.length = 0;
      const fromWorker = [];
      page.on("response", (r) => fromWorker.push(r.fromServiceWorker()));
      await page.reload();
      await firstFrame(page);
      const offline = await status(page);
      assert.equal(offline.build, build, `offline the page must run the ${build} build; console:\n${log.join("\n")}`);
      assert.equal(await page.evaluate(() => self.crossOriginIsolated), isolation);
      assert.ok(fromWorker.length > 0 && fromWorker.every(Boolean), "every response came from the service worker");
      assert.equal(offline.lesson, 1);
      assert.equal(offline.step, 1);

      // Play the lesson: next step (PageDown, as a student), then on to the third. A key pressed
      // while the threaded app is still busy with its lesson run may be missed: pressed again.
      await page.focus("#canvas");
      for (const step of [2, 3]) {
        let moved = false;
        for (let press = 0; press < 6 && !moved; ++press) {
          await page.keyboard.press("PageDown");
          moved = await page.waitForFunction((s) => window.cqStatus.lesson === 1 && window.cqStatus.step >= s, step,
                                             { timeout: TIMEOUT / 6 }).then(() => true, () => false);
        }
        assert.equal((await status(page)).step, step, "PageDown moves the lesson on by one step");
      }
      const played = await status(page);
      assert.ok(played.head > 0, `the lesson's run advanced (head ${played.head})`);
      if (SHOTS) {
        mkdirSync(SHOTS, { recursive: true });
        await page.screenshot({ path: join(SHOTS, `offline-${build}-lesson.png`) });
      }
      assert.deepEqual(await fatalMessages(page), []);
      assert.deepEqual(failed, [], "requests that failed with the server stopped");
      assert.ok(!log.some((l) => l.startsWith("pageerror")), log.join("\n"));
    } finally {
      await context.close();
    }
  });
}

// It used to hang for minutes (until Chromium's 5-minute limit) in about one run of three: the
// favicon request of the page that asked for the switch reached the old worker just as Chromium
// stopped it to activate the new one, started it again, and the activation waited for the old
// worker to go idle, which a worker under DevTools never does. The page now holds its favicons
// (web/inline-icons.mjs), and this test checks that it requests no icon.
test("a new build replaces the cached one: the next reload uses it, the old cache is deleted",
     { timeout: 480_000 },
     async () => {
  const site = copySite("versions");
  const a = serviceWorkerOf(site);
  const server = await serve(site, false);
  const { context, page, log } = await openPage();
  try {
    await page.goto(server.url("?lesson=1"));
    await firstFrame(page);
    await activated(page);
    assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('link[rel~="icon"]')]
                                                   .filter((link) => !link.href.startsWith("data:")).map((link) => link.href)),
                     [], "an icon the browser downloads can hold up the switch to a new version");
    // Only the names: a Cache this page opened could hold up the deletion of version a's cache.
    assert.deepEqual(await page.evaluate(() => caches.keys()), ["cleanupq-lab-" + a.version]);

    // A rebuild: the page changes (a mark in its head; the app sets the title itself), and sw.js
    // is written again, as scripts/build-web.sh does.
    const index = join(site, "index.html");
    writeFileSync(index, readFileSync(index, "utf8").replace("<title>", '<meta name="rebuilt" content="yes"><title>'));
    const b = writeServiceWorker(site, a.version.split("-")[0]);
    assert.notEqual(b.version, a.version, "a changed file gives a new version");

    // The reload still runs the cached version (one version per page load), while the browser
    // finds the new sw.js and caches the new build; the page says a new version is ready.
    await page.reload();
    await firstFrame(page);
    assert.equal(await page.locator('meta[name="rebuilt"]').count(), 0);
    // The browser may take its time over the new version while the app runs on a busy machine.
    await page.locator("#messages .message", { hasText: "new version" }).waitFor({ timeout: 4 * TIMEOUT })
        .catch((e) => assert.fail(`${e.message}\nconsole:\n${log.join("\n")}`));

    // The next reload switches to it before the app starts.
    await page.reload();
    // The page waits (up to 120 s) until the new worker is in charge, then reloads.
    await page.waitForFunction(() => document.querySelector('meta[name="rebuilt"]') && window.cqStatus &&
                               window.cqStatus.frames > 0, null, { timeout: 5 * TIMEOUT })
        .catch(async (e) => assert.fail(`${e.message}\ncaches ${
            JSON.stringify(await page.evaluate(() => caches.keys()))}, a ${a.version}, b ${b.version}\nconsole:\n${log.join("\n")}`));
    // And it switched because the new worker was in charge, not because the page gave up waiting.
    assert.ok(log.some((l) => l.includes("switching to version " + b.version + " (in charge after")), log.join("\n"));
    const cached = await cacheContents(page, b.version, b.files);
    assert.deepEqual(cached.names, ["cleanupq-lab-" + b.version], "the old version's cache is deleted");
    assert.deepEqual(cached.missing, []);

    // And the new version is what stays offline.
    await server.stop();
    await page.reload();
    await page.waitForFunction(() => document.querySelector('meta[name="rebuilt"]') && window.cqStatus &&
                               window.cqStatus.frames > 0, null, { timeout: TIMEOUT });
    assert.equal((await status(page)).lesson, 1);
  } finally {
    await context.close();
  }
});

test("without a service worker the page works online and says why only in the console", { timeout: 180_000 },
     async () => {
  const site = copySite("no-worker");
  const server = await serve(site, true);
  // Refused: as a browser policy or a private window would.
  const refused = await openPage();
  try {
    await refused.page.addInitScript(() => {
      ServiceWorkerContainer.prototype.register = () => Promise.reject(new DOMException("refused by policy", "SecurityError"));
    });
    await refused.page.goto(server.url("?lesson=1"));
    await firstFrame(refused.page);
    await refused.page.waitForFunction(() => window.cqOffline.state === "failed", null, { timeout: TIMEOUT });
    assert.ok(refused.log.some((l) => /offline copy: none.*refused by policy/.test(l)), refused.log.join("\n"));
    assert.equal(await refused.page.locator("#messages .message").count(), 0, "nothing about it on the page");
    assert.equal((await status(refused.page)).lesson, 1);
  } finally {
    await refused.context.close();
  }
  // Not a secure context (http:// to a name other than localhost, as on a classroom network):
  // no service worker, and no cross-origin isolation either.
  const insecureBrowser = await launchChromium(["--enable-unsafe-swiftshader", "--host-resolver-rules=MAP classroom.test 127.0.0.1"]);
  try {
    const page = await insecureBrowser.newPage({ viewport: { width: WIDTH, height: HEIGHT } });
    const log = [];
    page.on("console", (m) => log.push(m.text()));
    const port = new URL(server.url()).port;
    await page.goto(`http://classroom.test:${port}/?lesson=1`);
    await firstFrame(page);
    assert.equal(await page.evaluate(() => window.isSecureContext), false);
    assert.equal(await page.evaluate(() => window.cqOffline.state), "unavailable");
    assert.equal((await status(page)).build, "single-threaded");
    assert.ok(log.some((l) => l.startsWith("offline copy: none")), log.join("\n"));
    assert.equal(await page.locator("#messages .message").count(), 0, "nothing about it on the page");
  } finally {
    await insecureBrowser.close();
    await server.stop();
  }
});
