// Browser tests of the web build: Debian's Chromium (headless, SwiftShader WebGL 2) driven by
// playwright-core against web/serve.mjs on 127.0.0.1, as a student would use the page.
//
//   node --test web/tests/   with, in the environment,
//     CQ_WEB_MT   folder with the threaded build (cleanupq-lab.{js,wasm,data,worker.js})
//     CQ_WEB_ST   folder with the single-threaded build
//     CQ_VIZ      the native cleanupq-viz, which renders the reference pictures headless
//     CQ_SHOTS    (optional) a folder to keep the screenshots in
//
// What the app draws is checked against the native app's headless rendering of the same state
// (the same App and views; the expected colours are never written down here), at a P lane and
// at the full list. Waiting is by polling window.cqStatus, which the app publishes every frame,
// within bounded timeouts: no fixed sleeps.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, copyFileSync, mkdirSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "./chromium.mjs";
import { startServer } from "../serve.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const required = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (see the comment at the top of browser.test.mjs)`);
  return resolve(value);
};
const MT = required("CQ_WEB_MT");
const ST = required("CQ_WEB_ST");
const VIZ = required("CQ_VIZ");
const SHOTS = process.env.CQ_SHOTS ? resolve(process.env.CQ_SHOTS) : null;
for (const [name, path] of [["CQ_WEB_MT", join(MT, "cleanupq-lab.worker.js")],
                            ["CQ_WEB_ST", join(ST, "cleanupq-lab.wasm")], ["CQ_VIZ", VIZ]]) {
  if (!existsSync(path)) throw new Error(`${name}: ${path} does not exist (build it first)`);
}

// The canvas is 1440x900 CSS pixels (the page's bar above it is 31 px), as the native headless
// frame; the probes are the Xvfb window test's (tests/viz/shells/xvfb_window_test.sh).
const WIDTH = 1440, HEIGHT = 900, BAR = 31;
const LANE_PROBES = [[136, 108], [300, 108]];
const FULL_PROBES = [[600, 470], [663, 470]];
const SCENARIO = "runner=inline&seed=1&palette=dark";
const NATIVE_SCENARIO = ["--runner", "inline", "--seed", "1", "--palette", "dark"];
const TIMEOUT = 30_000;

let root, isolated, plain, browser;

const references = {};

function reference(name, extra) {
  const file = join(root, `ref-${name}.png`);
  execFileSync(VIZ, ["--headless", ...NATIVE_SCENARIO, "--size", `${WIDTH}x${HEIGHT}`, ...extra, "--screenshot", file],
               { env: { ...process.env, XDG_CONFIG_HOME: join(root, "native-config") } });
  return readFileSync(file);
}

before(async () => {
  // A site folder: the page, and the two builds where it expects them.
  root = mkdtempSync(join(tmpdir(), "cleanupq-web-test-"));
  const site = join(root, "site");
  mkdirSync(site);
  copyFileSync(join(here, "..", "index.html"), join(site, "index.html"));
  // Copies, as scripts/build-web.sh makes dist/: the server serves nothing from outside its
  // root, symlinks included.
  for (const [from, to, files] of [[MT, "mt", ["js", "wasm", "data", "worker.js"]], [ST, "st", ["js", "wasm", "data"]]]) {
    mkdirSync(join(site, to));
    for (const ext of files) copyFileSync(join(from, `cleanupq-lab.${ext}`), join(site, to, `cleanupq-lab.${ext}`));
  }
  isolated = await startServer({ root: site, port: 0, isolation: true });
  plain = await startServer({ root: site, port: 0, isolation: false });
  references.start = reference("start", []);
  references.push = reference("push", ["--run-until", "block_full"]);
  browser = await launchChromium(["--enable-unsafe-swiftshader"]);
});

after(async () => {
  await browser?.close();
  isolated?.close();
  plain?.close();
});

const url = (server, query = "") => `http://127.0.0.1:${server.address().port}/${query}`;
const firstFrame = (page) =>
  page.waitForFunction(() => window.cqStatus && window.cqStatus.frames > 0, null, { timeout: TIMEOUT });

