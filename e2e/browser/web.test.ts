/**
 * Browser tests: the owner app (served by the real Worker in workerd) and the hub console (served by a real
 * hub), driven in Debian's headless Chromium through playwright-core. One browser for the whole file; each
 * test has its own context. Screenshots of every page land in test-output/screenshots (not committed).
 *
 * The acknowledgement round trip uses remote actions (C4), which another branch delivers: it is written to the
 * contract and fails until that is merged — on purpose, never skipped.
 */
import * as OTPAuth from "otpauth";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueSetupCode } from "../../hub/auth/index.ts";
import { applyAuthSections } from "../../hub/auth/testing.ts";
import type { DeviceClient } from "../../hub/testing.ts";
import { connectFridge, getJson, sendJson, startTestHub, type TestHub } from "../../hub/testing.ts";
import { CloudClient } from "../../scripts/cloud-client.ts";
import type { TrustedKeysSection } from "../../shared/desired-state/index.ts";
import { type CloudFixture, startCloudFixture } from "../stack.ts";
import { launchChromium, screenshot } from "./chromium.ts";

const OWNER = { email: `owner-${crypto.randomUUID()}@example.test`, password: "outpost-demo-2026" };
const TECH = { username: "tech", password: "correct horse battery" };
const SITE = "Demo Shop";
const UI_WAIT = 30_000;
const TEST_TIMEOUT = 120_000;
/** A minute's rollup reaches the cloud once its minute is over (this hub has no grace); the record re-reads every 30 s. */
const RECORD_WAIT = 120_000;

let browser: Browser;
let cloud: CloudFixture;
let hub: TestHub;
let owner: CloudClient;
let ownerId: string;
let siteId: string;
const devices: DeviceClient[] = [];
const contexts: BrowserContext[] = [];

async function newPage(viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  return context.newPage();
}

/** The demo unit: a fridge (0–5 °C) paired on the hub, alarms raised on the first reading out of range. */
async function demoFridge() {
  const paired = await hub.pair({
    kind: "FRIDGE",
    name: "Dairy fridge",
    equipment: { optimalMin: 0, optimalMax: 5 },
  });
  const res = await sendJson(
    "PUT",
    `${hub.httpUrl}/api/equipment/${paired.equipmentId}/rules`,
    { highDelayMs: 0, lowDelayMs: 0 },
    hub,
  );
  expect(res.status).toBe(200);
  const fridge = await connectFridge(hub, paired);
  devices.push(fridge);
  return { paired, fridge };
}

let fridge: DeviceClient;

