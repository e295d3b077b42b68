/** Records telemetry in group-committed batches: readings, rollups, rule state, alarm transitions and events in one write. */
import { eq, inArray, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Clock } from "../../shared/clock/index.ts";
import type { EventEnvelope } from "../../shared/events/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import type { Telemetry } from "../../shared/protocol/index.ts";
import {
  alarmRules,
  bulkInsert,
  devices,
  equipment,
  type HubDb,
  monitoringState,
  RowsStatement,
  readings,
  type WriterConnection,
} from "../db/index.ts";
import { type EmitContext, type EmittedRows, emit, emittedStatements } from "./emit.ts";
import { escalations } from "./lifecycle.ts";
import { RollupAccumulator } from "./rollups.ts";
import {
  activeAlarms,
  cloneState,
  defaultRules,
  type EquipmentType,
  initialState,
  onReading,
  onTime,
  type RuleConfig,
  type RuleState,
  sameSavedState,
  type Transition,
} from "./rules/index.ts";
import { iso, plausibleTime } from "./time.ts";
import { transitionStatements } from "./transitions.ts";

export interface ReadingInput {
  deviceId: string;
  telemetry: Telemetry;
  receivedAt: number;
}

export interface WatchedEquipment {
  id: string;
  name: string;
  type: EquipmentType;
  pairedAt: number;
  rules: RuleConfig;
}

export interface RecorderDeps {
  db: HubDb;
  /**
   * The writer's synchronous connection: `record` commits on it, and `prepare` asks it whether a
   * reading a device sends again is already stored. Without it (an in-memory database) a resend
   * of a reading is not recognised.
   */
  connection?: WriterConnection | null;
  clock: Clock;
  source: () => EventEnvelope["source"];
}

export interface Prepared {
  statements: BatchItem<"sqlite">[];
  /** Call once the statements have committed: only then does in-memory rule state move. */
  apply(): void;
}

const STATE = new RowsStatement(
  'insert into "monitoring_state" ("equipment_id", "state", "updated_at") values',
  3,
  'on conflict ("equipment_id") do update set "state" = excluded."state", "updated_at" = excluded."updated_at"',
);
// The newest reading of each unit in the batch, by its place from the end: the batch's rows got
// consecutive ids ending at last_insert_rowid() (AUTOINCREMENT, one transaction, one writer), and
// latest_readings is WITHOUT ROWID, so writing it leaves last_insert_rowid() at the last reading.
const LATEST = new RowsStatement(
  'insert into "latest_readings" ("equipment_id", "reading_id") values',
  2,
  'on conflict ("equipment_id") do update set "reading_id" = excluded."reading_id"',
  undefined,
  "(?, last_insert_rowid() - ?)",
);
// A flagged device time stands at the hub's receive time, which a resend does not repeat: such a
// reading is not recognised again (the device's clock is wrong anyway).
const STORED_SQL =
  'select 1 from "readings" where "equipment_id" = ? and "ts" = ? and "device_id" = ? and "device_ts" = ? ' +
  'and "temperature" is ? and "door_open" is ? and "defrost" is ? and "compressor_on" is ? and "power_w" is ? limit 1';

const bit = (b: boolean | undefined) => (b === undefined ? null : b ? 1 : 0);

/** The key of a reading: device time and values (two readings in one millisecond differ in values). */
function sameReading(a: Telemetry, b: Telemetry): boolean {
  return (
    a.ts === b.ts &&
    a.temperature === b.temperature &&
    a.doorOpen === b.doorOpen &&
    a.defrost === b.defrost &&
    a.compressorOn === b.compressorOn &&
    a.powerW === b.powerW
  );
}

/** Keeps equipment, rules and rule state in memory (loaded from SQLite) so a batch costs one write. */
export class ReadingRecorder {
  private readonly byDevice = new Map<string, WatchedEquipment>();
  private readonly byId = new Map<string, WatchedEquipment>();
  private states = new Map<string, RuleState>();
  /** Per device, the newest device time among its committed readings (known since start). */
  private readonly newestDeviceTs = new Map<string, number>();
  private readonly deps: RecorderDeps;