async function open(server, query) {
  const context = await browser.newContext({ viewport: { width: WIDTH, height: HEIGHT + BAR } });
  const page = await context.newPage();
  const log = [];
  page.on("console", (m) => log.push(m.text()));
  page.on("pageerror", (e) => log.push(`pageerror: ${e.message}`));
  await page.goto(url(server, query));
  try {
    await firstFrame(page);
  } catch (e) {
    throw new Error(`no frame within ${TIMEOUT} ms; console:\n${log.join("\n")}`);
  }
  return { page, context, log };
}

const status = (page) => page.evaluate(() => window.cqStatus);

// page.waitForFunction, and on a timeout what the app published then (its frames, what is open,
// its status line), so a failure says whether the page stopped drawing, refused or never saw
// the action.
async function until(page, predicate, arg, options) {
  try {
    return await page.waitForFunction(predicate, arg, options);
  } catch (error) {
    if (error?.name !== "TimeoutError") throw error;
    // Bounded: a page whose thread is stuck never answers an evaluate.
    const then = await Promise.race([
      page.evaluate(() => {
        const s = window.cqStatus;
        return s && { frames: s.frames, welcome: s.welcome, lesson: s.lesson, step: s.step,
                      predict: s.predict, head: s.head, playing: s.playing, message: s.message };
      }).catch((e) => `unreadable: ${e.message}`),
      new Promise((done) => setTimeout(() => done("no answer within 5 s: the page's thread is stuck"), 5000)),
    ]);
    error.message += `\n  window.cqStatus then: ${JSON.stringify(then)}`;
    throw error;
  }
}

async function click(page, item) {
  // An item is published once it is drawn where it stays (a new window is measured first), so
  // wait for it rather than fail on the frame before.
  await until(page, (i) => window.cqStatus?.items?.[i] !== undefined, item, { timeout: TIMEOUT })
    .catch(() => {});
  // A click can move what is drawn below it (a locked answer shrinks to one line), and the
  // frame that took the click was laid out before it did: click only a rectangle that two frames
  // in a row drew in the same place.
  const sameRect = (a, b) => a && b && a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;
  let s = await status(page);
  for (;;) {
    const before = s;
    await until(page, (f) => window.cqStatus.frames > f, before.frames, { timeout: TIMEOUT });
    s = await status(page);
    if (!before.items[item] || sameRect(before.items[item], s.items[item])) break;
  }
  const r = s.items[item];
  assert.ok(r, `the app published no rectangle for '${item}' (items: ${Object.keys(s.items).join(", ")})`);
  await page.mouse.click(r.x + r.w / 2, r.y + r.h / 2 + BAR);
}

// Pixels of PNG images at the probe points, decoded by the browser itself (a 2D canvas reads an
// image's pixels; the WebGL canvas is read through a screenshot).
async function pixels(page, png, probes) {
  return page.evaluate(async ({ data, probes }) => {
    const image = new Image();
    image.src = "data:image/png;base64," + data;
    await image.decode();
    const c = document.createElement("canvas");
    c.width = image.width;
    c.height = image.height;
    const g = c.getContext("2d");
    g.drawImage(image, 0, 0);
    return probes.map(([x, y]) => Array.from(g.getImageData(x, y, 1, 1).data.slice(0, 3)));
  }, { data: png.toString("base64"), probes });
}

const close = (a, b) => a.every((p, i) => p.every((v, k) => Math.abs(v - b[i][k]) <= 8));

async function canvasShot(page, name) {
  const png = await page.locator("#canvas").screenshot();
  if (SHOTS) {
    mkdirSync(SHOTS, { recursive: true });
    await page.locator("#canvas").screenshot({ path: join(SHOTS, `${name}.png`) });
  }
  return png;
}

// Polls screenshots until the probes match the reference (or the time is up).
async function waitForPicture(page, ref, probes, name, tries = 40) {
  const want = await pixels(page, ref, probes);
  let got;
  for (let i = 0; i < tries; ++i) {
    got = await pixels(page, await canvasShot(page, name), probes);
    if (close(got, want)) return;
    await page.waitForTimeout(100);  // poll interval, not synchronisation: the loop checks
  }
  assert.fail(`${name}: the canvas at ${JSON.stringify(probes)} shows ${JSON.stringify(got)}, ` +
              `the native app ${JSON.stringify(want)}`);
}

