import { Secret } from "otpauth";
import { describe, expect, it } from "vitest";
import { api, authed, jsonInit, signUpUser, type TestUser } from "../../../edge/testing/fixtures.ts";
import { totp } from "./totp.ts";

interface Setup {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

const codeAt = (secret: string, stepOffset = 0) =>
  totp(new Uint8Array(Secret.fromBase32(secret).buffer), Date.now() + stepOffset * 30_000);

const post = (path: string, body: unknown, token?: string) => api(path, jsonInit("POST", body, token));
const signIn = (user: TestUser) =>
  post("/v1/accounts/sign-in", { email: user.email, password: user.password });

/** A user with 2FA on; the enabling code was the current step's, so sign-ins use the next step's. */
async function userWith2fa(): Promise<{ user: TestUser; secret: string; recoveryCodes: string[] }> {
  const user = await signUpUser();
  const setup = (await (await post("/v1/accounts/two-factor/setup", {}, user.token)).json()) as Setup;
  const res = await post("/v1/accounts/two-factor/enable", { code: codeAt(setup.secret) }, user.token);
  expect(res.status).toBe(200);
  const { recoveryCodes } = (await res.json()) as { recoveryCodes: string[] };
  return { user, secret: setup.secret, recoveryCodes };
}

async function challengeFor(user: TestUser): Promise<string> {
  const body = (await (await signIn(user)).json()) as { twoFactorRequired: boolean; challengeToken: string };
  expect(body.twoFactorRequired).toBe(true);
  return body.challengeToken;
}

describe("TOTP setup", () => {
  it("answers an otpauth URI and an SVG QR code, and is not active until a code confirms it", async () => {
    const user = await signUpUser();
    const res = await post("/v1/accounts/two-factor/setup", {}, user.token);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const setup = (await res.json()) as Setup;
    expect(setup.otpauthUri).toMatch(/^otpauth:\/\/totp\/Outpost:.+\?issuer=Outpost&secret=[A-Z2-7]+/);
    expect(setup.qrSvg).toMatch(/^<svg[^>]*viewBox/);
    expect(((await (await signIn(user)).json()) as { accessToken?: string }).accessToken).toBeDefined();

    const wrong = await post("/v1/accounts/two-factor/enable", { code: "000000" }, user.token);
    expect(wrong.status).toBe(401);
    const status = await (await api("/v1/accounts/two-factor", authed(user.token))).json();
    expect(status).toEqual({ enabled: false, recoveryCodesLeft: 0 });
  });

  it("enables with a right code and hands out ten recovery codes once", async () => {
    const { user, recoveryCodes } = await userWith2fa();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const status = await (await api("/v1/accounts/two-factor", authed(user.token))).json();
    expect(status).toEqual({ enabled: true, recoveryCodesLeft: 10 });
    expect((await post("/v1/accounts/two-factor/setup", {}, user.token)).status).toBe(409);
  });
});

describe("2FA at sign-in cannot be skipped", () => {
  it("answers a right password with a challenge and no tokens", async () => {
    const { user } = await userWith2fa();
    const body = (await (await signIn(user)).json()) as Record<string, unknown>;
    expect(body).toEqual({
      twoFactorRequired: true,
      challengeToken: expect.any(String),
      challengeExpiresIn: 300,
    });
    expect(body).not.toHaveProperty("accessToken");
    expect(body).not.toHaveProperty("refreshToken");
  });

  it("does not accept the challenge token as an access or refresh token", async () => {
    const { user } = await userWith2fa();
    const challenge = await challengeFor(user);
    expect((await api("/v1/sites", authed(challenge))).status).toBe(401);
    expect((await post("/v1/accounts/refresh", { refreshToken: challenge })).status).toBe(401);
  });

  it("refuses a wrong code, then signs in with a right one, once", async () => {
    const { user, secret } = await userWith2fa();
    const challengeToken = await challengeFor(user);
    const wrong = await post("/v1/accounts/sign-in/two-factor", { challengeToken, code: "123456" });
    expect(wrong.status).toBe(401);
    const ok = await post("/v1/accounts/sign-in/two-factor", { challengeToken, code: codeAt(secret, 1) });
    expect(ok.status).toBe(200);
    const session = (await ok.json()) as { accessToken: string; refreshToken: string };
    expect((await api("/v1/sites", authed(session.accessToken))).status).toBe(200);
    const reused = await post("/v1/accounts/sign-in/two-factor", { challengeToken, code: codeAt(secret, 1) });
    expect(reused.status).toBe(401);
  });

  it("never accepts the same TOTP code twice (RFC 6238 §5.2), even on a new challenge", async () => {
    const { user, secret } = await userWith2fa();
    const first = await post("/v1/accounts/sign-in/two-factor", {
      challengeToken: await challengeFor(user),
      code: codeAt(secret, 1),
    });
    expect(first.status).toBe(200);
    const replay = await post("/v1/accounts/sign-in/two-factor", {
      challengeToken: await challengeFor(user),
      code: codeAt(secret, 1),
    });
    expect(replay.status).toBe(401);
  });

  it("locks a challenge after five wrong codes, even against the right one", async () => {
    const { user, secret } = await userWith2fa();
    const challengeToken = await challengeFor(user);
    for (let i = 0; i < 5; i++) {
      expect((await post("/v1/accounts/sign-in/two-factor", { challengeToken, code: "000000" })).status).toBe(
        401,
      );
    }
    const right = await post("/v1/accounts/sign-in/two-factor", { challengeToken, code: codeAt(secret, 1) });
    expect(right.status).toBe(401);
  });

  it("accepts each recovery code once, in any case and dash style", async () => {
    const { user, recoveryCodes } = await userWith2fa();
    const code = recoveryCodes[0]!;
    const typed = code.toLowerCase().replace("-", " ");
    const ok = await post("/v1/accounts/sign-in/two-factor", {
      challengeToken: await challengeFor(user),
      recoveryCode: typed,
    });
    expect(ok.status).toBe(200);
    const again = await post("/v1/accounts/sign-in/two-factor", {
      challengeToken: await challengeFor(user),
      recoveryCode: code,
    });
    expect(again.status).toBe(401);
    const status = await (await api("/v1/accounts/two-factor", authed(user.token))).json();
    expect(status).toEqual({ enabled: true, recoveryCodesLeft: 9 });
  });

  it("turns off only with the password and a second factor", async () => {
    const { user, recoveryCodes } = await userWith2fa();
    const noPassword = await post(
      "/v1/accounts/two-factor/disable",
      { password: "wrong password", recoveryCode: recoveryCodes[1] },
      user.token,
    );
    expect(noPassword.status).toBe(401);
    const off = await post(
      "/v1/accounts/two-factor/disable",
      { password: user.password, recoveryCode: recoveryCodes[2] },
      user.token,
    );
    expect(off.status).toBe(204);
    expect(((await (await signIn(user)).json()) as { accessToken?: string }).accessToken).toBeDefined();
  });
});
