import { describe, expect, it } from "vitest";
import {
  alarmRaised,
  api,
  authed,
  ledgerAlarms,
  postBatch,
  siteWithHub,
  type TestHub,
} from "../../edge/testing/fixtures.ts";
import { decodeCbor } from "../../shared/cbor/index.ts";
import { SYNC_MAX_BYTES, SYNC_MAX_EVENTS, type SyncAck } from "../../shared/sync/index.ts";

const ackOf = async (res: Response) => decodeCbor(new Uint8Array(await res.arrayBuffer())) as SyncAck;
const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; details?: unknown } }).error;

async function expectNothingStored(hub: TestHub): Promise<void> {
  expect(await ledgerAlarms(hub.siteId)).toEqual([]);
}

describe("sync up: storing batches", () => {
  it("stores a valid batch and acks the highest seq (CBOR answer)", async () => {
    const { hub } = await siteWithHub();
    const res = await postBatch(hub, [alarmRaised(hub, 1), alarmRaised(hub, 2), alarmRaised(hub, 3)]);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/cbor");
    expect(await ackOf(res)).toEqual({ ackedSeq: 3, stored: 3, duplicates: 0 });
  });

  it("answers JSON when the hub asks for it", async () => {
    const { hub } = await siteWithHub();
    const res = await postBatch(hub, [alarmRaised(hub, 1)], { headers: { accept: "application/json" } });
    expect(await res.json()).toEqual({ ackedSeq: 1, stored: 1, duplicates: 0 });
  });

  it("stores a batch posted twice once and counts the duplicates", async () => {
    const { hub } = await siteWithHub();
    const events = [alarmRaised(hub, 1), alarmRaised(hub, 2)];
    await postBatch(hub, events);
    const again = await postBatch(hub, events);
    expect(await ackOf(again)).toEqual({ ackedSeq: 2, stored: 0, duplicates: 2 });
    expect(await ledgerAlarms(hub.siteId)).toHaveLength(2);
  });

  it("treats a new event id reusing a stored (hub, seq) as a duplicate", async () => {
    const { hub } = await siteWithHub();
    await postBatch(hub, [alarmRaised(hub, 1)]);
    const res = await postBatch(hub, [alarmRaised(hub, 1)]);
    expect(await ackOf(res)).toEqual({ ackedSeq: 1, stored: 0, duplicates: 1 });
  });

  it("acks only the contiguous run: 1, 2, 4 → 2; then 3 → 4", async () => {
    const { hub } = await siteWithHub();
    const gap = await postBatch(hub, [alarmRaised(hub, 1), alarmRaised(hub, 2), alarmRaised(hub, 4)]);
    expect(await ackOf(gap)).toEqual({ ackedSeq: 2, stored: 3, duplicates: 0 });
    const fill = await postBatch(hub, [alarmRaised(hub, 3)]);
    expect(await ackOf(fill)).toEqual({ ackedSeq: 4, stored: 1, duplicates: 0 });
  });

  it("refuses a batch naming another site: 403, nothing stored", async () => {
    const { hub } = await siteWithHub();
    const elsewhere = await siteWithHub();
    const events = [
      {
        ...alarmRaised(hub, 1),
        source: { siteId: elsewhere.siteId, hubId: hub.hubId, module: "monitoring" },
      },
    ];
    const res = await postBatch(hub, events, { siteId: elsewhere.siteId });
    expect(res.status).toBe(403);
    await expectNothingStored(hub);
    await expectNothingStored(elsewhere.hub);
  });

  it("refuses events whose source is another hub or site: 403", async () => {
    const { hub } = await siteWithHub();
    const foreign = {
      ...alarmRaised(hub, 2),
      source: { siteId: hub.siteId, hubId: "someone-else", module: "monitoring" },
    };
    const res = await postBatch(hub, [alarmRaised(hub, 1), foreign]);
    expect(res.status).toBe(403);
    expect((await errorOf(res)).details).toEqual([expect.objectContaining({ index: 1 })]);
    await expectNothingStored(hub);
  });

  it("refuses an oversized body by Content-Length: 413", async () => {
    const { hub } = await siteWithHub();
    const res = await postBatch(hub, [], { body: new Uint8Array(SYNC_MAX_BYTES + 1) });
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("refuses an oversized body that declares no length (chunked): 413", async () => {
    const { hub } = await siteWithHub();
    const chunk = new Uint8Array(64 * 1024);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > SYNC_MAX_BYTES) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const res = await postBatch(hub, [], { body });
    expect(res.status).toBe(413);
  });

  it("refuses more than SYNC_MAX_EVENTS events with 400, nothing stored", async () => {
    const { hub } = await siteWithHub();
    const events = Array.from({ length: SYNC_MAX_EVENTS + 1 }, (_, i) => alarmRaised(hub, i + 1));
    const res = await postBatch(hub, events);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe("VALIDATION_ERROR");
    await expectNothingStored(hub);
  });

  it("refuses malformed CBOR with 400 in the error shape", async () => {
    const { hub } = await siteWithHub();
    const res = await postBatch(hub, [], { body: new Uint8Array([0xbf, 0x61]) });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error).toMatchObject({ code: "VALIDATION_ERROR", message: "malformed CBOR" });
    expect(body.error.requestId).toBe(res.headers.get("x-request-id"));
  });

  it("refuses a batch holding one invalid event: 400 with details, nothing stored", async () => {
    const { hub } = await siteWithHub();
    const bad = { ...alarmRaised(hub, 2), data: { alarmId: "a1", equipmentId: "f1" } };
    const res = await postBatch(hub, [alarmRaised(hub, 1), bad, alarmRaised(hub, 3)]);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).details).toEqual([expect.objectContaining({ index: 1, id: bad.id })]);
    await expectNothingStored(hub);
  });

  it("stores an event type it does not know yet and names it, without stalling the lane", async () => {
    const { owner, hub } = await siteWithHub();
    const newer = {
      ...alarmRaised(hub, 2),
      type: "greenhouse.vent.opened",
      data: { ventId: "v1", open: true },
    };
    const res = await postBatch(hub, [alarmRaised(hub, 1), newer, alarmRaised(hub, 3)]);
    expect(res.status).toBe(200);
    expect(await ackOf(res)).toEqual({
      ackedSeq: 3,
      stored: 3,
      duplicates: 0,
      unknownTypes: ["greenhouse.vent.opened@1"],
    });
    // Kept in the site's log; the known events around it were projected as usual.
    const log = await api(`/v1/sites/${hub.siteId}/events?hubId=${hub.hubId}`, authed(owner.token));
    const { events } = (await log.json()) as { events: { type: string }[] };
    expect(events.map((e) => e.type)).toEqual([
      "equipment.alarm.raised",
      "greenhouse.vent.opened",
      "equipment.alarm.raised",
    ]);
    expect(await ledgerAlarms(hub.siteId)).toHaveLength(2);
  });

  it("refuses a non-CBOR content type: 400", async () => {
    const { hub } = await siteWithHub();
    const res = await postBatch(hub, [alarmRaised(hub, 1)], {
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(400);
  });
});
