import { describe, expect, it } from "vitest";
import { decodeCbor, encodeCbor } from "../../shared/cbor/index.ts";
import { buildEvent } from "../../shared/events/index.ts";
import { readSyncBody, type SyncBatch, syncBatchSchema } from "../../shared/sync/index.ts";
import type { OutboxRow } from "../outbox/index.ts";
import { buildBatch } from "./batch.ts";

function rows(n: number): OutboxRow[] {
  return Array.from({ length: n }, (_, i) => ({
    seq: i + 1,
    laneSeq: i + 1,
    envelope: buildEvent({
      type: "equipment.alarm.cleared",
      occurredAt: Date.UTC(2026, 0, 1) + i,
      source: { siteId: "local", hubId: "hub-local", module: "monitoring" },
      data: {
        alarmId: `a${i}`,
        equipmentId: "e1",
        kind: "HIGH_TEMPERATURE",
        temperature: 4,
        peak: 9,
        clearedAt: new Date(Date.UTC(2026, 0, 1) + i).toISOString(),
      },
    }),
  }));
}

const binding = { hubId: "hub-cloud-1", siteId: "site-1" };

describe("buildBatch", () => {
  it("stamps the claimed identity and keeps seq order, in a body the cloud's schema accepts", () => {
    const batch = buildBatch(rows(3), binding)!;
    const decoded = readSyncBody(batch.body) as SyncBatch;
    expect(syncBatchSchema.safeParse(decoded).success).toBe(true);
    expect(decoded.events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(
      decoded.events.every((e) => e.source.siteId === "site-1" && e.source.hubId === "hub-cloud-1"),
    ).toBe(true);
    expect(batch.lastSeq).toBe(3);
  });

  it("stops at the count limit and at the byte limit", () => {
    expect(buildBatch(rows(10), binding, "priority", 0, { maxEvents: 4, maxBytes: 1 << 20 })!.count).toBe(4);
    const bounded = buildBatch(rows(50), binding, "priority", 0, { maxEvents: 500, maxBytes: 4096 })!;
    expect(bounded.body.byteLength).toBeLessThanOrEqual(4096);
    expect(bounded.count).toBeGreaterThan(5);
    expect(bounded.count).toBeLessThan(50);
  });

  it("numbers a re-claimed binding's lane from 1, skipping rows at or below its base", () => {
    const batch = buildBatch(rows(5), binding, "bulk", 3)!;
    const decoded = readSyncBody(batch.body) as SyncBatch;
    expect(decoded.lane).toBe("bulk");
    expect(decoded.events.map((e) => e.seq)).toEqual([1, 2]);
    expect([batch.firstSeq, batch.lastSeq]).toEqual([1, 2]);
  });

  it("sends wire version 2, which reads back as the very envelopes (v1 is still read as it is)", () => {
    const source = rows(4);
    // An event whose time is not canonical ISO and whose correlation id is its own: both kept as they are.
    source[1]!.envelope = {
      ...source[1]!.envelope,
      occurredAt: "2026-01-01T01:00:00+01:00",
      correlationId: "c-1",
    };
    const batch = buildBatch(source, binding)!;
    expect((decodeCbor(batch.body) as { v: number }).v).toBe(2);
    const decoded = readSyncBody(batch.body) as SyncBatch;
    expect(decoded.events).toEqual(
      source.map((r) => ({ ...r.envelope, seq: r.laneSeq, source: { ...r.envelope.source, ...binding } })),
    );
    const v1 = { ...binding, lane: "priority", events: decoded.events };
    expect(readSyncBody(encodeCbor(v1))).toEqual(v1);
    // Smaller than the same batch as JSON by well over a third.
    expect(batch.body.byteLength / new TextEncoder().encode(JSON.stringify(v1)).byteLength).toBeLessThan(0.6);
  });

  it("refuses a version it does not know and a compact batch that does not hold together", () => {
    expect(() => readSyncBody(encodeCbor({ v: 3, ...binding, events: [] }))).toThrow(/wire version 3/);
    const broken = {
      v: 2,
      ...binding,
      lane: "priority",
      types: [],
      modules: ["monitoring"],
      events: [[1, "id", 0, 1, 0, 0, {}]],
    };
    expect(() => readSyncBody(encodeCbor(broken))).toThrow(/outside the batch's tables/);
  });

  it("returns null for an empty outbox", () => {
    expect(buildBatch([], binding)).toBeNull();
  });
});
