/** The ledger's retention in a real SiteLedger's SQLite: latest-reading events go after a day, nothing else does. */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/durable-sqlite";
import { describe, expect, it } from "vitest";
import { alarmRaised, type TestHub } from "../../../edge/testing/fixtures.ts";
import { buildEvent } from "../../../shared/events/index.ts";
import { uuidv7 } from "../../../shared/ids/index.ts";
import { applyRetention, LATEST_READING_RETENTION_MS } from "./history.ts";
import { ingestEvents } from "./ingest.ts";
import * as schema from "./schema.ts";

const hub: TestHub = { hubId: `hub-${uuidv7()}`, siteId: `site-${uuidv7()}`, privateJwk: {}, publicJwk: {} };

function latest(seq: number, temperature: number) {
  const at = Date.UTC(2026, 5, 1, 12, 0, seq);
  const event = buildEvent({
    type: "equipment.reading.latest",
    source: { siteId: hub.siteId, hubId: hub.hubId, module: "monitoring" },
    occurredAt: at,
    data: {
      equipmentId: "fridge-1",
      equipmentName: "Dairy fridge",
      temperature,
      at: new Date(at).toISOString(),
    },
  });
  return { ...event, seq };
}

describe("ledger retention", () => {
  it("drops latest-reading events older than a day, keeps every other event, and a resend stays a duplicate", async () => {
    const ledger = env.SITE_LEDGER.get(env.SITE_LEDGER.idFromName(hub.siteId));
    await runInDurableObject(ledger, async (_ledger, state) => {
      const db = drizzle(state.storage, { schema });
      const received = Date.UTC(2026, 5, 1, 12, 5);
      const sent = [latest(1, 3.1), alarmRaised(hub, 2), latest(3, 4.2)];
      ingestEvents(db, { hubId: hub.hubId, events: sent, now: received });
      const types = () =>
        db
          .select({ type: schema.events.type })
          .from(schema.events)
          .all()
          .map((e) => e.type);

      applyRetention(db, received + LATEST_READING_RETENTION_MS - 1);
      expect(types()).toHaveLength(3);
      applyRetention(db, received + LATEST_READING_RETENTION_MS + 1);
      expect(types()).toEqual(["equipment.alarm.raised"]);
      // The unit's tile keeps the newest reading the pruned events carried.
      const [unit] = db.select().from(schema.equipment).all();
      expect(unit?.lastTemperature).toBe(4.2);

      const again = ingestEvents(db, {
        hubId: hub.hubId,
        events: sent,
        now: received + 2 * LATEST_READING_RETENTION_MS,
      });
      expect(again).toMatchObject({ ackedSeq: 3, stored: 0 });
      expect(types()).toEqual(["equipment.alarm.raised"]);
    });
  });
});
