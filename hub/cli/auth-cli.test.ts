import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { getJson, sendJson, startTestHub, type TestHub, tempDir } from "../testing.ts";
import { runAuthCli } from "./auth-cli.ts";

let hub: TestHub | undefined;
afterEach(async () => {
  await hub?.destroy();
  hub = undefined;
});

async function cli(argv: string[]) {
  let out = "";
  let err = "";
  const code = await runAuthCli(argv, { env: {}, out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out: out.trim(), err };
}

describe("npm run -s hub -- admin token | setup-code | metrics-token", () => {
  it("prints an admin token from the data folder that the running hub accepts as admin", async () => {
    const dataDir = tempDir();
    hub = await startTestHub({ dataDir });
    const { code, out } = await cli(["admin", "token", "--data-dir", dataDir]);
    expect(code).toBe(0);
    expect((await getJson(`${hub.httpUrl}/api/auth/me`, out)).body).toMatchObject({ role: "admin" });
    const paired = await sendJson(
      "POST",
      `${hub.httpUrl}/api/devices`,
      { kind: "FRIDGE", name: "Shell fridge" },
      out,
    );
    expect(paired.status).toBe(201);
    // Another data folder's token is worth nothing here.
    const otherDir = tempDir();
    const other = await cli(["admin", "token", "--data-dir", otherDir]);
    rmSync(otherDir, { recursive: true, force: true });
    expect((await getJson(`${hub.httpUrl}/api/auth/me`, other.out)).status).toBe(401);
  });

  it("prints a new setup code while the hub has no owner, and the previous code stops working", async () => {
    const dataDir = tempDir();
    hub = await startTestHub({ dataDir });
    const first = await cli(["setup-code", "--data-dir", dataDir]);
    const second = await cli(["setup-code", "--data-dir", dataDir]);
    expect(second.out).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    const body = { username: "owner", password: "correct horse battery" };
    expect(
      (await sendJson("POST", `${hub.httpUrl}/api/auth/setup`, { ...body, code: first.out })).status,
    ).toBe(401);
    expect(
      (await sendJson("POST", `${hub.httpUrl}/api/auth/setup`, { ...body, code: second.out })).status,
    ).toBe(201);
    const after = await cli(["setup-code", "--data-dir", dataDir]);
    expect(after.code).toBe(1);
    expect(after.err).toMatch(/already has an owner/);
  });

  it("prints a scrape token that /metrics accepts from any address", async () => {
    const dataDir = tempDir();
    hub = await startTestHub({ dataDir });
    const { out } = await cli(["metrics-token", "--data-dir", dataDir]);
    const res = await hub.api.request("/metrics", { headers: { authorization: `Bearer ${out}` } });
    expect(res.status).toBe(200);
  });
});
