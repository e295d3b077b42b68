/** Monitoring test bench: a real SQLite file, a manual clock and a recorder fed minute by minute. */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { ManualClock } from "../../shared/clock/index.ts";
import type { Telemetry } from "../../shared/protocol/index.ts";
import { type OpenedDb, openDb } from "../db/index.ts";
import { type PairDeviceInput, pairDevice } from "../devices/index.ts";
import { tempDir } from "../testing.ts";
import { ReadingRecorder } from "./recorder.ts";

export const MIN = 60_000;
export const T0 = Date.UTC(2026, 5, 1, 8);

export interface Bench {
  clock: ManualClock;
  storage: OpenedDb;
  recorder: ReadingRecorder;
  deviceId: string;
  equipmentId: string;
  /** Sends one reading at T0 + `min` minutes (the clock moves there first). */
  at(min: number, t: Omit<Telemetry, "ts">): Promise<void>;
  /** Sends a reading a minute for minutes [from, to). */
  each(from: number, to: number, t: (min: number) => Omit<Telemetry, "ts">): Promise<void>;
  tick(min: number): Promise<void>;
  /** Closes and reopens the SQLite file with a fresh recorder, as a hub restart does. */
  restart(): Promise<Bench>;
  rows(sql: string): Promise<Record<string, unknown>[]>;
  destroy(): void;
}

export async function startBench(
  equipment: PairDeviceInput["equipment"] = { optimalMin: 0, optimalMax: 5 },
  dir = tempDir("outpost-monitoring-"),
  existing?: { deviceId: string; equipmentId: string; clock: ManualClock },
): Promise<Bench> {
  const clock = existing?.clock ?? new ManualClock(T0 - 60 * MIN);
  const storage = await openDb(join(dir, "hub.db"));
  const source = () => ({ siteId: "local", hubId: "hub-test", module: "monitoring" as const });
  const ids: { deviceId: string; equipmentId: string } = existing
    ? { deviceId: existing.deviceId, equipmentId: existing.equipmentId }
    : await pairDevice({ db: storage.db, clock }, { kind: "FRIDGE", name: "Dairy fridge", equipment }).then(
        (p) => ({
          deviceId: p.id,
          equipmentId: p.equipmentId!,
        }),
      );
  const recorder = new ReadingRecorder({ db: storage.db, clock, source });
  await recorder.load();
  const bench: Bench = {
    clock,
    storage,
    recorder,
    ...ids,
    async at(min, t) {
      clock.set(T0 + min * MIN);
      await recorder.record([
        { deviceId: ids.deviceId, telemetry: { ...t, ts: clock.now() }, receivedAt: clock.now() },
      ]);
    },
    async each(from, to, t) {
      for (let m = from; m < to; m++) await bench.at(m, t(m));
    },
    async tick(min) {
      clock.set(T0 + min * MIN);
      await recorder.tick();
    },
    async restart() {
      storage.close();
      return startBench(equipment, dir, { ...ids, clock });
    },
    async rows(sql) {
      return (await storage.client.execute(sql)).rows as unknown as Record<string, unknown>[];
    },
    destroy() {
      storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return bench;
}
