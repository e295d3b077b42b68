/** End-to-end fixtures: the real Worker in workerd (wrangler) on a fixed free port, with persisted local state. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyLocalMigrations, freePort, type LocalCloud, startLocalCloud } from "../scripts/cloud.ts";
import { type StripeEmulator, startStripeEmulator } from "../scripts/stripe-emulator/index.ts";

export interface CloudFixture {
  url: string;
  cloud: LocalCloud;
  /** Stops the Worker; its D1 and Durable Object state stays on disk. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same state. */
  start(): Promise<void>;
  destroy(): Promise<void>;
}

export async function startCloudFixture(): Promise<CloudFixture> {
  const dir = mkdtempSync(join(tmpdir(), "outpost-cloud-"));
  const persistDir = join(dir, "state");
  await applyLocalMigrations(persistDir);
  const port = await freePort();
  const fixture: CloudFixture = {
    url: `http://127.0.0.1:${port}`,
    cloud: await startLocalCloud({ persistDir, port }),
    async stop() {
      await fixture.cloud.stop();
    },
    async start() {
      fixture.cloud = await startLocalCloud({ persistDir, port });
    },
    async destroy() {
      await fixture.cloud.stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return fixture;
}

export interface BillingStack {
  url: string;
  cloud: LocalCloud;
  emulator: StripeEmulator;
  /** Waits for the emulator's webhooks to settle, stops both and removes the state. */
  destroy(): Promise<void>;
}

/** The Worker wired to the project's Stripe emulator (its webhooks signed with `webhookSecret`), fresh state. */
export async function startBillingStack(
  webhookSecret: string,
  opts: { port?: number; secretKey?: string } = {},
): Promise<BillingStack> {
  const dir = mkdtempSync(join(tmpdir(), "outpost-billing-stack-"));
  const persistDir = join(dir, "state");
  const [emulator] = await Promise.all([
    startStripeEmulator({ webhookSecret, retryBackoffMs: 100, log: () => {} }),
    applyLocalMigrations(persistDir),
  ]);
  const cloud = await startLocalCloud({
    persistDir,
    ...(opts.port ? { port: opts.port } : {}),
    vars: {
      STRIPE_SECRET_KEY: opts.secretKey ?? "sk_test_e2e_outpost",
      STRIPE_WEBHOOK_SECRET: webhookSecret,
      STRIPE_API_BASE: emulator.url,
    },
  });
  emulator.setWebhookUrl(`${cloud.url}/v1/billing/webhooks/stripe`);
  return {
    url: cloud.url,
    cloud,
    emulator,
    async destroy() {
      await emulator.webhooksIdle().catch(() => {});
      await cloud.stop();
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
