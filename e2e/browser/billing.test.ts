/**
 * The owner app's Billing page in Debian's headless Chromium: the real Worker in workerd talks to the Stripe emulator
 * through the stripe SDK; the owner clicks Upgrade, pays on the emulator's hosted Checkout page, is sent back to
 * the page (APP_URL is the Worker's own address: startLocalCloud passes it) and sees the plan turn ACTIVE when the signed webhook lands.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyLocalMigrations, freePort, type LocalCloud, startLocalCloud } from "../../scripts/cloud.ts";
import { type StripeEmulator, startStripeEmulator } from "../../scripts/stripe-emulator/index.ts";
import { launchChromium, screenshot } from "./chromium.ts";

const WEBHOOK_SECRET = "whsec_e2e_billing_web";
const UI_WAIT = 30_000;
const OWNER = { email: `billing-${crypto.randomUUID()}@example.test`, password: "correct horse battery" };

let dir: string;
let browser: Browser;
let emulator: StripeEmulator;
let cloud: LocalCloud;
let url: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "outpost-billing-web-"));
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  [browser, emulator] = await Promise.all([
    launchChromium(),
    startStripeEmulator({ webhookSecret: WEBHOOK_SECRET, retryBackoffMs: 100, log: () => {} }),
  ]);
  await applyLocalMigrations(join(dir, "state"));
  cloud = await startLocalCloud({
    persistDir: join(dir, "state"),
    port,
    vars: {
      STRIPE_SECRET_KEY: "sk_test_e2e_outpost",
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_API_BASE: emulator.url,
    },
  });
  emulator.setWebhookUrl(`${cloud.url}/v1/billing/webhooks/stripe`);
}, 180_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await emulator?.webhooksIdle().catch(() => {});
  await cloud?.stop();
  await emulator?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function newPage(viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  return context.newPage();
}

async function signIn(page: Page) {
  await page.goto(`${url}/`);
  await page.getByRole("heading", { name: "Sign in" }).waitFor({ timeout: UI_WAIT });
  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel("Password").fill(OWNER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Your sites" }).waitFor({ timeout: UI_WAIT });
}

describe("owner app billing", () => {
  it("upgrades to Snow Bear through the emulator's hosted Checkout and shows it ACTIVE on return", async () => {
    // Sign-up answers 202 and mails a link; an unverified account may sign in and pay.
    const res = await fetch(`${url}/v1/accounts/sign-up`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(OWNER),
    });
    expect(res.status).toBe(202);

    const page = await newPage();
    await signIn(page);
    await page.getByRole("link", { name: "Billing" }).click();
    await page.getByRole("heading", { name: "Billing" }).waitFor({ timeout: UI_WAIT });
    await expect
      .poll(() => page.getByTestId("plan-name").textContent(), { timeout: UI_WAIT })
      .toBe("Polar Bear");
    await expect.poll(() => page.getByTestId("plan-status").textContent()).toBe("No paid plan");
    await page.getByText("EUR 29.00 per month").waitFor({ timeout: UI_WAIT });
    await page.getByText("No invoices yet.").waitFor({ timeout: UI_WAIT });
    await screenshot(page, "owner-billing-free");

    await page.getByRole("button", { name: "Upgrade to Snow Bear" }).click();
    await page.waitForURL((u) => u.href.startsWith(`${emulator.url}/checkout/`), { timeout: UI_WAIT });
    await page.getByText("Stripe emulator").first().waitFor({ timeout: UI_WAIT });
    await screenshot(page, "owner-billing-emulator-checkout");
    await page.getByRole("button", { name: "Pay" }).click();

    // Back on the app; the page itself asks again until the webhook has made the subscription ACTIVE.
    await page.waitForURL((u) => u.href.startsWith(`${url}/billing?checkout=success`), { timeout: UI_WAIT });
    await page.getByRole("heading", { name: "Billing" }).waitFor({ timeout: UI_WAIT });
    await expect
      .poll(() => page.getByTestId("plan-status").textContent(), { timeout: UI_WAIT })
      .toBe("Active");
    expect(await page.getByTestId("plan-name").textContent()).toBe("Snow Bear");
    await page.getByText("Payment received — your plan is active.").waitFor({ timeout: UI_WAIT });
    // The payment for the first period shows up as well.
    await page.getByRole("cell", { name: "EUR 29.00" }).first().waitFor({ timeout: UI_WAIT });
    await screenshot(page, "owner-billing-active");

    // The printable invoice sits behind the bearer token: the page fetches it and opens it.
    const [printable] = await Promise.all([
      page.waitForEvent("popup", { timeout: UI_WAIT }),
      page
        .getByRole("button", { name: /^Printable invoice/ })
        .first()
        .click(),
    ]);
    await printable.getByText("€29.00").first().waitFor({ timeout: UI_WAIT });
    await screenshot(printable, "owner-billing-invoice-print");

    // The same page at phone width: nothing wider than the screen.
    const phone = await newPage({ width: 360, height: 740 });
    await signIn(phone);
    await phone.goto(`${url}/billing`);
    await expect
      .poll(() => phone.getByTestId("plan-status").textContent(), { timeout: UI_WAIT })
      .toBe("Active");
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(phone, "owner-billing-360px");
  }, 120_000);
});
