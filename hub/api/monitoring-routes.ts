/** Monitoring routes: equipment CRUD and history, alarm rules, readings, alarms and their lifecycle, reports. */
import { Hono } from "hono";
import { z } from "zod";
import { ALARM_FILTER_STATUSES, alarmFilterSchema } from "../../shared/alarms/index.ts";
import type { Clock } from "../../shared/clock/index.ts";
import type { EventEnvelope } from "../../shared/events/index.ts";
import { recordedPerson } from "../auth/index.ts";
import type { HubDb } from "../db/index.ts";
import {
  acknowledgeAlarm,
  closeAlarm,
  createEquipment,
  createEquipmentSchema,
  deleteEquipment,
  equipmentHistoryOf,
  foodSafetyReport,
  getEquipment,
  listAlarms,
  listEquipment,
  readingsBetween,
  reportCsv,
  reportHtml,
  rulesOf,
  updateEquipment,
  updateEquipmentSchema,
  updateRules,
} from "../monitoring/index.ts";
import { jsonBody, parse } from "./errors.ts";
import { allow, type HubEnv, principal } from "./guard.ts";

export interface MonitoringRouteDeps {
  db: HubDb;
  clock: Clock;
  source: () => EventEnvelope["source"];
  /** Reloads what the ingest path knows about equipment and rules. */
  registryChanged(): Promise<void>;
}

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

export function monitoringRoutes(deps: MonitoringRouteDeps): Hono<HubEnv> {
  const { db, clock } = deps;
  const ctx = { db, clock, changed: () => deps.registryChanged() };
  const lifecycle = { db, clock, source: deps.source };
  const app = new Hono<HubEnv>();
  const read = allow("read");
  const operate = allow("operate");
  const admin = allow("admin");

  app.get("/equipment", read, async (c) => c.json({ equipment: await listEquipment(db) }));
  app.post("/equipment", admin, async (c) => {
    const created = await createEquipment(ctx, parse(createEquipmentSchema, await jsonBody(c)));
    return c.json(created, 201);
  });
  app.get("/equipment/:id", read, async (c) => c.json(await getEquipment(db, c.req.param("id"))));
  app.patch("/equipment/:id", admin, async (c) =>
    c.json(await updateEquipment(ctx, c.req.param("id"), parse(updateEquipmentSchema, await jsonBody(c)))),
  );
  app.delete("/equipment/:id", admin, async (c) => {
    await deleteEquipment(ctx, c.req.param("id"));
    return c.body(null, 204);
  });
  app.get("/equipment/:id/history", read, async (c) =>
    c.json({ history: await equipmentHistoryOf(db, c.req.param("id")) }),
  );

  app.get("/equipment/:id/rules", read, async (c) => c.json(await rulesOf(db, c.req.param("id"))));
  app.put("/equipment/:id/rules", admin, async (c) => {
    const rules = await updateRules(ctx, c.req.param("id"), parse(rulesBody, await jsonBody(c)));
    return c.json({ rules, custom: true });
  });

  app.get("/equipment/:id/readings", read, async (c) => {
    const q = parse(readingsQuery, c.req.query());
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
  });

  app.get("/equipment/:id/report", read, async (c) => {
    const q = parse(reportQuery, c.req.query());
    const report = await foodSafetyReport(db, { equipmentId: c.req.param("id"), from: q.from, to: q.to });
    if (q.format === "csv") {
      return c.body(reportCsv(report), 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="temperature-record-${report.equipment.id}.csv"`,
      });
    }
    if (q.format === "html") return c.html(reportHtml(report));
    return c.json(report);
  });

  app.get("/alarms", read, async (c) => {
    const q = parse(alarmsQuery, c.req.query());
    return c.json({
      alarms: await listAlarms(db, { statuses: ALARM_FILTER_STATUSES[q.status], equipmentId: q.equipmentId }),
    });
  });
  app.post("/alarms/:id/acknowledge", operate, async (c) => {
    const body = parse(ackBody, await jsonBody(c));
    const by = recordedPerson(principal(c));
    return c.json(await acknowledgeAlarm(lifecycle, { alarmId: c.req.param("id"), by, ...body }));
  });
  app.post("/alarms/:id/close", operate, async (c) => {
    const body = parse(closeBody, await jsonBody(c));
    const by = recordedPerson(principal(c));
    return c.json(await closeAlarm(lifecycle, { alarmId: c.req.param("id"), by, ...body }));
  });

  return app;
}
