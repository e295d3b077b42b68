// Heating in the cloud (workerd, real D1): rooms as desired state for the hub, set point and boost as remote actions.
import { describe, expect, it } from "vitest";
import { api, authed, jsonInit, signUpUser, siteWithHub, type TestHub } from "../../edge/testing/fixtures.ts";
import type { DesiredStateDocument } from "../../shared/desired-state/index.ts";
import { defaultSchedule } from "../../shared/heating/schedule.ts";
import { signHubToken } from "../../shared/sync/index.ts";

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
});
