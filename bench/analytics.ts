/**
 * The analytics dashboard's query for one site over a year of daily aggregates, over HTTP, under workerd
 * (wrangler's local runtime) and under Deno: an hour of minute rollups a day for 2 units and an alarm a day go in
 * through the hub sync API (so the aggregates are built by the real consumers), then GET
 * /v1/analytics/sites/:id for the whole year is timed. p99 against a 100 ms budget, as a ratio.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import { applyLocalMigrations, startLocalCloud } from "../scripts/cloud.ts";
import { CloudClient } from "../scripts/cloud-client.ts";
import { startDenoCloudProcess } from "../scripts/cloud-deno.ts";
import { encodeCbor } from "../shared/cbor/index.ts";
import { buildEvent, type EventData, type EventType } from "../shared/events/index.ts";
import { signHubToken } from "../shared/sync/index.ts";

export const BUDGET_MS = 100;
const DAYS = 365;
const UNITS = 2;
const SAMPLES = 200;
const MIN = 60_000;
const DAY = 1440 * MIN;

export interface AnalyticsBenchRun {
  runtime: "workerd" | "Deno";
  rows: number;
  p50: number;
  p99: number;
  /** The same route over one day: the gateway, auth and membership check the year's answer also pays. */
  floorP50: number;
  floorP99: number;
}

async function seed(url: string): Promise<{ siteId: string; token: string; from: string; to: string }> {
  const owner = new CloudClient(url);
  const session = await owner.signUp(`bench-${crypto.randomUUID()}@example.test`, "outpost-bench-2026");
  const siteId = (await owner.ensureSite("Bench shop", "Europe/Stockholm")).id;
  const pair = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const claim = await fetch(`${url}/v1/hubs/claim`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      code: await owner.claimCode(siteId),
      publicKey: await exportJWK(pair.publicKey),
      name: "Bench hub",
    }),
  });
  const { hubId } = (await claim.json()) as { hubId: string };
  const privateJwk: JWK = await exportJWK(pair.privateKey);
  const start = Date.UTC(2025, 0, 1);
  let seq = 0;
  const event = <T extends EventType>(type: T, data: EventData<T>, at: number) => ({
    ...buildEvent({ type, data, occurredAt: at, source: { siteId, hubId, module: "monitoring" } }),
    seq: ++seq,
  });
  const events = [];
  for (let u = 0; u < UNITS; u++)
    events.push(
      event(
        "equipment.configured",
        {
          equipmentId: `u${u}`,
          equipmentName: `Fridge ${u}`,
          type: "FRIDGE",
          setTemperature: 3,
          optimalMin: 0,
          optimalMax: 5,
          location: null,
          configuredAt: new Date(start - DAY).toISOString(),
        },
        start - DAY,
      ),
    );
  for (let d = 0; d < DAYS; d++) {
    const day = start + d * DAY;
    // One hour of minutes per unit per day (a hub sends rollups an hour at a time; a queue message holds at
    // most 128 KB): every day of the year gets its aggregates, the rest of each day stays unknown.
    for (let u = 0; u < UNITS; u++) {
      const from = day + 10 * 60 * MIN;
      const minutes = Array.from({ length: 60 }, (_, i) => ({
        at: new Date(from + i * MIN).toISOString(),
        min: 2,
        max: i % 7 === 0 ? 7 : 4,
        mean: 3,
        count: 6,
      }));
      events.push(
        event(
          "equipment.readings.rolled-up",
          { equipmentId: `u${u}`, equipmentName: `Fridge ${u}`, minutes },
          from,
        ),
      );
    }
    const alarmId = `a-${d}`;
    events.push(
      event(
        "equipment.alarm.raised",
        {
          alarmId,
          equipmentId: "u0",
          equipmentName: "Fridge 0",
          kind: "HIGH_TEMPERATURE",
          temperature: 7,
          limit: 5,
          raisedAt: new Date(day + 600 * MIN).toISOString(),
        },
        day,
      ),
    );
    events.push(
      event(
        "equipment.alarm.acknowledged",
        {
          alarmId,
          equipmentId: "u0",
          acknowledgedBy: "Bench (b)",
          note: null,
          acknowledgedAt: new Date(day + 611 * MIN).toISOString(),
        },
        day,
      ),
    );
  }
  for (let i = 0; i < events.length; i += 25) {
    const token = await signHubToken(privateJwk, { hubId, siteId }, Date.now());
    const res = await fetch(`${url}/v1/hubs/${hubId}/events`, {
      method: "POST",
      headers: { "content-type": "application/cbor", authorization: `Bearer ${token}` },
      body: encodeCbor({ hubId, siteId, events: events.slice(i, i + 25) }) as BodyInit,
    });
    if (res.status !== 200) throw new Error(`sync refused: ${res.status} ${await res.text()}`);
  }
  return { siteId, token: session.accessToken, from: "2025-01-01", to: "2025-12-31" };
}

