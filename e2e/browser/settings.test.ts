/**
 * Settings screens in the owner app, desktop and 390 px: pair a device from the cloud (the hub accepts it at its
 * next sync), rename a site and set its zone, delete a site, change the email through the captured mail, and
 * delete an account (refused in words while it alone owns a site with members). One cloud, hub and browser.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeviceClient } from "../../hub/testing.ts";
import { connectFridge, eventually, getJson, type TestHub } from "../../hub/testing.ts";
import { CloudClient } from "../../scripts/cloud-client.ts";
import type { CloudFixture } from "../stack.ts";
import { screenshot } from "./chromium.ts";
import { startOwnedSite, stopOwnedSite } from "./site-stack.ts";

const DESKTOP = { width: 1366, height: 800 };
const PHONE = { width: 390, height: 844 };
const PASSWORD = "outpost-demo-2026";
const OWNER = `settings-${crypto.randomUUID()}@example.test`;
const SITE = "Quay Grocer";
const UI_WAIT = 30_000;
const TEST_TIMEOUT = 120_000;

let browser: Browser;
let cloud: CloudFixture;
let hub: TestHub;
let owner: CloudClient;
let siteId: string;
const devices: DeviceClient[] = [];
const contexts: BrowserContext[] = [];

async function newPage(viewport: { width: number; height: number }): Promise<Page> {
  const phone = viewport.width < 500;
  const context = await browser.newContext({ viewport, isMobile: phone, hasTouch: phone });
  contexts.push(context);
  return context.newPage();
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${cloud.url}/`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Your sites" }).waitFor({ timeout: UI_WAIT });
}

async function fitsTheScreen(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

/** A verified account (invitations need one), signed in through its own client. */
async function account(what: string): Promise<{ email: string; client: CloudClient }> {
  const email = `${what}-${crypto.randomUUID()}@example.test`;
  const client = new CloudClient(cloud.url);
  await client.signUp(email, PASSWORD);
  await client.verifyEmail(email, PASSWORD);
  return { email, client };
}

