import { describe, expect, it } from "vitest";
import { buildEvent, EVENT_CATALOG, type EventType, parseEvent } from "../../shared/events/index.ts";
import type { BoundNotifications, Description } from "../module/index.ts";
import { CLOUD_MODULES } from "../modules.ts";
import { describerTable } from "./deliver.ts";
import { describeContext } from "./describe-context.ts";
import { DESCRIBERS as LEGACY } from "./describers.ts";

// What the registry binds, read straight off the manifests (no module is built for a pure rendering test).
const sources: BoundNotifications[] = CLOUD_MODULES.flatMap((m) =>
  m.notifications
    ? [{ module: m.name, ...m.notifications, audience: async () => null } as BoundNotifications]
    : [],
);
const table = describerTable(sources);

const ctx = describeContext({
  siteId: "site-1",
  siteName: "Demo Shop",
  timeZone: "Europe/Stockholm",
  units: new Map([["e1", "Dairy fridge"]]),
  people: new Map([["user-1", "Ana Berg"]]),
});

/** Every id a sample carries: none may appear in a text, where its name belongs. */
function idsOf(data: unknown): string[] {
  return Object.entries(data as Record<string, unknown>)
    .filter(([key, value]) => /Id$/.test(key) && typeof value === "string")
    .map(([, value]) => value as string);
}

function render(type: string, data: unknown): Description | null {
  return table.get(type)!.describer.describe(data as never, ctx);
}

describe("notification describers declared by module manifests", () => {
  it("describes every catalog type exactly once (no legacy leftovers) and nothing outside the catalog", () => {
    expect([...table.keys()].sort()).toEqual(Object.keys(EVENT_CATALOG).sort());
    // Legacy describers have no samples: move them to their module's manifest.
    expect(Object.keys(LEGACY)).toEqual([]);
  });

  it("renders every sample with names, never undefined, null, NaN or an id, in a category its module declares", () => {
    for (const [type, entry] of table) {
      expect(entry.describer.samples.length, type).toBeGreaterThan(0);
      for (const data of entry.describer.samples) {
        // Valid against the catalog, so the describer sees what consumers see.
        parseEvent(
          buildEvent({
            type: type as EventType,
            source: { siteId: "site-1", hubId: "hub-1", module: "monitoring" },
            occurredAt: 0,
            data: data as never,
          }),
        );
        const text = render(type, data);
        if (!text) continue;
        expect(
          entry.categories.map((c) => c.id),
          type,
        ).toContain(text.category);
        for (const part of [text.title, text.body]) {
          const where = `${type} ${JSON.stringify(data)}: ${part}`;
          expect(part, where).not.toMatch(/undefined|null|NaN|\[object/);
          expect(part.trim().length).toBeGreaterThan(0);
          for (const id of idsOf(data)) expect(part, where).not.toContain(id);
        }
      }
    }
  });

  it("never describes an acknowledged, escalated or closed alarm as back in range or cleared", () => {
    for (const type of [
      "equipment.alarm.acknowledged",
      "equipment.alarm.escalated",
      "equipment.alarm.closed",
    ]) {
      for (const data of table.get(type)!.describer.samples) {
        const text = render(type, data)!;
        expect(`${text.title} ${text.body}`).not.toMatch(/back in range|cleared|restored|resumed/i);
      }
    }
    const ack = render(
      "equipment.alarm.acknowledged",
      table.get("equipment.alarm.acknowledged")!.describer.samples[1],
    )!;
    expect(ack).toMatchObject({ title: "Dairy fridge: alarm acknowledged", episode: { step: "update" } });
    expect(ack.body).toContain("Ana Berg");
  });

  it("writes times in the site's zone and money with each currency's own decimals", () => {
    const raised = render(
      "equipment.alarm.raised",
      table.get("equipment.alarm.raised")!.describer.samples[0],
    )!;
    // 12:00 UTC on 1 June is 14:00 in Stockholm (CEST).
    expect(raised.body).toContain("1 Jun 2026, 14:00 (Europe/Stockholm)");
    expect(raised.critical).toBe(true);
    const paid = table
      .get("payment.succeeded")!
      .describer.samples.map((d) => render("payment.succeeded", d)!.body);
    expect(paid).toEqual([
      expect.stringContaining("EUR 29.00"),
      expect.stringContaining("JPY 1500 "),
      expect.stringContaining("KWD 12.345"),
    ]);
  });

  it("gives door, stale-sensor and power alarms their own words, never a temperature", () => {
    for (const data of table.get("equipment.alarm.raised")!.describer.samples) {
      const d = data as { kind: string };
      if (!["DOOR_OPEN", "SENSOR_STALE", "POWER_LOSS"].includes(d.kind)) continue;
      expect(render("equipment.alarm.raised", data)!.body).not.toContain("°C");
    }
  });
});