  constructor(deps: RecorderDeps) {
    this.deps = deps;
  }

  /** Loads equipment, their rules and rule state; call at start and after equipment or rules change. */
  async load(): Promise<void> {
    const { db } = this.deps;
    const rows = await this.selectUnits();
    this.byDevice.clear();
    this.byId.clear();
    for (const row of rows) this.watch(row);
    const saved = await db.select().from(monitoringState);
    this.states = new Map(saved.map((s) => [s.equipmentId, s.state as RuleState]));
    await this.restoreReadingTimes([...this.byId.keys()]);
  }

  /**
   * A saved state is written only when more than its reading time changes (`sameSavedState`): the
   * newest reading time of each unit comes back from its readings, one index seek a unit.
   */
  private async restoreReadingTimes(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const newest = await this.deps.db
      .select({
        id: equipment.id,
        // Spelled out: drizzle leaves columns in sql`` unqualified, and both tables have an "id".
        ts: sql<
          number | null
        >`(select max(r."ts") from "readings" r where r."equipment_id" = "equipment"."id")`,
      })
      .from(equipment)
      .where(ids.length > 500 ? undefined : inArray(equipment.id, [...ids]));
    for (const { id, ts } of newest) {
      if (ts === null || !this.byId.has(id)) continue;
      const state = this.states.get(id) ?? initialState();
      if (state.lastReadingAt === null || state.lastReadingAt < ts) state.lastReadingAt = ts;
      this.states.set(id, state);
    }
  }

  /**
   * Loads only the units these devices measure (after a pairing, a revocation or a rotated secret),
   * leaving every other unit as it is: its cost does not grow with the number of units.
   */
  async loadUnitsOf(deviceIds: readonly string[]): Promise<void> {
    if (deviceIds.length === 0) return;
    // Past a few hundred (a bulk pairing by another process) one full load is the cheaper query.
    if (deviceIds.length > 500) return this.load();
    const rows = await this.selectUnits(inArray(equipment.deviceId, [...deviceIds]));
    const fresh = rows.map((r) => r.e.id).filter((id) => !this.states.has(id));
    const saved = fresh.length
      ? await this.deps.db.select().from(monitoringState).where(inArray(monitoringState.equipmentId, fresh))
      : [];
    for (const id of deviceIds) this.byDevice.delete(id);
    for (const row of rows) this.watch(row);
    // A unit's state in memory is its newest committed one (moved only after commit): only a unit
    // new to this recorder takes its saved state.
    for (const s of saved)
      if (!this.states.has(s.equipmentId)) this.states.set(s.equipmentId, s.state as RuleState);
    await this.restoreReadingTimes(fresh);
  }

  private selectUnits(where?: SQL) {
    return this.deps.db
      .select({ e: equipment, pairedAt: devices.pairedAt, rules: alarmRules.config })
      .from(equipment)
      .leftJoin(devices, eq(devices.id, equipment.deviceId))
      .leftJoin(alarmRules, eq(alarmRules.equipmentId, equipment.id))
      .where(where);
  }

  private watch({ e, pairedAt, rules }: Awaited<ReturnType<ReadingRecorder["selectUnits"]>>[number]): void {
    const watched: WatchedEquipment = {
      id: e.id,
      name: e.name,
      type: e.type,
      pairedAt: pairedAt ?? e.createdAt,
      rules: (rules as RuleConfig | null) ?? defaultRules(e.type, e),
    };
    this.byId.set(e.id, watched);
    if (e.deviceId) this.byDevice.set(e.deviceId, watched);
  }

  equipmentOf(deviceId: string): WatchedEquipment | undefined {
    return this.byDevice.get(deviceId);
  }

