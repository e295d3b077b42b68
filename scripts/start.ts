/** `npm start`: the whole local stack — cloud Worker, a demo owner and site, a claimed hub and simulated devices. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
import { connectDevice } from "../devices/sdk/index.ts";
import { type RunningSim, runFridge } from "../devices/simulators/index.ts";
import { createHub } from "../hub/index.ts";
import { createLogger } from "../hub/log.ts";
import { getCloudBinding } from "../hub/sync/index.ts";
import type { MeasuringKind } from "../shared/protocol/index.ts";
import { applyLocalMigrations, ROOT, startLocalCloud } from "./cloud.ts";
import { CloudClient } from "./cloud-client.ts";
import { ensureBookingsDemo } from "./demo/bookings.ts";
import { startDispensingDemo } from "./demo/dispensing.ts";
import { startHeatingDemo } from "./demo/heating.ts";
import { marketplaceDemo } from "./demo/marketplace.ts";
import { type StripeEmulator, startStripeEmulator } from "./stripe-emulator/index.ts";

const DEMO = {
  email: "demo@outpost.local",
  password: "outpost-demo-2026",
  site: "Demo Shop",
  timeZone: "Europe/Stockholm",
};

/**
 * The simulators run their physics 60 times faster than the clock (an hour a minute), so the
 * demo units get alarm delays to match; real units keep the defaults (30 minutes for a fridge).
 */
const DEMO_RULES = {
  highDelayMs: 60_000,
  lowDelayMs: 60_000,
  defrostRecoveryMs: 60_000,
  staleMs: 120_000,
};

const env = z
  .object({
    OUTPOST_DATA_DIR: z.string().default(join(ROOT, ".data")),
    OUTPOST_CLOUD_PORT: z.coerce.number().int().min(1).max(65535).default(8787),
    OUTPOST_HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(8080),
    OUTPOST_MQTT_PORT: z.coerce.number().int().min(1).max(65535).default(1883),
    OUTPOST_LOG_LEVEL: z.enum(["info", "warn", "error", "silent"]).default("warn"),
    OUTPOST_STRIPE_EMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(12111),
    // With a key, billing talks to real Stripe (test-mode keys recommended locally) and needs the webhook secret.
    STRIPE_SECRET_KEY: z.string().optional(),
    STRIPE_WEBHOOK_SECRET: z.string().optional(),
  })
  .parse(process.env);
const dataDir = resolve(env.OUTPOST_DATA_DIR);
const say = (line: string) => process.stdout.write(`${line}\n`);

say("Applying D1 migrations…");
await applyLocalMigrations(join(dataDir, "cloud"));
// Billing: real Stripe when a key is set, otherwise the Stripe emulator (development only, no real payments).
let stripeEmulator: StripeEmulator | undefined;
let stripeVars: Record<string, string>;
if (env.STRIPE_SECRET_KEY) {
  if (!env.STRIPE_WEBHOOK_SECRET) throw new Error("STRIPE_SECRET_KEY needs STRIPE_WEBHOOK_SECRET as well");
  stripeVars = { STRIPE_SECRET_KEY: env.STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET: env.STRIPE_WEBHOOK_SECRET };
} else {
  const webhookSecret = "whsec_outpost_stripe_emulator_development";
  stripeEmulator = await startStripeEmulator({
    port: env.OUTPOST_STRIPE_EMULATOR_PORT,
    webhookSecret,
    log: (line) => say(line),
  });
  stripeVars = {
    STRIPE_SECRET_KEY: "sk_test_outpost_stripe_emulator",
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    STRIPE_API_BASE: stripeEmulator.url,
  };
  say(
    `No STRIPE_SECRET_KEY set: billing uses the Stripe emulator at ${stripeEmulator.url} (not Stripe; no real payments).`,
  );
}
say("Starting the cloud Worker in workerd…");
const cloud = await startLocalCloud({
  persistDir: join(dataDir, "cloud"),
  port: env.OUTPOST_CLOUD_PORT,
  vars: stripeVars,
});
stripeEmulator?.setWebhookUrl(`${cloud.url}/v1/billing/webhooks/stripe`);

const owner = new CloudClient(cloud.url);
await owner.signInOrUp(DEMO.email, DEMO.password);
const site = await owner.ensureSite(DEMO.site, DEMO.timeZone);
await ensureBookingsDemo(owner);

const log = createLogger("hub", env.OUTPOST_LOG_LEVEL);
const hub = await createHub({
  dataDir: join(dataDir, "hub"),
  mqttPort: env.OUTPOST_MQTT_PORT,
  httpPort: env.OUTPOST_HTTP_PORT,
  host: "127.0.0.1",
  log,
  sync: { idleMs: 1000 },
});
const binding = await getCloudBinding(hub.storage.db);
if (!binding || binding.cloudUrl !== cloud.url || binding.siteId !== site.id) {
  const code = await owner.claimCode(site.id);
  // A changed cloud (a wiped .data/cloud) means a new site: the demo rebinds the hub on purpose.
  await hub.claim({ cloudUrl: cloud.url, code, name: "Demo Shop hub", replace: binding !== undefined });
}

