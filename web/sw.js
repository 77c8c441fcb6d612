// The page's service worker: keeps a copy of every file of this build (the page, both wasm
// builds with their lessons, fonts and palettes in the .data packages, the icons) so that a
// classroom that loaded the page once keeps working without the network.
//
// This is the template: web/write-sw.mjs (run by scripts/build-web.sh) writes dist/sw.js from it
// with VERSION and PRECACHE filled in from the files in dist/. A new build changes VERSION (it
// holds a hash of every cached file), so the browser sees a new sw.js, which caches the new
// files under a new name; once it takes over it deletes the old caches.
//
// - Cache first, for the listed files only: a page load uses one version throughout (its .js,
//   .wasm, .data and worker.js must match). Anything else goes to the network untouched.
// - The cached copies keep the server's headers (Cross-Origin-Opener-Policy and
//   -Embedder-Policy included), so a page that was cross-origin isolated online is isolated
//   offline too and runs the threaded build; a host without those headers gets the
//   single-threaded build, offline as online.
// - A new version waits until a page asks for it (index.html, before its app starts) and no
//   other tab of the site runs: a tab running the old version may still load files (a Web
//   Worker's script) and must not get the new ones.
"use strict";

const VERSION = "unbuilt";
const PRECACHE = [];

const PREFIX = "cleanupq-lab-";
const CACHE = PREFIX + VERSION;
const SCOPE = new URL(self.registration.scope);
const LISTED = new Set(PRECACHE.map((path) => new URL(path, SCOPE).href));
const INDEX = new URL("index.html", SCOPE).href;

// What is stored: the body as the page reads it (decoded), with the server's headers except
// those about the transfer (a .br or .gz sent for it), which no longer describe the body.
async function storable(response) {
  const body = await response.arrayBuffer();
  const headers = new Headers(response.headers);
  for (const name of ["Content-Encoding", "Content-Length", "Vary"]) headers.delete(name);
  headers.set("Content-Length", String(body.byteLength));
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

async function precache() {
  const cache = await caches.open(CACHE);
  try {
    await Promise.all([...LISTED].map(async (url) => {
      // "no-cache": revalidated with the server, so a file the page has just downloaded comes
      // from the browser's HTTP cache (a 304), and a stale copy never does.
      const response = await fetch(new Request(url, { cache: "no-cache" }));
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      await cache.put(url, await storable(response));
    }));
  } catch (error) {
    // An incomplete copy is no offline copy: this worker is discarded, the next visit retries.
    await caches.delete(CACHE);
    throw error;
  }
}

self.addEventListener("install", (event) => event.waitUntil(precache()));

// No clients.claim(): the first visit's page, loaded from the network, stays so (its next load
// comes from the cache), and Chromium's claim() can wait on a page that is still loading, which
// holds up every request until it returns.
//
// The old versions' caches are deleted without holding up activation (no waitUntil): the
// deletion is asked for at once (the names are gone from caches.keys() from then on, which
// web/tests/offline.test.mjs checks) and completes in the background, once no worker holds
// those caches open. (A switch that hung for minutes was first blamed on waiting for this
// deletion; the cause was a favicon request restarting the old worker: web/inline-icons.mjs.)
async function deleteOldCaches() {
  for (const name of await caches.keys()) {
    if (name.startsWith(PREFIX) && name !== CACHE) caches.delete(name);
  }
}
self.addEventListener("activate", () => {
  deleteOldCaches().catch((error) => console.warn("offline copy: old caches not deleted: " + error));
});

// What index.html asks before its app starts, when a new version is waiting: the worker in
// charge counts the pages it serves ("count-pages": the old version runs in each), and the
// waiting one takes over ("take-over") only if the page still waits for the answer: a page
// that gave up has started the old version's app.
self.addEventListener("message", (event) => {
  const reply = (answer) => event.ports[0]?.postMessage({ ...answer, version: VERSION });
  if (event.data?.type === "count-pages") {
    event.waitUntil(self.clients.matchAll({ type: "window" }).then((pages) => reply({ pages: pages.length })));
  } else if (event.data?.type === "take-over") {
    const inTime = Date.now() <= event.data.before;
    if (inTime) event.waitUntil(self.skipWaiting());
    reply({ activated: inTime });
  }
});

// The cached file a request asks for, or null: a navigation to the site's folder (with any
// query, such as ?lesson=5) is index.html.
function cachedKey(request) {
  if (request.method !== "GET") return null;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin) return null;
  if (request.mode === "navigate" && (url.pathname === SCOPE.pathname || url.href.split("?")[0] === INDEX)) {
    return INDEX;
  }
  url.hash = "";
  return LISTED.has(url.href) ? url.href : null;
}

self.addEventListener("fetch", (event) => {
  const key = cachedKey(event.request);
  if (key === null) return;  // not a file of the page: the browser fetches it as usual
  event.respondWith((async () => {
    const cached = await (await caches.open(CACHE)).match(key);
    return cached ?? fetch(event.request);
  })());
});
