import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStripeClient } from "../cloud/billing/stripe.ts";
import { DispenserSim } from "../devices/simulators/index.ts";
import { deviceInput, eventually, getJson, sendJson, startTestHub, type TestHub } from "../hub/testing.ts";
import type { LocalCloud } from "../scripts/cloud.ts";
import { CloudClient } from "../scripts/cloud-client.ts";
import type { StripeEmulator } from "../scripts/stripe-emulator/index.ts";
import { type BillingStack, startBillingStack } from "./stack.ts";

const WEBHOOK_SECRET = "whsec_e2e_dispensing";
let stack: BillingStack;
let emulator: StripeEmulator;
let cloud: LocalCloud;
let hub: TestHub;
let sim: DispenserSim | undefined;
/** The hub's link to the cloud: cut while false (every sync call fails as with no network). */
let online = true;

beforeAll(async () => {
  stack = await startBillingStack(WEBHOOK_SECRET);
  ({ cloud, emulator } = stack);
  hub = await startTestHub({
    sync: {
      idleMs: 100,
      fetch: (input, init) =>
        online ? fetch(input, init) : Promise.reject(new TypeError("fetch failed: offline")),
    },
  });
}, 180_000);

afterAll(async () => {
  await sim?.close();
  await hub?.destroy();
  await stack?.destroy();
});

describe("an online order redeemed at a hub with the cloud unreachable", () => {
  it("is paid through the emulator, dispensed offline, and COMPLETED in the cloud after the hub syncs", async () => {
    const owner = new CloudClient(cloud.url);
    const session = await owner.signUp(`dispensing-${Date.now()}@example.test`, "correct horse battery");
    const site = await owner.ensureSite("Corner shop", "Europe/Stockholm");
    const call = async <T>(
      method: string,
      path: string,
      body?: unknown,
    ): Promise<{ status: number; body: T }> => {
      const res = await fetch(`${cloud.url}${path}`, {
        method,
        headers: { "content-type": "application/json", authorization: `Bearer ${session.accessToken}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as T };
    };
    const cola = {
      name: "Cola",
      category: "Drinks",
      priceMinor: 3000,
      currency: "SEK",
      dispensable: true,
      available: true,
      lowStockThreshold: 0,
    };
    expect((await call("PUT", `/v1/sites/${site.id}/dispensing/products/cola`, cola)).status).toBe(200);
    await hub.claim({ cloudUrl: cloud.url, code: await owner.claimCode(site.id), name: "Counter hub" });
    // The catalog comes down as desired state (with the cloud's qr key beside it).
    await eventually(async () => {
      const { body } = await getJson<{ products: { id: string }[] }>(
        `${hub.httpUrl}/api/dispensing/products`,
        hub,
      );
      return body.products.some((p) => p.id === "cola");
    }, 60_000);
    const paired = await hub.pair(deviceInput("DISPENSER", { name: "Lobby dispenser" }));
    await sendJson(
      "PUT",
      `${hub.httpUrl}/api/dispensing/dispensers/${paired.id}/slots`,
      { slots: [{ slot: 0, productId: "cola", capacity: 10 }] },
      hub,
    );
    await sendJson(
      "POST",
      `${hub.httpUrl}/api/dispensing/stock`,
      { productId: "cola", delta: 5, reason: "restock", deviceId: paired.id, slot: 0 },
      hub,
    );
    sim = await DispenserSim.connect({
      url: hub.mqttUrl,
      deviceId: paired.id,
      secret: paired.secret,
      slots: { 0: 5 },
    });

    const order = await call<{ id: string; totalMinor: number }>(
      "POST",
      `/v1/sites/${site.id}/dispensing/orders`,
      {
        items: [{ productId: "cola", quantity: 1 }],
      },
    );
    expect([order.status, order.body.totalMinor]).toEqual([201, 3000]);
    const started = await call<{ paymentIntentId: string; amount: number }>("POST", "/v1/billing/payments", {
      payable: { kind: "DISPENSING_ORDER", id: order.body.id },
    });
    expect([started.status, started.body.amount]).toEqual([201, 3000]);
    const stripe = createStripeClient({
      secretKey: "sk_test_e2e_outpost",
      webhookSecret: WEBHOOK_SECRET,
      apiBase: emulator.url,
    });
    await stripe.paymentIntents.confirm(started.body.paymentIntentId, { payment_method: "pm_card_visa" });
    const paid = await eventually(async () => {
      const { body } = await call<{ status: string; token: string | null }>(
        "GET",
        `/v1/sites/${site.id}/dispensing/orders/${order.body.id}`,
      );
      return body.status === "PAID" && body.token ? body.token : undefined;
    }, 60_000);

    // The internet goes down; the phone shows the code at the dispenser.
    online = false;
    await sim.scan(paid!);
    await eventually(() => sim!.dispensed.length === 1, 30_000);
    await eventually(async () => {
      const { body } = await getJson<{ order: { status: string; channel: string } }>(
        `${hub.httpUrl}/api/dispensing/orders/${order.body.id}`,
        hub,
      );
      return body.order.status === "COMPLETED" && body.order.channel === "ONLINE";
    });
    expect(
      (await call<{ status: string }>("GET", `/v1/sites/${site.id}/dispensing/orders/${order.body.id}`)).body
        .status,
    ).toBe("PAID");

    online = true;
    await eventually(async () => {
      const { body } = await call<{ status: string }>(
        "GET",
        `/v1/sites/${site.id}/dispensing/orders/${order.body.id}`,
      );
      return body.status === "COMPLETED";
    }, 60_000);
  }, 240_000);
});
