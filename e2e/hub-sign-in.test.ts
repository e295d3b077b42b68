import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJson, sendJson, startTestHub, type TestHub } from "../hub/testing.ts";
import { CloudClient } from "../scripts/cloud-client.ts";
import { type CloudFixture, startCloudFixture } from "./stack.ts";

let cloud: CloudFixture;
let hub: TestHub;

beforeAll(async () => {
  cloud = await startCloudFixture();
  // Rounds are run by the test (syncOnce), so each step's desired-state version is known.
  hub = await startTestHub({ sync: { idleMs: 600_000 } });
}, 120_000);

afterAll(async () => {
  await hub?.destroy();
  await cloud?.destroy();
});

const PASSWORD = "correct horse battery";

async function desiredStateVersion(): Promise<number | null> {
  const status = await getJson<{ desiredState: { version: number | null } }>(`${hub.httpUrl}/api/cloud`, hub);
  return status.body.desiredState.version;
}

function signInWithToken(token: string): Promise<Response> {
  return fetch(`${hub.httpUrl}/api/auth/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token }),
  });
}

describe("site members at the hub, through desired state, with and without the cloud", () => {
  it("lets a technician in with a cloud token while the Worker is stopped, and refuses them once removed", async () => {
    const owner = new CloudClient(cloud.url);
    await owner.signUp(`owner-${crypto.randomUUID()}@example.test`, PASSWORD);
    const site = await owner.ensureSite("Offline Shop");
    const claimed = await sendJson<{ hubId: string }>(
      "POST",
      `${hub.httpUrl}/api/cloud/claim`,
      { cloudUrl: cloud.url, code: await owner.claimCode(site.id), name: "Back room" },
      hub,
    );
    expect(claimed.status).toBe(201);

    // A technician joins the site as MAINTAINER (an invitation needs a verified address).
    const techEmail = `tech-${crypto.randomUUID()}@example.test`;
    const tech = new CloudClient(cloud.url);
    await tech.signUp(techEmail, PASSWORD);
    const techSession = await tech.verifyEmail(techEmail, PASSWORD);
    await tech.acceptInvite(await owner.invite(site.id, techEmail, "MAINTAINER"));

    // One sync round brings the trusted keys and the members down in one desired-state version.
    await hub.sync.syncOnce();
    const withTech = await desiredStateVersion();
    expect(withTech).toBeGreaterThan(0);

    const issued = await tech.hubToken(site.id);
    expect(issued).toMatchObject({ hubId: claimed.body.hubId, expiresIn: 12 * 3600 });

    await cloud.stop();
    expect(
      await fetch(`${cloud.url}/healthz`).then(
        () => "up",
        () => "down",
      ),
    ).toBe("down");

    const signedIn = await signInWithToken(issued.token);
    expect(signedIn.status).toBe(200);
    expect(await signedIn.json()).toMatchObject({ subject: techSession.user.id, role: "operate" });
    const cookie = (signedIn.headers.get("set-cookie") ?? "").split(";")[0]!;
    expect((await fetch(`${hub.httpUrl}/api/auth/me`, { headers: { cookie } })).status).toBe(200);
    // The bearer form works too, for API clients; MAINTAINER operates but does not administer.
    expect((await getJson(`${hub.httpUrl}/api/devices`, issued.token)).status).toBe(200);
    const pair = await sendJson(
      "POST",
      `${hub.httpUrl}/api/devices`,
      { kind: "FRIDGE", name: "X" },
      issued.token,
    );
    expect(pair.status).toBe(403);

    // Back online, the owner removes the technician: the next version refuses the same token and session.
    await cloud.start();
    await owner.removeMember(site.id, techSession.user.id);
    await hub.sync.syncOnce();
    expect(await desiredStateVersion()).toBeGreaterThan(withTech!);

    expect((await signInWithToken(issued.token)).status).toBe(401);
    expect((await fetch(`${hub.httpUrl}/api/auth/me`, { headers: { cookie } })).status).toBe(401);
    expect((await getJson(`${hub.httpUrl}/api/devices`, issued.token)).status).toBe(401);
  });
});
