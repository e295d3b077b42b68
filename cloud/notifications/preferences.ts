/** Preferences per person per category and channel, quiet hours, digest and episode choices. */
import { eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { timeZoneSchema } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { runBatch } from "../db/index.ts";
import { CHANNELS, type Channel, type NotificationCategory } from "../module/index.ts";
import type { NotificationsDb } from "./inbox.ts";
import * as schema from "./schema.ts";

export interface PersonSettings {
  quiet: { start: number; end: number } | null;
  timeZone: string | null;
  digest: boolean;
  everyChange: boolean;
}

export interface PreferencesView extends PersonSettings {
  categories: { id: string; label: string; channels: Record<Channel, boolean> }[];
}

const minute = z.number().int().min(0).max(1439);
export const preferencesInput = z.object({
  quiet: z.object({ start: minute, end: minute }).nullable(),
  timeZone: timeZoneSchema,
  digest: z.boolean(),
  everyChange: z.boolean(),
  channels: z.record(z.string().max(80), z.record(z.enum(CHANNELS), z.boolean())),
});
export type PreferencesInput = z.infer<typeof preferencesInput>;

const DEFAULT_SETTINGS: PersonSettings = { quiet: null, timeZone: null, digest: false, everyChange: false };

/** Everyone's settings and channel choices at once (the consumer reads them for a whole audience). */
export async function loadPreferences(
  db: NotificationsDb,
  userIds: string[],
): Promise<Map<string, { settings: PersonSettings; chosen: Map<string, boolean> }>> {
  const out = new Map<string, { settings: PersonSettings; chosen: Map<string, boolean> }>();
  for (const id of userIds) out.set(id, { settings: { ...DEFAULT_SETTINGS }, chosen: new Map() });
  if (userIds.length === 0) return out;
  for (let i = 0; i < userIds.length; i += 90) {
    const ids = userIds.slice(i, i + 90);
    const [rows, prefs] = await Promise.all([
      db.select().from(schema.settings).where(inArray(schema.settings.userId, ids)),
      db.select().from(schema.preferences).where(inArray(schema.preferences.userId, ids)),
    ]);
    for (const r of rows) {
      out.get(r.userId)!.settings = {
        quiet: r.quietStart !== null && r.quietEnd !== null ? { start: r.quietStart, end: r.quietEnd } : null,
        timeZone: r.timeZone,
        digest: r.digest,
        everyChange: r.everyChange,
      };
    }
    for (const p of prefs) out.get(p.userId)!.chosen.set(`${p.category}/${p.channel}`, p.enabled);
  }
  return out;
}

export function channelOn(
  chosen: Map<string, boolean>,
  category: NotificationCategory | undefined,
  channel: Channel,
): boolean {
  const own = chosen.get(`${category?.id ?? ""}/${channel}`);
  if (own !== undefined) return own;
  // Push follows email unless the category says otherwise: a device was subscribed to hear what email would.
  const defaults = category?.defaultChannels ?? ["in_app"];
  if (channel === "push" && !category?.defaultChannels?.includes("push")) return defaults.includes("email");
  return channel === "in_app" || defaults.includes(channel);
}

export async function readPreferences(
  db: NotificationsDb,
  userId: string,
  categories: readonly NotificationCategory[],
): Promise<PreferencesView> {
  const { settings, chosen } = (await loadPreferences(db, [userId])).get(userId)!;
  return {
    ...settings,
    categories: categories.map((c) => ({
      id: c.id,
      label: c.label,
      channels: Object.fromEntries(CHANNELS.map((ch) => [ch, channelOn(chosen, c, ch)])) as Record<
        Channel,
        boolean
      >,
    })),
  };
}

export async function savePreferences(
  db: NotificationsDb,
  userId: string,
  input: PreferencesInput,
  categories: readonly NotificationCategory[],
): Promise<void> {
  const known = new Set(categories.map((c) => c.id));
  const unknown = Object.keys(input.channels).filter((c) => !known.has(c));
  if (unknown.length > 0) throw new AppError("VALIDATION_ERROR", `unknown categories: ${unknown.join(", ")}`);
  const row = {
    quietStart: input.quiet?.start ?? null,
    quietEnd: input.quiet?.end ?? null,
    timeZone: input.timeZone,
    digest: input.digest,
    everyChange: input.everyChange,
  };
  const prefs = Object.entries(input.channels).flatMap(([category, chans]) =>
    Object.entries(chans).map(([channel, enabled]) => ({ userId, category, channel, enabled })),
  );
  await runBatch(db, [
    db
      .insert(schema.settings)
      .values({ userId, ...row })
      .onConflictDoUpdate({ target: schema.settings.userId, set: row }),
    db.delete(schema.preferences).where(eq(schema.preferences.userId, userId)),
    ...chunks(prefs, 20).map((part) => db.insert(schema.preferences).values(part)),
  ]);
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
