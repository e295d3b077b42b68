/**
 * A technician's visit with the cloud unreachable (issue 22): the real Worker, a real hub. After one sync the
 * Worker stops; the technician signs in at the hub with the short code, checks in, notes, records parts and
 * completes. Back online, one sync makes the cloud's work order Completed with those parts and the totals the
 * server computed; the same upload sent again changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startTestHub, type TestHub } from "../hub/testing.ts";
import { type CloudFixture, startCloudFixture } from "./stack.ts";
import { type VisitWorld, visitWorld } from "./visit-fixture.ts";

let cloud: CloudFixture;
let hub: TestHub;
let world: VisitWorld;

beforeAll(async () => {
  cloud = await startCloudFixture();
  if (process.env.OUTPOST_E2E_TRACE) console.log(new Date().toISOString(), "cloud up");
  // Rounds are run by the test (syncOnce), so "after one sync" is exact.
  hub = await startTestHub({ sync: { idleMs: 600_000 } });
  world = await visitWorld(cloud.url, hub);
}, 400_000);

afterAll(async () => {
  await hub?.destroy();
  await cloud?.destroy();
});

interface Order {
  status: string;
  totalAmount: number;
  items: { description: string; quantity: number; unitPrice: number; total: number }[];
  visits: { status: string; notes: { note: string }[]; snapshot: { readings: unknown[] } | null }[];
}

async function hubCall(cookie: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${hub.httpUrl}${path}`, {
    method,
    headers: { cookie, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

describe("a technician's visit at the hub with the cloud unreachable", () => {
  it("completes offline, and the cloud's work order is Completed with its parts and server totals once back", async () => {
    await hub.sync.syncOnce();
    await cloud.stop();
    expect(
      await fetch(`${cloud.url}/healthz`).then(
        () => "up",
        () => "down",
      ),
    ).toBe("down");

    const signedIn = await fetch(`${hub.httpUrl}/api/auth/code`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code: world.code }),
    });
    expect(signedIn.status).toBe(200);
    expect(await signedIn.json()).toMatchObject({ subject: world.technicianId, technician: true });
    const cookie = (signedIn.headers.get("set-cookie") ?? "").split(";")[0]!;

    const { workOrders } = (await hubCall(cookie, "GET", "/api/service/work-orders")) as {
      workOrders: { id: string; unitName: string }[];
    };
    expect(workOrders).toEqual([
      expect.objectContaining({ id: world.workOrderId, unitName: "Dairy fridge" }),
    ]);
    const visit = await hubCall(cookie, "POST", `/api/service/work-orders/${world.workOrderId}/check-in`);
    const visitId = visit.id as string;
    await hubCall(cookie, "POST", `/api/service/visits/${visitId}/notes`, { note: "Start relay chatters" });
    await hubCall(cookie, "POST", `/api/service/visits/${visitId}/parts`, {
      items: [
        { kind: "PART", description: "Start relay", quantity: 2, unitPrice: 4500 },
        { kind: "LABOUR", description: "Labour", quantity: 1.5, unitPrice: 6000 },
      ],
    });
    const done = await hubCall(cookie, "POST", `/api/service/visits/${visitId}/complete`, {
      resolution: "Start relay replaced.",
    });
    expect(done).toMatchObject({ status: "COMPLETED", itemsTotal: 18_000 });

    await cloud.start();
    await hub.sync.syncOnce();
    const order = (await eventually(async () => {
      const o = (await world.owner.get(`/v1/marketplace/work-orders/${world.workOrderId}`)) as Order;
      return o.status === "COMPLETED" ? o : undefined;
    }, 30_000)) as Order;
    // 2 × EUR 45.00 + 1.5 h × EUR 60.00 = EUR 180.00, summed by the server from the lines.
    expect(order.totalAmount).toBe(18_000);
    expect(order.items.map((i) => [i.description, i.total])).toEqual([
      ["Start relay", 9_000],
      ["Labour", 9_000],
    ]);
    expect(order.visits).toEqual([
      expect.objectContaining({
        status: "COMPLETED",
        notes: [expect.objectContaining({ note: "Start relay chatters" })],
      }),
    ]);
    expect(order.visits[0]!.snapshot).not.toBeNull();

    // The same visit uploaded again (as a hub that never heard the answer would) changes nothing.
    const rows = await hub.storage.client.execute(
      "select envelope from outbox where type like 'service.visit.%' order by seq",
    );
    const events = rows.rows.map((r) => JSON.parse(String(r.envelope)));
    expect(events.map((e) => e.type)).toEqual([
      "service.visit.checked-in",
      "service.visit.snapshot",
      "service.visit.noted",
      "service.visit.parts-used",
      "service.visit.completed",
    ]);
    // Forget that they were delivered: the next round sends the very same batch again.
    await hub.storage.client.execute("update outbox set sent_at = null where type like 'service.visit.%'");
    await hub.sync.syncOnce();
    const resent = await hub.storage.client.execute(
      "select count(*) as n from outbox where type like 'service.visit.%' and sent_at is null",
    );
    expect(Number(resent.rows[0]!.n)).toBe(0);
    const after = (await world.owner.get(`/v1/marketplace/work-orders/${world.workOrderId}`)) as Order;
    expect(after).toEqual(order);
  }, 180_000);
});
