/** Live routes for members: the site's WebSocket and a unit's chart history (C5). */
import { Hono } from "hono";
import { z } from "zod";
import type { Clock } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { HISTORY_RANGES } from "../../shared/live/index.ts";
import { type AppEnv, currentUser, doc, type RequireUser } from "../http/index.ts";
import type { SiteLedgers } from "./ledger/types.ts";
import {
  equipmentHistory,
  equipmentRecord,
  liveSocketToken,
  openLiveSocket,
  RECORD_MAX_DAYS,
} from "./live.ts";
import type { SitesDb } from "./sites.ts";

export interface LiveHttpDeps {
  db: SitesDb;
  ledgers: SiteLedgers;
  clock: Clock;
  requireUser: RequireUser;
  /** Verifies an access token locally (the same check requireUser makes on the Authorization header). */
  verifyAccessToken: (token: string) => Promise<{ id: string; expiresAt: number }>;
}

const tag = "sites";
const historyQuery = z.object({ range: z.enum(HISTORY_RANGES).default("24h") });
const recordQuery = z.object({ days: z.coerce.number().int().min(1).max(RECORD_MAX_DAYS).default(30) });

/** Mount before the other site routes: the socket carries its token in the subprotocol list, not a header. */
export function liveHttp(deps: LiveHttpDeps) {
  const historyPath = "/v1/sites/:siteId/equipment/:equipmentId/history";
  const recordPath = "/v1/sites/:siteId/equipment/:equipmentId/record";

  return new Hono<AppEnv>()
    .use(historyPath, deps.requireUser)
    .use(recordPath, deps.requireUser)
    .get(
      "/v1/sites/:siteId/live",
      doc({
        summary:
          'Live site view over WebSocket: subprotocols ["outpost.live.v1", "bearer.<accessToken>"]; a snapshot, then one message per change; closed with 4401 when the token expires (reconnect with a fresh one), 4403 when no longer a member',
        tag,
        auth: "user",
        responses: {
          101: "switching protocols (outpost.live.v1)",
          400: "not a WebSocket upgrade, or without outpost.live.v1",
          401: "no or bad token",
          403: "not a member (or no such site)",
        },
      }),
      async (c) => {
        const token = liveSocketToken(c.req.raw.headers);
        if (!token) throw new AppError("UNAUTHORIZED", "sign-in required");
        const user = await deps.verifyAccessToken(token);
        return openLiveSocket(deps, {
          siteId: c.req.param("siteId"),
          userId: user.id,
          expiresAt: user.expiresAt,
          upgrade: c.req.raw,
        });
      },
    )
    .get(
      historyPath,
      doc({
        summary:
          "A unit's temperature history for charts: minutes for 24h, hours for 7d and 30d, as column arrays",
        tag,
        auth: "user",
        query: historyQuery,
        responses: {
          200: "history",
          400: "bad query",
          401: "no or bad token",
          403: "not a member (or no such site)",
          404: "no such equipment in this site",
        },
      }),
      async (c) => {
        const parsed = historyQuery.safeParse(c.req.query());
        if (!parsed.success) throw new AppError("VALIDATION_ERROR", "invalid query", parsed.error.issues);
        return c.json(
          await equipmentHistory(deps, {
            siteId: c.req.param("siteId"),
            userId: currentUser(c).id,
            equipmentId: c.req.param("equipmentId"),
            range: parsed.data.range,
          }),
        );
      },
    )
    .get(
      recordPath,
      doc({
        summary:
          "A unit's food-safety record over the last `days` local days: configured limits, hourly verdicts, gaps, excursions and alarms (times in ms; the site's zone named)",
        tag,
        auth: "user",
        query: recordQuery,
        responses: {
          200: "record",
          400: "bad query",
          401: "no or bad token",
          403: "not a member (or no such site)",
        },
      }),
      async (c) => {
        const parsed = recordQuery.safeParse(c.req.query());
        if (!parsed.success) throw new AppError("VALIDATION_ERROR", "invalid query", parsed.error.issues);
        return c.json(
          await equipmentRecord(deps, {
            siteId: c.req.param("siteId"),
            userId: currentUser(c).id,
            equipmentId: c.req.param("equipmentId"),
            days: parsed.data.days,
          }),
        );
      },
    );
}
