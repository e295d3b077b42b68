/** The ingest writer: every channel's writes share one group commit, so each batch is one transaction. */
import type { BatchItem } from "drizzle-orm/batch";
import { type HubDb, isBusy, type RunTiming, rawStatement, type WriterConnection } from "../db/index.ts";
import { queryOf } from "../db/writer-connection.ts";
import type { ReadingInput, ReadingRecorder } from "../monitoring/index.ts";
import { GroupCommitter, PartlyCommittedError } from "./group-commit.ts";
import type { IngestMetrics } from "./metrics.ts";
import { ingestProfile } from "./profile.ts";

/** A reading (recorded with its alarm rule) or ready-made statements, both on behalf of one device. */
export type Write =
  | { kind: "reading"; reading: ReadingInput }
  | { kind: "rows"; deviceId: string; at: number; statements: BatchItem<"sqlite">[] }
  /** The passing of time for monitoring (stale sensors, doors left open, escalations). */
  | { kind: "tick"; now: number };

export interface WriterDeps {
  db: HubDb;
  /** The synchronous writer connection; without one (an in-memory database) batches go through `db`. */
  connection: WriterConnection | null;
  recorder: ReadingRecorder;
  metrics: IngestMetrics;
  maxBatch: number;
  /**
   * Runs after a batch's readings and rows committed, before its rule-state step (tests use it to
   * fail that step and prove a resent message is stored once).
   */
  afterReadings?: (items: readonly Write[]) => void;
}

const LAST_SEEN_SQL =
  'update "devices" set "last_seen_at" = max(coalesce("last_seen_at", 0), ?) where "id" = ?';
/** How long a batch keeps retrying while another connection holds the write lock. */
const BUSY_RETRY_MS = 10_000;

export class IngestWriter {
  private readonly committer: GroupCommitter<Write>;
  private readonly deps: WriterDeps;
  private readonly listeners = new Set<() => void>();
  /** With OUTPOST_PROFILE_INGEST: when each write was submitted, and the writes whose batch moved an alarm. */
  private readonly submittedAt = new WeakMap<Write, number>();
  private readonly alarmWrites = new WeakSet<Write>();

  constructor(deps: WriterDeps) {
    this.deps = deps;
    this.committer = new GroupCommitter<Write>((items) => this.commitAndTell(items), {
      maxBatch: deps.maxBatch,
      onBatch: (n) => deps.metrics.batch(n),
    });
  }

  /**
   * Resolves once the write is committed; rejects if it could not be (nothing of it was written).
   * A batch that fails is retried one write at a time, so a write only ever fails itself.
   */
  submit(write: Write): Promise<void> {
    if (!ingestProfile) return this.committer.submit(write);
    const at = performance.now();
    this.submittedAt.set(write, at);
    return this.committer.submit(write).then(() => {
      ingestProfile?.add("submitToCommit", performance.now() - at, this.alarmWrites.has(write));
    });
  }

  drain(): Promise<void> {
    return this.committer.drain();
  }

  /** Calls `listener` after every committed batch (the live console feed); returns the unsubscribe. */
  onCommitted(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Writes waiting for the next commit. */
  get queued(): number {
    return this.committer.queued;
  }

  private async run(statements: BatchItem<"sqlite">[], timing?: RunTiming) {
    const { connection, db } = this.deps;
    if (statements.length === 0) return;
    if (!connection) {
      await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
      return;
    }
    // The async client (API writes, interactive transactions) shares this thread: never wait for
    // its lock synchronously; yield and try again.
    // Elapsed real time, not the time of day: the lock is held for real milliseconds whatever the clock says.
    const deadline = performance.now() + BUSY_RETRY_MS;
    for (let wait = 1; ; wait = Math.min(wait * 2, 50)) {
      try {
        connection.run(statements, timing);
        return;
      } catch (err) {
        if (!isBusy(err) || performance.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  private async commitAndTell(items: Write[]): Promise<void> {
    try {
      await this.commit(items);
    } finally {
      // A partly committed batch changed rows too; listeners only learn that something changed.
      const t = performance.now();
      for (const listener of this.listeners) listener();
      ingestProfile?.add("listeners", performance.now() - t);
    }
  }

  private profile(
    items: Write[],
    all: readonly BatchItem<"sqlite">[],
    started: number,
    prepared: number,
    ran: number,
    timing: RunTiming,
  ): void {
    const applied = performance.now();
    const p = ingestProfile!;
    // An alarm raised or cleared adds rows to the alarms table; the batch's statements say whether it did.
    const alarm = all.some((s) => queryOf(s).sql.includes('"alarms"'));
    if (alarm) for (const w of items) this.alarmWrites.add(w);
    const oldest = Math.min(...items.map((w) => this.submittedAt.get(w) ?? started));
    p.batch(items.length);
    p.add("wait", started - oldest, alarm);
    p.add("prepare", prepared - started, alarm);
    p.add("build", timing.build, alarm);
    p.add("exec", timing.exec, alarm);
    p.add("commit", timing.commit, alarm);
    p.add("apply", applied - ran, alarm);
  }

  private async commit(items: Write[]): Promise<void> {
    const { recorder } = this.deps;
    const readings: ReadingInput[] = [];
    const statements: BatchItem<"sqlite">[] = [];
    const lastSeen = new Map<string, number>();
    let tick: number | null = null;
    for (const w of items) {
      if (w.kind === "tick") tick = Math.max(tick ?? 0, w.now);
      else if (w.kind === "reading") {
        readings.push(w.reading);
        const at = w.reading.receivedAt;
        if ((lastSeen.get(w.reading.deviceId) ?? 0) < at) lastSeen.set(w.reading.deviceId, at);
      } else {
        for (const s of w.statements) statements.push(s);
        if ((lastSeen.get(w.deviceId) ?? 0) < w.at) lastSeen.set(w.deviceId, w.at);
      }
    }
    const started = ingestProfile ? performance.now() : 0;
    const recorded = recorder.prepare(readings);
    const all = recorded.statements;
    for (const s of statements) all.push(s);
    // One last-seen update per device per batch, one prepared statement for all of them.
    for (const [id, at] of lastSeen) all.push(rawStatement(LAST_SEEN_SQL, [at, id]));
    const timing = ingestProfile ? { build: 0, exec: 0, commit: 0 } : undefined;
    const prepared = ingestProfile ? performance.now() : 0;
    await this.run(all, timing);
    const ran = ingestProfile ? performance.now() : 0;
    recorded.apply();
    if (ingestProfile && timing) this.profile(items, all, started, prepared, ran, timing);
    try {
      this.deps.afterReadings?.(items);
      // After the readings, in the same serialised commit: rule state moves in one order only.
      if (tick !== null) {
        const timed = await recorder.prepareTick(tick);
        if (timed.statements.length === 0) return;
        await this.run(timed.statements);
        timed.apply();
      }
    } catch (err) {
      throw new PartlyCommittedError(`rule step failed after the readings committed: ${String(err)}`, {
        cause: err,
      });
    }
  }
}
