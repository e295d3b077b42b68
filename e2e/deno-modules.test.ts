/**
 * The module seam under Deno: the cloud started by `deno serve` over the listed modules plus two test-only ones
 * (edge/testing/deno-throwaway.ts) serves the throwaway module's route and database, runs its consumer through
 * the in-process queue, and dead-letters only the consumer that always throws, naming its module.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type DenoCloudProcess, startDenoCloudProcess } from "../scripts/cloud-deno.ts";
import { sampleAlarmRaised } from "../shared/events/testing.ts";
import { uuidv7 } from "../shared/ids/index.ts";

let cloud: DenoCloudProcess;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "outpost-deno-modules-"));
  cloud = await startDenoCloudProcess({
    dataDir,
    vars: { ENVIRONMENT: "test" },
    entry: "edge/testing/deno-throwaway.ts",
  });
}, 120_000);

afterAll(async () => {
  await cloud?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function call(path: string, init: { body?: unknown; token?: string } = {}) {
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers["content-type"] = "application/json";
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const res = await fetch(`${cloud.url}${path}`, {
    method: init.body === undefined ? "GET" : "POST",
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Reads one of the Deno cloud's SQLite files directly (the files the process writes). */
async function rows(file: string, sql: string, args: string[]): Promise<Record<string, unknown>[]> {
  const db = createClient({ url: `file:${join(dataDir, file)}` });
  try {
    return (await db.execute({ sql, args })).rows as unknown as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

describe("a module declared by its manifest alone (Deno)", () => {
  it("serves its route, runs its consumer once, and the always-failing consumer is dead-lettered alone", async () => {
    const email = `deno-${uuidv7()}@example.test`;
    expect(
      (await call("/v1/accounts/sign-up", { body: { email, password: "correct horse battery" } })).status,
    ).toBe(202);
    const signIn = await call("/v1/accounts/sign-in", { body: { email, password: "correct horse battery" } });
    const token = signIn.body.accessToken as string;
    expect((await call("/v1/throwaway/sightings")).status).toBe(401);
    expect((await call("/v1/throwaway/sightings", { token })).body).toEqual({ sightings: [] });

    const event = sampleAlarmRaised(`site-${uuidv7()}`);
    expect((await call("/v1/throwaway/events", { body: event, token })).status).toBe(202);

    const letters = await vi.waitFor(
      async () => {
        const found = await rows("platform.sqlite", "SELECT letter FROM dead_letters", []);
        expect(found.length).toBeGreaterThan(0);
        return found.map((r) => JSON.parse(String(r.letter)) as Record<string, unknown>);
      },
      { timeout: 30_000, interval: 100 },
    );
    expect(letters).toEqual([
      expect.objectContaining({
        module: "broken",
        consumer: "broken.always",
        reason: expect.stringContaining("broken on purpose"),
      }),
    ]);
    // Redelivered until `broken` gave up, yet the others applied it once.
    expect(letters[0]?.attempts).toBeGreaterThan(1);
    const sightings = (await call("/v1/throwaway/sightings", { token })).body.sightings as {
      eventId: string;
    }[];
    expect(sightings.map((s) => s.eventId)).toEqual([event.id]);
    const processed = await rows(
      "NOTIFICATIONS_DB.sqlite",
      "SELECT consumer FROM processed_events WHERE event_id = ?",
      [event.id],
    );
    expect(processed.map((r) => r.consumer)).toEqual(["notifications.deliver"]);
  });
});
