/** The ingest writer: every channel's writes share one group commit, so each batch is one transaction. */
import type { BatchItem } from "drizzle-orm/batch";
import type { HubDb } from "../db/index.ts";
import { lastSeenStatement } from "../devices/index.ts";
import type { ReadingInput, ReadingRecorder } from "../monitoring/index.ts";
import { GroupCommitter } from "./group-commit.ts";
import type { IngestMetrics } from "./metrics.ts";

/** A reading (recorded with its alarm rule) or ready-made statements, both on behalf of one device. */
export type Write =
  | { kind: "reading"; reading: ReadingInput }
  | { kind: "rows"; deviceId: string; at: number; statements: BatchItem<"sqlite">[] }
  /** The passing of time for monitoring (stale sensors, doors left open, escalations). */
  | { kind: "tick"; now: number };

export interface WriterDeps {
  db: HubDb;
  recorder: ReadingRecorder;
  metrics: IngestMetrics;
  maxBatch: number;
}

export class IngestWriter {
  private readonly committer: GroupCommitter<Write>;
  private readonly deps: WriterDeps;

  constructor(deps: WriterDeps) {
    this.deps = deps;
    this.committer = new GroupCommitter<Write>((items) => this.commit(items), {
      maxBatch: deps.maxBatch,
      onBatch: (n) => deps.metrics.batch(n),
    });
  }

  /** Resolves once the write is committed; rejects if its batch could not be (nothing of it was written). */
  submit(write: Write): Promise<void> {
    return this.committer.submit(write);
  }

  drain(): Promise<void> {
    return this.committer.drain();
  }

  /** Writes waiting for the next commit. */
  get queued(): number {
    return this.committer.queued;
  }

  private async commit(items: Write[]): Promise<void> {
    const { db, recorder } = this.deps;
    const readings: ReadingInput[] = [];
    const statements: BatchItem<"sqlite">[] = [];
    const seen = new Set<string>();
    let at = 0;
    let tick: number | null = null;
    for (const w of items) {
      if (w.kind === "tick") tick = Math.max(tick ?? 0, w.now);
      else if (w.kind === "reading") {
        readings.push(w.reading);
        seen.add(w.reading.deviceId);
        at = Math.max(at, w.reading.receivedAt);
      } else {
        statements.push(...w.statements);
        seen.add(w.deviceId);
        at = Math.max(at, w.at);
      }
    }
    const recorded = recorder.prepare(readings);
    const all = [...recorded.statements, ...statements];
    // One last-seen update per batch: the devices in it were all heard within a few milliseconds.
    const ids = [...seen];
    for (let i = 0; i < ids.length; i += 500) all.push(lastSeenStatement(db, ids.slice(i, i + 500), at));
    if (all.length > 0) {
      await db.batch(all as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
      recorded.apply();
    }
    // After the readings, in the same serialised commit: rule state moves in one order only.
    if (tick !== null) {
      const timed = await recorder.prepareTick(tick);
      if (timed.statements.length === 0) return;
      await db.batch(timed.statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
      timed.apply();
    }
  }
}
