import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyAuthSections } from "../hub/auth/testing.ts";
import { getJson, sendJson, startTestHub, type TestHub } from "../hub/testing.ts";
import { CloudClient } from "../scripts/cloud-client.ts";
import type { TrustedKeysSection } from "../shared/desired-state/index.ts";
import { type CloudFixture, startCloudFixture } from "./stack.ts";

let cloud: CloudFixture;
let hub: TestHub;

beforeAll(async () => {
  cloud = await startCloudFixture();
  hub = await startTestHub({ sync: { idleMs: 60_000 } });
}, 120_000);

afterAll(async () => {
  await hub?.destroy();
  await cloud?.destroy();
});

describe("a technician carries a cloud hub token to a site with no internet", () => {
  it("signs in at the hub with the token after the Worker has stopped", async () => {
    const owner = new CloudClient(cloud.url);
    const session = await owner.signUp(`owner-${crypto.randomUUID()}@example.test`, "correct horse battery");
    const site = await owner.ensureSite("Offline Shop");
    const claimed = await sendJson<{ hubId: string }>(
      "POST",
      `${hub.httpUrl}/api/cloud/claim`,
      { cloudUrl: cloud.url, code: await owner.claimCode(site.id), name: "Back room" },
      hub,
    );
    expect(claimed.status).toBe(201);

    const issued = await owner.hubToken(site.id);
    expect(issued).toMatchObject({ hubId: claimed.body.hubId, expiresIn: 12 * 3600 });
    // What desired state brings down: the accounts JWKS and the site's members.
    const jwks = (await (await fetch(`${cloud.url}/.well-known/jwks.json`)).json()) as TrustedKeysSection;
    await applyAuthSections(hub.storage.db, {
      trustedKeys: jwks,
      members: {
        members: [
          { userId: session.user.id, email: session.user.email, displayName: "Olga Owner", role: "OWNER" },
        ],
        removed: [],
      },
    });

    await cloud.stop();
    expect(
      await fetch(`${cloud.url}/healthz`).then(
        () => "up",
        () => "down",
      ),
    ).toBe("down");

    const res = await fetch(`${hub.httpUrl}/api/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: issued.token }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ subject: session.user.id, name: "Olga Owner", role: "admin" });
    const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
    const me = await fetch(`${hub.httpUrl}/api/auth/me`, { headers: { cookie } });
    expect(await me.json()).toMatchObject({ subject: session.user.id, role: "admin" });
    // The bearer form works too, for API clients.
    expect((await getJson(`${hub.httpUrl}/api/devices`, issued.token)).status).toBe(200);
  });
});
