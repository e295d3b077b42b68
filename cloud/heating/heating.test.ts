// Heating in the cloud (workerd, real D1): rooms as desired state for the hub, set point and boost as remote actions.
import { createExecutionContext, createMessageBatch } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createWorker } from "../../edge/index.ts";
import { api, authed, jsonInit, signUpUser, siteWithHub, type TestHub } from "../../edge/testing/fixtures.ts";
import type { DesiredStateDocument } from "../../shared/desired-state/index.ts";
import { buildEvent } from "../../shared/events/index.ts";
import { defaultSchedule } from "../../shared/heating/schedule.ts";
import { signHubToken } from "../../shared/sync/index.ts";
import { CLOUD_MODULES } from "../modules.ts";

async function asHub(hub: TestHub, path: string, headers: Record<string, string> = {}): Promise<Response> {
  const token = await signHubToken(hub.privateJwk, hub, Date.now());
  return api(path, { headers: { ...headers, authorization: `Bearer ${token}` } });
}

const settings = {
  mode: "auto",
  setPoint: 20,
  awaySetPoint: 15,
  schedule: defaultSchedule(),
  hysteresis: 0.3,
  minOnMinutes: 5,
  minOffMinutes: 5,
  maxSwitchesPerHour: 6,
  frostC: 7,
  maxC: 28,
  staleAfterMinutes: 15,
  staleAction: "off",
  windowPauseMinutes: 30,
  earlyStart: true,
};

describe("heating (cloud side)", () => {
  it("sends an owner's rooms and schedules to the hub in desired state, and queues a boost for the hub", async () => {
    const { owner, siteId, hub } = await siteWithHub();
    const created = await api(
      `/v1/sites/${siteId}/heating/rooms`,
      jsonInit(
        "POST",
        { name: "Living room", space: "Home", settings, devices: [{ deviceId: "d1", role: "HEATER" }] },
        owner.token,
      ),
    );
    expect(created.status).toBe(201);
    const room = (await created.json()) as { id: string; changedAt: string };

    const res = await asHub(hub, `/v1/hubs/${hub.hubId}/desired-state`, { "outpost-sections": "heating@1" });
    expect(res.status).toBe(200);
    const doc = (await res.json()) as DesiredStateDocument;
    expect(doc.sections.heating).toEqual({
      rooms: [
        {
          id: room.id,
          name: "Living room",
          space: "Home",
          settings,
          changedAt: room.changedAt,
          devices: [{ deviceId: "d1", role: "HEATER" }],
        },
      ],
    });

    const boost = await api(
      `/v1/sites/${siteId}/heating/rooms/${room.id}/boost`,
      jsonInit("POST", { setPoint: 24, minutes: 30 }, owner.token),
    );
    expect(boost.status).toBe(202);
    const pending = (await (await asHub(hub, `/v1/hubs/${hub.hubId}/actions`)).json()) as {
      actions: unknown[];
    };
    expect(pending.actions).toMatchObject([
      {
        kind: "heating.boost",
        target: room.id,
        input: { setPoint: 24, minutes: 30 },
        by: { userId: owner.id },
      },
    ]);
  });

  it("refuses bad input, another site's room, and a person who is not a member", async () => {
    const { owner, siteId } = await siteWithHub();
    const bad = await api(
      `/v1/sites/${siteId}/heating/rooms`,
      jsonInit("POST", { name: "X", space: "Home", settings: { ...settings, maxC: 99 } }, owner.token),
    );
    expect(bad.status).toBe(400);
    const nowhere = await api(
      `/v1/sites/${siteId}/heating/rooms/nope/boost`,
      jsonInit("POST", { setPoint: 24, minutes: 30 }, owner.token),
    );
    expect(nowhere.status).toBe(404);
    const stranger = await signUpUser();
    expect((await api(`/v1/sites/${siteId}/heating/rooms`, authed(stranger.token))).status).toBe(403);
    const rooms = (await (await api(`/v1/sites/${siteId}/heating/rooms`, authed(owner.token))).json()) as {
      rooms: unknown[];
    };
    expect(rooms.rooms).toEqual([]);
  });

  it("shows each room live as its hub last reported it, an older status never replacing a newer one", async () => {
    const { owner, siteId, hub } = await siteWithHub();
    const created = await api(
      `/v1/sites/${siteId}/heating/rooms`,
      jsonInit("POST", { name: "Bedroom", space: "Home", settings }, owner.token),
    );
    const room = (await created.json()) as { id: string };
    const status = (minute: number, temperature: number, heaterOn: boolean) =>
      buildEvent({
        type: "heating.room.status",
        source: { siteId, hubId: hub.hubId, module: "heating" },
        occurredAt: Date.UTC(2026, 0, 12, 6, minute),
        data: {
          roomId: room.id,
          roomName: "Bedroom",
          space: "Home",
          temperature,
          target: 21,
          heaterOn,
          source: "preheat",
          reason: heaterOn ? "below" : "above",
          switchesLastHour: 1,
          maxSwitchesPerHour: 6,
          predictedStart: new Date(Date.UTC(2026, 0, 12, 5, 10)).toISOString(),
          at: new Date(Date.UTC(2026, 0, 12, 6, minute)).toISOString(),
        },
      });
    const worker = createWorker(CLOUD_MODULES);
    const newer = status(20, 21.4, false);
    const older = status(10, 19.8, true);
    const batch = createMessageBatch("outpost-events", [
      { id: "m1", timestamp: new Date(), attempts: 1, body: newer },
      { id: "m2", timestamp: new Date(), attempts: 1, body: older },
      { id: "m3", timestamp: new Date(), attempts: 1, body: newer },
    ]);
    await worker.queue(batch, env, createExecutionContext());
    const rooms = (await (await api(`/v1/sites/${siteId}/heating/rooms`, authed(owner.token))).json()) as {
      rooms: { id: string; live: unknown }[];
    };
    expect(rooms.rooms[0]!.live).toEqual({
      temperature: 21.4,
      target: 21,
      heaterOn: false,
      source: "preheat",
      reason: "above",
      switchesLastHour: 1,
      maxSwitchesPerHour: 6,
      predictedStart: "2026-01-12T05:10:00.000Z",
      at: "2026-01-12T06:20:00.000Z",
    });
  });
});
