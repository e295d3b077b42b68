import { describe, expect, it } from "vitest";
import { uuidv7 } from "../../../shared/ids/index.ts";
import { api, jsonInit, latestMail } from "../../testing/fixtures.ts";

const signUp = (body: BodyInit, headers: Record<string, string> = { "content-type": "application/json" }) =>
  api("/v1/accounts/sign-up", { method: "POST", headers, body });

async function errorCode(res: Response): Promise<string> {
  return ((await res.json()) as { error: { code: string } }).error.code;
}

describe("JSON bodies", () => {
  it("refuses a body over 64 KiB with 413 and creates nothing (a padded sign-up)", async () => {
    const email = `padded-${uuidv7()}@example.test`;
    const res = await signUp(
      JSON.stringify({ email, password: "long enough pw", padding: "x".repeat(70_000) }),
    );
    expect(res.status).toBe(413);
    expect(await errorCode(res)).toBe("PAYLOAD_TOO_LARGE");
    await expect(latestMail(email)).rejects.toThrow(/no mail/);
  });

  it("refuses a chunked body over the cap too (no Content-Length to trust)", async () => {
    const chunk = new TextEncoder().encode(" ".repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await signUp(stream);
    expect(res.status).toBe(413);
  });

  it("refuses anything but application/json with 415", async () => {
    const body = JSON.stringify({ email: `t-${uuidv7()}@example.test`, password: "long enough pw" });
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "application/jsonx"]) {
      const res = await signUp(body, { "content-type": type });
      expect(res.status).toBe(415);
      expect(await errorCode(res)).toBe("UNSUPPORTED_MEDIA_TYPE");
    }
    expect((await signUp(body, { "content-type": "application/json; charset=utf-8" })).status).toBe(202);
  });

  it("answers deep nesting with 400, and ignores unknown fields (zod objects drop them)", async () => {
    const deep = `${"[".repeat(30_000)}${"]".repeat(30_000)}`;
    const res = await signUp(`{"email":"deep@example.test","password":"long enough pw","x":${deep}}`);
    expect([400, 202]).toContain(res.status);
    const email = `extra-${uuidv7()}@example.test`;
    const extra = await api(
      "/v1/accounts/sign-up",
      jsonInit("POST", { email, password: "long enough pw", role: "owner", isAdmin: true, roles: ["admin"] }),
    );
    expect(extra.status).toBe(202);
  });
});
