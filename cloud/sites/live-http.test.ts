import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/durable-sqlite";
import { describe, expect, it } from "vitest";
import {
  alarmRaised,
  api,
  authed,
  jsonInit,
  postBatch,
  signUpUser,
  siteWithHub,
} from "../../edge/testing/fixtures.ts";
import { openLive, rolledUp } from "../../edge/testing/live-fixtures.ts";
import { type HistoryView, HUB_OFFLINE_AFTER_MS, type LiveMessage } from "../../shared/live/index.ts";
import { ledgerSchema } from "./index.ts";

const ledgerOf = (siteId: string) => env.SITE_LEDGER.get(env.SITE_LEDGER.idFromName(siteId));
const protocols = (token: string) => ["outpost.live.v1", `bearer.${token}`];
const is =
  <T extends LiveMessage["type"]>(type: T) =>
  (m: LiveMessage): m is Extract<LiveMessage, { type: T }> =>
    m.type === type;

async function addGuest(siteId: string) {
  const guest = await signUpUser();
  await env.SITES_DB.prepare(
    "INSERT INTO site_members (site_id, user_id, role, created_at) VALUES (?, ?, 'GUEST', ?)",
  )
    .bind(siteId, guest.id, Date.now())
    .run();
  return guest;
}

describe("live WebSocket (C5)", () => {
  it("refuses without a token (401), a non-member (403), a missing subprotocol or a plain GET (400)", async () => {
    const { owner, siteId } = await siteWithHub();
    const stranger = await signUpUser();
    const noToken = await openLive(siteId, ["outpost.live.v1"]);
    expect(noToken.status).toBe(401);
    expect(((await noToken.json()) as { error: { code: string } }).error.code).toBe("UNAUTHORIZED");
    expect((await openLive(siteId, ["outpost.live.v1", "bearer.not-a-jwt"])).status).toBe(401);
    const foreign = await openLive(siteId, protocols(stranger.token));
    expect(foreign.status).toBe(403);
    expect(foreign.webSocket).toBeNull();
    expect((await openLive("no-such-site", protocols(owner.token))).status).toBe(403);
    expect((await openLive(siteId, [`bearer.${owner.token}`])).status).toBe(400);
    // An Authorization header alone does not open a socket, and a plain GET is not an upgrade.
    const plain = await api(`/v1/sites/${siteId}/live`, {
      headers: { authorization: `Bearer ${owner.token}`, "sec-websocket-protocol": "outpost.live.v1" },
    });
    expect(plain.status).toBe(400);
  });

  it("gives a member the snapshot, then pushes the alarm and the unit an ingest changed", async () => {
    const { siteId, hub } = await siteWithHub();
    const guest = await addGuest(siteId);
    await postBatch(hub, [alarmRaised(hub, 1, { alarmId: "a-old", equipmentId: "freezer-1" })]);

    const res = await openLive(siteId, protocols(guest.token));
    expect(res.status).toBe(101);
    const live = res.live!;
    expect(live.protocol).toBe("outpost.live.v1");
    const snapshot = await live.next(is("snapshot"));
    expect(snapshot.hub).toMatchObject({ hubId: hub.hubId, online: true });
    expect(snapshot.alarms.map((a) => a.alarmId)).toEqual(["a-old"]);
    expect(snapshot.equipment.map((e) => e.equipmentId)).toEqual(["freezer-1"]);

    expect(
      (await postBatch(hub, [alarmRaised(hub, 2, { alarmId: "a-new", temperature: 10.5 })])).status,
    ).toBe(200);
    const alarm = await live.next(is("alarm"));
    expect(alarm.data).toMatchObject({
      alarmId: "a-new",
      status: "RAISED",
      temperature: 10.5,
      escalated: false,
    });
    const unit = await live.next(is("equipment"));
    expect(unit.data).toMatchObject({ equipmentId: "fridge-1", status: "ALARM", openAlarms: 1 });
    live.close();
  });

  it("closes a member's socket when they are removed from the site", async () => {
    const { owner, siteId } = await siteWithHub();
    const guest = await addGuest(siteId);
    const { live } = await openLive(siteId, protocols(guest.token));
    await live!.next(is("snapshot"));
    const removed = await api(
      `/v1/sites/${siteId}/members/${guest.id}`,
      authed(owner.token, { method: "DELETE" }),
    );
    expect(removed.status).toBe(204);
    expect(await live!.closed).toBe(4403);
    expect((await openLive(siteId, protocols(guest.token))).status).toBe(403);
  });

  it("pushes the hub offline once it has been silent for the offline interval, and online at its next contact", async () => {
    const { owner, siteId, hub } = await siteWithHub();
    await postBatch(hub, [alarmRaised(hub, 1)]);
    const ledger = ledgerOf(siteId);
    // The offline deadline is the ledger's alarm.
    const seen = await runInDurableObject(ledger, async (_o, state) => {
      const alarmAt = await state.storage.getAlarm();
      const db = drizzle(state.storage, { schema: ledgerSchema });
      const row = db.select().from(ledgerSchema.hubContacts).get()!;
      expect(alarmAt).toBe(row.lastSeenAt + HUB_OFFLINE_AFTER_MS);
      return row.lastSeenAt;
    });
    const { live } = await openLive(siteId, protocols(owner.token));
    await live!.next(is("snapshot"));

    // Two and a half minutes of silence, then the alarm fires.
    await runInDurableObject(ledger, (_o, state) => {
      drizzle(state.storage, { schema: ledgerSchema }).run(
        sql`UPDATE hub_contacts SET last_seen_at = ${seen - 150_000}`,
      );
    });
    expect(await runDurableObjectAlarm(ledger)).toBe(true);
    const offline = await live!.next(is("hub"));
    expect(offline.data).toEqual({
      hubId: hub.hubId,
      online: false,
      lastSeenAt: new Date(seen - 150_000).toISOString(),
    });

    await postBatch(hub, [alarmRaised(hub, 2)]);
    expect((await live!.next(is("hub"))).data).toMatchObject({ hubId: hub.hubId, online: true });
    live!.close();
  });
});

