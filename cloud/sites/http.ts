/** Sites HTTP routes for signed-in users: sites, claim codes and hubs, equipment, alarms and events. */
import { Hono } from "hono";
import { z } from "zod";
import { alarmFilterSchema } from "../../shared/alarms/index.ts";
import type { PlanLimitCheck } from "../../shared/billing/index.ts";
import type { Clock } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { type AppEnv, currentUser, doc, type RequireUser, readJson } from "../http/index.ts";
import { createClaimCode } from "./claim.ts";
import { hubAccessToken, hubTokenRequestSchema, type IssueHubAccessToken } from "./hub-access.ts";
import { listHubs, revokeHub } from "./hubs.ts";
import type { InviteMailer } from "./invites.ts";
import type { SiteLedgers } from "./ledger/types.ts";
import { listAlarms, listEquipment, listEvents } from "./read.ts";
import { deleteSite, deleteSiteSchema } from "./site-deletion.ts";
import {
  createSite,
  createSiteSchema,
  getSite,
  listSitesOf,
  type SitesDb,
  updateSite,
  updateSiteSchema,
} from "./sites.ts";

export interface SitesHttpDeps {
  db: SitesDb;
  ledgers: SiteLedgers;
  clock: Clock;
  mailer: InviteMailer;
  inviteUrl: string;
  /** Billing's plan limits (injected; sites never reads billing's tables). */
  planLimits?: PlanLimitCheck;
  requireUser: RequireUser;
  issueHubAccessToken: IssueHubAccessToken;
  /** Accounts' names for user ids (the members list shows people, not ids); absent in bare route tests. */
  people?: (userIds: string[]) => Promise<{ userId: string; email: string; displayName: string | null }[]>;
}

const tag = "sites";
const alarmQuery = z.object({ status: alarmFilterSchema.default("open") });
const eventQuery = z
  .object({
    hubId: z.string().min(1).max(64).optional(),
    lane: z.enum(["priority", "bulk"]).optional(),
    afterSeq: z.coerce.number().int().min(0).default(0),
    /** The previous page's `next`: where the site-wide list goes on. */
    after: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(500),
  })
  .refine((q) => q.afterSeq === 0 || (q.hubId && q.lane), {
    message:
      "afterSeq counts within one hub's lane: name hubId and lane (priority or bulk), or page with after",
    path: ["afterSeq"],
  });

/** A page's cursor: the last event's lane, seq and hub (the hub id last, so it may hold any character). */
const cursorOf = (e: { hubId: string; lane: string; seq: number }) => `${e.lane}.${e.seq}.${e.hubId}`;
function parseCursor(after: string | undefined) {
  if (after === undefined) return undefined;
  const m = /^(priority|bulk)\.(\d{1,15})\.(.+)$/.exec(after);
  if (!m) throw new AppError("VALIDATION_ERROR", "after: not a cursor this list gave out");
  return { lane: m[1]!, seq: Number(m[2]), hubId: m[3]! };
}
const member = { 401: "no or bad token", 403: "not a member (or no such site)" };
const owner = { 401: "no or bad token", 403: "not an OWNER (or no such site)" };

function query<S extends z.ZodType>(schema: S, raw: Record<string, string>): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new AppError("VALIDATION_ERROR", "invalid query", parsed.error.issues);
  return parsed.data;
}