beforeAll(async () => {
  [browser, cloud] = await Promise.all([launchChromium(), startCloudFixture()]);
  owner = new CloudClient(cloud.url);
  ownerId = (await owner.signUp(OWNER.email, OWNER.password)).user.id;
  siteId = (await owner.ensureSite(SITE, "Europe/Stockholm")).id;
  // No grace for late readings: the Drinks fridge's record then fills as soon as its minute is over.
  hub = await startTestHub({ sync: { idleMs: 100, backoff: { baseMs: 50, maxMs: 400 } }, rollupGraceMs: 0 });
  await hub.claim({ cloudUrl: cloud.url, code: await owner.claimCode(siteId), name: "Demo Shop hub" });
  fridge = (await demoFridge()).fridge;
  await fridge.publishTelemetry({ ts: Date.now(), temperature: 3.2 });
}, 180_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  for (const d of devices) await d.close().catch(() => {});
  await hub?.destroy();
  await cloud?.destroy();
});

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${cloud.url}/`);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** The verification link in the address's captured mail (development only), waited for. */
async function verificationLink(email: string): Promise<URL> {
  const end = Date.now() + UI_WAIT;
  for (;;) {
    const res = await fetch(`${cloud.url}/dev/mail.json?to=${encodeURIComponent(email)}`);
    const { mail } = (await res.json()) as { mail: { template: string; body: string }[] };
    const body = mail.find((m) => m.template.includes("verif"))?.body ?? "";
    const link = /https?:\/\/\S+#token=\S+/.exec(body)?.[0];
    if (link) return new URL(link);
    if (Date.now() > end) throw new Error(`no verification link mailed to ${email}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("owner app", () => {
  it(
    "signs in, shows the demo site, and a new alarm appears on its unit's tile without reloading",
    async () => {
      const page = await newPage();
      await page.goto(`${cloud.url}/`);
      await page.getByRole("heading", { name: "Sign in" }).waitFor();
      await screenshot(page, "owner-sign-in");
      await signIn(page, OWNER.email, OWNER.password);
      await page.getByRole("link", { name: SITE }).waitFor({ timeout: UI_WAIT });
      await screenshot(page, "owner-sites");
      await page.getByRole("link", { name: SITE }).click();
      await page.getByRole("heading", { name: SITE }).waitFor({ timeout: UI_WAIT });
      // The page is open and stays open: the excursion must arrive by itself (C5 socket, or REST polling).
      await fridge.publishTelemetry({ ts: Date.now(), temperature: 9.5 });
      const tile = page.getByTestId("unit-tile").filter({ hasText: "Dairy fridge" });
      await tile.getByText("9.5 °C").waitFor({ timeout: UI_WAIT });
      await tile.getByText(/Alarm/).waitFor({ timeout: UI_WAIT });
      await page
        .getByRole("button", { name: "Acknowledge alarm on Dairy fridge" })
        .waitFor({ timeout: UI_WAIT });
      await screenshot(page, "owner-site-dashboard");

      // The same page at phone width: nothing wider than the screen.
      const phone = await newPage({ width: 360, height: 740 });
      await phone.goto(`${cloud.url}/`);
      await signIn(phone, OWNER.email, OWNER.password);
      await phone.getByRole("link", { name: SITE }).click();
      await phone.getByTestId("unit-tile").first().waitFor({ timeout: UI_WAIT });
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(phone, "owner-site-dashboard-360px");

      for (const [path, heading, name] of [
        [`/sites/${siteId}/people`, "People and spaces", "owner-people"],
        [`/sites/${siteId}/hubs`, "Hubs", "owner-hubs"],
        [`/sites/${siteId}/alarms`, "Alarms", "owner-alarms"],
        ["/account", "Account", "owner-account"],
      ] as const) {
        await page.goto(`${cloud.url}${path}`);
        await page.getByRole("heading", { name: heading, exact: true }).waitFor({ timeout: UI_WAIT });
        await screenshot(page, name);
      }
    },
    TEST_TIMEOUT,
  );

  it(
    "acknowledges an alarm: pending until the hub's acknowledgement comes back (needs C4)",
    async () => {
      const page = await newPage();
      await signIn(page, OWNER.email, OWNER.password);
      await page.getByRole("link", { name: SITE }).click();
      await fridge.publishTelemetry({ ts: Date.now(), temperature: 9.6 });
      const ack = page.getByRole("button", { name: "Acknowledge alarm on Dairy fridge" });
      await ack.waitFor({ timeout: UI_WAIT });
      await ack.click();
      await page.getByText("Acknowledgement pending").first().waitFor({ timeout: UI_WAIT });
      // The hub applies the action on its next sync round and the person comes back with the alarm.
      await page.getByText("acknowledged by").first().waitFor({ timeout: UI_WAIT });
      const hubAlarms = await getJson<{ alarms: { acknowledgedBy: string | null }[] }>(
        `${hub.httpUrl}/api/alarms?status=open`,
        hub,
      );
      expect(hubAlarms.body.alarms[0]?.acknowledgedBy).toBeTruthy();
      await screenshot(page, "owner-alarm-acknowledged");
    },
    TEST_TIMEOUT,
  );

  it(
    "signs up, enrols 2FA from the QR code's secret, and signs in again with a recovery code",
    async () => {
      const page = await newPage();
      const email = `twofa-${crypto.randomUUID()}@example.test`;
      await page.goto(`${cloud.url}/sign-up`);
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill("correct horse battery");
      await screenshot(page, "owner-sign-up");
      await page.getByRole("button", { name: "Create account" }).click();
      // Sign-up starts no session: it mails a verification link (captured in development).
      await page.getByRole("heading", { name: "Check your email" }).waitFor({ timeout: UI_WAIT });
      await screenshot(page, "owner-sign-up-sent");
      const link = await verificationLink(email);
      // APP_URL is the fixture's own address (scripts/cloud.ts), so the link is opened as mailed.
      expect(link.origin).toBe(cloud.url);
      await page.goto(link.href);
      await page.getByRole("button", { name: "Confirm my email" }).click();
      await page.getByText("Your email is confirmed").waitFor({ timeout: UI_WAIT });
      await signIn(page, email, "correct horse battery");
      await page.getByRole("heading", { name: "Your sites" }).waitFor({ timeout: UI_WAIT });
      await page.getByRole("link", { name: "Account" }).click();
      await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
      const qr = page.getByRole("img", { name: "QR code for your authenticator app" });
      await qr.waitFor({ timeout: UI_WAIT });
      const uri = await qr.getAttribute("data-otpauth");
      const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
      expect(new URL(uri!).searchParams.get("secret")).toBe(secret);
      await screenshot(page, "owner-2fa-enrol");
      const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
      await page.getByLabel("6-digit code").fill(totp.generate());
      await page.getByRole("button", { name: "Turn on" }).click();
      const codes = page.getByTestId("recovery-codes").locator("code");
      await codes.first().waitFor({ timeout: UI_WAIT });
      const recovery = (await codes.first().textContent())!.trim();
      await screenshot(page, "owner-2fa-recovery-codes");
      await page.getByRole("button", { name: "I have saved them" }).click();
      await page.getByText("recovery codes left").waitFor({ timeout: UI_WAIT });

      await page.getByRole("button", { name: "Sign out" }).click();
      await signIn(page, email, "correct horse battery");
      await page.getByRole("heading", { name: "Two-step sign-in" }).waitFor({ timeout: UI_WAIT });
      await screenshot(page, "owner-2fa-challenge");
      await page.getByLabel("Code").fill(recovery);
      await page.getByRole("button", { name: "Verify" }).click();
      await page.getByRole("heading", { name: "Your sites" }).waitFor({ timeout: UI_WAIT });
    },
    TEST_TIMEOUT,
  );

  it(
    "shows the API's own words when sign-in fails",
    async () => {
      const page = await newPage();
      await signIn(page, OWNER.email, "wrong password 123");
      const alert = page.getByRole("alert");
      await alert.waitFor({ timeout: UI_WAIT });
      expect((await alert.textContent())!.length).toBeGreaterThan(5);
      await screenshot(page, "owner-sign-in-error");
    },
    TEST_TIMEOUT,
  );

  it(
    "serves the API reference at /docs from the Worker itself",
    async () => {
      const page = await newPage();
      const outside: string[] = [];
      page.on("request", (r) => {
        if (!r.url().startsWith(cloud.url)) outside.push(r.url());
      });
      await page.goto(`${cloud.url}/docs`);
      await page.getByText("/v1/accounts/sign-in").first().waitFor({ timeout: UI_WAIT });
      expect(outside).toEqual([]);
      await screenshot(page, "docs");
    },
    TEST_TIMEOUT,
  );

  it(
    "prints the failing Drinks fridge's record: its configured limits, out of limits, the excursion and the alarm",
    async () => {
      const paired = await hub.pair({
        kind: "FRIDGE",
        name: "Drinks fridge",
        equipment: { optimalMin: 0, optimalMax: 5 },
      });
      const rules = await sendJson(
        "PUT",
        `${hub.httpUrl}/api/equipment/${paired.equipmentId}/rules`,
        { highDelayMs: 0 },
        hub,
      );
      expect(rules.status).toBe(200);
      const drinks = await connectFridge(hub, paired);
      devices.push(drinks);
      await drinks.publishTelemetry({ ts: Date.now(), temperature: 24.1 });
      const page = await newPage();
      await signIn(page, OWNER.email, OWNER.password);
      await page.getByRole("link", { name: SITE }).waitFor({ timeout: UI_WAIT });
      await page.goto(`${cloud.url}/sites/${siteId}/units/${paired.equipmentId}/report`);
      await page.getByRole("heading", { name: "Drinks fridge" }).waitFor({ timeout: UI_WAIT });
      // The minute's rollup goes up once the minute is over; the open record re-reads itself until then.
      await page.getByText("Out of limits", { exact: true }).waitFor({ timeout: RECORD_WAIT });
      await page.getByText("0.0 °C to 5.0 °C, as configured on the hub").waitFor({ timeout: UI_WAIT });
      await page.getByText(/times in Europe\/Stockholm/).waitFor({ timeout: UI_WAIT });
      const excursions = page.getByRole("table", { name: "Excursions" });
      await excursions.getByText("Above the limit").waitFor({ timeout: UI_WAIT });
      await excursions.getByText("24.1 °C").waitFor({ timeout: UI_WAIT });
      const alarms = page.getByRole("table", { name: "Alarms, acknowledgements and corrective actions" });
      await alarms.getByText("Too warm").waitFor({ timeout: UI_WAIT });
      const hours = page.getByRole("table", { name: "Temperature by hour" });
      await hours.getByText("no", { exact: true }).first().waitFor({ timeout: UI_WAIT });
      expect(await hours.getByText("yes", { exact: true }).count()).toBe(0);
      await screenshot(page, "owner-unit-record");
    },
    RECORD_WAIT + TEST_TIMEOUT,
  );
});

