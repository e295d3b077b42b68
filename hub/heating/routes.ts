/** Heating routes for the console: rooms with their live state, override, boost, mode, energy per day. */
import { z } from "zod";
import type { HubModuleContext } from "../module/manifest.ts";
import { allow, moduleRoutes } from "../module/routes.ts";
import { energyOf } from "./energy.ts";
import { setMode, startHold } from "./verbs.ts";
import { roomView, roomViews, zoneOf } from "./view.ts";

const holdBody = z
  .object({
    setPoint: z.number().min(5).max(30),
    /** Absent for an override: until the next scheduled period. */
    minutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .optional(),
  })
  .strict();
const boostBody = z
  .object({ setPoint: z.number().min(5).max(30), minutes: z.number().int().min(5).max(240) })
  .strict();
const modeBody = z.object({ mode: z.enum(["auto", "manual", "away", "off"]) }).strict();

export function heatingRoutes(deps: HubModuleContext) {
  const { db } = deps;
  const verbs = { db, clock: deps.clock, source: deps.source };
  return moduleRoutes()
    .get("/api/heating/rooms", allow("read"), async (c) =>
      c.json({ rooms: await roomViews(verbs), zone: await zoneOf(db) }),
    )
    .get("/api/heating/rooms/:id", allow("read"), async (c) =>
      c.json(await roomView(verbs, c.req.param("id"))),
    )
    .post("/api/heating/rooms/:id/override", allow("operate", { json: holdBody }), async (c) => {
      const b = c.req.valid("json");
      await startHold(verbs, { roomId: c.req.param("id"), hold: "override", ...b, origin: "hub", by: null });
      return c.json(await roomView(verbs, c.req.param("id")));
    })
    .post("/api/heating/rooms/:id/boost", allow("operate", { json: boostBody }), async (c) => {
      const b = c.req.valid("json");
      await startHold(verbs, { roomId: c.req.param("id"), hold: "boost", ...b, origin: "hub", by: null });
      return c.json(await roomView(verbs, c.req.param("id")));
    })
    .put("/api/heating/rooms/:id/mode", allow("operate", { json: modeBody }), async (c) => {
      await setMode(verbs, { roomId: c.req.param("id"), mode: c.req.valid("json").mode, origin: "hub" });
      return c.json(await roomView(verbs, c.req.param("id")));
    })
    .get("/api/heating/rooms/:id/energy", allow("read"), async (c) =>
      c.json({
        days: (await energyOf(db, c.req.param("id"))).map((d) => ({
          day: d.day,
          kwh: Math.round(d.wh) / 1000,
          heatingMinutes: Math.round(d.heatingMs / 60_000),
        })),
      }),
    );
}
