/**
 * Sync up against a local workerd (wrangler) in one run: throughput of the priority lane in events/s with
 * bytes per event CBOR ÷ JSON; then a catch-up after 7 simulated days offline (10 units at 1 Hz, i.e. their
 * minute rollups), with the hub's alarm latency measured idle and during the catch-up, and how long an
 * alarm raised mid-catch-up takes to reach the cloud. Numbers and ratios, never pass or fail.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq, isNotNull } from "drizzle-orm";
import { outbox, rollups } from "../hub/db/index.ts";
import { feedRollups, updateRules } from "../hub/monitoring/index.ts";
import { eventStatement, numberLanes, outboxDepth, pendingEvents } from "../hub/outbox/index.ts";
import { buildBatch } from "../hub/sync/index.ts";
import { connectFridge, fridgeInput, startTestHub, type TestHub } from "../hub/testing.ts";
import { applyLocalMigrations, startLocalCloud } from "../scripts/cloud.ts";
import { CloudClient } from "../scripts/cloud-client.ts";
import { systemClock } from "../shared/clock/index.ts";
import { buildEvent, type EventEnvelope } from "../shared/events/index.ts";
import { uuidv7 } from "../shared/ids/index.ts";

export interface SyncBenchResult {
  eventsPerSecond: number;
  /** CPU time the local cloud (workerd and its helpers) spent per event of the throughput run. */
  cloudCpuMsPerEvent: number;
  /** CPU time this process (the hub's side: outbox, batches, HTTP) spent per event of it. */
  hubCpuMsPerEvent: number;
  cborBytesPerEvent: number;
  jsonBytesPerEvent: number;
  catchUp: { rollupEvents: number; seconds: number; alarmToCloudMs: number };
  alarmLatencyMs: { idleP50: number; duringP50: number };
}

const DAY_MINUTES = 24 * 60;
const TICK_MS = 1000 / 100; // USER_HZ: /proc reports CPU time in ticks of 10 ms on Linux

/** CPU milliseconds (user + system) of every process descended from this one: the local cloud. */
function childrenCpuMs(): number {
  const parents = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parents.set(Number(entry), Number(fields[1]));
      cpu.set(Number(entry), (Number(fields[11]) + Number(fields[12])) * TICK_MS);
    } catch {}
  }
  let total = 0;
  for (const [pid, ms] of cpu) {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) {
      if (p === process.pid) {
        total += ms;
        break;
      }
    }
  }
  return total;
}
const UNITS = 10;
const THROUGHPUT_EVENTS = 5000;
const LATENCY_SAMPLES = 30;

function alarmEvent(hubId: string): EventEnvelope {
  const at = Date.now();
  return buildEvent({
    type: "equipment.alarm.raised",
    source: { siteId: "local", hubId, module: "monitoring" },
    occurredAt: at,
    data: {
      alarmId: `alarm-${uuidv7()}`,
      equipmentId: "bench-fridge",
      equipmentName: "Bench fridge",
      kind: "HIGH_TEMPERATURE",
      temperature: 9.5,
      limit: 8,
      raisedAt: new Date(at).toISOString(),
    },
  });
}

async function append(hub: TestHub, events: EventEnvelope[]): Promise<void> {
  for (let i = 0; i < events.length; i += 200) {
    const chunk = events.slice(i, i + 200).map((e) => eventStatement(hub.storage.db, e, Date.now()));
    await hub.storage.db.batch(chunk as [(typeof chunk)[number], ...typeof chunk]);
  }
}

async function drained(hub: TestHub, timeoutMs = 600_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while ((await outboxDepth(hub.storage.db)) > 0) {
    if (Date.now() > end) throw new Error("outbox did not drain");
    await new Promise((r) => setTimeout(r, 20));
  }
}

const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** Publish → PUBACK of out-of-range readings (each raises and commits an alarm), alternating with in-range. */
async function alarmLatency(fridge: Awaited<ReturnType<typeof connectFridge>>, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await fridge.publishTelemetry({ temperature: 9 });
    out.push(performance.now() - started);
    await fridge.publishTelemetry({ temperature: 3 });
  }
  return out;
}

