// The dashboard's login in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core, launched as in dashboard.e2e.js), against the simulator started with a password:
//
//   node tests/e2e/login.e2e.js http://127.0.0.1:PORT/ PASSWORD
//
// The page without a session is the login form (401); a wrong password is refused; the right one
// sets an HttpOnly SameSite=Strict cookie and opens the live dashboard; the LED switch's command is
// acknowledged; "log out" leads back to the login page, after which a WebSocket to the device is
// refused. Run by tests/SensorDashboard.Tests/LoginChromiumTests.cs. Prints one line of JSON;
// every wait is bounded only to avoid a hang, nothing asserts on timing.
"use strict";
const { openChromium } = require("./chromium.js");

const PATIENCE = 20000;
const [, , baseUrl, password] = process.argv;
let step = "launch";
const seen = {};

async function main() {
  const browser = await openChromium("login", PATIENCE);
  const context = browser.context;
  try {
    const page = context.pages()[0] || (await context.newPage());

    step = "page without a session";
    const first = await page.goto(baseUrl);
    seen.firstStatus = first.status();
    await page.waitForSelector("#pw");

    step = "wrong password";
    await page.fill("#pw", "not " + password);
    await page.click("button");
    await page.waitForFunction(() => document.getElementById("msg").textContent !== "");
    seen.wrongMessage = await page.textContent("#msg");
    seen.cookiesAfterWrong = (await context.cookies()).length;

    step = "right password";
    await page.fill("#pw", password);
    await Promise.all([page.waitForNavigation(), page.click("button")]);
    seen.urlAfterLogin = page.url();
    await page.waitForSelector("#conn[data-state=open]");
    const cookie = (await context.cookies()).find((c) => c.name === "nanows_session");
    seen.cookie = cookie && { httpOnly: cookie.httpOnly, sameSite: cookie.sameSite, path: cookie.path, length: cookie.value.length };
    seen.cookieVisibleToScript = await page.evaluate(() => document.cookie.includes("nanows_session"));
    seen.urlHasSecret = page.url().includes(password);

    step = "command";
    const sw = `[data-ch="led"] input[role=switch]`;
    const on = !(await page.isChecked(sw));
    await page.click(sw);
    await page.waitForSelector(`[data-ack="led"][data-state=ok]`);
    seen.ack = await page.textContent(`[data-ack="led"]`);
    seen.ledOn = on;

    step = "log out";
    await page.waitForSelector("#logout:not([hidden])");
    await Promise.all([page.waitForURL("**/login"), page.click("#logout")]);
    seen.urlAfterLogout = page.url();
    seen.cookiesAfterLogout = (await context.cookies()).filter((c) => c.name === "nanows_session").length;

    step = "socket after logout";
    seen.socketAfterLogout = await page.evaluate((url) => new Promise((resolve) => {
      const r = { opened: false, code: null };
      const ws = new WebSocket(url);
      ws.onopen = () => { r.opened = true; };
      ws.onclose = (e) => { r.code = e.code; resolve(r); };
    }), baseUrl.replace(/^http/, "ws") + "ws");
  } finally {
    await browser.close();
  }
}

main().then(
  () => process.stdout.write(JSON.stringify(Object.assign({ ok: true }, seen)) + "\n", () => process.exit(0)),
  (e) => process.stdout.write(JSON.stringify(Object.assign({ ok: false, step, error: String(e && e.stack || e) }, seen)) + "\n", () => process.exit(1)),
);
