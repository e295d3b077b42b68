import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { SectionName } from "../../shared/desired-state/index.ts";
import { buildEvent } from "../../shared/events/index.ts";
import { routeTable } from "../api/index.ts";
import { type HubDb, hubSettings } from "../db/index.ts";
import { applyDocument, type HubTx } from "../desired-state/index.ts";
import { getSetting } from "../identity.ts";
import { HUB_MODULES } from "../modules.ts";
import { eventStatement, eventsOfType } from "../outbox/index.ts";
import {
  connectPaired,
  deviceInput,
  eventually,
  getJson,
  sendJson,
  startTestHub,
  type TestHub,
} from "../testing.ts";
import { allow, defineHubModule, moduleRoutes } from "./index.ts";

/** Settings rows stand in for the throwaway's own tables (a real module adds a migration). */
const upsert = (db: Pick<HubDb, "insert"> | Pick<HubTx, "insert">, key: string, value: unknown) =>
  db
    .insert(hubSettings)
    .values({ key, value })
    .onConflictDoUpdate({ target: hubSettings.key, set: { value } });

/** A module declared by its manifest alone: nothing else in the hub names it. */
const throwaway = defineHubModule({
  // A source name no hub module uses (the marketplace lives in the cloud).
  name: "marketplace",
  routes: (ctx) =>
    moduleRoutes()
      .get("/api/throwaway/last-event", allow("read"), async (c) =>
        c.json({ event: (await getSetting(ctx.db, "throwaway.event")) ?? null }),
      )
      .put(
        "/api/throwaway/greeting",
        allow("admin", { json: z.object({ greeting: z.string().max(40) }) }),
        async (c) => {
          await upsert(ctx.db, "throwaway.greeting", c.req.valid("json").greeting);
          return c.json({ greeting: c.req.valid("json").greeting });
        },
      ),
  sections: [
    {
      // A real module's section is in shared/desired-state's catalog; this test-only one is named by a cast.
      name: "throwaway" as SectionName,
      version: 1,
      schema: z.object({ greeting: z.string().max(40) }).strict(),
      apply: async (tx: HubTx, value: { greeting: string }) => {
        await upsert(tx, "throwaway.greeting", value.greeting);
      },
    },
  ],
  deviceEvents: [
    {
      kinds: ["HEATER"],
      name: "flame-out",
      handle: (ctx, { device, event, receivedAt }) => [
        upsert(ctx.db, "throwaway.event", {
          deviceId: device.id,
          name: event.name,
          data: event.data,
          receivedAt,
        }),
        // An event of its own, in the same write, naming this module as its source.
        eventStatement(
          ctx.db,
          buildEvent({
            type: "device.presence.changed",
            data: {
              deviceId: device.id,
              kind: device.kind,
              name: "flame-out",
              status: "ERROR",
              equipmentId: null,
              changedAt: new Date(receivedAt).toISOString(),
            },
            source: ctx.source(),
            occurredAt: receivedAt,
          }),
          receivedAt,
        ),
      ],
    },
  ],
  commandAcks: [
    {
      kinds: ["HEATER"],
      handle: (ctx, { device, ack }) => [
        upsert(ctx.db, "throwaway.ack", { deviceId: device.id, status: ack.status }),
      ],
    },
  ],
  telemetry: {
    kinds: ["HEATER"],
    async handle(ctx, msg) {
      await ctx.writer.submit({
        kind: "rows",
        deviceId: msg.device.id,
        at: msg.receivedAt,
        statements: [upsert(ctx.db, "throwaway.telemetry", msg.body)],
      });
      return { ok: true };
    },
  },
});

/** A module whose route forgot its role: named by the route table and refused, never open. */
const forgetful = defineHubModule({
  name: "forgetful",
  routes: () => moduleRoutes().get("/api/forgetful", (c) => c.json({ open: true })),
});

