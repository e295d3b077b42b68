import { describe, expect, it } from "vitest";
import {
  alarmCleared,
  alarmRaised,
  api,
  authed,
  postBatch,
  siteWithHub,
} from "../../../edge/testing/fixtures.ts";
import { hubEvent, presence, rolledUp } from "../../../edge/testing/live-fixtures.ts";
import type { AlarmView, DeviceView, EquipmentView } from "../../../shared/live/index.ts";

const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);
const at = (seconds: number) => T0 + seconds * 1000;
const iso = (ms: number) => new Date(ms).toISOString();

async function read<T>(token: string, path: string): Promise<T> {
  const res = await api(path, authed(token));
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}
const allAlarms = (token: string, siteId: string) =>
  read<{ alarms: AlarmView[] }>(token, `/v1/sites/${siteId}/alarms?status=all`).then((b) => b.alarms);
const unit = (token: string, siteId: string, id = "fridge-1") =>
  read<{ equipment: EquipmentView[] }>(token, `/v1/sites/${siteId}/equipment`).then((b) =>
    b.equipment.find((e) => e.equipmentId === id),
  );

async function ok(res: Promise<Response>) {
  const r = await res;
  expect(r.status, await r.clone().text()).toBe(200);
}

describe("ledger projections: the alarm lifecycle in the hub's words", () => {
  it("walks RAISED → escalated → ACKNOWLEDGED → CLEARED → CLOSED with who, note and corrective action", async () => {
    const { owner, siteId, hub } = await siteWithHub();
    const alarmId = "a-life";
    await ok(postBatch(hub, [alarmRaised(hub, 1, { alarmId, temperature: 9.5, limit: 8 })]));
    expect(await allAlarms(owner.token, siteId)).toEqual([
      expect.objectContaining({
        alarmId,
        status: "RAISED",
        escalated: false,
        kind: "HIGH_TEMPERATURE",
        limit: 8,
      }),
    ]);
    expect(await unit(owner.token, siteId)).toMatchObject({ status: "ALARM", openAlarms: 1 });

    const base = { alarmId, equipmentId: "fridge-1" };
    await ok(
      postBatch(hub, [
        hubEvent(
          hub,
          2,
          "equipment.alarm.escalated",
          {
            ...base,
            equipmentName: "Dairy fridge",
            kind: "HIGH_TEMPERATURE",
            raisedAt: iso(at(1)),
            escalatedAt: iso(at(30)),
          },
          at(30),
        ),
      ]),
    );
    expect((await allAlarms(owner.token, siteId))[0]).toMatchObject({
      status: "RAISED",
      escalated: true,
      escalatedAt: iso(at(30)),
    });

    await ok(
      postBatch(hub, [
        hubEvent(
          hub,
          3,
          "equipment.alarm.acknowledged",
          {
            ...base,
            acknowledgedBy: "Ana Ruiz",
            note: "moving stock",
            acknowledgedAt: iso(at(40)),
          },
          at(40),
        ),
      ]),
    );
    expect((await allAlarms(owner.token, siteId))[0]).toMatchObject({
      status: "ACKNOWLEDGED",
      escalated: true,
      acknowledgedBy: "Ana Ruiz",
      note: "moving stock",
      acknowledgedAt: iso(at(40)),
    });
    expect(await unit(owner.token, siteId)).toMatchObject({ status: "ALARM", openAlarms: 1 });

    await ok(postBatch(hub, [alarmCleared(hub, 4, { alarmId, temperature: 6, peak: 11 })]));
    expect((await allAlarms(owner.token, siteId))[0]).toMatchObject({ status: "CLEARED", peak: 11 });
    expect(await unit(owner.token, siteId)).toMatchObject({ status: "OK", openAlarms: 0 });

    await ok(
      postBatch(hub, [
        hubEvent(
          hub,
          5,
          "equipment.alarm.closed",
          {
            ...base,
            closedBy: "Ana Ruiz",
            correctiveAction: "door seal replaced",
            closedAt: iso(at(90)),
          },
          at(90),
        ),
      ]),
    );
    const [closed] = await allAlarms(owner.token, siteId);
    expect(closed).toMatchObject({
      status: "CLOSED",
      closedBy: "Ana Ruiz",
      correctiveAction: "door seal replaced",
      closedAt: iso(at(90)),
      acknowledgedBy: "Ana Ruiz",
      raisedAt: iso(at(1)),
    });
    const filtered = (status: string) =>
      read<{ alarms: AlarmView[] }>(owner.token, `/v1/sites/${siteId}/alarms?status=${status}`);
    expect((await filtered("closed")).alarms.map((a) => a.alarmId)).toEqual([alarmId]);
    expect((await filtered("open")).alarms).toEqual([]);
  });

  it("ends CLOSED whatever order the steps arrive in", async () => {
    const { owner, siteId, hub } = await siteWithHub();
    const alarmId = "a-shuffled";
    const base = { alarmId, equipmentId: "fridge-1" };
    await ok(
      postBatch(hub, [
        hubEvent(
          hub,
          4,
          "equipment.alarm.closed",
          {
            ...base,
            closedBy: "Bo",
            correctiveAction: "fixed",
            closedAt: iso(at(90)),
          },
          at(90),
        ),
      ]),
    );
    expect((await allAlarms(owner.token, siteId))[0]).toMatchObject({ status: "CLOSED", kind: null });
    await ok(
      postBatch(hub, [
        alarmCleared(hub, 3, { alarmId, temperature: 5 }),
        hubEvent(
          hub,
          2,
          "equipment.alarm.acknowledged",
          {
            ...base,
            acknowledgedBy: "Bo",
            note: null,
            acknowledgedAt: iso(at(40)),
          },
          at(40),
        ),
        alarmRaised(hub, 1, { alarmId }),
      ]),
    );
    expect((await allAlarms(owner.token, siteId))[0]).toMatchObject({
      status: "CLOSED",
      kind: "HIGH_TEMPERATURE",
      acknowledgedBy: "Bo",
      closedBy: "Bo",
      equipmentName: "Dairy fridge",
    });
    expect(await unit(owner.token, siteId)).toMatchObject({ openAlarms: 0, status: "OK" });
    // Closed months before now: history, no longer part of the live snapshot.
    expect((await openSnapshot(owner.token, siteId)).alarms).toEqual([]);
  });
});

