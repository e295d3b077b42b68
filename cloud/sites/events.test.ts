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
  events: { id: string; hubId: string; lane: string; seq: number; type: string; data: { alarmId: string } }[];
  next: string | null;
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
      `/v1/sites/${siteId}/events?hubId=${hub.hubId}&lane=priority&afterSeq=1&limit=1`,
      authed(owner.token),
    );
    expect(((await page.json()) as EventsBody).events.map((e) => e.seq)).toEqual([2]);
  });

  it("pages the whole site with `next`, every event once, and refuses afterSeq without a lane", async () => {
    const { owner, siteId, hub } = await siteWithHub();
    const sent = Array.from({ length: 7 }, (_, i) => alarmRaised(hub, i + 1, { alarmId: `p-${i}` }));
    await postBatch(hub, sent);
    const seen: string[] = [];
    let pages = 0;
    for (let after: string | null = ""; after !== null; pages++) {
      const url = `/v1/sites/${siteId}/events?limit=3${after ? `&after=${encodeURIComponent(after)}` : ""}`;
      const body = (await (await api(url, authed(owner.token))).json()) as EventsBody;
      seen.push(...body.events.map((e) => e.id));
      after = body.next;
    }
    expect(seen).toEqual(sent.map((e) => e.id));
    expect(pages).toBe(3);

    // A seq means something only within one lane: without it, afterSeq would mix the two.
    const mixed = await api(`/v1/sites/${siteId}/events?hubId=${hub.hubId}&afterSeq=2`, authed(owner.token));
    expect(mixed.status).toBe(400);
    const forged = await api(`/v1/sites/${siteId}/events?after=nonsense`, authed(owner.token));
    expect(forged.status).toBe(400);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe("VALIDATION_ERROR");
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
