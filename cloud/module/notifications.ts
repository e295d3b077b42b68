/**
 * The notification and analytics seams of the module contract: a module declares, in its manifest, the texts
 * of its own event types (with samples), who hears about them, and the per-site per-day aggregates its events
 * feed. The notifications and analytics modules read every listed manifest; neither is edited for a new module.
 */
import type { EventData, EventEnvelope, EventType } from "../../shared/events/index.ts";

/** What a describer may use to write names and local times instead of ids and UTC. */
export interface DescribeContext {
  siteId: string;
  siteName: string;
  /** The site's IANA zone; `time` writes in it. */
  timeZone: string;
  /** "Mon 1 Jun, 14:05 CEST" in the site's zone. */
  time(iso: string): string;
  /** A unit's configured name, or null when the site does not know it (the describer then says "a unit"). */
  unitName(equipmentId: string): string | null;
  /** A person's display name (or e-mail) by user id, or a recorded "Name (id)" reduced to its name; null when unknown. */
  personName(userIdOrRecorded: string): string | null;
}

/** Where an event stands in an alarm's life: one message per episode unless a person asks for every change. */
export type EpisodeStep = "open" | "escalate" | "update" | "resolve";

export interface Description {
  /** A category the same module declares (preferences are per category and channel). */
  category: string;
  title: string;
  body: string;
  /** Sent at once even in quiet hours and never held for the digest (food-safety and safety alarms). */
  critical?: boolean;
  /** The alarm episode this event belongs to; `resolve` reaches people only after an `escalate`. */
  episode?: { key: string; step: EpisodeStep };
  /** The owner-app path the notification opens (e.g. the alarm it names). */
  link?: string;
}

export interface EventDescriber<T extends EventType> {
  /** null: the event warrants no notification (decided by the data alone, never by the context's names). */
  describe(data: EventData<T>, ctx: DescribeContext): Description | null;
  /** Valid data covering each kind and each nullable field; the catalog test renders every one. */
  samples: readonly EventData<T>[];
}

export type Describers = { readonly [T in EventType]?: EventDescriber<T> };

/** Declares describers with each entry typed by its own event type. */
export function defineDescribers<const K extends EventType>(
  d: { [T in K]: EventDescriber<T> },
): {
  [T in K]: EventDescriber<T>;
} {
  return d;
}

export const CHANNELS = ["in_app", "email", "push"] as const;
export type Channel = (typeof CHANNELS)[number];

export interface NotificationCategory {
  /** `<module>.<what>`, stable: preferences are stored under it. */
  id: string;
  label: string;
  /** Channels on for a person who never chose (in-app is always on by default). */
  defaultChannels?: readonly Channel[];
}

export interface ModuleNotifications<D> {
  categories: readonly NotificationCategory[];
  describers: Describers;
  /**
   * Who hears about one of this module's events, as user ids (a provider's staff, crew, organisers, the payer).
   * Absent, or answering null: the members of the event's site.
   */
  audience?(event: EventEnvelope, deps: D): Promise<string[] | null>;
}

/** One per-site per-day number an analytics row holds: `metric` names it, `key` splits it (a unit, a source). */
export interface AnalyticsFact {
  siteId: string;
  /** Local date of the site, YYYY-MM-DD. */
  day: string;
  metric: string;
  /** "" when the metric is not split. */
  key: string;
  /** Added to what the day holds (counts, minutes, minor units). Applied once per event id. */
  add: number;
  /** A label shown beside `key` (a unit's name, a currency). */
  label?: string;
}

export interface AnalyticsMetric {
  /** `<module>.<what>`. */
  id: string;
  label: string;
  /** How the dashboard shows its value: a count, minutes, money in minor units of `key`'s currency. */
  unit: "count" | "minutes" | "money" | "percent";
}

export interface FactContext {
  timeZone: string;
  /** The site's local date (YYYY-MM-DD) of an ISO instant. */
  day(iso: string): string;
}

export interface ModuleAnalytics<D> {
  metrics: readonly AnalyticsMetric[];
  /** Dotted type patterns of the events that feed these metrics. */
  patterns: readonly string[];
  /** The facts one event adds; `ctx.day(iso)` is the site's local date of an instant (days are the site's days). */
  facts(event: EventEnvelope, ctx: FactContext, deps: D): Promise<AnalyticsFact[]> | AnalyticsFact[];
}

/** What the analytics module offers the registry: a module's facts for one event, applied once under `consumer`. */
export interface AnalyticsRecorder {
  record(
    consumer: string,
    event: EventEnvelope,
    facts: (ctx: FactContext) => Promise<AnalyticsFact[]> | AnalyticsFact[],
  ): Promise<void>;
}

/** A text a module writes for one of its events: title and body (and where it opens), or null for none. */
export type EventText<T extends EventType> = (
  data: EventData<T>,
  ctx: DescribeContext,
) => { title: string; body: string; link?: string } | null;

/**
 * Describers for a module whose events each fall in one category: its texts, its samples (every text is rendered
 * by the catalog test), and which of its types are critical (safety: sent at once, through quiet hours).
 */
export function textDescribers<const K extends EventType>(
  texts: { [T in K]: EventText<T> },
  samples: { [T in K]: readonly EventData<T>[] },
  category: (type: K) => string,
  critical: readonly K[] = [],
): { [T in K]: EventDescriber<T> } {
  const out: Record<string, EventDescriber<EventType>> = {};
  for (const type of Object.keys(texts) as K[]) {
    const text = texts[type] as EventText<EventType>;
    out[type] = {
      describe: (data, ctx) => {
        const t = text(data, ctx);
        if (!t) return null;
        return { ...t, category: category(type), ...(critical.includes(type) ? { critical: true } : {}) };
      },
      samples: samples[type] as readonly EventData<EventType>[],
    };
  }
  return out as { [T in K]: EventDescriber<T> };
}