async function measure(url: string, runtime: AnalyticsBenchRun["runtime"]): Promise<AnalyticsBenchRun> {
  const { siteId, token, from, to } = await seed(url);
  const get = () =>
    fetch(`${url}/v1/analytics/sites/${siteId}?from=${from}&to=${to}`, {
      headers: { authorization: `Bearer ${token}` },
    });
  // The consumers work in the background: wait until every day of every unit has been aggregated.
  const end = Date.now() + 600_000;
  let rows = 0;
  for (;;) {
    const r = (await (await get()).json()) as {
      compliance: { percentInRange: number | null }[];
      days: unknown[];
    };
    rows = r.compliance.length + r.days.length;
    if (r.compliance.filter((c) => c.percentInRange !== null).length >= DAYS * UNITS) break;
    if (Date.now() > end) throw new Error("analytics did not catch up");
    await new Promise((res) => setTimeout(res, 200));
  }
  const timed = async (request: () => Promise<Response>) => {
    const times: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const t = performance.now();
      const res = await request();
      await res.arrayBuffer();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    return { p50: times[Math.floor(SAMPLES / 2)]!, p99: times[Math.floor(SAMPLES * 0.99)]! };
  };
  const year = await timed(get);
  const floor = await timed(() =>
    fetch(`${url}/v1/analytics/sites/${siteId}?from=${to}&to=${to}`, {
      headers: { authorization: `Bearer ${token}` },
    }),
  );
  return { runtime, rows, ...year, floorP50: floor.p50, floorP99: floor.p99 };
}

export async function runAnalyticsBench(): Promise<AnalyticsBenchRun[]> {
  const out: AnalyticsBenchRun[] = [];
  const persistDir = mkdtempSync(join(tmpdir(), "outpost-analytics-bench-"));
  try {
    await applyLocalMigrations(persistDir);
    const cloud = await startLocalCloud({ persistDir });
    try {
      out.push(await measure(cloud.url, "workerd"));
    } finally {
      await cloud.stop();
    }
  } finally {
    rmSync(persistDir, { recursive: true, force: true });
  }
  const dataDir = mkdtempSync(join(tmpdir(), "outpost-analytics-deno-"));
  try {
    const deno = await startDenoCloudProcess({ dataDir, vars: { ENVIRONMENT: "test" } });
    try {
      out.push(await measure(deno.url, "Deno"));
    } finally {
      await deno.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  return out;
}

/** The part `npm run bench` prints. */
export async function analyticsBench(): Promise<void> {
  console.log("15. Analytics dashboard: one site, a year of daily aggregates, GET over HTTP");
  for (const r of await runAnalyticsBench())
    console.log(
      `   ${r.runtime}: ${r.rows} unit-days and days returned, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ratio p99 / ${BUDGET_MS} ms budget = ${(r.p99 / BUDGET_MS).toFixed(2)}   (target ≤ 1.00); one day: p50 ${r.floorP50.toFixed(1)} ms, p99 ${r.floorP99.toFixed(1)} ms`,
    );
}

// `node bench/analytics.ts` runs this part alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await runAnalyticsBench())
    console.log(
      `${r.runtime}: ${r.rows} unit-days and days returned, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ratio p99 / ${BUDGET_MS} ms = ${(r.p99 / BUDGET_MS).toFixed(2)}; one day: p50 ${r.floorP50.toFixed(1)} ms, p99 ${r.floorP99.toFixed(1)} ms`,
    );
}
