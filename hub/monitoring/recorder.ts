/** Records telemetry in group-committed batches: readings, alarm transitions and their events in one write. */
import { and, eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Clock } from "../../shared/clock/index.ts";
import { buildEvent, type EventEnvelope } from "../../shared/events/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import type { Telemetry } from "../../shared/protocol/index.ts";
import { alarms, devices, equipment, type HubDb, readings } from "../db/index.ts";
import { appendEvent } from "../outbox/index.ts";
import { evaluateRange, type OpenAlarm, type RangeLimits } from "./range-rule.ts";

export interface ReadingInput {
  deviceId: string;
  telemetry: Telemetry;
  receivedAt: number;
}

interface WatchedEquipment extends RangeLimits {
  id: string;
  name: string;
}

export interface RecorderDeps {
  db: HubDb;
  clock: Clock;
  source: () => EventEnvelope["source"];
}

/** Keeps the per-equipment rule state in memory (loaded from SQLite) so a batch costs one write. */
export class ReadingRecorder {
  private readonly byDevice = new Map<string, WatchedEquipment>();
  private readonly open = new Map<string, OpenAlarm>();

  private readonly deps: RecorderDeps;

  constructor(deps: RecorderDeps) {
    this.deps = deps;
  }

  /** Loads equipment and open alarms; call at start and after equipment changes. */
  async load(): Promise<void> {
    const { db } = this.deps;
    const watched = await db.select().from(equipment);
    this.byDevice.clear();
    for (const e of watched) {
      if (e.deviceId) this.byDevice.set(e.deviceId, e);
    }
    const raised = await db.select().from(alarms).where(eq(alarms.status, "RAISED"));
    this.open.clear();
    for (const a of raised) {
      this.open.set(a.equipmentId, { id: a.id, kind: a.kind, limit: a.limit, peak: a.peakTemperature });
    }
  }

  /** The equipment a device measures, or undefined when it measures none. */
  equipmentOf(deviceId: string): WatchedEquipment | undefined {
    return this.byDevice.get(deviceId);
  }

  /** Writes a batch atomically; in-memory rule state moves only once the write has committed. */
  async record(batch: readonly ReadingInput[]): Promise<void> {
    const { db } = this.deps;
    const open = new Map(this.open);
    const statements: BatchItem<"sqlite">[] = [];
    const rows: (typeof readings.$inferInsert)[] = [];
    const seen = new Map<string, number>();

    for (const r of batch) {
      const eqp = this.byDevice.get(r.deviceId);
      if (!eqp) continue;
      const t = r.telemetry;
      rows.push({
        equipmentId: eqp.id,
        deviceId: r.deviceId,
        deviceTs: t.ts ?? null,
        receivedAt: r.receivedAt,
        temperature: t.temperature ?? null,
        doorOpen: t.doorOpen ?? null,
        defrost: t.defrost ?? null,
        compressorOn: t.compressorOn ?? null,
        powerW: t.powerW ?? null,
      });
      seen.set(r.deviceId, r.receivedAt);
      if (t.temperature !== undefined) {
        this.applyRange(eqp, open, t.temperature, r.receivedAt, statements);
      }
    }

    // 10 columns a row keeps each INSERT far under SQLite's bound-parameter limit.
    for (let i = 0; i < rows.length; i += 200) {
      statements.push(db.insert(readings).values(rows.slice(i, i + 200)));
    }
    for (const [deviceId, at] of seen) {
      statements.push(
        db
          .update(devices)
          .set({ lastSeenAt: sql`max(coalesce(${devices.lastSeenAt}, 0), ${at})` })
          .where(eq(devices.id, deviceId)),
      );
    }
    if (statements.length === 0) return;
    await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
    this.open.clear();
    for (const [k, v] of open) this.open.set(k, v);
  }

  private applyRange(
    eqp: WatchedEquipment,
    open: Map<string, OpenAlarm>,
    t: number,
    at: number,
    out: BatchItem<"sqlite">[],
  ): void {
    const { db } = this.deps;
    const current = open.get(eqp.id) ?? null;
    for (const d of evaluateRange(eqp, current, t)) {
      if (d.action === "peak" && current) {
        open.set(eqp.id, { ...current, peak: d.peak });
        out.push(db.update(alarms).set({ peakTemperature: d.peak }).where(eq(alarms.id, current.id)));
      } else if (d.action === "clear" && current) {
        open.delete(eqp.id);
        out.push(
          db
            .update(alarms)
            .set({ status: "CLEARED", clearedAt: at })
            .where(and(eq(alarms.id, current.id), eq(alarms.status, "RAISED"))),
        );
        out.push(
          this.event("equipment.alarm.cleared", at, {
            alarmId: current.id,
            equipmentId: eqp.id,
            kind: current.kind,
            temperature: t,
            peak: current.peak,
            clearedAt: new Date(at).toISOString(),
          }),
        );
      } else if (d.action === "raise") {
        const alarm: OpenAlarm = { id: uuidv7(at), kind: d.kind, limit: d.limit, peak: t };
        open.set(eqp.id, alarm);
        out.push(
          db.insert(alarms).values({
            id: alarm.id,
            equipmentId: eqp.id,
            kind: d.kind,
            status: "RAISED",
            limit: d.limit,
            triggerTemperature: t,
            peakTemperature: t,
            raisedAt: at,
          }),
        );
        out.push(
          this.event("equipment.alarm.raised", at, {
            alarmId: alarm.id,
            equipmentId: eqp.id,
            equipmentName: eqp.name,
            kind: d.kind,
            temperature: t,
            limit: d.limit,
            raisedAt: new Date(at).toISOString(),
          }),
        );
      }
    }
  }

  private event<T extends "equipment.alarm.raised" | "equipment.alarm.cleared">(
    type: T,
    at: number,
    data: Parameters<typeof buildEvent<T>>[0]["data"],
  ) {
    const envelope = buildEvent({ type, data, occurredAt: at, source: this.deps.source() });
    return appendEvent(this.deps.db, envelope, this.deps.clock.now());
  }
}
