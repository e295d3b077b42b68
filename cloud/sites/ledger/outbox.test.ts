import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/durable-sqlite";
import { describe, expect, it } from "vitest";
import type { SiteLedger } from "../../../edge/site-ledger/index.ts";
import { alarmRaised, type TestHub } from "../../../edge/testing/fixtures.ts";
import { ManualClock } from "../../../shared/clock/index.ts";
import type { EventEnvelope } from "../../../shared/events/index.ts";
import { uuidv7 } from "../../../shared/ids/index.ts";
import { HUB_OFFLINE_AFTER_MS } from "../../../shared/live/index.ts";
import type { EventBus } from "../../bus/index.ts";
import { ingestEvents } from "./ingest.ts";
import { flushOutbox, outboxSize } from "./outbox.ts";
import * as schema from "./schema.ts";

const fakeHub = (): TestHub => ({
  hubId: `hub-${uuidv7()}`,
  siteId: `site-${uuidv7()}`,
  privateJwk: {},
  publicJwk: {},
});
const ledgerFor = (siteId: string) => env.SITE_LEDGER.get(env.SITE_LEDGER.idFromName(siteId));

/** A bus that is down: the fault a real outage would cause. */
const downBus: EventBus = {
  publish: async () => {
    throw new Error("queue unavailable");
  },
};

function capturingBus(): EventBus & { published: EventEnvelope[] } {
  const published: EventEnvelope[] = [];
  return { published, publish: async (events) => void published.push(...events) };
}

describe("ledger outbox", () => {
  it("keeps stored events when the bus fails and sends them on the next flush", async () => {
    const hub = fakeHub();
    await runInDurableObject(ledgerFor(hub.siteId), async (_ledger, state) => {
      const db = drizzle(state.storage, { schema });
      const events = [alarmRaised(hub, 1), alarmRaised(hub, 2)];
      ingestEvents(db, { hubId: hub.hubId, events, now: Date.now() });

      await expect(flushOutbox(db, downBus)).rejects.toThrow("queue unavailable");
      expect(outboxSize(db)).toBe(2);

      const bus = capturingBus();
      expect(await flushOutbox(db, bus)).toEqual({ sent: 2 });
      expect(bus.published.map((e) => e.id).sort()).toEqual(events.map((e) => e.id).sort());
      expect(outboxSize(db)).toBe(0);
    });
  });

  it("puts only newly stored events in the outbox, never duplicates", async () => {
    const hub = fakeHub();
    await runInDurableObject(ledgerFor(hub.siteId), async (_ledger, state) => {
      const db = drizzle(state.storage, { schema });
      const events = [alarmRaised(hub, 1)];
      ingestEvents(db, { hubId: hub.hubId, events, now: Date.now() });
      ingestEvents(db, { hubId: hub.hubId, events, now: Date.now() });
      expect(outboxSize(db)).toBe(1);
    });
  });

  it("hands events to the real queue after a sync and leaves no retry alarm", async () => {
    const hub = fakeHub();
    const ledger = ledgerFor(hub.siteId);
    const before = Date.now();
    const ack = await ledger.ingest(hub.hubId, [alarmRaised(hub, 1)]);
    expect(ack).toEqual({ ackedSeq: 1, stored: 1, duplicates: 0 });
    await runInDurableObject(ledger, async (_ledger, state) => {
      expect(outboxSize(drizzle(state.storage, { schema }))).toBe(0);
      // The only alarm left is the hub's offline deadline, not a retry.
      expect(await state.storage.getAlarm()).toBeGreaterThanOrEqual(before + HUB_OFFLINE_AFTER_MS);
    });
  });

  it("flushes a leftover outbox when its alarm fires", async () => {
    const hub = fakeHub();
    const ledger = ledgerFor(hub.siteId);
    await runInDurableObject(ledger, async (_ledger, state) => {
      ingestEvents(drizzle(state.storage, { schema }), {
        hubId: hub.hubId,
        events: [alarmRaised(hub, 1)],
        now: Date.now(),
      });
      await state.storage.setAlarm(Date.now() + 60_000);
    });
    expect(await runDurableObjectAlarm(ledger)).toBe(true);
    await runInDurableObject(ledger, (_ledger, state) => {
      expect(outboxSize(drizzle(state.storage, { schema }))).toBe(0);
    });
  });

  it("takes its time from the clock it is given, for the offline deadline as for the rest", async () => {
    const hub = fakeHub();
    const t = Date.UTC(2031, 2, 4, 5, 6);
    await runInDurableObject(ledgerFor(hub.siteId), async (ledger: SiteLedger, state) => {
      ledger.clock = new ManualClock(t);
      await ledger.ingest(hub.hubId, [alarmRaised(hub, 1)]);
      expect(await state.storage.getAlarm()).toBe(t + HUB_OFFLINE_AFTER_MS);
    });
  });
});
