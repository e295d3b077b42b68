/**
 * Debian's Chromium for the browser tests, driven by playwright-core. When it is missing the set-up installs
 * it with apt (CI runs as root) or fails saying how — never a silent skip.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";

export const CHROMIUM = process.env.OUTPOST_CHROMIUM ?? "/usr/bin/chromium";
export const SCREENSHOTS = join(import.meta.dirname, "..", "..", "test-output", "screenshots");

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function apt(args: string[]): boolean {
  const r = spawnSync("apt-get", args, {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  return r.status === 0;
}

export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  const root = process.getuid?.() === 0;
  if (
    root &&
    (apt(["install", "-y", "chromium"]) || (apt(["update"]) && apt(["install", "-y", "chromium"])))
  ) {
    if (existsSync(CHROMIUM)) return;
  }
  throw new Error(
    `The browser tests need Chromium at ${CHROMIUM} and it is missing. Install it with ` +
      "`sudo apt-get install -y chromium` (Debian/Ubuntu), or point OUTPOST_CHROMIUM at a Chromium binary.",
  );
}

/** One headless Chromium for the whole file; playwright gives it a fresh temporary profile (user-data-dir). */
export async function launchChromium(): Promise<Browser> {
  ensureChromium();
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/** Keeps a full-page screenshot of what the page shows now, under test-output/ (not committed). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
