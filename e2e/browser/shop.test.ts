/**
 * Buying online on a phone (390 px) in Debian's Chromium: the owner app's Shop page orders, pays on the Stripe
 * emulator's hosted Checkout, comes back, and shows the QR code the cloud signed on `payment.succeeded`.
 */
import type { Browser, Page } from "playwright-core";
import { renderSVG } from "uqr";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/cloud.ts";
import type { StripeEmulator } from "../../scripts/stripe-emulator/index.ts";
import { type BillingStack, startBillingStack } from "../stack.ts";
import { launchChromium, screenshot } from "./chromium.ts";

const WEBHOOK_SECRET = "whsec_e2e_shop_web";
const UI_WAIT = 30_000;
const PHONE = { width: 390, height: 844 };

let browser: Browser;
let emulator: StripeEmulator;
let stack: BillingStack;
let url: string;

beforeAll(async () => {
  [browser, stack] = await Promise.all([
    launchChromium(),
    startBillingStack(WEBHOOK_SECRET, { port: await freePort(), secretKey: "sk_test_e2e_shop" }),
  ]);
  url = stack.url;
  emulator = stack.emulator;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.destroy();
});

async function api<T = Record<string, string>>(method: string, path: string, token?: string, body?: unknown) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto(`${url}/`);
  await page.getByRole("heading", { name: "Sign in" }).waitFor({ timeout: UI_WAIT });
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Your sites" }).waitFor({ timeout: UI_WAIT });
}

describe("owner app shop on a phone", () => {
  it("buys a Cola, pays through the emulator's Checkout, and shows the signed QR code big enough to scan", async () => {
    const owner = { email: `shop-${crypto.randomUUID()}@example.test`, password: "correct horse battery" };
    await api("POST", "/v1/accounts/sign-up", undefined, owner);
    const { accessToken } = await api<{ accessToken: string }>(
      "POST",
      "/v1/accounts/sign-in",
      undefined,
      owner,
    );
    const site = await api("POST", "/v1/sites", accessToken, {
      name: "Harbour kiosk",
      timeZone: "Europe/Stockholm",
    });
    await api("PUT", `/v1/sites/${site.id}/dispensing/products/cola`, accessToken, {
      name: "Cola",
      category: "Drinks",
      priceMinor: 3000,
      currency: "SEK",
      dispensable: true,
      available: true,
      lowStockThreshold: 2,
    });

    const page = await (await browser.newContext({ viewport: PHONE })).newPage();
    await signIn(page, owner);
    await page.goto(`${url}/sites/${site.id}/shop`);
    await page.getByRole("heading", { name: "Shop" }).waitFor({ timeout: UI_WAIT });
    await page.getByRole("cell", { name: "SEK 30.00" }).first().waitFor({ timeout: UI_WAIT });
    await page.getByRole("button", { name: "Buy one Cola" }).click();

    await page.waitForURL((u) => u.href.startsWith(`${emulator.url}/checkout/`), { timeout: UI_WAIT });
    await page.getByText("Stripe emulator").first().waitFor({ timeout: UI_WAIT });
    await screenshot(page, "owner-shop-checkout-390px");
    await page.getByRole("button", { name: "Pay" }).click();

    // Back on the Shop page; the page asks again until the webhook has made the order paid and its code signed.
    await page.waitForURL((u) => u.href.startsWith(`${url}/sites/${site.id}/shop?order=`), {
      timeout: UI_WAIT,
    });
    const orderId = new URL(page.url()).searchParams.get("order")!;
    expect(new URL(page.url()).searchParams.get("checkout")).toBe("success");
    const qr = page.getByRole("img", { name: "QR code for this order" });
    await qr.waitFor({ timeout: UI_WAIT });
    await screenshot(page, "owner-shop-qr-390px");

    // The code shown is the one the cloud signed for this order, drawn at most of the phone's width.
    const order = await api<{ status: string; token: string; totalMinor: number }>(
      "GET",
      `/v1/sites/${site.id}/dispensing/orders/${orderId}`,
      accessToken,
    );
    expect([order.status, order.totalMinor]).toEqual(["PAID", 3000]);
    const path = /<path[^>]* d="([^"]+)"/.exec(renderSVG(order.token, { ecc: "L", border: 2 }))![1]!;
    expect(await qr.innerHTML()).toContain(path);
    const box = (await qr.boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(300);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    // The owner's sales count it, in the site's day, with money formatted.
    await page.reload();
    await qr.waitFor({ timeout: UI_WAIT });
    await expect
      .poll(() => page.getByTestId("sales-today").textContent(), { timeout: UI_WAIT })
      .toMatch(/1 order, SEK 30\.00$/);
    await page.getByRole("cell", { name: "online" }).first().waitFor({ timeout: UI_WAIT });
  }, 120_000);
});