export function sitesHttp(deps: SitesHttpDeps) {
  const who = (c: Parameters<typeof currentUser>[0]) => ({
    siteId: c.req.param("siteId") ?? "",
    userId: currentUser(c).id,
  });

  return new Hono<AppEnv>()
    .use("/v1/sites", deps.requireUser)
    .use("/v1/sites/*", deps.requireUser)
    .post(
      "/v1/sites",
      doc({
        summary: "Create a site (time zone: IANA name, default UTC); the caller becomes its OWNER",
        tag,
        auth: "user",
        body: createSiteSchema,
        responses: { 201: "created", 400: "bad input", 401: "no or bad token" },
      }),
      async (c) => {
        const input = await readJson(c, createSiteSchema);
        return c.json(await createSite(deps, { userId: currentUser(c).id, ...input }), 201);
      },
    )
    .get(
      "/v1/sites",
      doc({
        summary: "Sites the caller belongs to, with their role",
        tag,
        auth: "user",
        responses: { 200: "sites", 401: "no or bad token" },
      }),
      async (c) => c.json({ sites: await listSitesOf(deps, currentUser(c).id) }),
    )
    .get(
      "/v1/sites/:siteId",
      doc({ summary: "One site", tag, auth: "user", responses: { 200: "site", ...member } }),
      async (c) => c.json(await getSite(deps, who(c))),
    )
    .patch(
      "/v1/sites/:siteId",
      doc({
        summary: "Rename a site and/or set its IANA time zone",
        tag,
        auth: "user",
        body: updateSiteSchema,
        responses: { 200: "site", 400: "bad input", ...owner },
      }),
      async (c) => {
        const input = await readJson(c, updateSiteSchema);
        return c.json(await updateSite(deps, { ...who(c), ...input }));
      },
    )
    .delete(
      "/v1/sites/:siteId",
      doc({
        summary:
          "Delete a site (the body repeats its name): members, invites and claim codes go, its hubs are revoked",
        tag,
        auth: "user",
        body: deleteSiteSchema,
        responses: { 204: "deleted", 400: "bad input or the name does not match", ...owner },
      }),
      async (c) => {
        await deleteSite(deps, { ...who(c), ...(await readJson(c, deleteSiteSchema)) });
        return c.body(null, 204);
      },
    )
    .post(
      "/v1/sites/:siteId/claim-codes",
      doc({
        summary: "Mint a one-time hub claim code (24 h)",
        tag: "hubs",
        auth: "user",
        responses: { 201: "code", ...owner },
      }),
      async (c) => c.json(await createClaimCode(deps, who(c)), 201),
    )
    .get(
      "/v1/sites/:siteId/hubs",
      doc({
        summary: "The site's hubs",
        tag: "hubs",
        auth: "user",
        responses: { 200: "hubs", 401: "no or bad token", 403: "not OWNER or MAINTAINER" },
      }),
      async (c) => c.json({ hubs: await listHubs(deps, who(c)) }),
    )
    .post(
      "/v1/sites/:siteId/hubs/:hubId/revoke",
      doc({
        summary: "Revoke a hub: its sync is refused from now on",
        tag: "hubs",
        auth: "user",
        responses: { 204: "revoked", ...owner, 404: "no such hub in this site" },
      }),
      async (c) => {
        await revokeHub(deps, { ...who(c), hubId: c.req.param("hubId") });
        return c.body(null, 204);
      },
    )
    .post(
      "/v1/sites/:siteId/hub-token",
      doc({
        summary: "A 12-hour token to sign in at the site's hub, verified there without a network",
        tag: "hubs",
        auth: "user",
        body: hubTokenRequestSchema,
        responses: { 200: "token", 400: "bad input", ...member, 404: "the site has no (such) live hub" },
      }),
      async (c) => {
        // The body is optional: an empty POST asks for the site's newest hub.
        const hasBody = Number(c.req.header("content-length") ?? "0") > 0;
        const { hubId } = hasBody ? await readJson(c, hubTokenRequestSchema) : {};
        const user = currentUser(c);
        return c.json(await hubAccessToken(deps, { ...who(c), email: user.email, hubId }));
      },
    )
    .get(
      "/v1/sites/:siteId/equipment",
      doc({
        summary: "Equipment with its latest state",
        tag,
        auth: "user",
        responses: { 200: "equipment", ...member },
      }),
      async (c) => c.json({ equipment: await listEquipment(deps, who(c)) }),
    )
    .get(
      "/v1/sites/:siteId/alarms",
      doc({
        summary:
          "Alarms by the hub's status words: open (RAISED or ACKNOWLEDGED, the default), raised, acknowledged, cleared, closed, all",
        tag,
        auth: "user",
        query: alarmQuery,
        responses: { 200: "alarms", 400: "bad query", ...member },
      }),
      async (c) =>
        c.json({
          alarms: await listAlarms(deps, { ...who(c), filter: query(alarmQuery, c.req.query()).status }),
        }),
    )
    .get(
      "/v1/sites/:siteId/events",
      doc({
        summary: "The site's synced event log, paged with `next` (or afterSeq within one hub's lane)",
        tag,
        auth: "user",
        query: eventQuery,
        responses: { 200: "events", 400: "bad query", ...member },
      }),
      async (c) => {
        const q = query(eventQuery, c.req.query());
        const events = await listEvents(deps, { ...who(c), query: { ...q, after: parseCursor(q.after) } });
        // A full page may have more behind it: `next` is where the following page starts.
        const last = events.length === q.limit ? events.at(-1) : undefined;
        return c.json({ events, next: last ? cursorOf(last) : null });
      },
    );
}
