/** WAL checkpoints on their own thread: the ingest writer only appends, the thread copies pages back. */
import { rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { eventually, tempDir } from "../testing.ts";
import { openDb } from "./client.ts";

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

/** Writes ~8 MB through the ingest writer's connection (past SQLite's 1,000-page checkpoint point). */
async function fill(checkpointThread: boolean) {
  const dir = tempDir();
  const file = join(dir, "hub.db");
  const storage = await openDb(file, { synchronous: "NORMAL", checkpointThread });
  cleanup.push(() => {
    storage.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const before = statSync(file).size;
  await storage.client.execute("create table blobs (b blob)");
  const row = { sql: "insert into blobs (b) values (randomblob(8000))", params: [] };
  for (let i = 0; i < 100; i++) storage.writer!.run(Array(10).fill(row));
  return { file, before, storage };
}

describe("WAL checkpoints", () => {
  it("with the thread, no connection of the hub checkpoints, and the thread moves the WAL into the file", async () => {
    const { file, before, storage } = await fill(true);
    expect((await storage.client.execute("PRAGMA wal_autocheckpoint")).rows[0]![0]).toBe(0);
    // The thread copies the committed pages into the database file on its own.
    await eventually(() => statSync(file).size > before + 4_000_000, 10_000);
    const rows = await storage.client.execute("select count(*) as n from blobs");
    expect(rows.rows[0]!.n).toBe(1000);
  });

  it("without it, SQLite checkpoints in the committing connection, as before", async () => {
    const { file, before } = await fill(false);
    expect(statSync(file).size).toBeGreaterThan(before + 4_000_000);
  });
});
