// The end-to-end scripts' one way to start a browser: Debian's headless Chromium (/usr/bin/chromium)
// through playwright-core (no browser is downloaded), in a fresh profile that is removed on close.
//
//   const { openChromium, PHONE } = require("./chromium.js");
//   const browser = await openChromium("e2e", PATIENCE, PHONE);
//   try { const page = browser.context.pages()[0]; ... } finally { await browser.close(); }
//
// PATIENCE bounds the launch and every wait of the context (setDefaultTimeout); it only guards
// against a hang, nothing asserts on timing.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { chromium } = require("playwright-core");

/** Switches that keep a headless Chromium to the page under test: no sandbox in a container, no GPU, no QUIC, no background traffic. */
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** A phone's screen, as the dashboard's tests and screenshots use it (playwright context options). */
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, colorScheme: "light" };

/**
 * Launches Chromium in a new profile directory named after `name`. `options` are playwright's
 * persistent-context options (viewport, isMobile, …) and `extraArgs`, more command-line switches.
 * Returns { context, close }: close() closes the browser and removes the profile.
 */
async function openChromium(name, patience, options = {}) {
  const { extraArgs = [], ...contextOptions } = options;
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "nanows-" + name + "-chromium-"));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: "/usr/bin/chromium",
      headless: true,
      args: ARGS.concat(extraArgs),
      timeout: patience,
      ...contextOptions,
    });
  } catch (e) {
    fs.rmSync(userDataDir, { recursive: true, force: true });
    throw e;
  }

  context.setDefaultTimeout(patience);
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

module.exports = { openChromium, PHONE };
