/** Sends the email deliveries that are due, and once a day each person's digest of what was held for it. */
import { and, asc, eq, inArray, isNull, lte } from "drizzle-orm";
import type { Clock } from "../../shared/clock/index.ts";
import { localTime } from "../../shared/clock/index.ts";
import type { Person } from "./deliver.ts";
import type { EmailDeps } from "./email.ts";
import { sendEmail } from "./email.ts";
import type { NotificationsDb } from "./inbox.ts";
import type { PushMessage } from "./push.ts";
import { localDay } from "./quiet.ts";
import * as schema from "./schema.ts";

export interface SendDeps {
  /** Sends to each of the person's subscribed devices (web push). */
  push?: (userId: string, message: PushMessage) => Promise<number>;
  db: NotificationsDb;
  clock: Clock;
  mail: EmailDeps;
  people: (userIds: string[]) => Promise<Person[]>;
  appUrl: string;
}

/** The local hour digests go out at. */
export const DIGEST_HOUR = 7;
const PAGE = 50;

const settingsUrl = (deps: SendDeps) => new URL("/notifications/preferences", deps.appUrl).toString();

/** Sends due email and push deliveries; each is claimed (stamped) before it is sent, so two runs never send one twice. */
export async function sendDue(deps: SendDeps): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.db
    .select({ d: schema.deliveries, n: schema.notifications })
    .from(schema.deliveries)
    .innerJoin(schema.notifications, eq(schema.notifications.id, schema.deliveries.notificationId))
    .where(and(isNull(schema.deliveries.sentAt), lte(schema.deliveries.dueAt, now)))
    .orderBy(asc(schema.deliveries.dueAt))
    .limit(PAGE);
  if (due.length === 0) return 0;
  const emails = await emailsOf(
    deps,
    due.map((r) => r.d.userId),
  );
  let sent = 0;
  for (const { d, n } of due) {
    const claimed = await deps.db
      .update(schema.deliveries)
      .set({ sentAt: now })
      .where(and(eq(schema.deliveries.id, d.id), isNull(schema.deliveries.sentAt)))
      .returning({ id: schema.deliveries.id });
    if (claimed.length === 0) continue;
    if (d.channel === "push") {
      const { id, title, body, link, critical } = n;
      if (deps.push && (await deps.push(d.userId, { id, title, body, link, critical })) > 0) sent++;
      continue;
    }
    const to = emails.get(d.userId);
    if (!to) continue;
    await sendEmail(deps.mail, {
      to,
      template: "notification",
      data: {
        title: n.title,
        body: n.body,
        link: n.link ? new URL(n.link, deps.appUrl).toString() : "",
        settings: settingsUrl(deps),
      },
    });
    sent++;
  }
  return sent;
}

/** Once per local day, at DIGEST_HOUR or later in the person's zone, one email of everything held for them. */
export async function sendDigests(deps: SendDeps): Promise<number> {
  const now = deps.clock.now();
  const held = await deps.db
    .select({ d: schema.deliveries, n: schema.notifications })
    .from(schema.deliveries)
    .innerJoin(schema.notifications, eq(schema.notifications.id, schema.deliveries.notificationId))
    .where(
      and(
        isNull(schema.deliveries.sentAt),
        isNull(schema.deliveries.dueAt),
        eq(schema.deliveries.channel, "email"),
      ),
    )
    .orderBy(asc(schema.notifications.createdAt))
    .limit(500);
  const byUser = new Map<string, typeof held>();
  for (const r of held) byUser.set(r.d.userId, [...(byUser.get(r.d.userId) ?? []), r]);
  if (byUser.size === 0) return 0;
  const settings = await deps.db
    .select()
    .from(schema.settings)
    .where(inArray(schema.settings.userId, [...byUser.keys()].slice(0, 90)));
  const emails = await emailsOf(deps, [...byUser.keys()]);
  let sent = 0;
  for (const s of settings) {
    const items = (byUser.get(s.userId) ?? []).slice(0, 90);
    const today = localDay(now, s.timeZone);
    if (localTime(now, s.timeZone).hour < DIGEST_HOUR || s.lastDigestDay === today) continue;
    const to = emails.get(s.userId);
    await deps.db
      .update(schema.deliveries)
      .set({ sentAt: now })
      .where(inArray(schema.deliveries.id, items.map((i) => i.d.id).slice(0, 90)));
    await deps.db
      .update(schema.settings)
      .set({ lastDigestDay: today })
      .where(eq(schema.settings.userId, s.userId));
    if (!to) continue;
    await sendEmail(deps.mail, {
      to,
      template: "digest",
      data: {
        count: String(items.length),
        items: items.map((i) => `• ${i.n.title}\n  ${i.n.body}`).join("\n\n"),
        settings: settingsUrl(deps),
      },
    });
    sent++;
  }
  return sent;
}

async function emailsOf(deps: SendDeps, userIds: string[]): Promise<Map<string, string>> {
  const people = await deps.people([...new Set(userIds)]);
  return new Map(people.map((p) => [p.userId, p.email]));
}
