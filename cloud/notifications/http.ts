/** Notifications HTTP routes: the signed-in user's in-app notifications. */
import { Hono } from "hono";
import { type AppEnv, currentUser, type RequireUser } from "../http/index.ts";
import { listNotifications, type NotificationsDb } from "./alarm-notifications.ts";

export function notificationsHttp(deps: { db: NotificationsDb; requireUser: RequireUser }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/v1/notifications", deps.requireUser, async (c) =>
    c.json({ notifications: await listNotifications(deps, currentUser(c).id) }),
  );
  return app;
}
