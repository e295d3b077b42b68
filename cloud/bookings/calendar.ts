/**
 * One person's calendar, owned by one serialised unit (a PersonCalendar Durable Object per person under
 * Workers, one SQLite file driven from the single event loop under Deno). Each call below is synchronous
 * over synchronous SQLite: the overlap check and the write happen with nothing in between, so two requests
 * can never both see a free slot (D1 has no exclusion constraint; a read-then-write over D1 would race).
 */

/** The part of a Durable Object's storage this uses (`ctx.storage`; edge/deno/sqlite-storage.ts under Deno). */
export interface CalendarStorage {
  sql: { exec(query: string, ...params: unknown[]): { toArray(): Record<string, unknown>[] } };
}

/** A half-open interval [start, end) in ms. */
export interface Interval {
  start: number;
  end: number;
}

export interface ReserveRequest extends Interval {
  /** The booking's id (a hold becomes the booking of the same id). */
  id: string;
  /** The caller's time: holds whose `holdUntil` passed no longer block. */
  now: number;
  /** Set: a hold that lapses then. Absent: a firm entry (a booking) until released. */
  holdUntil?: number;
  /** The person's availability: the interval must lie inside one of these. Absent: not checked. */
  within?: Interval[];
}

export type ReserveResult =
  | { ok: true }
  | { ok: false; reason: "overlap"; conflictId: string }
  | { ok: false; reason: "unavailable" };

/** Every person's calendar, as the bookings module sees it (PlatformServices.calendars). */
export interface PersonCalendars {
  reserve(personId: string, request: ReserveRequest): Promise<ReserveResult>;
  /** Frees the entry (a cancelled booking, a dropped hold); releasing nothing is fine. */
  release(personId: string, id: string): Promise<void>;
}

export function migrateCalendar(storage: CalendarStorage): void {
  storage.sql.exec(
    `CREATE TABLE IF NOT EXISTS calendar_entries (
      person_id TEXT NOT NULL, id TEXT NOT NULL, start_at INTEGER NOT NULL, end_at INTEGER NOT NULL,
      hold_until INTEGER, PRIMARY KEY (person_id, id))`,
  );
  storage.sql.exec(
    "CREATE INDEX IF NOT EXISTS calendar_entries_time ON calendar_entries (person_id, start_at, end_at)",
  );
}

/** Checks and writes in one synchronous step (see the header). */
export function reserveIn(storage: CalendarStorage, personId: string, r: ReserveRequest): ReserveResult {
  if (!(r.end > r.start)) return { ok: false, reason: "unavailable" };
  if (r.within && !r.within.some((slot) => slot.start <= r.start && r.end <= slot.end))
    return { ok: false, reason: "unavailable" };
  // Lapsed holds are dropped here, so they never block and never pile up.
  storage.sql.exec(
    "DELETE FROM calendar_entries WHERE person_id = ? AND hold_until IS NOT NULL AND hold_until <= ?",
    personId,
    r.now,
  );
  const clash = storage.sql
    .exec(
      "SELECT id FROM calendar_entries WHERE person_id = ? AND id <> ? AND start_at < ? AND end_at > ? LIMIT 1",
      personId,
      r.id,
      r.end,
      r.start,
    )
    .toArray()[0];
  if (clash) return { ok: false, reason: "overlap", conflictId: String(clash.id) };
  storage.sql.exec(
    `INSERT INTO calendar_entries (person_id, id, start_at, end_at, hold_until) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (person_id, id) DO UPDATE SET start_at = excluded.start_at, end_at = excluded.end_at,
       hold_until = excluded.hold_until`,
    personId,
    r.id,
    r.start,
    r.end,
    r.holdUntil ?? null,
  );
  return { ok: true };
}

export function releaseIn(storage: CalendarStorage, personId: string, id: string): void {
  storage.sql.exec("DELETE FROM calendar_entries WHERE person_id = ? AND id = ?", personId, id);
}
