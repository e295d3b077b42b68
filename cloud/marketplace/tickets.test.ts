/** Support tickets under workerd: the opener and staff only, forward-only statuses, comments with names. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, jsonInit, signUpUser, type TestUser } from "../../edge/testing/fixtures.ts";
import { call } from "./testing.ts";

/** A staff member: the platform's `admin` role, granted in the accounts database, then a fresh sign-in. */
async function staff(): Promise<TestUser> {
  const user = await signUpUser();
  await env.ACCOUNTS_DB.prepare("INSERT INTO user_roles (user_id, role, granted_at) VALUES (?, 'admin', ?)")
    .bind(user.id, Date.now())
    .run();
  const res = await api(
    "/v1/accounts/sign-in",
    jsonInit("POST", { email: user.email, password: user.password }),
  );
  return { ...user, token: ((await res.json()) as { accessToken: string }).accessToken };
}

describe("support tickets", () => {
  it("goes OPEN → IN_PROGRESS → RESOLVED → CLOSED with comments; others cannot read it", async () => {
    const owner = await signUpUser();
    const agent = await staff();
    const opened = await call<{ id: string; number: string; status: string }>(
      owner,
      "POST",
      "/v1/marketplace/tickets",
      {
        subject: "Cannot pay a work order",
        description: "The pay button does nothing",
      },
    );
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ status: "OPEN", number: expect.stringMatching(/^T-\d{6}$/) });
    const id = opened.body.id;
    expect((await call(await signUpUser(), "GET", `/v1/marketplace/tickets/${id}`)).status).toBe(404);
    expect(
      (await call(owner, "POST", `/v1/marketplace/tickets/${id}/status`, { status: "IN_PROGRESS" })).status,
    ).toBe(403);
    expect(
      (await call(agent, "POST", `/v1/marketplace/tickets/${id}/status`, { status: "IN_PROGRESS" })).status,
    ).toBe(200);
    expect(
      (await call(agent, "POST", `/v1/marketplace/tickets/${id}/comments`, { message: "Looking into it" }))
        .status,
    ).toBe(201);
    const back = await call<{ error: { code: string; message: string } }>(
      agent,
      "POST",
      `/v1/marketplace/tickets/${id}/status`,
      { status: "OPEN" },
    );
    expect(back.status).toBe(409);
    // Refused in words, not enum names.
    expect(back.body.error.message).toBe("a ticket that is in progress cannot go back to open");
    expect(
      (await call(agent, "POST", `/v1/marketplace/tickets/${id}/status`, { status: "RESOLVED" })).status,
    ).toBe(200);
    const closed = await call<{ status: string; comments: { message: string; authorName: string }[] }>(
      owner,
      "POST",
      `/v1/marketplace/tickets/${id}/status`,
      { status: "CLOSED" },
    );
    expect(closed.body).toMatchObject({
      status: "CLOSED",
      comments: [{ message: "Looking into it", authorName: agent.email }],
    });
    expect(
      (await call(owner, "POST", `/v1/marketplace/tickets/${id}/comments`, { message: "late" })).status,
    ).toBe(409);
  });
});
