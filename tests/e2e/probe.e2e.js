// Headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core, launched as in
// dashboard.e2e.js) loads pages and, in each, opens a WebSocket, as a visitor's browser would.
//
//   node tests/e2e/probe.e2e.js '[{"page":"http://127.0.0.1:A/p.html","ws":"ws://127.0.0.1:B/"}, ...]'
//
// For each probe it reports what the page saw: {"opened":bool,"message":first text or null,
// "code":close code or null}. The page sends "probe" once open and waits for the first message (an
// echo, a hello) or the close; the sockets of the probes are closed before the next one. Used by
// tests/NanoWs.Net.Tests/OriginChromiumTests.cs. Prints one line of JSON; every wait is bounded
// only to avoid a hang, nothing asserts on timing.
"use strict";
const { openChromium } = require("./chromium.js");

const PATIENCE = 20000;
const probes = JSON.parse(process.argv[2] || "[]");
let step = "launch";

async function main() {
  const browser = await openChromium("probe", PATIENCE);
  const context = browser.context;
  const results = [];
  try {
    const page = context.pages()[0] || (await context.newPage());
    for (let i = 0; i < probes.length; i++) {
      const p = probes[i];
      step = "probe " + i + ": load " + p.page;
      const response = await page.goto(p.page);
      step = "probe " + i + ": connect " + p.ws;
      const seen = await page.evaluate((url) => new Promise((resolve) => {
        const r = { opened: false, message: null, code: null, origin: location.origin };
        const ws = new WebSocket(url);
        ws.onopen = () => { r.opened = true; ws.send("probe"); };
        ws.onmessage = (e) => { if (r.message === null) { r.message = String(e.data); ws.close(1000); } };
        ws.onclose = (e) => { r.code = e.code; resolve(r); };
      }), p.ws);
      seen.status = response ? response.status() : null;
      results.push(seen);
    }
  } finally {
    await browser.close();
  }

  return { results };
}

main().then(
  (r) => process.stdout.write(JSON.stringify(Object.assign({ ok: true }, r)) + "\n", () => process.exit(0)),
  (e) => process.stdout.write(JSON.stringify({ ok: false, step, error: String(e && e.stack || e) }) + "\n", () => process.exit(1)),
);
