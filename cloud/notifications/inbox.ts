/** A person's in-app notifications: the list, the unread count, marking read. */
import { and, count, desc, eq, inArray, isNull } from "drizzle-orm";
import type { Clock } from "../../shared/clock/index.ts";
import type { CloudDb } from "../db/index.ts";
import * as schema from "./schema.ts";

export type NotificationsDb = CloudDb<typeof schema>;

export interface NotificationView {
  id: string;
  siteId: string;
  kind: string;
  category: string;
  title: string;
  body: string;
  /** The owner-app path it opens (the alarm it names); null when it names nothing to open. */
  link: string | null;
  critical: boolean;
  createdAt: string;
  /** The site's zone it was written in (the body's times); the centre shows `createdAt` there too. */
  timeZone: string | null;
  read: boolean;
}

export function notificationView(r: typeof schema.notifications.$inferSelect): NotificationView {
  return {
    id: r.id,
    siteId: r.siteId,
    kind: r.kind,
    category: r.category,
    title: r.title,
    body: r.body,
    link: r.link,
    critical: r.critical,
    createdAt: new Date(r.createdAt).toISOString(),
    timeZone: r.timeZone,
    read: r.readAt !== null,
  };
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
  return rows.map(notificationView);
}

export async function unreadCount(deps: { db: NotificationsDb }, userId: string): Promise<number> {
  const row = await deps.db
    .select({ n: count() })
    .from(schema.notifications)
    .where(and(eq(schema.notifications.userId, userId), isNull(schema.notifications.readAt)))
    .get();
  return row?.n ?? 0;
}

/** Marks the named notifications (or all, when `ids` is absent) read; another person's ids change nothing. */
export async function markRead(
  deps: { db: NotificationsDb; clock: Clock },
  userId: string,
  ids?: string[],
): Promise<{ unread: number }> {
  const mine = and(eq(schema.notifications.userId, userId), isNull(schema.notifications.readAt));
  await deps.db
    .update(schema.notifications)
    .set({ readAt: deps.clock.now() })
    .where(ids ? and(mine, inArray(schema.notifications.id, ids.slice(0, 90))) : mine);
  return { unread: await unreadCount(deps, userId) };
}
