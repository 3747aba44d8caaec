// End-to-end test of the dashboard's saved state in headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core). Run twice by tests/SensorDashboard.Tests/DashboardE2eTests.cs against the
// SensorDashboard simulator with a --state-file, stopped and started again in between:
//
//   node tests/e2e/restart.e2e.js set   http://127.0.0.1:PORT/   the LED is off; the page switches it on
//   node tests/e2e/restart.e2e.js check http://127.0.0.1:PORT/   a fresh page shows the LED on
//
// Prints one line of JSON: {"ok":true,...} or {"ok":false,"error":...,"step":...}; exit code 0/1.
// Every wait is bounded only to avoid a hang (PATIENCE); nothing asserts on timing.
"use strict";
const { openChromium } = require("./chromium.js");

const PATIENCE = 20000;
const [, , mode, baseUrl] = process.argv;
if ((mode !== "set" && mode !== "check") || !baseUrl) {
  console.error("usage: node restart.e2e.js set|check BASE_URL");
  process.exit(2);
}

let step = "launch";
const SWITCH = `[data-ch="led"] input[role=switch]`;

async function main() {
  const browser = await openChromium("e2e", PATIENCE, { viewport: { width: 390, height: 844 } });
  const context = browser.context;
  const errors = [];
  const result = { ok: true, mode };
  try {
    const page = context.pages()[0] || (await context.newPage());
    page.on("pageerror", (e) => errors.push("page error: " + e.message));
    step = "open";
    await page.goto(baseUrl);
    await page.waitForSelector("#conn[data-state=open]");
    await page.waitForSelector(SWITCH);
    result.ledShown = await page.isChecked(SWITCH);
    if (mode === "set") {
      // A device started without a saved state: the LED is off until the page switches it on.
      step = "off at start";
      check(result.ledShown === false, "the LED shows on before any command");
      step = "switch on";
      await page.click(SWITCH);
      await page.waitForSelector(`[data-ack="led"][data-state=ok]`);
      await page.waitForFunction((s) => document.querySelector(s).checked, SWITCH);
      result.ledShown = await page.isChecked(SWITCH);
      check(result.ledShown === true, "the switch does not show the LED on after its acknowledgement");
    } else {
      // The restarted device restored its saved state before the page's hello.
      step = "on after restart";
      check(result.ledShown === true, "a fresh page after the restart shows the LED off");
    }
    check(errors.length === 0, errors.join("; "));
  } finally {
    await browser.close();
  }
  return result;
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

main().then(
  (result) => { console.log(JSON.stringify(result)); process.exit(0); },
  (e) => { console.log(JSON.stringify({ ok: false, step, error: String(e && e.message || e) })); process.exit(1); });
