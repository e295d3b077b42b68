/** Notifications HTTP routes: the signed-in person's in-app notifications and their preferences. */
import { Hono } from "hono";
import { z } from "zod";
import type { Clock } from "../../shared/clock/index.ts";
import { type AppEnv, currentUser, doc, type RequireUser, readJson } from "../http/index.ts";
import type { NotificationCategory } from "../module/index.ts";
import { listNotifications, markRead, type NotificationsDb, unreadCount } from "./inbox.ts";
import { preferencesInput, readPreferences, savePreferences } from "./preferences.ts";

const tag = "notifications";
const readBody = z.object({ ids: z.array(z.string().max(100)).max(90).optional() });

export function notificationsHttp(deps: {
  db: NotificationsDb;
  clock: Clock;
  requireUser: RequireUser;
  categories: () => readonly NotificationCategory[];
}) {
  return new Hono<AppEnv>()
    .use("/v1/notifications", deps.requireUser)
    .use("/v1/notifications/*", deps.requireUser)
    .get(
      "/v1/notifications",
      doc({
        summary: "The signed-in person's latest notifications and unread count",
        tag,
        auth: "user",
        responses: { 200: "notifications" },
      }),
      async (c) => {
        const userId = currentUser(c).id;
        const [notifications, unread] = await Promise.all([
          listNotifications(deps, userId),
          unreadCount(deps, userId),
        ]);
        return c.json({ notifications, unread });
      },
    )
    .post(
      "/v1/notifications/read",
      doc({
        summary: "Marks the named notifications read (all, without ids)",
        tag,
        auth: "user",
        body: readBody,
        responses: { 200: "unread count", 400: "bad input" },
      }),
      async (c) => {
        const { ids } = await readJson(c, readBody);
        return c.json(await markRead(deps, currentUser(c).id, ids));
      },
    )
    .get(
      "/v1/notifications/preferences",
      doc({
        summary: "Channels per category, quiet hours, digest, every-change",
        tag,
        auth: "user",
        responses: { 200: "preferences" },
      }),
      async (c) => c.json(await readPreferences(deps.db, currentUser(c).id, deps.categories())),
    )
    .put(
      "/v1/notifications/preferences",
      doc({
        summary: "Saves the signed-in person's preferences",
        tag,
        auth: "user",
        body: preferencesInput,
        responses: { 200: "preferences", 400: "bad input" },
      }),
      async (c) => {
        const userId = currentUser(c).id;
        await savePreferences(deps.db, userId, await readJson(c, preferencesInput), deps.categories());
        return c.json(await readPreferences(deps.db, userId, deps.categories()));
      },
    );
}
