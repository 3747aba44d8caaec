// Socket.IO's founding example in headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core, launched as in interop.e2e.js) against a NanoWs device:
//
//   node tests/e2e/socketio-news.e2e.js http://localhost:PORT/ CLIENT_SCRIPT_URL
//
// The page (with the example's browser code, unchanged) is served by the device; the official
// client it loads from CLIENT_SCRIPT_URL (a CDN address) is served by this harness from
// tests/interop/node_modules/socket.io-client/dist, never by the device and never from the network.
// Prints one JSON line: {"ok":true,"console":[...],"transport":"websocket"} once the page has
// logged the news and the client has upgraded to WebSocket, or {"ok":false,"step":...,"error":...}.
// Run by tests/NanoWs.SocketIo.Net.Tests/SocketIoNewsSampleTests.cs. Waits are bounded only to avoid a hang.
"use strict";
const fs = require("fs");
const path = require("path");
const { openChromium } = require("./chromium.js");

const PATIENCE = 20000;
const [pageUrl, clientScriptUrl] = process.argv.slice(2);
const bundle = path.join(__dirname, "..", "interop", "node_modules", "socket.io-client", "dist", "socket.io.min.js");

let step = "launch";
const result = { console: [] };

async function main() {
  const browser = await openChromium("socketio", PATIENCE);
  const context = browser.context;
  const errors = [];
  try {
    // The client bundle comes from this harness, whatever address the page names.
    await context.route(clientScriptUrl, (route) =>
      route.fulfill({ status: 200, contentType: "application/javascript", body: fs.readFileSync(bundle) }));
    const page = context.pages()[0] || (await context.newPage());
    page.on("pageerror", (e) => errors.push("page error: " + e.message));
    let logged;
    const news = new Promise((resolve) => { logged = resolve; });
    page.on("console", async (msg) => {
      const args = await Promise.all(msg.args().map((a) => a.jsonValue()));
      result.console.push(JSON.stringify(args.length === 1 ? args[0] : args));
      logged();
    });

    step = "load";
    const response = await page.goto(pageUrl);
    check(response.ok(), "GET " + pageUrl + " answered " + response.status());

    step = "news";
    await news;

    step = "upgrade";
    await page.waitForFunction(() => socket.io.engine && socket.io.engine.transport.name === "websocket");
    result.transport = await page.evaluate(() => socket.io.engine.transport.name);

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

function finish(r, code) {
  process.stdout.write(JSON.stringify(r) + "\n", () => process.exit(code));
}

main().then(
  (r) => finish(Object.assign({ ok: true }, r), 0),
  (e) => finish(Object.assign(result, { ok: false, step, error: String(e && e.stack || e) }), 1),
);
