import { describe, expect, it } from "vitest";
import {
  alarmCleared,
  alarmRaised,
  ledgerAlarms,
  postBatch,
  siteWithHub,
} from "../../edge/testing/fixtures.ts";
import { decodeCbor } from "../../shared/cbor/index.ts";
import type { SyncAck } from "../../shared/sync/index.ts";

const ackOf = async (res: Response) => decodeCbor(new Uint8Array(await res.arrayBuffer())) as SyncAck;

describe("sync up: lanes and cursors", () => {
  it("does not freeze the cursor when one event id comes twice under two seqs", async () => {
    const { hub } = await siteWithHub();
    const twice = alarmRaised(hub, 2);
    const res = await postBatch(hub, [alarmRaised(hub, 1), twice, { ...twice, seq: 3 }]);
    expect(res.status).toBe(200);
    expect(await ackOf(res)).toEqual({ ackedSeq: 3, stored: 2, duplicates: 1 });
    const next = await postBatch(hub, [alarmRaised(hub, 4)]);
    expect(await ackOf(next)).toEqual({ ackedSeq: 4, stored: 1, duplicates: 0 });
    expect(await ledgerAlarms(hub.siteId)).toHaveLength(3);
  });

  it("also moves on when the repeated id arrives in a later batch under a new seq", async () => {
    const { hub } = await siteWithHub();
    const first = alarmRaised(hub, 1);
    await postBatch(hub, [first]);
    const res = await postBatch(hub, [{ ...first, seq: 2 }, alarmRaised(hub, 3)]);
    expect(await ackOf(res)).toEqual({ ackedSeq: 3, stored: 1, duplicates: 1 });
  });

  it("keeps one cursor per lane: the bulk lane counts from 1 beside the priority lane", async () => {
    const { hub } = await siteWithHub();
    const priority = await postBatch(hub, [alarmRaised(hub, 1), alarmRaised(hub, 2)]);
    expect(await ackOf(priority)).toMatchObject({ ackedSeq: 2 });
    const bulk = await postBatch(hub, [alarmCleared(hub, 1)], { lane: "bulk" });
    expect(await ackOf(bulk)).toEqual({ ackedSeq: 1, stored: 1, duplicates: 0 });
    const bulkGap = await postBatch(hub, [alarmCleared(hub, 3)], { lane: "bulk" });
    expect(await ackOf(bulkGap)).toMatchObject({ ackedSeq: 1, stored: 1 });
    const more = await postBatch(hub, [alarmRaised(hub, 3)]);
    expect(await ackOf(more)).toMatchObject({ ackedSeq: 3, stored: 1 });
  });
});
