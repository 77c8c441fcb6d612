// Writes the page's favicons into dist/index.html as data: URLs (run by scripts/build-web.sh).
//
// Why: a favicon the browser downloads is a request to the service worker in charge. When a new
// version takes over (index.html, takeNewVersion), Chromium stops the old worker to activate the
// new one; the favicon request of the page that asked for the switch, sent just then, started the
// old worker again, and Chromium set the activation aside until the old worker went idle: under
// DevTools (the browser tests) never, so the switch hung for Chromium's 5-minute limit. An icon
// in the page itself is no request at all. Seen with web/tests/offline.test.mjs (a new build
// replaces the cached one) and CQ_TEST_VERBOSE=1; the same race is described in
// w3c/ServiceWorker#1295 (Chrome's 5-minute limit for a "lame duck" worker).
//
//   node web/inline-icons.mjs PAGE.html NAME=FILE...   the page's href="NAME" (exactly once)
//                                                      becomes FILE's bytes (.svg or .png)
import { readFileSync, writeFileSync } from "node:fs";
import { extname } from "node:path";

const TYPES = { ".svg": "image/svg+xml", ".png": "image/png" };

function inlineIcons(page, icons) {
  let html = readFileSync(page, "utf8");
  for (const pair of icons) {
    const [name, icon] = pair.split("=");
    if (!name || !icon) throw new Error(`${pair}: expected NAME=FILE, such as favicon.svg=assets/cleanupq-viz.svg`);
    const type = TYPES[extname(icon).toLowerCase()];
    if (!type) throw new Error(`${icon}: not an icon this script knows (allowed: ${Object.keys(TYPES).join(", ")})`);
    const href = `href="${name}"`;
    const uses = html.split(href).length - 1;
    if (uses !== 1) throw new Error(`${page}: ${href} occurs ${uses} times, expected once`);
    html = html.replace(href, `href="data:${type};base64,${readFileSync(icon).toString("base64")}"`);
  }
  writeFileSync(page, html);
}

const [page, ...icons] = process.argv.slice(2);
if (!page || icons.length === 0) {
  console.error("usage: node web/inline-icons.mjs PAGE.html NAME=FILE...");
  process.exit(2);
}
try {
  inlineIcons(page, icons);
  console.log(`${page}: ${icons.length} icons inlined`);
} catch (error) {
  console.error(`inline-icons: ${error.message}`);
  process.exit(1);
}
