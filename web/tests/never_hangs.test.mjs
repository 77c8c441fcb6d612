// The threaded page never hangs: Debian's Chromium (headless) on the cross-origin isolated page,
// starting, resetting and changing the scenario (runner and GOMAXPROCS) many times in a row, as
// a student clicking about would. After every action the page must draw again within a bounded
// time; a page thread that waits for the engine for ever fails the test instead of hanging it.
//
//   node --test web/tests/never_hangs.test.mjs   with CQ_WEB_MT set to the threaded build's
//   folder (cleanupq-lab.{js,wasm,data,worker.js}); `ctest --preset web` does that.
//
// Why it could hang (viz/model/session.hpp): in the threaded web build a thread made by any
// thread but the page's starts only once the page's thread returns to the browser, and a run
// makes such threads (a cleanup goroutine started inside a step) and waits for them. A page
// thread that waited for the run (a blocking submit, a join of the engine thread) waited for
// itself. When the page stops drawing, the test pauses the page's JavaScript through the
// DevTools protocol and prints where it stands.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "./chromium.mjs";
import { startServer } from "../serve.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
if (!process.env.CQ_WEB_MT) throw new Error("CQ_WEB_MT is not set (see the comment at the top of never_hangs.test.mjs)");
const MT = resolve(process.env.CQ_WEB_MT);
if (!existsSync(join(MT, "cleanupq-lab.worker.js"))) {
  throw new Error(`CQ_WEB_MT: ${join(MT, "cleanupq-lab.worker.js")} does not exist (build preset web first)`);
}

// Tall enough that the scenario editor (the Scenario tab, ?tab=scenario) shows every field.
const WIDTH = 1440, HEIGHT = 2000, BAR = 31;
const ITERATIONS = Number(process.env.CQ_HANG_ITERATIONS || 50);
// Per action: time for the page to draw again. A reset to more threads than the page has waits
// for new Web Workers to load, a second or two on a slow machine; a hang never ends.
const ACTION_MS = 20_000;
// Runners and GOMAXPROCS visited in turn (the URL's 8 sizes the page's first pool of Workers).
const RUNNERS = ["threaded", "conducted", "threaded", "inline"];
const PROCS = [8, 2, 4, 1, 8, 16];
// Slow cleanups and a cleanup goroutine per P: the queue backs up, so the run keeps starting
// cleanup goroutines (threads made by its own threads) for a while after Play.
const QUERY = "tab=scenario&gomaxprocs=8&worker-cap=gomaxprocs&cleanups=400&cleanup-cost-ns=20000";

let server, browser, root;

before(async () => {
  root = mkdtempSync(join(tmpdir(), "cleanupq-never-hangs-"));
  const site = join(root, "site");
  mkdirSync(join(site, "mt"), { recursive: true });
  copyFileSync(join(here, "..", "index.html"), join(site, "index.html"));
  for (const ext of ["js", "wasm", "data", "worker.js"]) {
    copyFileSync(join(MT, `cleanupq-lab.${ext}`), join(site, "mt", `cleanupq-lab.${ext}`));
  }
  server = await startServer({ root: site, port: 0, isolation: true });
  browser = await launchChromium(["--enable-unsafe-swiftshader"]);
});

after(async () => {
  await browser?.close();
  server?.close();
});

class Hung extends Error {}

