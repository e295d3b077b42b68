/**
 * The whole subscription Checkout end to end: the Worker in workerd (wrangler) talks to the Stripe emulator through the
 * stripe SDK, the owner presses Pay on the emulator's hosted page, and the emulator's signed webhooks reach the Worker.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyLocalMigrations, type LocalCloud, startLocalCloud } from "../scripts/cloud.ts";
import { CloudClient } from "../scripts/cloud-client.ts";
import { type StripeEmulator, startStripeEmulator } from "../scripts/stripe-emulator/index.ts";

const WEBHOOK_SECRET = "whsec_e2e_outpost";
let dir: string;
let emulator: StripeEmulator;
let cloud: LocalCloud;

async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  label: string,
  timeoutMs = 20_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "outpost-billing-"));
  emulator = await startStripeEmulator({ webhookSecret: WEBHOOK_SECRET, retryBackoffMs: 100, log: () => {} });
  await applyLocalMigrations(join(dir, "state"));
  cloud = await startLocalCloud({
    persistDir: join(dir, "state"),
    vars: {
      STRIPE_SECRET_KEY: "sk_test_e2e_outpost",
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_API_BASE: emulator.url,
    },
  });
  emulator.setWebhookUrl(`${cloud.url}/v1/billing/webhooks/stripe`);
}, 180_000);

afterAll(async () => {
  await emulator?.webhooksIdle();
  await cloud?.stop();
  await emulator?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("subscription Checkout through the Stripe emulator", () => {
  it("ends with the subscription ACTIVE on the chosen plan", async () => {
    const owner = new CloudClient(cloud.url);
    const session = await owner.signUp(`billing-${Date.now()}@example.test`, "correct horse battery");
    const auth = { authorization: `Bearer ${session.accessToken}` };

    const res = await fetch(`${cloud.url}/v1/billing/checkout`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ plan: "SNOW_BEAR" }),
    });
    expect(res.status).toBe(201);
    const { url } = (await res.json()) as { url: string };
    expect(url.startsWith(`${emulator.url}/checkout/`)).toBe(true);

    const page = await (await fetch(url)).text();
    expect(page).toContain("Stripe emulator");
    const pay = await fetch(`${url}/pay`, { method: "POST", redirect: "manual" });
    expect(pay.status).toBe(303);
    expect(pay.headers.get("location")).toContain("/billing?checkout=success");

    const active = await waitFor(async () => {
      const sub = (await (await fetch(`${cloud.url}/v1/billing/subscription`, { headers: auth })).json()) as {
        status: string;
        effectivePlan: string;
      };
      return sub.status === "ACTIVE" ? sub : undefined;
    }, "subscription ACTIVE");
    expect(active.effectivePlan).toBe("SNOW_BEAR");
    await emulator.webhooksIdle();
    const failed = emulator.deliveries.filter((d) => !d.delivered);
    expect(failed).toEqual([]);
    const payments = (await (await fetch(`${cloud.url}/v1/billing/payments`, { headers: auth })).json()) as {
      payments: { status: string; amount: number; currency: string }[];
    };
    expect(payments.payments).toMatchObject([{ status: "SUCCESS", amount: 2900, currency: "eur" }]);
  }, 60_000);
});
