/**
 * A technician signs in at a real hub with a short code that came down hashed in the `service` section, with no
 * cloud at all: once, for the visit screens only, and guesses are throttled with the wait in the answer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashSignInCode, newSignInCode } from "../../shared/sign-in-code/index.ts";
import { putSetting } from "../identity.ts";
import { fridgeInput, getJson, sendJson, startTestHub, type TestHub } from "../testing.ts";
import { serviceSection } from "./section.ts";

let hub: TestHub;
const SITE = "site-visit";
const code = newSignInCode();
const used = newSignInCode();

async function applySection(value: unknown) {
  await hub.storage.db.transaction((tx) =>
    serviceSection.apply(tx, serviceSection.schema.parse(value), {
      siteId: SITE,
      hubId: "cloud-hub",
      version: 1,
      now: Date.now(),
    }),
  );
}

async function section(codes: string[]) {
  const equipmentId = (await hub.pair(fridgeInput({ name: "Dairy fridge" }))).equipmentId!;
  const expiresAt = new Date(Date.now() + 3600_000).toISOString();
  return {
    workOrders: [
      {
        id: "wo-1",
        number: "WO-000001",
        title: "Runs warm",
        equipmentId,
        status: "SCHEDULED",
        slotStart: null,
        slotEnd: null,
        technicians: [{ userId: "tech-1", name: "Ada Tech" }],
      },
    ],
    signInCodes: await Promise.all(
      codes.map(async (c) => ({
        hash: await hashSignInCode(SITE, c),
        userId: "tech-1",
        name: "Ada Tech",
        expiresAt,
      })),
    ),
  };
}

const signIn = (c: string) =>
  fetch(`${hub.httpUrl}/api/auth/code`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ code: c }),
  });

beforeAll(async () => {
  hub = await startTestHub({ sync: { idleMs: 600_000 } });
  await putSetting(hub.storage.db, "cloud", {
    cloudUrl: "http://127.0.0.1:9",
    hubId: "cloud-hub",
    siteId: SITE,
    claimedAt: 0,
  });
  await applySection(await section([code, used]));
});
afterAll(() => hub?.destroy());

describe("technician sign-in with a short code", () => {
  it("signs in once, typed loosely, and reaches only the visit routes", async () => {
    const res = await signIn(` ${code.toLowerCase().replace("-", " ")} `);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ subject: "tech-1", name: "Ada Tech", technician: true });
    const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
    expect((await fetch(`${hub.httpUrl}/api/service/work-orders`)).status).toBe(401);
    const get = (path: string) => fetch(`${hub.httpUrl}${path}`, { headers: { cookie } });
    const list = await get("/api/service/work-orders");
    expect(list.status).toBe(200);
    expect(await list.json()).toMatchObject({
      workOrders: [{ id: "wo-1", unitName: "Dairy fridge", assigned: true }],
    });
    expect((await get("/api/auth/me")).status).toBe(200);
    for (const path of ["/api/devices", "/api/equipment", "/api/alarms", "/api/cloud"]) {
      expect((await get(path)).status).toBe(403);
    }
    const checkIn = await fetch(`${hub.httpUrl}/api/service/work-orders/wo-1/check-in`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
    });
    expect(checkIn.status).toBe(201);
    // Used once: the same code again, and after the same section is applied again, is refused.
    expect((await signIn(code)).status).toBe(401);
    await applySection(await section([code, used]));
    expect((await signIn(code)).status).toBe(401);
  });

  it("answers guesses past the address's limit with the wait, even for the right code", async () => {
    // 20 failures per address per 15 minutes (the first test's two refusals count too).
    const answers: number[] = [];
    while (answers.at(-1) !== 429 && answers.length < 25) answers.push((await signIn("ZZZZZ-ZZZZZ")).status);
    expect(answers.at(-1)).toBe(429);
    expect(answers.filter((s) => s === 401).length).toBeLessThanOrEqual(20);
    const limited = await signIn(used);
    expect(limited.status).toBe(429);
    const body = (await limited.json()) as {
      error: { code: string; details: { retryAfterSeconds: number } };
    };
    expect(body.error.code).toBe("RATE_LIMITED");
    expect(body.error.details.retryAfterSeconds).toBeGreaterThan(0);
    expect(Number(limited.headers.get("retry-after"))).toBe(body.error.details.retryAfterSeconds);
  });

  it("lets a site member's session look at the work orders but not check in for someone else", async () => {
    const token = await hub.adminToken();
    const list = await getJson<{ workOrders: { assigned: boolean }[] }>(
      `${hub.httpUrl}/api/service/work-orders`,
      token,
    );
    expect(list.body.workOrders).toMatchObject([{ assigned: false }]);
    const checkIn = await sendJson(
      "POST",
      `${hub.httpUrl}/api/service/work-orders/wo-1/check-in`,
      undefined,
      token,
    );
    expect(checkIn.status).toBe(404);
  });
});
