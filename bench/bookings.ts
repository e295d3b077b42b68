/**
 * Booking requests against the PersonCalendar Durable Objects in one local workerd (wrangler): the same offered
 * load (requests in flight) against one person's calendar, then spread over 100 people's. Every request asks for
 * a free slot, so each one goes through the calendar and D1. Prints rates and p99, never pass or fail.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyLocalMigrations, startLocalCloud } from "../scripts/cloud.ts";

const REQUESTS = 300;
const IN_FLIGHT = 16;
const PEOPLE = 100;
const HOUR = 3_600_000;
const BASE = Date.parse("2030-01-01T00:00:00Z");

export interface BookingsBenchRun {
  perSecond: number;
  p99Ms: number;
  p50Ms: number;
  booked: number;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export async function runBookingsBench(): Promise<{ one: BookingsBenchRun; many: BookingsBenchRun }> {
  const persistDir = mkdtempSync(join(tmpdir(), "outpost-bookings-bench-"));
  await applyLocalMigrations(persistDir);
  const cloud = await startLocalCloud({ persistDir, vars: { API_RATE_LIMIT_PER_MINUTE: "100000000" } });
  try {
    const call = async (method: string, path: string, token?: string, body?: unknown) => {
      const res = await fetch(`${cloud.url}${path}`, {
        method,
        headers: {
          "content-type": "application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, string> };
    };
    const credentials = { email: `bench-bookings-${Date.now()}@example.test`, password: "bench password 1" };
    await call("POST", "/v1/accounts/sign-up", undefined, credentials);
    const token = (await call("POST", "/v1/accounts/sign-in", undefined, credentials)).body.accessToken!;
    const must = async (method: string, path: string, body?: unknown) => {
      const r = await call(method, path, token, body);
      if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    };
    // One account administers both sides: the bench measures the calendar, not access checks.
    const org = await must("POST", "/v1/bookings/organisations", { kind: "organiser", name: "Bench Live" });
    const company = await must("POST", "/v1/bookings/organisations", {
      kind: "crew_company",
      name: "Bench Crew",
    });
    await must("PUT", `/v1/bookings/organisers/${org.id}/tariffs`, {
      category: "Sound",
      skill: "FOH",
      unit: "Hour",
      amount: 50_000,
    });
    const event = await must("POST", `/v1/bookings/organisers/${org.id}/events`, {
      name: "Bench festival",
      start: new Date(BASE).toISOString(),
      end: new Date(BASE + 2 * REQUESTS * HOUR).toISOString(),
    });
    const people: string[] = [];
    for (let i = 0; i < PEOPLE; i++) {
      const crew = await must("POST", `/v1/bookings/companies/${company.id}/crew`, {
        name: `Bench person ${i}`,
      });
      await must("POST", `/v1/bookings/crew/${crew.id}/availability`, {
        start: new Date(BASE).toISOString(),
        end: new Date(BASE + 4 * REQUESTS * HOUR).toISOString(),
      });
      people.push(crew.id!);
    }

    // Request i books hour `offset + i` of person `who(i)`: never overlapping, so every one is accepted.
    const run = async (who: (i: number) => string, offset: number): Promise<BookingsBenchRun> => {
      const latencies: number[] = [];
      let next = 0;
      let booked = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (next < REQUESTS) {
            const i = next++;
            const start = BASE + (offset + i) * HOUR;
            const t = performance.now();
            const r = await call("POST", "/v1/bookings/bookings", token, {
              eventId: event.id,
              crewId: who(i),
              category: "Sound",
              skill: "FOH",
              start: new Date(start).toISOString(),
              end: new Date(start + HOUR).toISOString(),
            });
            latencies.push(performance.now() - t);
            if (r.status === 201) booked++;
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      return {
        perSecond: REQUESTS / seconds,
        p99Ms: percentile(latencies, 99),
        p50Ms: percentile(latencies, 50),
        booked,
      };
    };
    // Every calendar object exists before timing (its first call creates it and its table), as in a warm system.
    for (let i = 0; i < PEOPLE; i += IN_FLIGHT)
      await Promise.all(
        people.slice(i, i + IN_FLIGHT).map((crewId) =>
          call("POST", "/v1/bookings/holds", token, {
            organiserId: org.id,
            crewId,
            start: new Date(BASE + 3 * REQUESTS * HOUR).toISOString(),
            end: new Date(BASE + (3 * REQUESTS + 1) * HOUR).toISOString(),
          }),
        ),
      );
    const one = await run(() => people[0]!, 0);
    const many = await run((i) => people[i % PEOPLE]!, REQUESTS);
    return { one, many };
  } finally {
    await cloud.stop();
    rmSync(persistDir, { recursive: true, force: true });
  }
}
