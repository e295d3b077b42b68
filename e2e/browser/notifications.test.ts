/**
 * Browser test of the notification bell: an alarm synced by a hub reaches the owner's bell, and the
 * notification opens the alarm it names. The cloud runs in workerd (wrangler dev); the hub is played by
 * signed CBOR batches, as a real hub sends them.
 */
import { exportJWK, generateKeyPair } from "jose";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloudClient } from "../../scripts/cloud-client.ts";
import { encodeCbor } from "../../shared/cbor/index.ts";
import { buildEvent } from "../../shared/events/index.ts";
import { signHubToken } from "../../shared/sync/index.ts";
import { type CloudFixture, startCloudFixture } from "../stack.ts";
import { launchChromium, screenshot } from "./chromium.ts";

const OWNER = { email: `bell-${crypto.randomUUID()}@example.test`, password: "outpost-demo-2026" };
const UI_WAIT = 30_000;

let browser: Browser;
let cloud: CloudFixture;
let siteId: string;
let ownerToken: string;
let hub: { hubId: string; privateJwk: JsonWebKey };

beforeAll(async () => {
  [browser, cloud] = await Promise.all([launchChromium(), startCloudFixture()]);
  const owner = new CloudClient(cloud.url);
  ownerToken = (await owner.signUp(OWNER.email, OWNER.password)).accessToken;
  siteId = (await owner.ensureSite("Bell Shop", "Europe/Stockholm")).id;
  const pair = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const res = await fetch(`${cloud.url}/v1/hubs/claim`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      code: await owner.claimCode(siteId),
      publicKey: await exportJWK(pair.publicKey),
      name: "Back room",
    }),
  });
  expect(res.status).toBe(201);
  hub = {
    hubId: ((await res.json()) as { hubId: string }).hubId,
    privateJwk: await exportJWK(pair.privateKey),
  };
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await cloud?.destroy();
});

async function syncAlarm(alarmId: string): Promise<void> {
  const now = Date.now();
  const event = buildEvent({
    type: "equipment.alarm.raised",
    source: { siteId, hubId: hub.hubId, module: "monitoring" },
    occurredAt: now,
    data: {
      alarmId,
      equipmentId: "fridge-1",
      equipmentName: "Dairy fridge",
      kind: "HIGH_TEMPERATURE",
      temperature: 9.5,
      limit: 5,
      raisedAt: new Date(now).toISOString(),
    },
  });
  const token = await signHubToken(hub.privateJwk as never, { hubId: hub.hubId, siteId }, now);
  const res = await fetch(`${cloud.url}/v1/hubs/${hub.hubId}/events`, {
    method: "POST",
    headers: { "content-type": "application/cbor", authorization: `Bearer ${token}` },
    body: encodeCbor({ hubId: hub.hubId, siteId, events: [{ ...event, seq: 1 }] }) as BodyInit,
  });
  expect(res.status).toBe(200);
}

async function signIn(page: Page) {
  await page.goto(`${cloud.url}/`);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel("Password").fill(OWNER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("link", { name: "Bell Shop" }).waitFor({ timeout: UI_WAIT });
}

describe("notification bell", () => {
  it("shows a new alarm on the bell, and its notification opens the alarm it names", async () => {
    // The viewer is in New York; the site, and so every time shown for it, is in Stockholm.
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      timezoneId: "America/New_York",
      locale: "en-GB",
    });
    const page = await context.newPage();
    await signIn(page);
    // The site's dashboard holds the live socket: the notification arrives over it, not by reloading.
    await page.getByRole("link", { name: "Bell Shop" }).click();
    await page.getByRole("heading", { name: "Bell Shop" }).waitFor({ timeout: UI_WAIT });
    const alarmId = crypto.randomUUID();
    await syncAlarm(alarmId);
    await page.getByTestId("unread").filter({ hasText: "1" }).waitFor({ timeout: UI_WAIT });
    await screenshot(page, "bell-unread");
    await page.getByRole("link", { name: /^Notifications/ }).click();
    await page.getByRole("heading", { name: "Notifications" }).waitFor();
    const item = page.getByTestId("notification").filter({ hasText: "Dairy fridge: high temperature alarm" });
    await item.waitFor({ timeout: UI_WAIT });
    await screenshot(page, "notification-centre");
    const listed = (await (
      await fetch(`${cloud.url}/v1/notifications`, { headers: { authorization: `Bearer ${ownerToken}` } })
    ).json()) as { notifications: { createdAt: string }[] };
    const stockholm = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Stockholm",
      dateStyle: "medium",
      timeStyle: "short",
    }).format(new Date(listed.notifications[0]!.createdAt));
    await page
      .locator("ul.notifications li")
      .first()
      .getByText(stockholm, { exact: true })
      .waitFor({ timeout: UI_WAIT });
    await item.click();
    await page.waitForURL(`**/sites/${siteId}/alarms?alarm=${alarmId}`);
    const row = page.locator(`tr[aria-current="true"][data-alarm="${alarmId}"]`);
    await row.waitFor({ timeout: UI_WAIT });
    expect(await row.textContent()).toContain("Dairy fridge");
    await screenshot(page, "bell-alarm");
    // Opened, so read: the bell has nothing left to say.
    await page.getByTestId("unread").waitFor({ state: "detached", timeout: UI_WAIT });
    // Push is a channel per kind, and this device can be turned on (a real push service would then be asked).
    await page.getByRole("link", { name: /^Notifications/ }).click();
    await page.getByRole("link", { name: "What reaches me, and when" }).click();
    await page.getByRole("columnheader", { name: "Push" }).waitFor({ timeout: UI_WAIT });
    await page.getByRole("checkbox", { name: "Food-safety alarms: push" }).waitFor();
    await page.getByRole("button", { name: "Turn on push on this device" }).waitFor({ timeout: UI_WAIT });
    await screenshot(page, "notification-preferences");
    await context.close();
  }, 120_000);
});