  equipmentById(id: string): WatchedEquipment | undefined {
    return this.byId.get(id);
  }

  /** Writes a batch atomically on its own (tests and tools; the ingest writer uses `prepare`). */
  async record(batch: readonly ReadingInput[]): Promise<void> {
    await this.commit(this.prepare(batch));
  }

  /** Applies the passing of time (stale sensors, doors left open) and commits it. */
  async tick(): Promise<void> {
    await this.commit(await this.prepareTick(this.deps.clock.now()));
  }

  /**
   * The statements recording a batch of readings, for the caller's transaction. A reading is keyed
   * by (device, device time): one the device sends again (its PUBACK was lost) is left out.
   */
  prepare(batch: readonly ReadingInput[]): Prepared {
    const work = this.work();
    const rows: (typeof readings.$inferInsert)[] = [];
    const rollups = new RollupAccumulator();
    // Per device, the timed readings of this batch (a duplicate within it) and the newest time.
    const batchTs = new Map<string, Telemetry[]>();
    for (const r of batch) {
      const eqp = this.byDevice.get(r.deviceId);
      if (!eqp) continue;
      const t = r.telemetry;
      if (t.ts !== undefined) {
        const seen = batchTs.get(r.deviceId);
        if (seen?.some((o) => sameReading(o, t)) || this.isStored(r.deviceId, eqp.id, t, r.receivedAt))
          continue;
        if (seen) seen.push(t);
        else batchTs.set(r.deviceId, [t]);
      }
      const { ts, flagged } = plausibleTime(t.ts, r.receivedAt, eqp.pairedAt);
      rows.push({
        equipmentId: eqp.id,
        deviceId: r.deviceId,
        deviceTs: t.ts ?? null,
        receivedAt: r.receivedAt,
        ts,
        tsFlagged: flagged,
        temperature: t.temperature ?? null,
        doorOpen: t.doorOpen ?? null,
        defrost: t.defrost ?? null,
        compressorOn: t.compressorOn ?? null,
        powerW: t.powerW ?? null,
      });
      if (t.temperature !== undefined) rollups.add(eqp.id, ts, t.temperature);
      const last = work.state(eqp.id).lastReadingAt;
      // A late reading (buffered by the device) is kept and rolled up, but rules only move forward in time.
      if (last !== null && ts < last) continue;
      const facts = {
        at: ts,
        temperature: t.temperature,
        doorOpen: t.doorOpen,
        defrost: t.defrost,
        powerW: t.powerW,
      };
      work.evaluate(eqp, (s) => onReading(eqp.rules, s, facts, uuidv7), ts);
    }
    const statements = work.statements;
    // bulkInsert, not db.insert(): drizzle's builder costs more per reading than SQLite's insert.
    for (const insert of bulkInsert(readings, rows)) statements.push(insert);
    if (rows.length > 0) {
      // Rows are in id order, so a unit's last row in the batch is its newest.
      const last = new Map<string, number>();
      for (let i = 0; i < rows.length; i++) last.set(rows[i]!.equipmentId, i);
      const values: unknown[] = [];
      for (const [equipmentId, i] of last) values.push(equipmentId, rows.length - 1 - i);
      LATEST.statements(values, statements);
    }
    rollups.statements(statements);
    const prepared = work.finish();
    return {
      statements: prepared.statements,
      apply: () => {
        prepared.apply();
        for (const [deviceId, timed] of batchTs) {
          let newest = this.newestDeviceTs.get(deviceId) ?? Number.NEGATIVE_INFINITY;
          for (const t of timed) if (t.ts! > newest) newest = t.ts!;
          this.newestDeviceTs.set(deviceId, newest);
        }
      },
    };
  }

