/**
 * No double booking under Deno: the cloud started by `deno serve` keeps every person's calendar in one SQLite
 * file driven from its single event loop; 50 concurrent overlapping requests for one person leave one active.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DenoCloudProcess, startDenoCloudProcess } from "../scripts/cloud-deno.ts";
import { uuidv7 } from "../shared/ids/index.ts";

let cloud: DenoCloudProcess;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "outpost-deno-bookings-"));
  cloud = await startDenoCloudProcess({ dataDir, vars: { ENVIRONMENT: "test" } });
}, 120_000);

afterAll(async () => {
  await cloud?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function call(method: string, path: string, token?: string, body?: unknown) {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers["content-type"] = "application/json";
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${cloud.url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

async function ok(method: string, path: string, token: string, body?: unknown) {
  const res = await call(method, path, token, body);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function user(): Promise<{ id: string; token: string }> {
  const email = `deno-${uuidv7()}@example.test`;
  const password = "correct horse battery";
  expect((await call("POST", "/v1/accounts/sign-up", undefined, { email, password })).status).toBe(202);
  const signIn = await call("POST", "/v1/accounts/sign-in", undefined, { email, password });
  return { id: (signIn.body.user as { id: string }).id, token: signIn.body.accessToken as string };
}

describe("bookings under Deno", () => {
  it("50 concurrent overlapping requests for one person: exactly one is active", async () => {
    const [organiser, admin] = [await user(), await user()];
    const org = await ok("POST", "/v1/bookings/organisations", organiser.token, {
      kind: "organiser",
      name: "Nordic Live AB",
    });
    const company = await ok("POST", "/v1/bookings/organisations", admin.token, {
      kind: "crew_company",
      name: "Stage Crew AB",
    });
    const crew = await ok("POST", `/v1/bookings/companies/${company.id}/crew`, admin.token, {
      name: "Alva Berg",
    });
    await ok("POST", `/v1/bookings/crew/${crew.id}/availability`, admin.token, {
      start: "2026-12-01T00:00:00+01:00",
      end: "2027-01-01T00:00:00+01:00",
    });
    await ok("PUT", `/v1/bookings/organisers/${org.id}/tariffs`, organiser.token, {
      category: "Sound",
      skill: "FOH",
      unit: "Hour",
      amount: 50_000,
    });
    const event = await ok("POST", `/v1/bookings/organisers/${org.id}/events`, organiser.token, {
      name: "Winter Gala",
      start: "2026-12-12T16:00:00+01:00",
      end: "2026-12-13T02:00:00+01:00",
    });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call("POST", "/v1/bookings/bookings", organiser.token, {
          eventId: event.id,
          crewId: crew.id,
          category: "Sound",
          skill: "FOH",
          start: `2026-12-12T18:${String(i).padStart(2, "0")}:00+01:00`,
          end: `2026-12-12T21:${String(i).padStart(2, "0")}:00+01:00`,
        }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(49);

    const db = createClient({ url: `file:${join(dataDir, "BOOKINGS_DB.sqlite")}` });
    try {
      const active = await db.execute({
        sql: "SELECT id FROM bookings WHERE crew_id = ? AND status IN ('Requested', 'Confirmed')",
        args: [String(crew.id)],
      });
      expect(active.rows).toHaveLength(1);
    } finally {
      db.close();
    }
  });
});