let h: TestHub;
beforeAll(async () => {
  h = await startTestHub({ modules: [...HUB_MODULES, throwaway, forgetful] });
});
afterAll(() => h.destroy());

describe("a hub module declared by its manifest alone", () => {
  it("serves its route under its role, and hears its device's event, telemetry and acknowledgement", async () => {
    const url = `${h.httpUrl}/api/throwaway/last-event`;
    expect((await getJson(url)).status).toBe(401);
    expect((await getJson(url, h)).body).toEqual({ event: null });

    const paired = await h.pair(deviceInput("HEATER"));
    const heater = await connectPaired(h, paired, { onCommand: () => ({ status: "ok" }) });
    // QoS 1: the PUBACK comes once the event and the module's write are committed.
    await heater.publishEvent({ name: "flame-out", data: { burner: 2 } });
    await heater.publishTelemetry({ temperature: 61 });
    const sent = await sendJson(
      "POST",
      `${h.httpUrl}/api/devices/${paired.id}/commands`,
      { name: "ping" },
      h,
    );
    expect(sent.status).toBe(201);
    expect(await eventually(() => getSetting(h.storage.db, "throwaway.ack"))).toEqual({
      deviceId: paired.id,
      status: "ok",
    });
    await heater.close();

    const { body } = await getJson<{ event: Record<string, unknown> }>(url, h);
    expect(body.event).toMatchObject({ deviceId: paired.id, name: "flame-out", data: { burner: 2 } });
    expect(await getSetting(h.storage.db, "throwaway.telemetry")).toEqual({ temperature: 61 });
    // Presence events say "devices"; the throwaway's says its own name.
    const events = await eventsOfType(h.storage.db, "device.presence.changed");
    const own = events.find((e) => (e.envelope.data as { name: string }).name === "flame-out");
    expect(own?.envelope.source).toMatchObject({ hubId: h.hubId, module: "marketplace" });
    // The device log still has its line: the hook adds to the log, it does not replace it.
    const logs = await getJson<{ logs: { message: string }[] }>(
      `${h.httpUrl}/api/devices/${paired.id}/logs`,
      h,
    );
    expect(logs.body.logs.map((l) => l.message)).toContain("flame-out");
  });

  it("checks its route's declared input after the role, and refuses a module route that declares no role", async () => {
    const url = `${h.httpUrl}/api/throwaway/greeting`;
    expect((await sendJson("PUT", url, { greeting: 42 })).status).toBe(401);
    const bad = await sendJson<{ error: { code: string } }>("PUT", url, { greeting: 42 }, h);
    expect([bad.status, bad.body.error.code]).toEqual([400, "VALIDATION_ERROR"]);
    expect((await sendJson("PUT", url, { greeting: "hi" }, h)).body).toEqual({ greeting: "hi" });

    expect(routeTable(h.api).filter((r) => r.access === undefined)).toEqual([
      { route: "GET /api/forgetful", access: undefined },
    ]);
    const open = await getJson<{ error: { code: string } }>(`${h.httpUrl}/api/forgetful`, h);
    expect([open.status, open.body.error.code]).toEqual([403, "FORBIDDEN"]);
  });

  it("applies its desired-state section with the hub's own, in one document", async () => {
    expect(h.sections.map((s) => s.name)).toEqual([
      "trustedKeys",
      "trustedKeys",
      "members",
      "site",
      "devices",
      "equipment",
      "rules",
      "heating",
      "dispensing",
      "service",
      "throwaway",
    ]);
    const doc = {
      siteId: "site-1",
      hubId: "hub-1",
      version: 1,
      issuedAt: new Date().toISOString(),
      sections: { throwaway: { greeting: "hello" } },
    };
    const binding = { siteId: "site-1", hubId: "hub-1" };
    await applyDocument({ db: h.storage.db, sections: h.sections, binding, now: Date.now() }, doc);
    expect(await getSetting(h.storage.db, "throwaway.greeting")).toBe("hello");
  });
});