describe("ledger projections: units, readings and devices", () => {
  it("shows a unit from its first rollup with the newest minute's mean; older minutes never overwrite it", async () => {
    const { owner, siteId, hub } = await siteWithHub();
    await ok(
      postBatch(hub, [rolledUp(hub, 2, { equipmentId: "fridge-1", from: at(600), means: [3.1, 3.4] })]),
    );
    expect(await unit(owner.token, siteId)).toMatchObject({
      equipmentName: "Dairy fridge",
      status: "OK",
      openAlarms: 0,
      lastTemperature: 3.4,
      lastReadingAt: iso(at(660)),
      limits: null,
    });
    // The bulk lane redelivers an older minute later: the latest reading stays.
    await ok(postBatch(hub, [rolledUp(hub, 1, { equipmentId: "fridge-1", from: at(0), means: [9] })]));
    expect(await unit(owner.token, siteId)).toMatchObject({
      lastTemperature: 3.4,
      lastReadingAt: iso(at(660)),
    });
  });

  it("learns both limits from alarms raised on each side", async () => {
    const { owner, siteId, hub } = await siteWithHub();
    await ok(postBatch(hub, [alarmRaised(hub, 1, { kind: "HIGH_TEMPERATURE", limit: 5, temperature: 6 })]));
    expect((await unit(owner.token, siteId))?.limits).toBeNull();
    await ok(postBatch(hub, [alarmRaised(hub, 2, { kind: "LOW_TEMPERATURE", limit: 0, temperature: -1 })]));
    expect((await unit(owner.token, siteId))?.limits).toEqual({ low: 0, high: 5 });
  });

  it("keeps each device's newest presence", async () => {
    const { owner, siteId, hub } = await siteWithHub();
    await ok(
      postBatch(hub, [
        presence(hub, 1, { status: "ONLINE", changedAt: at(0) }),
        presence(hub, 2, { deviceId: "dev-2", name: "Freezer probe", status: "ERROR", changedAt: at(5) }),
      ]),
    );
    // An older report arriving late changes nothing.
    await ok(
      postBatch(hub, [
        presence(hub, 4, { status: "OFFLINE", changedAt: at(20) }),
        presence(hub, 3, { status: "ONLINE", changedAt: at(10) }),
      ]),
    );
    const live = await openSnapshot(owner.token, siteId);
    expect(live.devices).toEqual([
      expect.objectContaining({ deviceId: "dev-1", status: "OFFLINE", changedAt: iso(at(20)) }),
      expect.objectContaining({ deviceId: "dev-2", status: "ERROR", name: "Freezer probe" }),
    ] satisfies Partial<DeviceView>[]);
  });
});

async function openSnapshot(token: string, siteId: string) {
  const { openLive } = await import("../../../edge/testing/live-fixtures.ts");
  const res = await openLive(siteId, ["outpost.live.v1", `bearer.${token}`]);
  if (!res.live) throw new Error(`no socket: ${res.status}`);
  const snapshot = await res.live.next((m) => m.type === "snapshot");
  res.live.close();
  if (snapshot.type !== "snapshot") throw new Error("unreachable");
  return snapshot;
}
