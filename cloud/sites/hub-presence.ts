/**
 * Hub presence for people: a hub's authenticated calls note its contact (at most one write a minute), and a
 * scheduled check emits one `hub.offline` for a hub silent HUB_SILENT_MS, then one `hub.online` at its next
 * call. The live view's own presence (the SiteLedger) is separate: it answers sockets within minutes.
 */
import { and, eq, isNotNull, isNull, lt } from "drizzle-orm";
import type { Clock } from "../../shared/clock/index.ts";
import { buildEvent } from "../../shared/events/index.ts";
import { runBatch } from "../db/index.ts";
import { outboxInsert } from "../events/index.ts";
import * as schema from "./schema.ts";
import type { SitesDb } from "./sites.ts";

/** How long a hub may stay silent before people hear it is offline (N minutes). */
export const HUB_SILENT_MS = 10 * 60_000;
/** Contacts closer together than this are not written (the check's resolution is minutes, not seconds). */
export const HUB_CONTACT_WRITE_MS = 60_000;

type HubRow = typeof schema.hubs.$inferSelect;

/** Notes an authenticated call of `hub`; a hub announced offline comes back with one `hub.online`. */
export async function noteHubCall(deps: { db: SitesDb; clock: Clock }, hub: HubRow): Promise<void> {
  const now = deps.clock.now();
  if (hub.offlineSince !== null) {
    const event = buildEvent({
      type: "hub.online",
      source: { siteId: hub.siteId, hubId: hub.id, module: "sites" },
      occurredAt: now,
      data: {
        hubId: hub.id,
        hubName: hub.name,
        offlineSince: new Date(hub.offlineSince).toISOString(),
        onlineAt: new Date(now).toISOString(),
      },
    });
    // The event's id is the silence's own, so two concurrent calls record one hub.online between them.
    event.id = onceId("online", hub.id, hub.offlineSince);
    await runBatch(deps.db, [
      deps.db
        .update(schema.hubs)
        .set({ offlineSince: null, lastSeenAt: now })
        .where(and(eq(schema.hubs.id, hub.id), isNotNull(schema.hubs.offlineSince))),
      outboxInsert(deps.db, schema.outbox, event, now).onConflictDoNothing(),
    ]);
    return;
  }
  if (hub.lastSeenAt === null || now - hub.lastSeenAt >= HUB_CONTACT_WRITE_MS) {
    await deps.db.update(schema.hubs).set({ lastSeenAt: now }).where(eq(schema.hubs.id, hub.id));
  }
}

/** The scheduled check: one `hub.offline` per hub silent longer than HUB_SILENT_MS. Answers how many. */
export async function checkSilentHubs(deps: { db: SitesDb; clock: Clock }): Promise<number> {
  const now = deps.clock.now();
  const silent = await deps.db
    .select()
    .from(schema.hubs)
    .where(
      and(
        isNull(schema.hubs.revokedAt),
        isNull(schema.hubs.offlineSince),
        lt(schema.hubs.lastSeenAt, now - HUB_SILENT_MS),
      ),
    )
    .limit(200);
  for (const hub of silent) {
    const lastSeenAt = hub.lastSeenAt!;
    const event = buildEvent({
      type: "hub.offline",
      source: { siteId: hub.siteId, hubId: hub.id, module: "sites" },
      occurredAt: now,
      data: {
        hubId: hub.id,
        hubName: hub.name,
        lastSeenAt: new Date(lastSeenAt).toISOString(),
        detectedAt: new Date(now).toISOString(),
      },
    });
    event.id = onceId("offline", hub.id, lastSeenAt);
    await runBatch(deps.db, [
      deps.db
        .update(schema.hubs)
        .set({ offlineSince: lastSeenAt })
        .where(and(eq(schema.hubs.id, hub.id), isNull(schema.hubs.offlineSince))),
      outboxInsert(deps.db, schema.outbox, event, now).onConflictDoNothing(),
    ]);
  }
  return silent.length;
}

/** One id per silence (hub and its last contact), so a retried check or call never records it twice. */
function onceId(what: "offline" | "online", hubId: string, lastSeenAt: number): string {
  return `hub-${what}-${lastSeenAt}-${hubId}`.slice(0, 64);
}
