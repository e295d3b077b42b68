/**
 * Editing a unit's name, limits and alarm rules: in the owner app (desktop and 390 px) the edit reaches the hub
 * through desired state and changes its alarm rule (a reading that was in range then raises an alarm), and
 * at the hub console the edit applies at once. One cloud, one hub and one browser for the file.
 */
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeviceClient } from "../../hub/testing.ts";
import { connectFridge, eventually, getJson, sendJson, type TestHub } from "../../hub/testing.ts";
import type { CloudClient } from "../../scripts/cloud-client.ts";
import type { CloudFixture } from "../stack.ts";
import { screenshot } from "./chromium.ts";
import { startOwnedSite, stopOwnedSite } from "./site-stack.ts";

const DESKTOP = { width: 1366, height: 800 };
const PHONE = { width: 390, height: 844 };
const OWNER = { email: `units-${crypto.randomUUID()}@example.test`, password: "outpost-demo-2026" };
const SITE = "Harbour Deli";
const UI_WAIT = 30_000;
const TEST_TIMEOUT = 120_000;

let browser: Browser;
let cloud: CloudFixture;
let hub: TestHub;
let owner: CloudClient;
let siteId: string;
const devices: DeviceClient[] = [];
const contexts: BrowserContext[] = [];

interface HubRules {
  rules: { highLimit: number; lowLimit: number; highDelayMs: number };
  custom: boolean;
}
interface HubAlarm {
  equipmentId: string;
  kind: string;
  status: string;
}

/** A fridge on the hub with 0–5 °C, its too-warm alarm raised on the first reading above the limit. */
async function fridge(name: string): Promise<{ equipmentId: string; device: DeviceClient }> {
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
  // The owner app edits what the hub reported: wait until its configured record reached the cloud.
  await eventually(async () => {
    const res = await owner.raw("GET", `/v1/sites/${siteId}/equipment`);
    const list = (await res.json()) as { equipment: { equipmentId: string; type?: string }[] };
    return list.equipment.some((u) => u.equipmentId === paired.equipmentId && u.type === "FRIDGE");
  }, UI_WAIT);
  return { equipmentId: paired.equipmentId!, device };
}

const hubRules = async (id: string) =>
  (await getJson<HubRules>(`${hub.httpUrl}/api/equipment/${id}/rules`, hub)).body.rules;
const openAlarms = async (id: string) =>
  (await getJson<{ alarms: HubAlarm[] }>(`${hub.httpUrl}/api/alarms?status=open&equipmentId=${id}`, hub)).body
    .alarms;

async function newPage(viewport: { width: number; height: number }): Promise<Page> {
  const phone = viewport.width < 500;
  const context = await browser.newContext({ viewport, isMobile: phone, hasTouch: phone });
  contexts.push(context);
  return context.newPage();
}

/** Signs in to the owner app and opens the unit's settings the way a person does: site, unit, settings. */
async function openSettings(page: Page, unitName: string): Promise<void> {
  await page.goto(`${cloud.url}/`);
  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel("Password").fill(OWNER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("link", { name: SITE }).click();
  await page.getByRole("link", { name: unitName }).click();
  await page.getByRole("link", { name: "Name, limits and alarm rules" }).click();
  await page.getByRole("heading", { name: `${unitName}: settings` }).waitFor({ timeout: UI_WAIT });
}

/** Inside the screen's width, with no sideways scrolling. */
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
  ({ browser, cloud, owner, siteId, hub } = await startOwnedSite({
    owner: OWNER,
    site: SITE,
    hubName: "Harbour Deli hub",
  }));
}, 180_000);

afterAll(() => stopOwnedSite({ contexts, devices, browser, hub, cloud }));

