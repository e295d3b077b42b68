import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  alarmCleared,
  alarmRaised,
  api,
  authed,
  postBatch,
  signUpUser,
  siteWithHub,
} from "../../edge/testing/fixtures.ts";

interface AlarmsBody {
  alarms: { alarmId: string; status: string; equipmentName: string | null; peak: number | null }[];
}
interface EquipmentBody {
  equipment: {
    equipmentId: string;
    equipmentName: string | null;
    status: string;
    openAlarms: number;
    lastTemperature: number;
  }[];
}

const alarmsOf = async (token: string, siteId: string, query = "") =>
  (await (await api(`/v1/sites/${siteId}/alarms${query}`, authed(token))).json()) as AlarmsBody;
const equipmentOf = async (token: string, siteId: string) =>
  (await (await api(`/v1/sites/${siteId}/equipment`, authed(token))).json()) as EquipmentBody;

describe("site alarms and equipment", () => {
  it("shows raised alarms as open and the equipment in ALARM", async () => {
    const { owner, siteId, hub } = await siteWithHub();
    const raised = alarmRaised(hub, 1, { alarmId: "a-1", temperature: 11.2 });
    await postBatch(hub, [raised]);

    const { alarms } = await alarmsOf(owner.token, siteId);
    expect(alarms).toEqual([
      expect.objectContaining({
        alarmId: "a-1",
        status: "RAISED",
        equipmentName: "Dairy fridge",
        temperature: 11.2,
        limit: 8,
      }),
    ]);
    const { equipment } = await equipmentOf(owner.token, siteId);
    expect(equipment).toEqual([
      expect.objectContaining({
        equipmentId: "fridge-1",
        status: "ALARM",
        openAlarms: 1,
        lastTemperature: 11.2,
      }),
    ]);
  });

  it("drops cleared alarms from the open list; ?status=all still has them", async () => {
    const { owner, siteId, hub } = await siteWithHub();
    await postBatch(hub, [
      alarmRaised(hub, 1, { alarmId: "a-1" }),
      alarmRaised(hub, 2, { alarmId: "a-2", equipmentId: "freezer-1", equipmentName: "Freezer" }),
    ]);
    await postBatch(hub, [alarmCleared(hub, 3, { alarmId: "a-1", temperature: 5.5, peak: 12 })]);

    expect((await alarmsOf(owner.token, siteId)).alarms.map((a) => a.alarmId)).toEqual(["a-2"]);
    const all = (await alarmsOf(owner.token, siteId, "?status=all")).alarms;
    expect(all).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ alarmId: "a-1", status: "CLEARED", peak: 12 }),
        expect.objectContaining({ alarmId: "a-2", status: "RAISED" }),
      ]),
    );
    const { equipment } = await equipmentOf(owner.token, siteId);
    expect(equipment.find((e) => e.equipmentId === "fridge-1")).toMatchObject({
      status: "OK",
      lastTemperature: 5.5,
    });
    expect(equipment.find((e) => e.equipmentId === "freezer-1")).toMatchObject({ status: "ALARM" });
  });

  it("ends closed when the clear arrives before its raise", async () => {
    const { owner, siteId, hub } = await siteWithHub();
    // The clear happened later (seq 2) but reaches the cloud first; the raise is redelivered afterwards.
    await postBatch(hub, [alarmCleared(hub, 2, { alarmId: "a-9", temperature: 4 })]);
    expect((await equipmentOf(owner.token, siteId)).equipment[0]).toMatchObject({
      status: "OK",
      equipmentName: null,
    });
    await postBatch(hub, [alarmRaised(hub, 1, { alarmId: "a-9", temperature: 10 })]);

    expect((await alarmsOf(owner.token, siteId)).alarms).toEqual([]);
    expect((await alarmsOf(owner.token, siteId, "?status=all")).alarms).toEqual([
      expect.objectContaining({ alarmId: "a-9", status: "CLEARED", equipmentName: "Dairy fridge" }),
    ]);
    // The older raise names the equipment but does not overwrite the newer temperature.
    expect((await equipmentOf(owner.token, siteId)).equipment[0]).toMatchObject({
      status: "OK",
      equipmentName: "Dairy fridge",
      lastTemperature: 4,
    });
  });

  it("lets any member read, and refuses others: non-member and unknown site 403, anonymous 401", async () => {
    const { owner, siteId, hub } = await siteWithHub();
    await postBatch(hub, [alarmRaised(hub, 1)]);
    const guest = await signUpUser();
    await env.SITES_DB.prepare(
      "INSERT INTO site_members (site_id, user_id, role, created_at) VALUES (?, ?, 'GUEST', ?)",
    )
      .bind(siteId, guest.id, Date.now())
      .run();
    const stranger = await signUpUser();

    expect((await alarmsOf(guest.token, siteId)).alarms).toHaveLength(1);
    for (const path of [`/v1/sites/${siteId}/alarms`, `/v1/sites/${siteId}/equipment`]) {
      const res = await api(path, authed(stranger.token));
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
      expect((await api(path)).status).toBe(401);
    }
    expect((await api("/v1/sites/no-such-site/alarms", authed(owner.token))).status).toBe(403);
  });

  it("refuses an unknown status filter with 400", async () => {
    const { owner, siteId } = await siteWithHub();
    expect((await api(`/v1/sites/${siteId}/alarms?status=closed`, authed(owner.token))).status).toBe(200);
    expect((await api(`/v1/sites/${siteId}/alarms?status=resolved`, authed(owner.token))).status).toBe(400);
  });
});