/** The link in the newest captured mail to `to`, waited for. */
async function mailedLink(to: string): Promise<string> {
  const link = await eventually(async () => {
    const res = await fetch(`${cloud.url}/dev/mail.json?to=${encodeURIComponent(to)}`);
    const { mail } = (await res.json()) as { mail: { body: string; createdAt: string }[] };
    const newest = mail.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    return (newest && /https?:\/\/\S+#token=\S+/.exec(newest.body)?.[0]) ?? null;
  }, UI_WAIT);
  return link!;
}

beforeAll(async () => {
  ({ browser, cloud, owner, siteId, hub } = await startOwnedSite({
    owner: { email: OWNER, password: PASSWORD },
    site: SITE,
    hubName: "Quay Grocer hub",
  }));
}, 180_000);

afterAll(() => stopOwnedSite({ contexts, devices, browser, hub, cloud }));

describe("settings in the owner app", () => {
  it(
    "pairs a fridge from the cloud; the hub accepts its secret after its next sync",
    async () => {
      const page = await newPage(DESKTOP);
      await signIn(page, OWNER);
      await page.getByRole("link", { name: SITE }).click();
      await page.getByRole("link", { name: "Pair a device" }).click();
      await page.getByLabel("Kind").selectOption({ label: "Fridge sensor" });
      await page.getByLabel("Name").fill("Salad fridge");
      await page.getByLabel("Lowest safe temperature (°C)").fill("1");
      await page.getByLabel("Highest safe temperature (°C)").fill("4");
      await page.getByRole("button", { name: "Pair device" }).click();
      const id = (await page.getByTestId("device-id").textContent({ timeout: UI_WAIT }))!.trim();
      const secret = (await page.getByTestId("device-secret").textContent())!.trim();
      await screenshot(page, "owner-pair-device");

      // The hub refuses the device until its desired state carries it: connect once it is accepted.
      const device = await eventually(
        () => connectFridge(hub, { id, secret, kind: "FRIDGE", equipmentId: null }).catch(() => null),
        UI_WAIT,
      );
      devices.push(device!);
      await device!.publishTelemetry({ ts: Date.now(), temperature: 3.3 });
      await eventually(async () => {
        const { body } = await getJson<{
          equipment: {
            name: string;
            optimalMin: number;
            optimalMax: number;
            currentTemperature: number | null;
          }[];
        }>(`${hub.httpUrl}/api/equipment`, hub);
        const unit = body.equipment.find((e) => e.name === "Salad fridge");
        return unit?.currentTemperature === 3.3 && unit.optimalMin === 1 && unit.optimalMax === 4;
      }, UI_WAIT);
    },
    TEST_TIMEOUT,
  );

  it(
    "on a phone: renames a site and sets its time zone, then deletes another site by typing its name",
    async () => {
      const spare = await owner.ensureSite("Old Kiosk");
      const page = await newPage(PHONE);
      await signIn(page, OWNER);
      await page.getByRole("link", { name: SITE }).click();
      await page.getByRole("link", { name: "Site settings" }).click();
      await page.getByLabel("Site name").fill("Quay Grocer and Deli");
      await page.getByLabel("Time zone", { exact: true }).selectOption("Europe/Lisbon");
      await page.getByRole("button", { name: "Save", exact: true }).click();
      await page.getByText("Saved. The site's hubs get the new name").waitFor({ timeout: UI_WAIT });
      await fitsTheScreen(page);
      await screenshot(page, "phone-site-settings");
      const renamed = (await (await owner.raw("GET", `/v1/sites/${siteId}`)).json()) as {
        name: string;
        timeZone: string;
      };
      expect(renamed).toMatchObject({ name: "Quay Grocer and Deli", timeZone: "Europe/Lisbon" });

      await page.goto(`${cloud.url}/sites/${spare.id}/settings`);
      const confirm = page.getByLabel("Type the site's name (Old Kiosk) to delete it");
      await confirm.fill("Old kiosk");
      await page.getByRole("button", { name: "Delete site" }).click();
      await page.getByText(/type the site's name exactly/i).waitFor({ timeout: UI_WAIT });
      await confirm.fill("Old Kiosk");
      await page.getByRole("button", { name: "Delete site" }).click();
      await page.getByRole("heading", { name: "Your sites" }).waitFor({ timeout: UI_WAIT });
      await page.getByRole("link", { name: "Quay Grocer and Deli" }).waitFor({ timeout: UI_WAIT });
      expect(await page.getByRole("link", { name: "Old Kiosk" }).count()).toBe(0);
      expect((await owner.sites()).map((s) => s.id)).not.toContain(spare.id);
    },
    TEST_TIMEOUT,
  );

  it(
    "on a phone: changes the email through the link mailed to the new address, then signs in with it",
    async () => {
      const { email } = await account("mover");
      const next = `moved-${crypto.randomUUID()}@example.test`;
      const page = await newPage(PHONE);
      await signIn(page, email);
      await page.getByRole("link", { name: "Account" }).click();
      await page.getByLabel("New email address").fill(next);
      await page.getByLabel("Password (to change the email)").fill(PASSWORD);
      await page.getByRole("button", { name: "Send confirmation link" }).click();
      await page.getByText(`We sent a link to ${next}`).waitFor({ timeout: UI_WAIT });
      await fitsTheScreen(page);
      await screenshot(page, "phone-account-email");

      await page.goto(await mailedLink(next));
      await page.getByRole("button", { name: "Confirm my email" }).click();
      await page.getByText("Your email is confirmed").waitFor({ timeout: UI_WAIT });
      const fresh = await newPage(PHONE);
      await signIn(fresh, next);
    },
    TEST_TIMEOUT,
  );

  it(
    "deletes an account: refused in words while it alone owns a site with members, done once handed over",
    async () => {
      const leaver = await account("leaver");
      const partner = await account("partner");
      const shop = await leaver.client.ensureSite("Corner Bakery");
      await partner.client.acceptInvite(await leaver.client.invite(shop.id, partner.email, "GUEST"));

      const page = await newPage(DESKTOP);
      await signIn(page, leaver.email);
      await page.getByRole("link", { name: "Account" }).click();
      await page.getByLabel("Password (to delete the account)").fill(PASSWORD);
      await page.getByRole("button", { name: "Delete my account" }).click();
      await page.getByText("You are the only owner of Corner Bakery").waitFor({ timeout: UI_WAIT });
      await screenshot(page, "owner-account-delete-refused");

      const members = (await (await leaver.client.raw("GET", `/v1/sites/${shop.id}/members`)).json()) as {
        members: { userId: string; role: string }[];
      };
      const guest = members.members.find((m) => m.role === "GUEST")!;
      const promoted = await leaver.client.raw("PATCH", `/v1/sites/${shop.id}/members/${guest.userId}`, {
        role: "OWNER",
      });
      expect(promoted.status).toBe(200);
      await page.getByRole("button", { name: "Delete my account" }).click();
      await page.getByRole("heading", { name: "Sign in" }).waitFor({ timeout: UI_WAIT });
      const again = await new CloudClient(cloud.url).raw("POST", "/v1/accounts/sign-in", {
        email: leaver.email,
        password: PASSWORD,
      });
      expect(again.status).toBe(401);
      expect((await partner.client.sites()).map((s) => s.id)).toContain(shop.id);
    },
    TEST_TIMEOUT,
  );
});
