import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HubRole } from "../../shared/desired-state/index.ts";
import { SESSION_COOKIE } from "../auth/index.ts";
import { startSession } from "../auth/sessions.ts";
import { localAccounts } from "../db/index.ts";
import { startTestHub, type TestHub } from "../testing.ts";
import { routeTable } from "./guard.ts";

let h: TestHub;
beforeAll(async () => {
  h = await startTestHub();
});
afterAll(() => h.destroy());

/** A signed-in local person with `role` (their account made directly: the password plays no part here). */
async function cookieFor(role: HubRole): Promise<string> {
  const now = Date.now();
  const id = `local-${role}-${crypto.randomUUID()}`;
  await h.storage.db
    .insert(localAccounts)
    .values({ id, username: id, name: `A ${role} person`, passwordHash: "unused", role, createdAt: now });
  const session = await startSession(
    h.storage.db,
    { kind: "local", subject: id, name: id, role, expiresAt: now + 3600_000 },
    now,
  );
  return `${SESSION_COOKIE}=${session}`;
}

const routesDeclaring = (access: string) =>
  routeTable(h.api)
    .filter((r) => r.access === access)
    .map((r) => r.route);

describe("the hub's route table", () => {
  it("gives every route a declared access, and names a route added without one", () => {
    const table = routeTable(h.api);
    expect(table.length).toBeGreaterThan(20);
    expect(table.filter((r) => r.access === undefined)).toEqual([]);
    // The check can fail: a route registered with no role is named (and the guard refuses it at run time).
    h.api.get("/api/forgotten", (c) => c.json({ open: true }));
    expect(routeTable(h.api).filter((r) => r.access === undefined)).toEqual([
      { route: "GET /api/forgotten", access: undefined },
    ]);
  });

  // Table-driven: each row is a role and the routes it must be refused on.
  const refusals: [HubRole, string][] = [
    ["operate", "admin"],
    ["read", "admin"],
    ["read", "operate"],
  ];
  it.each(refusals)("refuses a %s-role session with 403 on every %s route", async (role, access) => {
    const cookie = await cookieFor(role);
    const routes = routesDeclaring(access);
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) {
      const [method, path] = route.split(" ") as [string, string];
      const res = await h.api.request(path.replace(/:(\w+)/g, "x-$1"), { method, headers: { cookie } });
      expect(res.status, route).toBe(403);
      expect((await res.json()).error.code, route).toBe("FORBIDDEN");
    }
  });
});
