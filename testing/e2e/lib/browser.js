// Launch Debian's Chromium through playwright-core (no downloaded browsers: `npx playwright
// install` cannot work on these machines). Generic: shared by every app's browser tests.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  // Videos must autoplay (muted) exactly as for a user who has interacted with the site.
  "--autoplay-policy=no-user-gesture-required",
];

/** The platform under test (set by the pytest wrapper, or by hand for a dev server). */
export function baseURL() {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error("E2E_BASE_URL is not set (the pytest wrapper sets it)");
  return url.replace(/\/$/, "");
}

export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

/** A fresh, isolated browser profile (cookies, localStorage) pointed at the platform. */
export async function newContext(browser, { viewport = PHONE, ...options } = {}) {
  const context = await browser.newContext({
    baseURL: baseURL(),
    viewport,
    permissions: ["clipboard-read", "clipboard-write"],
    ...options,
  });
  context.setDefaultTimeout(Number(process.env.E2E_STEP_TIMEOUT_MS || 20000));
  return context;
}

/** Collect console errors and failed requests so a spec can assert the page stayed healthy. */
export function watchErrors(page) {
  const errors = [];
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
  page.on("console", (msg) => msg.type() === "error" && errors.push(`console: ${msg.text()}`));
  return errors;
}

export function screenshotDir() {
  const dir = process.env.E2E_SCREENSHOT_DIR || path.resolve(import.meta.dirname, "../../out/screenshots");
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Save a full-window PNG named for the step, e.g. "03-feed.png". */
export async function screenshot(page, name) {
  const file = path.join(screenshotDir(), `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
