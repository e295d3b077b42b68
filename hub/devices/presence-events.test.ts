import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemClock } from "../../shared/clock/index.ts";
import { parseEvent } from "../../shared/events/index.ts";
import { type OpenedDb, openDb } from "../db/index.ts";
import { eventsOfType } from "../outbox/index.ts";
import { pairDevice, presenceStatements, revokeDevice } from "./index.ts";

let storage: OpenedDb;
beforeEach(async () => {
  storage = await openDb(":memory:");
});
afterEach(() => storage.close());

describe("device.presence.changed", () => {
  it("records one catalog-valid event per status change, none for a repeat", async () => {
    const ctx = { db: storage.db, clock: systemClock };
    const paired = await pairDevice(ctx, { kind: "FRIDGE", name: "Dairy fridge" });
    await storage.db.batch(presenceStatements(storage.db, paired.id, true, Date.now()) as never);
    await storage.db.batch(presenceStatements(storage.db, paired.id, true, Date.now()) as never);
    await storage.db.batch(presenceStatements(storage.db, paired.id, false, Date.now()) as never);
    await revokeDevice(ctx, paired.id);
    const events = await eventsOfType(storage.db, "device.presence.changed");
    const data = events.map(
      (e) => parseEvent(e.envelope).data as { status: string; equipmentId: string | null },
    );
    expect(data.map((d) => d.status)).toEqual(["ONLINE", "OFFLINE", "REVOKED"]);
    expect(data[0]!.equipmentId).toBe(paired.equipmentId);
    expect(new Set(events.map((e) => e.envelope.id)).size).toBe(3);
  });
});