// Every call into the page goes through here: a page thread that never returns to the browser
// answers no evaluate and no input event, so each gets its own deadline.
function within(ms, what, promise) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Hung(`${what}: no answer from the page within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

// Where the page's JavaScript stands, three times a second apart (a wait inside a wasm
// function shows as the same frames each time). The debugger is on from the start: a page
// thread stuck in wasm answers Debugger.pause (an interrupt) but not Debugger.enable.
async function pageStacks(cdp) {
  const samples = [];
  try {
    for (let i = 0; i < 3; ++i) {
      const paused = new Promise((resolve) => cdp.once("Debugger.paused", resolve));
      await within(5_000, "Debugger.pause", cdp.send("Debugger.pause"));
      const event = await within(5_000, "Debugger.paused", paused);
      samples.push(event.callFrames.map((f) => `    ${f.functionName || "(anonymous)"}`).join("\n"));
      await within(5_000, "Debugger.resume", cdp.send("Debugger.resume"));
      await new Promise((resolve) => setTimeout(resolve, 1000));  // spacing between samples
    }
  } catch (e) {
    samples.push(`    (no more samples: ${e.message})`);
  }
  return samples.map((s, i) => `  sample ${i + 1}:\n${s}`).join("\n");
}

test(`the threaded page keeps drawing through ${ITERATIONS} starts, resets and scenario changes in a row`, { timeout: 30 * 60_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: WIDTH, height: HEIGHT + BAR } });
  // Unthrottled: a run starts its cleanup goroutines (threads made by the engine's threads)
  // within the first frame after Play, while the next click is on its way.
  await context.addInitScript(() => {
    if (!localStorage.getItem("cleanupq.settings")) localStorage.setItem("cleanupq.settings", "speed = 0\n");
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Debugger.enable");
  const log = [];
  page.on("console", (m) => log.push(m.text()));
  page.on("pageerror", (e) => log.push(`pageerror: ${e.message}`));
  const done = [];
  let action = "loading the page";
  const status = () => within(ACTION_MS, `${action}: reading window.cqStatus`, page.evaluate(() => window.cqStatus));
  // The page draws at least two more frames within the action's time (a page thread that
  // never returns to the browser draws none), then `also` holds (the page may need to start
  // Web Workers first). An `also` that never holds while the page still answers is a plain
  // failure, not a hang.
  async function drawsAgain(also) {
    const frames = (await status()).frames;
    await within(ACTION_MS, `${action}: waiting for a frame`, page.waitForFunction(
        (frames) => window.cqStatus.frames >= frames + 2, frames, { timeout: ACTION_MS, polling: 50 }));
    if (!also) return;
    try {
      await within(ACTION_MS, `${action}: waiting for ${also}`, page.waitForFunction(
          (also) => new Function("s", `return ${also}`)(window.cqStatus), also, { timeout: ACTION_MS, polling: 50 }));
    } catch (e) {
      const s = await status();  // a Hung if the page stopped answering meanwhile
      assert.fail(`${action}: ${also} never held; the page shows ${JSON.stringify({ runner: s.runner, gomaxprocs: s.gomaxprocs, message: s.message })}`);
    }
  }
  // One click, then two frames: the shell gives ImGui one pending press at a time, so a second
  // click before the page has drawn the first would replace it (a hand cannot click that fast).
  async function click(item) {
    const r = (await status()).items[item];
    assert.ok(r, `${action}: the app published no rectangle for '${item}'`);
    assert.ok(r.y + r.h <= HEIGHT, `${action}: '${item}' is below the canvas (${JSON.stringify(r)})`);
    await within(ACTION_MS, `${action}: clicking ${item}`, page.mouse.click(r.x + r.w / 2, r.y + r.h / 2 + BAR));
    await drawsAgain();
  }
  async function press(key) {
    await within(ACTION_MS, `${action}: pressing ${key}`, page.keyboard.press(key));
    await drawsAgain();
  }

  try {
    try {
      await within(60_000, "loading", page.goto(`http://127.0.0.1:${server.address().port}/?${QUERY}`));
      await within(60_000, "first frame", page.waitForFunction(() => window.cqStatus && window.cqStatus.frames > 0, null, { timeout: 60_000 }));
      assert.equal((await status()).build, "threaded", log.join("\n"));
      // The first frame shows the URL's run on the inline runner until its Workers have loaded
      // (App::run_when_threads_ready); the first Play is to play the threaded run itself.
      await within(60_000, "the URL's run on its threads",
                   page.waitForFunction(() => window.cqStatus.runner === "threaded", null, { timeout: 60_000 }));
      for (let i = 0; i < ITERATIONS; ++i) {
        const runner = RUNNERS[i % RUNNERS.length], procs = PROCS[i % PROCS.length];
        // Start the run, and change the scenario in the editor while it plays.
        action = `iteration ${i}: Play (${(await status()).runner}), edit runner=${runner} gomaxprocs=${procs}`;
        await click("play");
        await click(`edit.runner=${runner}`);
        await click("edit.gomaxprocs");
        await press("Control+A");
        for (const digit of String(procs)) await press(digit);
        // Reset to it (while the run may still play).
        action = `iteration ${i}: Reset to runner=${runner} gomaxprocs=${procs}`;
        await click("reset");
        await drawsAgain(`s.runner === ${JSON.stringify(runner)} && s.gomaxprocs === ${procs}`);
        // Play, and reset the same scenario right away, three times: the run is starting its
        // threads when the page lets go of it (the old Session hung here within a few tries).
        for (let k = 0; k < 3; ++k) {
          action = `iteration ${i}: Play, then R at once (${k + 1} of 3)`;
          const play = (await status()).items.play;
          await within(ACTION_MS, `${action}: clicking play`, page.mouse.click(play.x + play.w / 2, play.y + play.h / 2 + BAR));
          await within(ACTION_MS, `${action}: pressing r`, page.keyboard.press("r"));
          await drawsAgain();
        }
        done.push(`${runner}/${procs}`);
      }
    } catch (e) {
      if (!(e instanceof Hung)) throw e;
      const stack = await pageStacks(cdp);
      const last = await within(5_000, "status after the hang", page.evaluate(() => JSON.stringify(
          { frames: window.cqStatus.frames, runner: window.cqStatus.runner, gomaxprocs: window.cqStatus.gomaxprocs,
            playing: window.cqStatus.playing, message: window.cqStatus.message }))).catch((x) => x.message);
      assert.fail(`${e.message}\nafter ${done.length} whole iterations (${done.join(" ")})\n` +
                  `the page's status: ${last}\nthe page's thread stands at:\n${stack}\nconsole (last 20 lines):\n${log.slice(-20).join("\n")}`);
    }
  } finally {
    await within(30_000, "closing the page", context.close()).catch(() => {});
  }
});
