/** Turns site events into in-app notifications for every member of the site, through the describers. */

import { desc, eq } from "drizzle-orm";
import type { Clock } from "../../shared/clock/index.ts";
import { type EventData, type EventEnvelope, isKnownEventType } from "../../shared/events/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import { type CloudDb, D1_MAX_PARAMETERS } from "../db/index.ts";
import { consumeOnce } from "../events/index.ts";
import { describeEvent } from "./describers.ts";
import * as schema from "./schema.ts";

export type NotificationsDb = CloudDb<typeof schema>;

export interface NotificationsDeps {
  db: NotificationsDb;
  clock: Clock;
  /** Who belongs to a site: the sites module's public function, injected so this module never reads its tables. */
  siteMembers: (siteId: string) => Promise<{ userId: string }[]>;
}

// D1 binds at most 100 parameters per statement; a notification row binds 8.
const ROWS_PER_INSERT = Math.floor(D1_MAX_PARAMETERS / 8);

function chunk<T>(items: T[], size: number): T[][] {
  const parts: T[][] = [];
  for (let i = 0; i < items.length; i += size) parts.push(items.slice(i, i + size));
  return parts;
}

/** One notification per site member for an alarm event, applied once per event (consumeOnce). */
export async function notifyAlarm(deps: NotificationsDeps, event: EventEnvelope): Promise<void> {
  await consumeOnce(
    { db: deps.db, table: schema.processedEvents, clock: deps.clock },
    "notifications.alarms",
    event,
    async () => {
      const description = isKnownEventType(event.type)
        ? describeEvent(event.type, event.data as EventData<typeof event.type>)
        : null;
      if (!description) return [];
      const now = deps.clock.now();
      const members = await deps.siteMembers(event.source.siteId);
      const rows = members.map((m) => ({
        id: uuidv7(now),
        userId: m.userId,
        siteId: event.source.siteId,
        eventId: event.id,
        kind: event.type,
        title: description.title,
        body: description.body,
        createdAt: now,
      }));
      return chunk(rows, ROWS_PER_INSERT).map((part) => deps.db.insert(schema.notifications).values(part));
    },
  );
}

export interface NotificationView {
  id: string;
  siteId: string;
  kind: string;
  title: string;
  body: string;
  createdAt: string;
  read: boolean;
}

/** A user's latest notifications, newest first. */
export async function listNotifications(
  deps: { db: NotificationsDb },
  userId: string,
): Promise<NotificationView[]> {
  const rows = await deps.db
    .select()
    .from(schema.notifications)
    .where(eq(schema.notifications.userId, userId))
    .orderBy(desc(schema.notifications.createdAt), desc(schema.notifications.id))
    .limit(50);
  return rows.map((r) => ({
    id: r.id,
    siteId: r.siteId,
    kind: r.kind,
    title: r.title,
    body: r.body,
    createdAt: new Date(r.createdAt).toISOString(),
    read: r.readAt !== null,
  }));
}