describe("equipment history (C5)", () => {
  const minute = (ms: number) => Math.floor(ms / 60_000) * 60_000;

  it("answers minutes for 24h and hour aggregates for 7d and 30d, with the unit's limits", async () => {
    const { owner, siteId, hub } = await siteWithHub();
    const now = minute(Date.now());
    const hourStart = Math.floor(now / 3_600_000) * 3_600_000;
    await postBatch(hub, [
      // Three minutes two days ago (one hour bucket), three minutes in the last hour.
      rolledUp(hub, 1, { equipmentId: "fridge-1", from: hourStart - 48 * 3_600_000, means: [2, 4, 6] }),
      rolledUp(hub, 2, { equipmentId: "fridge-1", from: now - 3 * 60_000, means: [3, 5, 7] }),
      // Forty days ago: outside every range.
      rolledUp(hub, 3, { equipmentId: "fridge-1", from: now - 40 * 86_400_000, means: [20] }),
      alarmRaised(hub, 4, { kind: "HIGH_TEMPERATURE", limit: 5 }),
      alarmRaised(hub, 5, { kind: "LOW_TEMPERATURE", limit: 0 }),
    ]);
    const history = async (range: string) => {
      const res = await api(
        `/v1/sites/${siteId}/equipment/fridge-1/history?range=${range}`,
        authed(owner.token),
      );
      expect(res.status).toBe(200);
      return (await res.json()) as HistoryView;
    };

    const day = await history("24h");
    expect(day).toEqual({
      equipmentId: "fridge-1",
      resolution: "minute",
      t: [0, 1, 2].map((i) => (now - (3 - i) * 60_000) / 1000),
      min: [2.5, 4.5, 6.5],
      max: [3.5, 5.5, 7.5],
      mean: [3, 5, 7],
      limits: { low: 0, high: 5 },
    });

    const week = await history("7d");
    expect(week.resolution).toBe("hour");
    expect(week.t[0]).toBe((hourStart - 48 * 3_600_000) / 1000);
    expect(week.mean[0]).toBeCloseTo(4);
    expect(week.min[0]).toBe(1.5);
    expect(week.max[0]).toBe(6.5);
    // The recent minutes fall in one or two hour buckets, each mean weighted by the minutes' counts.
    const recent = new Map<number, number[]>();
    for (const [i, mean] of [3, 5, 7].entries()) {
      const hour = Math.floor((now - (3 - i) * 60_000) / 3_600_000) * 3600;
      recent.set(hour, [...(recent.get(hour) ?? []), mean]);
    }
    expect(week.t.slice(1)).toEqual([...recent.keys()]);
    [...recent.values()].forEach((means, i) => {
      expect(week.mean[i + 1]).toBeCloseTo(means.reduce((a, b) => a + b, 0) / means.length);
    });
    expect((await history("30d")).t).toEqual(week.t);
  });

  it("folds minutes older than 400 days into hour rows", async () => {
    const { siteId, hub } = await siteWithHub();
    const old = Math.floor((Date.now() - 401 * 86_400_000) / 3_600_000) * 3_600_000;
    await postBatch(hub, [rolledUp(hub, 1, { equipmentId: "fridge-1", from: old, means: [2, 4] })]);
    await runInDurableObject(ledgerOf(siteId), (_o, state) => {
      const db = drizzle(state.storage, { schema: ledgerSchema });
      expect(db.select().from(ledgerSchema.readingsMinute).all()).toEqual([]);
      expect(db.select().from(ledgerSchema.readingsHour).all()).toEqual([
        { equipmentId: "fridge-1", at: old / 1000, min: 1.5, max: 4.5, mean: 3, count: 12 },
      ]);
    });
  });

  it("answers empty columns and null limits for a unit with no rollups; refuses unknown units, bad ranges and non-members", async () => {
    const { owner, siteId } = await siteWithHub();
    // A unit configured from the cloud that has reported nothing yet.
    const range = { name: "Quiet", type: "FRIDGE", setTemperature: 4, optimalMin: 1, optimalMax: 7 };
    const put = await api(`/v1/sites/${siteId}/equipment/quiet`, jsonInit("PUT", range, owner.token));
    expect(put.status).toBe(200);
    const unknown = await api(`/v1/sites/${siteId}/equipment/nothing/history`, authed(owner.token));
    expect(unknown.status).toBe(404);
    const path = `/v1/sites/${siteId}/equipment/quiet/history`;
    const res = await api(path, authed(owner.token));
    expect(await res.json()).toEqual({
      equipmentId: "quiet",
      resolution: "minute",
      t: [],
      min: [],
      max: [],
      mean: [],
      limits: null,
    });
    expect((await api(`${path}?range=1y`, authed(owner.token))).status).toBe(400);
    expect((await api(path, authed((await signUpUser()).token))).status).toBe(403);
    expect((await api(path)).status).toBe(401);
  });
});
