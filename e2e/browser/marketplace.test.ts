/**
 * Browser test of the owner's marketplace pages: the owner opens a service request for a unit on the site's
 * Service page, a provider bids (through the API, as its own app would), the owner accepts the bid on the
 * request's page and the work order it made shows there. The cloud runs in workerd (wrangler dev); the hub that
 * makes the unit known is played by one signed CBOR batch.
 */
import { exportJWK, generateKeyPair } from "jose";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloudClient } from "../../scripts/cloud-client.ts";
import { encodeCbor } from "../../shared/cbor/index.ts";
import { buildEvent } from "../../shared/events/index.ts";
import { signHubToken } from "../../shared/sync/index.ts";
import { type CloudFixture, startCloudFixture } from "../stack.ts";
import { launchChromium, screenshot } from "./chromium.ts";

const OWNER = { email: `market-${crypto.randomUUID()}@example.test`, password: "outpost-demo-2026" };
const PROVIDER = { email: `provider-${crypto.randomUUID()}@example.test`, password: "outpost-demo-2026" };
const UI_WAIT = 30_000;

let browser: Browser;
let cloud: CloudFixture;
let owner: CloudClient;
let provider: CloudClient;
let siteId: string;
let providerId: string;

async function ok<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The hub tells the cloud about a unit (an alarm names it), so the site has one to ask service for. */
async function syncUnit(): Promise<void> {
  const pair = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const claim = await fetch(`${cloud.url}/v1/hubs/claim`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      code: await owner.claimCode(siteId),
      publicKey: await exportJWK(pair.publicKey),
      name: "Back room",
    }),
  });
  expect(claim.status).toBe(201);
  const hubId = ((await claim.json()) as { hubId: string }).hubId;
  const now = Date.now();
  const event = buildEvent({
    type: "equipment.alarm.raised",
    source: { siteId, hubId, module: "monitoring" },
    occurredAt: now,
    data: {
      alarmId: crypto.randomUUID(),
      equipmentId: "fridge-1",
      equipmentName: "Dairy fridge",
      kind: "HIGH_TEMPERATURE",
      temperature: 9.5,
      limit: 5,
      raisedAt: new Date(now).toISOString(),
    },
  });
  const token = await signHubToken((await exportJWK(pair.privateKey)) as never, { hubId, siteId }, now);
  const res = await fetch(`${cloud.url}/v1/hubs/${hubId}/events`, {
    method: "POST",
    headers: { "content-type": "application/cbor", authorization: `Bearer ${token}` },
    body: encodeCbor({ hubId, siteId, events: [{ ...event, seq: 1 }] }) as BodyInit,
  });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  [browser, cloud] = await Promise.all([launchChromium(), startCloudFixture()]);
  owner = new CloudClient(cloud.url);
  await owner.signUp(OWNER.email, OWNER.password);
  siteId = (await owner.ensureSite("Harbour Deli", "Europe/Stockholm")).id;
  await syncUnit();
  await ok(
    await owner.raw("PUT", `/v1/marketplace/sites/${siteId}`, {
      latitude: 59.3326,
      longitude: 18.0649,
      autoRequests: false,
    }),
  );
  provider = new CloudClient(cloud.url);
  await provider.signUp(PROVIDER.email, PROVIDER.password);
  providerId = (
    await ok<{ id: string }>(
      await provider.raw("POST", "/v1/marketplace/providers", {
        name: "Polar Service AB",
        serviceTypes: ["REFRIGERATION"],
        latitude: 59.36,
        longitude: 18.0,
        radiusKm: 40,
      }),
    )
  ).id;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await cloud?.destroy();
});