// The script holds the hub's data folder, so it is the appliance's shell: an admin token, minted in-process.
const demoDevices = await ensureDemoDevices(
  hub.httpUrl,
  await hub.adminToken(),
  join(dataDir, "demo-devices.json"),
);
const sims: { stop(): void; close(): Promise<void> }[] = [];
for (const d of demoDevices) {
  const device = await connectDevice({
    url: hub.mqttUrl,
    deviceId: d.id,
    secret: d.secret,
    birth: { kind: d.kind, model: `SIM-${d.kind}`, firmware: "1.0.0", capabilities: ["temperature", "door"] },
  });
  const sim: RunningSim = runFridge(device, {
    kind: d.kind,
    intervalMs: 2000,
    speed: 60,
    faultAfterMs: d.faulty ? 60_000 : undefined,
    dropout: d.dropout ? { afterMs: 120_000, forMs: 20 * 60_000 } : undefined,
    onError: (err) => log.warn("simulator publish failed", { deviceId: d.id, error: String(err) }),
  });
  sims.push({ stop: sim.stop, close: () => device.close() });
}
const marketplaceLine = await marketplaceDemo(owner, site.id);

const heating = await startHeatingDemo({
  owner,
  siteId: site.id,
  hub,
  file: join(dataDir, "demo-heating.json"),
  onError: (err) => log.warn("heating simulator failed", { error: String(err) }),
});
sims.push({ stop: () => {}, close: heating.stop });
const counter = await startDispensingDemo({
  hubUrl: hub.httpUrl,
  mqttUrl: hub.mqttUrl,
  adminToken: await hub.adminToken(),
  file: join(dataDir, "demo-dispensers.json"),
  currency: "SEK",
  say,
});
sims.push({ stop() {}, close: () => counter.close() });

say(`
Outpost is running.
  Owner app        ${cloud.url}/       sign in with the demo account below
  Hub console      ${hub.httpUrl}/       the technician's screen, served by the hub itself
  Cloud API        ${cloud.url}/v1     reference at ${cloud.url}/docs
  Hub API          ${hub.httpUrl}/api  sign in first: ${hub.httpUrl}/api/auth/state
  Captured mail    ${cloud.url}/dev/mail   (verification, reset and invite mails; development only)
  Hub MQTT         ${hub.mqttUrl}
  Demo sign-in     ${DEMO.email} / ${DEMO.password}
  Hub sign-in      the owner's hub token: POST ${cloud.url}/v1/sites/${site.id}/hub-token (signed in), then
                   POST ${hub.httpUrl}/api/auth/token { "token": … }  — works at the hub with no internet for 12 h;
                   from this shell: npm run -s hub -- admin token --data-dir ${join(dataDir, "hub")}
  Demo site        ${site.name} (${site.id}), hub ${hub.hubId}
  ${marketplaceLine}
  Billing          ${
    stripeEmulator
      ? `Stripe emulator ${stripeEmulator.url} (development only; Checkout pages have Pay/Cancel buttons)`
      : `real Stripe; forward webhooks to ${cloud.url}/v1/billing/webhooks/stripe (e.g. stripe listen --forward-to)`
  }
  Devices          ${demoDevices
    .map(
      (d) =>
        `${d.name}${d.faulty ? " (compressor fails after ~1 min)" : d.dropout ? " (probe drops out after 2 min)" : ""}`,
    )
    .join(", ")}
  Heating          ${heating.summary}
  Counter          ${counter.summary}
Press Ctrl+C to stop.`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    for (const s of sims) s.stop();
    await Promise.allSettled(sims.map((s) => s.close()));
    await hub.close();
    await cloud.stop();
    await stripeEmulator?.close();
    process.exit(0);
  });
}

interface DemoDevice {
  id: string;
  secret: string;
  name: string;
  kind: MeasuringKind;
  faulty: boolean;
  dropout?: boolean;
}

/** Pairs the demo devices once; their one-time secrets are kept locally for the simulators. */
async function ensureDemoDevices(hubUrl: string, adminToken: string, file: string): Promise<DemoDevice[]> {
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as DemoDevice[];
  const plan = [
    { name: "Dairy fridge", kind: "FRIDGE" as const, faulty: false },
    { name: "Drinks fridge", kind: "FRIDGE" as const, faulty: true },
    { name: "Deli counter", kind: "FRIDGE" as const, faulty: false },
    { name: "Ice cream freezer", kind: "FREEZER" as const, faulty: false, dropout: true },
  ];
  const devices: DemoDevice[] = [];
  for (const p of plan) {
    const res = await fetch(`${hubUrl}/api/devices`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ kind: p.kind, name: p.name, equipment: { locationName: DEMO.site } }),
    });
    if (res.status !== 201) throw new Error(`pairing ${p.name} failed: ${res.status} ${await res.text()}`);
    const paired = (await res.json()) as { id: string; secret: string; equipmentId: string };
    const rules = await fetch(`${hubUrl}/api/equipment/${paired.equipmentId}/rules`, {
      method: "PUT",
      headers: { "content-type": "application/json", authorization: `Bearer ${adminToken}` },
      body: JSON.stringify(DEMO_RULES),
    });
    if (!rules.ok) throw new Error(`demo rules for ${p.name} failed: ${rules.status} ${await rules.text()}`);
    devices.push({ ...p, id: paired.id, secret: paired.secret });
  }
  writeFileSync(file, JSON.stringify(devices, null, 2), { mode: 0o600 });
  return devices;
}
