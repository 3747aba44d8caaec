// End-to-end test of the sensor dashboard in headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core; no browser is ever downloaded).
//
//   node tests/e2e/dashboard.e2e.js http://127.0.0.1:PORT/ artifacts/dashboard.png
//   NANOWS_E2E_SPKI=<base64 SHA-256 of a certificate's SubjectPublicKeyInfo> \
//     node tests/e2e/dashboard.e2e.js https://127.0.0.1:PORT/ artifacts/dashboard-tls.png
//
// With NANOWS_E2E_SPKI Chromium trusts the certificate with that public key (its
// --ignore-certificate-errors-spki-list switch; the test machine has no NSS tools to add a CA to
// a profile's certificate database), so the page and its wss:// socket load over TLS.
//
// Run by tests/SensorDashboard.Tests/DashboardE2eTests.cs against the SensorDashboard simulator. Prints
// one line of JSON: {"ok":true,...figures} or {"ok":false,"error":...,"step":...}; exit code 0/1.
// Every wait is bounded only to avoid a hang (PATIENCE); nothing asserts on timing.
"use strict";
const fs = require("fs");
const path = require("path");
const { openChromium, PHONE } = require("./chromium.js");

const PATIENCE = 20000;
const [, , baseUrl, screenshotPath] = process.argv;
if (!baseUrl || !screenshotPath) {
  console.error("usage: node dashboard.e2e.js BASE_URL SCREENSHOT.png");
  process.exit(2);
}

// Records every WebSocket frame the page sends and receives, with a wall-clock timestamp in
// milliseconds (performance.timeOrigin + performance.now(): sub-millisecond and comparable across
// tabs of one browser). The page itself is not changed: this wraps the standard constructor. A
// socket set as window.__ws.muted delivers nothing more to the page (a device gone silent while
// the connection stays open).
function recordWebSocket() {
  const Native = window.WebSocket;
  const rec = (window.__ws = { opens: 0, closes: 0, recv: [], sent: [], sockets: [], conn: [], connAt: [], muted: null, blocked: false, texts: [] });
  const now = () => performance.timeOrigin + performance.now();
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      // While blocked, the page's attempts go to a closed port (the device unreachable).
      super(rec.blocked ? "ws://127.0.0.1:9/" : url, protocols);
      rec.url = url;
      rec.sockets.push(this);
      this.addEventListener("open", () => rec.opens++);
      this.addEventListener("close", () => rec.closes++);
      this.addEventListener("message", (e) => { if (rec.muted !== this) rec.recv.push({ t: now(), m: JSON.parse(e.data) }); });
    }
    set onmessage(handler) {
      const socket = this;
      this.__handler = handler;
      super.onmessage = handler && function (e) { if (rec.muted !== socket) return handler.call(this, e); };
    }
    // Hands the page a message as if the device had sent it.
    inject(m) {
      this.__handler.call(this, new MessageEvent("message", { data: JSON.stringify(m) }));
    }
    get onmessage() {
      return super.onmessage;
    }
    send(data) {
      rec.sent.push({ t: now(), m: JSON.parse(data) });
      return super.send(data);
    }
  };
  // The connection indicator's states, in order (every change, even several in one task), and
  // when each was seen.
  document.addEventListener("DOMContentLoaded", () => {
    const conn = document.getElementById("conn");
    const push = (state) => { rec.conn.push(state); rec.connAt.push(now()); };
    push(conn.getAttribute("data-state"));
    new MutationObserver((records) => {
      for (let i = 1; i < records.length; i++) push(records[i].oldValue);
      push(conn.getAttribute("data-state"));
    }).observe(conn, { attributes: true, attributeOldValue: true, attributeFilter: ["data-state"] });
    // What the indicator says, with the page's look at that moment (greyed, controls disabled).
    const text = document.getElementById("connText");
    new MutationObserver(() => rec.texts.push({
      text: text.textContent,
      off: document.body.classList.contains("off"),
      disabled: [...document.querySelectorAll("[data-ctl]")].every((c) => c.disabled),
    })).observe(text, { childList: true, characterData: true, subtree: true });
  });
}

let step = "launch";
const figures = {};

