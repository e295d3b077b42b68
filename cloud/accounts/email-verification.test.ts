import { describe, expect, it } from "vitest";
import {
  api,
  authed,
  createSite,
  jsonInit,
  latestMail,
  linkToken,
  signUpUser,
} from "../../edge/testing/fixtures.ts";
import { uuidv7 } from "../../shared/ids/index.ts";

const post = (path: string, body: unknown, token?: string) => api(path, jsonInit("POST", body, token));

describe("email verification", () => {
  it("mails a single-use link at sign-up; verified accounts say so in their token", async () => {
    const email = `verify-${uuidv7()}@example.test`;
    expect((await post("/v1/accounts/sign-up", { email, password: "long enough pw" })).status).toBe(202);
    const mail = await latestMail(email);
    expect(mail.template).toBe("email-verification");
    expect(mail.body).toContain("http://localhost:8787/verify-email#token=");
    const token = linkToken(mail.body);
    expect((await post("/v1/accounts/verify-email", { token })).status).toBe(204);
    expect((await post("/v1/accounts/verify-email", { token })).status).toBe(403);
    const session = (await (
      await post("/v1/accounts/sign-in", { email, password: "long enough pw" })
    ).json()) as {
      accessToken: string;
    };
    const me = (await (await api("/v1/accounts/me", authed(session.accessToken))).json()) as {
      user: { emailVerified: boolean };
    };
    expect(me.user.emailVerified).toBe(true);
  });

  it("mails the owner of an existing address a note instead, with no link that changes anything", async () => {
    const user = await signUpUser();
    expect(
      (await post("/v1/accounts/sign-up", { email: user.email, password: "another password" })).status,
    ).toBe(202);
    const mail = await latestMail(user.email);
    expect(mail.template).toBe("sign-up-existing");
    expect(mail.body).not.toContain("#token=");
  });

  it("lets an unverified account sign in and own sites, but not join one by invitation until verified", async () => {
    const owner = await signUpUser();
    const siteId = await createSite(owner);
    const guest = await signUpUser("owner", { verified: false });
    expect(await createSite(guest, "Own shop")).toBeTruthy();
    const invite = await post(
      `/v1/sites/${siteId}/invites`,
      { email: guest.email, role: "GUEST" },
      owner.token,
    );
    const { token } = (await invite.json()) as { token: string };
    const refused = await post("/v1/invites/accept", { token }, guest.token);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/verify/);

    // Verified (and signed in again for a token that says so), the same invitation still works.
    const signUpMail = await latestMailOfTemplate(guest.email, "email-verification");
    expect((await post("/v1/accounts/verify-email", { token: linkToken(signUpMail) })).status).toBe(204);
    const again = (await (
      await post("/v1/accounts/sign-in", { email: guest.email, password: guest.password })
    ).json()) as {
      accessToken: string;
    };
    expect((await post("/v1/invites/accept", { token }, again.accessToken)).status).toBe(200);
  });
});

async function latestMailOfTemplate(email: string, template: string): Promise<string> {
  const { env } = await import("cloudflare:workers");
  const row = await env.NOTIFICATIONS_DB.prepare(
    "SELECT body FROM email_outbox WHERE recipient = ? AND template = ? ORDER BY created_at DESC LIMIT 1",
  )
    .bind(email, template)
    .first<{ body: string }>();
  return row!.body;
}
