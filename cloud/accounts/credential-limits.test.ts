import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { Secret } from "otpauth";
import { describe, expect, it } from "vitest";
import { api, jsonInit, signUpUser, type TestUser } from "../../edge/testing/fixtures.ts";
import { outboxFor } from "../notifications/index.ts";
import * as notificationsSchema from "../notifications/schema.ts";
import { totp } from "./two-factor/totp.ts";

const from = (n: number) => `198.51.100.${n}`;
const post = (path: string, body: unknown, options: { token?: string; ip?: string } = {}) => {
  const init = jsonInit("POST", body, options.token);
  if (options.ip) (init.headers as Record<string, string>)["cf-connecting-ip"] = options.ip;
  return api(path, init);
};
const codeAt = (secret: string, stepOffset = 0) =>
  totp(new Uint8Array(Secret.fromBase32(secret).buffer), Date.now() + stepOffset * 30_000);

async function userWith2fa(): Promise<{ user: TestUser; secret: string }> {
  const user = await signUpUser();
  const setup = (await (await post("/v1/accounts/two-factor/setup", {}, { token: user.token })).json()) as {
    secret: string;
  };
  const res = await post(
    "/v1/accounts/two-factor/enable",
    { code: codeAt(setup.secret) },
    { token: user.token },
  );
  expect(res.status).toBe(200);
  return { user, secret: setup.secret };
}

/** A wrong code that is surely not the current one. */
const wrongCode = (secret: string) => String((Number(codeAt(secret)) + 1) % 1_000_000).padStart(6, "0");

describe("one credential budget per account", () => {
  it("20 wrong 2FA codes on one account from 20 addresses end in 429 with Retry-After, right code or not", async () => {
    const { user, secret } = await userWith2fa();
    const statuses: number[] = [];
    let challenge: string | undefined;
    let left = 0;
    for (let i = 0; i < 20; i++) {
      if (left === 0) {
        const res = await post(
          "/v1/accounts/sign-in",
          { email: user.email, password: user.password },
          { ip: from(i) },
        );
        statuses.push(res.status);
        if (res.status !== 200) continue;
        challenge = ((await res.json()) as { challengeToken: string }).challengeToken;
        left = 5; // attempts a challenge allows
      }
      const res = await post(
        "/v1/accounts/sign-in/two-factor",
        { challengeToken: challenge, code: wrongCode(secret) },
        {
          ip: from(100 + i),
        },
      );
      statuses.push(res.status);
      left--;
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
    // Locked: even the password step with the right password is refused, from a fresh address.
    const locked = await post(
      "/v1/accounts/sign-in",
      { email: user.email, password: user.password },
      { ip: from(250) },
    );
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("20 wrong current passwords (password change) end in 429; 2FA disable shares the same budget", async () => {
    const { user, secret } = await userWith2fa();
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await post(
        "/v1/accounts/password",
        { currentPassword: `wrong password ${i}`, newPassword: "brand new secret" },
        { token: user.token, ip: from(i) },
      );
      statuses.push(res.status);
    }
    // Ten attempts per account per 15 minutes, the fixture's own sign-in among them.
    const firstRefusal = statuses.indexOf(429);
    expect(firstRefusal).toBe(9);
    expect(statuses.slice(0, firstRefusal).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(firstRefusal).every((s) => s === 429)).toBe(true);
    const disable = await post(
      "/v1/accounts/two-factor/disable",
      { password: user.password, code: codeAt(secret, 1) },
      { token: user.token, ip: from(99) },
    );
    expect(disable.status).toBe(429);
    expect(disable.headers.get("retry-after")).not.toBeNull();
  });

  it("a stranger's lockout does not lock the owner out: earlier sign-ins refresh, and the emailed reset opens a fresh budget", async () => {
    const user = await signUpUser();
    for (let i = 0; i < 12; i++)
      await post(
        "/v1/accounts/sign-in",
        { email: user.email, password: `wrong guess ${i}` },
        { ip: from(i) },
      );
    expect((await post("/v1/accounts/sign-in", { email: user.email, password: user.password })).status).toBe(
      429,
    );
    // The owner's device that signed in before keeps its session.
    expect((await post("/v1/accounts/refresh", { refreshToken: user.refreshToken })).status).toBe(200);
    // And the emailed reset works, after which the new password signs in.
    expect((await post("/v1/accounts/password-reset", { email: user.email })).status).toBe(202);
    const [mail] = await outboxFor(
      { db: drizzle(env.NOTIFICATIONS_DB, { schema: notificationsSchema }) },
      user.email,
    );
    const token = decodeURIComponent(/#token=([^\s]+)/.exec(mail!.body)![1]!);
    expect(
      (await post("/v1/accounts/password-reset/confirm", { token, newPassword: "owner is back 1" })).status,
    ).toBe(204);
    expect(
      (await post("/v1/accounts/sign-in", { email: user.email, password: "owner is back 1" })).status,
    ).toBe(200);
  });

  it("answers every 401 with UNAUTHORIZED and one generic message", async () => {
    const user = await signUpUser();
    const bodies = await Promise.all([
      post("/v1/accounts/sign-in", { email: user.email, password: "wrong password" }),
      post("/v1/accounts/sign-in", {
        email: `nobody-${crypto.randomUUID()}@example.test`,
        password: "wrong password",
      }),
      api("/v1/accounts/me", { headers: { authorization: "Bearer not.a.jwt" } }),
      api("/v1/accounts/me", { headers: { authorization: `Bearer ${user.token.slice(0, -4)}AAAA` } }),
    ]).then((all) =>
      Promise.all(
        all.map(async (r) => ({
          status: r.status,
          body: (await r.json()) as { error: { code: string; message: string; details?: unknown } },
        })),
      ),
    );
    for (const { status, body } of bodies) {
      expect(status).toBe(401);
      expect(body.error.code).toBe("UNAUTHORIZED");
      expect(body.error.message).toBe("authentication failed");
      expect(body.error.details).toBeUndefined();
    }
  });
});
