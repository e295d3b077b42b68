import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import { api, jsonInit, signUpUser } from "../../edge/testing/fixtures.ts";
import { outboxFor } from "../notifications/index.ts";
import * as notificationsSchema from "../notifications/schema.ts";

const outbox = (email: string) =>
  outboxFor({ db: drizzle(env.NOTIFICATIONS_DB, { schema: notificationsSchema }) }, email);
const post = (path: string, body: unknown, token?: string) => api(path, jsonInit("POST", body, token));
const signIn = (email: string, password: string) => post("/v1/accounts/sign-in", { email, password });

describe("password change", () => {
  it("needs the current password, then ends every sign-in", async () => {
    const user = await signUpUser();
    expect(
      (
        await post(
          "/v1/accounts/password",
          { currentPassword: "not the password", newPassword: "brand new secret" },
          user.token,
        )
      ).status,
    ).toBe(401);
    const ok = await post(
      "/v1/accounts/password",
      { currentPassword: user.password, newPassword: "brand new secret" },
      user.token,
    );
    expect(ok.status).toBe(204);
    expect((await post("/v1/accounts/refresh", { refreshToken: user.refreshToken })).status).toBe(401);
    expect((await signIn(user.email, user.password)).status).toBe(401);
    expect((await signIn(user.email, "brand new secret")).status).toBe(200);
  });
});

describe("password reset through the notifications outbox", () => {
  it("emails a single-use link that sets a new password and ends every sign-in", async () => {
    const user = await signUpUser();
    expect((await post("/v1/accounts/password-reset", { email: user.email })).status).toBe(202);
    const [mail] = await outbox(user.email);
    expect(mail).toMatchObject({ template: "password-reset", subject: "Reset your Outpost password" });
    const token = decodeURIComponent(/#token=([^\s]+)/.exec(mail!.body)![1]!);
    expect(mail!.body).toContain("http://localhost:8787/reset-password#token=");

    expect(
      (await post("/v1/accounts/password-reset/confirm", { token, newPassword: "fresh password 1" })).status,
    ).toBe(204);
    expect(
      (await post("/v1/accounts/password-reset/confirm", { token, newPassword: "fresh password 2" })).status,
    ).toBe(403);
    expect((await post("/v1/accounts/refresh", { refreshToken: user.refreshToken })).status).toBe(401);
    expect((await signIn(user.email, "fresh password 1")).status).toBe(200);
  });

  it("answers an unknown email the same way and sends nothing", async () => {
    const email = `nobody-${crypto.randomUUID()}@example.test`;
    expect((await post("/v1/accounts/password-reset", { email })).status).toBe(202);
    expect(await outbox(email)).toEqual([]);
  });

  it("refuses a forged token", async () => {
    const res = await post("/v1/accounts/password-reset/confirm", {
      token: "x".repeat(43),
      newPassword: "whatever 123",
    });
    expect(res.status).toBe(403);
  });
});