  /**
   * True when this reading (same device, device time and values) is already stored. One newer
   * than every reading committed since start is new without a lookup; an older one (a resend, a
   * buffered reading, the first after a restart) is looked up on the (equipment, ts) index.
   */
  private isStored(deviceId: string, equipmentId: string, t: Telemetry, receivedAt: number): boolean {
    const newest = this.newestDeviceTs.get(deviceId);
    if (newest !== undefined && t.ts! > newest) return false;
    const connection = this.deps.connection;
    if (!connection) return false;
    const eqp = this.byId.get(equipmentId)!;
    const { ts } = plausibleTime(t.ts, receivedAt, eqp.pairedAt);
    return connection.exists(STORED_SQL, [
      equipmentId,
      ts,
      deviceId,
      t.ts!,
      t.temperature ?? null,
      bit(t.doorOpen),
      bit(t.defrost),
      bit(t.compressorOn),
      t.powerW ?? null,
    ]);
  }

  /** The statements for the passing of time up to `now`: silent sensors, doors left open, escalations. */
  async prepareTick(now: number): Promise<Prepared> {
    const work = this.work();
    for (const eqp of this.byId.values()) {
      const current = this.states.get(eqp.id);
      // Probe on a copy first, so a quiet tick writes nothing.
      if (!current || onTime(eqp.rules, cloneState(current), now, () => "").length === 0) continue;
      work.evaluate(eqp, (s) => onTime(eqp.rules, s, now, uuidv7), now);
    }
    work.flush();
    work.statements.push(
      ...(await escalations(this.deps.db, [...this.byId.values()], now, this.deps.source())),
    );
    return work.finish();
  }

  private async commit(p: Prepared): Promise<void> {
    if (p.statements.length === 0) return;
    if (this.deps.connection) this.deps.connection.run(p.statements);
    else await this.deps.db.batch(p.statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
    p.apply();
  }

  /** A unit of work: copies of the states it touches, the statements it makes. */
  private work() {
    const { db, clock } = this.deps;
    const now = clock.now();
    const touched = new Map<string, { before: RuleState; after: RuleState }>();
    const statements: BatchItem<"sqlite">[] = [];
    const rows: EmittedRows = { outbox: [], history: [] };
    const source = this.deps.source();
    const ctx = (): EmitContext => ({ db, now, source, rows });
    // The collected events go out where they stand in the batch, so outbox order stays the order they happened.
    const flush = () => {
      for (const s of emittedStatements(rows)) statements.push(s);
      rows.outbox.length = 0;
      rows.history.length = 0;
    };
    const state = (id: string): RuleState => {
      let entry = touched.get(id);
      if (!entry) {
        const before = this.states.get(id) ?? initialState();
        entry = { before, after: cloneState(before) };
        touched.set(id, entry);
      }
      return entry.after;
    };
    return {
      statements,
      state,
      flush,
      /** Runs `rule` on the equipment's working state; records its transitions and any status change. */
      evaluate: (eqp: WatchedEquipment, rule: (s: RuleState) => Transition[], at: number) => {
        const s = state(eqp.id);
        const before = activeAlarms(s);
        const ts = rule(s);
        if (ts.length === 0) return;
        statements.push(...transitionStatements(ctx(), eqp, ts));
        const after = activeAlarms(s);
        if (before > 0 === after > 0) return;
        statements.push(
          ...emit(ctx(), eqp.id, "equipment.status.changed", at, {
            equipmentId: eqp.id,
            equipmentName: eqp.name,
            status: after > 0 ? "ALARM" : "OK",
            previous: before > 0 ? "ALARM" : "OK",
            activeAlarms: after,
            changedAt: iso(at),
          }),
        );
      },
      finish: (): Prepared => {
        const values: unknown[] = [];
        for (const [equipmentId, { before, after }] of touched)
          if (!sameSavedState(before, after)) values.push(equipmentId, JSON.stringify(after), now);
        if (values.length > 0) STATE.statements(values, statements);
        flush();
        return {
          statements,
          apply: () => {
            for (const [id, { after }] of touched) this.states.set(id, after);
          },
        };
      },
    };
  }
}