describe("editing a unit's limits and alarm rules", () => {
  it(
    "in the owner app: a lower limit reaches the hub's alarm rule, and a reading that was in range raises an alarm",
    async () => {
      const { equipmentId, device } = await fridge("Drinks fridge");
      await device.publishTelemetry({ ts: Date.now(), temperature: 4.2 });
      // In range against 0–5 °C: the reading is stored and no alarm opens.
      await eventually(async () => {
        const unit = await getJson<{ currentTemperature: number | null }>(
          `${hub.httpUrl}/api/equipment/${equipmentId}`,
          hub,
        );
        return unit.body.currentTemperature === 4.2;
      }, UI_WAIT);
      expect(await openAlarms(equipmentId)).toEqual([]);

      const page = await newPage(DESKTOP);
      await openSettings(page, "Drinks fridge");
      expect(await page.getByLabel("Highest allowed (°C)").inputValue()).toBe("5");
      expect(await page.getByLabel("Type").inputValue()).toBe("FRIDGE");
      await page.getByLabel("Highest allowed (°C)").fill("3");
      await page.getByLabel("Set temperature (°C)").fill("2");
      await page.getByLabel("Alarm when too warm for (minutes)").fill("0");
      await page.getByRole("button", { name: "Save settings" }).click();
      await page.getByText("Saved. The hub applies it at its next sync").waitFor({ timeout: UI_WAIT });
      await screenshot(page, "owner-unit-settings");

      const rules = await eventually(async () => {
        const r = await hubRules(equipmentId);
        return r.highLimit === 3 ? r : null;
      }, UI_WAIT);
      expect(rules).toMatchObject({ highLimit: 3, lowLimit: 0, highDelayMs: 0 });
      const unit = await getJson<{ optimalMax: number; setTemperature: number }>(
        `${hub.httpUrl}/api/equipment/${equipmentId}`,
        hub,
      );
      expect(unit.body).toMatchObject({ optimalMax: 3, setTemperature: 2 });

      await device.publishTelemetry({ ts: Date.now(), temperature: 4.2 });
      const raised = await eventually(async () => {
        const open = await openAlarms(equipmentId);
        return open.length ? open : null;
      }, UI_WAIT);
      expect(raised?.map((a) => a.kind)).toEqual(["HIGH_TEMPERATURE"]);
      // The hub carries its new range back up: the owner app's unit shows the new limits.
      await eventually(async () => {
        const res = await owner.raw("GET", `/v1/sites/${siteId}/equipment`);
        const list = (await res.json()) as { equipment: { equipmentId: string; limits: unknown }[] };
        const limits = list.equipment.find((u) => u.equipmentId === equipmentId)?.limits;
        return JSON.stringify(limits) === JSON.stringify({ low: 0, high: 3 });
      }, UI_WAIT);
    },
    TEST_TIMEOUT,
  );

  it(
    "on a phone in the owner app: a new name and lowest limit reach the hub, every field inside the screen",
    async () => {
      const { equipmentId } = await fridge("Milk fridge");
      const page = await newPage(PHONE);
      await openSettings(page, "Milk fridge");
      const name = page.getByLabel("Name");
      await expectOnScreen(page, name);
      await name.fill("Dairy fridge");
      await page.getByLabel("Lowest allowed (°C)").fill("1");
      const save = page.getByRole("button", { name: "Save settings" });
      await expectOnScreen(page, save);
      await save.click();
      await page.getByText("Saved. The hub applies it at its next sync").waitFor({ timeout: UI_WAIT });
      await screenshot(page, "phone-owner-unit-settings");

      await eventually(async () => (await hubRules(equipmentId)).lowLimit === 1, UI_WAIT);
      const unit = await getJson<{ name: string; optimalMin: number }>(
        `${hub.httpUrl}/api/equipment/${equipmentId}`,
        hub,
      );
      expect(unit.body).toMatchObject({ name: "Dairy fridge", optimalMin: 1 });
    },
    TEST_TIMEOUT,
  );

  it(
    "on a phone at the hub console: the admin raises the highest limit and the rule changes at once",
    async () => {
      const { equipmentId } = await fridge("Cheese fridge");
      const page = await newPage(PHONE);
      await page.goto(`${hub.httpUrl}/`);
      await page.getByLabel("Console token").fill(await hub.adminToken());
      await page.getByRole("button", { name: "Sign in with token" }).click();
      await page.getByRole("link", { name: "Cheese fridge" }).click();
      await page.getByRole("link", { name: "Name, limits and alarm rules" }).click();
      await page.getByRole("heading", { name: "Cheese fridge: settings" }).waitFor({ timeout: UI_WAIT });
      expect(await page.getByLabel("Alarm when too warm for (minutes)").inputValue()).toBe("0");
      await page.getByLabel("Highest allowed (°C)").fill("6");
      const save = page.getByRole("button", { name: "Save settings" });
      await expectOnScreen(page, save);
      await save.click();
      await page.getByText("Saved on the hub").waitFor({ timeout: UI_WAIT });
      await screenshot(page, "phone-console-unit-settings");
      expect(await hubRules(equipmentId)).toMatchObject({ highLimit: 6, lowLimit: 0 });
    },
    TEST_TIMEOUT,
  );
});
