import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createEdgeApp } from "../../edge/app.ts";
import { buildDeps } from "../../edge/deps.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import { resendProvider } from "./mailer.ts";

const json = (body: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

function appIn(environment: "development" | "test" | "production") {
  // Modules decide what they mount from the configuration they are built with; production's secrets are not
  // needed to show that the page is absent there, so only the edge's view of the environment changes then.
  const deps = buildDeps({
    ...env,
    ENVIRONMENT: environment === "development" ? environment : env.ENVIRONMENT,
  });
  return createEdgeApp({ ...deps, config: { ...deps.config, environment } });
}

describe("the capture mailer (development)", () => {
  it("completes a password reset end to end through the captured mail", async () => {
    const app = appIn("development");
    const email = `reset-${uuidv7()}@example.test`;
    expect(
      (await app.request("/v1/accounts/sign-up", json({ email, password: "first password 1" }), env)).status,
    ).toBe(202);
    expect((await app.request("/v1/accounts/password-reset", json({ email }), env)).status).toBe(202);
    const captured = (await (
      await app.request(`/dev/mail.json?to=${encodeURIComponent(email)}`, {}, env)
    ).json()) as {
      mail: { template: string; body: string }[];
    };
    const reset = captured.mail.find((m) => m.template === "password-reset")!;
    const token = decodeURIComponent(/#token=(\S+)/.exec(reset.body)![1]!);
    const confirm = await app.request(
      "/v1/accounts/password-reset/confirm",
      json({ token, newPassword: "second password 2" }),
      env,
    );
    expect(confirm.status).toBe(204);
    const signIn = await app.request(
      "/v1/accounts/sign-in",
      json({ email, password: "second password 2" }),
      env,
    );
    expect(signIn.status).toBe(200);
    const page = await app.request("/dev/mail", {}, env);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain("Reset your Outpost password");
  });

  it("exists in development only", async () => {
    expect((await appIn("test").request("/dev/mail", {}, env)).status).toBe(404);
    expect((await appIn("production").request("/dev/mail.json", {}, env)).status).toBe(404);
  });
});

describe("the Resend provider", () => {
  it("posts the mail to the API with the key, and fails loudly when it is refused", async () => {
    const seen: Request[] = [];
    let status = 200;
    const provider = resendProvider({
      apiKey: "re_test_key",
      from: "Outpost <no-reply@outpost.example>",
      fetch: async (input, init) => {
        seen.push(new Request(input, init));
        return new Response("{}", { status });
      },
    });
    await provider.deliver({ to: "a@example.test", subject: "Hi", text: "Hello" });
    expect(seen[0]!.url).toBe("https://api.resend.com/emails");
    expect(seen[0]!.headers.get("authorization")).toBe("Bearer re_test_key");
    expect(await seen[0]!.json()).toEqual({
      from: "Outpost <no-reply@outpost.example>",
      to: ["a@example.test"],
      subject: "Hi",
      text: "Hello",
    });
    status = 422;
    await expect(provider.deliver({ to: "a@example.test", subject: "Hi", text: "Hello" })).rejects.toThrow(
      /422/,
    );
  });
});
