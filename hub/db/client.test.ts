import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../testing.ts";
import { type OpenedDb, openDb } from "./client.ts";

let dir: string;
let storage: OpenedDb;
beforeAll(async () => {
  dir = tempDir();
  storage = await openDb(join(dir, "hub.db"), { synchronous: "NORMAL" });
});
afterAll(() => {
  storage.close();
  rmSync(dir, { recursive: true, force: true });
});

const pragma = async (name: string) => (await storage.client.execute(`PRAGMA ${name}`)).rows[0]?.[0];

describe("the hub's SQLite connections", () => {
  it("gives a connection opened while a transaction holds another the same settings", async () => {
    const tx = await storage.client.transaction("write");
    try {
      // The transaction holds the pool's first connection: these run on another one.
      expect(await pragma("foreign_keys")).toBe(1);
      expect(await pragma("busy_timeout")).toBe(5000);
      expect(await pragma("synchronous")).toBe(1); // NORMAL
    } finally {
      await tx.rollback();
    }
  });

  it("enforces foreign keys whichever connection a write lands on", async () => {
    // A read transaction holds the first connection without taking the write lock.
    const tx = await storage.client.transaction("read");
    try {
      const write = storage.client.execute(
        "insert into equipment (id, device_id, name, type, set_temperature, optimal_min, optimal_max, created_at, updated_at) values ('e1', 'no-such-device', 'x', 'FRIDGE', 4, 0, 5, 1, 1)",
      );
      await expect(write).rejects.toThrow(/FOREIGN KEY/);
    } finally {
      await tx.rollback();
    }
  });
});
