/**
 * Phone first (390×844): an alarm is acknowledged and closed on a phone in the owner app and in the hub
 * console, and every action button is inside the screen (its bounding box), with no sideways scrolling.
 * One cloud, one hub and one browser for the file. Also: the console loads with no CSP error and no 404.
 */
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeviceClient } from "../../hub/testing.ts";
import { connectFridge, sendJson, type TestHub } from "../../hub/testing.ts";
import type { CloudFixture } from "../stack.ts";
import { screenshot } from "./chromium.ts";
import { startOwnedSite, stopOwnedSite } from "./site-stack.ts";

const PHONE = { width: 390, height: 844 };
const OWNER = { email: `phone-${crypto.randomUUID()}@example.test`, password: "outpost-demo-2026" };
const SITE = "Corner Shop";
const UI_WAIT = 30_000;
const TEST_TIMEOUT = 120_000;

let browser: Browser;
let cloud: CloudFixture;
let hub: TestHub;
const devices: DeviceClient[] = [];
const contexts: BrowserContext[] = [];

async function phonePage(): Promise<Page> {
  const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  contexts.push(context);
  return context.newPage();
}

/** A unit whose alarms raise on the first reading out of 0–5 °C. */
async function fridge(name: string): Promise<DeviceClient> {
  const paired = await hub.pair({ kind: "FRIDGE", name, equipment: { optimalMin: 0, optimalMax: 5 } });
  const rules = await sendJson(
    "PUT",
    `${hub.httpUrl}/api/equipment/${paired.equipmentId}/rules`,
    { highDelayMs: 0, lowDelayMs: 0 },
    hub,
  );
  expect(rules.status).toBe(200);
  const device = await connectFridge(hub, paired);
  devices.push(device);
  return device;
}

/** The main action is on the screen: its box lies within the viewport's width, and the page does not scroll sideways. */
async function expectOnScreen(page: Page, target: Locator): Promise<void> {
  await target.scrollIntoViewIfNeeded();
  const box = await target.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

beforeAll(async () => {
  ({ browser, cloud, hub } = await startOwnedSite({
    owner: OWNER,
    site: SITE,
    hubName: "Corner Shop hub",
  }));
}, 180_000);

afterAll(() => stopOwnedSite({ contexts, devices, browser, hub, cloud }));

describe("at 390 px wide", () => {
  it(
    "the owner acknowledges and closes an alarm on a phone, every action inside the screen",
    async () => {
      const milk = await fridge("Milk fridge");
      await milk.publishTelemetry({ ts: Date.now(), temperature: 9.5 });
      const page = await phonePage();
      await page.goto(`${cloud.url}/`);
      await page.getByLabel("Email").fill(OWNER.email);
      await page.getByLabel("Password").fill(OWNER.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("link", { name: SITE }).click();
      const ack = page.getByRole("button", { name: "Acknowledge alarm on Milk fridge" });
      await ack.waitFor({ timeout: UI_WAIT });
      await expectOnScreen(page, ack);
      // Not back in range: closing is not offered (the hub would refuse it).
      expect(await page.getByRole("button", { name: "Close alarm on Milk fridge" }).count()).toBe(0);
      await page.getByText("Can be closed once back in range.").first().waitFor();
      await screenshot(page, "phone-owner-dashboard-alarm");
      await ack.click();
      await page.getByText("acknowledged by").first().waitFor({ timeout: UI_WAIT });

      await milk.publishTelemetry({ ts: Date.now(), temperature: 3.1 });
      const close = page.getByRole("button", { name: "Close alarm on Milk fridge" });
      await close.waitFor({ timeout: UI_WAIT });
      await expectOnScreen(page, close);
      await close.click();
      await page.getByLabel("Corrective action taken").fill("Door closed, stock checked");
      const submit = page.getByRole("button", { name: "Close alarm", exact: true });
      await expectOnScreen(page, submit);
      await submit.click();
      // Closed on the hub, the alarm leaves the list of alarms needing action.
      await page.getByText("No alarms need action.").waitFor({ timeout: UI_WAIT });

      await page.getByRole("link", { name: "Alarms", exact: true }).click();
      await page.getByRole("button", { name: "All" }).click();
      await page.getByText("closed by").first().waitFor({ timeout: UI_WAIT });
      await page.getByText("Door closed, stock checked").first().waitFor({ timeout: UI_WAIT });
      await expectOnScreen(page, page.getByText("Closed", { exact: true }).first());
      await screenshot(page, "phone-owner-alarms-all");
    },
    TEST_TIMEOUT,
  );

  it(
    "the console acknowledges and closes an alarm on a phone, with no CSP error and no missing file",
    async () => {
      const cheese = await fridge("Cheese fridge");
      const page = await phonePage();
      const problems: string[] = [];
      page.on("console", (m) => {
        // A 401 before signing in is the console asking whether a session exists, not a fault.
        if (m.type() === "error" && !m.text().includes("401")) problems.push(`console: ${m.text()}`);
      });
      page.on("response", (r) => {
        if (r.status() === 404) problems.push(`404: ${r.url()}`);
      });
      await page.goto(`${hub.httpUrl}/`);
      await page.getByLabel("Console token").fill(await hub.adminToken());
      await page.getByRole("button", { name: "Sign in with token" }).click();
      await page.getByRole("heading", { name: "Equipment" }).waitFor({ timeout: UI_WAIT });
      await page.getByRole("link", { name: "Alarms", exact: true }).click();
      await page.getByRole("heading", { name: "Alarms" }).waitFor({ timeout: UI_WAIT });
      await cheese.publishTelemetry({ ts: Date.now(), temperature: 8.8 });
      const ack = page.getByRole("button", { name: "Acknowledge alarm on Cheese fridge" });
      await ack.waitFor({ timeout: UI_WAIT });
      await expectOnScreen(page, ack);
      await screenshot(page, "phone-console-alarm");
      await ack.click();
      await page.getByText("acknowledged by").first().waitFor({ timeout: UI_WAIT });

      await cheese.publishTelemetry({ ts: Date.now(), temperature: 2.5 });
      const close = page.getByRole("button", { name: "Close alarm on Cheese fridge" });
      await close.waitFor({ timeout: UI_WAIT });
      await expectOnScreen(page, close);
      await close.click();
      await page.getByLabel("Corrective action taken").fill("Moved stock to the cold room");
      const submit = page.getByRole("button", { name: "Close alarm", exact: true });
      await expectOnScreen(page, submit);
      await submit.click();
      await page.getByRole("button", { name: "All" }).click();
      await page.getByText("Moved stock to the cold room").first().waitFor({ timeout: UI_WAIT });
      await screenshot(page, "phone-console-alarms-all");
      expect(problems).toEqual([]);
    },
    TEST_TIMEOUT,
  );
});
