/**
 * The console's heating page in Debian's Chromium, on a real hub with a simulated room: the room live
 * (temperature, target and why, heater on, switches against the cap), a boost from the page, the energy chart.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HeatingRoomSim } from "../../devices/simulators/heating.ts";
import { issueSetupCode } from "../../hub/auth/index.ts";
import { applyDocument } from "../../hub/desired-state/index.ts";
import {
  connectPaired,
  type DeviceClient,
  deviceInput,
  startTestHub,
  type TestHub,
} from "../../hub/testing.ts";
import { defaultRoomSettings } from "../../shared/heating/defaults.ts";
import { launchChromium, screenshot } from "./chromium.ts";

const UI_WAIT = 30_000;
let browser: Browser;
let hub: TestHub;
const clients: DeviceClient[] = [];

beforeAll(async () => {
  // Ticks every second here (a minute by default), so the page shows decisions without waiting.
  [browser, hub] = await Promise.all([launchChromium(), startTestHub({ heatingTickMs: 1000 })]);
  const heater = await hub.pair(deviceInput("HEATER", { name: "Living room radiator" }));
  const sensor = await hub.pair(deviceInput("SENSOR", { name: "Living room sensor" }));
  await applyDocument(
    {
      db: hub.storage.db,
      sections: hub.sections,
      binding: { siteId: "site-1", hubId: "hub-1" },
      now: Date.now(),
    },
    {
      siteId: "site-1",
      hubId: "hub-1",
      version: 1,
      issuedAt: new Date().toISOString(),
      sections: {
        heating: {
          rooms: [
            {
              id: "room-1",
              name: "Living room",
              space: "Home",
              settings: { ...defaultRoomSettings(), mode: "manual", setPoint: 21 },
              changedAt: new Date().toISOString(),
              devices: [
                { deviceId: heater.id, role: "HEATER" },
                { deviceId: sensor.id, role: "SENSOR" },
              ],
            },
          ],
        },
      },
    },
  );
  const sim = new HeatingRoomSim({
    room: { heatPerHour: 5, lossPerHour: 0.08, openLossPerHour: 1.5, outsideC: 2, startC: 18 },
  });
  const devices = { heater: await connectPaired(hub, heater), sensor: await connectPaired(hub, sensor) };
  clients.push(devices.heater, devices.sensor);
  await sim.attach(devices);
  await sim.publish(devices, Date.now());
}, 120_000);

afterAll(async () => {
  await browser?.close();
  for (const c of clients) await c.close().catch(() => {});
  await hub?.destroy();
});

describe("hub console, heating", () => {
  it("shows the room live and starts a boost", async () => {
    const code = await issueSetupCode(hub.storage.db, Date.now());
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${hub.httpUrl}/`);
    await page.getByRole("heading", { name: "Set up this hub" }).waitFor({ timeout: UI_WAIT });
    await page.getByLabel("Setup code").fill(code!);
    await page.getByLabel("Username").fill("tech");
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Set up" }).click();
    await page.getByRole("link", { name: "Heating" }).click();
    const room = page.getByRole("region", { name: /Living room/ });
    // A tick switches the heater on: 18 °C is below 21 °C.
    await room.getByTestId("heater-state").getByText("on — below target").waitFor({ timeout: UI_WAIT });
    await room.getByText("18.0 °C").waitFor({ timeout: UI_WAIT });
    await room.getByText("1 of at most 6").waitFor({ timeout: UI_WAIT });
    await screenshot(page, "console-heating");

    await room.getByLabel("Set point °C").fill("24");
    await room.getByRole("button", { name: "Boost" }).click();
    await room.getByText(/24\.0 °C until/).waitFor({ timeout: UI_WAIT });
    await screenshot(page, "console-heating-boost");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  }, 120_000);
});
