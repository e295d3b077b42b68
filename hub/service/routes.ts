/**
 * The console's visit routes. They declare `visit` access: a technician signed in with a code reaches these
 * and nothing else, and every verb acts as the signed-in person on work orders that name them.
 */
import { z } from "zod";
import { visitItemSchema } from "../../shared/events/index.ts";
import { principal } from "../api/guard.ts";
import { siteTimeZone } from "../desired-state/index.ts";
import type { HubModuleContext } from "../module/manifest.ts";
import { allow, moduleRoutes } from "../module/routes.ts";
import { visitOf, workOrdersFor } from "./board.ts";
import { addNote, checkIn, completeVisit, snapshot, useParts } from "./visits.ts";

const noteBody = z.object({ note: z.string().trim().min(1).max(4000) }).strict();
const partsBody = z
  .object({
    items: z
      .array(visitItemSchema.omit({ opId: true }))
      .min(1)
      .max(50),
  })
  .strict();
const completeBody = z.object({ resolution: z.string().trim().max(4000).default("") }).strict();

export function serviceRoutes(ctx: HubModuleContext) {
  const deps = { db: ctx.db, clock: ctx.clock, source: ctx.source };
  return moduleRoutes()
    .get("/api/service/work-orders", allow("visit"), async (c) => {
      const who = principal(c);
      const workOrders = await workOrdersFor(ctx.db, {
        technicianId: who.subject,
        all: who.kind !== "technician",
      });
      return c.json({ workOrders, timeZone: await siteTimeZone(ctx.db) });
    })
    .post("/api/service/work-orders/:id/check-in", allow("visit"), async (c) => {
      const { visitId } = await checkIn(deps, {
        workOrderId: c.req.param("id"),
        technicianId: principal(c).subject,
      });
      // The unit as the technician found it goes with the check-in.
      await snapshot(deps, { visitId, technicianId: principal(c).subject });
      return c.json(await visitOf(ctx.db, { visitId, technicianId: principal(c).subject }), 201);
    })
    .post("/api/service/visits/:id/snapshot", allow("visit"), async (c) =>
      c.json(await snapshot(deps, { visitId: c.req.param("id"), technicianId: principal(c).subject })),
    )
    .post("/api/service/visits/:id/notes", allow("visit", { json: noteBody }), async (c) => {
      const input = { visitId: c.req.param("id"), technicianId: principal(c).subject };
      await addNote(deps, { ...input, ...c.req.valid("json") });
      return c.json(await visitOf(ctx.db, input));
    })
    .post("/api/service/visits/:id/parts", allow("visit", { json: partsBody }), async (c) => {
      const input = { visitId: c.req.param("id"), technicianId: principal(c).subject };
      await useParts(deps, { ...input, ...c.req.valid("json") });
      return c.json(await visitOf(ctx.db, input));
    })
    .post("/api/service/visits/:id/complete", allow("visit", { json: completeBody }), async (c) => {
      const input = { visitId: c.req.param("id"), technicianId: principal(c).subject };
      await completeVisit(deps, { ...input, ...c.req.valid("json") });
      return c.json(await visitOf(ctx.db, input));
    });
}
