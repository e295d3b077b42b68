import { afterEach, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../testing.ts";

const hubs: TestHub[] = [];
async function hub(): Promise<TestHub> {
  const h = await startTestHub();
  hubs.push(h);
  return h;
}
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.destroy()));
});

/** The only routes that answer without a credential. */
const PUBLIC = new Set([
  "GET /healthz",
  "GET /api/auth/state",
  "POST /api/auth/setup",
  "POST /api/auth/sign-in",
  "POST /api/auth/token",
  "POST /api/auth/code",
  "POST /api/auth/sign-out",
  // The console's static files and SPA fallback (hub/console/serve.ts): code and markup, no data. Every
  // other route a request matches still applies, so this catch-all GET opens nothing (tested below).
  "GET /*",
]);

describe("the hub's route table", () => {
  it("answers 401 without a credential on every registered route but the public ones", async () => {
    const h = await hub();
    const routes = [
      ...new Set(h.api.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`)),
    ];
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      const [method, path] = route.split(" ") as [string, string];
      const res = await h.api.request(path.replace(/:(\w+)/g, "x-$1"), { method });
      if (PUBLIC.has(route)) expect(res.status, route).not.toBe(401);
      else {
        expect(res.status, route).toBe(401);
        expect((await res.json()).error.code, route).toBe("UNAUTHORIZED");
      }
    }
    // Every public route is still registered: a renamed one would silently drop out of the check above.
    for (const route of PUBLIC) expect(routes, route).toContain(route);
  });

  it("serves the console's pages without a credential, and still guards the API behind its fallback", async () => {
    const h = await hub();
    // A route added after the console, declaring nothing, must not borrow the console's public access.
    h.api.get("/late", (c) => c.json({ open: true }));
    const html = { accept: "text/html,*/*" };
    for (const path of ["/", "/devices/dev-1", "/alarms"]) {
      const page = await fetch(`${h.httpUrl}${path}`, { headers: html });
      // 200 once built (npm install builds it), 503 with a how-to before; never a sign-in refusal.
      expect([200, 503], path).toContain(page.status);
    }
    // A browser navigation to a data route gets no page and no data without a credential.
    for (const path of ["/api/equipment", "/api/devices", "/api/alarms", "/api/cloud", "/api/auth/me"]) {
      const res = await fetch(`${h.httpUrl}${path}`, { headers: html });
      expect(res.status, path).toBe(401);
    }
    expect((await h.api.request("/late", { headers: html })).status).toBe(401);
  });

  it("refuses a route that declares no access, even to an admin", async () => {
    const h = await hub();
    h.api.get("/api/forgotten", (c) => c.json({ open: true }));
    expect((await h.api.request("/api/forgotten")).status).toBe(401);
    const res = await h.api.request("/api/forgotten", {
      headers: { authorization: `Bearer ${await h.adminToken()}` },
    });
    expect(res.status).toBe(403);
  });

  it("refuses text/plain bodies with 415, a foreign Origin (host or scheme) and a foreign Host with 403, and changes nothing", async () => {
    const h = await hub();
    const auth = { authorization: `Bearer ${await h.adminToken()}` };
    const device = JSON.stringify({ kind: "FRIDGE", name: "Cross-site fridge" });

    const plain = await fetch(`${h.httpUrl}/api/devices`, {
      method: "POST",
      headers: { ...auth, "content-type": "text/plain" },
      body: device,
    });
    expect(plain.status).toBe(415);
    expect((await plain.json()).error).toMatchObject({
      code: "UNSUPPORTED_MEDIA_TYPE",
      requestId: expect.any(String),
    });

    const form = await fetch(`${h.httpUrl}/api/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "username=a&password=b",
    });
    expect(form.status).toBe(415);

    const foreign = await fetch(`${h.httpUrl}/api/devices`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json", origin: "https://evil.example" },
      body: device,
    });
    expect(foreign.status).toBe(403);
    // The hub's own host under another scheme is another origin.
    const scheme = await fetch(`${h.httpUrl}/api/devices`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json", origin: h.httpUrl.replace("http:", "https:") },
      body: device,
    });
    expect(scheme.status).toBe(403);

    const rebound = await h.api.request("http://evil.example/api/devices", {
      method: "POST",
      headers: { ...auth, "content-type": "application/json", host: "evil.example:8080" },
      body: device,
    });
    expect(rebound.status).toBe(403);

    const own = await fetch(`${h.httpUrl}/api/devices`, { headers: { ...auth, origin: h.httpUrl } });
    expect(own.status).toBe(200);
    expect((await own.json()).devices).toEqual([]);
  });

  it("serves /metrics to loopback, to the scrape token, and to nobody else", async () => {
    const h = await hub();
    expect((await fetch(`${h.httpUrl}/metrics`)).status).toBe(200);
    // app.request has no socket, so it stands for a LAN client.
    expect((await h.api.request("/metrics")).status).toBe(401);
    const { issueScrapeToken } = await import("../auth/index.ts");
    const token = await issueScrapeToken(h.storage.db);
    const scraped = await h.api.request("/metrics", { headers: { authorization: `Bearer ${token}` } });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain("outpost_outbox_depth");
    const wrong = await h.api.request("/metrics", { headers: { authorization: "Bearer scrape_nope" } });
    expect(wrong.status).toBe(401);
  });
});