describe("owner marketplace pages", () => {
  it("opens a request for a unit, shows the provider's bid, accepts it and shows the work order", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${cloud.url}/`);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await page.getByLabel("Email").fill(OWNER.email);
    await page.getByLabel("Password").fill(OWNER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("link", { name: "Harbour Deli" }).click();
    await page.getByRole("link", { name: "Service", exact: true }).click();
    await page.getByRole("heading", { name: "Service requests" }).waitFor({ timeout: UI_WAIT });
    await page.getByText("No service requests yet.").waitFor({ timeout: UI_WAIT });

    const form = page.getByRole("form", { name: "Open a service request" });
    await form.getByLabel("Unit").selectOption({ label: "Dairy fridge" });
    await form.getByLabel("Title").fill("Compressor rattles, runs warm");
    await form.getByRole("button", { name: "Open request" }).click();
    await page.getByRole("heading", { name: /^Request SR-\d+: Compressor rattles, runs warm$/ }).waitFor({
      timeout: UI_WAIT,
    });
    expect(await page.getByTestId("request-status").textContent()).toBe("Waiting for bids");
    await page.getByText(/^No bids yet/).waitFor();
    const requestId = new URL(page.url()).pathname.split("/").pop()!;

    // The provider bids from its side; the request's page asks for bids again by itself.
    await ok(
      await provider.raw("POST", `/v1/marketplace/requests/${requestId}/bids`, {
        providerId,
        amount: 18_500,
        currency: "eur",
        message: "Can replace the start relay on site.",
        earliestAt: new Date(Date.now() + 86_400_000).toISOString(),
      }),
    );
    const row = page.getByRole("row").filter({ hasText: "Polar Service AB" });
    await row.waitFor({ timeout: UI_WAIT });
    expect(await row.textContent()).toContain("EUR 185.00");
    await screenshot(page, "marketplace-bid");

    await page.getByRole("button", { name: "Accept the bid of Polar Service AB" }).click();
    const order = page.getByRole("region", { name: "Work order" });
    await order.getByRole("heading", { name: /^Work order WO-\d+$/ }).waitFor({ timeout: UI_WAIT });
    expect(await order.getByTestId("order-status").textContent()).toBe("Scheduled");
    expect(await order.textContent()).toContain("Polar Service AB");
    expect(await page.getByTestId("request-status").textContent()).toBe("Bid accepted");
    await screenshot(page, "marketplace-work-order");
    await context.close();
  }, 120_000);

  it("shows the provider a request in reach and takes its bid from the form", async () => {
    const units = await ok<{ equipment: { equipmentId: string }[] }>(
      await owner.raw("GET", `/v1/sites/${siteId}/equipment`),
    );
    await ok(
      await owner.raw("POST", "/v1/marketplace/requests", {
        siteId,
        equipmentId: units.equipment[0]!.equipmentId,
        serviceType: "REFRIGERATION",
        title: "Door seal torn",
        priority: "HIGH",
      }),
    );
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${cloud.url}/`);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await page.getByLabel("Email").fill(PROVIDER.email);
    await page.getByLabel("Password").fill(PROVIDER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("link", { name: "Service provider" }).click();
    await page.getByRole("heading", { name: "Polar Service AB" }).waitFor({ timeout: UI_WAIT });
    const row = page.getByRole("row").filter({ hasText: "Door seal torn" });
    await row.waitFor({ timeout: UI_WAIT });
    expect(await row.textContent()).toContain("High");
    const form = page.getByRole("form", { name: /^Bid on SR-\d+$/ });
    await form.getByLabel("Amount (EUR)").fill("90.50");
    await form.getByLabel("Earliest visit").fill("2030-01-15T09:00");
    await form.getByRole("button", { name: "Place bid" }).click();
    await row.getByText("EUR 90.50 (open)").waitFor({ timeout: UI_WAIT });
    // The accepted job of the first test is among the provider's work orders.
    await page
      .getByRole("row")
      .filter({ hasText: "Compressor rattles, runs warm" })
      .getByRole("cell", { name: "Scheduled", exact: true })
      .waitFor();
    await screenshot(page, "marketplace-provider");
    await context.close();
  }, 120_000);

  it("shows the completed order's items and server total, offers Pay, and takes the owner's rating once", async () => {
    const { workOrders } = await ok<{ workOrders: { id: string; requestId: string }[] }>(
      await owner.raw("GET", `/v1/marketplace/sites/${siteId}/work-orders`),
    );
    const order = workOrders[0]!;
    // 2 × EUR 45.00 of parts and 1.5 h × EUR 60.00 of labour: EUR 180.00, summed by the server.
    await ok(
      await provider.raw("POST", `/v1/marketplace/work-orders/${order.id}/complete`, {
        resolution: "Start relay replaced.",
        items: [
          {
            opId: crypto.randomUUID(),
            kind: "PART",
            description: "Start relay",
            quantity: 2,
            unitPrice: 4500,
          },
          {
            opId: crypto.randomUUID(),
            kind: "LABOUR",
            description: "Labour",
            quantity: 1.5,
            unitPrice: 6000,
          },
        ],
      }),
    );
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${cloud.url}/`);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await page.getByLabel("Email").fill(OWNER.email);
    await page.getByLabel("Password").fill(OWNER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("link", { name: "Harbour Deli" }).waitFor({ timeout: UI_WAIT });
    await page.goto(`${cloud.url}/sites/${siteId}/service/${order.requestId}`);
    const panel = page.getByRole("region", { name: "Work order" });
    await panel.getByTestId("order-status").filter({ hasText: "Completed, not yet paid" }).waitFor({
      timeout: UI_WAIT,
    });
    await panel.getByRole("row").filter({ hasText: "Start relay" }).getByText("EUR 90.00").waitFor();
    await panel.getByText("Total: EUR 180.00").waitFor();
    await panel.getByRole("button", { name: /^Pay work order WO-\d+$/ }).waitFor();
    const rate = panel.getByRole("form", { name: "Rate the work" });
    await rate.getByLabel("Rating").selectOption("4");
    await rate.getByLabel("Comment").fill("Quick and tidy.");
    await rate.getByRole("button", { name: "Send rating" }).click();
    await panel.getByText("Your rating: 4 of 5 — “Quick and tidy.”").waitFor({ timeout: UI_WAIT });
    expect(await rate.count()).toBe(0);
    await screenshot(page, "marketplace-completed");
    await context.close();
  }, 120_000);

  it("lets the provider schedule a work order on a phone: crew, a slot in the site's zone, a photo", async () => {
    const units = await ok<{ equipment: { equipmentId: string }[] }>(
      await owner.raw("GET", `/v1/sites/${siteId}/equipment`),
    );
    const request = await ok<{ id: string }>(
      await owner.raw("POST", "/v1/marketplace/requests", {
        siteId,
        equipmentId: units.equipment[0]!.equipmentId,
        serviceType: "REFRIGERATION",
        title: "Fan motor squeals",
      }),
    );
    const placed = await ok<{ id: string }>(
      await provider.raw("POST", `/v1/marketplace/requests/${request.id}/bids`, {
        providerId,
        amount: 15_000,
        earliestAt: "2030-02-01T08:00:00.000Z",
      }),
    );
    await ok(await owner.raw("POST", `/v1/marketplace/bids/${placed.id}/accept`));
    const techEmail = `tech-${crypto.randomUUID()}@example.test`;
    const tech = await new CloudClient(cloud.url).signUp(techEmail, "outpost-demo-2026");
    const added = await provider.raw("POST", `/v1/marketplace/providers/${providerId}/technicians`, {
      userId: tech.user.id,
    });
    expect(added.status).toBe(204);

    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await context.newPage();
    await page.goto(`${cloud.url}/`);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await page.getByLabel("Email").fill(PROVIDER.email);
    await page.getByLabel("Password").fill(PROVIDER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("link", { name: "Service provider" }).click();
    const card = page
      .getByRole("region", { name: /^Schedule WO-\d+$/ })
      .filter({ hasText: "Fan motor squeals" });
    await card.waitFor({ timeout: UI_WAIT });
    await card.getByRole("checkbox", { name: techEmail }).check();
    await card.getByRole("button", { name: "Assign technicians" }).click();
    await card.getByText("Technicians assigned.").waitFor({ timeout: UI_WAIT });
    // 09:00–11:00 at the site (Stockholm, UTC+1 in February) whatever the browser's zone.
    await card.getByLabel("Visit starts (Europe/Stockholm)").fill("2030-02-04T09:00");
    await card.getByLabel("Visit ends (Europe/Stockholm)").fill("2030-02-04T11:00");
    await card.getByRole("button", { name: "Set the visit" }).click();
    await card.getByText("Visit scheduled.").waitFor({ timeout: UI_WAIT });
    const row = page
      .getByRole("table", { name: "Work orders", exact: true })
      .getByRole("row")
      .filter({ hasText: "Fan motor squeals" });
    await row.getByText(techEmail).waitFor({ timeout: UI_WAIT });
    expect(await row.textContent()).toContain("Harbour Deli");
    // A PNG labelled as anything: the server reads its bytes and the thumbnail shows.
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
      "base64",
    );
    await card
      .getByLabel("Add a photo (JPEG, PNG or WebP, up to 5 MB)")
      .setInputFiles({ name: "fan.png", mimeType: "image/png", buffer: png });
    const img = card.getByRole("img", { name: /^Photo by / });
    await img.waitFor({ timeout: UI_WAIT });
    // Shown, not just listed: the bytes decode as an image under the page's content security policy.
    const width = await img.evaluate(async (i: HTMLImageElement) => {
      await i.decode();
      return i.naturalWidth;
    });
    expect(width).toBe(1);
    const orders = await ok<{ workOrders: { title: string; slotStart: number; slotEnd: number }[] }>(
      await provider.raw("GET", `/v1/marketplace/providers/${providerId}/work-orders`),
    );
    const order = orders.workOrders.find((o) => o.title === "Fan motor squeals")!;
    expect(new Date(order.slotStart).toISOString()).toBe("2030-02-04T08:00:00.000Z");
    expect(new Date(order.slotEnd).toISOString()).toBe("2030-02-04T10:00:00.000Z");
    await screenshot(page, "marketplace-provider-schedule-phone");
    await context.close();
  }, 120_000);
});
