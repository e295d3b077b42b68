/**
 * Turns any catalogued event into notifications through the describer its owning module declares: the
 * module's audience (or the site's members), each person's channels, quiet hours (deferred, never dropped;
 * critical alarms ignore them), the digest, and one message per alarm episode unless they ask for every change.
 */
import { eq } from "drizzle-orm";
import type { Clock } from "../../shared/clock/index.ts";
import { type EventEnvelope, type EventType, isKnownEventType } from "../../shared/events/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import { D1_MAX_PARAMETERS } from "../db/index.ts";
import { consumeOnce } from "../events/index.ts";
import type {
  BoundNotifications,
  Description,
  EventDescriber,
  NotificationCategory,
} from "../module/index.ts";
import { describeContext } from "./describe-context.ts";
import type { NotificationsDb, NotificationView } from "./inbox.ts";
import { notificationView } from "./inbox.ts";
import { channelOn, loadPreferences, type PersonSettings } from "./preferences.ts";
import { withPushDevices } from "./push.ts";
import { inQuietHours, quietEndsAt } from "./quiet.ts";
import * as schema from "./schema.ts";

export interface Person {
  userId: string;
  email: string;
  displayName: string | null;
}

export interface DeliverDeps {
  db: NotificationsDb;
  clock: Clock;
  sources: () => BoundNotifications[];
  siteInfo: (
    siteId: string,
  ) => Promise<{ name: string; timeZone: string; units: { equipmentId: string; name: string }[] } | null>;
  siteMembers: (siteId: string) => Promise<{ userId: string }[]>;
  people: (userIds: string[]) => Promise<Person[]>;
  /** Pushes a new in-app notification to the person's open live sockets (best effort). */
  pushLive?: (siteId: string, userId: string, view: NotificationView) => Promise<void>;
}

export interface DescriberEntry {
  module: string;
  describer: EventDescriber<EventType>;
  categories: readonly NotificationCategory[];
  source: BoundNotifications;
}

/** Every module's describers by event type; a type described twice is a wiring error, said at once. */
export function describerTable(sources: readonly BoundNotifications[]): Map<string, DescriberEntry> {
  const table = new Map<string, DescriberEntry>();
  for (const source of sources) {
    for (const [type, describer] of Object.entries(source.describers)) {
      const seen = table.get(type);
      if (seen)
        throw new Error(`event type ${type} is described by both ${seen.module} and ${source.module}`);
      table.set(type, {
        module: source.module,
        describer: describer as EventDescriber<EventType>,
        categories: source.categories,
        source,
      });
    }
  }
  return table;
}

const tables = new WeakMap<object, Map<string, DescriberEntry>>();
function tableOf(deps: DeliverDeps): Map<string, DescriberEntry> {
  let t = tables.get(deps);
  if (!t) {
    t = describerTable(deps.sources());
    tables.set(deps, t);
  }
  return t;
}

/** Renders `event` as its owning module describes it, with the site's names and zone. */
export async function describeFor(
  deps: Pick<DeliverDeps, "siteInfo" | "people">,
  entry: DescriberEntry,
  event: EventEnvelope,
  audience: Person[],
): Promise<{ description: Description | null; timeZone: string }> {
  const info = await deps.siteInfo(event.source.siteId);
  const timeZone = info?.timeZone ?? "UTC";
  const ctx = describeContext({
    siteId: event.source.siteId,
    siteName: info?.name ?? "Your account",
    timeZone,
    units: new Map((info?.units ?? []).map((u) => [u.equipmentId, u.name])),
    people: new Map(audience.map((p) => [p.userId, p.displayName ?? p.email])),
  });
  return { description: entry.describer.describe(event.data as never, ctx), timeZone };
}

const PROBE = describeContext({
  siteId: "",
  siteName: "",
  timeZone: "UTC",
  units: new Map(),
  people: new Map(),
});

const ROWS_PER_INSERT = Math.floor(D1_MAX_PARAMETERS / 12);

