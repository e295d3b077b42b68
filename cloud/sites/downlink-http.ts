/**
 * Routes for what goes down to a hub: owners configure devices, equipment and rules (desired state) and
 * members queue remote actions; the hub fetches its document (ETag) and pending actions and reports back.
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import { appliedReportSchema, parseSectionSet, SECTIONS_HEADER } from "../../shared/desired-state/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { acknowledgeInputSchema, actionResultSchema, closeInputSchema } from "../../shared/sync/index.ts";
import { type AppEnv, bearerToken, currentUser, doc, type RequireUser, readJson } from "../http/index.ts";
import {
  type ActionsDeps,
  listSiteActions,
  pendingActionsFor,
  recordActionResult,
  requestAlarmAction,
} from "./actions/actions.ts";
import {
  alarmRulesConfigSchema,
  alarmRulesOf,
  equipmentConfigSchema,
  pairSiteDevice,
  pairSiteDeviceSchema,
  putAlarmRules,
  putSiteEquipment,
  revokeSiteDevice,
} from "./desired-state/config.ts";
import { type DesiredStateDeps, desiredStateFor, recordApplied } from "./desired-state/document.ts";
import { authenticateHub } from "./hub-auth.ts";

export type DownlinkHttpDeps = DesiredStateDeps & ActionsDeps & { requireUser: RequireUser };

const owner = { 400: "bad input", 401: "no or bad token", 403: "not an OWNER (or no such site)" };
const hubAuth = { 401: "bad hub token", 403: "revoked hub" };
const actionsQuery = z.object({ status: z.enum(["pending", "all"]).default("pending") });

export function downlinkHttp(deps: DownlinkHttpDeps) {
  const hubOf = (c: {
    req: { param(n: string): string | undefined; header(n: string): string | undefined };
  }) =>
    authenticateHub(deps, {
      hubId: c.req.param("hubId") ?? "",
      token: bearerToken(c.req.header("authorization")),
    });
  const site = (c: Parameters<typeof currentUser>[0]) => ({
    siteId: c.req.param("siteId") ?? "",
    userId: currentUser(c).id,
  });
  // Acknowledge and close differ only in their words and body: one route shape, written once.
  const alarmAction = <S extends typeof acknowledgeInputSchema | typeof closeInputSchema>(
    verb: "acknowledge" | "close",
    kind: "alarm.acknowledge" | "alarm.close",
    schema: S,
  ) =>
    [
      doc({
        summary: `Ask the site's hub to ${verb} an alarm in the caller's name (applied on its next sync)`,
        tag: "actions",
        auth: "user",
        body: schema,
        responses: {
          202: "queued",
          400: "bad input",
          401: "no or bad token",
          403: "not MAINTAINER or OWNER",
          404: "no such alarm in this site",
        },
      }),
      // Typed with the body it takes, so the route's type (and the owner app's client) carries it.
      async (c: Context<AppEnv, string, { in: { json: z.input<S> } }>) => {
        // Either body is a plain object; the schema in the doc above is what the typed client sends.
        const input = await readJson(c, schema as z.ZodType<Record<string, unknown>>);
        const user = currentUser(c);
        const queued = await requestAlarmAction(deps, {
          siteId: c.req.param("siteId") ?? "",
          user: { id: user.id, name: user.email },
          alarmId: c.req.param("alarmId") ?? "",
          kind,
          input,
        });
        return c.json(queued, 202);
      },
    ] as const;
  const acknowledge = alarmAction("acknowledge", "alarm.acknowledge", acknowledgeInputSchema);
  const close = alarmAction("close", "alarm.close", closeInputSchema);

  return new Hono<AppEnv>()
    .use("/v1/sites/*", deps.requireUser)
    .post(
      "/v1/sites/:siteId/devices",
      doc({
        summary:
          "Pair a device from the cloud; the secret is shown once, the hub accepts it after its next sync",
        tag: "desired-state",
        auth: "user",
        body: pairSiteDeviceSchema,
        responses: { 201: "paired", ...owner },
      }),
      async (c) =>
        c.json(await pairSiteDevice(deps, { ...site(c), ...(await readJson(c, pairSiteDeviceSchema)) }), 201),
    )
    .post(
      "/v1/sites/:siteId/devices/:deviceId/revoke",
      doc({
        summary: "Revoke a cloud-paired device",
        tag: "desired-state",
        auth: "user",
        responses: { 204: "revoked", ...owner, 404: "no such device in this site" },
      }),
      async (c) => {
        await revokeSiteDevice(deps, { ...site(c), deviceId: c.req.param("deviceId") });
        return c.body(null, 204);
      },
    )
    .put(
      "/v1/sites/:siteId/equipment/:equipmentId",
      doc({
        summary: "Set one piece of equipment's name, type and ranges",
        tag: "desired-state",
        auth: "user",
        body: equipmentConfigSchema,
        responses: { 200: "equipment", ...owner },
      }),
      async (c) => {
        const body = await readJson(c, equipmentConfigSchema);
        return c.json(
          await putSiteEquipment(deps, { ...site(c), equipmentId: c.req.param("equipmentId"), ...body }),
        );
      },
    )
    .get(
      "/v1/sites/:siteId/equipment/:equipmentId/rules",
      doc({
        summary: "One unit's alarm rule settings as the cloud sends them down ({} when the hub's own apply)",
        tag: "desired-state",
        auth: "user",
        responses: { 200: "rules", 401: "no or bad token", 403: "not a member (or no such site)" },
      }),
      async (c) => c.json(await alarmRulesOf(deps, { ...site(c), equipmentId: c.req.param("equipmentId") })),
    )
    .put(
      "/v1/sites/:siteId/equipment/:equipmentId/rules",
      doc({
        summary: "Set one piece of equipment's alarm rule settings",
        tag: "desired-state",
        auth: "user",
        body: alarmRulesConfigSchema,
        responses: { 200: "rules", ...owner, 404: "no such equipment" },
      }),
      async (c) => {
        const settings = await readJson(c, alarmRulesConfigSchema);
        return c.json(
          await putAlarmRules(deps, { ...site(c), equipmentId: c.req.param("equipmentId"), settings }),
        );
      },
    )
    .post("/v1/sites/:siteId/alarms/:alarmId/acknowledge", acknowledge[0], acknowledge[1])
    .post("/v1/sites/:siteId/alarms/:alarmId/close", close[0], close[1])
    .get(
      "/v1/sites/:siteId/actions",
      doc({
        summary: "Remote actions of the site",
        tag: "actions",
        auth: "user",
        query: actionsQuery,
        responses: { 200: "actions", ...owner },
      }),
      async (c) => {
        const parsed = actionsQuery.safeParse(c.req.query());
        if (!parsed.success) throw new AppError("VALIDATION_ERROR", "invalid query", parsed.error.issues);
        return c.json({ actions: await listSiteActions(deps, { ...site(c), status: parsed.data.status }) });
      },
    )
    .get(
      "/v1/hubs/:hubId/desired-state",
      doc({
        summary:
          "The site's desired-state document, as served for the sections the hub states in `Outpost-Sections` " +
          "(`name@version, …`); ETag covers the version and that set; If-None-Match → 304",
        tag: "hubs",
        auth: "hub",
        responses: { 200: "document", 304: "unchanged", 400: "malformed Outpost-Sections", ...hubAuth },
      }),
      async (c) => {
        const hub = await hubOf(c);
        const header = c.req.header(SECTIONS_HEADER);
        const stated = header === undefined ? undefined : parseSectionSet(header);
        if (header !== undefined && !stated)
          throw new AppError("VALIDATION_ERROR", `${SECTIONS_HEADER} must be a list of name@version`);
        const { document, etag } = await desiredStateFor(deps, hub, stated);
        const headers = { etag, vary: SECTIONS_HEADER };
        const match = c.req.header("if-none-match");
        if (match?.split(",").some((t) => t.trim() === etag)) return c.body(null, 304, headers);
        return c.json(document, 200, headers);
      },
    )
    .post(
      "/v1/hubs/:hubId/desired-state/applied",
      doc({
        summary: "The hub reports the version it applied, or why it could not",
        tag: "hubs",
        auth: "hub",
        body: appliedReportSchema,
        responses: { 204: "recorded", 400: "bad input", ...hubAuth },
      }),
      async (c) => {
        const hub = await hubOf(c);
        await recordApplied(deps, hub, await readJson(c, appliedReportSchema));
        return c.body(null, 204);
      },
    )
    .get(
      "/v1/hubs/:hubId/actions",
      doc({
        summary: "Pending remote actions for the hub's site",
        tag: "hubs",
        auth: "hub",
        responses: { 200: "actions", ...hubAuth },
      }),
      async (c) => c.json({ actions: await pendingActionsFor(deps, await hubOf(c)) }),
    )
    .post(
      "/v1/hubs/:hubId/actions/:actionId/result",
      doc({
        summary: "The hub reports an action's result (APPLIED or FAILED)",
        tag: "hubs",
        auth: "hub",
        body: actionResultSchema,
        responses: { 200: "action", 400: "bad input", 404: "no such action", ...hubAuth },
      }),
      async (c) => {
        const hub = await hubOf(c);
        const result = await readJson(c, actionResultSchema);
        return c.json(await recordActionResult(deps, hub, { actionId: c.req.param("actionId"), ...result }));
      },
    );
}
