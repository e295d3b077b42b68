/** Monitoring routes: equipment CRUD and history, alarm rules, readings, alarms and their lifecycle, reports. */
import { z } from "zod";
import { ALARM_FILTER_STATUSES, alarmFilterSchema } from "../../shared/alarms/index.ts";
import { principal } from "../api/guard.ts";
import { recordedPerson } from "../auth/index.ts";
import { siteTimeZone } from "../desired-state/site-section.ts";
import type { HubModuleContext } from "../module/manifest.ts";
import { allow, moduleRoutes } from "../module/routes.ts";
import { getEquipment, listAlarms, listEquipment, readingsBetween } from "./alarms.ts";
import {
  createEquipment,
  createEquipmentSchema,
  deleteEquipment,
  equipmentHistoryOf,
  rulesOf,
  updateEquipment,
  updateEquipmentSchema,
  updateRules,
} from "./equipment.ts";
import { acknowledgeAlarm, closeAlarm } from "./lifecycle.ts";
import { foodSafetyReport } from "./report.ts";
import { reportCsv, reportHtml } from "./report-format.ts";

const instant = z
  .union([z.coerce.number().int().nonnegative(), z.iso.datetime({ offset: true })])
  .transform((v) => (typeof v === "number" ? v : Date.parse(v)));

const readingsQuery = z.object({
  from: instant.optional(),
  to: instant.optional(),
  resolution: z.enum(["raw", "minute", "hour"]).default("raw"),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
});

const alarmsQuery = z.object({
  status: alarmFilterSchema.default("all"),
  equipmentId: z.string().max(64).optional(),
});

// The person is the signed-in subject, never a name from the body: the record must say who really did it.
const ackBody = z.object({ note: z.string().trim().max(1000).optional() }).strict();
const closeBody = z.object({ correctiveAction: z.string().trim().max(2000).optional() }).strict();
const reportQuery = z.object({
  from: instant,
  to: instant,
  format: z.enum(["json", "csv", "html"]).default("json"),
});
const rulesBody = z.record(z.string(), z.unknown());

export function monitoringRoutes(deps: HubModuleContext) {
  const { db, clock } = deps;
  const ctx = { db, clock, changed: () => deps.registryChanged() };
  const lifecycle = { db, clock, source: deps.source };
  return moduleRoutes()
    .get("/api/equipment", allow("read"), async (c) => c.json({ equipment: await listEquipment(db) }))
    .post("/api/equipment", allow("admin", { json: createEquipmentSchema }), async (c) =>
      c.json(await createEquipment(ctx, c.req.valid("json")), 201),
    )
    .get("/api/equipment/:id", allow("read"), async (c) => c.json(await getEquipment(db, c.req.param("id"))))
    .patch("/api/equipment/:id", allow("admin", { json: updateEquipmentSchema }), async (c) =>
      c.json(await updateEquipment(ctx, c.req.param("id"), c.req.valid("json"))),
    )
    .delete("/api/equipment/:id", allow("admin"), async (c) => {
      await deleteEquipment(ctx, c.req.param("id"));
      return c.body(null, 204);
    })
    .get("/api/equipment/:id/history", allow("read"), async (c) =>
      c.json({ history: await equipmentHistoryOf(db, c.req.param("id")) }),
    )
    .get("/api/equipment/:id/rules", allow("read"), async (c) => c.json(await rulesOf(db, c.req.param("id"))))
    .put("/api/equipment/:id/rules", allow("admin", { json: rulesBody }), async (c) => {
      const rules = await updateRules(ctx, c.req.param("id"), c.req.valid("json"));
      return c.json({ rules, custom: true });
    })
    .get("/api/equipment/:id/readings", allow("read", { query: readingsQuery }), async (c) => {
      const q = c.req.valid("query");
      const to = q.to ?? clock.now();
      const from = q.from ?? to - 24 * 3600_000;
      const rows = await readingsBetween(db, {
        equipmentId: c.req.param("id"),
        from,
        to,
        limit: q.limit,
        resolution: q.resolution,
      });
      return c.json({ from, to, resolution: q.resolution, readings: rows });
    })
    .get("/api/equipment/:id/report", allow("read", { query: reportQuery }), async (c) => {
      const q = c.req.valid("query");
      const report = await foodSafetyReport(db, { equipmentId: c.req.param("id"), from: q.from, to: q.to });
      if (q.format === "csv") {
        return c.body(reportCsv(report, await siteTimeZone(db)), 200, {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="temperature-record-${report.equipment.id}.csv"`,
        });
      }
      if (q.format === "html") return c.html(reportHtml(report, await siteTimeZone(db)));
      return c.json(report);
    })
    .get("/api/alarms", allow("read", { query: alarmsQuery }), async (c) => {
      const q = c.req.valid("query");
      return c.json({
        alarms: await listAlarms(db, {
          statuses: ALARM_FILTER_STATUSES[q.status],
          equipmentId: q.equipmentId,
        }),
      });
    })
    .post("/api/alarms/:id/acknowledge", allow("operate", { json: ackBody }), async (c) => {
      const by = recordedPerson(principal(c));
      return c.json(
        await acknowledgeAlarm(lifecycle, { alarmId: c.req.param("id"), by, ...c.req.valid("json") }),
      );
    })
    .post("/api/alarms/:id/close", allow("operate", { json: closeBody }), async (c) => {
      const by = recordedPerson(principal(c));
      return c.json(await closeAlarm(lifecycle, { alarmId: c.req.param("id"), by, ...c.req.valid("json") }));
    });
}

/** The module's routes as a type, for the console's client. */
export type MonitoringRoutes = ReturnType<typeof monitoringRoutes>;
