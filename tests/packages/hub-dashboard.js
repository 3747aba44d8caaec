// The README's dashboard-hub snippet, run from the packed packages (tests/packages/SnippetApp hub),
// driven in headless Chromium (Debian's /usr/bin/chromium through playwright-core from
// tests/e2e/node_modules; no browser is downloaded):
//
//   node tests/packages/hub-dashboard.js http://127.0.0.1:PORT/
//
// The built-in page loads from the app, shows the device name and the Temperature channel with the
// published 21.5, the LED switch sends a command that the app acknowledges, and the value the app
// publishes after it (23.5) appears. tests/packages/run.sh checks that the command reached the app
// (its "app: led true" line). Prints one line of JSON, {"ok":true,...} or {"ok":false,"step",
// "error"}; exit code 0/1. Every wait is on a page state; PATIENCE only bounds a hang.
"use strict";
const path = require("path");
const { openChromium } = require(path.join(__dirname, "..", "e2e", "chromium.js"));

const PATIENCE = 30000;
const [, , baseUrl] = process.argv;
if (!baseUrl) {
  console.error("usage: node hub-dashboard.js BASE_URL");
  process.exit(2);
}

let step = "launch";
const found = {};

async function main() {
  const browser = await openChromium("hub", PATIENCE);
  const context = browser.context;
  const errors = [];
  try {
    const page = context.pages()[0] || (await context.newPage());
    page.on("pageerror", (e) => errors.push("page error: " + e.message));

    step = "load";
    const response = await page.goto(baseUrl);
    if (!response.ok()) throw new Error("GET / answered " + response.status());
    found.gzip = response.headers()["content-encoding"] === "gzip";
    if (!found.gzip) throw new Error("the page was not served gzip-compressed");

    step = "hello";
    await page.waitForSelector('#conn[data-state="open"]');
    found.device = await page.textContent("#device");
    if (found.device !== "greenhouse") throw new Error("heading shows " + JSON.stringify(found.device));

    step = "channel";
    found.label = (await page.textContent('[data-ch="temp"] h2')).trim();
    if (found.label !== "Temperature") throw new Error("temp card is labelled " + JSON.stringify(found.label));
    await page.waitForFunction(() => document.querySelector('[data-ch="temp"] .val span').textContent === "21.5");
    found.published = "21.5";

    step = "command";
    await page.click('[data-ch="led"] input[role=switch]');
    await page.waitForSelector('[data-ack="led"][data-state="ok"]');
    found.ack = await page.textContent('[data-ack="led"]');

    step = "value after the command";
    await page.waitForFunction(() => document.querySelector('[data-ch="temp"] .val span').textContent === "23.5");
    found.after = "23.5";

    if (errors.length) throw new Error(errors.join("; "));
    console.log(JSON.stringify({ ok: true, ...found }));
  } finally {
    await browser.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.log(JSON.stringify({ ok: false, step, error: String(e && e.message || e), ...found }));
    process.exit(1);
  });