for (const [label, serverOf, build] of [["threaded page (cross-origin isolated)", () => isolated, "threaded"],
                                        ["single-threaded page (plain static host)", () => plain, "single-threaded"]]) {
  describe(label, () => {
    test("loads the right build, draws what the native app draws, steps, steps back and plays", async () => {
      const { page, context, log } = await open(serverOf(), "?" + SCENARIO);
      try {
        const first = await status(page);
        assert.equal(first.build, build, `expected the ${build} build; console:\n${log.join("\n")}`);
        assert.equal(first.cursor, 0, "nothing runs before the student asks");
        console.log(`# ${build}: first frame ${first.firstFrameMs.toFixed(0)} ms after navigation`);
        const startPixels = await pixels(page, references.start, [...LANE_PROBES, ...FULL_PROBES]);
        const pushPixels = await pixels(page, references.push, [...LANE_PROBES, ...FULL_PROBES]);
        assert.ok(!close(startPixels, pushPixels), "the references do not differ at the probes: has the layout moved?");
        await waitForPicture(page, references.start, [...LANE_PROBES, ...FULL_PROBES], `${build}-start`);

        // "Next interesting >>" until the first full block is on the full list.
        let reached = false;
        for (let i = 0; i < 12 && !reached; ++i) {
          const before = (await status(page)).cursor;
          await click(page, "next_interesting");
          await until(page, (c) => window.cqStatus.cursor !== c, before, { timeout: TIMEOUT });
          const got = await pixels(page, await canvasShot(page, `${build}-next`), FULL_PROBES);
          reached = close(got, await pixels(page, references.push, FULL_PROBES));
        }
        assert.ok(reached, "12 clicks on 'Next interesting >>' never put a full block on the full list");
        await waitForPicture(page, references.push, [...LANE_PROBES, ...FULL_PROBES], `${build}-push`);

        // Step back one event, then forward again.
        const at = (await status(page)).cursor;
        await click(page, "back");
        await until(page, (c) => window.cqStatus.cursor === c - 1, at, { timeout: TIMEOUT });
        await click(page, "step");
        await until(page, (c) => window.cqStatus.cursor === c, at, { timeout: TIMEOUT });

        // Play runs the engine on past the recorded part.
        const head = (await status(page)).head;
        await click(page, "play");
        await until(page, (h) => window.cqStatus.head > h + 10 && window.cqStatus.cursor > h, head,
                                   { timeout: TIMEOUT });
        await canvasShot(page, `${build}-playing`);
      } finally {
        await context.close();
      }
    });

    test("?lesson=5&step=3 opens that step, and Copy link gives it back", async () => {
      const { page, context } = await open(serverOf(), "?lesson=5&step=3");
      try {
        await until(page, () => window.cqStatus.lesson === 5 && window.cqStatus.step === 3, null,
                                   { timeout: TIMEOUT });
        const s = await status(page);
        assert.deepEqual(s.urlProblems, []);
        await canvasShot(page, `${build}-lesson-5-step-3`);
        await click(page, "copy_link");
        await until(page, () => document.getElementById("link-text").value !== "", null, { timeout: TIMEOUT });
        const link = await page.evaluate(() => document.getElementById("link-text").value);
        assert.match(link, /[?&]lesson=5&step=3$/);
        assert.match(await page.evaluate(() => window.location.search), /lesson=5&step=3/);
      } finally {
        await context.close();
      }
    });

    test("a first visit opens on the welcome, and one click starts lesson 1", async () => {
      const { page, context } = await open(serverOf(), "");
      try {
        await until(page, () => window.cqStatus.welcome === true, null, { timeout: TIMEOUT });
        assert.equal((await status(page)).lesson, 0, "no lesson before the click");
        await canvasShot(page, `${build}-welcome`);
        await click(page, "welcome_start");
        await until(page, () => window.cqStatus.lesson === 1 && window.cqStatus.welcome === false, null,
                                   { timeout: TIMEOUT });
      } finally {
        await context.close();
      }
    });

    test("?lesson=2&seed=9 starts that lesson's variant at once; ?welcome offers it first", async () => {
      let { page, context } = await open(serverOf(), "?lesson=2&seed=9");
      try {
        await until(page, () => window.cqStatus.lesson === 2, null, { timeout: TIMEOUT });
        const s = await status(page);
        assert.equal(s.welcome, false);
        assert.equal(s.seed, 9, "the lesson runs with the URL's seed");
        assert.deepEqual(s.urlProblems, []);
        assert.match(await page.evaluate(() => window.location.search), /seed=9/, "the link keeps the variant");
      } finally {
        await context.close();
      }
      ({ page, context } = await open(serverOf(), "?welcome&lesson=2"));
      try {
        await until(page, () => window.cqStatus.welcome === true, null, { timeout: TIMEOUT });
        assert.equal((await status(page)).lesson, 0);
        await click(page, "welcome_start");
        await until(page, () => window.cqStatus.lesson === 2, null, { timeout: TIMEOUT });
      } finally {
        await context.close();
      }
    });

    test("?lesson=99 is named with the lessons there are, and the welcome offers lesson 1", async () => {
      const { page, context } = await open(serverOf(), "?lesson=99");
      try {
        await until(page, () => window.cqStatus.welcome === true, null, { timeout: TIMEOUT });
        const s = await status(page);
        assert.equal(s.urlProblems.length, 1, JSON.stringify(s.urlProblems));
        assert.match(s.urlProblems[0], /^URL parameter lesson=99: no lesson 99 .*; allowed: a lesson id \(1\.\./);
        assert.match(await page.locator("#messages .message").first().textContent(), /URL parameter lesson=99/);
        await click(page, "welcome_start");
        await until(page, () => window.cqStatus.lesson === 1, null, { timeout: TIMEOUT });
      } finally {
        await context.close();
      }
    });

    test("a predict question: wrong answer, hint, second try, lock, the step plays, reveal", async () => {
      // Lesson 6, step 3: "how many blocks will the flush push?" (choices 1, 2, 4; the engine
      // says 2) and "how many blocks will it return to free?" (typed; 2), asked before the flush.
      const { page, context } = await open(serverOf(), "?lesson=6&step=3");
      try {
        await until(page, () => window.cqStatus.lesson === 6 && window.cqStatus.step === 3 &&
                                   window.cqStatus.predict === "answering", null, { timeout: TIMEOUT });
        const held = (await status(page)).head;
        await click(page, "predict-0-choice-0");  // 1: wrong
        await until(page, () => window.cqStatus.answers[0].hint, null, { timeout: TIMEOUT });
        let s = await status(page);
        assert.equal(s.predict, "answering", "a wrong first answer reveals nothing");
        assert.equal(s.answers[0].locked, false, "a wrong first answer with a hint gets a second try");
        assert.equal(s.head, held, "the picture waits before the step's run");
        await canvasShot(page, `${build}-predict-hint`);
        await click(page, "predict-0-choice-1");  // 2: right, on the second try
        await until(page, () => window.cqStatus.answers[0].locked, null, { timeout: TIMEOUT });
        // Every frame's phase and head from here on, to see the step play rather than jump.
        await page.evaluate(() => {
          window.cqWatch = [];
          const record = () => {
            window.cqWatch.push([window.cqStatus.predict, window.cqStatus.head]);
            requestAnimationFrame(record);
          };
          requestAnimationFrame(record);
        });
        await click(page, "predict-1-number");
        await page.keyboard.type("2");  // after the field's 0: "02", which is 2
        await until(page, () => window.cqStatus.answers[1].typed === 2, null, { timeout: TIMEOUT });
        await click(page, "predict-1-submit");
        await until(page, () => window.cqStatus.predict === "revealed", null, { timeout: TIMEOUT });
        s = await status(page);
        assert.deepEqual(s.answers.map((a) => [a.locked, a.given, a.firstGiven, a.correct]),
                         [[true, "2", "1", true], [true, "2", "", true]]);
        assert.ok(s.head > held, `the step's run is shown: head ${s.head}, held at ${held}`);
        const watched = await page.evaluate(() => window.cqWatch.filter(([phase]) => phase === "watching"));
        const heads = new Set(watched.map(([, head]) => head));
        assert.ok(heads.size >= 2, `the step played over frames, not in one jump: ${JSON.stringify(watched)}`);
        await canvasShot(page, `${build}-predict-reveal`);
      } finally {
        await context.close();
      }
    });

    test("?lesson=2&seed=9&practice opens practice: answer, the run plays to it, the grade shows", async () => {
      const { page, context } = await open(serverOf(), "?lesson=2&seed=9&practice=1");
      try {
        await until(page, () => window.cqStatus.practice?.phase === "answering", null, { timeout: TIMEOUT });
        let s = await status(page);
        assert.deepEqual(s.urlProblems, []);
        assert.equal(s.practice.seed, 9, "practice uses the URL's seed");
        assert.equal(s.practice.question, 1);
        // Held at the question's state, before the event that answers it.
        await until(page, () => window.cqStatus.head === window.cqStatus.practice.askedAt, null,
                                   { timeout: TIMEOUT });
        await canvasShot(page, `${build}-practice-question`);
        // Answers the first choice, or types 1: right or wrong, the engine grades it.
        let given;
        if (s.practice.choices > 0) {
          await click(page, "practice-choice-0");
        } else {
          await click(page, "practice-number");
          await page.keyboard.type("1");  // after the field's 0: "01", which is 1
          given = "1";
          await click(page, "practice-submit");
        }
        await until(page, () => window.cqStatus.practice.locked, null, { timeout: TIMEOUT });
        await until(page, () => window.cqStatus.practice.phase === "revealed", null, { timeout: TIMEOUT });
        s = await status(page);
        if (given !== undefined) assert.equal(s.practice.given, given);
        assert.notEqual(s.practice.expected, "", "the engine's answer shows on the reveal");
        assert.equal(s.practice.correct, s.practice.given === s.practice.expected,
                     `graded ${s.practice.correct} for ${s.practice.given} against ${s.practice.expected}`);
        await until(page, () => window.cqStatus.head === window.cqStatus.practice.answeredBy + 1, null,
                                   { timeout: TIMEOUT });
        assert.match(await page.evaluate(() => window.location.search), /seed=9&practice/,
                     "the link keeps the practice and its seed");
        await canvasShot(page, `${build}-practice-reveal`);

        // The next question: held at its own state, then played from there to its answer.
        await click(page, "practice-next");
        await until(page, () => window.cqStatus.practice.question === 2 &&
                                   window.cqStatus.practice.phase === "answering" &&
                                   window.cqStatus.head === window.cqStatus.practice.askedAt, null,
                                   { timeout: TIMEOUT });
        s = await status(page);
        assert.ok(s.practice.answeredBy + 1 > s.practice.askedAt);
        await click(page, s.practice.choices > 0 ? "practice-choice-0" : "practice-submit");
        await until(page, () => window.cqStatus.practice.phase === "revealed" &&
                                   window.cqStatus.head === window.cqStatus.practice.answeredBy + 1, null,
                                   { timeout: TIMEOUT });
        s = await status(page);
        assert.equal(s.practice.correct, s.practice.given === s.practice.expected);
        assert.equal(s.practice.seed, 9);
      } finally {
        await context.close();
      }
    });

    test("parameters that together ask for more cleanups than the page shows are refused and said", async () => {
      // 4 x 2,500,000 = 10 M cleanups: each parameter is in range, the page shows up to 8 M
      // (viz/model/session.hpp, kMaxAppCleanups).
      const { page, context } = await open(serverOf(), "?gomaxprocs=4&mutators=4&cleanups=2500000");
      try {
        const s = await status(page);
        assert.equal(s.urlProblems.length, 1, JSON.stringify(s.urlProblems));
        assert.match(s.urlProblems[0], /10000000 cleanups in all .*the app shows up to 8000000/);
        assert.equal(s.gomaxprocs, 8, "the default scenario is shown");
        const shown = await page.locator("#messages .message").first().textContent();
        assert.match(shown, /URL parameters: the scenario has 10000000 cleanups/);
      } finally {
        await context.close();
      }
    });

    test("a bad parameter is named on the page, and its default used", async () => {
      const { page, context } = await open(serverOf(), "?gomaxprocs=999&seed=7");
      try {
        const s = await status(page);
        assert.equal(s.urlProblems.length, 1, JSON.stringify(s.urlProblems));
        assert.match(s.urlProblems[0], /gomaxprocs=999/);
        assert.equal(s.gomaxprocs, 8, "the default GOMAXPROCS is used");
        const shown = await page.locator("#messages .message").first().textContent();
        assert.match(shown, /URL parameter gomaxprocs=999/);
        // The app keeps running: it still draws.
        const frames = s.frames;
        await page.mouse.move(200, 200);
        await until(page, (f) => window.cqStatus.frames > f, frames, { timeout: TIMEOUT });
        await canvasShot(page, `${build}-bad-parameter`);
      } finally {
        await context.close();
      }
    });
  });
}

test("settings and lesson progress survive a reload (localStorage)", async () => {
  const context = await browser.newContext({ viewport: { width: WIDTH, height: HEIGHT + BAR } });
  try {
    const page = await context.newPage();
    await page.goto(url(plain, "?lesson=3&step=2&palette=light"));
    await until(page, () => window.cqStatus && window.cqStatus.step === 2, null, { timeout: TIMEOUT });
    // Saved about once a second while the app runs.
    await until(page, () => (localStorage.getItem("cleanupq.settings") || "").includes("lesson.3.furthest = 2"),
                               null, { timeout: TIMEOUT });
    const saved = await page.evaluate(() => localStorage.getItem("cleanupq.settings"));
    assert.match(saved, /palette = light/);
    await page.goto(url(plain, ""));
    await firstFrame(page);
    const again = await page.evaluate(() => localStorage.getItem("cleanupq.settings"));
    assert.match(again, /lesson\.3\.furthest = 2/);
    assert.match(again, /palette = light/, "a reload without ?palette keeps the saved palette");
  } finally {
    await context.close();
  }
});

// Touch, as a tablet sends it (Chromium's DevTools protocol dispatches real TouchEvents, with
// as many fingers as given): a tap clicks, one finger dragged on the timeline scrubs, two
// fingers spread on it zoom in, and two fingers moved together pan it.
test("touch: tap clicks, one finger scrubs the timeline, pinch zooms, two fingers pan", async () => {
  const context = await browser.newContext({ viewport: { width: WIDTH, height: HEIGHT + BAR }, hasTouch: true });
  try {
    const page = await context.newPage();
    await page.goto(url(plain, "?" + SCENARIO));
    await firstFrame(page);
    const cdp = await context.newCDPSession(page);
    const touch = (type, points) => cdp.send("Input.dispatchTouchEvent", {
      type, touchPoints: points.map(([x, y], id) => ({ x, y: y + BAR, id })),
    });
    const centre = (r) => [r.x + r.w / 2, r.y + r.h / 2];

    // Taps on "Next interesting >>" until there is a run to scrub through.
    const next = centre((await status(page)).items.next_interesting);
    for (let i = 0; i < 6; ++i) {
      const before = (await status(page)).cursor;
      await touch("touchStart", [next]);
      await touch("touchEnd", []);
      await until(page, (c) => window.cqStatus.cursor > c, before, { timeout: TIMEOUT });
    }
    const s = await status(page);
    const axis = s.items.timeline;
    assert.ok(axis && s.head > 20, `a run to scrub (head ${s.head})`);

    // One finger from the right end to a quarter of the axis: the cursor follows the finger.
    const y = axis.y + axis.h / 2;
    await touch("touchStart", [[axis.x + axis.w - 2, y]]);
    for (const f of [0.8, 0.6, 0.4, 0.25]) await touch("touchMove", [[axis.x + axis.w * f, y]]);
    await until(page, ({ head }) => Math.abs(window.cqStatus.cursor - head * 0.25) <= head * 0.05,
                               { head: s.head }, { timeout: TIMEOUT });
    await touch("touchEnd", []);

    // Two fingers spread apart around the middle of the axis: zoomed in (a visible span < all).
    const mid = axis.x + axis.w / 2;
    await touch("touchStart", [[mid - 20, y], [mid + 20, y]]);
    for (const d of [60, 120, 200]) await touch("touchMove", [[mid - d, y], [mid + d, y]]);
    await until(page, (head) => window.cqStatus.timelineSpan > 0 && window.cqStatus.timelineSpan < head * 0.5,
                               s.head, { timeout: TIMEOUT });
    await touch("touchEnd", []);

    // Two fingers moved right together: the visible range moves left (earlier events).
    const first = (await status(page)).timelineFirst;
    await touch("touchStart", [[mid - 100, y], [mid + 100, y]]);
    for (const dx of [20, 60, 120]) await touch("touchMove", [[mid - 100 + dx, y], [mid + 100 + dx, y]]);
    await until(page, (f) => window.cqStatus.timelineFirst < f, first, { timeout: TIMEOUT });
    await touch("touchEnd", []);
    await canvasShot(page, "touch-zoomed-timeline");
  } finally {
    await context.close();
  }
});

test("the page says which build runs, shows download progress, and renders at the device pixel ratio", async () => {
  const context = await browser.newContext({ viewport: { width: 800, height: 600 }, deviceScaleFactor: 2 });
  try {
    const page = await context.newPage();
    // A slow network (about 8 Mbit/s), so the progress bar has something to show.
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions",
                   { offline: false, latency: 20, downloadThroughput: 1_000_000, uploadThroughput: 1_000_000 });
    await page.goto(url(isolated, ""));
    await until(page, () => /Downloading [0-9.]+ of [0-9.]+ MB/.test(document.getElementById("status").textContent),
                               null, { timeout: TIMEOUT });
    const bar = await page.evaluate(() => parseFloat(document.querySelector("#progress div").style.width));
    assert.ok(bar >= 0 && bar < 100, `progress bar at ${bar}%`);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, "loading.png") });
    await cdp.send("Network.emulateNetworkConditions",
                   { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await firstFrame(page);
    assert.match(await page.locator("#build").textContent(), /^threaded build/);
    assert.equal(await page.locator("#loading").isVisible(), false, "the loading screen is gone");
    const size = await page.evaluate(() => {
      const c = document.getElementById("canvas");
      return { w: c.width, h: c.height, cssW: c.clientWidth, cssH: c.clientHeight };
    });
    assert.equal(size.w, size.cssW * 2, JSON.stringify(size));
    assert.equal(size.h, size.cssH * 2, JSON.stringify(size));
  } finally {
    await context.close();
  }
});

