// Debian's Chromium, headless, with no network but loopback, for the browser
// tests; `extra` picks the WebGL: SwiftShader for the app, or none at all.
import { chromium } from "playwright-core";

export function launchChromium(extra) {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", ...extra, "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}
