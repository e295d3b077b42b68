/** Records telemetry in group-committed batches: readings, rollups, rule state, alarm transitions and events in one write. */
import { eq } from "drizzle-orm";
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
  readings,
} from "../db/index.ts";
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
  type Transition,
} from "./rules/index.ts";
import { iso, plausibleTime } from "./time.ts";
import { type EmitContext, emit, transitionStatements } from "./transitions.ts";

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
  clock: Clock;
  source: () => EventEnvelope["source"];
}

export interface Prepared {
  statements: BatchItem<"sqlite">[];
  /** Call once the statements have committed: only then does in-memory rule state move. */
  apply(): void;
}

/** Keeps equipment, rules and rule state in memory (loaded from SQLite) so a batch costs one write. */
export class ReadingRecorder {
  private readonly byDevice = new Map<string, WatchedEquipment>();
  private readonly byId = new Map<string, WatchedEquipment>();
  private states = new Map<string, RuleState>();
  private readonly deps: RecorderDeps;

  constructor(deps: RecorderDeps) {
    this.deps = deps;
  }

  /** Loads equipment, their rules and rule state; call at start and after equipment or rules change. */
  async load(): Promise<void> {
    const { db } = this.deps;
    const rows = await db
      .select({ e: equipment, pairedAt: devices.pairedAt, rules: alarmRules.config })
      .from(equipment)
      .leftJoin(devices, eq(devices.id, equipment.deviceId))
      .leftJoin(alarmRules, eq(alarmRules.equipmentId, equipment.id));
    this.byDevice.clear();
    this.byId.clear();
    for (const { e, pairedAt, rules } of rows) {
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
    const saved = await db.select().from(monitoringState);
    this.states = new Map(saved.map((s) => [s.equipmentId, s.state as RuleState]));
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

  /** The statements recording a batch of readings, for the caller's transaction. */
  prepare(batch: readonly ReadingInput[]): Prepared {
    const work = this.work();
    const rows: (typeof readings.$inferInsert)[] = [];
    const rollups = new RollupAccumulator();
    for (const r of batch) {
      const eqp = this.byDevice.get(r.deviceId);
      if (!eqp) continue;
      const t = r.telemetry;
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
      work.evaluate(eqp, (s) => onReading(eqp.rules, s, { ...t, at: ts }, (at) => uuidv7(at)), ts);
    }
    const statements = work.statements;
    // bulkInsert, not db.insert(): drizzle's builder costs more per reading than SQLite's insert.
    statements.push(...bulkInsert(readings, rows));
    statements.push(...rollups.statements(this.deps.db));
    return work.finish();
  }

  /** The statements for the passing of time up to `now`: silent sensors, doors left open, escalations. */
  async prepareTick(now: number): Promise<Prepared> {
    const work = this.work();
    for (const eqp of this.byId.values()) {
      const current = this.states.get(eqp.id);
      // Probe on a copy first, so a quiet tick writes nothing.
      if (!current || onTime(eqp.rules, cloneState(current), now, () => "").length === 0) continue;
      work.evaluate(eqp, (s) => onTime(eqp.rules, s, now, (at) => uuidv7(at)), now);
    }
    work.statements.push(
      ...(await escalations(this.deps.db, [...this.byId.values()], now, this.deps.source())),
    );
    return work.finish();
  }

  private async commit(p: Prepared): Promise<void> {
    if (p.statements.length === 0) return;
    await this.deps.db.batch(p.statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
    p.apply();
  }

  /** A unit of work: copies of the states it touches, the statements it makes. */
  private work() {
    const { db, clock } = this.deps;
    const now = clock.now();
    const touched = new Map<string, { before: RuleState; after: RuleState }>();
    const statements: BatchItem<"sqlite">[] = [];
    const ctx = (): EmitContext => ({ db, now, source: this.deps.source() });
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
        const saved = [...touched].map(([equipmentId, { after }]) => ({
          equipmentId,
          state: after,
          updatedAt: now,
        }));
        statements.push(
          ...bulkInsert(monitoringState, saved, {
            upsert: {
              target: [monitoringState.equipmentId],
              set: [monitoringState.state, monitoringState.updatedAt],
            },
          }),
        );
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
