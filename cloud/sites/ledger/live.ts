/** The live view: the snapshot, the changes an ingest made, and the hub's presence (contact, offline after 2 min). */
import { desc, eq } from "drizzle-orm";
import {
  HUB_OFFLINE_AFTER_MS,
  type HubView,
  type LiveChange,
  type LiveSnapshot,
} from "../../../shared/live/index.ts";
import { readAlarms, readDevices, readEquipment, readLiveAlarms } from "./read.ts";
import { hubContacts, liveChanges } from "./schema.ts";
import type { LedgerDb } from "./types.ts";

// Durable Object SQLite binds at most 100 parameters per statement.
const PAGE = 90;

/** Closed alarms stay in the snapshot this long; older ones are history (GET …/alarms?status=closed). */
const SNAPSHOT_CLOSED_MS = 7 * 24 * 3_600_000;

/** What a socket gets first: everything the site shows. */
export function readSnapshot(db: LedgerDb, now: number): LiveSnapshot {
  return {
    type: "snapshot",
    hub: readHub(db, now),
    equipment: readEquipment(db),
    alarms: readLiveAlarms(db, now - SNAPSHOT_CLOSED_MS),
    devices: readDevices(db),
  };
}

/** The site's hub as last seen: the one with the latest contact; offline after HUB_OFFLINE_AFTER_MS. */
export function readHub(db: LedgerDb, now: number): HubView {
  const row = db.select().from(hubContacts).orderBy(desc(hubContacts.lastSeenAt)).limit(1).get();
  if (!row) return { hubId: null, online: false, lastSeenAt: null };
  return {
    hubId: row.hubId,
    online: now - row.lastSeenAt < HUB_OFFLINE_AFTER_MS,
    lastSeenAt: new Date(row.lastSeenAt).toISOString(),
  };
}

/** Records a contact from the hub; answers the hub's view when it just came (back) online, else null. */
export function noteHubContact(db: LedgerDb, hubId: string, now: number): HubView | null {
  const before = db.select().from(hubContacts).where(eq(hubContacts.hubId, hubId)).get();
  db.insert(hubContacts)
    .values({ hubId, lastSeenAt: now, announcedOnline: true })
    .onConflictDoUpdate({ target: hubContacts.hubId, set: { lastSeenAt: now, announcedOnline: true } })
    .run();
  return before?.announcedOnline ? null : { hubId, online: true, lastSeenAt: new Date(now).toISOString() };
}

/**
 * Marks hubs silent for HUB_OFFLINE_AFTER_MS as offline; answers the views that changed, and when the next
 * online hub would go silent (for the caller's alarm), or null when none is online.
 */
export function checkHubPresence(
  db: LedgerDb,
  now: number,
): { changed: HubView[]; nextCheckAt: number | null } {
  const changed: HubView[] = [];
  let nextCheckAt: number | null = null;
  for (const row of db.select().from(hubContacts).where(eq(hubContacts.announcedOnline, true)).all()) {
    const deadline = row.lastSeenAt + HUB_OFFLINE_AFTER_MS;
    if (now >= deadline) {
      db.update(hubContacts).set({ announcedOnline: false }).where(eq(hubContacts.hubId, row.hubId)).run();
      changed.push({ hubId: row.hubId, online: false, lastSeenAt: new Date(row.lastSeenAt).toISOString() });
    } else {
      nextCheckAt = Math.min(nextCheckAt ?? deadline, deadline);
    }
  }
  return { changed, nextCheckAt };
}

/** The views marked changed by projections since the last drain, as messages (one per view); clears the marks. */
export function drainLiveChanges(db: LedgerDb): LiveChange[] {
  const marks = db.select().from(liveChanges).all();
  if (marks.length === 0) return [];
  const keys = (kind: string) => marks.filter((m) => m.kind === kind).map((m) => m.key);
  const out: LiveChange[] = [];
  for (const ids of pages(keys("equipment"))) {
    for (const data of readEquipment(db, ids)) out.push({ type: "equipment", data });
  }
  for (const ids of pages(keys("alarm"))) {
    for (const data of readAlarms(db, "all", ids)) out.push({ type: "alarm", data });
  }
  for (const ids of pages(keys("device"))) {
    for (const data of readDevices(db, ids)) out.push({ type: "device", data });
  }
  db.delete(liveChanges).run();
  return out;
}

/** Clears the marks unread, when no socket is open to be told. */
export function discardLiveChanges(db: LedgerDb): LiveChange[] {
  db.delete(liveChanges).run();
  return [];
}

function* pages<T>(items: T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += PAGE) yield items.slice(i, i + PAGE);
}
