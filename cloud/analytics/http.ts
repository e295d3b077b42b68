/** Analytics HTTP routes: one site's days and compliance over a date range, the person's sites together, CSV. */
import { Hono } from "hono";
import { z } from "zod";
import type { Clock } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { formatMoney } from "../../shared/money/index.ts";
import { type AppEnv, currentUser, doc, type RequireUser } from "../http/index.ts";
import type { AnalyticsMetric } from "../module/index.ts";
import type { AnalyticsDb } from "./facts.ts";
import { checkRange, dailyRows, siteAnalytics, toCsv } from "./read.ts";
import { organisationAnalytics, rowsCsv } from "./read-rows.ts";

export interface AnalyticsHttpDeps {
  db: AnalyticsDb;
  clock: Clock;
  requireUser: RequireUser;
  sitesOf: (userId: string) => Promise<{ id: string; name: string; timeZone: string }[]>;
  /** Organisations the person belongs to (bookings'); none where no module keeps organisations. */
  organisationsOf: (userId: string) => Promise<{ id: string; name: string; timeZone: string }[]>;
  /** Every module's declared metrics (labels and units of the rows). */
  metrics: () => AnalyticsMetric[];
}

const tag = "analytics";
const range = z.object({ from: z.string().max(10), to: z.string().max(10) });
const csvQuery = range.extend({ table: z.enum(["compliance", "daily", "rows"]).default("compliance") });

function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (!r.success) throw new AppError("VALIDATION_ERROR", "invalid query", r.error.issues);
  return r.data;
}

export function analyticsHttp(deps: AnalyticsHttpDeps) {
  const siteOf = async (userId: string, siteId: string) => {
    const site = (await deps.sitesOf(userId)).find((s) => s.id === siteId);
    if (!site) throw new AppError("FORBIDDEN", "not a member of this site");
    return site;
  };
  const report = async (userId: string, siteId: string, query: unknown) => {
    const { from, to } = parse(range, query);
    checkRange(from, to);
    // The rows are read while membership is checked; nothing of them leaves unless the person is a member.
    const rows = dailyRows(deps.db, siteId, from, to);
    rows.catch(() => {});
    const site = await siteOf(userId, siteId);
    return siteAnalytics(deps, { siteId, timeZone: site.timeZone, from, to, now: deps.clock.now(), rows });
  };
  const orgReport = async (userId: string, orgId: string, query: unknown) => {
    const org = (await deps.organisationsOf(userId)).find((o) => o.id === orgId);
    // Another organisation answers like a missing one, so ids cannot be probed.
    if (!org) throw new AppError("NOT_FOUND", "no such organisation");
    const { from, to } = parse(range, query);
    return organisationAnalytics(deps, { orgId, name: org.name, timeZone: org.timeZone, from, to });
  };
  return new Hono<AppEnv>()
    .use("/v1/analytics", deps.requireUser)
    .use("/v1/analytics/*", deps.requireUser)
    .get(
      "/v1/analytics/sites/:siteId",
      doc({
        summary: "A site's daily aggregates and compliance table over local dates",
        tag,
        auth: "user",
        query: range,
        responses: { 200: "aggregates", 400: "bad range", 403: "not a member" },
      }),
      async (c) => {
        const r = await report(currentUser(c).id, c.req.param("siteId"), c.req.query());
        const used = new Set(r.rows.map((x) => x.metric));
        return c.json({ ...r, metrics: deps.metrics().filter((m) => used.has(m.id)) });
      },
    )
    .get(
      "/v1/analytics/sites/:siteId/export.csv",
      doc({
        summary: "The compliance table or the daily figures as CSV",
        tag,
        auth: "user",
        query: csvQuery,
        responses: { 200: "CSV", 400: "bad range", 403: "not a member" },
      }),
      async (c) => {
        const { table } = parse(csvQuery, c.req.query());
        const r = await report(currentUser(c).id, c.req.param("siteId"), c.req.query());
        const csv = table === "rows" ? rowsCsv(r.rows, deps.metrics()) : toCsv(r, table);
        return c.body(csv, 200, {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="${table}-${r.from}-${r.to}.csv"`,
        });
      },
    )
    .get(
      "/v1/analytics/organisations/:orgId",
      doc({
        summary: "An organisation's daily rows (bookings confirmed, booked amounts) over its local dates",
        tag,
        auth: "user",
        query: range,
        responses: { 200: "rows with metric labels", 400: "bad range", 404: "not one of the person's" },
      }),
      async (c) => c.json(await orgReport(currentUser(c).id, c.req.param("orgId"), c.req.query())),
    )
    .get(
      "/v1/analytics/organisations/:orgId/export.csv",
      doc({
        summary: "An organisation's daily rows as CSV",
        tag,
        auth: "user",
        query: range,
        responses: { 200: "CSV", 400: "bad range", 404: "not one of the person's" },
      }),
      async (c) => {
        const r = await orgReport(currentUser(c).id, c.req.param("orgId"), c.req.query());
        return c.body(rowsCsv(r.rows, r.metrics), 200, {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="organisation-${r.from}-${r.to}.csv"`,
        });
      },
    )
    .get(
      "/v1/analytics",
      doc({
        summary: "Totals of every site the person belongs to over local dates",
        tag,
        auth: "user",
        query: range,
        responses: { 200: "totals per site", 400: "bad range" },
      }),
      async (c) => {
        const userId = currentUser(c).id;
        const { from, to } = parse(range, c.req.query());
        const sites = await deps.sitesOf(userId);
        const now = deps.clock.now();
        const out = [];
        for (const s of sites.slice(0, 50)) {
          const r = await siteAnalytics(deps, { siteId: s.id, timeZone: s.timeZone, from, to, now });
          const judged = r.compliance.filter((x) => x.percentInRange !== null);
          const revenue: Record<string, number> = {};
          for (const d of r.days)
            for (const [cur, a] of Object.entries(d.revenue)) revenue[cur] = (revenue[cur] ?? 0) + a;
          out.push({
            siteId: s.id,
            name: s.name,
            alarms: r.days.reduce((n, d) => n + d.alarms, 0),
            percentInRange: judged.length
              ? Math.round((10 * judged.reduce((n, x) => n + x.percentInRange!, 0)) / judged.length) / 10
              : null,
            revenue: Object.entries(revenue).map(([currency, amount]) => ({
              currency,
              amount,
              text: formatMoney({ amount, currency }),
            })),
          });
        }
        return c.json({ from, to, sites: out });
      },
    );
}
