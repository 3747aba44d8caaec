// Interop of headless Chromium's WebSocket (Debian's /usr/bin/chromium driven by playwright-core,
// launched as in dashboard.e2e.js; no browser is ever downloaded) with our server:
//
//   node tests/e2e/interop.e2e.js SPEC.json
//
// SPEC.json: { "page": "http://127.0.0.1:PORT/interop.html", "url": "ws://127.0.0.1:PORT/echo",
// "sessions": [ session, ... ] }. The page is served by the server under test (same origin); each
// session (tests/interop/whatwg-session.js: messages, keep-alive idle, closes) runs inside it, one
// after the other. Run by tests/NanoWs.Net.Tests/ChromiumInteropTests.cs, which checks the
// payloads and close codes. Prints one JSON line: {"ok":true,"browser":...,"sessions":[...]} or
// {"ok":false,"step":...,"error":...}; exit code 0/1. Waits are bounded only to avoid a hang.
"use strict";
const fs = require("fs");
const { openChromium } = require("./chromium.js");
const { runSession } = require("../interop/whatwg-session.js");

const PATIENCE = 20000;
const specPath = process.argv[2];
if (!specPath) {
  console.error("usage: node interop.e2e.js SPEC.json");
  process.exit(2);
}

let step = "launch";
const result = { sessions: [] };

async function main() {
  const spec = JSON.parse(fs.readFileSync(specPath, "utf8"));
  const browser = await openChromium("interop", PATIENCE);
  const context = browser.context;
  const errors = [];
  try {
    const page = context.pages()[0] || (await context.newPage());
    page.on("pageerror", (e) => errors.push("page error: " + e.message));

    step = "load";
    const response = await page.goto(spec.page);
    check(response.ok(), "GET " + spec.page + " answered " + response.status());
    await page.addScriptTag({ content: runSession.toString() });
    result.userAgent = await page.evaluate(() => navigator.userAgent);

    for (let i = 0; i < spec.sessions.length; i++) {
      step = "session " + i;
      const r = await page.evaluate(([url, session]) => runSession(url, session), [spec.url, spec.sessions[i]]);
      result.sessions.push(r);
      check(r.ok, "session " + i + ": " + r.error);
    }

    step = "errors";
    check(errors.length === 0, errors.join("; "));
    return result;
  } finally {
    await browser.close();
  }
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

// The result line is long (the echoed payloads): exit only once stdout has taken all of it.
function finish(r, code) {
  process.stdout.write(JSON.stringify(r) + "\n", () => process.exit(code));
}

main().then(
  (r) => finish(Object.assign({ ok: true }, r), 0),
  (e) => finish(Object.assign(result, { ok: false, step, error: String(e && e.stack || e) }), 1),
);