/** The console's header says who is signed in; signing out returns to the sign-in page. */
async function signOutOfConsole(page: Page, name: string) {
  await page.getByTestId("signed-in-as").getByText(name).waitFor({ timeout: UI_WAIT });
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("heading", { name: "Sign in to the hub" }).waitFor({ timeout: UI_WAIT });
}

describe("hub console", () => {
  it(
    "redeems the setup code, creates the local owner, pairs a device (secret shown once) and shows its first reading",
    async () => {
      // A hub never claimed, as it comes out of the box; the code is the one its first start prints.
      const fresh = await startTestHub();
      let device: DeviceClient | undefined;
      try {
        const code = await issueSetupCode(fresh.storage.db, Date.now());
        expect(code).toBeTruthy();
        const page = await newPage({ width: 360, height: 740 });
        await page.goto(`${fresh.httpUrl}/`);
        await page.getByRole("heading", { name: "Set up this hub" }).waitFor({ timeout: UI_WAIT });
        await screenshot(page, "console-setup");
        await page.getByLabel("Setup code").fill(code!);
        await page.getByLabel("Username").fill(TECH.username);
        await page.getByLabel("Password").fill(TECH.password);
        await page.getByRole("button", { name: "Set up" }).click();
        await page.getByRole("heading", { name: "Equipment" }).waitFor({ timeout: UI_WAIT });
        await page.getByTestId("signed-in-as").getByText(TECH.username).waitFor({ timeout: UI_WAIT });

        await page.getByRole("link", { name: "Devices" }).click();
        await page.getByLabel("Name").fill("Back fridge");
        await page.getByLabel("Lowest safe temperature (°C)").fill("0");
        await page.getByLabel("Highest safe temperature (°C)").fill("5");
        await page.getByRole("button", { name: "Pair device" }).click();
        const id = (await page.getByTestId("device-id").textContent({ timeout: UI_WAIT }))!.trim();
        const secret = (await page.getByTestId("device-secret").textContent())!.trim();
        await screenshot(page, "console-paired");

        device = await connectFridge(fresh, { id, secret, kind: "FRIDGE", equipmentId: null });
        await device.publishTelemetry({ ts: Date.now(), temperature: 4.4 });
        await page.getByRole("link", { name: "Equipment" }).click();
        const tile = page.getByTestId("unit-tile").filter({ hasText: "Back fridge" });
        await tile.getByText("4.4 °C").waitFor({ timeout: UI_WAIT });
        await screenshot(page, "console-equipment");
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);

        await tile.getByRole("link", { name: "Back fridge" }).click();
        await page.locator(".uplot").waitFor({ timeout: UI_WAIT });
        await screenshot(page, "console-unit-chart");
        for (const [link, heading, name] of [
          ["Alarms", "Alarms", "console-alarms"],
          ["Sync", "Cloud sync", "console-sync"],
          ["Devices", "Devices", "console-devices"],
        ] as const) {
          await page.getByRole("link", { name: link, exact: true }).click();
          await page.getByRole("heading", { name: heading, exact: true }).waitFor({ timeout: UI_WAIT });
          await screenshot(page, name);
        }
        await page.getByRole("link", { name: "Back fridge" }).click();
        await page.getByText("birth").first().waitFor({ timeout: UI_WAIT });
        await screenshot(page, "console-device-detail");

        // The owner the code created signs out and back in with the password; the code is spent.
        await signOutOfConsole(page, TECH.username);
        await screenshot(page, "console-sign-in");
        await page.getByLabel("Username").fill(TECH.username);
        await page.getByLabel("Password").fill(TECH.password);
        await page.getByRole("button", { name: "Sign in", exact: true }).click();
        // Back on the page where the session ended (the device's), then its units.
        await page.getByTestId("signed-in-as").getByText(TECH.username).waitFor({ timeout: UI_WAIT });
        await page.getByRole("link", { name: "Equipment" }).click();
        await page.getByTestId("unit-tile").filter({ hasText: "Back fridge" }).waitFor({ timeout: UI_WAIT });
      } finally {
        // The device goes first: its hub is gone after this test.
        await device?.close();
        await fresh.destroy();
      }
    },
    TEST_TIMEOUT,
  );

  it(
    "signs in on a claimed hub with a console token copied from the owner app's Hubs page (C2) and shows the site's units",
    async () => {
      // The owner app issues the token and copies it (no hand-copying ~700 characters).
      const app = await newPage({ width: 390, height: 844 });
      await app.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: cloud.url });
      await signIn(app, OWNER.email, OWNER.password);
      await app.getByRole("link", { name: SITE }).waitFor({ timeout: UI_WAIT });
      await app.goto(`${cloud.url}/sites/${siteId}/hubs`);
      await app.getByRole("button", { name: "Get a console token" }).click();
      await app.getByRole("button", { name: "Copy token" }).click();
      await app.getByText("Copied. Paste it on the console's sign-in page.").waitFor({ timeout: UI_WAIT });
      await screenshot(app, "owner-hubs-console-token");
      const issued = { token: await app.evaluate(() => navigator.clipboard.readText()) };
      expect(issued.token).toBe(await app.locator("#console-token").textContent());
      // What desired state brings down (C3): the accounts' public keys and the site's members.
      const jwks = (await (await fetch(`${cloud.url}/.well-known/jwks.json`)).json()) as TrustedKeysSection;
      await applyAuthSections(hub.storage.db, {
        // As trustedKeys@2 carries them: each key tagged with what it verifies.
        trustedKeys: { keys: jwks.keys.map((k) => ({ ...k, purpose: "access" as const })) },
        members: {
          members: [{ userId: ownerId, email: OWNER.email, displayName: "Olga Owner", role: "OWNER" }],
          removed: [],
        },
      });
      const page = await newPage({ width: 360, height: 740 });
      await page.goto(`${hub.httpUrl}/`);
      await page.getByRole("heading", { name: "Sign in to the hub" }).waitFor({ timeout: UI_WAIT });
      await page.getByLabel("Console token").fill(issued.token);
      await page.getByRole("button", { name: "Sign in with token" }).click();
      await page.getByRole("heading", { name: "Equipment" }).waitFor({ timeout: UI_WAIT });
      await page.getByTestId("unit-tile").filter({ hasText: "Dairy fridge" }).waitFor({ timeout: UI_WAIT });
      await screenshot(page, "console-token-signed-in");
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await signOutOfConsole(page, "Olga Owner");
    },
    TEST_TIMEOUT,
  );

  it(
    "updates a unit's tile from the hub's live socket without reading the equipment again, and signing out closes the socket",
    async () => {
      const page = await newPage();
      const equipmentReads: string[] = [];
      page.on("request", (r) => {
        if (new URL(r.url()).pathname === "/api/equipment") equipmentReads.push(r.url());
      });
      const socket = page.waitForEvent("websocket", (ws) => ws.url().endsWith("/api/live"));
      await page.goto(`${hub.httpUrl}/`);
      await page.getByLabel("Console token").fill(await hub.adminToken());
      await page.getByRole("button", { name: "Sign in with token" }).click();
      const live = await socket;
      const tile = page.getByTestId("unit-tile").filter({ hasText: "Dairy fridge" });
      await tile.waitFor({ timeout: UI_WAIT });
      // The one read on connecting; from here on, only the socket says what changed.
      expect(equipmentReads).toHaveLength(1);

      const pushed = live.waitForEvent("framereceived", {
        predicate: (f) => String(f.payload).includes('"temperature":2.7'),
        timeout: UI_WAIT,
      });
      await fridge.publishTelemetry({ ts: Date.now(), temperature: 2.7 });
      await pushed;
      await tile.getByText("2.7 °C").waitFor({ timeout: UI_WAIT });
      expect(equipmentReads).toHaveLength(1);
      await screenshot(page, "console-live");

      const closed = live.waitForEvent("close", { timeout: UI_WAIT });
      await page.getByRole("button", { name: "Sign out" }).click();
      await closed;
      expect(live.isClosed()).toBe(true);
      await page.getByRole("heading", { name: "Sign in to the hub" }).waitFor({ timeout: UI_WAIT });
    },
    TEST_TIMEOUT,
  );
});