export async function runSyncBench(): Promise<SyncBenchResult> {
  const persistDir = mkdtempSync(join(tmpdir(), "outpost-sync-bench-"));
  await applyLocalMigrations(persistDir);
  const cloud = await startLocalCloud({ persistDir });
  const hubs: TestHub[] = [];
  try {
    const owner = new CloudClient(cloud.url);
    await owner.signUp(`bench-${uuidv7()}@example.test`, "correct horse battery");
    const claimed = async () => {
      const site = await owner.ensureSite(`Bench ${uuidv7()}`);
      const hub = await startTestHub({ sync: { idleMs: 50, backoff: { baseMs: 50, maxMs: 500 } } });
      hubs.push(hub);
      await hub.sync.stop();
      await hub.claim({ cloudUrl: cloud.url, code: await owner.claimCode(site.id), name: "Bench hub" });
      return hub;
    };

    // 1. Throughput of the priority lane.
    const hub = await claimed();
    await append(
      hub,
      Array.from({ length: THROUGHPUT_EVENTS }, () => alarmEvent(hub.hubId)),
    );
    await numberLanes(hub.storage.db);
    const sample = await pendingEvents(hub.storage.db, "priority", 500);
    const binding = { hubId: hub.hubId, siteId: "site" };
    const cbor = buildBatch(sample, binding)!;
    const json = JSON.stringify({
      ...binding,
      lane: "priority",
      events: sample.map((r) => ({ ...r.envelope, seq: r.laneSeq })),
    });
    const started = performance.now();
    const cloudCpuBefore = childrenCpuMs();
    const hubCpuBefore = process.cpuUsage();
    hub.sync.start();
    await drained(hub);
    const eventsPerSecond = THROUGHPUT_EVENTS / ((performance.now() - started) / 1000);
    const cloudCpuMsPerEvent = (childrenCpuMs() - cloudCpuBefore) / THROUGHPUT_EVENTS;
    const hubCpu = process.cpuUsage(hubCpuBefore);
    const hubCpuMsPerEvent = (hubCpu.user + hubCpu.system) / 1000 / THROUGHPUT_EVENTS;

    if (process.env.SYNC_BENCH_ONLY === "throughput") {
      return {
        eventsPerSecond,
        cloudCpuMsPerEvent,
        hubCpuMsPerEvent,
        cborBytesPerEvent: cbor.body.byteLength / cbor.count,
        jsonBytesPerEvent: new TextEncoder().encode(json).byteLength / sample.length,
        catchUp: { rollupEvents: 0, seconds: Number.NaN, alarmToCloudMs: Number.NaN },
        alarmLatencyMs: { idleP50: Number.NaN, duringP50: Number.NaN },
      };
    }

    // 2. Catch-up after 7 days offline: 10 units' minute rollups (what 1 Hz readings leave), fed to the bulk lane.
    const week = await claimed();
    const paired = await week.pair(fridgeInput({ equipment: { optimalMin: 0, optimalMax: 5 } }));
    await updateRules(
      { db: week.storage.db, clock: systemClock, changed: () => week.devices.registryChanged() },
      paired.equipmentId!,
      { highDelayMs: 0 },
    );
    await week.devices.registryChanged();
    const fridge = await connectFridge(week, paired);
    const idle = await alarmLatency(fridge, LATENCY_SAMPLES);

    const start = Math.floor(Date.now() / 60_000) * 60_000 - 7 * DAY_MINUTES * 60_000;
    for (let u = 0; u < UNITS; u++) {
      const rows = Array.from({ length: 7 * DAY_MINUTES }, (_, m) => ({
        equipmentId: `bench-unit-${u}`,
        resolution: "minute" as const,
        bucket: start + m * 60_000,
        min: 2,
        max: 4,
        sum: 180,
        count: 60,
      }));
      for (let i = 0; i < rows.length; i += 500)
        await week.storage.db.insert(rollups).values(rows.slice(i, i + 500));
    }
    const catchStarted = performance.now();
    const rollupEvents = await feedRollups({
      db: week.storage.db,
      clock: systemClock,
      source: () => ({ siteId: "local", hubId: week.hubId, module: "monitoring" }),
    });
    week.sync.start();
    // Mid-catch-up: once the bulk lane is moving, time an alarm from the outbox to the cloud's acknowledgement.
    while ((await outboxDepth(week.storage.db, "bulk")) > rollupEvents * 0.8)
      await new Promise((r) => setTimeout(r, 10));
    const during = alarmLatency(fridge, LATENCY_SAMPLES);
    const raised = alarmEvent(week.hubId);
    const raisedAt = performance.now();
    await append(week, [raised]);
    week.sync.nudge();
    for (;;) {
      const [row] = await week.storage.db
        .select({ seq: outbox.seq })
        .from(outbox)
        .where(and(eq(outbox.eventId, raised.id), isNotNull(outbox.sentAt)));
      if (row) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const alarmToCloudMs = performance.now() - raisedAt;
    const duringMs = await during;
    await drained(week);
    const seconds = (performance.now() - catchStarted) / 1000;
    await fridge.close();
    return {
      eventsPerSecond,
      cloudCpuMsPerEvent,
      hubCpuMsPerEvent,
      cborBytesPerEvent: cbor.body.byteLength / cbor.count,
      jsonBytesPerEvent: new TextEncoder().encode(json).byteLength / sample.length,
      catchUp: { rollupEvents, seconds, alarmToCloudMs },
      alarmLatencyMs: { idleP50: p50(idle), duringP50: p50(duringMs) },
    };
  } finally {
    for (const hub of hubs) await hub.destroy().catch(() => {});
    await cloud.stop();
    rmSync(persistDir, { recursive: true, force: true });
  }
}
