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

interface EventsBody {
  events: { id: string; hubId: string; seq: number; type: string; data: { alarmId: string } }[];
}

describe("site event log", () => {
  it("lists every stored event once, per hub in seq order, whatever order they arrived in", async () => {
    const { owner, siteId, hub } = await siteWithHub();
    const e1 = alarmRaised(hub, 1, { alarmId: "a-1" });
    const e2 = alarmCleared(hub, 2, { alarmId: "a-1" });
    const e3 = alarmRaised(hub, 3, { alarmId: "a-2" });
    await postBatch(hub, [e3, e1]);
    await postBatch(hub, [e2, e1]);

    const res = await api(`/v1/sites/${siteId}/events`, authed(owner.token));
    expect(res.status).toBe(200);
    const { events } = (await res.json()) as EventsBody;
    expect(events.map((e) => [e.id, e.seq, e.type])).toEqual([
      [e1.id, 1, "equipment.alarm.raised"],
      [e2.id, 2, "equipment.alarm.cleared"],
      [e3.id, 3, "equipment.alarm.raised"],
    ]);
    expect(events[2]!.data.alarmId).toBe("a-2");

    const page = await api(
      `/v1/sites/${siteId}/events?hubId=${hub.hubId}&afterSeq=1&limit=1`,
      authed(owner.token),
    );
    expect(((await page.json()) as EventsBody).events.map((e) => e.seq)).toEqual([2]);
  });

  it("is for members only and validates its query", async () => {
    const { owner, siteId } = await siteWithHub();
    const stranger = await signUpUser();
    expect((await api(`/v1/sites/${siteId}/events`, authed(stranger.token))).status).toBe(403);
    expect((await api(`/v1/sites/${siteId}/events`)).status).toBe(401);
    const bad = await api(`/v1/sites/${siteId}/events?limit=0`, authed(owner.token));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("VALIDATION_ERROR");
  });
});
