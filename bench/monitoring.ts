/**
 * Rule evaluation cost: recording readings through the monitoring recorder (rules, rollups,
 * state, alarms) against a bare multi-row insert of the same readings, in the same process.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bulkInsert, openDb, readings } from "../hub/db/index.ts";
import { pairDevice } from "../hub/devices/index.ts";
import { type ReadingInput, ReadingRecorder } from "../hub/monitoring/index.ts";
import { ManualClock } from "../shared/clock/index.ts";

const DEVICES = 20;
const BATCHES = 300;
const PER_BATCH = 100;

async function timed(fn: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Returns microseconds per reading for both paths and their ratio. */
export async function runMonitoringBench(): Promise<{ bareUs: number; rulesUs: number; ratio: number }> {
  const dir = mkdtempSync(join(tmpdir(), "outpost-bench-rules-"));
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  try {
    // NORMAL: this measures what the rules cost, not the disk's fsync (the same for both paths).
    const storage = await openDb(join(dir, "hub.db"), { synchronous: "NORMAL" });
    const { db } = storage;
    const ids: string[] = [];
    for (let i = 0; i < DEVICES; i++) {
      const p = await pairDevice(
        { db, clock },
        { kind: "FRIDGE", name: `Bench ${i}`, equipment: { optimalMin: 0, optimalMax: 5 } },
      );
      ids.push(p.id);
    }
    // Both paths commit on the ingest writer's synchronous connection, as the hub does.
    const connection = storage.writer!;
    const recorder = new ReadingRecorder({
      db,
      connection,
      clock,
      source: () => ({ siteId: "local", module: "monitoring" }),
    });
    await recorder.load();
    const equipmentOf = (id: string) => recorder.equipmentOf(id)!.id;
    // Temperatures that cross the limit now and then, so alarms are raised and cleared too.
    const batch = (b: number): ReadingInput[] =>
      Array.from({ length: PER_BATCH }, (_, i) => {
        clock.advance(100);
        return {
          deviceId: ids[i % DEVICES]!,
          telemetry: {
            ts: clock.now(),
            temperature: 4 + 2 * Math.sin((b * PER_BATCH + i) / 500),
            doorOpen: false,
          },
          receivedAt: clock.now(),
        };
      });

    const bare = async (b: number) => {
      const rows = batch(b).map((r) => ({
        equipmentId: equipmentOf(r.deviceId),
        deviceId: r.deviceId,
        deviceTs: r.telemetry.ts,
        receivedAt: r.receivedAt,
        ts: r.receivedAt,
        temperature: r.telemetry.temperature,
        doorOpen: r.telemetry.doorOpen,
      }));
      // The same multi-row insert the recorder uses, so the difference is the rules alone.
      connection.run(bulkInsert(readings, rows));
    };
    // Warm both paths, then alternate rounds so drift on the machine hits both alike.
    await bare(0);
    await recorder.record(batch(0));
    const bareMs: number[] = [];
    const rulesMs: number[] = [];
    for (let b = 1; b <= BATCHES; b++) {
      bareMs.push(await timed(() => bare(b)));
      rulesMs.push(await timed(() => recorder.record(batch(b))));
    }
    storage.close();
    // Medians of the batch times: a burst of other work on the machine moves a few batches of either
    // path, not the ratio.
    const bareUs = (median(bareMs) * 1000) / PER_BATCH;
    const rulesUs = (median(rulesMs) * 1000) / PER_BATCH;
    return { bareUs, rulesUs, ratio: rulesUs / bareUs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
