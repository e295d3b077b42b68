import { rmSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { afterEach, describe, expect, it } from "vitest";
import { type OpenedDb, openDb } from "../db/index.ts";
import { tempDir } from "../testing.ts";
import { type EmitContext, type EmitOptions, type EmittedRows, emit, emittedStatements } from "./emit.ts";

const NOW = Date.UTC(2026, 5, 1, 8);
const AT = NOW - 60_000;
const SOURCE = { siteId: "local", hubId: "hub-test", module: "monitoring" as const };

const opened: { storage: OpenedDb; dir: string }[] = [];
async function open() {
  const dir = tempDir("outpost-emit-");
  const storage = await openDb(join(dir, "hub.db"));
  opened.push({ storage, dir });
  return storage;
}
afterEach(() => {
  for (const { storage, dir } of opened.splice(0)) {
    storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

const statusChanged = (ctx: EmitContext, opts?: EmitOptions) =>
  emit(
    ctx,
    "eq-1",
    "equipment.status.changed",
    AT,
    {
      equipmentId: "eq-1",
      equipmentName: "Dairy fridge",
      status: "ALARM",
      previous: "OK",
      activeAlarms: 1,
      changedAt: new Date(AT).toISOString(),
    },
    opts,
  );

/** The rows written, without the ids each event draws afresh. */
async function rows(storage: OpenedDb) {
  const outbox = (await storage.client.execute("select type, envelope, created_at from outbox order by seq"))
    .rows;
  const history = (
    await storage.client.execute("select equipment_id, event_type, data, occurred_at from equipment_history")
  ).rows;
  return {
    outbox: outbox.map((r) => {
      const { id, correlationId, ...envelope } = JSON.parse(String(r.envelope));
      expect(correlationId).toBe(id);
      return { type: r.type, createdAt: r.created_at, envelope };
    }),
    history: history.map((r) => ({ ...r, data: JSON.parse(String(r.data)) })),
  };
}

async function batch(storage: OpenedDb, items: BatchItem<"sqlite">[]) {
  await storage.db.batch(items as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
}

describe("emit: an event with its history row", () => {
  it("writes the event in the outbox and the same data in the equipment's history", async () => {
    const storage = await open();
    await batch(storage, statusChanged({ db: storage.db, now: NOW, source: SOURCE }));
    const { outbox, history } = await rows(storage);
    expect(outbox).toEqual([
      {
        type: "equipment.status.changed",
        createdAt: NOW,
        envelope: {
          type: "equipment.status.changed",
          version: 1,
          occurredAt: new Date(AT).toISOString(),
          source: SOURCE,
          data: expect.objectContaining({ equipmentId: "eq-1", status: "ALARM" }),
        },
      },
    ]);
    expect(history).toEqual([
      {
        equipment_id: "eq-1",
        event_type: "equipment.status.changed",
        data: outbox[0]!.envelope.data,
        occurred_at: AT,
      },
    ]);
  });

  it("writes the same rows under a guard that holds, through the API's batch and the ingest writer alike", async () => {
    const plain = await open();
    await batch(plain, statusChanged({ db: plain.db, now: NOW, source: SOURCE }));
    const guarded = await open();
    await batch(
      guarded,
      statusChanged({ db: guarded.db, now: NOW, source: SOURCE }, { guard: sql`SELECT 1` }),
    );
    expect(await rows(guarded)).toEqual(await rows(plain));

    const written = await open();
    expect(written.writer).not.toBeNull();
    written.writer!.run(
      statusChanged({ db: written.db, now: NOW, source: SOURCE }, { guard: sql`SELECT 1` }),
    );
    expect(await rows(written)).toEqual(await rows(plain));
  });

  it("writes the same rows when the recorder collects them for one multi-row insert per table", async () => {
    const plain = await open();
    await batch(plain, [
      ...statusChanged({ db: plain.db, now: NOW, source: SOURCE }),
      ...statusChanged({ db: plain.db, now: NOW, source: SOURCE }, { history: { kept: true } }),
    ]);
    const collected = await open();
    const kept: EmittedRows = { outbox: [], history: [] };
    const ctx = { db: collected.db, now: NOW, source: SOURCE, rows: kept };
    // Collected, nothing is returned to run: the rows wait for emittedStatements.
    expect([...statusChanged(ctx), ...statusChanged(ctx, { history: { kept: true } })]).toEqual([]);
    collected.writer!.run(emittedStatements(kept));
    expect(await rows(collected)).toEqual(await rows(plain));
  });

  it("writes neither row once the guard no longer holds", async () => {
    const storage = await open();
    await batch(
      storage,
      statusChanged({ db: storage.db, now: NOW, source: SOURCE }, { guard: sql`SELECT 1 WHERE 0` }),
    );
    expect(await rows(storage)).toEqual({ outbox: [], history: [] });
  });

  it("keeps history data apart from the event's data when given", async () => {
    const storage = await open();
    await batch(
      storage,
      statusChanged({ db: storage.db, now: NOW, source: SOURCE }, { history: { kept: true } }),
    );
    const { outbox, history } = await rows(storage);
    expect(outbox[0]!.envelope.data).toMatchObject({ equipmentId: "eq-1" });
    expect(history[0]!.data).toEqual({ kept: true });
  });
});
