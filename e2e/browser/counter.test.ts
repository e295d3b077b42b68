/**
 * Browser test of the hub console's counter: a sale at the point of sale, its QR code drawn on screen, the
 * code scanned by a simulated dispenser (real MQTT), the item dispensed and the order completed.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DispenserSim } from "../../devices/simulators/index.ts";
import { issueSetupCode } from "../../hub/auth/index.ts";
import { deviceInput, eventually, getJson, sendJson, startTestHub, type TestHub } from "../../hub/testing.ts";
import { launchChromium, screenshot } from "./chromium.ts";

const TECH = { username: "cashier", password: "correct horse battery" };
const UI_WAIT = 30_000;

let browser: Browser;
let hub: TestHub;
let sim: DispenserSim;
let orderIdOf: () => Promise<string>;

beforeAll(async () => {
  browser = await launchChromium();
  hub = await startTestHub();
  const api = (path: string) => `${hub.httpUrl}/api/dispensing${path}`;
  const made = await sendJson<{ id: string }>(
    "POST",
    api("/products"),
    { name: "Sparkling water", category: "Drinks", priceMinor: 2500, currency: "SEK" },
    hub,
  );
  const paired = await hub.pair(deviceInput("DISPENSER", { name: "Lobby dispenser" }));
  await sendJson(
    "PUT",
    api(`/dispensers/${paired.id}/slots`),
    { slots: [{ slot: 0, productId: made.body.id, capacity: 10 }] },
    hub,
  );
  await sendJson(
    "POST",
    api("/stock"),
    { productId: made.body.id, delta: 6, reason: "restock", deviceId: paired.id, slot: 0 },
    hub,
  );
  sim = await DispenserSim.connect({
    url: hub.mqttUrl,
    deviceId: paired.id,
    secret: paired.secret,
    slots: { 0: 6 },
  });
  orderIdOf = async () =>
    (await getJson<{ orders: { id: string }[] }>(api("/orders"), hub)).body.orders[0]!.id;
}, 60_000);

afterAll(async () => {
  await sim?.close();
  await browser?.close();
  await hub?.destroy();
});

describe("hub console counter", () => {
  it("sells at the point of sale, shows the QR code, and a dispenser that scans it dispenses", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${hub.httpUrl}/`);
    await page.getByRole("heading", { name: "Set up this hub" }).waitFor({ timeout: UI_WAIT });
    await page.getByLabel("Setup code").fill((await issueSetupCode(hub.storage.db, Date.now()))!);
    await page.getByLabel("Username").fill(TECH.username);
    await page.getByLabel("Password").fill(TECH.password);
    await page.getByRole("button", { name: "Set up" }).click();
    await page.getByRole("link", { name: "Counter" }).click();
    await page.getByRole("heading", { name: "Counter" }).waitFor({ timeout: UI_WAIT });
    await page.getByRole("button", { name: /Sparkling water/ }).click();
    await page.getByRole("button", { name: /Sparkling water/ }).click();
    await expect.poll(() => page.getByTestId("cart-total").textContent()).toContain("50");
    await page.getByRole("button", { name: "Paid in cash" }).click();
    const qr = page.getByRole("img", { name: "QR code for this order" });
    await qr.waitFor({ timeout: UI_WAIT });
    await screenshot(page, "console-counter-qr");
    // The code on screen is an SVG drawn in the page; the simulated camera reads the token it encodes.
    const token = (await qr.getAttribute("data-token"))!;
    expect(await qr.locator("svg").count()).toBe(1);
    await sim.scan(token);
    await eventually(() => sim.dispensed.length === 1, UI_WAIT);
    expect(sim.dispensed[0]!.items).toEqual([{ slot: 0, quantity: 2 }]);
    const id = await orderIdOf();
    await eventually(
      async () =>
        (await getJson<{ order: { status: string } }>(`${hub.httpUrl}/api/dispensing/orders/${id}`, hub)).body
          .order.status === "COMPLETED",
      UI_WAIT,
    );
    await page.getByRole("link", { name: "Sales" }).click();
    await page.getByText("Sparkling water: 2").waitFor({ timeout: UI_WAIT });
    await screenshot(page, "console-counter-sales");
  }, 120_000);
});
