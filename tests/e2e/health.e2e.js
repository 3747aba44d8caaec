// End-to-end test of the dashboard's device card in headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core): the card shows the device's uptime, memory and version from its
// health message, and a connection the device refuses (an upgrade from a page of another site,
// made here by Node's http client as a real peer) appears in the card's recent events.
//
//   node tests/e2e/health.e2e.js http://127.0.0.1:PORT/ artifacts/dashboard-health.png
//
// Run by tests/SensorDashboard.Tests/DashboardE2eTests.cs against the SensorDashboard simulator. Prints
// one line of JSON: {"ok":true,...} or {"ok":false,"error":...,"step":...}; exit code 0/1. Every wait
// is bounded only to avoid a hang (PATIENCE); nothing asserts on timing.
"use strict";
const fs = require("fs");
const path = require("path");
const http = require("http");
const { openChromium, PHONE } = require("./chromium.js");

const PATIENCE = 20000;
const [, , baseUrl, screenshotPath] = process.argv;
if (!baseUrl || !screenshotPath) {
  console.error("usage: node health.e2e.js BASE_URL SCREENSHOT.png");
  process.exit(2);
}

let step = "launch";
const figures = {};

async function main() {
  const browser = await openChromium("e2e", PATIENCE, PHONE);
  const context = browser.context;
  const errors = [];
  try {
    const page = context.pages()[0] || (await context.newPage());
    page.on("pageerror", (e) => errors.push("page error: " + e.message));
    page.on("console", (m) => { if (m.type() === "error") errors.push("console: " + m.text()); });

    // 1. The card appears with the health the device sends after the hello.
    step = "card";
    await page.goto(baseUrl);
    await page.waitForSelector("#conn[data-state=open]");
    await page.waitForSelector("#dev:not([hidden]) [data-h=ver]");
    const card = await page.evaluate(() => {
      const row = (k) => { const d = document.querySelector(`#hv [data-h=${k}]`); return d && { label: d.querySelector("dt").textContent, value: d.querySelector("dd").textContent }; };
      return { up: row("up"), heap: row("heap"), ver: row("ver"), addr: row("addr"), host: row("host"), rssi: row("rssi"),
        events: [...document.querySelectorAll("#ev li")].map((li) => ({ k: li.dataset.k, text: li.textContent })) };
    });
    figures.card = card;
    check(card.up && card.up.label === "Running for" && /^\d+ (s|min)$/.test(card.up.value), "uptime: " + JSON.stringify(card.up));
    // The simulator runs on .NET: it reports memory in use, never "free".
    check(card.heap && card.heap.label === "Memory in use" && /^\d+\.\d (KB|MB)$/.test(card.heap.value), "memory: " + JSON.stringify(card.heap));
    check(card.ver && /^\d+\.\d+/.test(card.ver.value), "version: " + JSON.stringify(card.ver));
    check(card.addr && card.addr.value === "127.0.0.1", "address: " + JSON.stringify(card.addr));
    check(card.host && card.host.value.length > 0, "host name: " + JSON.stringify(card.host));
    check(card.rssi === null, "a Wi-Fi signal on the simulator: " + JSON.stringify(card.rssi));
    check(card.events.some((e) => e.k === "open" && e.text.endsWith("a tab connected")), "no 'tab connected' event: " + JSON.stringify(card.events));

    // 2. A page of another site tries the device's WebSocket: refused with 403 (RFC 6455 §10.2).
    step = "refused";
    const status = await refusedUpgrade(new URL(baseUrl));
    check(status === 403, "upgrade from another site answered " + status);
    await page.waitForSelector("#ev li[data-k=origin]");
    const refused = await page.textContent("#ev li[data-k=origin] span");
    check(refused === "a page of another site refused", "event text: " + refused);
    figures.refusedEvent = refused;

    step = "screenshot";
    fs.mkdirSync(path.dirname(screenshotPath), { recursive: true });
    await page.locator("#dev").screenshot({ path: screenshotPath });
    check(errors.length === 0, errors.join("; "));
    return figures;
  } finally {
    await browser.close();
  }
}

/** A WebSocket upgrade with the Origin of another site; resolves with the HTTP status the device answers. */
function refusedUpgrade(base) {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: base.hostname, port: base.port, path: "/ws", method: "GET",
      headers: { Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", Origin: "http://elsewhere.example" },
    });
    req.on("response", (res) => { res.resume(); resolve(res.statusCode); });
    req.on("upgrade", (res, socket) => { socket.destroy(); resolve(res.statusCode); });
    req.on("error", reject);
    req.setTimeout(PATIENCE, () => req.destroy(new Error("no answer")));
    req.end();
  });
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

main().then(
  (f) => { console.log(JSON.stringify(Object.assign({ ok: true }, f))); process.exit(0); },
  (e) => { console.log(JSON.stringify({ ok: false, step, error: String(e && e.stack || e), figures })); process.exit(1); },
);
