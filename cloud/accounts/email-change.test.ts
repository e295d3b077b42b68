import { describe, expect, it } from "vitest";
import { api, authed, jsonInit, latestMail, linkToken, signUpUser } from "../../edge/testing/fixtures.ts";
import { uuidv7 } from "../../shared/ids/index.ts";

const post = (path: string, body: unknown, token?: string) => api(path, jsonInit("POST", body, token));
const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

describe("changing the account's email", () => {
  it("mails a link to the new address; following it moves the account there, signed in by the new address", async () => {
    const user = await signUpUser();
    const next = `moved-${uuidv7()}@example.test`;
    expect(
      (await post("/v1/accounts/email", { email: next, password: user.password }, user.token)).status,
    ).toBe(202);
    // Until the link is followed the account keeps its address.
    const before = (await (await api("/v1/accounts/me", authed(user.token))).json()) as {
      user: { email: string };
    };
    expect(before.user.email).toBe(user.email);
    const mail = await latestMail(next);
    expect(mail.body).toContain("/verify-email#token=");
    expect((await post("/v1/accounts/verify-email", { token: linkToken(mail.body) })).status).toBe(204);
    expect((await post("/v1/accounts/sign-in", { email: user.email, password: user.password })).status).toBe(
      401,
    );
    const signIn = await post("/v1/accounts/sign-in", { email: next.toUpperCase(), password: user.password });
    expect(signIn.status).toBe(200);
    expect(((await signIn.json()) as { user: { email: string } }).user.email).toBe(next);
  });

  it("refuses a wrong password, the same address and another account's address, changing nothing", async () => {
    const user = await signUpUser();
    const other = await signUpUser();
    const wrong = await post(
      "/v1/accounts/email",
      { email: `x-${uuidv7()}@example.test`, password: "not it at all" },
      user.token,
    );
    expect(wrong.status).toBe(401);
    const same = await post("/v1/accounts/email", { email: user.email, password: user.password }, user.token);
    expect(same.status).toBe(400);
    expect(await errorCode(same)).toBe("VALIDATION_ERROR");
    const taken = await post(
      "/v1/accounts/email",
      { email: other.email, password: user.password },
      user.token,
    );
    expect(taken.status).toBe(409);
    expect(await errorCode(taken)).toBe("CONFLICT");
    const bad = await post(
      "/v1/accounts/email",
      { email: "not an address", password: user.password },
      user.token,
    );
    expect(bad.status).toBe(400);
    expect((await post("/v1/accounts/email", { email: "a@b.test", password: "x" })).status).toBe(401);
    expect((await post("/v1/accounts/sign-in", { email: user.email, password: user.password })).status).toBe(
      200,
    );
  });
});