async function main() {
  const browser = await openChromium("e2e", PATIENCE, { ...PHONE, extraArgs: process.env.NANOWS_E2E_SPKI ? ["--ignore-certificate-errors-spki-list=" + process.env.NANOWS_E2E_SPKI] : [] });
  const context = browser.context;
  const errors = [];
  try {
    await context.addInitScript(recordWebSocket);
    const page = context.pages()[0] || (await context.newPage());
    page.on("pageerror", (e) => errors.push("page error: " + e.message));
    // The offline step's attempts at the unreachable address are expected to fail; nothing else may.
    page.on("console", (m) => { if (m.type() === "error" && !m.text().includes("ws://127.0.0.1:9/")) errors.push("console: " + m.text()); });

    // 1. The page loads from the device, gzip-compressed, and opens ws://<same host>/ws.
    step = "load";
    const response = await page.goto(baseUrl);
    check(response.ok(), "GET / answered " + response.status());
    check(response.headers()["content-encoding"] === "gzip", "page not served with Content-Encoding: gzip");
    figures.pageBytes = (await response.body()).length;

    // 2. hello received, one card per channel, controls for writable channels.
    step = "hello";
    await page.waitForSelector("#conn[data-state=open]");
    const hello = await page.evaluate(() => window.__ws.recv[0].m);
    check(hello.t === "hello", "first message is not hello: " + JSON.stringify(hello));
    check(await page.evaluate(() => window.__ws.url) === baseUrl.replace(/^http/, "ws") + "ws", "WebSocket URL");
    check(await page.textContent("#device") === hello.device, "device name not shown");
    const kinds = {};
    for (const c of hello.channels) {
      kinds[c.id] = c;
      const card = `[data-ch="${c.id}"]`;
      check(await page.locator(card).count() === 1, "no card for channel " + c.id);
      check((await page.textContent(card + " h2")) === (c.label || c.id), "label of " + c.id);
      if (c.kind === "bool" && c.writable) check(await page.locator(card + " input[role=switch]").count() === 1, "no switch for " + c.id);
      if (c.kind === "number" && c.writable) check(await page.locator(card + " input[type=range]").count() === 1, "no slider for " + c.id);
      if (c.kind === "number") check(await page.locator(card + " svg path").count() === 2, "no chart for " + c.id);
      if (c.kind === "bool" && !c.writable) check(await page.locator(card + " .led").count() === 1, "no indicator for " + c.id);
    }
    figures.channels = hello.channels.map((c) => c.id);
    const led = kinds.led;
    check(led && led.kind === "bool" && led.writable, "hello has no writable bool channel \"led\"");

    // 3. Values update: a numeric channel changes, the page shows the newest value and the chart grows.
    step = "updates";
    const numeric = hello.channels.filter((c) => c.kind === "number" && !c.writable).map((c) => c.id);
    check(numeric.length > 0, "no read-only numeric channel");
    const changed = await page.waitForFunction((ids) => {
      const first = {};
      for (const f of window.__ws.recv) {
        if (f.m.t === "hello") for (const c of f.m.channels) first[c.id] = c.value;
        if (f.m.t !== "state") continue;
        for (const id of ids) if (id in f.m.v && f.m.v[id] !== first[id]) return id;
      }
      return false;
    }, numeric).then((h) => h.jsonValue());
    await page.waitForFunction((id) => {
      let last;
      for (const f of window.__ws.recv) if (f.m.t === "state" && id in f.m.v) last = f.m.v[id];
      const shown = document.querySelector(`[data-ch="${id}"] .val span`).textContent;
      const path = document.querySelector(`[data-ch="${id}"] svg path`).getAttribute("d") || "";
      return last !== undefined && Math.abs(parseFloat(shown) - last) < 0.01 && path.split("L").length >= 2;
    }, changed);
    // seq never goes back; it repeats when one state is split in two, and in a heartbeat.
    const seqs = await page.evaluate(() => window.__ws.recv.filter((f) => f.m.seq !== undefined).map((f) => f.m.seq));
    for (let i = 1; i < seqs.length; i++) check(seqs[i] >= seqs[i - 1], "seq went back: " + seqs.join(","));
    figures.updatedChannel = changed;
    check(/\d/.test(await page.textContent("#updated")), "last update time not shown");

    // 4. A second tab watches the broadcast; the LED switch in the first sets the device's LED.
    step = "led";
    const watcher = await context.newPage();
    await watcher.goto(baseUrl);
    await watcher.waitForSelector("#conn[data-state=open]");
    await page.bringToFront();
    const sw = `[data-ch="led"] input[role=switch]`;
    if (await page.isChecked(sw)) await toggle(page, watcher, sw, false);
    const latencies = [];
    // Toggle a few times: each shows the ack, and gives one latency sample (set sent in this tab
    // -> state received in the other: browser -> device -> publish -> broadcast -> browser).
    for (let i = 0; i < 9; i++) latencies.push(await toggle(page, watcher, sw, i % 2 === 0));
    check(await page.isChecked(sw), "switch not on");
    check((await page.textContent(`[data-ack="led"]`)).includes("saved"), "ack not shown");
    const sets = await page.evaluate(() => window.__ws.sent.map((f) => f.m));
    check(sets.every((m) => m.t === "set" && m.ch === "led" && !("token" in m) && typeof m.id === "number"), "set messages: " + JSON.stringify(sets));
    check(new Set(sets.map((m) => m.id)).size === sets.length, "request ids not unique");
    latencies.sort((a, b) => a.toTab - b.toTab);
    figures.ledLatencyMs = {
      samples: latencies.length,
      setToOtherTabMedian: round(latencies[latencies.length >> 1].toTab),
      setToOtherTabMin: round(latencies[0].toTab),
      setToOtherTabMax: round(latencies[latencies.length - 1].toTab),
      setToAckMedian: round(latencies.map((l) => l.ack).sort((a, b) => a - b)[latencies.length >> 1]),
    };

    // Writable numbers: the slider sends the new value (debounced), the device takes it.
    step = "slider";
    for (const c of hello.channels.filter((c) => c.kind === "number" && c.writable)) {
      const lo = c.min != null ? c.min : 0, hi = c.max != null ? c.max : 100;
      const target = Math.round(lo + (hi - lo) * 0.75);
      const n = await page.evaluate(() => window.__ws.sent.length);
      await page.locator(`[data-ch="${c.id}"] input[type=range]`).fill(String(target));
      await page.waitForSelector(`[data-ack="${c.id}"][data-state=ok]`);
      const sent = await page.evaluate((n) => window.__ws.sent.slice(n).map((f) => f.m), n);
      check(sent.length === 1 && sent[0].ch === c.id && sent[0].v === target, "slider sent " + JSON.stringify(sent));
      await page.waitForFunction(([id, v]) => window.__ws.recv.some((f) => f.m.t === "state" && f.m.v[id] === v), [c.id, target]);
      await page.waitForFunction(([id, v]) => document.querySelector(`[data-ch="${id}"] .val span`).textContent === String(v), [c.id, target]);
    }

    // A tab that connects now gets the device's new state in its snapshot.
    const fresh = await context.newPage();
    await fresh.goto(baseUrl);
    await fresh.waitForSelector("#conn[data-state=open]");
    const freshHello = await fresh.evaluate(() => window.__ws.recv[0].m);
    check(freshHello.channels.find((c) => c.id === "led").value === true, "device LED not on in a new tab's hello");
    check(await fresh.isChecked(sw), "new tab's switch not on");

    // The device's history: announced in the hello, then a hist message for every numeric channel
    // before any state; the new tab's charts draw it at once (one point a sample, and the value now).
    step = "history";
    check(freshHello.history && freshHello.history.res > 0 && freshHello.history.points > 0, "hello announces no history: " + JSON.stringify(freshHello.history));
    const numericIds = freshHello.channels.filter((c) => c.kind === "number").map((c) => c.id);
    const hist = await fresh.waitForFunction((ids) => {
      const got = {};
      for (const f of window.__ws.recv.slice(1)) {
        if (f.m.t === "state") break;
        if (f.m.t === "hist") got[f.m.ch] = (got[f.m.ch] || []).concat(f.m.v);
      }
      return ids.every((id) => id in got) && got;
    }, numericIds).then((h) => h.jsonValue());
    const tempSamples = hist.temp.filter((v) => v != null).length;
    check(tempSamples >= 2, "history of temp holds " + tempSamples + " samples");
    const points = await fresh.evaluate(() => (document.querySelector('[data-ch="temp"] svg path').getAttribute("d") || "").split(/[ML]/).length - 1);
    check(points >= tempSamples, "temp chart draws " + points + " points for " + tempSamples + " samples");
    check(/ago/.test(await fresh.textContent('[data-ch="temp"] .rng')), "temp chart has no time label");
    figures.historySamples = tempSamples;
    await fresh.close();

    // 5. Screenshot (phone viewport) while the ack is on screen; first let the charts fill a little
    // (a soft wait: it gives up quietly, nothing depends on it).
    step = "screenshot";
    await page.waitForFunction(() => window.__ws.recv.filter((f) => f.m.t === "state").length >= 40, null, { timeout: 8000 }).catch(() => {});
    await page.click(sw);
    await page.waitForSelector(`[data-ack="led"][data-state=ok]`);
    await page.click(sw);
    await page.waitForSelector(`[data-ack="led"][data-state=ok]`);
    check(await page.isChecked(sw), "switch not on");
    await page.evaluate(() => window.scrollTo(0, 0));
    fs.mkdirSync(path.dirname(screenshotPath), { recursive: true });
    await page.screenshot({ path: screenshotPath });
    // The same page on a desktop: the cards use the width, several to a row.
    await page.setViewportSize({ width: 1280, height: 800 });
    const columns = await page.evaluate(() => getComputedStyle(document.getElementById("grid")).gridTemplateColumns.split(" ").length);
    check(columns >= 3, "desktop grid has " + columns + " columns");
    await page.screenshot({ path: screenshotPath.replace(/\.png$/, "-desktop.png") });
    await page.setViewportSize({ width: 390, height: 844 });
    figures.desktopColumns = columns;

    // 6. Publish-to-browser update rate of the simulator as seen by a tab (informational).
    step = "rate";
    const recv = await watcher.evaluate(() => window.__ws.recv.filter((f) => f.m.t === "state").map((f) => f.t));
    if (recv.length > 2) figures.stateMessagesPerSecond = round((recv.length - 1) * 1000 / (recv[recv.length - 1] - recv[0]));
    await watcher.close();

    // 7. Reload: a new connection, a new hello, channels rendered again, LED still on.
    step = "reload";
    await page.reload();
    await page.waitForSelector("#conn[data-state=open]");
    const after = await page.evaluate(() => ({ opens: window.__ws.opens, first: window.__ws.recv[0].m.t }));
    check(after.opens === 1 && after.first === "hello", "no fresh hello after reload");
    check(await page.locator("[data-ch]").count() === hello.channels.length, "cards after reload");
    check(await page.isChecked(sw), "switch not on after reload");
    await page.waitForFunction(() => window.__ws.recv.some((f) => f.m.t === "state"));

    // 8. The connection drops (closed here, from the page's side): the indicator shows it, the page
    // reconnects by itself after its backoff delay and gets a new hello.
    step = "reconnect";
    await page.evaluate(() => window.__ws.sockets[0].close(4000, "e2e drop"));
    await page.waitForFunction(() => window.__ws.opens === 2 && window.__ws.recv.filter((f) => f.m.t === "hello").length === 2);
    await page.waitForSelector("#conn[data-state=open]");
    const states = await page.evaluate(() => window.__ws.conn.join(" "));
    check(/^connecting open( open)* closed connecting open/.test(states), "connection indicator went " + states);
    check(await page.locator("[data-ch]").count() === hello.channels.length, "cards after reconnect");

    // Offline: the device cannot be reached; the page greys its cards, disables every control,
    // says so without protocol jargon and counts down to its next attempt, second by second.
    step = "offline";
    await page.evaluate(() => { window.__ws.blocked = true; window.__ws.texts.length = 0; const r = window.__ws; r.sockets[r.sockets.length - 1].close(4000, "e2e drop"); });
    const countdown = await page.waitForFunction(() => {
      const t = window.__ws.texts;
      for (let i = 1; i < t.length; i++) {
        const a = /^offline, retrying in (\d+) s$/.exec(t[i - 1].text), b = /^offline, retrying in (\d+) s$/.exec(t[i].text);
        if (a && b && +b[1] < +a[1]) return t.slice(0, i + 1);
      }
      return false;
    }, null, { timeout: 120000 }).then((h) => h.jsonValue());
    for (const t of countdown) {
      if (!/^offline/.test(t.text)) continue;
      check(t.off && t.disabled, "offline but not greyed and disabled: " + JSON.stringify(t));
    }
    check(!countdown.some((t) => /\(\d+\)/.test(t.text)), "close code shown: " + JSON.stringify(countdown));
    check(await page.textContent("#ack") === "", "a command's answer still shown offline");
    // The network comes back: the page tries at once (the button would race the page's own
    // attempts, which show and hide it).
    await page.evaluate(() => { window.__ws.blocked = false; window.dispatchEvent(new Event("online")); });
    await page.waitForSelector("#conn[data-state=open]");
    check(!(await page.evaluate(() => document.body.classList.contains("off"))), "still greyed when live");
    check(!(await page.isDisabled(sw)), "switch still disabled when live");

    // 9. The device goes silent while the connection stays open (nothing reaches the page any
    // more): after 2.5 of the heartbeat intervals the hello announced, the page marks the
    // connection stale and replaces it.
    step = "stale";
    const beat = hello.heartbeat;
    check(beat > 0, "hello announces no heartbeat: " + JSON.stringify(hello).slice(0, 120));
    const silent = await page.evaluate(() => {
      const rec = window.__ws;
      rec.muted = rec.sockets[rec.sockets.length - 1];
      const last = rec.recv.length ? rec.recv[rec.recv.length - 1].t : 0;
      return { last, conn: rec.conn.length, opens: rec.opens, hellos: rec.recv.filter((f) => f.m.t === "hello").length };
    });
    // The stale state lasts only until the retry: look for it in the indicator's history.
    const staleAt = await page.waitForFunction((n) => {
      const i = window.__ws.conn.indexOf("stale", n.conn);
      return i >= 0 && window.__ws.connAt[i];
    }, silent, { timeout: beat * 2.5 + PATIENCE, polling: 100 }).then((h) => h.jsonValue());
    figures.heartbeatMs = beat;
    figures.staleAfterLastMessageMs = round(staleAt - silent.last);
    await page.waitForFunction((n) => window.__ws.opens === n.opens + 1 && window.__ws.recv.filter((f) => f.m.t === "hello").length === n.hellos + 1, silent);
    await page.waitForSelector("#conn[data-state=open]");
    const afterStale = await page.evaluate(() => window.__ws.conn.join(" "));
    check(/ open stale connecting open$/.test(afterStale), "connection indicator went " + afterStale);

    // 10. The merged count: a state split in two (same seq) is counted once. Real messages are
    // held back for the moment, and the page is handed the two parts of one state.
    step = "merged";
    const mergedCount = await page.evaluate(() => {
      const rec = window.__ws, socket = rec.sockets[rec.sockets.length - 1];
      const read = () => { const m = /\((\d+) merged\)/.exec(document.getElementById("merged").textContent); return m ? +m[1] : 0; };
      rec.muted = socket;
      const before = read(), seq = +document.getElementById("seq").textContent;
      // 5 changes, 3 values delivered: 2 merged.
      socket.inject({ t: "state", seq: seq + 5, v: { temp: 20.5, humidity: 40.5 } });
      socket.inject({ t: "state", seq: seq + 5, v: { light: 55 } });
      rec.muted = null;
      return { before, after: read() };
    });
    check(mergedCount.after - mergedCount.before === 2, "merged count went " + JSON.stringify(mergedCount));

    step = "errors";
    check(errors.length === 0, errors.join("; "));
    return figures;
  } finally {
    await browser.close();
  }
}

