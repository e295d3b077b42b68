/** Where a sync batch's time goes on the cloud side, stage by stage, in one process (libsql under the ledger's driver). */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { drizzle } from "drizzle-orm/durable-sqlite";
import { ledgerSchema, migrateLedger, type SyncEvent, storeBatch } from "../cloud/sites/index.ts";
import { openSyncSqlite } from "../edge/deno/runtime.ts";
import { durableStorage } from "../edge/deno/sqlite-storage.ts";
import { buildEvent, readEvent } from "../shared/events/index.ts";
import { uuidv7 } from "../shared/ids/index.ts";
import { CompactBatchWriter, readSyncBody, syncBatchSchema } from "../shared/sync/index.ts";

const BATCH = 500;
const ROUNDS = 10;

function batchBody(hubId: string, siteId: string, from: number): Uint8Array {
  const w = new CompactBatchWriter({ hubId, siteId, lane: "priority" });
  for (let i = 0; i < BATCH; i++) {
    const at = Date.now();
    const e = buildEvent({
      type: "equipment.alarm.raised",
      source: { siteId, hubId, module: "monitoring" },
      occurredAt: at,
      data: {
        alarmId: `alarm-${uuidv7()}`,
        equipmentId: `bench-fridge-${i % 10}`,
        equipmentName: "Bench fridge",
        kind: "HIGH_TEMPERATURE",
        temperature: 9.5,
        limit: 8,
        raisedAt: new Date(at).toISOString(),
      },
    });
    const { event } = w.prepare(e, from + i);
    w.add(e, event);
  }
  return w.encode();
}

export async function profileLedger(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), "outpost-ledger-profile-"));
  try {
    const storage = durableStorage(await openSyncSqlite(join(dir, "l.db")));
    const byStatement = new Map<string, number>();
    if (process.env.PROFILE_SQL) {
      const exec = storage.sql.exec.bind(storage.sql);
      storage.sql.exec = (q, ...p) => {
        const s = performance.now();
        const out = exec(q, ...p);
        const key = q.replace(/\s+/g, " ").slice(0, 60);
        byStatement.set(key, (byStatement.get(key) ?? 0) + performance.now() - s);
        return out;
      };
    }
    const db = drizzle(storage as never, { schema: ledgerSchema });
    await migrateLedger(db);
    const t = { decode: 0, zod: 0, catalog: 0, store: 0 };
    for (let r = 0; r < ROUNDS; r++) {
      const body = batchBody("hub", "site", r * BATCH + 1);
      let s = performance.now();
      const raw = readSyncBody(body);
      t.decode += performance.now() - s;
      s = performance.now();
      const batch = syncBatchSchema.parse(raw);
      t.zod += performance.now() - s;
      s = performance.now();
      const events = batch.events.map((e) => ({ ...readEvent(e).event, seq: e.seq })) as SyncEvent[];
      t.catalog += performance.now() - s;
      s = performance.now();
      storeBatch(db, { hubId: "hub", lane: "priority", events, now: Date.now(), retentionDue: false });
      t.store += performance.now() - s;
    }
    const perEventUs: Record<string, number> = {};
    for (const [k, v] of Object.entries(t)) perEventUs[k] = (v * 1000) / (ROUNDS * BATCH);
    if (process.env.PROFILE_SQL) console.log([...byStatement].sort((a, b) => b[1] - a[1]).slice(0, 12));
    return perEventUs;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) console.log(await profileLedger());