/** The consumer: applied once per event id (consumeOnce), then what is due now is sent. */
export async function notifyEvent(deps: DeliverDeps, event: EventEnvelope): Promise<void> {
  if (!isKnownEventType(event.type)) return;
  const entry = tableOf(deps).get(event.type);
  // Whether an event is described never depends on names or zones: most events (minute rollups) stop here, unread.
  if (!entry?.describer.describe(event.data as never, PROBE)) return;
  const ids =
    (await entry.source.audience(event)) ??
    (await deps.siteMembers(event.source.siteId)).map((m) => m.userId);
  const audience = await deps.people([...new Set(ids)]);
  const { description: d, timeZone } = await describeFor(deps, entry, event, audience);
  if (!d) return;
  const category = entry.categories.find((c) => c.id === d.category);
  const created: { siteId: string; userId: string; view: NotificationView }[] = [];
  await consumeOnce(
    { db: deps.db, table: schema.processedEvents, clock: deps.clock },
    "notifications.deliver",
    event,
    async () => {
      const now = deps.clock.now();
      const ids = audience.map((p) => p.userId);
      const [prefs, pushable] = await Promise.all([
        loadPreferences(deps.db, ids),
        withPushDevices(deps.db, ids),
      ]);
      const statements = [];
      let escalated = false;
      if (d.episode) {
        const row = await deps.db
          .select()
          .from(schema.episodes)
          .where(eq(schema.episodes.key, d.episode.key))
          .get();
        escalated = row?.escalated ?? false;
        const isEscalation = d.episode.step === "escalate";
        statements.push(
          deps.db
            .insert(schema.episodes)
            .values({ key: d.episode.key, escalated: isEscalation })
            .onConflictDoUpdate({
              target: schema.episodes.key,
              set: isEscalation ? { escalated: true } : { key: d.episode.key },
            }),
        );
      }
      const rows: (typeof schema.notifications.$inferInsert)[] = [];
      const deliveries: (typeof schema.deliveries.$inferInsert)[] = [];
      for (const person of audience) {
        const { settings, chosen } = prefs.get(person.userId)!;
        if (!reaches(d, settings, escalated)) continue;
        const id = uuidv7(now);
        const row = {
          id,
          userId: person.userId,
          siteId: event.source.siteId,
          eventId: event.id,
          kind: event.type,
          category: d.category,
          title: d.title,
          body: d.body,
          link: d.link ?? null,
          critical: d.critical ?? false,
          timeZone,
          createdAt: now,
          // A person who turned the in-app channel off keeps the record, without the badge.
          readAt: channelOn(chosen, category, "in_app") ? null : now,
        };
        rows.push(row);
        if (row.readAt === null)
          created.push({ siteId: row.siteId, userId: row.userId, view: notificationView(row) });
        if (channelOn(chosen, category, "email")) {
          deliveries.push({
            id: uuidv7(now),
            notificationId: id,
            userId: person.userId,
            channel: "email",
            dueAt: dueAt(d, settings, timeZone, now),
          });
        }
        // Push obeys quiet hours but is never held for the (email) digest.
        if (pushable.has(person.userId) && channelOn(chosen, category, "push")) {
          deliveries.push({
            id: uuidv7(now),
            notificationId: id,
            userId: person.userId,
            channel: "push",
            dueAt: dueAt(d, { ...settings, digest: false }, timeZone, now),
          });
        }
      }
      for (let i = 0; i < rows.length; i += ROWS_PER_INSERT)
        statements.push(
          deps.db
            .insert(schema.notifications)
            .values(rows.slice(i, i + ROWS_PER_INSERT))
            .onConflictDoNothing(),
        );
      for (let i = 0; i < deliveries.length; i += ROWS_PER_INSERT)
        statements.push(deps.db.insert(schema.deliveries).values(deliveries.slice(i, i + ROWS_PER_INSERT)));
      return statements;
    },
  );
  for (const c of created) await deps.pushLive?.(c.siteId, c.userId, c.view).catch(() => {});
}

/** One message per episode: its opening, its escalation, and its end only when it had been escalated. */
function reaches(d: Description, settings: PersonSettings, escalated: boolean): boolean {
  if (!d.episode || settings.everyChange) return true;
  const step = d.episode.step;
  return step === "open" || step === "escalate" || (step === "resolve" && escalated);
}

/** Now; at the end of the person's quiet hours; or null, held for the digest. Critical messages go at once. */
function dueAt(d: Description, settings: PersonSettings, siteZone: string, now: number): number | null {
  if (d.critical) return now;
  if (settings.digest) return null;
  if (!settings.quiet) return now;
  const q = { ...settings.quiet, timeZone: settings.timeZone ?? siteZone };
  return inQuietHours(q, now) ? quietEndsAt(q, now) : now;
}
