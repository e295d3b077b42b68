/** The one routing table of the cloud bus: event type pattern → the handlers that consume it. */

import { type NotificationsDeps, notifyAlarm } from "../../cloud/notifications/index.ts";
import type { EventEnvelope } from "../../shared/events/index.ts";

/** What handlers may use; built once from the Worker's bindings. */
export interface HandlerDeps {
  notifications: NotificationsDeps;
}

export interface EventHandler {
  /** Stable name, used in logs (each module records processed events under its own consumer name). */
  name: string;
  handle(event: EventEnvelope, deps: HandlerDeps): Promise<void>;
}

export interface EventRoute {
  /** A dotted type; `*` matches exactly one segment. */
  pattern: string;
  handlers: readonly EventHandler[];
}

const alarmNotifications: EventHandler = {
  name: "notifications.alarms",
  handle: (event, deps) => notifyAlarm(deps.notifications, event),
};

export const EVENT_ROUTES: readonly EventRoute[] = [
  { pattern: "equipment.alarm.*", handlers: [alarmNotifications] },
];

/** Every handler whose pattern matches `type`, in table order, each once. */
export function handlersFor(type: string, routes: readonly EventRoute[] = EVENT_ROUTES): EventHandler[] {
  const found = new Set<EventHandler>();
  for (const route of routes) {
    if (matchesPattern(route.pattern, type)) for (const h of route.handlers) found.add(h);
  }
  return [...found];
}

export function matchesPattern(pattern: string, type: string): boolean {
  const p = pattern.split(".");
  const t = type.split(".");
  return p.length === t.length && p.every((segment, i) => segment === "*" || segment === t[i]);
}
