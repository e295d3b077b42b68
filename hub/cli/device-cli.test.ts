import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import type { PairedDevice } from "../devices/index.ts";
import { closed, connectFridge, connectRaw, startTestHub, type TestHub, tempDir } from "../testing.ts";
import { runDeviceCli } from "./device-cli.ts";

const MAIN = fileURLToPath(new URL("../main.ts", import.meta.url));
const run = promisify(execFile);

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** Runs the CLI in-process against a data folder; returns exit code and parsed stdout. */
async function cli<T = Record<string, unknown>>(dataDir: string, ...args: string[]) {
  let out = "";
  let err = "";
  const code = await runDeviceCli([...args, "--data-dir", dataDir], {
    env: {},
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
  });
  return { code, body: (out ? JSON.parse(out) : null) as T, err };
}

describe("npm run hub -- device …", () => {
  it("adds a device through hub/main.ts and prints its id and one-time secret; list never shows secrets", async () => {
    const dataDir = tempDir();
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const add = await run(process.execPath, [
      MAIN,
      "device",
      "add",
      "--kind",
      "fridge",
      "--name",
      "Back fridge",
      "--data-dir",
      dataDir,
    ]);
    const paired = JSON.parse(add.stdout) as PairedDevice;
    expect(paired).toMatchObject({ kind: "FRIDGE", id: expect.stringMatching(/^dev-/) });
    expect(paired.secret.length).toBeGreaterThanOrEqual(40);
    expect(paired.equipmentId).toBeTruthy();

    const list = await run(process.execPath, [MAIN, "device", "list", "--data-dir", dataDir]);
    expect(JSON.parse(list.stdout).devices).toEqual([
      expect.objectContaining({ id: paired.id, name: "Back fridge" }),
    ]);
    expect(list.stdout).not.toContain(paired.secret);
    expect(list.stdout).not.toContain("sha256$");
  });

  it("works next to a running hub: a device it adds can publish at once, and a revoke disconnects it", async () => {
    const h: TestHub = await startTestHub();
    cleanup.push(() => h.destroy());
    const { body: paired } = await cli<PairedDevice>(
      h.dataDir,
      "add",
      "--kind",
      "FRIDGE",
      "--name",
      "CLI fridge",
    );
    const fridge = await connectFridge(h, paired);
    await fridge.publishTelemetry({ temperature: 4.5 });
    const rows = await h.storage.client.execute({
      sql: "select temperature from readings where device_id = ?",
      args: [paired.id],
    });
    expect(rows.rows.map((r) => r.temperature)).toEqual([4.5]);

    const gone = closed(fridge.mqtt);
    const revoked = await cli(h.dataDir, "revoke", paired.id);
    expect(revoked).toMatchObject({ code: 0, body: { id: paired.id, status: "REVOKED" } });
    // The hub notices the change in its SQLite file (registry watcher) and ends the session.
    await gone;
    const refused = await connectRaw(h, paired).then(
      () => null,
      (e: Error & { code?: number }) => e,
    );
    expect(refused?.code).toBe(5);
  });

  it("rotates a secret: the new one is printed once and a connected device is cut off", async () => {
    const h: TestHub = await startTestHub();
    cleanup.push(() => h.destroy());
    const { body: paired } = await cli<PairedDevice>(
      h.dataDir,
      "add",
      "--kind",
      "heater",
      "--name",
      "Hall heater",
    );
    const client = await connectRaw(h, paired);
    const gone = closed(client);
    const { code, body } = await cli<{ id: string; secret: string }>(h.dataDir, "rotate-secret", paired.id);
    expect(code).toBe(0);
    expect(body.secret).not.toBe(paired.secret);
    await gone;
    const fresh = await connectRaw(h, { ...paired, secret: body.secret });
    await fresh.endAsync();
  });

  it("answers bad input with exit code 2 and the error body, and unknown ids with exit code 1", async () => {
    const dataDir = tempDir();
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const bad = await cli(dataDir, "add", "--kind", "toaster", "--name", "x");
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.err).error.code).toBe("VALIDATION_ERROR");
    const missing = await cli(dataDir, "revoke", "dev-000000000000");
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.err).error.code).toBe("NOT_FOUND");
    expect((await cli(dataDir, "frobnicate")).code).toBe(2);
    expect((await cli(dataDir, "add", "--colour", "red")).code).toBe(2);
  });
});
