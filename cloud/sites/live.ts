/** What members get live and for charts: the site's WebSocket (C5) and a unit's history, both from its ledger. */

import { and, eq } from "drizzle-orm";
import { type Clock, startOfLocalDay } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import {
  BEARER_PROTOCOL_PREFIX,
  type HistoryRange,
  type HistoryView,
  LIVE_CLOSE_TOKEN_EXPIRED,
  LIVE_PROTOCOL,
} from "../../shared/live/index.ts";
import type { FoodSafetyRecord } from "../../shared/records/food-safety.ts";
import type { SiteLedgers } from "./ledger/types.ts";
import * as schema from "./schema.ts";
import { getSite, requireMembership, type SitesDb } from "./sites.ts";

interface LiveDeps {
  db: SitesDb;
  ledgers: SiteLedgers;
  clock: Clock;
}

/** A unit's chart history; any member may read it. */
export async function equipmentHistory(
  deps: LiveDeps,
  input: { siteId: string; userId: string; equipmentId: string; range: HistoryRange },
): Promise<HistoryView> {
  await requireMembership(deps, input);
  // Only a unit of this site (its ledger's or configured here): another site's id is no such unit, not an empty chart.
  const [units, configured] = await Promise.all([
    deps.ledgers.equipment(input.siteId),
    deps.db
      .select({ id: schema.siteEquipment.id })
      .from(schema.siteEquipment)
      .where(
        and(eq(schema.siteEquipment.siteId, input.siteId), eq(schema.siteEquipment.id, input.equipmentId)),
      )
      .get(),
  ]);
  if (!configured && !units.some((u) => u.equipmentId === input.equipmentId)) {
    throw new AppError("NOT_FOUND", "no such equipment in this site");
  }
  return deps.ledgers.history(input.siteId, input.equipmentId, input.range);
}

const DAY_MS = 86_400_000;
export const RECORD_MAX_DAYS = 31;

/**
 * A unit's food-safety record over the last `days` whole local days of the site (today included), with the
 * site's time zone its times are shown in; any member may read it.
 */
export async function equipmentRecord(
  deps: LiveDeps,
  input: { siteId: string; userId: string; equipmentId: string; days: number },
): Promise<FoodSafetyRecord & { timeZone: string }> {
  const site = await getSite(deps, input);
  const to = deps.clock.now();
  const from = startOfLocalDay(to - (input.days - 1) * DAY_MS, site.timeZone);
  const record = await deps.ledgers.record(input.siteId, input.equipmentId, { from, to });
  return { ...record, timeZone: site.timeZone };
}

/**
 * The access token of a live socket request: browsers cannot set headers on a WebSocket, so it comes in the
 * subprotocol list next to LIVE_PROTOCOL. Answers undefined when there is none; refuses anything but an upgrade.
 */
export function liveSocketToken(headers: Headers): string | undefined {
  if (headers.get("upgrade")?.toLowerCase() !== "websocket") {
    throw new AppError("VALIDATION_ERROR", "a WebSocket upgrade is required");
  }
  const offered = (headers.get("sec-websocket-protocol") ?? "").split(",").map((p) => p.trim());
  if (!offered.includes(LIVE_PROTOCOL)) {
    throw new AppError("VALIDATION_ERROR", `the ${LIVE_PROTOCOL} subprotocol is required`);
  }
  const bearer = offered.find((p) => p.startsWith(BEARER_PROTOCOL_PREFIX));
  return bearer ? bearer.slice(BEARER_PROTOCOL_PREFIX.length) || undefined : undefined;
}

/**
 * Hands a member's WebSocket upgrade to the site's ledger, which answers 101 and sends the snapshot, and
 * closes the socket (4401) when the token that opened it expires at `expiresAt` (ms).
 */
export async function openLiveSocket(
  deps: LiveDeps,
  input: { siteId: string; userId: string; expiresAt: number; upgrade: Request },
): Promise<Response> {
  await requireMembership(deps, input);
  return deps.ledgers.live(input.siteId, { userId: input.userId, expiresAt: input.expiresAt }, input.upgrade);
}

/** Closes `userId`'s live sockets on every site they belong to (4401): their sign-ins were revoked. */
export async function closeLiveSockets(deps: LiveDeps, userId: string): Promise<void> {
  const sites = await deps.db
    .select({ siteId: schema.siteMembers.siteId })
    .from(schema.siteMembers)
    .where(eq(schema.siteMembers.userId, userId));
  await Promise.all(
    sites.map(({ siteId }) => deps.ledgers.disconnect(siteId, userId, LIVE_CLOSE_TOKEN_EXPIRED)),
  );
}
