/** A technician's visit on a real SQLite hub with no cloud at all: recorded, each step an event in the outbox. */
import { afterEach, describe, expect, it } from "vitest";
import { parseEvent } from "../../shared/events/index.ts";
import { type Bench, startBench } from "../monitoring/testing.ts";
import { applyWorkOrders } from "./section.ts";
import { addNote, checkIn, completeVisit, snapshot, useParts } from "./visits.ts";

let b: Bench | undefined;
afterEach(() => {
  b?.destroy();
  b = undefined;
});

async function bench() {
  b = await startBench();
  await applyWorkOrders(b.storage.db, {
    workOrders: [
      {
        id: "wo-1",
        number: "WO-000001",
        title: "Dairy fridge runs warm",
        equipmentId: b.equipmentId,
        status: "SCHEDULED",
        slotStart: null,
        slotEnd: null,
        technicians: [{ userId: "tech-1", name: "Ada Tech" }],
      },
    ],
  });
  const deps = {
    db: b.storage.db,
    clock: b.clock,
    source: () => ({ siteId: "site-1", hubId: "hub-test", module: "service" }),
  };
  return { b, deps };
}

const outboxEvents = async (bench: Bench) =>
  (await bench.rows("select envelope from outbox where type like 'service.visit.%' order by seq")).map((r) =>
    parseEvent(JSON.parse(String(r.envelope))),
  );

describe("a visit at the hub", () => {
  it("records check-in, snapshot, note, parts and completion as catalogued events, completion once", async () => {
    const { b, deps } = await bench();
    await b.at(0, { temperature: 9.1 });
    const { visitId } = await checkIn(deps, { workOrderId: "wo-1", technicianId: "tech-1" });
    const seen = await snapshot(deps, { visitId, technicianId: "tech-1" });
    expect(seen.readings).toEqual([expect.objectContaining({ temperature: 9.1 })]);
    await addNote(deps, { visitId, technicianId: "tech-1", note: "Condenser fan seized" });
    await useParts(deps, {
      visitId,
      technicianId: "tech-1",
      items: [{ kind: "PART", description: "Condenser fan motor", quantity: 2, unitPrice: 4_500 }],
    });
    await completeVisit(deps, { visitId, technicianId: "tech-1", resolution: "Replaced the fan motor" });
    await expect(
      completeVisit(deps, { visitId, technicianId: "tech-1", resolution: "again" }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(addNote(deps, { visitId, technicianId: "tech-1", note: "late" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const events = await outboxEvents(b);
    expect(events.map((e) => e.type)).toEqual([
      "service.visit.checked-in",
      "service.visit.snapshot",
      "service.visit.noted",
      "service.visit.parts-used",
      "service.visit.completed",
    ]);
    expect(events.every((e) => (e.data as { workOrderId: string }).workOrderId === "wo-1")).toBe(true);
  });

  it("lets in only a technician the section allows for the work order", async () => {
    const { deps } = await bench();
    await expect(checkIn(deps, { workOrderId: "wo-1", technicianId: "someone-else" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
