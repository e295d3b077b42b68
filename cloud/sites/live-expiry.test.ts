/** A live socket lives as long as its access token: closed with 4401 at expiry, and on sign-out or a new password. */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { LIVE_EXPIRES_HEADER, LIVE_SITE_HEADER, LIVE_USER_HEADER } from "../../edge/site-ledger/headers.ts";
import type { SiteLedger } from "../../edge/site-ledger/index.ts";
import {
  alarmRaised,
  api,
  jsonInit,
  postBatch,
  signUpUser,
  siteWithHub,
} from "../../edge/testing/fixtures.ts";
import { openLive } from "../../edge/testing/live-fixtures.ts";
import { ManualClock } from "../../shared/clock/index.ts";
import { LIVE_CLOSE_TOKEN_EXPIRED, type LiveMessage } from "../../shared/live/index.ts";

const ledgerOf = (siteId: string) => env.SITE_LEDGER.get(env.SITE_LEDGER.idFromName(siteId));
const protocols = (token: string) => ["outpost.live.v1", `bearer.${token}`];
const isType = (type: LiveMessage["type"]) => (m: LiveMessage) => m.type === type;

/** The token's `exp`, in ms. */
function expiryOf(token: string): number {
  const payload = token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/");
  return (JSON.parse(atob(payload)) as { exp: number }).exp * 1000;
}

/** Moves the site ledger's clock to `t`. */
const setLedgerTime = (siteId: string, t: number) =>
  runInDurableObject(ledgerOf(siteId), (ledger: SiteLedger) => {
    ledger.clock = new ManualClock(t);
  });

/** A socket straight to the ledger, as the Worker opens it, for a token expiring at `expiresAt`. */
async function ledgerSocket(siteId: string, userId: string, expiresAt: number) {
  const res = await ledgerOf(siteId).fetch("https://ledger/live", {
    headers: {
      upgrade: "websocket",
      [LIVE_USER_HEADER]: userId,
      [LIVE_SITE_HEADER]: siteId,
      [LIVE_EXPIRES_HEADER]: String(expiresAt),
    },
  });
  const ws = res.webSocket!;
  ws.accept();
  const received: LiveMessage[] = [];
  const arrived: ((m: LiveMessage) => void)[] = [];
  ws.addEventListener("message", (e) => {
    const m = JSON.parse(String(e.data)) as LiveMessage;
    received.push(m);
    for (const f of arrived) f(m);
  });
  const next = (type: LiveMessage["type"]) =>
    new Promise<LiveMessage>((resolve) => {
      const found = received.find((m) => m.type === type);
      if (found) return resolve(found);
      arrived.push((m) => m.type === type && resolve(m));
    });
  return { ws, next };
}

describe("live socket and its token", () => {
  it("arms the ledger's alarm for the token's expiry, and closes the socket (4401) when it fires", async () => {
    const { owner, siteId } = await siteWithHub();
    const expiresAt = expiryOf(owner.token);
    const { live } = await openLive(siteId, protocols(owner.token));
    await live!.next(isType("snapshot"));
    await runInDurableObject(ledgerOf(siteId), async (_o, state) => {
      expect(await state.storage.getAlarm()).toBeLessThanOrEqual(expiresAt);
    });

    await setLedgerTime(siteId, expiresAt);
    expect(await runDurableObjectAlarm(ledgerOf(siteId))).toBe(true);
    expect(await live!.closed).toBe(LIVE_CLOSE_TOKEN_EXPIRED);
    // A closed socket arms nothing more (the hub went silent long ago and the outbox is empty).
    await runInDurableObject(ledgerOf(siteId), async (_o, state) => {
      expect(await state.storage.getAlarm()).toBeNull();
    });
  });

  it("sends an expired socket nothing more, not even an alarm, while a socket with a valid token gets it", async () => {
    const { owner, siteId, hub } = await siteWithHub();
    const expiresAt = expiryOf(owner.token);
    const { live } = await openLive(siteId, protocols(owner.token));
    await live!.next(isType("snapshot"));
    const renewed = await ledgerSocket(siteId, owner.id, expiresAt + 15 * 60_000);
    await renewed.next("snapshot");

    // The alarm comes in after the first token expired but before the alarm fired.
    await setLedgerTime(siteId, expiresAt + 1);
    expect((await postBatch(hub, [alarmRaised(hub, 1, { alarmId: "late" })])).status).toBe(200);
    expect(await live!.closed).toBe(LIVE_CLOSE_TOKEN_EXPIRED);
    // Messages on one socket arrive before its close: none was sent.
    expect(live!.pending().filter((m) => m.type !== "snapshot")).toEqual([]);
    expect(await renewed.next("alarm")).toMatchObject({ data: { alarmId: "late" } });
    renewed.ws.close(1000, "done");
  });

  it("refuses an upgrade forwarded without the token's expiry", async () => {
    const { owner, siteId } = await siteWithHub();
    const res = await ledgerOf(siteId).fetch("https://ledger/live", {
      headers: { upgrade: "websocket", [LIVE_USER_HEADER]: owner.id },
    });
    expect(res.status).toBe(400);
  });

  it("closes the user's sockets at once when they sign out, and when they change their password", async () => {
    const { owner, siteId } = await siteWithHub();
    const { live } = await openLive(siteId, protocols(owner.token));
    await live!.next(isType("snapshot"));
    const out = await api("/v1/accounts/sign-out", jsonInit("POST", { refreshToken: owner.refreshToken }));
    expect(out.status).toBe(204);
    expect(await live!.closed).toBe(LIVE_CLOSE_TOKEN_EXPIRED);

    // Another sign-in of the same person, then a new password: every sign-in ends, its socket too.
    const again = await api(
      "/v1/accounts/sign-in",
      jsonInit("POST", { email: owner.email, password: owner.password }),
    );
    const { accessToken } = (await again.json()) as { accessToken: string };
    const second = await openLive(siteId, protocols(accessToken));
    await second.live!.next(isType("snapshot"));
    const changed = await api(
      "/v1/accounts/password",
      jsonInit(
        "POST",
        { currentPassword: owner.password, newPassword: "another horse battery" },
        accessToken,
      ),
    );
    expect(changed.status).toBe(204);
    expect(await second.live!.closed).toBe(LIVE_CLOSE_TOKEN_EXPIRED);
  });

  it("leaves other people's sockets open when someone signs out", async () => {
    const { owner, siteId, hub } = await siteWithHub();
    const other = await signUpUser();
    await env.SITES_DB.prepare(
      "INSERT INTO site_members (site_id, user_id, role, created_at) VALUES (?, ?, 'GUEST', ?)",
    )
      .bind(siteId, other.id, Date.now())
      .run();
    const mine = await openLive(siteId, protocols(owner.token));
    const theirs = await openLive(siteId, protocols(other.token));
    await Promise.all([mine.live!.next(isType("snapshot")), theirs.live!.next(isType("snapshot"))]);
    await api("/v1/accounts/sign-out", jsonInit("POST", { refreshToken: other.refreshToken }));
    expect(await theirs.live!.closed).toBe(LIVE_CLOSE_TOKEN_EXPIRED);
    await postBatch(hub, [alarmRaised(hub, 1, { alarmId: "still-here" })]);
    expect(await mine.live!.next(isType("alarm"))).toMatchObject({ data: { alarmId: "still-here" } });
    mine.live!.close();
  });
});
