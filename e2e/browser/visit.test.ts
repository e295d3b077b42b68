/**
 * Browser test of a technician's visit at the hub console on a phone (issues 19 and 22): the work order is made
 * through the real Worker (request → bid → accept → assign, as the apps do), the hub syncs once, then the Worker
 * stops. The technician types the short code at the console, checks in, takes a snapshot, adds a note and a
 * part, and completes. Back online, the owner's request page shows the order completed with the server's total.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startTestHub, type TestHub } from "../../hub/testing.ts";
import { type CloudFixture, startCloudFixture } from "../stack.ts";
import { type VisitWorld, visitWorld } from "../visit-fixture.ts";
import { launchChromium, screenshot } from "./chromium.ts";

const UI_WAIT = 30_000;
let browser: Browser;
let cloud: CloudFixture;
let hub: TestHub;
let world: VisitWorld;

beforeAll(async () => {
  [browser, cloud] = await Promise.all([launchChromium(), startCloudFixture()]);
  hub = await startTestHub({ sync: { idleMs: 600_000 } });
  world = await visitWorld(cloud.url, hub);
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await hub?.destroy();
  await cloud?.destroy();
});

describe("a technician at the hub console, on a phone, with the cloud unreachable", () => {
  it("signs in with the short code after one sync and completes the visit; the cloud shows it once back", async () => {
    await hub.sync.syncOnce();
    await cloud.stop();

    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(hub.httpUrl);
    const form = page.getByRole("form", { name: "Sign in with a one-time code" });
    await form.getByLabel("One-time code").fill(world.code.toLowerCase());
    await form.getByRole("button", { name: "Sign in with code" }).click();
    await page.getByRole("heading", { name: "Visits" }).waitFor({ timeout: UI_WAIT });
    expect(await page.getByTestId("signed-in-as").textContent()).toContain("technician, this visit only");
    // A technician's session has no other screens.
    expect(await page.getByRole("link", { name: "Devices" }).count()).toBe(0);
    await screenshot(page, "console-visit-signed-in-390px");

    const order = page.getByRole("region", { name: /^Work order WO-\d+$/ });
    await order.getByText("Dairy fridge").waitFor({ timeout: UI_WAIT });
    await order.getByRole("button", { name: /^Check in for WO-\d+$/ }).click();
    await order.getByTestId("visit-status").waitFor({ timeout: UI_WAIT });
    await order.getByRole("button", { name: "Snapshot of the unit" }).click();
    await order.getByTestId("visit-snapshot").waitFor({ timeout: UI_WAIT });
    const note = order.getByRole("form", { name: "Add a note" });
    await note.getByLabel("Note").fill("Start relay chatters");
    await note.getByRole("button", { name: "Add note" }).click();
    await order.getByText("Start relay chatters").waitFor({ timeout: UI_WAIT });
    const part = order.getByRole("form", { name: "Add parts or labour" });
    await part.getByLabel("Description").fill("Start relay");
    await part.getByLabel("Quantity").fill("2");
    await part.getByLabel("Unit price (EUR)").fill("45.00");
    await part.getByRole("button", { name: "Add line" }).click();
    await order.getByTestId("visit-items").getByText("Start relay").waitFor({ timeout: UI_WAIT });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, "console-visit-390px");
    const complete = order.getByRole("form", { name: "Complete the visit" });
    await complete.getByLabel("What was done").fill("Start relay replaced.");
    await complete.getByRole("button", { name: "Complete visit" }).click();
    await order.getByTestId("visit-completed").waitFor({ timeout: UI_WAIT });
    expect(await order.getByTestId("visit-completed").textContent()).toContain("EUR 90.00");
    await context.close();

    await cloud.start();
    await hub.sync.syncOnce();
    const done = (await eventually(async () => {
      const o = (await world.owner.get(`/v1/marketplace/work-orders/${world.workOrderId}`)) as {
        status: string;
        totalAmount: number;
      };
      return o.status === "COMPLETED" ? o : undefined;
    }, 30_000)) as { totalAmount: number };
    expect(done.totalAmount).toBe(9_000);
  }, 240_000);
});