/** Clicks the switch so that it becomes <on>; waits for the ack in this tab and the state in the other. */
async function toggle(page, watcher, sw, on) {
  const before = await watcher.evaluate(() => window.__ws.recv.length);
  const sentBefore = await page.evaluate(() => window.__ws.sent.length);
  await page.click(sw);
  await page.waitForSelector(`[data-ack="led"][data-state=ok]`);
  const set = await page.evaluate((n) => window.__ws.sent[n], sentBefore);
  check(set && set.m.v === on, "switch sent " + JSON.stringify(set));
  const ack = await page.waitForFunction((id) => window.__ws.recv.find((f) => f.m.t === "ack" && f.m.id === id), set.m.id).then((h) => h.jsonValue());
  check(ack.m.ok === true, "ack not ok: " + JSON.stringify(ack.m));
  const seen = await watcher.waitForFunction(([n, v]) => window.__ws.recv.slice(n).find((f) => f.m.t === "state" && f.m.v.led === v), [before, on]).then((h) => h.jsonValue());
  // This tab also gets the new state (the broadcast goes to every tab, the sender included).
  await page.waitForFunction(([t, v]) => window.__ws.recv.some((f) => f.t >= t && f.m.t === "state" && f.m.v.led === v), [set.t, on]);
  check(await page.isChecked(sw) === on, "switch does not show " + on);
  return { toTab: seen.t - set.t, ack: ack.t - set.t };
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

function round(x) {
  return Math.round(x * 100) / 100;
}

main().then(
  (f) => { console.log(JSON.stringify(Object.assign({ ok: true }, f))); process.exit(0); },
  (e) => { console.log(JSON.stringify({ ok: false, step, error: String(e && e.stack || e), figures })); process.exit(1); },
);