test("without WebGL 2 the page says so instead of starting", async () => {
  const noGl = await launchChromium(["--disable-3d-apis"]);
  try {
    const page = await noGl.newPage();
    await page.goto(url(plain, ""));
    await until(page, () => window.cqStatus && window.cqStatus.error, null, { timeout: TIMEOUT });
    assert.equal(await page.evaluate(() => window.cqStatus.error), "no-webgl2");
    assert.match(await page.locator("#messages .message.fatal").textContent(), /no WebGL 2/);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, "no-webgl2.png") });
  } finally {
    await noGl.close();
  }
});

test("the welcome's lesson starts while many Workers still load, and the page keeps drawing", async () => {
  // A run of 16 Ps with a goroutine per P asks for dozens of Workers from the first frame; the
  // lesson's worker must not be given one still loading (a new thread takes the pool's last
  // Worker, and one on a loading Worker starts only once the page's thread is free, which then
  // waits for the lesson's worker: the page would stop for good).
  for (let i = 0; i < 3; ++i) {
    const { page, context } = await open(isolated, "?welcome&gomaxprocs=16&worker-cap=gomaxprocs");
    try {
      // Enter starts the welcome's lesson (keyboard.cpp): at once, while the Workers load.
      await page.keyboard.press("Enter");
      await until(page, () => window.cqStatus.lesson === 1, null, { timeout: TIMEOUT });
      const frames = (await status(page)).frames;
      await until(page, (f) => window.cqStatus.frames > f + 5, frames, { timeout: TIMEOUT });
    } finally {
      await context.close();
    }
  }
});

