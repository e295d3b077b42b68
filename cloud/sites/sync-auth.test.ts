import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  alarmRaised,
  api,
  authed,
  claimHub,
  ledgerAlarms,
  newHubKeys,
  postBatch,
  siteWithHub,
  type TestHub,
} from "../../edge/testing/fixtures.ts";
import { encodeCbor } from "../../shared/cbor/index.ts";
import { signHubToken } from "../../shared/sync/index.ts";

const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error;

async function expectNothingStored(hub: TestHub): Promise<void> {
  expect(await ledgerAlarms(hub.siteId)).toEqual([]);
}

describe("sync up: only the hub itself may write, only its own site", () => {
  it("refuses a batch signed by another hub's key: 401, nothing stored", async () => {
    const { owner, siteId, hub } = await siteWithHub();
    const other = await claimHub(owner, siteId);
    const res = await postBatch(hub, [alarmRaised(hub, 1)], { signingJwk: other.privateJwk });
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe("UNAUTHORIZED");
    await expectNothingStored(hub);
  });

  it("refuses a token naming another site (signed by the right key): 401", async () => {
    const { hub } = await siteWithHub();
    const token = await signHubToken(
      hub.privateJwk,
      { hubId: hub.hubId, siteId: "another-site" },
      Date.now(),
    );
    expect((await postBatch(hub, [alarmRaised(hub, 1)], { token })).status).toBe(401);
    await expectNothingStored(hub);
  });

  it("refuses a tampered token: 401", async () => {
    const { hub } = await siteWithHub();
    const token = await signHubToken(hub.privateJwk, { hubId: hub.hubId, siteId: hub.siteId }, Date.now());
    const [h, p, s] = token.split(".") as [string, string, string];
    // A longer life in the payload, the original signature kept.
    const claims = JSON.parse(atob(p.replace(/-/g, "+").replace(/_/g, "/")));
    const longer = btoa(JSON.stringify({ ...claims, exp: claims.exp + 3600 })).replace(/=+$/, "");
    const stretched = `${h}.${longer.replace(/\+/g, "-").replace(/\//g, "_")}.${s}`;
    // One signature character changed (index 10 carries six significant bits, unlike the last one).
    const flipped = `${h}.${p}.${s.slice(0, 10)}${s[10] === "A" ? "B" : "A"}${s.slice(11)}`;
    for (const forged of [stretched, flipped]) {
      expect((await postBatch(hub, [alarmRaised(hub, 1)], { token: forged })).status).toBe(401);
    }
    await expectNothingStored(hub);
  });

  it("refuses a token dated an hour ahead (a hub clock running ahead), whose window would reach into the future: 401", async () => {
    const { hub } = await siteWithHub();
    const ahead = await signHubToken(
      hub.privateJwk,
      { hubId: hub.hubId, siteId: hub.siteId },
      Date.now() + 3600_000,
    );
    expect((await postBatch(hub, [alarmRaised(hub, 1)], { token: ahead })).status).toBe(401);
    await expectNothingStored(hub);
    // Within the 30-second tolerance it is accepted, as a clock a few seconds off must be.
    const near = await signHubToken(
      hub.privateJwk,
      { hubId: hub.hubId, siteId: hub.siteId },
      Date.now() + 10_000,
    );
    expect((await postBatch(hub, [alarmRaised(hub, 1)], { token: near })).status).toBe(200);
  });

  it("refuses an expired token: 401", async () => {
    const { hub } = await siteWithHub();
    const token = await signHubToken(
      hub.privateJwk,
      { hubId: hub.hubId, siteId: hub.siteId },
      Date.now() - 10 * 60_000,
    );
    const res = await postBatch(hub, [alarmRaised(hub, 1)], { token });
    expect(res.status).toBe(401);
    await expectNothingStored(hub);
  });

  it("refuses a missing token and an unknown hub: 401", async () => {
    const { hub } = await siteWithHub();
    const noToken = await api(`/v1/hubs/${hub.hubId}/events`, {
      method: "POST",
      headers: { "content-type": "application/cbor" },
      body: encodeCbor({ hubId: hub.hubId, siteId: hub.siteId, events: [alarmRaised(hub, 1)] }) as BodyInit,
    });
    expect(noToken.status).toBe(401);
    const ghost: TestHub = { ...hub, hubId: "0190aaaa-0000-7000-8000-000000000000", ...(await newHubKeys()) };
    expect((await postBatch(ghost, [alarmRaised(ghost, 1)])).status).toBe(401);
  });

  it("refuses a revoked hub: 403", async () => {
    const { hub } = await siteWithHub();
    await env.SITES_DB.prepare("UPDATE hubs SET revoked_at = ? WHERE id = ?")
      .bind(Date.now(), hub.hubId)
      .run();
    expect((await postBatch(hub, [alarmRaised(hub, 1)])).status).toBe(403);
  });

  it("is not reachable with a user's access token", async () => {
    const { owner, hub } = await siteWithHub();
    const res = await api(
      `/v1/hubs/${hub.hubId}/events`,
      authed(owner.token, {
        method: "POST",
        headers: { "content-type": "application/cbor" },
        body: encodeCbor({}) as BodyInit,
      }),
    );
    expect(res.status).toBe(401);
  });
});
