import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from "jose";
import { describe, expect, it } from "vitest";
import {
  alarmRaised,
  api,
  authed,
  claimCode,
  jsonInit,
  newHubKeys,
  postBatch,
  siteWithHub,
  type TestHub,
} from "../../edge/testing/fixtures.ts";
import { JWKS_PATH } from "../../shared/access-token/index.ts";
import { HUB_TIME_HEADER, HUB_TIME_TYP, peekHubTime, signHubToken } from "../../shared/sync/index.ts";

const HOUR = 3600_000;

/** Verifies an answer's signed time against the published JWKS, as the hub does with its trusted keys. */
async function signedTimeOf(res: Response): Promise<{ now: number; hubId: string; typ: unknown }> {
  const jws = res.headers.get(HUB_TIME_HEADER);
  expect(jws).toBeTruthy();
  const jwks = (await (await api(JWKS_PATH)).json()) as JSONWebKeySet;
  const { payload, protectedHeader } = await compactVerify(jws!, createLocalJWKSet(jwks));
  return { ...JSON.parse(new TextDecoder().decode(payload)), typ: protectedHeader.typ };
}

function tokenAt(hub: TestHub, nowMs: number): Promise<string> {
  return signHubToken(hub.privateJwk, { hubId: hub.hubId, siteId: hub.siteId }, nowMs);
}

describe("signed time for hubs", () => {
  it("signs the cloud's time for this hub onto a sync acknowledgement and the desired-state answers, 304 included", async () => {
    const { hub } = await siteWithHub();
    const before = Date.now();
    const ack = await postBatch(hub, [alarmRaised(hub, 1)]);
    expect(ack.status).toBe(200);
    const time = await signedTimeOf(ack);
    expect(time).toMatchObject({ hubId: hub.hubId, typ: HUB_TIME_TYP });
    expect(time.now).toBeGreaterThanOrEqual(before);
    expect(time.now).toBeLessThanOrEqual(Date.now());

    const headers = async () => ({ authorization: `Bearer ${await tokenAt(hub, Date.now())}` });
    const doc = await api(`/v1/hubs/${hub.hubId}/desired-state`, { headers: await headers() });
    expect(doc.status).toBe(200);
    expect((await signedTimeOf(doc)).hubId).toBe(hub.hubId);
    const unchanged = await api(`/v1/hubs/${hub.hubId}/desired-state`, {
      headers: { ...(await headers()), "if-none-match": doc.headers.get("etag")! },
    });
    expect(unchanged.status).toBe(304);
    expect((await signedTimeOf(unchanged)).hubId).toBe(hub.hubId);
  });

  it("answers a token dated 48 h in the past with 401 and its signed time; a token dated by that time is accepted", async () => {
    const { hub } = await siteWithHub();
    const refused = await postBatch(hub, [alarmRaised(hub, 1)], {
      token: await tokenAt(hub, Date.now() - 48 * HOUR),
    });
    expect(refused.status).toBe(401);
    const time = await signedTimeOf(refused);
    expect(time.hubId).toBe(hub.hubId);
    const cloudNow = peekHubTime(refused.headers.get(HUB_TIME_HEADER)!, hub.hubId);
    expect(cloudNow).toBe(time.now);
    const retried = await postBatch(hub, [alarmRaised(hub, 1)], { token: await tokenAt(hub, cloudNow!) });
    expect(retried.status).toBe(200);
  });

  it("signs no time for a caller that is not the hub: another key, no token, a user's token, a claim", async () => {
    const { owner, siteId, hub } = await siteWithHub();
    const stranger = await newHubKeys();
    // Dated in the past too: a stranger's token is refused for its signature before its time is looked at.
    const foreign = await signHubToken(stranger.privateJwk, hub, Date.now() - 48 * HOUR);
    const answers = [
      await postBatch(hub, [alarmRaised(hub, 1)], { token: foreign }),
      await api(`/v1/hubs/${hub.hubId}/desired-state`),
      await api(`/v1/hubs/${hub.hubId}/desired-state`, authed(owner.token)),
    ];
    for (const res of answers) {
      expect(res.status).toBe(401);
      expect(res.headers.get(HUB_TIME_HEADER)).toBeNull();
    }
    const keys = await newHubKeys();
    const claim = await api(
      "/v1/hubs/claim",
      jsonInit("POST", { code: await claimCode(owner, siteId), publicKey: keys.publicJwk }),
    );
    expect(claim.status).toBe(201);
    expect(claim.headers.get(HUB_TIME_HEADER)).toBeNull();
  });
});