test("a scenario that needs more threads than the page made shows at once, then runs on them", async () => {
  // The page loads Workers for its start-up threads only; a cleanup goroutine per P needs more.
  // The first frame waits for none of them (issue 17, item 4): the same scenario shows on the
  // inline runner until they have loaded, and then runs on them.
  const { page, context, log } = await open(isolated, "?gomaxprocs=4&worker-cap=gomaxprocs&cleanups=40");
  try {
    assert.ok(!log.some((l) => /Web Workers for the first run/.test(l)), log.join("\n"));
    const first = await status(page);
    assert.equal(first.gomaxprocs, 4);
    assert.equal(first.firstFrameRunner, "inline", "the first frame shows the stand-in");
    console.log(`# threaded page, a threaded run of ${first.gomaxprocs} Ps: first frame ` +
                `${first.firstFrameMs.toFixed(0)} ms after navigation (on the stand-in)`);
    await until(page, () => window.cqStatus.runner === "threaded", null, { timeout: TIMEOUT });
    assert.match((await status(page)).message, /runner threaded: its threads are ready/);
    assert.match(await page.evaluate(() => window.location.search), /gomaxprocs=4/);
    assert.doesNotMatch(await page.evaluate(() => window.location.search), /runner=inline/);
    await click(page, "play");
    await until(page, () => window.cqStatus.head > 50, null, { timeout: TIMEOUT });
  } finally {
    await context.close();
  }
});
